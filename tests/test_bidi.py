"""Right-to-left lines in logical order and presentation forms folded (pipeline/read/bidi.py)."""

from __future__ import annotations

import pytest
from conftest import real_pdf
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.read.bidi as bidi_module
from pipeline.model import Line, Page, Word
from pipeline.read.bidi import (
    fold_presentation_forms,
    is_rtl_text,
    logical_line,
    logical_page,
    visual_to_logical,
)
from pipeline.read.glyphs import Glyph, Glyphs
from pipeline.read.lines import build_page
from pipeline.read.load import load_pdf
from pipeline.textnorm import normalize


def _no_presentation_forms(text: str) -> bool:
    return not any(0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFE for c in text)


def test_fold_presentation_forms() -> None:
    # ALEF ISOLATED, LAM INITIAL, JEEM MEDIAL … TEH MARBUTA FINAL: "الجمعية"
    assert fold_presentation_forms("\ufe8d\ufedf\ufea0\ufee4\ufecc\ufef4\ufe94") == "الجمعية"
    # the lam-alef ligature is two letters, lam first
    assert fold_presentation_forms("\ufefb") == "لا"
    assert fold_presentation_forms("Distr.: General") == "Distr.: General"
    # the isolated form of a mark (SHADDA ISOLATED, drawn on the letter before it, as in
    # 'المنقّب' of the Arabic ISBA/16/A/12/Rev.1) is the mark alone, not a space and the mark
    assert fold_presentation_forms("\ufee4\ufee8\ufed8\ufe7c\ufe90") == "منقّب"
    assert fold_presentation_forms("\ufc60") == "\u064e\u0651"  # shadda with fatha, isolated


def test_visual_to_logical_reverses_rtl_and_keeps_numbers() -> None:
    # visual order as drawn left to right: "2010 مايو 7"
    visual = "٢٠١٠ \ufeee\ufef3\ufe8e\ufee3 ٧"
    text, source = visual_to_logical(visual)
    assert fold_presentation_forms(text) == "٧ مايو ٢٠١٠"
    assert sorted(source) == list(range(len(visual)))
    # a parenthesised Latin symbol at the end of an Arabic sentence: brackets mirrored
    text, _ = visual_to_logical(".(ISBA/16/C/L.5)")
    assert text == "(ISBA/16/C/L.5)."


#: characters of every bidi class a line of a PDF may hold: Arabic and Hebrew letters and
#: presentation forms, marks, spaces, brackets and quotes (mirrored), separators, terminators,
#: European and Arabic-Indic digits, Latin letters, a directional mark and a tab
_BIDI_POOL = ("\u0627\u0644\u0645\ufedf\ufefb\u05d0\u064e\u0651 ()[]{}<>\u00ab\u00bb"
              "\u201c\u201d.,:;/-+%$#\u066a\u060c\u061f!?\u0640" "019\u0661\u0663aZ\u200f\t")


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(st.text(alphabet=_BIDI_POOL, max_size=24), st.booleans(), st.booleans())
def test_visual_to_logical_shortcut_agrees_with_the_algorithm(text: str, rtl: bool,
                                                             mirror: bool) -> None:
    """A right-to-left line of letters, spaces and neutral punctuation is reversed without
    running the algorithm: the result and the source indexes are the algorithm's."""
    want = visual_to_logical.__wrapped__(text, rtl, mirror)
    assert visual_to_logical(text, rtl, mirror) == want, repr(text)


#: the pool with explicit embeddings and overrides (RLE, LRE, RLO, PDF) and characters the
#: algorithm removes (soft hyphen, zero-width space: class BN), which the one-level
#: resolution leaves to python-bidi
_EMBEDDING_POOL = _BIDI_POOL + "\u202b\u202a\u202e\u202c\u00ad\u200b"


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(st.text(alphabet=_EMBEDDING_POOL, max_size=32), st.booleans(), st.booleans())
def test_visual_to_logical_one_level_agrees_with_the_algorithm(text: str, rtl: bool,
                                                              mirror: bool) -> None:
    """A line with digits or Latin letters, resolved as one level run without python-bidi,
    reads as the algorithm reads it; a line with an embedding is left to the algorithm."""
    want = visual_to_logical.__wrapped__(text, rtl, mirror)
    assert visual_to_logical(text, rtl, mirror) == want, repr(text)
    one_level = bidi_module._one_level(text, rtl, mirror)
    assert one_level is None or one_level == want, repr(text)
    assert (one_level is None) == any(ch in text for ch in _EMBEDDING_POOL[len(_BIDI_POOL):])


