"""PDFium's text page read into glyph columns, as pdfplumber (pdfminer) gives them."""

from __future__ import annotations

import unicodedata
from functools import cache
from itertools import count
from typing import Any

import numpy as np

from pipeline.read.glyphs import Glyphs, decode_codes, distinct, encode_codes
from pipeline.read.pdfium import loops
from pipeline.read.pdfium.api import Api
from pipeline.read.pdfium.encoding import (
    FontDictionaries,
    recodable,
    winansi_candidate,
)
from pipeline.read.pdfium.fonts import Font, Style, style_for
from pipeline.read.pdfium.geometry import DECIMALS, PageGeometry
from pipeline.read.pdfium.objects import TextObjects
from pipeline.read.pdfium.restore import concat, missing_objects, restore_repeats, restore_spaces

#: PDFium's Unicode for a line-end hyphen it recognised (its text buffer has U+FFFE there)
_HYPHEN_MARK = "\x02"
#: PDFium splits these ligatures into pieces; the pieces are joined back into the ligature
_LIGATURES = {"ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02", "ffi": "\ufb03", "ffl": "\ufb04",
              "ſt": "\ufb05", "st": "\ufb06"}
#: characters PDFium may have generated (FPDFText_IsGenerated is asked only for these)
_MAYBE_GENERATED = frozenset(" \r\n\x00")
#: characters standing for a line-end hyphen: in PDFium's text buffer and from GetUnicode
_HYPHEN_MARKS = frozenset("\ufffe" + _HYPHEN_MARK)
#: 1.5 * 2**52: adding and subtracting it rounds a float to an integer (half to even)
_MAGIC = 6755399441055744.0


def _page_codes(api: Api, tp: Any, n: int) -> Any:
    """The text page's character codes, one per index (uint32)."""
    buf = api.ffi.new("unsigned short[]", n + 1)
    if api.lib.FPDFText_GetText(tp, 0, n, buf) == n + 1:
        codes = np.frombuffer(api.ffi.buffer(buf, 2 * n), dtype=np.uint16).astype(np.uint32)
        if not ((codes >= 0xD800) & (codes <= 0xDFFF)).any():  # no surrogate pairs
            return codes
    return loops.unicodes(api, tp, np.arange(n))


