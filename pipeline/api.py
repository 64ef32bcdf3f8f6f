"""The Python API: ``from pipeline import extract`` — PDFs in, validated typed DataFrames out.

:func:`extract` is what ``unrecs extract`` does (local engine) without the command line: it
expands folders, extracts every PDF (:func:`pipeline.run.runner.run_extractions`: worker processes,
optional content-hash cache), validates each document like the CLI, and returns a
:class:`Result`::

    from pipeline import extract

    result = extract("raw/wg7_2019_fr.pdf")
    result.recommendations.head()      # pandas DataFrame, dtypes as the declared schema
    result.failed                      # per-file errors (never raised)
    result.write("output")             # exactly the files `unrecs extract` writes

A document whose checks find problems is still kept: its problems are rows of
:attr:`Result.problems_table` (and of the written ``problems`` table and JSON). A document that
cannot be read, or whose problems would make the output invalid (or any problem with
``strict=True``), is not raised, even when it is the only input: it is listed in
:attr:`Result.failed` with the CLI's one-line message (``str(error)``),
and the other documents are kept. Only an input naming no PDF at all raises
(:class:`~pipeline.errors.InputError`), as do a wrong ``mode`` (:class:`ValueError`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import timings
from pipeline.errors import InputError, UnrecsError, ValidationError
from pipeline.model import Extraction
from pipeline.records import dataclass
from pipeline.run.inputs import collect_pdfs
from pipeline.run.limits import Limits
from pipeline.run.runner import RunStats, run_extractions

if TYPE_CHECKING:
    import pandas as pd

    from pipeline.out.validate import Problem

MODES = ("auto", "recommendations", "paragraphs")
FORMATS = frozenset({"csv", "parquet", "json"})

PathArg = str | os.PathLike[str]


def pdf_paths(paths: PathArg | Iterable[PathArg]) -> list[Path]:
    """The PDFs that ``paths`` name: one path or several; folders expanded (their ``*.pdf``,
    sorted), files kept as given. Raises :class:`~pipeline.errors.InputError` when there are
    none (message ``PATHS: no PDF files found``)."""
    given = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    files = collect_pdfs([Path(p) for p in given])
    if not files:
        raise InputError(", ".join(map(str, given)), "no PDF files found")
    return files


@dataclass(eq=False)
class Result:
    """The outcome of :func:`extract`: the extracted documents as typed tables, and the rest.

    ``extractions`` are the documents written (input order), problems included; ``failed`` the
    per-file errors (reading errors first, then documents refused by validation: with
    ``strict``, any problem; without, only problems that would make the output invalid, see
    :data:`pipeline.out.problems.BLOCKING_RULES`; ``str()`` of each is the CLI's one-line
    message, ``exit_code`` its code); ``problems`` the validation problems of the kept
    documents (also :attr:`problems_table`, and each extraction's ``problems``: a document with
    the same symbol and language as another has that clash among them) followed by the
    documents that would be written to the same file (:attr:`clashes`); ``stats`` what the run
    did (documents from the cache, pages read …).
    """

    extractions: list[Extraction]
    failed: list[UnrecsError]
    #: validation problems of each kept document, parallel to ``extractions``
    document_problems: list[list[Problem]]
    #: errors between documents that :meth:`write` refuses: two documents with the same output
    #: name (documents with the same symbol and language are written, each with the clash as
    #: one of its problems)
    clashes: list[Problem]
    stats: RunStats = field(default_factory=RunStats)

    @property
    def problems(self) -> list[Problem]:
        """Every validation problem: each kept document's problems, then the clashes."""
        return [p for probs in self.document_problems for p in probs] + self.clashes

    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The output tables by name (``documents``, ``meetings``, ``recommendations``,
        ``paragraphs``, ``footnotes``, ``tables``, ``problems``), built once; columns and dtypes
        exactly as the declared schema."""
        from pipeline.out.tables import build_tables

        return build_tables(self.extractions)

    @property
    def documents(self) -> pd.DataFrame:
        """One row per document: symbol, language, date, title, pages, source file …"""
        return self.tables["documents"]

    #: the same table as :attr:`documents`
    document = documents

    @property
    def meetings(self) -> pd.DataFrame:
        """One row per meeting section of the recommendation documents."""
        return self.tables["meetings"]

    @property
    def recommendations(self) -> pd.DataFrame:
        """One row per recommendation and per lettered sub-item."""
        return self.tables["recommendations"]

    @property
    def paragraphs(self) -> pd.DataFrame:
        """One row per numbered paragraph and sub-item (documents in paragraphs mode)."""
        return self.tables["paragraphs"]

    @property
    def footnotes(self) -> pd.DataFrame:
        """One row per footnote: its mark, text, pages and the ids of the records citing it."""
        return self.tables["footnotes"]

    @property
    def table_cells(self) -> pd.DataFrame:
        """The ``tables`` output: one row per cell of the tables printed in the documents."""
        return self.tables["tables"]

    @property
    def problems_table(self) -> pd.DataFrame:
        """One row per problem of a written document (symbol, language, number, severity,
        rule, record, page, field, message): the ``problems`` table :meth:`write` writes."""
        return self.tables["problems"]

    @property
    def documents_with_problems(self) -> int:
        """Kept documents with at least one error-level problem (the CLI exits with 7)."""
        return sum(any(p.severity == "error" for p in probs) for probs in self.document_problems)

    @property
    def records(self) -> int:
        """Recommendations and paragraphs, sub-items included, over all kept documents."""
        return sum(len(e.records) + len(e.paragraphs) for e in self.extractions)

    def write(self, out: PathArg, formats: Iterable[str] = FORMATS) -> list[Path]:
        """Write the kept documents into the folder ``out`` exactly as ``unrecs extract``
        does (any subset of ``{"csv", "parquet", "json"}``, atomically); return the files.

        Raises :class:`~pipeline.out.export.ExportError`, writing nothing, when documents
        clash (:attr:`clashes`) or the tables do not conform to the schema; ``OSError`` when
        the folder cannot be written.
        """
        from pipeline.out.export import ExportError, write_outputs

        if self.clashes:
            raise ExportError(str(self.clashes[0]), self.clashes)
        with timings.stage("write"):
            return write_outputs(self.extractions, Path(out), set(formats), validated=True)

    def __repr__(self) -> str:
        return (f"<Result: {len(self.extractions)} document(s), {self.records} records, "
                f"{len(self.failed)} failed, {len(self.problems)} problem(s)>")


def extract(
    paths: PathArg | Iterable[PathArg],
    *,
    mode: str = "auto",
    backend: str = "pdfplumber",
    password: str | None = None,
    jobs: int = 1,
    cache_dir: PathArg | None = None,
    strict: bool = False,
    progress: Callable[[Path], None] | None = None,
    on_page: Callable[[int], None] | None = None,
    limits: Limits | None = None,
) -> Result:
    """Extract and validate the PDFs that ``paths`` name (a file, a folder, or a list of them).

    ``mode``: ``auto`` (recommendations when the document has meeting sections, else
    paragraphs), ``recommendations`` or ``paragraphs``; ``backend``: ``pdfplumber`` or
    ``pdfium``; ``password`` opens encrypted PDFs; ``jobs`` worker processes (``0``: one per
    CPU; the result does not depend on it); ``cache_dir`` reuses earlier results of unchanged
    PDFs (the CLI uses ``OUT/.unrecs-cache``); ``strict`` fails documents with any validation
    problem (errors and warnings) instead of keeping them with their problems. ``progress``
    is called with each path as its document is done, ``on_page``
    with each page number read (serial runs only). ``limits`` bounds each document's work
    (:class:`~pipeline.run.limits.Limits`: timeout, pages, characters per page; None: none).

    Per-file errors are collected in :attr:`Result.failed`, never raised (see the module
    docstring); :class:`~pipeline.errors.InputError` when no PDF is named at all.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}: {mode!r}")
    files = pdf_paths(paths)
    # each document is validated by the process that extracted it (in parallel with workers)
    run = run_extractions(
        files, jobs=jobs, mode=mode, password=password, backend=backend,
        cache_dir=Path(cache_dir) if cache_dir is not None else None, progress=progress,
        on_page=on_page, limits=limits, validate=True,
    )
    failed, stats = run.failed, run.stats
    if not run.extractions:  # nothing read (every file refused): the checks are not even loaded
        return Result([], failed, [], [], stats)
    from pipeline.out.problems import refusal  # after the reading
    from pipeline.out.rules import add_clashes, stem_clashes, validate_extraction

    kept: list[Extraction] = []
    per_document: list[list[Problem]] = []
    for ex, checked in zip(run.extractions, run.problems, strict=True):
        if checked is not None:
            problems = checked
        else:  # from the cache
            with timings.stage("validate"):
                problems = validate_extraction(ex)
        refused = refusal(problems, strict)
        if refused:
            failed.append(ValidationError(str(Path(ex.meta.source_file)),
                                          f"{len(refused)} problem(s); first: {refused[0]}"))
            continue
        ex.problems = list(problems)
        kept.append(ex)
        per_document.append(problems)
    kept, per_document = add_clashes(kept, per_document, failed, strict)
    return Result(kept, failed, per_document, stem_clashes(kept), stats)


__all__ = ["Result", "extract", "pdf_paths"]
