"""Issue #15: sections of genuine UN PDFs (articles, annexes, resolutions), numbering per section.

Expected values (section titles, numbers, texts) were read off the page images of the files.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from functools import cache

import pytest
import regex
from conftest import real_pdf

from pipeline.model import Block, Box, DocumentMeta, Extraction, Paragraph
from pipeline.out.numbering import check_records
from pipeline.out.problems import Findings
from pipeline.out.rows import level_of
from pipeline.out.rules import validate_extraction
from pipeline.parse.audit import chars
from pipeline.parse.structure import build_paragraphs

#: furniture that must never reach a row's text: job numbers, page counters, barcodes
FURNITURE = regex.compile(
    r"\b(?:[A-Z]\.)?\d{2}-\d{5}\b|[\uE000-\uF8FF]|\*\d{7}\*|/\.\.\.|(?:^|\s)- \d{1,3} -(?:\s|$)"
    r"|\bPage \d+\b"
)


@cache
def _extract(name: str) -> Extraction:
    from pipeline.parse.document import extract_document

    return extract_document(real_pdf(name), mode="paragraphs", backend="pdfium")


def _numbering_problems(ex: Extraction) -> list[str]:
    return [p.message for p in validate_extraction(ex, boxes=False)
            if p.rule in ("numbering", "ids")]


def _by_id(ex: Extraction) -> dict[str, Paragraph]:
    return {p.id: p for p in ex.paragraphs}


def _numbers(ex: Extraction, section: str) -> list[int | None]:
    """The numbers of the numbered paragraphs of a section (not its sub-items)."""
    return [p.number for p in ex.paragraphs
            if p.section == section and p.item is None and p.number is not None
            and p.parent_id is None]


def _sections_with(ex: Extraction, segment: str) -> list[str]:
    """The sections, in document order, that end with a ``<segment>-<key>`` part."""
    out: list[str] = []
    for p in ex.paragraphs:
        parts = p.section.split("/")
        for i, part in enumerate(parts):
            if part.startswith(f"{segment}-"):
                key = "/".join(parts[: i + 1])
                if key not in out:
                    out.append(key)
    return out


def _no_furniture(ex: Extraction) -> None:
    for p in ex.paragraphs:
        hit = FURNITURE.search(p.text)
        assert hit is None, (p.id, hit.group(), p.text[:120])


def test_security_council_resolution_preamble_operative_annexes() -> None:
    ex = _extract("S_RES_2776_2025_E.pdf")
    rows = ex.paragraphs
    pre = [p for p in rows if p.kind == "preamble"]
    assert pre[0].id == "pp1" and pre[0].number is None and pre[0].opening_phrase == "Recalling"
    assert pre[0].text.startswith("Recalling all its previous resolutions and statements of its "
                                  "President on the situation in Somalia")
    assert any(p.opening_phrase == "Strongly condemning" for p in pre)
    assert pre[-1].opening_phrase == "Acting"  # "Acting under Chapter VII of the Charter ..."
    operative = [p for p in rows if p.kind == "operative"]
    assert [p.number for p in operative] == list(range(1, 51))
    verbs = {p.number: p.operative_verb for p in operative}
    assert [verbs[n] for n in range(1, 8)] == [
        "recalls", "expresses", "recalls", "decides", "takes_note", "affirms", "calls_upon"]
    got = _by_id(ex)
    assert got["1"].section == "A" and got["4"].section == "B"
    assert [got[f"6.{c}"].parent_id for c in "abcd"] == ["6"] * 4
    assert got["6.c"].text == ("photographing all items and relevant markings and/or "
                               "headstamps; and,")
    # Annex A: its own sequence 1-9 under its title
    assert _numbers(ex, "annex-a") == list(range(1, 10))
    assert got["annex-a/3"].text == ("Mortars with a calibre greater than 82 mm and associated "
                                     "ammunition;")
    assert got["annex-a/3"].section_title == "Items subject to a no-objection process"
    assert _numbering_problems(ex) == []
    _no_furniture(ex)


def test_general_assembly_resolution_typescript_preamble_verbs() -> None:
    ex = _extract("A_RES_48_161_F.pdf")
    pre = [p for p in ex.paragraphs if p.kind == "preamble"]
    assert pre[0].opening_phrase == "Rappelant"
    assert [p.opening_phrase for p in pre[-2:]] == ["Prenant acte", "Ayant à l'esprit"]
    operative = [p for p in ex.paragraphs if p.kind == "operative"]
    assert [p.number for p in operative] == list(range(1, 27))
    assert [p.operative_verb for p in operative[:2]] == ["commends", "supports"]  # Loue, Appuie
    assert _numbering_problems(ex) == []
    _no_furniture(ex)


def test_resolution_with_annexed_agreement_articles_and_sections() -> None:
    ex = _extract("A_RES_48_263_E.pdf")
    got = _by_id(ex)
    operative = [p for p in ex.paragraphs if p.kind == "operative"]
    assert [p.number for p in operative] == list(range(1, 14))
    assert [got[str(n)].operative_verb for n in (8, 9, 10, 11, 12, 13)] == [
        "decides", "requests", "requests", "urges", "urges", "calls_upon"]
    assert _sections_with(ex, "art") == [f"annex/art-{n}" for n in range(1, 11)]
    titles = {p.section: p.section_title for p in ex.paragraphs}
    assert titles["annex/art-1"] == "Implementation of Part XI"
    assert titles["annex/art-2"] == "Relationship between this Agreement and Part XI"
    assert titles["annex/art-4"] == "Consent to be bound"
    assert _numbers(ex, "annex/art-1") == [1, 2]
    assert got["annex/art-1/2"].text == "The Annex forms an integral part of this Agreement."
    # Article 3 is one unnumbered paragraph: a row without number
    assert got["annex/art-3/t1"].number is None
    assert got["annex/art-3/t1"].text.startswith("This Agreement shall remain open for signature")
    assert got["annex/sec-1/1"].text.startswith("The International Seabed Authority")
    assert _numbering_problems(ex) == []
    _no_furniture(ex)


def test_regulations_in_articles_under_parts_and_annexes() -> None:
    ex = _extract("ISBA_16_A_12_Rev.1_F.pdf")
    got = _by_id(ex)
    arts = [s for s in _sections_with(ex, "art") if s.startswith("annex/")]
    # the Regulations end with Article 44 "Révision" (page 27), before Annexe 1
    assert [int(s.rsplit("-", 1)[1]) for s in arts] == list(range(1, 45))
    art3 = "annex/part-2/art-3"
    assert arts[2] == art3
    assert _numbers(ex, art3) == [1, 2, 3, 4]
    assert got[f"{art3}/1"].section_title == "Notification de prospection"
    assert got[f"{art3}/3.a"].text == ("Dans le cas d'un État, par l'autorité désignée à cet "
                                      "effet par ledit État;")
    assert got[f"{art3}/4.d.i"].parent_id == f"{art3}/4.d"
    assert _numbering_problems(ex) == []
    _no_furniture(ex)


def test_agreement_76_articulos_in_parts() -> None:
    ex = _extract("BBNJ_Agreement_2023_pub_S.pdf")
    arts = _sections_with(ex, "art")
    assert [int(s.rsplit("-", 1)[1]) for s in arts] == list(range(1, 77))
    assert arts[0] == "part-1/art-1"
    got = _by_id(ex)
    assert got["part-1/art-1/1"].section_title == "Términos empleados"
    assert got["part-1/art-1/1"].text.startswith(
        "Por “mecanismo de gestión basado en áreas” se entiende un mecanismo")
    assert _numbers(ex, "part-1/art-1")[:10] == list(range(1, 11))
    pre = [p for p in ex.paragraphs if p.kind == "preamble"]
    assert pre[0].opening_phrase == "Recordando"
    assert _numbering_problems(ex) == []
    _no_furniture(ex)


def test_space_law_compilation_treaties_in_articles() -> None:
    ex = _extract("ST_SPACE_61_Rev.3_F.pdf")
    arts: dict[str, list[int]] = defaultdict(list)
    for s in _sections_with(ex, "art"):
        if s.startswith("part-1/"):  # "Première partie / Traité des Nations Unies" (page 7)
            _, treaty, art = s.split("/")
            arts[treaty].append(int(art.split("-")[1]))
    # Outer Space Treaty I-XVII, Rescue Agreement 10, Liability Convention 28, Registration
    # Convention 12, Moon Agreement 21 articles
    assert {t: max(v) for t, v in arts.items()} == {"A": 17, "B": 10, "C": 28, "D": 12, "E": 21}
    got = _by_id(ex)
    assert got["part-1/A/art-7/t1"].text.startswith(
        "Tout État partie au Traité qui procède ou fait procéder au lancement d'un objet")
    assert got["part-1/A/art-8/t1"].text.startswith(
        "L'État partie au Traité sur le registre duquel")
    # page 50: "Principe 7.  Assistance aux États", then paragraphs 1 and 2 (a), (b)
    principle = [p for p in ex.paragraphs if p.section_title == "Assistance aux États"]
    assert {p.section.rsplit("/", 1)[1] for p in principle} == {"principle-7"}
    assert [p.id.rsplit("/", 1)[1] for p in principle] == ["1", "2", "2.a", "2.b"]
    assert principle[0].text.startswith("Sur notification de la rentrée attendue")
    _no_furniture(ex)


def test_convention_and_protocols_annexed_to_resolutions() -> None:
    ex = _extract("UNODC_UNTOC_and_Protocols_pub_E.pdf")
    sections = {p.section.split("/")[0] for p in ex.paragraphs}
    assert {"res-55.25", "res-55.255"} <= sections
    got = _by_id(ex)
    # Annex I, Article 2 "Use of terms": (a) "Organized criminal group" ...
    art2 = "res-55.25/annex-1/art-2"
    assert got[f"{art2}/t1.a"].text.startswith("“Organized criminal group” shall mean a "
                                               "structured group of three or more persons")
    assert got[f"{art2}/t1"].section_title == "Use of terms"
    assert [p.number for p in ex.paragraphs if p.section == "res-55.25" and
            p.kind == "operative"] == list(range(1, 13))
    _no_furniture(ex)


def test_long_report_paragraph_338_after_a_list_at_a_page_end() -> None:
    """Page 54 ends with a list entry without final punctuation ("Japan, Nepal, Senegal"); the
    next page opens with paragraph 338, which is its own paragraph."""
    ex = _extract("A_HRC_43_2_E.pdf")
    got = _by_id(ex)
    assert got["338"].text.startswith("At the same meeting, the Human Rights Council adopted the "
                                      "draft resolution by 37 votes to 2")
    assert got["338"].page_start == 55
    numbers = [p.number for p in ex.paragraphs if p.item is None and p.number is not None
               and p.parent_id is None]
    assert numbers == list(range(1, 1023))
    assert got["338"].section.startswith("IV.")
    # the sections of the numbered paragraphs (the contents and Part One's text before chapter
    # I are unnumbered rows t<k>, issue #15 item 7)
    sections = list(dict.fromkeys(p.section for p in ex.paragraphs if p.number is not None))
    assert sections[0].startswith("I.")
    assert _numbering_problems(ex) == []
    _no_furniture(ex)


@pytest.mark.parametrize("name", ["S_RES_2776_2025_E.pdf", "A_RES_48_263_E.pdf",
                                  "ISBA_16_A_12_Rev.1_F.pdf"])
def test_no_text_lost_in_silence_page_by_page(name: str) -> None:
    """Each page's characters are furniture, rows or unassigned text (headings, tables): the
    sum balances page by page, and every block that is not unassigned is inside a row."""
    from pipeline.parse.blocks import build_blocks
    from pipeline.parse.document import open_document
    from pipeline.parse.layout import analyse
    from pipeline.parse.structure import build_paragraphs

    doc = open_document(real_pdf(name), backend="pdfium")
    layout = analyse(doc)
    blocks, _ = build_blocks(layout)
    rows, other, _ = build_paragraphs(blocks, layout.meta.language if layout.meta else None)
    # (by position and text: a paragraph read as a section's heading is set aside as a copy
    # of kind heading)
    unassigned = {(b.page_start, b.indent, b.text) for b in other}
    per_page: Counter[int] = Counter()
    for f in layout.furniture:
        per_page[f.box.page] += chars(f.text)
    in_rows = 0
    texts = "\n".join(p.text for p in rows)
    for b in blocks:
        for ln in b.lines:
            per_page[ln.page] += sum(chars(w.text) for w in ln.words)
        if (b.page_start, b.indent, b.text) not in unassigned:
            in_rows += 1
            assert b.text in texts, (b.page_start, b.text[:80])
    for page in doc.pages:
        assert per_page[page.number] == page.char_count, page.number
    assert in_rows >= len([p for p in rows if p.item is None])


def test_contract_clauses_numbered_article_dot_paragraph() -> None:
    """ISBA annexe 4 (page 38): "Article 1 / Définitions", then 1.1 (with a)-c)), 1.2, 1.3, 1.4;
    "Article 2 / Sécurité contractuelle (garantie du titre)", then 2.1-2.4."""
    ex = _extract("ISBA_16_A_12_Rev.1_F.pdf")
    got = _by_id(ex)
    assert _numbers(ex, "annex-4/art-1") == [1, 2, 3, 4]
    assert got["annex-4/art-1/1"].text == "Dans les clauses ci-après :"
    assert [got[f"annex-4/art-1/1.{c}"].parent_id for c in "abc"] == ["annex-4/art-1/1"] * 3
    assert got["annex-4/art-1/2"].text.startswith("Les termes et expressions définis dans le "
                                                  "Règlement sont utilisés dans le même sens")
    assert got["annex-4/art-2/1"].section_title == "Sécurité contractuelle (garantie du titre)"
    assert _numbers(ex, "annex-4/art-2")[:4] == [1, 2, 3, 4]


def test_annexes_of_an_annex_nest_in_it() -> None:
    """ISBA annexe 3, the standard contract (printed page 36): page 37, after "En foi de quoi",
    prints its own "Annexe 1 [Coordonnées et carte du secteur d'exploration]", "Annexe 2
    [Programme d'activité quinquennal …]", "Annexe 3 [Le programme de formation …]", in bold
    body size at the text's indent; "Annexe 4" (page 38, large, in the margin as "Annexe 3" on
    page 36) is the regulations' own annex 4 (#16)."""
    ex = _extract("ISBA_16_A_12_Rev.1_F.pdf")
    got = _by_id(ex)
    assert got["annex-3/annex-1/t1"].text == "[Coordonnées et carte du secteur d'exploration]"
    assert got["annex-3/annex-2/t1"].text.startswith("[Programme d'activité quinquennal en cours")
    assert got["annex-3/annex-3/t1"].text.startswith("[Le programme de formation deviendra une "
                                                     "annexe au contrat")
    # the sections open in document order, none re-opened after a later one
    order = [p.section.split("/")[0] for p in ex.paragraphs if p.section.startswith("annex-")]
    runs = [s for i, s in enumerate(order) if i == 0 or s != order[i - 1]]
    assert runs == ["annex-1", "annex-2", "annex-3", "annex-4"]


