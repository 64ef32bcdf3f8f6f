"""Dask engine: extract documents on a ``dask.distributed`` cluster, one task per document.

:func:`extract_with_dask` sends every document to a Dask cluster — a ``LocalCluster`` of worker
processes on this machine, or an existing cluster given by its scheduler address — and gathers
the results in input order. It gives exactly the extractions :func:`pipeline.parse.document.
extract_document` gives locally (same records, meetings, paragraphs and metadata).

* **One task per distinct document, keyed by content.** A task's key is
  ``unrecs-extract-<content key>``, where the content key is the SHA-256 of the PDF's bytes, the
  pipeline version, a hash of the pipeline's code, the mode and the backend (the cache key). The
  same PDF given twice — or submitted by two clients to one scheduler at the same time — is
  computed once. Results are handed back per input path (``source_file`` and error messages
  name the path given).
* **Failures are values.** A task catches :class:`~pipeline.errors.UnrecsError` and returns it;
  any other exception, and a document that kills its worker more often than the scheduler's
  ``distributed.scheduler.allowed-failures`` (default 3), becomes a one-line :class:`TaskError`
  naming the file. The other documents are unaffected.
* **Lost workers.** When a worker dies mid-task, the scheduler reschedules its tasks on the
  other workers (results are kept per key, so nothing is lost or counted twice).
* **Resumable.** With a ``cache_dir`` (:mod:`pipeline.run.cache`: the local engine's cache, same
  keys and layout), documents already in the cache — extractions and reproducible failures —
  are not submitted at all. Workers that share the client's file system (a ``LocalCluster``)
  store each result in the cache (atomically: temporary file and rename) as soon as it is
  done, so a run killed midway resumes where it stopped; otherwise the client stores what it
  receives.
* **Bounded memory.** At most a few tasks per worker thread are in flight at any time.

Workers must be able to import this package. Each worker keys its cache entries with its own
code hash; a document extracted by a worker whose code differs from the client's is still
returned, but not cached under the client's key, and a :class:`CodeMismatchWarning` says so.
With a ``LocalCluster`` the workers read the PDFs from their paths; with a remote scheduler the
PDF bytes are sent with each task (``ship_pdfs``), so the workers need no access to the
client's files. A ``password`` travels with the tasks.

:func:`run_dask_extract` is the ``unrecs extract --engine dask`` command; the partitioned
Parquet dataset is written by :mod:`pipeline.out.dataset`. See ``docs/dask.md``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pipeline.errors import (
    EXIT_INPUT,
    EXIT_INVALID,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    UnrecsError,
    ValidationError,
)
from pipeline.fsutil import sha256_file as file_sha256
from pipeline.model import Extraction
from pipeline.parse.document import Mode, check_input
from pipeline.run.cache import CACHE_DIRNAME, ExtractionCache, cache_key

if TYPE_CHECKING:
    from distributed import Client

MODES = ("auto", "recommendations", "paragraphs")
#: prefix of every task key (shown as the task group on the Dask dashboard)
TASK_PREFIX = "unrecs-extract"
#: tasks in flight per worker thread (the rest wait on the client)
IN_FLIGHT_PER_THREAD = 4
#: the partitioned Parquet dataset's folder inside ``--out``
DATASET_DIR = "dataset"


class TaskError(UnrecsError):
    """A document whose task failed for a reason other than a known input problem."""

    exit_code = EXIT_SOME_FAILED


class ClusterError(RuntimeError):
    """The Dask cluster cannot be reached (bad address, scheduler down) or started."""


class CodeMismatchWarning(UserWarning):
    """Some documents were extracted by workers whose unrecs code differs from the client's."""


class DocumentOutcome(NamedTuple):
    """What became of one input path: its extraction or its error, and whether from cache."""

    path: Path
    result: Extraction | UnrecsError
    cached: bool


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


@dataclasses.dataclass(frozen=True, slots=True)
class _Failure:
    """An error as a task result (``UnrecsError`` does not survive pickling: two-arg init)."""

    kind: type[UnrecsError]
    problem: str

    def error(self, path: Path) -> UnrecsError:
        try:
            return self.kind(str(path), self.problem)
        except TypeError:  # a subclass with another signature: keep the message, lose the class
            return TaskError(str(path), self.problem)


@dataclasses.dataclass(frozen=True, slots=True)
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


@dataclasses.dataclass(frozen=True, slots=True)
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


