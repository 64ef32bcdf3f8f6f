"""Issue #15: one test group per genuine UN PDF — section tree, numbering per section, texts read
off the page images by a person, and no furniture in any text.

Every expected value below was read off the page images of ../shared/real-pdfs (rendered with
pypdfium2: tables of contents, headings, first and last paragraphs of sections), never taken
from the pipeline's output. Texts are typed from the page and normalised as the README says
(NFC, typographic apostrophes to ', Unicode spaces to a plain space); footnote callouts are not
part of a text. Where today's output differs from what the page shows, the test says what the
page shows and is a strict expected failure (the reason names the page). The table of which
test covers what, file by file, is docs/genuine-files.md.
"""

from __future__ import annotations

from functools import cache

import pytest
import regex
from conftest import real_pdf
from test_sections import FURNITURE

from pipeline.model import Extraction, Paragraph
from pipeline.textnorm import normalize

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
         "x": 10, "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15}


#: with PDFium, one paragraph of the Arabic file has one tatweel fewer (tests/test_backends.py,
#: KNOWN): it is read with pdfplumber, as tests/test_arabic_chinese.py reads it; every other file
#: with PDFium
BACKEND = {"ISBA_16_A_12_Rev.1_A.pdf": "pdfplumber"}


@cache
def _ex(name: str) -> Extraction:
    from pipeline.parse.document import extract_document

    return extract_document(real_pdf(name), backend=BACKEND.get(name, "pdfium"))


def _rows(name: str) -> dict[str, Paragraph]:
    return {p.id: p for p in _ex(name).paragraphs}


def _top(p: Paragraph) -> bool:
    """A numbered paragraph (not a lettered item, not a decimal paragraph under a lead-in)."""
    return p.item is None and p.number is not None and p.parent_id is None


#: a row of unnumbered text (``t<k>``, ``…/t<k>.a``) and one that an article, rule,
#: regulation, principle or section holds (``art-3/t1``)
_TEXT_ROW = regex.compile(r"(?:^|/)t\d+(?:\.[^/]*)?$")
_UNIT_TEXT_ROW = regex.compile(r"(?:^|/)(?:art|rule|reg|principle|sec)-[^/]+/t\d+(?:\.[^/]*)?$")


def _structured(p: Paragraph) -> bool:
    """A row of the document's structure: numbered, preambular, or the text of an article or
    the like. Other body text (an introduction, status lines between numbered paragraphs, a
    list of bullets) is a row t<k> of its section too (issue #15 item 7); the section trees
    below, read off the tables of contents, are those of the structured rows."""
    return not (_TEXT_ROW.search(p.id) and not _UNIT_TEXT_ROW.search(p.id))


def _tree(name: str) -> list[str]:
    """The distinct ``section`` values of the structured rows, in document order."""
    return list(dict.fromkeys(p.section for p in _ex(name).paragraphs if _structured(p)))


def _spans(name: str) -> dict[str, tuple[int, int]]:
    """First and last paragraph number of each section that holds numbered paragraphs."""
    out: dict[str, tuple[int, int]] = {}
    for p in _ex(name).paragraphs:
        if _top(p):
            first = out.get(p.section, (p.number, p.number))[0]
            out[p.section] = (first, p.number)
    return out


def _prefix(rid: str) -> str:
    return rid.rsplit("/", 1)[0] if "/" in rid else ""


def _ordinal(key: str) -> set[int]:
    """The ranks a sub-item key can have: a letter (a=1) and/or a Roman numeral (i=1)."""
    out = set()
    if regex.fullmatch(r"[a-z]", key):
        out.add(ord(key) - 96)
    if key in ROMAN:
        out.add(ROMAN[key])
    if regex.fullmatch(r"[a-z]{2}", key) and key[0] == key[1]:  # aa, bb after z
        out.add(26 + ord(key[0]) - 96)
    return out


def numbering_breaks(name: str) -> list[str]:
    """Computed, independently of the pipeline's checks: in each sequence (the paragraphs whose
    ids share a section prefix) the numbers run n, n+1, … in document order, starting at 1 or
    running on from the sequence before; under each paragraph its items run a, b, c … (or i, ii,
    iii …). Returns the breaks found, as readable strings."""
    breaks: list[str] = []
    last: dict[str, int] = {}
    previous_last = 0
    current = None
    items: dict[str, str] = {}
    for p in _ex(name).paragraphs:
        if _top(p):
            seq = _prefix(p.id)
            outer, _, seg = seq.rpartition("/")
            if regex.fullmatch(r"\([A-Z0-9]+\)", seg) and outer in last:
                # a parallel alternative ("(CBTMTC)9." after "(ABS)9."): the paragraph its
                # sequence opens at is the one just printed in the sequence around it
                if seq not in last and p.number != last[outer]:
                    breaks.append(f"{p.id}: alternative {p.number} after {last[outer]}")
                elif seq in last and p.number != last[seq] + 1:
                    breaks.append(f"{p.id}: {p.number} after {last[seq]}")
                last[seq] = p.number
                continue
            if current is not None and current != seq:
                previous_last = last[current]
            if seq not in last:
                if p.number not in (1, previous_last + 1):
                    breaks.append(f"{p.id}: sequence opens at {p.number}")
            elif p.number != last[seq] + 1:
                breaks.append(f"{p.id}: {p.number} after {last[seq]}")
            last[seq] = p.number
            current = seq
        elif p.item is not None and p.parent_id is not None:
            key = p.item.rsplit(".", 1)[-1]
            ranks = _ordinal(key)
            if not ranks:
                continue
            before = items.get(p.parent_id)
            want = {1} if before is None else {r + 1 for r in _ordinal(before)}
            if not ranks & want:
                breaks.append(f"{p.id}: item {key} after {before}")
            items[p.parent_id] = key
    return breaks


def assert_no_furniture(name: str, symbol: str | None, printed: list[str]) -> None:
    """No row text holds furniture: job numbers, barcodes, page counters (``FURNITURE`` of
    tests/test_sections.py), the strings this document prints in its masthead, running headers
    and footers (``printed``, read off its pages), nor its symbol as a running header prints it
    (a text citing the document, "the draft report (A/HRC/43/2)", is text)."""
    own = None
    if symbol:
        own = regex.compile(r"(?<![(\w/.])" + regex.escape(symbol) + r"(?![\w/)])")
    for p in _ex(name).paragraphs:
        hit = FURNITURE.search(p.text)
        assert hit is None, (p.id, hit.group(), p.text[:120])
        assert own is None or not own.search(p.text), (p.id, symbol, p.text[:120])
        for s in printed:
            assert s not in p.text, (p.id, s, p.text[:120])


# -- A/HRC/WG.6/7/ITA/1 (French national report, table of contents on pages 2-3) ---------------


class TestItalyNationalReportFr:
    NAME = "A_HRC_WG.6_7_ITA_1_F.pdf"
    #: "Table des matières" (pages 2-3): section, paragraphs — the leaf sections, in order;
    #: the a) to d) sub-headings of III.B.1 and III.B.3 are not numbered sections
    TOC = [
        ("I", 1, 2), ("II.A", 3, 5), ("II.B", 6, 6), ("II.C", 7, 7), ("II.D", 8, 11),
        ("II.E", 12, 12), ("II.F", 13, 14), ("II.G", 15, 17), ("II.H", 18, 18),
        ("II.I.1", 19, 22), ("II.I.2", 23, 31), ("II.I.3", 32, 32), ("II.I.4", 33, 36),
        ("II.J", 37, 41), ("II.K", 42, 45), ("III.A", 46, 48), ("III.B", 49, 52),
        ("III.B.1", 53, 67), ("III.B.2", 68, 71), ("III.B.3", 72, 76), ("III.B.4", 77, 78),
        ("III.B.5", 79, 83), ("III.B.6", 84, 90), ("III.B.7", 91, 95), ("III.B.8", 96, 101),
        ("III.B.9", 102, 106), ("III.B.10", 107, 111), ("IV.A", 112, 113),
        ("IV.B", 114, 117), ("IV.C", 118, 118), ("IV.D", 119, 121), ("V.A", 122, 124),
        ("V.B", 125, 125), ("V.C", 126, 127), ("V.D", 128, 138),
    ]

    def test_section_tree(self) -> None:
        assert _tree(self.NAME) == [s for s, _, _ in self.TOC]

    def test_numbering_per_section(self) -> None:
        assert _spans(self.NAME) == {s: (a, b) for s, a, b in self.TOC}
        assert numbering_breaks(self.NAME) == []

    def test_texts_read_off_page_23(self) -> None:
        got = _rows(self.NAME)
        assert got["127"].section == "V.C"
        assert got["127"].text.startswith("L'une des principales tâches de cet Observatoire est "
                                          "la mise au point d'un programme d'action biennal")
        assert got["127"].text.endswith("permettant de recenser les domaines d'intervention "
                                        "prioritaires.")
        assert got["130"].text == (
            "L'Italie œuvre à la défense des droits de l'homme par le dialogue et la coopération "
            "au sein des instances multilatérales, en particulier le système des Nations Unies, "
            "et dans le respect des principes d'universalité, d'impartialité et d'objectivité.")

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, "A/HRC/WG.6/7/ITA/1", ["GE.09-17088", "Distr."])


