"""Structural and schema checks of extractions before export, and of a written output folder.

:func:`validate_extraction` checks one :class:`~pipeline.model.Extraction`:

* numbering: meetings contiguous from I; recommendations contiguous from 1 within each meeting;
  sub-items contiguous from ``a`` (nested items from ``i``); in paragraphs mode, paragraph
  numbers contiguous and increasing across the document. A gap, duplicate or step back is
  reported with its page: ``meeting II: recommendation 7 missing between 6 and 8``;
* ids: unique, consistent with meeting/number/item, parent present, earlier and in the same
  meeting/section, rows in an order that nests (items right after their parent);
* text: not empty; no page furniture left inside (page counters ``3/14``, job numbers
  ``V.19-05872``/``GE.09-17088``/``25-02024``, the document's own symbol, private-use barcode
  characters U+E000–U+F8FF, ``*1905872*`` barcodes); normalisation slips are warnings;
* dates valid ISO dates, ``start_date <= end_date``; pages ``1 <= page_start <= page_end <=
  page_count``, bounding boxes on those pages;
* the declared schema (pandera) on the rows the extraction becomes.

:func:`validate_output_dir` re-reads an output folder and checks every table against the
schema, that CSV, Parquet and JSON hold exactly the same rows, the keys, and re-runs the
structural rules on what it read.
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from pipeline.fsutil import sha256_file
from pipeline.lang import LIST_ALPHABETS, int_to_roman, list_letter_value, roman_to_int
from pipeline.model import Box, DocumentMeta, Extraction, Meeting, Paragraph, Record
from pipeline.out.schema import (
    JSON_FORMAT,
    TABLE_NAMES,
    TABLES,
    arrow_schema,
    datapackage,
    document_json_schema,
    pandera_schema,
)
from pipeline.out.tables import (
    build_tables,
    derived_mismatches,
    document_json,
    document_label,
    extraction_from_json,
    output_stem,
    parse_date,
    read_csv_table,
    read_document_json,
    read_parquet_table,
)
from pipeline.vocab import split_references

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding. ``str()`` gives one line: ``error: SYMBOL 1.7 p. 5: message [rule]``."""

    severity: Severity
    document: str
    record: str | None
    page: int | None
    message: str
    rule: str = ""
    field: str | None = None

    def __str__(self) -> str:
        where = self.document
        if self.record:
            where += f" {self.record}"
        if self.page:
            where += f" p. {self.page}"
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{self.severity}: {where}: {self.message}{rule}"


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def strictly(problems: Iterable[Problem]) -> list[Problem]:
    """Warnings promoted to errors."""
    return [dataclasses.replace(p, severity="error") for p in problems]


# --------------------------------------------------------------------------------------------
# Labels: letters and Roman numerals
# --------------------------------------------------------------------------------------------



def roman_value(s: str) -> int | None:
    """``"iv"`` → 4 (lowercase or uppercase); ``None`` if not a Roman numeral."""
    return roman_to_int(s)


def to_roman(n: int) -> str:
    return int_to_roman(n).lower()


def letter_value(s: str) -> int | None:
    """``"a"`` → 1 … ``"z"`` → 26, ``"aa"`` → 27 (UN doubling convention); Russian lists
    ``"а"`` → 1 … ``"к"`` → 10 (``й`` skipped); else ``None``."""
    if not s or not s.isalpha() or not s.islower():
        return None
    return list_letter_value(s)


