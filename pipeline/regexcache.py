"""Compiled regular expressions kept between runs: each pattern is compiled once per machine.

Compiling the package's :mod:`regex` patterns (parsing, optimising and assembling each one)
costs a process about 25 ms, as much as reading several short pages. A compiled :mod:`regex`
pattern pickles as its compiled code (regex's own pickling, which multiprocessing relies on),
and unpickling it rebuilds the pattern from that code without compiling again, about forty
times quicker. :func:`compile` looks a pattern up in a cache file of such pickles, read once
per process, and compiles what the file lacks; a process that compiled something new writes the
file again when it exits (merged with what other processes wrote meanwhile, replaced
atomically, at most :data:`MAX_ENTRIES` patterns, the oldest dropped first).

The file is ``regex-<regex version>-<Python cache tag>.pickle`` in the folder
``$UNRECS_REGEX_CACHE``, by default ``$XDG_CACHE_HOME/unrecs/regex`` (``~/.cache/unrecs/regex``);
``UNRECS_REGEX_CACHE=0`` turns the cache off. The file is read with an unpickler that admits no
global except regex's own pattern constructor, so a tampered file cannot run code; a file that
cannot be read, or a pattern that does not unpickle to itself, is compiled instead, and a folder
that cannot be written is left alone. The patterns, and so every output, are the same either way.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import pickle
import sys
import threading
from pathlib import Path
from typing import Any

import regex

#: at most this many patterns are kept in the file (the oldest written are dropped first)
MAX_ENTRIES = 4096

_Key = tuple[str, int, int]

_lock = threading.Lock()
#: the file's pickles, read on first use (None: not read yet)
_stored: dict[_Key, bytes] | None = None
#: every pattern this process compiled or loaded
_patterns: dict[_Key, regex.Pattern[str]] = {}
#: the keys of patterns this process compiled that the file lacks (written at exit)
_new: list[_Key] = []
#: how many patterns this process loaded from the file and how many it compiled
counts = {"loaded": 0, "compiled": 0}


def folder() -> Path | None:
    """The cache folder (None: the cache is turned off)."""
    value = os.environ.get("UNRECS_REGEX_CACHE")
    if value is not None:
        return None if value.strip() in ("", "0") else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "unrecs" / "regex"


def cache_file() -> Path | None:
    """The cache file of this regex and Python (None: the cache is turned off)."""
    where = folder()
    if where is None:
        return None
    return where / f"regex-{regex.__version__}-{sys.implementation.cache_tag}.pickle"


class _PatternUnpickler(pickle.Unpickler):
    """Admits one global, regex's pattern constructor (what a compiled pattern pickles to)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a regex pattern")


class _DataUnpickler(pickle.Unpickler):
    """Admits no global at all: the file's outer mapping holds tuples, strings and bytes."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache file")


def _read(path: Path) -> dict[_Key, bytes]:
    """The file's mapping of (pattern, flags, regex default version) → pickled pattern; an empty
    one for a missing or unreadable file."""
    try:
        data = _DataUnpickler(io.BytesIO(path.read_bytes())).load()
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError,
            IndexError, KeyError, MemoryError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items()
            if isinstance(k, tuple) and len(k) == 3 and isinstance(k[0], str)
            and isinstance(v, bytes)}


def _stored_patterns() -> dict[_Key, bytes]:
    global _stored
    if _stored is None:
        path = cache_file()
        _stored = _read(path) if path is not None else {}
    return _stored


def compile(pattern: str, flags: int = 0) -> regex.Pattern[str]:  # noqa: A001 - regex's name
    """``regex.compile(pattern, flags)``, taken from the cache file when it holds the pattern."""
    key: _Key = (pattern, int(flags), int(regex.DEFAULT_VERSION))
    done = _patterns.get(key)
    if done is not None:
        return done
    with _lock:
        pickled = _stored_patterns().get(key)
    if pickled is not None:
        try:
            loaded = _PatternUnpickler(io.BytesIO(pickled)).load()
        except Exception:  # noqa: BLE001 - any damage to one entry: compile it instead
            loaded = None
        if isinstance(loaded, regex.Pattern) and loaded.pattern == pattern:
            counts["loaded"] += 1
            _patterns[key] = loaded
            return loaded
    compiled = regex.compile(pattern, flags)
    counts["compiled"] += 1
    _patterns[key] = compiled
    if not flags & (regex.DEBUG | regex.LOCALE) and cache_file() is not None:
        with _lock:
            if not _new:
                atexit.register(save)
            _new.append(key)
    return compiled


def save() -> None:
    """Write the patterns this process compiled into the cache file (merged with the file as it
    is now; written to a temporary file and renamed over it). Nothing to write, or a folder
    that cannot be written: nothing happens."""
    path = cache_file()
    with _lock:
        if not _new or path is None:
            return
        fresh = {k: pickle.dumps(_patterns[k], protocol=pickle.HIGHEST_PROTOCOL) for k in _new}
        _new.clear()
    merged = _read(path)
    for k in fresh:
        merged.pop(k, None)
    merged.update(fresh)
    if len(merged) > MAX_ENTRIES:
        merged = dict(list(merged.items())[-MAX_ENTRIES:])
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return
    global _stored
    with _lock:
        _stored = merged
