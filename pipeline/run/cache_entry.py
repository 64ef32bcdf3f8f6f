"""Cache entries that prove themselves: a checksum header, one folder per code version, pruning.

An entry file is ``unrecs-cache 1 <sha256 of the payload>\\n`` followed by the payload (a
pickle). :func:`unseal` returns the payload only when the header is there and the checksum
matches: a truncated, altered or foreign file is never unpickled, so it can only cost a
recomputation. Entries live under ``<root>/<version>/``, ``version`` naming the code that wrote
them (:func:`version_dir`); :func:`prune` removes every other version's folder (and entries of
the earlier flat layout), :func:`clear` the whole cache.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.fsutil import sha256

MAGIC = b"unrecs-cache 1 "
_HEADER = len(MAGIC) + 64 + 1


def seal(payload: bytes) -> bytes:
    """The bytes of an entry file holding ``payload``."""
    return MAGIC + sha256(payload).hexdigest().encode() + b"\n" + payload


def unseal(data: bytes) -> bytes | None:
    """The payload of an entry file, or None when it is not whole and unaltered."""
    if len(data) < _HEADER or not data.startswith(MAGIC) or data[_HEADER - 1 : _HEADER] != b"\n":
        return None
    payload = data[_HEADER:]
    if sha256(payload).hexdigest().encode() != data[len(MAGIC) : _HEADER - 1]:
        return None
    return payload


def version_dir(version: str, code: str) -> str:
    """The folder name of the entries written by this package version and code."""
    return sha256(f"{version}\0{code}".encode()).hexdigest()[:16]


def prune(root: Path, keep: str) -> int:
    """Remove everything in ``root`` but the folder ``keep``; return the entries removed."""
    removed = 0
    try:
        children = list(root.iterdir())
    except OSError:
        return 0
    for child in children:
        if child.name == keep:
            continue
        if child.is_dir() and not child.is_symlink():
            removed += sum(1 for p in child.rglob("*") if p.is_file())
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
            removed += 1
    return removed


def clear(root: Path) -> tuple[int, int]:
    """Remove the cache folder ``root``; return (entries, bytes) removed."""
    if not root.is_dir():
        return 0, 0
    files = [p for p in root.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    shutil.rmtree(root)
    return len(files), size
