"""Second loader on PDFium (pypdfium2): the pdfplumber loader's glyphs and rules, much faster.

PDFium's text page is read through its C API and turned into the glyph values pdfplumber
(pdfminer) gives for the same characters, which the loader hands to
:func:`pipeline.read.lines.build_page`.
PDFium is called through cffi (ABI mode: the library pypdfium2 ships, nothing compiled), a few
calls per character made with ``map`` over columns of arguments; the arithmetic is numpy's.
What is rebuilt:

* geometry as pdfminer computes it: ``x0`` at the glyph origin, ``x1`` = origin + advance width
  (from the font's widths, like pdfminer), ``bottom`` at baseline + font descent, ``top`` one font
  size above, in pdfplumber's top-left coordinates, with page rotation and MediaBox offset;
* characters PDFium generates (spaces and line breaks it infers) are dropped, the marker it puts
  on a line-end hyphen is turned back into ``-``, ligatures it splits (ﬁ → f + i) are joined;
* PDFium drops a text object or character repeated at almost the same place (typewriter fake
  bold: the word struck twice); the repeat is put back from the copy PDFium kept, so the
  fake-bold detection in ``build_page`` sees the same doubled glyphs as with pdfplumber;
* PDFium skips a text object whose box has no width (a lone space, drawn as an object of its
  own); pdfminer keeps that space, and where the words around it are closer than a word gap
  it alone separates them: it is put back at the object's origin, with the font's width;
* a font named like a standard PDF font gets pdfminer's built-in metrics and name;
* rules: straight lines and thin axis-aligned rectangles of path objects, classified like
  pdfminer's.

PDFium computes in single precision: coordinates agree with pdfplumber's to about 0.001 pt (they
are rounded to 0.0001 pt so that round numbers in the PDF stay round). Not rebuilt, because
PDFium's API does not expose them: the characters of a skipped object with no width (taken for
one space), characters without a Unicode mapping (pdfminer's ``(cid:N)``), repeats inside one
text object after the first character. The
extractions of the fixtures and of the genuine UN PDFs are identical with both loaders
(tests/test_backends.py).
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from functools import cache
from itertools import count, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pipeline.model import Rule
from pipeline.read.lines import Glyphs, clean_font_name, decode_codes

if TYPE_CHECKING:
    from pipeline.read.load import PageGlyphs

#: PDFium's Unicode for a line-end hyphen it recognised (its text buffer has U+FFFE there)
_HYPHEN_MARK = "\x02"
#: PDFium splits these ligatures into pieces; the pieces are joined back into the ligature
_LIGATURES = {"ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02", "ffi": "\ufb03", "ffl": "\ufb04",
              "ſt": "\ufb05", "st": "\ufb06"}
#: characters PDFium may have generated (FPDFText_IsGenerated is asked only for these)
_MAYBE_GENERATED = frozenset(" \r\n\x00")
#: characters standing for a line-end hyphen: in PDFium's text buffer and from GetUnicode
_HYPHEN_MARKS = frozenset("\ufffe" + _HYPHEN_MARK)
#: coordinates are rounded to this many decimals (PDFium works in single precision)
_DECIMALS = 4
#: 1.5 * 2**52: adding and subtracting it rounds a float to an integer (half to even)
_MAGIC = 6755399441055744.0

_PAGEOBJ_TEXT = 1
_PAGEOBJ_PATH = 2
_PAGEOBJ_FORM = 5
_SEGMENT_LINETO = 0
_SEGMENT_MOVETO = 2

Matrix = tuple[float, float, float, float, float, float]


#: the PDFium functions used (fpdf_text.h, fpdf_edit.h, fpdfview.h). Page and text page handles
#: are pointers (cast once per page: the cheapest argument for cffi); object, font and segment
#: handles are declared as ``size_t``, which is how a pointer is passed and returned, so that
#: they travel as plain integers (dictionary keys, numpy columns).
_CDEF = """
typedef struct { float a, b, c, d, e, f; } FS_MATRIX;
typedef struct { float left, top, right, bottom; } FS_RECTF;
int FPDFText_CountChars(void* text_page);
int FPDFText_GetText(void* text_page, int start, int count, unsigned short* result);
unsigned int FPDFText_GetUnicode(void* text_page, int index);
int FPDFText_IsGenerated(void* text_page, int index);
size_t FPDFText_GetTextObject(void* text_page, int index);
int FPDFText_GetCharOrigin(void* text_page, int index, double* x, double* y);
int FPDFText_GetLooseCharBox(void* text_page, int index, FS_RECTF* rect);
double FPDFText_GetFontSize(void* text_page, int index);
int FPDFText_GetMatrix(void* text_page, int index, FS_MATRIX* matrix);
size_t FPDFTextObj_GetFont(size_t text);
int FPDFTextObj_GetFontSize(size_t text, float* size);
size_t FPDFFont_GetBaseFontName(size_t font, char* buffer, size_t length);
int FPDFFont_GetDescent(size_t font, float font_size, float* descent);
int FPDFFont_GetGlyphWidth(size_t font, unsigned int glyph, float font_size, float* width);
int FPDFPage_CountObjects(void* page);
size_t FPDFPage_GetObject(void* page, int index);
int FPDFFormObj_CountObjects(size_t form_object);
size_t FPDFFormObj_GetObject(size_t form_object, unsigned long index);
int FPDFPageObj_GetType(size_t page_object);
int FPDFPageObj_GetMatrix(size_t page_object, FS_MATRIX* matrix);
int FPDFPageObj_GetBounds(size_t page_object, float* left, float* bottom, float* right,
                          float* top);
