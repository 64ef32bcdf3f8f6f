"""One extraction as table rows, with the value conventions shared by every output format.

Value conventions shared by every format:

* a nullable string that is empty is stored as null; ``Meeting.page == 0`` means unknown → null;
* ``documents.source_file`` is the file name only (no directory), so output does not depend on
  where the pipeline ran; ``<stem>.json`` is named after its stem;
* ``level`` is derived from ``item``: 0 without item, else the number of its dot-separated parts
  (a paragraph's from its id, so that a decimal paragraph ``121.1`` is at level 1);
* ``actor``, ``modality`` and ``references`` are the records' own fields, filled once by the
  enrichment stage (:mod:`pipeline.parse.enrich`) and written as they are, never recomputed; a
  list field (``references``) is one separator-joined string in the tables and an array in the
  JSON.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath, PureWindowsPath
from typing import Any

from pipeline import recache
from pipeline.model import Extraction, Paragraph, Record
from pipeline.out.schema import ISO_DATE_PATTERN, pipeline_version
from pipeline.vocab import SEPARATOR, join_references

_ISO_DATE = recache.compile(rf"^{ISO_DATE_PATTERN}$")

# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def parse_date(value: str | None, what: str = "date") -> dt.date | None:
    """ISO ``YYYY-MM-DD`` text → ``date``; ``None``/empty → ``None``; anything else raises."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError(f"{what}: {value!r} is not an ISO date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{what}: {value!r} is not a valid date ({exc})") from None


def _opt(value: str | None) -> str | None:
    """Nullable string: empty → null."""
    return None if value is None or value == "" else value


def file_name(source_file: str) -> str:
    """File name of a source path, whatever the path's flavour."""
    return PureWindowsPath(source_file).name if "\\" in source_file else PurePath(source_file).name


def output_stem(ex: Extraction) -> str:
    """Stem of the document's ``<stem>.json``: the source file's stem (symbol if unknown)."""
    name = file_name(ex.meta.source_file)
    if name:
        return PurePath(name).stem
    return recache.sub(r"[^A-Za-z0-9.\-]+", "_", ex.meta.symbol or "document")


def level_of(item: str | None, rid: str | None = None) -> int:
    """Nesting depth from the item path; a paragraph's from its local id (after the last
    ``/``): ``12`` 0, ``12.a`` 1, ``121.1`` 1 (a decimal paragraph), ``121.1.a`` 2."""
    if rid is not None:
        return rid.rsplit("/", 1)[-1].count(".")
    return 0 if item is None else item.count(".") + 1


def document_label(ex: Extraction) -> str:
    """How a document is named in messages: its symbol, else its source file."""
    return ex.meta.symbol or file_name(ex.meta.source_file) or "<unknown document>"


# --------------------------------------------------------------------------------------------
# Extraction → rows → DataFrames
# --------------------------------------------------------------------------------------------


def document_row(ex: Extraction) -> dict[str, Any]:
    m = ex.meta
    who = document_label(ex)
    return {
        **_key(ex),
        "original_language": _opt(m.original_language),
        "distribution": _opt(m.distribution),
        "date": parse_date(m.date, f"{who}: document date"),
        "organ": _opt(m.organ),
        "body": _opt(m.body),
        "session": _opt(m.session),
        "session_name": _opt(m.session_name),
        "agenda_item": _opt(m.agenda_item),
        "agenda_title": _opt(m.agenda_title),
        "title": _opt(m.title),
        "subtitle": _opt(m.subtitle),
        "job_number": _opt(m.job_number),
        "page_count": m.page_count,
        "source_file": file_name(m.source_file),
        "sha256": m.sha256,
        "pipeline_version": m.pipeline_version or pipeline_version(),
        "source_url": _opt(m.source_url),
        "fetched_at": _opt(m.fetched_at),
        "mode": ex.mode,
        "document_type": m.document_type or "other",
        "isbn": _opt(m.isbn),
        "sales_number": _opt(m.sales_number),
        "printed_gaps": _opt(m.printed_gaps),
    }


