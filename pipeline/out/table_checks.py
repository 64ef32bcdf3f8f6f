"""Checks on tables: the declared schema (pandera) row by row, and keys across tables."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from pipeline.out.labels import meeting_name
from pipeline.out.problems import Problem
from pipeline.out.schema import TABLE_NAMES, TABLES, pandera_schema


def schema_problems(
    frames: dict[str, pd.DataFrame],
    document: Callable[[str, pd.Series], str] | None = None,
) -> list[Problem]:
    """pandera failures of each table, one problem per (row, column, check).

    Primary-key duplicates are left to :func:`check_keys` (one problem per key, not per row).

    ``document(table, row)`` names the document of a failing row (default: symbol or file).
    """
    document = document or row_document
    import pandera.errors as pe

    out: list[Problem] = []
    for name in TABLE_NAMES:
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
                r = df.loc[idx]
                record = str(r["id"]) if "id" in df else (
                    meeting_name(int(r["meeting"])) if "meeting" in df else None
                )
                page = r["page_start"] if "page_start" in df else None
                page = None if page is None or pd.isna(page) else int(page)
                msg = f"{name}.{column} = {row.failure_case!r} fails {check}"
                out.append(Problem("error", document(name, r), record, page, msg, "schema",
                                   column))
    return out


def row_document(_table: str, row: pd.Series) -> str:
    sym = row.get("symbol")
    if sym is not None and not pd.isna(sym):
        return str(sym)
    src = row.get("source_file")
    return str(src) if src is not None and not pd.isna(src) else "<unknown document>"


def rows_as_tuples(df: pd.DataFrame, cols: Sequence[str]) -> list[tuple[Any, ...]]:
    return [
        tuple(None if pd.isna(v) else v for v in row)
        for row in df[list(cols)].astype(object).itertuples(index=False, name=None)
    ]


def check_keys(frames: dict[str, pd.DataFrame]) -> list[Problem]:
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
            ids = rows_as_tuples(df, ["id"]) if "id" in df else [(None,)] * len(df)
            docs = rows_as_tuples(df, ["symbol"])
            for src, rid, doc in zip(sources, ids, docs, strict=True):
                if all(v is None for v in src[len(fk.scope) :]):
                    continue
                if src not in targets:
                    fields = ", ".join(fk.fields)
                    out.append(Problem("error", str(doc[0]), rid[0], None, f"{name}({fields}) = "
                                       f"{src[len(fk.scope):]} not found in "
                                       f"{fk.reference_table}", "keys"))
    return out
