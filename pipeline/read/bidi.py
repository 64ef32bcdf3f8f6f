"""Right-to-left lines put into logical order (Unicode bidi algorithm), presentation forms folded.

A PDF's text layer gives glyphs where they are drawn, and rows are read left to right: an
Arabic or Hebrew line comes out in *visual* order (each word reversed, the words in reverse
order), with the letters often as the contextual presentation forms the font draws (U+FB50-FDFF,
U+FE70-FEFF). This step, shared by both backends, runs on the built page:

* a line is right-to-left when more of its strong characters (bidi classes R and AL) are
  right-to-left than left-to-right (class L), or when, on a page of mostly right-to-left
  lines, it starts visually with a sentence's final punctuation (``.(ISBA/16/C/L.5)``);
* its visual text (words joined by spaces) is reordered by the Unicode bidirectional algorithm
  with a right-to-left paragraph level (python-bidi, the authority; a line with no explicit
  embedding, the usual case, is resolved here by the same rules, :func:`_one_level`):
  right-to-left runs are reversed, runs of Latin letters and numbers inside them keep their
  order, mirrored characters (parentheses, brackets) take their mirrored form. For a visual
  line this is the inverse of display;
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
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace

from pipeline import recache, regexcache
from pipeline.model import Line, Page, Word
from pipeline.read.glyphs import Glyphs
from pipeline.textnorm import normalize

#: characters of the right-to-left scripts (bidi classes R and AL), any one of them
_RTL_CHAR = regexcache.compile(r"[\p{Bidi_Class=R}\p{Bidi_Class=AL}]")
#: the presentation forms (first and last code point of each block)
_PRESENTATION = ((0xFB1D, 0xFDFF), (0xFE70, 0xFEFE))


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
    return text.translate(_folded())


def _fold(form: str) -> str:
    """One presentation form's base letters (an isolated mark's leading space dropped)."""
    letters = unicodedata.normalize("NFKC", form)
    return letters[1:] if len(letters) > 1 and letters[0] == " " else letters


@functools.cache
def _folded() -> dict[int, str]:
    """Every presentation form (:data:`_PRESENTATION`) that folds to other letters, with them:
    one ``str.translate`` folds a word (made on first use: a document without right-to-left
    text never asks)."""
    table = {}
    for first, last in _PRESENTATION:
        for code in range(first, last + 1):
            letters = _fold(chr(code))
            if letters != chr(code):
                table[code] = letters
    return table


@functools.cache
def _mirror() -> dict[int, str]:
    """Mirrored characters (Bidi_Mirrored) with their mirror image, as the algorithm mirrors
    them (rule L4; one without a mirror image stays as it is): python-bidi's table, loaded on
    first use (a page without right-to-left text needs neither)."""
    from bidi.mirror import MIRRORED

    return {ord(ch): image for ch, image in MIRRORED.items() if unicodedata.mirrored(ch)}


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
    """``algorithm`` with the plain right-to-left lines reversed directly, and the lines
    without explicit embeddings resolved at one level (:func:`_one_level`) (``__wrapped__``:
    the algorithm alone, which the tests compare with)."""

    @functools.wraps(algorithm)
    def reorder(text: str, rtl: bool = True, mirror: bool = True) -> tuple[str, list[int]]:
        if rtl and _plain_rtl_line(text):
            logical = text[::-1]
            if mirror:
                logical = logical.translate(_mirror())
            return logical, list(range(len(text) - 1, -1, -1))
        done = _one_level(text, rtl, mirror)
        return done if done is not None else algorithm(text, rtl, mirror)

    return reorder


#: bidi classes of a line that the algorithm resolves as one run at the paragraph's level:
#: no explicit embedding or override, no paragraph separator, nothing it removes (BN)
_ONE_LEVEL_CLASSES = frozenset({"L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "ON",
                                "WS", "S"})
_STRONG = frozenset({"L", "R", "AL"})
_NUMBER = frozenset({"EN", "AN"})
_SEPARATORS = frozenset({"ES", "CS"})
_WEAK = frozenset({"ET", "ES", "CS", "EN"})  # the classes W6-W7 change
#: after W1-W7, each class as one letter (N: the neutrals), and the neutrals' runs
_CODE = {"L": "L", "R": "R", "EN": "E", "AN": "A", "ON": "N", "WS": "N", "S": "N"}
_NEUTRAL_RUN = recache.compile("N+")
#: I1-I2: the level of each resolved class, in a left-to-right and a right-to-left paragraph
_LTR_LEVELS = {"L": 0, "R": 1, "EN": 2, "AN": 2}
_RTL_LEVELS = {"L": 2, "R": 1, "EN": 2, "AN": 2}
#: L2: the runs at level 2, then at level 1 or higher
_LEVEL_RUNS = (recache.compile(b"\x02+"), recache.compile(b"[\x01\x02]+"))
@functools.cache
def _mirrorable() -> re.Pattern[str]:
    """The characters L4 may mirror."""
    return recache.compile("[" + "".join(map(re.escape, map(chr, _mirror()))) + "]")


def _one_level(text: str, rtl: bool, mirror: bool) -> tuple[str, list[int]] | None:
    """:func:`visual_to_logical` of a line whose characters are all of
    :data:`_ONE_LEVEL_CLASSES` (None for any other line): the rules of the algorithm as
    python-bidi applies them to one level run (weak types W1-W7, neutrals N1-N2, implicit
    levels I1-I2, trailing whitespace L1, reversal L2, mirroring L4), on lists of classes
    and levels instead of a dictionary per character."""
    orig = list(map(unicodedata.bidirectional, text))
    kinds = set(orig)
    if not _ONE_LEVEL_CLASSES.issuperset(kinds):
        return None
    n = len(orig)
    edge = "R" if rtl else "L"  # the run's start and end types (sos, eos)
    types = orig.copy()
    # (each rule is skipped when the line has none of the classes it changes)
    # W1: a mark takes the type before it; W2: a European number after Arabic letters is an
    # Arabic one; W3: Arabic letters are R
    if "NSM" in kinds or ("EN" in kinds and "AL" in kinds):
        last = strong = edge
        for i, kind in enumerate(types):
            if kind == "NSM":
                types[i] = kind = last
            if kind == "EN" and strong == "AL":
                types[i] = "AN"
            if kind in _STRONG:
                strong = kind
            last = types[i]
        kinds = set(types)
    if "AL" in kinds:
        types = ["R" if kind == "AL" else kind for kind in types]
    # W4: a separator between two numbers of one kind joins them (left to right, in place)
    if "ES" in kinds or "CS" in kinds:
        for i in [i for i, kind in enumerate(types) if kind in _SEPARATORS]:
            if 0 < i < n - 1:
                kind = types[i]
                before, after = types[i - 1], types[i + 1]
                if kind == "ES" and before == after == "EN":
                    types[i] = "EN"
                if kind == "CS" and before == after and before in _NUMBER:
                    types[i] = before
    # W5: terminators next to a European number are part of it
    if "ET" in kinds:
        for i in [i for i, kind in enumerate(types) if kind == "EN"]:
            j = i - 1
            while j >= 0 and types[j] == "ET":
                types[j] = "EN"
                j -= 1
            j = i + 1
            while j < n and types[j] == "ET":
                types[j] = "EN"
                j += 1
    # W6: other separators and terminators are neutral; W7: European numbers after a
    # left-to-right letter are L
    if not _WEAK.isdisjoint(kinds):
        strong = edge
        for i, kind in enumerate(types):
            if kind in ("ET", "ES", "CS"):
                types[i] = kind = "ON"
            if kind == "EN" and strong == "L":
                types[i] = kind = "L"
            if kind in ("L", "R"):
                strong = kind
    # N1-N2: a run of neutrals between two of one direction (numbers count as R) takes it,
    # else the paragraph's direction
    try:
        code = "".join(map(_CODE.__getitem__, types))
    except KeyError:  # a class no rule above resolves
        return None
    for run in _NEUTRAL_RUN.finditer(code):
        i, j = run.span()
        before = types[i - 1] if i else edge
        after = types[j] if j < n else edge
        before = "R" if before in _NUMBER else before
        after = "R" if after in _NUMBER else after
        types[i:j] = [before if before == after else edge] * (j - i)
    # I1-I2: levels
    if not _ONE_LEVEL_RESOLVED.issuperset(types):
        return None
    levels = list(map((_RTL_LEVELS if rtl else _LTR_LEVELS).__getitem__, types))
    # L1: segment separators, and the whitespace before them and at the line's end, are at
    # the paragraph's level
    base = 1 if rtl else 0
    reset = True
    tabs = "S" in kinds
    for i in range(n - 1, -1, -1):
        kind = orig[i]
        if kind == "S":
            levels[i] = base
            reset = True
        elif reset and kind == "WS":
            levels[i] = base
        elif not tabs:
            break  # no separator before: nothing more is reset
        else:
            reset = False
    # L2: from the highest level down to the lowest odd one, each run at that level or
    # higher is reversed (levels 0-2 here; reversing a run leaves which places are at the
    # next level or higher as they were, so every pass's runs are read off the levels)
    order = list(range(n))
    marks = bytes(levels)
    if b"\x01" in marks:
        for runs in _LEVEL_RUNS if b"\x02" in marks else _LEVEL_RUNS[1:]:
            for run in runs.finditer(marks):
                i, j = run.span()
                order[i:j] = order[i:j][::-1]
    logical = "".join(map(text.__getitem__, order))
    if mirror:  # L4: the mirrored characters at an odd level
        odd = [m.start() for m in _mirrorable().finditer(logical) if levels[order[m.start()]] % 2]
        if odd:
            chars = list(logical)
            for i in odd:
                chars[i] = chars[i].translate(_mirror())
            logical = "".join(chars)
    return logical, order


#: the resolved types (I1-I2 take no other)
_ONE_LEVEL_RESOLVED = frozenset({"L", "R", "EN", "AN"})


@_shortcut
def visual_to_logical(text: str, rtl: bool = True, mirror: bool = True
                      ) -> tuple[str, list[int]]:
    """A line's visual text in logical order (``rtl``: a right-to-left line), mirrored
    characters mirrored (``mirror``: the PDF gives a bracket as it looks, not as it reads),
    and for each character of the result the index it came from.

    A right-to-left line of only right-to-left letters, spaces and neutral punctuation (no
    digit, no left-to-right letter: most lines of an Arabic text) is at one level throughout:
    the algorithm reverses it, every mirrored character mirrored. That is done directly
    (:func:`_shortcut`); a line without explicit embeddings, overrides or characters the
    algorithm removes is one level run, resolved by :func:`_one_level`; other lines go
    through the whole algorithm (python-bidi).
    """
    from bidi import algorithm as uba  # python-bidi, loaded for the first such line

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
    if _is_plain(words, rtl):
        return replace(line, words=_reversed_words(words, mirror))
    text, source = visual_to_logical(" ".join([w.text for w in words]), rtl, mirror)
    return replace(line, words=_cut_words(words, text, source))


def _is_plain(words: tuple[Word, ...], rtl: bool) -> bool:
    """A right-to-left line of plain right-to-left text (:func:`_plain_rtl_line`), no word
    empty: its words are only reversed (:func:`_reversed_words`)."""
    return rtl and all([w.text for w in words]) and _plain_rtl_line(
        "".join([w.text for w in words]))


def _cut_words(words: tuple[Word, ...], text: str, source: list[int]) -> tuple[Word, ...]:
    """The words of a line's logical ``text`` (the visual text of ``words`` joined by spaces,
    reordered; ``source``: each character's index in it), cut at the joining spaces: each
    keeps the union of its pieces' boxes and the style of its longest piece."""
    owner: list[int] = []  # per character of the visual text: its word (-1: a joining space)
    for k, w in enumerate(words):
        if k:
            owner.append(-1)
        owner.extend([k] * len(w.text))
    own = list(map(owner.__getitem__, source))  # per character of the text: its word
    out: list[Word] = []
    groups: list[set[int]] = []
    start = 0
    while start <= len(own):
        try:
            end = own.index(-1, start)
        except ValueError:
            end = len(own)
        if end > start:
            ks = set(own[start:end])
            if len(ks) == 1:
                parts = [words[next(iter(ks))]]
                main = parts[0]
                x0, x1, top, bottom = main.x0, main.x1, main.top, main.bottom
            else:
                parts = [words[k] for k in sorted(ks)]
                main = max(parts, key=lambda w: len(w.text))
                x0 = min([w.x0 for w in parts])
                x1 = max([w.x1 for w in parts])
                top = min([w.top for w in parts])
                bottom = max([w.bottom for w in parts])
            gap = 0.0
            spaced = False
            if out:
                prev = out[-1]
                gap = round(max(prev.x0 - x1, x0 - prev.x1, 0.0), 2)
                # a space glyph was drawn between two visually adjacent words, one of each
                # (the pairs of neighbouring words k - 1, k met from the word before's side)
                before = groups[-1]
                if len(before) == 1 and len(parts) == 1:  # one word after another
                    b, k = next(iter(before)), next(iter(ks))
                    spaced = (bool(words[k].spaced) if k == b + 1
                              else bool(words[b].spaced) if k == b - 1 >= 0 else False)
                else:
                    spaced = any(
                        words[k].spaced
                        for b in before
                        for k in (b, b + 1)
                        if 1 <= k < len(words)
                        and ((k - 1 in before and k in ks) or (k in before and k - 1 in ks))
                    )
            out.append(Word(fold_presentation_forms(text[start:end]), x0, x1, top, bottom,
                            main.size, main.font, main.bold, main.italic,
                            all([w.sup for w in parts]), gap, spaced))
            groups.append(ks)
        start = end + 1
    return tuple(out)


