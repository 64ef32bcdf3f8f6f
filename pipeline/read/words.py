"""Segments, words and lines of a page's rows: text, box, size, font, bold/italic, superscript.

Before a row is cut into words, a right-to-left glyph drawn inside another one's box (a
shaping engine's zero-advance piece: the alef of a lam-alef drawn as a lam and an alef with no
advance, a vowel mark) is put just left of the glyph it is drawn on, at that glyph's left edge
(:func:`attach_inner_glyphs`): rows read left to right in visual order, so the bidi step then
reads it right after that glyph (lam then alef), in the same word. Next to a right-to-left
glyph, a narrower gap separates words than in Latin text (:data:`RTL_WORD_GAP`), and so does a
change of weight.
"""

from __future__ import annotations

from collections.abc import Iterable
from sys import intern
from typing import Any

import numpy as np

from pipeline.model import Line, make_word
from pipeline.read.glyphs import Glyphs, decode_codes, font_style
from pipeline.read.rows import OVERPRINT, SIZE_STEP, SUP_SIZE, bold_of_fonts, stacked_apart

#: a gap wider than this fraction of the font size separates two words
WORD_GAP = 0.2
#: next to a right-to-left letter, a gap wider than this fraction of the font size separates
#: two words: Arabic letters are drawn joined (their boxes touch), so any visible gap is one
#: (a heading's label "رابعا -" set in a box of its own, with no space glyph after it)
RTL_WORD_GAP = 0.1
#: a gap wider than this multiple of the font size splits a printed line into two segments
SEGMENT_GAP = 3.0
#: a glyph whose advance is at most this (pt) has no width of its own
NO_ADVANCE = 0.01
#: a glyph drawn on another sits at that glyph's left edge within this fraction of its size
EDGE = 0.025
#: a space glyph drawn from a right-to-left letter's origin (next to it, its left edge within
#: EDGE of the size), this much of whose width that letter covers, is drawn under that
#: letter: it separates nothing
HIDDEN_SPACE = 0.5


def rtl_glyphs(g: Glyphs) -> Any:
    """Per glyph: is its (first) character Hebrew or Arabic (U+0590-08FF, letters and marks)
    or one of their presentation forms."""
    codes = g.codes
    if codes is None:
        codes = np.array([ord(t[0]) if t else 0 for t in g.text], dtype=np.uint32)
    return ((codes >= 0x0590) & (codes < 0x0900)) | ((codes >= 0xFB1D) & (codes < 0xFE00)) | (
        (codes >= 0xFE70) & (codes < 0xFEFF))


def hidden_spaces(seq: Any, row_of: Any, is_space: Any, x0: Any, x1: Any, size: Any, rtl: Any
                  ) -> Any:
    """Per position of ``seq``: a space glyph drawn under a right-to-left letter next to it
    in its row: drawn from the letter's origin (their left edges within :data:`EDGE` of the
    size), the letter's box covering at least :data:`HIDDEN_SPACE` of the space's width. (A
    slanted run's boxes overlap their neighbours, a space's too, but each starts where the
    glyph before it ends.)

    An Arabic word processor justifying a line starts some of its text runs with spaces whose
    width the character spacing cancels (no advance): drawn where the run's first letter is,
    they stand inside a word ("للفقـرة" drawn as "ﺓ" then, in another run, spaces and "ﺮﻘﻔﻠﻟ"),
    not between two words; where a run of them does stand between words, the letters leave
    their width free and the gap is there.
    """
    hidden = np.zeros(seq.size, dtype=bool)
    sp = np.flatnonzero(is_space)
    ink = np.flatnonzero(~is_space)
    if not sp.size or not ink.size:
        return hidden
    width = x1[seq[sp]] - x0[seq[sp]]
    after = np.searchsorted(ink, sp)
    for side in (after - 1, after):
        ok = (side >= 0) & (side < ink.size)
        k = ink[np.clip(side, 0, ink.size - 1)]
        g = seq[k]
        ok &= (row_of[k] == row_of[sp]) & rtl[g]
        overlap = np.minimum(x1[g], x1[seq[sp]]) - np.maximum(x0[g], x0[seq[sp]])
        origin = np.abs(x0[g] - x0[seq[sp]]) <= np.maximum(EDGE * size[seq[sp]], NO_ADVANCE)
        hidden[sp] |= ok & origin & (overlap > 0) & (overlap >= HIDDEN_SPACE * width)
    return hidden