def to_letter(n: int, like: str = "a") -> str:
    """The ``n``-th list letter in the alphabet of the label ``like`` (Latin or Russian)."""
    alphabet = next((a for a in LIST_ALPHABETS if like[:1] in a), LIST_ALPHABETS[0])
    size = len(alphabet)
    return alphabet[(n - 1) % size] * ((n - 1) // size + 1)


def _item_value(segment: str, depth: int) -> int | None:
    """Sub-item label value: letters at odd depths (a, b …), Roman numerals at even (i, ii …)."""
    return letter_value(segment) if depth % 2 == 1 else roman_value(segment)


def _item_label(value: int, depth: int, like: str = "a") -> str:
    return to_letter(value, like) if depth % 2 == 1 else to_roman(value)


# --------------------------------------------------------------------------------------------
# Rules on one extraction
# --------------------------------------------------------------------------------------------


class _Ctx:
    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.doc = document_label(ex)
        self.problems: list[Problem] = []

    def add(
        self,
        severity: Severity,
        rule: str,
        message: str,
        record: str | None = None,
        page: int | None = None,
        field: str | None = None,
    ) -> None:
        self.problems.append(Problem(severity, self.doc, record, page, message, rule, field))


@dataclass(frozen=True, slots=True)
class _Entry:
    value: int
    label: str
    record: str | None
    page: int | None


def _check_sequence(
    ctx: _Ctx,
    entries: Sequence[_Entry],
    kind: str,
    fmt: Callable[[int], str],
    prefix: str,
    rule: str,
    field: str,
) -> None:
    """Values must run 1, 2, 3 … in order; report gaps, duplicates and steps back."""
    expected = 1
    prev: _Entry | None = None
    seen: dict[int, _Entry] = {}
    for e in entries:
        if e.value == expected:
            pass
        elif e.value > expected:
            missing = (
                f"{kind} {fmt(expected)}"
                if e.value == expected + 1
                else f"{kind}s {fmt(expected)}–{fmt(e.value - 1)}"
            )
            where = f"between {prev.label} and {e.label}" if prev else f"before {e.label}"
            ctx.add("error", rule, f"{prefix}{missing} missing {where}", e.record, e.page, field)
        elif e.value in seen:
            first = seen[e.value]
            pages = f" (pages {first.page} and {e.page})" if first.page and e.page else ""
            ctx.add(
                "error", rule, f"{prefix}{kind} {e.label} appears twice{pages}", e.record, e.page,
                field,
            )
        else:
            after = f" after {prev.label}" if prev else ""
            ctx.add("error", rule, f"{prefix}{kind} {e.label} out of order{after}", e.record,
                    e.page, field)
        seen.setdefault(e.value, e)
        expected = max(expected, e.value + 1)
        prev = e


def _check_meta(ctx: _Ctx) -> None:
    m = ctx.ex.meta
    if not m.symbol:
        ctx.add("error", "document", "document symbol missing", field="symbol")
    if not m.language:
        ctx.add("error", "document", "document language missing", field="language")
    if m.page_count < 1:
        ctx.add("error", "document", f"page_count is {m.page_count}", field="page_count")
    try:
        parse_date(m.date, "document date")
    except ValueError as exc:
        ctx.add("error", "dates", str(exc), field="date")
    if ctx.ex.mode == "recommendations":
        if ctx.ex.paragraphs:
            ctx.add("error", "mode", "recommendations mode but paragraphs were extracted")
        if not ctx.ex.records:
            ctx.add("error", "mode", "recommendations mode but no recommendation was found")
    else:
        if ctx.ex.meetings or ctx.ex.records:
            ctx.add("error", "mode", "paragraphs mode but meetings/recommendations were extracted")
        if not ctx.ex.paragraphs:
            ctx.add("warning", "mode", "paragraphs mode but no numbered paragraph was found")


def _meeting_name(n: int) -> str:
    return f"meeting {to_roman(n).upper()}" if n > 0 else f"meeting {n}"


def _check_meetings(ctx: _Ctx) -> None:
    meetings = ctx.ex.meetings
    _check_sequence(
        ctx,
        [_Entry(m.meeting, to_roman(m.meeting).upper() or str(m.meeting), _meeting_name(m.meeting),
                m.page or None) for m in meetings],
        "meeting",
        lambda n: to_roman(n).upper(),
        "",
        "numbering",
        "meeting",
    )
    with_records = {r.meeting for r in ctx.ex.records}
    for m in meetings:
        name = _meeting_name(m.meeting)
        page = m.page or None
        if not m.heading.strip():
            ctx.add("error", "text", "empty meeting heading", name, page, "heading")
        dates = []
        for field in ("start_date", "end_date"):
            try:
                dates.append(parse_date(getattr(m, field), f"{name} {field}"))
            except ValueError as exc:
                ctx.add("error", "dates", str(exc), name, page, field)
                dates.append(None)
        start, end = dates
        if start and end and start > end:
            ctx.add("error", "dates", f"{name}: start date {start} after end date {end}", name,
                    page, "end_date")
        if (m.start_date is None) != (m.end_date is None):
            ctx.add("warning", "dates", f"{name}: only one of start/end date", name, page)
        if m.page and not 1 <= m.page <= ctx.ex.meta.page_count:
            ctx.add("error", "pages", f"{name}: page {m.page} outside 1–{ctx.ex.meta.page_count}",
                    name, page, "page")
        if m.box is not None and m.box.page != m.page:
            ctx.add("error", "boxes", f"{name}: heading box on page {m.box.page}, not {m.page}",
                    name, page)
        if m.meeting not in with_records and ctx.ex.mode == "recommendations":
            ctx.add("warning", "numbering", f"{name} has no recommendation", name, page)


def _expected_ids(prefix: str, item: str | None) -> tuple[str, str | None]:
    if not item:
        return prefix, None
    parent = prefix if "." not in item else f"{prefix}.{item.rsplit('.', 1)[0]}"
    return f"{prefix}.{item}", parent


def _check_records(ctx: _Ctx, items: Sequence[Record | Paragraph], paragraphs: bool) -> bool:
    """Ids, parents and numbering of records or paragraphs; True when ids/parents are sound."""
    sound = True
    kind = "paragraph" if paragraphs else "recommendation"
    counts = Counter(r.id for r in items)
    for rid, n in counts.items():
        if n > 1:
            pages = [r.page_start for r in items if r.id == rid]
            listed = ", ".join(map(str, pages))
            ctx.add("error", "ids", f"id {rid} used {n} times (pages {listed})", rid, pages[1],
                    "id")
            sound = False
    meetings = {m.meeting for m in ctx.ex.meetings}
    seen: dict[str, Record | Paragraph] = {}
    for r in items:
        meeting = getattr(r, "meeting", 0)
        section = getattr(r, "section", "")
        prefix = f"{r.number}" if paragraphs else f"{meeting}.{r.number}"
        want_id, want_parent = _expected_ids(prefix, r.item)
        if r.id != want_id:
            ctx.add("error", "ids", f"id {r.id} does not match its numbering (expected {want_id})",
                    r.id, r.page_start, "id")
            sound = False
        if r.parent_id != want_parent:
            ctx.add("error", "ids", f"parent_id {r.parent_id} should be {want_parent}", r.id,
                    r.page_start, "parent_id")
            sound = False
        if r.parent_id is not None and r.parent_id not in seen:
            where = "after it" if r.parent_id in counts else "missing"
            ctx.add("error", "ids", f"parent {r.parent_id} {where}", r.id, r.page_start,
                    "parent_id")
            sound = False
        elif r.parent_id is not None and paragraphs:
            parent_section = getattr(seen[r.parent_id], "section", "")
            if parent_section != section:
                ctx.add("error", "ids", f"in section {section!r}, its parent in "
                        f"{parent_section!r}", r.id, r.page_start, "section")
                sound = False
        if not paragraphs and meeting not in meetings:
            ctx.add("error", "ids", f"{_meeting_name(meeting)} has no heading "
                    "(no such meeting)", r.id, r.page_start, "meeting")
            sound = False
        if r.item is not None:
            segs = r.item.split(".")
            for depth, seg in enumerate(segs, 1):
                if _item_value(seg, depth) is None:
                    what = "a letter" if depth % 2 else "a Roman numeral"
                    ctx.add("error", "numbering", f"item {r.item}: {seg!r} is not {what}", r.id,
                            r.page_start, "item")
                    sound = False
        seen.setdefault(r.id, r)

    # numbering of top-level entries
    top = [r for r in items if r.item is None]
    if paragraphs:
        _check_sequence(
            ctx, [_Entry(r.number, str(r.number), r.id, r.page_start) for r in top],
            "paragraph", str, "", "numbering", "number",
        )
    else:
        by_meeting: dict[int, list[Record | Paragraph]] = defaultdict(list)
        for r in top:
            by_meeting[getattr(r, "meeting", 0)].append(r)
        for m, recs in by_meeting.items():
            _check_sequence(
                ctx, [_Entry(r.number, str(r.number), r.id, r.page_start) for r in recs],
                "recommendation", str, f"{_meeting_name(m)}: ", "numbering", "number",
            )

    # sub-items: contiguous from a (letters) or i (Roman) under each parent
    children: dict[str, list[Record | Paragraph]] = defaultdict(list)
    for r in items:
        if r.item is not None and r.parent_id is not None:
            children[r.parent_id].append(r)
    for parent, kids in children.items():
        entries = []
        for r in kids:
            depth = r.item.count(".") + 1
            seg = r.item.rsplit(".", 1)[-1]
            value = _item_value(seg, depth)
            if value is not None:
                entries.append(_Entry(value, seg, r.id, r.page_start))
        if entries:
            depth = kids[0].item.count(".") + 1
            _check_sequence(
                ctx, entries, "item", lambda n, d=depth, k=entries[0].label: _item_label(n, d, k),
                f"{kind} {parent}: ", "numbering", "item",
            )
    return sound


_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\t\r\n]")
_LIGATURES = re.compile(r"[\ufb00-\ufb06]")
_PUA = re.compile(r"[\ue000-\uf8ff]")
_BARCODE = re.compile(r"\*\d{7}\*")
_JOB_NUMBER = re.compile(r"(?<![\w./-])(?:[A-Z]{1,2}\.)?\d{2}-\d{5}(?![\w-])")
_COUNTER = re.compile(r"(?<![\w./-])(\d{1,3})/(\d{1,3})(?![\w/-]|\.\d)")
_CITATION = re.compile(
    r"(résolutions?|décisions?|resolutions?|decisions?|rés\.|res\.|dec\.|déc\.|n[o°º]s?\.?)\s*$",
    re.IGNORECASE,
)
_ITEM_LABEL_AT_START = re.compile(r"^(\(?[a-z]{1,4}\)|[ivx]{1,5}\.)\s")
_NUMBER_AT_START = re.compile(r"^\d{1,3}\.\s")


