"""End-to-end checks of the generic mode on genuine UN PDFs (../shared/real-pdfs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import regex
from conftest import extraction, real_pdf

# symbol, language, numbered paragraphs expected (from the files themselves, read by a person)
REAL = {
    "A_HRC_WG.6_7_ITA_1_F.pdf": ("A/HRC/WG.6/7/ITA/1", "fr", 138),
    "A_HRC_WG.6_34_ITA_3_E.pdf": ("A/HRC/WG.6/34/ITA/3", "en", 94),
    "A_RES_48_161_F.pdf": ("A/RES/48/161", "fr", 26),
    "A_INF_76_1_E.pdf": ("A/INF/76/1", "en", 2),
    "E_CN.5_2025_L.6_E.pdf": ("E/CN.5/2025/L.6", "en", 17),
}
FURNITURE = regex.compile(
    # (a page counter "3/12", not the end of a symbol cited in the text: "A/HRC/28/4")
    r"\b(?:GE\.\d{2}-\d{5}|\d{2}-\d{5})\b|(?<!/)\b\d{1,2}/\d{1,2}\b(?!\d)|[\uE000-\uF8FF]|"
    r"\*\d{7}\*|/\.\.\.|\bPage \d+\b"
)


@pytest.mark.parametrize("name", sorted(REAL))
def test_numbered_paragraphs_complete_and_clean(name: str) -> None:
    symbol, lang, count = REAL[name]
    ex = extraction(str(real_pdf(name)))
    assert ex.mode == "paragraphs"
    assert ex.meta.symbol == symbol
    assert ex.meta.language == lang
    # numbered paragraphs (issue #15: unnumbered preambular paragraphs are rows without number)
    numbers = [p.number for p in ex.paragraphs if p.item is None and p.number is not None]
    assert numbers == list(range(1, count + 1))
    for p in ex.paragraphs:
        assert p.text, p.id
        assert symbol not in p.text, (p.id, p.text)
        hit = FURNITURE.search(p.text)
        # legitimate "5/1" style resolution numbers are allowed only with a word before them
        if hit and not regex.search(r"(?:resolution|résolution|decision|décision)s?\s+"
                                    + regex.escape(hit.group()), p.text):
            pytest.fail(f"{name} {p.id}: furniture {hit.group()!r} in {p.text!r}")


def test_footnote_text_not_in_paragraphs() -> None:
    ex = extraction(str(real_pdf("E_CN.5_2025_L.6_E.pdf")))
    text = " ".join(p.text for p in ex.paragraphs)
    assert "Sales No. E.02.IV.4" not in text  # a footnote on page 1
    assert "Treaty Series" not in text  # a footnote on page 2
    assert any(f.reason == "footnote" for f in ex.furniture)
    assert any(f.reason == "footnote-callout" for f in ex.furniture)


def test_agenda_item_and_sub_items() -> None:
    ex = extraction(str(real_pdf("E_CN.5_2025_L.6_E.pdf")))
    items = [p.id for p in ex.paragraphs if p.item]
    assert items == [f"9.{c}" for c in "abcdefg"]  # "Agenda item 3 (b) (iii)" is no item
    assert ex.meta.agenda_item == "3 (b) (iii)"


def test_typescript_furniture_removed() -> None:
    ex = extraction(str(real_pdf("A_RES_48_161_F.pdf")))
    reasons = {f.reason for f in ex.furniture}
    assert {"running-header", "footnote"} <= reasons
    for p in ex.paragraphs:
        assert "NNAATT" not in p.text and "/..." not in p.text


def test_session_line_and_place_date() -> None:
    ex = extraction(str(real_pdf("A_HRC_WG.6_7_ITA_1_F.pdf")))
    assert ex.meta.session_name == "Septième session"
    assert ex.meta.session == "Genève, 8-19 février 2010"


def test_sections_follow_heading_path() -> None:
    ex = extraction(str(real_pdf("A_HRC_WG.6_7_ITA_1_F.pdf")))
    by_id = {p.id: p for p in ex.paragraphs}
    assert by_id["1"].section == "I"
    assert by_id["3"].section == "II.A"
    # "I. Le cadre institutionnel" follows "H." inside chapter II: a lettered subsection
    assert by_id["19"].section == "II.I.1"
    assert by_id["46"].section == "III.A"
    # the table of contents is furniture, not paragraphs
    assert any(f.reason == "table-of-contents" for f in ex.furniture)


#: every genuine PDF but the scan (refused, exit 5) and the Arabic and Chinese files
#: (tests/test_arabic_chinese.py)
CLEAN = [
    "A_60_PV.25_E.pdf", "A_AC.296_2026_9_E.pdf", "A_HRC_43_2_E.pdf",
    "A_HRC_WG.6_34_ITA_3_E.pdf", "A_HRC_WG.6_7_ITA_1_F.pdf", "A_INF_76_1_E.pdf",
    "A_RES_48_161_F.pdf", "A_RES_48_263_E.pdf", "BBNJ_Agreement_2023_pub_S.pdf",
    "E_CN.5_2025_L.6_E.pdf", "E_ICEF_2025_AB_L.3_E.pdf", "ICCD_COP-8_CST_8_E.pdf",
    "ISBA_16_A_12_Rev.1_F.pdf", "ST_SPACE_61_Rev.3_F.pdf", "S_RES_2776_2025_E.pdf",
    "UNODC_UNTOC_and_Protocols_pub_E.pdf",
]


@pytest.mark.parametrize("name", CLEAN)
def test_genuine_pdf_extracts_with_exit_0_and_no_problems(name: str, tmp_path: Path) -> None:
    """Issue #15: each genuine PDF is written by the CLI with exit 0 and an empty problems
    table (no error, no warning)."""
    pdf = real_pdf(name)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(pdf), "--out", str(out),
         "--backend", "pdfium", "--no-cache"],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    problems = pd.read_csv(out / "problems.csv")
    assert problems.empty, problems.to_string()
    documents = pd.read_csv(out / "documents.csv")
    assert len(documents) == 1 and documents["language"].notna().all()


def _sections(ex) -> list[str]:  # noqa: ANN001 - Extraction
    return list(dict.fromkeys(p.section for p in ex.paragraphs))


def test_upr_summary_sections_and_texts() -> None:
    """A/HRC/WG.6/34/ITA/3 page 3: under "2. Civil and political rights", paragraph 16 opens
    "Joint Submission 16 (JS16) noted that the surge in gun ownership"."""
    ex = extraction(str(real_pdf("A_HRC_WG.6_34_ITA_3_E.pdf")))
    by_id = {p.id: p for p in ex.paragraphs}
    assert _sections(ex)[0] == "I"
    assert by_id["12"].text.startswith("The European Union Agency for Fundamental Rights "
                                       "(EU-FRA) noted that the National Observatory")
    assert by_id["14"].text.startswith("JS7 welcomed that Italy had adopted a National Action "
                                       "Plan on Business and Human Rights")
    assert by_id["16"].text.startswith("Joint Submission 16 (JS16) noted that the surge in gun "
                                       "ownership was fuelled")
    assert by_id["16"].section.endswith(".2") and by_id["12"].section.endswith(".1")
    assert by_id["16"].section.rsplit(".", 1)[0] == by_id["12"].section.rsplit(".", 1)[0]


def test_note_by_the_secretariat_texts() -> None:
    """A/INF/76/1 page 1: paragraphs 1 and 2, no sections; the table is not a paragraph."""
    ex = extraction(str(real_pdf("A_INF_76_1_E.pdf")))
    by_id = {p.id: p for p in ex.paragraphs}
    assert _sections(ex) == [""]
    assert by_id["1"].text.startswith("In paragraph 1 of its resolution 57/301, the General "
                                      "Assembly decided to amend rule 1 of its rules of procedure")
    assert by_id["2"].text.startswith("The table below shows the opening dates of the "
                                      "seventy-sixth to eighty-fifth regular sessions")
    assert "Tuesday, 14 September 2021" not in by_id["2"].text


def test_draft_resolution_preamble_and_operative_verbs() -> None:
    """E/CN.5/2025/L.6 page 2: preambular paragraphs ending with "Taking note with appreciation
    of the report of the Secretary-General", then 1. Endorses, 2. Decides, 3. Also decides,
    4. Further decides, 5. Invites."""
    ex = extraction(str(real_pdf("E_CN.5_2025_L.6_E.pdf")))
    by_id = {p.id: p for p in ex.paragraphs}
    assert _sections(ex) == [""]
    pre = [p for p in ex.paragraphs if p.kind == "preamble"]
    assert pre[-1].text.startswith("Taking note with appreciation of the report of the "
                                   "Secretary-General")
    assert [by_id[str(n)].operative_verb for n in range(1, 6)] == [
        "endorses", "decides", "decides", "decides", "invites"]
    assert by_id["1"].text.startswith("Endorses the timeline for carrying out the fifth review "
                                      "and appraisal of the Madrid International Plan of Action")
    assert by_id["5"].text.startswith("Invites Member States to identify actions they have taken")


def test_national_report_texts_page_4() -> None:
    """A/HRC/WG.6/7/ITA/1 page 4: "I. Méthodologie …" paragraphs 1-2, "II. Cadre normatif …",
    "A. La Constitution italienne …" 3-5, "B. Les droits fondamentaux …" 6."""
    ex = extraction(str(real_pdf("A_HRC_WG.6_7_ITA_1_F.pdf")))
    by_id = {p.id: p for p in ex.paragraphs}
    assert [by_id[str(n)].section for n in range(1, 7)] == ["I", "I", "II.A", "II.A", "II.A",
                                                            "II.B"]
    assert by_id["1"].text.startswith("L'établissement du rapport de l'État italien dans le "
                                      "cadre de l'Examen périodique universel")
    assert by_id["5"].text.startswith("La peine de mort est proscrite par le système judiciaire "
                                      "italien")
    assert by_id["6"].text.startswith("La Constitution institue le cadre politique délimitant")


def test_run_in_item_labels_give_lead_in_rows() -> None:
    """Issue #15: a label followed on its line at once by the first label of the next level.
    UNTOC page 16, article 6.1: "(a) (i) The conversion …", then "(ii) The concealment …";
    BBNJ (Spanish) page 39, article 37: "4. a) Sobre la base …", then "b)", "c)". The outer
    row is the lead-in (empty text), the inner one holds the text."""
    untoc = {p.id: p for p in extraction(str(real_pdf("UNODC_UNTOC_and_Protocols_pub_E.pdf")))
             .paragraphs}
    art = "res-55.25/annex-1/art-6/1"
    assert untoc[f"{art}.a"].text == "" and untoc[f"{art}.a"].parent_id == art
    assert untoc[f"{art}.a.i"].parent_id == f"{art}.a"
    assert untoc[f"{art}.a.i"].text.startswith("The conversion or transfer of property, knowing "
                                               "that such property is the proceeds of crime")
    assert untoc[f"{art}.a.ii"].text.startswith("The concealment or disguise of the true nature")
    assert untoc[f"{art}.b"].text == "Subject to the basic concepts of its legal system:"
    bbnj = {p.id: p for p in extraction(str(real_pdf("BBNJ_Agreement_2023_pub_S.pdf")))
            .paragraphs}
    art = "part-4/art-37/4"
    assert bbnj[art].text == "" and bbnj[art].page_start == 39
    assert bbnj[f"{art}.a"].text.startswith("Sobre la base de los mejores conocimientos e "
                                            "información científicos disponibles")
    assert bbnj[f"{art}.b"].text == ("La Parte que haya autorizado la actividad tomará en "
                                     "consideración esas preocupaciones;")
    assert bbnj[f"{art}.c"].text.startswith("Tras tomar en consideración las preocupaciones "
                                            "comunicadas por una Parte")
    assert not any(i.startswith("part-4/art-37/t") for i in bbnj)