# -- A/HRC/WG.6/34/ITA/3 (stakeholders' summary, headings read on pages 1-7) ------------------


class TestItalyStakeholdersSummary:
    NAME = "A_HRC_WG.6_34_ITA_3_E.pdf"
    #: I. Background (1); II.A (2-4, page 1); II.B (5-7, page 2); II.C "1. Cross-cutting issues"
    #: from 8 (page 2), "2. Civil and political rights" from 16 (page 3), "3. Economic, social
    #: and cultural rights" from 45 (page 6), "4. Rights of specific persons or groups" from 62
    #: (page 7) to the last paragraph, 94; italic sub-headings ("Women") are no sections
    SPANS = {"I": (1, 1), "II.A": (2, 4), "II.B": (5, 7), "II.C.1": (8, 15),
             "II.C.2": (16, 44), "II.C.3": (45, 61), "II.C.4": (62, 94)}

    def test_section_tree(self) -> None:
        assert _tree(self.NAME) == list(self.SPANS)

    def test_numbering_per_section(self) -> None:
        assert _spans(self.NAME) == self.SPANS
        assert numbering_breaks(self.NAME) == []

    def test_texts_read_off_pages_2_and_7(self) -> None:
        got = _rows(self.NAME)
        assert got["7"].text == (
            "JS3 recommended that Italy establish an independent national institution for the "
            "promotion and the protection of human rights coherent with the Paris Principles. "
            "VIS recommended that Italy implement its voluntary pledges and implement a "
            "transparent, participatory and inclusive process including civil society to "
            "establish a NHRI in line with the Paris Principles.")
        assert got["60"].text == ("JS12 raised concerns about the formal education system of "
                                  "children with disabilities.")
        assert got["62"].text == (
            "JS2 noted that violence continued to affect women severely in Italy and expressed "
            "concern for a lack and inadequacy of reception places for women fleeing violence.")

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, "A/HRC/WG.6/34/ITA/3", ["GE.19-13879", "Distr.",
                                        "Please recycle"])


# -- A/RES/48/161 (1994 typescript resolution, French) ------------------------------------------


class TestCentralAmericaResolutionFr:
    NAME = "A_RES_48_161_F.pdf"

    def test_section_tree(self) -> None:
        # one resolution, the document's own (its symbol): no section of its own structure
        assert _tree(self.NAME) == [""]

    def test_numbering_per_section(self) -> None:
        # page 7: the operative paragraphs end with 26. "Prie le Secrétaire général de lui
        # présenter …"
        assert _spans(self.NAME) == {"": (1, 26)}
        assert numbering_breaks(self.NAME) == []

    def test_texts_read_off_pages_1_and_7(self) -> None:
        got = _rows(self.NAME)
        assert got["pp1"].kind == "preamble"
        assert got["pp1"].text.startswith("Rappelant les résolutions pertinentes du Conseil de "
                                          "sécurité ainsi que ses propres résolutions")
        assert got["pp1"].text.endswith("ne compromettent et n'annulent les progrès accomplis,")
        assert got["20"].text == ("Prie le Secrétaire général d'apporter aux pays "
                                  "centraméricains toute l'assistance possible pour consolider la "
                                  "paix dans la région;")
        assert got["26"].text == ("Prie le Secrétaire général de lui présenter, à sa "
                                  "quarante-neuvième session, un rapport sur l'application de la "
                                  "présente résolution.")
        assert got["26"].operative_verb == "requests"

    def test_underlined_meeting_line_is_no_footnote_separator(self) -> None:
        # page 7 ends on "85e séance plénière" over "20 décembre 1993", both underlined: the
        # resolution's last lines, no footnote (a date is no note mark); page 2's notes "2/"
        # and "3/" sit under the typed separator
        ex = _ex(self.NAME)
        assert [p.text for p in ex.paragraphs][-1] == "85e séance plénière 20 décembre 1993"
        assert not [f for f in ex.footnotes if f.page == 7]
        assert [(f.mark, f.text) for f in ex.footnotes if f.page == 2] == [
            ("2/", "A/46/829-S/23310, annexe III."), ("3/", "A/46/864-S/23501, annexe.")]

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, "A/RES/48/161", ["Distr.", "GENERALE", "NATIONS UNIES"])


# -- ICCD/COP(8)/CST/8 (report, contents on page 2) --------------------------------------------


class TestDesertificationWorkshopReport:
    NAME = "ICCD_COP-8_CST_8_E.pdf"
    #: CONTENTS (page 2): I 1-10; II.A-E 11-60; III 61-69 (61 before its A), A-C; IV 70-71
    SPANS = {"I": (1, 10), "II.A": (11, 15), "II.B": (16, 34), "II.C": (35, 44),
             "II.D": (45, 55), "II.E": (56, 60), "III": (61, 61), "III.A": (62, 63),
             "III.B": (64, 66), "III.C": (67, 69), "IV": (70, 71)}

    def test_section_tree(self) -> None:
        assert _tree(self.NAME) == list(self.SPANS)

    def test_numbering_per_section(self) -> None:
        assert _spans(self.NAME) == self.SPANS
        assert numbering_breaks(self.NAME) == []
        # page 18: 71 lists (a) to (g)
        assert [i for i in _rows(self.NAME) if i.startswith("71.")] == [
            f"71.{c}" for c in "abcdefg"]

    def test_texts_read_off_page_18(self) -> None:
        got = _rows(self.NAME)
        assert got["70"].text.startswith("Land degradation is a threat to natural resources "
                                         "with consequences on food security, poverty, and "
                                         "environmental and political stability.")
        assert got["70"].text.endswith("bottom-up and top-down participatory management "
                                       "approaches that foster income-generating activities are "
                                       "required.")
        assert got["71"].text == "The participants of the workshop recommended that:"

    def test_last_item_without_end_mark(self) -> None:
        assert _rows(self.NAME)["71.g"].text == (
            "Given the current concerns with recurrent droughts and their impacts on local "
            "communities, it is important to develop and implement a national drought policy that "
            "supports effective implementation of NAPs.")

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, "ICCD/COP(8)/CST/8", ["GE.07-62284", "Distr."])


# -- A/HRC/43/2 (181 pages, contents on pages 2-4) ----------------------------------------------


