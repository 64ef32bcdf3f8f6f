"""Column order: a page's body lines set in two or more columns, read column by column.

The loader reads a page row by row: lines of two columns that share a baseline are two lines of
one row (or one line, when the gutter is narrower than the loader's segment gap). The columns are
found from the page's geometry alone:

* a gutter is a vertical channel, at least ``GUTTER`` × the body size wide, in the middle of the
  text width, that no word of the page's body lines crosses except those of a few full-width
  lines (a heading, a masthead or a paragraph set across the columns);
* a column zone is a run of consecutive lines (top to bottom) that do not cross the gutter, with
  text on both sides, at least a third of the page's text height tall, and whose lines on each
  side are as wide as text columns (not the cells of a table); a line crossing the gutter or a
  drawn rule ends the zone.

A line with words on both sides of the gutter is cut in two. In a zone, the left column is read
top to bottom, then the right one; each column is searched again for columns of its own. Lines
outside the zones keep their place.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import chain
from operator import attrgetter

import numpy as np

from pipeline.model import Line, Rule, Word
from pipeline.read.rows import OVERPRINT

#: narrowest gutter, in body sizes
GUTTER = 0.8
#: a zone's lines on one side are at least this share of the text width (median)
COLUMN_WIDTH = 0.3
#: a zone is at least this share of the page's text height
ZONE_HEIGHT = 0.3
#: lines on each side of a zone
MIN_LINES = 4
#: a word's horizontal extent
_SPAN = attrgetter("x0", "x1")


def read_columns(lines: list[Line], size: float, rules: list[Rule], depth: int = 0) -> list[Line]:
    """``lines`` (one page's body lines, top to bottom) in reading order, column by column."""
    if len(lines) < 2 * MIN_LINES or depth > 2:
        return lines
    x0 = min(ln.x0 for ln in lines)
    x1 = max(ln.x1 for ln in lines)
    top = min(ln.top for ln in lines)
    bottom = max(ln.bottom for ln in lines)
    width = x1 - x0
    if width < 10 * size:
        return lines
    gutter = _find_gutter(lines, x0, x1, size)
    if gutter is None:
        return lines
    hung = _hung(lines, size)
    split: list[Line] = []
    for ln in lines:
        split.extend([ln] if id(ln) in hung else _cut(ln, gutter, GUTTER * size))
    split.sort(key=lambda ln: (round(ln.top), ln.x0))
    out: list[Line] = []
    run: list[Line] = []
    found = False
    rule_tops = [r.top for r in rules]
    for ln in [*split, None]:
        crosses = ln is None or (ln.x0 < gutter < ln.x1 and id(ln) not in hung)
        ruled = ln is not None and run and any(run[-1].bottom <= t <= ln.top for t in rule_tops)
        if crosses or ruled:
            zone = _zone(run, gutter, width, bottom - top, size, rules, depth, hung)
            found = found or zone is not None
            out.extend(zone if zone is not None else run)
            run = []
            if ln is not None and crosses:
                out.append(ln)
                continue
        if ln is not None:
            run.append(ln)
    return out if found else lines


def _find_gutter(lines: list[Line], x0: float, x1: float, size: float) -> float | None:
    """The left edge of the channel, in the middle of the text width, that fewest lines cross."""
    half = GUTTER * size / 2
    lo, hi = int(x0 + 0.25 * (x1 - x0)), int(x1 - 0.25 * (x1 - x0))
    if hi <= lo:
        return None
    # lines crossing each position: each word covers the positions x with
    # w.x0 - half < x < w.x1 + half; a line crosses a position one of its words covers (a
    # line's words counted once: a running sum of where its words' spans open and close, per
    # line, all lines at once)
    words = chain.from_iterable(ln.words for ln in lines)
    spans = np.fromiter(chain.from_iterable(map(_SPAN, words)), np.float64).reshape(-1, 2)
    owner = np.repeat(np.arange(len(lines)), [len(ln.words) for ln in lines])
    a = np.maximum(np.floor(spans[:, 0] - half).astype(np.int64) + 1, lo)
    b = np.minimum(np.ceil(spans[:, 1] + half).astype(np.int64) - 1, hi)
    inside = a <= b
    width = hi - lo + 2
    size_all = len(lines) * width
    row = owner[inside] * width
    delta = (np.bincount(row + a[inside] - lo, minlength=size_all)
             - np.bincount(row + b[inside] - lo + 1, minlength=size_all))
    covered = np.cumsum(delta.reshape(len(lines), width)[:, :-1], axis=1) > 0
    counts = covered.sum(axis=0).tolist()
    least = min(counts)
    if least > 0.15 * len(lines):
        return None
    # the channel: the leftmost run of positions crossed by few more lines than the least (a
    # full-width line may end in it, a label hung left of a column's text may stand in it);
    # the gutter is its left edge, next to the left column's text
    few = least + max(2, len(lines) // 10)
    return float(lo + next(k for k, c in enumerate(counts) if c <= few))


def _hung(lines: list[Line], size: float) -> set[int]:
    """Lines (their ``id``) that start over the end of another line on their row: a label hung
    left into the gutter and drawn over the other column's text (the loader keeps overprinted
    runs apart). Such a line belongs with the text on its right, never to a full-width row."""
    out: set[int] = set()
    by_top = sorted(lines, key=lambda ln: ln.top)
    tops = [ln.top for ln in by_top]
    # only lines that share some height with ``ln`` can qualify: none that ends above it, so
    # none whose top lies more than the tallest line's height above its top (a hair more, for
    # the float sums); the rest are looked at in the same order
    tallest = max((ln.bottom - ln.top for ln in by_top), default=0.0)
    for ln in by_top:
        for other in by_top[bisect_left(tops, ln.top - tallest - 1e-6):]:
            if other.top > ln.bottom:
                break
            if (
                other is not ln
                and other.x0 < ln.x0 < other.x1 - OVERPRINT * size
                and min(other.bottom, ln.bottom) - max(other.top, ln.top)
                >= 0.5 * min(other.bottom - other.top, ln.bottom - ln.top)
            ):
                out.add(id(ln))
                break
    return out


def _cut(ln: Line, x: float, gap: float = 0.0) -> list[Line]:
    """A line with words on both sides of ``x`` (and none across it) as two lines, when the
    blank between the two sides is at least ``gap`` wide (a gutter, not the space between two
    words of one full-width line, such as a row of leader dots)."""
    left = [w for w in ln.words if w.x1 <= x]
    right = [w for w in ln.words if w.x0 >= x]
    if not left or not right or len(left) + len(right) != len(ln.words):
        return [ln]
    if right[0].x0 - left[-1].x1 < gap:
        return [ln]
    return [_part(ln, left), _part(ln, [right[0]._replace(gap_before=0.0), *right[1:]])]


def _part(ln: Line, words: list[Word]) -> Line:
    """The part of ``ln`` made of ``words``, with its own extent and dominant style."""
    main = [w for w in words if not w.sup] or words
    weight: dict[tuple[float, str], int] = {}
    bold = italic = total = 0
    for w in main:
        n = len(w.text)
        key = (w.size, w.font)
        weight[key] = weight.get(key, 0) + n
        total += n
        bold += n if w.bold else 0
        italic += n if w.italic else 0
    size, font = max(weight, key=weight.__getitem__)  # the first of the heaviest
    return Line(ln.page, tuple(words), min(w.x0 for w in words), max(w.x1 for w in words),
                min(w.top for w in main), max(w.bottom for w in main), size, font,
                bold * 2 > total, italic * 2 > total)


def _zone(
    run: list[Line], gutter: float, width: float, height: float, size: float,
    rules: list[Rule], depth: int, hung: set[int],
) -> list[Line] | None:
    """The run read column by column, or ``None`` when it is not set in columns (a line hung
    into the gutter from the right belongs to the right column)."""
    left = [ln for ln in run if ln.x1 <= gutter and id(ln) not in hung]
    right = [ln for ln in run if ln.x0 >= gutter or id(ln) in hung]
    if len(left) < MIN_LINES or len(right) < MIN_LINES:
        return None
    if max(ln.bottom for ln in run) - min(ln.top for ln in run) < ZONE_HEIGHT * height:
        return None
    for side in (left, right):
        widths = sorted(ln.x1 - ln.x0 for ln in side)
        if widths[len(widths) // 2] < COLUMN_WIDTH * width:
            return None
    return [*read_columns(left, size, rules, depth + 1),
            *read_columns(right, size, rules, depth + 1)]


def shared_gutter(lines: list[Line], size: float) -> float | None:
    """The gutter of a block set in two columns whose cells share baselines (a masthead): the
    leftmost position, in the middle of the block's width, with text on both sides and none
    across it on the most rows (lines that overlap vertically make one row); at least two."""
    if len(lines) < 2:
        return None
    x0 = min(ln.x0 for ln in lines)
    x1 = max(ln.x1 for ln in lines)
    lo, hi = int(x0 + 0.25 * (x1 - x0)), int(x1 - 0.25 * (x1 - x0))
    if hi <= lo:
        return None
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: ln.top):
        if rows and min(rows[-1][-1].bottom, ln.bottom) - max(rows[-1][-1].top, ln.top) > 0.3 * (
            ln.bottom - ln.top
        ):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    half = GUTTER * size / 2
    xs = np.arange(lo, hi + 1, dtype=float)
    two_sided = np.zeros(xs.size, dtype=int)
    for row in rows:
        words = [w for ln in row for w in ln.words]
        across = np.zeros(xs.size, dtype=bool)
        for w in words:
            across |= (xs > w.x0 - half) & (xs < w.x1 + half)
        first_end = min(w.x1 for w in words)
        last_start = max(w.x0 for w in words)
        two_sided += ~across & (xs > first_end) & (xs < last_start)
    best = int(two_sided.max()) if xs.size else 0
    if best < 2:
        return None
    return float(xs[int(np.argmax(two_sided))])
