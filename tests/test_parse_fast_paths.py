"""The parse stage's fast paths (issue #17) give what their reference computations give.

Each fast path is held equal to a plain, slow computation of the same thing, written from its
docstring, on the words and lines of real PDFs (French elisions and compounds, Arabic, Chinese,
Spanish) and of the shipped fixtures."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
from conftest import FIXTURES, real_pdf

from pipeline.model import Line
from pipeline.parse.audit import _words_chars, chars
from pipeline.parse.blocks import (
    _line_of,
    _line_pieces,
    _opens_no_label,
    _spaced_words,
    build_blocks,
    join_tabbed_labels,
    label_words,
    measure,
)
from pipeline.parse.document import open_document
from pipeline.parse.evidence import ELISION, HYPHENS, Evidence, token
from pipeline.parse.layout import analyse
from pipeline.textnorm import WORDS, _normalize, normalize

REAL = ["ST_SPACE_61_Rev.3_F.pdf", "ISBA_16_A_12_Rev.1_A.pdf", "ISBA_19_C_17_C.pdf",
        "BBNJ_Agreement_2023_pub_S.pdf", "A_HRC_WG.6_7_ITA_1_F.pdf"]
SHIPPED = ["wg7_2019_fr.pdf", "wg7_2019_fr_hyphenated.pdf", "wg7_2019_fr_two_column.pdf"]


@cache
def _doc(name: str):  # noqa: ANN202 - a LoadedDocument
    path = FIXTURES / "pdfs" / name if name in SHIPPED else real_pdf(name)
    return open_document(path, backend="pdfium")


def _lines(name: str) -> list[Line]:
    return [ln for page in _doc(name).pages for ln in page.lines]


def _body(name: str) -> list[Line]:
    layout = analyse(_doc(name))
    return join_tabbed_labels(layout.body, layout.body_size)


NAMES = [*REAL, *SHIPPED]


@pytest.mark.parametrize("name", NAMES)
def test_word_lookups_match_normalize_and_chars(name: str) -> None:
    """``WORDS[text]`` and ``normalize(text)`` (which looks words up in it) are the uncached
    normalisation's text; a line's character count is the sum of its words' :func:`chars`,
    each counted on its own."""
    lines = _lines(name)
    texts = [w.text for ln in lines for w in ln.words]
    assert any(not t.isascii() for t in texts)  # the look-ups are used, not only the ASCII test
    for t in texts:
        assert WORDS[t] == normalize(t) == _normalize(t)
    for ln in lines:
        assert _words_chars(ln) == sum(chars(w.text) for w in ln.words)


def test_word_lookups_on_texts_to_change() -> None:
    """Texts that normalisation changes (ligatures, apostrophes, spaces, NFC) are looked up
    changed, and a text looked up twice stays the same."""
    texts = ["e\u0301tat", "\ufb01n", "l\u2019ONU", " a\u00a0b ", "peut\u2011\u00eatre", "\u200bx",
             "a  b", "", " "]
    WORDS.clear()
    for t in texts:
        assert WORDS[t] == normalize(t) == _normalize(t)
        assert WORDS[t] == normalize(t)
    assert WORDS["\ufb01n"] == "fin"
    assert chars("l\u2019ONU \ufb01n") == 8  # l'ONU fin


def _reference_counts(lines: list[Line]) -> tuple[Counter, Counter, Counter, Counter]:
    """Tokens, lower-case forms, hyphenated forms and pairs, counted word by word as the
    :class:`Evidence` docstrings describe."""
    tokens: Counter = Counter()
    lower: Counter = Counter()
    hyphenated: Counter = Counter()
    pairs: Counter = Counter()
    after_hyphen = False
    for ln in lines:
        toks = [token(w.text) for w in ln.words if not w.sup]
        toks = [t for t in toks if t]
        ends_cut = bool(ln.words) and ln.words[-1].text.endswith(HYPHENS)
        for k, t in enumerate(toks):
            pairs.update([(t, toks[k + 1])] if k + 1 < len(toks) else [])
            if (k == 0 and after_hyphen) or (k == len(toks) - 1 and ends_cut):
                continue  # the halves of a word cut at a line end
            tokens[t] += 1
            lower[t.lower()] += 1
            if "'" in t or "\u2019" in t:
                for part in ELISION.split(t):
                    if part and part != t:
                        tokens[part] += 1
                        lower[part.lower()] += 1
            if "-" in t:
                hyphenated[t.lower()] += 1
                for part in t.split("-"):
                    if part:
                        lower[part.lower()] += 1
        after_hyphen = ends_cut
    return tokens, lower, hyphenated, pairs


@pytest.mark.parametrize("name", NAMES)
def test_evidence_counts_match_reference(name: str) -> None:
    lines = _body(name)
    ev = Evidence(lines)
    tokens, lower, hyphenated, pairs = _reference_counts(lines)
    assert dict(ev.tokens) == dict(tokens)
    assert dict(ev.lower) == dict(lower)
    assert dict(ev.hyphenated) == dict(hyphenated)
    assert dict(ev.pairs) == dict(pairs)


def test_evidence_reference_sees_elisions_and_compounds() -> None:
    """The French documents hold what the counts' special cases are for."""
    tokens, lower, hyphenated, _ = _reference_counts(_body("ST_SPACE_61_Rev.3_F.pdf"))
    assert any("'" in t for t in tokens)
    assert hyphenated


