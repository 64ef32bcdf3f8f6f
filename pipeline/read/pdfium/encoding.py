"""Symbolic TrueType fonts without an encoding: their characters decoded as pdfminer does.

A TrueType font flagged symbolic, with neither ``/Encoding`` nor ``/ToUnicode`` (A/60/PV.25's
bold speaker names), leaves the meaning of its codes to the reader. pdfminer decodes them with
WinAnsiEncoding, the PDF default for a TrueType font (``0xE9`` → ``é``, as printed); PDFium
takes the font program's Mac Roman cmap when it has one (``0xE9`` → ``È``), and the code itself
when it does not. PDFium's API shows neither the font dictionary nor the codes, so:

* the font's flags (``FPDFFont_GetFlags``) single out the symbolic fonts; only their characters
  outside ASCII (where the encodings agree) are looked at;
* the font dictionaries are asked only when their answer can change a character: one that the
  font's WinAnsi recoding (read off its font program alone) leaves as it is keeps its reading
  whatever they say. They are read off the file's bytes where these show them plainly
  (:mod:`.fontscan`), else once per document with pdfminer's parser (the ``/Font`` resources
  of the pages, by base font name: subtype, ``/Encoding``, ``/ToUnicode``);
* the cmaps of the embedded font program (``FPDFFont_GetFontData``) tell which way PDFium went
  from the code to its Unicode, which is undone to get the code back, then decoded as pdfminer
  does.
"""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.read.glyphs import clean_font_name
from pipeline.read.pdfium.api import Api

#: a font descriptor's Symbolic flag (PDF 32000, table 123)
SYMBOLIC = 4


class FontDictionaries:
    """The simple fonts' dictionaries of one PDF, read on demand by base font name."""

    def __init__(self, path: Path, password: str | None = None) -> None:
        self.path = path
        self.password = password or ""
        self._fonts: dict[str, tuple[str, bool, bool] | None] | None = None
        #: per name, what the file's bytes show of its dictionaries (:mod:`.fontscan`)
        self._scanned: dict[str, str] | None = None

    def plain_truetype(self, name: str) -> bool:
        """Whether the fonts called ``name`` are TrueType without /Encoding or /ToUnicode;
        settled from the file's bytes when they show each dictionary of that name alike
        (:mod:`.fontscan`), else by pdfminer's reading."""
        from pipeline.read.pdfium.fontscan import ENCODED, PLAIN

        if self._fonts is None:
            if self._scanned is None:
                self._scanned = self._scan()
            kind = self._scanned.get(name)
            if kind in (ENCODED, PLAIN):
                return kind == PLAIN
        return self.lookup(name) == ("TrueType", False, False)

    def _scan(self) -> dict[str, str]:
        from pipeline.read.pdfium.fontscan import font_kinds

        try:
            data = self.path.read_bytes()
        except OSError:
            return {}
        return font_kinds(data) or {}

    def lookup(self, name: str) -> tuple[str, bool, bool] | None:
        """(subtype, has /Encoding, has /ToUnicode) of the font called ``name`` (subset prefix
        dropped), or None when unknown or when fonts of that name differ."""
        if self._fonts is None:
            self._fonts = self._read()
        return self._fonts.get(name)

    def _read(self) -> dict[str, tuple[str, bool, bool] | None]:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import resolve1
        from pdfminer.psparser import literal_name

        found: dict[str, tuple[str, bool, bool] | None] = {}
        try:
            with self.path.open("rb") as fh:
                doc = PDFDocument(PDFParser(fh), password=self.password)
                for page in PDFPage.create_pages(doc):
                    fonts = resolve1((page.resources or {}).get("Font")) or {}
                    for spec in map(resolve1, fonts.values()):
                        if not isinstance(spec, dict) or "BaseFont" not in spec:
                            continue
                        name = clean_font_name(literal_name(resolve1(spec["BaseFont"])))
                        info = (literal_name(resolve1(spec.get("Subtype"))),
                                "Encoding" in spec, "ToUnicode" in spec)
                        if found.setdefault(name, info) != info:
                            found[name] = None
        except Exception:  # an unreadable dictionary: PDFium's reading is kept
            return {}
        return found


def winansi_candidate(api: Api, handle: int) -> dict[int, int]:
    """PDFium's Unicode → WinAnsi's for the codes 0x80-0xFF of a font, were it a TrueType
    font without /Encoding or /ToUnicode: read off the font program alone (its Mac Roman
    cmap), so a character it leaves out keeps its reading whatever the dictionary says."""
    winansi = winansi_upper()
    mac = _has_mac_roman_cmap(_font_program(api, handle))
    out: dict[int, int] = {}
    for code in range(0x80, 0x100):
        seen = bytes([code]).decode("mac_roman") if mac else chr(code)
        want = winansi.get(code)
        if want and len(want) == 1 and want != seen:
            out[ord(seen)] = ord(want)
    return out


@cache
def winansi_upper() -> dict[int, str]:
    """pdfminer's WinAnsiEncoding for the codes 0x80-0xFF, without importing pdfminer: the
    Windows-1252 code page, whose no-break space (0xA0) and soft hyphen (0xAD) pdfminer reads
    as a space (held equal to pdfminer's table by the tests)."""
    out: dict[int, str] = {}
    for code in range(0x80, 0x100):
        try:
            out[code] = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    out[0xA0] = out[0xAD] = " "
    return out


@cache
def recodable() -> Any:
    """The Unicode values PDFium may give a code of the upper half (0x80-0xFF) of a simple
    font: the code itself (Latin-1) or its Mac Roman character."""
    mac = {ord(bytes([c]).decode("mac_roman")) for c in range(0x80, 0x100)}
    return np.array(sorted(mac | set(range(0x80, 0x100))), dtype=np.uint32)


def _font_program(api: Api, handle: int) -> bytes:
    """The font program PDFium uses for a font (the embedded one when there is one)."""
    size = api.ffi.new("size_t*")
    if not api.lib.FPDFFont_GetFontData(handle, api.ffi.NULL, 0, size) or not size[0]:
        return b""
    buf = api.ffi.new("uint8_t[]", size[0])
    if not api.lib.FPDFFont_GetFontData(handle, buf, size[0], size):
        return b""
    return bytes(api.ffi.buffer(buf, size[0]))


def _has_mac_roman_cmap(data: bytes) -> bool:
    """Whether a TrueType font program has a Macintosh Roman cmap subtable (platform 1,
    encoding 0): the table directory and the cmap's subtable list are read, nothing else."""
    try:
        (tables,) = struct.unpack_from(">H", data, 4)
        for k in range(tables):
            tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * k)
            if tag == b"cmap":
                (count,) = struct.unpack_from(">H", data, offset + 2)
                return any(struct.unpack_from(">HH", data, offset + 4 + 8 * j) == (1, 0)
                           for j in range(count))
    except struct.error:
        return False
    return False


__all__ = ["SYMBOLIC", "FontDictionaries", "recodable", "winansi_candidate", "winansi_upper"]
