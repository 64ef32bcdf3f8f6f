"""The direct column checks report exactly what the declared pandera schema reports."""

from __future__ import annotations

import pandas as pd
import pytest
from factories import clone, paragraphs_doc, recommendations_doc

from pipeline.model import Box, Extraction, Footnote, Problem, Table, TableCell
from pipeline.out.schema import TABLE_NAMES, TABLES
from pipeline.out.table_checks import pandera_problems, schema_problems
from pipeline.out.tables import build_tables, frame_from_columns, table_columns


def frames_of(kind: str) -> dict[str, pd.DataFrame]:
    return build_tables([extraction_of(kind)])


def extraction_of(kind: str) -> Extraction:
    ex = clone(recommendations_doc() if kind == "rec" else paragraphs_doc())
    first = (ex.records or ex.paragraphs)[0]
    box = Box(1, 100.0, 700.0, 300.0, 710.0)
    ex.footnotes = [Footnote(1, "1", "A note.", 1, 1, [box], (first.id,))]
    ex.tables = [Table(1, "1", 1, [TableCell(1, 1, "Head", box), TableCell(2, 1, "49", box)])]
    # a document written with a problem, so that the problems table has a row to break
    ex.problems = [Problem("error", ex.meta.symbol or "", first.id, first.page_start,
                           "paragraph 2 missing between 1 and 3", "numbering", "number")]
    return ex


def same(frames: dict[str, pd.DataFrame]) -> list[tuple[object, ...]]:
    direct = [(p.document, p.record, p.page, p.field, p.message, p.rule)
              for p in schema_problems(frames)]
    oracle = [(p.document, p.record, p.page, p.field, p.message, p.rule)
              for p in pandera_problems(frames)]
    assert sorted(direct, key=repr) == sorted(oracle, key=repr)
    return direct


def bad_values(table: str, field: str) -> list[object]:
    """Values that break the field's declared constraints (or are fine for it)."""
    f = TABLES[table].field(field)
    if f.type == "integer":
        out: list[object] = [pd.NA, 0, 10**9]
    elif f.type == "number":
        return [pd.NA, -1.0]
    elif f.type == "date":
        return [pd.NA]
    else:
        out = [pd.NA, "", "xyz", "1.1\n"]
    return out


@pytest.mark.parametrize("kind", ["rec", "para"])
def test_good_tables_have_no_problems(kind: str) -> None:
    assert same(frames_of(kind)) == []


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_every_bad_value_is_reported_alike(table: str) -> None:
    reported = 0
    for kind in ("rec", "para"):
        base = frames_of(kind)
        if base[table].empty:
            continue
        for f in TABLES[table].fields:
            for value in bad_values(table, f.name):
                frames = {k: v.copy() for k, v in base.items()}
                frames[table].loc[frames[table].index[0], f.name] = value
                reported += bool(same(frames))
    assert reported > len(TABLES[table].fields)  # the values really break constraints


def test_wrong_dtype_or_columns_go_to_pandera() -> None:
    frames = frames_of("rec")
    frames["meetings"]["meeting"] = frames["meetings"]["meeting"].astype("float64")
    frames["paragraphs"] = frames["paragraphs"].drop(columns=["text"])
    frames["documents"]["extra"] = 1
    problems = same(frames)
    assert {p[3] for p in problems} >= {"meeting", "paragraphs", "documents"}


def _check(p: Problem) -> tuple[object, ...]:
    """A problem's record, field and failed check (a null shows as None or nan in the typed
    columns, <NA> in pandas)."""
    record = "<NA>" if p.record in ("None", "nan") else p.record
    return record, p.field, p.message.rsplit(" fails ")[-1]


def test_typed_columns_are_checked_like_their_frames() -> None:
    """The typed columns (None for null, NaN in a number column) with a bad value in any
    field: the problems of the pandera schema on the same table as a DataFrame."""
    reported = 0
    for kind in ("rec", "para"):
        base = table_columns([extraction_of(kind)])
        for table in TABLE_NAMES:
            if not base[table][TABLES[table].fields[0].name]:
                continue
            for f in TABLES[table].fields:
                values = [None if v is pd.NA else v for v in bad_values(table, f.name)]
                values += [float("nan")] if f.type == "number" else []
                for value in values:
                    columns = {k: {c: list(vs) for c, vs in v.items()} for k, v in base.items()}
                    columns[table][f.name][0] = value
                    direct = [_check(p) for p in schema_problems(columns, tables=(table,))]
                    frame = {table: frame_from_columns(table, columns[table])}
                    oracle = [_check(p) for p in pandera_problems(frame, tables=(table,))]
                    assert sorted(direct, key=repr) == sorted(oracle, key=repr), (table, f.name)
                    reported += bool(direct)
    assert reported > 50
