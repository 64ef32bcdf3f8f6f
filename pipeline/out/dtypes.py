"""The declared tables as typed frames and files: pandas dtypes, pandera and pyarrow schemas."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa

from pipeline.out.declaration import TABLES
from pipeline.out.fields import Field, column_pattern

# --------------------------------------------------------------------------------------------
# pandas / pandera
# --------------------------------------------------------------------------------------------

DATE_DTYPE = pd.ArrowDtype(pa.date32())


def pandas_dtype(f: Field) -> Any:
    """The explicit pandas dtype of a field."""
    return {
        "string": pd.StringDtype(),
        "integer": pd.Int64Dtype(),
        "number": pd.Float64Dtype(),
        "date": DATE_DTYPE,
    }[f.type]


def pandas_dtypes(table: str) -> dict[str, Any]:
    return {f.name: pandas_dtype(f) for f in TABLES[table].fields}


def _pandera_checks(f: Field) -> list[Any]:
    import pandera.pandas as pdx

    checks = []
    if f.enum is not None:
        checks.append(pdx.Check.isin(list(f.enum)))
    if column_pattern(f) is not None:
        checks.append(pdx.Check.str_matches(rf"^(?:{column_pattern(f)})\Z"))  # \Z: no "\n" slips
    if f.minimum is not None:
        checks.append(pdx.Check.ge(f.minimum))
    if f.maximum is not None:
        checks.append(pdx.Check.le(f.maximum))
    if f.min_length is not None:
        checks.append(pdx.Check.str_length(min_value=f.min_length))
    return checks


def pandera_schema(table: str) -> Any:
    """pandera ``DataFrameSchema`` for a table: dtypes, nullability, constraints, primary key."""
    import pandera.pandas as pdx

    t = TABLES[table]
    return pdx.DataFrameSchema(
        {
            f.name: pdx.Column(
                pandas_dtype(f),
                checks=_pandera_checks(f),
                nullable=f.nullable,
                description=f.description,
                title=f.name,
            )
            for f in t.fields
        },
        name=t.name,
        description=t.description,
        strict=True,
        ordered=True,
        unique=list(t.primary_key),
        report_duplicates="all",
    )


# --------------------------------------------------------------------------------------------
# pyarrow / Parquet
# --------------------------------------------------------------------------------------------

_ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "date": pa.date32(),
}


def arrow_schema(table: str) -> pa.Schema:
    """Explicit pyarrow schema; each field's description is stored in its Parquet metadata."""
    t = TABLES[table]
    return pa.schema(
        [
            pa.field(
                f.name,
                _ARROW_TYPES[f.type],
                nullable=f.nullable,
                metadata={"description": f.description, "logical_type": f.type},
            )
            for f in t.fields
        ],
        metadata={"table": t.name, "description": t.description},
    )
