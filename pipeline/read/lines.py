"""Words and lines from one page's glyphs: the part of loading that both backends share.

A loader hands over the page's glyphs as columns (:class:`Glyphs`, in the order the PDF draws
them); :func:`build_page` folds typewriter fake bold, groups glyphs into rows, splits rows into
segments at wide gaps, segments into words, and returns the page's :class:`~pipeline.model.Line`
objects.

The rules are per glyph (a word ends at a space, a gap wider than a fifth of the font size or a
change between superscript and body text; a glyph joins the recent row it overlaps most), but the
work is done on whole columns with numpy: Python only runs once per word and line, and once per
run of glyphs that share a baseline and size. ``tests/reference_lines.py`` keeps the plain
glyph-by-glyph version of the same rules; the tests prove both give identical pages.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from sys import intern
from typing import Any

import numpy as np

from pipeline.model import Line, Page, Rule, Word
from pipeline.textnorm import normalize

#: a gap wider than this fraction of the font size separates two words
WORD_GAP = 0.2
#: a gap wider than this multiple of the font size splits a printed line into two segments
SEGMENT_GAP = 3.0
#: characters smaller than this fraction of the line's size, and raised, are superscripts
SUP_SIZE = 0.8
#: a glyph struck again within this fraction of its width (and of its size) is a fake-bold repeat
DOUBLE_STRIKE = 0.35

Floats = Any  # a 1-D float64 numpy array


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character as the loaders see it (a row of :class:`Glyphs`)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str


class Glyphs:
    """A page's glyphs as columns, in drawing order: texts, boxes (pdfplumber's top-left
    coordinates), font sizes and font names (an index into ``fonts`` per glyph).

    Texts are given as a list of strings, or as an array of character codes when every glyph
    is one character (PDFium's case); each form is derived from the other when asked for.
    """

    __slots__ = ("_text", "_codes", "x0", "x1", "top", "bottom", "size", "font", "fonts")

    def __init__(
        self,
        text: list[str] | Any,
        x0: Sequence[float] | Floats,
        x1: Sequence[float] | Floats,
        top: Sequence[float] | Floats,
        bottom: Sequence[float] | Floats,
        size: Sequence[float] | Floats,
        font: Sequence[int] | Any,
        fonts: list[str],
    ) -> None:
        if isinstance(text, np.ndarray):
            self._text, self._codes = None, text.astype(np.uint32, copy=False)
        else:
            self._text, self._codes = text, None
        self.x0 = np.asarray(x0, dtype=np.float64)
        self.x1 = np.asarray(x1, dtype=np.float64)
        self.top = np.asarray(top, dtype=np.float64)
        self.bottom = np.asarray(bottom, dtype=np.float64)
        self.size = np.asarray(size, dtype=np.float64)
        self.font = np.asarray(font, dtype=np.int32)
        self.fonts = fonts

    def __len__(self) -> int:
        return self.x0.size

    @property
    def text(self) -> list[str]:
        """Each glyph's text."""
        if self._text is None:
            self._text = list(decode_codes(self._codes))
        return self._text

    @property
    def codes(self) -> Any | None:
        """Each glyph's character code (uint32), or None when a glyph's text is not one
        character (pdfminer's ``(cid:N)``, a ligature spelled out)."""
        if self._codes is None and self._text is not None:
            joined = "".join(self._text)
            if len(joined) == len(self._text):
                self._codes = encode_codes(joined)
        return self._codes

    @classmethod
    def from_rows(cls, rows: Iterable[Glyph]) -> Glyphs:
        """Columns from glyphs given one by one."""
        rows = list(rows)
        ids: dict[str, int] = {}
        font = [ids.setdefault(g.font, len(ids)) for g in rows]
        return cls([g.text for g in rows], [g.x0 for g in rows], [g.x1 for g in rows],
                   [g.top for g in rows], [g.bottom for g in rows], [g.size for g in rows],
                   font, list(ids))

    def rows(self) -> list[Glyph]:
        """The glyphs one by one (Python floats)."""
        fonts = self.fonts
        return [
            Glyph(t, a, b, c, d, e, fonts[f])
            for t, a, b, c, d, e, f in zip(
                self.text, self.x0.tolist(), self.x1.tolist(), self.top.tolist(),
                self.bottom.tolist(), self.size.tolist(), self.font.tolist(), strict=True
            )
        ]

    def take(self, index: Any) -> Glyphs:
        """The glyphs at ``index`` (an integer array), in that order."""
        index = np.asarray(index, dtype=np.intp)
        codes = self._codes
        if codes is not None:
            text: list[str] | Any = codes[index]
        else:
            text = list(map(self.text.__getitem__, index.tolist()))
        return Glyphs(text, self.x0[index], self.x1[index], self.top[index], self.bottom[index],
                      self.size[index], self.font[index], self.fonts)


def encode_codes(text: str) -> Any:
    """A string's character codes (lone surrogates kept)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def decode_codes(codes: Any) -> str:
    """The string of an array of character codes."""
    return codes.astype("<u4", copy=False).tobytes().decode("utf-32-le", "surrogatepass")


def clean_font_name(name: str) -> str:
    """Drop a subset prefix such as ``ABCDEF+``."""
    if len(name) > 7 and name[6] == "+" and name[:6].isupper():
        return name[7:]
    return name


def font_is_bold(font: str) -> bool:
    f = font.lower()
    return any(k in f for k in ("bold", "black", "heavy", "semibold", "demi", "-bd", ",bd"))


def font_is_italic(font: str) -> bool:
    f = font.lower()
    return "italic" in f or "oblique" in f or f.endswith("-it") or f.endswith(",it")


@cache
def _font_style(font: str) -> tuple[bool, bool]:
    return font_is_bold(font), font_is_italic(font)


# --------------------------------------------------------------------------------------------
# Glyph texts: each distinct text gets a small integer, with what the builder asks of it
# --------------------------------------------------------------------------------------------

#: text → id; per id: is it white space, how many text-carrying characters (normalised)
_TEXT_IDS: dict[str, int] = {}
_TEXT_SPACE = np.zeros(0, dtype=bool)
_TEXT_CHARS = np.zeros(0, dtype=np.int64)
#: the table is emptied past this many texts (whatever a long-running process reads)
_TEXT_TABLE_LIMIT = 200_000
#: the table and its arrays change together: one thread at a time
_TEXT_LOCK = threading.Lock()
#: the same, per character code of the Basic Multilingual Plane (when each glyph is one)
_CODE_KNOWN = np.zeros(0x10000, dtype=bool)
_CODE_SPACE = np.zeros(0x10000, dtype=bool)
_CODE_CHARS = np.zeros(0x10000, dtype=np.int64)


def _text_ids(g: Glyphs) -> tuple[Any, Any, Any]:
    """Per glyph: a number standing for its text (equal texts, equal numbers), white-space
    flag and text-carrying character count."""
    codes = g.codes
    if codes is not None and (not codes.size or int(codes.max()) < 0x10000):
        new = ~_CODE_KNOWN[codes]
        if new.any():
            for c in np.unique(codes[new]).tolist():
                ch = chr(c)
                _CODE_SPACE[c] = ch.isspace()
                _CODE_CHARS[c] = len(normalize(ch).replace(" ", ""))
                _CODE_KNOWN[c] = True
        return codes.astype(np.intp), _CODE_SPACE[codes], _CODE_CHARS[codes]
    with _TEXT_LOCK:
        return _text_table_ids(g.text)


def _text_table_ids(texts: list[str]) -> tuple[Any, Any, Any]:
    """:func:`_text_ids` through the table of texts (the caller holds ``_TEXT_LOCK``)."""
    global _TEXT_SPACE, _TEXT_CHARS
    table = _TEXT_IDS
    if len(table) > _TEXT_TABLE_LIMIT:
        table.clear()
        _TEXT_SPACE, _TEXT_CHARS = _TEXT_SPACE[:0], _TEXT_CHARS[:0]
    known = len(table)
    found = list(map(table.get, texts))
    if None in found:  # texts not seen before: numbered in order of appearance
        found = [table.setdefault(t, len(table)) for t in texts]
    ids = np.array(found, dtype=np.intp)
    if len(table) > known:
        new_texts = list(table)[known:]
        _TEXT_SPACE = np.concatenate([_TEXT_SPACE, [t.isspace() for t in new_texts]]).astype(bool)
        _TEXT_CHARS = np.concatenate(
            [_TEXT_CHARS, [len(normalize(t).replace(" ", "")) for t in new_texts]]
        ).astype(np.int64)
    return ids, _TEXT_SPACE[ids], _TEXT_CHARS[ids]


# --------------------------------------------------------------------------------------------
# Typewriter fake bold: the same glyph struck twice at almost the same place
# --------------------------------------------------------------------------------------------


def _may_have_doubles(g: Glyphs, tid: Any, space: Any) -> bool:
    """False when no two glyphs could be a fake-bold pair (the common case, decided on whole
    columns); True sends the page through the exact glyph-by-glyph fold.

    A pair is the same text, both offsets under ``DOUBLE_STRIKE`` of the first glyph's width and
    size. Sorted by text, by a vertical cell twice the largest size tolerance (two grids, half a
    cell apart, so that every pair shares a cell in one of them) and by x0 (to 1/64 pt), any
    such pair lies within a few places of each other; a window of four is checked, and a fuller
    one (a fifth candidate still close) is treated as a possible pair.
    """
    body = np.flatnonzero(~space)
    if body.size < 2:
        return False
    x0, top, text = g.x0[body], g.top[body], tid[body]
    width = g.x1[body] - x0
    tol_x = DOUBLE_STRIKE * np.where(width > 0.5, width, 0.5)
    tol_y = DOUBLE_STRIKE * g.size[body]
    max_x, max_y = float(tol_x.max()), float(tol_y.max())
    if not max_y > 0:
        max_y = 1e-6
    quantum = 1 / 64
    xq = np.floor((x0 - x0.min()) / quantum).astype(np.int64)
    reach = int(max_x / quantum) + 2  # x0 closer than max_x ⇒ quantised x0 closer than this
    for offset in (0.0, max_y):
        cell = np.floor((top - top.min() + offset) / (2 * max_y)).astype(np.int64)
        cells, xs = int(cell.max()) + 1, int(xq.max()) + 1
        if cells * xs * (int(text.max()) + 1) < 2**62:
            order = np.argsort((text * cells + cell) * xs + xq)
        else:  # an absurd page: sort on the three keys
            order = np.lexsort((x0, cell, text))
        for k in range(1, 5):
            a, b = order[:-k], order[k:]
            near = (text[a] == text[b]) & (cell[a] == cell[b]) & (xq[b] - xq[a] < reach)
            if not near.any():
                break
            if k == 4:
                return True
            a, b = a[near], b[near]
            first, second = np.minimum(a, b), np.maximum(a, b)  # drawing order
            if (
                (np.abs(x0[first] - x0[second]) < tol_x[first])
                & (np.abs(top[first] - top[second]) < tol_y[first])
                & (np.abs(np.floor(top[first] / 4) - np.floor(top[second] / 4)) <= 2)
            ).any():
                return True
    return False


def _fold_doubles(g: Glyphs, space: list[bool]) -> tuple[list[int], set[int]]:
    """Glyph by glyph: drop a glyph printed again at (almost) the place of a kept one.

    Returns the indexes kept, and the positions (in the kept list) of glyphs that were doubled.
    """
    kept: list[int] = []
    doubled: set[int] = set()
    # kept glyphs bucketed by text and coarse row, for a cheap overlap test:
    # text → row → [(x0, top, x tolerance, y tolerance, position in kept)]
    by_text: dict[str, dict[int, list[tuple[float, float, float, float, int]]]] = {}
    columns = zip(g.text, g.x0.tolist(), g.x1.tolist(), g.top.tolist(), g.size.tolist(),
                  strict=True)
    for i, (text, gx0, gx1, gtop, gsize) in enumerate(columns):
        if space[i]:
            kept.append(i)
            continue
        row = int(gtop // 4)
        rows = by_text.get(text)
        if rows is None:
            rows = by_text[text] = {}
        elif rows:
            twin = -1
            for r in (row - 1, row, row + 1):
                bucket = rows.get(r)
                if bucket is not None:
                    for kx0, ktop, tx, ty, j in bucket:
                        if abs(kx0 - gx0) < tx and abs(ktop - gtop) < ty:
                            twin = j
                            break
                    if twin >= 0:
                        break
            if twin >= 0:
                doubled.add(twin)
                continue
        width = gx1 - gx0
        entry = (gx0, gtop, DOUBLE_STRIKE * (width if width > 0.5 else 0.5),
                 DOUBLE_STRIKE * gsize, len(kept))
        bucket = rows.get(row)
        if bucket is None:
            rows[row] = [entry]
        else:
            bucket.append(entry)
        kept.append(i)
    return kept, doubled


# --------------------------------------------------------------------------------------------
# Rows: glyphs that share a vertical band
# --------------------------------------------------------------------------------------------


def _group_rows(g: Glyphs) -> tuple[Any, Any]:
    """Group glyphs into rows that share a vertical band (superscripts join their row).

    Glyphs are taken top to bottom, left to right. A glyph joins the recent row it overlaps
    most. A glyph of another size (a superscript, or the word a superscript belongs to) joins
    only a row it touches horizontally: a large glyph in another column must not stretch a
    small-print row and swallow the next line.

    Consecutive glyphs with the same top, bottom and size (a line's run of one font) go where
    the first of them went, when that is the newest row and now covers them at a compatible
    size: each of them would find that row first, fully overlapped.

    Returns the glyph indexes in reading order (rows in the order they were started, each
    left to right) and each one's row number.
    """
    n = len(g)
    order = _sort_by(g.top, g.x0)
    x0_o, x1_o = g.x0[order], g.x1[order]
    top_o, bottom_o, size_o = g.top[order], g.bottom[order], g.size[order]
    change = np.ones(n, dtype=bool)
    change[1:] = (
        (top_o[1:] != top_o[:-1]) | (bottom_o[1:] != bottom_o[:-1]) | (size_o[1:] != size_o[:-1])
    )
    starts = np.flatnonzero(change)
    run_x0 = np.minimum.reduceat(x0_o, starts).tolist()
    run_x1 = np.maximum.reduceat(x1_o, starts).tolist()
    bounds = [*starts.tolist(), n]
    # the values of each run's first glyph (the others are read one by one when needed)
    first_top, first_bottom = top_o[starts].tolist(), bottom_o[starts].tolist()
    first_size = size_o[starts].tolist()
    first_x0, first_x1 = x0_o[starts].tolist(), x1_o[starts].tolist()

    # per row: spans of sorted positions; top, bottom, size of its core, horizontal extent
    spans: list[list[tuple[int, int]]] = []
    bands: list[list[float]] = []
    for run in range(len(bounds) - 1):
        k, end = bounds[run], bounds[run + 1]
        gtop, gbottom, gsize = first_top[run], first_bottom[run], first_size[run]
        gx0, gx1 = first_x0[run], first_x1[run]
        while k < end:
            if k != bounds[run]:
                gx0, gx1 = float(x0_o[k]), float(x1_o[k])
            k += 1
            h = gbottom - gtop
            if h < 0.1:
                h = 0.1
            best, best_frac = -1, 0.0
            # only recent rows can overlap, rows are built top-down
            count = len(spans)
            for r in range(count - 1, count - 5 if count > 4 else -1, -1):
                band = bands[r]
                btop, bbottom, bsize = band[0], band[1], band[2]
                ratio = gsize / bsize
                if not 0.8 <= ratio <= 1.25:
                    reach = 2 * (bsize if bsize >= gsize else gsize)
                    if gx0 > band[4] + reach or gx1 < band[3] - reach:
                        continue
                overlap = ((bbottom if bbottom <= gbottom else gbottom)
                           - (btop if btop >= gtop else gtop))
                bh = bbottom - btop
                frac = overlap / (h if h <= bh else bh)
                if frac >= 0.5 and frac > best_frac:
                    best, best_frac = r, frac
                    if frac >= 1.0:  # a fraction is at most 1: no other row can do better
                        break
            if best < 0:
                best = len(spans)
                spans.append([(k - 1, k)])
                band = [gtop, gbottom, gsize, gx0, gx1]
                bands.append(band)
            else:
                row = spans[best]
                if row[-1][1] == k - 1:
                    row[-1] = (row[-1][0], k)
                else:
                    row.append((k - 1, k))
                band = bands[best]
                if gx0 < band[3]:
                    band[3] = gx0
                if gx1 > band[4]:
                    band[4] = gx1
                if gsize >= band[2] * SUP_SIZE:
                    if gtop < band[0]:
                        band[0] = gtop
                    if gbottom > band[1]:
                        band[1] = gbottom
                    if gsize > band[2]:
                        band[2] = gsize
            if (
                k < end
                and best == len(spans) - 1
                and gbottom - gtop >= 0.1
                and band[0] <= gtop
                and band[1] >= gbottom
                and 0.8 <= gsize / band[2] <= 1.25
            ):
                row = spans[best]
                row[-1] = (row[-1][0], end)  # the row's last span ends at k: extended
                if k == bounds[run] + 1:  # the whole run is in this row
                    rest_x0, rest_x1 = run_x0[run], run_x1[run]
                else:  # the glyphs from k on (left to right: the first is the leftmost)
                    rest_x0, rest_x1 = float(x0_o[k]), float(x1_o[k:end].max())
                if rest_x0 < band[3]:
                    band[3] = rest_x0
                if rest_x1 > band[4]:
                    band[4] = rest_x1
                break
    return _reading_order(order, x0_o, spans, _merge_small_rows(bands))


def _merge_small_rows(bands: list[list[float]]) -> dict[int, int]:
    """Rows of small print (a superscript that started its own row because it sits a little
    higher) to fold into the larger row they overlap and touch: row → row it joins."""
    merged_into: dict[int, int] = {}
    for r, (top, bottom, size, x0, x1) in enumerate(bands):
        h = bottom - top
        for q in range(max(0, r - 4), min(len(bands), r + 5)):
            if q == r or q in merged_into:
                continue
            qt, qb, qs, qx0, qx1 = bands[q]
            if size >= qs * SUP_SIZE:
                continue
            reach = 2 * qs
            if x0 > qx1 + reach or x1 < qx0 - reach:
                continue
            if min(bottom, qb) - max(top, qt) >= 0.5 * h:
                merged_into[r] = q
                break
    return merged_into


def _reading_order(
    order: Any, x0_o: Any, spans: list[list[tuple[int, int]]], merged_into: dict[int, int]
) -> tuple[Any, Any]:
    """Glyph indexes row by row, each row left to right, and each one's row number.

    A folded row's glyphs follow those of the row it joins (in folding order) before the row
    is sorted left to right; a sort keeps that order between glyphs at the same x0.
    """
    n = order.size
    final = list(range(len(spans)))
    for r in merged_into:
        q = merged_into[r]
        while q in merged_into:
            q = merged_into[q]
        final[r] = q
    kept = sorted(set(final))
    rank = {q: k for k, q in enumerate(kept)}
    row_of = np.empty(n, dtype=np.intp)
    fold = np.zeros(n, dtype=np.intp)  # 0: the row's own glyphs; r + 1: folded from row r
    for r, row in enumerate(spans):
        number, sub = rank[final[r]], (r + 1 if final[r] != r else 0)
        for k0, k1 in row:
            row_of[k0:k1] = number
            if sub:
                fold[k0:k1] = sub
    if merged_into or (row_of[1:] < row_of[:-1]).any():
        # rows grouped, each with its own glyphs first, then those folded into it
        pre = np.lexsort((np.arange(n), fold, row_of))
    else:
        pre = np.arange(n)
    # the sort moves glyphs only within their row: the row numbers stay where they are
    rows = row_of[pre]
    return order[pre][_sort_by(rows, x0_o[pre], grouped=True)], rows


def _sort_by(primary: Any, secondary: Any, grouped: bool = False) -> Any:
    """The stable sort order by ``primary`` then ``secondary`` (``np.lexsort``), found without
    sorting what is already in order: glyphs come mostly in reading order.

    ``grouped``: equal primary values are already together, in increasing order.
    """
    n = primary.size
    order = np.arange(n) if grouped else np.argsort(primary, kind="stable")
    p, q = primary[order], secondary[order]
    tie = p[1:] == p[:-1]
    unsorted = tie & (q[1:] < q[:-1])
    if not unsorted.any():
        return order
    # sort again only the groups (equal primary values) that are out of order
    bad = np.zeros(n, dtype=bool)
    group = np.cumsum(np.concatenate([[True], ~tie]))
    bad_groups = np.zeros(group[-1] + 1, dtype=bool)
    bad_groups[group[1:][unsorted]] = True
    bad = bad_groups[group]
    slots = np.flatnonzero(bad)
    order = order.copy()
    order[slots] = order[slots][np.lexsort((q[slots], p[slots]))]
    return order


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
    if (values == 0).any():  # zero is left alone: -0.0 == 0.0 but prints differently
        return [v if not v else shared.setdefault(v, v) for v in out]
    return list(map(shared.setdefault, out, out))


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


def _make_lines(
    page_no: int, g: Glyphs, space: Any, doubled: Any | None, seq: Any, row_of: Any
) -> list[Line]:
    """Split rows into segments and words; one :class:`Line` per segment with text.

    ``seq`` holds the glyph indexes row by row, each row left to right; ``row_of`` each one's
    row number.
    """
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
    bx0, bx1, bsize = g.x0[b], g.x1[b], g.size[b]
    if pos.size > 1:
        p, q = pos[:-1], pos[1:]
        wide = (row_of[q] == row_of[p]) & (
            bx0[1:] - bx1[:-1] > SEGMENT_GAP * np.minimum(bsize[1:], bsize[:-1])
        )
        start[q[wide]] = True
    segment = np.cumsum(start)[pos]  # per glyph with ink
    spaces_before = np.cumsum(is_space)[pos]

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
    new_word = first.copy()
    new_word[1:] |= (
        (spaces_before[1:] != spaces_before[:-1])
        | (gap[1:] > WORD_GAP * np.minimum(bsize[1:], seg_size[1:]))
        | (sup[1:] != sup[:-1])
    )
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
    w_font = [fonts[f] for f in w_font_id.tolist()]
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
    styles = list(map(_font_style, w_font))
    w_bold = [st[0] for st in styles]
    w_italic = [st[1] for st in styles]
    if doubled is not None:  # typewriter bold: most of the word's glyphs were struck twice
        doubled_before = np.concatenate([[0], np.cumsum(doubled[b])]).tolist()
        for k in range(nwords):
            if not w_bold[k]:
                s, e = w_bounds[k], w_bounds[k + 1]
                w_bold[k] = (doubled_before[e] - doubled_before[s]) * 2 > e - s

    # gap to the previous word on the line (0 for the first), to 0.01 pt
    w_gap = np.where(first[w_starts], 0.0, _round_exact(np.maximum(gap[w_starts], 0.0), 2))
    w_gap_l = _shared(w_gap, shared)

    w_text = _word_texts(g, b, w_starts)
    w_x0, w_x1 = np.minimum.reduceat(bx0, w_starts), np.maximum.reduceat(bx1, w_starts)
    w_sup = sup[w_starts]
    words = list(map(Word, w_text, w_x0.tolist(), w_x1.tolist(), w_top, w_bottom, w_size_l,
                     w_font, w_bold, w_italic, w_sup.tolist(), w_gap_l))

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
    font_ids: dict[str, int] = {}
    w_font_n = np.array([font_ids.setdefault(f, len(font_ids)) for f in w_font])
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


def build_page(
    number: int, width: float, height: float, glyphs: Glyphs, rules: list[Rule]
) -> Page:
    """Turn one page's glyphs (any backend) into a :class:`Page` of lines."""
    if not len(glyphs):
        return Page(number, width, height, [], rules, 0)
    tid, space, chars = _text_ids(glyphs)
    doubled = None
    if _may_have_doubles(glyphs, tid, space):
        kept, twins = _fold_doubles(glyphs, space.tolist())
        if len(kept) < len(glyphs):
            glyphs = glyphs.take(kept)
            space, chars = space[kept], chars[kept]
        if twins:
            doubled = np.zeros(len(kept), dtype=bool)
            doubled[list(twins)] = True
    lines = _make_lines(number, glyphs, space, doubled, *_group_rows(glyphs))
    return Page(number, width, height, lines, rules, int(chars.sum()))
