"""Second loader on PDFium (pypdfium2): the pdfplumber loader's glyphs and rules, much faster.

PDFium's text page is read through its C API and turned into the glyph values pdfplumber
(pdfminer) gives for the same characters, which the loader hands to
:func:`pipeline.read.lines.build_page`.
PDFium is called through cffi (ABI mode: the library pypdfium2 ships), a few calls per character
made for whole columns of arguments: in C loops when the optional helper :mod:`.build_loops`
was compiled at install time, else with ``map`` (:mod:`.loops`); the arithmetic is numpy's.
What is rebuilt:

* geometry as pdfminer computes it: ``x0`` at the glyph origin, ``x1`` = origin + advance width
  (from the font's widths, like pdfminer), ``bottom`` at baseline + font descent, ``top`` one font
  size above, in pdfplumber's top-left coordinates, with page rotation and MediaBox offset;
* characters PDFium generates (spaces and line breaks it infers) are dropped, except a drawn
  space it folded into one it generated (a wide kerning before the space); the marker it puts
  on a line-end hyphen is turned back into ``-``, ligatures it splits (ﬁ → f + i) are joined;
* PDFium drops a text object or character repeated at almost the same place (typewriter fake
  bold: the word struck twice); the repeat is put back from the copy PDFium kept, so the
  fake-bold detection in ``build_page`` sees the same doubled glyphs as with pdfplumber;
* PDFium skips a text object whose box has no width (a lone space, drawn as an object of its
  own); pdfminer keeps that space, and where the words around it are closer than a word gap
  it alone separates them: it is put back at the object's origin, with the font's width;
* a font named like a standard PDF font, and not embedded, gets pdfminer's built-in metrics and
  name (an embedded one is a subset whose prefix PDFium drops: its own descriptor's metrics);
* right-to-left text, which PDFium reorders itself: a ligature's pieces are put in the row's
  visual order (PDFium reverses the characters of a glyph's ToUnicode string but hands over a
  presentation-form ligature's letters in logical order), the brackets and quotes it mirrors in
  a right-to-left run are put back as drawn, a mark drawn as a glyph of its own at its letter's
  origin stays one, and a letter's advance is that of the presentation form drawn (PDFium gives
  the base letter; the form is found by its ink), as pdfminer reads them;
* PDFium drops a character repeated within 0.07 em of an equal one (the overlapping tatweels
  of justified Arabic); a repeat is put back where it leaves a hole between joined letters;
* a symbolic TrueType font without ``/Encoding`` or ``/ToUnicode`` is decoded as pdfminer
  decodes it (:mod:`.encoding`);
* rules: straight lines and thin axis-aligned rectangles of path objects, classified like
  pdfminer's.

PDFium computes in single precision: coordinates agree with pdfplumber's to about 0.001 pt (they
are rounded to 0.0001 pt so that round numbers in the PDF stay round). Not rebuilt, because
PDFium's API does not expose them: the characters of a skipped object with no width (taken for
one space), characters without a Unicode mapping (pdfminer's ``(cid:N)``), repeats that leave
no hole (spaces drawn several times at one place; a repeated tatweel is placed from the glyph
after it, give or take a kerning). The extractions of the fixtures and of the genuine UN PDFs
are identical with both loaders but for one paragraph of the Arabic ISBA/16/A/12/Rev.1, a
tatweel short (tests/test_backends.py).

The parts: PDFium's C API (:mod:`.api`), page coordinates (:mod:`.geometry`), fonts and styles
(:mod:`.fonts`), the page's objects (:mod:`.objects`), the per-character calls for whole columns
(:mod:`.loops`, :mod:`.build_loops`), the text page read into glyphs
(:mod:`.text`), the objects put back that the text page leaves out (:mod:`.restore`) and the
fonts whose codes PDFium decodes otherwise than pdfminer (:mod:`.encoding`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.model import Rule
from pipeline.read.glyphs import Glyphs, PageGlyphs
from pipeline.read.lock import PDFIUM_LOCK
from pipeline.read.pdfium.api import Api, address, load_api
from pipeline.read.pdfium.encoding import FontDictionaries
from pipeline.read.pdfium.fonts import Font
from pipeline.read.pdfium.geometry import PageGeometry
from pipeline.read.pdfium.objects import TextObjects, walk_objects
from pipeline.read.pdfium.text import read_glyphs
from pipeline.read.strokes import page_rules

__all__ = ["PDFIUM_LOCK", "page_objects", "pdfium_glyphs"]


def pdfium_glyphs(path: Path, password: str | None = None) -> Iterator[PageGlyphs]:
    """Yield each page's glyphs and rules read with PDFium, as the pdfplumber reader would.

    The document the checks before the reader opened is taken over, with the pages loaded
    ahead while the reader was imported (:mod:`pipeline.read.pdfium_early`)."""
    from pipeline.read import pdfium_early
    from pipeline.read.pdfium_doc import Document

    api = load_api()
    early = pdfium_early.take(path, password)
    ahead = early.pages if early is not None else []
    with PDFIUM_LOCK:
        doc = early.doc if early is not None else Document(path, password or None)
        count = len(doc)
    fonts: dict[int, Font] = {}
    dicts = FontDictionaries(Path(path), password)
    try:
        for index in range(count):
            with PDFIUM_LOCK:
                page, text = ahead[index] if index < len(ahead) else (doc[index], None)
                try:
                    width, height, glyphs, rules = page_objects(
                        api, fonts, page, index + 1, dicts, text)
                finally:
                    if text is not None:
                        text.close()
                    page.close()
            yield index + 1, width, height, glyphs, rules
    finally:
        with PDFIUM_LOCK:
            for page, text in ahead:  # those not read (closing twice does nothing)
                text.close()
                page.close()
            doc.close()


def page_objects(
    api: Api, fonts: dict[int, Font], page: Any, number: int,
    dicts: FontDictionaries | None = None, textpage: Any = None,
) -> tuple[float, float, Glyphs, list[Rule]]:
    """One page's width, height, glyphs and rules, in the pdfplumber loader's terms
    (``dicts``: the document's font dictionaries, read if a symbolic font needs them;
    ``textpage``: the page's text page when it is loaded already, closed by the caller)."""
    ph = api.ffi.cast("void*", address(page.raw))
    geo = PageGeometry(api, ph)
    texts = TextObjects()
    strokes: list[tuple[str, float, float, float, float]] = []
    walk_objects(api, ph, geo.device, texts, strokes)
    own = textpage is None
    if own:
        textpage = page.get_textpage()
    try:
        tp = api.ffi.cast("void*", address(textpage.raw))
        glyphs = read_glyphs(api, fonts, tp, geo, texts, dicts)
    finally:
        if own:
            textpage.close()
    shapes = [(kind, *geo.flip(rx0, rx1, ry0, ry1)) for kind, rx0, ry0, rx1, ry1 in strokes]
    return float(geo.width), float(geo.height), glyphs, page_rules(number, shapes)