class TestHumanRightsCouncilSessionReport:
    NAME = "A_HRC_43_2_E.pdf"
    #: "Contents" (pages 2-4), Part Two: chapters I-X and their lettered sections (VI and VIII
    #: hold paragraphs of their own before their first section, or instead of one: VIII has
    #: only an unlettered "General debate on agenda item 8"); Part One (resolutions, decisions)
    #: and the annexes hold no numbered paragraph
    CHAPTERS = (
        [f"I.{c}" for c in "ABCDEFGHIJK"] + [f"II.{c}" for c in "ABCDEF"]
        + [f"III.{c}" for c in "ABCD"] + [f"IV.{c}" for c in "ABCDEFG"]
        + [f"V.{c}" for c in "ABCDEFG"] + ["VI", "VI.A", "VI.B", "VI.C"]
        + [f"VII.{c}" for c in "ABC"] + ["VIII"] + [f"IX.{c}" for c in "ABC"]
        + [f"X.{c}" for c in "ABCDEFG"]
    )

    def test_contents_pages_hold_no_row(self) -> None:
        # pages 2-4: "Contents", the italic column heading "Page", then the entries; the first
        # entry of page 2 ("Part One: Resolutions, … Human Rights Council" over "at its
        # forty-third session …… 5") and of page 3 ("A. Discussion on the update … involvement"
        # over "of the United Nations in Myanmar …… 47") start on a line without leaders
        ex = _ex(self.NAME)
        assert not [p.id for p in ex.paragraphs if p.page_start <= 4]
        toc = [normalize(f.text) for f in ex.furniture
               if f.reason == "table-of-contents" and f.box.page in (2, 3)]
        assert toc[:3] == ["Contents", "Page", "Part One: Resolutions, decisions and President's "
                           "statement adopted by the Human Rights Council"]
        assert any(t.endswith("Discussion on the update by the Secretary-General on the "
                              "involvement") for t in toc)

    def test_section_tree(self) -> None:
        two_levels = list(dict.fromkeys(".".join(s.split(".")[:2]) for s in _tree(self.NAME)))
        assert two_levels == self.CHAPTERS
        # VI.A (pages 60-63): for Italy, "1. Views expressed by the State under review …" from
        # 373, "2. Views expressed by member and observer States …" from 387, "3. General
        # comments made by other stakeholders" from 400; the numbered headings repeat for each
        # State reviewed, the paragraphs number on through the whole report
        first = {}
        for p in _ex(self.NAME).paragraphs:
            if _top(p):
                first.setdefault(p.section, p.number)
        assert first["VI"] == 367 and first["VI.A"] == 369
        assert (first["VI.A.1"], first["VI.A.2"], first["VI.A.3"]) == (373, 387, 400)

    def test_numbering_per_section(self) -> None:
        got = _rows(self.NAME)
        assert [p.number for p in _ex(self.NAME).paragraphs if _top(p)] == list(range(1, 1023))
        assert got["1"].section == "I.A" and got["367"].section == "VI"
        assert numbering_breaks(self.NAME) == []

    def test_texts_read_off_pages_8_and_62(self) -> None:
        got = _rows(self.NAME)
        assert got["1"].text == (
            "The Human Rights Council held its forty-third session at the United Nations Office "
            "at Geneva from 24 February to 13 March 2020 and from 15 to 23 June. The President "
            "of the Human Rights Council opened the session.")
        assert got["9"].text == (
            "At the same meeting, the Human Rights Council approved the postponement of the "
            "thirty-sixth session of the Working Group on the Universal Periodic Review.")
        assert got["386"].text == "Italy would submit a midterm report by November 2021."
        assert got["387"].text == ("During the adoption of the outcome of the review of Italy, "
                                   "12 delegations made statements.")

    def test_sub_headings_in_the_section_title(self) -> None:
        # page 31, chapter III.B: "Special Rapporteur on the right to food" (bold, unnumbered)
        # over paragraphs 159-164 and their items, "Special Rapporteur in the field of cultural
        # rights" over 165-169; the ids and the section stay (issue #15)
        got = _rows(self.NAME)
        food = [got[i] for i in ("159", "162", "162.e", "164")]
        assert all(p.section == "III.B" for p in food)
        assert {p.section_title for p in food} == {"Special Rapporteur on the right to food"}
        assert got["165"].section_title == "Special Rapporteur in the field of cultural rights"
        assert got["158"].section_title == ("Independent Expert on the enjoyment of human rights "
                                            "by persons with albinism")

    def test_compound_cut_at_a_line_end(self) -> None:
        assert _rows(self.NAME)["6"].text == (
            "At its 24th meeting, on 9 March 2020, the Human Rights Council observed a minute of "
            "silence in memory of those who had lost their lives due to coronavirus disease "
            "(COVID-19).")

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, "A/HRC/43/2", ["GE.21-06039", "Distr."])

    def test_table_key_at_the_foot_of_a_page(self) -> None:
        # annex III, page 151: the last row of the list of documents, "A/HRC/43/10 | 6 | Report
        # of the Working Group on the Universal Periodic Review on Kazakhstan", sits in the
        # footer band; its symbol is a key of the table, not the running footer, and the list
        # runs on over the next pages as one table
        ex = _ex(self.NAME)
        (table,) = [t for t in ex.tables if t.page == 151]
        (key,) = [c for c in table.cells if c.text == "A/HRC/43/10"]
        assert key.box.page == 151 and key.column == 1
        assert [c.text for c in table.cells if c.row == key.row] == [
            "A/HRC/43/10", "6",
            "Report of the Working Group on the Universal Periodic Review on Kazakhstan"]
        assert [c.text for c in table.cells if c.row == key.row + 1][0] == "A/HRC/43/10/Add.1"
        assert {f.reason for f in ex.furniture if f.box.page == 151
                and f.text in ("A/HRC/43/10", "6")} == {"table"}


# -- S/RES/2776 (2025) (resolution: preamble, operative in lettered sections, annexes) ----------


class TestSecurityCouncilResolution:
    NAME = "S_RES_2776_2025_E.pdf"
    #: headings read on pages 4-13: A. Targeted sanctions (1-3), B. Arms embargo (4-7), C. (8-13),
    #: D. Charcoal Ban (14-17), E. (18-22), F. Maritime interdiction (23-24), G. Panel of Experts
    #: (25-35), H. (36-45), I. Reporting (46-50); Annex A 1-9; Annex B, Part I 1-2, Part II 1-3
    SPANS = {"A": (1, 3), "B": (4, 7), "C": (8, 13), "D": (14, 17), "E": (18, 22),
             "F": (23, 24), "G": (25, 35), "H": (36, 45), "I": (46, 50), "annex-a": (1, 9),
             "annex-b/part-1": (1, 2), "annex-b/part-2": (1, 3)}

    def test_section_tree(self) -> None:
        # the preamble (pages 1-4) stands before the first lettered heading
        assert _tree(self.NAME) == ["", *self.SPANS]

    def test_numbering_per_section(self) -> None:
        assert _spans(self.NAME) == self.SPANS
        assert numbering_breaks(self.NAME) == []
        got = _rows(self.NAME)
        # page 14, Part II: 1 (a)-(e), 2 (a)-(c), 3 (a)-(b)
        part2 = [i for i in got if i.startswith("annex-b/part-2/")]
        assert part2 == [f"annex-b/part-2/{s}" for s in
                         ("1", "1.a", "1.b", "1.c", "1.d", "1.e", "2", "2.a", "2.b", "2.c",
                          "3", "3.a", "3.b")]

    def test_annex_b_part_1_items(self) -> None:
        got = _rows(self.NAME)
        assert got["annex-b/part-1/1"].text == ("Explosive materials and precursors, as follows, "
                                                "and mixtures containing one or more thereof:")
        assert [i for i in got if i.startswith("annex-b/part-1/1.")] == [
            f"annex-b/part-1/1.{c}" for c in "abcde"]
        assert got["annex-b/part-1/1.d"].text == "Nitric acid;"

    def test_texts_read_off_pages_4_and_12(self) -> None:
        got = _rows(self.NAME)
        assert got["2"].text == (
            "Expresses its intention to support the further development of fair and clear "
            "procedures for the delisting of individuals and entities designated pursuant to "
            "resolution 1844 (2008) as amended;")
        assert got["50"].text == "Decides to remain actively seized of the matter."
        assert got["annex-b/part-2/1.e"].text == "2,4,6-Trinitrotoluene (TNT);"

    def test_footnote_tail_not_in_a_paragraph(self) -> None:
        assert _rows(self.NAME)["annex-b/part-2/3"].text == (
            "Dual use items identified by the Panel:")

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, "S/RES/2776 (2025)", ["25-03579", "Distr."])
        for p in _ex(self.NAME).paragraphs:  # the page counter of the footers, "4/14"
            assert not regex.search(r"\b\d{1,2}/14\b", p.text), p.id


# -- E/ICEF/2025/AB/L.3 (annual report ending with a draft decision) ----------------------------


class TestUnicefAuditReport:
    NAME = "E_ICEF_2025_AB_L.3_E.pdf"
    #: headings read on pages 2-22 (no table of contents); XIV "Draft decision": 87 "The
    #: Executive Board:" and the decision's own paragraphs 1 and 2 (page 22)
    SPANS = {
        "I": (1, 6), "II": (7, 9), "III.A": (10, 10), "III.B": (11, 11), "III.C": (12, 13),
        "III.D": (14, 15), "III.E": (16, 17), "III.F": (18, 18), "IV": (19, 20),
        "V": (21, 24), "VI": (25, 27), "VII": (28, 31), "VIII": (32, 32), "VIII.A": (33, 33),
        "VIII.B": (34, 35), "VIII.B.1": (36, 36), "VIII.B.2": (37, 38), "VIII.B.3": (39, 40),
        "VIII.B.4": (41, 41), "VIII.C.1": (42, 42), "VIII.C.2": (43, 43),
        "VIII.C.3": (44, 44), "VIII.C.4": (45, 46), "VIII.C.5": (47, 47),
        "VIII.C.6": (48, 48), "VIII.C.7": (49, 49), "IX": (50, 50), "X": (51, 54),
        "X.A": (55, 57), "X.B": (58, 60), "X.C": (61, 66), "X.D": (67, 68), "X.E": (69, 69),
        "X.F": (70, 76), "XI": (77, 78), "XII": (79, 81), "XIII": (82, 86),
    }

    def test_section_tree(self) -> None:
        assert _tree(self.NAME) == [*self.SPANS, "XIV"]

    def test_numbering_per_section(self) -> None:
        spans = _spans(self.NAME)
        assert {s: v for s, v in spans.items() if s != "XIV"} == self.SPANS
        got = _rows(self.NAME)
        assert [i for i in got if got[i].section == "XIV" and _top(got[i])] == [
            "87", "XIV/1", "XIV/2"]
        assert numbering_breaks(self.NAME) == []
        assert [i for i in got if i.startswith("71.")] == []  # 71 has no sub-items

    def test_texts_read_off_pages_2_and_22(self) -> None:
        got = _rows(self.NAME)
        assert got["2"].text == (
            "The Office confirms that during 2024 it was free from management interference in "
            "determining the scope of its internal audits and investigations, performing its "
            "work and communicating its results.")
        # page 22: "81." is printed inside the sentence of 80, as the page shows
        assert got["81"].text == ("facilitate awareness across the organization on smarter risk "
                                  "management.")
        assert got["87"].text == "The Executive Board:"
        assert got["XIV/2"].text == ("Also takes note of the UNICEF Audit Advisory Committee "
                                     "2024 annual report to the Executive Board.")

    def test_draft_decision_is_operative(self) -> None:
        got = _rows(self.NAME)
        assert [(got[i].kind, got[i].operative_verb) for i in ("XIV/1", "XIV/2")] == [
            ("operative", "takes_note"), ("operative", "takes_note")]

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, "E/ICEF/2025/AB/L.3", ["25-05991", "Distr."])
        for p in _ex(self.NAME).paragraphs:
            assert not regex.search(r"\b\d{1,2}/24\b", p.text), (p.id, p.text)


