"""Rules on an extraction's metadata, numbering and ids (meetings, records, items)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from pipeline import recache
from pipeline.lang import quoted_paragraph
from pipeline.model import Paragraph, Record
from pipeline.out.declaration import REPEAT_SUFFIX
from pipeline.out.labels import (
    item_label,
    item_value,
    meeting_name,
    to_roman,
)
from pipeline.out.problems import Findings
from pipeline.out.tables import parse_date
from pipeline.records import dataclass
from pipeline.vocab import SEPARATOR


@dataclass(frozen=True, slots=True)
class _Entry:
    """One number of a sequence checked (a meeting, a record): its value, its label as
    printed, the row it belongs to and its page."""

    value: int
    label: str
    record: str | None
    page: int | None


def _check_sequence(
    ctx: Findings,
    entries: Sequence[_Entry],
    kind: str,
    fmt: Callable[[int], str],
    prefix: str,
    rule: str,
    field: str,
    start: int = 1,
    printed: frozenset[int] = frozenset(),
) -> None:
    """Values must run 1, 2, 3 … (from ``start``) in order; report gaps, duplicates and steps
    back (but the one-number gaps the document prints, ``printed``)."""
    expected = start
    prev: _Entry | None = None
    seen: dict[int, _Entry] = {}
    for e in entries:
        if e.value == expected or (e.value == expected + 1 and expected in printed):
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


def check_meta(ctx: Findings) -> None:
    """The document's metadata (symbol, language, page count, date) and its mode."""
    m = ctx.ex.meta
    if not m.symbol and m.document_type != "publication":
        # the symbol is optional (publications have none); elsewhere its absence is worth a look
        ctx.add("warning", "document", "document symbol missing", field="symbol")
    if not m.language:
        ctx.add("error", "document", "document language missing", field="language")
    if m.page_count < 1:
        ctx.add("error", "document", f"page_count is {m.page_count}", field="page_count")
    try:
        parse_date(m.date, "document date")
    except ValueError as exc:
        ctx.add("error", "dates", str(exc), field="date")
    if ctx.ex.mode == "recommendations":
        # the text that is no recommendation (the introduction) is a row t<k>: nothing else
        if any(p.kind != "text" or p.number is not None for p in ctx.ex.paragraphs):
            ctx.add("error", "mode", "recommendations mode but paragraphs were extracted")
        if not ctx.ex.records:
            ctx.add("error", "mode", "recommendations mode but no recommendation was found")
    else:
        if ctx.ex.meetings or ctx.ex.records:
            ctx.add("error", "mode", "paragraphs mode but meetings/recommendations were extracted")
        if not ctx.ex.paragraphs:
            ctx.add("warning", "mode", "paragraphs mode but no numbered paragraph was found")


def check_meetings(ctx: Findings) -> None:
    """Meetings numbered I, II, III … in order, with a heading, valid dates and pages."""
    meetings = ctx.ex.meetings
    _check_sequence(
        ctx,
        [_Entry(m.meeting, to_roman(m.meeting).upper() or str(m.meeting), meeting_name(m.meeting),
                m.page or None) for m in meetings],
        "meeting",
        lambda n: to_roman(n).upper(),
        "",
        "numbering",
        "meeting",
    )
    with_records = {r.meeting for r in ctx.ex.records}
    for m in meetings:
        name = meeting_name(m.meeting)
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


def paragraph_scope(rid: str) -> str:
    """The section part of a paragraph id (``annex-1/art-12`` of ``annex-1/art-12/3.a``)."""
    return rid.rsplit("/", 1)[0] if "/" in rid else ""


def repeated(rid: str) -> tuple[str, int]:
    """A written id and its occurrence: ``("2", 2)`` for ``2~2`` (the second row printed with
    id 2), ``("2", 1)`` for ``2``."""
    base, sep, k = rid.rpartition(REPEAT_SUFFIX)
    return (base, int(k)) if sep and k.isdigit() else (rid, 1)


