"""Text objects PDFium's text page leaves out, put back: typewriter repeats and lone spaces."""

from __future__ import annotations

from typing import Any

import numpy as np

from pipeline.read.glyphs import Glyphs
from pipeline.read.pdfium.api import Api
from pipeline.read.pdfium.fonts import Font, style_for
from pipeline.read.pdfium.geometry import DECIMALS, Matrix, PageGeometry, mult
from pipeline.read.pdfium.loops import (
    object_bounds,
    object_font_sizes,
    object_fonts,
    object_matrices,
)
from pipeline.read.pdfium.objects import TextObjects
from pipeline.read.words import _round_exact


def concat(parts: list[Glyphs]) -> Glyphs:
    """Glyph columns one after the other (one font table: the first part's)."""
    return Glyphs(
        np.concatenate([p.codes for p in parts])
        if all(p.codes is not None for p in parts) else [t for p in parts for t in p.text],
        np.concatenate([p.x0 for p in parts]),
        np.concatenate([p.x1 for p in parts]),
        np.concatenate([p.top for p in parts]),
        np.concatenate([p.bottom for p in parts]),
        np.concatenate([p.size for p in parts]),
        np.concatenate([p.font for p in parts]),
        parts[0].fonts,
    )


def missing_objects(
    api: Api, texts: TextObjects, seen: dict[int, int]
) -> tuple[list[int], list[int]]:
    """The text objects PDFium's text page left out (places in ``texts``), those with a box of
    some width (repeats of a neighbour) and those with a box of no width (a lone space: PDFium
    skips a text object whose box has no width, and generates a space between its neighbours
    only when their gap looks like one)."""
    handles = texts.handles
    missing = [k for k, known in enumerate(map(seen.__contains__, handles)) if not known]
    if not missing:
        return [], []
    ok, bounds = object_bounds(api, [handles[k] for k in missing])
    left, _, right, _ = bounds.astype(np.float64)
    wide = right - left >= 0.01
    return ([missing[k] for k in np.flatnonzero(ok & wide).tolist()],
            [missing[k] for k in np.flatnonzero(ok & ~wide).tolist()])


#: from this many skipped objects on a page, their spaces are computed in columns
COLUMNS_FROM = 64


