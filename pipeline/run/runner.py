"""Extract many documents: worker processes, input order kept, errors collected, cached results.

:func:`extract_many` is what ``unrecs extract`` runs over its inputs. Whatever ``jobs`` is, the
extractions come back in input order and are exactly those of a serial run (each document is
extracted by the same deterministic code; results cross the process boundary by pickle, which
preserves every value). A document's :class:`~pipeline.errors.UnrecsError` is collected, not
raised. With a ``cache_dir``, a document whose bytes were already extracted by the same code,
mode and backend is taken from the content-hash cache (:mod:`pipeline.run.cache`) without reading
the PDF; everything extracted is stored there.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pipeline import errors, gcpolicy, timings, usercache
from pipeline.errors import NO_TEXT_LAYER, NoTextError, UnrecsError
from pipeline.fsutil import sha256_file as file_sha256
from pipeline.model import Extraction
from pipeline.read import twoends
from pipeline.records import dataclass
from pipeline.run.cache import ExtractionCache, cache_key
from pipeline.run.limits import Limits, limited

if TYPE_CHECKING:
    from pipeline.out.tables import Prepared
    from pipeline.out.validate import Problem


@dataclass(slots=True)
class RunStats:
    """What a run did: documents taken from the cache, extracted from their PDF, failed."""

    documents: int = 0
    #: results (extractions or remembered errors) taken from the cache, no PDF read
    from_cache: int = 0
    #: documents not found in the cache and run through the pipeline (successfully or not)
    extracted: int = 0
    #: documents that ended in an error (from the cache or not)
    failed: int = 0
    #: pages of the documents extracted in this run
    pages: int = 0
    jobs: int = 1
    seconds: float = 0.0

    @property
    def nothing_changed(self) -> bool:
        """True when every document came from the cache: no PDF was read."""
        return self.documents > 0 and self.from_cache == self.documents

    def summary(self) -> str:
        """One line for the CLI, e.g. ``nothing changed: 1 document(s) from cache, no PDF
        work`` or ``3 document(s) extracted, 2 from cache``."""
        if self.nothing_changed:
            return f"nothing changed: {self.from_cache} document(s) from cache, no PDF work"
        text = f"{self.extracted} document(s) extracted"
        if self.from_cache:
            text += f", {self.from_cache} from cache"
        return text


class Checked(NamedTuple):
    """An extraction and the problems :func:`pipeline.out.rules.validate_extraction` found in
    it, checked in the process that extracted it; from a pool's worker, also what the checks
    built of its tables and JSON (the JSON as its final bytes around the problems), which the
    parent's write uses instead of building them again."""

    extraction: Extraction
    problems: list[Problem]
    prepared: Prepared | None = None


@dataclass(slots=True)
class Run:
    """What :func:`run_extractions` returns: the extractions and errors in input order, the
    problems of each extraction when it was validated where it was extracted (None: not
    validated, e.g. taken from the cache), and the run's figures."""

    extractions: list[Extraction]
    failed: list[UnrecsError]
    stats: RunStats
    problems: list[list[Problem] | None] = field(default_factory=list)


def _rebuild(kind: str, path: str, problem: str) -> UnrecsError:
    cls = getattr(errors, kind, UnrecsError)
    if not (isinstance(cls, type) and issubclass(cls, UnrecsError)):
        cls = UnrecsError
    return cls(path, problem)