def read_glyphs(
    api: Api,
    fonts: dict[int, Font],
    tp: Any,
    geo: PageGeometry,
    texts: TextObjects,
    dicts: FontDictionaries | None = None,
) -> Glyphs:
    """The text page's characters as pdfplumber's glyphs, in content-stream order.

    ``dicts``: the document's font dictionaries, read when a symbolic font has characters
    outside ASCII (:mod:`.encoding`).

    Each PDFium call is made once per character in a C loop (:mod:`.loops`; through ``map``
    without it, no Python loop either way), and the
    arithmetic is done on whole columns; Python runs once per text object and for the rare
    characters that need more (ligature pieces, unknown widths, rotated text).
    """
    lib = api.lib
    n = lib.FPDFText_CountChars(tp)
    if n <= 0:
        return _EMPTY_GLYPHS
    codes = _page_codes(api, tp, n)
    # characters PDFium generated (spaces and line breaks it inferred), and NULs, are dropped
    maybe = _is_among(codes, _MAYBE_GENERATED_CODES)
    asked = np.flatnonzero(maybe & (codes != 0))
    generated = np.zeros(n, dtype=bool)
    if asked.size:
        generated[asked] = loops.is_generated(api, tp, asked)
        _keep_folded_spaces(api, tp, codes, generated)
    index = np.flatnonzero(~(generated | (codes == 0)))
    objs = loops.text_objects(api, tp, index)
    has_obj = objs != 0
    index, objs = index[has_obj], objs[has_obj]
    if not index.size:
        return _EMPTY_GLYPHS
    # a text object's characters come in visits (usually one); a new visit resets the
    # ligature test (the previous character's origin)
    change = np.ones(index.size, dtype=bool)
    change[1:] = objs[1:] != objs[:-1]
    starts = np.flatnonzero(change)
    visit = np.cumsum(change)

    # per text object (numbered in order of first appearance): rank in the content stream
    # and style
    uniq, first_visit, visit_obj = np.unique(objs[starts], return_index=True,
                                             return_inverse=True)
    appearance = np.argsort(first_visit, kind="stable")
    number = np.empty_like(appearance)
    number[appearance] = np.arange(appearance.size)
    uniq, first_visit = uniq[appearance], first_visit[appearance]
    obj_of = np.repeat(number[visit_obj.reshape(-1)], np.diff(np.append(starts, index.size)))
    uniq_l = uniq.tolist()
    first_char = index[starts[first_visit]]
    rank = _content_rank(texts.handles, uniq)
    handles = loops.object_fonts(api, uniq)
    font_sizes = loops.font_sizes(api, tp, first_char)
    m = loops.text_matrices(api, tp, first_char)[:, :4]
    keys = list(zip(handles, font_sizes, *m.T.tolist(), strict=True))
    styles: dict[tuple[int, float, float, float, float, float], int] = {}
    style_list: list[Style] = []
    for key in dict.fromkeys(keys):  # each distinct style once, in order of appearance
        font = fonts.get(key[0])
        if font is None:
            font = fonts[key[0]] = Font(api, key[0])
        styles[key] = len(style_list)
        style_list.append(style_for(font, key[1], key[2:], geo.device, geo.plain))
    style_of = np.array(list(map(styles.__getitem__, keys)), dtype=np.intp)
    font_ids: dict[str, int] = {}
    s_font = np.array([font_ids.setdefault(s.font.name, len(font_ids)) for s in style_list])
    font_names = list(font_ids)  # grows with fonts seen only in restored spaces
    s_font_obj = np.array(_font_numbers(style_list))
    s_upright = np.array([s.upright for s in style_list])
    glyph_style = style_of[obj_of]

    # characters of upright text; a line-end hyphen PDFium marked becomes "-" again (a mark
    # without Unicode is pdfminer's "(cid:N)": dropped)
    keep = s_upright[glyph_style]
    code = codes[index]
    marks = np.flatnonzero(keep & _is_among(code, _HYPHEN_CODES))
    if marks.size:
        real = loops.unicodes(api, tp, index[marks]) == 2
        keep[marks[~real]] = False
        code = code.copy()
        code[marks[real]] = ord("-")
    index, visit, obj_of = index[keep], visit[keep], obj_of[keep]
    glyph_style, code = glyph_style[keep], code[keep]
    total = index.size
    if not total:
        return _EMPTY_GLYPHS
    code = _unmirror(codes, generated, index, code)

    # origins, rounded to 0.0001 (round-half-even through the float mantissa, as round() does)
    raw_x, raw_y = loops.char_origins(api, tp, index)
    scale = 10.0**DECIMALS
    x = (raw_x * scale + _MAGIC - _MAGIC) / scale
    y = (raw_y * scale + _MAGIC - _MAGIC) / scale
    s_attr = np.array([(s.lo, s.em, s.size, s.m[0], s.size_tf, s.fast) for s in style_list],
                      dtype=np.float64)
    lo, em, size, a, size_tf, fast = (s_attr[glyph_style, c] for c in range(6))
    y0 = y + lo
    top = geo.height - (y0 + em)
    bottom = geo.height - y0

    # advance widths from the fonts, per distinct (font, character)
    text_of: list[str] | Any = code  # character codes, or texts once a ligature is joined
    gfont = s_font[glyph_style]
    width = _widths(style_list, glyph_style, s_font_obj[glyph_style], code)
    # right-to-left letters: PDFium gives the base letter of the contextual form it draws,
    # whose width is not the drawn glyph's; the loose box spans the drawn glyph's advance
    rtl = _is_rtl_code(code)
    width[rtl] = -1.0
    advance = width * size_tf
    x1 = x + advance * a

    # the rare characters that need one by one: ligature pieces PDFium split at one origin
    # (joined back), unknown widths (the loose box gives the advance), rotated or moved text
    same_origin = np.zeros(total, dtype=bool)
    same_origin[1:] = (visit[1:] == visit[:-1]) & (x[1:] == x[:-1]) & (y[1:] == y[:-1])
    slow = np.flatnonzero(same_origin | (width < 0) | (fast == 0))
    gsize = size.copy()
    alive = np.ones(total, dtype=bool)
    if slow.size:
        text_of = list(decode_codes(code))
        index_l = index.tolist()
        adv = advance.tolist()
        pieces: dict[int, str] = {}  # target position → its pieces so far
        stacked: list[list[int]] = []  # separate right-to-left glyphs at one origin
        mark = _is_combining(code)
        target = list(range(total))  # where a merged character's glyph lives
        # right-to-left glyphs: ink boxes and loose right edges, asked in one batch
        ink, loose_right = _rtl_boxes(api, tp, index, rtl)
        # per glyph: is its ink box (to 0.01) another than the glyph's before?
        rounded = np.round(ink, 2)
        other_ink = np.zeros(total, dtype=bool)
        other_ink[1:] = (rounded[:, 1:] != rounded[:, :-1]).any(axis=0)
        # per slow glyph (the j-th of the loop): its ink's right edge, the ink's extent per
        # 1 pt of size from the origin (fast styles: no rotation), its loose box's right edge
        ink_r = ink[1, slow].tolist()
        unit = np.array([st.m[0] * st.size_tf or 1.0 for st in style_list])[glyph_style[slow]]
        rel_l = np.round((ink[0, slow] - raw_x[slow]) / unit, 3).tolist()
        rel_r = np.round((ink[1, slow] - raw_x[slow]) / unit, 3).tolist()
        loose_r = loose_right[slow].tolist()
        # the common case, all at once: a right-to-left glyph of a fast style at an origin of
        # its own (no piece joined to it, no mark stacked on it), whose advance follows from
        # itself alone, as the loop below would find it; the loop then takes the others in
        # order (what they read of these, their advance, is in place before)
        alone = rtl[slow] & ~same_origin[slow] & (fast[slow] != 0)
        if alone.any():
            _advance_alone(style_list, glyph_style, text_of, slow[alone],
                           np.flatnonzero(alone).tolist(), rel_l, rel_r, ink, loose_right,
                           raw_x, a, size_tf, x, x1, adv)
        slow_l = slow.tolist()
        for j in np.flatnonzero(~alone).tolist():
            k = slow_l[j]
            style = style_list[glyph_style[k]]
            ch = text_of[k]
            if same_origin[k] and ch.isspace() and rtl[k - 1]:
                # a space at the origin of the right-to-left letter before it was not drawn
                # there (a drawn space starts where a letter's advance ends): PDFium's own
                alive[k] = False
                target[k] = target[k - 1]
                continue
            if (same_origin[k] and rtl[k] and rtl[k - 1] and (mark[k] or mark[k - 1])
                    and other_ink[k]):
                # a mark drawn as a glyph of its own at its letter's origin (before it, with
                # an advance of its own): a glyph of its own, as pdfminer reads it; PDFium
                # reversed the run, so the two are put back in drawing order
                if stacked and stacked[-1][-1] == k - 1:
                    stacked[-1].append(k)
                else:
                    stacked.append([k - 1, k])
                t = k
            elif same_origin[k] and adv[target[k - 1]] > 0 and not ch.isspace():
                t = target[k - 1]
                joined = pieces.get(t, text_of[t]) + ch  # the pieces in PDFium's order
                pieces[t] = joined
                ch = _visual_pieces(joined) if rtl[k] else _LIGATURES.get(joined, joined)
                alive[k] = False
                target[k] = t
            else:
                t = k
            drawn = -1.0
            # the loose box spans the glyph's advance and its ink: where it ends with the ink,
            # the advance may end before, and the drawn form's width is found by its ink (the
            # letters of the Arabic ISBA/16/A/12/Rev.1 overhang theirs)
            if rtl[k] and style.fast and abs(loose_r[j] - ink_r[j]) < 0.01:
                drawn = style.font.drawn_width(pieces.get(t, ch) if t != k else ch,
                                               rel_l[j], rel_r[j])
            w = drawn if rtl[k] else style.font.widths.get(ch)
            if w is None:
                w = style.font.width(ch)
            if w < 0:  # unknown: the loose box spans the advance (or the glyph's ink)
                if rtl[k]:
                    right = loose_r[j]
                else:
                    rect = api.ffi.new("FS_RECTF*")
                    lib.FPDFText_GetLooseCharBox(tp, index_l[k], rect)
                    right = rect.right
                av = (right - raw_x[k]) / style.m[0] if style.m[0] else 0.0
            else:
                av = w * style.size_tf
            if t != k and rtl[k] and drawn < 0:
                av = max(av, adv[t])  # the piece's box does not shrink the letter it is on
            adv[t] = av
            text_of[t] = ch
            if style.fast:
                x1[t] = x[k] + av * style.m[0]
            else:
                box = style.box(geo, float(raw_x[k]), float(raw_y[k]), av)
                x[t], x1[t], top[t], bottom[t] = box
                gsize[t] = round(box[3] - box[2], DECIMALS)

        if stacked:
            perm = np.arange(total)
            for group in stacked:
                perm[group] = group[::-1]
            text_of = [text_of[k] for k in perm.tolist()]
            x, x1, top, bottom, gsize = x[perm], x1[perm], top[perm], bottom[perm], gsize[perm]
            gfont, obj_of, alive, glyph_style = (gfont[perm], obj_of[perm], alive[perm],
                                                 glyph_style[perm])
    if dicts is not None:
        text_of = _pdfminer_decoding(api, style_list, glyph_style, text_of, dicts)
    runs = obj_of
    if not alive.all():
        live = np.flatnonzero(alive)
        text_of = [text_of[k] for k in live.tolist()] if isinstance(text_of, list) else code[live]
        x, x1, top, bottom, gsize = x[live], x1[live], top[live], bottom[live], gsize[live]
        gfont, runs = gfont[live], runs[live]
    glyphs = Glyphs(text_of, x, x1, top, bottom, gsize, gfont, font_names)
    glyph_rank = rank[runs]
    repeats = _dropped_repeats(glyphs, runs)
    if repeats is not None:
        glyphs = concat([glyphs, glyphs.take(repeats[0])])
        glyph_rank = np.concatenate([glyph_rank, rank[runs[repeats[0]]]])
        glyphs.x0[-repeats[1].size:] = repeats[1]
        glyphs.x1[-repeats[1].size:] = repeats[2]

    # PDFium drops a text object repeated at a small offset (typewriter bold), and one whose
    # box has no width (a lone space); both are put back
    seen = dict(zip(uniq_l, count()))
    visible, blank = missing_objects(api, texts, seen)
    copies = restore_repeats(api, texts, seen, visible, runs, glyphs, geo)
    extra_rank = [r for r, part in copies for _ in range(len(part))]
    parts = [part for _, part in copies]
    spaces = restore_spaces(api, fonts, texts, blank, geo, font_ids, font_names)
    if spaces is not None:
        extra_rank += spaces[0]
        parts.append(spaces[1])
    if parts:
        glyphs = concat([glyphs, *parts])
        glyph_rank = np.concatenate([glyph_rank, extra_rank])
    if (glyph_rank[1:] >= glyph_rank[:-1]).all():  # already in content-stream order
        return glyphs
    return glyphs.take(np.argsort(glyph_rank, kind="stable"))


