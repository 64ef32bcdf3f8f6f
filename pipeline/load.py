"""Load stage: read each page's characters once and group them into words and lines."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Line as Line
from .model import LoadedDocument, Page, Rule, Word
from .textnorm import normalize

#: a gap wider than this fraction of the font size separates two words
WORD_GAP = 0.2
#: a gap wider than this multiple of the font size splits a printed line into two segments
SEGMENT_GAP = 3.0
#: characters smaller than this fraction of the line's size, and raised, are superscripts
SUP_SIZE = 0.8


@dataclass(slots=True)
class Glyph:
    """One character as the loader sees it (backend-neutral)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def clean_font_name(name: str) -> str:
    """Drop a subset prefix such as ``ABCDEF+``."""
    if len(name) > 7 and name[6] == "+" and name[:6].isupper():
        return name[7:]
    return name


def font_is_bold(font: str) -> bool:
    f = font.lower()
    return any(k in f for k in ("bold", "black", "heavy", "semibold", "demi", "-bd", ",bd"))


def font_is_italic(font: str) -> bool:
    f = font.lower()
    return "italic" in f or "oblique" in f or f.endswith("-it") or f.endswith(",it")


def _dedupe(glyphs: list[Glyph]) -> tuple[list[Glyph], set[int]]:
    """Remove glyphs printed twice at (almost) the same place: typewriter fake bold.

    Returns the kept glyphs and the indexes (into the kept list) of glyphs that were doubled.
    """
    kept: list[Glyph] = []
    doubled: set[int] = set()
    # glyphs bucketed by text and coarse row, for a cheap overlap test
    buckets: dict[tuple[str, int], list[int]] = {}
    for g in glyphs:
        if g.text.isspace():
            kept.append(g)
            continue
        row = int(g.top // 4)
        twin = None
        for r in (row - 1, row, row + 1):
            for j in buckets.get((g.text, r), ()):
                k = kept[j]
                width = max(k.x1 - k.x0, 0.5)
                if abs(k.x0 - g.x0) < 0.35 * width and abs(k.top - g.top) < 0.35 * k.size:
                    twin = j
                    break
            if twin is not None:
                break
        if twin is not None:
            doubled.add(twin)
            continue
        buckets.setdefault((g.text, row), []).append(len(kept))
        kept.append(g)
    return kept, doubled


def _group_rows(glyphs: list[Glyph]) -> list[list[int]]:
    """Group glyph indexes into rows that share a vertical band (superscripts join their row).

    A glyph joins the recent row it overlaps most. A glyph of another size (a superscript, or
    the word a superscript belongs to) joins only a row it touches horizontally: a large glyph
    in another column must not stretch a small-print row and swallow the next line.
    """
    order = sorted(range(len(glyphs)), key=lambda i: (glyphs[i].top, glyphs[i].x0))
    rows: list[list[int]] = []
    # per row: top, bottom, size of its core, and its horizontal extent
    bands: list[list[float]] = []
    for i in order:
        g = glyphs[i]
        h = max(g.bottom - g.top, 0.1)
        best, best_frac = -1, 0.0
        # only recent rows can overlap, rows are built top-down
        for r in range(len(rows) - 1, max(-1, len(rows) - 5), -1):
            top, bottom, size, x0, x1 = bands[r]
            ratio = g.size / size
            if not 0.8 <= ratio <= 1.25:
                reach = 2 * max(size, g.size)
                if g.x0 > x1 + reach or g.x1 < x0 - reach:
                    continue
            overlap = min(bottom, g.bottom) - max(top, g.top)
            frac = overlap / min(h, bottom - top)
            if frac >= 0.5 and frac > best_frac:
                best, best_frac = r, frac
        if best < 0:
            rows.append([i])
            bands.append([g.top, g.bottom, g.size, g.x0, g.x1])
            continue
        rows[best].append(i)
        band = bands[best]
        band[3] = min(band[3], g.x0)
        band[4] = max(band[4], g.x1)
        if g.size >= band[2] * SUP_SIZE:
            band[0] = min(band[0], g.top)
            band[1] = max(band[1], g.bottom)
            band[2] = max(band[2], g.size)
    return _merge_small_rows(rows, bands)


def _merge_small_rows(rows: list[list[int]], bands: list[list[float]]) -> list[list[int]]:
    """Fold a row of small print (a superscript that started its own row because it sits a
    little higher) into the larger row it overlaps and touches."""
    merged_into: dict[int, int] = {}
    for r, (top, bottom, size, x0, x1) in enumerate(bands):
        h = bottom - top
        for q in range(max(0, r - 4), min(len(bands), r + 5)):
            if q == r or q in merged_into:
                continue
            qt, qb, qs, qx0, qx1 = bands[q]
            if size >= qs * SUP_SIZE:
                continue
            reach = 2 * qs
            if x0 > qx1 + reach or x1 < qx0 - reach:
                continue
            if min(bottom, qb) - max(top, qt) >= 0.5 * h:
                merged_into[r] = q
                break
    if not merged_into:
        return rows
    out = [list(row) for row in rows]
    for r, q in merged_into.items():
        while q in merged_into:
            q = merged_into[q]
        out[q].extend(rows[r])
        out[r] = []
    return [row for row in out if row]


def _dominant(values: Iterable[tuple[object, int]]) -> object:
    weights: dict[object, int] = {}
    for v, w in values:
        weights[v] = weights.get(v, 0) + w
    return max(weights.items(), key=lambda kv: kv[1])[0]


def _make_lines(page_no: int, glyphs: list[Glyph], doubled: set[int]) -> list[Line]:
    lines: list[Line] = []
    for row in _group_rows(glyphs):
        row.sort(key=lambda i: glyphs[i].x0)
        # split the row where a wide horizontal gap separates two columns or page corners
        segments: list[list[int]] = [[]]
        prev: Glyph | None = None
        for i in row:
            g = glyphs[i]
            if g.text.isspace():
                segments[-1].append(i)
                continue
            if prev is not None and g.x0 - prev.x1 > SEGMENT_GAP * min(g.size, prev.size):
                segments.append([])
            segments[-1].append(i)
            prev = g
        for seg in segments:
            body = [i for i in seg if not glyphs[i].text.isspace()]
            if not body:
                continue
            size = float(_dominant((round(glyphs[i].size, 1), 1) for i in body))
            # the baseline of the segment's full-size glyphs, to tell superscripts apart
            full = [i for i in body if glyphs[i].size >= size * SUP_SIZE]
            base = max(glyphs[i].bottom for i in full)
            line = _segment_line(page_no, glyphs, seg, size, base, doubled)
            if line is not None:
                lines.append(line)
    lines.sort(key=lambda ln: (round(ln.top), ln.x0))
    return lines


def _segment_line(
    page_no: int, glyphs: list[Glyph], seg: list[int], size: float, base: float, doubled: set[int]
) -> Line | None:
    words: list[Word] = []
    cur: list[int] = []
    cur_sup = False
    prev_end: float | None = None
    pending_gap = 0.0
    space_seen = False

    def flush() -> None:
        nonlocal cur
        if not cur:
            return
        gs = [glyphs[i] for i in cur]
        font = str(_dominant((g.font, 1) for g in gs))
        fake_bold = sum(1 for i in cur if i in doubled) * 2 > len(cur)
        words.append(
            Word(
                text="".join(g.text for g in gs),
                x0=min(g.x0 for g in gs),
                x1=max(g.x1 for g in gs),
                top=min(g.top for g in gs),
                bottom=max(g.bottom for g in gs),
                size=float(_dominant((round(g.size, 1), 1) for g in gs)),
                font=font,
                bold=font_is_bold(font) or fake_bold,
                italic=font_is_italic(font),
                sup=cur_sup,
                gap_before=round(pending_gap, 2) if words else 0.0,
            )
        )
        cur = []

    for i in seg:
        g = glyphs[i]
        if g.text.isspace():
            space_seen = True
            continue
        sup = g.size < size * SUP_SIZE and g.bottom < base - 0.12 * size
        gap = 0.0 if prev_end is None else g.x0 - prev_end
        boundary = (
            not cur
            or space_seen
            or gap > WORD_GAP * min(g.size, size)
            or sup != cur_sup
        )
        if boundary and cur:
            flush()
            pending_gap = max(gap, 0.0)
        if not cur:
            cur_sup = sup
        cur.append(i)
        prev_end = g.x1
        space_seen = False
    flush()
    if not words:
        return None
    main = [w for w in words if not w.sup] or words
    font = str(_dominant((w.font, len(w.text)) for w in main))
    bold = sum(len(w.text) for w in main if w.bold) * 2 > sum(len(w.text) for w in main)
    italic = sum(len(w.text) for w in main if w.italic) * 2 > sum(len(w.text) for w in main)
    return Line(
        page=page_no,
        words=tuple(words),
        x0=min(w.x0 for w in words),
        x1=max(w.x1 for w in words),
        top=min(w.top for w in main),
        bottom=max(w.bottom for w in main),
        size=size,
        font=font,
        bold=bold,
        italic=italic,
    )


#: characters that carry text, per glyph text (glyph texts come from a small alphabet)
_TEXT_CHARS: dict[str, int] = {}


def _text_chars(glyphs: list[Glyph]) -> int:
    """Number of characters carrying text (normalised, spaces excluded) on a page."""
    cache = _TEXT_CHARS
    total = 0
    for g in glyphs:
        n = cache.get(g.text)
        if n is None:
            n = cache[g.text] = len(normalize(g.text).replace(" ", ""))
        total += n
    return total


def build_page(
    number: int, width: float, height: float, glyphs: list[Glyph], rules: list[Rule]
) -> Page:
    """Turn one page's glyphs (any backend) into a :class:`Page` of lines."""
    glyphs, doubled = _dedupe(glyphs)
    lines = _make_lines(number, glyphs, doubled)
    count = _text_chars(glyphs)
    return Page(number, width, height, lines, rules, count)


def _pdfplumber_objects(page: Any) -> tuple[list[Glyph], list[Rule]]:
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
    glyphs: list[Glyph] = []
    lines: list[Rule] = []
    rects: list[Rule] = []
    fonts: dict[object, str] = {}

    def walk(objs: list[Any]) -> None:
        for obj in objs:
            cls = type(obj)
            if cls is LTChar:
                if not obj.upright:
                    continue
                name = obj.fontname
                font = fonts.get(name)
                if font is None:
                    font = fonts[name] = _font_name(name)
                x0, x1 = obj.x0, obj.x1
                if mb_x0 != 0:
                    x0, x1 = x0 + mb_x0, x1 + mb_x0
                glyphs.append(
                    Glyph(
                        obj._text,
                        float(x0),
                        float(x1),
                        float((height - obj.y1) + mb_top),
                        float((height - obj.y0) + mb_top),
                        float(obj.size),
                        font,
                    )
                )
            elif isinstance(obj, LTContainer):  # a form XObject: its children, in place
                walk(obj._objs)
            elif cls is LTLine or cls is LTRect:
                x0, x1 = obj.x0, obj.x1
                if mb_x0 != 0:
                    x0, x1 = x0 + mb_x0, x1 + mb_x0
                top = float((height - obj.y1) + mb_top)
                bottom = float((height - obj.y0) + mb_top)
                if cls is LTLine:
                    if abs(top - bottom) < 2:
                        lines.append(Rule(number, float(x0), float(x1), top))
                elif bottom - top < 2.5 and x1 - x0 > 20:
                    rects.append(Rule(number, float(x0), float(x1), top))

    walk(page.layout._objs)
    return glyphs, lines + rects


def _font_name(name: object) -> str:
    """pdfplumber's ``fontname`` value (bytes decoded as it does), without subset prefix."""
    if isinstance(name, bytes):
        from pdfplumber.page import fix_fontname_bytes

        name = fix_fontname_bytes(name)
    return clean_font_name(str(name))


def _pdfplumber_pages(path: Path, password: str | None = None) -> Iterator[Page]:
    import pdfplumber

    with pdfplumber.open(path, password=password or "") as pdf:
        for page in pdf.pages:
            try:
                glyphs, rules = _pdfplumber_objects(page)
                yield build_page(
                    page.page_number, float(page.width), float(page.height), glyphs, rules
                )
            finally:
                page.close()


def iter_pages(
    path: str | Path, backend: str = "pdfplumber", password: str | None = None
) -> Iterator[Page]:
    """Yield the pages of a PDF one at a time (each page's characters read once)."""
    path = Path(path)
    if backend == "pdfplumber":
        yield from _pdfplumber_pages(path, password)
    elif backend == "pdfium":
        from .load_pdfium import pdfium_pages

        yield from pdfium_pages(path, password)
    else:
        raise ValueError(f"unknown backend {backend!r}")


def load_pdf(
    path: str | Path, backend: str = "pdfplumber", password: str | None = None
) -> LoadedDocument:
    """Read a PDF into pages of lines."""
    path = Path(path)
    pages = list(iter_pages(path, backend, password))
    return LoadedDocument(str(path), sha256_file(path), pages)
