"""Paragraph boundaries at a page break: a first line set at the paragraph indent opens a new
paragraph (texts read off the page images of the genuine PDFs in ../shared/real-pdfs)."""

from __future__ import annotations

from conftest import extraction, real_pdf

from pipeline.model import Extraction


def _preamble(name: str) -> Extraction:
    return extraction(str(real_pdf(name)))


def test_ecn5_preamble_paragraph_opening_page_two() -> None:
    # page 1 ends with "Bearing in mind … Madrid Plan of Action every five years," and page 2
    # opens with an indented new paragraph "Noting that the fifth review and appraisal …"
    ex = _preamble("E_CN.5_2025_L.6_E.pdf")
    pre = [p for p in ex.paragraphs if p.kind == "preamble"]
    assert [p.id for p in pre] == [f"pp{n}" for n in range(1, 11)]
    assert [p.opening_phrase for p in pre] == [
        "Recalling", "Recalling also", "Bearing in mind",
        "Noting", "Noting with appreciation", "Recalling", "Recalling also",
        "Recalling further", "Noting", "Taking note with appreciation",
    ]
    by_id = {p.id: p for p in pre}
    assert by_id["pp3"].text.endswith("Madrid Plan of Action every five years,")
    assert {b.page for b in by_id["pp3"].boxes} == {1}
    assert by_id["pp4"].text.startswith(
        "Noting that the fifth review and appraisal of the Madrid Plan of Action will take "
        "place in 2028")
    assert by_id["pp4"].text.endswith(
        "Second World Assembly on Ageing approaches its twenty-fifth anniversary,")
    assert {b.page for b in by_id["pp4"].boxes} == {2}
    # an operative paragraph running on to the next page, flush left there, stays whole
    op5 = next(p for p in ex.paragraphs if p.id == "5")
    assert {b.page for b in op5.boxes} == {2, 3}
