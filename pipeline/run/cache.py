"""Content-hash cache of extractions: a PDF already extracted by the same code is not read again.

Key: SHA-256 over the PDF's bytes (their SHA-256), the pipeline version, a hash of the source of
every ``pipeline`` module and of the versions of the libraries whose code or data decide the
output (any code change or upgrade invalidates), the mode and the backend — the same key
and layout as the Dask engine's adapter (``pipeline.run.engine_dask``), so both engines share one
cache folder. Value: the pickled :class:`~pipeline.model.Extraction`, in ``<root>/<key[:2]>/<key>
.pkl``. A document that failed with a reproducible error (no text layer, no structure, text
loss, damaged file) is remembered too, in ``<key>.err``, so an unchanged folder does no PDF work
at all; a wrong or missing password is not remembered.

Writes are atomic (temporary file in the same folder, renamed; not fsynced: an entry cut short
by a crash of the machine fails its checksum). Each entry carries the SHA-256 of its pickle and
sits in a folder of its code version (:mod:`pipeline.run.cache_entry`): an entry that cannot be
read back whole — truncated, altered, garbage — is never unpickled, counts as missing and is
overwritten by the next store; :meth:`ExtractionCache.prune` removes the
entries of other code versions; ``unrecs cache clear`` removes the cache. The CLI keeps the
cache in ``OUT/.unrecs-cache``; entries are pickles, so the cache folder must be as trusted as
the code (it is the user's own output folder).
"""

from __future__ import annotations

import functools
import os
import pickle
import sys
import time
from dataclasses import replace
from pathlib import Path

from pipeline import distinfo, errors, usercache
from pipeline.distinfo import version
from pipeline.errors import EncryptedError, LimitError, UnrecsError, WorkerCrashError
from pipeline.fsutil import sha256, write_atomic
from pipeline.model import Extraction
from pipeline.records import dataclass
from pipeline.run import cache_entry

#: folder name of the cache inside an output folder
CACHE_DIRNAME = ".unrecs-cache"
#: errors that depend on more than the PDF's bytes and the code (the password given, the limits,
#: the machine's state)
_NOT_CACHED: tuple[type[UnrecsError], ...] = (EncryptedError, LimitError, WorkerCrashError)


#: the installed distributions whose code or data decide what an extraction holds (the readers,
#: the bidirectional algorithm, the hyphenation patterns and word lists of the dictionary rule)
OUTPUT_DEPENDENCIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "python-bidi", "regex",
                       "pyphen", "pyspellchecker")


def _dependency_versions() -> str:
    found = []
    for name in OUTPUT_DEPENDENCIES:
        v = version(name)
        found.append(f"{name}=={v}" if v is not None else f"{name} missing")
    return "\n".join(found)


#: a source file changed this recently (seconds) may change again within its file system's
#: timestamp granularity without its size or time changing: a fingerprint holding one is not
#: remembered (as git treats a "racily clean" file)
_RACY = 2.0
#: the characters of a hash kept there (anything else is a damaged entry)
_HEX = frozenset("0123456789abcdef")


def _sources(root: Path) -> list[tuple[str, str, int, int]]:
    """Every ``.py`` file under ``root`` (symbolic links to folders not followed), sorted by
    its path relative to ``root``: (that path, its full path, size, modification time in ns)."""
    found: list[tuple[str, str, int, int]] = []
    folders = [(str(root), "")]
    while folders:
        where, rel = folders.pop()
        with os.scandir(where) as entries:
            for e in entries:
                if e.is_dir(follow_symlinks=False):
                    folders.append((e.path, f"{rel}{e.name}/"))
                elif e.name.endswith(".py") and e.is_file():
                    st = e.stat()
                    found.append((f"{rel}{e.name}", e.path, st.st_size, st.st_mtime_ns))
    found.sort()
    return found


def _code_store() -> usercache.Store:
    return usercache.Store("code", f"code-hash-{sys.implementation.cache_tag}.pickle", limit=64)


@functools.cache
def code_hash() -> str:
    """SHA-256 over the source of every module of the ``pipeline`` package (sorted by path) and
    the versions of :data:`OUTPUT_DEPENDENCIES`: a new word list changes extractions too
    (:func:`sources_hash`)."""
    return sources_hash(Path(__file__).resolve().parent.parent, _dependency_versions())


