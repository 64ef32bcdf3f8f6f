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

import contextlib
import io
import os
import pickle
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