def _extract_one(
    path: str,
    mode: str,
    password: str | None,
    backend: str,
    on_page: Callable[[int], None] | None = None,
    limits: Limits | None = None,
    sha256: str | None = None,
    validate: bool = False,
    worker: bool = False,
) -> tuple[Extraction | Checked | None, tuple[str, str] | None]:
    """Extract one document (in a worker process or in-process); ``validate``: check it here
    too (:class:`Checked`), so that a pool's workers share the checks instead of the parent
    making them one document after another once every worker is done; ``worker``: this is a
    pool's worker process (the document is written by another).

    An :class:`UnrecsError` comes back as (class name, problem): its two-argument constructor
    does not survive pickling as an exception.
    """
    def refuse_a_scan() -> None:
        # a scan is refused before the parser is loaded, when it is not yet: once it is (the
        # second document of a run, a pool's workers), the reader refuses it with the same
        # words, and the pre-check would only open and load page 1 twice (the default
        # backend's reader, pdfminer, is asked to agree only where nothing can hide text from
        # PDFium: a file that names no font at all, see names_no_font)
        if ("pipeline.parse.document" not in sys.modules
                and (backend == "pdfium" or names_no_font(Path(path)))
                and without_text_objects(Path(path), password)):
            raise NoTextError(path, NO_TEXT_LAYER)  # what the parser would say, unloaded
        if "pipeline.read.pdfium_early" in sys.modules:
            from pipeline.read import pdfium_early

            if backend != "pdfium":
                pdfium_early.discard()
            elif "pipeline.parse.document" not in sys.modules:
                # the PDFium reader will take the document the checks opened: its first pages
                # are loaded while the reader and the parser are imported
                early = pdfium_early.keep(path, password)
                if early is not None:
                    early.load_ahead()

    try:
        with limited(Path(path), limits, password, backend, first=refuse_a_scan):
            from pipeline.parse import (
                document as extract,  # looked up at call time (tests may replace it)
            )

            gcpolicy.settle()  # the reading stages are loaded (a no-op but the first time)

            ex = extract.extract_document(Path(path), mode=mode,  # type: ignore[arg-type]
                                          password=password, backend=backend, on_page=on_page,
                                          sha256=sha256)
    except UnrecsError as exc:
        return None, (type(exc).__name__, exc.problem)
    finally:
        if "pipeline.read.pdfium_early" in sys.modules:
            sys.modules["pipeline.read.pdfium_early"].discard()  # whatever the reader left
        if worker:  # a pool's worker ends without exit handlers: its new cache entries saved here
            usercache.save_all()
    return (_checked(ex, keep=not worker) if validate else ex), None


def _checked(ex: Extraction, keep: bool) -> Extraction | Checked:
    """``ex`` with its problems; ``ex`` alone when the checks themselves fail, so that the
    caller runs them again and their error surfaces there as it would without a pool.
    ``keep``: what the checks built is kept for this process's write of ``ex``
    (:func:`pipeline.out.rules.validate_extraction`); a worker, whose extractions are written
    by another process, keeps nothing (:func:`pipeline.out.rules.check_extraction`) and sends
    it with the extraction instead, the JSON rendered here (:func:`pipeline.out.export.rendered`):
    the workers render in parallel what the parent would render after the last of them."""
    from pipeline.out.rules import check_extraction, validate_extraction

    try:
        with timings.stage("validate"):
            if keep:
                return Checked(ex, validate_extraction(ex))
            problems, prepared = check_extraction(ex)
            if prepared is not None:
                from pipeline.out.export import rendered

                prepared = rendered(prepared)
            return Checked(ex, problems, prepared)
    except Exception:  # noqa: BLE001 - raised again by the caller's own check
        return ex


def names_no_font(path: Path) -> bool:
    """True when the file's bytes name no font (no ``/Font`` key or type anywhere) and hide no
    object in an object stream (no ``/ObjStm``), so no page can have a font resource.

    Asked before the default backend's reader is loaded: pdfminer draws a character only for
    a text-showing operator, which PDFium sees as a text object too, but a content stream
    PDFium could not parse might still hold text pdfminer reads; such text names its font in
    the page's resources. A file that names none, and that PDFium finds without text objects,
    is a scan for both readers (pdfminer's import alone takes longer than the plain
    pdfplumber process takes to read a scan). False whenever unsure."""
    import mmap

    try:
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as m:
            return m.find(b"/Font") < 0 and m.find(b"/ObjStm") < 0
    except (OSError, ValueError):
        return False


