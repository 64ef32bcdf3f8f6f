"""Unruled tables (issue #15 item 5): columns kept apart by gutters alone become ``tables``
cells, and their text stays out of the paragraphs; lists with hanging indents, lists set in
columns and running text in columns stay text.

Expected cells are read off the page images (genuine PDFs) or are the strings this file draws
(the generated PDF), never the pipeline's own output.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import real_pdf

from pipeline.model import Extraction, Table
from pipeline.parse.document import extract_document

# the generated document: what is drawn where (left x, lines), Times-Roman 10 pt, A4
BODY_X, TEXT_X, KEY_X, VALUE_X = 72.0, 100.0, 100.0, 200.0
TABLE = [  # key, value lines (a value wraps at its column)
    ("CAT", ["Convention against Torture and Other Cruel, Inhuman or",
             "Degrading Treatment or Punishment"]),
    ("CEDAW", ["Convention on the Elimination of All Forms of",
               "Discrimination against Women"]),
    ("CRC", ["Convention on the Rights of the Child"]),
    ("ICCPR", ["International Covenant on Civil and Political Rights"]),
]
ITEMS = [  # a lettered list with hanging indents: labels at TEXT_X, text at TEXT_X + 36
    ("(a)", ["To ratify the conventions listed below without further delay and",
             "report on the steps taken;"]),
    ("(b)", ["To consult the national human rights institution;"]),
    ("(c)", ["To publish the report in the official languages of the State and",
             "make it available to the public;"]),
]
TABBED = [  # a list whose labels are set apart from the text by a wide tab, as a key column
    ("(i)", ["To hold its next session in Geneva;", "in the first half of the year;"]),
    ("(ii)", ["To invite the Special Rapporteur;"]),
    ("(iii)", ["To consider its working methods", "at its next session."]),
]
NAMES = [  # a list of names set in three columns, read down each column
    ["Albania", "Algeria", "Andorra"], ["Belgium", "Bolivia", "Brazil"],
    ["Chad", "Chile", "China"],
]


def _paragraph(c, y: float, label: str, lines: list[str]) -> float:  # noqa: ANN001
    c.drawString(BODY_X, y, label)
    c.drawString(TEXT_X, y, lines[0])
    for text in lines[1:]:
        y -= 12
        c.drawString(BODY_X, y, text)
    return y - 18


def _build(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Times-Roman", 10)
    y = 760.0
    for n in (1, 2, 3):
        y = _paragraph(c, y, f"{n}.", [
            f"The Committee considered paragraph {n} of the report at its meeting and",
            "decided to keep the matter under review at its next session, taking into",
            "account the information provided by the State party in its reply.",
        ])
    c.showPage()
    c.setFont("Times-Roman", 10)
    y = 760.0
    y = _paragraph(c, y, "4.", [
        "The Committee recommends that the State party take the following steps,",
        "within the time available before the next periodic report:",
    ])
    for label, lines in ITEMS:
        c.drawString(TEXT_X, y, label)
        for text in lines:
            c.drawString(TEXT_X + 36, y, text)
            y -= 12
        y -= 6
    y -= 10
    c.drawString(BODY_X, y, "The following abbreviations are used in this report:")
    y -= 20
    for key, lines in TABLE:
        c.drawString(KEY_X, y, key)
        for text in lines:
            c.drawString(VALUE_X, y, text)
            y -= 12
        y -= 4
    y -= 14
    y = _paragraph(c, y, "5.", [
        "The following States took part in the meeting of the Committee, in the",
        "order of the list of participants:",
    ])
    for k in range(3):
        for col, names in enumerate(NAMES):
            c.drawString(KEY_X + 130 * col, y, names[k])
        y -= 12
    y -= 18
    _paragraph(c, y, "6.", ["The meeting rose at 6 p.m. after adopting its report."])
    c.showPage()
    c.setFont("Times-Roman", 10)
    y = _paragraph(c, 760.0, "7.", ["The Committee adopted the following decisions:"])
    for label, lines in TABBED:
        c.drawString(TEXT_X, y, label)
        for text in lines:
            c.drawString(TEXT_X + 70, y, text)
            y -= 12
        y -= 6
    c.showPage()
    c.save()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    path = tmp_path_factory.mktemp("aligned") / "aligned.pdf"
    _build(path)
    return extract_document(path, backend="pdfium")


def _rows(table: Table) -> list[list[str]]:
    out: dict[int, list[str]] = {}
    for c in sorted(table.cells, key=lambda c: (c.row, c.column)):
        out.setdefault(c.row, []).append(c.text)
    return list(out.values())


def test_unruled_table_becomes_cells(made: Extraction) -> None:
    (table,) = made.tables
    assert table.page == 2
    assert _rows(table) == [[key, " ".join(lines)] for key, lines in TABLE]
    text = " ".join(p.text for p in made.paragraphs) + " ".join(b.text for b in made.other_text)
    assert "Degrading Treatment" not in text and "ICCPR" not in text
    assert "abbreviations are used" in text  # the line over the table stays text


def test_lists_stay_text(made: Extraction) -> None:
    # the lettered items (labels and text in two aligned columns) are sub-items, and the names
    # set in columns, read down each column, stay text
    assert [p.id for p in made.paragraphs if p.number is not None] == [
        "1", "2", "3", "4", "4.a", "4.b", "4.c", "5", "6", "7"
    ]
    text = " ".join(p.text for p in made.paragraphs) + " ".join(b.text for b in made.other_text)
    for names in NAMES:
        for name in names:
            assert name in text
    for _, lines in TABBED:  # list labels in a column make no key column
        assert lines[0] in text


@cache
def _genuine(name: str) -> Extraction:
    return extract_document(real_pdf(name), backend="pdfium")


def test_list_of_documents_is_a_table() -> None:
    # A/AC.296/2026/9 annex XI, page 75: "Organizational meeting", then symbol | title rows
    ex = _genuine("A_AC.296_2026_9_E.pdf")
    first = [t for t in ex.tables if t.page == 75][0]
    rows = _rows(first)
    assert rows[0] == ["A/AC.296/2024/1", "Agenda"]
    assert rows[1] == ["A/AC.296/2024/2", "Organization of work"]
    assert rows[4] == ["A/AC.296/2024/INF/1", "Information for participants: note by the "
                       "Secretariat"]
    # a long symbol set close to its title is still two cells
    assert rows[5] == ["A/AC.296/2024/INF/2/Rev.1", "Final list of participants"]
    assert len(rows) == 6
    other = " ".join(b.text for b in ex.other_text)
    assert "Final list of participants" not in other
    assert "First session" in other  # the heading between two tables stays text


def test_first_row_under_the_running_header() -> None:
    # A/AC.296/2026/9 page 76 opens, right under the running header's rule, with a symbol
    # shaped like the document's own (A/AC.296/2025/7): a key of the table, not a header
    # (the first session's list, opened on page 75, runs on there: one table)
    ex = _genuine("A_AC.296_2026_9_E.pdf")
    (first,) = [t for t in ex.tables if t.page == 75 and _rows(t)[0][0] == "A/AC.296/2025/1 a"]
    row = min(c.row for c in first.cells if c.box.page == 76)
    assert _rows(first)[row - 1] == [
        "A/AC.296/2025/7",
        "Financial rules governing the funding of the Conference of the Parties to the "
        "Agreement under the United Nations Convention on the Law of the Sea on the "
        "Conservation and Sustainable Use of Marine Biological Diversity of Areas beyond "
        "National Jurisdiction and the funding of the secretariat and any subsidiary bodies: "
        "aid to discussions and negotiations prepared by the Co-Chairs",
    ]
    assert not [f for f in ex.furniture
                if f.reason == "running-header" and f.text != "A/AC.296/2026/9"]


def test_abbreviations_are_a_table() -> None:
    # A/HRC/WG.6/34/ITA/3 page 13, note 2: abbreviation | treaty, 18 rows (ICERD ... ICPPED)
    ex = _genuine("A_HRC_WG.6_34_ITA_3_E.pdf")
    (table,) = [t for t in ex.tables if t.page == 13 and _rows(t)[0][0] == "ICERD"]
    rows = _rows(table)
    assert len(rows) == 18
    assert rows[1] == ["ICESCR", "International Covenant on Economic, Social and Cultural "
                       "Rights;"]
    assert rows[-1] == ["ICPPED", "International Convention for the Protection of All Persons "
                        "from Enforced Disappearance."]


@pytest.mark.parametrize("name, pages", [
    # lists of States and organizations set in two and three columns (annex I, attendance)
    ("A_HRC_43_2_E.pdf", range(144, 151)),
    # a verbatim record in two columns of running text
    ("A_60_PV.25_E.pdf", range(1, 12)),
    # a table of contents (dot leaders, page numbers in a column)
    ("A_HRC_WG.6_7_ITA_1_F.pdf", range(1, 4)),
])
def test_columns_that_are_no_table(name: str, pages: range) -> None:
    ex = _genuine(name)
    assert not [t.page for t in ex.tables if t.page in pages]


# -- an aligned table continued on the next page (issue #15, joined tables) ------------------

#: rows of the table that runs over the page break: key, value lines; the last row on page 2
#: breaks after its second line, its third line opens page 3
RUN_ROWS = [(f"Doc-{n}", [f"Report of the working group on item {n}"]) for n in range(1, 25)]
BROKEN = ("Doc-25", ["Report of the working group on item 25, with", "its annexes and the list of"],
          ["participants"])
NEXT_ROWS = [("Doc-26", ["Summary of the debate on item 26"]),
             ("Doc-27", ["Summary of the debate on item 27"])]
#: another table opening page 4, its second column set further right: a table of its own
OTHER_ROWS = [("AB", ["Advisory Board"]), ("EC", ["Executive Committee"]),
              ("SC", ["Standing Committee"])]
#: page 3's text block is set 12 pt further right (facing pages at different margins)
SHIFT = 12.0


def _table_broken_at_page_2_foot(path: Path):  # noqa: ANN202 - a reportlab canvas
    """A canvas for ``path`` with page 1 (a numbered paragraph) and page 2 (an unruled table
    of RUN_ROWS whose last row, BROKEN, is cut by the page break) drawn; page 3 is next."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Times-Roman", 10)
    _paragraph(c, 760.0, "1.", [  # page 1 (its masthead blocks are set side by side)
        "The Committee considered the documents listed below at its meeting and",
        "decided to keep the matter under review at its next session.",
    ])
    c.showPage()
    c.setFont("Times-Roman", 10)
    y = 760.0
    c.drawString(BODY_X, y, "The Committee had before it the following documents:")
    y -= 20
    for key, lines in [*RUN_ROWS, (BROKEN[0], BROKEN[1])]:
        c.drawString(KEY_X, y, key)
        for text in lines:
            c.drawString(VALUE_X, y, text)
            y -= 12
        y -= 4
    assert y > 100  # the table ends above the foot band
    c.showPage()
    return c


