"""What a check finds: a Problem (one line per finding), and the findings of one document."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pipeline.model import Extraction
from pipeline.out.rows import document_label

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding. ``str()`` gives one line: ``error: SYMBOL 1.7 p. 5: message [rule]``."""

    severity: Severity
    document: str
    record: str | None
    page: int | None
    message: str
    rule: str = ""
    field: str | None = None

    def __str__(self) -> str:
        where = self.document
        if self.record:
            where += f" {self.record}"
        if self.page:
            where += f" p. {self.page}"
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{self.severity}: {where}: {self.message}{rule}"


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
