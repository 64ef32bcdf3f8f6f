"""Parquet rendered by a forked helper process, which imports pyarrow while the parent reads.

Writing Parquet needs pyarrow, whose import (about a tenth of a second) is as long as reading
a short document. A thread cannot hide it: imports hold the interpreter lock. So an ``unrecs
extract`` run forks a helper before it loads anything heavy (:func:`start`); the
helper imports pyarrow on the other core and then, on request, turns a table's columns into
the same Parquet bytes :func:`pipeline.out.dtypes.parquet_from_columns` makes
(:func:`submit`, :func:`collect`), while the parent renders the CSV and JSON files. The
parent never imports pyarrow.

The helper is a convenience, never a dependency: it is started only where ``os.fork`` exists
and the process runs no other thread (a fork copies one thread; locks held by others would
stay held in the copy), and any failure of it (it died, a pipe broke, it raised) makes
:func:`collect` return None, so the caller renders the bytes itself, with the same result
and the same errors. :func:`stop` ends it (killed when it was never used: a refused scan does
not wait for pyarrow's import) and waits for it, so its CPU time counts in the run's; told
that a request is the last (:func:`last_request`), the helper ends as soon as it has answered.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys
import threading
from typing import Any

_LENGTH = struct.Struct("<Q")


class _Helper:
    """The forked helper: its pid, the pipe ends to it and from it, whether it was used, and
    the process that started it (the only one that may use it)."""

    def __init__(self, pid: int, to_child: int, from_child: int, gated: bool) -> None:
        self.owner = os.getpid()
        self.pid = pid
        self.to_child = to_child
        self.from_child = from_child
        self.used = False
        self.gated = gated
        self.last = False  # the next answer is the last one asked for
        self.told = False  # told goodbye already


_helper: _Helper | None = None
#: the parent's threads may release the gate while it submits
_GATE_LOCK = threading.Lock()
#: the message that lets a gated helper import pyarrow
_GO = "go"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exactly(fd: int, n: int) -> bytes:
    chunks: list[bytes] = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError("the other end closed the pipe")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _send(fd: int, obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    _write_all(fd, _LENGTH.pack(len(data)) + data)


def _receive(fd: int) -> Any:
    (n,) = _LENGTH.unpack(_read_exactly(fd, _LENGTH.size))
    return pickle.loads(_read_exactly(fd, n))


def start(gated: bool = False) -> bool:
    """Fork the helper (once per process); False where it cannot be or would not help: no
    ``os.fork``, another thread running, pyarrow imported already, or the fork failed.

    ``gated``: the helper waits for :func:`release` (or the first request) before it imports
    pyarrow, so that it does not take the second core from work the parent does meanwhile."""
    global _helper
    if _helper is not None:
        return True
    if (not hasattr(os, "fork") or threading.active_count() != 1
            or "pyarrow.parquet" in sys.modules):
        return False
    down_r, down_w = os.pipe()
    up_r, up_w = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (down_r, down_w, up_r, up_w):
            os.close(fd)
        return False
    if pid == 0:  # pragma: no cover - the helper (run in the CLI's subprocess tests)
        os.close(down_w)
        os.close(up_r)
        _serve(down_r, up_w, gated)
    os.close(down_r)
    os.close(up_w)
    _helper = _Helper(pid, down_w, up_r, gated)
    return True


def release() -> None:
    """Let a gated helper import pyarrow now (nothing when it is not waiting); from any of the
    parent's threads."""
    helper = _helper
    if helper is None or not helper.gated or os.getpid() != helper.owner:
        return
    with _GATE_LOCK:
        if not helper.gated:
            return
        helper.gated = False
        with contextlib.suppress(OSError):  # a dead helper: the request finds out
            _send(helper.to_child, _GO)


def yield_cores() -> None:
    """Let the helper run only on a core no other process of this machine wants (the lowest
    priority, ``nice`` 19): the run's read is shared by two processes now
    (:mod:`pipeline.read.twoends`), and pyarrow's import, needed only to write, is better done
    while the stages after the read leave the second core idle. (A process may not raise its
    priority back: the helper keeps this one.)"""
    helper = _helper
    if helper is None or os.getpid() != helper.owner:
        return
    with contextlib.suppress(OSError, AttributeError):  # gone, or no such call here
        os.setpriority(os.PRIO_PROCESS, helper.pid, 19)