def _advance_alone(style_list: list[Style], glyph_style: Any, text_of: list[str], ks: Any,
                   js: list[int], rel_l: list[float], rel_r: list[float], ink: Any,
                   loose_right: Any, raw_x: Any, a: Any, size_tf: Any, x: Any, x1: Any,
                   adv: list[float]) -> None:
    """The advance (``adv``) and right edge (``x1``) of right-to-left glyphs ``ks`` of fast
    styles, each at an origin of its own (``js``: their places among the slow glyphs, which
    ``rel_l`` and ``rel_r`` follow): the drawn form's width when the loose box ends with the
    ink and a form matches (:meth:`.Font.drawn_width`), else the loose box's (0 when the style
    has no horizontal scale); the same arithmetic as :func:`read_glyphs`' loop, per column."""
    inked = np.abs(loose_right[ks] - ink[1, ks]) < 0.01
    drawn = np.full(ks.size, -1.0)
    if inked.any():
        at = np.flatnonzero(inked).tolist()
        ks_l = ks.tolist()
        styles = glyph_style[ks].tolist()
        drawn[inked] = [style_list[styles[i]].font.drawn_width(
            text_of[ks_l[i]], rel_l[js[i]], rel_r[js[i]]) for i in at]
    scale = a[ks]
    loose = np.divide(loose_right[ks] - raw_x[ks], scale, out=np.zeros(ks.size),
                      where=scale != 0)
    av = np.where(drawn >= 0, drawn * size_tf[ks], loose)
    x1[ks] = x[ks] + av * scale
    for k, value in zip(ks.tolist(), av.tolist(), strict=True):
        adv[k] = value


