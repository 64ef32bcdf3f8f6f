"""PDFium's right-to-left runs rebuilt on whole columns (pipeline/read/pdfium/text.py) against the
plain line-by-line, run-by-run rules they implement."""

from __future__ import annotations

import unicodedata

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.read.pdfium.text import _rtl_emitted, _unmirror, single_codes

#: per bidi class: 1 strong right-to-left, 2 strong left-to-right, 3 number, 0 neutral
_KINDS = {"R": 1, "AL": 1, "L": 2, "EN": 3, "AN": 3}


def _reference_emitted(codes: list[int], generated: list[bool]) -> list[bool]:
    """The rules one line and one run at a time: lines end at generated line breaks; a run of
    right-to-left letters, or of neutral characters while the direction is right-to-left, is
    emitted right to left; left-to-right letters turn the direction, numbers leave it; a line
    starts right to left when it has some right-to-left runs and at least as many as
    left-to-right ones."""
    kind = [_KINDS.get(unicodedata.bidirectional(chr(c)), 0) for c in codes]
    emitted = [False] * len(codes)
    start = 0
    ends = [k for k, c in enumerate(codes) if generated[k] and c in (10, 13)]
    for end in [*ends, len(codes)]:
        runs = []
        k = start
        while k < end:
            j = k + 1
            while j < end and kind[j] == kind[k]:
                j += 1
            runs.append((kind[k], k, j))
            k = j
        rtl = sum(1 for r in runs if r[0] == 1)
        ltr = sum(1 for r in runs if r[0] == 2)
        current = 1 if rtl and rtl >= ltr else 2
        for kd, first, last in runs:
            if kd == 1 or (kd == 0 and current == 1):
                current = 1
                emitted[first:last] = [True] * (last - first)
            elif kd != 3:
                current = 2
        start = end + 1
    return emitted


#: Arabic and Hebrew letters, Latin letters, European and Arabic-Indic digits, spaces,
#: brackets, punctuation, line breaks (generated or drawn) and NUL
_POOL = [0x627, 0x644, 0x5D0, ord("a"), ord("Z"), ord("1"), 0x661, 32, ord("("), ord(")"),
         ord("."), ord("«"), 10, 13, 0]


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(st.lists(st.tuples(st.sampled_from(_POOL), st.booleans()), max_size=40))
def test_rtl_runs_as_the_line_by_line_rules_give_them(chars: list[tuple[int, bool]]) -> None:
    codes = [c for c, _ in chars]
    generated = [g for _, g in chars]
    got = _rtl_emitted(np.array(codes, dtype=np.uint32), np.array(generated, dtype=bool))
    assert got.tolist() == _reference_emitted(codes, generated), repr(chars)


def test_brackets_of_an_arabic_line_put_back_as_drawn() -> None:
    """PDFium mirrors '(' in a right-to-left run; the Latin line after the generated break keeps
    its brackets, and so does a line with more Latin runs than Arabic ones."""
    line1 = [0x627, 32, ord(")"), 0x644, ord("("), 32, 0x627]
    line2 = [ord("a"), ord("("), ord("b"), ord(")")]
    line3 = [0x627, 32, ord("a"), 32, ord("b"), ord("("), ord("c"), 32, ord("(")]
    codes = np.array([*line1, 13, *line2, 10, *line3], dtype=np.uint32)
    generated = np.zeros(codes.size, dtype=bool)
    generated[len(line1)] = generated[len(line1) + 1 + len(line2)] = True
    index = np.flatnonzero(~generated)
    out = _unmirror(codes, generated, index, codes[index]).tolist()
    want = [0x627, 32, ord("("), 0x644, ord(")"), 32, 0x627, *line2, *line3]
    assert out == want


@settings(max_examples=200, derandomize=True, deadline=None, database=None)
@given(st.lists(st.text(alphabet="a\u0627\ufefb\ud800\U0001d400", max_size=3), max_size=12))
def test_single_codes_of_texts(texts: list[str]) -> None:
    """A one-character text's code, lone surrogates and characters past U+FFFF included; 0 for
    an empty text or one of several characters (a ligature's pieces joined)."""
    want = [ord(t) if len(t) == 1 else 0 for t in texts]
    got = single_codes(texts)
    assert got.dtype == np.uint32
    assert got.tolist() == want
