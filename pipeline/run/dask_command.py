"""``unrecs extract --engine dask``: extract on a Dask cluster, validate, write, summarise.

:func:`run_dask_extract` expands the inputs like the local engine, runs
:func:`pipeline.run.engine_dask.extract_outcomes_with_dask` under a progress bar, validates each
document like the local command, and writes the local folder's files plus the partitioned
Parquet dataset (:mod:`pipeline.out.dataset`), or the dataset only to an fsspec URL. See
``docs/dask.md``.
"""

from __future__ import annotations

import os
import re
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from pipeline.errors import (
    EXIT_INPUT,
    EXIT_INVALID,
    EXIT_USAGE,
    EXIT_WRITE,
    UnrecsError,
    ValidationError,
)
from pipeline.model import Extraction, Problem
from pipeline.run.cache import CACHE_DIRNAME
from pipeline.run.engine_dask import (
    MODES,
    ClusterError,
    CodeMismatchWarning,
    DocumentOutcome,
    extract_outcomes_with_dask,
)

#: the partitioned Parquet dataset's folder inside ``--out``
DATASET_DIR = "dataset"


def default_cache_dir() -> Path:
    """The cache of runs whose ``--out`` is a URL: ``$UNRECS_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/unrecs/extractions`` (``~/.cache/unrecs/extractions``)."""
    env = os.environ.get("UNRECS_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "unrecs" / "extractions"


def output_target(out: str | Path) -> str:
    """``--out`` as a local path or an fsspec URL.

    ``pathlib`` collapses ``s3://bucket/x`` into ``s3:/bucket/x``; that form is turned back into
    the URL. ``file://`` URLs become local paths."""
    from pipeline.out.dataset import is_url, split_url

    text = os.fspath(out)
    if not is_url(text) and isinstance(out, Path):
        head, sep, rest = text.partition(":/")
        if sep and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]+", head):
            if head.lower() in ("file", "local"):
                return "/" + rest
            text = f"{head}://{rest}"
    if is_url(text):
        protocol, path = split_url(text)
        if protocol in ("file", "local"):
            return path
    return text


def _echo(msg: str, quiet: bool = False) -> None:
    if not quiet:
        import typer

        typer.echo(msg, err=True)


def _validated(outcomes: Sequence[DocumentOutcome], strict: bool) -> tuple[
    list[Extraction], list[UnrecsError]
]:
    """The CLI's per-document validation: (kept, failed), in input order; each kept
    extraction carries its problems (``Extraction.problems``), as :func:`pipeline.api.extract`
    does."""
    from pipeline.out.problems import refusal
    from pipeline.out.rules import add_clashes
    from pipeline.out.validate import validate_extraction

    done: list[Extraction] = []
    found: list[list[Problem]] = []
    failed: list[UnrecsError] = []
    for o in outcomes:
        if isinstance(o.result, UnrecsError):
            failed.append(o.result)
            continue
        problems = validate_extraction(o.result)
        refused = refusal(problems, strict)
        if refused:
            failed.append(ValidationError(str(o.path),
                                          f"{len(refused)} problem(s); first: {refused[0]}"))
        else:
            o.result.problems = list(problems)
            done.append(o.result)
            found.append(problems)
    done, _ = add_clashes(done, found, failed, strict)
    return done, failed


def _write(done: list[Extraction], target: str, formats: set[str]) -> None:
    """Local: ``write_outputs`` into the folder plus the dataset in ``<out>/dataset`` (swapped in
    after the other files); remote: the dataset only."""
    from pipeline.out.dataset import is_url, join_url, remove_dataset, stage_dataset, write_dataset
    from pipeline.out.export import write_outputs

    if is_url(target):
        write_dataset(done, join_url(target, DATASET_DIR))
        return
    out_dir = Path(target)
    # validated documents: their rows were checked once, by the validation (write_outputs
    # checks the problems table, which the dataset holds too, before the dataset is swapped in)
    staged = stage_dataset(done, out_dir / DATASET_DIR, check=False) \
        if "parquet" in formats else None
    try:
        write_outputs(done, out_dir, formats, validated=True)
        if staged is not None:
            staged.commit()
        else:
            remove_dataset(out_dir / DATASET_DIR)  # never leave an older export's dataset
    finally:
        if staged is not None:
            staged.discard()


