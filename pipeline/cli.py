"""The ``unrecs`` entry point: a plain ``unrecs extract`` is run without loading typer.

Every command is declared with typer in :mod:`pipeline.cli_app` (``pipeline.cli.app`` is that
app, loaded on first use). :func:`main` first tries to read an ``extract`` command line
without it (:func:`pipeline.extract_command.parse_extract`: typer's start costs more than a
short document's read) and otherwise hands the command line to typer.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any


def console() -> None:  # pragma: no cover - console entry point (tests run it as a process)
    """The ``unrecs`` command: :func:`main`, and after a plain ``extract`` run a quick exit.

    A plain ``extract`` has written its files (fsynced) and joined its threads and helper
    process when it returns, so the process ends at once (:func:`os._exit`) once the standard
    streams are flushed and the exit handlers have run: unloading numpy, pyarrow and the reader
    module by module would take longer than a short document's parse. Anything else ends the
    usual way."""
    try:
        main()
    except SystemExit as exc:
        if not _plain_extract_ran:
            raise
        code = exc.code
        if code is not None and not isinstance(code, int):
            print(code, file=sys.stderr)
            code = 1
        import atexit

        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code or 0)


#: set when :func:`main` ran a plain ``extract`` (its own code, not typer's)
_plain_extract_ran = False


def main() -> None:
    """``unrecs``: a plain ``extract`` run here, everything else by the typer app."""
    global _plain_extract_ran
    # numpy's OpenBLAS would start a thread per core at import (and spin them): the pipeline
    # does no linear algebra, so one thread (inherited by worker processes)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        args = sys.argv[1:]
        if args[:1] == ["extract"]:
            from pipeline import gcpolicy, recache

            gcpolicy.pause()  # until the reading stages are loaded (pipeline.gcpolicy)
            recache.prime()  # the patterns the modules to come compile through re
            from pipeline.extract_command import parse_extract, run_extract

            fast = parse_extract(args[1:])
            if fast is not None:
                _plain_extract_ran = True
                sys.exit(run_extract(**fast))
            gcpolicy.settle()
        from pipeline.cli_app import app

        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)


def __getattr__(name: str) -> Any:
    if name == "app":  # the typer app, loaded on first use
        from pipeline import cli_app

        return cli_app.app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
