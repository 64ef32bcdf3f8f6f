"""Extractions → typed pandas tables, and CSV, Parquet and nested JSON read back into them.

Tables follow :data:`pipeline.out.schema.TABLES` exactly: columns in declared order, explicit dtypes
(``string``, ``Int64``, ``date32[pyarrow]``), rows in document order (documents in the order
given, then meetings, recommendations and paragraphs in the order the extraction lists them).

The rows themselves (and the value conventions shared by every format) are built by
:mod:`pipeline.out.rows`, the nested per-document JSON by :mod:`pipeline.out.nested`; their
public names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.model import Extraction
from pipeline.out.nested import (
    derived_mismatches,
    document_json,
    dumps_json,
    extraction_from_json,
    read_document_json,
)
from pipeline.out.rows import (
    DERIVED_FIELDS,
    document_label,
    document_row,
    file_name,
    level_of,
    meeting_rows,
    output_stem,
    paragraph_rows,
    parse_date,
    record_rows,
    table_rows,
)
from pipeline.out.schema import DATE_DTYPE, TABLE_NAMES, TABLES, pandas_dtype

__all__ = [
    "DERIVED_FIELDS",
    "build_tables",
    "derived_mismatches",
    "document_json",
    "document_label",
    "document_row",
    "dumps_json",
    "extraction_from_json",
    "file_name",
    "frame",
    "level_of",
    "meeting_rows",
    "output_stem",
    "paragraph_rows",
    "parse_date",
    "read_csv_table",
    "read_document_json",
    "read_parquet_table",
    "record_rows",
    "table_rows",
    "tables_from_json",
]


def frame(table: str, rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Rows (dicts keyed by field name) → DataFrame with the declared columns and dtypes."""
    data = {}
    for f in TABLES[table].fields:
        values = [row.get(f.name) for row in rows]
        data[f.name] = pd.array(values, dtype=pandas_dtype(f))
    return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))


def build_tables(extractions: Iterable[Extraction]) -> dict[str, pd.DataFrame]:
    """Extractions → the output tables, rows in document order."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES}
    for ex in extractions:
        for name, part in table_rows(ex).items():
            rows[name].extend(part)
    return {name: frame(name, rows[name]) for name in TABLE_NAMES}


# --------------------------------------------------------------------------------------------
# Readers (CSV and Parquet back into typed DataFrames)
# --------------------------------------------------------------------------------------------


def read_csv_table(path: str | Path, table: str) -> pd.DataFrame:
    """Read a table's CSV with the declared dtypes (empty cell = null, nothing else is; in a
    column that is never null, the empty string)."""
    fields = TABLES[table].fields
    df = pd.read_csv(
        path,
        dtype={f.name: {"integer": "Int64", "number": "Float64"}.get(f.type, "string")
               for f in fields},
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )
    if list(df.columns) != [f.name for f in fields]:
        raise ValueError(
            f"{path}: header {list(df.columns)} differs from {[f.name for f in fields]}"
        )
    for f in fields:
        if f.type == "string" and not f.nullable:
            # a column that is never null: its empty cell is the empty string
            df[f.name] = df[f.name].fillna("")
        if f.type == "date":
            what = f"{table}.{f.name}"
            values = [None if pd.isna(v) else parse_date(v, what) for v in df[f.name]]
            df[f.name] = pd.array(values, dtype=DATE_DTYPE)
    return df


def read_parquet_table(path: str | Path) -> pd.DataFrame:
    """Read a table's Parquet file; dtypes come back from the file (Int64, string, date32)."""
    return pd.read_parquet(path)


def tables_from_json(objs: Iterable[dict[str, Any]]) -> dict[str, pd.DataFrame]:
    """``<stem>.json`` objects (in document order) → the output tables."""
    return build_tables(extraction_from_json(o) for o in objs)
