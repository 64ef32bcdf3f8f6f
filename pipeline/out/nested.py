"""One extraction as the nested per-document JSON (``<stem>.json``), and back again.

The JSON of one document nests meetings → recommendations → items (→ items), or, in
paragraphs mode, sections → paragraphs → items. Each node carries its table row minus the
fields it inherits from its enclosing node (:data:`pipeline.out.schema.JSON_NODES`), plus bounding
boxes. :func:`extraction_from_json` is the inverse, so CSV, Parquet and JSON can be shown to
hold the same rows.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pipeline.model import (
    Block,
    Box,
    DocumentMeta,
    Extraction,
    Footnote,
    Furniture,
    Meeting,
    Paragraph,
    Problem,
    Record,
    Repair,
    Table,
    TableCell,
)
from pipeline.out.rows import (
    DERIVED_FIELDS,
    document_label,
    level_of,
    paragraph_rows,
    problem_rows,
    record_rows,
    table_rows,
)
from pipeline.out.schema import JSON_FORMAT, Field, json_node_fields
from pipeline.vocab import SEPARATOR

# --------------------------------------------------------------------------------------------
# Extraction → nested JSON
# --------------------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _boxes(boxes: Iterable[Box]) -> list[dict[str, Any]]:
    return [{"page": b.page, "bbox": b.as_list()} for b in boxes]


def _json_field(f: Field, value: Any) -> Any:
    if f.separator is not None:  # list field: joined string in tables, array in JSON
        return value.split(f.separator) if value else []
    return _json_value(value)


@functools.cache
def _node_fields(table: str) -> tuple[Field, ...]:
    """:func:`json_node_fields`, worked out once per table (a node is built per row)."""
    return tuple(json_node_fields(table))


@functools.cache
def _node_plan(table: str) -> tuple[tuple[str, ...], tuple[Field, ...]]:
    """A node's field names in order, and the fields whose JSON value is not the row's own:
    list fields (an array) and dates (ISO text); the rows hold dates nowhere else."""
    fields = _node_fields(table)
    return (tuple(f.name for f in fields),
            tuple(f for f in fields if f.separator is not None or f.type == "date"))


def _node(table: str, row: dict[str, Any]) -> dict[str, Any]:
    names, converted = _node_plan(table)
    node = {name: row[name] for name in names}
    for f in converted:
        node[f.name] = _json_field(f, node[f.name])
    return node


def _nest(
    table: str,
    rows: list[dict[str, Any]],
    boxes: list[list[Box]],
    who: str,
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Rows (document order) → top-level nodes with items nested; also the id → node map.

    Raises ValueError when the nesting would not give the rows back in the same order
    (unknown parent, parent after child, items of a parent not directly after it).
    """
    top: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for row, bxs in zip(rows, boxes, strict=True):
        node = _node(table, row)
        node["boxes"] = _boxes(bxs)
        node["items"] = []
        if row["id"] in by_id:
            raise ValueError(f"{who}: duplicate id {row['id']}")
        parent = row["parent_id"]
        if parent is None:
            top.append(node)
        elif parent in by_id:
            by_id[parent]["items"].append(node)
        else:
            raise ValueError(f"{who}: {row['id']}: parent {parent} is missing or comes after it")
        by_id[row["id"]] = node

    order: list[str] = []

    def walk(nodes: list[dict[str, Any]]) -> None:
        for n in nodes:
            order.append(n["id"])
            walk(n["items"])

    walk(top)
    ids = [r["id"] for r in rows]
    if order != ids:
        first = next(a for a, b in zip(ids, order, strict=True) if a != b)
        raise ValueError(
            f"{who}: {table} are not in document order at {first} "
            "(each item must follow its parent and the parent's earlier items)"
        )
    return top, by_id