def without_text_objects(path: Path, password: str | None = None) -> bool:
    """True when ``path`` is a PDF (header) that PDFium opens, with pages, none of which holds a
    text object at any depth of its forms: a scan, which the reader would refuse for having no
    text layer after reading every page (:data:`~pipeline.errors.NO_TEXT_LAYER`). Decided
    before the reader and the parser are loaded; False whenever unsure (the reader decides).
    The document stays open for the PDFium reader (:mod:`pipeline.read.pdfium_early`)."""
    try:
        with open(path, "rb") as fh:
            if b"%PDF-" not in fh.read(1024):
                return False
        from pipeline.read import pdfium_early
        from pipeline.read.lock import PDFIUM_LOCK
        from pipeline.read.pdfium_doc import PAGEOBJ_FORM, PAGEOBJ_TEXT

        early = pdfium_early.keep(path, password)  # left open for the reader
        if early is None:
            return False
        doc = early.doc
        c = doc.lib
        with PDFIUM_LOCK:
            if len(doc) == 0:
                return False
            for i in range(len(doc)):
                page = doc[i]
                try:
                    ph = page.raw
                    todo = [c.FPDFPage_GetObject(ph, k)
                            for k in range(c.FPDFPage_CountObjects(ph))]
                    while todo:
                        obj = todo.pop()
                        kind = c.FPDFPageObj_GetType(obj) if obj else None
                        if kind == PAGEOBJ_TEXT:
                            return False
                        if kind == PAGEOBJ_FORM:
                            todo += [c.FPDFFormObj_GetObject(obj, k)
                                     for k in range(c.FPDFFormObj_CountObjects(obj))]
                finally:
                    page.close()
            return True
    except Exception:  # noqa: BLE001 - unreadable, encrypted …: the loader says so
        return False


def extract_many(
    paths: Sequence[Path],
    *,
    jobs: int = 1,
    mode: str = "auto",
    password: str | None = None,
    backend: str = "pdfplumber",
    cache_dir: Path | None = None,
    progress: Callable[[Path], None] | None = None,
    on_page: Callable[[int], None] | None = None,
    limits: Limits | None = None,
) -> tuple[list[Extraction], list[UnrecsError], RunStats]:
    """Extract every PDF in ``paths``; return extractions and errors (both in input order).

    ``jobs`` worker processes share the documents (``jobs <= 0``: one per CPU); ``jobs=1``
    runs in this process. ``cache_dir`` enables the content-hash cache. ``progress`` is called
    with each path as its document is done (in completion order); ``on_page`` with each page
    number as it is read, in serial runs only. ``limits`` bounds each document's work
    (:mod:`pipeline.run.limits`; None: unbounded); with workers, a document past its timeout
    or whose worker dies costs only itself (:mod:`pipeline.run.workers`).
    """
    run = run_extractions(paths, jobs=jobs, mode=mode, password=password, backend=backend,
                          cache_dir=cache_dir, progress=progress, on_page=on_page,
                          limits=limits)
    return run.extractions, run.failed, run.stats


