"""Second loader on PDFium (pypdfium2): the pdfplumber loader's glyphs and rules, much faster.

PDFium's text page is read through its C API and turned into the :class:`Glyph` values pdfplumber
(pdfminer) gives for the same characters, then handed to :func:`pipeline.load.build_page`:

* geometry as pdfminer computes it: ``x0`` at the glyph origin, ``x1`` = origin + advance width
  (from the font's widths, like pdfminer), ``bottom`` at baseline + font descent, ``top`` one font
  size above, in pdfplumber's top-left coordinates, with page rotation and MediaBox offset;
* characters PDFium generates (spaces and line breaks it infers) are dropped, the marker it puts
  on a line-end hyphen is turned back into ``-``, ligatures it splits (ﬁ → f + i) are joined;
* PDFium drops a text object or character repeated at almost the same place (typewriter fake
  bold: the word struck twice); the repeat is put back from the copy PDFium kept, so the
  fake-bold detection in ``build_page`` sees the same doubled glyphs as with pdfplumber;
* a font named like a standard PDF font gets pdfminer's built-in metrics and name;
* rules: straight lines and thin axis-aligned rectangles of path objects, classified like
  pdfminer's.

PDFium computes in single precision: coordinates agree with pdfplumber's to about 0.001 pt (they
are rounded to 0.0001 pt so that round numbers in the PDF stay round). Not rebuilt, because
PDFium's API does not expose them: text objects made only of spaces (PDFium skips them; spaces
only separate words, and the gap does that too), characters without a Unicode mapping
(pdfminer's ``(cid:N)``), repeats inside one text object after the first character. The
extractions of the fixtures and of the genuine UN PDFs are identical with both loaders
(tests/test_backends.py).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from ctypes import CFUNCTYPE, POINTER, byref, c_double, c_float, c_int, c_uint, c_ulong, c_void_p
from functools import cache
from pathlib import Path
from typing import Any

from .load import Glyph, Rule, build_page, clean_font_name
from .model import Page

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


class _Api:
    """The PDFium functions used, as plain C calls on integer handles.

    pypdfium2's bindings convert every argument into a typed pointer; calling the same symbols
    through prototypes on ``c_void_p`` handles costs a third less per call, and the loader's
    speed is made of a few calls per character.
    """

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        def fn(name: str, restype: Any, *argtypes: Any) -> Any:
            address = ctypes.cast(getattr(raw, name), c_void_p).value
            return CFUNCTYPE(restype, *argtypes)(address)

        pf = POINTER(c_float)
        self.raw = raw
        self.count_chars = fn("FPDFText_CountChars", c_int, c_void_p)
        self.get_text = fn("FPDFText_GetText", c_int, c_void_p, c_int, c_int, c_void_p)
        self.unicode = fn("FPDFText_GetUnicode", c_uint, c_void_p, c_int)
        self.is_generated = fn("FPDFText_IsGenerated", c_int, c_void_p, c_int)
        self.text_object = fn("FPDFText_GetTextObject", c_void_p, c_void_p, c_int)
        # addresses passed as integers: cheaper than ctypes checking typed pointers per call
        self.origin = fn("FPDFText_GetCharOrigin", c_int, c_void_p, c_int, c_void_p, c_void_p)
        self.loose_box = fn("FPDFText_GetLooseCharBox", c_int, c_void_p, c_int,
                            POINTER(raw.FS_RECTF))
        self.font_size = fn("FPDFText_GetFontSize", c_double, c_void_p, c_int)
        self.char_matrix = fn("FPDFText_GetMatrix", c_int, c_void_p, c_int,
                              POINTER(raw.FS_MATRIX))
        self.obj_font = fn("FPDFTextObj_GetFont", c_void_p, c_void_p)
        self.font_name = fn("FPDFFont_GetBaseFontName", c_ulong, c_void_p, c_void_p, c_ulong)
        self.font_descent = fn("FPDFFont_GetDescent", c_int, c_void_p, c_float, pf)
        self.glyph_width = fn("FPDFFont_GetGlyphWidth", c_int, c_void_p, c_uint, c_float, pf)
        self.count_objects = fn("FPDFPage_CountObjects", c_int, c_void_p)
        self.get_object = fn("FPDFPage_GetObject", c_void_p, c_void_p, c_int)
        self.form_count = fn("FPDFFormObj_CountObjects", c_int, c_void_p)
        self.form_object = fn("FPDFFormObj_GetObject", c_void_p, c_void_p, c_ulong)
        self.obj_type = fn("FPDFPageObj_GetType", c_int, c_void_p)
        self.obj_matrix = fn("FPDFPageObj_GetMatrix", c_int, c_void_p, POINTER(raw.FS_MATRIX))
        self.obj_bounds = fn("FPDFPageObj_GetBounds", c_int, c_void_p, c_void_p, c_void_p,
                             c_void_p, c_void_p)
        self.path_segments = fn("FPDFPath_CountSegments", c_int, c_void_p)
        self.path_segment = fn("FPDFPath_GetPathSegment", c_void_p, c_void_p, c_int)
        self.segment_point = fn("FPDFPathSegment_GetPoint", c_int, c_void_p, pf, pf)
        self.segment_type = fn("FPDFPathSegment_GetType", c_int, c_void_p)
        self.segment_close = fn("FPDFPathSegment_GetClose", c_int, c_void_p)
        self.draw_mode = fn("FPDFPath_GetDrawMode", c_int, c_void_p, POINTER(c_int),
                            POINTER(c_int))
        self.media_box = fn("FPDFPage_GetMediaBox", c_int, c_void_p, pf, pf, pf, pf)
        self.rotation = fn("FPDFPage_GetRotation", c_int, c_void_p)
        self.page_width = fn("FPDF_GetPageWidthF", c_float, c_void_p)
        self.page_height = fn("FPDF_GetPageHeightF", c_float, c_void_p)


@cache
def _api() -> _Api:
    return _Api()


def _handle(obj: Any) -> int:
    """The address behind a pypdfium2 raw handle."""
    return ctypes.cast(obj, c_void_p).value or 0


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

    __slots__ = ("handle", "name", "descent", "widths", "api", "value")

    def __init__(self, api: _Api, handle: int) -> None:
        self.api = api
        self.handle = handle
        self.value = c_float()
        self.widths: dict[str, float] = {}
        buf = ctypes.create_string_buffer(512)
        n = api.font_name(handle, buf, 512) if handle else 0
        base = clean_font_name(buf.raw[: max(n - 1, 0)].decode("utf-8", "replace"))
        standard = _standard_font(base)
        if standard is not None:  # pdfminer uses its AFM metrics for these names
            self.name, self.descent = standard
            self.name = clean_font_name(self.name)
        else:
            self.name, self.descent = base, 0.0
            if handle and api.font_descent(handle, c_float(1000.0), byref(self.value)):
                self.descent = round(self.value.value / 1000, 6)

    def width(self, text: str) -> float:
        """Advance width of one character per 1 pt of font size (-1: unknown)."""
        w = self.widths.get(text)
        if w is None:
            w = -1.0
            if (
                self.handle
                and len(text) == 1
                and self.api.glyph_width(self.handle, ord(text), c_float(1000.0),
                                         byref(self.value))
            ):
                w = round(self.value.value / 1000, 6) or -1.0
            self.widths[text] = w
        return w


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


class _Run:
    """One PDFium text object: its place in the content stream, style and glyphs."""

    __slots__ = ("rank", "style", "glyphs")

    def __init__(self, rank: int, style: _Style | None) -> None:
        self.rank = rank
        self.style = style
        self.glyphs: list[Glyph] = []


class _Page:
    """A page's coordinate systems: PDF user space → pdfminer page space → pdfplumber's."""

    def __init__(self, api: _Api, ph: int) -> None:
        rotation = (api.rotation(ph) % 4) * 90
        box = [c_float() for _ in range(4)]
        if api.media_box(ph, *(byref(v) for v in box)):
            raw = tuple(round(v.value, _DECIMALS) for v in box)
        else:  # inherited MediaBox: PDFium still knows the page size
            w = round(api.page_width(ph), _DECIMALS)
            h = round(api.page_height(ph), _DECIMALS)
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


def pdfium_pages(path: Path, password: str | None = None) -> Iterator[Page]:
    """Yield the pages of a PDF read with PDFium, as the pdfplumber loader would."""
    import pypdfium2 as pdfium

    api = _api()
    doc = pdfium.PdfDocument(str(path), password=password or None)
    fonts: dict[int, _Font] = {}
    try:
        for index in range(len(doc)):
            page = doc[index]
            try:
                width, height, glyphs, rules = page_objects(api, fonts, page, index + 1)
                yield build_page(index + 1, width, height, glyphs, rules)
            finally:
                page.close()
    finally:
        doc.close()


def page_objects(
    api: _Api, fonts: dict[int, _Font], page: Any, number: int
) -> tuple[float, float, list[Glyph], list[Rule]]:
    """One page's width, height, glyphs and rules, in the pdfplumber loader's terms."""
    ph = _handle(page.raw)
    geo = _Page(api, ph)
    texts: list[tuple[int, int]] = []
    strokes: list[tuple[str, float, float, float, float]] = []
    _walk_objects(api, ph, geo.device, texts, strokes)
    textpage = page.get_textpage()
    try:
        glyphs = _read_glyphs(api, fonts, _handle(textpage.raw), geo, texts)
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
    ph: int,
    device: Matrix,
    texts: list[tuple[int, int]],
    strokes: list[tuple[str, float, float, float, float]],
) -> None:
    """Page objects in content order: text objects listed (with their form depth), path
    objects classified into lines and rectangles in pdfminer's page space."""
    m = api.raw.FS_MATRIX()
    get_object, obj_type = api.get_object, api.obj_type
    for i in range(api.count_objects(ph)):
        obj = get_object(ph, i)
        if not obj:
            continue
        if obj_type(obj) == _PAGEOBJ_TEXT:  # most objects
            texts.append((obj, 0))
        else:
            _visit(api, obj, device, 0, texts, strokes, m)