# -- ST/SPACE/61/Rev.3 (compilation in four parts, "Table des matières" on page 6) --------------


class TestSpaceLawCompilationFr:
    NAME = "ST_SPACE_61_Rev.3_F.pdf"
    #: Première partie (pages 7-36): A-E the five treaties, in articles (I-XVII, 10, 28, 12, 21),
    #: F the depositary information
    TREATIES = {"A": 17, "B": 10, "C": 28, "D": 12, "E": 21}

    def test_notes_of_page_66(self) -> None:
        # page 66: note 23 runs over ten lines; its seventh opens with "nº 13810)" (a raised o,
        # no mark of a note) and ends on "extra-", the compound going on with "atmosphérique"
        # on the next line; note 24 is one line
        notes = [n for n in _ex(self.NAME).footnotes if n.page == 66]
        assert [n.mark for n in notes] == ["23", "24"]
        assert notes[0].text == (
            "Traité sur les principes régissant les activités des États en matière "
            "d'exploration et d'utilisation de l'espace extra-atmosphérique, y compris la Lune "
            "et les autres corps célestes (Nations Unies, Recueil des Traités, vol. 610, "
            "no 8843) ; Accord sur le sauvetage des astronautes, le retour des astronautes et "
            "la restitution des objets lancés dans l'espace extra-atmosphérique (Nations Unies, "
            "Recueil des Traités, vol. 672, no 9574) ; Convention sur la responsabilité "
            "internationale pour les dommages causés par des objets spatiaux (Nations Unies, "
            "Recueil des Traités, vol. 961, no 13810) ; Convention sur l'immatriculation des "
            "objets lancés dans l'espace extra-atmosphérique (Nations Unies, Recueil des "
            "Traités, vol. 1023, no 15020) ; et Accord régissant les activités des États sur "
            "la Lune et les autres corps célestes (Nations Unies, Recueil des Traités, "
            "vol. 1363, no 23002).")
        assert notes[1].text == "A/AC.105/C.2/101."
        # the notes are numbered 1-32 through the compilation, each once
        assert [n.mark for n in _ex(self.NAME).footnotes] == [str(k) for k in range(1, 33)]

    def test_section_tree_of_part_one(self) -> None:
        chapters = [s.split("/")[1] for s in _tree(self.NAME) if s.startswith("part-1/")]
        assert list(dict.fromkeys(chapters)) == ["A", "B", "C", "D", "E", "F"]
        for treaty, count in self.TREATIES.items():
            arts = [s for s in _tree(self.NAME) if s.startswith(f"part-1/{treaty}/art-")]
            assert arts == [f"part-1/{treaty}/art-{n}" for n in range(1, count + 1)], treaty

    def test_section_tree_four_parts(self) -> None:
        tops = list(dict.fromkeys(s.split("/")[0] for s in _tree(self.NAME)))
        assert tops == ["part-1", "part-2", "part-3", "part-4"]
        # contents, page 6: the Deuxième and Troisième partie hold chapters A-E each; the
        # "Annexe" of the principles of 2.B (page 39) is that chapter's, and so is the
        # resolution 59/115 of 3.C (page 60)
        for part in ("part-2", "part-3"):
            chapters = [s.split("/")[1] for s in _tree(self.NAME) if s.startswith(f"{part}/")]
            assert list(dict.fromkeys(chapters)) == list("ABCDE"), part
        assert "part-2/B/annex" in _tree(self.NAME)
        assert "part-3/C/res-59.115" in _tree(self.NAME)
        # page 84: "C. Lignes directrices …" of the Quatrième partie holds chapters I and II
        # (II in A-D); parts A and B (pages 70-83) number no paragraph
        part4 = [s for s in _tree(self.NAME) if s.startswith("part-4/")]
        assert part4 == ["part-4/C/I"] + [f"part-4/C/II.{c}" for c in "ABCD"]

    def test_text_closing_a_nested_list(self) -> None:
        # page 50, principle 5, 1: after b) i)-ii), "Ces informations doivent être également
        # communiquées …" closes the list (2. follows): paragraph 1's, not b)'s
        got = _rows(self.NAME)
        assert got["part-2/D/principle-5/1.b"].text == (
            "Informations sur les risques d'irradiation de la source ou des sources d'énergie "
            "nucléaires :")
        assert got["part-2/D/principle-5/1"].text.endswith(
            "selon le modèle suivant : Ces informations doivent être également communiquées au "
            "Secrétaire général de l'Organisation des Nations Unies.")

    def test_numbering_per_section(self) -> None:
        # page 57: "B. Paragraphe 4 de la résolution 55/122" prints that paragraph alone, as 4.
        assert numbering_breaks(self.NAME) == ["part-3/B/4: sequence opens at 4"]

    def test_texts_read_off_pages_8_and_57(self) -> None:
        got = _rows(self.NAME)
        assert got["part-1/A/art-1/t1"].text == (
            "L'exploration et l'utilisation de l'espace extra-atmosphérique, y compris la Lune "
            "et les autres corps célestes, doivent se faire pour le bien et dans l'intérêt de "
            "tous les pays, quel que soit le stade de leur développement économique ou "
            "scientifique ; elles sont l'apanage de l'humanité tout entière.")
        assert got["part-3/B/4"].text == (
            "Prend note avec satisfaction de l'accord auquel est parvenu le Sous-Comité juridique "
            "sur la question des caractéristiques et de l'utilisation de l'orbite des satellites "
            "géostationnaires et du fait que le Comité y a ultérieurement souscrit ;")

    def test_text_between_numbered_paragraphs_is_rows(self) -> None:
        # page 35, "F. Informations relatives au dépôt des traités des Nations Unies": treaties
        # 1. to 5., each followed by four unnumbered lines (adoption, opening for signature,
        # entry into force, depositary), rows of section F of their own between 1. … 5.
        # (issue #15 item 7; they were unassigned text before)
        page = [p for p in _ex(self.NAME).paragraphs if p.page_start == 35]
        assert [p.number for p in page if _top(p)] == [1, 2, 3, 4, 5]
        assert all(p.section == "part-1/F" for p in page)
        loose = [p for p in page if p.number is None]
        assert len(loose) == 20 and all(p.kind == "text" and p.parent_id is None for p in loose)
        assert loose[-1].text == (
            "Dépositaire : Secrétaire général de l'Organisation des Nations Unies")
        assert loose[-2].text == "Entrée en vigueur le 11 juillet 1984"
        assert loose[0].text == (
            "Adoption par l'Assemblée générale le 19 décembre 1966 en application de sa "
            "résolution 2222 (XXI)")
        # page 71, the space debris guidelines (4. of part four, A, which numbers no paragraph)
        line = next(p for p in _ex(self.NAME).paragraphs if p.page_start == 71
                    and p.text.startswith("Ligne directrice 3 :"))
        assert line.text == (
            "Ligne directrice 3 : Limiter les risques de collision accidentelle en orbite")
        assert line.section == "part-4/A.4" and line.number is None

    def test_preamble_of_resolution_62_101_with_its_lists(self) -> None:
        # pages 62-63, "D. Résolution 62/101": after "L'Assemblée générale," (the lead-in, a
        # text row like every resolution's), eleven preambular paragraphs in italics before
        # "1. Recommande": the seventh, "Ayant à l'esprit …, les États :", holds a) and b), the
        # ninth, "Considérant que … :", holds a) to e) (issue #15)
        rows = [p for p in _ex(self.NAME).paragraphs if p.section == "part-3/D/res-62.101"]
        got = {p.id.rsplit("/", 1)[1]: p for p in rows}
        assert got["t1"].text == "L'Assemblée générale,"
        pre = [p for p in rows if p.kind == "preamble"]
        assert [p.opening_phrase for p in pre] == [
            "Rappelant", "Rappelant également", "Rappelant en outre", "Rappelant",
            "Prenant note", "Notant", "Ayant à l'esprit", "Notant", "Considérant", "Notant",
            "Désireuse", "Désireuse également"]
        assert got["pp7"].text == (
            "Ayant à l'esprit les avantages qu'il y a, pour les États, à devenir partie à la "
            "Convention sur l'immatriculation et le fait que, en adhérant à la Convention, en "
            "l'appliquant et en en respectant les dispositions, les États :")
        assert got["pp7.b"].text.startswith("Bénéficient de moyens et de procédures")
        assert got["pp8"].text.startswith("Notant que les États parties à la Convention")
        assert got["pp8"].text.endswith("informer le Secrétaire général de sa création "
                                        "conformément à la Convention,")
        assert [k for k in got if k.startswith("pp9.")] == [f"pp9.{c}" for c in "abcde"]
        assert got["pp9.a"].text == "Accélèrent la création de registres appropriés ;"
        assert not [k for k in got if k.startswith("t") and k != "t1"]

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, "ST/SPACE/61/Rev.3", ["V.24-22756"])
        for p in _ex(self.NAME).paragraphs:  # the page counter of the footers, "57/106"
            assert not regex.search(r"\b\d{1,3}/106\b", p.text), p.id


