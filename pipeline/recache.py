"""Compiled :mod:`re` patterns kept between runs: each pattern is parsed and assembled once per
machine.

:func:`re.compile` parses a pattern and assembles its matching code in Python, then hands the
code to the C engine (``_sre.compile``); for the package's patterns the Python part costs a
process about 15 ms. :func:`compile` keeps what the C engine is handed (the final flags, the
code, the group count and names) in a cache file and, for a pattern the file holds, hands it
over directly: a pattern equal to the one :func:`re.compile` makes (same pattern, flags and
code), without parsing. What goes into the file is checked first: the code is kept only when
the pattern made from it compares equal to :func:`re.compile`'s own, with the same groups.

The file is ``re-<Python cache tag>.pickle`` in the ``regex`` folder of
:mod:`pipeline.usercache` (``~/.cache/unrecs/regex``; ``UNRECS_CACHE_HOME=0`` turns it off),
and holds the exact Python version it was made by: another version's file is not used. It is
read with an unpickler that admits no global (built-in values only), and the C engine checks
any code it is handed; an entry it refuses, or one of the wrong shape, is compiled as usual.
A process that compiled something new writes the file when it exits, merged with what other
processes wrote meanwhile (at most :data:`MAX_ENTRIES` patterns, the oldest dropped first).
"""

from __future__ import annotations

import _sre
import re
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, AnyStr

from pipeline import usercache

#: at most this many patterns are kept in the file (the oldest written are dropped first)
MAX_ENTRIES = 4096

#: (pattern, flags as given)
_Key = tuple[Any, int]
#: what the C engine is handed: final flags, code, groups - 1, group names → numbers,
#: numbers → names
_Args = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]

#: every pattern this process made
_patterns: dict[tuple[type, Any, int], re.Pattern[Any]] = {}
#: how many patterns this process took from the file and how many it compiled
counts = {"loaded": 0, "compiled": 0}


@cache
def store() -> usercache.Store:
    """The cache file of this Python (marked with its exact version): key → what the C engine
    is handed."""
    return usercache.Store("regex", f"re-{sys.implementation.cache_tag}.pickle",
                           mark=sys.version, limit=MAX_ENTRIES)


def cache_file() -> Path | None:
    """The cache file (None: the cache is turned off)."""
    return store().path()


def _well_formed(args: Any) -> bool:
    """An entry of the shape the C engine is handed (it checks the code itself)."""
    return (isinstance(args, tuple) and len(args) == 5 and isinstance(args[0], int)
            and isinstance(args[1], list) and set(map(type, args[1])) <= {int}
            and isinstance(args[2], int) and isinstance(args[3], dict)
            and all(isinstance(k, str) and type(v) is int for k, v in args[3].items())
            and isinstance(args[4], tuple))