#: PDFium drops a character drawn within this fraction of the font size of an equal one
#: (``CPDF_TextPage::ProcessTextObject``)
_REPEAT_DISTANCE = 0.07
#: a hole narrower than this fraction of the font size is the rounding of a kerning
_KERN_NOISE = 0.01


def _dropped_repeats(g: Glyphs, runs: Any) -> tuple[Any, Any, Any] | None:
    """Right-to-left glyphs PDFium dropped as repeats, found by the hole they leave.

    PDFium drops a character drawn with the same code and font less than 0.07 of the font
    size away from one of the few before it: a justified Arabic line's tatweels (kashida),
    drawn overlapping, lose one of each overlapping pair; pdfminer keeps them all. Arabic
    glyphs of one font on a row are drawn joined, each starting where the one before ends
    (give or take a kerning's rounding); a dropped one leaves a hole after the glyph it
    repeats, narrower than PDFium's distance, and ends where the next glyph starts. Such a
    hole is filled with a copy of the glyph before it, ending at the next glyph. Returns (the
    glyphs copied, their x0, their x1) or None.
    """
    if len(g) < 2:
        return None
    codes = g.codes
    if codes is None:
        codes = np.array([ord(t[0]) if t else 0 for t in g.text], dtype=np.uint32)
    rtl = _is_rtl_code(codes)
    letter = rtl & ~_is_combining(codes)  # a mark (drawn on a letter) is not repeated
    if not letter.any():
        return None
    order = np.lexsort((g.x0, np.round(g.top, 1), g.font))  # rows: tops to 0.1 pt
    a, b = order[:-1], order[1:]
    hole = g.x0[b] - g.x1[a]
    width = g.x1[a] - g.x0[a]
    ok = ((g.font[a] == g.font[b]) & (np.abs(g.top[a] - g.top[b]) < 0.01) & letter[a] & rtl[b]
          & (hole > _KERN_NOISE * g.size[a]) & (hole < _REPEAT_DISTANCE * g.size[a])
          & (width > 0.01))
    if not ok.any():
        return None
    src = a[ok]
    return src, g.x0[b[ok]] - width[ok], g.x0[b[ok]]