# -- A/AC.296/2026/9 (report of a preparatory commission with nine annexes) ---------------------


class TestPreparatoryCommissionReport:
    NAME = "A_AC.296_2026_9_E.pdf"
    #: headings read on pages 1-16: I (1-2), II.A (3), II.B (4-7), II.C (8-12), II.D (13-14),
    #: II.E "1. Organizational meeting" (15-20), "2. First session" from 21, …, III from 67,
    #: IV (70), V (71), VI (72-73), VII (74)
    SPANS = {"I": (1, 2), "II.A": (3, 3), "II.B": (4, 7), "II.C": (8, 12), "II.D": (13, 14),
             "II.E.1": (15, 20), "IV": (70, 70), "V": (71, 71), "VI": (72, 73),
             "VII": (74, 74)}

    def test_section_tree(self) -> None:
        tree = _tree(self.NAME)
        report = [s for s in tree if not s.startswith("annex")]
        assert report[:6] == ["I", "II.A", "II.B", "II.C", "II.D", "II.E.1"]
        assert report[-5:] == ["III", "IV", "V", "VI", "VII"]
        annexes = list(dict.fromkeys(s.split("/")[0] for s in tree if s.startswith("annex")))
        assert annexes == [f"annex-{n}" for n in range(1, 10)]
        # Annex I (pages 17-33): Rules 1 to 64 under chapters I ("Scope and definitions") to
        # XV ("Miscellaneous"); Rule 63 in XIV
        rules = [s.split("/")[2] for s in tree if "/rule-" in s]
        assert rules == [f"rule-{n}" for n in range(1, 65)]
        assert "annex-1/I/rule-1" in tree and "annex-1/XIV/rule-63" in tree
        assert "annex-1/XV/rule-64" in tree

    def test_numbering_per_section(self) -> None:
        spans = _spans(self.NAME)
        assert {s: spans[s] for s in self.SPANS} == self.SPANS
        assert spans["II.E.2"][0] == 21 and spans["III"][0] == 67
        assert spans["annex-1/I/rule-2"] == (1, 10)  # page 17: "1. 'Agreement' means" … 10.
        assert spans["annex-1/XIV/rule-63"] == (1, 2)  # page 33
        assert numbering_breaks(self.NAME) == []

    def test_annex_of_the_draft_decision_in_annex_8(self) -> None:
        got = _rows(self.NAME)
        assert [i for i in got if i.startswith("annex-8/annex/") and "." not in i] == [
            f"annex-8/annex/{n}" for n in range(1, 8)]
        assert got["annex-8/annex/7"].text == ("The ad hoc committee may invite experts to "
                                               "support its work.")

    def test_annex_2_paragraphs_with_prefixed_numbers(self) -> None:
        # pages 34-43: "(ALL)1." to "(ALL)70." run on across the prefixes ("(STB)7." between
        # "(ALL)6." and "(ALL)8."); page 35-36 print paragraph 9 once for each body, "(ABS)9.",
        # "(CBTMTC)9.", "(ICC)9.", "(FC)9.", "(STB)9.", each with its "9.1" and items (a)-(e)
        got = _rows(self.NAME)
        texts = [p.text for p in _ex(self.NAME).paragraphs]
        assert any(t.startswith("Under the authority and guidance of the Conference of the "
                                "Parties, the subsidiary bodies shall fulfil the functions") for t
                   in texts)
        top = [i for i in got if regex.fullmatch(r"annex-2/\d+", i)]
        assert top == [f"annex-2/{n}" for n in range(1, 71)]
        assert got["annex-2/1"].page_start == 34 and got["annex-2/1"].label == "(ALL)1."
        assert got["annex-2/7"].label == "(STB)7."
        assert got["annex-2/9"].text == ("In accordance with article 15, paragraph 2, of the "
                                         "Agreement, the Access and Benefit-Sharing Committee "
                                         "shall be composed of 15 members.")
        alternatives = [i for i in got if regex.fullmatch(r"annex-2/\([A-Z]+\)/9", i)]
        assert alternatives == ["annex-2/(CBTMTC)/9", "annex-2/(ICC)/9", "annex-2/(FC)/9",
                                "annex-2/(STB)/9"]
        assert got["annex-2/(CBTMTC)/9"].text == ("The Capacity-Building and Transfer of Marine "
                                                  "Technology Committee shall be composed of 22 "
                                                  "members.")
        assert got["annex-2/(CBTMTC)/9.1.a"].text.startswith("Three members from each")
        assert got["annex-2/9.1.e"].parent_id == "annex-2/9.1"
        assert got["annex-2/70"].page_start == 43
        # page 44: the annex of the terms of reference, "Annex", numbered 1 again
        assert got["annex-2/annex/1"].text.startswith("The lists of areas of expertise")

    def test_bracketed_alternative_numbers(self) -> None:
        # page 47, annex III, Option II: "1. Decides …", then "[4][2]. Recognizes …",
        # "[5][3]. Decides …", "[6][4]. Expresses …" (the number in either option); the second
        # alternative continues Option II's sequence 1, 2, 3, 4, the label stays as printed
        rows = [p for p in _ex(self.NAME).paragraphs if p.page_start == 47 and p.number]
        got = [(p.label, p.number, p.text.split(" ", 1)[0]) for p in rows]
        assert got[-4:] == [("1.", 1, "Decides"), ("[4][2].", 2, "Recognizes"),
                            ("[5][3].", 3, "Decides"), ("[6][4].", 4, "Expresses")]
        assert rows[-1].id.rsplit("/", 1)[-1] == "4"
        assert any(p.text.startswith("Decides that the head of the secretariat shall serve for "
                                     "a four-year term") for p in rows)

    def test_texts_read_off_pages_16_and_33(self) -> None:
        got = _rows(self.NAME)
        assert got["74"].text == (
            "At its third session, on 2 April 2026, the Co-Chairs introduced the draft report of "
            "the Preparatory Commission, including its annexes. At its final meeting, held the "
            "same day, the Commission adopted its report, as orally amended, without a vote and "
            "on the understanding that the Co-Chairs would finalize it after the session.")
        assert got["annex-1/XIV/rule-63/1"].text == (
            "Nothing in the present rules shall be construed as contradicting or modifying any "
            "provision of the Agreement.")
        assert got["annex-1/XIV/rule-63/1"].section_title == "Precedence of the Agreement"
        assert got["annex-1/XV/rule-64/t1"].text == (
            "The italicized headings of the present rules are for reference purposes only. They "
            "shall be disregarded in the interpretation of the rules.")

    def test_long_footnotes_under_underscores_high_on_page_11(self) -> None:
        # page 11: paragraph 58 opens at the foot of the body, then a row of underscores
        # (about a quarter down the page) over notes 20-27 in smaller print that fill the rest
        # of the page; page 12 goes on with "members, the Preparatory Commission completed a
        # reading of the aid to discussions …" (issue #15)
        ex = _ex(self.NAME)
        got = _rows(self.NAME)
        p58 = got["58"]
        assert p58.page_start == 11 and p58.page_end == 12
        assert "the selection process for their members, the Preparatory Commission completed" in (
            p58.text)
        assert "On draft rule 6" not in p58.text
        assert not [p.id for p in ex.paragraphs
                    if p.section == "II.E.4" and _TEXT_ROW.search(p.id)]
        notes = {n.mark: n for n in ex.footnotes if n.page == 11}
        assert sorted(notes) == [str(n) for n in range(20, 28)]
        assert notes["20"].text.startswith("On draft rule 6 (draft rule 8 of annex I to the "
                                           "present report), paragraph 2 (c), Türkiye supported")
        assert notes["27"].text.endswith("in line with article 7 (n), of the Agreement.")
        assert all(n.cited_by == ("57",) for n in notes.values())

    def test_links_cut_at_their_own_hyphens_in_the_notes_of_page_5(self) -> None:
        # page 5: notes 2 and 3 each print a link whose first line ends on a hyphen of the
        # link itself ("…/files/2025-" over "04/2025…", "…/preparatory-" over "commission/…");
        # note 4 is one line
        notes = {n.mark: n for n in _ex(self.NAME).footnotes if n.page == 5}
        assert sorted(notes) == ["2", "3", "4"]
        assert notes["2"].text == ("See https://www.un.org/bbnjagreement/sites/default/files/"
                                   "2025-04/20250325GuidingQuestionsFinal.pdf.")
        assert notes["3"].text == ("Available at https://www.un.org/bbnjagreement/en/meetings/"
                                   "preparatory-commission/documents/first-session.")
        assert notes["4"].text == ("Available at https://www.un.org/bbnjagreement/en/"
                                   "prepcom-i-statements-and-written-input.")

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, "A/AC.296/2026/9", ["26-06383", "Distr."])
        for p in _ex(self.NAME).paragraphs:  # the page counter of the footers, "46/81"
            assert not regex.search(r"\b\d{1,2}/81\b", p.text), p.id