def _visit(
    api: _Api,
    obj: int,
    outer: Matrix,
    depth: int,
    texts: list[tuple[int, int]],
    strokes: list[tuple[str, float, float, float, float]],
    m: Any,
) -> None:
    """One page object: a text object is listed, a path classified, a form opened."""
    kind = api.obj_type(obj)
    if kind == _PAGEOBJ_TEXT:
        texts.append((obj, depth))
    elif kind == _PAGEOBJ_PATH:
        _path_strokes(api, obj, outer, strokes, m)
    elif kind == _PAGEOBJ_FORM:
        api.obj_matrix(obj, byref(m))
        inner = _mult((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        for k in range(api.form_count(obj)):
            child = api.form_object(obj, k)
            if child:
                _visit(api, child, inner, depth + 1, texts, strokes, m)


def _path_strokes(
    api: _Api,
    obj: int,
    outer: Matrix,
    strokes: list[tuple[str, float, float, float, float]],
    m: Any,
) -> None:
    """Split a painted path into sub-paths and keep those pdfminer calls lines or rectangles."""
    fill, stroke = c_int(), c_int()
    if not api.draw_mode(obj, byref(fill), byref(stroke)) or (not fill.value and not stroke.value):
        return
    api.obj_matrix(obj, byref(m))
    a, b, c, d, e, f = _mult((m.a, m.b, m.c, m.d, m.e, m.f), outer)
    px, py = c_float(), c_float()
    ops: list[tuple[str, tuple[float, float]]] = []
    curve = 0
    for k in range(api.path_segments(obj)):
        seg = api.path_segment(obj, k)
        if not seg:
            continue
        api.segment_point(seg, byref(px), byref(py))
        x, y = px.value, py.value
        pt = (round(a * x + c * y + e, _DECIMALS), round(b * x + d * y + f, _DECIMALS))
        kind = api.segment_type(seg)
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
        if api.segment_close(seg):
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


_BUFFERS: list[Any] = []


def _buffer(size: int) -> Any:
    """A reusable byte buffer of at least ``size`` bytes (few sizes: each is a ctypes type)."""
    if not _BUFFERS or len(_BUFFERS[0]) < size:
        _BUFFERS[:] = [ctypes.create_string_buffer(1 << max(size - 1, 1).bit_length())]
    return _BUFFERS[0]


def _page_text(api: _Api, tp: int, n: int) -> str | None:
    """The text page's characters, one per index, from one call (None: not one per index)."""
    buf = _buffer(2 * (n + 1))
    if api.get_text(tp, 0, n, ctypes.addressof(buf)) != n + 1:
        return None
    text = ctypes.string_at(buf, 2 * n).decode("utf-16-le", "surrogatepass")
    return text if len(text) == n else None


def _read_glyphs(
    api: _Api,
    fonts: dict[int, _Font],
    tp: int,
    geo: _Page,
    texts: list[tuple[int, int]],
) -> list[Glyph]:
    """The text page's characters as pdfplumber's glyphs, in content-stream order."""
    n = api.count_chars(tp)
    page_text = _page_text(api, tp, n)
    unicode_of, is_generated = api.unicode, api.is_generated
    text_object, origin = api.text_object, api.origin
    ox, oy = c_double(), c_double()
    p_ox, p_oy = ctypes.addressof(ox), ctypes.addressof(oy)
    mat = api.raw.FS_MATRIX()
    p_mat = byref(mat)
    styles: dict[tuple[int, float, float, float, float, float], _Style] = {}
    rank_of = {obj: k for k, (obj, _) in enumerate(texts)}
    runs: dict[int, _Run] = {}
    height = geo.height
    maybe_generated = _MAYBE_GENERATED
    hyphen_marks = _HYPHEN_MARKS
    scale, magic = 10.0**_DECIMALS, _MAGIC
    nan = float("nan")

    # the current text object's run, and what its characters share
    run: _Run | None = None
    last_obj = 0
    glyphs: list[Glyph] = []
    upright = fast = False
    lo = em = size = a = size_tf = 0.0
    font_name = ""
    widths: dict[str, float] = {}
    last_x = last_y = raw_y = y = top = bottom = nan
    last_adv = 0.0
    pieces = ""
    if page_text is None:
        page_text = "".join([chr(unicode_of(tp, i)) for i in range(n)])
    for i, ch in enumerate(page_text):
        if ch in maybe_generated and (ch == "\x00" or is_generated(tp, i) == 1):
            continue
        obj = text_object(tp, i)
        if obj != last_obj:
            if not obj:
                continue
            run = runs.get(obj)
            if run is None:
                font_handle = api.obj_font(obj) or 0
                api.char_matrix(tp, i, p_mat)
                key = (font_handle, api.font_size(tp, i), mat.a, mat.b, mat.c, mat.d)
                style = styles.get(key)
                if style is None:
                    font = fonts.get(font_handle)
                    if font is None:
                        font = fonts[font_handle] = _Font(api, font_handle)
                    style = styles[key] = _Style(font, key[1], key[2:], geo.device, geo.plain)
                run = runs[obj] = _Run(rank_of.get(obj, len(rank_of) + len(runs)), style)
            style = run.style
            last_obj = obj
            glyphs, upright, fast = run.glyphs, style.upright, style.fast
            lo, em, size, a, size_tf = style.lo, style.em, style.size, style.m[0], style.size_tf
            font_name, widths = style.font.name, style.font.widths
            last_x = last_y = raw_y = nan
        if not upright:  # the pdfplumber loader skips these too
            continue
        if ch in hyphen_marks:
            if unicode_of(tp, i) != 2:
                continue  # no Unicode for this glyph (pdfminer: "(cid:N)")
            ch = "-"
        origin(tp, i, p_ox, p_oy)
        # rounded to 0.0001 (round-half-even through the float mantissa: ten times cheaper
        # than round())
        x = (ox.value * scale + magic - magic) / scale
        if oy.value != raw_y:  # characters of a line share their baseline and box
            raw_y = oy.value
            y = (raw_y * scale + magic - magic) / scale
            y0 = y + lo
            top, bottom = height - (y0 + em), height - y0
        if x == last_x and y == last_y and last_adv > 0:
            # PDFium split one glyph (a ligature) into pieces at the same origin
            pieces += ch
            ch = _LIGATURES.get(pieces, pieces)
            glyphs.pop()
        else:
            pieces = ch
        width = widths.get(ch)
        if width is None:
            width = style.font.width(ch)
        if width < 0:  # unknown: the loose box spans the advance (or the glyph's ink)
            rect = api.raw.FS_RECTF()
            api.loose_box(tp, i, byref(rect))
            advance = (rect.right - ox.value) / a if a else 0.0
        else:
            advance = width * size_tf
        last_x, last_y, last_adv = x, y, advance
        if fast:
            glyphs.append(Glyph(ch, x, x + advance * a, top, bottom, size, font_name))
        else:
            gx0, gx1, top, bottom = geo.box(style, ox.value, oy.value, advance)
            glyphs.append(Glyph(ch, gx0, gx1, top, bottom, round(bottom - top, _DECIMALS),
                                font_name))

    _restore_repeats(api, texts, runs, geo)
    out: list[Glyph] = []
    for run in sorted(runs.values(), key=lambda run: run.rank):
        out.extend(run.glyphs)
    return out


def _restore_repeats(api: _Api, texts: list[tuple[int, int]], runs: dict[int, _Run],
                     geo: _Page) -> None:
    """Rebuild the glyphs of text objects PDFium dropped as repeats of a neighbour.

    PDFium skips a text object (or a character) that repeats one of the few before it in its
    reading order at a small offset — a word struck twice for bold on a typewriter. pdfminer
    keeps both. A text object without characters whose box has the size of a neighbouring
    object's box is such a repeat: its glyphs are the neighbour's, moved by the offset.
    """
    missing = [k for k, (obj, _) in enumerate(texts) if obj not in runs]
    if not missing:
        return
    bounds: dict[int, tuple[float, float, float, float]] = {}
    box = (c_float * 4)()
    base = ctypes.addressof(box)
    refs = (base, base + 4, base + 8, base + 12)

    def bounds_of(obj: int) -> tuple[float, float, float, float]:
        hit = bounds.get(obj)
        if hit is None:
            ok = api.obj_bounds(obj, *refs)
            hit = bounds[obj] = (box[0], box[1], box[2], box[3]) if ok else (0.0,) * 4
        return hit

    da, db, dc, dd, _, _ = geo.device
    for k in missing:
        obj, depth = texts[k]
        left, bottom, right, top = bounds_of(obj)
        if right - left < 0.01:
            continue  # only spaces: nothing visible was dropped
        for j in (*range(k - 1, max(-1, k - 6), -1), *range(k + 1, min(len(texts), k + 6))):
            other, other_depth = texts[j]
            kept = runs.get(other)
            if kept is None or other_depth != depth or not kept.glyphs:
                continue
            ol, ob, orr, ot = bounds_of(other)
            if abs((right - left) - (orr - ol)) > 0.01 or abs((top - bottom) - (ot - ob)) > 0.01:
                continue
            ux, uy = left - ol, bottom - ob
            # the offset in pdfplumber's coordinates (y grows downwards)
            dx = round(ux * da + uy * dc, _DECIMALS)
            dy = -round(ux * db + uy * dd, _DECIMALS)
            copy = _Run(k, kept.style)
            copy.glyphs = [
                Glyph(g.text, round(g.x0 + dx, _DECIMALS), round(g.x1 + dx, _DECIMALS),
                      round(g.top + dy, _DECIMALS), round(g.bottom + dy, _DECIMALS), g.size,
                      g.font)
                for g in kept.glyphs
            ]
            runs[obj] = copy
            break
