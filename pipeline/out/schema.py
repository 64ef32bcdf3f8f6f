"""The one declared schema of unrecs' output tables, and every artefact derived from it.

``TABLES`` is the single source of truth: for each table (``documents``, ``meetings``,
``recommendations``, ``paragraphs``) its fields in column order, with logical type, nullability,
description and constraints, plus primary and foreign keys. Everything else is derived here:

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

In CSV, dates are ISO ``YYYY-MM-DD`` text and a null is an empty cell (never an empty string:
nullable strings are stored as null when empty, non-nullable strings must be non-empty).
"""

from __future__ import annotations

import importlib.metadata
import re
from dataclasses import dataclass
from typing import Any, Literal, get_args

import pandas as pd
import pyarrow as pa

from pipeline.model import BlockKind, FurnitureReason, RepairKind
from pipeline.vocab import ACTORS, MODALITIES, REFERENCE_PATTERN, SEPARATOR

LogicalType = Literal["string", "integer", "date"]

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
DISTRIBUTIONS = ("general", "limited", "restricted")
MODES = ("recommendations", "paragraphs")

#: patterns are written unanchored; every derived artefact matches the whole value
SYMBOL_PATTERN = r"[A-Z][A-Za-z0-9.\-]*(/[A-Za-z0-9.\-]+)+"
JOB_NUMBER_PATTERN = r"([A-Z]{1,2}\.)?[0-9]{2}-[0-9]{5}( \([A-Z]\))?"
SHA256_PATTERN = r"[0-9a-f]{64}"
ITEM_PATTERN = r"[a-zа-яё]+(\.[a-zа-яё]+)*"
RECORD_ID_PATTERN = r"[1-9][0-9]*\.[1-9][0-9]*(\.[a-zа-яё]+)*"
PARAGRAPH_ID_PATTERN = r"[1-9][0-9]*(\.[a-zа-яё]+)*"
ISO_DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


@dataclass(frozen=True, slots=True)
class Field:
    """One column: name, logical type, nullability, description and value constraints."""

    name: str
    type: LogicalType
    description: str
    nullable: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    min_length: int | None = None
    #: the value is a list of keys, joined by this separator in tables (array in JSON)
    separator: str | None = None


def column_pattern(f: Field) -> str | None:
    """Pattern of a field's whole value in a table (a separator-joined list for list fields)."""
    if f.pattern is None or f.separator is None:
        return f.pattern
    return rf"({f.pattern})({re.escape(f.separator)}({f.pattern}))*"


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """``fields`` of this table reference ``reference_fields`` of ``reference_table``.

    ``scope`` names fields that must also be equal on both sides (the key holds *within* one
    document); it is used for ``parent_id`` → ``id``, whose scope is ``(symbol, language)``.
    """

    fields: tuple[str, ...]
    reference_table: str
    reference_fields: tuple[str, ...]
    scope: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")


# --------------------------------------------------------------------------------------------
# The declared schema
# --------------------------------------------------------------------------------------------

_SYMBOL = Field(
    "symbol",
    "string",
    "UN document symbol as printed in the masthead, e.g. CTOC/COP/WG.7/2019/CRP.1",
    pattern=SYMBOL_PATTERN,
)
_LANGUAGE = Field(
    "language",
    "string",
    "ISO 639-1 code of the language of this version of the document (ar, en, es, fr, ru, zh)",
    enum=LANGUAGES,
)
_MEETING = Field(
    "meeting",
    "integer",
    "meeting number, from the Roman numeral of the meeting heading (1-based)",
    minimum=1,
)


def _page(name: str, what: str) -> Field:
    return Field(name, "integer", what, minimum=1)


# derived by the enrichment stage (pipeline.parse.enrich) from the record's text (sub-items
# inherit actor and modality)
_ACTOR = Field(
    "actor",
    "string",
    "who the text addresses, derived from its operative verb phrase: states_parties, states, "
    "working_group, conference, secretariat or unodc; null when none of these "
    "(sub-items inherit it from their parent)",
    nullable=True,
    enum=ACTORS,
)
_MODALITY = Field(
    "modality",
    "string",
    "strength of the operative verb phrase: should, may_wish, encouraged, invited, requested, "
    "recommended, must or could; null when there is none (sub-items inherit it)",
    nullable=True,
    enum=MODALITIES,
)
_REFERENCES = Field(
    "references",
    "string",
    "what the text cites, as sorted keys (protocol:art:8, convention:art:16, art:18 when the "
    "instrument is not named, doc:<symbol>, org:INTERPOL ...); joined by ';' in tables "
    "(null when none), a list in JSON",
    nullable=True,
    pattern=REFERENCE_PATTERN,
    separator=SEPARATOR,
)


