"""What a check finds: a Problem (one line per finding), and the findings of one document."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from pipeline import recache
from pipeline.errors import EXIT_INVALID, EXIT_SOME_FAILED
from pipeline.model import Extraction, Problem, Severity
from pipeline.out.declaration import REPEAT_SUFFIX
from pipeline.out.rows import document_label

__all__ = ["BLOCKING_RULES", "ExportError", "Findings", "Problem", "Severity", "blocking",
           "has_errors", "refusal", "run_exit_code", "run_summary", "strictly"]

#: rules whose errors keep a document from being written even without ``--strict``: its rows
#: would break the declared schema, a key or the JSON nesting (schema: a value the schema
#: refuses; ids: duplicate or inconsistent ids, a parent that is missing; order: items that do
#: not nest; dates: a date that is not one; document: no language; mode, pages, boxes, text:
#: rows that contradict their document, or an empty text). A row printed with an id an earlier
#: row has is kept under ``<id>~<k>`` (rule ids, not blocking). Every other error (a numbering gap,
#: furniture left in a text) is a row of the problems table and the document is written.
_REPEATED = recache.compile(rf"{re.escape(REPEAT_SUFFIX)}[1-9][0-9]*$")

BLOCKING_RULES = frozenset(
    {"schema", "keys", "ids", "order", "dates", "document", "mode", "pages", "boxes", "text"}
)


def _kept_repeat(p: Problem) -> bool:
    """A row printed with an id an earlier row has, kept under ``<id>~<k>``: its id is
    unique, so the problem (rule ids, field id) does not break the tables."""
    if p.rule != "ids" or p.field != "id" or p.record is None:
        return False
    m = _REPEATED.search(p.record)
    return m is not None and p.message.startswith(f"id {p.record[:m.start()]} printed ")


def blocking(problems: Iterable[Problem]) -> list[Problem]:
    """The errors among ``problems`` that keep their document from being written (a repeated
    id kept under ``<id>~<k>`` does not)."""
    return [p for p in problems
            if p.severity == "error" and p.rule in BLOCKING_RULES and not _kept_repeat(p)]


def refusal(problems: Sequence[Problem], strict: bool = False) -> list[Problem]:
    """The problems that keep a document from being written: with ``strict`` every one
    (errors and warnings, the refusal of earlier versions), else :func:`blocking`."""
    return list(problems) if strict else blocking(problems)


def run_summary(
    written: int,
    failed: int,
    records: int,
    problems: Sequence[Sequence[Problem]],
    seconds: float,
    target: object,
) -> str:
    """The run's last line: ``2 document(s) extracted, 0 failed, 1216 records, 3 warning(s),
    1 problem(s) in 1 document(s), 4.2s → output`` (problems: errors of written documents)."""
    warnings = sum(p.severity == "warning" for probs in problems for p in probs)
    errors = sum(p.severity == "error" for probs in problems for p in probs)
    with_errors = sum(any(p.severity == "error" for p in probs) for probs in problems)
    return (f"{written} document(s) extracted, {failed} failed, {records} records, "
            f"{warnings} warning(s), {errors} problem(s) in {with_errors} document(s), "
            f"{seconds:.1f}s → {target}")


def run_exit_code(
    failed_codes: Sequence[int], written: int, problems: Sequence[Sequence[Problem]]
) -> int:
    """Exit code of a run: 0 when every document was written without an error-level problem;
    7 (``EXIT_INVALID``) when every document was written but some have problems (rows of the
    problems table); with failures, their common code when nothing was written, else 1."""
    if failed_codes:
        codes = set(failed_codes)
        return codes.pop() if len(codes) == 1 and not written else EXIT_SOME_FAILED
    if any(p.severity == "error" for probs in problems for p in probs):
        return EXIT_INVALID
    return 0


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def strictly(problems: Iterable[Problem]) -> list[Problem]:
    """Warnings promoted to errors."""
    return [dataclasses.replace(p, severity="error") for p in problems]


class Findings:
    """The problems found so far in one extraction, each labelled with its document."""

    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.doc = document_label(ex)
        self.problems: list[Problem] = []

    def add(
        self,
        severity: Severity,
        rule: str,
        message: str,
        record: str | None = None,
        page: int | None = None,
        field: str | None = None,
    ) -> None:
        self.problems.append(Problem(severity, self.doc, record, page, message, rule, field))


class ExportError(Exception):
    """The extractions cannot be exported faithfully (schema or key violations)."""

    def __init__(self, message: str, problems: Sequence[object] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)