def _furniture_in(ctx: _Ctx, text: str, record: str | None, page: int | None, field: str) -> None:
    def err(what: str) -> None:
        ctx.add("error", "furniture", f"{what} left in {field}", record, page, field)

    for ch in sorted(set(_PUA.findall(text))):
        err(f"private-use character U+{ord(ch):04X} (barcode font)")
    for m in _BARCODE.finditer(text):
        err(f"barcode {m.group()}")
    for m in _JOB_NUMBER.finditer(text):
        err(f"job number {m.group()}")
    job = ctx.ex.meta.job_number
    if job and not _JOB_NUMBER.fullmatch(job) and job in text:
        err(f"job number {job}")
    page_count = ctx.ex.meta.page_count
    for m in _COUNTER.finditer(text):
        n, total = int(m.group(1)), int(m.group(2))
        before = text[max(0, m.start() - 16) : m.start()]
        if 1 <= n <= total == page_count and not _CITATION.search(before):
            err(f"page counter {m.group()}")
    symbol = ctx.ex.meta.symbol
    if symbol:
        pattern = rf"(?<![\w/.-]){re.escape(symbol)}(?![\w/-]|\.\w)"
        for m in re.finditer(pattern, text):
            cited = text[m.start() - 1 : m.start()] == "(" and text[m.end() : m.end() + 1] == ")"
            if not cited:
                err(f"document symbol {symbol} (running header)")


