"""Checks on tables: the declared schema on the typed columns, row by row, and keys across tables.

:func:`schema_problems` checks each declared field's column directly (dtype once, then
nullability, enum, pattern, bounds, length), reporting exactly what the pandera schema of
:func:`pipeline.out.schema.pandera_schema` reports (tests compare the two); a table whose
columns or dtypes are not the declared ones goes to pandera itself. :func:`pandera_problems`
runs the pandera schema (``unrecs validate`` of a written folder keeps it).

A table is a pandas DataFrame or its columns (:data:`pipeline.out.tables.Columns`, what
:func:`pipeline.out.tables.table_columns` builds: the declared fields in order, values already
of the declared types): the columns are checked as they are, without pandas."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from pipeline import recache
from pipeline.out.fields import Field, column_pattern
from pipeline.out.labels import meeting_name
from pipeline.out.problems import Problem
from pipeline.out.schema import TABLE_NAMES, TABLES

if TYPE_CHECKING:
    import pandas as pd

#: one table: a DataFrame, or its columns (field name → values, None for null)
AnyTable = Any

#: (pandera's name of a check, test of one non-null value)
_Check = tuple[str, Callable[[Any], bool]]


@cache
def _field_checks(table: str, name: str) -> tuple[_Check, ...]:
    """The checks of one declared field, in pandera's order and with pandera's names."""
    f: Field = TABLES[table].field(name)
    checks: list[_Check] = []
    if f.enum is not None:
        allowed = frozenset(f.enum)
        checks.append((f"isin({list(f.enum)!r})", allowed.__contains__))
    pattern = column_pattern(f)
    if pattern is not None:
        anchored = rf"^(?:{pattern})\Z"
        rx = recache.compile(anchored)
        checks.append((f"str_matches('{anchored}')", lambda v, rx=rx: rx.match(v) is not None))
    if f.minimum is not None:
        checks.append((f"greater_than_or_equal_to({f.minimum})", lambda v, m=f.minimum: v >= m))
    if f.maximum is not None:
        checks.append((f"less_than_or_equal_to({f.maximum})", lambda v, m=f.maximum: v <= m))
    if f.min_length is not None:
        checks.append((f"str_length({f.min_length}, None)",
                       lambda v, m=f.min_length: len(v) >= m))
    return tuple(checks)


def _is_columns(table: AnyTable) -> bool:
    """True for a table given as its columns (a mapping), not a DataFrame."""
    return isinstance(table, Mapping)


def _declared_shape(name: str, df: pd.DataFrame) -> bool:
    """True when ``df`` has exactly the declared columns, in order, with the declared dtypes."""
    from pipeline.out.dtypes import pandas_dtype

    fields = TABLES[name].fields
    if list(df.columns) != [f.name for f in fields]:
        return False
    return all(df[f.name].dtype == pandas_dtype(f) for f in fields)


def _null(v: Any) -> bool:
    """None, pandas' NA or NaN (without importing pandas)."""
    return v is None or (isinstance(v, float) and v != v) or type(v).__name__ == "NAType"


def _column_passes(values: Sequence[Any], checks: tuple[_Check, ...], nullable: bool) -> bool:
    """True when no value of a column can fail (the row-by-row loop would find nothing):
    the value types looked at once, each check run over the non-null values in one pass.
    False when something fails, or may (pandas NA: the row-by-row loop decides)."""
    if not checks and nullable:
        return True
    kinds = set(map(type, values))
    if any(k.__name__ == "NAType" for k in kinds):
        return False
    if type(None) in kinds or any(issubclass(k, float) for k in kinds):  # NaN is null too
        kept = [v for v in values if not _null(v)]
        if len(kept) != len(values) and not nullable:
            return False
        values = kept
    return all(all(map(ok, values)) for _label, ok in checks)


def schema_problems(
    frames: Mapping[str, AnyTable],
    document: Callable[[str, Any], str] | None = None,
    *,
    tables: Sequence[str] = TABLE_NAMES,
) -> list[Problem]:
    """Declared-schema failures of each table (or of ``tables``), one problem per (row,
    column, check): what :func:`pandera_problems` reports, checked on the typed columns
    directly (a DataFrame's, or the columns themselves).

    Primary-key duplicates are left to :func:`check_keys` (one problem per key, not per row).

    ``document(table, row)`` names the document of a failing row (default: symbol or file).
    """
    document = document or row_document
    out: list[Problem] = []
    for name in tables:
        table = frames[name]
        if _is_columns(table):
            columns = table
        elif not _declared_shape(name, table):
            out.extend(pandera_problems({name: table}, document, tables=(name,)))
            continue
        else:
            columns = {f.name: table[f.name].tolist() for f in TABLES[name].fields}
        for f in TABLES[name].fields:
            values = columns[f.name]
            checks = _field_checks(name, f.name)
            if _column_passes(values, checks, f.nullable):
                continue
            failures: list[tuple[int, str, Any]] = []
            for pos, v in enumerate(values):
                if _null(v):
                    if not f.nullable:
                        failures.append((pos, "not_nullable", v))
                    continue
                for label, ok in checks:
                    if not ok(v):
                        failures.append((pos, label, v))
            for pos, label, v in failures:
                row = {c: vs[pos] for c, vs in columns.items()}
                out.append(_row_problem(name, row, f.name, label, v, document))
    return out