# -- UNODC publication: the Convention and its Protocols, annexed to resolutions 55/25, 55/255 --


class TestPalermoConventionAndProtocols:
    NAME = "UNODC_UNTOC_and_Protocols_pub_E.pdf"
    #: resolution 55/25 (operative 1-12) with annex I, the Convention (articles 1-41), annex II,
    #: the Trafficking in Persons Protocol (chapters I-IV, articles 1-20), annex III, the
    #: Smuggling of Migrants Protocol (I-IV, 1-25); resolution 55/255 (operative 1-3, page 70 of
    #: the book) with its "Annex" (page 71), the Firearms Protocol (I-III, articles 1-21)
    ARTICLES = {"res-55.25/annex-1": 41, "res-55.25/annex-2": 20, "res-55.25/annex-3": 25}

    def _articles(self, under: str) -> list[int]:
        out = []
        for s in _tree(self.NAME):
            m = regex.fullmatch(regex.escape(under) + r"(?:/[IVX]+)?/art-(\d+)", s)
            if m:
                out.append(int(m.group(1)))
        return out

    def test_section_tree(self) -> None:
        tops = list(dict.fromkeys(s.split("/")[0] for s in _tree(self.NAME)))
        assert tops == ["res-55.25", "res-55.255"]
        for annex, count in self.ARTICLES.items():
            assert self._articles(annex) == list(range(1, count + 1)), annex
        chapters = [s.split("/")[2] for s in _tree(self.NAME)
                    if s.startswith("res-55.25/annex-3/") and "/art-" in s]
        assert list(dict.fromkeys(chapters)) == ["I", "II", "III", "IV"]

    def test_firearms_protocol_under_its_annex(self) -> None:
        assert self._articles("res-55.255/annex") == list(range(1, 22))

    def test_numbering_per_section(self) -> None:
        spans = _spans(self.NAME)
        assert spans["res-55.25"] == (1, 12) and spans["res-55.255"] == (1, 3)
        # the only break is the one of page 16, below
        assert numbering_breaks(self.NAME) == []

    def test_item_and_sub_item_on_one_line(self) -> None:
        assert numbering_breaks(self.NAME) == []
        got = _rows(self.NAME)
        assert got["res-55.25/annex-1/art-6/1.a.i"].text.startswith(
            "The conversion or transfer of property, knowing that such property is the proceeds "
            "of crime")

    def test_texts_read_off_pages_78_and_80(self) -> None:
        got = _rows(self.NAME)
        assert got["res-55.255/3"].text == (
            "Urges all States and regional economic organizations to sign and ratify the United "
            "Nations Convention against Transnational Organized Crime and the protocols thereto "
            "as soon as possible in order to ensure the speedy entry into force of the "
            "Convention and the protocols thereto.")
        assert got["res-55.255/3"].operative_verb == "urges"
        arts = [p for p in _ex(self.NAME).paragraphs if p.section.endswith("/I/art-1")
                and p.section.startswith("res-55.255")]
        assert arts[-1].text == ("The offences established in accordance with article 5 of this "
                                 "Protocol shall be regarded as offences established in "
                                 "accordance with the Convention.")
        assert arts[0].section_title == ("Relation with the United Nations Convention against "
                                         "Transnational Organized Crime")

    def test_text_after_a_nested_list_stays_with_its_item(self) -> None:
        lead = next(p for p in _ex(self.NAME).paragraphs
                    if p.section.startswith("res-55.255") and p.section.endswith("/art-3")
                    and p.item is None)
        assert lead.text == "For the purposes of this Protocol:"

    def test_covers_read_as_shown(self) -> None:
        # pages 1 and 92 are one cover spread twice, cropped: page 1 shows the front cover (the
        # title, "UNITED NATIONS"), page 92 the back cover (the address, "Printed in Austria",
        # "V.04-56153—September 2004—1,900", "V.05-90366—December 2005—1,200"). The hidden
        # half is no text of the page; the imprint is furniture and gives the job number
        ex = _ex(self.NAME)
        texts = " ".join(p.text for p in ex.paragraphs) + " ".join(f.text for f in ex.footnotes)
        assert not [p.id for p in ex.paragraphs if p.page_start == 1
                    and "Vienna International Centre" in p.text]
        assert "Printed in Austria" not in texts and "V.04-56153" not in texts
        back = {(f.text, f.reason) for f in ex.furniture if f.box.page == 92}
        assert {("Printed in Austria", "running-footer"),
                ("V.04-56153—September 2004—1,900", "job-number"),
                ("V.05-90366—December 2005—1,200", "job-number")} <= back
        assert not [f for f in ex.furniture if f.box.page == 1 and "Austria" in f.text]
        assert ex.meta.job_number == "V.04-56153"

    def test_front_matter_folios_are_page_counters(self) -> None:
        # pages 5-7 (Foreword, its signature, Contents) are numbered iii, iv and v at the foot,
        # centred; the Foreword's sentence runs on from page 5 to page 6 ("is still denied to
        # millions" / "of people around the world")
        ex = _ex(self.NAME)
        counters = {(f.box.page, f.text) for f in ex.furniture if f.reason == "page-counter"}
        assert {(5, "iii"), (6, "iv"), (7, "v")} <= counters
        assert any("is still denied to millions of people around the world. It is denied to "
                   "the child" in p.text for p in ex.paragraphs)
        assert not [p.id for p in ex.paragraphs if p.page_end <= 7
                    and regex.search(r"(?:^|\s)(?:iii|iv|v)(?:\s|$)", p.text)]

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, None, ["V.04-56153"])


# -- BBNJ Agreement, Spanish publication (no masthead; Partes I-XII, artículos 1-76) -------------


class TestBbnjAgreementEs:
    NAME = "BBNJ_Agreement_2023_pub_S.pdf"
    #: the PARTE headings (pages 5-60) and the first and last artículo of each
    PARTS = {1: (1, 8), 2: (9, 16), 3: (17, 26), 4: (27, 39), 5: (40, 46), 6: (47, 51),
             7: (52, 52), 8: (53, 55), 9: (56, 61), 10: (62, 62), 11: (63, 63), 12: (64, 76)}

    def test_section_tree(self) -> None:
        want = [""] + [f"part-{p}/art-{a}" for p, (lo, hi) in self.PARTS.items()
                       for a in range(lo, hi + 1)]
        # the preamble (page 3) stands before Parte I; Anexo I and II (pages 65-66) are
        # unnumbered lists without an article: not rows
        assert _tree(self.NAME) == want

    def test_numbering_per_section(self) -> None:
        assert numbering_breaks(self.NAME) == []
        spans = _spans(self.NAME)
        assert spans["part-12/art-64"] == (1, 2)  # page 60: 1. Cada Parte …, 2. En los asuntos …
        assert "part-10/art-62" not in spans  # one unnumbered paragraph: t1

    def test_texts_read_off_pages_3_and_60(self) -> None:
        got = _rows(self.NAME)
        assert got["pp2"].text == ("Destacando la necesidad de respetar el equilibrio entre los "
                                   "derechos, las obligaciones y los intereses previstos en la "
                                   "Convención,")
        assert got["pp7"].text == ("Recordando la Declaración de las Naciones Unidas sobre los "
                                   "Derechos de los Pueblos Indígenas,")
        assert got["part-10/art-62/t1"].text == (
            "Las Partes alentarán a los terceros al presente Acuerdo a que se hagan Partes en él "
            "y a aprobar leyes y reglamentos compatibles con sus disposiciones.")
        assert got["part-11/art-63/t1"].section_title == "Buena fe y abuso de derecho"
        assert got["part-12/art-64/1"].text == (
            "Cada Parte en el presente Acuerdo tendrá un voto, salvo lo dispuesto en el párrafo 2 "
            "del presente artículo.")

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, None, [])  # "- 58 -" footers: FURNITURE


