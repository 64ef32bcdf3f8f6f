"""Cross-language alignment: pair two language versions' records by id, position or length."""

from __future__ import annotations

import json
import math
from dataclasses import field
from pathlib import Path

import pandas as pd

from pipeline import regexcache
from pipeline.lang import list_letter_value
from pipeline.model import Extraction
from pipeline.out.tables import extraction_from_json
from pipeline.records import dataclass


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
_UNIT = regexcache.compile(r"(?<![^/])(?:art|sec|rule|reg|principle)-(?=[^/]+/)")


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
                              "item": r.item, "text": r.text, "page_start": r.page_start,
                              "kind": None, "length": _measure(r.text)}
    for p in ex.paragraphs:
        rows[id_key(p.id)] = {"meeting": None, "section": p.section, "number": p.number,
                              "item": p.item, "text": p.text, "page_start": p.page_start,
                              "kind": p.kind, "length": _measure(p.text)}
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

#: the local part of an id that is an ordinal, not a printed label: ``t3`` (the third
#: unnumbered text of its section), ``pp2`` (preambular paragraph), ``p7`` (prose rank), with
#: the lettered items of such a row (``t1.a``) and a repeat suffix (``t2~2``)
_ORDINAL = regexcache.compile(r"(?:^|/)(?:pp|t|p)[1-9][0-9]*(?:\.[^./~]+)*(?:~[0-9]+)?$")


def is_ordinal(rid: str) -> bool:
    """Whether an id numbers unnumbered text by its rank (``t2``, ``annex/pp1``, ``p7``,
    ``art-9/t1.a``): a rank that depends on how a version splits its text, so no evidence
    that two versions' records correspond."""
    return _ORDINAL.search(rid) is not None


#: what a text's length leaves out: the Arabic tatweel (a justification stretch, U+0640) and
#: runs of fill characters (signature lines, leaders)
_FILL = regexcache.compile(r"\u0640+|[_.…\-‐–—]{3,}")
_SPACES = regexcache.compile(r"\s+")


def _measure(text: object) -> int:
    """A text's length as its words count it: no justification stretches, no fill lines, one
    space between words."""
    return len(_SPACES.sub(" ", _FILL.sub("", str(text or ""))).strip())


def _length(row: dict[str, object]) -> int:
    """A row's measured length (``_measure``)."""
    value = row["length"]
    return value if isinstance(value, int) else 0