def test_annex_numbering_that_restarts_inside_an_annex() -> None:
    """An annex that restarts the annex numbering (or repeats or goes back) while an annex is
    open is an annex of that annex; the next number of the outer sequence closes it (#16)."""
    def head(text: str) -> Block:
        return replace(_block(None, text), kind="heading", bold=True)

    blocks = [
        head("Annex 1"), _block("1.", "First."),
        head("Annex 2"), _block(None, "The contract."),
        head("Annex 1"), _block(None, "[Map]"),
        head("Annex 2"), _block(None, "[Programme]"),
        head("Annex 3"), _block("1.", "Clause."),
    ]
    rows, _, _ = build_paragraphs(blocks, "en")
    assert [p.id for p in rows] == [
        "annex-1/1", "annex-2/t1", "annex-2/annex-1/t1", "annex-2/annex-2/t1", "annex-3/1"]
    assert [p.section for p in rows][2:] == ["annex-2/annex-1", "annex-2/annex-2", "annex-3"]
    # the annexes' headings listed before the annexes (a table of contents): the open annex
    # holds no row yet, so "Annex 1" after "Annex 2" is the document's annex 1 itself
    listed = [head("Annex 1"), head("Annex 2"), head("Annex 1"), _block("1.", "First."),
              head("Annex 2"), _block("1.", "Second.")]
    rows, _, _ = build_paragraphs(listed, "en")
    assert [p.id for p in rows] == ["annex-1/1", "annex-2/1"]


