"""Nothing is set aside in silence (issue #15 item 7): every character the loader read from a
page is in the output, as page furniture, a row (its text and printed label), a meeting
heading, a heading set aside (``other_text``: headings only; body text that no record holds is
a row ``t<k>``), a table cell, a footnote, or a text repair that removed it.

The sums are taken over what the :class:`~pipeline.model.Extraction` exposes, not over the
pipeline's internal blocks: a class of text that reaches none of these is lost to a user even
when the internal audit (:mod:`pipeline.parse.audit`) balanced.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from conftest import REAL, ROOT

from pipeline.model import Extraction
from pipeline.parse.audit import chars
from pipeline.parse.document import extract_document, open_document

SHIPPED = ROOT / "raw" / "wg7_2019_fr.pdf"
#: the fixtures, set by reportlab and by the docx and html routes (fixtures/pdfs)
FIXTURE_PDFS = sorted(
    str(p.relative_to(ROOT / "fixtures" / "pdfs"))
    for p in (ROOT / "fixtures" / "pdfs").glob("**/*.pdf")
)
#: every genuine PDF with a text layer (the scanned one has none: it is refused, not read)
GENUINE = sorted(p.name for p in REAL.glob("*.pdf") if "scanned" not in p.name) if (
    REAL.exists()
) else []
#: furniture whose text the extraction gives again, as cells and footnotes, counted there
GIVEN_AGAIN = {"table", "footnote"}


@cache
def _run(path: str) -> tuple[dict[int, int], Extraction]:
    """Characters the loader read per page, and the extraction (pdfium backend, read once)."""
    doc = open_document(Path(path), backend="pdfium")
    read = {p.number: p.char_count for p in doc.pages}
    return read, extract_document(path, backend="pdfium")


def _ledger(ex: Extraction) -> tuple[Counter[int], Counter[str], set[int]]:
    """Characters of the output per page (items printed on one page), per class over the
    document, and the pages that an item printed over several pages touches."""
    per_page: Counter[int] = Counter()
    per_class: Counter[str] = Counter()
    spread: set[int] = set()

    def add(kind: str, n: int, first: int, last: int) -> None:
        per_class[kind] += n
        if first == last:
            per_page[first] += n
        else:
            spread.update(range(first, last + 1))

    for f in ex.furniture:
        if f.reason not in GIVEN_AGAIN:
            add("furniture", chars(f.text), f.box.page, f.box.page)
    for r in [*ex.records, *ex.paragraphs]:
        add("rows", chars(r.text) + chars(r.label or ""), r.page_start, r.page_end)
    for m in ex.meetings:
        add("meetings", chars(m.heading), m.page, m.page)
    for b in ex.other_text:
        add("other", chars(b.text) + chars(b.label or ""), b.page_start, b.page_end)
    for t in ex.tables:
        for c in t.cells:
            add("cells", chars(c.text), c.box.page, c.box.page)
    for fn in ex.footnotes:
        add("footnotes", chars(fn.mark) + chars(fn.text), fn.page, fn.page_end)
    for rep in ex.repairs:
        # a repair that removes characters (a line-end hyphen) accounts for them
        add("repairs", chars(rep.before) - chars(rep.after), rep.box.page, rep.box.page)
    return per_page, per_class, spread


def _check(path: Path) -> None:
    read, ex = _run(str(path))
    # body text is a row or a problem, never only unassigned: what the structure stage sets
    # aside is headings (they name the sections the rows give in section/section_title)
    aside = [(b.page_start, b.text[:60]) for b in ex.other_text if b.kind != "heading"]
    assert not aside, f"{path.name}: body text in no row: {aside[:5]}"
    per_page, per_class, spread = _ledger(ex)
    total = sum(per_class.values())
    assert total == sum(read.values()), (
        f"{path.name}: {sum(read.values())} characters read, {total} in the output "
        f"{dict(per_class)}"
    )
    checked = [n for n in read if n not in spread]
    wrong = {n: (read[n], per_page[n]) for n in checked if read[n] != per_page[n]}
    assert not wrong, f"{path.name}: pages (read, output): {wrong}"


def test_shipped_document_ledger() -> None:
    _check(SHIPPED)


@pytest.mark.parametrize("name", FIXTURE_PDFS)
def test_fixture_ledger(name: str) -> None:
    _check(ROOT / "fixtures" / "pdfs" / name)


@pytest.mark.parametrize("name", GENUINE or ["(../shared absent)"])
def test_genuine_document_ledger(name: str) -> None:
    if not GENUINE:
        pytest.skip(f"{REAL} not present")
    _check(REAL / name)