def attach_inner_glyphs(g: Glyphs, seq: Any, row_of: Any, space: Any, rtl: Any
                        ) -> tuple[Any, Any, Any]:
    """The reading sequence with each right-to-left glyph drawn on a right-to-left glyph
    before it moved just before that glyph, and the glyphs' left and right edges with the
    moved ones put at their host's left edge (a point: they add no width and no gap).

    A glyph is drawn on another (its host) when it has no advance of its own, or its box lies
    in the glyph just before it. Its host is the neighbour in the row (spaces skipped) whose
    left edge it sits at, within :data:`EDGE` of the size: a shaping engine puts the
    zero-advance alef of a lam-alef at the ligature's left edge, which rounding may put a
    hair outside it, at the end of the glyph before. Failing that, the host is the glyph
    before it whose box holds it (a vowel mark). One at the left edge of the glyph after it
    is in place already. Several glyphs on one host keep their reading order after it
    (visually, in reverse before it).
    """
    x0, x1 = g.x0, g.x1
    if not seq.size or not rtl[seq].any():
        return seq, x0, x1
    sx0, sx1, srtl, sspace = x0[seq], x1[seq], rtl[seq], space[seq]
    narrow = srtl & ~sspace & (sx1 - sx0 <= NO_ADVANCE)
    inside = np.zeros(seq.size, dtype=bool)  # within the box of the glyph just before
    inside[1:] = (srtl[1:] & srtl[:-1] & ~sspace[1:] & (row_of[1:] == row_of[:-1])
                  & (sx0[1:] >= sx0[:-1]) & (sx1[1:] <= sx1[:-1])
                  & (sx1[1:] - sx0[1:] < sx1[:-1] - sx0[:-1]))
    cand = np.flatnonzero(narrow | inside)
    if not cand.size:
        return seq, x0, x1
    is_cand = np.zeros(seq.size, dtype=bool)
    is_cand[cand] = True
    moved: dict[int, list[int]] = {}  # host position → positions drawn on it
    left = x0.copy()
    right = x1.copy()
    ssize = g.size[seq]
    for k in cand.tolist():
        p = float(sx0[k])
        edge = max(EDGE * float(ssize[k]), NO_ADVANCE)
        nxt = k + 1
        while nxt < seq.size and row_of[nxt] == row_of[k] and (is_cand[nxt] or sspace[nxt]):
            nxt += 1
        if (nxt < seq.size and row_of[nxt] == row_of[k] and srtl[nxt]
                and abs(float(sx0[nxt]) - p) <= edge):
            continue  # at the left edge of the glyph after it: in place already
        h = k - 1
        while h >= 0 and row_of[h] == row_of[k] and (is_cand[h] or sspace[h]):
            h -= 1
        if h < 0 or row_of[h] != row_of[k] or not srtl[h]:
            continue
        at_edge = abs(float(sx0[h]) - p) <= edge
        holds = sx0[h] - NO_ADVANCE <= p and float(sx1[k]) <= sx1[h] + NO_ADVANCE
        if at_edge or holds:
            moved.setdefault(h, []).append(k)
    if not moved:
        return seq, x0, x1
    gone = {k for ks in moved.values() for k in ks}
    order = []
    for k in range(seq.size):
        if k in gone:
            continue
        if k in moved:
            order.extend(reversed(moved[k]))
        order.append(k)
    new_seq = seq[np.array(order, dtype=np.intp)]
    for h, ks in moved.items():
        edge = sx0[h]
        for k in ks:
            left[seq[k]] = right[seq[k]] = edge
    return new_seq, left, right


# --------------------------------------------------------------------------------------------
# Dominant values: the most frequent, the first seen winning a tie
# --------------------------------------------------------------------------------------------


def _dominant(values: Iterable[tuple[object, int]]) -> object:
    weights: dict[object, int] = {}
    for v, w in values:
        weights[v] = weights.get(v, 0) + w
    return max(weights.items(), key=lambda kv: kv[1])[0]


