"""Right-to-left lines put into logical order (Unicode bidi algorithm), presentation forms folded.

A PDF's text layer gives glyphs where they are drawn, and rows are read left to right: an
Arabic or Hebrew line comes out in *visual* order (each word reversed, the words in reverse
order), with the letters often as the contextual presentation forms the font draws (U+FB50-FDFF,
U+FE70-FEFF). This step, shared by both backends, runs on the built page:

* a line is right-to-left when more of its strong characters (bidi classes R and AL) are
  right-to-left than left-to-right (class L), or when, on a page of mostly right-to-left
  lines, it starts visually with a sentence's final punctuation (``.(ISBA/16/C/L.5)``);
* its visual text (words joined by spaces) is reordered by the Unicode bidirectional algorithm
  with a right-to-left paragraph level (python-bidi): right-to-left runs are reversed, runs of
  Latin letters and numbers inside them keep their order, mirrored characters (parentheses,
  brackets) take their mirrored form. For a visual line this is the inverse of display;
* the words are cut again at the joining spaces, each keeping its box (the union of the boxes
  its characters came from), so the line's first word is the one read first (the rightmost);
* presentation forms are folded to the base letters (compatibility decomposition of those
  characters only, after reordering, so a lam-alef ligature gives lam then alef). Every drawn
  character stays: only its encoding changes (the tatweel of justified lines is kept).

A left-to-right line with right-to-left words in it (an Arabic name in an English line) has
those words reversed the same way, with a left-to-right paragraph level. Lines without
right-to-left letters are left exactly as they are.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from dataclasses import replace

import regex
from bidi import algorithm as uba
from bidi.mirror import MIRRORED as _MIRRORED

from pipeline.model import Line, Page, Word
from pipeline.read.glyphs import Glyphs
from pipeline.textnorm import normalize

#: characters of the right-to-left scripts (bidi classes R and AL), any one of them
_RTL_CHAR = regex.compile(r"[\p{Bidi_Class=R}\p{Bidi_Class=AL}]")
_PRESENTATION = regex.compile(r"[\uFB1D-\uFDFF\uFE70-\uFEFE]")


def visual_glyph_texts(glyphs: Glyphs) -> Glyphs:
    """The glyphs with each multi-character right-to-left text reversed into visual order.

    One glyph may carry several characters (a ligature such as lam-meem-jeem, which the font's
    ToUnicode map spells in logical order, as pdfminer gives it); rows read glyphs left to
    right, so for the line's reordering to give those characters back in logical order they
    must enter it visually, like the single-character glyphs around them (PDFium, which
    reorders right-to-left text itself, already gives them so).
    """
    if glyphs.codes is not None:  # one character per glyph
        return glyphs
    texts = glyphs.text
    flipped = [t[::-1] if len(t) > 1 and _RTL_CHAR.search(t) else t for t in texts]
    if flipped == texts:
        return glyphs
    return Glyphs(flipped, glyphs.x0, glyphs.x1, glyphs.top, glyphs.bottom, glyphs.size,
                  glyphs.font, glyphs.fonts)


def fold_presentation_forms(text: str) -> str:
    """Presentation forms (``ﺔ`` U+FE94, ``ﻻ`` U+FEFB) → base letters (``ة``, ``لا``).

    The isolated forms of the vowel marks and of the shadda (``ﹼ`` U+FE7C) decompose into a
    space and the mark; the glyph draws the mark on its letter, so it folds to the mark alone.
    """
    if not _PRESENTATION.search(text):
        return text
    return _PRESENTATION.sub(lambda m: _fold(m.group()), text)


def _fold(form: str) -> str:
    """One presentation form's base letters (an isolated mark's leading space dropped)."""
    letters = unicodedata.normalize("NFKC", form)
    return letters[1:] if len(letters) > 1 and letters[0] == " " else letters


@functools.lru_cache(maxsize=1 << 12)  # a line is asked about again and again by the stages
def is_rtl_text(text: str) -> bool:
    """More strong right-to-left characters than strong left-to-right ones."""
    rtl = ltr = 0
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    return rtl > ltr


def line_is_rtl(line: Line) -> bool:
    """Whether a (logical) line reads right to left: most of its strong letters do."""
    text = line.text
    return _RTL_CHAR.search(text) is not None and is_rtl_text(text)


#: bidi classes that all take a right-to-left paragraph's level when the line has no other:
#: right-to-left letters, their marks, spaces, and the punctuation and separators that, with
#: no number and no left-to-right letter about, are neutral (rules W4-W6, N1-N2, I1-I2)
_PLAIN_RTL_CLASSES = frozenset({"R", "AL", "NSM", "WS", "ON", "CS", "ES", "ET"})


@functools.lru_cache(maxsize=1 << 12)
def _plain_rtl_char(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in _PLAIN_RTL_CLASSES


def _plain_rtl_line(text: str) -> bool:
    """Only characters of :data:`_PLAIN_RTL_CLASSES` (then a right-to-left line is simply
    reversed)."""
    return all(map(_plain_rtl_char, set(text)))


def _shortcut(algorithm: Callable[[str, bool, bool], tuple[str, list[int]]]
              ) -> Callable[[str, bool, bool], tuple[str, list[int]]]:
    """``algorithm`` with the plain right-to-left lines reversed directly (``__wrapped__``:
    the algorithm alone, which the tests compare with)."""

    @functools.wraps(algorithm)
    def reorder(text: str, rtl: bool = True, mirror: bool = True) -> tuple[str, list[int]]:
        if rtl and _plain_rtl_line(text):
            logical = text[::-1]
            if mirror:
                logical = "".join([_MIRRORED.get(ch, ch) if unicodedata.mirrored(ch) else ch
                                   for ch in logical])
            return logical, list(range(len(text) - 1, -1, -1))
        return algorithm(text, rtl, mirror)

    return reorder


@_shortcut
def visual_to_logical(text: str, rtl: bool = True, mirror: bool = True
                      ) -> tuple[str, list[int]]:
    """A line's visual text in logical order (``rtl``: a right-to-left line), mirrored
    characters mirrored (``mirror``: the PDF gives a bracket as it looks, not as it reads),
    and for each character of the result the index it came from.

    A right-to-left line of only right-to-left letters, spaces and neutral punctuation (no
    digit, no left-to-right letter: most lines of an Arabic text) is at one level throughout:
    the algorithm reverses it, every mirrored character mirrored. That is done directly
    (:func:`_shortcut`); other lines go through the whole algorithm (python-bidi).
    """
    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(text, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["index"] = i
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    if mirror:
        uba.apply_mirroring(storage, False)
    chars = storage["chars"]
    return "".join(ch["ch"] for ch in chars), [ch["index"] for ch in chars]


def _gap(a: Word, b: Word) -> float:
    """Horizontal distance between two words' boxes (0 when they touch or overlap)."""
    return round(max(a.x0 - b.x1, b.x0 - a.x1, 0.0), 2)


