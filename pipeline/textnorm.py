"""Text normalisation applied to every text value the pipeline outputs.

The rules (documented in the README, "Text normalisation"):

* Unicode NFC;
* ligature characters expanded (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ → ff fi fl ffi ffl st st);
* typographic apostrophes (’ ‘ ʼ ′ ＇) → ``'``;
* the hyphen U+2010 and the non-breaking hyphen U+2011 → ``-`` (as in ``peut-être``);
* every Unicode space (no-break, narrow no-break, thin, em/en spaces, ideographic, tabs,
  line breaks) → a plain space, runs of spaces collapsed, ends trimmed;
* zero-width characters removed;
* a soft hyphen (U+00AD) → ``-``: it reaches the text only as a drawn glyph, and what is printed
  is never deleted (some PDF makers map every hyphen glyph to U+00AD, compounds included). At a
  line end it is a line-end hyphen, decided by the blocks stage like any other: a hyphenation
  point when the document draws another hyphen codepoint inside its words
  (:func:`pipeline.parse.evidence.break_marks`), else by word evidence.

Quotation marks (« » “ ”), dashes and the minus sign are kept as printed.

Words and lines are joined by one space, except where a Chinese character (or full-width
punctuation) meets another character and the PDF draws no space glyph there
(:func:`join_words`): Chinese sets no space between words. Printed lines are joined so too,
and with no space at a word cut by a line-end hyphen (:func:`join_lines`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from pipeline import recache, regexcache

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
APOSTROPHES = "\u2019\u2018\u02bc\u2032\uff07"
_REMOVE = "\u200b\u200c\u200d\u2060\ufeff"
_TRANSLATE = {ord(k): v for k, v in LIGATURES.items()}
_TRANSLATE.update({ord(c): "'" for c in APOSTROPHES})
_TRANSLATE.update({0x2010: "-", 0x2011: "-", 0x00AD: "-"})
_TRANSLATE.update({ord(c): None for c in _REMOVE})
_SPACES = regexcache.compile(r"[\p{Zs}\t\n\r\f\v\u2028\u2029]+")

#: Private Use Area code points: barcode fonts and symbol fonts map glyphs there
PUA = regexcache.compile(r"[\uE000-\uF8FF]")


def normalize(text: str) -> str:
    """Normalise one text value (see the module docstring)."""
    if text.isascii() and text.isprintable() and "  " not in text:
        # the common case, a word or line of plain ASCII: nothing to translate or compose, no
        # space but single " " (the other ASCII spaces are not printable); only the ends
        return text.strip(" ")
    if len(text) <= _WORD:
        return WORDS[text]  # a word: the words of a document recur, each is normalised once
    return _normalize(text)


#: texts up to this long are remembered once normalised (words), up to this many of them
_WORD = 40
_WORDS_KEPT = 1 << 16


class _WordTexts(dict[str, str]):
    """Word text → its :func:`normalize`, made on first look-up (up to :data:`_WORDS_KEPT`
    of them, then forgotten all at once): the one cache of normalised words."""

    def __missing__(self, text: str) -> str:
        if len(self) >= _WORDS_KEPT:
            self.clear()
        if text.isascii() and text.isprintable() and "  " not in text:
            done = text.strip(" ")  # normalize's quick case
        else:
            done = _normalize(text)
        self[text] = done
        return done


#: a word's normalised text, ``WORDS[word.text]``: the words of a document recur and several
#: stages read each one normalised; a look-up costs a dictionary access where a call of
#: :func:`normalize` costs a call and its tests (the same text, normalised once)
WORDS = _WordTexts()


#: the characters :data:`_TRANSLATE` changes, each with what it becomes: a text holding none
#: of them is not translated (``str.translate`` with a mapping looks up every character of a
#: non-ASCII text; one search for these is many times faster); each maps to text holding
#: none of them, so replacing them one by one is the translation
_CHANGED = recache.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATE) + "]")
_REPLACE = tuple((chr(c), v or "") for c, v in _TRANSLATE.items())
#: every character :data:`_SPACES` matches but the plain space (the Unicode space separators,
#: tabs, line and paragraph breaks): a text with none of them and no two spaces in a row is
#: left as it is by the substitution
_OTHER_SPACES = recache.compile("[\t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f"
                           "\u205f\u3000]")


def _normalize(text: str) -> str:
    if _CHANGED.search(text) is not None:
        for old, new in _REPLACE:
            if old in text:
                text = text.replace(old, new)
    text = unicodedata.normalize("NFC", text)
    if "  " in text or _OTHER_SPACES.search(text) is not None:
        text = _SPACES.sub(" ", text)
    return text.strip()


#: characters of the scripts written without spaces between words (Chinese, Japanese kana), with
#: their punctuation (CJK symbols, full-width forms, enclosed ideographs such as ㈠)
CJK = regexcache.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303f\u3200-\u32ff\uff00-\uffef]")


def joins_without_space(left: str, right: str) -> bool:
    """Whether two pieces of text (words, or lines) join with no space between them: one of
    the characters that meet is Chinese (or Japanese), a script that sets no space between
    words. A space glyph the PDF draws is kept all the same: ask only where none is drawn."""
    return bool(left) and bool(right) and (
        CJK.match(left[-1]) is not None or CJK.match(right[0]) is not None
    )


def join_words(texts: Iterable[str], spaced: list[bool] | None = None) -> str:
    """Texts joined by single spaces, except where :func:`joins_without_space` (and, when
    ``spaced`` is given, no space glyph is drawn before the text: ``spaced[k]``)."""
    texts = list(texts)
    plain = " ".join([t for t in texts if t])
    if plain.isascii() or CJK.search(plain) is None:  # (no Chinese character is ASCII)
        return plain  # no Chinese character meets another text: single spaces throughout
    out: list[str] = []
    for k, t in enumerate(texts):
        if not t:
            continue
        if out and not (
            joins_without_space(out[-1], t) and not (spaced is not None and spaced[k])
        ):
            out.append(" ")
        out.append(t)
    return "".join(out)


#: the half before a line-end hyphen ends with a letter (a cut before a letter), or with a
#: letter or digit (a cut before a digit)
_ENDS_LETTER = regexcache.compile(r"\p{L}$")
_ENDS_ALNUM = regexcache.compile(r"[\p{L}\p{N}]$")


#: the conjunctions after a suspended hyphen ("short- and long-term", "pré- ou post-")
_CONJUNCTIONS = frozenset({"and", "or", "nor", "et", "ou", "y", "o", "e", "u", "и", "или"})
#: a compound: letters on both sides of a hyphen
_COMPOUND = regexcache.compile(r"\p{L}-\p{L}")


def line_end_cut(text: str, nxt: str) -> tuple[str, str] | None:
    """The two halves of a word cut at a line-end hyphen, where ``text`` (a line, or the text
    so far) ends in one (``-``, U+2010 or a soft hyphen) and the next line ``nxt`` goes on
    with a letter ("bien-" "être") or a digit ("COVID-" "19", "2025-" "04/…"); None where no
    word is cut there (no hyphen, a dash standing alone, a line opening with punctuation, a
    suspended hyphen: "short-" over "and long-term", the conjunction then a compound)."""
    if not (text.endswith(("-", "\u2010", "\u00ad")) and nxt[:1].isalnum()):
        return None
    left = text.rsplit(" ", 1)[-1][:-1]
    end = _ENDS_LETTER if nxt[:1].isalpha() else _ENDS_ALNUM
    if not left or end.search(left) is None:
        return None
    words = nxt.split(" ", 4)
    if words[0].lower() in _CONJUNCTIONS and any(
            _COMPOUND.search(w) for w in words[1:4]):
        return None
    return left, words[0]


#: how a word cut at a line end is joined: (the text so far, the next line, the cut's two
#: halves, the index of the line the text so far ends on) → the joined text
AtCut = Callable[[str, str, tuple[str, str], int], str]


def join_lines(texts: Iterable[str], at_cut: AtCut | None = None) -> str:
    """Printed lines of one text joined as :func:`join_words` joins words, except at a word
    cut by a line-end hyphen (:func:`line_end_cut`): no space there, the hyphen kept, or as
    ``at_cut`` joins them. UN documents' line-end hyphens are compound hyphens unless the
    document shows otherwise, which only the body text and its footnotes are weighed for
    (:mod:`pipeline.parse.evidence`); a title's or a table cell's "non-" over "governmental"
    reads "non-governmental"."""
    out = ""
    last = -1  # the index of the line ``out`` ends on
    for k, t in enumerate(texts):
        if not t:
            continue
        cut = line_end_cut(out, t) if out else None
        if not out:
            out = t
        elif cut is None:
            out = join_words([out, t])
        else:
            out = out + t if at_cut is None else at_cut(out, t, cut, last)
        last = k
    return out


def is_pua(text: str) -> bool:
    """True when most of the visible characters are in the Private Use Area (barcode glyphs)."""
    pua = len(PUA.findall(text))  # no Private Use character is a space
    if not pua:
        return False
    return pua * 2 > sum(1 for c in text if not c.isspace())