def _is_combining(codes: Any) -> Any:
    """Per code: an Arabic or Hebrew mark (drawn on a letter, no advance of its own)."""
    return (((codes >= 0x0591) & (codes <= 0x05C7)) | ((codes >= 0x064B) & (codes <= 0x065F))
            | (codes == 0x0670) | ((codes >= 0x06D6) & (codes <= 0x06ED)))


#: the pairs of characters PDFium's text page swaps in a right-to-left run (its bidi mirror
#: table, measured on its output: brackets, guillemets, and the curly quotes, which Unicode
#: does not mirror)
_MIRROR_PAIRS = ("()", "<>", "[]", "{}", "\u00ab\u00bb", "\u2018\u2019", "\u201c\u201d",
                 "\u2039\u203a", "\u2045\u2046", "\u2308\u2309", "\u230a\u230b")
_MIRROR = np.arange(0x2400, dtype=np.uint32)
for _a, _b in _MIRROR_PAIRS:
    _MIRROR[ord(_a)], _MIRROR[ord(_b)] = ord(_b), ord(_a)
_MIRRORED_CODES = np.array(sorted(ord(c) for pair in _MIRROR_PAIRS for c in pair),
                           dtype=np.uint32)
#: per code point: 1 strong right-to-left (bidi classes R, AL), 2 strong left-to-right (L),
#: 3 weak (numbers: EN, AN), 0 neutral; filled on demand
_BIDI_KIND: dict[int, int] = {}
_KINDS = {"R": 1, "AL": 1, "L": 2, "EN": 3, "AN": 3}