def _derive(pattern: AnyStr, flags: int) -> _Args:
    """What :func:`re.compile` hands the C engine for ``pattern`` (its own steps)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    names = dict(parsed.state.groupdict)
    numbers: list[Any] = [None] * parsed.state.groups
    for name, number in names.items():
        numbers[number] = name
    # (the code holds re's named opcodes, int subclasses: kept as plain ints)
    return (int(flags | parsed.state.flags), [int(c) for c in code],
            int(parsed.state.groups) - 1, {str(k): int(v) for k, v in names.items()},
            tuple(numbers))


def _made(pattern: AnyStr, args: _Args) -> re.Pattern[AnyStr] | None:
    """The pattern the C engine makes of ``args`` (None: it refuses them)."""
    try:
        return _sre.compile(pattern, *args)
    except Exception:  # noqa: BLE001 - invalid code or a changed engine: compile as usual
        return None


def _same(a: re.Pattern[Any] | None, b: re.Pattern[Any]) -> bool:
    return (a is not None and a == b and a.groups == b.groups
            and dict(a.groupindex) == dict(b.groupindex))


def compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:  # noqa: A001 - re's name
    """``re.compile(pattern, flags)``, from the cache file when it holds the pattern."""
    flags = int(flags)
    memo = (type(pattern), pattern, flags)
    done = _patterns.get(memo)
    if done is not None:
        return done
    key: _Key = (pattern, flags)
    args = store().get(key)
    if args is not None and _well_formed(args):
        made = _made(pattern, args)
        if made is not None:
            counts["loaded"] += 1
            _patterns[memo] = made
            return made
    compiled = re.compile(pattern, flags)
    counts["compiled"] += 1
    _patterns[memo] = compiled
    if not flags & (re.DEBUG | re.LOCALE) and cache_file() is not None:
        try:
            derived: _Args | None = _derive(pattern, flags)
        except Exception:  # noqa: BLE001 - re's inner steps changed: nothing kept
            derived = None
        if derived is not None and _same(_made(pattern, derived), compiled):
            store().put(key, derived)
    return compiled


# re's module-level functions, their patterns taken from :func:`compile` (re's own functions
# parse and assemble each pattern again in every process)


def match(pattern: AnyStr, string: AnyStr, flags: int = 0) -> re.Match[AnyStr] | None:
    """``re.match(pattern, string, flags)``."""
    return compile(pattern, flags).match(string)


def search(pattern: AnyStr, string: AnyStr, flags: int = 0) -> re.Match[AnyStr] | None:
    """``re.search(pattern, string, flags)``."""
    return compile(pattern, flags).search(string)


def fullmatch(pattern: AnyStr, string: AnyStr, flags: int = 0) -> re.Match[AnyStr] | None:
    """``re.fullmatch(pattern, string, flags)``."""
    return compile(pattern, flags).fullmatch(string)


def sub(pattern: AnyStr, repl: Any, string: AnyStr, count: int = 0, flags: int = 0) -> AnyStr:
    """``re.sub(pattern, repl, string, count, flags)``."""
    return compile(pattern, flags).sub(repl, string, count)


def findall(pattern: AnyStr, string: AnyStr, flags: int = 0) -> list[Any]:
    """``re.findall(pattern, string, flags)``."""
    return compile(pattern, flags).findall(string)


def finditer(pattern: AnyStr, string: AnyStr, flags: int = 0) -> Iterator[re.Match[AnyStr]]:
    """``re.finditer(pattern, string, flags)``."""
    return compile(pattern, flags).finditer(string)


def split(pattern: AnyStr, string: AnyStr, maxsplit: int = 0, flags: int = 0) -> list[Any]:
    """``re.split(pattern, string, maxsplit, flags)``."""
    return compile(pattern, flags).split(string, maxsplit)


def save() -> None:
    """Write the entries this process derived into the cache file now (see
    :meth:`.usercache.Store.save`)."""
    store().save()


# Patterns compiled through re itself (the standard library's modules, numpy's … compile some
# forty at import, some 4 ms of every process): re looks each one up in its own cache first,
# so a process that puts them there (:func:`prime`) has them without parsing. They are kept in
# the same file, as one entry: (pattern, flags as given) → what the C engine is handed.

#: the file's key of the patterns compiled through re
_THROUGH_RE = ("re._cache",)
#: at most this many of them are kept (the ones seen last)
MAX_THROUGH_RE = 256
#: the patterns :func:`prime` put into re's cache (they need not be recorded again)
_primed: set[tuple[type, Any, int]] = set()


def _re_cache() -> dict[Any, Any] | None:
    """re's own cache, ``(type(pattern), pattern, flags) → compiled`` (None: not the dict of
    that shape this module knows, as in another Python)."""
    cache = getattr(re, "_cache", None)
    return cache if type(cache) is dict else None


def _through_re() -> dict[_Key, _Args]:
    """The file's patterns compiled through re (empty: none, or not of the right shape)."""
    kept = store().get(_THROUGH_RE)
    return kept if isinstance(kept, dict) else {}


def prime() -> int:
    """Put the patterns that earlier processes compiled through :mod:`re` itself into re's
    own cache, from the file, and record at exit the ones this process adds; the number put.

    Each is what :func:`re.compile` makes of it (its code was checked against re's own when it
    was recorded); a module that compiles one at import then gets it from re's cache. Nothing
    happens when the cache is turned off or re's cache is not the dict this module knows."""
    cache = _re_cache()
    if cache is None or cache_file() is None:
        return 0
    import atexit

    atexit.register(_record)  # (at most once: a second call finds them primed)
    n = 0
    for key, args in _through_re().items():
        if not (isinstance(key, tuple) and len(key) == 2 and isinstance(key[1], int)):
            continue
        pattern, flags = key
        memo = (type(pattern), pattern, flags)
        if memo in cache or not isinstance(pattern, str | bytes) or not _well_formed(args):
            continue
        made = _made(pattern, args)
        if made is not None:
            cache[memo] = made
            _primed.add(memo)
            n += 1
    return n


def _record() -> None:
    """Keep in the file the patterns in re's cache that were compiled through re (not by
    :func:`compile`, not put there by :func:`prime`) and that it lacks; written now (at exit,
    after the file's own exit handler)."""
    cache = _re_cache()
    if cache is None:
        return
    kept = _through_re()
    fresh: dict[_Key, _Args] = {}
    for memo, compiled in list(cache.items()):
        if memo in _primed or memo in _patterns or not isinstance(memo, tuple) or len(memo) != 3:
            continue
        kind, pattern, flags = memo
        if kind not in (str, bytes) or type(flags) is not int or (pattern, flags) in kept:
            continue
        if flags & (re.DEBUG | re.LOCALE):
            continue
        try:
            derived = _derive(pattern, flags)
        except Exception:  # noqa: BLE001 - re's inner steps changed: nothing kept
            continue
        if _same(_made(pattern, derived), compiled):
            fresh[(pattern, flags)] = derived
    if fresh:
        store().put(_THROUGH_RE, usercache.merged(kept, fresh, MAX_THROUGH_RE))
        store().save()
