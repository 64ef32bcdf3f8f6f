"""Extractions → typed pandas tables, and CSV, Parquet and nested JSON read back into them.

Tables follow :data:`pipeline.out.schema.TABLES` exactly: columns in declared order, explicit dtypes
(``string``, ``Int64``, ``date32[pyarrow]``), rows in document order (documents in the order
given, then meetings, recommendations and paragraphs in the order the extraction lists them).

The rows themselves (and the value conventions shared by every format) are built by
:mod:`pipeline.out.rows`, the nested per-document JSON by :mod:`pipeline.out.nested`; their
public names are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    problem_rows,
    record_rows,
    table_rows,
)
from pipeline.out.schema import TABLE_NAMES, TABLES
from pipeline.records import dataclass

if TYPE_CHECKING:
    import pandas as pd

#: a table as its columns: field name → values in row order (None for null)
Columns = dict[str, list[Any]]

__all__ = [
    "DERIVED_FIELDS",
    "Columns",
    "Prepared",
    "KEPT_ROWS",
    "keep_prepared",
    "keeps_many",
    "take_prepared",
    "build_tables",
    "column_values",
    "table_columns",
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


#: the Python type each logical type's values have in :data:`Columns` (exactly, not a subclass)
_PLAIN_TYPES: dict[str, type] = {"string": str, "integer": int, "number": float, "date": dt.date}
_INT64 = (-(1 << 63), 1 << 63)


def _plain(values: list[Any], logical: str) -> bool:
    """True when every value already is what the declared dtype holds: None, or exactly the
    logical type's Python type (an int within int64, a float that is not NaN)."""
    kind = _PLAIN_TYPES[logical]
    for v in values:
        if v is None:
            continue
        if type(v) is not kind:
            return False
        if logical == "integer" and not _INT64[0] <= v < _INT64[1]:
            return False
        if logical == "number" and v != v:
            return False
    return True


def column_values(table: str, name: str, values: list[Any]) -> list[Any]:
    """One column's values as the declared dtype holds them (None for null): the values
    themselves when they already are (the rows built from an extraction), else converted by
    pandas exactly as :func:`frame` converts them (raises what pandas raises)."""
    f = TABLES[table].field(name)
    if _plain(values, f.type):
        return values
    import pandas as pd

    from pipeline.out.dtypes import pandas_dtype

    out = []
    for v in pd.array(values, dtype=pandas_dtype(f)).tolist():
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            out.append(None)
        else:
            out.append(v.item() if hasattr(v, "item") else v)
    return out


def rows_to_columns(table: str, rows: Sequence[dict[str, Any]]) -> Columns:
    """Rows (dicts keyed by field name) → the declared columns, in declared order."""
    return {f.name: column_values(table, f.name, [row.get(f.name) for row in rows])
            for f in TABLES[table].fields}


@dataclass(eq=False)
class Prepared:
    """What validation built of one document and the write uses again: every table but
    ``problems`` as its columns, and the nested JSON object (None when validation did not
    build it). Neither depends on the document's problems, set after validation; the write
    adds them (:func:`table_columns`, :func:`pipeline.out.nested.with_problems`)."""

    #: table name → columns, every table of :data:`TABLE_NAMES` but ``problems``
    columns: dict[str, Columns]
    #: :func:`document_json`'s object, its ``problems`` left as validation saw them
    json: dict[str, Any] | None = None
    #: the object's final UTF-8 text before and after its top-level ``problems`` value, in
    #: place of the object (:func:`pipeline.out.export.rendered`: bytes, cheap to keep and
    #: to send from a worker process)
    text: tuple[bytes, bytes] | None = None


#: id of an extraction → (the extraction, what its last validation built, its size): kept
#: for every document validated until its write takes it, within :data:`KEPT_ROWS` (a write
#: of documents validated longer ago builds them again); the extraction is held so that its
#: id names it alone
_KEPT: dict[int, tuple[Extraction, Prepared, int]] = {}
#: the bound on what is kept: table rows, summed over the documents kept (each counts at least
#: one). A row kept costs about 1.5 kB (its columns and JSON nodes; measured over the corpus of
#: 84 documents: 13,677 rows, 21 MB), so the bound is about 75 MB, whatever the number of
#: documents validated and never written (the write itself holds every file's bytes anyway)
KEPT_ROWS = 50_000
_kept_rows = 0