def run_extractions(
    paths: Sequence[Path],
    *,
    jobs: int = 1,
    mode: str = "auto",
    password: str | None = None,
    backend: str = "pdfplumber",
    cache_dir: Path | None = None,
    progress: Callable[[Path], None] | None = None,
    on_page: Callable[[int], None] | None = None,
    limits: Limits | None = None,
    validate: bool = False,
) -> Run:
    """:func:`extract_many`, and with ``validate`` each document extracted (not taken from the
    cache) is also checked (:func:`pipeline.out.rules.validate_extraction`) by the process that
    extracted it: with workers, the checks run in parallel like the extractions instead of
    after the last of them (:attr:`Run.problems`)."""
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    if jobs <= 0:
        jobs = os.cpu_count() or 1
    stats = RunStats(documents=len(paths), jobs=jobs)
    cache = ExtractionCache(cache_dir) if cache_dir is not None else None
    if cache is not None:
        cache.prune()
    results: list[Extraction | UnrecsError | None] = [None] * len(paths)
    checks: list[list[Problem] | None] = [None] * len(paths)
    keys: list[str | None] = [None] * len(paths)
    digests: list[str | None] = [None] * len(paths)  # hashed once: cache key, then the loader

    def settle(i: int, result: Extraction | UnrecsError, cached: bool) -> None:
        results[i] = result
        if cached:
            stats.from_cache += 1
        if progress is not None:
            progress(paths[i])

    # cache look-ups (hashing the bytes is far cheaper than reading the PDF)
    todo: list[int] = []
    for i, path in enumerate(paths):
        if cache is not None and path.is_file():
            try:
                digests[i] = file_sha256(path)
                keys[i] = cache_key(digests[i], mode, backend)
            except OSError:
                keys[i] = None
            hit = cache.load(keys[i], path) if keys[i] is not None else None
            if hit is not None:
                settle(i, hit, cached=True)
                continue
        todo.append(i)

    def finish(i: int, outcome: tuple[Extraction | Checked | None, tuple[str, str] | None]
               ) -> None:
        ex, failure = outcome
        if isinstance(ex, Checked):
            ex, checks[i], prepared = ex
            if prepared is not None:  # built by a worker: for this process's write of ex
                from pipeline.out.tables import keep_prepared

                keep_prepared(ex, prepared)
        result: Extraction | UnrecsError
        if ex is not None:
            result = ex
            stats.pages += ex.meta.page_count
        else:
            assert failure is not None
            result = _rebuild(failure[0], str(paths[i]), failure[1])
        stats.extracted += 1
        if cache is not None and keys[i] is not None:
            cache.store(keys[i], result)  # type: ignore[arg-type]
        settle(i, result, cached=False)

    workers = min(jobs, len(todo))
    # where the command allows it, a run's only document to read may be read from both ends
    # by two processes (pipeline.read.twoends); several documents are read one by one, or by
    # a pool's workers, which share none of their reads (they are forked with this setting)
    with twoends.allowed(twoends.is_allowed() and len(todo) == 1):
        _extract_todo(todo, workers, paths, mode, password, backend, on_page, limits, digests,
                      validate, finish)

    gcpolicy.settle()  # (every document from the cache: nothing was read)
    kept = [i for i, r in enumerate(results) if isinstance(r, Extraction)]
    failed = [r for r in results if isinstance(r, UnrecsError)]
    stats.failed = len(failed)
    stats.seconds = time.perf_counter() - started
    return Run([results[i] for i in kept], failed, stats,  # type: ignore[misc]
               [checks[i] for i in kept])


def _extract_todo(todo: list[int], workers: int, paths: list[Path], mode: str,
                  password: str | None, backend: str, on_page: Callable[[int], None] | None,
                  limits: Limits | None, digests: list[str | None], validate: bool,
                  finish: Callable[[int, Any], None]) -> None:
    """Extract the documents ``todo`` (indexes into ``paths``) in this process or in a pool of
    ``workers``, each one's outcome handed to ``finish``."""
    if workers <= 1:
        for i in todo:
            finish(i, _extract_one(str(paths[i]), mode, password, backend, on_page, limits,
                                   digests[i], validate))
        return
    order = sorted(todo, key=lambda i: -_size(paths[i]))  # the longest do not start last
    # the stages (numpy, the parsers' patterns) imported once, before the workers are
    # forked, rather than by each worker
    from pipeline.parse.document import load_stages
    from pipeline.run.workers import run_workers  # multiprocessing: only for a pool

    load_stages()
    if validate:
        import pipeline.out.rules  # noqa: F401 - the checks too (and the JSON writer)
    _load_reader(backend)
    gcpolicy.settle()  # before the fork: the workers start settled
    run_workers(order, paths, workers, _extract_one,
                (mode, password, backend, None, limits, None, validate, True),
                limits.timeout if limits is not None else 0.0, finish)


def _load_reader(backend: str) -> None:
    """Import pdfplumber and pdfminer before the workers are forked (each would import them
    for its first document otherwise). PDFium, a C library with its own state, is left to each
    worker to start."""
    if backend != "pdfplumber":
        return
    try:
        import pdfplumber  # noqa: F401

        import pipeline.read.miner  # noqa: F401
    except ImportError:  # pragma: no cover - the worker reports it for its document
        pass


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