def _expected_paragraph_ids(
    r: Record | Paragraph, seen: dict[str, Record | Paragraph]
) -> tuple[str, str | None]:
    """The id and parent a paragraph row must have from its numbering and its section (both
    without their repeat suffix, see :func:`repeated`)."""
    rid = repeated(r.id)[0]
    scope = paragraph_scope(rid)
    local = rid.rsplit("/", 1)[-1]
    if r.item is not None:
        base = rid[: -len(r.item) - 1] if rid.endswith("." + r.item) else rid
        return _expected_ids(base, r.item)
    if r.number is None:  # unnumbered text: pp<k> / t<k> in its section, no parent
        return (rid if local[:1] in ("p", "t") else f"{scope}/?"), None
    if r.parent_id is not None:  # decimal paragraph under its lead-in
        parent = repeated(r.parent_id)[0]
        return f"{parent}.{r.number}", parent
    return (f"{scope}/{r.number}" if scope else str(r.number)), None


def _quoted_under_heading(ctx: Findings, row: Record | Paragraph) -> int | None:
    """The paragraph number named by the last labelled heading printed before ``row``
    ("B. Paragraphe 4 de la résolution 55/122" → 4), None when it names none."""
    if not row.boxes:
        return None
    at = (row.boxes[0].page, row.boxes[0].top)
    named = None
    for b in ctx.ex.other_text:
        if b.kind != "heading" or b.label is None or not b.boxes:
            continue
        if (b.boxes[0].page, b.boxes[0].top) >= at:
            break
        named = quoted_paragraph(b.text, ctx.ex.meta.language)
    return named


#: a paragraph label left inside a text ("3.", "3 -", "٣ -", "3)"), as the structure stage
#: looks for it (pipeline.parse.structure.printed_gaps)
_INLINE_LABEL = recache.compile(r"(?<![\w.,/\-])(\d{1,3}) ?[.)\-\u2010\u2011\u2013](?=\s|$)")


def _printed_gaps(ctx: Findings, items: Sequence[Record | Paragraph]) -> dict[str, set[int]]:
    """The gaps the document prints (``printed_gaps`` of its metadata), by sequence key
    (``/<scope>``), each checked again on the rows: the one missing number lies between its
    two neighbours, appears nowhere else in the sequence, is followed by the next, and no row
    from the earlier neighbour to the later carries it inline. A listed gap that does not hold
    is an error (rule numbering)."""
    listed = ctx.ex.meta.printed_gaps
    out: dict[str, set[int]] = defaultdict(set)
    if not listed:
        return out
    for gid in listed.split(SEPARATOR):
        scope, _, local = gid.rpartition("/")
        rows = [(k, r) for k, r in enumerate(items)
                if r.item is None and r.number is not None and r.parent_id is None
                and paragraph_scope(r.id) == scope and repeated(r.id)[1] == 1]
        numbers = [r.number for _, r in rows]
        m = int(local) if local.isdigit() else 0
        holds = m > 1 and m not in numbers and any(
            a.number == m - 1 and b.number == m + 1 and i + 2 < len(rows)
            and rows[i + 2][1].number == m + 2
            and not any(int(t.group(1)) == m for r in items[ka:kb]
                        for t in _INLINE_LABEL.finditer(r.text))
            for i, ((ka, a), (kb, b)) in enumerate(zip(rows, rows[1:], strict=False))
        )
        if holds:
            out["/" + scope].add(m)
        else:
            ctx.add("error", "numbering", f"printed gap {gid} does not hold on the rows "
                    "(its neighbours, the next number, or a trace of it inline)", None, None,
                    "printed_gaps")
    return out


