"""The declared tables described for readers: Frictionless datapackage.json and JSON Schema."""

from __future__ import annotations

from typing import Any, get_args

from pipeline.model import BlockKind, FurnitureReason, RepairKind
from pipeline.out.declaration import ISO_DATE_PATTERN, JSON_FORMAT, JSON_NODES, TABLES
from pipeline.out.fields import Field, column_pattern

# --------------------------------------------------------------------------------------------
# Frictionless Data Package (CSV)
# --------------------------------------------------------------------------------------------


def may_be_empty(f: Field) -> bool:
    """A string column that may hold the empty string (no min_length, enum or pattern): in
    CSV its empty cell is that string, a missing value to a Table Schema, which therefore
    cannot call the column required (unrecs' own reader and validator do)."""
    return f.type == "string" and f.min_length is None and f.enum is None and f.pattern is None


def table_schema(table: str) -> dict[str, Any]:
    """Frictionless Table Schema of a table's CSV file."""
    t = TABLES[table]
    fields = []
    for f in t.fields:
        constraints: dict[str, Any] = {"required": not f.nullable and not may_be_empty(f)}
        if f.enum is not None:
            constraints["enum"] = list(f.enum)
        if column_pattern(f) is not None:
            constraints["pattern"] = column_pattern(f)
        if f.minimum is not None:
            constraints["minimum"] = f.minimum
        if f.maximum is not None:
            constraints["maximum"] = f.maximum
        if f.min_length is not None:
            constraints["minLength"] = f.min_length
        field: dict[str, Any] = {"name": f.name, "type": f.type, "description": f.description}
        if f.type == "date":
            field["format"] = "default"
        field["constraints"] = constraints
        fields.append(field)
    foreign_keys = []
    for fk in t.foreign_keys:
        # A Table Schema foreign key with a null cell is only skipped when *all* its cells are
        # null, so the document scope of parent_id → id cannot be expressed here; unrecs'
        # validator checks it (see pipeline.out.validate).
        foreign_keys.append(
            {
                "fields": list(fk.fields),
                "reference": {
                    "resource": "" if fk.reference_table == t.name else fk.reference_table,
                    "fields": list(fk.reference_fields),
                },
            }
        )
    out: dict[str, Any] = {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": list(t.primary_key),
    }
    if foreign_keys:
        out["foreignKeys"] = foreign_keys
    return out


CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}


def datapackage(hashes: dict[str, str] | None = None) -> dict[str, Any]:
    """Frictionless ``datapackage.json`` describing the CSV files.

    ``hashes`` maps a table name to the SHA-256 (hex) of its CSV bytes; when given, each
    resource records it so that a mixed or edited output folder is detectable.
    """
    resources = []
    for name, t in TABLES.items():
        res: dict[str, Any] = {
            "name": name,
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": t.description,
            "dialect": dict(CSV_DIALECT),
            "schema": table_schema(name),
        }
        if hashes and name in hashes:
            res["hash"] = f"sha256:{hashes[name]}"
        resources.append(res)
    return {
        "profile": "tabular-data-package",
        "name": "unrecs",
        "title": "unrecs: recommendations and paragraphs extracted from UN documents",
        "description": (
            "Tables extracted from official UN document PDFs. The same rows are also written "
            "as Parquet (<table>.parquet) and, per document, as nested JSON (<stem>.json, "
            "described by schema/document.schema.json)."
        ),
        "resources": resources,
    }


# --------------------------------------------------------------------------------------------
# JSON Schema of <stem>.json
# --------------------------------------------------------------------------------------------

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _anchored(pattern: str) -> str:
    """Whole-value pattern for JSON Schema: ``$(?!\\n)`` also ends the match in Python's re,
    where a bare ``$`` would accept a trailing newline (ECMA-262 would not)."""
    return rf"^(?:{pattern})$(?!\n)"


