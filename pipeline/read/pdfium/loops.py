"""PDFium's per-character calls for whole columns: the compiled C loops, or cffi's ``map``.

Each function asks PDFium one thing for every index of a column and returns numpy arrays.
With the optional compiled helper (:mod:`.build_loops`, built by ``pip install``) the loop runs
in C, one Python call per column; without it (no compiler at install time, an import error, a
module built from other code) or when turned off (``UNRECS_PDFIUM_LOOPS=0`` in the
environment, or :data:`ENABLED` set to False), each call goes through cffi's ABI mode with
``map`` (:func:`.api.call_each`). Both give the same values.
``python -m pipeline.read.pdfium.build_loops --status`` says which one runs.
"""

from __future__ import annotations

from functools import cache
from itertools import repeat
from typing import Any

import numpy as np

from pipeline.read.pdfium.api import Api, call_each, copy_floats
from pipeline.read.pdfium.compiled import helper, module, wanted

#: the type :func:`path_segments` gives where PDFium gave no segment (its own types are -1,
#: unknown, to 2; the C loop writes the same number)
NO_SEGMENT = -99
#: False: the ABI-mode calls even when the compiled helper is present (tests compare both)
ENABLED = wanted()


def compiled() -> tuple[Any, Any] | None:
    """The compiled helper's (ffi, lib) when it is used, else None."""
    return helper() if ENABLED else None


def status() -> str:
    """Which path runs, in a few words (``python -m pipeline.read.pdfium.build_loops --status``)."""
    if not ENABLED:
        return ("PDFium calls: cffi ABI mode (compiled loops turned off: UNRECS_PDFIUM_LOOPS=0 "
                "or loops.ENABLED)")
    if helper() is None:
        return "PDFium calls: cffi ABI mode (compiled loops not built or out of date)"
    return f"PDFium calls: compiled C loops ({module().__file__})"


@cache
def _address(api: Api, name: str) -> int:
    """The address of one of PDFium's functions in the library ``api`` loaded."""
    return int(api.ffi.cast("uintptr_t", getattr(api.lib, name)))


def _handle(api: Api, pointer: Any) -> int:
    return int(api.ffi.cast("uintptr_t", pointer))


def _indices(index: Any) -> Any:
    return np.ascontiguousarray(index, dtype=np.int64)


def _per_index(api: Api, tp: Any, index: Any, function: str, loop: str, ctype: str,
               dtype: Any) -> Any:
    """``function`` (one of PDFium's, taking a text page and a character index and returning
    one number) asked for each index: by the compiled ``loop`` into an array of ``ctype``, or
    through cffi's ``map``."""
    c = compiled()
    if c is None:
        return np.array(call_each(getattr(api.lib, function), tp, np.asarray(index).tolist()),
                        dtype=dtype)
    ffi, lib = c
    idx = _indices(index)
    out = np.empty(idx.size, dtype=dtype)
    getattr(lib, loop)(_address(api, function), _handle(api, tp),
                       ffi.from_buffer("int64_t[]", idx), idx.size,
                       ffi.from_buffer(f"{ctype}[]", out, require_writable=True))
    return out


def text_objects(api: Api, tp: Any, index: Any) -> Any:
    """Per character index: its text object's handle (0: none), uint64."""
    return _per_index(api, tp, index, "FPDFText_GetTextObject", "loops_handles_at",
                      "uint64_t", np.uint64)


def is_generated(api: Api, tp: Any, index: Any) -> Any:
    """Per character index: did PDFium generate it (FPDFText_IsGenerated == 1)?"""
    return _per_index(api, tp, index, "FPDFText_IsGenerated", "loops_ints_at", "int32_t",
                      np.int32) == 1


def unicodes(api: Api, tp: Any, index: Any) -> Any:
    """Per character index: its Unicode (FPDFText_GetUnicode), uint32."""
    return _per_index(api, tp, index, "FPDFText_GetUnicode", "loops_unicodes_at", "uint32_t",
                      np.uint32)


def char_origins(api: Api, tp: Any, index: Any) -> tuple[Any, Any]:
    """Per character index: its origin (x, y: float64) on the text page."""
    c = compiled()
    n = len(index)
    if c is None:
        ox, x_at = api.slots("x", "double", n)
        oy, y_at = api.slots("y", "double", n)
        call_each(api.lib.FPDFText_GetCharOrigin, tp, np.asarray(index).tolist(), x_at, y_at)
        return copy_floats(api, ox, n, np.float64), copy_floats(api, oy, n, np.float64)
    ffi, lib = c
    idx = _indices(index)
    xs, ys = np.zeros(n), np.zeros(n)
    lib.loops_origins_at(_address(api, "FPDFText_GetCharOrigin"), _handle(api, tp),
                         ffi.from_buffer("int64_t[]", idx), n,
                         ffi.from_buffer("double[]", xs, require_writable=True),
                         ffi.from_buffer("double[]", ys, require_writable=True))
    return xs, ys