def _serve(requests: int, replies: int, gated: bool) -> None:  # pragma: no cover - helper
    """The helper's life: import pyarrow (once let, when ``gated``), answer requests until the
    parent says goodbye or closes the pipe."""
    code = 0
    try:
        # Ctrl-C goes to the whole process group: the parent handles it and closes the pipe
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if gated:
            try:
                if _receive(requests) != _GO:  # the parent's goodbye
                    os._exit(0)
            except EOFError:
                os._exit(0)
        try:  # pyarrow and the declared schemas, not the rest of the export
            import pyarrow.parquet  # noqa: F401

            from pipeline.out.dtypes import parquet_from_columns
        except BaseException:  # noqa: BLE001 - the parent renders the bytes and reports
            parquet_from_columns = None
        else:
            _warm_up(parquet_from_columns)
        while True:
            try:
                tables = _receive(requests)
            except EOFError:
                break
            if tables is None:  # the parent's goodbye (other processes forked from it may
                break           # hold the pipe open, so its end is no signal)
            if parquet_from_columns is None:
                _send(replies, ("failed", None))
                continue
            try:
                files = [parquet_from_columns(name, columns) for name, columns in tables]
            except BaseException:  # noqa: BLE001 - the parent renders the bytes and raises
                _send(replies, ("failed", None))
            else:
                _send(replies, ("ok", files))
    except BaseException:  # noqa: BLE001 - never let the helper run the parent's code
        code = 1
    finally:
        try:
            sys.stderr.flush()
        finally:
            os._exit(code)


def _warm_up(render: Any) -> None:  # pragma: no cover - runs in the helper
    """Render every table once, empty, while the parent still reads: a first Parquet file costs
    pyarrow more than later ones (the writer's and the codec's first use), and the parent's
    request, which waits for the answer, then finds them ready. The bytes are dropped."""
    try:
        from pipeline.out.declaration import TABLES

        for name, table in TABLES.items():
            render(name, {f.name: [] for f in table.fields})
    except Exception:  # noqa: BLE001 - only time is at stake: the requests are served anyway
        pass


def submit(tables: list[tuple[str, dict[str, list[Any]]]]) -> bool:
    """Ask the helper for each ``(table name, columns)`` as Parquet bytes, without waiting:
    :func:`collect` returns them. False when no helper runs or the request failed."""
    helper = _helper
    if helper is None or os.getpid() != helper.owner:
        return False
    helper.used = True
    release()  # a request lets a gated helper import what it needs (first the go, then it)
    try:
        _send(helper.to_child, tables)
    except OSError:
        stop()
        return False
    return True


def collect() -> list[bytes] | None:
    """The files of the last :func:`submit`; None when the helper failed (the caller then
    renders them itself)."""
    helper = _helper
    if helper is None or os.getpid() != helper.owner:
        return None
    try:
        status, files = _receive(helper.from_child)
    except (OSError, EOFError, pickle.PickleError, struct.error):
        stop()
        return None
    if helper.last:  # it ends while the parent writes its files (stop() waits for it)
        _goodbye(helper)
    return files if status == "ok" else None


def last_request() -> None:
    """The next request is the last one: the helper is told goodbye as soon as its answer has
    come, so that its exit (unloading pyarrow, a few ms) overlaps the parent's writing rather
    than follow it."""
    helper = _helper
    if helper is not None and os.getpid() == helper.owner:
        helper.last = True


def _goodbye(helper: _Helper) -> None:
    if not helper.told:
        helper.told = True
        with contextlib.suppress(OSError):
            _send(helper.to_child, None)


def stop() -> None:
    """End the helper and wait for it (killed first when it was never asked for anything)."""
    global _helper
    helper, _helper = _helper, None
    if helper is None or os.getpid() != helper.owner:
        return
    if not helper.used:
        with contextlib.suppress(OSError):
            os.kill(helper.pid, signal.SIGKILL)
    else:
        _goodbye(helper)
    for fd in (helper.to_child, helper.from_child):
        with contextlib.suppress(OSError):
            os.close(fd)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(helper.pid, 0)
