"""PDFium fonts (name, descent, advance widths) and the styles of text objects."""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

import numpy as np

from pipeline.read.glyphs import clean_font_name, distinct
from pipeline.read.pdfium.api import Api
from pipeline.read.pdfium.geometry import DECIMALS, Matrix, PageGeometry, mult
from pipeline.read.pdfium.loops import glyph_path_xs


def _standard_fonts() -> dict[str, tuple[str, float]]:
    """pdfminer's standard fonts (``pdfminer.fontmetrics.FONT_METRICS``: the 14 PDF fonts and
    their Arial, Courier New, Times New Roman aliases) → (font name, descent per 1 pt), copied
    here so that a PDFium run does not import pdfminer (its package looks up its version in the
    installed metadata); ``tests/test_glyph_text.py`` checks the copy against pdfminer."""
    descents = {"Courier": -0.194, "Helvetica": -0.207, "Times": -0.217}
    styles = {"Courier": ("", "-Bold", "-BoldOblique", "-Oblique"),
              "Helvetica": ("", "-Bold", "-BoldOblique", "-Oblique"),
              "Times": ("-Bold", "-BoldItalic", "-Italic", "-Roman")}
    table = {f"{family}{style}": (f"{family}{style}", descent)
             for family, descent in descents.items() for style in styles[family]}
    table["Symbol"] = ("Symbol", -0.0)
    table["ZapfDingbats"] = ("ZapfDingbats", -0.0)
    aliases = {"Arial": ("Helvetica", "Oblique"), "CourierNew": ("Courier", "Oblique"),
               "TimesNewRoman": ("Times", "Italic")}
    for alias, (family, slant) in aliases.items():
        plain = "-Roman" if family == "Times" else ""
        for suffix, style in (("", plain), (",Italic", f"-{slant}"), (",Bold", "-Bold"),
                              (",BoldItalic", f"-Bold{slant}")):
            table[alias + suffix] = (family + style, descents[family])
    return table


_STANDARD_FONTS = _standard_fonts()


def _standard_font(name: str) -> tuple[str, float] | None:
    """pdfminer's name and descent (per 1 pt) for a font named like a standard PDF font."""
    return _STANDARD_FONTS.get(name)


class Font:
    """Name, descent and advance widths (per 1 pt of font size) of one PDFium font."""

    __slots__ = ("handle", "name", "descent", "widths", "lib", "value", "table", "symbolic",
                 "recoder", "base", "inks", "drawn", "styles", "candidate", "api")

    #: characters up to this code point get a width table (numpy) besides the dictionary
    TABLE_LIMIT = 0x10000

    def __init__(self, api: Api, handle: int) -> None:
        self.api = api
        self.lib = lib = api.lib
        self.handle = handle
        self.value = api.ffi.new("float*")
        self.inks: dict[str, tuple[float, float] | None] = {}  # character → its glyph's ink
        self.drawn: dict[tuple[str, float, float], float] = {}  # (text, ink) → advance
        self.widths: dict[str, float] = {}
        #: (size, matrix, device matrix, plain page) → its style, made once per document
        self.styles: dict[tuple[Any, ...], Style] = {}
        self.table = np.zeros(0, dtype=np.float64)  # per code point; NaN: not asked yet
        self.symbolic = bool(handle) and bool(lib.FPDFFont_GetFlags(handle) & 4)
        #: PDFium's Unicode → pdfminer's, for a symbolic font's characters (None: not asked)
        self.recoder: dict[int, int] | None = None
        #: the recoder it would have, were it a TrueType font without an encoding (None: not
        #: asked); only a character it changes needs the font's dictionary
        self.candidate: dict[int, int] | None = None
        buf = api.ffi.new("char[]", 512)
        n = lib.FPDFFont_GetBaseFontName(handle, buf, 512) if handle else 0
        raw = api.ffi.buffer(buf)[: max(min(n, 512) - 1, 0)]
        self.base = base = clean_font_name(raw.decode("utf-8", "replace"))
        # pdfminer looks the name up as the PDF spells it, so an embedded subset
        # (``ABCDEF+TimesNewRoman,Bold``: PDFium drops the prefix) keeps the metrics of its
        # own font descriptor; in the genuine UN PDFs, every font embedded under a standard
        # name is such a subset, and every font not embedded has the plain name
        embedded = bool(handle) and lib.FPDFFont_GetIsEmbedded(handle) == 1
        standard = None if embedded else _standard_font(base)
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

    def drawn_width(self, text: str, left: float, right: float) -> float:
        """Advance width per 1 pt of the right-to-left glyph PDFium hands over as ``text``
        (base letters: it folds the presentation form the font draws), whose ink spans
        ``left`` to ``right`` (per 1 pt, from the origin, rounded to 0.001: the cache's
        key); -1 when no form matches.

        PDFium gives an Arabic letter as its base letter and a ligature as its letters, so
        the font's width of that text is not the drawn glyph's; the presentation forms of
        the text (the letter's isolated, final, initial and medial forms, or the ligatures
        of those letters) that the font maps are candidates, and the one whose glyph outline
        has the drawn ink is the glyph drawn: its advance width is the glyph's.
        """
        key = (text, left, right)
        hit = self.drawn.get(key)
        if hit is not None:
            return hit
        best, found = INK_TOLERANCE, -1.0
        for form in presentation_forms(text):
            ink = self.ink(form)
            if ink is None:
                continue
            miss = max(abs(ink[0] - left), abs(ink[1] - right))
            if miss <= best:
                w = self.width(form)
                if w > 0:
                    best, found = miss, w
        self.drawn[key] = found
        return found

    def ink(self, form: str) -> tuple[float, float] | None:
        """Horizontal extent (per 1 pt) of the outline of the glyph the font maps ``form``
        to, or None when the font does not map it."""
        if form in self.inks:
            return self.inks[form]
        lib = self.lib
        out = None
        path = lib.FPDFFont_GetGlyphPath(self.handle, ord(form), 1.0) if self.handle else 0
        if path and lib.FPDFFont_GetGlyphWidth(self.handle, ord(form), 1.0, self.value):
            xs = glyph_path_xs(self.api, path)
            if xs:
                out = (min(xs), max(xs))
        self.inks[form] = out
        return out

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
            for c in distinct(codes[unknown]):
                table[c] = self.width(chr(c))
            out = table[codes]
        return out