def _dominant_size(sizes: list[float]) -> float:
    """The most frequent size rounded to 0.1 pt (first seen wins a tie)."""
    weights: dict[float, int] = {}
    for s in sizes:
        r = round(s, 1)
        weights[r] = weights.get(r, 0) + 1
    return max(weights.items(), key=lambda kv: kv[1])[0]


def _uniform(values: Any, starts: Any) -> Any:
    """Per group (``starts`` into ``values``): are all its values equal?"""
    return np.minimum.reduceat(values, starts) == np.maximum.reduceat(values, starts)


# --------------------------------------------------------------------------------------------
# Segments, words and lines
# --------------------------------------------------------------------------------------------


def _shared(values: Any, shared: dict[float, float]) -> list[float]:
    """The values as Python floats, equal ones one object (``shared`` across a page's columns):
    a long document's words take half the memory."""
    out = values.tolist()
    zeros = np.flatnonzero(values == 0).tolist()
    kept = list(map(shared.setdefault, out, out))
    for k in zeros:  # zero is left alone: -0.0 == 0.0 but prints differently
        kept[k] = out[k]
    return kept


def _round_exact(values: Any, digits: int) -> Any:
    """``round(v, digits)`` of each value, as Python rounds (the decimal value, half to even).

    Scaled and rounded with numpy, which agrees with Python except within a hair of a half;
    those few values are rounded by Python.
    """
    scale = 10.0**digits
    scaled = values * scale
    out = np.rint(scaled) / scale
    frac = scaled - np.floor(scaled)
    near_half = np.flatnonzero(np.abs(frac - 0.5) < 1e-6)
    if near_half.size:
        out[near_half] = [round(v, digits) for v in values[near_half].tolist()]
    return out


def _word_texts(g: Glyphs, b: Any, starts: Any) -> list[str]:
    """The texts of glyphs ``b`` joined per word (``starts``: each word's first glyph), interned."""
    codes = g.codes
    if codes is None or (codes[b] == 0).any():  # not one character per glyph, or NULs
        texts = list(map(g.text.__getitem__, b.tolist()))
        bounds = [*starts.tolist(), len(texts)]
        return [intern("".join(texts[s:e])) for s, e in zip(bounds, bounds[1:], strict=False)]
    marked = decode_codes(np.insert(codes[b], starts[1:], 0))
    return list(map(intern, marked.split("\x00")))


