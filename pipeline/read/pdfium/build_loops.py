"""The optional C helper of the PDFium loader: PDFium's per-character calls made in C loops.

The loader asks PDFium a few things per character (its text object, its origin, whether it
generated it, boxes of right-to-left letters) and per path segment; PDFium has no call for a
range of characters. Through cffi's ABI mode each of these is one Python-level call. This
module's C functions take the address of a PDFium function (from the ABI-mode library
:mod:`.api` loaded, so no PDFium header or library is needed to build them) and make the call
for a whole column of indices, filling numpy arrays. :mod:`.loops` uses the compiled module
(``pipeline/read/pdfium/_loops*.so``) when it is present and matches :data:`SOURCE`, else the
ABI-mode calls, which give the same values.

Built by ``pip install`` (``setup.py`` compiles it as an optional extension: without a C
compiler the install goes on without it) or in place by
``python -m pipeline.read.pdfium.build_loops``. Imports nothing but the standard library at the
top: ``setup.py`` runs this file on its own in the build environment, where cffi is imported.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

#: the compiled module's name (``set_source``)
MODULE = "pipeline.read.pdfium._loops"

#: the C declarations cffi exposes; handles and function addresses travel as ``uintptr_t``
CDEF = """
int loops_source_crc(void);
void loops_handles_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n, uint64_t* out);
void loops_ints_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n, int32_t* out);
void loops_unicodes_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n,
                       uint32_t* out);
void loops_origins_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n, double* xs,
                      double* ys);
void loops_char_boxes_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n,
                         double* left, double* right, double* bottom, double* top);
void loops_loose_boxes_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n,
                          float* rects);
void loops_handles_of(uintptr_t fn, const uint64_t* objs, size_t n, uint64_t* out);
void loops_doubles_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n, double* out);
void loops_matrices_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n, float* out);
void loops_page_objects(uintptr_t get_object, uintptr_t get_type, uintptr_t page, size_t n,
                        uint64_t* objs, int32_t* types);
void loops_object_bounds(uintptr_t fn, const uint64_t* objs, size_t n, float* left,
                         float* bottom, float* right, float* top, int32_t* ok);
void loops_object_floats(uintptr_t fn, const uint64_t* objs, size_t n, float* out, int32_t* ok);
void loops_object_matrices(uintptr_t fn, const uint64_t* objs, size_t n, float* out,
                           int32_t* ok);
void loops_path_segments(uintptr_t get_segment, uintptr_t get_point, uintptr_t get_type,
                         uintptr_t get_close, uintptr_t path, size_t n, float* xs, float* ys,
                         int32_t* types, int32_t* closes);
size_t loops_load_pages(uintptr_t load_page, uintptr_t load_text, uintptr_t close_page,
                        uintptr_t doc, size_t n, int32_t* stop, uint64_t* pages,
                        uint64_t* texts);
"""

#: the C code: one loop per PDFium signature (the function-pointer types are ours, written
#: from fpdf_text.h and fpdf_edit.h: handles are pointers, passed as pointer-sized integers)
SOURCE = r"""
#include <stddef.h>
#include <stdint.h>

typedef struct { float left, top, right, bottom; } loops_rectf;
typedef uintptr_t (*loops_handle_fn)(void* text_page, int index);
typedef int (*loops_int_fn)(void* text_page, int index);
typedef unsigned int (*loops_unicode_fn)(void* text_page, int index);
typedef int (*loops_origin_fn)(void* text_page, int index, double* x, double* y);
typedef int (*loops_char_box_fn)(void* text_page, int index, double* left, double* right,
                                 double* bottom, double* top);
typedef int (*loops_loose_box_fn)(void* text_page, int index, loops_rectf* rect);
typedef struct { float a, b, c, d, e, f; } loops_matrix;
typedef double (*loops_double_fn)(void* text_page, int index);
typedef int (*loops_matrix_fn)(void* text_page, int index, loops_matrix* matrix);
typedef uintptr_t (*loops_object_fn)(uintptr_t handle);
typedef uintptr_t (*loops_page_object_fn)(void* page, int index);
typedef int (*loops_type_fn)(uintptr_t page_object);
typedef int (*loops_bounds_fn)(uintptr_t page_object, float* left, float* bottom, float* right,
                               float* top);
