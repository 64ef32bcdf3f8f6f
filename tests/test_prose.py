"""Documents without numbering: body paragraphs in reading order, speakers of verbatim records.

Expected values below were read off the page images of A_60_PV.25_E.pdf (General Assembly,
25th plenary meeting, two columns), not taken from the pipeline's output.
"""

from __future__ import annotations

import pytest
from conftest import extraction, real_pdf

from pipeline.model import Block, Line, Paragraph, Word
from pipeline.parse.prose import build_prose, find_speaker

PV = "A_60_PV.25_E.pdf"
AGENDA = ("Agenda item 110 (continued) / Report of the Secretary-General on the work of the "
          "Organization (A/60/1)")
KAZAKHSTAN = "Mr. Kazykhanov (Kazakhstan)"
CHINA = "Mr. Zhang Yishan (China)"
BRAZIL = "Mr. Sardenberg (Brazil)"
TURKEY = "Mr. İlkin (Turkey)"
NEPAL = "Mr. Acharya (Nepal)"
VENEZUELA = "Mr. Toro Jiménez (Bolivarian Republic of Venezuela)"
CAMEROON = "Mr. Belinga Eboutou (Cameroon)"
ACTING = "The Acting President"


def _pv() -> list[Paragraph]:
    """The statements and procedural notes (p<rank>): the masthead's dot-leader line
    "President: Mr. Eliasson . . . (Sweden)" is a row t1 apart from them (issue #15 item 7)."""
    return [p for p in extraction(str(real_pdf(PV))).paragraphs if p.kind != "text"]


def _starting_on(page: int) -> list[Paragraph]:
    return [p for p in _pv() if p.page_start == page]


def _find(start: str) -> Paragraph:
    hits = [p for p in _pv() if p.text.startswith(start)]
    assert len(hits) == 1, (start, [p.id for p in hits])
    return hits[0]


def test_verbatim_record_is_read_as_unnumbered_paragraphs() -> None:
    ex = extraction(str(real_pdf(PV)))
    assert ex.mode == "paragraphs"
    assert ex.meta.symbol == "A/60/PV.25"
    paras = _pv()
    assert [p.id for p in paras] == [f"p{i}" for i in range(1, len(paras) + 1)]
    # page 1, under the masthead: the one line set with dot leaders, front matter, no statement
    assert [(p.id, p.page_start) for p in ex.paragraphs if p.kind == "text"] == [("t1", 1)]
    assert all(p.number is None and p.item is None and p.parent_id is None for p in paras)
    assert paras[0].text == "The meeting was called to order at 3.10 p.m."
    assert paras[-1].text == "The meeting rose at 4.20 p.m."
    assert paras[-1].page_start == 11


def test_speakers_in_order_of_the_record() -> None:
    order: list[str] = []
    for p in _pv():
        if p.speaker is not None and p.speaker not in order:
            order.append(p.speaker)
    assert order == [KAZAKHSTAN, CHINA, BRAZIL, TURKEY, NEPAL, VENEZUELA, CAMEROON, ACTING]


def test_speakers_of_page_7() -> None:
    # left column: Brazil's last paragraph, Mr. İlkin's label and three paragraphs and the
    # start of a fourth; right column: the rest of it, two more, Mr. Acharya and four more
    paras = _starting_on(7)
    assert [p.speaker for p in paras] == [BRAZIL] + [TURKEY] * 6 + [NEPAL] * 5
    assert paras[0].text.startswith("Finally, we must point out that one major lacunas")
    assert paras[1].text.startswith("I would like at the outset to thank the Secretary-General")
    # "First of all" runs from the foot of the left column to the top of the right one
    assert paras[4].text.startswith("First of all, we believe that the targeting")
    assert paras[4].text.endswith(
        "under any circumstances, regardless of their motivation. No considerations whatsoever "
        "can be invoked to justify terrorist acts."
    )
    assert paras[7].text.startswith("I wish to express my sincere appreciation")