def test_report_annexes_rules_and_decimal_rules_under_numbered_headings() -> None:
    """A/AC.296/2026/9: report paragraphs, then Annex I (draft rules of procedure, chapters I-XV
    holding Rules), Annex V (financial rules: "1. Scope" 1.1, 1.2; "3. Budget" 3.1 ...)."""
    ex = _extract("A_AC.296_2026_9_E.pdf")
    got = _by_id(ex)
    rules = _sections_with(ex, "rule")
    assert rules[0] == "annex-1/I/rule-1" or rules[0].startswith("annex-1/")
    assert all(r.startswith("annex-1/") for r in rules)
    assert got["annex-5/1/1"].text.startswith("The present rules shall govern the financial "
                                              "administration of the Conference of the Parties")
    assert got["annex-5/1/2"].text.startswith("In respect of matters not specifically provided "
                                              "for by the present rules")
    assert got["annex-5/3/1"].text.startswith("The head of the secretariat shall prepare a budget "
                                              "proposal for the following financial period")
    # the ids of the report's own paragraphs are unchanged
    assert got["1"].section == "I" and got["1"].kind == "paragraph"


def _block(label: str | None, text: str) -> Block:
    return Block(kind="paragraph", label=label, text=text, lines=[], boxes=[Box(1, 0, 0, 1, 1)],
                 indent=0.0)