def _reversed_words(words: tuple[Word, ...], mirror: bool) -> tuple[Word, ...]:
    """The words of a plain right-to-left line (:func:`_plain_rtl_line`) in reading order, as
    :func:`logical_line` makes them: the visual text is only reversed, so each word is one of
    the line's, its letters reversed (and mirrored), the last word first; a space glyph is
    between two of them when there was one before the word visually after."""
    out: list[Word] = []
    after: Word | None = None  # the word read before this one (visually after it)
    for w in reversed(words):
        text = w.text[::-1]
        if mirror:
            text = text.translate(_mirror())
        if after is None:
            gap = 0.0
            spaced = False
        else:
            gap = round(max(after.x0 - w.x1, w.x0 - after.x1, 0.0), 2)
            spaced = bool(after.spaced)
        out.append(Word(text.translate(_folded()), w.x0, w.x1, w.top, w.bottom, w.size, w.font,
                        w.bold, w.italic, bool(w.sup), gap, spaced))
        after = w
    return tuple(out)


#: sentence-ending punctuation: at a line's visual start, it ends a right-to-left sentence
_END_MARKS = frozenset(".,:;!?،؛؟")


def logical_page(page: Page) -> Page:
    """The page with its right-to-left lines in logical order (the page itself when none).

    A line with no right-to-left letters is one too when it ends a right-to-left sentence:
    on a page of mostly right-to-left lines, it starts (visually) with the sentence's final
    punctuation, as in ``.(ISBA/16/C/L.5)``; a left-to-right line never does.

    Each line is reordered once: whether its brackets are mirrored is decided after, over the
    page's reordered lines (:func:`_unbalanced`), and only changes which characters it reads.
    """
    texts = [ln.text for ln in page.lines]
    if not _RTL_CHAR.search("\n".join(texts)):  # one search of the page: no line has any
        return page
    rtl = [bool(_RTL_CHAR.search(t)) and is_rtl_text(t) for t in texts]
    mostly_rtl = sum(rtl) * 2 > len(rtl)
    todo = []  # (index, reading): the lines to reorder
    for i, (text, is_rtl) in enumerate(zip(texts, rtl, strict=True)):
        has_rtl = is_rtl or _RTL_CHAR.search(text) is not None
        if has_rtl or (mostly_rtl and text[:1] in _END_MARKS):
            todo.append((i, _reading(page.lines[i].words, is_rtl or not has_rtl)))
    # brackets are counted over the page's lines read in a row: a parenthesis opened on one
    # line may close on the next (folding presentation forms and cutting words at the
    # joining spaces add and remove none)
    mirror = True
    unbalanced = _unbalanced(" ".join([r[0] for _, r in todo]))
    if unbalanced and _unbalanced(" ".join([r[1] for _, r in todo])) < unbalanced:
        # some PDFs give a bracket as it reads, drawn with its mirrored glyph (")" drawn as
        # "(" at the left of "(أ)"): the page's brackets then balance without mirroring
        mirror = False
    lines = list(page.lines)
    added = 0  # characters a folded ligature added (lam-alef: two letters for one glyph)
    for i, (mirrored, plain, source) in todo:
        ln = lines[i]
        if source is None:
            words = _reversed_words(ln.words, mirror)
        else:
            words = _cut_words(ln.words, mirrored if mirror else plain, source)
        added += _count(words) - _count(ln.words)
        lines[i] = replace(ln, words=words)
    return replace(page, lines=lines, char_count=page.char_count + added)


