"""Page geometry: rules painted as nested boxes, footnote areas, pages set in columns."""

from __future__ import annotations

from dataclasses import replace

from pipeline.model import Box, Line, Page, Repair, Rule, Word
from pipeline.parse.columns import read_columns
from pipeline.parse.evidence import Evidence
from pipeline.parse.footnotes import build_footnotes
from pipeline.parse.layout import _footnote_split, _split_footnotes, _split_notes, _split_page
from pipeline.read.strokes import page_rules
from pipeline.textnorm import join_lines, line_end_cut


def _line(text: str, x0: float, top: float, size: float = 10.0, page: int = 1,
          width: float | None = None) -> Line:
    """A line of ``text`` starting at ``x0``: words 5 pt per character, 2.5 pt spaces."""
    words = []
    x = x0
    for k, t in enumerate(text.split()):
        w = len(t) * 5.0 if width is None else width / len(text.split()) - 2.5
        words.append(Word(t, x, x + w, top, top + size, size, "Times", False, False,
                          False, 0.0 if k == 0 else 2.5))
        x += w + 2.5
    return Line(page, tuple(words), x0, words[-1].x1, top, top + size, size, "Times",
                False, False)


# -- rules ------------------------------------------------------------------------------------


def test_border_painted_as_two_nested_boxes_is_a_rule() -> None:
    # WeasyPrint's footnote-area border: outer box minus inner box, filled even-odd
    shapes = [("rect", 60.0, 535.0, 691.4, 729.9), ("rect", 60.0, 535.0, 691.9, 729.9)]
    assert page_rules(3, shapes) == [Rule(3, 60.0, 535.0, 691.4)]


def test_boxes_that_are_not_a_border_are_no_rule() -> None:
    shapes = [
        ("rect", 60.0, 535.0, 600.0, 729.9),  # a shaded box
        ("rect", 60.0, 300.0, 604.0, 729.9),  # narrower: a box inside it
        ("rect", 60.0, 535.0, 640.0, 700.0),  # another bottom
    ]
    assert page_rules(1, shapes) == []


def test_lines_and_thin_rectangles_stay_rules() -> None:
    shapes = [("line", 60.0, 200.0, 700.0, 700.0), ("rect", 60.0, 200.0, 650.0, 650.5),
              ("line", 60.0, 60.0, 100.0, 700.0), ("rect", 60.0, 70.0, 640.0, 640.5)]
    assert page_rules(1, shapes) == [Rule(1, 60.0, 200.0, 700.0), Rule(1, 60.0, 200.0, 650.0)]


# -- footnote areas ---------------------------------------------------------------------------


def _page(lines: list[Line], rules: list[Rule]) -> Page:
    return Page(1, 595.0, 842.0, lines, rules)


def _body(n: int, top: float = 100.0) -> list[Line]:
    return [_line("word " * 20, 60.0, top + 12 * k, width=470.0) for k in range(n)]


def test_full_width_border_over_small_print_separates_footnotes() -> None:
    notes = [_line("1 Voir le document A/1.", 60.0, 700.0, 8.0),
             _line("2 Voir le document A/2.", 60.0, 712.0, 8.0)]
    lines = _body(5) + notes
    page = _page(lines, [Rule(1, 60.0, 530.0, 690.0)])
    assert _footnote_split(page, lines, 10.0) == [5, 6]


def test_full_width_rule_over_body_text_is_no_footnote_separator() -> None:
    lines = _body(5) + [_line("1. Les États parties devraient", 60.0, 700.0),
                        _line("note 1 Voir le document A/2.", 60.0, 712.0, 8.0)]
    page = _page(lines, [Rule(1, 60.0, 530.0, 690.0)])
    assert _footnote_split(page, lines, 10.0) is None


def test_typed_underscores_with_a_glued_mark_separate_footnotes() -> None:
    notes = [_line("*__________________", 60.0, 690.0),
             _line("CTOC/COP/WG.7/2019/1.", 110.0, 704.0, 8.0),
             _line("1 Voir CTOC/COP/WG.7/2013/5, annexe.", 110.0, 716.0, 8.0)]
    lines = _body(5) + notes
    assert _footnote_split(_page(lines, []), lines, 10.0) == [5, 6, 7]
    assert _split_footnotes(notes) == ["* CTOC/COP/WG.7/2019/1.",
                                       "1 Voir CTOC/COP/WG.7/2013/5, annexe."]