def test_decimal_paragraphs_under_their_lead_in() -> None:
    """A UPR report's recommendations: "121." lead-in, then 121.1, 121.2 … under it."""
    blocks = [
        _block("120.", "The recommendations below were examined."),
        _block("121.", "The following recommendations enjoy the support of the State:"),
        _block("121.1", "Ratify the Convention (Country A);"),
        _block("121.2", "Consider ratifying the Protocol (Country B);"),
        _block("122.", "The following recommendations were noted:"),
        _block("122.1", "Adopt a national plan (Country C);"),
        _block("122.2", "Strengthen the institution (Country D);"),
        _block("122.4", "Establish a mechanism (Country E);"),
    ]
    rows, other, _ = build_paragraphs(blocks, "en")
    assert other == []
    assert [(p.id, p.parent_id, p.number, p.kind) for p in rows] == [
        ("120", None, 120, "paragraph"), ("121", None, 121, "paragraph"),
        ("121.1", "121", 1, "subparagraph"), ("121.2", "121", 2, "subparagraph"),
        ("122", None, 122, "paragraph"), ("122.1", "122", 1, "subparagraph"),
        ("122.2", "122", 2, "subparagraph"), ("122.4", "122", 4, "subparagraph"),
    ]
    assert [level_of(p.item, p.id) for p in rows[:3]] == [0, 0, 1]
    ex = Extraction(DocumentMeta(), "paragraphs", [], [], rows, [], [], [], [])
    ctx = Findings(ex)
    check_records(ctx, rows, True)
    # an excerpt opening at 120, and 122.3 missing under 122
    assert [p.message for p in ctx.problems] == [
        "paragraphs 1–119 missing before 120",
        "paragraph 122: decimal paragraph 3 missing between 2 and 4"]