def _rows(prepared: Prepared) -> int:
    """A document's size as :data:`KEPT_ROWS` counts it."""
    return max(1, sum(len(next(iter(c.values()), ())) for c in prepared.columns.values()))


def keeps_many() -> bool:
    """False in a process started by multiprocessing (a pool's worker): it sends what it
    validates to its parent, pickled, so what it would keep is never taken; it keeps the last
    document only (and need not make it lighter to keep). A process that has not imported
    multiprocessing was not started by it (and need not import it to know)."""
    mp = sys.modules.get("multiprocessing")
    return mp is None or mp.parent_process() is None


def keep_prepared(ex: Extraction, prepared: Prepared | None) -> None:
    """Remember what the validation of ``ex`` built, for :func:`take_prepared` (in this
    process: an extraction sent to another process leaves it here)."""
    global _kept_rows
    _forget(id(ex))
    if prepared is None:
        return
    size = _rows(prepared)
    bound = KEPT_ROWS if keeps_many() else 0
    while _KEPT and _kept_rows + size > bound:
        _forget(next(iter(_KEPT)))  # the oldest
    _KEPT[id(ex)] = (ex, prepared, size)
    _kept_rows += size


def forget_all() -> None:
    """Let go of everything kept (what a later write would have taken)."""
    global _kept_rows
    _KEPT.clear()
    _kept_rows = 0


def kept_count() -> int:
    """How many extractions have what their validation built kept."""
    return len(_KEPT)


def _forget(key: int) -> tuple[Extraction, Prepared, int] | None:
    global _kept_rows
    kept = _KEPT.pop(key, None)
    if kept is not None:
        _kept_rows -= kept[2]
    return kept


def take_prepared(ex: Extraction) -> Prepared | None:
    """What the last validation of ``ex`` built (:func:`keep_prepared`), once; None when it
    was not validated in this process (or too many rows of others were since)."""
    kept = _KEPT.get(id(ex))
    if kept is None or kept[0] is not ex:
        return None
    _forget(id(ex))
    return kept[1]


def table_columns(
    extractions: Iterable[Extraction],
    prepared: Sequence[Prepared | None] | None = None,
) -> dict[str, Columns]:
    """Extractions → every output table as its columns (no DataFrame), rows in document
    order; raises ValueError on a bad date, as :func:`build_tables` does. ``prepared``
    (parallel to ``extractions``): a document's columns as its validation built them, used
    as they are (its ``problems`` rows are built here, they are set after validation)."""
    extractions = list(extractions)
    if prepared is None:
        prepared = [None] * len(extractions)
    if all(p is None for p in prepared):
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES}
        for ex in extractions:
            for name, part in table_rows(ex).items():
                rows[name].extend(part)
        return {name: rows_to_columns(name, rows[name]) for name in TABLE_NAMES}
    parts: list[dict[str, Columns]] = []
    for ex, prep in zip(extractions, prepared, strict=True):
        if prep is None:
            parts.append({name: rows_to_columns(name, part)
                          for name, part in table_rows(ex).items()})
        else:
            parts.append({**prep.columns, "problems": rows_to_columns("problems",
                                                                      problem_rows(ex))})
    if len(parts) == 1:
        return parts[0]
    out: dict[str, Columns] = {}
    for name in TABLE_NAMES:
        out[name] = {f.name: [v for part in parts for v in part[name][f.name]]
                     for f in TABLES[name].fields}
    return out


def frame_from_columns(table: str, columns: Columns) -> pd.DataFrame:
    """Columns (:func:`table_columns`) → DataFrame with the declared columns and dtypes."""
    import pandas as pd

    from pipeline.out.dtypes import pandas_dtype

    fields = TABLES[table].fields
    n = len(columns[fields[0].name]) if fields else 0
    data = {f.name: pd.array(columns[f.name], dtype=pandas_dtype(f)) for f in fields}
    return pd.DataFrame(data, index=pd.RangeIndex(n))


def frame(table: str, rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Rows (dicts keyed by field name) → DataFrame with the declared columns and dtypes."""
    import pandas as pd

    from pipeline.out.dtypes import pandas_dtype

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
    import pandas as pd

    from pipeline.out.dtypes import DATE_DTYPE

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
    import pandas as pd

    return pd.read_parquet(path)


def tables_from_json(objs: Iterable[dict[str, Any]]) -> dict[str, pd.DataFrame]:
    """``<stem>.json`` objects (in document order) → the output tables."""
    return build_tables(extraction_from_json(o) for o in objs)
