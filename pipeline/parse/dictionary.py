"""Offline dictionaries: the last-resort evidence for a line-end hyphen the document leaves open.

A word processor that hyphenates a word at a line end (LibreOffice, and Word's automatic
hyphenation) may draw the cut with U+002D, the codepoint of the text's own compound hyphens;
when the document neither hyphenates elsewhere nor uses the word or its halves anywhere else,
nothing in it tells the cut (``compé-`` / ``tentes``) from a compound (``drug-`` /
``related``). The language's dictionaries do: a cut is a hyphenation point of the joined word in
the language's hyphenation patterns (pyphen ships LibreOffice's), the joined word is in the
language's word list (pyspellchecker ships them) and its left part is no word by itself (a
compound's parts are words). Both packages ship their data: nothing is downloaded. A language
without patterns or word list (:data:`pipeline.lang` settings ``HYPHENATION_PATTERNS`` and
``WORD_LIST``) gets no verdict: the caller keeps the hyphen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import regex

from pipeline.lang import MODULES

LETTERS = regex.compile(r"\p{L}+")


@cache
def _patterns(names: tuple[str, ...]) -> tuple[object, ...]:
    """The pyphen hyphenators of the named pattern dictionaries (those pyphen ships)."""
    try:
        import pyphen
    except ImportError:  # pragma: no cover - a declared dependency
        return ()
    return tuple(pyphen.Pyphen(lang=n) for n in names if n in pyphen.LANGUAGES)


@cache
def _word_list(code: str) -> Callable[[str], bool] | None:
    """Membership in the pyspellchecker word list of a language (None: no such list)."""
    if not code:
        return None
    try:
        from spellchecker import SpellChecker
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        frequency = SpellChecker(language=code, distance=1).word_frequency
    except (ValueError, OSError):
        return None
    return frequency.__contains__


def available(language: str | None) -> bool:
    """Whether the language has hyphenation patterns and a word list."""
    mod = MODULES.get(language or "")
    if mod is None or not mod.HYPHENATION_PATTERNS or not mod.WORD_LIST:
        return False
    return bool(_patterns(mod.HYPHENATION_PATTERNS)) and _word_list(mod.WORD_LIST) is not None


def dictionary_cut(left: str, right: str, language: str | None) -> str | None:
    """The evidence that a line-end hyphen between ``left`` and ``right`` (letters only) is a
    hyphenation point of one word by the language's dictionaries, or None (no such evidence, or
    no dictionaries for the language)."""
    if not available(language) or not LETTERS.fullmatch(left) or not LETTERS.fullmatch(right):
        return None
    mod = MODULES[language or ""]
    known = _word_list(mod.WORD_LIST)
    assert known is not None
    lw, rw = left.lower(), right.lower()
    joined = lw + rw
    if known(lw):
        return None  # a word by itself: the first part of a compound
    if not known(joined):
        return None
    points = [n for h in _patterns(mod.HYPHENATION_PATTERNS) for n in h.positions(joined)]
    if len(lw) not in points:
        return None
    return (f"dictionary ({language}): '{joined}' is a word, hyphenation point "
            f"after '{lw}', which is no word")