def test_visual_to_logical_one_level_taken_for_numbers_and_latin() -> None:
    """Numbers and Latin letters in an Arabic line are resolved without python-bidi: the date
    "٧ مايو ٢٠١٠" (drawn "٢٠١٠ مايو ٧") and a symbol with European digits."""
    visual = "٢٠١٠ \ufeee\ufef3\ufe8e\ufee3 ٧"
    text, source = bidi_module._one_level(visual, True, True)
    assert fold_presentation_forms(text) == "٧ مايو ٢٠١٠"
    assert source == [10, 9, 8, 7, 6, 5, 4, 0, 1, 2, 3]
    # "(ISBA/16/C/L.5) المادة" drawn with the symbol at the left: the symbol keeps its order
    text, _ = bidi_module._one_level("(ISBA/16/C/L.5) \ufe93\ufea9\ufe8d", True, True)
    assert fold_presentation_forms(text) == "ادة (ISBA/16/C/L.5)"


def test_visual_to_logical_shortcut_taken_for_a_plain_arabic_line() -> None:
    """The shortcut is taken for letters, spaces and punctuation (a wrong shortcut would
    disagree with the algorithm above), and not for a line with digits."""
    assert bidi_module._plain_rtl_line("\ufe93\ufea9\ufe8d\ufee4\ufedf\ufe8d (\ufefb).")
    assert not bidi_module._plain_rtl_line("\ufe93\ufea9\ufe8d ٥")
    assert not bidi_module._plain_rtl_line("\ufe93\ufea9\ufe8d UN")


@st.composite
def _visual_line(draw: st.DrawFn) -> Line:
    """A line of words (texts of every bidi class, most of them Arabic), left to right, some
    raised, some after a space glyph."""
    words = []
    x = 10.0
    for _ in range(draw(st.integers(0, 6))):
        text = draw(st.text(alphabet=_BIDI_POOL.replace(" ", ""), min_size=1, max_size=6))
        width = 3.0 * len(text)
        words.append(Word(text, x, x + width, 10.0, 20.0, 12.0, "F", False, False,
                          draw(st.booleans()), 0.0, draw(st.booleans())))
        x += width + draw(st.sampled_from([0.0, 2.5, 4.0]))
    return Line(1, tuple(words), 10.0, x, 10.0, 20.0, 12.0, "F", False, False)


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(_visual_line(), st.booleans(), st.booleans())
def test_logical_line_of_a_plain_line_as_the_algorithm_reads_it(
        line: Line, rtl: bool, mirror: bool) -> None:
    """A plain right-to-left line's words, reversed directly, are those the reordering of its
    whole text gives (the shortcut turned off: every line through python-bidi)."""
    want_plain = bidi_module._plain_rtl_line
    try:
        bidi_module._plain_rtl_line = lambda text: False
        want = logical_line(line, rtl, mirror)
    finally:
        bidi_module._plain_rtl_line = want_plain
    assert repr(logical_line(line, rtl, mirror)) == repr(want), repr(line)


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


# --------------------------------------------------------------------------------------------
# Glyphs drawn on glyphs, and word boundaries next to Arabic letters (pipeline/read/words.py),
# with the geometry LibreOffice (docx route) and WeasyPrint (html route) give pdfplumber
# --------------------------------------------------------------------------------------------


def _read(glyphs: list[tuple[str, float, float]], size: float = 12.0,
          fonts: dict[int, str] | None = None) -> list[str]:
    """The logical words of one row of glyphs (text, x0, x1), given left to right as drawn."""
    rows = [Glyph(t, x0, x1, 100.0, 100.0 + 1.5 * size, size, (fonts or {}).get(k, "Naskh"))
            for k, (t, x0, x1) in enumerate(glyphs)]
    page = logical_page(build_page(1, 600.0, 800.0, Glyphs.from_rows(rows), []))
    assert len(page.lines) == 1
    return [w.text for w in page.lines[0].words]


def test_lam_alef_drawn_as_a_lam_and_a_zero_advance_alef() -> None:
    """'الأول' of a docx-route heading: the alef-hamza of the lam-alef has no advance and sits
    just inside the lam's left edge (after it, left to right); one word, lam before alef."""
    glyphs = [("ل", 408.22, 415.56), ("و", 415.52, 421.48), ("ل", 421.41, 427.96),
              ("أ", 421.5, 421.5), ("ا", 428.0, 431.4)]
    assert _read(glyphs) == ["الأول"]