def _reading(words: tuple[Word, ...], rtl: bool) -> tuple[str, str, list[int] | None]:
    """A line's visual text (its words joined by spaces) in logical order, with its mirrored
    characters mirrored and as they are, and each character's index in the visual text
    (None: a plain line, :func:`_is_plain`, only reversed)."""
    visual = " ".join([w.text for w in words])
    if _is_plain(words, rtl):
        logical = visual[::-1]
        return logical.translate(_mirror()), logical, None
    text, source = visual_to_logical(visual, rtl, True)
    # mirroring changes only characters (rule L4): unmirrored, each is the one it came from
    return text, "".join(map(visual.__getitem__, source)), source


_OPEN, _CLOSE = "([{", ")]}"
#: the brackets of a text, each one
_BRACKETS = regexcache.compile(r"[()\[\]{}]")


def _unbalanced(text: str) -> int:
    """Brackets of a text that close before they open ("(أ)" read as ")أ("), and those left
    open at its end, counted."""
    depth = bad = 0
    for ch in _BRACKETS.findall(text):
        if ch in _OPEN:
            depth += 1
        elif depth:
            depth -= 1
        else:
            bad += 1
    return bad + depth


def _count(words: tuple[Word, ...]) -> int:
    """The words' characters as the text-loss guard counts them (normalised, no spaces)."""
    return sum(map(_counted, [w.text for w in words]))


@functools.lru_cache(maxsize=1 << 14)  # words recur: each distinct one is counted once
def _counted(text: str) -> int:
    """One word's characters as the text-loss guard counts them (normalised, no spaces)."""
    return len(normalize(text).replace(" ", ""))
