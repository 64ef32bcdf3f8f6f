"""Per-user caches of data derived from installed files: where they live, read and written safely.

What a run derives from the installed packages alone (compiled regular expressions, a word
list's text, a hyphenation dictionary's patterns) is the same in every run, so it is kept in
``$UNRECS_CACHE_HOME/<kind>`` (by default ``$XDG_CACHE_HOME/unrecs``, that is
``~/.cache/unrecs``) and taken from there by later runs. ``UNRECS_CACHE_HOME=0`` turns every such
cache off. A cache only saves time: an entry that is missing, damaged or unreadable is derived
again, and a folder that cannot be written is left alone.

The cached data are pickles read with an unpickler that admits no global at all (only built-in
values: dicts, tuples, lists, strings, bytes, numbers) or, where the caller names it, one
constructor (regex's own, for compiled patterns): a tampered file can import and call nothing
else.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import pickle
import threading
import weakref
from pathlib import Path
from typing import Any


def folder(kind: str) -> Path | None:
    """The folder of one kind of cached data (None: the caches are turned off)."""
    value = os.environ.get("UNRECS_CACHE_HOME")
    if value is not None:
        return None if value.strip() in ("", "0") else Path(value) / kind
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no home folder to be found: no cache
            return None
    return Path(base) / "unrecs" / kind


class _Unpickler(pickle.Unpickler):
    """Admits the globals in ``allowed`` (module, name) and no other."""

    def __init__(self, data: bytes, allowed: frozenset[tuple[str, str]]) -> None:
        super().__init__(io.BytesIO(data))
        self.allowed = allowed

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.allowed:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache file")


def unpickle(data: bytes, allowed: frozenset[tuple[str, str]] = frozenset()) -> Any:
    """The value pickled in ``data`` (built-in values and the ``allowed`` globals only), or None
    when it cannot be read."""
    try:
        return _Unpickler(data, allowed).load()
    except Exception:  # noqa: BLE001 - any damage: the caller derives the value again
        return None


def read(path: Path | None) -> Any:
    """The built-in value pickled in the file (None: no such file, or it cannot be read)."""
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return unpickle(data)


def write(path: Path | None, data: bytes) -> bool:
    """Replace the file with ``data`` (a temporary file renamed over it, so readers see the old
    file or the whole new one). False when it cannot be written (nothing is left behind)."""
    if path is None:
        return False
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    return True


def merged(old: dict[Any, Any], fresh: dict[Any, Any], limit: int) -> dict[Any, Any]:
    """``old``'s entries updated with ``fresh``'s, which come last (the newest), at most
    ``limit`` of them: the oldest are dropped first."""
    out = {k: v for k, v in old.items() if k not in fresh}
    out.update(fresh)
    if len(out) > limit:
        out = dict(list(out.items())[-limit:])
    return out


def save_all() -> None:
    """Write every store's new entries now (a pool's worker ends without exit handlers: it
    calls this after each document)."""
    for store in list(_STORES):
        store.save()


class Store:
    """One cache file of entries (key → value, built-in values only): ``folder(kind)/name``.

    The file is read on the first look-up; the entries this process adds are written when it
    exits (or when :meth:`save` is called: a pool's worker ends without exit handlers), merged
    with the file as it is then, at most ``limit`` of them (the oldest dropped first).
    ``mark`` names what the entries follow from besides their keys (an interpreter's version,
    a digest of code): a file of another mark is not read. Each caller checks the values it
    takes (a damaged entry is derived again)."""

    def __init__(self, kind: str, name: str, mark: str = "", limit: int = 4096) -> None:
        self.kind, self.name, self.mark, self.limit = kind, name, mark, limit
        self._lock = threading.Lock()
        self._stored: dict[Any, Any] | None = None
        self._new: dict[Any, Any] = {}
        _STORES.add(self)

    def path(self) -> Path | None:
        """The file (None: the caches are turned off)."""
        where = folder(self.kind)
        return None if where is None else where / self.name

    def read(self) -> dict[Any, Any]:
        """The file's entries (empty: no file, another mark's, or one that cannot be read)."""
        data = read(self.path())
        if not isinstance(data, dict) or data.get("mark") != self.mark:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def get(self, key: Any, default: Any = None) -> Any:
        """The file's value for ``key`` (``default``: none)."""
        with self._lock:
            if self._stored is None:
                self._stored = self.read()
            return self._stored.get(key, default)

    def put(self, key: Any, value: Any) -> None:
        """Keep ``value`` for ``key``: written with the others at exit (not when the caches
        are turned off)."""
        if self.path() is None:
            return
        with self._lock:
            if not self._new:
                atexit.register(self.save)
            self._new[key] = value

    def added(self) -> dict[Any, Any]:
        """The entries this process added that are not written yet."""
        return dict(self._new)

    def save(self) -> None:
        """Write the entries this process added, merged with the file as it is now. Nothing to
        write, or a folder that cannot be written: nothing happens."""
        if not self._new:  # (a pool's worker asks after every document)
            return
        path = self.path()
        with self._lock:
            if not self._new or path is None:
                return
            fresh = dict(self._new)
            self._new.clear()
        entries = merged(self.read(), fresh, self.limit)
        data = pickle.dumps({"mark": self.mark, "entries": entries},
                            protocol=pickle.HIGHEST_PROTOCOL)
        if write(path, data):
            with self._lock:
                self._stored = entries


#: every store this process made (see :func:`save_all`)
_STORES: weakref.WeakSet[Store] = weakref.WeakSet()