def _unmirror(codes: Any, generated: Any, index: Any, code: Any) -> Any:
    """``code`` (the characters kept, at ``index`` of the text page) with the brackets and
    quotes PDFium mirrored put back as drawn (pdfminer reads the glyph's own Unicode).

    PDFium mirrors such a character when it hands it over in a right-to-left run. Its runs
    are rebuilt from its own output, line by line (the lines end at the line breaks it
    generated): a run of strong right-to-left letters, or of neutral characters (spaces,
    punctuation) while the direction is right-to-left, is right-to-left; a run of
    left-to-right letters turns the direction to left-to-right, numbers leave it as it is;
    the direction starts right-to-left on a line with at least as many right-to-left runs as
    left-to-right ones (PDFium's rules, ``CPDF_TextPage::CloseTempLine``).
    """
    mirrored = _is_among(code, _MIRRORED_CODES)
    if not mirrored.any() or not _is_rtl_code(codes).any():
        return code
    emitted = _rtl_emitted(codes, generated)
    flip = np.flatnonzero(mirrored & emitted[index])
    if not flip.size:
        return code
    code = code.copy()
    code[flip] = _MIRROR[code[flip]]
    return code


def _rtl_emitted(codes: Any, generated: Any) -> Any:
    """Per character of the text page: did PDFium hand it over in a right-to-left run?

    On each of its lines (ended by the line breaks it generated), a character is in such a
    run when it is a strong right-to-left letter, or neutral while the direction is
    right-to-left: the direction is that of the last strong letter before it on the line (a
    number leaves it as it is), and at the line's start right-to-left when the line has at
    least as many runs of right-to-left letters as of left-to-right ones, and some.
    """
    uniq = distinct(codes)
    kinds = _BIDI_KIND
    for c in uniq:
        if c not in kinds:
            kinds[c] = _KINDS.get(unicodedata.bidirectional(chr(c)), 0)
    table = np.array([kinds[c] for c in uniq], dtype=np.int8)
    kind = table[np.searchsorted(np.array(uniq, dtype=np.uint32), codes)]
    n = codes.size
    breaks = generated & ((codes == 13) | (codes == 10))
    valid = ~breaks
    line = np.cumsum(breaks)  # a character's line: the breaks before it
    starts = np.concatenate([[0], np.flatnonzero(breaks) + 1])  # each line's first place
    run = valid.copy()  # the first character of each run of one kind on a line
    run[1:] &= breaks[:-1] | (kind[1:] != kind[:-1])
    lines = starts.size
    rtl_runs = np.bincount(line[run & (kind == 1)], minlength=lines)
    ltr_runs = np.bincount(line[run & (kind == 2)], minlength=lines)
    first = np.where((rtl_runs > 0) & (rtl_runs >= ltr_runs), 1, 2)
    strong = valid & ((kind == 1) | (kind == 2))
    last = np.maximum.accumulate(np.where(strong, np.arange(n), -1))
    on_line = last >= starts[line]
    current = np.where(on_line, kind[np.maximum(last, 0)], first[line])
    return valid & ((kind == 1) | ((kind == 0) & (current == 1)))