# --------------------------------------------------------------------------------------------
# The client side
# --------------------------------------------------------------------------------------------


def _for_path(
    value: Extraction | _Failure | UnrecsError, path: Path
) -> Extraction | UnrecsError:
    """A task's result as seen from ``path`` (identical PDFs share one task and one result)."""
    if isinstance(value, _Failure):
        return value.error(path)
    if isinstance(value, UnrecsError):
        return _Failure(type(value), value.problem).error(path)
    if value.meta.source_file != path.name:
        value = dataclasses.replace(value, meta=dataclasses.replace(value.meta,
                                                                    source_file=path.name))
    return value


def _in_flight(client: Client) -> int:
    try:
        threads = sum(client.nthreads().values())
    except Exception:  # noqa: BLE001 - a scheduler that does not answer: keep a small window
        threads = 1
    return max(4, IN_FLIGHT_PER_THREAD * threads)


def _run_tasks(
    client: Client,
    tasks: list[_Task],
    retries: int,
    prepare: Callable[[_Task], _Task | _Failure],
    on_task: Callable[[_Task, _Done], None],
) -> None:
    """Submit ``tasks`` (each through ``prepare`` just before) with a bounded number in flight;
    call ``on_task`` as each finishes, in completion order."""
    from distributed import KilledWorker, as_completed

    pending = iter(tasks)
    owner: dict[Any, _Task] = {}
    done = as_completed()

    def top_up() -> None:
        limit = _in_flight(client)
        while len(owner) < limit:
            task = next(pending, None)
            if task is None:
                return
            ready = prepare(task)
            if isinstance(ready, _Failure):
                on_task(task, _Done(ready, task.key, cacheable=False))
                continue
            fut = client.submit(_extract_task, ready, retries=retries,
                                key=f"{TASK_PREFIX}-{_task_key(task)}")
            owner[fut] = task
            done.add(fut)

    top_up()
    for fut in done:
        task = owner.pop(fut)
        done_: _Done
        try:
            done_ = fut.result()
        except KilledWorker:
            done_ = _Done(_Failure(TaskError, "the Dask worker died each time it extracted this "
                                   "document (KilledWorker: crash or out of memory)"), task.key)
        except Exception as exc:  # noqa: BLE001 - lost connection etc.: stop unless still up
            if client.status != "running":
                raise
            done_ = _Done(_Failure(TaskError, f"Dask task failed ({_one_line(exc)})"), task.key)
        fut.release()
        on_task(task, done_)
        top_up()


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _task_key(task: _Task) -> str:
    """Content key, plus the password's hash when one is given (its outcome may differ)."""
    if task.password is None:
        return task.key
    salt = hashlib.sha256(task.password.encode()).hexdigest()[:16]
    return f"{task.key}-{salt}"


def _is_local_cluster(client: Client) -> bool:
    from distributed import LocalCluster

    return isinstance(getattr(client, "cluster", None), LocalCluster)


def _connect(scheduler: str | None, n_workers: int) -> Client:
    """A client of the cluster at ``scheduler``, else of a new ``LocalCluster``."""
    from distributed import Client as _Client

    where = scheduler or f"LocalCluster({n_workers})"
    try:
        return start_local_cluster(n_workers) if scheduler is None else _Client(scheduler)
    except (OSError, TimeoutError, ValueError, TypeError, RuntimeError) as exc:
        raise ClusterError(f"{where}: cannot reach the Dask scheduler ({_one_line(exc)})") \
            from exc


