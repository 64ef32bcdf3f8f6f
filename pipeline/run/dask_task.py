"""The Dask engine's task: extract one document on a worker, failures returned as values.

A :class:`_Task` carries what a worker needs (path or PDF bytes, mode, backend, password, the
cache folder when the worker shares the client's file system); :func:`_extract_task` runs it and
never raises: an :class:`~pipeline.errors.UnrecsError` or any other exception comes back as a
:class:`_Failure` (a one-line :class:`TaskError` for the unexpected ones). Results are stored in
the content-hash cache (:mod:`pipeline.run.cache`) under the worker's own code hash. The client
side is :mod:`pipeline.run.engine_dask`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.errors import EXIT_SOME_FAILED, UnrecsError
from pipeline.fsutil import sha256_file as file_sha256
from pipeline.model import Extraction
from pipeline.records import dataclass
from pipeline.run.cache import ExtractionCache, cache_key


class TaskError(UnrecsError):
    """A document whose task failed for a reason other than a known input problem."""

    exit_code = EXIT_SOME_FAILED


# --------------------------------------------------------------------------------------------
# Cache: pipeline.run.cache's keys and layout, shared with the local engine (pipeline.run.runner)
# --------------------------------------------------------------------------------------------


def content_key(path: Path, mode: str, backend: str) -> str:
    """Cache key of one document: SHA-256 of the PDF's hash, version, code hash, mode, backend."""
    return cache_key(file_sha256(path), mode, backend)


def _cache(cache_dir: str | Path | None) -> ExtractionCache | None:
    return None if cache_dir is None else ExtractionCache(cache_dir)


def _remember(cache: ExtractionCache | None, key: str, result: Extraction | UnrecsError) -> None:
    """Store a result in the cache; not a :class:`TaskError` (a crash, a version mismatch: not
    a property of the PDF)."""
    if cache is not None and not isinstance(result, TaskError):
        cache.store(key, result)


# --------------------------------------------------------------------------------------------
# The task (runs on a worker)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Failure:
    """An error as a task result (``UnrecsError`` does not survive pickling: two-arg init)."""

    kind: type[UnrecsError]
    problem: str

    def error(self, path: Path) -> UnrecsError:
        try:
            return self.kind(str(path), self.problem)
        except TypeError:  # a subclass with another signature: keep the message, lose the class
            return TaskError(str(path), self.problem)


@dataclass(frozen=True, slots=True)
class _Task:
    source: str  # the path as given on the client
    key: str  # the client's cache key (content key) of the document
    sha256: str  # of the PDF's bytes
    data: bytes | None  # the PDF, when the workers cannot read ``source``
    mode: str
    password: str | None
    backend: str
    cache_dir: str | None
    extract_fn: Callable[..., Extraction] | None


@dataclass(frozen=True, slots=True)
class _Done:
    """A task's result and its cache key under the worker's own code and version (the same as
    the client's unless they run different unrecs code)."""

    value: Extraction | _Failure
    key: str
    #: False for failures that say nothing about the PDF (cannot be sent, worker lost ...)
    cacheable: bool = True


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _extract_task(task: _Task) -> _Done:
    """Extract one document on a worker; never raises (errors are returned as values)."""
    key, cache = task.key, None
    try:
        key = cache_key(task.sha256, task.mode, task.backend)  # this worker's code and version
        cache = _cache(task.cache_dir)
        cached = cache.load(key, task.source) if cache is not None else None
        if isinstance(cached, UnrecsError):
            return _Done(_Failure(type(cached), cached.problem), key)
        if cached is not None:
            return _Done(cached, key)
        if task.extract_fn is None:
            from pipeline.parse.document import extract_document as extract_fn
        else:
            extract_fn = task.extract_fn
        kwargs: dict[str, Any] = {
            "mode": task.mode, "password": task.password, "backend": task.backend,
        }
        if task.data is None:
            ex = extract_fn(Path(task.source), **kwargs)
        else:
            with tempfile.TemporaryDirectory(prefix="unrecs-") as tmp:
                local = Path(tmp) / Path(task.source).name  # same name → same source_file
                local.write_bytes(task.data)
                ex = extract_fn(local, **kwargs)
        _remember(cache, key, ex)
        return _Done(ex, key)
    except UnrecsError as exc:
        _remember(cache, key, exc)
        return _Done(_Failure(type(exc), exc.problem), key)
    except Exception as exc:  # noqa: BLE001 - any other failure is reported as one line
        return _Done(_Failure(TaskError, f"unexpected error ({_one_line(exc)})"), key)