def logical_line(line: Line, rtl: bool = True, mirror: bool = True) -> Line:
    """The line with its words in reading order and its letters folded (``rtl``: the line's
    direction, its first word the rightmost)."""
    words = line.words
    if rtl and all(w.text for w in words) and _plain_rtl_line("".join(w.text for w in words)):
        return replace(line, words=_reversed_words(words, mirror))
    owner: list[int] = []  # per character of the visual text: its word (-1: a joining space)
    for k, w in enumerate(words):
        if k:
            owner.append(-1)
        owner.extend([k] * len(w.text))
    text, source = visual_to_logical(" ".join(w.text for w in words), rtl, mirror)
    out: list[Word] = []
    groups: list[set[int]] = []
    start = 0
    for end in [*(i for i, s in enumerate(source) if owner[s] < 0), len(text)]:
        if end > start:
            ks = {owner[s] for s in source[start:end]}
            parts = [words[k] for k in sorted(ks)]
            main = max(parts, key=lambda w: len(w.text))
            word = main._replace(
                text=fold_presentation_forms(text[start:end]),
                x0=min(w.x0 for w in parts),
                x1=max(w.x1 for w in parts),
                top=min(w.top for w in parts),
                bottom=max(w.bottom for w in parts),
                sup=all(w.sup for w in parts),
                gap_before=0.0,
                spaced=False,
            )
            if out:
                # a space glyph was drawn between two visually adjacent words, one of each
                # (the pairs of neighbouring words k - 1, k met from the word before's side)
                before = groups[-1]
                spaced = any(
                    words[k].spaced
                    for b in before
                    for k in (b, b + 1)
                    if 1 <= k < len(words)
                    and ((k - 1 in before and k in ks) or (k in before and k - 1 in ks))
                )
                word = word._replace(gap_before=_gap(out[-1], word), spaced=spaced)
            out.append(word)
            groups.append(ks)
        start = end + 1
    return replace(line, words=tuple(out))