int FPDFPath_CountSegments(size_t path);
size_t FPDFPath_GetPathSegment(size_t path, int index);
int FPDFPathSegment_GetPoint(size_t segment, float* x, float* y);
int FPDFPathSegment_GetType(size_t segment);
int FPDFPathSegment_GetClose(size_t segment);
int FPDFPath_GetDrawMode(size_t path, int* fillmode, int* stroke);
int FPDFPage_GetMediaBox(void* page, float* left, float* bottom, float* right, float* top);
int FPDFPage_GetRotation(void* page);
float FPDF_GetPageWidthF(void* page);
float FPDF_GetPageHeightF(void* page);
"""


class _Api:
    """The PDFium library pypdfium2 loaded, called through cffi (ABI mode: nothing compiled).

    The loader's speed is made of a few PDFium calls per character, made through ``map``
    over columns of arguments; a cffi call costs about half of a ctypes one.
    """

    def __init__(self) -> None:
        import pypdfium2.raw  # noqa: F401  (loads the library)
        from cffi import FFI

        self.ffi = ffi = FFI()
        ffi.cdef(_CDEF)
        self.lib = ffi.dlopen(_library_path())
        self.scratch: dict[str, _Scratch] = {}

    def slots(self, name: str, ctype: str, count: int) -> tuple[Any, list[Any]]:
        """A reusable C array of ``ctype`` (one per name) and pointers to its first ``count``
        slots, for out-parameters of calls made through ``map``."""
        scratch = self.scratch.get(name)
        if scratch is None or scratch.capacity < count:
            scratch = self.scratch[name] = _Scratch(self.ffi, ctype, count)
        return scratch.array, scratch.pointers[:count]


class _Scratch:
    """A C array and a pointer to each of its slots (grown by doubling, never shrunk)."""

    __slots__ = ("array", "pointers", "capacity")

    def __init__(self, ffi: Any, ctype: str, count: int) -> None:
        self.capacity = 1 << max(count - 1, 1).bit_length()
        self.array = ffi.new(f"{ctype}[]", self.capacity)
        self.pointers = [self.array + i for i in range(self.capacity)]


def _library_path() -> str:
    """The file of the PDFium library pypdfium2 loaded (so that handles are shared)."""
    from pypdfium2_raw import bindings

    loaded = getattr(bindings, "_libs", {}).get("pdfium")
    name = getattr(loaded, "_name", None)
    if name:
        return str(name)
    folder = Path(bindings.__file__).parent
    for candidate in sorted(folder.iterdir()):
        if candidate.name.startswith(("libpdfium.", "pdfium.")):
            return str(candidate)
    raise ImportError("the PDFium library of pypdfium2 was not found")


@cache
def _api() -> _Api:
    return _Api()


def _handle(obj: Any) -> int:
    """The address behind a pypdfium2 raw handle."""
    return ctypes.cast(obj, ctypes.c_void_p).value or 0


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    """``m1`` then ``m0`` (pdfminer's ``mult_matrix``: row vectors, ``[x y 1] · m1 · m0``)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


@cache
def _standard_font(name: str) -> tuple[str, float] | None:
    """pdfminer's name and descent (per 1 pt) for a font named like a standard PDF font."""
    from pdfminer.fontmetrics import FONT_METRICS

    metrics = FONT_METRICS.get(name)
    if metrics is None:
        return None
    descriptor = metrics[0]
    return str(descriptor.get("FontName", name)), -abs(float(descriptor.get("Descent", 0))) / 1000


class _Font:
    """Name, descent and advance widths (per 1 pt of font size) of one PDFium font."""

    __slots__ = ("handle", "name", "descent", "widths", "lib", "value", "table")

    #: characters up to this code point get a width table (numpy) besides the dictionary
    TABLE_LIMIT = 0x10000

    def __init__(self, api: _Api, handle: int) -> None:
        self.lib = lib = api.lib
        self.handle = handle
        self.value = api.ffi.new("float*")
        self.widths: dict[str, float] = {}
        self.table = np.zeros(0, dtype=np.float64)  # per code point; NaN: not asked yet
        buf = api.ffi.new("char[]", 512)
        n = lib.FPDFFont_GetBaseFontName(handle, buf, 512) if handle else 0
        raw = api.ffi.buffer(buf)[: max(min(n, 512) - 1, 0)]
        base = clean_font_name(raw.decode("utf-8", "replace"))
        standard = _standard_font(base)
        if standard is not None:  # pdfminer uses its AFM metrics for these names
            self.name, self.descent = standard
            self.name = clean_font_name(self.name)
        else:
            self.name, self.descent = base, 0.0
            if handle and lib.FPDFFont_GetDescent(handle, 1000.0, self.value):
                self.descent = round(self.value[0] / 1000, 6)

    def width(self, text: str) -> float:
        """Advance width of one character per 1 pt of font size (-1: unknown)."""
        w = self.widths.get(text)
        if w is None:
            w = -1.0
            if (
                self.handle
                and len(text) == 1
                and self.lib.FPDFFont_GetGlyphWidth(self.handle, ord(text), 1000.0, self.value)
            ):
                w = round(self.value[0] / 1000, 6) or -1.0
            self.widths[text] = w
        return w

    def widths_of(self, codes: Any) -> Any:
        """:meth:`width` of each character code of an array."""
        if not codes.size:
            return np.zeros(0, dtype=np.float64)
        top = int(codes.max())
        if top >= self.TABLE_LIMIT:
            return np.array([self.width(chr(c)) for c in codes.tolist()], dtype=np.float64)
        table = self.table
        if table.size <= top:
            grown = np.full(max(top + 1, 2 * table.size, 256), np.nan)
            grown[: table.size] = table
            table = self.table = grown
        out = table[codes]
        unknown = np.isnan(out)
        if unknown.any():
            for c in np.unique(codes[unknown]).tolist():
                table[c] = self.width(chr(c))
            out = table[codes]
        return out


class _Style:
    """What the characters of text objects with one font, size and matrix share."""

    __slots__ = ("font", "size_tf", "m", "upright", "fast", "lo", "em", "size")

    def __init__(self, font: _Font, size_tf: float, m: tuple[float, float, float, float],
                 device: Matrix, plain: bool) -> None:
        self.font = font
        self.size_tf = size_tf = round(size_tf, _DECIMALS)
        self.m = m = (round(m[0], 6), round(m[1], 6), round(m[2], 6), round(m[3], 6))
        a, b, c, d = m
        # pdfminer's test on the character matrix in its page space (page rotation included)
        ra, rb, rc, rd = _mult((a, b, c, d, 0.0, 0.0), device)[:4]
        self.upright = ra * rd > 0 and rb * rc <= 0
        self.fast = plain and b == 0 and c == 0 and a > 0 and d > 0
        self.lo = round(font.descent * size_tf * d, _DECIMALS + 2)  # baseline to box bottom
        self.em = round(size_tf * d, _DECIMALS + 2)  # box height: one em
        self.size = round(abs(size_tf * d), _DECIMALS)


class _TextObjects:
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


class _Page:
    """A page's coordinate systems: PDF user space → pdfminer page space → pdfplumber's."""

    def __init__(self, api: _Api, ph: Any) -> None:
        lib = api.lib
        rotation = (lib.FPDFPage_GetRotation(ph) % 4) * 90
        box = api.ffi.new("float[4]")
        if lib.FPDFPage_GetMediaBox(ph, box, box + 1, box + 2, box + 3):
            raw = tuple(round(v, _DECIMALS) for v in box)
        else:  # inherited MediaBox: PDFium still knows the page size
            w = round(lib.FPDF_GetPageWidthF(ph), _DECIMALS)
            h = round(lib.FPDF_GetPageHeightF(ph), _DECIMALS)
            raw = (0.0, 0.0, h, w) if rotation in (90, 270) else (0.0, 0.0, w, h)
        x0, y0, x1, y1 = raw
        # pdfminer's device matrix (rotation, MediaBox origin)
        if rotation == 90:
            self.device: Matrix = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        elif rotation == 180:
            self.device = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        elif rotation == 270:
            self.device = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        else:
            self.device = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        # pdfplumber's page box: corners sorted, width and height swapped for 90 and 270
        nx0, nx1 = sorted((x0, x1))
        ny0, ny1 = sorted((y0, y1))
        norm = (ny0, nx0, ny1, nx1) if rotation in (90, 270) else (nx0, ny0, nx1, ny1)
        mb_height = norm[3] - norm[1]
        self.mb_x0 = norm[0]
        self.mb_top = mb_height - norm[3]
        self.width = norm[2] - norm[0]
        self.height = norm[3] - norm[1]
        self.plain = self.device == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0) and self.mb_x0 == 0
        self.plain = self.plain and self.mb_top == 0

    def flip(self, x0: float, x1: float, y0: float, y1: float) -> tuple[float, ...]:
        """pdfminer page-space box → pdfplumber's (x0, x1, top, bottom)."""
        if self.mb_x0 != 0:
            x0, x1 = x0 + self.mb_x0, x1 + self.mb_x0
        return x0, x1, (self.height - y1) + self.mb_top, (self.height - y0) + self.mb_top

    def box(self, style: _Style, ox: float, oy: float, advance: float) -> tuple[float, ...]:
        """pdfplumber's box of a character whose origin is (ox, oy) in user space."""
        a, b, c, d = style.m
        da, db, dc, dd, de, df = self.device
        lo = style.font.descent * style.size_tf
        xs, ys = [], []
        for tx in (0.0, advance):
            for ty in (lo, lo + style.size_tf):
                ux, uy = ox + tx * a + ty * c, oy + tx * b + ty * d
                xs.append(ux * da + uy * dc + de)
                ys.append(ux * db + uy * dd + df)
        r = _DECIMALS
        return self.flip(round(min(xs), r), round(max(xs), r), round(min(ys), r),
                         round(max(ys), r))