def test_speakers_of_page_11_and_procedural_notes() -> None:
    paras = _starting_on(11)
    assert [p.speaker for p in paras] == [CAMEROON] * 7 + [ACTING, None, ACTING, None, None]
    assert [p.text for p in paras[-5:]] == [
        "May I take it that the General Assembly takes note of the report of the "
        "Secretary-General on the work of the Organization contained in document A/60/1?",
        "It was so decided.",
        "May I take it that it is the wish of the General Assembly to conclude its "
        "consideration of agenda item 110?",
        "It was so decided.",
        "The meeting rose at 4.20 p.m.",
    ]
    # an address to the President inside a statement is not a speaker label
    assert paras[5].text.startswith("Mr. President, we hope that our request will be included")
    assert paras[5].speaker == CAMEROON


def test_interpretation_note_kept_out_of_speaker_and_text() -> None:
    first = _find("I would like to begin by thanking the Secretary-General")
    assert first.speaker == CHINA and first.page_start == 3
    venezuela = _find("The delegation of the Bolivarian Republic of Venezuela wishes")
    assert venezuela.speaker == VENEZUELA
    cameroon = _find("First of all, I would like to thank the Secretary-General")
    assert cameroon.speaker == CAMEROON
    for p in _pv():
        assert "spoke in" not in p.text and "spoke in" not in (p.speaker or ""), p.id


def test_chair_change_is_a_note_inside_a_statement() -> None:
    paras = _pv()
    note = _find("Mr. Akram (Pakistan), Vice President, took the chair.")
    assert note.speaker is None
    after = paras[paras.index(note) + 1]
    assert after.text.startswith("During the past year, United Nations peacekeeping")
    assert after.speaker == CHINA


def test_column_order_on_pages_1_and_3() -> None:
    starts = [p.text[:40] for p in _starting_on(1)]
    assert starts == [
        "The meeting was called to order at 3.10 ",
        "At the outset, I would like to pay tribu",
        "Two weeks ago, we all witnessed the hist",
        "Kazakhstan stresses an urgent need to de",
        "Today, challenges and threats, including",
        "We support further the universalization ",
        "In January 2005, Kazakhstan hosted a mee",
    ]
    # the left column's last paragraph goes on at the top of the right column
    assert ("strengthen the international non-proliferation regime and facilitate the "
            "attainment of the goal") in _find("Kazakhstan stresses an urgent need").text
    # page 3: the left column ends a paragraph, the right column opens a new (indented) one
    left = _find("First, on the implementation of the outcome document of the summit")
    assert left.text.endswith("efforts in other areas should proceed in parallel.")
    right = _find("We believe that, in the implementation of the outcome document")
    assert right.text.endswith("to derive genuine benefit from the summit.")
    paras = _pv()
    assert paras.index(right) == paras.index(left) + 1


def test_sections_are_the_printed_headings() -> None:
    paras = _pv()
    assert paras[0].section == ""  # "The meeting was called to order" precedes the agenda item
    assert paras[0].section_title is None
    # the headings as printed are the title; the agenda item they name is the section's key,
    # as sections are keyed in numbered documents
    assert {p.section_title for p in paras[1:]} == {AGENDA}
    assert {p.section for p in paras[1:]} == {"item-110"}


def test_no_furniture_in_any_text() -> None:
    ex = extraction(str(real_pdf(PV)))
    for p in _pv():
        for bit in ("A/60/PV.25", "05-53261", "0553261", "This record contains the text",
                    "Eliasson", ". . ."):
            assert bit not in p.text, (p.id, bit, p.text)
    # the masthead's "President: Mr. Eliasson . . . (Sweden)" is a row t1 of its own, and no
    # row holds the masthead's furniture
    (front,) = [p for p in ex.paragraphs if p.kind == "text"]
    assert front.text.startswith("President: Mr. Eliasson . . .")
    for p in ex.paragraphs:
        for bit in ("A/60/PV.25", "05-53261", "0553261", "This record contains the text"):
            assert bit not in p.text, (p.id, bit, p.text)
    pages = [f for f in ex.furniture if f.reason == "page-counter"]
    assert sorted(f.box.page for f in pages) == list(range(2, 12))
    assert all(
        f.text == "A/60/PV.25" for f in ex.furniture if f.reason == "running-header"
    )