def start_local_cluster(n_workers: int = 2, *, dashboard_address: str = "127.0.0.1:0") -> Client:
    """A client of a new ``LocalCluster`` of ``n_workers`` single-threaded worker processes,
    everything on 127.0.0.1 (dashboard on a free port: ``client.dashboard_link``); call
    ``client.close(); client.cluster.close()`` when done."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=dashboard_address)
    try:
        return Client(cluster)
    except BaseException:
        cluster.close()
        raise


def extract_outcomes_with_dask(
    paths: Iterable[str | Path],
    *,
    scheduler: str | None = None,
    n_workers: int = 2,
    mode: Mode = "auto",
    password: str | None = None,
    backend: str = "pdfplumber",
    cache_dir: str | Path | None = None,
    client: Client | None = None,
    retries: int = 1,
    ship_pdfs: bool | None = None,
    extract_fn: Callable[..., Extraction] | None = None,
    on_result: Callable[[DocumentOutcome], None] | None = None,
) -> list[DocumentOutcome]:
    """Like :func:`extract_with_dask`, but one :class:`DocumentOutcome` per input path, in input
    order (the CLI needs to know which path each extraction or error belongs to)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}: {mode!r}")
    files = [Path(p) for p in paths]
    outcomes: list[DocumentOutcome | None] = [None] * len(files)

    def settle(i: int, result: Extraction | UnrecsError, cached: bool) -> None:
        outcomes[i] = DocumentOutcome(files[i], result, cached)
        if on_result is not None:
            on_result(outcomes[i])

    # cheap checks and cache look-ups on the client: only real work goes to the cluster
    by_key: dict[str, list[int]] = {}
    sha: dict[str, str] = {}
    for i, path in enumerate(files):
        try:
            check_input(path)
            digest = file_sha256(path)
            key = cache_key(digest, mode, backend)
        except UnrecsError as exc:
            settle(i, exc, False)
            continue
        except OSError as exc:  # unreadable (permissions ...): same wording as a broken PDF
            settle(i, UnrecsError(str(path), f"cannot be read ({type(exc).__name__})"), False)
            continue
        by_key.setdefault(key, []).append(i)
        sha[key] = digest
    cache = _cache(cache_dir)
    todo: dict[str, list[int]] = {}
    for key, indices in by_key.items():
        hit = cache.load(key, files[indices[0]]) if cache is not None else None
        if hit is None:
            todo[key] = indices
            continue
        for i in indices:
            settle(i, _for_path(hit, files[i]), True)

    if todo:
        own = client is None
        if client is None:
            client = _connect(scheduler, n_workers)
        try:
            ship = not _is_local_cluster(client) if ship_pdfs is None else ship_pdfs
            tasks: list[_Task] = [
                _Task(
                    source=str(files[indices[0]]),
                    key=key,
                    sha256=sha[key],
                    data=None,
                    mode=mode,
                    password=password,
                    backend=backend,
                    # workers that read the client's paths share its file system
                    cache_dir=None if cache_dir is None or ship else str(cache_dir),
                    extract_fn=extract_fn,
                )
                for key, indices in todo.items()
            ]
            tasks.sort(key=lambda t: -_size(t.source))  # the longest first: no long tail

            def prepare(task: _Task) -> _Task | _Failure:
                if not ship:
                    return task
                try:
                    return dataclasses.replace(task, data=Path(task.source).read_bytes())
                except OSError as exc:
                    return _Failure(UnrecsError, f"cannot be read ({type(exc).__name__})")

            def on_task(task: _Task, done_: _Done) -> None:
                results = [_for_path(done_.value, files[i]) for i in todo[task.key]]
                if done_.key != task.key:  # made by other code: not this client's to cache
                    other_code.extend(files[i] for i in todo[task.key])
                elif task.cache_dir is None and done_.cacheable:  # workers could not store it
                    _remember(cache, task.key, results[0])
                for i, result in zip(todo[task.key], results, strict=True):
                    settle(i, result, False)

            other_code: list[Path] = []
            _run_tasks(client, tasks, retries, prepare, on_task)
            if other_code:
                warnings.warn(CodeMismatchWarning(
                    f"{len(other_code)} document(s) (first: {other_code[0]}) were extracted by "
                    "Dask workers running other unrecs code than this client; install the same "
                    "version on every worker"), stacklevel=2)
        finally:
            if own:
                cluster = getattr(client, "cluster", None)
                client.close()
                if scheduler is None and cluster is not None:
                    cluster.close()
    assert all(o is not None for o in outcomes)
    return outcomes  # type: ignore[return-value]


