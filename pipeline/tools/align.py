"""Cross-language alignment: pair the records of two language versions of a document by id."""

from __future__ import annotations

import json
from dataclasses import dataclass
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


def align(a: Extraction, b: Extraction) -> Alignment:
    """One row per id present in both versions, in A's order; ids found in one version only."""
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
    paired_b = set(units.values())
    out = []
    for rid, row in ra.items():
        other = rb.get(rid) or rb.get(units.get(rid, ""))
        if other is None:
            continue
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
        })
    table = pd.DataFrame(out).astype({
        "symbol": "string", "id": "string", "meeting": "Int64", "section": "string",
        "number": "Int64", "item": "string", f"text_{la}": "string", f"text_{lb}": "string",
        f"page_{la}": "Int64", f"page_{lb}": "Int64",
    }) if out else pd.DataFrame()
    return Alignment(
        table,
        [k for k in ra if k not in rb and k not in units],
        [k for k in rb if k not in ra and k not in paired_b],
        la,
        lb,
        warnings,
    )


def write_alignment(al: Alignment, out: Path) -> None:
    """Write the parallel table as CSV or Parquet (by the file's extension), atomically."""
    tmp = out.with_name(f".tmp-{out.name}")
    if out.suffix.lower() == ".parquet":
        al.table.to_parquet(tmp, index=False)
    else:
        al.table.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    tmp.replace(out)