def make_lines(
    page_no: int, g: Glyphs, space: Any, doubled: Any | None, seq: Any, row_of: Any
) -> list[Line]:
    """Split rows into segments and words; one :class:`Line` per segment with text.

    ``seq`` holds the glyph indexes row by row, each row left to right; ``row_of`` each one's
    row number.
    """
    rtl = rtl_glyphs(g)
    seq, gx0, gx1 = attach_inner_glyphs(g, seq, row_of, space, rtl)
    is_space = space[seq]
    n = seq.size

    # segments: a row is split where a wide gap separates two glyphs (spaces stay with the
    # segment before them)
    start = np.zeros(n, dtype=bool)
    start[0] = True
    start[1:] = row_of[1:] != row_of[:-1]
    pos = np.flatnonzero(~is_space)  # positions of glyphs with ink
    if pos.size == 0:
        return []
    b = seq[pos]
    bx0, bx1, bsize = gx0[b], gx1[b], g.size[b]
    if pos.size > 1:
        p, q = pos[:-1], pos[1:]
        near = np.minimum(bsize[1:], bsize[:-1])
        wide = (row_of[q] == row_of[p]) & (bx0[1:] - bx1[:-1] > SEGMENT_GAP * near)
        # a glyph of another size or weight drawn over the glyph before it (a label hung into
        # the gutter over the other column's line) starts a segment of its own
        bbold = bold_of_fonts(g.fonts)[g.font[b]]
        over = (row_of[q] == row_of[p]) & (
            bx0[1:] < bx1[:-1] - OVERPRINT * np.maximum(bsize[1:], bsize[:-1])) & (
            (np.abs(bsize[1:] - bsize[:-1]) > SIZE_STEP) | (bbold[1:] != bbold[:-1]))
        if over.any():  # drawn over each other, not one above the other
            for k in np.flatnonzero(over).tolist():
                over[k] = not stacked_apart(float(g.top[b[k]]), float(g.bottom[b[k]]),
                                             float(g.top[b[k + 1]]), float(g.bottom[b[k + 1]]))
        start[q[wide | over]] = True
    segment = np.cumsum(start)[pos]  # per glyph with ink
    drawn = is_space & ~hidden_spaces(seq, row_of, is_space, gx0, gx1, g.size, rtl)
    spaces_before = np.cumsum(drawn)[pos]

    # per segment (with ink): dominant size, and the baseline of its full-size glyphs
    first = np.ones(pos.size, dtype=bool)
    first[1:] = segment[1:] != segment[:-1]
    seg_starts = np.flatnonzero(first)
    same_size = _uniform(bsize, seg_starts).tolist()
    bsize_l = bsize.tolist()
    seg_bounds = [*seg_starts.tolist(), pos.size]
    seg_size_l = [
        round(bsize_l[s], 1) if same_size[k] else _dominant_size(bsize_l[s:seg_bounds[k + 1]])
        for k, s in enumerate(seg_bounds[:-1])
    ]
    seg_size = np.repeat(np.array(seg_size_l, dtype=np.float64), np.diff(seg_bounds))
    limit = seg_size * SUP_SIZE
    bbottom = g.bottom[b]
    full = np.where(bsize >= limit, bbottom, -np.inf)
    base = np.repeat(np.maximum.reduceat(full, seg_starts), np.diff(seg_bounds))
    sup = (bsize < limit) & (bbottom < base - 0.12 * seg_size)

    # words: a space, a gap wider than WORD_GAP of the size, or a change to or from superscript
    gap = np.zeros(pos.size)
    gap[1:] = bx0[1:] - bx1[:-1]
    # a space glyph between a glyph and the one before it (also what word building keeps)
    spaced = np.zeros(pos.size, dtype=bool)
    spaced[1:] = spaces_before[1:] != spaces_before[:-1]
    new_word = first.copy()
    brtl = rtl[b]
    near_rtl = brtl[1:] | brtl[:-1]
    word_gap = np.where(near_rtl, RTL_WORD_GAP, WORD_GAP)
    new_word[1:] |= (
        spaced[1:]
        | (gap[1:] > word_gap * np.minimum(bsize[1:], seg_size[1:]))
        | (sup[1:] != sup[:-1])
    )
    if near_rtl.any():
        # next to a right-to-left letter, a change of weight separates words: joined letters
        # are shaped in one run, never half bold (a regular label "سادسا -" before bold text)
        weight = bold_of_fonts(g.fonts)[g.font[b]]
        new_word[1:] |= near_rtl & (weight[1:] != weight[:-1])
    w_starts = np.flatnonzero(new_word)
    w_bounds = [*w_starts.tolist(), pos.size]
    nwords = w_starts.size
    shared: dict[float, float] = {}
    w_top_a = np.minimum.reduceat(g.top[b], w_starts)
    w_bottom_a = np.maximum.reduceat(bbottom, w_starts)
    w_top, w_bottom = _shared(w_top_a, shared), _shared(w_bottom_a, shared)

    # size and font: those of the word's glyphs when they agree, else the dominant ones
    w_size_same = _uniform(bsize, w_starts)
    w_size = _round_exact(bsize[w_starts], 1)
    bfont = g.font[b]
    w_font_same = _uniform(bfont, w_starts)
    w_font_id = bfont[w_starts]
    fonts = g.fonts
    mixed = np.flatnonzero(~(w_size_same & w_font_same)).tolist()
    w_font = list(map(fonts.__getitem__, w_font_id.tolist()))
    if mixed:
        w_size = w_size.tolist()
        bfont_l = bfont.tolist()
        for k in mixed:
            s, e = w_bounds[k], w_bounds[k + 1]
            if not w_size_same[k]:
                w_size[k] = _dominant_size(bsize_l[s:e])
            if not w_font_same[k]:
                w_font[k] = str(_dominant((fonts[f], 1) for f in bfont_l[s:e]))
        w_size = np.array(w_size, dtype=np.float64)
    w_size_l = _shared(w_size, shared)
    # per font: its style, and one number per font name (a word of mixed fonts has the
    # dominant one's)
    names: dict[str, int] = {}
    font_name = [names.setdefault(f, len(names)) for f in fonts]
    font_styles = [font_style(f) for f in fonts]
    w_font_n = np.array(font_name, dtype=np.int64)[w_font_id]
    w_bold = np.array([st[0] for st in font_styles], dtype=bool)[w_font_id].tolist()
    w_italic = np.array([st[1] for st in font_styles], dtype=bool)[w_font_id].tolist()
    for k in mixed:
        if not w_font_same[k]:
            w_font_n[k] = names.setdefault(w_font[k], len(names))
            w_bold[k], w_italic[k] = font_style(w_font[k])
    if doubled is not None:  # typewriter bold: most of the word's glyphs were struck twice
        doubled_before = np.concatenate([[0], np.cumsum(doubled[b])]).tolist()
        for k in range(nwords):
            if not w_bold[k]:
                s, e = w_bounds[k], w_bounds[k + 1]
                w_bold[k] = (doubled_before[e] - doubled_before[s]) * 2 > e - s

    # gap to the previous word on the line (0 for the first), to 0.01 pt
    w_gap = np.where(first[w_starts], 0.0, _round_exact(np.maximum(gap[w_starts], 0.0), 2))
    w_gap_l = _shared(w_gap, shared)
    # a space glyph between this word and the previous one on the line
    w_spaced = (spaced[w_starts] & ~first[w_starts]).tolist()

    w_text = _word_texts(g, b, w_starts)
    w_x0, w_x1 = np.minimum.reduceat(bx0, w_starts), np.maximum.reduceat(bx1, w_starts)
    w_sup = sup[w_starts]
    words = list(map(make_word, zip(w_text, w_x0.tolist(), w_x1.tolist(), w_top, w_bottom,
                                    w_size_l, w_font, w_bold, w_italic, w_sup.tolist(), w_gap_l,
                                    w_spaced, strict=True)))

    # one line per segment with ink: its extent, and the style of most of its characters
    # (superscripts left out, unless the line has nothing else)
    l_starts = np.flatnonzero(first[w_starts])
    main = ~w_sup
    has_main = np.add.reduceat(main, l_starts) > 0
    main |= ~np.repeat(has_main, np.diff(np.append(l_starts, nwords)))
    l_top = np.minimum.reduceat(np.where(main, w_top_a, np.inf), l_starts).tolist()
    l_bottom = np.maximum.reduceat(np.where(main, w_bottom_a, -np.inf), l_starts).tolist()
    l_x0 = np.minimum.reduceat(w_x0, l_starts).tolist()
    l_x1 = np.maximum.reduceat(w_x1, l_starts).tolist()
    w_len = np.fromiter(map(len, w_text), dtype=np.int64, count=nwords) * main
    l_chars = np.add.reduceat(w_len, l_starts)
    l_bold = (np.add.reduceat(w_len * np.array(w_bold), l_starts) * 2 > l_chars).tolist()
    l_italic = (np.add.reduceat(w_len * np.array(w_italic), l_starts) * 2 > l_chars).tolist()
    l_font_same = _uniform(np.where(main, w_font_n, -1), l_starts).tolist()
    line_bounds = [*l_starts.tolist(), nwords]
    main_l = main.tolist()
    w_len_l = w_len.tolist()
    lines: list[Line] = []
    for k in range(len(line_bounds) - 1):
        s, e = line_bounds[k], line_bounds[k + 1]
        if l_font_same[k] and main_l[s]:
            font = w_font[s]
        else:
            font = str(_dominant((w_font[j], w_len_l[j]) for j in range(s, e) if main_l[j]))
        lines.append(Line(page_no, tuple(words[s:e]), l_x0[k], l_x1[k], l_top[k], l_bottom[k],
                          seg_size_l[k], font, l_bold[k], l_italic[k]))
    lines.sort(key=lambda ln: (round(ln.top), ln.x0))
    return lines