def test_lam_alef_alef_rounded_onto_the_glyph_before() -> None:
    """'الاجتماعات' of a docx-route footnote (8 pt): the zero-advance alef sits at the end of
    the jeem, 0.1 pt left of the lam it belongs to."""
    glyphs = [("ت", 411.58, 417.76), ("ا", 417.88, 419.9), ("ع", 419.88, 423.92),
              ("ا", 423.88, 425.9), ("م", 425.88, 429.18), ("ت", 429.17, 432.05),
              ("ج", 432.07, 437.16), ("ا", 437.16, 437.16), ("ل", 437.26, 441.4),
              ("ا", 441.36, 443.26)]
    assert _read(glyphs, size=8.0) == ["الاجتماعات"]


def test_vowel_marks_follow_their_letter_in_one_word() -> None:
    """'أُعِدّ': each mark has no advance and lies inside its letter's box."""
    glyphs = [("د", 185.2, 189.94), ("\u0651", 186.8, 186.8), ("ع", 189.9, 194.95),
              ("\u0650", 191.8, 191.8), ("أ", 195.0, 197.38), ("\u064f", 195.4, 195.4)]
    assert _read(glyphs) == ["أُعِدّ"]


def test_a_visible_gap_next_to_an_arabic_letter_separates_words() -> None:
    """'رابعا -الاجتماع' of an html-route heading: the label box leaves 1.77 pt (0.15 em)
    between its dash and the text, no space glyph; Arabic letters are drawn joined."""
    glyphs = [("ع", 405.8, 413.04), ("ا", 413.04, 416.5), ("م", 416.5, 421.46),
              ("ت", 421.46, 425.78), ("ج", 425.78, 433.56), ("ا", 433.56, 433.56),
              ("ل", 433.56, 440.12), ("ا", 440.12, 443.52), ("-", 445.29, 449.16),
              (" ", 449.16, 451.81), ("ا", 451.81, 455.27), ("ع", 455.27, 460.64),
              ("ب", 460.64, 463.94), ("ا", 463.94, 467.35), ("ر", 467.35, 471.87)]
    assert _read(glyphs) == ["رابعا", "-", "الاجتماع"]


def test_a_change_of_weight_next_to_an_arabic_letter_separates_words() -> None:
    """'سادسا -الاجتماع' of a docx-route heading: the label's dash (regular) touches the bold
    text; the same glyphs in one weight stay one word."""
    glyphs = [("ج", 454.08, 461.86), ("ل", 461.77, 468.32), ("ا", 461.86, 461.86),
              ("ا", 468.36, 471.76), ("-", 472.1, 475.7)]
    bold = {k: "Naskh-Bold" for k in range(4)}
    assert _read(glyphs, fonts=bold) == ["-", "الاج"]
    assert _read(glyphs) == ["-الاج"]


def test_brackets_judged_over_the_page_lines() -> None:
    """A parenthesis opened at the end of one line and closed on the next, in a PDF that maps
    brackets as they read ("(" drawn at the right of the word it opens): not mirrored."""
    first = (_word("(الهواتف"[::-1], 100.0, 140.0), _word("المصادر"[::-1], 150.0, 190.0))
    second = (_word("والبيانات"[::-1], 100.0, 130.0), _word("والحواسيب)"[::-1], 140.0, 180.0))
    out = logical_page(_page(first, second))
    assert [ln.text for ln in out.lines] == ["المصادر (الهواتف", "والحواسيب) والبيانات"]


def test_genuine_arabic_word_boundaries_after_cancelled_spaces(arabic_pages: list) -> None:
    """Page 4: a run of spaces drawn with a character spacing that cancels their width, then
    the next word's first letter; the page image shows the gap between 'إخطار' and 'تنقيب'
    (blank columns 387.3-391.2 pt), not one letter further."""
    texts = [ln.text for ln in arabic_pages[3].lines]
    assert any("يقدم كل إخطار تنقيـب بالـشكل" in t for t in texts)
    assert not any("إخطارت نقيـب" in t for t in texts)