def char_boxes(api: Api, tp: Any, index: Any) -> Any:
    """Per character index: its ink box (left, right, bottom, top: four rows, float64)."""
    c = compiled()
    m = len(index)
    if c is None:
        sides = [api.slots(f"ink{k}", "double", m) for k in range(4)]
        call_each(api.lib.FPDFText_GetCharBox, tp, np.asarray(index).tolist(),
                  *(pointers for _, pointers in sides))
        return np.array([copy_floats(api, array, m, np.float64) for array, _ in sides])
    ffi, lib = c
    idx = _indices(index)
    out = np.zeros((4, m))
    rows = [ffi.from_buffer("double[]", out[k], require_writable=True) for k in range(4)]
    lib.loops_char_boxes_at(_address(api, "FPDFText_GetCharBox"), _handle(api, tp),
                            ffi.from_buffer("int64_t[]", idx), m, *rows)
    return out


def _per_index_rows(api: Api, tp: Any, index: Any, function: str, loop: str, struct: str,
                    width: int) -> Any:
    """``function`` (one of PDFium's, filling a ``struct`` of ``width`` floats for a text page
    and a character index) asked for each index: one row of float32 per index, by the
    compiled ``loop`` or through cffi's ``map``."""
    c = compiled()
    m = len(index)
    if c is None:
        structs, pointers = api.slots(struct, struct, m)
        call_each(getattr(api.lib, function), tp, np.asarray(index).tolist(), pointers)
        return copy_floats(api, structs, width * m, np.float32).reshape(-1, width)
    ffi, lib = c
    idx = _indices(index)
    out = np.zeros((m, width), dtype=np.float32)
    getattr(lib, loop)(_address(api, function), _handle(api, tp),
                       ffi.from_buffer("int64_t[]", idx), m,
                       ffi.from_buffer("float[]", out, require_writable=True))
    return out


def loose_rights(api: Api, tp: Any, index: Any) -> Any:
    """Per character index: the right edge of its loose box (float32)."""
    return _per_index_rows(api, tp, index, "FPDFText_GetLooseCharBox", "loops_loose_boxes_at",
                           "FS_RECTF", 4)[:, 2]


def object_fonts(api: Api, objs: Any) -> list[int]:
    """Per text object handle: its font's handle (0: none)."""
    c = compiled()
    if c is None:
        return call_each(api.lib.FPDFTextObj_GetFont, np.asarray(objs).tolist())
    ffi, lib = c
    handles = np.ascontiguousarray(objs, dtype=np.uint64)
    out = np.empty(handles.size, dtype=np.uint64)
    lib.loops_handles_of(_address(api, "FPDFTextObj_GetFont"),
                         ffi.from_buffer("uint64_t[]", handles), handles.size,
                         ffi.from_buffer("uint64_t[]", out, require_writable=True))
    return out.tolist()


def font_sizes(api: Api, tp: Any, index: Any) -> list[float]:
    """Per character index: its font size on the text page (FPDFText_GetFontSize)."""
    return _per_index(api, tp, index, "FPDFText_GetFontSize", "loops_doubles_at", "double",
                      np.float64).tolist()


def text_matrices(api: Api, tp: Any, index: Any) -> Any:
    """Per character index: its matrix (a, b, c, d, e, f: one row each, float32)."""
    return _per_index_rows(api, tp, index, "FPDFText_GetMatrix", "loops_matrices_at",
                           "FS_MATRIX", 6)


def object_bounds(api: Api, objs: list[int]) -> tuple[Any, Any]:
    """Per page object handle: did PDFium give its bounds, and the bounds (left, bottom, right,
    top: four rows, float32)."""
    c = compiled()
    n = len(objs)
    if c is None:
        sides = [api.slots(side, "float", n) for side in ("left", "bottom", "right", "top")]
        ok = np.array(call_each(api.lib.FPDFPageObj_GetBounds, objs,
                                *(pointers for _, pointers in sides))) != 0
        return ok, np.array([copy_floats(api, array, n, np.float32) for array, _ in sides])
    ffi, lib = c
    handles = np.array(objs, dtype=np.uint64)
    out = np.zeros((4, n), dtype=np.float32)
    ok = np.zeros(n, dtype=np.int32)
    lib.loops_object_bounds(_address(api, "FPDFPageObj_GetBounds"),
                            ffi.from_buffer("uint64_t[]", handles), n,
                            *(ffi.from_buffer("float[]", out[k], require_writable=True)
                              for k in range(4)),
                            ffi.from_buffer("int32_t[]", ok, require_writable=True))
    return ok != 0, out


def object_font_sizes(api: Api, objs: list[int]) -> tuple[list[int], list[float]]:
    """Per text object handle: did PDFium give its font size (non-zero), and the size."""
    c = compiled()
    n = len(objs)
    if c is None:
        sizes, size_at = api.slots("space_size", "float", n)
        has = call_each(api.lib.FPDFTextObj_GetFontSize, objs, size_at)
        return has, copy_floats(api, sizes, n, np.float32).tolist()
    ffi, lib = c
    handles = np.array(objs, dtype=np.uint64)
    out = np.zeros(n, dtype=np.float32)
    ok = np.zeros(n, dtype=np.int32)
    lib.loops_object_floats(_address(api, "FPDFTextObj_GetFontSize"),
                            ffi.from_buffer("uint64_t[]", handles), n,
                            ffi.from_buffer("float[]", out, require_writable=True),
                            ffi.from_buffer("int32_t[]", ok, require_writable=True))
    return ok.tolist(), out.tolist()


