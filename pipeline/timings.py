"""Optional run timings: with ``UNRECS_TIMINGS=FILE``, a run appends when things happened.

Each line is ``name<TAB>value``: ``start``, ``first_page`` and ``end`` carry a Unix time
(:func:`time.time`) — the process start (as the command begins), the first page read and the
end of the command; ``stage:<name>`` lines carry the seconds one stage took on one document
(``stage:read``, ``stage:parse``, ``stage:validate``, ``stage:write`` …), one line per document
and stage, written by whichever process ran it (workers too), so a reader sums them per name.
Without the variable nothing is measured or written. ``bench/whole.py`` reads these files.
"""

from __future__ import annotations

import atexit
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "UNRECS_TIMINGS"
_CHILD = "UNRECS_TIMINGS_STARTED"
_first_page_seen = False


def _append(name: str, value: float) -> None:
    path = os.environ.get(ENV)
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"{name}\t{value:.6f}\n")
    except OSError:
        pass  # timings never break a run


def enabled() -> bool:
    """True when the run was asked to record timings."""
    return bool(os.environ.get(ENV))


def mark(name: str) -> None:
    """Record that ``name`` (``start``, ``end`` …) happens now (Unix time)."""
    if enabled():
        _append(name, time.time())


def start() -> None:
    """Record the command's start, and its end at exit; only in the process that began the
    run (worker processes inherit a marker and record neither)."""
    if not enabled() or os.environ.get(_CHILD):
        return
    os.environ[_CHILD] = "1"
    _append("start", time.time())
    atexit.register(mark, "end")


def first_page() -> None:
    """Record the first page read by this process (later pages are ignored)."""
    global _first_page_seen
    if not _first_page_seen and enabled():
        _first_page_seen = True
        _append("first_page", time.time())


def clock() -> float:
    """A start time for :func:`record`."""
    return time.perf_counter()


def record(name: str, started: float) -> None:
    """Record the seconds since ``started`` (:func:`clock`) as ``stage:<name>``."""
    if enabled():
        _append(f"stage:{name}", time.perf_counter() - started)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Record the seconds the body takes as ``stage:<name>``."""
    if not enabled():
        yield
        return
    t0 = time.perf_counter()
    try:
        yield
    finally:
        _append(f"stage:{name}", time.perf_counter() - t0)