def document_json(
    ex: Extraction, rows: dict[str, list[dict[str, Any]]] | None = None
) -> dict[str, Any]:
    """The nested, self-describing JSON of one document (see schema.document_json_schema);
    ``rows``: its :func:`table_rows`, when the caller has them."""
    who = document_label(ex)
    if rows is None:
        rows = table_rows(ex)
    document = _node("documents", rows["documents"][0])

    meetings: list[dict[str, Any]] = []
    by_meeting: dict[int, dict[str, Any]] = {}
    for mt, row in zip(ex.meetings, rows["meetings"], strict=True):
        node = _node("meetings", row)
        node["bbox"] = mt.box.as_list() if mt.box is not None else None
        node["recommendations"] = []
        if mt.meeting in by_meeting:
            raise ValueError(f"{who}: duplicate meeting {mt.meeting}")
        by_meeting[mt.meeting] = node
        meetings.append(node)
    recs = rows["recommendations"]
    top, by_id = _nest("recommendations", recs, [r.boxes for r in ex.records], who)
    for node, rec in zip(top, (r for r in recs if r["parent_id"] is None), strict=True):
        if rec["meeting"] not in by_meeting:
            raise ValueError(f"{who}: {rec['id']}: meeting {rec['meeting']} has no heading")
        by_meeting[rec["meeting"]]["recommendations"].append(node)
    meeting_of = {r["id"]: r["meeting"] for r in recs}
    for rec in recs:
        if rec["parent_id"] is not None and meeting_of[rec["parent_id"]] != rec["meeting"]:
            raise ValueError(f"{who}: {rec['id']}: not in the meeting of its parent")
    flat_meetings = [r["id"] for m in meetings for r in _preorder(m["recommendations"])]
    if flat_meetings != [r["id"] for r in recs]:
        raise ValueError(f"{who}: recommendations are not grouped by meeting in meeting order")

    paras = rows["paragraphs"]
    ptop, _ = _nest("paragraphs", paras, [p.boxes for p in ex.paragraphs], who)
    sections: list[dict[str, Any]] = []
    section_of = {p["id"]: p["section"] for p in paras}
    for p in paras:
        if p["parent_id"] is not None and section_of[p["parent_id"]] != p["section"]:
            raise ValueError(f"{who}: paragraph {p['id']}: not in the section of its parent")
    for node, p in zip(ptop, (p for p in paras if p["parent_id"] is None), strict=True):
        if not sections or sections[-1]["section"] != p["section"]:
            sections.append({"section": p["section"], "paragraphs": []})
        sections[-1]["paragraphs"].append(node)

    footnotes = []
    for fn, row in zip(ex.footnotes, rows["footnotes"], strict=True):
        node = _node("footnotes", row)
        node["boxes"] = _boxes(fn.boxes)
        footnotes.append(node)
    tables: list[dict[str, Any]] = []
    for row in rows["tables"]:
        if not tables or tables[-1]["table"] != row["table"]:
            tables.append({"table": row["table"], "label": row["label"], "cells": []})
        tables[-1]["cells"].append(_node("tables", row))

    return {
        "format": JSON_FORMAT,
        "document": document,
        "meetings": meetings,
        "sections": sections,
        "footnotes": footnotes,
        "tables": tables,
        "furniture": [
            {"text": f.text, "reason": f.reason, "page": f.box.page, "bbox": f.box.as_list()}
            for f in ex.furniture
        ],
        "repairs": [
            {
                "kind": r.kind,
                "before": r.before,
                "after": r.after,
                "evidence": r.evidence,
                "page": r.box.page,
                "bbox": r.box.as_list(),
            }
            for r in ex.repairs
        ],
        "other_text": [
            {"kind": b.kind, "label": b.label, "text": b.text, "boxes": _boxes(b.boxes)}
            for b in ex.other_text
        ],
        "warnings": list(ex.warnings),
        "problems": _problem_nodes(rows["problems"]),
    }


def _problem_nodes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_node("problems", row) for row in rows]


