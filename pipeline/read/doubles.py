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


def fold_doubles(g: Glyphs, space: list[bool]) -> tuple[list[int], set[int]]:
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