def test_underscores_high_on_the_page_over_long_footnotes_separate_them() -> None:
    # A/AC.296/2026/9 page 11: two body lines, then underscores at a quarter of the page, then
    # notes in smaller print filling the page to its foot (issue #15)
    notes = [_line("__________________", 60.0, 150.0, 8.0),
             _line("20 On draft rule 6 (draft rule 8 of annex I)", 75.0, 164.0, 8.5),
             _line("maintaining the principle of the non-objection", 83.0, 175.0, 8.5),
             _line("21 The Philippines observed that the rules", 75.0, 186.0, 8.5)]
    notes += [_line("more words of note 21 " * 3, 83.0, 197.0 + 11 * k, 8.5) for k in range(40)]
    lines = _body(2) + notes
    assert _footnote_split(_page(lines, []), lines, 10.0) == list(range(2, len(lines)))
    # underscores high up over body-size text (a blank to fill in) separate nothing
    blank = _body(2) + [_line("__________________", 60.0, 150.0)] + _body(5, 170.0)
    assert _footnote_split(_page(blank, []), blank, 10.0) is None
    # nor over small print that opens with no footnote mark (a block quote)
    quote = [replace(ln, size=8.5) for ln in _body(5, 170.0)]
    quoted = _body(2) + [_line("__________________", 60.0, 150.0)] + quote
    assert _footnote_split(_page(quoted, []), quoted, 10.0) is None


def test_footnotes_at_the_foot_of_one_column_leave_the_other_column() -> None:
    left = [_line("gauche " * 5, 60.0, 600.0 + 12 * k, width=230.0) for k in range(3)]
    right = [_line("droite " * 5, 305.0, 600.0 + 12 * k, width=230.0) for k in range(10)]
    notes = [_line("1 Les rapports des cinq réunions", 110.0, 645.5, 8.0),
             _line("figurent dans les documents", 123.0, 659.5, 8.0)]
    lines = sorted(left + right + notes, key=lambda ln: (ln.top, ln.x0))
    page = _page(lines, [Rule(1, 60.0, 117.0, 642.5)])
    found = _footnote_split(page, lines, 10.0)
    assert found is not None
    assert [lines[i] for i in found] == notes


# -- columns ----------------------------------------------------------------------------------


def _two_columns(rows: int, gutter_label: bool = False) -> tuple[list[Line], list[Line]]:
    left = [_line(f"gauche{k} " + "mot " * 8, 60.0, 100.0 + 12 * k, width=230.0)
            for k in range(rows)]
    right = [_line(f"droite{k} " + "mot " * 8, 305.0 if gutter_label and k == 3 else 333.0,
                   100.0 + 12 * k, width=202.0) for k in range(rows)]
    return left, right


def test_two_columns_are_read_column_by_column() -> None:
    left, right = _two_columns(30)
    heading = _line("Titre sur toute la largeur de la page " * 2, 60.0, 80.0, width=475.0)
    lines = sorted([heading, *left, *right], key=lambda ln: (round(ln.top), ln.x0))
    assert read_columns(lines, 10.0, []) == [heading, *left, *right]


def test_a_label_hung_into_the_gutter_stays_with_its_column() -> None:
    left, right = _two_columns(30, gutter_label=True)
    lines = sorted([*left, *right], key=lambda ln: (round(ln.top), ln.x0))
    assert read_columns(lines, 10.0, []) == [*left, *right]


def test_a_row_merged_across_the_gutter_is_cut() -> None:
    left, right = _two_columns(30)
    merged = Line(1, left[5].words + right[5].words, 60.0, right[5].x1, left[5].top,
                  left[5].bottom, 10.0, "Times", False, False)
    lines = sorted([*left[:5], *left[6:], *right[:5], *right[6:], merged],
                   key=lambda ln: (round(ln.top), ln.x0))
    out = read_columns(lines, 10.0, [])
    assert [ln.text for ln in out] == [ln.text for ln in [*left, *right]]
    assert out[35].words[0].gap_before == 0.0