def sources_hash(root: Path, versions: str) -> str:
    """SHA-256 over every ``.py`` file under ``root`` (its path relative to ``root``, a NUL,
    its bytes, a NUL; sorted by path), then ``versions``.

    Reading and hashing the package's sources (1.2 MB) costs a run some 10 ms, so the hash is
    kept in a per-user cache (:mod:`pipeline.usercache`) under a fingerprint of the same files:
    each one's path, size and modification time (what Python itself trusts to reuse a module's
    bytecode), ``root`` and ``versions``. A fingerprint with a file changed in the last
    :data:`_RACY` seconds is not remembered: an edit within the file system's timestamp
    granularity might not change it."""
    sources = _sources(root)
    listing = "\n".join(f"{rel}\0{size}\0{mtime}" for rel, _, size, mtime in sources)
    fingerprint = sha256(f"{root}\0{versions}\0{listing}".encode()).hexdigest()
    store = _code_store()
    known = store.get(fingerprint)
    if isinstance(known, str) and len(known) == 64 and all(c in _HEX for c in known):
        return known
    h = sha256()
    for rel, path, _, _ in sources:
        with open(path, "rb") as fh:
            h.update(rel.encode() + b"\0" + fh.read() + b"\0")
    h.update(versions.encode())
    digest = h.hexdigest()
    newest = max((mtime for *_, mtime in sources), default=0)
    if time.time_ns() - newest > _RACY * 1e9:
        store.put(fingerprint, digest)
    return digest



def cache_key(pdf_sha256: str, mode: str, backend: str, version: str | None = None) -> str:
    """The cache key of one document's extraction with this code, mode and backend."""
    if version is None:
        version = distinfo.pipeline_version()
    parts = (pdf_sha256, version, code_hash(), mode, backend)
    return sha256("\0".join(parts).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class CachedError:
    """A remembered failure: the error's class name and its one-line problem."""

    kind: str
    problem: str

    def error(self, path: str | Path) -> UnrecsError:
        """The error again, naming ``path`` (the same PDF may sit at another path now)."""
        cls = getattr(errors, self.kind, UnrecsError)
        if not (isinstance(cls, type) and issubclass(cls, UnrecsError)):
            cls = UnrecsError
        return cls(str(path), self.problem)


class ExtractionCache:
    """Extractions (and reproducible failures) stored by :func:`cache_key` under ``root``."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        # (not the parse stage's modules: numpy's import would come before the first
        # document's head start, pipeline.read.pdfium_early)
        self.version = cache_entry.version_dir(distinfo.pipeline_version(), code_hash())

    def _file(self, key: str, suffix: str) -> Path:
        return self.root / self.version / key[:2] / f"{key}{suffix}"

    def prune(self) -> int:
        """Remove the entries written by other code versions; return how many."""
        return cache_entry.prune(self.root, self.version)

    def load(self, key: str, path: str | Path | None = None) -> Extraction | UnrecsError | None:
        """The cached result of ``key``: an extraction, an error (naming ``path``), or None.

        None when there is no entry or it cannot be read back (a corrupt entry is ignored; the
        next :meth:`store` replaces it).
        """
        ex = self._read(self._file(key, ".pkl"))
        if isinstance(ex, Extraction):
            if path is not None and ex.meta.source_file != Path(path).name:
                ex = replace(ex, meta=replace(ex.meta, source_file=Path(path).name))
            return ex
        failure = self._read(self._file(key, ".err"))
        if isinstance(failure, CachedError):
            return failure.error(path if path is not None else "?")
        return None

    def store(self, key: str, result: Extraction | UnrecsError) -> bool:
        """Remember ``result`` for ``key`` (atomic; best effort). True when stored."""
        if isinstance(result, Extraction):
            value: object = result
            target = self._file(key, ".pkl")
        elif isinstance(result, UnrecsError) and not isinstance(result, _NOT_CACHED):
            value = CachedError(type(result).__name__, result.problem)
            target = self._file(key, ".err")
        else:
            return False
        try:
            data = cache_entry.seal(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            target.parent.mkdir(parents=True, exist_ok=True)
            # no fsync: a file cut short by a crash of the machine fails its checksum and only
            # costs a recomputation (pipeline.run.cache_entry)
            write_atomic(target, data, durable=False)
        except (OSError, pickle.PicklingError):
            return False  # a cache that cannot be written only costs a recomputation
        return True

    @staticmethod
    def _read(file: Path) -> object:
        try:
            with open(file, "rb") as fh:
                payload = cache_entry.unseal(fh.read())
            return None if payload is None else pickle.loads(payload)
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - truncated, garbage or stale: treat as missing
            return None
