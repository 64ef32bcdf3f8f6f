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

The task run on the workers is :mod:`pipeline.run.dask_task`; ``unrecs extract --engine dask``
is :mod:`pipeline.run.dask_command`. See ``docs/dask.md``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pipeline.errors import UnrecsError
from pipeline.fsutil import sha256_file as file_sha256
from pipeline.model import Extraction
from pipeline.parse.document import Mode, check_input
from pipeline.run.cache import cache_key
from pipeline.run.dask_task import (
    TaskError,
    _cache,
    _Done,
    _extract_task,
    _Failure,
    _one_line,
    _remember,
    _Task,
)

if TYPE_CHECKING:
    from distributed import Client

MODES = ("auto", "recommendations", "paragraphs")
#: prefix of every task key (shown as the task group on the Dask dashboard)
TASK_PREFIX = "unrecs-extract"
#: tasks in flight per worker thread (the rest wait on the client)
IN_FLIGHT_PER_THREAD = 4


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
