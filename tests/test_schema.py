"""The declared schema's four derived artefacts agree field by field (and with real files)."""

from __future__ import annotations

import json
import re

import jsonschema
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from factories import paragraphs_doc, recommendations_doc

from pipeline.out.describe import may_be_empty
from pipeline.out.export import write_outputs
from pipeline.out.schema import (
    JSON_NODES,
    TABLE_NAMES,
    TABLES,
    arrow_schema,
    datapackage,
    document_json_schema,
    json_node_fields,
    pandera_schema,
)

ARROW_LOGICAL = {
    pa.string(): "string",
    pa.int64(): "integer",
    pa.float64(): "number",
    pa.date32(): "date",
}
PANDAS_LOGICAL = {
    "string": "string",
    "string[pyarrow]": "string",
    "string[python]": "string",
    "Int64": "integer",
    "Float64": "number",
    "date32[day][pyarrow]": "date",
}


def _pandera_view(table: str) -> list[tuple[str, str, bool, str]]:
    cols = pandera_schema(table).columns
    return [
        (name, PANDAS_LOGICAL[str(c.dtype)], c.nullable, c.description) for name, c in cols.items()
    ]


def _arrow_view(schema: pa.Schema) -> list[tuple[str, str, bool, str]]:
    return [
        (f.name, ARROW_LOGICAL[f.type], f.nullable, f.metadata[b"description"].decode())
        for f in schema
    ]


def _datapackage_view(table: str) -> list[tuple[str, str, bool, str]]:
    (res,) = [r for r in datapackage()["resources"] if r["name"] == table]
    return [
        (f["name"], f["type"], not f["constraints"]["required"], f["description"])
        for f in res["schema"]["fields"]
    ]


def _json_logical(prop: dict) -> tuple[str, bool]:
    if prop["type"] == "array":  # list field: joined string in tables (null ⇔ empty array)
        assert prop["items"]["type"] == "string"
        return "string", prop.get("minItems", 0) == 0
    types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    nullable = "null" in types
    (base,) = [t for t in types if t != "null"]
    if base == "string" and prop.get("format") == "date":
        return "date", nullable
    return base, nullable


def _json_schema_view(table: str) -> list[tuple[str, str, bool, str]]:
    """Every field of a table as the JSON Schema states it (inherited ones on their parent)."""
    schema = document_json_schema()
    defs = schema["$defs"]
    node, inherited = JSON_NODES[table]
    where = {name: defs[node]["properties"] for name in TABLES[table].field_names}
    parents = {
        "document": defs["document"]["properties"],
        "symbol": defs["document"]["properties"],
        "language": defs["document"]["properties"],
        "meeting": defs["meeting"]["properties"],
        "section": defs["section"]["properties"],
        "table": defs["table"]["properties"],
        "label": defs["table"]["properties"],
    }
    for name in inherited:
        where[name] = parents[name]
    out = []
    for name in TABLES[table].field_names:
        prop = where[name][name]
        logical, nullable = _json_logical(prop)
        out.append((name, logical, nullable, prop["description"]))
    return out


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_artefacts_agree_on_every_field(table: str) -> None:
    declared = [(f.name, f.type, f.nullable, f.description) for f in TABLES[table].fields]
    assert _pandera_view(table) == declared
    assert _arrow_view(arrow_schema(table)) == declared
    # a string that may be empty (a lead-in's text) is not "required" in the Table Schema:
    # its empty CSV cell is a missing value there (pipeline.out.describe.may_be_empty)
    assert _datapackage_view(table) == [
        (f.name, f.type, f.nullable or may_be_empty(f), f.description)
        for f in TABLES[table].fields
    ]
    assert sorted(_json_schema_view(table)) == sorted(declared)


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_written_files_carry_the_schema(tmp_path, table: str) -> None:
    """Parquet field metadata and datapackage.json on disk are the derived artefacts."""
    write_outputs([recommendations_doc(), paragraphs_doc()], tmp_path)
    declared = [(f.name, f.type, f.nullable, f.description) for f in TABLES[table].fields]
    assert _arrow_view(pq.read_schema(tmp_path / f"{table}.parquet")) == declared
    dp = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    (res,) = [r for r in dp["resources"] if r["name"] == table]
    assert res["schema"] == datapackage()["resources"][TABLE_NAMES.index(table)]["schema"]
    on_disk = json.loads((tmp_path / "schema" / "document.schema.json").read_text("utf-8"))
    assert on_disk == document_json_schema()


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_keys_agree(table: str) -> None:
    t = TABLES[table]
    (res,) = [r for r in datapackage()["resources"] if r["name"] == table]
    assert res["schema"]["primaryKey"] == list(t.primary_key)
    assert pandera_schema(table).unique == list(t.primary_key)
    fks = res["schema"].get("foreignKeys", [])
    assert [(fk["fields"], fk["reference"]["fields"]) for fk in fks] == [
        (list(fk.fields), list(fk.reference_fields)) for fk in t.foreign_keys
    ]
    for fk in t.foreign_keys:
        for name in (*fk.fields, *fk.scope):
            t.field(name)
        for name in (*fk.reference_fields, *fk.scope):
            TABLES[fk.reference_table].field(name)


