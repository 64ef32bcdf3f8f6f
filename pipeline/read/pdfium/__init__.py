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

The parts: the reader, page by page (:mod:`.reader`: :func:`pdfium_glyphs`, :func:`page_objects`,
imported on first use of those names: the package itself imports nothing), PDFium's C API
(:mod:`.api`), page coordinates (:mod:`.geometry`), fonts and styles (:mod:`.fonts`), the page's
objects (:mod:`.objects`), the per-character calls for whole columns (:mod:`.loops`, the C
helper :mod:`.build_loops`, found by :mod:`.compiled`), the text page read into glyphs
(:mod:`.text`), the objects put back that the text page leaves out (:mod:`.restore`) and the
fonts whose codes PDFium decodes otherwise than pdfminer (:mod:`.encoding`).
"""

from __future__ import annotations

from typing import Any

__all__ = ["PDFIUM_LOCK", "page_objects", "pdfium_glyphs"]


def __getattr__(name: str) -> Any:
    """The reader's names, imported on first use: the package itself imports nothing, so that
    its light parts (the compiled helper, :mod:`.compiled`) load before numpy does."""
    if name in __all__:
        from pipeline.read.pdfium import reader

        return getattr(reader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
