"""The declared tables as typed frames and files: pandas dtypes, pandera and pyarrow schemas.

pandas is imported only by what needs it (the dtypes, pandera): the arrow schema and an arrow
table built from a table's columns (what the export writes) need pyarrow alone."""

from __future__ import annotations

import json
from array import array
from functools import cache
from typing import Any

import pyarrow as pa

from pipeline.distinfo import version
from pipeline.out.declaration import TABLES
from pipeline.out.fields import Field, column_pattern

# --------------------------------------------------------------------------------------------
# pandas / pandera
# --------------------------------------------------------------------------------------------


def __getattr__(name: str) -> Any:
    if name == "DATE_DTYPE":  # pandas' dtype of a date column, built on first use
        return _date_dtype()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _date_dtype() -> Any:
    import pandas as pd

    return pd.ArrowDtype(pa.date32())


def pandas_dtype(f: Field) -> Any:
    """The explicit pandas dtype of a field."""
    import pandas as pd

    return {
        "string": pd.StringDtype(),
        "integer": pd.Int64Dtype(),
        "number": pd.Float64Dtype(),
        "date": _date_dtype(),
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


#: how ``pyarrow.Table.from_pandas`` describes a column of each logical type's pandas dtype in
#: the ``pandas`` schema metadata: (pandas_type, numpy_type)
_PANDAS_TYPES = {
    "string": ("unicode", "string"),
    "integer": ("int64", "Int64"),
    "number": ("float64", "Float64"),
    "date": ("date", "date32[day][pyarrow]"),
}


@cache
def _pandas_version() -> str:
    """The installed pandas' version, read from its distribution (pandas is not imported)."""
    found = version("pandas")
    if found is None:  # pragma: no cover - a declared dependency: importlib.metadata says why
        import importlib.metadata

        return importlib.metadata.version("pandas")
    return found


def pandas_metadata(fields: list[tuple[str, str]]) -> bytes:
    """The ``pandas`` schema metadata ``pyarrow.Table.from_pandas`` writes (no index) for
    columns ``(name, logical type)``, so that pandas reads them back with the declared dtypes;
    the same bytes (tests compare them)."""
    columns = [
        {"name": name, "field_name": name, "pandas_type": _PANDAS_TYPES[logical][0],
         "numpy_type": _PANDAS_TYPES[logical][1], "metadata": None}
        for name, logical in fields
    ]
    meta = {
        "index_columns": [],
        "column_indexes": [],
        "columns": columns,
        "attributes": {},
        "creator": {"library": "pyarrow", "version": pa.__version__},
        "pandas_version": _pandas_version(),
    }
    return json.dumps(meta).encode("utf8")


@cache
def _table_schema(table: str) -> pa.Schema:
    """The declared arrow schema with the pandas metadata of the declared dtypes."""
    schema = arrow_schema(table)
    meta = pandas_metadata([(f.name, f.type) for f in TABLES[table].fields])
    return schema.with_metadata({**schema.metadata, b"pandas": meta})


#: the array module's "i" and "q" are arrow's int32 and int64 here
_NATIVE_WIDTHS = array("i").itemsize == 4 and array("q").itemsize == 8
_EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal(): date32 counts days from it


def _validity(values: list[Any]) -> tuple[pa.Buffer | None, int]:
    """Arrow's validity bitmap of ``values`` (None: null) and the null count; no bitmap
    when nothing is null."""
    nulls = values.count(None)
    if not nulls:
        return None, 0
    bits = bytearray((len(values) + 7) // 8)
    for i, v in enumerate(values):
        if v is not None:
            bits[i >> 3] |= 1 << (i & 7)
    return pa.py_buffer(bits), nulls


def arrow_array(values: list[Any], type_: pa.DataType) -> pa.Array:
    """A column's values (Python str, int, float or date as the type needs; None for null)
    as an arrow array, assembled from its buffers: ``pyarrow.array`` would import pandas
    (it asks whether the list is a pandas object)."""
    if not _NATIVE_WIDTHS:  # pragma: no cover - a platform whose C int is not 32 bits
        return pa.array(values, type=type_)
    validity, nulls = _validity(values)
    n = len(values)
    if type_ == pa.string():
        data = [b"" if v is None else v.encode("utf-8") for v in values]
        total = 0
        offsets = array("i", [0] * (n + 1))
        for i, b in enumerate(data, 1):
            total += len(b)
            offsets[i] = total
        if total >= 1 << 31:  # beyond 32-bit offsets: let pyarrow split it
            return pa.array(values, type=type_)
        buffers = [validity, pa.py_buffer(offsets), pa.py_buffer(b"".join(data))]
    elif type_ == pa.int64():
        buffers = [validity, pa.py_buffer(array("q", [0 if v is None else v for v in values]))]
    elif type_ == pa.float64():
        buffers = [validity, pa.py_buffer(array("d", [0.0 if v is None else v for v in values]))]
    elif type_ == pa.date32():
        days = [0 if v is None else v.toordinal() - _EPOCH_ORDINAL for v in values]
        buffers = [validity, pa.py_buffer(array("i", days))]
    else:
        return pa.array(values, type=type_)
    return pa.Array.from_buffers(type_, n, buffers, nulls)


def arrow_columns(schema: pa.Schema, columns: dict[str, list[Any]]) -> pa.Table:
    """Columns (values of the schema's types, None for null) → a pyarrow Table of ``schema``."""
    arrays = [arrow_array(columns[f.name], f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def arrow_table_from_columns(table: str, columns: dict[str, list[Any]]) -> pa.Table:
    """A table's columns → the pyarrow Table ``from_pandas`` would make of its DataFrame."""
    return arrow_columns(_table_schema(table), columns)


def parquet_from_columns(table: str, columns: dict[str, list[Any]]) -> bytes:
    """A table's columns as the Parquet file the export writes (zstd, statistics, the declared
    schema and the pandas metadata; nothing that varies between runs)."""
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(arrow_table_from_columns(table, columns), sink, compression="zstd",
                   write_statistics=True)
    return sink.getvalue().to_pybytes()
