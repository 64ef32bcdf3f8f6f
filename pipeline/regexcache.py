"""Compiled regular expressions kept between runs: each pattern is compiled once per machine.

Compiling the package's :mod:`regex` patterns (parsing, optimising and assembling each one)
costs a process about 25 ms, as much as reading several short pages. A compiled :mod:`regex`
pattern pickles as its compiled code (regex's own pickling, which multiprocessing relies on),
and unpickling it rebuilds the pattern from that code without compiling again, about forty
times quicker. :func:`compile` looks a pattern up in a cache file of such pickles, read once
per process, and compiles what the file lacks; a process that compiled something new writes the
file again when it exits (merged with what other processes wrote meanwhile, at most
:data:`MAX_ENTRIES` patterns, the oldest dropped first).

The file is ``regex-<regex version>-<Python cache tag>.pickle`` in the ``regex`` folder of
:mod:`pipeline.usercache` (``~/.cache/unrecs/regex``; ``UNRECS_CACHE_HOME=0`` turns it off).
A pattern's pickle is read with an unpickler that admits no global but regex's own pattern
constructor; an entry that does not unpickle to its own pattern is compiled instead. The
patterns, and so every output, are the same either way.
"""

from __future__ import annotations

import pickle
import sys
from functools import cache
from pathlib import Path
from typing import Any

import regex

from pipeline import usercache

#: at most this many patterns are kept in the file (the oldest written are dropped first)
MAX_ENTRIES = 4096

#: (pattern, flags, regex's default version)
_Key = tuple[str, int, int]
#: the one global a pickled pattern names
_CONSTRUCTOR = frozenset({("regex._regex", "compile")})

#: every pattern this process compiled or loaded
_patterns: dict[_Key, regex.Pattern[str]] = {}
#: how many patterns this process loaded from the file and how many it compiled
counts = {"loaded": 0, "compiled": 0}


@cache
def store() -> usercache.Store:
    """The cache file of this regex and Python: key → the pattern's pickle."""
    return usercache.Store("regex", f"regex-{regex.__version__}-{sys.implementation.cache_tag}"
                           ".pickle", limit=MAX_ENTRIES)


def cache_file() -> Path | None:
    """The cache file (None: the cache is turned off)."""
    return store().path()


def compile(pattern: str, flags: int = 0) -> regex.Pattern[str]:  # noqa: A001 - regex's name
    """``regex.compile(pattern, flags)``, taken from the cache file when it holds the pattern."""
    key: _Key = (pattern, int(flags), int(regex.DEFAULT_VERSION))
    done = _patterns.get(key)
    if done is not None:
        return done
    pickled = store().get(key)
    if isinstance(pickled, bytes):
        loaded = usercache.unpickle(pickled, _CONSTRUCTOR)
        if isinstance(loaded, regex.Pattern) and loaded.pattern == pattern:
            counts["loaded"] += 1
            _patterns[key] = loaded
            return loaded
    compiled = regex.compile(pattern, flags)
    counts["compiled"] += 1
    _patterns[key] = compiled
    if not flags & (regex.DEBUG | regex.LOCALE):
        store().put(key, pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL))
    return compiled


# regex's module-level functions, their patterns taken from :func:`compile` (regex's own
# functions compile each pattern again in every process)


def match(pattern: str, string: str, flags: int = 0) -> regex.Match[str] | None:
    """``regex.match(pattern, string, flags)``."""
    return compile(pattern, flags).match(string)


def search(pattern: str, string: str, flags: int = 0) -> regex.Match[str] | None:
    """``regex.search(pattern, string, flags)``."""
    return compile(pattern, flags).search(string)


def fullmatch(pattern: str, string: str, flags: int = 0) -> regex.Match[str] | None:
    """``regex.fullmatch(pattern, string, flags)``."""
    return compile(pattern, flags).fullmatch(string)


def sub(pattern: str, repl: Any, string: str, count: int = 0, flags: int = 0) -> str:
    """``regex.sub(pattern, repl, string, count, flags)``."""
    return compile(pattern, flags).sub(repl, string, count)


def save() -> None:
    """Write the patterns this process compiled into the cache file now (see
    :meth:`.usercache.Store.save`)."""
    store().save()