def _build_continued(path: Path) -> None:
    c = _table_broken_at_page_2_foot(path)
    c.setFont("Times-Roman", 10)
    y = 760.0
    for text in BROKEN[2]:  # the broken row's last line, alone at the top of the page
        c.drawString(VALUE_X + SHIFT, y, text)
        y -= 12
    y -= 4
    for key, lines in NEXT_ROWS:
        c.drawString(KEY_X + SHIFT, y, key)
        for text in lines:
            c.drawString(VALUE_X + SHIFT, y, text)
            y -= 12
        y -= 4
    c.showPage()
    c.setFont("Times-Roman", 10)
    y = 760.0
    for key, lines in OTHER_ROWS:
        c.drawString(KEY_X, y, key)
        for text in lines:
            c.drawString(VALUE_X + 60, y, text)
            y -= 12
        y -= 4
    _paragraph(c, y - 14, "2.", ["The meeting rose at 6 p.m. after adopting its report."])
    c.showPage()
    c.save()


@pytest.fixture(scope="module")
def continued(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    path = tmp_path_factory.mktemp("continued") / "continued.pdf"
    _build_continued(path)
    return extract_document(path, backend="pdfium")


def test_table_continued_on_the_next_page_is_one_table(continued: Extraction) -> None:
    first, other = continued.tables
    assert (first.number, first.page, other.number, other.page) == (1, 2, 2, 4)
    rows = _rows(first)
    want = [[key, " ".join(lines)] for key, lines in [*RUN_ROWS, (BROKEN[0], BROKEN[1])]]
    # rows numbered on across the page break: the broken row's rest is a row of its own on
    # page 3, in the second column only
    want += [[" ".join(BROKEN[2])], *([key, " ".join(lines)] for key, lines in NEXT_ROWS)]
    assert rows == want
    pages = {c.row: c.box.page for c in first.cells}
    assert pages[len(RUN_ROWS) + 1] == 2 and pages[len(RUN_ROWS) + 2] == 3
    assert [c.column for c in first.cells if c.row == len(RUN_ROWS) + 2] == [2]
    assert _rows(other) == [[key, " ".join(lines)] for key, lines in OTHER_ROWS]
    text = " ".join(p.text for p in continued.paragraphs) + " ".join(
        b.text for b in continued.other_text)
    assert "participants" not in text and "Doc-26" not in text


def test_joined_table_in_the_tables_output(continued: Extraction) -> None:
    # the tables output: one table number, each row with the page it is printed on
    from pipeline.out.rows import table_cell_rows

    rows = table_cell_rows(continued)
    assert {r["table"] for r in rows if r["page"] in (2, 3)} == {1}
    assert {r["page"] for r in rows if r["table"] == 1} == {2, 3}
    assert {(r["row"], r["page"]) for r in rows if r["text"] == "Doc-26"} == {
        (len(RUN_ROWS) + 3, 3)}


def test_joined_tables_of_a_genuine_document() -> None:
    # A/HRC/WG.6/34/ITA/3 pages 11-13: the joint submissions JS1 ... JS16, one table; JS5's
    # list of organizations runs over to the top of page 12 ("Disarmo; Istituto di Ricerche
    # Internazionali Arciragazzi ...")
    ex = _genuine("A_HRC_WG.6_34_ITA_3_E.pdf")
    (table,) = [t for t in ex.tables if _rows(t)[0][0] == "JS1"]
    rows = _rows(table)
    keys = [r[0] for r in rows if r[0].startswith("JS")]
    assert keys == [f"JS{n}" for n in range(1, 17)]
    assert len(rows) == 17
    assert rows[5][0].startswith("Disarmo; Istituto di Ricerche Internazionali Arciragazzi")
    pages = {c.row: c.box.page for c in table.cells}
    assert (pages[1], pages[6], pages[13], pages[14], pages[17]) == (11, 12, 12, 13, 13)
    assert not [t for t in ex.tables if t.page == 12]


def test_list_of_documents_over_four_pages() -> None:
    # A/AC.296/2026/9 annex XI, third session: A/AC.296/2025/1/Rev.1 on page 78 to
    # A/AC.296/2026/CRP.11 on page 81, one table; page 81 opens with the rest of CRP.9's title
    ex = _genuine("A_AC.296_2026_9_E.pdf")
    (table,) = [t for t in ex.tables if _rows(t)[0][0] == "A/AC.296/2025/1/Rev.1"]
    assert table.page == 78
    assert sorted({c.box.page for c in table.cells}) == [78, 79, 80, 81]
    rows = _rows(table)
    assert rows[-1][0] == "A/AC.296/2026/CRP.11"
    assert rows[-2][0] == "A/AC.296/2026/CRP.10"
    assert rows[-3] == ["Conservation and Sustainable Use of Marine Biological Diversity of Areas "
                        "beyond National Jurisdiction on modalities for the decision on the "
                        "seat of the secretariat established under article 50 of the Agreement"]
    # second session, page 76: A/AC.296/2025/15 at the foot of the page is a key, not the
    # running footer, and its title runs over to page 77
    (second,) = [t for t in ex.tables if _rows(t)[0][0] == "A/AC.296/2025/12"]
    rows = _rows(second)
    assert rows[3] == ["A/AC.296/2025/15", "Draft terms of reference for an informal group on "
                       "the technical aspects of the operationalization of the"]
    assert rows[4][0].startswith("Clearing-House Mechanism under the Agreement")
    assert rows[5][0] == "A/AC.296/2025/16"


# -- columns of figures right-aligned, and centred columns (issue #15) ------------------------

#: a table without rules: names left-aligned at KEY_X, amounts right-aligned on AMOUNT_X1, a
#: status centred on STATUS_MID (the column heads set the same way)
FIGURES = [
    ("State", "Amount (US$)", "Status"),
    ("Austria", "1,250,000", "Paid"),
    ("Brazil", "98,500", "Pending"),
    ("Chile", "12,000", "Partially paid"),
    ("Denmark", "4,300,000", "Paid"),
]
AMOUNT_X1, STATUS_MID = 330.0, 430.0


def _build_figures(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Times-Roman", 10)
    _paragraph(c, 760.0, "1.", ["The Committee considered the contributions received."])
    c.showPage()
    c.setFont("Times-Roman", 10)
    y = _paragraph(c, 760.0, "2.", [
        "The contributions received by the end of the year are shown below, by State",
        "and in United States dollars:",
    ])
    for name, amount, status in FIGURES:
        c.drawString(KEY_X, y, name)
        c.drawRightString(AMOUNT_X1, y, amount)
        c.drawCentredString(STATUS_MID, y, status)
        y -= 16
    _paragraph(c, y - 10, "3.", ["The Committee took note of the contributions received."])
    c.showPage()
    c.save()


def test_right_aligned_and_centred_columns(tmp_path: Path) -> None:
    path = tmp_path / "figures.pdf"
    _build_figures(path)
    ex = extract_document(path, backend="pdfium")
    (table,) = ex.tables
    assert table.page == 2
    assert _rows(table) == [list(row) for row in FIGURES]
    text = " ".join(p.text for p in ex.paragraphs) + " ".join(b.text for b in ex.other_text)
    assert "1,250,000" not in text and "Partially paid" not in text
    assert [p.id for p in ex.paragraphs if p.number is not None] == ["1", "2", "3"]


#: a longer table of figures, run on to the foot of page 2 and on over page 3: amounts of
#: different widths open each page, right-aligned on AMOUNT_X1
LONG_FIGURES = [(f"State {n}", f"{(n * 7919) % 100000:,}" if n % 3 else f"{n * 1000:,}",
                 "Paid" if n % 2 else "Pending") for n in range(1, 48)]


def _build_long_figures(path: Path, on_page_2: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Times-Roman", 10)
    _paragraph(c, 760.0, "1.", ["The Committee considered the contributions received."])
    c.showPage()
    c.setFont("Times-Roman", 10)
    y = _paragraph(c, 760.0, "2.", ["The contributions received are shown below:"])
    rows = [FIGURES[0], *LONG_FIGURES]
    for k, (name, amount, status) in enumerate(rows):
        if k == on_page_2 + 1:
            c.showPage()
            c.setFont("Times-Roman", 10)
            y = 760.0
        c.drawString(KEY_X, y, name)
        c.drawRightString(AMOUNT_X1, y, amount)
        c.drawCentredString(STATUS_MID, y, status)
        y -= 14
    _paragraph(c, y - 10, "3.", ["The Committee took note of the contributions received."])
    c.showPage()
    c.save()


def test_right_aligned_figures_continued_on_the_next_page(tmp_path: Path) -> None:
    path = tmp_path / "long_figures.pdf"
    on_page_2 = 44
    _build_long_figures(path, on_page_2)
    ex = extract_document(path, backend="pdfium")
    (table,) = ex.tables
    assert _rows(table) == [list(row) for row in [FIGURES[0], *LONG_FIGURES]]
    pages = {c.row: c.box.page for c in table.cells}
    assert (pages[on_page_2 + 1], pages[on_page_2 + 2]) == (2, 3)
    # page 3 opens with an amount narrower than the column heads' (right-aligned)
    assert len(LONG_FIGURES[on_page_2][1]) < len(FIGURES[0][1])


# -- a key wrapped over two lines or more (issue #15) ----------------------------------------

def test_wrapped_key_is_one_row() -> None:
    # A/AC.296/2026/9 annex XI, page 79: the table sets its rows apart by space; a symbol key
    # wrapped over three lines at the line leading ("A/AC.296/2026/CRP.2," / "...CRP.2/Rev.1
    # and" / "...CRP.2/Rev.1/Corr.1") is one row with its title, not three
    ex = _genuine("A_AC.296_2026_9_E.pdf")
    (table,) = [t for t in ex.tables if _rows(t)[0][0] == "A/AC.296/2025/1/Rev.1"]
    rows = _rows(table)
    keys = [r[0] for r in rows if len(r) == 2]
    assert "A/AC.296/2026/CRP.1 and A/AC.296/2026/CRP.1/Rev.1" in keys
    crp2 = "A/AC.296/2026/CRP.2, A/AC.296/2026/CRP.2/Rev.1 and A/AC.296/2026/CRP.2/Rev.1/Corr.1"
    (row,) = [r for r in rows if r[0] == crp2]
    assert row[1] == ("Draft terms of reference and modalities for the operation of, and rules "
                      "of procedure for, the subsidiary bodies established under the Agreement "
                      "under the United Nations Convention on the Law of the Sea on the "
                      "Conservation and Sustainable Use of Marine Biological Diversity of Areas "
                      "beyond National Jurisdiction")
    # page 80: CRP.6 wrapped over two lines, then CRP.7 after a gap
    i = keys.index("A/AC.296/2026/CRP.6 and A/AC.296/2026/CRP.6/Rev.1")
    assert keys[i - 1] == "A/AC.296/2026/CRP.5"
    assert keys[i + 1] == "A/AC.296/2026/CRP.7"
    assert not [k for k in keys if k.startswith("A/AC.296/2026/CRP.2/Rev.1")]


# -- a broken cell's rest alone at the top of the next page (issue #15) ----------------------

#: the rest of the broken row's title opens page 3, no row after it: then a paragraph
ALONE_REST = ["participants and the observers"]


def _build_rest_alone(path: Path, indented: bool = False) -> None:
    c = _table_broken_at_page_2_foot(path)
    c.setFont("Times-Roman", 10)
    y = 760.0
    if indented:  # no rest: a paragraph whose first line is indented as far as the titles
        c.drawString(VALUE_X + SHIFT, y, "The documents were introduced by the Secretary,")
        c.drawString(BODY_X + SHIFT, y - 12, "who recalled the mandate of the Committee and its")
        c.drawString(BODY_X + SHIFT, y - 24, "programme of work for the biennium.")
        y -= 24
    for text in [] if indented else ALONE_REST:  # the text block set SHIFT further right
        c.drawString(VALUE_X + SHIFT, y, text)
        y -= 12
    y -= 14
    c.drawString(BODY_X + SHIFT, y, "2.")
    c.drawString(TEXT_X + SHIFT, y, "The meeting rose at 6 p.m. after adopting its report on")
    c.drawString(BODY_X + SHIFT, y - 12, "the documents listed above.")
    c.showPage()
    c.save()


def test_broken_cell_rest_alone_joins_the_table(tmp_path: Path) -> None:
    path = tmp_path / "rest.pdf"
    _build_rest_alone(path)
    ex = extract_document(path, backend="pdfium")
    (table,) = ex.tables
    rows = _rows(table)
    want = [[key, " ".join(lines)] for key, lines in [*RUN_ROWS, (BROKEN[0], BROKEN[1])]]
    assert rows == [*want, [" ".join(ALONE_REST)]]
    assert [(c.column, c.box.page) for c in table.cells if c.row == len(want) + 1] == [(2, 3)]
    text = " ".join(p.text for p in ex.paragraphs) + " ".join(b.text for b in ex.other_text)
    assert "observers" not in text
    assert "The meeting rose at 6 p.m." in text


def test_indented_paragraph_after_an_open_table_stays_text(tmp_path: Path) -> None:
    # the next page opens with a paragraph whose first line starts where the titles do: its
    # next line runs on at the line leading from the margin, no cell's rest
    path = tmp_path / "indented.pdf"
    _build_rest_alone(path, indented=True)
    ex = extract_document(path, backend="pdfium")
    (table,) = ex.tables
    assert {c.box.page for c in table.cells} == {2}
    text = " ".join(p.text for p in ex.paragraphs) + " ".join(b.text for b in ex.other_text)
    assert "introduced by the Secretary" in text


#: rows set apart by space: key lines, value lines (values at VALUE_X + 60); the second key
#: wraps over two lines beside a one-line title, the third over three beside two
SPACED_ROWS = [
    (["E/CN.5/2025/1"], ["Provisional agenda and annotations, with the", "programme of work"]),
    (["E/CN.5/2025/2"], ["Report of the Secretary-General on social development"]),
    (["E/CN.5/2025/3 and", "E/CN.5/2025/3/Corr.1"], ["Note by the Secretariat on the theme"]),
    (["E/CN.5/2025/4,", "E/CN.5/2025/4/Add.1 and", "E/CN.5/2025/4/Add.2"],
     ["Letter dated 1 February 2025 from the", "Permanent Representative"]),
    (["E/CN.5/2025/5"], ["Statement submitted by a non-governmental organization"]),
]


def test_wrapped_key_beside_a_shorter_cell(tmp_path: Path) -> None:
    # a key line alone in the first column, at the line leading under the key above, in a
    # table whose rows are set apart by space: the key's next line, not a heading
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "spaced.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Times-Roman", 10)
    _paragraph(c, 760.0, "1.", ["The Commission had before it the documents listed below."])
    c.showPage()
    c.setFont("Times-Roman", 10)
    y = 760.0
    c.drawString(BODY_X, y, "The Commission had before it the following documents:")
    y -= 20
    for keys, values in SPACED_ROWS:
        for n in range(max(len(keys), len(values))):
            if n < len(keys):
                c.drawString(KEY_X, y, keys[n])
            if n < len(values):
                c.drawString(VALUE_X + 60, y, values[n])
            y -= 12
        y -= 6
    _paragraph(c, y - 14, "2.", ["The Commission took note of the documents."])
    c.showPage()
    c.save()
    ex = extract_document(path, backend="pdfium")
    (table,) = ex.tables
    assert _rows(table) == [[" ".join(k), " ".join(v)] for k, v in SPACED_ROWS]
    text = " ".join(p.text for p in ex.paragraphs) + " ".join(b.text for b in ex.other_text)
    assert "Corr.1" not in text and "took note of the documents" in text


def _by_key(ex: Extraction, page: int) -> dict[str, str]:
    """The rows of the tables on ``page``: their first cell → their last."""
    out: dict[str, str] = {}
    for t in ex.tables:
        rows: dict[int, list[tuple[int, str]]] = {}
        for c in t.cells:
            if c.box.page == page:
                rows.setdefault(c.row, []).append((c.column, c.text))
        for cells in rows.values():
            cells.sort()
            out[cells[0][1]] = cells[-1][1]
    return out


def test_a_cell_whose_line_ends_on_a_hyphen_reads_as_printed() -> None:
    # A/HRC/43/2 p. 166, the documents of the NGO series: a title's line ends on the hyphen
    # of "non-" and the next goes on with "governmental organization"; p. 157: "resolutions
    # S-" over "9/1 and S-12/1"
    ex = _genuine("A_HRC_43_2_E.pdf")
    p166 = _by_key(ex, 166)
    assert p166["A/HRC/43/NGO/16"] == (
        "Written statement submitted by International Council Supporting Fair Trial and Human "
        "Rights, a non-governmental organization in special consultative status")
    assert p166["A/HRC/43/NGO/28"] == (
        "Written statement submitted by Americans for Democracy & Human Rights in Bahrain Inc, "
        "a non-governmental organization in special consultative status")
    assert _by_key(ex, 157)["A/HRC/43/70"] == (
        "Implementation of Human Rights Council resolutions S-9/1 and S-12/1: report of the "
        "United Nations High Commissioner for Human Rights")