def json_property(f: Field) -> dict[str, Any]:
    """JSON Schema of one field's value inside ``<stem>.json``."""
    if f.separator is not None:  # a list of keys: an array of strings, empty when none
        item: dict[str, Any] = {"type": "string"}
        if f.pattern is not None:
            item["pattern"] = _anchored(f.pattern)
        return {
            "description": f.description,
            "type": "array",
            "items": item,
            "uniqueItems": True,
            **({} if f.nullable else {"minItems": 1}),
        }
    prop: dict[str, Any] = {"description": f.description}
    base = {"string": "string", "integer": "integer", "number": "number", "date": "string"}[
        f.type
    ]
    prop["type"] = [base, "null"] if f.nullable else base
    if f.type == "date":
        prop["format"] = "date"
        prop["pattern"] = _anchored(ISO_DATE_PATTERN)
    if f.enum is not None:
        prop["enum"] = [*f.enum, None] if f.nullable else list(f.enum)
    if f.pattern is not None:
        prop["pattern"] = _anchored(f.pattern)
    if f.minimum is not None:
        prop["minimum"] = f.minimum
    if f.maximum is not None:
        prop["maximum"] = f.maximum
    if f.min_length is not None:
        prop["minLength"] = f.min_length
    return prop


def json_node_fields(table: str) -> list[Field]:
    """The table fields a ``<stem>.json`` node of that table holds (inherited ones left out)."""
    _, inherited = JSON_NODES[table]
    fields = [f for f in TABLES[table].fields if f.name not in inherited]
    # ids first: a node reads "id, parent_id, number, item ..." whatever the column order
    return sorted(fields, key=lambda f: {"id": 0, "parent_id": 1}.get(f.name, 2))


def _object(
    properties: dict[str, Any], description: str, required: list[str] | None = None
) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def _node(table: str, description: str, extra: dict[str, Any]) -> dict[str, Any]:
    props = {f.name: json_property(f) for f in json_node_fields(table)}
    props.update(extra)
    return _object(props, description)


