"""PDFium's C API through cffi (ABI mode: the library pypdfium2 ships, nothing compiled)."""

from __future__ import annotations

import ctypes
import zlib
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

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
int FPDFFont_GetFlags(size_t font);
size_t FPDFFont_GetGlyphPath(size_t font, unsigned int glyph, float font_size);
int FPDFGlyphPath_CountGlyphSegments(size_t glyphpath);
size_t FPDFGlyphPath_GetGlyphPathSegment(size_t glyphpath, int index);
int FPDFText_GetCharBox(void* text_page, int index, double* left, double* right, double* bottom,
                        double* top);
int FPDFFont_GetIsEmbedded(size_t font);
int FPDFFont_GetFontData(size_t font, uint8_t* buffer, size_t buflen, size_t* out_buflen);
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
int FPDF_GetPageBoundingBox(void* page, FS_RECTF* rect);
"""


class Api:
    """The PDFium library pypdfium2 loaded, called through cffi (ABI mode: nothing compiled).

    The loader's speed is made of a few PDFium calls per character, made through ``map``
    over columns of arguments; a cffi call costs about half of a ctypes one.
    """

    def __init__(self) -> None:
        from pipeline.read.pdfium_doc import library, library_path

        library()  # loads and initialises the library
        self.ffi = ffi = _declared()
        self.lib = ffi.dlopen(library_path())
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


#: the module holding :data:`_CDEF` as cffi compiles it (its out-of-line ABI mode: a Python
#: file of type tables, nothing compiled in C), written by :func:`write_declarations`
DECLARATIONS = Path(__file__).with_name("_declarations.py")


def _cdef_crc() -> int:
    return zlib.crc32(_CDEF.encode("utf-8"))


def _declared() -> Any:
    """A cffi FFI holding :data:`_CDEF`: the one :data:`DECLARATIONS` holds, when it was made
    from this very text and this cffi reads it (no C parser loaded: it costs a process about
    20 ms), else one parsed now."""
    try:
        from pipeline.read.pdfium import _declarations

        if _cdef_crc() == _declarations.CDEF_CRC:
            return _declarations.ffi
    except Exception:  # noqa: BLE001 - another cffi, or no such module: parse instead
        pass
    from cffi import FFI

    ffi = FFI()
    ffi.cdef(_CDEF)
    return ffi


def write_declarations(path: Path = DECLARATIONS) -> None:
    """Write the module :func:`_declared` reads (``scripts/pdfium_declarations.py``)."""
    import tempfile

    from cffi import FFI

    builder = FFI()
    builder.cdef(_CDEF)
    builder.set_source(f"pipeline.read.pdfium.{path.stem}", None)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / path.name
        builder.emit_python_code(str(out))
        code = out.read_text(encoding="utf-8")
    path.write_text(
        '"""PDFium\'s declarations (api._CDEF) as cffi compiles them: written by api.py."""\n'
        "# ruff: noqa\n"
        f"CDEF_CRC = {_cdef_crc()}\n"
        + code,
        encoding="utf-8",
    )


@cache
def load_api() -> Api:
    return Api()


def address(obj: Any) -> int:
    """The address behind a raw handle (a ctypes pointer, ours or pypdfium2's)."""
    return ctypes.cast(obj, ctypes.c_void_p).value or 0




def call_each(fn: Any, *columns: Any) -> list[Any]:
    """``fn`` called once per row of argument columns (a scalar is repeated): the loop runs
    in C (``map``), not in Python bytecode."""
    n = max(len(c) for c in columns if isinstance(c, list))
    return list(map(fn, *(c if isinstance(c, list) else repeat(c, n) for c in columns)))


def copy_floats(api: Api, array: Any, count: int, dtype: Any) -> Any:
    """The first ``count`` values of a C array, copied into a numpy array."""
    itemsize = np.dtype(dtype).itemsize
    return np.frombuffer(api.ffi.buffer(array, count * itemsize), dtype=dtype).copy()


