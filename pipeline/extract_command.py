"""``unrecs extract``'s body (:func:`run_extract`), and its command line read without typer.

Typer costs a tenth of a second at every start, before any work: its import, and a pydantic
adapter built for each option it reads, more than a short document's whole read. So
:func:`pipeline.cli.main` reads a plain ``unrecs extract`` command line with
:func:`parse_extract`, which knows the options declared in :mod:`pipeline.cli_app`
(``tests/test_cli_fast.py`` keeps the two in step), and runs :func:`run_extract`. At anything
else (``--help``, an unknown, repeated or malformed option, a value the command would refuse,
``--engine dask``) it gives up and typer reads the command line, with the same help, messages
and exit codes as ever.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import errors, recache, timings
from pipeline.run.limits import DEFAULT_MAX_CHARS_PER_PAGE, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from rich.progress import Progress

FORMATS = ("csv", "parquet", "json")
MODES = ("auto", "recommendations", "paragraphs")
BACKENDS = ("pdfplumber", "pdfium")

#: ``unrecs extract``'s options as declared in :mod:`pipeline.cli_app`: flag → (parameter,
#: kind); a kind is the value's type, or the value a flag sets
OPTIONS: dict[str, tuple[str, Any]] = {
    "--out": ("out", Path), "-o": ("out", Path),
    "--mode": ("mode", str),
    "--format": ("fmt", str),
    "--password": ("password", str),
    "--backend": ("backend", str),
    "--strict": ("strict", True), "--no-strict": ("strict", False),
    "--quiet": ("quiet", True), "-q": ("quiet", True),
    "--verbose": ("verbose", True), "-v": ("verbose", True),
    "--jobs": ("jobs", int), "-j": ("jobs", int),
    "--cache": ("cache", True), "--no-cache": ("cache", False),
    "--engine": ("engine", str),
    "--scheduler": ("scheduler", str),
    "--wait": ("wait", float),
    "--timeout": ("timeout", float),
    "--max-pages": ("max_pages", int),
    "--max-chars-per-page": ("max_chars_per_page", int),
}
#: the options' defaults, as declared in :mod:`pipeline.cli_app`
DEFAULTS: dict[str, Any] = {
    "out": Path("output"), "mode": "auto", "fmt": "csv,parquet,json", "password": None,
    "backend": "pdfplumber", "strict": False, "quiet": False, "verbose": False, "jobs": 1,
    "cache": True, "engine": "local", "scheduler": None, "wait": 0.0,
    "timeout": DEFAULT_TIMEOUT, "max_pages": DEFAULT_MAX_PAGES,
    "max_chars_per_page": DEFAULT_MAX_CHARS_PER_PAGE,
}
_INT = recache.compile(r"[+-]?[0-9]+")
_FLOAT = recache.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def say(msg: str, quiet: bool = False) -> None:
    """Print one line on stderr (nothing with ``quiet``)."""
    if not quiet:
        print(msg, file=sys.stderr, flush=True)


def _value(kind: Any, text: str) -> Any:
    """``text`` as an option value of type ``kind``, or None when typer might read it
    otherwise or refuse it."""
    if kind is int:
        return int(text) if _INT.fullmatch(text) else None
    if kind is float:
        return float(text) if _FLOAT.fullmatch(text) else None
    if not text:
        return None
    return Path(text) if kind is Path else text


def parse_extract(args: list[str]) -> dict[str, Any] | None:
    """The arguments of ``unrecs extract`` (the words after ``extract``) as :func:`run_extract`'s
    keyword arguments, or None whenever typer should read them instead: help asked, an option
    unknown, malformed or given twice, no path, a value the command refuses (its message is
    typer's), the Dask engine."""
    given: dict[str, Any] = {}
    paths: list[Path] = []
    rest = list(args)
    while rest:
        word = rest.pop(0)
        if word == "--":  # the rest are paths
            if "" in rest or "-" in rest:
                return None
            paths += [Path(w) for w in rest]
            break
        if not word.startswith("-") or word == "-":
            if not word or word == "-":
                return None
            paths.append(Path(word))
            continue
        if word.startswith("--"):
            name, eq, attached = word.partition("=")
            pairs = [(name, attached if eq else None)]
        else:  # a cluster of short options: -qv, -j2, -o out
            pairs = []
            for i, letter in enumerate(word[1:], 1):
                flag = "-" + letter
                if flag in OPTIONS and OPTIONS[flag][1] not in (True, False):
                    pairs.append((flag, word[i + 1:] or None))
                    break
                pairs.append((flag, None))
        for flag, attached in pairs:
            if flag not in OPTIONS:
                return None
            param, kind = OPTIONS[flag]
            if param in given:
                return None
            if kind is True or kind is False:
                if attached is not None:
                    return None
                given[param] = kind
                continue
            if attached is None:
                if not rest:
                    return None
                attached = rest.pop(0)
            value = _value(kind, attached)
            if value is None:
                return None
            given[param] = value
    opts = {**DEFAULTS, **given}
    if not paths or opts["engine"] != "local" or opts["scheduler"] is not None:
        return None
    if opts["mode"] not in MODES or opts["backend"] not in BACKENDS:
        return None
    formats = {v.strip().lower() for v in opts.pop("fmt").split(",") if v.strip()}
    if not formats or formats - set(FORMATS):
        return None
    if min(opts["wait"], opts["timeout"], opts["max_pages"], opts["max_chars_per_page"]) < 0:
        return None
    del opts["engine"], opts["scheduler"]
    return {"paths": paths, "formats": formats, **opts}


class _NoProgress:
    """The progress bar of a --quiet run: shows nothing (and rich is not imported)."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, *args: Any, **kwargs: Any) -> int:
        return 0

    def update(self, *args: Any, **kwargs: Any) -> None:
        return None


#: environment variables that make rich treat a non-terminal as a terminal
_RICH_TERMINAL = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _progress(quiet: bool) -> Progress | _NoProgress:
    """A progress bar over documents and pages on stderr; invisible when stderr is not a
    terminal (logs, pipes, CI) or with --quiet, and cleared when done."""
    if quiet or not (_isatty(sys.stderr) or any(os.environ.get(v) for v in _RICH_TERMINAL)):
        return _NoProgress()  # rich would draw nothing: not worth its import
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True)
    # drawn by the run as it goes (REDRAW), not by a thread of rich's: with no other thread
    # running, a long document's read can be shared with a forked copy (pipeline.read.twoends)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("documents · {task.fields[pages]} pages read"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        auto_refresh=False,
        disable=quiet or not console.is_terminal,
    )


#: the progress bar is drawn again after a page read at most this often (seconds)
REDRAW = 0.1


#: what writing Parquet imports (pyarrow: a tenth of a second), loaded while the pages are read
PARQUET_MODULES = ("pyarrow", "pyarrow.parquet")


class _Preload:
    """Modules imported by a background thread, started once the first page is read (numpy
    and the reader are loaded by then, so the thread's imports and the main thread's do not
    wait for each other); :meth:`join` waits for them. Only in serial runs: a worker pool
    must not be forked while a thread holds the import lock."""

    def __init__(self, modules: tuple[str, ...]) -> None:
        self.modules = modules
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        if self.thread is not None or not self.modules:
            return
        self.thread = threading.Thread(target=self._run, name="unrecs-preload", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        import importlib

        for name in self.modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the writer imports it again and reports
                return

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join()


def _forget(callbacks: list[Any], callback: Any) -> None:
    """``callback`` taken off ``callbacks`` if it is still there (it never ran)."""
    with suppress(ValueError):
        callbacks.remove(callback)


def run_extract(
    paths: list[Path],
    *,
    out: Path,
    mode: str,
    formats: set[str],
    password: str | None,
    backend: str,
    strict: bool,
    quiet: bool,
    verbose: bool,
    jobs: int,
    cache: bool,
    wait: float,
    timeout: float,
    max_pages: int,
    max_chars_per_page: int,
    check: Callable[[], None] | None = None,
) -> int:
    """``unrecs extract`` on the local engine, its options already checked; the exit code.

    ``check`` (the typer command's check of the limit options) runs once the inputs are found,
    before the output folder is locked."""
    started = time.perf_counter()
    from pipeline.out import parquet_process

    with ExitStack() as stack:
        # before anything heavy is imported: a helper process imports pyarrow on the other core;
        # in a serial PDFium run, once the first document's head start is over (its first
        # pages loaded on the other core while the reader is imported: pdfium_early)
        gated = jobs == 1 and backend == "pdfium"
        helper = "parquet" in formats and parquet_process.start(gated=gated)
        if helper:
            stack.callback(parquet_process.stop)
            if gated:
                from pipeline.read import pdfium_early

                pdfium_early.WHEN_OVER.append(parquet_process.release)
                stack.callback(_forget, pdfium_early.WHEN_OVER, parquet_process.release)
        from pipeline.api import extract as extract_pdfs
        from pipeline.api import pdf_paths
        from pipeline.errors import UnrecsError
        from pipeline.read import twoends
        from pipeline.run.cache import CACHE_DIRNAME
        from pipeline.run.guard import lock_output
        from pipeline.run.limits import Limits

        # a run's only document may be read by this process and a copy of it, one from each
        # end (pipeline.read.twoends: never in a library caller's process); the Parquet helper
        # then yields the cores to them
        stack.enter_context(twoends.allowed())
        if helper:
            twoends.WHEN_SHARED.append(parquet_process.yield_cores)
            stack.callback(_forget, twoends.WHEN_SHARED, parquet_process.yield_cores)

        try:
            files = pdf_paths(paths)  # folders expanded once, here
        except UnrecsError as exc:
            say(f"error: {exc}")
            return exc.exit_code
        if check is not None:
            check()
        code = lock_output(stack.enter_context, out, wait, say)
        if code:
            return code
        limits = Limits(timeout=timeout, max_pages=max_pages,
                        max_chars_per_page=max_chars_per_page)
        return _extract_locked(files, started, out=out, mode=mode, formats=formats,
                               password=password, backend=backend, strict=strict, quiet=quiet,
                               verbose=verbose, jobs=jobs, cache_dir=out / CACHE_DIRNAME
                               if cache else None, limits=limits, extract_pdfs=extract_pdfs,
                               preload_parquet=not helper)


def _extract_locked(files: list[Path], started: float, *, out: Path, mode: str,
                    formats: set[str], password: str | None, backend: str, strict: bool,
                    quiet: bool, verbose: bool, jobs: int, cache_dir: Path | None,
                    limits: Any, extract_pdfs: Any, preload_parquet: bool = True) -> int:
    """The run itself, the output folder held: extract, report, write; the exit code.

    ``preload_parquet``: import pyarrow in a thread while the pages are read (when no helper
    process renders the Parquet files)."""
    progress = _progress(quiet)
    task = progress.add_task("", total=len(files), pages=0)
    pages_read = 0
    preload = _Preload(PARQUET_MODULES if "parquet" in formats and jobs == 1
                       and preload_parquet else ())

    drawn = 0.0  # when the bar was last drawn

    def on_document(path: Path) -> None:
        from pipeline.out import parquet_process

        parquet_process.release()  # a gated helper starts by the first document's end at last
        progress.update(task, description=path.name, advance=1, refresh=True)

    def on_page(_number: int) -> None:
        nonlocal pages_read, drawn
        pages_read += 1
        now = time.perf_counter()
        due = now - drawn >= REDRAW
        if due:
            drawn = now
        progress.update(task, pages=pages_read, refresh=due)
        if pages_read == 1:
            preload.start()

    try:
        with progress:
            result = extract_pdfs(
                files, jobs=jobs, mode=mode, password=password, backend=backend,
                strict=strict, cache_dir=cache_dir, progress=on_document, on_page=on_page,
                limits=limits,
            )
        return _report_and_write(result, started, out, formats, quiet, verbose, preload)
    finally:
        preload.join()


def _report_and_write(result: Any, started: float, out: Path, formats: set[str], quiet: bool,
                      verbose: bool, preload: _Preload) -> int:
    """Say what the run found, write the kept documents; the exit code."""
    done, failed = result.extractions, result.failed
    if verbose:
        for ex, problems in zip(done, result.document_problems, strict=True):
            path = Path(ex.meta.source_file)
            for p in problems:
                say(f"{path}: {p}")
            for r in ex.repairs:
                say(f"{path}: repair p. {r.box.page}: {r.kind}: {r.before!r} → {r.after!r}")
    for exc in failed:
        say(f"error: {exc}")
    if not verbose:
        for ex, problems in zip(done, result.document_problems, strict=True):
            errs = [p for p in problems if p.severity == "error"]
            if errs:
                say(f"{ex.meta.source_file}: written with {len(errs)} problem(s) (see the "
                    f"problems table); first: {errs[0]}", quiet)
    if done:
        from pipeline.out.problems import ExportError  # after the reading: not on its way

        with timings.stage("write"):  # any wait for the preload is the write's
            preload.join()
        from pipeline.out import parquet_process

        parquet_process.last_request()  # the run writes once
        try:
            result.write(out, formats)
        except (ExportError, OSError) as exc:
            say(f"error: {out}: nothing written: {exc}")
            return errors.EXIT_INVALID if isinstance(exc, ExportError) else errors.EXIT_WRITE
    if result.stats.from_cache:
        say(result.stats.summary(), quiet)
    from pipeline.out.problems import run_exit_code, run_summary

    problems = result.document_problems
    say(run_summary(len(done), len(failed), result.records, problems,
                    time.perf_counter() - started, out), quiet)
    return run_exit_code([e.exit_code for e in failed], len(done), problems)