def _row_problem(name: str, r: Mapping[str, Any], column: str, check: str, value: Any,
                 document: Callable[[str, Any], str]) -> Problem:
    record = str(r["id"]) if "id" in r else (
        meeting_name(int(r["meeting"])) if "meeting" in r and not _null(r["meeting"])
        else None
    )
    page = r.get("page_start")
    page = None if page is None or _null(page) else int(page)
    msg = f"{name}.{column} = {value!r} fails {check}"
    return Problem("error", document(name, r), record, page, msg, "schema", column)


def pandera_problems(
    frames: dict[str, pd.DataFrame],
    document: Callable[[str, pd.Series], str] | None = None,
    *,
    tables: Sequence[str] = TABLE_NAMES,
) -> list[Problem]:
    """pandera failures of each table (or of ``tables``), one problem per (row, column, check).

    Primary-key duplicates are left to :func:`check_keys` (one problem per key, not per row).

    ``document(table, row)`` names the document of a failing row (default: symbol or file).
    """
    document = document or row_document
    import pandas as pd
    import pandera.errors as pe

    from pipeline.out.dtypes import pandera_schema

    out: list[Problem] = []
    for name in tables:
        df = frames[name]
        try:
            pandera_schema(name).validate(df, lazy=True)
        except pe.SchemaErrors as exc:
            fc = exc.failure_cases
            done: set[tuple[Any, ...]] = set()
            for row in fc.itertuples(index=False):
                idx = row.index
                check = str(row.check)
                if check == "multiple_fields_uniqueness":
                    continue  # primary keys: reported once per key by check_keys
                column = row.column
                key = (idx, column, check)
                if key in done:
                    continue
                done.add(key)
                if idx is None or pd.isna(idx) or idx not in df.index:
                    out.append(Problem("error", name, None, None, f"{row.column}: {check}: "
                                       f"{row.failure_case}", "schema", row.column))
                    continue
                value = row.failure_case
                value = value.item() if hasattr(value, "item") else value  # numpy → Python
                out.append(_row_problem(name, df.loc[idx], column, check, value, document))
    return out


def row_document(_table: str, row: Any) -> str:
    """The document a failing row belongs to: its symbol, else its source file."""
    sym = row.get("symbol")
    if sym is not None and not _null(sym):
        return str(sym)
    for name in ("source_file", "document"):
        src = row.get(name)
        if src is not None and not _null(src):
            return f"{src}.pdf" if name == "document" else str(src)
    return "<unknown document>"


def _plain(values: list[Any]) -> list[Any]:
    import pandas as pd

    return [None if v is None or v is pd.NA or (not isinstance(v, str | int) and pd.isna(v))
            else v for v in values]


def rows_as_tuples(df: AnyTable, cols: Sequence[str]) -> list[tuple[Any, ...]]:
    """The values of ``cols``, row by row, nulls as None (one pass per column)."""
    if _is_columns(df):
        return list(zip(*(df[c] for c in cols), strict=True))
    return list(zip(*(_plain(df[c].astype(object).tolist()) for c in cols), strict=True)) \
        if len(df) else []


def check_keys(frames: Mapping[str, AnyTable]) -> list[Problem]:
    """Primary keys unique and foreign keys resolved (``scope`` fields must match too)."""
    out: list[Problem] = []
    for name, t in TABLES.items():
        df = frames[name]
        pk = rows_as_tuples(df, t.primary_key)
        for key, n in Counter(pk).items():
            if n > 1:
                out.append(Problem("error", str(key[0]), None, None, f"{name}: primary key "
                                   f"{key} appears {n} times", "keys"))
        for fk in t.foreign_keys:
            ref = frames[fk.reference_table]
            targets = set(rows_as_tuples(ref, [*fk.scope, *fk.reference_fields]))
            sources = rows_as_tuples(df, [*fk.scope, *fk.fields])
            ids = rows_as_tuples(df, ["id"]) if "id" in df else [(None,)] * len(sources)
            docs = [(s or d,) for s, d in rows_as_tuples(df, ["symbol", "document"])]
            for src, rid, doc in zip(sources, ids, docs, strict=True):
                if all(v is None for v in src[len(fk.scope) :]):
                    continue
                if src not in targets:
                    fields = ", ".join(fk.fields)
                    out.append(Problem("error", str(doc[0]), rid[0], None, f"{name}({fields}) = "
                                       f"{src[len(fk.scope):]} not found in "
                                       f"{fk.reference_table}", "keys"))
    return out
