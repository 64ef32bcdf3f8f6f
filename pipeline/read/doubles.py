"""Typewriter fake bold: the same glyph struck twice at almost the same place, folded into one.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pipeline.read.glyphs import Glyphs

#: a glyph struck again within this fraction of its width (and of its size) is a fake-bold repeat
DOUBLE_STRIKE = 0.35


def may_have_doubles(g: Glyphs, tid: Any, space: Any) -> bool:
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


#: past this many candidate pairs per glyph, the glyph-by-glyph fold is cheaper
_PAIRS_PER_GLYPH = 64


def fold_doubles(g: Glyphs, space: Any, tid: Any) -> tuple[list[int], set[int]]:
    """Drop a glyph printed again at (almost) the place of a kept one (``tid``: the glyphs'
    text numbers, :func:`~pipeline.read.glyphs.text_ids`).

    The rule is glyph by glyph (:func:`fold_one_by_one`): a glyph is dropped when an earlier
    glyph with its text, kept, lies within ``DOUBLE_STRIKE`` of that glyph's width and size
    and one coarse row (4 pt) of it. The pairs of glyphs close enough are found on whole
    columns; Python then runs once per such pair, in drawing order, to decide which of them
    are kept. Returns the indexes kept, and the positions (in the kept list) of glyphs that
    were doubled.
    """
    space = np.asarray(space, dtype=bool)
    body = np.flatnonzero(~space)
    if body.size < 2:
        return list(range(len(g))), set()
    x0, top, text = g.x0[body], g.top[body], tid[body]
    width = g.x1[body] - x0
    tol_x = DOUBLE_STRIKE * np.where(width > 0.5, width, 0.5)
    tol_y = DOUBLE_STRIKE * g.size[body]
    row = np.floor_divide(top, 4)  # as Python's // on floats
    # candidates: same text, x0 within the largest tolerance (plus a margin for the sum below),
    # found by sorting one key that lays the texts one after the other along the x axis
    max_x = float(tol_x.max())
    span = float(x0.max() - x0.min()) + 4 * max_x + 16.0
    key = (x0 - x0.min()) + text * span
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    lo = np.searchsorted(sorted_key, key - max_x - 1.0, side="left")
    hi = np.searchsorted(sorted_key, key + max_x + 1.0, side="right")
    counts = hi - lo
    total = int(counts.sum())
    if not np.isfinite(key).all() or total > _PAIRS_PER_GLYPH * body.size:
        return fold_one_by_one(g, space.tolist())
    later = np.repeat(np.arange(body.size), counts)
    firsts = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total)
    earlier = order[firsts]
    a, b = earlier, later
    close = ((a < b) & (text[a] == text[b]) & (np.abs(row[a] - row[b]) <= 1)
             & (np.abs(x0[a] - x0[b]) < tol_x[a]) & (np.abs(top[a] - top[b]) < tol_y[a]))
    a, b = a[close], b[close]
    kept_body = np.ones(body.size, dtype=bool)
    twins: list[int] = []
    if a.size:
        # per later glyph, its candidates in the order the fold looks at them: the row above,
        # its own, the row below; each row's glyphs in drawing order
        pick = np.lexsort((a, row[a] - row[b], b))
        current = -1
        for j, i in zip(a[pick].tolist(), b[pick].tolist(), strict=True):
            if i == current or not kept_body[j]:
                continue
            kept_body[i] = False  # struck again over j, which stays
            twins.append(j)
            current = i
    kept_all = np.ones(len(g), dtype=bool)
    kept_all[body[~kept_body]] = False
    place = np.cumsum(kept_all) - 1  # each kept glyph's position in the kept list
    doubled = set(place[body[twins]].tolist()) if twins else set()
    return np.flatnonzero(kept_all).tolist(), doubled


def fold_one_by_one(g: Glyphs, space: list[bool]) -> tuple[list[int], set[int]]:
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

