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

Reading a dictionary costs more than a short document's parse (a pattern file parsed by pyphen,
10 to 50 ms; a word list decompressed and checked, about 25 ms), so what is read is kept in the
per-user caches of :mod:`pipeline.usercache` (``hyphenation`` and ``words``, keyed by the
installed file's name and a digest of its bytes): later runs read it back in a few
milliseconds. The hyphenation points are found by Liang's algorithm over the patterns as pyphen
parses them (:class:`Hyphenation`), the same points as pyphen's ``Pyphen.positions``.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path

from pipeline import regexcache, usercache
from pipeline.fsutil import sha256
from pipeline.lang import MODULES

LETTERS = regexcache.compile(r"\p{L}+")


def _package_folder(name: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def _pattern_file(name: str) -> Path | None:
    """The pattern dictionary pyphen ships under ``name`` (``hyph_<name>.dic``; else pyphen's
    own name lookup), or None."""
    folder = _package_folder("pyphen")
    if folder is None:  # pragma: no cover - a declared dependency
        return None
    path = folder / "dictionaries" / f"hyph_{name}.dic"
    if path.is_file():
        return path
    import pyphen

    found = pyphen.LANGUAGES.get(name)
    return Path(found) if found is not None and Path(found).is_file() else None


def _shipped(names: tuple[str, ...]) -> tuple[str, ...]:
    """The named pattern dictionaries that pyphen ships."""
    return tuple(n for n in names if _pattern_file(n) is not None)


def _cache_name(path: Path, suffix: str) -> str:
    """A cache file's name for data derived from the installed file ``path`` alone: its name
    and a digest of its bytes (so that virtual environments with the same package share the
    entry, and an upgraded file gets one of its own)."""
    digest = sha256(path.read_bytes()).hexdigest()[:16]
    return f"{path.stem}-{digest}{suffix}"


class Hyphenation:
    """The hyphenation points of a word by one pattern dictionary (Liang's algorithm).

    ``patterns`` maps a pattern's letters (``.`` marks a word's edge) to the offset of its first
    non-zero value and its values, as pyphen parses a ``hyph_*.dic`` file. A point between two
    letters takes the highest value any matching pattern gives it; an odd value allows a cut.
    As pyphen's ``Pyphen`` does by default, no point lies within :data:`MARGIN` letters of
    either end."""

    MARGIN = 2

    def __init__(self, patterns: dict[str, tuple[int, tuple[int, ...]]]) -> None:
        self.patterns = patterns
        self.longest = max(map(len, patterns), default=0)

    def positions(self, word: str) -> list[int]:
        """The points (numbers of letters before each) where ``word`` may be cut."""
        edged = f".{word.lower()}."
        n = len(edged)
        values = [0] * (n + 1)
        get = self.patterns.get
        for start in range(n - 1):
            for end in range(start + 1, min(start + self.longest, n) + 1):
                found = get(edged[start:end])
                if found is None:
                    continue
                offset, pattern_values = found
                for at, v in enumerate(pattern_values, start + offset):
                    if at > n:
                        break
                    if v > values[at]:
                        values[at] = v
        last = len(word) - self.MARGIN
        return [at - 1 for at, v in enumerate(values)
                if v % 2 and self.MARGIN <= at - 1 <= last]


def _valid_patterns(data: object) -> bool:
    return isinstance(data, dict) and all(
        isinstance(k, str) and isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], int)
        and isinstance(v[1], tuple) for k, v in data.items())


@cache
def _hyphenator(name: str) -> Hyphenation:
    """The hyphenation of one shipped pattern dictionary, read on first use: from the per-user
    cache, else parsed by pyphen (up to 0.05 s; then cached). A language's second dictionary is
    read only when the first does not allow the cut."""
    path = _pattern_file(name)
    assert path is not None, name  # _shipped asked first
    folder = usercache.folder("hyphenation")
    cached = folder / _cache_name(path, ".pickle") if folder is not None else None
    patterns = usercache.read(cached)
    if not _valid_patterns(patterns):
        import pyphen

        parsed = pyphen.HyphDict(path).patterns
        patterns = {k: (int(offset), tuple(int(v) for v in vs))
                    for k, (offset, vs) in parsed.items()}
        usercache.write(cached, pickle.dumps(patterns, protocol=pickle.HIGHEST_PROTOCOL))
    return Hyphenation(patterns)


@cache
def _word_list(code: str) -> Callable[[str], bool] | None:
    """Membership (case-insensitive) in the pyspellchecker word list of a language (None: no
    such list).

    The list is the JSON object pyspellchecker ships (``resources/<code>.json.gz``, word →
    frequency), read directly: only membership is asked, so neither the checker nor its
    frequency table is built (see :class:`_WordList`). A list found in the layout that lets a
    word be searched in its text is kept decompressed in the per-user cache."""
    if not code:
        return None
    folder = _package_folder("spellchecker")
    if folder is None:  # pragma: no cover - a declared dependency
        return None
    source = folder / "resources" / f"{code.lower()}.json.gz"
    try:
        where = usercache.folder("words")
        cached = where / _cache_name(source, "") if where is not None else None
    except OSError:
        return None
    if cached is not None:
        try:
            text = cached.read_bytes().decode("utf-8")
        except (OSError, ValueError):
            text = ""
        # a whole object (a copy cut short would fail the parse a long document falls back
        # to): else the list is read again from the package
        if text.startswith("{") and text.rstrip().endswith("}"):
            return _WordList(text, checked=True)
    try:
        raw = gzip.decompress(source.read_bytes())
        words = _WordList(raw.decode("utf-8"))
    except (OSError, ValueError):
        return None
    if words.words is None:  # the searchable layout, checked
        usercache.write(cached, raw)
    return words


class _WordList:
    """The keys of a word list's JSON text, asked one word at a time.

    Laid out as pyspellchecker writes it (one lower-case key a line, no escape), a word is a key
    when ``\\n"word":`` is in the text: a few words are looked up without parsing it (a
    document asks for a handful). Past :data:`SEARCHES` look-ups, or in any other layout, the
    text is parsed once into a set."""

    SEARCHES = 24

    def __init__(self, text: str, checked: bool = False) -> None:
        """``checked``: the text is known to be in the searchable layout (a cached copy of a
        list found so)."""
        self.text = text
        self.words: frozenset[str] | None = None
        self.searches = 0
        if checked and text.startswith("{"):
            return
        keys = text.count('\n"')
        # lower case throughout: no character that lower-casing changes (one search, not a
        # lower-cased copy of the whole list compared with it)
        literal = (text.startswith("{") and "\\" not in text
                   and regexcache.search(r"\p{Changes_When_Lowercased}", text) is None
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
