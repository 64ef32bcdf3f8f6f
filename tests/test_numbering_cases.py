"""Numbering edge cases (issue #15) on small built PDFs: a label opening its first item on the
same line (a lead-in row with an empty text), a number printed twice in one section (kept as
``<id>~2``, a problem, exit 7), and a gap in the printed numbering (a notice when the page
shows no trace of the missing paragraph, an error when its label sits inline)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from factories import para, paragraphs_doc
from hostile_pdfs import FONT, _masthead_ops, pdf, stream

from pipeline.out.tables import read_csv_table
from pipeline.out.validate import validate_extraction, validate_output_dir


def _un_page(paragraphs: list[str]) -> bytes:
    """One UN-like page (symbol, distribution, date, language) with ``paragraphs`` as lines."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources "
        b"<< /Font << /F1 3 0 R >> >> >>",
        stream(_masthead_ops(paragraphs)),
    ])


def _extract(tmp_path: Path, lines: list[str], *options: str) -> tuple[int, Path, str]:
    src = tmp_path / "doc.pdf"
    src.write_bytes(_un_page(lines))
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(src), "--out", str(out),
         "--backend", "pdfium", "--no-cache", *options],
        capture_output=True, text=True, timeout=300, check=False,
    )
    return proc.returncode, out, proc.stdout + proc.stderr


def _problems(out: Path) -> list[tuple[str, str, str | None, str]]:
    df = read_csv_table(out / "problems.csv", "problems")
    return [(r.severity, r.rule, None if pd.isna(r.record) else r.record, r.message)
            for r in df.itertuples()]


# -- a label followed at once by the first label of the next level ----------------------------

RUN_IN = [
    "1. Each State Party shall adopt such measures as may be necessary:",
    "(a) (i) The conversion or transfer of property;",
    "(ii) The concealment or disguise of its nature;",
    "(b) Subject to the basic concepts of its legal system.",
    "2. This is the second paragraph of the text.",
    "3. (a) The first item of the third paragraph;",
    "(b) The second item of the third paragraph.",
]


def test_run_in_labels_give_a_lead_in_row_with_an_empty_text(tmp_path: Path) -> None:
    code, out, log = _extract(tmp_path, RUN_IN)
    assert code == 0, log
    assert _problems(out) == []
    rows = read_csv_table(out / "paragraphs.csv", "paragraphs")
    got = {r.id: (r.parent_id if not pd.isna(r.parent_id) else None, r.text)
           for r in rows.itertuples()}
    assert list(got) == ["1", "1.a", "1.a.i", "1.a.ii", "1.b", "2", "3", "3.a", "3.b"]
    assert got["1.a"] == ("1", "")  # the lead-in of (i) and (ii): no text of its own
    assert got["1.a.i"] == ("1.a", "The conversion or transfer of property;")
    assert got["1.a.ii"] == ("1.a", "The concealment or disguise of its nature;")
    assert got["3"] == (None, "")
    assert got["3.a"] == ("3", "The first item of the third paragraph;")
    # the empty text is "" in the JSON and in every table (not null), and the folder checks
    doc = json.loads((out / "doc.json").read_text(encoding="utf-8"))
    lead = doc["sections"][0]["paragraphs"][0]["items"][0]
    assert (lead["id"], lead["text"]) == ("1.a", "")
    assert pd.read_parquet(out / "paragraphs.parquet").set_index("id").loc["1.a", "text"] == ""
    assert not [p for p in validate_output_dir(out) if p.severity == "error"]


def test_an_empty_text_only_for_a_row_with_items() -> None:
    ex = paragraphs_doc()
    by_id = {p.id: p for p in ex.paragraphs}
    by_id["2"].text = ""  # 2 has items 2.a, 2.b: a lead-in
    assert not [p for p in validate_extraction(ex, boxes=False) if p.rule == "text"]
    by_id["4"].text = ""  # 4 has none
    found = [(p.severity, p.record) for p in validate_extraction(ex, boxes=False)
             if p.rule == "text"]
    assert found == [("error", "4")]


# -- the same number printed twice in one section --------------------------------------------

