"""Cross-language alignment: pair two language versions' records by id, then by position."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import regex

from pipeline.lang import list_letter_value
from pipeline.model import Extraction
from pipeline.out.tables import extraction_from_json


@dataclass(slots=True)
class Alignment:
    table: pd.DataFrame
    only_a: list[str]
    only_b: list[str]
    lang_a: str
    lang_b: str
    warnings: list[str]
    #: why the records of ``only_a`` and ``only_b`` stay unpaired, one line per place
    unpaired: list[str] = field(default_factory=list)


def load_extraction(path: str | Path) -> Extraction:
    return extraction_from_json(json.loads(Path(path).read_text(encoding="utf-8")))


_LATIN = "abcdefghijklmnopqrstuvwxyz"


def id_key(rid: str) -> str:
    """An id as every language version writes it: a list letter of another alphabet (Russian
    ``к``, Arabic ``ب``) becomes the Latin letter of the same position (``j``, ``b``), so that
    ``5.2.к`` pairs with ``5.2.j``."""
    parts = []
    for part in rid.split("."):
        value = None if part.isascii() else list_letter_value(part)
        if value is not None:
            part = _LATIN[(value - 1) % 26] * ((value - 1) // 26 + 1)
        parts.append(part)
    return ".".join(parts)


#: a segment of a numbered unit that translations may call differently: an article in one
#: version, a section in the other (the ISBA standard clauses: "Article 3" in French, "Section 3"
#: in English, "البند ٣" in Arabic)
_UNIT = regex.compile(r"(?<![^/])(?:art|sec|rule|reg|principle)-(?=[^/]+/)")


def _unit_key(rid: str) -> str:
    """The id with the kind of its numbered units left out: ``annex-4/sec-3/1`` and
    ``annex-4/art-3/1`` give the same key."""
    return _UNIT.sub("unit-", rid)


def _pair_units(ra: dict[str, dict[str, object]], rb: dict[str, dict[str, object]]
                ) -> dict[str, str]:
    """Ids of A found in B only under another kind of numbered unit, each key unique on both
    sides: A's id → B's id."""
    loose_a: dict[str, list[str]] = {}
    loose_b: dict[str, list[str]] = {}
    for rid in ra:
        if rid not in rb:
            loose_a.setdefault(_unit_key(rid), []).append(rid)
    for rid in rb:
        if rid not in ra:
            loose_b.setdefault(_unit_key(rid), []).append(rid)
    return {ids[0]: loose_b[key][0] for key, ids in loose_a.items()
            if len(ids) == 1 and len(loose_b.get(key, [])) == 1}


def _rows(ex: Extraction) -> dict[str, dict[str, object]]:
    rows: dict[str, dict[str, object]] = {}
    for r in ex.records:
        rows[id_key(r.id)] = {"meeting": r.meeting, "section": None, "number": r.number,
                              "item": r.item, "text": r.text, "page_start": r.page_start}
    for p in ex.paragraphs:
        rows[id_key(p.id)] = {"meeting": None, "section": p.section, "number": p.number,
                              "item": p.item, "text": p.text, "page_start": p.page_start}
    return rows


def _after_gap(gap: str, ids: list[str]) -> list[str]:
    """The ids a printed gap shifts (``gap`` the id the skipped number would have had,
    ``annex/art-27/3``): the numbers of its sequence after it and their items (``…/4``,
    ``…/4.a``, ``…/5`` …)."""
    scope, _, missing = gap.rpartition("/")
    if not missing.isdigit():
        return []
    prefix = f"{scope}/" if scope else ""
    out = []
    for rid in ids:
        if not rid.startswith(prefix):
            continue
        head = rid[len(prefix):].split(".", 1)[0]
        if "/" not in rid[len(prefix):] and head.isdigit() and int(head) > int(missing):
            out.append(rid)
    return out


#: how far a pair's length ratio may stray from the two versions' usual ratio (either way)
#: before a pair by position is judged implausible; shorter texts than LENGTH_FLOOR vary too
#: much to judge
LENGTH_SPREAD = 3.0
LENGTH_FLOOR = 60


def _usual_ratio(pairs: list[tuple[str, str]], ra: dict[str, dict[str, object]],
                 rb: dict[str, dict[str, object]]) -> float:
    """The median length ratio (A over B) of the pairs' texts: a language's usual length."""
    ratios = sorted(len(str(ra[x]["text"])) / len(str(rb[y]["text"])) for x, y in pairs
                    if ra[x]["text"] and rb[y]["text"])
    return ratios[len(ratios) // 2] if ratios else 1.0


def _plausible(ta: str, tb: str, usual: float) -> bool:
    """Whether two texts' lengths allow them to be one another's translation."""
    if not ta or not tb or max(len(ta), len(tb)) < LENGTH_FLOOR:
        return True
    r = len(ta) / len(tb) / usual
    return 1 / LENGTH_SPREAD <= r <= LENGTH_SPREAD


def _by_position(ids_a: list[str], ids_b: list[str], anchors: list[tuple[str, str]],
                 ra: dict[str, dict[str, object]], rb: dict[str, dict[str, object]],
                 usual: float, langs: tuple[str, str] = ("a", "b")
                 ) -> tuple[list[tuple[str, str]], list[str]]:
    """Pair the records left between two consecutive anchors (id pairs, in order on both
    sides), in order, when that gap holds as many records in both versions and their lengths
    agree; the reasons the other gaps' records stay unpaired."""
    pos_a = {rid: k for k, rid in enumerate(ids_a)}
    pos_b = {rid: k for k, rid in enumerate(ids_b)}
    # anchors in A's order that keep B's order too (a crossing pair is left out)
    kept: list[tuple[int, int]] = []
    for x, y in sorted(anchors, key=lambda p: pos_a[p[0]]):
        if not kept or pos_b[y] > kept[-1][1]:
            kept.append((pos_a[x], pos_b[y]))
    bounds = [(-1, -1), *kept, (len(ids_a), len(ids_b))]
    paired_a = {x for x, _ in anchors}
    paired_b = {y for _, y in anchors}
    pairs: list[tuple[str, str]] = []
    reasons: list[str] = []
    for (a0, b0), (a1, b1) in zip(bounds, bounds[1:], strict=False):
        left_a = [r for r in ids_a[a0 + 1:a1] if r not in paired_a]
        left_b = [r for r in ids_b[b0 + 1:b1] if r not in paired_b]
        if not left_a and not left_b:
            continue
        where = (f"between {ids_a[a0]} and {ids_a[a1]}" if a0 >= 0 and a1 < len(ids_a)
                 else f"after {ids_a[a0]}" if a0 >= 0
                 else f"before {ids_a[a1]}" if a1 < len(ids_a) else "in the document")
        if len(left_a) != len(left_b):
            reasons.append(f"{where}: {len(left_a)} record(s) in {langs[0]}, {len(left_b)} in "
                           f"{langs[1]} ({', '.join(left_a + left_b)})")
            continue
        texts = [(str(ra[x]["text"] or ""), str(rb[y]["text"] or ""))
                 for x, y in zip(left_a, left_b, strict=True)]
        if not all(_plausible(ta, tb, usual) for ta, tb in texts):
            reasons.append(f"{where}: {len(left_a)} record(s) in each of {langs[0]} and "
                           f"{langs[1]} whose lengths disagree ({', '.join(left_a + left_b)})")
            continue
        pairs.extend(zip(left_a, left_b, strict=True))
    return pairs, reasons