def _reversed_words(words: tuple[Word, ...], mirror: bool) -> tuple[Word, ...]:
    """The words of a plain right-to-left line (:func:`_plain_rtl_line`) in reading order, as
    :func:`logical_line` makes them: the visual text is only reversed, so each word is one of
    the line's, its letters reversed (and mirrored), the last word first; a space glyph is
    between two of them when there was one before the word visually after."""
    out: list[Word] = []
    prev = -1
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        text = w.text[::-1]
        if mirror:
            text = "".join([_MIRRORED.get(ch, ch) if unicodedata.mirrored(ch) else ch
                            for ch in text])
        word = w._replace(text=fold_presentation_forms(text), sup=bool(w.sup), gap_before=0.0,
                          spaced=False)
        if out:
            word = word._replace(gap_before=_gap(out[-1], word),
                                 spaced=bool(words[prev].spaced))
        out.append(word)
        prev = k
    return tuple(out)


#: sentence-ending punctuation: at a line's visual start, it ends a right-to-left sentence
_END_MARKS = frozenset(".,:;!?،؛؟")


def logical_page(page: Page) -> Page:
    """The page with its right-to-left lines in logical order (the page itself when none).

    A line with no right-to-left letters is one too when it ends a right-to-left sentence:
    on a page of mostly right-to-left lines, it starts (visually) with the sentence's final
    punctuation, as in ``.(ISBA/16/C/L.5)``; a left-to-right line never does.
    """
    texts = [ln.text for ln in page.lines]
    if not _RTL_CHAR.search("\n".join(texts)):  # one search of the page: no line has any
        return page
    rtl = [bool(_RTL_CHAR.search(t)) and is_rtl_text(t) for t in texts]
    mostly_rtl = sum(rtl) * 2 > len(rtl)

    def read(mirror: bool) -> tuple[list[Line], int, int]:
        lines = []
        added = 0  # characters a folded ligature added (lam-alef: two letters for one glyph)
        read_texts = []  # the reordered lines, in the page's order
        for ln, text, is_rtl in zip(page.lines, texts, rtl, strict=True):
            if is_rtl or _RTL_CHAR.search(text) or (mostly_rtl and text[:1] in _END_MARKS):
                new = logical_line(ln, is_rtl or not _RTL_CHAR.search(text), mirror)
                added += _count(new) - _count(ln)
                read_texts.append(new.text)
                ln = new
            lines.append(ln)
        # brackets are counted over the page's lines read in a row: a parenthesis opened on
        # one line may close on the next
        return lines, added, _unbalanced(" ".join(read_texts))

    lines, added, unbalanced = read(True)
    if unbalanced:
        # some PDFs give a bracket as it reads, drawn with its mirrored glyph (")" drawn as
        # "(" at the left of "(أ)"): the page's brackets then balance without mirroring
        other = read(False)
        if other[2] < unbalanced:
            lines, added, _ = other
    return replace(page, lines=lines, char_count=page.char_count + added)


_OPEN, _CLOSE = "([{", ")]}"


def _unbalanced(text: str) -> int:
    """Brackets of a text that close before they open ("(أ)" read as ")أ("), and those left
    open at its end, counted."""
    depth = bad = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth:
                depth -= 1
            else:
                bad += 1
    return bad + depth


def _count(line: Line) -> int:
    """The line's characters as the text-loss guard counts them (normalised, no spaces)."""
    return sum(len(normalize(w.text).replace(" ", "")) for w in line.words)
