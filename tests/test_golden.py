"""End-to-end: every fixture PDF extracts to the golden JSON the builder wrote from its source."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, extraction, golden, golden_names

DOC_FIELDS = (
    "symbol", "language", "original_language", "distribution", "date", "organ", "body",
    "session", "session_name", "agenda_item", "agenda_title", "title", "subtitle", "job_number",
    "page_count",
)
RECORD_FIELDS = ("id", "parent_id", "meeting", "number", "item", "text", "page_start", "page_end")
PARA_FIELDS = ("id", "parent_id", "section", "number", "item", "text", "page_start", "page_end")


def _pdf(name: str) -> str:
    return str(FIXTURES / "pdfs" / f"{name}.pdf")


@pytest.mark.parametrize("name", golden_names())
def test_document_metadata(name: str) -> None:
    gold = golden(name)
    ex = extraction(_pdf(name))
    got = {k: getattr(ex.meta, k) for k in DOC_FIELDS}
    want = {k: gold["document"].get(k) for k in DOC_FIELDS if k in gold["document"]}
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize("name", golden_names())
def test_meetings(name: str) -> None:
    gold = golden(name)
    ex = extraction(_pdf(name))
    assert ex.mode == gold["mode"]
    got = [
        {"meeting": m.meeting, "heading": m.heading, "city": m.city,
         "start_date": m.start_date, "end_date": m.end_date, "page": m.page}
        for m in ex.meetings
    ]
    want = [{k: m[k] for k in got[0]} for m in gold["meetings"]] if got else gold["meetings"]
    assert got == want


@pytest.mark.parametrize("name", golden_names())
def test_records_equal_golden(name: str) -> None:
    gold = golden(name)
    ex = extraction(_pdf(name))
    if gold["mode"] == "recommendations":
        got = [{k: getattr(r, k) for k in RECORD_FIELDS} for r in ex.records]
        want = [{k: r[k] for k in RECORD_FIELDS} for r in gold["records"]]
        assert [r["id"] for r in got] == [r["id"] for r in want]
        for g, w in zip(got, want, strict=True):
            assert g == w, g["id"]
    # the paragraphs; in the recommendations mode, the text that is no recommendation (the
    # introduction before the first meeting: rows t<k>)
    got = [{k: getattr(p, k) for k in PARA_FIELDS} for p in ex.paragraphs]
    want = [{k: p[k] for k in PARA_FIELDS} for p in gold["paragraphs"]]
    assert [r["id"] for r in got] == [r["id"] for r in want]
    for g, w in zip(got, want, strict=True):
        assert g == w, g["id"]


def test_shipped_document_counts() -> None:
    ex = extraction(_pdf("wg7_2019_fr"))
    recs = [r for r in ex.records if r.item is None]
    items = [r for r in ex.records if r.item is not None]
    assert (len(recs), len(items)) == (149, 25)
    per_meeting = [sum(1 for r in recs if r.meeting == m) for m in range(1, 6)]
    assert per_meeting == [55, 33, 41, 15, 5]
    texts = " ".join(r.text for r in ex.records)
    assert "ONU DC" not in texts and "l'ONUDC" in texts
    assert any(r.kind == "letter-spacing" and r.after.endswith("ONUDC") for r in ex.repairs)
    assert "V.19-05872" not in texts and ex.meta.symbol not in texts


@pytest.mark.parametrize("name", golden_names())
def test_validates_without_any_problem(name: str) -> None:
    """What `unrecs extract --strict` checks: no error and no warning on any fixture."""
    from pipeline.out.validate import validate_extraction

    problems = validate_extraction(extraction(_pdf(name)))
    assert [str(p) for p in problems] == []
