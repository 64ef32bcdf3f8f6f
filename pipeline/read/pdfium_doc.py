"""PDFium's documents and pages, called through ctypes on the library file pypdfium2 ships.

Only the file is taken from pypdfium2 (its ``pypdfium2_raw`` folder, found without importing
it): importing the ``pypdfium2`` package declares every PDFium function and loads its helpers,
some 15-25 ms of a process's start, for the few calls made here (open a document, count its
pages, load a page and its text page). The library is initialised once as pypdfium2 does
(configuration version 2); PDFium ignores a second initialisation, so pypdfium2 may be imported
in the same process too. Errors are raised with pypdfium2's words (:class:`PdfiumError`,
``Failed to load document (PDFium: …)``), which the callers' messages are made of.

No numpy and no reader module is imported here: the checks made before the reader is loaded
(page count, scan pre-check) use this module.
"""

from __future__ import annotations

import ctypes
import importlib.util
import sys
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.read.lock import PDFIUM_LOCK

#: PDFium's error codes (``FPDF_GetLastError``), as pypdfium2 spells them
ERRORS = {
    0: "Success",
    1: "Unknown error",
    2: "File access error",
    3: "Data format error",
    4: "Incorrect password error",
    5: "Unsupported security scheme error",
    6: "Page not found or content error",
}
#: page object types (``FPDFPageObj_GetType``)
PAGEOBJ_TEXT = 1
PAGEOBJ_FORM = 5

_P = ctypes.c_void_p
#: name: (result type, argument types) of the functions called here
_FUNCTIONS: dict[str, tuple[Any, list[Any]]] = {
    "FPDF_LoadDocument": (_P, [ctypes.c_char_p, ctypes.c_char_p]),
    "FPDF_GetLastError": (ctypes.c_ulong, []),
    "FPDF_GetPageCount": (ctypes.c_int, [_P]),
    "FPDF_CloseDocument": (None, [_P]),
    "FPDF_LoadPage": (_P, [_P, ctypes.c_int]),
    "FPDF_ClosePage": (None, [_P]),
    "FPDFText_LoadPage": (_P, [_P]),
    "FPDFText_ClosePage": (None, [_P]),
    "FPDFPage_CountObjects": (ctypes.c_int, [_P]),
    "FPDFPage_GetObject": (_P, [_P, ctypes.c_int]),
    "FPDFPageObj_GetType": (ctypes.c_int, [_P]),
    "FPDFFormObj_CountObjects": (ctypes.c_int, [_P]),
    "FPDFFormObj_GetObject": (_P, [_P, ctypes.c_ulong]),
}


class PdfiumError(RuntimeError):
    """A document, page or text page PDFium could not load."""


class _Config(ctypes.Structure):
    """``FPDF_LIBRARY_CONFIG``, version 2 (the fields pypdfium2 sets)."""

    _fields_ = [("version", ctypes.c_int), ("m_pUserFontPaths", ctypes.c_void_p),
                ("m_pIsolate", ctypes.c_void_p), ("m_v8EmbedderSlot", ctypes.c_uint)]


def library_path() -> str:
    """The PDFium library file of pypdfium2: the one pypdfium2 loaded when it is imported,
    else the one in ``pypdfium2_raw``'s folder (where pypdfium2 loads it from)."""
    bindings = sys.modules.get("pypdfium2_raw.bindings")
    name = getattr(getattr(bindings, "_libs", {}).get("pdfium"), "_name", None)
    if name:
        return str(name)
    spec = importlib.util.find_spec("pypdfium2_raw")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for candidate in sorted(Path(folder).iterdir()):
            if candidate.name.startswith(("libpdfium.", "pdfium.")):
                return str(candidate.resolve())
    raise ImportError("the PDFium library of pypdfium2 was not found")


@cache
def library() -> Any:
    """The PDFium library, loaded and initialised (once per process)."""
    with PDFIUM_LOCK:
        lib = ctypes.CDLL(library_path())
        for name, (result, arguments) in _FUNCTIONS.items():
            fn = getattr(lib, name)
            fn.restype, fn.argtypes = result, arguments
        lib.FPDF_InitLibraryWithConfig.argtypes = [ctypes.POINTER(_Config)]
        lib.FPDF_InitLibraryWithConfig.restype = None
        lib.FPDF_InitLibraryWithConfig(ctypes.byref(_Config(2, None, None, 0)))
        return lib


class TextPage:
    """A page's text page (``raw``: its handle)."""

    __slots__ = ("lib", "raw")

    def __init__(self, lib: Any, raw: ctypes.c_void_p) -> None:
        self.lib, self.raw = lib, raw

    def close(self) -> None:
        if self.raw:
            self.lib.FPDFText_ClosePage(self.raw)
            self.raw = None


class Page:
    """A loaded page (``raw``: its handle); closed by :meth:`close`."""

    __slots__ = ("lib", "raw")

    def __init__(self, lib: Any, raw: ctypes.c_void_p) -> None:
        self.lib, self.raw = lib, raw

    def get_textpage(self) -> TextPage:
        raw = self.lib.FPDFText_LoadPage(self.raw)
        if not raw:
            raise PdfiumError("Failed to load text page.")
        return TextPage(self.lib, _P(raw))

    def close(self) -> None:
        if self.raw:
            self.lib.FPDF_ClosePage(self.raw)
            self.raw = None


class Document:
    """A PDF opened by PDFium from its path (``password``: the user or owner password); its
    length is its page count, ``doc[i]`` loads page ``i``; closed by :meth:`close`. Raises
    :class:`PdfiumError` when PDFium cannot open it or finds no page, as pypdfium2 does."""

    def __init__(self, path: str | Path, password: str | None = None) -> None:
        self.lib = lib = library()
        file = Path(path).expanduser().resolve()
        if not file.is_file():
            raise FileNotFoundError(file)
        secret = None if password is None else password.encode("utf-8")
        raw = lib.FPDF_LoadDocument(str(file).encode("utf-8", "surrogateescape"), secret)
        self.raw = _P(raw) if raw else None
        self.count = lib.FPDF_GetPageCount(self.raw) if raw else 0
        if self.count < 1:
            code = lib.FPDF_GetLastError()
            self.close()
            raise PdfiumError(f"Failed to load document (PDFium: {ERRORS.get(code)}).")

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> Page:
        raw = self.lib.FPDF_LoadPage(self.raw, index)
        if not raw:
            raise PdfiumError("Failed to load page.")
        return Page(self.lib, _P(raw))

    def close(self) -> None:
        if self.raw:
            self.lib.FPDF_CloseDocument(self.raw)
            self.raw = None