def _pdfminer_decoding(api: Api, style_list: list[Style], glyph_style: Any,
                       text_of: list[str] | Any, dicts: FontDictionaries) -> list[str] | Any:
    """The texts with the characters of a symbolic TrueType font without an encoding decoded
    as pdfminer decodes them (:mod:`.encoding`); only the characters of fonts flagged symbolic
    that PDFium may have decoded from a code of the upper half (Latin-1 or Mac Roman) are
    looked at."""
    fonts = [s.font for s in style_list]
    symbolic = np.array([f.symbolic for f in fonts])
    if not symbolic.any():
        return text_of
    codes = text_of if not isinstance(text_of, list) else None
    at = np.flatnonzero(symbolic[glyph_style])  # the glyphs of symbolic fonts
    if not at.size:
        return text_of
    # (a text of more than one character has code 0, which is not recodable)
    at_codes = codes[at] if codes is not None else single_codes([text_of[k] for k in at.tolist()])
    table = _recodable_table()
    at = at[table[np.minimum(at_codes, table.size - 1)]]
    if not at.size:
        return text_of
    out = text_of.copy() if codes is not None else list(text_of)
    for k in at.tolist():
        font = fonts[glyph_style[k]]
        c = int(codes[k]) if codes is not None else ord(text_of[k])
        if font.recoder is None:
            # the dictionaries (a read of the whole file) are asked only when the answer
            # can change this character: one the font would not recode keeps its reading
            if font.candidate is None:
                font.candidate = winansi_candidate(api, font.handle)
            if c not in font.candidate:
                continue
            font.recoder = font.candidate if dicts.plain_truetype(font.base) else {}
        if not font.recoder:
            continue
        if codes is not None:
            out[k] = font.recoder.get(c, c)
        else:
            out[k] = chr(font.recoder.get(c, c))
    return out


@cache
def _recodable_table() -> Any:
    """Per code, up to one past the highest :func:`.encoding.recodable` code: is it one? (a
    higher code is looked up at that last place, which is not)"""
    codes = recodable()
    table = np.zeros(int(codes.max()) + 2, dtype=bool)
    table[codes] = True
    return table


def single_codes(texts: list[str]) -> Any:
    """Each one-character text's code, 0 for the others (uint32), read from the codes of all
    the texts in a row (no Python per text)."""
    lens = np.fromiter(map(len, texts), dtype=np.intp, count=len(texts))
    every = np.append(encode_codes("".join(texts)), np.uint32(0))
    firsts = np.cumsum(lens) - lens
    return np.where(lens == 1, every[firsts], np.uint32(0)).astype(np.uint32)


def _visual_pieces(joined: str) -> str:
    """The right-to-left pieces PDFium gave at one origin, in the row's visual order.

    PDFium reorders a right-to-left run itself (the characters of the run reversed), and
    then decomposes each presentation form it hands over into base letters, in logical order.
    A glyph whose ToUnicode spells several characters (lam, meem, jeem) thus comes reversed,
    in visual order like the row; a glyph mapped to one presentation-form ligature (lam-jeem
    U+FCC9, lam-alef U+FEFB) comes as that ligature's letters in logical order, reversed here.
    """
    return joined[::-1] if joined in _ligature_letters() else joined


@cache
def _ligature_letters() -> frozenset[str]:
    """The letters of each Arabic presentation-form ligature (its compatibility decomposition,
    in logical order), as PDFium decomposes it."""
    out = set()
    for c in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)):
        letters = unicodedata.normalize("NFKC", chr(c))
        if len(letters) > 1 and not letters[0].isspace():
            out.add(letters)
    return frozenset(out)


def _rtl_boxes(api: Api, tp: Any, index: Any, rtl: Any) -> tuple[Any, Any]:
    """Per glyph: the ink box of its character on the text page (left, right, bottom, top:
    four rows) and the right edge of its loose box, asked in one batch for the right-to-left
    glyphs (zeros elsewhere)."""
    at = np.flatnonzero(rtl)
    ink = np.zeros((4, rtl.size))
    loose = np.zeros(rtl.size)
    if not at.size:
        return ink, loose
    chars = index[at]
    ink[:, at] = loops.char_boxes(api, tp, chars)
    loose[at] = loops.loose_rights(api, tp, chars)
    return ink, loose


