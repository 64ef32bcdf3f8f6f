"""The pdfplumber reader: each page's glyphs and rules, from pdfminer's interpreter.

:func:`pdfplumber_glyphs` (the default backend) opens the document with pdfplumber and runs
pdfminer's interpreter on each page through :mod:`pipeline.read.miner` (:func:`page_objects`);
:func:`pdfplumber_objects` reads the same values from pdfplumber's layout objects
(``page.layout``), the reference the tests compare with.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.model import Rule
from pipeline.read.glyphs import Box4, Glyphs, PageGlyphs, clean_font_name, visible
from pipeline.read.strokes import Shape, page_rules
from pipeline.read.twoends import Order


def pdfplumber_objects(page: Any) -> tuple[Glyphs, list[Rule]]:
    """One pdfplumber page's glyphs and rules, read straight from pdfminer's layout objects.

    The values are exactly those of ``page.chars`` / ``page.lines`` / ``page.rects`` (the same
    arithmetic as pdfplumber's ``process_object``: top-left origin, MediaBox offset), without
    building pdfplumber's dict of some twenty attributes per character, which costs about a
    third of the page's parse time.
    """
    from pdfminer.layout import LTChar, LTContainer, LTLine, LTRect

    mb_x0, mb_top = page.mediabox[:2]
    height = page.height
    number = page.page_number
    chars: list[tuple[str, float, float, float, float, float, int]] = []
    append = chars.append
    shapes: list[Shape] = []
    fonts: dict[object, int] = {}  # pdfminer's font name → index into names
    names: list[str] = []

    # depth first, a form XObject's children in its place (pdfplumber's order); an explicit
    # stack, not a recursive closure: that would be a reference cycle keeping every glyph of the
    # page alive until the garbage collector's next full pass
    stack = [iter(page.layout._objs)]
    while stack:
        for obj in stack[-1]:
            cls = type(obj)
            if cls is LTChar:
                if not obj.upright:
                    continue
                name = obj.fontname
                font = fonts.get(name)
                if font is None:
                    font = fonts[name] = len(names)
                    names.append(_font_name(name))
                x0, x1 = obj.x0, obj.x1
                if mb_x0 != 0:
                    x0, x1 = x0 + mb_x0, x1 + mb_x0
                append((obj._text, x0, x1, (height - obj.y1) + mb_top,
                        (height - obj.y0) + mb_top, obj.size, font))
            elif isinstance(obj, LTContainer):
                stack.append(iter(obj._objs))
                break
            elif cls is LTLine or cls is LTRect:
                shapes.append(_shape(obj, cls is LTLine, mb_x0, mb_top, height))
        else:
            stack.pop()
    rules = page_rules(number, shapes)
    if not chars:
        return visible(Glyphs([], [], [], [], [], [], [], names), rules, visible_box(page))
    text, x0s, x1s, tops, bottoms, sizes, font_ids = zip(*chars, strict=True)
    return visible(Glyphs(list(text), x0s, x1s, tops, bottoms, sizes, font_ids, names), rules,
                   visible_box(page))


def visible_box(page: Any) -> Box4 | None:
    """A pdfplumber page's visible area (its CropBox within its MediaBox), in its coordinates,
    when it is smaller than the MediaBox of an unrotated page; else None (PDFium's
    :attr:`~pipeline.read.pdfium.geometry.PageGeometry.visible`)."""
    if page.rotation % 360:
        return None
    mx0, mtop, mx1, mbottom = (float(v) for v in page.mediabox)
    cx0, ctop, cx1, cbottom = (float(v) for v in page.cropbox)
    box = (max(cx0, mx0), max(ctop, mtop), min(cx1, mx1), min(cbottom, mbottom))
    return None if box == (mx0, mtop, mx1, mbottom) else box


def page_objects(page: Any, device: Any, interpreter: Any) -> tuple[Glyphs, list[Rule]]:
    """One pdfplumber page's glyphs and rules, read by ``interpreter`` into ``device``
    (:mod:`pipeline.read.miner`): the values of :func:`pdfplumber_objects`, without a layout
    object per glyph."""
    from pdfplumber.utils.exceptions import PdfminerException

    device.pageno = page.page_number
    try:
        interpreter.process_page(page.page_obj)
    except Exception as e:
        raise PdfminerException(e) from e
    layout, found = device.get_result(), device.glyphs
    device.result, device.glyphs = None, []
    mb_x0, mb_top = page.mediabox[:2]
    height = page.height
    fonts: dict[object, int] = {}  # pdfminer's font name → index into names
    names: list[str] = []
    font_ids = []
    for g in found:
        font = fonts.get(g[6])
        if font is None:
            font = fonts[g[6]] = len(names)
            names.append(_font_name(g[6]))
        font_ids.append(font)
    rules = page_rules(page.page_number, _shapes(layout, mb_x0, mb_top, height))
    if not found:
        return visible(Glyphs([], [], [], [], [], [], [], names), rules, visible_box(page))
    text, x0s, x1s, y0s, y1s, sizes, _ = zip(*found, strict=True)
    x0 = np.array(x0s, dtype=np.float64)
    x1 = np.array(x1s, dtype=np.float64)
    if mb_x0 != 0:
        x0 += mb_x0
        x1 += mb_x0
    top = (height - np.array(y1s, dtype=np.float64)) + mb_top
    bottom = (height - np.array(y0s, dtype=np.float64)) + mb_top
    return visible(Glyphs(list(text), x0, x1, top, bottom, sizes, font_ids, names), rules,
                   visible_box(page))


def _shapes(layout: Any, mb_x0: float, mb_top: float, height: float) -> list[Shape]:
    """The page's straight lines and rectangles in content order, form XObjects' in place."""
    from pdfminer.layout import LTContainer, LTLine, LTRect

    shapes: list[Shape] = []
    stack = [iter(layout._objs)]
    while stack:
        for obj in stack[-1]:
            cls = type(obj)
            if cls is LTLine or cls is LTRect:
                shapes.append(_shape(obj, cls is LTLine, mb_x0, mb_top, height))
            elif isinstance(obj, LTContainer):
                stack.append(iter(obj._objs))
                break
        else:
            stack.pop()
    return shapes


def _shape(obj: Any, is_line: bool, mb_x0: float, mb_top: float, height: float) -> Shape:
    """A pdfminer line or rectangle as pdfplumber places it: top-left origin, MediaBox offset."""
    x0, x1 = obj.x0, obj.x1
    if mb_x0 != 0:
        x0, x1 = x0 + mb_x0, x1 + mb_x0
    return ("line" if is_line else "rect", float(x0), float(x1),
            float((height - obj.y1) + mb_top), float((height - obj.y0) + mb_top))


def _font_name(name: object) -> str:
    """pdfplumber's ``fontname`` value (bytes decoded as it does), without subset prefix."""
    if isinstance(name, bytes):
        from pdfplumber.page import fix_fontname_bytes

        name = fix_fontname_bytes(name)
    return clean_font_name(str(name))



def _render_string_horizontal(
    self: Any, seq: Any, matrix: Any, pos: Any, font: Any, fontsize: float, scaling: float,
    charspace: float, wordspace: float, rise: float, dxscale: float, ncs: Any,
    graphicstate: Any,
) -> tuple[float, float]:
    """A horizontal text string's glyphs placed as the PDF specification says: the character
    spacing (``Tc``) follows every glyph, the string's last one too.

    pdfminer adds it only between two glyphs of one string, so a glyph shown by the next
    string on the line lands ``Tc`` away from where it is drawn: an Arabic word processor
    draws a run of spaces with ``Tc`` cancelling their width, and pdfminer put the next
    letter a space's width on (a word boundary moved by a letter: "المحددةا لفلزية").
    """
    from pdfminer import utils

    x, y = pos
    for obj in seq:
        if isinstance(obj, int | float):
            x -= obj * dxscale
        elif isinstance(obj, bytes):
            for cid in font.decode(obj):
                x += self.render_char(utils.translate_matrix(matrix, (x, y)), font, fontsize,
                                      scaling, rise, cid, ncs, graphicstate)
                x += charspace
                if cid == 32 and wordspace:
                    x += wordspace
    return x, y


def _place_glyphs_as_specified() -> None:
    """Have pdfminer place horizontal text by :func:`_render_string_horizontal` (once)."""
    from pdfminer.pdfdevice import PDFTextDevice

    if PDFTextDevice.render_string_horizontal is not _render_string_horizontal:
        PDFTextDevice.render_string_horizontal = _render_string_horizontal  # type: ignore[method-assign]


def pdfplumber_glyphs(
    path: Path, password: str | None = None,
    order: Order | None = None,
) -> Iterator[PageGlyphs]:
    """Yield each page's glyphs and rules read with pdfplumber's document and pages and
    pdfminer's interpreter (:mod:`pipeline.read.miner`); ``order``: from the page count, the
    indexes of the pages to read (all by default)."""
    import pdfplumber

    from pipeline.read.miner import GlyphDevice, QuickInterpreter

    _place_glyphs_as_specified()

    with pdfplumber.open(path, password=password or "") as pdf:
        device = GlyphDevice(pdf.rsrcmgr)
        interpreter = QuickInterpreter(pdf.rsrcmgr, device)
        pages = pdf.pages
        for page in pages if order is None else map(pages.__getitem__, order(len(pages))):
            try:
                glyphs, rules = page_objects(page, device, interpreter)
                size = float(page.width), float(page.height)
            finally:
                page.close()
            yield page.page_number, *size, glyphs, rules