_DOCUMENTS = Table(
    "documents",
    "One row per source PDF: masthead metadata and provenance.",
    (
        _SYMBOL,
        _LANGUAGE,
        Field(
            "original_language",
            "string",
            "ISO 639-1 code of the language the document was originally written in, if printed",
            nullable=True,
            enum=LANGUAGES,
        ),
        Field(
            "distribution",
            "string",
            "distribution as printed in the masthead: general, limited or restricted",
            nullable=True,
            enum=DISTRIBUTIONS,
        ),
        Field("date", "date", "issue date printed in the masthead", nullable=True),
        Field("organ", "string", "organ issuing the document, as printed", nullable=True),
        Field("body", "string", "subsidiary body (working group ...), as printed", nullable=True),
        Field(
            "session",
            "string",
            "place and dates of the session as printed (Vienne, 11-13 septembre 2019); "
            "without such a line, the session line",
            nullable=True,
        ),
        Field(
            "session_name",
            "string",
            "session or meeting line as printed (Septième session, Seventh meeting)",
            nullable=True,
        ),
        Field("agenda_item", "string", "agenda item number, e.g. 4", nullable=True),
        Field("agenda_title", "string", "title of the agenda item", nullable=True),
        Field("title", "string", "document title", nullable=True),
        Field("subtitle", "string", "subtitle or note under the title", nullable=True),
        Field(
            "job_number",
            "string",
            "UN job number printed in the footer of page 1, e.g. V.19-05872",
            nullable=True,
            pattern=JOB_NUMBER_PATTERN,
        ),
        Field("page_count", "integer", "number of pages of the source PDF", minimum=1),
        Field(
            "source_file",
            "string",
            "file name (without directory) of the source PDF; <stem>.json is named after it",
            min_length=1,
        ),
        Field(
            "sha256",
            "string",
            "SHA-256 of the source PDF bytes, lowercase hex",
            pattern=SHA256_PATTERN,
        ),
        Field("pipeline_version", "string", "version of unrecs that wrote the row", min_length=1),
        Field(
            "source_url",
            "string",
            "URL the PDF was downloaded from by `unrecs fetch` (from its manifest); null when the "
            "PDF was not fetched by unrecs",
            nullable=True,
        ),
        Field(
            "fetched_at",
            "string",
            "UTC time of that download, ISO 8601; null when unknown",
            nullable=True,
        ),
        Field(
            "mode",
            "string",
            "recommendations: numbered recommendations under meeting headings; "
            "paragraphs: generic numbered paragraphs (see the paragraphs table)",
            enum=MODES,
        ),
    ),
    primary_key=("symbol", "language"),
)

_MEETINGS = Table(
    "meetings",
    "One row per meeting section (recommendations mode): 'I. Première réunion, tenue à ...'.",
    (
        _SYMBOL,
        _LANGUAGE,
        _MEETING,
        Field("heading", "string", "meeting heading as printed, normalised", min_length=1),
        Field("city", "string", "city where the meeting was held", nullable=True),
        Field("start_date", "date", "first day of the meeting", nullable=True),
        Field("end_date", "date", "last day of the meeting", nullable=True),
        Field(
            "page",
            "integer",
            "page on which the meeting heading is printed",
            nullable=True,
            minimum=1,
        ),
    ),
    primary_key=("symbol", "language", "meeting"),
    foreign_keys=(ForeignKey(("symbol", "language"), "documents", ("symbol", "language")),),
)

_RECOMMENDATIONS = Table(
    "recommendations",
    "One row per recommendation (item is null) and per lettered sub-item, in document order.",
    (
        _SYMBOL,
        _LANGUAGE,
        _MEETING,
        Field("number", "integer", "recommendation number within the meeting", minimum=1),
        Field(
            "item",
            "string",
            "sub-item letter path ('k'; nested items 'a.i'); null for the recommendation itself",
            nullable=True,
            pattern=ITEM_PATTERN,
        ),
        Field(
            "id",
            "string",
            "record id unique within the document: <meeting>.<number>[.<item>], e.g. 5.2.a.i",
            pattern=RECORD_ID_PATTERN,
        ),
        Field(
            "parent_id",
            "string",
            "id of the enclosing record in the same document; null for a recommendation",
            nullable=True,
            pattern=RECORD_ID_PATTERN,
        ),
        Field(
            "level",
            "integer",
            "nesting depth: 0 recommendation, 1 lettered item, 2 item nested in an item",
            minimum=0,
        ),
        Field("text", "string", "normalised text, without its printed label", min_length=1),
        _page("page_start", "page on which the text starts"),
        _page("page_end", "page on which the text ends"),
        _ACTOR,
        _MODALITY,
        _REFERENCES,
    ),
    primary_key=("symbol", "language", "id"),
    foreign_keys=(
        ForeignKey(
            ("symbol", "language", "meeting"), "meetings", ("symbol", "language", "meeting")
        ),
        ForeignKey(("parent_id",), "recommendations", ("id",), scope=("symbol", "language")),
    ),
)