def _keep_folded_spaces(api: Api, tp: Any, codes: Any, generated: Any) -> None:
    """Unmark the spaces PDFium marked as generated where a space glyph was drawn.

    When a wide kerning offset precedes a drawn space (``[(Le) -200 ( ) ...] TJ``, as word
    processors justify), PDFium generates a space at the drawn space's origin and drops the
    drawn one as a repeat. A space it generates from kerning alone sits at the origin of the
    character that follows; one standing for a drawn space sits before it, the space's advance
    away. Those are the PDF's own space glyphs (pdfminer reads them): kept.
    """
    candidates = np.flatnonzero(generated[:-1] & (codes[:-1] == 32))
    if not candidates.size:
        return
    # batched like the origins of the glyphs: the text object of each candidate and of the
    # character after it, then the origins of the pairs in one object
    here = loops.text_objects(api, tp, candidates)
    after = loops.text_objects(api, tp, candidates + 1)
    pairs = candidates[(here != 0) & (here == after)]
    if not pairs.size:
        return
    m = pairs.size
    x, y = loops.char_origins(api, tp, np.concatenate([pairs, pairs + 1]))
    moved = (np.abs(x[m:] - x[:m]) > 0.01) | (np.abs(y[m:] - y[:m]) > 0.01)
    generated[pairs[moved]] = False


_EMPTY_GLYPHS = Glyphs([], [], [], [], [], [], [], [])
_MAYBE_GENERATED_CODES = np.array([ord(c) for c in _MAYBE_GENERATED], dtype=np.uint32)
_HYPHEN_CODES = np.array([ord(c) for c in _HYPHEN_MARKS], dtype=np.uint32)


def _content_rank(handles: list[int], objs: Any) -> Any:
    """Each object's place among the page's text objects in content-stream order (the last
    place if listed twice); objects not listed come after all, in the order given."""
    rank = len(handles) + np.arange(objs.size)
    if not handles:
        return rank
    listed = np.array(handles, dtype=np.uint64)
    order = np.argsort(listed, kind="stable")
    at = np.searchsorted(listed[order], objs, side="right") - 1
    found = at >= 0
    at = np.maximum(at, 0)
    found &= listed[order][at] == objs
    return np.where(found, order[at], rank)


def _is_among(codes: Any, among: Any) -> Any:
    """Per code: is it one of the few codes ``among``?"""
    out = codes == among[0]
    for c in among[1:]:
        out |= codes == c
    return out


def _widths(style_list: list[Style], glyph_style: Any, font_obj: Any, code: Any) -> Any:
    """Advance width per 1 pt of each glyph's character in its font (-1: unknown)."""
    fonts = {}  # font number on this page → its font
    for style, number in zip(style_list, _font_numbers(style_list), strict=True):
        fonts.setdefault(number, style.font)
    if len(fonts) == 1:
        return next(iter(fonts.values())).widths_of(code)
    out = np.empty(code.size, dtype=np.float64)
    for number, font in fonts.items():
        mask = font_obj == number
        if mask.any():
            out[mask] = font.widths_of(code[mask])
    return out


def _is_rtl_code(code: Any) -> Any:
    """Per character code: a letter of the Hebrew or Arabic blocks (U+0590-08FF) or of their
    presentation forms."""
    return (((code >= 0x0590) & (code < 0x0900)) | ((code >= 0xFB1D) & (code < 0xFE00))
            | ((code >= 0xFE70) & (code < 0xFEFF)))


def _font_numbers(style_list: list[Style]) -> list[int]:
    """Per style: the number of its font among the page's fonts (in order of appearance)."""
    numbers: dict[int, int] = {}
    return [numbers.setdefault(id(s.font), len(numbers)) for s in style_list]