def document_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a per-document ``<stem>.json``."""
    page = {"type": "integer", "minimum": 1, "description": "1-based page number"}
    boxes = {
        "type": "array",
        "description": "one bounding box per page the text occupies, in page order",
        "items": {"$ref": "#/$defs/page_box"},
    }
    defs: dict[str, Any] = {
        "bbox": {
            "type": "array",
            "description": "[x0, top, x1, bottom] in PDF points, origin at the top-left",
            "items": {"type": "number"},
            "minItems": 4,
            "maxItems": 4,
        },
        "page_box": _object(
            {"page": page, "bbox": {"$ref": "#/$defs/bbox"}}, "a bounding box on one page"
        ),
        "document": _node("documents", "the documents-table row of this document", {}),
        "meeting": _node(
            "meetings",
            "a meetings-table row with its recommendations",
            {
                "bbox": {
                    "description": "bounding box of the heading on its page",
                    "anyOf": [{"$ref": "#/$defs/bbox"}, {"type": "null"}],
                },
                "recommendations": {
                    "type": "array",
                    "description": "top-level recommendations (level 0), in document order",
                    "items": {"$ref": "#/$defs/recommendation"},
                },
            },
        ),
        "recommendation": _node(
            "recommendations",
            "a recommendations-table row; its sub-items are nested under items",
            {
                "boxes": boxes,
                "items": {
                    "type": "array",
                    "description": "sub-items (level + 1), in document order",
                    "items": {"$ref": "#/$defs/recommendation"},
                },
            },
        ),
        "section": _object(
            {
                "section": json_property(TABLES["paragraphs"].field("section")),
                "paragraphs": {
                    "type": "array",
                    "description": "top-level paragraphs (level 0) of the section, in order",
                    "items": {"$ref": "#/$defs/paragraph"},
                },
            },
            "a run of consecutive paragraphs under the same heading path",
        ),
        "paragraph": _node(
            "paragraphs",
            "a paragraphs-table row; its sub-items are nested under items",
            {
                "boxes": boxes,
                "items": {
                    "type": "array",
                    "description": "sub-items (level + 1), in document order",
                    "items": {"$ref": "#/$defs/paragraph"},
                },
            },
        ),
        "footnote": _node(
            "footnotes",
            "a footnotes-table row, with the boxes of its note on each page",
            {"boxes": boxes},
        ),
        "table": _object(
            {
                "table": json_property(TABLES["tables"].field("table")),
                "label": json_property(TABLES["tables"].field("label")),
                "cells": {
                    "type": "array",
                    "description": "its cells, row by row, left to right; a table continued "
                                   "on the next pages is one table, its rows numbered on, each "
                                   "cell with the page it is printed on",
                    "items": {"$ref": "#/$defs/table_cell"},
                },
            },
            "a table printed in the document: its tables-table rows",
        ),
        "table_cell": _node("tables", "a tables-table row: one cell", {}),
        "furniture": _object(
            {
                "text": {"type": "string", "description": "the text set aside"},
                "reason": {
                    "type": "string",
                    "description": "why it is page furniture",
                    "enum": list(get_args(FurnitureReason)),
                },
                "page": page,
                "bbox": {"$ref": "#/$defs/bbox"},
            },
            "page furniture removed from the text (audit)",
        ),
        "repair": _object(
            {
                "kind": {
                    "type": "string",
                    "description": "kind of text repair",
                    "enum": list(get_args(RepairKind)),
                },
                "before": {"type": "string", "description": "text as extracted"},
                "after": {"type": "string", "description": "text after the repair"},
                "evidence": {"type": "string", "description": "what the repair rests on"},
                "page": page,
                "bbox": {"$ref": "#/$defs/bbox"},
            },
            "a repair made to the extracted text (audit)",
            ["kind", "before", "after", "page", "bbox"],
        ),
        "problem": _node(
            "problems",
            "a problems-table row: what validation found in this document, which was written",
            {},
        ),
        "other_text": _object(
            {
                "kind": {"type": "string", "enum": list(get_args(BlockKind))},
                "label": {"type": ["string", "null"], "description": "printed label, if any"},
                "text": {"type": "string"},
                "boxes": boxes,
            },
            "a heading that is no row: it opens or titles a section (the rows' section and "
            "section_title), or a sub-heading that opens none (the end of the section_title "
            "of the rows under it); body text is always a row "
            "(t<k>) and never listed here",
        ),
    }
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "unrecs document",
        "description": (
            "Everything unrecs extracted from one UN document: the documents row, meetings with "
            "nested recommendations (recommendations mode) or sections with nested paragraphs "
            "(paragraphs mode), footnotes and tables, and audit lists of removed furniture and "
            "text repairs."
        ),
        "type": "object",
        "properties": {
            "format": {"const": JSON_FORMAT, "description": "format marker and version"},
            "document": {"$ref": "#/$defs/document"},
            "meetings": {
                "type": "array",
                "description": "recommendations mode: meetings in order (empty otherwise)",
                "items": {"$ref": "#/$defs/meeting"},
            },
            "sections": {
                "type": "array",
                "description": "paragraphs mode: paragraphs grouped by section (empty otherwise)",
                "items": {"$ref": "#/$defs/section"},
            },
            "footnotes": {
                "type": "array",
                "description": "the document's footnotes, in order",
                "items": {"$ref": "#/$defs/footnote"},
            },
            "tables": {
                "type": "array",
                "description": "the tables printed in the document, in order",
                "items": {"$ref": "#/$defs/table"},
            },
            "furniture": {"type": "array", "items": {"$ref": "#/$defs/furniture"}},
            "repairs": {"type": "array", "items": {"$ref": "#/$defs/repair"}},
            "other_text": {"type": "array", "items": {"$ref": "#/$defs/other_text"}},
            "warnings": {
                "type": "array",
                "description": "warnings raised by the extraction stages",
                "items": {"type": "string"},
            },
            "problems": {
                "type": "array",
                "description": "problems validation found (also rows of the problems table); "
                "empty when none",
                "items": {"$ref": "#/$defs/problem"},
            },
        },
        "required": [
            "format",
            "document",
            "meetings",
            "sections",
            "footnotes",
            "tables",
            "furniture",
            "repairs",
            "other_text",
            "warnings",
            "problems",
        ],
        "additionalProperties": False,
        "$defs": defs,
    }