def test_report_with_bold_run_in_titles_and_a_draft_decision() -> None:
    """E/ICEF/2025/AB/L.3: chapters I-XIV, paragraphs 1-87; paragraphs and items opening with
    a bold run-in title (page 19 "(b) Sexual exploitation and abuse ...:", page 22 "86.
    Alternative conflict resolution mechanisms:") are paragraphs, not headings; the draft
    decision under "XIV. Draft decision" numbers 1, 2 ... of its own."""
    ex = _extract("E_ICEF_2025_AB_L.3_E.pdf")
    got = _by_id(ex)
    top = [p.number for p in ex.paragraphs if "/" not in p.id and p.item is None
           and p.number is not None]
    assert top == list(range(1, 88))
    assert got["69"].section == "X.E"
    assert [got[f"69.{c}"].text.split(":")[0] for c in "abcde"] == [
        "Fraud and corruption", "Sexual exploitation and abuse and sexual harassment",
        "Donor engagement and reporting", "Review of provisions in agreements",
        "Communications and training"]
    assert got["86"].section == "XIII"
    assert got["86"].text.startswith("Alternative conflict resolution mechanisms: The "
                                     "Investigations Section will continue to seek to limit")
    assert got["86"].text.endswith("Office of the Executive Director in this regard.")
    assert got["87"].section == "XIV" and got["87"].text == "The Executive Board:"
    assert got["XIV/1"].text.startswith("Takes note of the UNICEF Office of Internal Audit and "
                                        "Investigations 2024 annual report")
    assert got["XIV/2"].text.startswith("Also takes note of the UNICEF Audit Advisory Committee")
    assert _numbering_problems(ex) == []
    _no_furniture(ex)


def test_workshop_report_chapters_and_lettered_objectives() -> None:
    """ICCD/COP(8)/CST/8: paragraphs 1-71 under chapters I-IV and their lettered sections;
    page 4: paragraph 7 lists the objectives (a)-(e)."""
    ex = _extract("ICCD_COP-8_CST_8_E.pdf")
    got = _by_id(ex)
    top = [p.number for p in ex.paragraphs if p.item is None and p.number is not None]
    assert top == list(range(1, 72))
    # (of the numbered paragraphs: the text before chapter I is unnumbered rows t<k>)
    sections = list(dict.fromkeys(p.section for p in ex.paragraphs if p.number is not None))
    assert sections[0] == "I" and sections[-1] == "IV"
    assert got["5"].text.startswith("WMO contributes to understanding the interactions between "
                                    "climate and land degradation")
    assert got["7"].text == "The specific objectives of the workshop were:"
    assert [got[f"7.{c}"].text.split(" ", 3)[:3] for c in "abcde"] == [
        ["To", "survey", "the"], ["To", "review", "and"], ["To", "provide", "recommendations"],
        ["To", "assess", "the"], ["To", "assess", "the"]]
    assert got["7.e"].text.startswith("To assess the feasibility of restoring "
                                      "degraded/desertified lands")
    assert _numbering_problems(ex) == []
    _no_furniture(ex)