def check_records(ctx: Findings, items: Sequence[Record | Paragraph], paragraphs: bool) -> bool:
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
    unnumbered = 0
    for r in items:
        meeting = getattr(r, "meeting", 0)
        section = getattr(r, "section", "")
        if paragraphs and r.number is None and r.id[:1] == "p" and r.id[1:].isdigit():
            # a paragraph of a document without numbering: p<rank in reading order>
            unnumbered += 1
            want_id, want_parent = f"p{unnumbered}", None
        elif paragraphs:
            want_id, want_parent = _expected_paragraph_ids(r, seen)
        else:
            want_id, want_parent = _expected_ids(f"{meeting}.{r.number}", r.item)
        written, occurrence = repeated(r.id)
        parent = repeated(r.parent_id)[0] if r.parent_id is not None else None
        if occurrence > 1 and written in seen:
            # a number printed twice in one section (or meeting): the row is kept under <id>~<k>
            ctx.add("error", "ids", f"id {written} printed {occurrence} times: this row "
                    f"is written as {r.id}", r.id, r.page_start, "id")
        elif occurrence > 1:
            ctx.add("error", "ids", f"id {r.id} repeats {written}, which no earlier row "
                    "has", r.id, r.page_start, "id")
            sound = False
        if written != want_id:
            ctx.add("error", "ids", f"id {r.id} does not match its numbering (expected {want_id})",
                    r.id, r.page_start, "id")
            sound = False
        if parent != want_parent:
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
            ctx.add("error", "ids", f"{meeting_name(meeting)} has no heading "
                    "(no such meeting)", r.id, r.page_start, "meeting")
            sound = False
        if r.item is not None:
            segs = r.item.split(".")
            for depth, seg in enumerate(segs, 1):
                if item_value(seg, depth) is None:
                    what = "a letter" if depth % 2 else "a Roman numeral"
                    ctx.add("error", "numbering", f"item {r.item}: {seg!r} is not {what}", r.id,
                            r.page_start, "item")
                    sound = False
        seen.setdefault(r.id, r)

    # numbering of top-level entries
    top = [r for r in items if r.item is None and r.number is not None]
    if paragraphs:
        # each numbered sequence lives in its section (the id's prefix), decimal paragraphs
        # (121.1, 121.2 ...) under their lead-in paragraph
        sequences: dict[str, list[Record | Paragraph]] = defaultdict(list)
        for r in top:
            if r.number is not None and repeated(r.id)[1] == 1:  # a repeat is reported above
                sequences[r.parent_id or "/" + paragraph_scope(r.id)].append(r)
        last = 0  # the last number of the previous section's sequence
        printed = _printed_gaps(ctx, items)
        for key, rows in sequences.items():
            numbers = [r.number for r in rows if r.number is not None]
            start = 1
            if key.startswith("/"):
                where = f"{key[1:]}: " if key[1:] else ""
                what = "paragraph"
                # a sequence may run on across sections (Section 2 opening at 17 after 16),
                # or be a quoted excerpt opening at the number its heading names
                outer, _, seg = key.rpartition("/")
                alternative = seg[:1] == "(" and seg[-1:] == ")" and numbers and numbers[0] in {
                    r.number for r in sequences.get(outer or "/", [])}
                if alternative:
                    # a parallel alternative ("(CBTMTC)9." after "(ABS)9.", scope
                    # annex-2/(CBTMTC)): it opens at the number of the paragraph it stands for
                    # in the sequence around it, which goes on without it
                    start = numbers[0]
                elif numbers and (numbers[0] == last + 1
                                  or _quoted_under_heading(ctx, rows[0]) == numbers[0]):
                    start = numbers[0]
                if not alternative:
                    last = max(numbers, default=last)
            else:
                where, what = f"paragraph {key}: ", "decimal paragraph"
            _check_sequence(
                ctx, [_Entry(r.number, str(r.number), r.id, r.page_start) for r in rows
                      if r.number is not None],
                what, str, where, "numbering", "number", start,
                frozenset(printed.get(key, ())),
            )
    else:
        by_meeting: dict[int, list[Record | Paragraph]] = defaultdict(list)
        for r in top:
            if repeated(r.id)[1] == 1:  # a repeat is reported above
                by_meeting[getattr(r, "meeting", 0)].append(r)
        for m, recs in by_meeting.items():
            _check_sequence(
                ctx, [_Entry(r.number, str(r.number), r.id, r.page_start) for r in recs],
                "recommendation", str, f"{meeting_name(m)}: ", "numbering", "number",
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
            value = item_value(seg, depth)
            if value is not None:
                entries.append(_Entry(value, seg, r.id, r.page_start))
        if entries:
            depth = kids[0].item.count(".") + 1
            _check_sequence(
                ctx, entries, "item", lambda n, d=depth, k=entries[0].label: item_label(n, d, k),
                f"{kind} {parent}: ", "numbering", "item",
            )
    return sound