def test_single_column_page_and_short_two_cell_block_keep_their_order() -> None:
    body = _body(40)
    assert read_columns(body, 10.0, []) == body
    # a masthead-like block: two cells on shared baselines, too short to be a column zone
    left, right = _two_columns(4)
    lines = sorted([*left, *right, *_body(30, 160.0)], key=lambda ln: (round(ln.top), ln.x0))
    assert read_columns(lines, 10.0, []) == lines


def test_a_table_of_narrow_cells_is_not_read_as_columns() -> None:
    cells = [_line(f"cellule{k}", x, 100.0 + 12 * k) for k in range(30) for x in (60.0, 400.0)]
    lines = sorted(cells, key=lambda ln: (round(ln.top), ln.x0))
    assert read_columns(lines, 10.0, []) == lines


def test_footnotes_without_separator_at_the_foot_of_the_page() -> None:
    notes = [_line("1 Voir le document A/1.", 60.0, 720.0, 8.0),
             _line("suite de la note.", 60.0, 730.0, 8.0)]
    lines = _body(5) + notes
    assert _footnote_split(_page(lines, []), lines, 10.0) == [5, 6]
    # small print that follows the body closely, or opens without a mark, is body text
    close = _body(5, 690.0) + [_line("1 Voir le document A/1.", 60.0, 750.0, 8.0)]
    assert _footnote_split(_page(close, []), close, 10.0) is None
    high = _body(5) + [_line("1 Voir le document A/1.", 60.0, 200.0, 8.0)]
    assert _footnote_split(_page(high, []), high, 10.0) is None
    unmarked = [_line("Voir le document A/1.", 60.0, 720.0, 8.0)]
    assert _footnote_split(_page(_body(5) + unmarked, []), _body(5) + unmarked, 10.0) is None


# -- masthead set in two columns on shared baselines ------------------------------------------


def _merged_masthead() -> tuple[list[Line], float, float]:
    """Page 1 of the docx-route PDF (the masthead a Word table), with the right column moved
    next to the organ (a 14 pt gutter) and every row whose cells overlap vertically read as one
    line, as a loader reads cells that share baselines across a narrow gutter."""
    from pathlib import Path

    from pipeline.read.load import load_pdf

    pdf = Path(__file__).resolve().parent.parent / "fixtures/pdfs/docx/wg7_2019_fr.pdf"
    page = load_pdf(pdf).pages[0]
    top = [ln for ln in page.lines if ln.top < 200]
    organ = [ln for ln in top if ln.x1 < 300 and ln.size > 15]
    right = [ln for ln in top if ln.x0 > 340 and ln.size < 11]
    shift = min(ln.x0 for ln in right) - (max(ln.x1 for ln in organ) + 14.0)
    out, used = [], set()
    for ln in page.lines:
        if ln in right:
            continue
        moved = ln
        for r in right:
            if ln in organ and id(r) not in used and min(ln.bottom, r.bottom) > max(ln.top, r.top):
                used.add(id(r))
                words = tuple(w._replace(x0=w.x0 - shift, x1=w.x1 - shift) for w in r.words)
                moved = Line(1, ln.words + words, ln.x0, words[-1].x1, min(ln.top, r.top),
                             max(ln.bottom, r.bottom), ln.size, ln.font, ln.bold, ln.italic)
                break
        out.append(moved)
    for r in right:
        if id(r) not in used:
            out.append(Line(1, tuple(w._replace(x0=w.x0 - shift, x1=w.x1 - shift)
                                     for w in r.words), r.x0 - shift, r.x1 - shift, r.top,
                            r.bottom, r.size, r.font, r.bold, r.italic))
    out.sort(key=lambda ln: (round(ln.top), ln.x0))
    return out, page.width, page.height


def test_masthead_cells_on_shared_baselines_are_read_column_by_column() -> None:
    from pipeline.parse.frontmatter import read_front_matter

    lines, width, height = _merged_masthead()
    assert any(len({w.size for w in ln.words}) > 1 for ln in lines)  # rows really merged
    meta = read_front_matter(lines, width, height).meta
    assert meta.organ == ("Conférence des Parties à la Convention des Nations Unies contre la "
                          "criminalité transnationale organisée")
    assert meta.date == "2019-06-21"
    assert meta.original_language == "en"
    assert meta.distribution == "general"


# -- text-loss ledger on column pages -----------------------------------------------------------


