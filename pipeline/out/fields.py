"""How an output table is declared: its fields (type, nullability, constraints) and keys."""

from __future__ import annotations

import re
from typing import Literal

from pipeline.records import dataclass

LogicalType = Literal["string", "integer", "number", "date"]


@dataclass(frozen=True, slots=True)
class Field:
    """One column: name, logical type, nullability, description and value constraints."""

    name: str
    type: LogicalType
    description: str
    nullable: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    min_length: int | None = None
    #: the value is a list of keys, joined by this separator in tables (array in JSON)
    separator: str | None = None


def column_pattern(f: Field) -> str | None:
    """Pattern of a field's whole value in a table (a separator-joined list for list fields)."""
    if f.pattern is None or f.separator is None:
        return f.pattern
    return rf"({f.pattern})({re.escape(f.separator)}({f.pattern}))*"


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """``fields`` of this table reference ``reference_fields`` of ``reference_table``.

    ``scope`` names fields that must also be equal on both sides (the key holds *within* one
    document); it is used for ``parent_id`` → ``id``, whose scope is ``(symbol, language)``.
    """

    fields: tuple[str, ...]
    reference_table: str
    reference_fields: tuple[str, ...]
    scope: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Table:
    """One output table: its name, description, fields and keys."""

    name: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")