def _key(ex: Extraction) -> dict[str, Any]:
    """The columns that name a row's document, first in every table but ``documents``."""
    return {"document": output_stem(ex), "symbol": ex.meta.symbol, "language": ex.meta.language}


def meeting_rows(ex: Extraction) -> list[dict[str, Any]]:
    who = document_label(ex)
    key = _key(ex)
    return [
        {
            **key,
            "meeting": mt.meeting,
            "heading": mt.heading,
            "city": _opt(mt.city),
            "start_date": parse_date(mt.start_date, f"{who}: meeting {mt.meeting} start_date"),
            "end_date": parse_date(mt.end_date, f"{who}: meeting {mt.meeting} end_date"),
            "page": mt.page or None,
        }
        for mt in ex.meetings
    ]


#: columns computed from a record's text (and its parent's) by the enrichment stage
DERIVED_FIELDS = ("actor", "modality", "references")


def _derived(r: Record | Paragraph) -> dict[str, Any]:
    return {"actor": r.actor, "modality": r.modality, "references": join_references(r.references)}


def record_rows(ex: Extraction) -> list[dict[str, Any]]:
    key = _key(ex)
    return [
        {
            **key,
            "meeting": r.meeting,
            "number": r.number,
            "item": _opt(r.item),
            "id": r.id,
            "parent_id": _opt(r.parent_id),
            "level": level_of(_opt(r.item)),
            "text": r.text,
            "page_start": r.page_start,
            "page_end": r.page_end,
            **_derived(r),
        }
        for r in ex.records
    ]


def paragraph_rows(ex: Extraction) -> list[dict[str, Any]]:
    key = _key(ex)
    return [
        {
            **key,
            "section": _opt(p.section),
            "section_title": _opt(p.section_title),
            "kind": p.kind,
            "id": p.id,
            "parent_id": _opt(p.parent_id),
            "number": p.number,
            "item": _opt(p.item),
            "level": level_of(_opt(p.item), p.id),
            "text": p.text,
            "page_start": p.page_start,
            "page_end": p.page_end,
            "opening_phrase": _opt(p.opening_phrase),
            "operative_verb": _opt(p.operative_verb),
            "speaker": p.speaker,
            **_derived(p),
        }
        for p in ex.paragraphs
    ]


def footnote_rows(ex: Extraction) -> list[dict[str, Any]]:
    key = _key(ex)
    return [
        {
            **key,
            "footnote": f.index,
            "number": _opt(f.mark),
            "page": f.page,
            "page_end": f.page_end,
            "text": f.text,
            "cited_by": SEPARATOR.join(f.cited_by) or None,
        }
        for f in ex.footnotes
    ]


def table_cell_rows(ex: Extraction) -> list[dict[str, Any]]:
    key = _key(ex)
    return [
        {
            **key,
            "table": t.number,
            "label": _opt(t.label),
            "page": c.box.page,
            "row": c.row,
            "column": c.column,
            "text": c.text,
            "x0": c.box.x0,
            "top": c.box.top,
            "x1": c.box.x1,
            "bottom": c.box.bottom,
        }
        for t in ex.tables
        for c in t.cells
    ]


def problem_rows(ex: Extraction) -> list[dict[str, Any]]:
    """The problems recorded on a written document, numbered from 1 in the order found."""
    key = _key(ex)
    return [
        {
            **key,
            "number": i,
            "severity": p.severity,
            "rule": p.rule,
            "record": _opt(p.record),
            "page": p.page or None,
            "field": _opt(p.field),
            "message": p.message,
        }
        for i, p in enumerate(ex.problems, 1)
    ]


def table_rows(ex: Extraction) -> dict[str, list[dict[str, Any]]]:
    """The rows one extraction contributes to each table (raises ValueError on a bad date)."""
    return {
        "documents": [document_row(ex)],
        "meetings": meeting_rows(ex),
        "recommendations": record_rows(ex),
        "paragraphs": paragraph_rows(ex),
        "footnotes": footnote_rows(ex),
        "tables": table_cell_rows(ex),
        "problems": problem_rows(ex),
    }
