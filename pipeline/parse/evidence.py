"""Evidence for text repairs: word counts over the body text and the glyph stream's spaces.

* :class:`Evidence` counts the words and word pairs of the body text, and decides whether the
  document hyphenates automatically and whether its PDF draws space glyphs between words.
* Hyphen codepoints: a typesetter that marks its own hyphenation points draws them with a
  codepoint of their own (pango: U+2010 at line ends, U+002D in the text's compounds). A
  line-end hyphen whose codepoint the document never draws inside a word, while it draws
  another hyphen codepoint there, is an automatic hyphenation point (see
  :func:`break_marks`).
* Letter-spaced words (``ONU DC``): in a PDF that draws a space glyph between its words, a gap
  with no space glyph is letter spacing or kerning, and the parts are joined when the document
  prints the joined form (however often the split form recurs). A PDF that draws no space
  glyphs falls back on the gap and word counts: joined when the gap is unlike the line's word
  spaces (or the acronym's joined form recurs) and the split form does not recur.
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property

import regex

from pipeline import regexcache
from pipeline.model import Line, Word
from pipeline.parse.dictionary import dictionary_cut
from pipeline.textnorm import WORDS

HYPHENS = ("-", "\u2010", "\u00ad")
#: a PDF draws space glyphs when this share of its word spaces carry one ...
SPACED_SHARE = 0.9
#: ... over at least this many word spaces
SPACED_MIN = 20
#: the apostrophes of an elision (l'ONU, l’ONU), and a pattern of either
APOSTROPHE, CURLY_APOSTROPHE = "'", "\u2019"
ELISION = regexcache.compile(f"[{APOSTROPHE}{CURLY_APOSTROPHE}]")
TOKEN_STRIP = regexcache.compile(r"^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$")
#: prefixes that form compounds with a hyphen in the UN languages
COMPOUND_PREFIXES = {
    "non", "anti", "ex", "co", "pluri", "multi", "inter", "intra", "sub", "post", "pre",
    "pré", "pro", "self", "semi", "quasi", "auto", "cross", "extra", "ultra", "vice", "mi",
    "demi", "sous", "contre", "bien", "peut", "arrière", "avant", "après", "long", "short",
    "well", "high", "low", "follow", "re", "socio", "afro", "euro", "trans", "neo", "néo",
    "bio", "géo", "geo", "macro", "micro", "narco", "agro",
}


#: a link, a path or an e-mail address: a slash, an at sign or a leading "www."
_LINK = regexcache.compile(r"[/@]|^www\.", regex.IGNORECASE)


def token(text: str) -> str:
    text = WORDS[text]
    if text.isalnum():  # letters and digits only: nothing to strip at either end
        return text
    return TOKEN_STRIP.sub("", text)


def _token_adds(t: str) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """What one occurrence of token ``t`` counts: tokens (itself and the parts an elision
    splits it into), lower-case forms (its own, its elided parts', its hyphen parts') and
    its hyphenated lower-case form (None: no hyphen)."""
    toks = [t]
    lower = [t.lower()]
    if "'" in t or "’" in t:
        for part in ELISION.split(t):
            if part and part != t:
                toks.append(part)
                lower.append(part.lower())
    hyphenated = None
    if "-" in t:
        hyphenated = t.lower()
        lower += [part.lower() for part in t.split("-") if part]
    return tuple(toks), tuple(lower), hyphenated


class _Tokens(dict[str, str]):
    """Word text → its :func:`token`, made on first look-up."""

    def __missing__(self, text: str) -> str:
        t = self[text] = token(text)
        return t


class Evidence:
    """Word and word-pair counts over the whole body text: the evidence for text repairs."""

    def __init__(
        self, lines: list[Line], every_line: list[Line] | None = None,
        language: str | None = None,
    ) -> None:
        """``lines``: the body text; ``every_line``: all lines of the document (furniture and
        masthead too), where the hyphen codepoints are read (default: ``lines``);
        ``language``: the document's, whose dictionaries are the last resort for a line-end
        hyphen (None: no dictionary)."""
        self.language = language
        #: the body lines counted
        self.lines = lines
        self.tokens: Counter[str] = Counter()
        self.lower: Counter[str] = Counter()
        self.hyphenated: Counter[str] = Counter()
        after_hyphen = False
        #: word text → its :func:`token` (words recur: each is made once)
        self.token_of = tokens = _Tokens()
        # the tokens counted; what one occurrence of a token adds to each counter is made once
        # per distinct token, and added once with its number of occurrences
        counted: list[str] = []
        #: each line's tokens, of the lines with two or more, whose neighbours are counted
        #: as pairs on first use of :attr:`pairs` (read only where a PDF draws no spaces)
        self._pair_lines: list[list[str]] = []
        for ln in lines:
            words = ln.words
            toks = [t for t in map(tokens.__getitem__, [w.text for w in words if not w.sup])
                    if t]
            n = len(toks)
            ends_cut = bool(words) and words[-1].text.endswith(HYPHENS)
            # the halves of a word cut at a line end prove nothing
            counted.extend(toks[1 if after_hyphen else 0:n - 1 if ends_cut and n else n])
            if n > 1:
                self._pair_lines.append(toks)
            after_hyphen = ends_cut
        # each distinct token adds its occurrences to each form it counts (the counters are
        # only looked up, never listed: the order of their keys does not matter)
        occurrences = Counter(counted)
        self.tokens.update(occurrences)  # every token counts itself ...
        tokens_get = self.tokens.get
        lower = self.lower
        lower_get = lower.get
        for t, k in occurrences.items():
            if t.isalnum():  # letters and digits only: no elision, no hyphen
                low = t.lower()
                lower[low] = lower_get(low, 0) + k
                continue
            toks_of, lower_of, hyphen_of = _token_adds(t)
            for part in toks_of[1:]:  # ... and its elided parts
                self.tokens[part] = tokens_get(part, 0) + k
            for low in lower_of:
                lower[low] = lower_get(low, 0) + k
            if hyphen_of is not None:
                self.hyphenated[hyphen_of] += k
        self.auto_hyphenation = False
        self.draws_spaces = draws_space_glyphs(lines)
        self.marks = hyphen_marks(lines if every_line is None else every_line)
        #: line-end hyphen codepoints that are automatic hyphenation points
        self.break_marks = break_marks(*self.marks)

    @cached_property
    def pairs(self) -> Counter[tuple[str, str]]:
        """Counts of the pairs of tokens that stand next to each other on a body line."""
        pairs: Counter[tuple[str, str]] = Counter()
        for toks in self._pair_lines:
            pairs.update(zip(toks, toks[1:], strict=False))
        return pairs

    def knows(self, word: str) -> bool:
        return self.lower[word.lower()] > 0

    def decide_hyphen(self, left: str, right: str, mark: str = "-") -> tuple[bool, str]:
        """Whether a line-end hyphen (codepoint ``mark``) between two halves is kept, and the
        evidence used."""
        if right[:1].isdigit():
            # hyphenation cuts words between letters: before a digit the hyphen is the text's
            # own ("COVID-" "19", "2019-" "2020"), kept and joined without a space
            return True, "digit after the hyphen"
        if mark in self.break_marks:
            inside = ", ".join(f"U+{ord(c):04X}" for c in sorted(self.marks[0]))
            return False, (f"line-end hyphen U+{ord(mark):04X} never drawn inside a word; "
                           f"the document's hyphens inside words are {inside}")
        if _LINK.search(left) or _LINK.search(right):
            # a link or a path ("…/preparatory-" "commission/…", "www.un-" …): typesetters do
            # not hyphenate in one, so a hyphen at its line end is its own
            return True, "inside a link or path"
        lw = token(left)
        rw = token(right)
        joined = (lw + rw).lower()
        if self.hyphenated[f"{lw}-{rw}".lower()] > 0:
            return True, "hyphenated form elsewhere"
        if self.lower[joined] > 0:
            return False, "joined form elsewhere"
        if rw[:1].isupper():
            return True, "capitalised second half"
        if len(lw) > 1 and len(rw) > 1 and self.knows(lw) and self.knows(rw):
            return True, "both halves are words"
        if self.auto_hyphenation:
            return False, "document hyphenates automatically"
        if lw.lower() in COMPOUND_PREFIXES:
            return True, "compound prefix"
        # last resort: the language's dictionaries (the document's own evidence is silent)
        stem = ELISION.split(lw)[-1]
        if not self.knows(stem) and not self.knows(rw):
            why = dictionary_cut(stem, rw, self.language)
            if why:
                return False, why
        return True, "UN documents keep line-end hyphens"

    def calibrate(self, lines: list[Line]) -> None:
        """Decide whether the document is typeset with automatic hyphenation.

        It is when line-end hyphens whose joined form occurs elsewhere (proof of a word cut by
        the typesetter) outnumber twice those whose hyphenated form occurs elsewhere, over at
        least two cases.
        """
        joined = kept = 0
        for a, b in zip(lines, lines[1:], strict=False):
            if not a.words or not b.words or not a.words[-1].text.endswith(HYPHENS):
                continue
            if a.words[-1].text[-1] in self.break_marks:
                continue  # the typesetter's own mark: says nothing about the other hyphens
            left = a.words[-1].text[:-1]
            right = b.words[0].text
            lw, rw = token(left), token(right)
            if not lw or not rw:
                continue
            if self.hyphenated[f"{lw}-{rw}".lower()]:
                kept += 1
            elif self.lower[(lw + rw).lower()]:
                joined += 1
        self.auto_hyphenation = joined >= 2 and joined > 2 * kept


def hyphen_marks(lines: list[Line]) -> tuple[Counter[str], Counter[str]]:
    """The hyphen codepoints (:data:`HYPHENS`) the document draws inside words (between two
    drawn characters: compounds, job numbers, ranges), and those it draws at line ends."""
    inside: Counter[str] = Counter()
    ends: Counter[str] = Counter()
    for ln in lines:
        line_text = ln.text  # every word's text, joined
        if "-" not in line_text and "\u2010" not in line_text and "\u00ad" not in line_text:
            continue
        for k, w in enumerate(ln.words):
            text = w.text
            for c in text[1:-1]:
                if c in HYPHENS:
                    inside[c] += 1
            if k == len(ln.words) - 1 and len(text) > 1 and text[-1] in HYPHENS:
                ends[text[-1]] += 1
    return inside, ends


def break_marks(inside: Counter[str], ends: Counter[str]) -> frozenset[str]:
    """Line-end hyphen codepoints that mark automatic hyphenation points: a hyphenation
    character (U+2010 HYPHEN, U+00AD SOFT HYPHEN) drawn at line ends, never inside a word, in a
    document that draws another hyphen codepoint inside its words (the typesetter tells its own
    breaks from the text's hyphens). A document that draws one codepoint everywhere gives no
    such evidence: its line-end hyphens go by word evidence.

    U+002D (HYPHEN-MINUS) is never a mark: it is the hyphen texts are typed with, and the
    PDFium loader reports every line-end hyphen PDFium recognises (drawn as U+002D or U+00AD)
    as U+002D, so at a line end it does not tell which codepoint was drawn."""
    if not inside:
        return frozenset()
    return frozenset(c for c in ends if c != "-" and not inside[c])


def draws_space_glyphs(lines: list[Line]) -> bool:
    """Whether the PDF draws a space glyph between its words: among the gaps narrower than
    half the font size between two words of body text (word spaces), at least
    :data:`SPACED_SHARE` carry one, over at least :data:`SPACED_MIN` gaps."""
    gaps = spaced = 0
    for ln in lines:
        words = ln.words
        word_space = 0.5 * ln.size
        for a, b in zip(words, words[1:], strict=False):
            if not a.sup and not b.sup and b.gap_before < word_space:
                gaps += 1
                spaced += b.spaced
    return gaps >= SPACED_MIN and spaced >= SPACED_SHARE * gaps


# --------------------------------------------------------------------------------------------


def letter_spacing(
    words: list[Word], j: int, a: str, b: str, size: float, evidence: Evidence
) -> str | None:
    """Whether ``words[j - 1]`` (text ``a``) and ``words[j]`` (text ``b``) are one word printed
    with letter spacing, and the evidence for it (None: two words)."""
    if not _joinable(a, b, evidence):  # the first test either way (most pairs fail it)
        return None
    if evidence.draws_spaces:
        # the glyph stream decides: a space glyph is a word boundary, a bare gap is not; the
        # joined form must be the document's (a title set with bare gaps stays two words)
        if words[j].spaced:
            return None
        return "no space glyph between the parts; joined form elsewhere"
    if not _letter_spaced(a, b, evidence):
        return None
    if _odd_gap(words, j, size):
        return "gap unlike the line's word spaces; joined form elsewhere"
    if _split_acronym(a, b, evidence):
        return "the acronym's joined form recurs"
    return None


def _odd_gap(words: list[Word], j: int, size: float) -> bool:
    """The gap before ``words[j]`` is unlike the line's word spaces (justified lines space their
    words evenly, so a split inside a word stands out)."""
    others = sorted(
        w.gap_before for k, w in enumerate(words) if k not in (0, j) and not w.sup
    )
    normal = others[len(others) // 2] if len(others) >= 2 else size * 0.25
    gap = words[j].gap_before
    return abs(gap - normal) > max(0.2 * normal, 0.3)


def _split_acronym(a: str, b: str, evidence: Evidence) -> bool:
    """An acronym cut in two (``ONU DC``) whose joined form the document uses several times:
    evidence strong enough to repair it even when the gap looks like a word space."""
    ta, tb = evidence.token_of[a], evidence.token_of[b]
    tail = ELISION.split(ta)[-1]
    joined = tail + tb
    return (
        len(joined) >= 3
        and joined.isupper()
        and evidence.tokens[joined] >= 2
        and evidence.tokens[tb] <= 1
        and evidence.pairs[(ta, tb)] <= 1
    )


def _joinable(a: str, b: str, evidence: Evidence) -> bool:
    """Two adjacent words meet letter to letter and the document prints them joined
    (``l'ONU`` + ``DC``: ``l'ONUDC`` or ``ONUDC``)."""
    ta, tb = evidence.token_of[a], evidence.token_of[b]
    if not ta or not tb or not a[-1:].isalnum() or not b[:1].isalnum():
        return False
    counts = evidence.tokens
    if counts.get(ta + tb):
        return True
    if APOSTROPHE not in ta and CURLY_APOSTROPHE not in ta:
        return False  # no elision: its tail is the whole token, looked up just now
    tail = ELISION.split(ta)[-1]  # the elided form: l'ONU + DC → ONUDC
    return bool(tail) and counts.get(tail + tb, 0) > 0


def _letter_spaced(a: str, b: str, evidence: Evidence) -> bool:
    """Two adjacent words that :func:`_joinable` holds for (its caller asks it first) are one
    word printed with letter spacing (``ONU DC``), by word counts (for PDFs that draw no space
    glyphs)."""
    ta, tb = evidence.token_of[a], evidence.token_of[b]
    if evidence.pairs[(ta, tb)] > 1:
        return False  # the split form recurs: it is two words
    return evidence.tokens[tb] <= 1 or evidence.tokens[ta] <= 1
