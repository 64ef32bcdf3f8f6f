"""The page builder written glyph by glyph: the oracle for :mod:`pipeline.read.lines`.

This is the straightforward form of the rules (one Python loop per glyph) that the columnar
builder in ``pipeline/read/lines.py`` must reproduce exactly; ``tests/test_lines.py`` compares the
two on every fixture page, on the genuine UN PDFs and on random pages. It is not used by the
pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from sys import intern

from pipeline.model import Line, Page, Rule, Word
from pipeline.read.glyphs import Glyph
from pipeline.read.rows import OVERPRINT, SIZE_STEP, SUP_SIZE, stacked_apart
from pipeline.read.words import (
    EDGE,
    HIDDEN_SPACE,
    NO_ADVANCE,
    RTL_WORD_GAP,
    SEGMENT_GAP,
    WORD_GAP,
)
from pipeline.read.words import font_style as _font_style
from pipeline.textnorm import normalize


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


def _restyled(a: Glyph, b: Glyph) -> bool:
    """Two glyphs of different styles: size or weight."""
    return abs(a.size - b.size) > SIZE_STEP or _font_style(a.font)[0] != _font_style(b.font)[0]


def _unweave(glyphs: list[Glyph], row: list[int]) -> list[int]:
    """A row (left to right) whose order interleaves two runs that overprint each other, each
    run kept whole, in the order of the runs' left edges; other rows as they are."""
    reach = None
    cand = False
    for k, i in enumerate(row):
        g = glyphs[i]
        if k and _restyled(g, glyphs[row[k - 1]]) and g.x0 < reach - OVERPRINT * g.size:
            cand = True
        reach = g.x1 if reach is None or g.x1 > reach else reach
    if not cand:
        return row
    stream = sorted(row)
    runs: list[list[int]] = []
    for k, i in enumerate(stream):
        if k and i == stream[k - 1] + 1 and glyphs[i].font == glyphs[i - 1].font and abs(
                glyphs[i].size - glyphs[i - 1].size) <= SIZE_STEP:
            runs[-1].append(i)
        else:
            runs.append([i])
    over = False
    for a in range(len(runs)):
        for b in range(a + 1, len(runs)):
            ra, rb = runs[a], runs[b]
            ga, gb = glyphs[ra[0]], glyphs[rb[0]]
            if not _restyled(ga, gb) or stacked_apart(
                min(glyphs[i].top for i in ra), max(glyphs[i].bottom for i in ra),
                min(glyphs[i].top for i in rb), max(glyphs[i].bottom for i in rb),
            ):
                continue
            lo = max(min(glyphs[i].x0 for i in ra), min(glyphs[i].x0 for i in rb))
            hi = min(max(glyphs[i].x1 for i in ra), max(glyphs[i].x1 for i in rb))
            small = min(min(glyphs[i].size for i in ra), min(glyphs[i].size for i in rb))
            if hi - lo <= OVERPRINT * small:
                continue
            inside = [sum(1 for i in run if lo < (glyphs[i].x0 + glyphs[i].x1) / 2 < hi)
                      for run in (ra, rb)]
            over = over or min(inside) >= 2
    if not over:
        return row
    anchor = {i: min(glyphs[j].x0 for j in run) for run in runs for i in run}
    return sorted(row, key=lambda i: (anchor[i], glyphs[i].x0))


def _rtl(g: Glyph) -> bool:
    """A glyph whose first character is Hebrew or Arabic (letters, marks, presentation forms)."""
    c = ord(g.text[0]) if g.text else 0
    return 0x0590 <= c < 0x0900 or 0xFB1D <= c < 0xFE00 or 0xFE70 <= c < 0xFEFF


def _attach_inner(glyphs: list[Glyph], row: list[int]) -> list[int]:
    """A right-to-left glyph drawn inside the right-to-left glyph before it (no advance, or its
    box in that glyph's) moved just left of that glyph, at its left edge (``glyphs`` updated);
    one at the left edge of the glyph after it stays."""
    def inside(k: int) -> bool:
        g = glyphs[row[k]]
        if not _rtl(g) or g.text.isspace():
            return False
        if g.x1 - g.x0 <= NO_ADVANCE:
            return True
        if k == 0:
            return False
        p = glyphs[row[k - 1]]
        return (_rtl(p) and g.x0 >= p.x0 and g.x1 <= p.x1
                and g.x1 - g.x0 < p.x1 - p.x0)

    cand = [inside(k) for k in range(len(row))]
    hosts: dict[int, list[int]] = {}
    for k in range(len(row)):
        if not cand[k]:
            continue
        g = glyphs[row[k]]
        edge = max(EDGE * g.size, NO_ADVANCE)
        nxt = k + 1
        while nxt < len(row) and (cand[nxt] or glyphs[row[nxt]].text.isspace()):
            nxt += 1
        if nxt < len(row) and _rtl(glyphs[row[nxt]]) and abs(glyphs[row[nxt]].x0 - g.x0) <= edge:
            continue
        h = k - 1
        while h >= 0 and (cand[h] or glyphs[row[h]].text.isspace()):
            h -= 1
        if h < 0:
            continue
        host = glyphs[row[h]]
        if not _rtl(host):
            continue
        if abs(host.x0 - g.x0) <= edge or (
                host.x0 - NO_ADVANCE <= g.x0 and g.x1 <= host.x1 + NO_ADVANCE):
            hosts.setdefault(h, []).append(k)
    if not hosts:
        return row
    moved = {k for ks in hosts.values() for k in ks}
    out: list[int] = []
    for k, i in enumerate(row):
        if k in moved:
            continue
        for m in reversed(hosts.get(k, [])):
            edge = glyphs[i].x0
            glyphs[row[m]] = replace(glyphs[row[m]], x0=edge, x1=edge)
            out.append(row[m])
        out.append(i)
    return out