# -- ISBA/16/A/12/Rev.1, French and Arabic (regulations in parts, sections and articles) --------

#: the headings of the Regulations (French pages 2-27; the Arabic prints the same structure):
#: Partie I article 1, II 2-8, III Section 1 (9), Section 2 (10-20), Section 3 (21), Section 4
#: (22-24), IV 25-32, V 33-37, VI 38-39, VII 40-41, VIII 42, IX 43, X 44
ISBA_ARTICLES = [("part-1", 1, 1), ("part-2", 2, 8), ("part-3/sec-1", 9, 9),
                 ("part-3/sec-2", 10, 20), ("part-3/sec-3", 21, 21), ("part-3/sec-4", 22, 24),
                 ("part-4", 25, 32), ("part-5", 33, 37), ("part-6", 38, 39), ("part-7", 40, 41),
                 ("part-8", 42, 42), ("part-9", 43, 43), ("part-10", 44, 44)]


def _regulations(name: str) -> list[str]:
    return [s for s in _tree(name) if s.startswith("annex/")]


class TestSulphidesRegulationsFr:
    NAME = "ISBA_16_A_12_Rev.1_F.pdf"

    def test_section_tree(self) -> None:
        assert _regulations(self.NAME) == [f"annex/{s}/art-{a}" for s, lo, hi in ISBA_ARTICLES
                                           for a in range(lo, hi + 1)]
        # Annexe 1 (page 28), Annexe 2 in sections 1-7 (page 30), Annexe 4 in articles (page 38)
        tops = list(dict.fromkeys(s.split("/")[0] for s in _tree(self.NAME)))
        assert tops == ["", "annex", "annex-1", "annex-2", "annex-4"]
        assert [s for s in _tree(self.NAME) if s.startswith("annex-2/")] == [
            f"annex-2/sec-{n}" for n in range(1, 8)]

    def test_numbering_per_section(self) -> None:
        # annexe 2 numbers its paragraphs on from section to section (section 2 opens at 17)
        assert numbering_breaks(self.NAME) == []
        art1 = [i for i in _rows(self.NAME) if i.startswith("annex/part-1/art-1/")]
        assert art1[:6] == [f"annex/part-1/art-1/{k}" for k in  # page 2: 1., 2., 3. a) b) c)
                            ("1", "2", "3", "3.a", "3.b", "3.c")]

    def test_list_under_a_roman_item_stays_with_it(self) -> None:
        # pages 31-32, annexe 2, 19 b) i): "a. La description …" to "j. Une description …",
        # set under i) (and on over the page break), are i)'s text, not 19's
        got = _rows(self.NAME)
        assert got["annex-2/sec-2/19"].text == (
            "Si le demandeur choisit de remettre un secteur réservé :")
        sub = got["annex-2/sec-2/19.b.i"].text
        assert sub.startswith("Des données sur l'emplacement, le relevé et l'évaluation des "
                              "sulfures polymétalliques dans les secteurs, y compris : a. La "
                              "description des techniques de collecte")
        assert sub.endswith("j. Une description des techniques utilisées par le demandeur;")

    def test_texts_read_off_page_2(self) -> None:
        got = _rows(self.NAME)
        art1 = "annex/part-1/art-1"
        assert got[f"{art1}/1"].text == ("Les termes utilisés dans le présent Règlement "
                                         "s'entendent dans le sens qui leur est donné dans la "
                                         "Convention.")
        assert got[f"{art1}/1"].section_title == "Emploi des termes et champ d'application"
        assert got[f"{art1}/3"].text == "Aux fins du présent Règlement :"
        assert got[f"{art1}/3.a"].text.startswith("On entend par « exploitation » la collecte à "
                                                  "des fins commerciales de sulfures "
                                                  "polymétalliques dans la Zone")

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, "ISBA/16/A/12/Rev.1", ["10-63721", "Distr."])


class TestSulphidesRegulationsAr:
    NAME = "ISBA_16_A_12_Rev.1_A.pdf"

    def test_notes_open_with_their_mark_in_parentheses(self) -> None:
        # page 4: "… في المبدأ ١٥ من إعلان ريو⁽¹⁾." with the note "(١) تقرير مؤتمر …"; page 15:
        # "… بالنسبة لجميع الأغراض⁽²⁾؛" with "(٢) ينبغي تناول أحكام وشروط الحصول على حصة في رأس
        # المال بمزيد من التفصيل." The raised callouts are set in parentheses, the notes open
        # with the same marks, unraised (tatweels as printed)
        ex = _ex(self.NAME)
        notes = [(f.mark, f.page, f.cited_by) for f in ex.footnotes]
        assert notes == [("(١)", 4, ("annex/part-2/art-2/2",)),
                         ("(٢)", 15, ("annex/part-3/sec-2/art-19/2.b",))]
        assert ex.footnotes[1].text == (
            "ينبغي تناول أحكام وشروط الحصول على حصة في رأس المال بمزيد من التفصيل.")
        assert ex.footnotes[0].text.replace("\u0640", "").startswith(
            "تقرير مؤتمر الأمم المتحدة المعني بالبيئة والتنمية، ريو دي جانيرو")
        rows = _rows(self.NAME)
        assert rows["annex/part-2/art-2/2"].text.replace("\u0640", "").endswith(
            "حسب المبين في المبدأ ١٥ من إعلان ريو. ويمتنع عن التنقيب متى وجدت أدلة مادية تشير "
            "إلى خطر إلحاق ضرر جسيم بالبيئة البحرية.")
        assert rows["annex/part-3/sec-2/art-19/2.b"].text.endswith("بالنسبة لجميع الأغراض؛")

    def test_section_tree(self) -> None:
        assert _regulations(self.NAME) == [f"annex/{s}/art-{a}" for s, lo, hi in ISBA_ARTICLES
                                           for a in range(lo, hi + 1)]
        tops = list(dict.fromkeys(s.split("/")[0] for s in _tree(self.NAME)))
        # the Arabic prints the standard clauses of annex 4 as البند N (sections), not articles
        assert tops == ["annex", "annex-1", "annex-2", "annex-4"]
        assert all("/sec-" in s for s in _tree(self.NAME) if s.startswith("annex-4/"))

    def test_numbering_per_section(self) -> None:
        # page 22: article 27 prints ١ - ٢ - (أ) (ب) ٤ - ٥ - ٦ - ٧ - (no ٣ -): the ids are the
        # printed numbers, and the gap is the only break of the document
        assert numbering_breaks(self.NAME) == ["annex/part-4/art-27/4: 4 after 2"]
        art = "annex/part-4/art-27/"
        assert [i for i in _rows(self.NAME) if i.startswith(art)] == [
            art + k for k in ("1", "2", "2.a", "2.b", "4", "5", "6", "7")]

    def test_page_1_considered_paragraph_ends_in_a_full_stop_and_is_no_preamble(self) -> None:
        """Page 1: "وقد نظرت … (ISBA/16/C/L.5)." opens in bold as a preambular paragraph does,
        but the page prints a full stop at its end (the French prints "…(ISBA/16/C/L.5),", its
        row pp1): no preambular row is made of it (guard, #15)."""
        assert not [i for i, p in _rows(self.NAME).items() if p.kind == "preamble"]

    def test_texts_read_off_page_22(self) -> None:
        got = _rows(self.NAME)
        assert got["annex/part-4/art-27/5"].text == "تعود الأجزاء المتخلى عنها إلى القطاع."
        assert got["annex/part-4/art-27/5"].section_title == "مساحة القطاع، والتخلي"

    def test_justified_line_keeps_its_words(self) -> None:
        # page 22, article 27, ١ -: a justified line's runs start with spaces drawn under
        # their first letter (no advance); they split no word
        text = _rows(self.NAME)["annex/part-4/art-27/1"].text.replace("\u0640", "")  # tatweel
        assert text.startswith("يتخلى المتعاقد عن القطاع المخصص له وفقا للفقرة ٢ من هذه المادة.")

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, "ISBA/16/A/12/Rev.1", ["10-63718", "Distr.", "General"])


# -- ISBA/19/C/17, Chinese (decision with the nodules regulations in annex I) --------------------