#: PDFium is not thread-safe, and the loader's C arrays are shared: one thread at a time calls
#: it (words and lines are built by the caller, outside the lock)
PDFIUM_LOCK = threading.RLock()


def pdfium_glyphs(path: Path, password: str | None = None) -> Iterator[PageGlyphs]:
    """Yield each page's glyphs and rules read with PDFium, as the pdfplumber reader would."""
    import pypdfium2 as pdfium

    api = _api()
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(str(path), password=password or None)
        count = len(doc)
    fonts: dict[int, _Font] = {}
    try:
        for index in range(count):
            with PDFIUM_LOCK:
                page = doc[index]
                try:
                    width, height, glyphs, rules = page_objects(api, fonts, page, index + 1)
                finally:
                    page.close()
            yield index + 1, width, height, glyphs, rules
    finally:
        with PDFIUM_LOCK:
            doc.close()


def page_objects(
    api: _Api, fonts: dict[int, _Font], page: Any, number: int
) -> tuple[float, float, Glyphs, list[Rule]]:
    """One page's width, height, glyphs and rules, in the pdfplumber loader's terms."""
    ph = api.ffi.cast("void*", _handle(page.raw))
    geo = _Page(api, ph)
    texts = _TextObjects()
    strokes: list[tuple[str, float, float, float, float]] = []
    _walk_objects(api, ph, geo.device, texts, strokes)
    textpage = page.get_textpage()
    try:
        tp = api.ffi.cast("void*", _handle(textpage.raw))
        glyphs = _read_glyphs(api, fonts, tp, geo, texts)
    finally:
        textpage.close()
    lines: list[Rule] = []
    rects: list[Rule] = []
    for kind, rx0, ry0, rx1, ry1 in strokes:
        x0, x1, top, bottom = geo.flip(rx0, rx1, ry0, ry1)
        if kind == "line":
            if abs(top - bottom) < 2:
                lines.append(Rule(number, x0, x1, top))
        elif bottom - top < 2.5 and x1 - x0 > 20:
            rects.append(Rule(number, x0, x1, top))
    return float(geo.width), float(geo.height), glyphs, lines + rects


