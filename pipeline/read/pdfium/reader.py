"""The PDFium reader proper: each page's objects and text page read into glyphs and rules
(the package's docstring says what is rebuilt and how)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.model import Rule
from pipeline.read.glyphs import Glyphs, PageGlyphs, visible
from pipeline.read.lock import PDFIUM_LOCK
from pipeline.read.pdfium.api import Api, address, load_api
from pipeline.read.pdfium.encoding import FontDictionaries
from pipeline.read.pdfium.fonts import Font
from pipeline.read.pdfium.geometry import PageGeometry
from pipeline.read.pdfium.objects import TextObjects, walk_objects
from pipeline.read.pdfium.text import read_glyphs
from pipeline.read.strokes import page_rules
from pipeline.read.twoends import Order

__all__ = ["PDFIUM_LOCK", "page_objects", "pdfium_glyphs"]


def pdfium_glyphs(
    path: Path, password: str | None = None,
    order: Order | None = None,
) -> Iterator[PageGlyphs]:
    """Yield each page's glyphs and rules read with PDFium, as the pdfplumber reader would
    (``order``: from the page count, the indexes of the pages to read; all by default).

    The document the checks before the reader opened is taken over, with the pages loaded
    ahead while the reader was imported (:mod:`pipeline.read.pdfium_early`)."""
    from pipeline.read import pdfium_early
    from pipeline.read.pdfium_doc import Document

    api = load_api()
    early = pdfium_early.take(path, password)
    ahead = early.pages if early is not None else []
    doc = early.doc if early is not None else None
    try:
        with PDFIUM_LOCK:
            if doc is None:
                doc = Document(path, password or None)
            count = len(doc)
        fonts: dict[int, Font] = {}
        dicts = FontDictionaries(Path(path), password)
        for index in range(count) if order is None else order(count):
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
        if early is not None:
            early.close()  # the pages loaded ahead and not read, and the document
        elif doc is not None:
            with PDFIUM_LOCK:
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
    glyphs, rules = visible(glyphs, page_rules(number, shapes), geo.visible)
    return float(geo.width), float(geo.height), glyphs, rules