REPEATED = [
    "1. The first paragraph of the text ends here.",
    "2. The second paragraph ends here.",
    "2. The repeated second paragraph ends here.",
    "3. The third paragraph ends here.",
]


def test_a_repeated_number_keeps_its_rows_under_a_suffixed_id(tmp_path: Path) -> None:
    code, out, log = _extract(tmp_path, REPEATED)
    assert code == 7, log
    rows = read_csv_table(out / "paragraphs.csv", "paragraphs")
    assert list(rows["id"]) == ["1", "2", "2~2", "3"]
    assert list(rows["number"]) == [1, 2, 2, 3]
    assert rows["text"][2] == "The repeated second paragraph ends here."
    assert _problems(out) == [
        ("error", "ids", "2~2", "id 2 printed 2 times: this row is written as 2~2")]
    # the folder re-checks clean: the problem is recorded, the ids unique
    assert not [p for p in validate_output_dir(out) if p.severity == "error"]


def test_a_repeated_number_is_refused_with_strict(tmp_path: Path) -> None:
    code, out, log = _extract(tmp_path, REPEATED, "--strict")
    assert code == 7, log
    assert "printed 2 times" in log
    assert not (out / "doc.json").exists()


# -- a gap in the printed numbering -----------------------------------------------------------

GAP = [
    "1. The first paragraph of the text ends here.",
    "2. The second paragraph ends here.",
    "4. The fourth paragraph ends here.",
    "5. The fifth paragraph ends here.",
]
#: the same numbers, but "3." printed inside paragraph 2: a paragraph start that was missed
INLINE = [
    "1. The first paragraph of the text ends here.",
    "2. The second paragraph ends here. 3. The third one",
    "runs on in it.",
    "4. The fourth paragraph ends here.",
    "5. The fifth paragraph ends here.",
]


def test_a_gap_without_trace_is_a_notice(tmp_path: Path) -> None:
    code, out, log = _extract(tmp_path, GAP)
    assert code == 0, log
    assert _problems(out) == []
    docs = read_csv_table(out / "documents.csv", "documents")
    assert list(docs["printed_gaps"]) == ["3"]
    doc = json.loads((out / "doc.json").read_text(encoding="utf-8"))
    assert doc["document"]["printed_gaps"] == ["3"]
    rows = read_csv_table(out / "paragraphs.csv", "paragraphs")
    assert list(rows["number"]) == [1, 2, 4, 5]
    assert not [p for p in validate_output_dir(out) if p.severity == "error"]


def test_a_gap_whose_label_sits_inline_stays_an_error(tmp_path: Path) -> None:
    code, out, log = _extract(tmp_path, INLINE)
    assert code == 7, log
    assert _problems(out) == [
        ("error", "numbering", "4", "paragraph 3 missing between 2 and 4")]
    docs = read_csv_table(out / "documents.csv", "documents")
    assert docs["printed_gaps"].isna().all()


@pytest.mark.parametrize("inline", [False, True])
def test_a_listed_gap_is_checked_again_on_the_rows(inline: bool) -> None:
    ex = paragraphs_doc()
    second = "Les mesures prises. 3. Une autre" if inline else "Les mesures prises."
    ex.paragraphs = [para(1, "Premier paragraphe.", 1), para(2, second, 1),
                     para(4, "Quatrième paragraphe.", 2), para(5, "Cinquième paragraphe.", 2)]
    ex.meta.printed_gaps = "3"
    found = [(p.rule, p.message) for p in validate_extraction(ex, boxes=False)
             if p.severity == "error"]
    if inline:
        assert ("numbering", "paragraph 3 missing between 2 and 4") in found
        assert any(m.startswith("printed gap 3 does not hold") for _, m in found)
    else:
        assert found == []


def test_the_items_of_a_repeated_number_follow_its_later_row(tmp_path: Path) -> None:
    lines = ["1. The first paragraph of the text ends here.",
             "2. The second paragraph opens a list:", "(a) its first item;", "(b) its second.",
             "2. The repeated second paragraph opens one too:", "(a) another first item.",
             "3. The third paragraph ends here."]
    code, out, log = _extract(tmp_path, lines)
    assert code == 7, log
    rows = read_csv_table(out / "paragraphs.csv", "paragraphs")
    got = [(r.id, None if pd.isna(r.parent_id) else r.parent_id) for r in rows.itertuples()]
    assert got == [("1", None), ("2", None), ("2.a", "2"), ("2.b", "2"), ("2~2", None),
                   ("2.a~2", "2~2"), ("3", None)]
    assert [p[2] for p in _problems(out)] == ["2~2", "2.a~2"]
    assert not [p for p in validate_output_dir(out) if p.severity == "error"]