def test_quoted_paragraph_under_a_heading_that_names_it() -> None:
    """ST/SPACE/61/Rev.3 page 57: "B. Paragraphe 4 de la résolution 55/122 du 8 décembre 2000"
    quotes only paragraph 4 ("…" before and after): a sequence of its own, opening at 4; the
    document adopted by the Legal Subcommittee that follows numbers 1, 2 … again."""
    ex = _extract("ST_SPACE_61_Rev.3_F.pdf")
    got = _by_id(ex)
    quoted = got["part-3/B/4"]
    assert quoted.number == 4 and quoted.page_start == 57
    assert quoted.text.startswith("Prend note avec satisfaction de l'accord auquel est parvenu "
                                  "le Sous-Comité juridique")
    assert "part-3/4" not in got
    adopted = [p for p in ex.paragraphs if p.id.startswith("part-3/B-2/") and p.item is None]
    assert [p.number for p in adopted][:5] == [1, 2, 3, 4, 5]
    assert adopted[0].text.startswith("Dans ses résolutions pertinentes, l'Assemblée générale")
    assert adopted[1].text.startswith("En 1996, la Colombie a présenté au Sous-Comité juridique")
    assert _numbering_problems(ex) == []


def test_quoted_paragraph_without_heading_evidence_is_still_a_gap() -> None:
    """Without a heading naming it, a paragraph 4 after 2 is a gap (the rule needs evidence)."""
    blocks = [_block("1.", "First."), _block("2.", "Second."), _block("4.", "Fourth.")]
    paragraphs, other, _ = build_paragraphs(blocks, "en")
    ex = Extraction(DocumentMeta(language="en", page_count=1), "paragraphs", [], [], paragraphs,
                    [], [], other, [])
    assert any("paragraph 3 missing" in m for m in _numbering_problems(ex))


def test_bracketed_draft_paragraph_is_numbered() -> None:
    """A/AC.296/2026/9 page 68, annex VIII (draft decision): "[9. Also decides that assistance
    for members of the ad hoc committee [and one designated adviser per member] ...;]" is
    paragraph 9, its brackets kept in the text as printed."""
    ex = _extract("A_AC.296_2026_9_E.pdf")
    got = _by_id(ex)
    assert [p.number for p in ex.paragraphs if p.section == "annex-8" and p.item is None
            and p.number is not None] == list(range(1, 13))
    nine = got["annex-8/9"]
    assert nine.text.startswith("[Also decides that assistance for members of the ad hoc "
                                "committee [and one designated adviser per member]")
    assert nine.text.endswith("Indigenous Peoples and local communities;]")
    assert nine.operative_verb == "decides"
    assert got["annex-8/8"].text.startswith("Decides that, subject to the availability of funds")
    assert got["annex-8/3.b.vii"].text.startswith("2 members from the categories of developing "
                                                  "States Parties")
    assert _numbering_problems(ex) == []
    _no_furniture(ex)


def test_unnumbered_annex_inside_a_numbered_one() -> None:
    """A/AC.296/2026/9 page 70: the draft decision of annex VIII has its own unnumbered
    "Annex" (terms of reference) whose paragraphs restart at 1: a section nested in annex VIII
    (annex-8/annex), paragraphs 1 to 7 on the page, 2 with items (a) to (l)."""
    ex = _extract("A_AC.296_2026_9_E.pdf")
    got = _by_id(ex)
    inner = [p for p in ex.paragraphs if p.section == "annex-8/annex"]
    assert inner[0].id == "annex-8/annex/1" and inner[0].page_start == 70
    assert inner[0].section_title == ("Terms of reference for the ad hoc committee to assist "
                                      "in the operationalization of the special fund")
    assert inner[0].text.startswith("The ad hoc committee shall assist in the "
                                    "operationalization of the special fund")
    numbers = [p.number for p in inner if p.item is None]
    assert numbers[:7] == list(range(1, 8)) and numbers == list(range(1, len(numbers) + 1))
    assert [p.item for p in inner if p.parent_id == "annex-8/annex/2"] == list("abcdefghijkl")
    assert got["annex-8/annex/2.l"].text == "Independent evaluation and redress mechanisms."
    assert not [p for p in ex.paragraphs if "/seq" in p.id and p.id.startswith("annex-8/")]
    assert _numbering_problems(ex) == []


