"""Load stage: read each page's characters once and group them into words and lines."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from sys import intern
from typing import Any

from .fsutil import sha256_file
from .model import Line, LoadedDocument, Page, Rule, Word
from .textnorm import normalize

#: a gap wider than this fraction of the font size separates two words
WORD_GAP = 0.2
#: a gap wider than this multiple of the font size splits a printed line into two segments
SEGMENT_GAP = 3.0
#: characters smaller than this fraction of the line's size, and raised, are superscripts
SUP_SIZE = 0.8
#: while pages are read: young collections between two full ones (Python's default: 10)
FULL_GC_EVERY = 100


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
    # kept glyphs bucketed by text and coarse row, for a cheap overlap test:
    # text → row → [(x0, top, x tolerance, y tolerance, index into kept)]
    by_text: dict[str, dict[int, list[tuple[float, float, float, float, int]]]] = {}
    for g in glyphs:
        text = g.text
        if text.isspace():
            kept.append(g)
            continue
        gx0, gtop = g.x0, g.top
        row = int(gtop // 4)
        rows = by_text.get(text)
        if rows is None:
            rows = by_text[text] = {}
        elif rows:
            twin = -1
            for r in (row - 1, row, row + 1):
                bucket = rows.get(r)
                if bucket is not None:
                    for kx0, ktop, tx, ty, j in bucket:
                        if abs(kx0 - gx0) < tx and abs(ktop - gtop) < ty:
                            twin = j
                            break
                    if twin >= 0:
                        break
            if twin >= 0:
                doubled.add(twin)
                continue
        width = g.x1 - gx0
        entry = (gx0, gtop, 0.35 * (width if width > 0.5 else 0.5), 0.35 * g.size, len(kept))
        bucket = rows.get(row)
        if bucket is None:
            rows[row] = [entry]
        else:
            bucket.append(entry)
        kept.append(g)
    return kept, doubled


def _group_rows(glyphs: list[Glyph]) -> list[list[int]]:
    """Group glyph indexes into rows that share a vertical band (superscripts join their row).

    A glyph joins the recent row it overlaps most. A glyph of another size (a superscript, or
    the word a superscript belongs to) joins only a row it touches horizontally: a large glyph
    in another column must not stretch a small-print row and swallow the next line.
    """
    keys = [(g.top, g.x0) for g in glyphs]
    order = sorted(range(len(glyphs)), key=keys.__getitem__)
    rows: list[list[int]] = []
    # per row: top, bottom, size of its core, and its horizontal extent
    bands: list[list[float]] = []
    for i in order:
        g = glyphs[i]
        gtop, gbottom, gsize, gx0, gx1 = g.top, g.bottom, g.size, g.x0, g.x1
        h = gbottom - gtop
        if h < 0.1:
            h = 0.1
        best, best_frac = -1, 0.0
        # only recent rows can overlap, rows are built top-down
        n = len(rows)
        for r in range(n - 1, n - 5 if n > 4 else -1, -1):
            band = bands[r]
            top, bottom, size = band[0], band[1], band[2]
            ratio = gsize / size
            if not 0.8 <= ratio <= 1.25:
                reach = 2 * (size if size >= gsize else gsize)
                if gx0 > band[4] + reach or gx1 < band[3] - reach:
                    continue
            overlap = (bottom if bottom <= gbottom else gbottom) - (top if top >= gtop else gtop)
            bh = bottom - top
            frac = overlap / (h if h <= bh else bh)
            if frac >= 0.5 and frac > best_frac:
                best, best_frac = r, frac
                if frac >= 1.0:  # a fraction is at most 1: no other row can do better
                    break
        if best < 0:
            rows.append([i])
            bands.append([gtop, gbottom, gsize, gx0, gx1])
            continue
        rows[best].append(i)
        band = bands[best]
        if gx0 < band[3]:
            band[3] = gx0
        if gx1 > band[4]:
            band[4] = gx1
        if gsize >= band[2] * SUP_SIZE:
            if gtop < band[0]:
                band[0] = gtop
            if gbottom > band[1]:
                band[1] = gbottom
            if gsize > band[2]:
                band[2] = gsize
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


def _dominant_size(sizes: list[float]) -> float:
    """``_dominant`` of the sizes rounded to 0.1 pt, each counted once (first wins a tie)."""
    first = sizes[0]
    for s in sizes:
        if s != first:
            break
    else:
        return round(first, 1)
    counts: dict[float, int] = {}
    for s in sizes:
        counts[s] = counts.get(s, 0) + 1
    weights: dict[float, int] = {}
    for s, n in counts.items():  # first-occurrence order, as counting one by one would give
        r = round(s, 1)
        weights[r] = weights.get(r, 0) + n
    return max(weights.items(), key=lambda kv: kv[1])[0]


def _dominant_font(fonts: list[str]) -> str:
    """``_dominant`` of the font names, each counted once (first wins a tie)."""
    first = fonts[0]
    for f in fonts:
        if f != first:
            break
    else:
        return first
    return str(_dominant((f, 1) for f in fonts))


@cache
def _font_style(font: str) -> tuple[bool, bool]:
    return font_is_bold(font), font_is_italic(font)


def _make_lines(page_no: int, glyphs: list[Glyph], doubled: set[int]) -> list[Line]:
    lines: list[Line] = []
    xs = [g.x0 for g in glyphs]
    space = [g.text.isspace() for g in glyphs]
    shared: dict[float, float] = {}
    for row in _group_rows(glyphs):
        row.sort(key=xs.__getitem__)
        # split the row where a wide horizontal gap separates two columns or page corners
        segments: list[list[int]] = [[]]
        prev: Glyph | None = None
        for i in row:
            if space[i]:
                segments[-1].append(i)
                continue
            g = glyphs[i]
            if prev is not None:
                gs, ps = g.size, prev.size
                if g.x0 - prev.x1 > SEGMENT_GAP * (gs if gs <= ps else ps):
                    segments.append([])
            segments[-1].append(i)
            prev = g
        for seg in segments:
            body = [i for i in seg if not space[i]]
            if not body:
                continue
            size = float(_dominant_size([glyphs[i].size for i in body]))
            # the baseline of the segment's full-size glyphs, to tell superscripts apart
            limit = size * SUP_SIZE
            base = max([glyphs[i].bottom for i in body if glyphs[i].size >= limit])
            line = _segment_line(page_no, glyphs, seg, size, base, doubled, space, shared)
            if line is not None:
                lines.append(line)
    lines.sort(key=lambda ln: (round(ln.top), ln.x0))
    return lines


def _make_word(
    glyphs: list[Glyph],
    cur: list[int],
    doubled: set[int],
    sup: bool,
    gap: float,
    shared: dict[float, float],
) -> Word:
    """One word from its glyphs. Equal float values of a page's words (top, bottom, size, gap)
    are one float object and texts are interned: a long document's words take half the
    memory (the values are the same)."""
    gs = [glyphs[i] for i in cur]
    font = _dominant_font([g.font for g in gs])
    bold, italic = _font_style(font)
    if doubled and not bold:
        bold = sum(1 for i in cur if i in doubled) * 2 > len(cur)
    first = gs[0]
    x1, top, bottom = first.x1, first.top, first.bottom
    for g in gs:
        if g.x1 > x1:
            x1 = g.x1
        if g.top < top:
            top = g.top
        if g.bottom > bottom:
            bottom = g.bottom
    size = float(_dominant_size([g.size for g in gs]))
    if top:  # zero is left alone: -0.0 == 0.0 but prints differently
        top = shared.setdefault(top, top)
    if bottom:
        bottom = shared.setdefault(bottom, bottom)
    if size:
        size = shared.setdefault(size, size)
    if gap:
        gap = shared.setdefault(gap, gap)
    return Word(
        text=intern("".join([g.text for g in gs])),
        x0=min([g.x0 for g in gs]),
        x1=x1,
        top=top,
        bottom=bottom,
        size=size,
        font=font,
        bold=bold,
        italic=italic,
        sup=sup,
        gap_before=gap,
    )


def _segment_line(
    page_no: int,
    glyphs: list[Glyph],
    seg: list[int],
    size: float,
    base: float,
    doubled: set[int],
    space: list[bool] | None = None,
    shared: dict[float, float] | None = None,
) -> Line | None:
    words: list[Word] = []
    cur: list[int] = []
    cur_sup = False
    prev_end: float | None = None
    pending_gap = 0.0
    space_seen = False
    sup_limit = size * SUP_SIZE
    sup_base = base - 0.12 * size
    if space is None:
        space = [g.text.isspace() for g in glyphs]
    if shared is None:
        shared = {}

    for i in seg:
        if space[i]:
            space_seen = True
            continue
        g = glyphs[i]
        gsize = g.size
        sup = gsize < sup_limit and g.bottom < sup_base
        gap = 0.0 if prev_end is None else g.x0 - prev_end
        boundary = (
            not cur
            or space_seen
            or gap > WORD_GAP * (gsize if gsize <= size else size)
            or sup != cur_sup
        )
        if boundary and cur:
            words.append(_make_word(glyphs, cur, doubled, cur_sup,
                                    round(pending_gap, 2) if words else 0.0, shared))
            cur = []
            pending_gap = max(gap, 0.0)
        if not cur:
            cur_sup = sup
        cur.append(i)
        prev_end = g.x1
        space_seen = False
    if cur:
        words.append(_make_word(glyphs, cur, doubled, cur_sup,
                                round(pending_gap, 2) if words else 0.0, shared))
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
            n = len(normalize(g.text).replace(" ", ""))
            if len(cache) < 100_000:  # bounded, whatever a process reads
                cache[g.text] = n
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
            elif isinstance(obj, LTContainer):
                stack.append(iter(obj._objs))
                break
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
        else:
            stack.pop()
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
    """Yield the pages of a PDF one at a time (each page's characters read once).

    While pages are read, the garbage collector runs its full pass ten times less often: the
    pages already read (a long document's hundreds of thousands of words) are live, and
    rescanning them cost 10-15 % of a 200-page load. Reading leaves almost no reference cycles,
    so memory does not grow for it; the thresholds are restored when the iteration ends.
    """
    path = Path(path)
    if backend == "pdfplumber":
        pages = _pdfplumber_pages(path, password)
    elif backend == "pdfium":
        from .load_pdfium import pdfium_pages

        pages = pdfium_pages(path, password)
    else:
        raise ValueError(f"unknown backend {backend!r}")
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], FULL_GC_EVERY))
    try:
        yield from pages
    finally:
        gc.set_threshold(*thresholds)


def load_pdf(
    path: str | Path,
    backend: str = "pdfplumber",
    password: str | None = None,
    on_page: Callable[[int], None] | None = None,
) -> LoadedDocument:
    """Read a PDF into pages of lines; ``on_page`` is told each page number as it is read."""
    path = Path(path)
    pages = []
    for page in iter_pages(path, backend, password):
        pages.append(page)
        if on_page is not None:
            on_page(page.number)
    return LoadedDocument(str(path), sha256_file(path), pages)