def _normalisation(ctx: _Ctx, text: str, record: str | None, page: int | None, field: str) -> None:
    issues = []
    if text != text.strip():
        issues.append("leading/trailing space")
    if "  " in text:
        issues.append("double space")
    if _SPACES.search(text):
        issues.append("non-plain space or line break")
    if "\u00ad" in text:
        issues.append("soft hyphen")
    if _LIGATURES.search(text):
        issues.append("ligature character")
    if "\u2019" in text:
        issues.append("curly apostrophe")
    if not unicodedata.is_normalized("NFC", text):
        issues.append("not NFC")
    if issues:
        ctx.add("warning", "normalisation", f"{field} not normalised: {', '.join(issues)}",
                record, page, field)


def _check_texts(ctx: _Ctx) -> None:
    ex = ctx.ex
    for r in [*ex.records, *ex.paragraphs]:
        if not r.text.strip():
            ctx.add("error", "text", "empty text", r.id, r.page_start, "text")
            continue
        _furniture_in(ctx, r.text, r.id, r.page_start, "text")
        _normalisation(ctx, r.text, r.id, r.page_start, "text")
        if r.item is not None and _ITEM_LABEL_AT_START.match(r.text):
            ctx.add("warning", "text", "text starts with an item label", r.id, r.page_start, "text")
        if r.item is None and _NUMBER_AT_START.match(r.text):
            ctx.add("warning", "text", "text starts with a number label", r.id, r.page_start,
                    "text")
    for m in ex.meetings:
        _furniture_in(ctx, m.heading, _meeting_name(m.meeting), m.page or None, "heading")
        _normalisation(ctx, m.heading, _meeting_name(m.meeting), m.page or None, "heading")
    for name in ("organ", "body", "agenda_title", "title", "subtitle"):
        value = getattr(ex.meta, name)
        if value:
            _furniture_in(ctx, value, None, 1, name)