typedef int (*loops_object_float_fn)(uintptr_t object, float* value);
typedef int (*loops_object_matrix_fn)(uintptr_t object, loops_matrix* matrix);
typedef uintptr_t (*loops_segment_fn)(uintptr_t path, int index);
typedef int (*loops_point_fn)(uintptr_t segment, float* x, float* y);
typedef int (*loops_segment_int_fn)(uintptr_t segment);
typedef uintptr_t (*loops_load_page_fn)(void* document, int index);
typedef uintptr_t (*loops_load_text_fn)(void* page);
typedef void (*loops_close_page_fn)(void* page);

void loops_handles_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n, uint64_t* out) {
    loops_handle_fn f = (loops_handle_fn)fn;
    for (size_t k = 0; k < n; k++) out[k] = (uint64_t)f((void*)tp, (int)idx[k]);
}

void loops_ints_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n, int32_t* out) {
    loops_int_fn f = (loops_int_fn)fn;
    for (size_t k = 0; k < n; k++) out[k] = f((void*)tp, (int)idx[k]);
}

void loops_unicodes_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n,
                       uint32_t* out) {
    loops_unicode_fn f = (loops_unicode_fn)fn;
    for (size_t k = 0; k < n; k++) out[k] = f((void*)tp, (int)idx[k]);
}

void loops_origins_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n, double* xs,
                      double* ys) {
    loops_origin_fn f = (loops_origin_fn)fn;
    for (size_t k = 0; k < n; k++) f((void*)tp, (int)idx[k], xs + k, ys + k);
}

void loops_char_boxes_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n,
                         double* left, double* right, double* bottom, double* top) {
    loops_char_box_fn f = (loops_char_box_fn)fn;
    for (size_t k = 0; k < n; k++)
        f((void*)tp, (int)idx[k], left + k, right + k, bottom + k, top + k);
}

void loops_loose_boxes_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n,
                          float* rects) {
    loops_loose_box_fn f = (loops_loose_box_fn)fn;
    for (size_t k = 0; k < n; k++) f((void*)tp, (int)idx[k], (loops_rectf*)(rects + 4 * k));
}

void loops_handles_of(uintptr_t fn, const uint64_t* objs, size_t n, uint64_t* out) {
    loops_object_fn f = (loops_object_fn)fn;
    for (size_t k = 0; k < n; k++) out[k] = (uint64_t)f((uintptr_t)objs[k]);
}

void loops_doubles_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n, double* out) {
    loops_double_fn f = (loops_double_fn)fn;
    for (size_t k = 0; k < n; k++) out[k] = f((void*)tp, (int)idx[k]);
}

void loops_matrices_at(uintptr_t fn, uintptr_t tp, const int64_t* idx, size_t n, float* out) {
    loops_matrix_fn f = (loops_matrix_fn)fn;
    for (size_t k = 0; k < n; k++) f((void*)tp, (int)idx[k], (loops_matrix*)(out + 6 * k));
}

/* the page's n objects and their types (an object PDFium does not give: 0, type -1) */
void loops_page_objects(uintptr_t get_object, uintptr_t get_type, uintptr_t page, size_t n,
                        uint64_t* objs, int32_t* types) {
    loops_page_object_fn object = (loops_page_object_fn)get_object;
    loops_type_fn type = (loops_type_fn)get_type;
    for (size_t k = 0; k < n; k++) {
        uintptr_t obj = object((void*)page, (int)k);
        objs[k] = (uint64_t)obj;
        types[k] = obj ? type(obj) : -1;
    }
}

void loops_object_bounds(uintptr_t fn, const uint64_t* objs, size_t n, float* left,
                         float* bottom, float* right, float* top, int32_t* ok) {
    loops_bounds_fn f = (loops_bounds_fn)fn;
    for (size_t k = 0; k < n; k++)
        ok[k] = f((uintptr_t)objs[k], left + k, bottom + k, right + k, top + k);
}