def run_dask_extract(
    paths: Sequence[str | Path],
    out: str | Path,
    *,
    scheduler: str | None,
    mode: str,
    password: str | None,
    backend: str,
    formats: Iterable[str],
    strict: bool,
    quiet: bool,
    n_workers: int = 2,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
) -> int:
    """``unrecs extract --engine dask``: extract on a Dask cluster, write, print the summary.

    ``paths`` are PDFs or folders (expanded like the local engine), ``out`` a local folder or an
    fsspec URL (``s3://bucket/unrecs``). Locally the folder gets exactly what the local engine
    writes plus the partitioned Parquet dataset in ``<out>/dataset`` (with ``parquet`` in
    ``formats``); a URL gets the dataset only. Errors are printed one per line
    (``error: FILE: problem``) in input order, then the summary line. ``cache_dir`` defaults to
    ``<out>/.unrecs-cache`` (the local engine's cache: the two engines share entries) or, for a
    URL, :func:`default_cache_dir`; ``use_cache=False`` disables it. Returns the exit code
    (README's table; 2 also for a missing Dask install or an unreachable scheduler). No
    cluster is contacted when every document comes from the cache.
    """
    from pipeline.out.dataset import is_url
    from pipeline.out.export import ExportError
    from pipeline.out.problems import run_exit_code, run_summary
    from pipeline.out.rules import stem_clashes
    from pipeline.run.inputs import collect_pdfs

    started = time.perf_counter()
    try:
        import distributed  # noqa: F401
    except ImportError:
        _echo("error: --engine dask needs Dask: pip install 'unrecs[dask]'")
        return EXIT_USAGE
    if mode not in MODES:
        _echo(f"error: --mode: must be one of {', '.join(MODES)}, not {mode!r}")
        return EXIT_USAGE
    formats = set(formats)
    target = output_target(out)
    if is_url(target) and "parquet" not in formats:
        _echo(f"error: {target}: a URL --out receives the Parquet dataset only: "
              "--format must include parquet")
        return EXIT_USAGE
    files = collect_pdfs([Path(p) for p in paths])
    if not files:
        _echo(f"error: {', '.join(map(str, paths))}: no PDF files found")
        return EXIT_INPUT
    cache: Path | None = None
    if use_cache:
        cache = Path(cache_dir) if cache_dir is not None else \
            default_cache_dir() if is_url(target) else Path(target) / CACHE_DIRNAME

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", CodeMismatchWarning)
            outcomes = _with_progress(
                quiet, len(files),
                lambda on_result: extract_outcomes_with_dask(
                    files, scheduler=scheduler, n_workers=n_workers, mode=mode,  # type: ignore[arg-type]
                    password=password, backend=backend, cache_dir=cache, on_result=on_result,
                ),
            )
    except ClusterError as exc:
        _echo(f"error: {exc}")
        return EXIT_USAGE
    for w in caught:
        if issubclass(w.category, CodeMismatchWarning):
            _echo(f"warning: {w.message}")

    done, failed = _validated(outcomes, strict)
    for exc in failed:
        _echo(f"error: {exc}")
    cached = sum(o.cached for o in outcomes)
    if cached:
        _echo(f"{cached} document(s) taken from the cache {cache}", quiet)
    if done:
        clashes = stem_clashes(done)
        if clashes:
            _echo(f"error: {target}: nothing written: {clashes[0]}")
            return EXIT_INVALID
        try:
            _write(done, target, formats)
        except (ExportError, OSError) as exc:
            _echo(f"error: {target}: nothing written: {exc}")
            return EXIT_INVALID if isinstance(exc, ExportError) else EXIT_WRITE
    records = sum(len(e.records) + len(e.paragraphs) for e in done)
    problems = [e.problems for e in done]
    _echo(run_summary(len(done), len(failed), records, problems,
                      time.perf_counter() - started, target), quiet)
    return run_exit_code([e.exit_code for e in failed], len(done), problems)


def _with_progress(
    quiet: bool,
    total: int,
    run: Callable[[Callable[[DocumentOutcome], None]], list[DocumentOutcome]],
) -> list[DocumentOutcome]:
    """Run with a progress bar over documents and pages on stderr (hidden unless a terminal)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True)
    progress = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("documents · {task.fields[pages]} pages"), TimeElapsedColumn(),
        console=console, transient=True, disable=quiet or not console.is_terminal,
    )
    task = progress.add_task("dask", total=total, pages=0)
    pages = 0

    def on_result(o: DocumentOutcome) -> None:
        nonlocal pages
        if isinstance(o.result, Extraction):
            pages += o.result.meta.page_count
        progress.update(task, advance=1, pages=pages, description=o.path.name)

    with progress:
        return run(on_result)