def test_block_ledger_counts_a_repair_only_on_its_own_block_lines() -> None:
    from pipeline.model import Block, Repair, union_by_page
    from pipeline.parse.audit import check_blocks

    # block A runs from the foot of the left column to the top of the right one: its extent on
    # the page encloses block B, which sits lower in the right column and was dehyphenated
    a_lines = [_line("Les États parties devraient", 60.0, 700.0, width=230.0),
               _line("continuer leurs efforts.", 333.0, 100.0, width=202.0)]
    b_lines = [_line("Le Groupe de travail encou-", 333.0, 300.0, width=202.0),
               _line("rage les États.", 333.0, 312.0)]
    a = Block("paragraph", None, "Les États parties devraient continuer leurs efforts.",
              a_lines, union_by_page([ln.box for ln in a_lines]), 60.0)
    b = Block("paragraph", None, "Le Groupe de travail encourage les États.", b_lines,
              union_by_page([ln.box for ln in b_lines]), 333.0)
    cut = Repair("dehyphenation", "encou-rage", "encourage", b_lines[0].words[-1].box(1))
    check_blocks([a, b], [cut], "doc.pdf")  # balanced: the cut is B's alone


def test_label_hung_over_the_other_column_goes_with_its_heading() -> None:
    # two columns (left text 60-250, right text 290-480); a heading's label in the right column
    # hangs left into the gutter and is drawn over the end of a left-column line
    lines = []
    for n in range(12):
        top = 100.0 + 12 * n
        lines.append(_line("left column text of the page", 60.0, top, width=190.0))
        if n == 5:
            heading = _line("III. Heading of the right", 240.0, top, width=240.0)
            lines.append(replace(heading, bold=True))
        else:
            lines.append(_line("right column text of it", 290.0, top, width=190.0))
    out = read_columns(lines, 10.0, [])
    texts = [ln.text for ln in out]
    assert texts[:12] == ["left column text of the page"] * 12
    assert texts[12 + 5] == "III. Heading of the right"


def test_a_footnote_continued_on_a_short_line_stays_with_its_note() -> None:
    # S/RES/2776 (2025) p. 14: a short centred rule ends the text, the typed separator and a
    # two-line note follow; the note's short last line ("shipment.") is left of the rule's
    # column, yet it continues the note (same print, no mark, the next line under it)
    body = [_line("word " * 10, 123.4, 500.0 + 18 * k, width=350.0) for k in range(5)]
    notes = [_line("__________________", 99.6, 701.6, 8.0),
             _line("2 To be notified to Government in advance of intended", 117.0, 715.3, 8.5,
                   width=337.0),
             _line("shipment.", 123.4, 725.8, 8.5)]
    far = _line("A note-sized line", 123.4, 760.0, 8.5)  # a line's height and more below
    lines = body + notes + [far]
    page = _page(lines, [Rule(1, 270.2, 342.2, 681.1)])
    assert _footnote_split(page, lines, 10.0) == [5, 6, 7]
    assert _split_footnotes(notes) == [
        "2 To be notified to Government in advance of intended shipment."]


def test_the_end_of_document_mark_is_furniture() -> None:
    # ICCD/COP(8)/CST/8 p. 18: "- - - - -" centred under the last paragraph
    body = [_line("word " * 20, 42.5, 600.0 + 13 * k, width=468.0) for k in range(8)]
    mark = _line("- - - - -", 262.3, 743.5)
    out = _split_page(_page([*body, mark], []), 10.0, {"top": set(), "bottom": set()}, False)
    assert [ln.text for ln in out.body] == [ln.text for ln in body]
    assert [(f.text, f.reason) for f in out.furniture] == [("- - - - -", "end-mark")]
    # the same dashes at the left margin (not centred) are text
    aside = replace(mark, x0=42.5, x1=77.5)
    out = _split_page(_page([*body, aside], []), 10.0, {"top": set(), "bottom": set()}, False)
    assert out.body[-1].text == "- - - - -" and not out.furniture


# -- a note's lines joined ---------------------------------------------------------------------


def _texts(lines: list[Line]) -> list[tuple[str | None, str]]:
    return [(n.mark, n.text) for n, _ in _split_notes(lines)]


