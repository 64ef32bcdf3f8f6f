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
    # the callouts on page 2 cite the right paragraphs: note 3 (A/AC.278/2024/2) in "Noting
    # with appreciation …", note 11 (E/CN.5/2025/5) in "Taking note with appreciation …"
    notes = {f.mark: f for f in ex.footnotes}
    assert notes["3"].cited_by == ("pp5",)
    assert notes["11"].cited_by == ("pp10",)
    # an operative paragraph running on to the next page, flush left there, stays whole
    op5 = next(p for p in ex.paragraphs if p.id == "5")
    assert {b.page for b in op5.boxes} == {2, 3}


def test_security_council_preamble_paragraphs_opening_pages_three_and_four() -> None:
    # page 2 ends "… services to newly liberated communities," and page 3 opens with the
    # indented "Urging continued development …"; page 3 ends "… Focal Point for Delisting,"
    # and page 4 opens with the indented "Determining that Al-Shabaab's attempts …"
    ex = _preamble("S_RES_2776_2025_E.pdf")
    pre = {p.id: p for p in ex.paragraphs if p.kind == "preamble"}
    assert pre["pp15"].text.endswith("services to newly liberated communities,")
    assert {b.page for b in pre["pp15"].boxes} == {2}
    assert pre["pp16"].text.startswith(
        "Urging continued development of a Somalia-led, coordinated approach")
    assert {b.page for b in pre["pp16"].boxes} == {3}
    assert pre["pp23"].text.endswith("Focal Point for Delisting,")
    assert pre["pp24"].text.startswith(
        "Determining that Al-Shabaab's attempts to undermine peace and security in Somalia")
    assert {b.page for b in pre["pp24"].boxes} == {4}
    assert pre["pp25"].opening_phrase == "Acting"
    assert len(pre) == 25


def test_spanish_agreement_preamble_paragraph_opening_page_four() -> None:
    # page 3 ends "Afirmando que … de las comunidades locales," and page 4 opens with the
    # indented "Reconociendo la obligación prevista en la Convención de evaluar …"
    ex = _preamble("BBNJ_Agreement_2023_pub_S.pdf")
    pre = [p for p in ex.paragraphs if p.kind == "preamble"]
    assert [p.opening_phrase for p in pre] == [
        "Recordando", "Destacando", "Reconociendo", "Conscientes", "Reconociendo",
        "Reconociendo también", "Recordando", "Afirmando",
        "Reconociendo", "Teniendo presente", "Deseando", "Reconociendo", "Respetando",
        "Recordando", "Recordando también", "Comprometidas", "Aspirando",
    ]
    assert pre[7].text.endswith("o, según proceda, de las comunidades locales,")
    assert {b.page for b in pre[7].boxes} == {3}
    assert pre[8].text.startswith(
        "Reconociendo la obligación prevista en la Convención de evaluar, en la medida de lo "
        "posible")
    assert {b.page for b in pre[8].boxes} == {4}


def test_typescript_resolution_paragraph_ending_page_one_stands_alone() -> None:
    # A/RES/48/263 page 1 ends with "Recalling that the Convention in its Part XI … its
    # resources," and page 2 opens with the indented "Taking note of the consolidated …";
    # glued together, the paragraph was lost from the preamble
    ex = _preamble("A_RES_48_263_E.pdf")
    pre = {p.id: p for p in ex.paragraphs if p.kind == "preamble"}
    assert pre["pp2"].text == (
        'Recalling that the Convention in its Part XI and related provisions (hereinafter '
        'referred to as "Part XI") established a regime for the Area and its resources,')
    assert {b.page for b in pre["pp2"].boxes} == {1}
    assert pre["pp3"].text == (
        "Recalling its resolution 48/28 of 9 December 1993 on the law of the sea,")