def _walk_objects(
    api: _Api,
    ph: Any,
    device: Matrix,
    texts: _TextObjects,
    strokes: list[tuple[str, float, float, float, float]],
) -> None:
    """Page objects in content order: text objects listed (with their form depth), path
    objects classified into lines and rectangles in pdfminer's page space."""
    lib = api.lib
    n = lib.FPDFPage_CountObjects(ph)
    objs = [o for o in map(lib.FPDFPage_GetObject, repeat(ph, n), range(n)) if o]
    kinds = list(map(lib.FPDFPageObj_GetType, objs))
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
    api: _Api,
    obj: int,
    kind: int,
    outer: Matrix,
    form: Matrix | None,
    depth: int,
    texts: _TextObjects,
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
        inner = _mult(own, outer)
        inner_form = own if form is None else _mult(own, form)
        for k in range(lib.FPDFFormObj_CountObjects(obj)):
            child = lib.FPDFFormObj_GetObject(obj, k)
            if child:
                _visit(api, child, lib.FPDFPageObj_GetType(child), inner, inner_form,
                       depth + 1, texts, strokes)


def _path_strokes(
    api: _Api,
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
    a, b, c, d, e, f = _mult((m.a, m.b, m.c, m.d, m.e, m.f), outer)
    point = ffi.new("float[2]")
    ops: list[tuple[str, tuple[float, float]]] = []
    curve = 0
    for k in range(lib.FPDFPath_CountSegments(obj)):
        seg = lib.FPDFPath_GetPathSegment(obj, k)
        if not seg:
            continue
        lib.FPDFPathSegment_GetPoint(seg, point, point + 1)
        x, y = point[0], point[1]
        pt = (round(a * x + c * y + e, _DECIMALS), round(b * x + d * y + f, _DECIMALS))
        kind = lib.FPDFPathSegment_GetType(seg)
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
        if lib.FPDFPathSegment_GetClose(seg):
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


def _call_each(fn: Any, *columns: Any) -> list[Any]:
    """``fn`` called once per row of argument columns (a scalar is repeated): the loop runs
    in C (``map``), not in Python bytecode."""
    n = max(len(c) for c in columns if isinstance(c, list))
    return list(map(fn, *(c if isinstance(c, list) else repeat(c, n) for c in columns)))


def _floats(api: _Api, array: Any, count: int, dtype: Any) -> Any:
    """The first ``count`` values of a C array, copied into a numpy array."""
    itemsize = np.dtype(dtype).itemsize
    return np.frombuffer(api.ffi.buffer(array, count * itemsize), dtype=dtype).copy()


def _page_codes(api: _Api, tp: Any, n: int) -> Any:
    """The text page's character codes, one per index (uint32)."""
    buf = api.ffi.new("unsigned short[]", n + 1)
    if api.lib.FPDFText_GetText(tp, 0, n, buf) == n + 1:
        codes = np.frombuffer(api.ffi.buffer(buf, 2 * n), dtype=np.uint16).astype(np.uint32)
        if not ((codes >= 0xD800) & (codes <= 0xDFFF)).any():  # no surrogate pairs
            return codes
    return np.array(_call_each(api.lib.FPDFText_GetUnicode, tp, list(range(n))),
                    dtype=np.uint32)


def _read_glyphs(
    api: _Api,
    fonts: dict[int, _Font],
    tp: Any,
    geo: _Page,
    texts: _TextObjects,
) -> Glyphs:
    """The text page's characters as pdfplumber's glyphs, in content-stream order.

    Each PDFium call is made once per character through ``map`` (no Python loop), and the
    arithmetic is done on whole columns; Python runs once per text object and for the rare
    characters that need more (ligature pieces, unknown widths, rotated text).
    """
    lib = api.lib
    n = lib.FPDFText_CountChars(tp)
    if n <= 0:
        return _EMPTY_GLYPHS
    codes = _page_codes(api, tp, n)
    # characters PDFium generated (spaces and line breaks it inferred), and NULs, are dropped
    maybe = _is_among(codes, _MAYBE_GENERATED_CODES)
    asked = np.flatnonzero(maybe & (codes != 0))
    generated = np.zeros(n, dtype=bool)
    if asked.size:
        generated[asked] = np.array(_call_each(lib.FPDFText_IsGenerated, tp, asked.tolist())) == 1
    index = np.flatnonzero(~(generated | (codes == 0)))
    objs = np.array(_call_each(lib.FPDFText_GetTextObject, tp, index.tolist()), dtype=np.uint64)
    has_obj = objs != 0
    index, objs = index[has_obj], objs[has_obj]
    if not index.size:
        return _EMPTY_GLYPHS
    # a text object's characters come in visits (usually one); a new visit resets the
    # ligature test (the previous character's origin)
    change = np.ones(index.size, dtype=bool)
    change[1:] = objs[1:] != objs[:-1]
    starts = np.flatnonzero(change)
    visit = np.cumsum(change)

    # per text object (numbered in order of first appearance): rank in the content stream
    # and style
    uniq, first_visit, visit_obj = np.unique(objs[starts], return_index=True,
                                             return_inverse=True)
    appearance = np.argsort(first_visit, kind="stable")
    number = np.empty_like(appearance)
    number[appearance] = np.arange(appearance.size)
    uniq, first_visit = uniq[appearance], first_visit[appearance]
    obj_of = np.repeat(number[visit_obj.reshape(-1)], np.diff(np.append(starts, index.size)))
    uniq_l = uniq.tolist()
    first_char = index[starts[first_visit]].tolist()
    rank = _content_rank(texts.handles, uniq)
    handles = _call_each(lib.FPDFTextObj_GetFont, uniq_l)
    font_sizes = _call_each(lib.FPDFText_GetFontSize, tp, first_char)
    matrices, pointers = api.slots("matrix", "FS_MATRIX", len(uniq_l))
    _call_each(lib.FPDFText_GetMatrix, tp, first_char, pointers)
    m = _floats(api, matrices, 6 * len(uniq_l), np.float32).reshape(-1, 6)[:, :4]
    keys = list(zip(handles, font_sizes, *m.T.tolist(), strict=True))
    styles: dict[tuple[int, float, float, float, float, float], int] = {}
    style_list: list[_Style] = []
    for key in dict.fromkeys(keys):  # each distinct style once, in order of appearance
        font = fonts.get(key[0])
        if font is None:
            font = fonts[key[0]] = _Font(api, key[0])
        styles[key] = len(style_list)
        style_list.append(_Style(font, key[1], key[2:], geo.device, geo.plain))
    style_of = np.array(list(map(styles.__getitem__, keys)), dtype=np.intp)
    font_ids: dict[str, int] = {}
    s_font = np.array([font_ids.setdefault(s.font.name, len(font_ids)) for s in style_list])
    font_names = list(font_ids)  # grows with fonts seen only in restored spaces
    s_font_obj = np.array(_font_numbers(style_list))
    s_upright = np.array([s.upright for s in style_list])
    glyph_style = style_of[obj_of]

    # characters of upright text; a line-end hyphen PDFium marked becomes "-" again (a mark
    # without Unicode is pdfminer's "(cid:N)": dropped)
    keep = s_upright[glyph_style]
    code = codes[index]
    marks = np.flatnonzero(keep & _is_among(code, _HYPHEN_CODES))
    if marks.size:
        real = np.array(_call_each(lib.FPDFText_GetUnicode, tp, index[marks].tolist())) == 2
        keep[marks[~real]] = False
        code = code.copy()
        code[marks[real]] = ord("-")
    index, visit, obj_of = index[keep], visit[keep], obj_of[keep]
    glyph_style, code = glyph_style[keep], code[keep]
    total = index.size
    if not total:
        return _EMPTY_GLYPHS

    # origins, rounded to 0.0001 (round-half-even through the float mantissa, as round() does)
    ox, x_at = api.slots("x", "double", total)
    oy, y_at = api.slots("y", "double", total)
    _call_each(lib.FPDFText_GetCharOrigin, tp, index.tolist(), x_at, y_at)
    raw_x, raw_y = _floats(api, ox, total, np.float64), _floats(api, oy, total, np.float64)
    scale = 10.0**_DECIMALS
    x = (raw_x * scale + _MAGIC - _MAGIC) / scale
    y = (raw_y * scale + _MAGIC - _MAGIC) / scale
    s_attr = np.array([(s.lo, s.em, s.size, s.m[0], s.size_tf, s.fast) for s in style_list],
                      dtype=np.float64)
    lo, em, size, a, size_tf, fast = (s_attr[glyph_style, c] for c in range(6))
    y0 = y + lo
    top = geo.height - (y0 + em)
    bottom = geo.height - y0

    # advance widths from the fonts, per distinct (font, character)
    text_of: list[str] | Any = code  # character codes, or texts once a ligature is joined
    gfont = s_font[glyph_style]
    width = _widths(style_list, glyph_style, s_font_obj[glyph_style], code)
    advance = width * size_tf
    x1 = x + advance * a

    # the rare characters that need one by one: ligature pieces PDFium split at one origin
    # (joined back), unknown widths (the loose box gives the advance), rotated or moved text
    same_origin = np.zeros(total, dtype=bool)
    same_origin[1:] = (visit[1:] == visit[:-1]) & (x[1:] == x[:-1]) & (y[1:] == y[:-1])
    slow = np.flatnonzero(same_origin | (width < 0) | (fast == 0))
    gsize = size.copy()
    alive = np.ones(total, dtype=bool)
    if slow.size:
        text_of = list(decode_codes(code))
        index_l = index.tolist()
        adv = advance.tolist()
        pieces: dict[int, str] = {}  # target position → its pieces so far
        target = list(range(total))  # where a merged character's glyph lives
        for k in slow.tolist():
            style = style_list[glyph_style[k]]
            ch = text_of[k]
            if same_origin[k] and adv[target[k - 1]] > 0:
                t = target[k - 1]
                joined = pieces.get(t, text_of[t]) + ch
                pieces[t] = joined
                ch = _LIGATURES.get(joined, joined)
                alive[k] = False
                target[k] = t
            else:
                t = k
            w = style.font.widths.get(ch)
            if w is None:
                w = style.font.width(ch)
            if w < 0:  # unknown: the loose box spans the advance (or the glyph's ink)
                rect = api.ffi.new("FS_RECTF*")
                lib.FPDFText_GetLooseCharBox(tp, index_l[k], rect)
                av = (rect.right - raw_x[k]) / style.m[0] if style.m[0] else 0.0
            else:
                av = w * style.size_tf
            adv[t] = av
            text_of[t] = ch
            if style.fast:
                x1[t] = x[k] + av * style.m[0]
            else:
                box = geo.box(style, float(raw_x[k]), float(raw_y[k]), av)
                x[t], x1[t], top[t], bottom[t] = box
                gsize[t] = round(box[3] - box[2], _DECIMALS)

    runs = obj_of
    if not alive.all():
        live = np.flatnonzero(alive)
        text_of = [text_of[k] for k in live.tolist()] if isinstance(text_of, list) else code[live]
        x, x1, top, bottom, gsize = x[live], x1[live], top[live], bottom[live], gsize[live]
        gfont, runs = gfont[live], runs[live]
    glyphs = Glyphs(text_of, x, x1, top, bottom, gsize, gfont, font_names)
    glyph_rank = rank[runs]

    # PDFium drops a text object repeated at a small offset (typewriter bold), and one whose
    # box has no width (a lone space); both are put back
    seen = dict(zip(uniq_l, count()))
    visible, blank = _missing_objects(api, texts, seen)
    copies = _restore_repeats(api, texts, seen, visible, runs, glyphs, geo)
    copies += _restore_spaces(api, fonts, texts, blank, geo, font_ids, font_names)
    if copies:
        extra_rank = [r for r, part in copies for _ in range(len(part))]
        glyphs = _concat([glyphs, *(part for _, part in copies)])
        glyph_rank = np.concatenate([glyph_rank, extra_rank])
    if (glyph_rank[1:] >= glyph_rank[:-1]).all():  # already in content-stream order
        return glyphs
    return glyphs.take(np.argsort(glyph_rank, kind="stable"))


_EMPTY_GLYPHS = Glyphs([], [], [], [], [], [], [], [])
_MAYBE_GENERATED_CODES = np.array([ord(c) for c in _MAYBE_GENERATED], dtype=np.uint32)
_HYPHEN_CODES = np.array([ord(c) for c in _HYPHEN_MARKS], dtype=np.uint32)


def _content_rank(handles: list[int], objs: Any) -> Any:
    """Each object's place among the page's text objects in content-stream order (the last
    place if listed twice); objects not listed come after all, in the order given."""
    rank = len(handles) + np.arange(objs.size)
    if not handles:
        return rank
    listed = np.array(handles, dtype=np.uint64)
    order = np.argsort(listed, kind="stable")
    at = np.searchsorted(listed[order], objs, side="right") - 1
    found = at >= 0
    at = np.maximum(at, 0)
    found &= listed[order][at] == objs
    return np.where(found, order[at], rank)


def _is_among(codes: Any, among: Any) -> Any:
    """Per code: is it one of the few codes ``among``?"""
    out = codes == among[0]
    for c in among[1:]:
        out |= codes == c
    return out


def _widths(style_list: list[_Style], glyph_style: Any, font_obj: Any, code: Any) -> Any:
    """Advance width per 1 pt of each glyph's character in its font (-1: unknown)."""
    fonts = {}  # font number on this page → its font
    for style, number in zip(style_list, _font_numbers(style_list), strict=True):
        fonts.setdefault(number, style.font)
    if len(fonts) == 1:
        return next(iter(fonts.values())).widths_of(code)
    out = np.empty(code.size, dtype=np.float64)
    for number, font in fonts.items():
        mask = font_obj == number
        if mask.any():
            out[mask] = font.widths_of(code[mask])
    return out


def _font_numbers(style_list: list[_Style]) -> list[int]:
    """Per style: the number of its font among the page's fonts (in order of appearance)."""
    numbers: dict[int, int] = {}
    return [numbers.setdefault(id(s.font), len(numbers)) for s in style_list]


def _concat(parts: list[Glyphs]) -> Glyphs:
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


def _missing_objects(
    api: _Api, texts: _TextObjects, seen: dict[int, int]
) -> tuple[list[int], list[int]]:
    """The text objects PDFium's text page left out (places in ``texts``), those with a box of
    some width (repeats of a neighbour) and those with a box of no width (a lone space: PDFium
    skips a text object whose box has no width, and generates a space between its neighbours
    only when their gap looks like one)."""
    handles = texts.handles
    missing = [k for k, known in enumerate(map(seen.__contains__, handles)) if not known]
    if not missing:
        return [], []
    sides = [api.slots(side, "float", len(missing)) for side in ("left", "bottom", "right", "top")]
    ok = np.array(_call_each(api.lib.FPDFPageObj_GetBounds, [handles[k] for k in missing],
                             *(pointers for _, pointers in sides))) != 0
    left, _, right, _ = (_floats(api, array, len(missing), np.float32).astype(np.float64)
                         for array, _ in sides)
    wide = right - left >= 0.01
    return ([missing[k] for k in np.flatnonzero(ok & wide).tolist()],
            [missing[k] for k in np.flatnonzero(ok & ~wide).tolist()])


def _restore_spaces(
    api: _Api,
    fonts: dict[int, _Font],
    texts: _TextObjects,
    blank: list[int],
    geo: _Page,
    font_ids: dict[str, int],
    font_names: list[str],
) -> list[tuple[int, Glyphs]]:
    """A space glyph for each text object PDFium skipped because its box has no width.

    pdfminer keeps such an object's space, at the object's origin with the font's advance
    width; where the gap around it is narrow, that space alone separates two words. The
    characters of a skipped object cannot be read through PDFium's API: an object with no
    width is taken for one space. ``font_names`` (the glyphs' font table) grows with a font
    seen only here. Returns the spaces with their rank in the content stream.
    """
    if not blank:
        return []
    lib = api.lib
    m = api.ffi.new("FS_MATRIX*")
    value = api.ffi.new("float*")
    out: list[tuple[int, Glyphs]] = []
    for k in blank:
        obj = texts.handles[k]
        handle = lib.FPDFTextObj_GetFont(obj)
        if not (handle and lib.FPDFTextObj_GetFontSize(obj, value)
                and lib.FPDFPageObj_GetMatrix(obj, m)):
            continue
        size_tf = float(value[0])
        matrix: Matrix = (m.a, m.b, m.c, m.d, m.e, m.f)
        form = texts.forms[k]
        if form is not None:
            matrix = _mult(matrix, form)
        font = fonts.get(handle)
        if font is None:
            font = fonts[handle] = _Font(api, handle)
        style = _Style(font, size_tf, matrix[:4], geo.device, geo.plain)
        width = font.width(" ")
        if not style.upright or width < 0:
            continue
        advance = width * style.size_tf
        if style.fast:
            ox, oy = round(matrix[4], _DECIMALS), round(matrix[5], _DECIMALS)
            y0 = oy + style.lo
            box = (ox, ox + advance * style.m[0], geo.height - (y0 + style.em), geo.height - y0)
            size = style.size
        else:
            box = geo.box(style, matrix[4], matrix[5], advance)
            size = round(box[3] - box[2], _DECIMALS)
        font_id = font_ids.get(font.name)
        if font_id is None:
            font_id = font_ids[font.name] = len(font_names)
            font_names.append(font.name)
        space = np.array([ord(" ")], dtype=np.uint32)
        out.append((k, Glyphs(space, [box[0]], [box[1]], [box[2]], [box[3]], [size], [font_id],
                              font_names)))
    return out


def _restore_repeats(
    api: _Api,
    texts: _TextObjects,
    seen: dict[int, int],
    visible: list[int],
    runs: Any,
    glyphs: Glyphs,
    geo: _Page,
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
            dx = round(ux * da + uy * dc, _DECIMALS)
            dy = -round(ux * db + uy * dd, _DECIMALS)
            r = _DECIMALS
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
