"""The ``extract`` command's guards: hold the output folder for the run, check the limits given.

Kept out of :mod:`pipeline.cli` so that the command only declares its options: the lock is
entered as a resource of the command's context (an :class:`contextlib.ExitStack` or the click
context), so it is released (and its file removed) however the command ends, with an exit code,
an error or normally. Typer is imported only by :func:`hold_output`, the typer commands' guard.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import errors
from pipeline.run.limits import Limits
from pipeline.run.lock import FolderBusy, output_lock

if TYPE_CHECKING:
    import typer


def lock_output(
    enter: Callable[[AbstractContextManager[Any]], Any],
    out: Path,
    wait: float,
    say: Callable[[str], None],
) -> int:
    """Take the lock on ``out`` through ``enter`` (``ExitStack.enter_context`` or the click
    context's ``with_resource``); 0, or the exit code after saying why not:
    :data:`errors.EXIT_BUSY` when another run holds ``out`` (after ``wait`` s),
    :data:`errors.EXIT_WRITE` when the folder or its lock file cannot be created."""
    try:
        enter(output_lock(out, wait=wait, warn=say))
    except FolderBusy as exc:
        say(f"error: {exc}")
        return errors.EXIT_BUSY
    except OSError as exc:
        say(f"error: {out}: cannot lock the output folder: {exc.strerror or exc}")
        return errors.EXIT_WRITE
    return errors.EXIT_OK


def hold_output(
    ctx: typer.Context,
    out: Path,
    wait: float,
    say: Callable[[str], None],
    timeout: float,
    max_pages: int,
    max_chars_per_page: int,
) -> Limits:
    """Check the limit options, take the lock on ``out`` for the command; return the limits.

    Exits with :data:`errors.EXIT_BUSY` when another run holds ``out`` (after ``wait`` s) and
    :data:`errors.EXIT_WRITE` when the folder or its lock file cannot be created.
    """
    import typer

    for value, hint in ((wait, "--wait"), (timeout, "--timeout"), (max_pages, "--max-pages"),
                        (max_chars_per_page, "--max-chars-per-page")):
        if value < 0:
            raise typer.BadParameter("must be 0 or more", param_hint=hint)
    code = lock_output(ctx.with_resource, out, wait, say)
    if code:
        raise typer.Exit(code)
    return Limits(timeout=timeout, max_pages=max_pages, max_chars_per_page=max_chars_per_page)


def clear_cache(out: Path, say: Callable[[str], None]) -> int:
    """``unrecs cache clear``: remove ``out``'s cache folder under the folder's lock; the exit
    code."""
    from pipeline.run.cache import CACHE_DIRNAME
    from pipeline.run.cache_entry import clear

    if not out.is_dir():
        say(f"{out}: no such folder, no cache to clear")
        return errors.EXIT_OK
    try:
        with output_lock(out, warn=say):
            entries, size = clear(out / CACHE_DIRNAME)
    except FolderBusy as exc:
        say(f"error: {exc}")
        return errors.EXIT_BUSY
    except OSError as exc:
        say(f"error: {out / CACHE_DIRNAME}: cannot remove: {exc.strerror or exc}")
        return errors.EXIT_WRITE
    say(f"{entries} cache file(s), {size / 1e6:.1f} MB removed from {out / CACHE_DIRNAME}")
    return errors.EXIT_OK