def test_declared_keys() -> None:
    assert TABLES["meetings"].foreign_keys[0].reference_table == "documents"
    fk_meeting, fk_parent = TABLES["recommendations"].foreign_keys
    assert fk_meeting.fields == ("document", "meeting")
    assert fk_meeting.reference_table == "meetings"
    assert (fk_parent.fields, fk_parent.reference_fields, fk_parent.scope) == (
        ("parent_id",), ("id",), ("document",)
    )


def test_json_schema_is_valid_2020_12() -> None:
    schema = document_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_json_nodes_hold_exactly_the_non_inherited_fields() -> None:
    defs = document_json_schema()["$defs"]
    extras = {"document": set(), "meeting": {"bbox", "recommendations"},
              "recommendation": {"boxes", "items"}, "paragraph": {"boxes", "items"},
              "footnote": {"boxes"}, "table_cell": set(), "problem": set()}
    for table, (node, _) in JSON_NODES.items():
        names = {f.name for f in json_node_fields(table)}
        assert set(defs[node]["properties"]) == names | extras[node]
        assert set(defs[node]["required"]) == names | extras[node]


# Each constraint means the same in pandera, JSON Schema and Table Schema (anchored patterns).
CASES = {
    ("recommendations", "id"): (["1.1", "12.3", "5.2.k", "5.2.a.i"],
                                ["1", "0.1", "1.01", "1.2.A", "x1.2", "1.2.", "1.2\n"]),
    ("recommendations", "item"): (["a", "k", "a.i", "aa"], ["A", "a)", "(a)", "a.", "1"]),
    # issue #15: decimal paragraphs (121.1) and section-qualified ids are valid paragraph ids
    ("paragraphs", "id"): (["1", "12", "12.a", "12.a.i", "121.1", "annex-1/art-12/3.a",
                            "res-55.25/pp2", "art-3/t1", "IV.B/1"],
                           ["0", "a", "12.a.1", "/1", "art-1/", "pp0", "annex-1//2"]),
    ("documents", "symbol"): (["CTOC/COP/WG.7/2019/CRP.1", "A/HRC/40/1", "E/CN.15/2019/L.1/Add.1"],
                              ["CTOC", "ctoc/cop", "A/HRC/40/1 ", "A//1"]),
    ("documents", "job_number"): (["V.19-05872", "GE.09-17088", "25-02024", "V.19-05872 (F)"],
                                  ["V19-05872", "V.19-0587", "v.19-05872"]),
    ("documents", "language"): (["fr", "en", "zh"], ["FR", "fra", "de"]),
}


@pytest.mark.parametrize(("table", "field"), list(CASES))
def test_constraints_agree(table: str, field: str) -> None:
    good, bad = CASES[(table, field)]
    f = TABLES[table].field(field)
    node = JSON_NODES[table][0]
    prop = document_json_schema()["$defs"][node]["properties"][field]
    column = pandera_schema(table).columns[field]
    for value, ok in [(v, True) for v in good] + [(v, False) for v in bad]:
        series = pd.Series([value], dtype="string")
        pandera_ok = all(bool(c(series).check_passed) for c in column.checks)
        json_ok = jsonschema.Draft202012Validator(prop).is_valid(value)
        if f.pattern is not None:  # Table Schema patterns are implicitly anchored
            table_ok = re.fullmatch(f.pattern, value) is not None
        else:
            table_ok = value in (f.enum or ())
        assert (pandera_ok, json_ok, table_ok) == (ok, ok, ok), value
