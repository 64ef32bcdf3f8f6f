"""Right-to-left lines in logical order and presentation forms folded (pipeline/read/bidi.py)."""

from __future__ import annotations

import pytest
from conftest import real_pdf

from pipeline.model import Line, Page, Word
from pipeline.read.bidi import (
    fold_presentation_forms,
    is_rtl_text,
    logical_line,
    logical_page,
    visual_to_logical,
)
from pipeline.read.load import load_pdf


def _no_presentation_forms(text: str) -> bool:
    return not any(0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFE for c in text)


def test_fold_presentation_forms() -> None:
    # ALEF ISOLATED, LAM INITIAL, JEEM MEDIAL … TEH MARBUTA FINAL: "الجمعية"
    assert fold_presentation_forms("\ufe8d\ufedf\ufea0\ufee4\ufecc\ufef4\ufe94") == "الجمعية"
    # the lam-alef ligature is two letters, lam first
    assert fold_presentation_forms("\ufefb") == "لا"
    assert fold_presentation_forms("Distr.: General") == "Distr.: General"


def test_visual_to_logical_reverses_rtl_and_keeps_numbers() -> None:
    # visual order as drawn left to right: "2010 مايو 7"
    visual = "٢٠١٠ \ufeee\ufef3\ufe8e\ufee3 ٧"
    text, source = visual_to_logical(visual)
    assert fold_presentation_forms(text) == "٧ مايو ٢٠١٠"
    assert sorted(source) == list(range(len(visual)))
    # a parenthesised Latin symbol at the end of an Arabic sentence: brackets mirrored
    text, _ = visual_to_logical(".(ISBA/16/C/L.5)")
    assert text == "(ISBA/16/C/L.5)."


def test_is_rtl_text() -> None:
    assert is_rtl_text("\ufeee\ufef3\ufe8e\ufee3 UN")
    assert not is_rtl_text("\ufeee\ufef3\ufe8e\ufee3 ISBA")
    assert not is_rtl_text("Original: English")


def _word(text: str, x0: float, x1: float) -> Word:
    return Word(text, x0, x1, 10.0, 20.0, 12.0, "F", False, False)


def test_logical_line_words_in_reading_order() -> None:
    # "المادة ٥" drawn left to right: "٥" then the word reversed
    words = (_word("٥", 100.0, 106.0), _word("\ufe93\ufea9\ufe8d\ufee4\ufedf\ufe8d", 110.0, 140.0))
    line = Line(1, words, 100.0, 140.0, 10.0, 20.0, 12.0, "F", False, False)
    out = logical_line(line)
    assert [w.text for w in out.words] == ["المادة", "٥"]
    assert (out.words[0].x0, out.words[0].x1) == (110.0, 140.0)
    assert out.words[1].gap_before == 4.0
    assert out.text == "المادة ٥"


def _page(*rows: tuple[Word, ...]) -> Page:
    lines = [Line(1, ws, ws[0].x0, ws[-1].x1, 10.0, 20.0, 12.0, "F", False, False)
             for ws in rows]
    return Page(1, 600.0, 800.0, lines, [], sum(len(w.text) for ws in rows for w in ws))


def test_brackets_as_the_pdf_maps_them() -> None:
    """An item label "(أ)" drawn left to right: Word's PDFs map the brackets as they look
    ("(" at the left), pango's (the HTML route) as they read (")" at the left, drawn with the
    glyph of "("); both read "(أ)", the page's brackets deciding."""
    text = "\ufeb3\ufe8e\ufee8\ufedf\ufe8d"  # "الناس" as drawn, presentation forms
    for left, right in (("(", ")"), (")", "(")):
        page = _page((_word(text, 100.0, 140.0), _word(f"{left}\ufe83{right}", 150.0, 160.0)))
        out = logical_page(page)
        assert out.lines[0].text == "(أ) الناس", (left, right)


ARABIC = "ISBA_16_A_12_Rev.1_A.pdf"


@pytest.fixture(scope="module")
def arabic_pages() -> list:
    return load_pdf(real_pdf(ARABIC)).pages


def test_genuine_arabic_page_read_in_logical_order(arabic_pages: list) -> None:
    """Page 6 of the Arabic regulations, lines as read off the page image."""
    texts = [ln.text for ln in arabic_pages[5].lines]
    assert "المادة ٥" in texts
    assert "حماية وحفظ البيئة البحرية خلال التنقيب" in texts
    assert "(أ) الآثار البيئية الضارة الناجمة عن التنقيب؛" in texts
    assert "أو يزيل ما يلي:" in texts
    # paragraph numbers come first, in Arabic-Indic digits, followed by a dash
    starts = [t.split(" ", 2)[:2] for t in texts]
    assert ["١", "-"] in starts and ["٢", "-"] in starts and ["٣", "-"] in starts


def test_genuine_arabic_masthead_lines(arabic_pages: list) -> None:
    texts = [ln.text for ln in arabic_pages[0].lines]
    assert "السلطة الدولية لقاع البحار" in texts
    assert "الجمعية" in texts
    assert "الدورة السادسة عشرة" in texts
    assert "كينغستون، جامايكا" in texts
    assert "٢٦ نيسان/أبريل - ٧ أيار/مايو ٢٠١٠" in texts
    assert ".(ISBA/16/C/L.5)" not in texts and "(ISBA/16/C/L.5)." in texts
    assert "Distr.: General" in texts  # left-to-right lines untouched


def test_genuine_arabic_has_no_presentation_forms(arabic_pages: list) -> None:
    for page in arabic_pages:
        for ln in page.lines:
            assert _no_presentation_forms(ln.text), (page.number, ln.text)