def with_problems(obj: dict[str, Any], ex: Extraction) -> dict[str, Any]:
    """:func:`document_json`'s object ``obj`` of ``ex`` built before its problems were set,
    with its problems now (the same object, changed: the key keeps its place)."""
    obj["problems"] = _problem_nodes(problem_rows(ex))
    return obj


def _preorder(nodes: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for n in nodes:
        yield n
        yield from _preorder(n["items"])


def dumps_json(obj: Any) -> str:
    """Deterministic JSON text: UTF-8 characters kept, 2-space indent, newline at the end."""
    return json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


# --------------------------------------------------------------------------------------------
# Nested JSON → Extraction (the inverse)
# --------------------------------------------------------------------------------------------


def _box(page: int, bbox: list[float]) -> Box:
    x0, top, x1, bottom = bbox
    return Box(page, x0, top, x1, bottom)


def _unboxes(items: list[dict[str, Any]]) -> list[Box]:
    return [_box(b["page"], b["bbox"]) for b in items]


#: the fields of a paragraph node that Record has not
PARAGRAPH_EXTRAS = ("section_title", "kind", "opening_phrase", "operative_verb")


def _check_node(node: dict[str, Any], parent_id: str | None, where: str) -> None:
    if node["parent_id"] != parent_id:
        raise ValueError(f"{where}: {node['id']}: parent_id {node['parent_id']!r} != nesting")
    if node["level"] != level_of(node["item"], node["id"] if "kind" in node else None):
        raise ValueError(f"{where}: {node['id']}: level {node['level']} does not match its item")


def extraction_from_json(obj: dict[str, Any]) -> Extraction:
    """Read a ``<stem>.json`` object back into an Extraction (``other_text`` without lines).

    Raises ValueError when the nesting disagrees with ``parent_id``/``level``.
    """
    if obj.get("format") != JSON_FORMAT:
        raise ValueError(f"not an unrecs document (format {obj.get('format')!r})")
    d = obj["document"]
    meta = DocumentMeta(
        symbol=d["symbol"],
        language=d["language"],
        original_language=d["original_language"],
        distribution=d["distribution"],
        date=d["date"],
        organ=d["organ"],
        body=d["body"],
        session=d["session"],
        session_name=d.get("session_name"),
        agenda_item=d["agenda_item"],
        agenda_title=d["agenda_title"],
        title=d["title"],
        subtitle=d["subtitle"],
        job_number=d["job_number"],
        page_count=d["page_count"],
        source_file=d["source_file"],
        sha256=d["sha256"],
        pipeline_version=d["pipeline_version"],
        source_url=d.get("source_url"),
        fetched_at=d.get("fetched_at"),
        document_type=d.get("document_type"),
        isbn=d.get("isbn"),
        sales_number=d.get("sales_number"),
        printed_gaps=SEPARATOR.join(d.get("printed_gaps") or ()) or None,
    )
    where = d.get("symbol") or d.get("source_file") or "<document>"
    meetings: list[Meeting] = []
    records: list[Record] = []
    paragraphs: list[Paragraph] = []

    def walk(node: dict[str, Any], parent_id: str | None, make: Any, out: list[Any]) -> None:
        """A node and its items, depth first: ``make(**common fields)`` builds each row."""
        _check_node(node, parent_id, where)
        out.append(
            make(
                id=node["id"],
                parent_id=node["parent_id"],
                number=node["number"],
                item=node["item"],
                text=node["text"],
                page_start=node["page_start"],
                page_end=node["page_end"],
                boxes=_unboxes(node["boxes"]),
                actor=node.get("actor"),
                modality=node.get("modality"),
                references=tuple(node.get("references") or ()),
                **{k: node[k] for k in PARAGRAPH_EXTRAS if k in node},
            )
        )
        for child in node["items"]:
            walk(child, node["id"], make, out)

    for m in obj["meetings"]:
        page = m["page"] or 0
        meetings.append(
            Meeting(
                meeting=m["meeting"],
                heading=m["heading"],
                city=m["city"],
                start_date=m["start_date"],
                end_date=m["end_date"],
                page=page,
                box=_box(page, m["bbox"]) if m["bbox"] is not None else None,
            )
        )
        for rec in m["recommendations"]:
            walk(rec, None, functools.partial(Record, meeting=m["meeting"]), records)

    for s in obj["sections"]:
        for p in s["paragraphs"]:
            walk(p, None, functools.partial(Paragraph, section=s["section"] or ""), paragraphs)
    speakers = [n.get("speaker") for s in obj["sections"] for n in _preorder(s["paragraphs"])]
    for para, speaker in zip(paragraphs, speakers, strict=True):
        para.speaker = speaker

    footnotes = [
        Footnote(
            index=f["footnote"],
            mark=f["number"] or "",
            text=f["text"],
            page=f["page"],
            page_end=f["page_end"],
            boxes=_unboxes(f["boxes"]),
            cited_by=tuple(f["cited_by"]),
        )
        for f in obj.get("footnotes", [])
    ]
    tables = [
        Table(
            number=t["table"],
            label=t["label"],
            page=t["cells"][0]["page"] if t["cells"] else 0,
            cells=[
                TableCell(c["row"], c["column"], c["text"],
                          Box(c["page"], c["x0"], c["top"], c["x1"], c["bottom"]))
                for c in t["cells"]
            ],
        )
        for t in obj.get("tables", [])
    ]
    ex = Extraction(
        meta=meta,
        mode=d["mode"],
        meetings=meetings,
        records=records,
        paragraphs=paragraphs,
        furniture=[
            Furniture(f["text"], f["reason"], _box(f["page"], f["bbox"])) for f in obj["furniture"]
        ],
        repairs=[
            Repair(r["kind"], r["before"], r["after"], _box(r["page"], r["bbox"]),
                   r.get("evidence", ""))
            for r in obj["repairs"]
        ],
        other_text=[
            Block(
                kind=b["kind"],
                label=b["label"],
                text=b["text"],
                lines=[],
                boxes=_unboxes(b["boxes"]),
                indent=0.0,
            )
            for b in obj["other_text"]
        ],
        warnings=list(obj["warnings"]),
        footnotes=footnotes,
        tables=tables,
    )
    ex.problems = [
        Problem(p["severity"], document_label(ex), p["record"], p["page"], p["message"],
                p["rule"], p["field"])
        for p in obj.get("problems", [])
    ]
    return ex


def derived_mismatches(
    obj: dict[str, Any], rederive: Callable[[Extraction], Any], ex: Extraction | None = None
) -> list[str]:
    """Records of a ``<stem>.json`` whose stored derived values (actor, modality, references)
    are not what their texts give — stale or edited values — as messages.

    :func:`extraction_from_json` reads the stored values (absent ones read as empty, so JSON
    written before these columns existed still reads). ``rederive`` is the enrichment stage
    (``pipeline.parse.document.enrich_extraction``: it fills the fields of the extraction it is
    given, here a copy), passed in because outputs do not import the parsing stages. ``ex`` is
    ``extraction_from_json(obj)`` when already at hand.
    """
    ex = copy.deepcopy(extraction_from_json(obj) if ex is None else ex)
    rederive(ex)
    nodes = {
        "recommendations": [n for m in obj["meetings"] for n in _preorder(m["recommendations"])],
        "paragraphs": [n for s in obj["sections"] for n in _preorder(s["paragraphs"])],
    }
    rows = {"recommendations": record_rows(ex), "paragraphs": paragraph_rows(ex)}
    out = []
    for table in ("recommendations", "paragraphs"):
        for node, row in zip(nodes[table], rows[table], strict=True):
            expected = _node(table, row)
            for name in DERIVED_FIELDS:
                if node.get(name) != expected[name]:
                    out.append(
                        f"{node['id']}: {name} {node.get(name)!r} differs from the value derived "
                        f"from its text ({expected[name]!r})"
                    )
    return out


def read_document_json(path: str | Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)