def restore_spaces(
    api: Api,
    fonts: dict[int, Font],
    texts: TextObjects,
    blank: list[int],
    geo: PageGeometry,
    font_ids: dict[str, int],
    font_names: list[str],
) -> tuple[list[int], Glyphs] | None:
    """A space glyph for each text object PDFium skipped because its box has no width.

    pdfminer keeps such an object's space, at the object's origin with the font's advance
    width; where the gap around it is narrow, that space alone separates two words. The
    characters of a skipped object cannot be read through PDFium's API: an object with no
    width is taken for one space (a lone zero-advance character, such as U+2060 WORD JOINER,
    comes out as a space too). ``font_names`` (the glyphs' font table) grows with a font
    seen only here. Returns the spaces' ranks in the content stream and the spaces (None: no
    space); the font, size and matrix of the objects are asked in one batch each, and the
    objects of one font, size and matrix share their style (a page has thousands of such
    spaces and a few styles): the boxes of upright text on a plain page are computed in
    columns, the others one by one as :func:`restore_spaces_one_by_one` does.
    """
    if len(blank) < COLUMNS_FROM:
        return restore_spaces_one_by_one(api, fonts, texts, blank, geo, font_ids, font_names)
    objs = [texts.handles[k] for k in blank]
    handles = np.array(object_fonts(api, objs), dtype=np.uint64)
    has_size, size_l = object_font_sizes(api, objs)
    has_matrix, matrix_l = object_matrices(api, objs)
    n = len(blank)
    forms = [texts.forms[k] for k in blank]
    # as when asked one at a time, an object without a font, size or matrix is left out
    valid = (handles != 0) & (np.array(has_size) != 0) & (np.array(has_matrix) != 0)
    matrix = np.array(matrix_l, dtype=np.float64).reshape(n, 6)
    size_tf = np.array(size_l, dtype=np.float64)
    plain = np.array([f is None for f in forms], dtype=bool)
    # one group per font, size, matrix (a-d) and place (on the page, or in a form)
    key = np.zeros((n, 7), dtype=np.int64)
    key[:, 0] = handles.view(np.int64)
    key[:, 1] = size_tf.view(np.int64)
    key[:, 2:6] = matrix[:, :4].copy().view(np.int64)
    key[:, 6] = np.where(plain, 0, np.arange(1, n + 1))  # an object in a form: its own
    at = np.flatnonzero(valid)
    if not at.size:
        return None
    uniq, first, inverse = np.unique(key[at], axis=0, return_index=True, return_inverse=True)
    group = np.full(n, -1, dtype=np.int64)
    group[at] = inverse.reshape(-1)
    kinds = uniq.shape[0]
    g_keep = np.zeros(kinds, dtype=bool)
    g_fast = np.zeros(kinds, dtype=bool)
    g_num = np.zeros((kinds, 5))  # advance, m[0], lo, em, size
    g_font: list[Font | None] = [None] * kinds
    g_style: list[Any] = [None] * kinds
    for g in np.argsort(first, kind="stable").tolist():  # fonts made in drawing order
        j = int(at[first[g]])
        handle = int(handles[j])
        m: Matrix = tuple(matrix_l[j])  # type: ignore[assignment]
        form = forms[j]
        if form is not None:
            m = mult(m, form)
        font = fonts.get(handle)
        if font is None:
            font = fonts[handle] = Font(api, handle)
        style = style_for(font, size_l[j], m[:4], geo.device, geo.plain)
        width = font.width(" ")
        if not style.upright or width < 0:
            continue
        g_keep[g], g_fast[g], g_font[g], g_style[g] = True, style.fast and form is None, font, style
        g_num[g] = (width * style.size_tf, style.m[0], style.lo, style.em, style.size)
    keep = np.zeros(n, dtype=bool)
    keep[at] = g_keep[group[at]]
    kept = np.flatnonzero(keep)
    if not kept.size:
        return None
    gk = group[kept]
    num = g_num[gk]
    ox = _round_exact(matrix[kept, 4], DECIMALS)
    oy = _round_exact(matrix[kept, 5], DECIMALS)
    y0 = oy + num[:, 2]
    x0, x1 = ox, ox + num[:, 0] * num[:, 1]
    top, bottom = geo.height - (y0 + num[:, 3]), geo.height - y0
    size = num[:, 4].copy()
    for t in np.flatnonzero(~g_fast[gk]).tolist():  # rotated, skewed or in a form
        j = int(kept[t])
        m = tuple(matrix_l[j])  # type: ignore[assignment]
        form = forms[j]
        if form is not None:
            m = mult(m, form)
        style = g_style[gk[t]]
        advance = float(num[t, 0])
        if style.fast:
            ox, oy = round(m[4], DECIMALS), round(m[5], DECIMALS)
            y = oy + style.lo
            box = (ox, ox + advance * style.m[0], geo.height - (y + style.em), geo.height - y)
            size[t] = style.size
        else:
            box = style.box(geo, m[4], m[5], advance)
            size[t] = round(box[3] - box[2], DECIMALS)
        x0[t], x1[t], top[t], bottom[t] = box
    # the font table grows in the order the objects are drawn
    g_id = np.zeros(kinds, dtype=np.int32)
    firsts = np.full(kinds, n, dtype=np.int64)
    np.minimum.at(firsts, gk, kept)
    for g in np.argsort(firsts, kind="stable").tolist():
        font = g_font[g]
        if firsts[g] == n or font is None:
            continue
        font_id = font_ids.get(font.name)
        if font_id is None:
            font_id = font_ids[font.name] = len(font_names)
            font_names.append(font.name)
        g_id[g] = font_id
    ranks = [blank[j] for j in kept.tolist()]
    space = np.full(kept.size, ord(" "), dtype=np.uint32)
    return ranks, Glyphs(space, x0, x1, top, bottom, size, g_id[gk], font_names)


