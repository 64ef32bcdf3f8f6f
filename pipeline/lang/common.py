"""Language-neutral text helpers: normalisation, folding, regex alternation, Roman numerals."""

from __future__ import annotations

import re
import unicodedata

from pipeline import recache
from pipeline.textnorm import normalize

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'",
                              "\uff07": "'"})
#: dashes and minus signs → ASCII hyphen (one character each, so offsets are preserved)
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH_TABLE = str.maketrans({c: "-" for c in DASHES})
_SPACE_TABLE = str.maketrans(
    {c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
     "\u2009\u200a\u202f\u205f\u3000\t\n\r\x0b\x0c"}
)


def normalize_text(text: str) -> str:
    """The pipeline's text normalisation (see :mod:`pipeline.textnorm`)."""
    return normalize(text)


def flatten_chars(text: str) -> str:
    """Same-length rewrite for matching: dashes → ``-``, Unicode spaces → space, ``’`` → ``'``."""
    return text.translate(_DASH_TABLE).translate(_SPACE_TABLE).translate(_APOSTROPHES)


_NON_ASCII = recache.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """Case- and accent-insensitive key: casefold, strip combining marks, ``ё`` → ``е``, and
    Arabic's tatweel (U+0640, a justified line's stretching: "مقــرر" is "مقرر")."""
    text = normalize_text(text).casefold()
    if text.isascii():  # nothing to decompose, strip or compose
        return text
    text = unicodedata.normalize("NFD", text)
    if len(text) <= _SHORT:
        text = "".join(c for c in text if not unicodedata.combining(c))
    else:
        # the combining marks among the text's distinct characters, deleted in one pass (a
        # long text has few distinct characters; a test of each character would be many)
        marks = sorted(c for c in set(_NON_ASCII.findall(text)) if unicodedata.combining(c))
        if marks:
            text = re.sub("[" + "".join(map(re.escape, marks)) + "]", "", text)
    return unicodedata.normalize("NFC", text).replace("ё", "е").replace("\u0640", "")


#: up to this long, a text's characters are tested one by one in :func:`fold`
_SHORT = 200


def alternation(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """Regex alternation of literal words, longest first (so prefixes do not win)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


# --------------------------------------------------------------------------------------------
# Roman numerals
# --------------------------------------------------------------------------------------------

_ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]
_ROMAN_RE = recache.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def int_to_roman(n: int) -> str:
    """4 → ``"IV"`` (1 ≤ n ≤ 3999)."""
    if not 0 < n < 4000:
        raise ValueError(f"cannot write {n} in Roman numerals")
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def roman_to_int(text: str) -> int | None:
    """``"XIV"`` → 14 (case-insensitive, canonical forms only); ``None`` if not a numeral."""
    s = text.strip().upper()
    if not s or not _ROMAN_RE.match(s):
        return None
    total, i = 0, 0
    for value, letters in _ROMAN:
        while s.startswith(letters, i):
            total += value
            i += len(letters)
    return total


def is_roman(text: str) -> bool:
    return roman_to_int(text) is not None
