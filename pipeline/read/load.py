"""Load stage: the loaders behind one interface, each page's characters read once into lines.

A backend (pdfplumber: :mod:`pipeline.read.plumber`; PDFium: :mod:`pipeline.read.pdfium`)
reads each page's glyphs and rules (:func:`iter_glyphs`); the backend-neutral page builder,
glyphs to words and lines, is :mod:`pipeline.read.lines`; right-to-left lines are then put
into logical order (:mod:`pipeline.read.bidi`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline import timings
from pipeline.fsutil import sha256_file
from pipeline.model import LoadedDocument, Page
from pipeline.read import page_limits, twoends
from pipeline.read.bidi import logical_page, visual_glyph_texts
from pipeline.read.glyphs import PageGlyphs
from pipeline.read.lines import build_page
from pipeline.read.plumber import pdfplumber_glyphs
from pipeline.read.twoends import Order

__all__ = ["PageGlyphs", "iter_glyphs", "iter_pages", "load_pdf"]

#: while pages are read: young collections between two full ones (Python's default: 10)
FULL_GC_EVERY = 100


def iter_glyphs(
    path: str | Path, backend: str = "pdfplumber", password: str | None = None,
    order: Order | None = None,
) -> Iterator[PageGlyphs]:
    """Yield each page's glyphs and rules, read once (no words or lines yet); ``order``: the
    pages to read (all, first to last, by default)."""
    path = Path(path)
    if backend == "pdfplumber":
        # pdfminer spells a ligature glyph's characters in logical order; PDFium, which
        # reorders right-to-left text itself, in visual order like the rest of the row
        return (
            (number, width, height, visual_glyph_texts(glyphs), rules)
            for number, width, height, glyphs, rules in pdfplumber_glyphs(path, password, order)
        )
    if backend == "pdfium":
        from pipeline.read.pdfium.reader import pdfium_glyphs

        return pdfium_glyphs(path, password, order)
    raise ValueError(f"unknown backend {backend!r}")


def iter_pages(
    path: str | Path, backend: str = "pdfplumber", password: str | None = None,
    order: Order | None = None,
) -> Iterator[Page]:
    """Yield the pages of a PDF one at a time (each page's characters read once; ``order``:
    the pages to read, as :func:`iter_glyphs` takes it).

    While pages are read, the garbage collector runs its full pass ten times less often: the
    pages already read (a long document's hundreds of thousands of words) are live, and
    rescanning them cost 10-15 % of a 200-page load. Reading leaves almost no reference cycles,
    so memory does not grow for it; the thresholds are restored when the iteration ends.
    """
    pages = iter_glyphs(path, backend, password, order)
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], FULL_GC_EVERY))
    try:
        for page in pages:
            check = page_limits.check
            if check is not None:
                check(page[0], len(page[3].text))
            yield logical_page(build_page(*page))
    finally:
        gc.set_threshold(*thresholds)


def load_pdf(
    path: str | Path,
    backend: str = "pdfplumber",
    password: str | None = None,
    on_page: Callable[[int], None] | None = None,
    sha256: str | None = None,
) -> LoadedDocument:
    """Read a PDF into pages of lines; ``on_page`` is told each page number as it is read.

    ``sha256``: the file's digest when the caller has it (not computed again). A long document
    may be read by this process and a copy of it, one from each end (:mod:`.twoends`)."""
    path = Path(path)
    pages: list[Page] = []
    ends = twoends.TwoEnds(lambda order: iter_pages(path, backend, password, order))
    try:
        for page in iter_pages(path, backend, password, ends.front):
            timings.first_page()
            pages.append(page)
            if on_page is not None:
                on_page(page.number)
        for page in ends.rest(pages):
            pages.append(page)
            if on_page is not None:
                on_page(page.number)
    finally:
        ends.close()
    return LoadedDocument(str(path), sha256 or sha256_file(path), pages)