def _hidden_spaces(glyphs: list[Glyph], row: list[int]) -> set[int]:
    """The row's space glyphs drawn under a right-to-left letter next to it (from its origin,
    the letter's box covering at least HIDDEN_SPACE of the space's width): they separate no
    words."""
    hidden: set[int] = set()
    for k, i in enumerate(row):
        s = glyphs[i]
        if not s.text.isspace():
            continue
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(row) and glyphs[row[j]].text.isspace():
                j += step
            if not 0 <= j < len(row):
                continue
            g = glyphs[row[j]]
            overlap = min(g.x1, s.x1) - max(g.x0, s.x0)
            origin = abs(g.x0 - s.x0) <= max(EDGE * s.size, NO_ADVANCE)
            if (_rtl(g) and origin and overlap > 0
                    and overlap >= HIDDEN_SPACE * (s.x1 - s.x0)):
                hidden.add(i)
    return hidden


def _make_lines(page_no: int, glyphs: list[Glyph], doubled: set[int]) -> list[Line]:
    glyphs = list(glyphs)  # glyphs drawn inside another are moved to its edge
    lines: list[Line] = []
    xs = [g.x0 for g in glyphs]
    space = [g.text.isspace() for g in glyphs]
    shared: dict[float, float] = {}
    for row in _group_rows(glyphs):
        row.sort(key=xs.__getitem__)
        row = _unweave(glyphs, row)
        row = _attach_inner(glyphs, row)
        hidden = _hidden_spaces(glyphs, row)
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
                if g.x0 - prev.x1 > SEGMENT_GAP * (gs if gs <= ps else ps) or (
                    g.x0 < prev.x1 - OVERPRINT * max(gs, ps) and _restyled(g, prev)
                    and not stacked_apart(prev.top, prev.bottom, g.top, g.bottom)
                ):
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
            line = _segment_line(page_no, glyphs, seg, size, base, doubled, space, shared,
                                 hidden)
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
    spaced: bool = False,
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
        spaced=spaced,
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
    hidden: set[int] | None = None,
) -> Line | None:
    words: list[Word] = []
    cur: list[int] = []
    cur_sup = False
    prev_end: float | None = None
    pending_gap = 0.0
    prev_g: Glyph | None = None
    pending_space = False
    space_seen = False
    sup_limit = size * SUP_SIZE
    sup_base = base - 0.12 * size
    if space is None:
        space = [g.text.isspace() for g in glyphs]
    if shared is None:
        shared = {}

    for i in seg:
        if space[i]:
            space_seen = space_seen or not (hidden and i in hidden)
            continue
        g = glyphs[i]
        gsize = g.size
        sup = gsize < sup_limit and g.bottom < sup_base
        gap = 0.0 if prev_end is None else g.x0 - prev_end
        near_rtl = _rtl(g) or (prev_g is not None and _rtl(prev_g))
        word_gap = RTL_WORD_GAP if near_rtl else WORD_GAP
        boundary = (
            not cur
            or space_seen
            or gap > word_gap * (gsize if gsize <= size else size)
            or (near_rtl and prev_g is not None
                and _font_style(g.font)[0] != _font_style(prev_g.font)[0])
            or sup != cur_sup
        )
        if boundary and cur:
            words.append(_make_word(glyphs, cur, doubled, cur_sup,
                                    round(pending_gap, 2) if words else 0.0, shared,
                                    pending_space and bool(words)))
            cur = []
            pending_gap = max(gap, 0.0)
            pending_space = space_seen
        if not cur:
            cur_sup = sup
        cur.append(i)
        prev_end = g.x1
        prev_g = g
        space_seen = False
    if cur:
        words.append(_make_word(glyphs, cur, doubled, cur_sup,
                                round(pending_gap, 2) if words else 0.0, shared,
                                pending_space and bool(words)))
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