def _usual_ratio(pairs: list[tuple[str, str]], ra: dict[str, dict[str, object]],
                 rb: dict[str, dict[str, object]]) -> float:
    """The median length ratio (A over B) of the pairs' texts: a language's usual length;
    without pairs (no record has a label), the ratio of the two versions' whole lengths."""
    lengths = [(_length(ra[x]), _length(rb[y])) for x, y in pairs]
    ratios = sorted(m / n for m, n in lengths if m and n)
    if ratios:
        return ratios[len(ratios) // 2]
    total_a = sum(map(_length, ra.values()))
    total_b = sum(map(_length, rb.values()))
    return total_a / total_b if total_a and total_b else 1.0


def _plausible(ta: str, tb: str, usual: float) -> bool:
    """Whether two texts' lengths allow them to be one another's translation."""
    return _lengths_fit(_measure(ta), _measure(tb), usual)


def _lengths_fit(la: int, lb: int, usual: float) -> bool:
    """Whether two lengths allow their texts to be one another's translation."""
    if not la or not lb or max(la, lb) < LENGTH_FLOOR:
        return True
    r = la / lb / usual
    return 1 / LENGTH_SPREAD <= r <= LENGTH_SPREAD


#: the length alignment of a place between id pairs (in the manner of Gale & Church 1993):
#: the spread of the log length ratio of a true pair around the usual ratio; characters added
#: to both lengths so that short texts weigh less; the cost of leaving a record without
#: counterpart and of reading two records of one version as one paragraph of the other; the
#: bonus of a pair whose records agree in kind, and in section
LOG_SPREAD = 0.35
LENGTH_SMOOTH = 20
SKIP_COST = 3.0
MERGE_COST = SKIP_COST
AGREE_BONUS = 0.5

#: how far (in records) a length alignment may stray from the diagonal of its place, beyond
#: the difference of the two versions' counts: a long run of unnumbered text (a document
#: without numbering, p1 … p900) aligns in time linear in its length
ALIGN_BAND = 40

#: one step of a length alignment: A's records and B's records it takes (1-1, 1-0, 0-1, 2-1,
#: 1-2)
Step = tuple[tuple[str, ...], tuple[str, ...]]
_MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


def _length_cost(la: int, lb: int, usual: float) -> float:
    """How unlikely A's length ``la`` is for a translation of B's ``lb``: half the squared
    log ratio against the usual, in spreads."""
    z = math.log((la + LENGTH_SMOOTH) / (usual * lb + LENGTH_SMOOTH)) / LOG_SPREAD
    return z * z / 2


def _section(row: dict[str, object]) -> str:
    return _unit_key(str(row["section"] or ""))


def _step_cost(xs: tuple[str, ...], ys: tuple[str, ...], ra: dict[str, dict[str, object]],
               rb: dict[str, dict[str, object]], usual: float) -> float | None:
    """The cost of one step, None when it cannot be: a pair whose lengths disagree, two
    records read as one that differ in kind or section."""
    if not xs or not ys:
        return SKIP_COST
    rows_a, rows_b = [ra[x] for x in xs], [rb[y] for y in ys]
    # two records read as one: their lengths and the space between them
    la = sum(map(_length, rows_a)) + len(rows_a) - 1
    lb = sum(map(_length, rows_b)) + len(rows_b) - 1
    if not _lengths_fit(la, lb, usual):
        return None
    cost = _length_cost(la, lb, usual)
    rows = rows_a + rows_b
    kinds = {r["kind"] for r in rows}
    sections = {_section(r) for r in rows}
    if len(xs) != len(ys):
        merged = rows_a if len(xs) == 2 else rows_b
        if merged[0]["kind"] != merged[1]["kind"] or _section(merged[0]) != _section(merged[1]):
            return None
        cost += MERGE_COST
    if len(kinds) == 1 and None not in kinds:
        cost -= AGREE_BONUS
    if len(sections) == 1:
        cost -= AGREE_BONUS
    return cost


def _length_alignment(left_a: list[str], left_b: list[str], ra: dict[str, dict[str, object]],
                      rb: dict[str, dict[str, object]], usual: float) -> list[Step]:
    """The cheapest monotone alignment of two runs of records by their lengths (dynamic
    programming over 1-1, 1-0, 0-1, 2-1 and 1-2 steps), its steps in order."""
    n, m = len(left_a), len(left_b)
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    band = ALIGN_BAND + abs(n - m)
    for i in range(n + 1):
        middle = i * m // n if n else 0
        for j in range(max(0, middle - band), min(m, middle + band) + 1):
            if best[i][j] == inf:
                continue
            for di, dj in _MOVES:
                if i + di > n or j + dj > m:
                    continue
                cost = _step_cost(tuple(left_a[i:i + di]), tuple(left_b[j:j + dj]), ra, rb,
                                  usual)
                if cost is not None and best[i][j] + cost < best[i + di][j + dj] - 1e-9:
                    best[i + di][j + dj] = best[i][j] + cost
                    back[i + di][j + dj] = (di, dj)
    steps: list[Step] = []
    i, j = n, m
    while i or j:
        move = back[i][j]
        assert move is not None  # 1-0 and 0-1 steps reach every cell of the band
        di, dj = move
        steps.append((tuple(left_a[i - di:i]), tuple(left_b[j - dj:j])))
        i, j = i - di, j - dj
    return steps[::-1]


def _by_position(ids_a: list[str], ids_b: list[str], anchors: list[tuple[str, str]],
                 ra: dict[str, dict[str, object]], rb: dict[str, dict[str, object]],
                 usual: float, langs: tuple[str, str] = ("a", "b")
                 ) -> tuple[list[tuple[str, str]], list[str], set[str], list[Step]]:
    """Pair the records left between two consecutive anchors (id pairs, in order on both
    sides), in order, when that gap holds as many records in both versions and their lengths
    agree; in a gap holding an ordinal id (``t2``, ``pp1``), by the alignment of their
    lengths. The pairs, the reasons the other records stay unpaired, A's records paired
    by length other than in order, and the records one version reads as two paragraphs where
    the other reads one (2-1 and 1-2 steps of the length alignment)."""
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
    by_length: set[str] = set()
    merged: list[Step] = []
    for (a0, b0), (a1, b1) in zip(bounds, bounds[1:], strict=False):
        left_a = [r for r in ids_a[a0 + 1:a1] if r not in paired_a]
        left_b = [r for r in ids_b[b0 + 1:b1] if r not in paired_b]
        if not left_a and not left_b:
            continue
        where = (f"between {ids_a[a0]} and {ids_a[a1]}" if a0 >= 0 and a1 < len(ids_a)
                 else f"after {ids_a[a0]}" if a0 >= 0
                 else f"before {ids_a[a1]}" if a1 < len(ids_a) else "in the document")
        if left_a and left_b and any(map(is_ordinal, left_a + left_b)):
            steps = _length_alignment(left_a, left_b, ra, rb, usual)
            ones = [(xs[0], ys[0]) for xs, ys in steps if len(xs) == len(ys) == 1]
            pairs.extend(ones)
            if len(ones) != len(steps):
                by_length.update(x for x, _ in ones)
            alone_a = [x for xs, ys in steps if not ys for x in xs]
            alone_b = [y for xs, ys in steps if not xs for y in ys]
            if alone_a or alone_b:
                reasons.append(f"{where}: {len(alone_a)} record(s) in {langs[0]}, "
                               f"{len(alone_b)} in {langs[1]} without a counterpart of "
                               f"fitting length ({', '.join(alone_a + alone_b)})")
            merged.extend((xs, ys) for xs, ys in steps if len(xs) + len(ys) == 3)
            continue
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
    return pairs, reasons, by_length, merged


def align(a: Extraction, b: Extraction) -> Alignment:
    """One row per record of A paired with one of B, in A's order: by id, then by position or
    length.

    Records pair by id first (across kinds of numbered units: ``annex-4/sec-3/1`` with
    ``annex-4/art-3/1``), an ordinal id (``t2``, ``pp1``) excepted. The records left between
    two consecutive id pairs then pair in order when that gap holds as many of them in both
    versions and their lengths agree: a list printed ``(i) (ii)`` in one version and ``(a)
    (b)`` in the other. A gap holding an ordinal id is aligned by the records' lengths
    (``_length_alignment``); its pairs are ``length`` unless they pair the gap in order, and
    a paragraph one version reads as two pairs as one (``merged``: B's two texts joined, or
    A's two records with B's one). A
    number a version skips as printed (``printed_gaps``: ``1 2 4``) when the other has it
    shifts that version's later numbers of the sequence: they pair by position too, and by id
    only when position cannot pair them. The rest is listed as found in one version only, with
    the reason."""
    la = a.meta.language or "a"
    lb = b.meta.language or "b"
    if la == lb:
        la, lb = f"{la}_a", f"{lb}_b"
    warnings: list[str] = []
    if a.meta.symbol != b.meta.symbol:
        warnings.append(f"different symbols: {a.meta.symbol} and {b.meta.symbol}")
    ra, rb = _rows(a), _rows(b)
    units = {x: y for x, y in _pair_units(ra, rb).items() if not is_ordinal(x)}
    if units:
        warnings.append(f"{len(units)} id(s) paired across kinds of numbered units "
                        f"(e.g. {next(iter(units))} with {next(iter(units.values()))})")
    # an ordinal id (t2, pp1) is no label: such records pair by their lengths, below
    by_id = {rid: rid for rid in ra if rid in rb and not is_ordinal(rid)} | units
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
        pairs, _, _, _ = _by_position(ids_a, ids_b, anchors, ra, rb, usual)
        if group <= {x for x, _ in pairs}:
            dropped = trial
    anchors = [(x, y) for x, y in by_id.items() if x not in dropped]
    found, reasons, by_length, merged = _by_position(ids_a, ids_b, anchors, ra, rb, usual,
                                                     (la, lb))
    positional = [(x, y) for x, y in found if x not in by_length]
    lengthwise = [(x, y) for x, y in found if x in by_length]
    match = dict.fromkeys((x for x, _ in anchors), "id") | dict.fromkeys(
        (x for x, _ in positional), "position") | dict.fromkeys(
        (x for x, _ in lengthwise), "length")
    other_of = dict(anchors) | dict(found)
    # a paragraph one version reads as two: A's record(s) with B's, the two texts joined
    joined: dict[str, dict[str, object]] = {}
    for xs, ys in merged:
        target = "+".join(ys)
        joined[target] = rb[ys[0]] | {"text": " ".join(str(rb[y]["text"] or "") for y in ys)}
        for x in xs:
            other_of[x] = target
            match[x] = "merged"
    if merged:
        warnings.append(
            f"{len(merged)} paragraph(s) read as two in one version and as one in the other, "
            "paired as one: " + ", ".join(f"{' + '.join(xs)} = {' + '.join(ys)}"
                                          for xs, ys in merged))
    for how, made in (("position", positional), ("length", lengthwise)):
        moved = [(x, y) for x, y in made if _unit_key(x) != _unit_key(y)]
        if made:
            warnings.append(
                f"{len(made)} record(s) paired by {how} between id pairs"
                + (f", their ids differing: {', '.join(f'{x} = {y}' for x, y in moved)}"
                   if moved else ""))
    out = []
    for rid, row in ra.items():
        if rid not in other_of:
            continue
        other = joined.get(other_of[rid]) or rb[other_of[rid]]
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
    used_b = {y for target in other_of.values() for y in target.split("+")}
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