class TestNodulesRegulationsZh:
    NAME = "ISBA_19_C_17_C.pdf"
    #: 附件一 (page 3): 第一部分 第1条 … 第十部分 第42条 (the 2013 nodules regulations)
    PARTS = [("part-1", 1, 1), ("part-2", 2, 8), ("part-3/sec-1", 9, 9),
             ("part-3/sec-2", 10, 18), ("part-3/sec-3", 19, 19), ("part-3/sec-4", 20, 22),
             ("part-4", 23, 30), ("part-5", 31, 35), ("part-6", 36, 37), ("part-7", 38, 39),
             ("part-8", 40, 40), ("part-9", 41, 41), ("part-10", 42, 42)]

    def test_section_tree(self) -> None:
        regs = [s for s in _tree(self.NAME) if s.startswith("annex-1/")]
        assert regs == [f"annex-1/{s}/art-{a}" for s, lo, hi in self.PARTS
                        for a in range(lo, hi + 1)]
        tops = list(dict.fromkeys(s.split("/")[0] for s in _tree(self.NAME)))
        assert tops == ["", "annex-1", "annex-2", "annex-3", "annex-4", "annex-5"]

    def test_numbering_per_section(self) -> None:
        assert numbering_breaks(self.NAME) == []
        # page 1: the decision's own paragraphs 1-6 before 附件一
        assert _spans(self.NAME)[""] == (1, 6)
        assert _spans(self.NAME)["annex-1/part-1/art-1"] == (1, 5)

    def test_decision_paragraphs_are_operative_with_their_verbs(self) -> None:
        """Page 1: the lead-in "国际海底管理局理事会，" (set in KaiTi, the Chinese italic), then
        1. 通过 (adopts), 2. 决定 (decides), 3. "如有…" (no verb first), 4. 请 (requests),
        5. 决定, 6. 还请 (also requests): the decision's operative paragraphs (#15, #16)."""
        got = _rows(self.NAME)
        assert [(got[str(n)].kind, got[str(n)].operative_verb) for n in range(1, 7)] == [
            ("operative", "adopts"), ("operative", "decides"), ("operative", None),
            ("operative", "requests"), ("operative", "decides"), ("operative", "requests")]

    def test_contract_annexes_nest_in_annex_4(self) -> None:
        """Page 31: the standard contract of 附件四 (page 30) ends with its own "附件 1"
        "[勘探区域的坐标和示意图]", "附件 2" "[不时修订的现行五年活动方案]", "附件 3"
        "[管理局按照标准条款第 8 节 …]": annexes of annex 4, not the document's annexes 1-3
        re-opened (#16)."""
        got = _rows(self.NAME)
        assert got["annex-4/annex-1/t1"].text == "[勘探区域的坐标和示意图]"
        assert got["annex-4/annex-2/t1"].text == "[不时修订的现行五年活动方案]"
        last = got["annex-4/annex-3/t1"].text
        assert last.startswith("[管理局按照标准条款第")
        assert last.endswith("训练方案应成为合同的一个附件。]")
        order = [p.section.split("/")[0] for p in _ex(self.NAME).paragraphs if p.section]
        assert [s for i, s in enumerate(order) if i == 0 or s != order[i - 1]] == [
            "annex-1", "annex-2", "annex-3", "annex-4", "annex-5"]

    def test_texts_read_off_page_3(self) -> None:
        got = _rows(self.NAME)
        assert got["annex-1/part-1/art-1/1"].text == "《公约》所用用语在本规章内涵义相同。"
        assert got["annex-1/part-1/art-1/1"].section_title == "用语和范围"
        assert got["annex-1/part-1/art-1/3"].text == "为本规章的目的："

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, "ISBA/19/C/17", ["13-40402", "Distr.", "General"])


# -- A/RES/48/263 (1994 typescript: resolution, annexed Agreement, its Annex in sections) -------


class TestPartXIAgreementResolution:
    NAME = "A_RES_48_263_E.pdf"

    def test_section_tree(self) -> None:
        # pages 4-7: Article 1 … Article 10, then "Annex" and SECTION 1 … SECTION 9 (section 4,
        # one unnumbered paragraph, is its row t1)
        assert _tree(self.NAME) == (
            ["", "annex"] + [f"annex/art-{n}" for n in range(1, 11)]
            + [f"annex/sec-{n}" for n in range(1, 10)])
        # page 16, "SECTION 4. REVIEW CONFERENCE"
        got = _rows(self.NAME)["annex/sec-4/t1"]
        assert got.number is None and got.kind == "text"
        assert got.text.startswith("The provisions relating to the Review Conference in article "
                                   "155, paragraphs 1, 3 and 4, of the Convention shall not apply.")
        assert got.text.endswith("the rights referred to in paragraph 5 of that article shall "
                                 "not be affected.")

    def test_numbering_per_section(self) -> None:
        assert numbering_breaks(self.NAME) == []
        spans = _spans(self.NAME)
        assert spans[""] == (1, 13)
        assert spans["annex/art-1"] == (1, 2) and spans["annex/art-2"] == (1, 2)
        assert spans["annex/sec-5"] == (1, 2)  # page 17

    def test_texts_read_off_pages_4_7_17(self) -> None:
        got = _rows(self.NAME)
        assert got["annex/art-1/1"].text == ("The States Parties to this Agreement undertake to "
                                             "implement Part XI in accordance with this "
                                             "Agreement.")
        assert got["annex/art-9/t1"].text == ("The Secretary-General of the United Nations shall "
                                              "be the depositary of this Agreement.")
        assert got["annex/sec-5/2"].text == ("The provisions of Annex III, article 5, of the "
                                             "Convention shall not apply.")

    def test_underlined_words_are_no_footnote_separator(self) -> None:
        # page 3: the resolution ends on "101st plenary meeting" over "28 July 1994", both
        # underlined, low on the page; the annexed Agreement's preamble under it underlines
        # its opening words ("Recognizing", "Reaffirming" …): body text, no footnotes there
        # (the page ends on "/..."); pages 3-4 hold the seven preambular paragraphs
        ex = _ex(self.NAME)
        got = _rows(self.NAME)
        assert got["t4"].text == "101st plenary meeting 28 July 1994"
        opening = [got[f"annex/pp{k}"].text.split(" ", 1)[0] for k in range(1, 8)]
        assert opening == ["Recognizing", "Reaffirming", "Mindful", "Having", "Noting",
                           "Wishing", "Considering"]
        assert got["annex/pp1"].text == (
            "Recognizing the important contribution of the United Nations Convention on the "
            "Law of the Sea of 10 December 1982 1/ (hereinafter referred to as \"the "
            "Convention\") to the maintenance of peace, justice and progress for all peoples of "
            "the world,")
        assert got["annex/pp3"].text == (
            "Mindful of the importance of the Convention for the protection and preservation of "
            "the marine environment and of the growing concern for the global environment,")
        assert not [f for f in ex.footnotes if f.page == 3]
        assert not [f for f in ex.furniture if f.box.page == 3 and f.reason == "footnote"]

    def test_no_furniture(self) -> None:
        assert_no_furniture(self.NAME, "A/RES/48/263", ["Distr."])


# -- the three short files: existing tests read their texts; tree, numbering, furniture here ----


class TestShortFiles:
    @pytest.mark.parametrize(("name", "count"), [("A_INF_76_1_E.pdf", 2),
                                                  ("E_CN.5_2025_L.6_E.pdf", 17)])
    def test_section_tree_and_numbering(self, name: str, count: int) -> None:
        # no heading of its own structure (tests/test_real_pdfs.py reads their texts)
        assert _tree(name) == [""]
        assert _spans(name) == {"": (1, count)}
        assert numbering_breaks(name) == []

    @pytest.mark.parametrize(("name", "symbol", "printed"), [
        ("A_INF_76_1_E.pdf", "A/INF/76/1", ["21-02065", "Distr."]),
        ("E_CN.5_2025_L.6_E.pdf", "E/CN.5/2025/L.6", ["25-02024", "Distr."]),
        ("A_60_PV.25_E.pdf", "A/60/PV.25", ["05-53261", "Official Records"]),
    ])
    def test_no_furniture(self, name: str, symbol: str, printed: list[str]) -> None:
        assert_no_furniture(name, symbol, printed)

    def test_verbatim_record_tree(self) -> None:
        # page 1: the record opens before its first heading; then one agenda item for the rest
        # (tests/test_prose.py reads speakers and texts)
        assert _tree("A_60_PV.25_E.pdf") == ["", "item-110"]
        # the statements and notes (the masthead's dot-leader line is a row t1 apart from them)
        paras = [p for p in _ex("A_60_PV.25_E.pdf").paragraphs if p.kind != "text"]
        assert {p.section_title for p in paras[1:]} == {
            "Agenda item 110 (continued) / Report of the Secretary-General on the work of "
            "the Organization (A/60/1)"}
        assert [p.id for p in paras] == [f"p{k}" for k in range(1, len(paras) + 1)]
        # page 1, under the masthead: "President: Mr. Eliasson . . . (Sweden)", a dot-leader
        # line and no statement, is a row t1 (issue #15 item 7)
        first = _ex("A_60_PV.25_E.pdf").paragraphs[0]
        assert (first.id, first.kind, first.page_start) == ("t1", "text", 1)
        assert first.text.startswith("President: Mr. Eliasson . . .")
        assert first.text.endswith(". (Sweden)")