@pytest.mark.parametrize("name", ["wg7_2019_fr_hyphenated.pdf", "ST_SPACE_61_Rev.3_F.pdf"])
def test_blocks_unchanged_by_word_lookups(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The blocks and repairs built with the word look-ups are those built with a
    :func:`normalize` call per word (the look-ups emptied before every read)."""
    layout = analyse(_doc(name))
    fast = build_blocks(layout, "fr")

    class _Uncached(dict):
        def __getitem__(self, text: str) -> str:
            return normalize(text)

    import pipeline.parse.blocks as blocks_mod
    import pipeline.parse.evidence as evidence_mod

    monkeypatch.setattr(blocks_mod, "WORDS", _Uncached())
    monkeypatch.setattr(evidence_mod, "WORDS", _Uncached())
    slow = build_blocks(analyse(_doc(name)), "fr")
    assert [(b.kind, b.label, b.text) for b in fast[0]] == [
        (b.kind, b.label, b.text) for b in slow[0]]
    assert fast[1] == slow[1]


@pytest.mark.parametrize("name", NAMES)
def test_spaced_lines_are_their_words(name: str) -> None:
    """Where the PDF draws space glyphs, a line with one before every word after the first
    and no raised word is cut by the full word-by-word reading into its words, each a piece
    (the shortcut :func:`assemble` takes for it); the shortcut leaves the other lines alone."""
    lines = _body(name)
    ev = Evidence(lines)
    if not ev.draws_spaces:
        pytest.skip("the PDF draws no space glyphs: every line is read word by word")
    geo = measure(lines, analyse(_doc(name)).body_size)
    short = 0
    for ln in lines:
        variants = [list(ln.words)]
        if len(ln.words) >= 2:  # its second word raised and glued, or set with no space glyph
            second = ln.words[1]
            variants += [[ln.words[0], second._replace(sup=True, gap_before=0.0), *ln.words[2:]],
                         [ln.words[0], second._replace(spaced=False), *ln.words[2:]]]
        for words in variants:
            norm = [WORDS[w.text] for w in words]
            repairs: list = []
            pieces, spaced = _line_pieces(ln, words, norm, geo, ev, repairs)
            if _spaced_words(words, ev):
                short += words is variants[0]
                assert (pieces, spaced, repairs) == (norm, [w.spaced for w in words], [])
    assert short > len(lines) // 2  # most lines take the shortcut


@pytest.mark.parametrize("name", ["A_HRC_WG.6_7_ITA_1_F.pdf", "ISBA_19_C_17_C.pdf",
                                  "wg7_2019_fr_hyphenated.pdf"])
def test_blocks_unchanged_by_spaced_shortcut(name: str, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    """The blocks and repairs are those of the word-by-word reading of every line."""
    import pipeline.parse.blocks as blocks_mod

    fast = build_blocks(analyse(_doc(name)), None)
    monkeypatch.setattr(blocks_mod, "_spaced_words", lambda words, evidence: False)
    slow = build_blocks(analyse(_doc(name)), None)
    assert [(b.kind, b.label, b.text) for b in fast[0]] == [
        (b.kind, b.label, b.text) for b in slow[0]]
    assert fast[1] == slow[1]


@pytest.mark.parametrize("name", NAMES)
def test_opens_no_label_only_where_no_label(name: str) -> None:
    """Wherever :func:`_opens_no_label` says a word opens no label, a line opening with it
    (and the words after it on its line) has none."""
    lines = [ln for ln in _lines(name) if len(ln.words) >= 2]
    said = 0
    for ln in lines:
        for k in range(len(ln.words) - 1):
            if _opens_no_label(ln.words[k].text):
                said += 1
                assert label_words(_line_of(ln, ln.words[k:])) == 0, ln.words[k].text
    assert said > 0


def test_opens_no_label_on_labels() -> None:
    """Labels, numbers and words not in plain ASCII may open a label."""
    for text in ["12.", "(a)", "IV.", "(iv)", "a)", "3", "\u0661", "\u0623\u0648\u0644\u0627",
                 "\u3220", "1.2"]:
        assert not _opens_no_label(text), text
    assert _opens_no_label("The")