# -- the same number printed twice in one meeting (recommendations mode) ----------------------


def _recommendations_pdf(tmp_path: Path, body: list[str]) -> Path:
    """A recommendations document typeset by the fixture builder (reportlab): the masthead of
    fixtures/sources/wg_en_synthetic.txt, one meeting, then ``body`` (one paragraph each)."""
    from conftest import FIXTURES

    from fixtures.build import build_one

    src = (FIXTURES / "sources" / "wg_en_synthetic.txt").read_text(encoding="utf-8")
    header = src[: src.index("\n---\n") + 5]
    blocks = ["@footnote *: A/AC.999/2021/1.", "I. First meeting, held in Vienna on 4 and 5 "
              "July 2018\n@meeting city=Vienna start=2018-07-04 end=2018-07-05", *body]
    path = tmp_path / "repeated.txt"
    path.write_text(header + "\n\n".join(blocks) + "\n", encoding="utf-8")
    pdf, _ = build_one(path, tmp_path / "pdfs", tmp_path / "golden")
    assert pdf is not None
    return pdf


REPEATED_RECOMMENDATION = [
    "1. States parties should strengthen their cooperation on the matter.",
    "2. States parties should consider the following measures:",
    "(a) Training law enforcement officials;",
    "(b) Sharing information through regional databases.",
    "2. States parties should exchange good practices on the matter:",
    "(a) At the meetings of the Working Group.",
    "3. States parties should report on the steps taken.",
]


def _run(pdf: Path, out: Path, *options: str) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(pdf), "--out", str(out),
         "--backend", "pdfium", "--no-cache", *options],
        capture_output=True, text=True, timeout=300, check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr


def test_a_repeated_recommendation_keeps_both_rows(tmp_path: Path) -> None:
    # recommendations mode behaves as paragraphs mode: both rows kept, the later as 1.2~2
    # (its item 1.2.a~2 under it), one ids problem per kept row, exit 7
    pdf = _recommendations_pdf(tmp_path, REPEATED_RECOMMENDATION)
    out = tmp_path / "out"
    code, log = _run(pdf, out)
    assert code == 7, log
    assert "written with 2 problem(s)" in log
    rows = read_csv_table(out / "recommendations.csv", "recommendations")
    got = [(r.id, None if pd.isna(r.parent_id) else r.parent_id) for r in rows.itertuples()]
    assert got == [("1.1", None), ("1.2", None), ("1.2.a", "1.2"), ("1.2.b", "1.2"),
                   ("1.2~2", None), ("1.2.a~2", "1.2~2"), ("1.3", None)]
    assert list(rows["number"]) == [1, 2, 2, 2, 2, 2, 3]
    assert rows["text"][4] == "States parties should exchange good practices on the matter:"
    assert _problems(out) == [
        ("error", "ids", "1.2~2", "id 1.2 printed 2 times: this row is written as 1.2~2"),
        ("error", "ids", "1.2.a~2", "id 1.2.a printed 2 times: this row is written as 1.2.a~2"),
    ]
    doc = json.loads((out / f"{pdf.stem}.json").read_text(encoding="utf-8"))
    assert [p["record"] for p in doc["problems"]] == ["1.2~2", "1.2.a~2"]
    # the folder re-checks clean: the problems are recorded, the ids unique
    assert not [p for p in validate_output_dir(out) if p.severity == "error"]


def test_a_repeated_recommendation_is_refused_with_strict(tmp_path: Path) -> None:
    pdf = _recommendations_pdf(tmp_path, REPEATED_RECOMMENDATION)
    out = tmp_path / "out"
    code, log = _run(pdf, out, "--strict")
    assert code == 7, log
    assert "printed 2 times" in log
    assert not (out / f"{pdf.stem}.json").exists()