def extract_with_dask(
    paths: Iterable[str | Path],
    *,
    scheduler: str | None = None,
    n_workers: int = 2,
    mode: Mode = "auto",
    password: str | None = None,
    backend: str = "pdfplumber",
    cache_dir: str | Path | None = None,
    client: Client | None = None,
    retries: int = 1,
    ship_pdfs: bool | None = None,
    extract_fn: Callable[..., Extraction] | None = None,
    on_result: Callable[[DocumentOutcome], None] | None = None,
) -> tuple[list[Extraction], list[UnrecsError]]:
    """Extract ``paths`` on a Dask cluster: (extractions, errors), each in input order.

    The cluster is ``client`` when given (left open), else ``Client(scheduler)`` when an
    address such as ``tcp://10.0.0.5:8786`` is given, else a new ``LocalCluster`` of
    ``n_workers`` single-threaded worker processes (both closed at the end). ``cache_dir``
    enables the content-hash cache (skip documents already extracted; resume a killed run).
    A worker dying mid-task is handled by the scheduler: the task is rescheduled on another
    worker, up to ``distributed.scheduler.allowed-failures`` times, then the document is a
    :class:`TaskError`. ``retries`` is Dask's retry count for a task that fails outside the
    extraction (a worker that cannot import unrecs ...). ``ship_pdfs`` sends the PDF bytes with
    each task (default: only when not on a ``LocalCluster``). ``extract_fn`` replaces
    :func:`~pipeline.parse.document.extract_document` in the tasks (instrumentation, tests; it
    must be picklable); ``on_result`` is called on the client as each document settles. Raises
    :class:`ClusterError` when the cluster cannot be reached; warns with
    :class:`CodeMismatchWarning` when workers run other unrecs code than the client. No cluster
    is contacted when every document is in the cache.
    """
    outcomes = extract_outcomes_with_dask(
        paths, scheduler=scheduler, n_workers=n_workers, mode=mode, password=password,
        backend=backend, cache_dir=cache_dir, client=client, retries=retries,
        ship_pdfs=ship_pdfs, extract_fn=extract_fn, on_result=on_result,
    )
    done = [o.result for o in outcomes if isinstance(o.result, Extraction)]
    failed = [o.result for o in outcomes if isinstance(o.result, UnrecsError)]
    return done, failed


# --------------------------------------------------------------------------------------------
# unrecs extract --engine dask
# --------------------------------------------------------------------------------------------


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
    list[Extraction], list[UnrecsError], int
]:
    """The CLI's per-document validation: (extracted, failed, warnings), in input order."""
    from pipeline.out.validate import validate_extraction

    done: list[Extraction] = []
    failed: list[UnrecsError] = []
    n_warnings = 0
    for o in outcomes:
        if isinstance(o.result, UnrecsError):
            failed.append(o.result)
            continue
        problems = validate_extraction(o.result)
        errs = [p for p in problems if p.severity == "error" or strict]
        if errs:
            failed.append(ValidationError(str(o.path), f"{len(errs)} problem(s); first: {errs[0]}"))
        else:
            done.append(o.result)
            n_warnings += len(problems)
    return done, failed, n_warnings


def _write(done: list[Extraction], target: str, formats: set[str]) -> None:
    """Local: ``write_outputs`` into the folder plus the dataset in ``<out>/dataset`` (swapped in
    after the other files); remote: the dataset only."""
    from pipeline.out.dataset import is_url, join_url, remove_dataset, stage_dataset, write_dataset
    from pipeline.out.export import write_outputs

    if is_url(target):
        write_dataset(done, join_url(target, DATASET_DIR))
        return
    out_dir = Path(target)
    staged = stage_dataset(done, out_dir / DATASET_DIR) if "parquet" in formats else None
    try:
        write_outputs(done, out_dir, formats)
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
    from pipeline.out.validate import validate_extractions
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

    done, failed, n_warnings = _validated(outcomes, strict)
    for exc in failed:
        _echo(f"error: {exc}")
    cached = sum(o.cached for o in outcomes)
    if cached:
        _echo(f"{cached} document(s) taken from the cache {cache}", quiet)
    if done:
        clashes = [p for p in validate_extractions(done) if p.severity == "error"]
        if clashes:
            _echo(f"error: {target}: nothing written: {clashes[0]}")
            return EXIT_INVALID
        try:
            _write(done, target, formats)
        except (ExportError, OSError) as exc:
            _echo(f"error: {target}: nothing written: {exc}")
            return EXIT_INVALID if isinstance(exc, ExportError) else EXIT_INPUT
    records = sum(len(e.records) + len(e.paragraphs) for e in done)
    _echo(
        f"{len(done)} document(s) extracted, {len(failed)} failed, {records} records, "
        f"{n_warnings} warning(s), {time.perf_counter() - started:.1f}s → {target}",
        quiet,
    )
    if failed:
        codes = {e.exit_code for e in failed}
        return codes.pop() if len(codes) == 1 and not done else EXIT_SOME_FAILED
    return 0


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