def _check_box(ctx: _Ctx, b: Box, record: str | None, what: str) -> None:
    if not (b.x0 <= b.x1 and b.top <= b.bottom):
        ctx.add("error", "boxes", f"{what}: box {b.as_list()} is inverted", record, b.page)


def _check_pages(ctx: _Ctx, boxes: bool) -> None:
    ex = ctx.ex
    pc = ex.meta.page_count
    for r in [*ex.records, *ex.paragraphs]:
        if not 1 <= r.page_start <= r.page_end <= pc:
            ctx.add("error", "pages", f"pages {r.page_start}–{r.page_end} outside 1–{pc} or "
                    "reversed", r.id, r.page_start, "page_start")
        if not boxes:
            continue
        if not r.boxes:
            ctx.add("warning", "boxes", "no bounding box", r.id, r.page_start)
        pages = [b.page for b in r.boxes]
        if pages != sorted(set(pages)):
            ctx.add("error", "boxes", f"boxes not one per page in page order: pages {pages}",
                    r.id, r.page_start)
        if r.boxes and (pages[0] != r.page_start or pages[-1] != r.page_end):
            ctx.add("error", "boxes", f"boxes on pages {pages[0]}–{pages[-1]}, text on "
                    f"{r.page_start}–{r.page_end}", r.id, r.page_start)
        for b in r.boxes:
            _check_box(ctx, b, r.id, "text")
    if not boxes:
        return
    for f in ex.furniture:
        if not 1 <= f.box.page <= pc:
            ctx.add("error", "pages", f"furniture {f.text!r} on page {f.box.page} outside 1–{pc}")
    for rp in ex.repairs:
        if not 1 <= rp.box.page <= pc:
            ctx.add("error", "pages", f"repair {rp.after!r} on page {rp.box.page} outside 1–{pc}")


def schema_problems(
    frames: dict[str, pd.DataFrame],
    document: Callable[[str, pd.Series], str] | None = None,
) -> list[Problem]:
    """pandera failures of each table, one problem per (row, column, check).

    Primary-key duplicates are left to :func:`check_keys` (one problem per key, not per row).

    ``document(table, row)`` names the document of a failing row (default: symbol or file).
    """
    document = document or _row_document
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
                    _meeting_name(int(r["meeting"])) if "meeting" in df else None
                )
                page = r["page_start"] if "page_start" in df else None
                page = None if page is None or pd.isna(page) else int(page)
                msg = f"{name}.{column} = {row.failure_case!r} fails {check}"
                out.append(Problem("error", document(name, r), record, page, msg, "schema",
                                   column))
    return out


def _row_document(_table: str, row: pd.Series) -> str:
    sym = row.get("symbol")
    if sym is not None and not pd.isna(sym):
        return str(sym)
    src = row.get("source_file")
    return str(src) if src is not None and not pd.isna(src) else "<unknown document>"


def validate_extraction(ex: Extraction, *, boxes: bool = True) -> list[Problem]:
    """All structural and schema problems of one extraction (``boxes=False``: skip box rules)."""
    ctx = _Ctx(ex)
    _check_meta(ctx)
    _check_meetings(ctx)
    sound = _check_records(ctx, ex.records, paragraphs=False)
    sound &= _check_records(ctx, ex.paragraphs, paragraphs=True)
    _check_texts(ctx)
    _check_pages(ctx, boxes)
    for w in ex.warnings:
        ctx.add("warning", "extraction", w)
    # the declared schema, on the rows this extraction becomes
    try:
        frames = build_tables([ex])
    except ValueError:
        frames = None  # a bad date, reported above
    unique_meetings = len({m.meeting for m in ex.meetings}) == len(ex.meetings)
    if frames is not None and sound and unique_meetings:
        # the rows must nest (items right after their parent, meetings in order) for the JSON
        try:
            document_json(ex)
        except ValueError as exc:
            ctx.add("error", "order", str(exc).split(": ", 1)[-1])
    if frames is not None:
        covered = {(p.record, p.field) for p in ctx.problems if p.severity == "error"}
        for p in schema_problems(frames, lambda _t, _r: ctx.doc):
            if (p.record, p.field) in covered:
                continue
            if (None, p.field) in covered:
                continue
            ctx.problems.append(p)
    return ctx.problems