def align(a: Extraction, b: Extraction) -> Alignment:
    """One row per record of A paired with one of B, in A's order: by id, then by position.

    Records pair by id first (across kinds of numbered units: ``annex-4/sec-3/1`` with
    ``annex-4/art-3/1``). The records left between two consecutive id pairs then pair in
    order when that gap holds as many of them in both versions and their lengths agree: a
    list printed ``(i) (ii)`` in one version and ``(a) (b)`` in the other. A number a version
    skips as printed (``printed_gaps``: ``1 2 4``) when the other has it shifts that version's
    later numbers of the sequence: they pair by position too, and by id only when position
    cannot pair them. The rest is listed as found in one version only, with the reason."""
    la = a.meta.language or "a"
    lb = b.meta.language or "b"
    if la == lb:
        la, lb = f"{la}_a", f"{lb}_b"
    warnings: list[str] = []
    if a.meta.symbol != b.meta.symbol:
        warnings.append(f"different symbols: {a.meta.symbol} and {b.meta.symbol}")
    ra, rb = _rows(a), _rows(b)
    units = _pair_units(ra, rb)
    if units:
        warnings.append(f"{len(units)} id(s) paired across kinds of numbered units "
                        f"(e.g. {next(iter(units))} with {next(iter(units.values()))})")
    by_id = {rid: rid for rid in ra if rid in rb} | units
    ids_a, ids_b = list(ra), list(rb)
    # a printed gap of one version where the other has the number: the pairs after it are
    # suspect (their numbers are one off)
    suspects: list[set[str]] = []
    for ex, own, other, flip in ((a, ids_a, rb, False), (b, ids_b, ra, True)):
        other_keys = {_unit_key(k) for k in other}
        for gap in (ex.meta.printed_gaps or "").split(";"):
            gap = id_key(gap.strip())
            if not gap or _unit_key(gap) not in other_keys:
                continue
            shifted = set(_after_gap(gap, own))
            group = ({x for x, y in by_id.items() if y in shifted} if flip
                     else {x for x in by_id if x in shifted})
            if group:
                suspects.append(group)
    usual = _usual_ratio(list(by_id.items()), ra, rb)
    dropped: set[str] = set()
    for group in suspects:
        trial = dropped | group
        anchors = [(x, y) for x, y in by_id.items() if x not in trial]
        pairs, _ = _by_position(ids_a, ids_b, anchors, ra, rb, usual)
        if group <= {x for x, _ in pairs}:
            dropped = trial
    anchors = [(x, y) for x, y in by_id.items() if x not in dropped]
    positional, reasons = _by_position(ids_a, ids_b, anchors, ra, rb, usual, (la, lb))
    match = dict.fromkeys((x for x, _ in anchors), "id") | dict.fromkeys(
        (x for x, _ in positional), "position")
    other_of = dict(anchors) | dict(positional)
    moved = [(x, y) for x, y in positional if x != y]
    if positional:
        warnings.append(f"{len(positional)} record(s) paired by position between id pairs"
                        + (f", their ids differing: {', '.join(f'{x} = {y}' for x, y in moved)}"
                           if moved else ""))
    out = []
    for rid, row in ra.items():
        if rid not in other_of:
            continue
        other = rb[other_of[rid]]
        out.append({
            "symbol": a.meta.symbol,
            "id": rid,
            "meeting": row["meeting"],
            "section": row["section"],
            "number": row["number"],
            "item": row["item"],
            f"text_{la}": row["text"],
            f"text_{lb}": other["text"],
            f"page_{la}": row["page_start"],
            f"page_{lb}": other["page_start"],
            f"id_{lb}": other_of[rid],
            "match": match[rid],
        })
    table = pd.DataFrame(out).astype({
        "symbol": "string", "id": "string", "meeting": "Int64", "section": "string",
        "number": "Int64", "item": "string", f"text_{la}": "string", f"text_{lb}": "string",
        f"page_{la}": "Int64", f"page_{lb}": "Int64", f"id_{lb}": "string", "match": "string",
    }) if out else pd.DataFrame()
    used_b = set(other_of.values())
    return Alignment(
        table,
        [k for k in ra if k not in other_of],
        [k for k in rb if k not in used_b],
        la,
        lb,
        warnings,
        reasons,
    )


def write_alignment(al: Alignment, out: Path) -> None:
    """Write the parallel table as CSV or Parquet (by the file's extension), atomically."""
    tmp = out.with_name(f".tmp-{out.name}")
    if out.suffix.lower() == ".parquet":
        al.table.to_parquet(tmp, index=False)
    else:
        al.table.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    tmp.replace(out)
