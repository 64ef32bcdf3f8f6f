"""Glyph columns: one page's characters as a loader hands them over, and their text tables.

A loader (:mod:`pipeline.read.plumber`, :mod:`pipeline.read.pdfium`) gives each page's glyphs
as columns (:class:`Glyphs`, in the order the PDF draws them) with the page's number, size and
rules (:data:`PageGlyphs`); the page builder (:mod:`pipeline.read.lines`) asks each glyph's
text for a small number, a white-space flag and a count of text-carrying characters
(:func:`text_ids`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import numpy as np

from pipeline.model import Rule
from pipeline.records import dataclass
from pipeline.textnorm import normalize

Floats = Any  # a 1-D float64 numpy array


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character as the loaders see it (a row of :class:`Glyphs`)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str


class Glyphs:
    """A page's glyphs as columns, in drawing order: texts, boxes (pdfplumber's top-left
    coordinates), font sizes and font names (an index into ``fonts`` per glyph).

    Texts are given as a list of strings, or as an array of character codes when every glyph
    is one character (PDFium's case); each form is derived from the other when asked for.
    """

    __slots__ = ("_text", "_codes", "x0", "x1", "top", "bottom", "size", "font", "fonts")

    def __init__(
        self,
        text: list[str] | Any,
        x0: Sequence[float] | Floats,
        x1: Sequence[float] | Floats,
        top: Sequence[float] | Floats,
        bottom: Sequence[float] | Floats,
        size: Sequence[float] | Floats,
        font: Sequence[int] | Any,
        fonts: list[str],
    ) -> None:
        if isinstance(text, np.ndarray):
            self._text, self._codes = None, text.astype(np.uint32, copy=False)
        else:
            self._text, self._codes = text, None
        self.x0 = np.asarray(x0, dtype=np.float64)
        self.x1 = np.asarray(x1, dtype=np.float64)
        self.top = np.asarray(top, dtype=np.float64)
        self.bottom = np.asarray(bottom, dtype=np.float64)
        self.size = np.asarray(size, dtype=np.float64)
        self.font = np.asarray(font, dtype=np.int32)
        self.fonts = fonts

    def __len__(self) -> int:
        return self.x0.size

    @property
    def text(self) -> list[str]:
        """Each glyph's text."""
        if self._text is None:
            self._text = list(decode_codes(self._codes))
        return self._text

    @property
    def codes(self) -> Any | None:
        """Each glyph's character code (uint32), or None when a glyph's text is not one
        character (pdfminer's ``(cid:N)``, a ligature spelled out)."""
        if self._codes is None and self._text is not None:
            joined = "".join(self._text)
            if len(joined) == len(self._text):
                self._codes = encode_codes(joined)
        return self._codes

    @classmethod
    def from_rows(cls, rows: Iterable[Glyph]) -> Glyphs:
        """Columns from glyphs given one by one."""
        rows = list(rows)
        ids: dict[str, int] = {}
        font = [ids.setdefault(g.font, len(ids)) for g in rows]
        return cls([g.text for g in rows], [g.x0 for g in rows], [g.x1 for g in rows],
                   [g.top for g in rows], [g.bottom for g in rows], [g.size for g in rows],
                   font, list(ids))

    def rows(self) -> list[Glyph]:
        """The glyphs one by one (Python floats)."""
        fonts = self.fonts
        return [
            Glyph(t, a, b, c, d, e, fonts[f])
            for t, a, b, c, d, e, f in zip(
                self.text, self.x0.tolist(), self.x1.tolist(), self.top.tolist(),
                self.bottom.tolist(), self.size.tolist(), self.font.tolist(), strict=True
            )
        ]

    def take(self, index: Any) -> Glyphs:
        """The glyphs at ``index`` (an integer array), in that order."""
        index = np.asarray(index, dtype=np.intp)
        codes = self._codes
        if codes is not None:
            text: list[str] | Any = codes[index]
        else:
            text = list(map(self.text.__getitem__, index.tolist()))
        return Glyphs(text, self.x0[index], self.x1[index], self.top[index], self.bottom[index],
                      self.size[index], self.font[index], self.fonts)


#: a page's visible area in pdfplumber's coordinates: (x0, top, x1, bottom)
Box4 = tuple[float, float, float, float]


def visible(glyphs: Glyphs, rules: list[Rule], box: Box4 | None
            ) -> tuple[Glyphs, list[Rule]]:
    """The glyphs whose box's middle lies in ``box`` (the page's visible area: its CropBox
    within its MediaBox) and the rules that reach into it; all of them when ``box`` is None.
    What lies outside is not shown by a viewer nor printed (the other half of a cover spread,
    a printer's slug): no text of the page."""
    if box is None:
        return glyphs, rules
    x0, top, x1, bottom = box
    mx = (glyphs.x0 + glyphs.x1) / 2
    my = (glyphs.top + glyphs.bottom) / 2
    inside = (mx >= x0) & (mx <= x1) & (my >= top) & (my <= bottom)
    if not inside.all():
        glyphs = glyphs.take(np.flatnonzero(inside))
    return glyphs, [r for r in rules if r.x1 > x0 and r.x0 < x1 and top <= r.top <= bottom]


def distinct(values: Any) -> list[int]:
    """The distinct values of an integer array, ascending: ``np.unique(values).tolist()``
    without its masked-array check, whose first call imports ``numpy.ma`` (some 10-25 ms of a
    process)."""
    return sorted(set(values.tolist()))


def encode_codes(text: str) -> Any:
    """A string's character codes (lone surrogates kept)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def decode_codes(codes: Any) -> str:
    """The string of an array of character codes."""
    return codes.astype("<u4", copy=False).tobytes().decode("utf-32-le", "surrogatepass")


def clean_font_name(name: str) -> str:
    """Drop a subset prefix such as ``ABCDEF+``."""
    if len(name) > 7 and name[6] == "+" and name[:6].isupper():
        return name[7:]
    return name


#: one page's glyphs, as a reader hands them over: number, width, height, glyphs, rules
PageGlyphs = tuple[int, float, float, Glyphs, list[Rule]]


# --------------------------------------------------------------------------------------------
# Glyph texts: each distinct text gets a small integer, with what the builder asks of it
# --------------------------------------------------------------------------------------------

#: text → id; per id: is it white space, how many text-carrying characters (normalised)
_TEXT_IDS: dict[str, int] = {}
_TEXT_SPACE = np.zeros(0, dtype=bool)
_TEXT_CHARS = np.zeros(0, dtype=np.int64)
#: the table is emptied past this many texts (whatever a long-running process reads)
_TEXT_TABLE_LIMIT = 200_000
#: the table and its arrays change together: one thread at a time
_TEXT_LOCK = threading.Lock()
#: the same, per character code of the Basic Multilingual Plane (when each glyph is one)
_CODE_KNOWN = np.zeros(0x10000, dtype=bool)
_CODE_SPACE = np.zeros(0x10000, dtype=bool)
_CODE_CHARS = np.zeros(0x10000, dtype=np.int64)


def text_ids(g: Glyphs) -> tuple[Any, Any, Any]:
    """Per glyph: a number standing for its text (equal texts, equal numbers), white-space
    flag and text-carrying character count."""
    codes = g.codes
    if codes is not None and (not codes.size or int(codes.max()) < 0x10000):
        new = ~_CODE_KNOWN[codes]
        if new.any():
            for c in distinct(codes[new]):
                ch = chr(c)
                _CODE_SPACE[c] = ch.isspace()
                _CODE_CHARS[c] = len(normalize(ch).replace(" ", ""))
                _CODE_KNOWN[c] = True
        return codes.astype(np.intp), _CODE_SPACE[codes], _CODE_CHARS[codes]
    with _TEXT_LOCK:
        return _text_table_ids(g.text)


def _text_table_ids(texts: list[str]) -> tuple[Any, Any, Any]:
    """:func:`text_ids` through the table of texts (the caller holds ``_TEXT_LOCK``)."""
    global _TEXT_SPACE, _TEXT_CHARS
    table = _TEXT_IDS
    if len(table) > _TEXT_TABLE_LIMIT:
        table.clear()
        _TEXT_SPACE, _TEXT_CHARS = _TEXT_SPACE[:0], _TEXT_CHARS[:0]
    known = len(table)
    found = list(map(table.get, texts))
    if None in found:  # texts not seen before: numbered in order of appearance
        found = [table.setdefault(t, len(table)) for t in texts]
    ids = np.array(found, dtype=np.intp)
    if len(table) > known:
        new_texts = list(table)[known:]
        _TEXT_SPACE = np.concatenate([_TEXT_SPACE, [t.isspace() for t in new_texts]]).astype(bool)
        _TEXT_CHARS = np.concatenate(
            [_TEXT_CHARS, [len(normalize(t).replace(" ", "")) for t in new_texts]]
        ).astype(np.int64)
    return ids, _TEXT_SPACE[ids], _TEXT_CHARS[ids]


# --------------------------------------------------------------------------------------------
# Font styles from font names
# --------------------------------------------------------------------------------------------


def font_is_bold(font: str) -> bool:
    """A bold face by its name; Chinese documents set headings in a Hei ("black") typeface
    (SimHei, STHeiti) where Latin ones use bold; Microsoft YaHei is a body typeface."""
    f = font.lower()
    if any(k in f for k in ("bold", "black", "heavy", "semibold", "demi", "-bd", ",bd")):
        return True
    return ("simhei" in f or "heiti" in f) and "yahei" not in f


def font_is_italic(font: str) -> bool:
    """An italic face by its name; Chinese documents set in a Kai ("regular script") typeface
    (KaiTi, STKaiti, DFKai-SB) what Latin ones set in italics: a decision's lead-in."""
    f = font.lower()
    if "kaiti" in f or "dfkai" in f or "biaukai" in f:
        return True
    return "italic" in f or "oblique" in f or f.endswith("-it") or f.endswith(",it")


@cache
def font_style(font: str) -> tuple[bool, bool]:
    return font_is_bold(font), font_is_italic(font)