def validate_extractions(extractions: Sequence[Extraction], *, boxes: bool = True) -> list[Problem]:
    """Problems of each extraction, plus clashes between documents (same key, same stem)."""
    out: list[Problem] = []
    for ex in extractions:
        out.extend(validate_extraction(ex, boxes=boxes))
    keys = Counter((ex.meta.symbol, ex.meta.language) for ex in extractions)
    for (symbol, language), n in keys.items():
        if n > 1 and symbol:
            out.append(Problem("error", symbol, None, None, f"{n} documents with symbol {symbol} "
                               f"and language {language}", "ids", "symbol"))
    stems = Counter(output_stem(ex) for ex in extractions)
    for stem, n in stems.items():
        if n > 1:
            out.append(Problem("error", stem, None, None, f"{n} documents would be written to "
                               f"{stem}.json", "ids", "source_file"))
    return out


# --------------------------------------------------------------------------------------------
# Keys across tables
# --------------------------------------------------------------------------------------------


def _rows_as_tuples(df: pd.DataFrame, cols: Sequence[str]) -> list[tuple[Any, ...]]:
    return [
        tuple(None if pd.isna(v) else v for v in row)
        for row in df[list(cols)].astype(object).itertuples(index=False, name=None)
    ]


def check_keys(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Primary keys unique and foreign keys resolved (``scope`` fields must match too)."""
    out: list[Problem] = []
    for name, t in TABLES.items():
        df = frames[name]
        pk = _rows_as_tuples(df, t.primary_key)
        for key, n in Counter(pk).items():
            if n > 1:
                out.append(Problem("error", str(key[0]), None, None, f"{name}: primary key "
                                   f"{key} appears {n} times", "keys"))
        for fk in t.foreign_keys:
            ref = frames[fk.reference_table]
            targets = set(_rows_as_tuples(ref, [*fk.scope, *fk.reference_fields]))
            sources = _rows_as_tuples(df, [*fk.scope, *fk.fields])
            ids = _rows_as_tuples(df, ["id"]) if "id" in df else [(None,)] * len(df)
            docs = _rows_as_tuples(df, ["symbol"])
            for src, rid, doc in zip(sources, ids, docs, strict=True):
                if all(v is None for v in src[len(fk.scope) :]):
                    continue
                if src not in targets:
                    fields = ", ".join(fk.fields)
                    out.append(Problem("error", str(doc[0]), rid[0], None, f"{name}({fields}) = "
                                       f"{src[len(fk.scope):]} not found in "
                                       f"{fk.reference_table}", "keys"))
    return out


# --------------------------------------------------------------------------------------------
# Output folder
# --------------------------------------------------------------------------------------------


def _first_difference(a: pd.DataFrame, b: pd.DataFrame) -> str | None:
    if list(a.columns) != list(b.columns):
        return f"columns {list(a.columns)} vs {list(b.columns)}"
    diff_dtypes = [c for c in a.columns if a[c].dtype != b[c].dtype]
    if diff_dtypes:
        c = diff_dtypes[0]
        return f"dtype of {c}: {a[c].dtype} vs {b[c].dtype}"
    if len(a) != len(b):
        return f"{len(a)} rows vs {len(b)} rows"
    ra = _rows_as_tuples(a, list(a.columns))
    rb = _rows_as_tuples(b, list(b.columns))
    for i, (x, y) in enumerate(zip(ra, rb, strict=True)):
        if x != y:
            cols = [c for c, u, v in zip(a.columns, x, y, strict=True) if u != v]
            return f"row {i + 1} differs in {', '.join(cols)}"
    return None


def _is_document_json(path: Path) -> dict[str, Any] | None:
    try:
        obj = read_document_json(path)
    except (OSError, ValueError):
        return None
    return obj if isinstance(obj, dict) and obj.get("format") == JSON_FORMAT else None


def extractions_from_tables(frames: dict[str, pd.DataFrame]) -> list[Extraction]:
    """Rebuild bare extractions (no boxes, furniture or repairs) from the four tables."""

    def val(v: Any) -> Any:
        if v is None or pd.isna(v):
            return None
        return v.isoformat() if hasattr(v, "isoformat") else v

    out = []
    for d in frames["documents"].astype(object).to_dict("records"):
        d = {k: val(v) for k, v in d.items()}
        key = (d["symbol"], d["language"])
        meta = DocumentMeta(**{k: d[k] for k in d if k != "mode"})

        def mine(name: str, key: tuple[Any, Any] = key) -> list[dict[str, Any]]:
            df = frames[name].astype(object)
            rows = [{k: val(v) for k, v in r.items()} for r in df.to_dict("records")]
            return [r for r in rows if (r["symbol"], r["language"]) == key]

        out.append(
            Extraction(
                meta=meta,
                mode=d["mode"],
                meetings=[
                    Meeting(m["meeting"], m["heading"], m["city"], m["start_date"], m["end_date"],
                            m["page"] or 0)
                    for m in mine("meetings")
                ],
                records=[
                    Record(r["id"], r["parent_id"], r["meeting"], r["number"], r["item"],
                           r["text"], r["page_start"], r["page_end"], actor=r["actor"],
                           modality=r["modality"],
                           references=tuple(split_references(r["references"])))
                    for r in mine("recommendations")
                ],
                paragraphs=[
                    Paragraph(p["id"], p["parent_id"], p["section"] or "", p["number"],
                              p["item"], p["text"], p["page_start"], p["page_end"],
                              actor=p["actor"], modality=p["modality"],
                              references=tuple(split_references(p["references"])))
                    for p in mine("paragraphs")
                ],
                furniture=[],
                repairs=[],
            )
        )
    return out


def validate_output_dir(
    path: str | Path,
    strict: bool = False,
    rederive: Callable[[Extraction], Any] | None = None,
) -> list[Problem]:
    """Re-read an output folder and check it: schema, same rows in every format, keys, rules.

    Formats are detected from the files present (CSV needs ``datapackage.json``; JSON is any
    ``*.json`` carrying the unrecs format marker). ``strict`` turns warnings into errors.
    ``rederive`` (the enrichment stage, ``pipeline.parse.document.enrich_extraction``) also
    checks that each JSON record's actor, modality and references are what its text gives.
    """
    out_dir = Path(path)
    problems: list[Problem] = []

    def err(what: str, message: str, rule: str = "output", severity: Severity = "error") -> None:
        problems.append(Problem(severity, what, None, None, message, rule))

    if not out_dir.is_dir():
        err(str(out_dir), "output folder does not exist")
        return strictly(problems) if strict else problems
    for tmp in sorted(out_dir.glob(".tmp-*")):
        err(tmp.name, "leftover temporary folder of an interrupted export", severity="warning")

    formats: dict[str, dict[str, pd.DataFrame]] = {}

    # CSV + datapackage.json
    csv_files = {n: out_dir / f"{n}.csv" for n in TABLE_NAMES}
    dp_path = out_dir / "datapackage.json"
    if dp_path.exists() or any(p.exists() for p in csv_files.values()):
        missing = [p.name for p in [dp_path, *csv_files.values()] if not p.exists()]
        if missing:
            err(str(out_dir), f"CSV output incomplete: missing {', '.join(missing)}")
        else:
            hashes = {n: sha256_file(p) for n, p in csv_files.items()}
            try:
                dp = json.loads(dp_path.read_text(encoding="utf-8"))
            except ValueError as exc:
                dp = None
                err("datapackage.json", f"not valid JSON: {exc}")
            if dp is not None:
                expected = datapackage(hashes)
                if dp != expected:
                    unhashed = json.loads(json.dumps(dp))
                    for res in unhashed.get("resources", []):
                        res.pop("hash", None)
                    if unhashed != datapackage():
                        err("datapackage.json", "differs from the declared schema")
                    else:
                        for res in dp.get("resources", []):
                            want = f"sha256:{hashes.get(res.get('name'), '')}"
                            if res.get("hash") != want:
                                err(res.get("path", "?"), "content does not match its hash in "
                                    "datapackage.json (mixed or edited output)")
            frames = {}
            for n, p in csv_files.items():
                try:
                    frames[n] = read_csv_table(p, n)
                except (ValueError, OSError) as exc:
                    err(p.name, f"cannot be read: {exc}")
            if len(frames) == len(TABLE_NAMES):
                formats["csv"] = frames

    # Parquet
    pq_files = {n: out_dir / f"{n}.parquet" for n in TABLE_NAMES}
    if any(p.exists() for p in pq_files.values()):
        import pyarrow.parquet as pq

        frames = {}
        for n, p in pq_files.items():
            if not p.exists():
                err(str(out_dir), f"Parquet output incomplete: missing {p.name}")
                continue
            try:
                got = pq.read_schema(p)
                want = arrow_schema(n)
                for f in want:
                    g = got.field(f.name) if f.name in got.names else None
                    if g is None or g.type != f.type or g.nullable != f.nullable or (
                        (g.metadata or {}).get(b"description") != f.metadata[b"description"]
                    ):
                        err(p.name, f"field {f.name} differs from the declared schema")
                if got.names != want.names:
                    err(p.name, f"columns {got.names} differ from {want.names}")
                frames[n] = read_parquet_table(p)
            except (OSError, ValueError) as exc:
                err(p.name, f"cannot be read: {exc}")
        if len(frames) == len(TABLE_NAMES):
            formats["parquet"] = frames

    # JSON
    json_objs: list[tuple[Path, dict[str, Any]]] = []
    for p in sorted(out_dir.glob("*.json")):
        if p.name == "datapackage.json":
            continue
        obj = _is_document_json(p)
        if obj is None:
            err(p.name, "not an unrecs document JSON", severity="warning")
        else:
            json_objs.append((p, obj))
    schema_path = out_dir / "schema" / "document.schema.json"
    extractions: list[Extraction] | None = None
    if json_objs or schema_path.exists():
        if not schema_path.exists():
            err(str(out_dir), "JSON output without schema/document.schema.json")
        elif json.loads(schema_path.read_text(encoding="utf-8")) != document_json_schema():
            err("schema/document.schema.json", "differs from the declared schema")
        problems.extend(_check_json_schema(json_objs))
        # order the documents as the tables do (documents table order), else by file name
        ref = next(iter(formats.values()), None)
        if ref is not None:
            order = {k: i for i, k in enumerate(_rows_as_tuples(ref["documents"],
                                                                ["symbol", "language"]))}
            json_objs.sort(key=lambda po: order.get(
                (po[1]["document"].get("symbol"), po[1]["document"].get("language")), len(order)
            ))
        extractions = []
        for p, obj in json_objs:
            try:
                ex = extraction_from_json(obj)
            except (KeyError, TypeError, ValueError) as exc:
                err(p.name, f"cannot be read back: {exc}")
                continue
            if f"{output_stem(ex)}.json" != p.name:
                err(p.name, f"holds {ex.meta.source_file}, expected in {output_stem(ex)}.json")
            if rederive is not None:
                for message in derived_mismatches(obj, rederive, ex)[:20]:
                    err(p.name, message, rule="derived")
            extractions.append(ex)
        try:
            formats["json"] = build_tables(extractions)
        except ValueError as exc:
            err("json", f"cannot be tabulated: {exc}")

    if not formats:
        err(str(out_dir), "no unrecs output found")
        return strictly(problems) if strict else problems

    # schema of each table, from the first format present
    names = list(formats)
    first = formats[names[0]]
    problems.extend(schema_problems(first, _row_document))
    problems.extend(check_keys(first))
    for other in names[1:]:
        for table in TABLE_NAMES:
            diff = _first_difference(first[table], formats[other][table])
            if diff:
                err(table, f"{names[0]} and {other} differ: {diff}", rule="formats")

    # structural rules on what was read
    if extractions is not None:
        problems.extend(validate_extractions(extractions))
    else:
        try:
            problems.extend(validate_extractions(extractions_from_tables(first), boxes=False))
        except (KeyError, TypeError, ValueError) as exc:
            err(str(out_dir), f"tables cannot be read back as documents: {exc}")
    return strictly(problems) if strict else problems


def _check_json_schema(json_objs: list[tuple[Path, dict[str, Any]]]) -> list[Problem]:
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - optional dependency
        return [Problem("warning", "json", None, None, "jsonschema not installed: JSON Schema "
                        "check skipped", "output")]
    validator = jsonschema.Draft202012Validator(
        document_json_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    out = []
    for p, obj in json_objs:
        for e in sorted(validator.iter_errors(obj), key=lambda e: list(e.absolute_path))[:20]:
            where = "/".join(str(x) for x in e.absolute_path)
            out.append(Problem("error", p.name, where or None, None, e.message, "json-schema"))
    return out