#: a drawn glyph's ink matches a candidate glyph's outline within this (per 1 pt of size)
INK_TOLERANCE = 0.003


def presentation_forms(text: str) -> list[str]:
    """The character itself and the Arabic presentation forms (U+FB50-FDFF, U+FE70-FEFE)
    whose letters are ``text`` (in either order: a ligature's letters come in either order
    from PDFium)."""
    table = _presentation_table()
    if len(text) == 1:
        return [text, *table.get(text, ())]
    return [*table.get(text, ()), *table.get(text[::-1], ())]


@cache
def _presentation_table() -> dict[str, tuple[str, ...]]:
    """Letters (compatibility decomposition) → the presentation forms that draw them."""
    out: dict[str, list[str]] = {}
    for c in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)):
        letters = unicodedata.normalize("NFKC", chr(c))
        if letters != chr(c) and not letters[0].isspace():
            out.setdefault(letters, []).append(chr(c))
    return {k: tuple(v) for k, v in out.items()}


def style_for(font: Font, size_tf: float, m: tuple[float, float, float, float],
             device: Matrix, plain: bool) -> Style:
    """The :class:`Style` of ``font`` at this size and matrix on a page of this geometry, made
    once per font (the text objects of a document's pages share a few dozen styles)."""
    key = (size_tf, *m, *device, plain)
    style = font.styles.get(key)
    if style is None:
        style = font.styles[key] = Style(font, size_tf, m, device, plain)
    return style


class Style:
    """What the characters of text objects with one font, size and matrix share (never
    changed once made: shared by the pages through :func:`style_for`)."""

    __slots__ = ("font", "size_tf", "m", "upright", "fast", "lo", "em", "size")

    def __init__(self, font: Font, size_tf: float, m: tuple[float, float, float, float],
                 device: Matrix, plain: bool) -> None:
        self.font = font
        self.size_tf = size_tf = round(size_tf, DECIMALS)
        self.m = m = (round(m[0], 6), round(m[1], 6), round(m[2], 6), round(m[3], 6))
        a, b, c, d = m
        # pdfminer's test on the character matrix in its page space (page rotation included)
        ra, rb, rc, rd = mult((a, b, c, d, 0.0, 0.0), device)[:4]
        self.upright = ra * rd > 0 and rb * rc <= 0
        self.fast = plain and b == 0 and c == 0 and a > 0 and d > 0
        self.lo = round(font.descent * size_tf * d, DECIMALS + 2)  # baseline to box bottom
        self.em = round(size_tf * d, DECIMALS + 2)  # box height: one em
        self.size = round(abs(size_tf * d), DECIMALS)

    def box(
        self, page: PageGeometry, ox: float, oy: float, advance: float
    ) -> tuple[float, ...]:
        """pdfplumber's box of a character whose origin is (ox, oy) in user space."""
        a, b, c, d = self.m
        da, db, dc, dd, de, df = page.device
        lo = self.font.descent * self.size_tf
        xs, ys = [], []
        for tx in (0.0, advance):
            for ty in (lo, lo + self.size_tf):
                ux, uy = ox + tx * a + ty * c, oy + tx * b + ty * d
                xs.append(ux * da + uy * dc + de)
                ys.append(ux * db + uy * dd + df)
        r = DECIMALS
        return page.flip(round(min(xs), r), round(max(xs), r), round(min(ys), r),
                         round(max(ys), r))
