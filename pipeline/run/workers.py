"""Worker processes for ``--jobs N``: one document at a time each, killed at its deadline,
replaced when it dies, so that a hostile document costs only itself.

``concurrent.futures.ProcessPoolExecutor`` marks its whole pool broken when one worker dies
(killed, out of memory, a crash inside a C library) and fails every pending document with it.
Here each worker is a :mod:`multiprocessing` process with its own pipe. The parent hands a
worker one document, waits on all pipes and process sentinels at once, and:

* takes each result as it arrives (in completion order; the caller keeps input order);
* when a worker's process ends without a result, reports that document as a
  :class:`~pipeline.errors.WorkerCrashError` (exit code 11: "worker process died (killed by
  SIGKILL: out of memory?)") and starts a new worker;
* when a document runs ``timeout`` seconds (plus a grace of :data:`GRACE` for the worker's own
  alarm to end it cleanly), kills the worker and reports a
  :class:`~pipeline.errors.LimitError` (exit code 10). This also bounds a C call that no signal
  can interrupt.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_any
from pathlib import Path
from typing import Any

#: seconds granted after ``timeout`` before the worker is killed
GRACE = 2.0
#: test hook, called in the worker with each document's path before it is extracted
_hook: Callable[[str], None] | None = None

Outcome = tuple[Any, tuple[str, str] | None]


def _serve(conn: Connection, fn: Callable[..., Outcome], args: tuple[Any, ...]) -> None:
    """A worker's loop: receive (index, path), send (index, outcome), until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        i, path = task
        if _hook is not None:
            _hook(path)
        conn.send((i, fn(path, *args)))


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = ": out of memory?" if -exitcode == signal.SIGKILL else ""
        return f"worker process died while reading it (killed by {name}{hint})"
    return f"worker process died while reading it (exit code {exitcode})"


class _Worker:
    def __init__(self, ctx: Any, fn: Callable[..., Outcome], args: tuple[Any, ...]) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, fn, args), daemon=True)
        self.process.start()
        child.close()
        self.task: int | None = None
        self.deadline = float("inf")

    def give(self, i: int, path: str, timeout: float) -> None:
        self.task = i
        self.deadline = time.monotonic() + timeout + GRACE if timeout > 0 else float("inf")
        self.conn.send((i, path))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def run_workers(
    order: Sequence[int],
    paths: Sequence[Path],
    workers: int,
    fn: Callable[..., Outcome],
    args: tuple[Any, ...],
    timeout: float,
    finish: Callable[[int, Outcome], None],
) -> None:
    """Extract ``paths[i]`` for each ``i`` of ``order`` as ``fn(str(path), *args)`` on
    ``workers`` processes; ``finish(i, outcome)`` is called for each, in completion order."""
    ctx = multiprocessing.get_context()
    queue = deque(order)
    pool = [_Worker(ctx, fn, args) for _ in range(min(workers, len(queue)))]
    try:
        while True:
            for w in pool:
                if w.task is None and queue:
                    i = queue.popleft()
                    w.give(i, str(paths[i]), timeout)
            busy = [w for w in pool if w.task is not None]
            if not busy:
                return
            left = min(w.deadline for w in busy) - time.monotonic()
            wait_any([w.conn for w in busy] + [w.process.sentinel for w in busy],
                     timeout=None if left == float("inf") else max(0.0, left))
            for n, w in enumerate(pool):
                if w.task is None:
                    continue
                i = w.task
                outcome = _collect(w, timeout)
                if outcome is None:
                    continue
                done, replace = outcome
                w.task = None
                if replace:
                    w.stop(kill=True)
                    pool[n] = _Worker(ctx, fn, args)
                finish(i, done)
    finally:
        for w in pool:
            w.stop()


def _collect(w: _Worker, timeout: float) -> tuple[Outcome, bool] | None:
    """A busy worker's outcome and whether to replace the worker, or None (still working)."""
    if w.conn.poll():
        try:
            _, result = w.conn.recv()
            return result, False
        except (EOFError, OSError):
            pass  # died while sending
    elif w.process.is_alive():
        if time.monotonic() < w.deadline:
            return None
        problem = f"took longer than {timeout:g} s (raise --timeout)"
        return (None, ("LimitError", problem)), True
    w.process.join(timeout=5)
    return (None, ("WorkerCrashError", _death(w.process.exitcode))), True