_PARAGRAPHS = Table(
    "paragraphs",
    "Paragraphs mode: one row per numbered paragraph and per lettered sub-item.",
    (
        _SYMBOL,
        _LANGUAGE,
        Field(
            "section",
            "string",
            "heading path such as II.B.2; null before the first heading",
            nullable=True,
        ),
        Field(
            "id",
            "string",
            "paragraph id unique within the document: <number>[.<item>], e.g. 12.a.i",
            pattern=PARAGRAPH_ID_PATTERN,
        ),
        Field(
            "parent_id",
            "string",
            "id of the enclosing paragraph in the same document; null for a paragraph",
            nullable=True,
            pattern=PARAGRAPH_ID_PATTERN,
        ),
        Field("number", "integer", "paragraph number, contiguous across the document", minimum=1),
        Field(
            "item",
            "string",
            "sub-item letter path ('a'; nested items 'a.i'); null for the paragraph itself",
            nullable=True,
            pattern=ITEM_PATTERN,
        ),
        Field(
            "level",
            "integer",
            "nesting depth: 0 paragraph, 1 lettered item, 2 item nested in an item",
            minimum=0,
        ),
        Field("text", "string", "normalised text, without its printed label", min_length=1),
        _page("page_start", "page on which the text starts"),
        _page("page_end", "page on which the text ends"),
        _ACTOR,
        _MODALITY,
        _REFERENCES,
    ),
    primary_key=("symbol", "language", "id"),
    foreign_keys=(
        ForeignKey(("symbol", "language"), "documents", ("symbol", "language")),
        ForeignKey(("parent_id",), "paragraphs", ("id",), scope=("symbol", "language")),
    ),
)

#: the declared schema, in output order
TABLES: dict[str, Table] = {
    t.name: t for t in (_DOCUMENTS, _MEETINGS, _RECOMMENDATIONS, _PARAGRAPHS)
}
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)

#: how each table's rows are nested in ``<stem>.json``: the $defs name of the node and the
#: fields a node inherits from its enclosing node instead of repeating them
JSON_NODES: dict[str, tuple[str, tuple[str, ...]]] = {
    "documents": ("document", ()),
    "meetings": ("meeting", ("symbol", "language")),
    "recommendations": ("recommendation", ("symbol", "language", "meeting")),
    "paragraphs": ("paragraph", ("symbol", "language", "section")),
}

JSON_FORMAT = "unrecs-document/1"


def pipeline_version() -> str:
    """Installed version of the ``unrecs`` distribution, ``0.0.0`` when not installed."""
    try:
        return importlib.metadata.version("unrecs")
    except importlib.metadata.PackageNotFoundError:
        return "0.0.0"


# --------------------------------------------------------------------------------------------
# pandas / pandera
# --------------------------------------------------------------------------------------------

DATE_DTYPE = pd.ArrowDtype(pa.date32())


def pandas_dtype(f: Field) -> Any:
    """The explicit pandas dtype of a field."""
    return {"string": pd.StringDtype(), "integer": pd.Int64Dtype(), "date": DATE_DTYPE}[f.type]


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

_ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "date": pa.date32()}


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


# --------------------------------------------------------------------------------------------
# Frictionless Data Package (CSV)
# --------------------------------------------------------------------------------------------


def table_schema(table: str) -> dict[str, Any]:
    """Frictionless Table Schema of a table's CSV file."""
    t = TABLES[table]
    fields = []
    for f in t.fields:
        constraints: dict[str, Any] = {"required": not f.nullable}
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
    """Frictionless ``datapackage.json`` describing the four CSV files.

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
    base = {"string": "string", "integer": "integer", "date": "string"}[f.type]
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
                "page": page,
                "bbox": {"$ref": "#/$defs/bbox"},
            },
            "a repair made to the extracted text (audit)",
        ),
        "other_text": _object(
            {
                "kind": {"type": "string", "enum": list(get_args(BlockKind))},
                "label": {"type": ["string", "null"], "description": "printed label, if any"},
                "text": {"type": "string"},
                "boxes": boxes,
            },
            "body text that belongs to no record (audit)",
        ),
    }
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "unrecs document",
        "description": (
            "Everything unrecs extracted from one UN document: the documents row, meetings with "
            "nested recommendations (recommendations mode) or sections with nested paragraphs "
            "(paragraphs mode), and audit lists of removed furniture and text repairs."
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
            "furniture": {"type": "array", "items": {"$ref": "#/$defs/furniture"}},
            "repairs": {"type": "array", "items": {"$ref": "#/$defs/repair"}},
            "other_text": {"type": "array", "items": {"$ref": "#/$defs/other_text"}},
            "warnings": {
                "type": "array",
                "description": "warnings raised by the extraction stages",
                "items": {"type": "string"},
            },
        },
        "required": [
            "format",
            "document",
            "meetings",
            "sections",
            "furniture",
            "repairs",
            "other_text",
            "warnings",
        ],
        "additionalProperties": False,
        "$defs": defs,
    }