def _italic_block(label: str | None, text: str) -> Block:
    """A block of one line whose words are set in italics (a decision's lead-in)."""
    from pipeline.model import Line, Word

    words = tuple(Word(w, 0, 1, 0, 1, 10, "Times-Italic", False, True) for w in text.split())
    line = Line(1, words, 0, 1, 0, 1, 10, "Times-Italic", False, True)
    return Block(kind="paragraph", label=label, text=text, lines=[line],
                 boxes=[Box(1, 0, 0, 1, 1)], indent=0.0)


def test_paragraphs_after_a_decision_lead_in_are_operative() -> None:
    """E/ICEF/2025/AB/L.3 p. 22: "87. The Executive Board:" (italic) then "1. Takes note …",
    "2. Also takes note …": the decision's operative paragraphs, with their verbs."""
    blocks = [
        _block("86.", "The Section will continue to seek to limit its involvement."),
        _italic_block("87.", "The Executive Board:"),
        _block("1.", "Takes note of the annual report to the Executive Board;"),
        _block("2.", "Also takes note of the Audit Advisory Committee annual report."),
    ]
    rows, _, _ = build_paragraphs(blocks, "en")
    assert [(p.id, p.kind, p.operative_verb) for p in rows] == [
        ("86", "paragraph", None), ("87", "paragraph", None),
        ("seq/1", "operative", "takes_note"), ("seq/2", "operative", "takes_note")]


def test_a_lead_in_needs_its_italics_and_a_verb() -> None:
    """The same words set upright, or a first paragraph opening with no operative verb: no
    decision, the paragraphs stay paragraphs."""
    upright = [_block("87.", "The Executive Board:"),
               _block("1.", "Takes note of the annual report.")]
    no_verb = [_italic_block("87.", "The Executive Board:"),
               _block("1.", "The report was examined.")]
    for blocks in (upright, no_verb):
        rows, _, _ = build_paragraphs(blocks, "en")
        assert [p.kind for p in rows] == ["paragraph", "paragraph"]


def _at(label: str | None, text: str, x0: float, page: int = 1) -> Block:
    return Block(kind="paragraph", label=label, text=text, lines=[],
                 boxes=[Box(page, x0, 0, 500, 10)], indent=0.0)


def test_text_after_a_nested_list_goes_to_the_item_it_is_set_under() -> None:
    """UNODC p. 81: text after (d) (i)-(iii) set back at (d)'s edge ends (d), not the lead-in;
    ISBA/16/A/12/Rev.1 p. 31-32: a list set under (i) is (i)'s text, over the page break too;
    set left of the letter item, it is the numbered paragraph's."""
    blocks = [
        _at("1.", "For the purposes of this Protocol:", 55),
        _at("(a)", "Firearm shall mean a weapon;", 55),
        _at("(b)", "Illicit manufacturing shall mean:", 55),
        _at("(i)", "From parts illicitly trafficked;", 97),
        _at(None, "Licensing shall be in accordance with domestic law;", 55),
        _at("(c)", "Tracing shall mean tracking:", 55),
        _at("(i)", "Data on the areas, including:", 100),
        _at(None, "a. The description;", 125),
        _at(None, "b. A map;", 140, page=2),
        _at("(ii)", "Data on the environment.", 110, page=2),
        _at(None, "Closing words of paragraph 1.", 20, page=2),
    ]
    rows, _, _ = build_paragraphs(blocks, "en")
    got = {p.id: p.text for p in rows}
    assert got["1"] == "For the purposes of this Protocol: Closing words of paragraph 1."
    assert got["1.b"] == ("Illicit manufacturing shall mean: Licensing shall be in accordance "
                          "with domestic law;")
    assert got["1.c.i"] == "Data on the areas, including: a. The description; b. A map;"
    assert got["1.c.ii"] == "Data on the environment."


def test_text_closing_a_nested_list_is_the_paragraphs() -> None:
    """ST/SPACE/61/Rev.3 p. 50, principle 5: "Ces informations doivent être également
    communiquées …" at (b)'s edge after (b) (i)-(ii), then "2.": no lettered item follows, the
    text closes the list and is paragraph 1's; with "(c)" after it, it would be (b)'s."""
    def blocks(after: Block) -> list[Block]:
        return [
            _at("1.", "The information shall be set out as follows:", 55),
            _at("(a)", "System parameters:", 55),
            _at("(b)", "Information on the risks:", 55),
            _at("(i)", "Type of source;", 97),
            _at(None, "It shall also be sent to the Secretary-General.", 55),
            after,
        ]
    rows, _, _ = build_paragraphs(blocks(_at("2.", "The information shall be updated.", 55)), "en")
    got = {p.id: p.text for p in rows}
    assert got["1"] == ("The information shall be set out as follows: It shall also be sent to "
                        "the Secretary-General.")
    assert got["1.b"] == "Information on the risks:"
    rows, _, _ = build_paragraphs(blocks(_at("(c)", "Other information.", 55)), "en")
    got = {p.id: p.text for p in rows}
    assert got["1.b"] == "Information on the risks: It shall also be sent to the Secretary-General."


