"""A PDFium page's objects in content order: text objects listed, paths classified as rules."""

from __future__ import annotations

from typing import Any

from pipeline.read.pdfium.api import Api
from pipeline.read.pdfium.geometry import DECIMALS, Matrix, mult
from pipeline.read.pdfium.loops import NO_SEGMENT, page_objects, path_segments

_PAGEOBJ_TEXT = 1
_PAGEOBJ_PATH = 2
_PAGEOBJ_FORM = 5
_SEGMENT_LINETO = 0
_SEGMENT_MOVETO = 2


class TextObjects:
    """A page's text objects in content-stream order, with their depth in form XObjects and
    the matrix of the forms around them (None: on the page itself)."""

    __slots__ = ("handles", "depths", "forms")

    def __init__(self) -> None:
        self.handles: list[int] = []
        self.depths: list[int] = []
        self.forms: list[Matrix | None] = []

    def add(self, handle: int, depth: int, form: Matrix | None = None) -> None:
        self.handles.append(handle)
        self.depths.append(depth)
        self.forms.append(form)



def walk_objects(
    api: Api,
    ph: Any,
    device: Matrix,
    texts: TextObjects,
    strokes: list[tuple[str, float, float, float, float]],
) -> None:
    """Page objects in content order: text objects listed (with their form depth), path
    objects classified into lines and rectangles in pdfminer's page space."""
    objs, kinds = page_objects(api, ph)
    if _PAGEOBJ_FORM not in kinds:  # no nesting: text objects listed, paths classified
        found = [obj for obj, kind in zip(objs, kinds, strict=True) if kind == _PAGEOBJ_TEXT]
        texts.handles.extend(found)
        texts.depths.extend([0] * len(found))
        texts.forms.extend([None] * len(found))
        for obj, kind in zip(objs, kinds, strict=True):
            if kind == _PAGEOBJ_PATH:
                _path_strokes(api, obj, device, strokes)
        return
    for obj, kind in zip(objs, kinds, strict=True):
        if kind == _PAGEOBJ_TEXT:
            texts.add(obj, 0)
        else:
            _visit(api, obj, kind, device, None, 0, texts, strokes)


def _visit(
    api: Api,
    obj: int,
    kind: int,
    outer: Matrix,
    form: Matrix | None,
    depth: int,
    texts: TextObjects,
    strokes: list[tuple[str, float, float, float, float]],
) -> None:
    """One page object: a text object is listed, a path classified, a form opened.

    ``outer``: user space to pdfminer's page space; ``form``: the forms' matrices alone."""
    lib = api.lib
    if kind == _PAGEOBJ_TEXT:
        texts.add(obj, depth, form)
    elif kind == _PAGEOBJ_PATH:
        _path_strokes(api, obj, outer, strokes)
    elif kind == _PAGEOBJ_FORM:
        m = api.ffi.new("FS_MATRIX*")
        lib.FPDFPageObj_GetMatrix(obj, m)
        own = (m.a, m.b, m.c, m.d, m.e, m.f)
        inner = mult(own, outer)
        inner_form = own if form is None else mult(own, form)
        for k in range(lib.FPDFFormObj_CountObjects(obj)):
            child = lib.FPDFFormObj_GetObject(obj, k)
            if child:
                _visit(api, child, lib.FPDFPageObj_GetType(child), inner, inner_form,
                       depth + 1, texts, strokes)


def _path_strokes(
    api: Api,
    obj: int,
    outer: Matrix,
    strokes: list[tuple[str, float, float, float, float]],
) -> None:
    """Split a painted path into sub-paths and keep those pdfminer calls lines or rectangles."""
    lib, ffi = api.lib, api.ffi
    modes = ffi.new("int[2]")
    if not lib.FPDFPath_GetDrawMode(obj, modes, modes + 1) or (not modes[0] and not modes[1]):
        return
    m = ffi.new("FS_MATRIX*")
    lib.FPDFPageObj_GetMatrix(obj, m)
    a, b, c, d, e, f = mult((m.a, m.b, m.c, m.d, m.e, m.f), outer)
    ops: list[tuple[str, tuple[float, float]]] = []
    curve = 0
    for x, y, kind, close in zip(*path_segments(api, obj), strict=True):
        if kind == NO_SEGMENT:
            continue
        pt = (round(a * x + c * y + e, DECIMALS), round(b * x + d * y + f, DECIMALS))
        if kind == _SEGMENT_MOVETO:
            ops.append(("m", pt))
            curve = 0
        elif kind == _SEGMENT_LINETO:
            ops.append(("l", pt))
            curve = 0
        else:  # a Bézier curve is three segments in PDFium, one "c" in pdfminer
            curve += 1
            if curve % 3 == 0:
                ops.append(("c", pt))
        if close:
            ops.append(("h", pt))
    start = 0
    for k in range(1, len(ops) + 1):
        if k == len(ops) or ops[k][0] == "m":
            _classify(ops[start:k], strokes)
            start = k


def _classify(
    ops: list[tuple[str, tuple[float, float]]],
    strokes: list[tuple[str, float, float, float, float]],
) -> None:
    """pdfminer's ``paint_path`` rules for one sub-path: a line, a rectangle or neither."""
    if not ops or ops[0][0] != "m":
        return
    shape = "".join(op for op, _ in ops)
    pts = [pt if op != "h" else ops[0][1] for op, pt in ops]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        (ax, ay), (bx, by) = pts[0], pts[1]
        strokes.append(("line", min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            strokes.append(("rect", min(x0, x2), min(y0, y2), max(x0, x2), max(y0, y2)))