void loops_object_floats(uintptr_t fn, const uint64_t* objs, size_t n, float* out, int32_t* ok) {
    loops_object_float_fn f = (loops_object_float_fn)fn;
    for (size_t k = 0; k < n; k++) ok[k] = f((uintptr_t)objs[k], out + k);
}

void loops_object_matrices(uintptr_t fn, const uint64_t* objs, size_t n, float* out,
                           int32_t* ok) {
    loops_object_matrix_fn f = (loops_object_matrix_fn)fn;
    for (size_t k = 0; k < n; k++) ok[k] = f((uintptr_t)objs[k], (loops_matrix*)(out + 6 * k));
}

/* the first n segments of a path: a point, a type and a close flag each (type -99: PDFium gave
   no segment) */
void loops_path_segments(uintptr_t get_segment, uintptr_t get_point, uintptr_t get_type,
                         uintptr_t get_close, uintptr_t path, size_t n, float* xs, float* ys,
                         int32_t* types, int32_t* closes) {
    loops_segment_fn segment = (loops_segment_fn)get_segment;
    loops_point_fn point = (loops_point_fn)get_point;
    loops_segment_int_fn type = (loops_segment_int_fn)get_type;
    loops_segment_int_fn close = (loops_segment_int_fn)get_close;
    for (size_t k = 0; k < n; k++) {
        uintptr_t seg = segment(path, (int)k);
        if (!seg) {
            types[k] = -99;
            continue;
        }
        point(seg, xs + k, ys + k);
        types[k] = type(seg);
        closes[k] = close(seg);
    }
}

/* the document's first n pages and their text pages, until *stop is set (read before each
   page) or PDFium cannot load one (a page whose text page fails is closed); the number loaded.
   Called without the interpreter's lock: a thread loads pages while the main one imports. */
size_t loops_load_pages(uintptr_t load_page, uintptr_t load_text, uintptr_t close_page,
                        uintptr_t doc, size_t n, int32_t* stop, uint64_t* pages,
                        uint64_t* texts) {
    loops_load_page_fn page_of = (loops_load_page_fn)load_page;
    loops_load_text_fn text_of = (loops_load_text_fn)load_text;
    loops_close_page_fn close = (loops_close_page_fn)close_page;
    volatile int32_t* stopped = stop;
    size_t k = 0;
    for (; k < n && !*stopped; k++) {
        uintptr_t page = page_of((void*)doc, (int)k);
        if (!page) break;
        uintptr_t text = text_of((void*)page);
        if (!text) {
            close((void*)page);
            break;
        }
        pages[k] = (uint64_t)page;
        texts[k] = (uint64_t)text;
    }
    return k;
}
"""


def source_crc() -> int:
    """A checksum of the declarations and the C code, which the compiled module returns too
    (a module built from other code is not used)."""
    return zlib.crc32((CDEF + SOURCE).encode("utf-8")) & 0x7FFFFFFF


def builder() -> Any:
    """cffi's builder of the module (API mode: compiled C calling PDFium's functions through
    the addresses given)."""
    from cffi import FFI

    ffi = FFI()
    ffi.cdef(CDEF)
    crc = f"int loops_source_crc(void) {{ return {source_crc()}; }}\n"
    ffi.set_source(MODULE, SOURCE + crc, extra_compile_args=["-O2"])
    return ffi


def build_in_place() -> Path:
    """Compile the module into the package folder (what ``pip install -e`` does); returns its
    path."""
    import tempfile

    root = Path(__file__).resolve().parents[3]
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(builder().compile(tmpdir=tmp, verbose=False))
        target = Path(__file__).with_name(built.name)
        target.write_bytes(built.read_bytes())
    return target.relative_to(root)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--status"]:
        import importlib

        # only when run as a script: the module itself never imports the loader's side
        print(importlib.import_module("pipeline.read.pdfium.loops").status())
    else:
        print(build_in_place())