def test_unnumbered_text_is_a_row_of_its_section() -> None:
    """Issue #15 item 7: body text no numbered paragraph holds is a row t<k> of its section, in
    reading order (an introduction, a note between numbered paragraphs); the numbered rows keep
    their ids, and only headings are set aside."""
    sub = Block(kind="heading", label=None, text="Committee on Budget", lines=[],
                boxes=[Box(1, 0, 0, 1, 1)], indent=0.0)
    blocks = [
        _block(None, "This report covers the period under review."),
        _block("1.", "The Committee met twice."),
        _block(None, "The decision was adopted without a vote."),
        sub,
        _block("2.", "The Committee adopted its report."),
    ]
    rows, other, _ = build_paragraphs(blocks, "en")
    assert [(p.id, p.number, p.kind) for p in rows] == [
        ("t1", None, "text"), ("1", 1, "paragraph"), ("t2", None, "text"),
        ("2", 2, "paragraph")]
    assert rows[2].text == "The decision was adopted without a vote."
    assert rows[1].text == "The Committee met twice."  # nothing appended to paragraph 1
    assert other == [sub]


def test_sub_headings_that_open_no_section_end_the_section_title_of_the_rows_under_them() -> None:
    """Issue #15: A/HRC/43/2 page 31, chapter III.B: "Special Rapporteur on the right to food"
    (bold, unnumbered) over 159-164, then "Special Rapporteur in the field of cultural rights"
    over 165; a sub-heading opens no section (the ids stay), the rows under it give it as the
    end of their section_title, a run of sub-headings joined by " / "; a chapter heading ends
    it."""
    def head(text: str, label: str | None = None) -> Block:
        return Block(kind="heading", label=label, text=text, lines=[],
                     boxes=[Box(1, 0, 0, 1, 1)], indent=0.0)

    blocks = [
        head("Interactive dialogues with special procedure mandate holders", "B."),
        head("Special Rapporteur on the right to food"),
        _block("159.", "At the 17th meeting, the Special Rapporteur presented her reports."),
        _block("(a)", "Representatives of States members of the Human Rights Council;"),
        head("Special Rapporteur in the field of cultural rights"),
        head("Interactive dialogue"),
        _block("160.", "At the 18th meeting, the Special Rapporteur presented her reports."),
        head("General debate on agenda item 3", "C."),
        _block("161.", "At the 20th meeting, the Council held a general debate."),
    ]
    rows, other, _ = build_paragraphs(blocks, "en")
    assert [(p.id, p.section, p.section_title) for p in rows] == [
        ("159", "B", "Special Rapporteur on the right to food"),
        ("159.a", "B", "Special Rapporteur on the right to food"),
        ("160", "B", "Special Rapporteur in the field of cultural rights / Interactive dialogue"),
        ("161", "C", None)]
    assert len(other) == 5


def test_recommendations_introduction_is_a_paragraphs_row() -> None:
    """Issue #15 item 7: in the recommendations mode, the introduction before the first
    meeting is a row t1 of the paragraphs; text in a meeting that no recommendation holds is
    a row meeting-<n>/t<k> and a warning; the recommendations are unchanged."""
    from pipeline.parse.structure import build_recommendations

    heading = Block(kind="heading", label="I.",
                    text="Première réunion, tenue à Vienne du 30 mai au 1er juin 2012",
                    lines=[], boxes=[Box(1, 0, 0, 1, 1)], indent=0.0)
    blocks = [
        _block(None, "Le présent document réunit les recommandations du Groupe de travail."),
        heading,
        _block(None, "Le Groupe de travail a adopté les recommandations suivantes."),
        _block("1.", "Les États devraient agir."),
    ]
    meetings, records, texts, other, warnings = build_recommendations(blocks, "fr")
    assert [m.meeting for m in meetings] == [1] and other == []
    assert [(r.id, r.text) for r in records] == [("1.1", "Les États devraient agir.")]
    assert [(p.id, p.section, p.number, p.kind) for p in texts] == [
        ("t1", "", None, "text"), ("meeting-1/t1", "meeting-1", None, "text")]
    assert texts[0].text.startswith("Le présent document réunit")
    assert len(warnings) == 1 and "outside any recommendation" in warnings[0]
