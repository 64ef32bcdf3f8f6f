"""The one declared schema of unrecs' output tables, and every artefact derived from it.

``TABLES`` is the single source of truth: for each table (``documents``, ``meetings``,
``recommendations``, ``paragraphs``) its fields in column order, with logical type, nullability,
description and constraints, plus primary and foreign keys. Everything else is derived from it:

* :func:`pandera_schema` — the pandera ``DataFrameSchema`` that checks a pandas table;
* :func:`pandas_dtypes` — the explicit pandas dtypes (``string``, ``Int64``, ``date32[pyarrow]``);
* :func:`arrow_schema` — the pyarrow schema written to Parquet, descriptions in field metadata;
* :func:`datapackage` — the Frictionless Data Package describing the CSV files;
* :func:`document_json_schema` — the JSON Schema (draft 2020-12) of a per-document ``<stem>.json``.

A field with a ``separator`` holds a list of keys: in the tables (pandas, Parquet, CSV) one
string, its keys joined by the separator in a fixed order (null when there is none); in
``<stem>.json`` an array of strings (empty when there is none). Its ``pattern`` is that of
one key; :func:`column_pattern` gives the pattern of the joined value.

Logical types map as follows::

    logical   pandas                 pyarrow   Table Schema   JSON Schema
    string    string (pd.NA)         string    string         string
    integer   Int64                  int64     integer        integer
    date      date32[day][pyarrow]   date32    date           string, format "date"

In CSV, dates are ISO ``YYYY-MM-DD`` text and a null is an empty cell (nullable strings are
stored as null when empty); in a column that is never null an empty cell is the empty string,
which only a text without ``min_length`` may be (a lead-in row's text, see ``paragraphs.text``).

The parts live in sibling modules, re-exported here: :mod:`pipeline.out.fields` (how a table is
declared), :mod:`pipeline.out.declaration` (``TABLES`` itself), :mod:`pipeline.out.dtypes`
(pandas, pandera, pyarrow; imported on first use, so the declaration alone stays cheap) and
:mod:`pipeline.out.describe` (datapackage, JSON Schema).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.distinfo import pipeline_version
from pipeline.out.declaration import (
    DISTRIBUTIONS,
    ISO_DATE_PATTERN,
    ITEM_PATTERN,
    JOB_NUMBER_PATTERN,
    JSON_FORMAT,
    JSON_NODES,
    LANGUAGES,
    MODES,
    PARAGRAPH_ID_PATTERN,
    RECORD_ID_PATTERN,
    SHA256_PATTERN,
    SYMBOL_PATTERN,
    TABLE_NAMES,
    TABLES,
)
from pipeline.out.describe import (
    CSV_DIALECT,
    JSON_SCHEMA_DIALECT,
    datapackage,
    document_json_schema,
    json_node_fields,
    json_property,
    table_schema,
)
from pipeline.out.fields import (
    Field,
    ForeignKey,
    LogicalType,
    Table,
    column_pattern,
)

if TYPE_CHECKING:
    from pipeline.out.dtypes import (
        DATE_DTYPE,
        arrow_schema,
        pandas_dtype,
        pandas_dtypes,
        pandera_schema,
    )

#: re-exported from :mod:`pipeline.out.dtypes` on first use (it imports pandas and pyarrow)
_TYPED = ("DATE_DTYPE", "pandas_dtype", "pandas_dtypes", "pandera_schema", "arrow_schema")


def __getattr__(name: str) -> Any:
    if name in _TYPED:
        from pipeline.out import dtypes

        return getattr(dtypes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "LogicalType",
    "Field",
    "column_pattern",
    "ForeignKey",
    "Table",
    "LANGUAGES",
    "DISTRIBUTIONS",
    "MODES",
    "SYMBOL_PATTERN",
    "JOB_NUMBER_PATTERN",
    "SHA256_PATTERN",
    "ITEM_PATTERN",
    "RECORD_ID_PATTERN",
    "PARAGRAPH_ID_PATTERN",
    "ISO_DATE_PATTERN",
    "TABLES",
    "TABLE_NAMES",
    "JSON_NODES",
    "JSON_FORMAT",
    "pipeline_version",
    "DATE_DTYPE",
    "pandas_dtype",
    "pandas_dtypes",
    "pandera_schema",
    "arrow_schema",
    "table_schema",
    "CSV_DIALECT",
    "datapackage",
    "JSON_SCHEMA_DIALECT",
    "json_property",
    "json_node_fields",
    "document_json_schema",
]
