"""One writer per output folder: an exclusive lock file ``OUT/.unrecs-lock`` held for a whole run.

The lock is an ``fcntl.flock`` on the file, so the kernel releases it when its holder dies,
however it dies. The file records the holder (``pid``, ``host``, ``started`` in UTC ISO 8601)
for the message a second run prints: ``OUT: output folder in use by process N since T``. A
file left behind by a dead holder is not locked any more: the next run takes it over and says
so in one warning line. The holder removes the file when the run ends. After taking the flock,
the holder checks that the path still names the file it locked (a finishing run may have removed
it in between) and starts again if not, so two runs can never both hold the folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline import errors

#: the lock file's name inside the output folder (never an output: validate and export skip
#: dot-files)
LOCK_NAME = ".unrecs-lock"
#: seconds between two attempts while waiting (--wait)
POLL_SECONDS = 0.2


class FolderBusy(Exception):
    """The output folder is held by another run (exit code :data:`errors.EXIT_BUSY`)."""

    exit_code = errors.EXIT_BUSY


def _hostname() -> str:
    """This machine's name (``socket.gethostname()``, read without importing socket: the
    kernel's node name it returns)."""
    uname = getattr(os, "uname", None)
    if uname is not None:
        return uname().nodename
    import socket

    return socket.gethostname()


def _holder(text: str) -> dict[str, object]:
    try:
        info = json.loads(text)
    except ValueError:
        return {}
    return info if isinstance(info, dict) else {}


def _alive(pid: object, host: object) -> bool:
    """Whether ``pid`` runs on this host (another host's process is assumed alive)."""
    if host != _hostname():
        return True
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _try_lock(path: Path) -> tuple[int, str] | None:
    """Open and flock ``path``; return (fd, earlier content) or None when held by another."""
    import fcntl

    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return None
            raise
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            earlier = os.pread(fd, 4096, 0).decode("utf-8", "replace")
            return fd, earlier
        os.close(fd)  # removed by its previous holder while we waited: lock the new file


def _busy_message(out: Path, text: str) -> str:
    info = _holder(text)
    pid = info.get("pid", "?")
    since = info.get("started", "?")
    host = info.get("host")
    where = f" on {host}" if host and host != _hostname() else ""
    return f"{out}: output folder in use by process {pid}{where} since {since}"


@contextlib.contextmanager
def output_lock(
    out: Path, wait: float = 0.0, warn: Callable[[str], None] | None = None
) -> Iterator[Path]:
    """Hold ``out`` for the duration of the ``with`` block (creating the folder).

    Raises :class:`FolderBusy` when another live run holds it and ``wait`` seconds have passed
    (0: fail at once). ``warn`` receives the one-line warning when a dead run's lock is taken
    over. ``OSError`` (no permission, disk full) propagates.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_NAME
    deadline = time.monotonic() + max(0.0, wait)
    while True:
        got = _try_lock(path)
        if got is not None:
            break
        if time.monotonic() >= deadline:
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            raise FolderBusy(_busy_message(out, text))
        time.sleep(POLL_SECONDS)
    fd, earlier = got
    try:
        info = _holder(earlier)
        if info and warn is not None:
            state = "no longer running" if not _alive(info.get("pid"), info.get("host")) else (
                "gone without releasing it")
            warn(f"warning: {out}: taking over the lock of process {info.get('pid', '?')} "
                 f"(since {info.get('started', '?')}), {state}")
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        record = json.dumps({"pid": os.getpid(), "host": _hostname(), "started": now})
        os.ftruncate(fd, 0)
        os.pwrite(fd, record.encode() + b"\n", 0)
        yield path
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)