def object_matrices(api: Api, objs: list[int]) -> tuple[list[int], list[list[float]]]:
    """Per page object handle: did PDFium give its matrix (non-zero), and the matrix
    (a, b, c, d, e, f)."""
    c = compiled()
    n = len(objs)
    if c is None:
        matrices, matrix_at = api.slots("space_matrix", "FS_MATRIX", n)
        has = call_each(api.lib.FPDFPageObj_GetMatrix, objs, matrix_at)
        return has, copy_floats(api, matrices, 6 * n, np.float32).reshape(-1, 6).tolist()
    ffi, lib = c
    handles = np.array(objs, dtype=np.uint64)
    out = np.zeros((n, 6), dtype=np.float32)
    ok = np.zeros(n, dtype=np.int32)
    lib.loops_object_matrices(_address(api, "FPDFPageObj_GetMatrix"),
                              ffi.from_buffer("uint64_t[]", handles), n,
                              ffi.from_buffer("float[]", out, require_writable=True),
                              ffi.from_buffer("int32_t[]", ok, require_writable=True))
    return ok.tolist(), out.tolist()


def page_objects(api: Api, ph: Any) -> tuple[list[int], list[int]]:
    """The page's objects (the handles PDFium gives, in order) and their types."""
    lib = api.lib
    n = lib.FPDFPage_CountObjects(ph)
    c = compiled()
    if c is None:
        objs = [o for o in map(lib.FPDFPage_GetObject, repeat(ph, n), range(n)) if o]
        return objs, list(map(lib.FPDFPageObj_GetType, objs))
    ffi, clib = c
    handles = np.zeros(max(n, 0), dtype=np.uint64)
    types = np.zeros(max(n, 0), dtype=np.int32)
    clib.loops_page_objects(_address(api, "FPDFPage_GetObject"),
                            _address(api, "FPDFPageObj_GetType"), _handle(api, ph), handles.size,
                            ffi.from_buffer("uint64_t[]", handles, require_writable=True),
                            ffi.from_buffer("int32_t[]", types, require_writable=True))
    found = handles != 0
    return handles[found].tolist(), types[found].tolist()


def path_segments(api: Api, path: int) -> tuple[list[float], list[float], list[int], list[int]]:
    """A path object's segments: x, y, type and close flag each (type -99: PDFium gave no
    segment at that place)."""
    n = max(api.lib.FPDFPath_CountSegments(path), 0)
    return _segments(api, "FPDFPath_GetPathSegment", path, n)


def glyph_path_xs(api: Api, path: Any) -> list[float]:
    """The x of each point of a glyph's outline (``FPDFFont_GetGlyphPath``'s), in order; a
    segment PDFium gives none for is left out (read as a path object's are: the same loop,
    handed the glyph path's segment getter)."""
    n = max(api.lib.FPDFGlyphPath_CountGlyphSegments(path), 0)
    xs, _, kinds, _ = _segments(api, "FPDFGlyphPath_GetGlyphPathSegment", path, n)
    return [x for x, kind in zip(xs, kinds, strict=True) if kind != NO_SEGMENT]


def _segments(api: Api, get_segment: str, path: Any,
              n: int) -> tuple[list[float], list[float], list[int], list[int]]:
    """The ``n`` segments of a path (``get_segment``: PDFium's getter of one, of a path object
    or of a glyph's outline): x, y, type and close flag each (type -99: none at that place)."""
    lib = api.lib
    c = compiled()
    if c is None:
        get = getattr(lib, get_segment)
        point = api.ffi.new("float[2]")
        xs: list[float] = []
        ys: list[float] = []
        types: list[int] = []
        closes: list[int] = []
        for k in range(n):
            seg = get(path, k)
            if not seg:
                xs.append(0.0)
                ys.append(0.0)
                types.append(NO_SEGMENT)
                closes.append(0)
                continue
            lib.FPDFPathSegment_GetPoint(seg, point, point + 1)
            xs.append(point[0])
            ys.append(point[1])
            types.append(lib.FPDFPathSegment_GetType(seg))
            closes.append(lib.FPDFPathSegment_GetClose(seg))
        return xs, ys, types, closes
    ffi, clib = c
    x, y = np.zeros(n, dtype=np.float32), np.zeros(n, dtype=np.float32)
    kind, close = np.zeros(n, dtype=np.int32), np.zeros(n, dtype=np.int32)
    clib.loops_path_segments(
        _address(api, get_segment), _address(api, "FPDFPathSegment_GetPoint"),
        _address(api, "FPDFPathSegment_GetType"), _address(api, "FPDFPathSegment_GetClose"),
        path if isinstance(path, int) else _handle(api, path), n,
        *(ffi.from_buffer(t, a, require_writable=True)
          for t, a in (("float[]", x), ("float[]", y), ("int32_t[]", kind),
                       ("int32_t[]", close))))
    return x.tolist(), y.tolist(), kind.tolist(), close.tolist()
