"""Rows: a page's glyphs grouped into vertical bands, superscripts with their row, in reading
order."""

from __future__ import annotations

from typing import Any

import numpy as np

from pipeline.read.glyphs import Glyphs, distinct, font_style

#: characters smaller than this fraction of the line's size, and raised, are superscripts
SUP_SIZE = 0.8


def group_rows(g: Glyphs) -> tuple[Any, Any]:
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
    seq, rows = _reading_order(order, x0_o, spans, _merge_small_rows(bands))
    return _unweave(g, seq, rows), rows


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


#: a glyph starting left of the right edge of a glyph before it by more than this share of the
#: size overprints it
OVERPRINT = 0.3
#: sizes further apart than this (pt) are different styles
SIZE_STEP = 0.05


def bold_of_fonts(fonts: list[str]) -> Any:
    """Per font index: is the font bold."""
    return np.array([font_style(f)[0] for f in fonts], dtype=bool)


def _unweave(g: Glyphs, seq: Any, rows: Any) -> Any:
    """Rows whose left-to-right order interleaves two runs of glyphs that overprint each other
    (a heading's label hung into the gutter, drawn over the end of the other column's line),
    each run kept whole, the runs in the order of their left edges.

    A run is a stretch of the glyph stream in one font and size. Two runs of different styles
    (size or weight) overprint when their extents overlap by more than :data:`OVERPRINT` × the
    size with two glyphs of each inside the overlap: an accent drawn over its letter, or a
    kerned pair, is not an overprint. Candidates: a row where, left to right, a glyph of
    another style than the one before it starts left of the right edge of a glyph before it.
    """
    if seq.size < 4:
        return seq
    x0, x1, size = g.x0[seq], g.x1[seq], g.size[seq]
    bold_all = bold_of_fonts(g.fonts)
    bold = bold_all[g.font[seq]]
    restyle = (np.abs(size[1:] - size[:-1]) > SIZE_STEP) | (bold[1:] != bold[:-1])
    lift = rows * 1.0e6  # ``rows`` is non-decreasing
    reach = np.maximum.accumulate(x1 + lift) - lift
    cand = (rows[1:] == rows[:-1]) & restyle & (x0[1:] < reach[:-1] - OVERPRINT * size[1:])
    if not cand.any():
        return seq
    out = seq.copy()
    for r in distinct(rows[1:][cand]):
        where = np.flatnonzero(rows == r)
        idx = seq[where]
        stream = np.sort(idx)
        brk = np.ones(stream.size, dtype=bool)
        brk[1:] = (np.diff(stream) != 1) | (g.font[stream[1:]] != g.font[stream[:-1]]) | (
            np.abs(g.size[stream[1:]] - g.size[stream[:-1]]) > SIZE_STEP)
        starts = np.flatnonzero(brk)
        if not _overprinted(g, stream, starts, bold_all):
            continue
        run_x0 = np.minimum.reduceat(g.x0[stream], starts)
        anchor = dict(zip(stream.tolist(), run_x0[np.cumsum(brk) - 1].tolist(), strict=True))
        keys = np.array([anchor[i] for i in idx.tolist()])
        out[where] = idx[np.lexsort((g.x0[idx], keys))]
    return out


def stacked_apart(top_a: float, bottom_a: float, top_b: float, bottom_b: float) -> bool:
    """Two boxes that overlap vertically by less than half the lower one's height."""
    lo = top_a if top_a >= top_b else top_b
    hi = bottom_a if bottom_a <= bottom_b else bottom_b
    ha, hb = bottom_a - top_a, bottom_b - top_b
    return hi - lo < 0.5 * (ha if ha <= hb else hb)


def _overprinted(g: Glyphs, stream: Any, starts: Any, bold: Any) -> bool:
    """Whether two of the runs (``starts`` into ``stream``) of different styles overprint."""
    bounds = [*starts.tolist(), stream.size]
    runs = [stream[s:e] for s, e in zip(bounds, bounds[1:], strict=False)]
    ext = [(float(g.x0[run].min()), float(g.x1[run].max()), float(g.size[run].min()),
            float(g.size[run[0]]), bool(bold[g.font[run[0]]]), float(g.top[run].min()),
            float(g.bottom[run].max())) for run in runs]
    for i in range(len(runs)):
        for j in range(i + 1, len(runs)):
            a, b = ext[i], ext[j]
            if abs(a[3] - b[3]) <= SIZE_STEP and a[4] == b[4]:
                continue  # one style
            if stacked_apart(a[5], a[6], b[5], b[6]):
                continue  # one above the other, not drawn over each other
            lo = a[0] if a[0] >= b[0] else b[0]
            hi = a[1] if a[1] <= b[1] else b[1]
            if hi - lo <= OVERPRINT * (a[2] if a[2] <= b[2] else b[2]):
                continue
            inside = [int(np.count_nonzero((mid > lo) & (mid < hi)))
                      for mid in ((g.x0[run] + g.x1[run]) / 2 for run in (runs[i], runs[j]))]
            if min(inside) >= 2:
                return True
    return False


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

