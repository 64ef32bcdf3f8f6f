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

import gzip
import importlib.util
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import regex

from pipeline import regexcache
from pipeline.lang import MODULES

LETTERS = regexcache.compile(r"\p{L}+")


def _shipped(names: tuple[str, ...]) -> tuple[str, ...]:
    """The named pattern dictionaries that pyphen ships."""
    try:
        import pyphen
    except ImportError:  # pragma: no cover - a declared dependency
        return ()
    return tuple(n for n in names if n in pyphen.LANGUAGES)


@cache
def _hyphenator(name: str) -> Any:
    """The pyphen hyphenator of one shipped pattern dictionary, read on first use (reading
    one takes up to 0.05 s: a language's second one is read only when the first does not
    allow the cut)."""
    import pyphen

    return pyphen.Pyphen(lang=name)


@cache
def _word_list(code: str) -> Callable[[str], bool] | None:
    """Membership (case-insensitive) in the pyspellchecker word list of a language (None: no
    such list).

    The list is the JSON object pyspellchecker ships (``resources/<code>.json.gz``, word →
    frequency), read directly: only membership is asked, so neither the checker nor its
    frequency table is built (see :class:`_WordList`)."""
    if not code:
        return None
    spec = importlib.util.find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        raw = gzip.decompress((folder / "resources" / f"{code.lower()}.json.gz").read_bytes())
        return _WordList(raw.decode("utf-8"))
    except (OSError, ValueError):
        return None


class _WordList:
    """The keys of a word list's JSON text, asked one word at a time.

    Laid out as pyspellchecker writes it (one lower-case key a line, no escape), a word is a key
    when ``\\n"word":`` is in the text: a few words are looked up without parsing it (a
    document asks for a handful). Past :data:`SEARCHES` look-ups, or in any other layout, the
    text is parsed once into a set."""

    SEARCHES = 24

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: frozenset[str] | None = None
        self.searches = 0
        keys = text.count('\n"')
        # lower case throughout: no character that lower-casing changes (one search, not a
        # lower-cased copy of the whole list compared with it)
        literal = (text.startswith("{") and "\\" not in text
                   and regex.search(r"\p{Changes_When_Lowercased}", text) is None
                   and keys == text.count('":') and 2 * keys == text.count('"'))
        if not literal:
            self._parse()

    def _parse(self) -> frozenset[str]:
        self.words = frozenset(w.lower() for w in json.loads(self.text))
        return self.words

    def __call__(self, word: str) -> bool:
        word = word.lower()
        if self.words is not None:
            return word in self.words
        self.searches += 1
        if self.searches > self.SEARCHES:
            return word in self._parse()
        return '"' not in word and "\n" not in word and f'\n"{word}":' in self.text


def available(language: str | None) -> bool:
    """Whether the language has hyphenation patterns and a word list."""
    mod = MODULES.get(language or "")
    if mod is None or not mod.HYPHENATION_PATTERNS or not mod.WORD_LIST:
        return False
    return bool(_shipped(mod.HYPHENATION_PATTERNS)) and _word_list(mod.WORD_LIST) is not None


def dictionary_cut(left: str, right: str, language: str | None) -> str | None:
    """The evidence that a line-end hyphen between ``left`` and ``right`` (letters only) is a
    hyphenation point of one word by the language's dictionaries, or None (no such evidence, or
    no dictionaries for the language).

    The cheap conditions are asked first (letters, then the hyphenation point), the word list
    last: it is read only for a cut the patterns allow."""
    mod = MODULES.get(language or "")
    if mod is None or not mod.HYPHENATION_PATTERNS or not mod.WORD_LIST:
        return None
    if not LETTERS.fullmatch(left) or not LETTERS.fullmatch(right):
        return None
    names = _shipped(mod.HYPHENATION_PATTERNS)
    if not names:
        return None
    lw, rw = left.lower(), right.lower()
    joined = lw + rw
    # a hyphenation point by any of the language's patterns (read one at a time, in order)
    if not any(len(lw) in _hyphenator(n).positions(joined) for n in names):
        return None
    known = _word_list(mod.WORD_LIST)
    if known is None:
        return None
    if known(lw):
        return None  # a word by itself: the first part of a compound
    if not known(joined):
        return None
    return (f"dictionary ({language}): '{joined}' is a word, hyphenation point "
            f"after '{lw}', which is no word")
