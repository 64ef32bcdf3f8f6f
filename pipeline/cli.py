"""The ``unrecs`` entry point: a plain ``unrecs extract`` is run without loading typer.

Every command is declared with typer in :mod:`pipeline.cli_app` (``pipeline.cli.app`` is that
app, loaded on first use). :func:`main` first tries to read an ``extract`` command line
without it (:func:`pipeline.extract_command.parse_extract`: typer's start costs more than a
short document's read) and otherwise hands the command line to typer.
"""

from __future__ import annotations

import os
import sys
from typing import Any


def main() -> None:  # pragma: no cover - console entry point
    """``unrecs``: a plain ``extract`` run here, everything else by the typer app."""
    # numpy's OpenBLAS would start a thread per core at import (and spin them): the pipeline
    # does no linear algebra, so one thread (inherited by worker processes)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        args = sys.argv[1:]
        if args[:1] == ["extract"]:
            from pipeline.extract_command import parse_extract, run_extract

            fast = parse_extract(args[1:])
            if fast is not None:
                sys.exit(run_extract(**fast))
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