def test_a_line_end_hyphen_of_a_note_joins_its_word_without_a_space() -> None:
    # A/AC.296/2026/9 p. 5, notes 2 and 3: a link whose first line ends on the link's own
    # hyphen; ST/SPACE/61/Rev.3 p. 66: "extra-" then "atmosphérique" on the next line
    lines = [_line("2 See https://www.un.org/bbnjagreement/sites/default/files/2025-", 117.0,
                   700.0, 8.0),
             _line("04/20250325GuidingQuestionsFinal.pdf.", 127.0, 709.0, 8.0),
             _line("3 Convention sur l'immatriculation des objets lancés dans l'espace extra-",
                   117.0, 718.0, 8.0),
             _line("atmosphérique (Nations Unies, Recueil des Traités).", 127.0, 727.0, 8.0)]
    assert _texts(lines) == [
        ("2", "See https://www.un.org/bbnjagreement/sites/default/files/2025-04/"
              "20250325GuidingQuestionsFinal.pdf."),
        ("3", "Convention sur l'immatriculation des objets lancés dans l'espace "
              "extra-atmosphérique (Nations Unies, Recueil des Traités)."),
    ]
    # a dash standing alone at a line's end is no cut: the next line goes on after a space
    lines = [_line("4 Geneva, 3 -", 117.0, 700.0, 8.0), _line("May 2026.", 127.0, 709.0, 8.0)]
    assert line_end_cut("Geneva, 3 -", "May 2026.") is None
    assert _texts(lines) == [("4", "Geneva, 3 - May 2026.")]


def test_a_note_line_opening_with_a_raised_abbreviation_goes_on_with_its_note() -> None:
    # ST/SPACE/61/Rev.3 p. 66, note 23: its seventh line opens with "nº 13810)", the o raised
    # and glued to the n: no note's mark, and "no" as the body prints such abbreviations
    first = _line("23 Recueil des Traités, vol. 961,", 117.0, 700.0, 8.0)
    n = Word("n", 127.0, 131.0, 709.0, 717.0, 8.0, "Times", False, False, False, 0.0)
    o = Word("o", 131.2, 134.0, 708.0, 713.0, 5.0, "Times", False, False, True, 0.2)
    rest = _line("13810) ; Convention sur la Lune.", 136.5, 709.0, 8.0).words
    rest = (rest[0]._replace(gap_before=2.5), *rest[1:])
    second = Line(1, (n, o, *rest), 127.0, rest[-1].x1, 708.0, 717.0, 8.0, "Times", False,
                  False)
    assert _texts([first, second]) == [
        ("23", "Recueil des Traités, vol. 961, no 13810) ; Convention sur la Lune.")]
    # a letter standing alone, raised text after a gap, is still a note's mark ("b Source")
    mark = _line("b Source: the Secretariat.", 117.0, 720.0, 8.0)
    assert _texts([first, mark]) == [("23", "Recueil des Traités, vol. 961,"),
                                      ("b", "Source: the Secretariat.")]


def _body_evidence(*texts: str) -> Evidence:
    lines = [_line(t, 60.0, 100.0 + 12 * k) for k, t in enumerate(texts)]
    evidence = Evidence(lines)
    evidence.calibrate(lines)
    return evidence


def test_the_notes_lines_are_joined_by_the_documents_hyphen_evidence() -> None:
    # the body prints "recommandations" whole: a note's "recom-" / "mandations" is the word
    # cut by the typesetter, its hyphen dropped (a repair); the body's compounds keep theirs
    evidence = _body_evidence("Les recommandations adoptées par le Groupe de travail",
                              "sur le trafic illicite de migrants et les mesures non-",
                              "contraignantes du Groupe de travail.")
    lines = [_line("1 Voir les recom-", 117.0, 700.0, 8.0, page=3),
             _line("mandations du Groupe.", 127.0, 709.0, 8.0, page=3),
             _line("2 Mesures non-", 117.0, 718.0, 8.0, page=3),
             _line("contraignantes.", 127.0, 727.0, 8.0, page=3)]
    notes = [n for n, _ in _split_notes(lines)]
    assert [n.text for n in notes] == ["Voir les recom-mandations du Groupe.",
                                       "Mesures non-contraignantes."]  # no evidence yet
    repairs: list[Repair] = []
    got = build_footnotes(notes, [], [], evidence, repairs)
    assert [f.text for f in got] == ["Voir les recommandations du Groupe.",
                                     "Mesures non-contraignantes."]
    cut = lines[0].words[-1]
    assert repairs == [Repair("dehyphenation", "recom-mandations", "recommandations",
                              Box(3, cut.x0, cut.top, cut.x1, cut.bottom),
                              "joined form elsewhere")]
    # a link's hyphen is its own even in a document that hyphenates automatically
    evidence.auto_hyphenation = True
    assert evidence.decide_hyphen("https://www.un.org/en/meetings/preparatory",
                                  "commission/documents") == (True, "inside a link or path")
    assert evidence.decide_hyphen("recom", "mandations")[0] is False


