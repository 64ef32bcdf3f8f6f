"""File-system helpers: atomic writes, folder fsync, file hashing."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

try:  # the interpreter's own SHA-256 (what hashlib falls back to without OpenSSL)
    from _sha2 import sha256 as _builtin_sha256  # Python 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256 as _builtin_sha256  # Python 3.11
    except ImportError:  # pragma: no cover - an interpreter without it
        _builtin_sha256 = None

#: past this many bytes a file is hashed by OpenSSL's SHA-256 (hashlib's), several times
#: quicker per byte than the built-in one, which spares the smaller ones OpenSSL's loading
OPENSSL_FROM = 1 << 20


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    ``durable``: the data are flushed to disk (``fsync``) before the rename, so that a crash of
    the machine cannot leave the new name on incomplete data. A file that proves itself whole
    when read (a checksum: the extraction cache's entries) does without it."""
    import tempfile  # a few ms of every start, before the first page is read: loaded here

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def fsync_path(path: Path) -> None:
    """Flush a file's data, or a folder's entries (renames), to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


#: a folder's entries flushed: the same call
fsync_dir = fsync_path


def sha256(data: bytes = b"") -> Any:
    """A SHA-256 hash object of ``data`` (:func:`hashlib.sha256`'s, same digests): the
    interpreter's built-in one where it has it. ``import hashlib`` loads OpenSSL's library,
    some 2.5 ms of a process, more than the built-in one takes to hash a megabyte; the hashes
    a run makes (its input's, its tables') are mostly smaller."""
    if _builtin_sha256 is None:  # pragma: no cover - an interpreter without it
        import hashlib

        return hashlib.sha256(data)
    return _builtin_sha256(data)


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes (read in 1 MiB chunks), lowercase hex (a file of more than
    :data:`OPENSSL_FROM` bytes by OpenSSL's implementation)."""
    try:
        large = os.stat(path).st_size > OPENSSL_FROM
    except OSError:
        large = False  # (the open below says why)
    if large:
        import hashlib

        h = hashlib.sha256()
    else:
        h = sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