def restore_spaces_one_by_one(
    api: Api,
    fonts: dict[int, Font],
    texts: TextObjects,
    blank: list[int],
    geo: PageGeometry,
    font_ids: dict[str, int],
    font_names: list[str],
) -> tuple[list[int], Glyphs] | None:
    """:func:`restore_spaces` (same arguments, same result) one object at a time: for a page
    with few such objects, and the reference the tests hold the columns to."""
    if not blank:
        return None
    objs = [texts.handles[k] for k in blank]
    handles = object_fonts(api, objs)
    has_size, size_l = object_font_sizes(api, objs)
    has_matrix, matrix_l = object_matrices(api, objs)
    ranks: list[int] = []
    rows: list[tuple[float, float, float, float, float, int]] = []
    for j, k in enumerate(blank):
        handle = handles[j]
        # the size and matrix are asked of every object; as when asked one at a time, an
        # object without a font, size or matrix is left out
        if not (handle and has_size[j] and has_matrix[j]):
            continue
        size_tf = size_l[j]
        matrix: Matrix = tuple(matrix_l[j])  # type: ignore[assignment]
        form = texts.forms[k]
        if form is not None:
            matrix = mult(matrix, form)
        font = fonts.get(handle)
        if font is None:
            font = fonts[handle] = Font(api, handle)
        style = style_for(font, size_tf, matrix[:4], geo.device, geo.plain)
        width = font.width(" ")
        if not style.upright or width < 0:
            continue
        advance = width * style.size_tf
        if style.fast:
            ox, oy = round(matrix[4], DECIMALS), round(matrix[5], DECIMALS)
            y0 = oy + style.lo
            box = (ox, ox + advance * style.m[0], geo.height - (y0 + style.em), geo.height - y0)
            size = style.size
        else:
            box = style.box(geo, matrix[4], matrix[5], advance)
            size = round(box[3] - box[2], DECIMALS)
        font_id = font_ids.get(font.name)
        if font_id is None:
            font_id = font_ids[font.name] = len(font_names)
            font_names.append(font.name)
        ranks.append(k)
        rows.append((box[0], box[1], box[2], box[3], size, font_id))
    if not rows:
        return None
    x0, x1, top, bottom, size_c, font_c = zip(*rows, strict=True)
    space = np.full(len(rows), ord(" "), dtype=np.uint32)
    return ranks, Glyphs(space, x0, x1, top, bottom, size_c, font_c, font_names)


def restore_repeats(
    api: Api,
    texts: TextObjects,
    seen: dict[int, int],
    visible: list[int],
    runs: Any,
    glyphs: Glyphs,
    geo: PageGeometry,
) -> list[tuple[int, Glyphs]]:
    """Rebuild the glyphs of text objects PDFium dropped as repeats of a neighbour.

    PDFium skips a text object (or a character) that repeats one of the few before it in its
    reading order at a small offset — a word struck twice for bold on a typewriter. pdfminer
    keeps both. A text object without characters whose box has the size of a neighbouring
    object's box is such a repeat: its glyphs are the neighbour's, moved by the offset.

    ``seen`` maps the text objects that have characters to their number in ``runs`` (each
    glyph's object); ``visible``: the places of the missing objects with a box of some width.
    Returns the copies with their rank in the content stream.
    """
    handles, depths = texts.handles, texts.depths
    if not visible:
        return []

    bounds: dict[int, tuple[float, float, float, float]] = {}
    one = api.ffi.new("float[4]")
    refs = (one, one + 1, one + 2, one + 3)

    def bounds_of(obj: int) -> tuple[float, float, float, float]:
        hit = bounds.get(obj)
        if hit is None:
            hit = bounds[obj] = (
                (one[0], one[1], one[2], one[3]) if api.lib.FPDFPageObj_GetBounds(obj, *refs)
                else (0.0,) * 4
            )
        return hit

    # glyphs of each object that has them, as rows (copies may be copied again)
    members: dict[int, Glyphs] = {}

    def glyphs_of(obj: int) -> Glyphs | None:
        hit = members.get(obj)
        if hit is None:
            if obj not in seen:
                return None
            hit = members[obj] = glyphs.take(np.flatnonzero(runs == seen[obj]))
        return hit

    copies: list[tuple[int, Glyphs]] = []
    da, db, dc, dd, _, _ = geo.device
    for k in visible:
        obj, depth = handles[k], depths[k]
        left, bottom, right, top = bounds_of(obj)
        for j in (*range(k - 1, max(-1, k - 6), -1), *range(k + 1, min(len(handles), k + 6))):
            other, other_depth = handles[j], depths[j]
            kept = glyphs_of(other) if other_depth == depth else None
            if kept is None or not len(kept):
                continue
            ol, ob, orr, ot = bounds_of(other)
            if abs((right - left) - (orr - ol)) > 0.01 or abs((top - bottom) - (ot - ob)) > 0.01:
                continue
            ux, uy = left - ol, bottom - ob
            # the offset in pdfplumber's coordinates (y grows downwards)
            dx = round(ux * da + uy * dc, DECIMALS)
            dy = -round(ux * db + uy * dd, DECIMALS)
            r = DECIMALS
            copy = Glyphs(
                kept.codes.copy() if kept.codes is not None else list(kept.text),
                [round(v + dx, r) for v in kept.x0.tolist()],
                [round(v + dx, r) for v in kept.x1.tolist()],
                [round(v + dy, r) for v in kept.top.tolist()],
                [round(v + dy, r) for v in kept.bottom.tolist()],
                kept.size, kept.font, kept.fonts,
            )
            members[obj] = copy
            copies.append((k, copy))
            break
    return copies
