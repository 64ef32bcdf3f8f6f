"""Words and lines from one page's glyphs: the part of loading that both backends share.

A loader hands over the page's glyphs as columns (:class:`Glyphs`, in the order the PDF draws
them); :func:`build_page` folds typewriter fake bold, groups glyphs into rows, splits rows into
segments at wide gaps, segments into words, and returns the page's :class:`~pipeline.model.Line`
objects.

The rules are per glyph (a word ends at a space, a gap wider than a fifth of the font size or a
change between superscript and body text; a glyph joins the recent row it overlaps most), but the
work is done on whole columns with numpy: Python only runs once per word and line, and once per
run of glyphs that share a baseline and size. ``tests/reference_lines.py`` keeps the plain
glyph-by-glyph version of the same rules; the tests prove both give identical pages.

The steps live in their own modules: glyph columns and text tables (:mod:`pipeline.read.glyphs`),
fake bold (:mod:`pipeline.read.doubles`), rows (:mod:`pipeline.read.rows`), segments, words and
lines (:mod:`pipeline.read.words`).
"""

from __future__ import annotations

import numpy as np

from pipeline.model import Page, Rule
from pipeline.read.doubles import fold_doubles, may_have_doubles
from pipeline.read.glyphs import Glyphs, text_ids
from pipeline.read.rows import group_rows
from pipeline.read.words import make_lines


def build_page(
    number: int, width: float, height: float, glyphs: Glyphs, rules: list[Rule]
) -> Page:
    """Turn one page's glyphs (any backend) into a :class:`Page` of lines."""
    if not len(glyphs):
        return Page(number, width, height, [], rules, 0)
    tid, space, chars = text_ids(glyphs)
    doubled = None
    if may_have_doubles(glyphs, tid, space):
        kept, twins = fold_doubles(glyphs, space, tid)
        if len(kept) < len(glyphs):
            glyphs = glyphs.take(kept)
            space, chars = space[kept], chars[kept]
        if twins:
            doubled = np.zeros(len(kept), dtype=bool)
            doubled[list(twins)] = True
    lines = make_lines(number, glyphs, space, doubled, *group_rows(glyphs))
    return Page(number, width, height, lines, rules, int(chars.sum()))