# ------------------------------------------------------------------------------------------
# Speaker labels in French, Spanish and Russian (blocks built by hand: the rule, not a file)
# ------------------------------------------------------------------------------------------


def _block(words: list[tuple[str, bool]], italic: bool = False) -> Block:
    ws, x = [], 84.0
    for text, bold in words:
        ws.append(Word(text, x, x + 6 * len(text), 100, 110, 10, "Times", bold, italic))
        x += 6 * len(text) + 3
    line = Line(1, tuple(ws), ws[0].x0, ws[-1].x1, 100, 110, 10, "Times", False, italic)
    return Block("paragraph", None, " ".join(t for t, _ in words), [line], [line.box], 84.0,
                 italic=italic)


@pytest.mark.parametrize(
    ("lang", "words", "speaker", "note"),
    [
        ("fr", [("Le", True), ("Président", True), (":", True), ("Je", False)],
         "Le Président", None),
        ("fr", [("M.", True), ("Dupont", True), ("(France)", False), ("(parle", False),
                ("en", False), ("anglais)", False), (":", False), ("Merci.", False)],
         "M. Dupont (France)", "parle en anglais"),
        ("es", [("El", True), ("Presidente:", True), ("Doy", False)], "El Presidente", None),
        ("es", [("El", False), ("Sr.", False), ("Pérez", False), ("(México)", False),
                ("(habla", False), ("en", False), ("inglés):", False), ("Gracias.", False)],
         "El Sr. Pérez (México)", "habla en inglés"),
        ("ru", [("Председатель", True), ("(говорит", False), ("по-английски):", False),
                ("Слово", False)], "Председатель", "говорит по-английски"),
        ("ru", [("Г-н", True), ("Иванов", True), ("(Российская", False), ("Федерация):", False),
                ("Спасибо.", False)], "Г-н Иванов (Российская Федерация)", None),
        ("en", [("Sir", False), ("Emyr", False), ("Jones", False), ("Parry", False),
                ("(United", False), ("Kingdom):", False), ("Thank", False)],
         "Sir Emyr Jones Parry (United Kingdom)", None),
    ],
)
def test_speaker_labels_in_four_languages(
    lang: str, words: list[tuple[str, bool]], speaker: str, note: str | None
) -> None:
    found = find_speaker(_block(words), lang)
    assert found is not None
    assert (found.name, found.note) == (speaker, note)


@pytest.mark.parametrize(
    "words",
    [
        [("In", False), ("conclusion:", False), ("we", False), ("support", False)],
        [("Mr.", False), ("Smith", False), ("said", False), ("yesterday:", False), ("we", False)],
        [("Mr.", False), ("President,", False), ("we", False), ("hope", False)],
        [("Mr.", False), ("Akram", False), ("(Pakistan),", False), ("Vice", False),
         ("President,", False), ("took", False), ("the", False), ("chair.", False)],
    ],
)
def test_not_speaker_labels(words: list[tuple[str, bool]]) -> None:
    assert find_speaker(_block(words), "en") is None


def test_statement_runs_on_until_the_next_label_and_notes_have_no_speaker() -> None:
    blocks = [
        _block([("Le", True), ("Président", True), (":", True), ("Je", False), ("donne", False)]),
        _block([("La", False), ("séance", False), ("est", False), ("suspendue.", False)],
               italic=True),
        _block([("Nous", False), ("reprenons.", False)]),
    ]
    paragraphs, other, _, used = build_prose(blocks, "fr")
    assert [(p.id, p.speaker, p.text) for p in paragraphs] == [
        ("p1", "Le Président", "Je donne"),
        ("p2", None, "La séance est suspendue."),
        ("p3", "Le Président", "Nous reprenons."),
    ]
    assert other == [] and used[0].label == "Le Président :"


def test_right_to_left_text_is_not_read_as_prose() -> None:
    # Arabic text layers are in visual order: no reading order to give, so no paragraphs
    blocks = [_block([("ةيلودلا", False), ("ةطلسلا", False)]), _block([("ISBA/16/A/12", False)])]
    paragraphs, other, _, _ = build_prose(blocks, "ar")
    assert paragraphs == [] and other == blocks