def test_a_note_run_over_a_page_break_is_joined_at_its_line_end_hyphen() -> None:
    # the last line of page 4 ends on "extra-"; page 5 opens, under its rule, with the rest
    evidence = _body_evidence("Les activités dans l'espace extra-atmosphérique des États.")
    lines4 = [_line("7 Les activités dans l'espace extra-", 117.0, 700.0, 8.0, page=4)]
    lines5 = [_line("atmosphérique des États.", 127.0, 700.0, 8.0, page=5)]
    notes = [n for n, _ in _split_notes(lines4)] + [n for n, _ in _split_notes(lines5)]
    assert [n.mark for n in notes] == ["7", None]
    for given in (evidence, None):
        (got,) = build_footnotes(notes, [], [], given, [])
        assert (got.text, got.page, got.page_end) == (
            "Les activités dans l'espace extra-atmosphérique des États.", 4, 5)


def test_printed_lines_joined_at_a_line_end_hyphen() -> None:
    # titles, masthead names and table cells: the hyphen kept, no space; a dash standing
    # alone, a hyphen before punctuation and Chinese lines as join_words joins them
    assert join_lines(["Report of the Human Rights Council on its forty-", "third session"]) == (
        "Report of the Human Rights Council on its forty-third session")
    assert join_lines(["resolutions S-", "9/1 and S-12/1"]) == "resolutions S-9/1 and S-12/1"
    assert join_lines(["a non\u00ad", "governmental organization"]) == (
        "a non\u00adgovernmental organization")  # normalised to "-" with the rest
    assert join_lines(["Geneva, 3 -", "5 May"]) == "Geneva, 3 - 5 May"
    assert join_lines(["the pre-", "(draft) text"]) == "the pre- (draft) text"
    assert join_lines(["", "第十九届", "会议"]) == "第十九届会议"
    # a suspended hyphen at a line end: the conjunction, then a compound, on the next line
    assert join_lines(["the short-", "and long-term effects"]) == (
        "the short- and long-term effects")
    assert join_lines(["États parties pré-", "ou post-conflit"]) == (
        "États parties pré- ou post-conflit")
    assert line_end_cut("the short-", "and long-term") is None
    assert line_end_cut("Swazi-", "land and Lesotho") == ("Swazi", "land")
    assert line_end_cut("mi-", "nor changes") == ("mi", "nor")  # no compound follows


def test_an_underline_low_on_the_page_is_no_footnote_separator() -> None:
    # A/RES/48/263 p. 3: "101st plenary meeting" over "28 July 1994", each underlined with a
    # rule drawn along the foot of its line; under them, body text. A date opening the line
    # under a rule looks like a note's mark ("28"): an underline is no separator
    body = [_line("word " * 20, 72.0, 300.0 + 12 * k, width=468.0) for k in range(8)]
    meeting = _line("101st plenary meeting", 414.0, 400.0, width=126.0)
    date = _line("28 July 1994", 468.0, 410.0, width=72.0)
    after = [_line("word " * 20, 72.0, 440.0 + 12 * k, width=468.0) for k in range(6)]
    lines = [*body, meeting, date, *after]
    rules = [Rule(1, 414.0, 409.9, 540.0), Rule(1, 468.0, 419.9, 540.0)]
    assert _footnote_split(_page(lines, rules), lines, 10.0) is None
    # the same rule set apart from the line above it separates the notes under it
    notes = [_line("28 July 1994 is the date of the meeting.", 468.0, 700.0, 8.0, width=72.0)]
    lines = [*body, *after, *notes]
    assert _footnote_split(_page(lines, [Rule(1, 414.0, 690.0, 540.0)]), lines, 10.0) == [14]
