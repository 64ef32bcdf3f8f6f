"""Rules on one extraction: its texts and pages, and every rule at once (validate_extraction)."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pipeline import recache
from pipeline.errors import UnrecsError, ValidationError
from pipeline.model import Box, Extraction
from pipeline.out.collector import paused
from pipeline.out.export import rendered
from pipeline.out.labels import meeting_name
from pipeline.out.numbering import check_meetings, check_meta, check_records
from pipeline.out.problems import Findings, Problem, blocking
from pipeline.out.schema import TABLE_NAMES
from pipeline.out.table_checks import check_keys, schema_problems
from pipeline.out.tables import (
    Prepared,
    document_json,
    keep_prepared,
    keeps_many,
    output_stem,
    rows_to_columns,
    table_rows,
)

_SPACES = recache.compile(r"[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\t\r\n]")
_LIGATURES = recache.compile(r"[\ufb00-\ufb06]")
_PUA = recache.compile(r"[\ue000-\uf8ff]")
_BARCODE = recache.compile(r"\*\d{7}\*")
_JOB_NUMBER = recache.compile(r"(?<![\w./-])(?:[A-Z]{1,2}\.)?\d{2}-\d{5}(?![\w-])")
_COUNTER = recache.compile(r"(?<![\w./-])(\d{1,3})/(\d{1,3})(?![\w/-]|\.\d)")
_CITATION = recache.compile(
    r"(résolutions?|décisions?|resolutions?|decisions?|rés\.|res\.|dec\.|déc\.|n[o°º]s?\.?)\s*$",
    re.IGNORECASE,
)
#: what every match of :data:`_JOB_NUMBER` (of :data:`_COUNTER`) holds: a text without it is
#: not searched with the pattern, whose look-behind is tried at every position (the texts are
#: searched row by row, and few rows hold either)
_JOB_NUMBER_NEEDS = recache.compile(r"\d-\d")
_COUNTER_NEEDS = recache.compile(r"\d/\d")
_ITEM_LABEL_AT_START = recache.compile(r"^(\(?[a-z]{1,4}\)|[ivx]{1,5}\.)\s")
_NUMBER_AT_START = recache.compile(r"^\d{1,3}\.\s")


def _furniture_in(
    ctx: Findings, text: str, record: str | None, page: int | None, field: str
) -> None:
    def err(what: str) -> None:
        ctx.add("error", "furniture", f"{what} left in {field}", record, page, field)

    if not text.isascii():  # an ASCII text has no private-use character
        for ch in sorted(set(_PUA.findall(text))):
            err(f"private-use character U+{ord(ch):04X} (barcode font)")
    if "*" in text:
        for m in _BARCODE.finditer(text):
            err(f"barcode {m.group()}")
    if "-" in text and _JOB_NUMBER_NEEDS.search(text):
        for m in _JOB_NUMBER.finditer(text):
            err(f"job number {m.group()}")
    job = ctx.ex.meta.job_number
    if job and not _JOB_NUMBER.fullmatch(job) and job in text:
        err(f"job number {job}")
    page_count = ctx.ex.meta.page_count
    if "/" in text and _COUNTER_NEEDS.search(text):
        for m in _COUNTER.finditer(text):
            n, total = int(m.group(1)), int(m.group(2))
            before = text[max(0, m.start() - 16) : m.start()]
            if 1 <= n <= total == page_count and not _CITATION.search(before):
                err(f"page counter {m.group()}")
    symbol = ctx.ex.meta.symbol
    if symbol and symbol in text:  # the pattern matches the symbol as printed
        pattern = rf"(?<![\w/.-]){re.escape(symbol)}(?![\w/-]|\.\w)"
        for m in recache.finditer(pattern, text):
            cited = text[m.start() - 1 : m.start()] == "(" and text[m.end() : m.end() + 1] == ")"
            if not cited:
                err(f"document symbol {symbol} (running header)")


def _normalisation(
    ctx: Findings, text: str, record: str | None, page: int | None, field: str
) -> None:
    issues = []
    if text != text.strip():
        issues.append("leading/trailing space")
    if "  " in text:
        issues.append("double space")
    # an ASCII text (most are) holds none of the characters looked for below but its own
    # tabs and line breaks, and is NFC
    wide = not text.isascii()
    if _SPACES.search(text) if wide else "\t" in text or "\r" in text or "\n" in text:
        issues.append("non-plain space or line break")
    if wide and "\u00ad" in text:
        issues.append("soft hyphen")
    if wide and _LIGATURES.search(text):
        issues.append("ligature character")
    if wide and "\u2019" in text:
        issues.append("curly apostrophe")
    if wide and not unicodedata.is_normalized("NFC", text):
        issues.append("not NFC")
    if issues:
        ctx.add("warning", "normalisation", f"{field} not normalised: {', '.join(issues)}",
                record, page, field)


def _check_texts(ctx: Findings) -> None:
    ex = ctx.ex
    rows = [*ex.records, *ex.paragraphs]
    parents = {r.parent_id for r in rows if r.parent_id is not None}
    for r in rows:
        if not r.text.strip():
            if r.text or r.id not in parents:
                # only a lead-in whose items open on its own line ("(a) (i) …") has no text
                what = "empty text" if not r.text else "empty text (blank)"
                ctx.add("error", "text", f"{what}: allowed only for a row with items", r.id,
                        r.page_start, "text")
            continue
        _furniture_in(ctx, r.text, r.id, r.page_start, "text")
        _normalisation(ctx, r.text, r.id, r.page_start, "text")
        if r.item is not None and _ITEM_LABEL_AT_START.match(r.text):
            ctx.add("warning", "text", "text starts with an item label", r.id, r.page_start, "text")
        if r.item is None and _NUMBER_AT_START.match(r.text):
            ctx.add("warning", "text", "text starts with a number label", r.id, r.page_start,
                    "text")
    for m in ex.meetings:
        _furniture_in(ctx, m.heading, meeting_name(m.meeting), m.page or None, "heading")
        _normalisation(ctx, m.heading, meeting_name(m.meeting), m.page or None, "heading")
    for name in ("organ", "body", "agenda_title", "title", "subtitle"):
        value = getattr(ex.meta, name)
        if value:
            _furniture_in(ctx, value, None, 1, name)


def _check_box(ctx: Findings, b: Box, record: str | None, what: str) -> None:
    if not (b.x0 <= b.x1 and b.top <= b.bottom):
        ctx.add("error", "boxes", f"{what}: box {b.as_list()} is inverted", record, b.page)


def _check_pages(ctx: Findings, boxes: bool) -> None:
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


def validate_extraction(ex: Extraction, *, boxes: bool = True) -> list[Problem]:
    """All structural and schema problems of one extraction (``boxes=False``: skip box rules):
    the rules, then the declared schema and keys on the rows it becomes, so that a document
    kept by validation is written without checking its rows again.

    The tables and JSON built on the way are kept for the write of the document once its
    problems are set (:func:`pipeline.out.tables.keep_prepared`), which uses them instead of
    building them again (a write of documents as validated: ``validated=True``): the JSON
    as its final text around the problems (:func:`pipeline.out.export.rendered`), bytes that
    weigh less than its objects and that the collector does not walk (not in a pool's worker,
    which sends its extractions away: :func:`pipeline.out.tables.keeps_many`)."""
    with paused():
        problems, prepared = _check(ex, boxes)
        if prepared is not None and keeps_many():
            prepared = rendered(prepared)
        keep_prepared(ex, prepared)
    return problems


def check_extraction(
    ex: Extraction, *, boxes: bool = True
) -> tuple[list[Problem], Prepared | None]:
    """:func:`validate_extraction`'s problems, and the tables and JSON it built on the way
    (None when the rows could not be built), not kept."""
    with paused():
        return _check(ex, boxes)


def _check(ex: Extraction, boxes: bool) -> tuple[list[Problem], Prepared | None]:
    ctx = Findings(ex)
    check_meta(ctx)
    check_meetings(ctx)
    sound = check_records(ctx, ex.records, paragraphs=False)
    sound &= check_records(ctx, ex.paragraphs, paragraphs=True)
    _check_texts(ctx)
    _check_pages(ctx, boxes)
    for w in ex.warnings:
        ctx.add("warning", "extraction", w)
    # the declared schema, on the rows this extraction becomes
    try:
        rows = table_rows(ex)
        # the typed columns, checked without building DataFrames
        frames = {name: rows_to_columns(name, rows[name]) for name in TABLE_NAMES}
    except ValueError:
        frames = None  # a bad date, reported above
    prepared = None
    if frames is not None:
        prepared = Prepared({name: frames[name] for name in TABLE_NAMES if name != "problems"})
    unique_meetings = len({m.meeting for m in ex.meetings}) == len(ex.meetings)
    if prepared is not None and sound and unique_meetings:
        # the rows must nest (items right after their parent, meetings in order) for the JSON
        try:
            prepared.json = document_json(ex, rows)
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
        # the tables' keys within the document (across documents: the output names, see
        # clash_problems), unless the id rules found what breaks them
        if not any(p.rule == "ids" for p in blocking(ctx.problems)):
            for p in check_keys(frames):
                ctx.problems.append(dataclasses.replace(p, document=ctx.doc))
    return ctx.problems, prepared


def validate_extractions(extractions: Sequence[Extraction], *, boxes: bool = True) -> list[Problem]:
    """Problems of each extraction, plus clashes between documents (same key, same stem)."""
    out: list[Problem] = []
    for ex in extractions:
        out.extend(validate_extraction(ex, boxes=boxes))
    return out + clash_problems(extractions)


def _symbol_clash(symbol: str, language: str, n: int) -> Problem:
    return Problem("error", symbol, None, None, f"{n} documents with symbol {symbol} and "
                   f"language {language}", "clash", "symbol")


def clash_problems(extractions: Sequence[Extraction]) -> list[Problem]:
    """Clashes between documents: the same symbol and language (rule ``clash``: each document
    concerned is written with it as a problem, see :func:`symbol_clashes`), or the same output
    stem (rule ``ids``: the documents cannot be written side by side)."""
    out: list[Problem] = []
    keys = Counter((ex.meta.symbol, ex.meta.language) for ex in extractions)
    for (symbol, language), n in keys.items():
        if n > 1 and symbol:
            out.append(_symbol_clash(symbol, language, n))
    stems = Counter(output_stem(ex) for ex in extractions)
    for stem, n in stems.items():
        if n > 1:
            out.append(Problem("error", stem, None, None, f"{n} documents would be written to "
                               f"{stem}.json", "ids", "source_file"))
    return out


def symbol_clashes(extractions: Sequence[Extraction]) -> list[list[Problem]]:
    """Per document (parallel to ``extractions``): the clash it is part of, when another
    document has the same symbol and language (several renderings of one text) — a problem of
    each document concerned, which is written with it (the problems table), not a refusal."""
    keys = Counter((ex.meta.symbol, ex.meta.language) for ex in extractions)
    return [
        [_symbol_clash(s, lang, keys[s, lang])] if s and keys[s, lang] > 1 else []
        for ex in extractions
        for s, lang in [(ex.meta.symbol, ex.meta.language)]
    ]


def stem_clashes(extractions: Sequence[Extraction]) -> list[Problem]:
    """Documents that would be written to the same ``<stem>.json``: the write refuses them."""
    return [p for p in clash_problems(extractions) if p.rule != "clash"]


def add_clashes(
    kept: list[Extraction], problems: list[list[Problem]], failed: list[UnrecsError],
    strict: bool,
) -> tuple[list[Extraction], list[list[Problem]]]:
    """Documents with the same symbol and language as another: each keeps the clash as one of
    its problems (``Extraction.problems`` and ``problems``, parallel to ``kept``) and is
    written; with ``strict`` they are refused instead (appended to ``failed``, as a document
    with any problem is). Returns the documents kept and their problems."""
    out: tuple[list[Extraction], list[list[Problem]]] = ([], [])
    for ex, probs, clash in zip(kept, problems, symbol_clashes(kept), strict=True):
        if clash and strict:
            failed.append(ValidationError(str(Path(ex.meta.source_file)),
                                          f"{len(clash)} problem(s); first: {clash[0]}"))
            continue
        ex.problems = [*ex.problems, *clash]
        out[0].append(ex)
        out[1].append([*probs, *clash])
    return out