def test_spaces_drawn_at_a_letters_origin_split_no_word() -> None:
    """'للفقرة' of a justified line (ISBA/16/A/12/Rev.1, p. 22): 'ة' is drawn by one text run,
    the next run starts with four spaces whose width the character spacing cancels, drawn
    from the origin of its first letter 'ر'; one word. The same spaces where the letters
    leave their width free (between 'عن' and 'القطاع') separate two words."""
    word = [("ة", 244.68, 248.64), (" ", 248.63, 252.37), (" ", 248.63, 252.37),
            (" ", 248.64, 252.38), (" ", 248.64, 252.38), ("ر", 248.63, 253.44),
            ("ـ", 253.45, 255.39), ("ق", 255.40, 259.93), ("ف", 259.94, 264.47),
            ("ل", 264.48, 267.59), ("ل", 267.59, 270.15)]
    assert [w.replace("\u0640", "") for w in _read(word, size=15.0)] == ["للفقرة"]
    two = [("ع", 350.51, 358.45), ("ا", 358.44, 361.58), ("ـ", 361.58, 363.53),
           ("ط", 363.52, 370.31),
           ("ق", 370.31, 374.84), ("ل", 374.84, 377.40), ("ا", 377.40, 379.65),
           (" ", 379.66, 383.40), (" ", 379.66, 383.40), (" ", 379.67, 383.41),
           ("ن", 383.39, 390.18), ("ـ", 390.16, 392.11), ("ع", 392.09, 397.75)]
    assert [w.replace("\u0640", "") for w in _read(two, size=15.0)] == ["عن", "القطاع"]


def test_a_slanted_runs_spaces_still_separate_words() -> None:
    """'خلاصة قضايا' of a docx-route line set in a slanted face: every box overlaps its
    neighbours, a space's too, but the space starts where the glyph before it ends, not at
    a letter's origin: two words."""
    glyphs = [("ا", 244.62, 249.83), ("ي", 247.12, 253.23), ("ا", 250.52, 255.73),
              ("ض", 253.02, 263.48), ("ق", 260.81, 267.69), (" ", 265.01, 269.90),
              ("ة", 267.21, 274.56), ("ص", 271.90, 282.44), ("ا", 279.79, 282.47),
              ("ل", 279.79, 288.57), ("خ", 285.79, 294.83)]
    assert _read(glyphs, size=11.0) == ["خلاصة", "قضايا"]


def test_genuine_arabic_justified_lines_keep_their_words(arabic_pages: list) -> None:
    """Page 2, read off the page image: runs of a justified line that start with spaces
    drawn under their first letter ('تراثا مـشتركا', 'اتفاقيـة', 'واحدا.')."""
    texts = [ln.text.replace("\u0640", "") for ln in arabic_pages[1].lines]
    assert any("تراثا مشتركا للإنسانية" in t for t in texts)
    assert any("من اتفاقية الأمم المتحدة" in t for t in texts)
    assert any("بوصفهما صكا واحدا. وتفسر" in t for t in texts)


def _two_readings(page: Page) -> Page:
    """The page as read line by line with :func:`logical_line`, each line reordered with its
    brackets mirrored and again without, the reading whose page brackets balance better
    kept (mirrored on a tie), the characters a folded ligature added counted: what
    :func:`logical_page` does with one reordering per line."""
    texts = [ln.text for ln in page.lines]
    rtl = [bool(bidi_module._RTL_CHAR.search(t)) and is_rtl_text(t) for t in texts]
    mostly_rtl = sum(rtl) * 2 > len(rtl)

    def count(line: Line) -> int:
        return sum(len(normalize(w.text).replace(" ", "")) for w in line.words)

    def read(mirror: bool) -> tuple[list[Line], int, int]:
        lines, added, read_texts = [], 0, []
        for ln, text, is_rtl in zip(page.lines, texts, rtl, strict=True):
            has_rtl = bool(bidi_module._RTL_CHAR.search(text))
            if has_rtl or (mostly_rtl and text[:1] in ".,:;!?،؛؟"):
                new = logical_line(ln, is_rtl or not has_rtl, mirror)
                added += count(new) - count(ln)
                read_texts.append(new.text)
                ln = new
            lines.append(ln)
        return lines, added, bidi_module._unbalanced(" ".join(read_texts))

    lines, added, unbalanced = read(True)
    if unbalanced:
        other = read(False)
        if other[2] < unbalanced:
            lines, added, _ = other
    return Page(page.number, page.width, page.height, lines, page.rules,
                page.char_count + added)


@settings(max_examples=200, derandomize=True, deadline=None, database=None)
@given(st.lists(_visual_line(), min_size=1, max_size=5))
def test_logical_page_reads_each_line_as_logical_line(lines: list[Line]) -> None:
    """Each line reordered once, the mirroring chosen after from the page's brackets, gives
    the page that reading every line both ways and choosing gives."""
    page = Page(1, 600.0, 800.0, lines, [], sum(len(w.text) for ln in lines for w in ln.words))
    if not bidi_module._RTL_CHAR.search("\n".join(ln.text for ln in lines)):
        assert logical_page(page) is page
        return
    assert repr(logical_page(page)) == repr(_two_readings(page))
