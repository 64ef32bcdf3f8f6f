"""Checking a written output folder: schema, the same rows in every format, keys, rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.fsutil import sha256_file
from pipeline.model import DocumentMeta, Extraction, Meeting, Paragraph, Record
from pipeline.out.problems import Problem, Severity, strictly
from pipeline.out.rules import validate_extractions
from pipeline.out.schema import (
    JSON_FORMAT,
    TABLE_NAMES,
    arrow_schema,
    datapackage,
    document_json_schema,
)
from pipeline.out.table_checks import check_keys, pandera_problems, row_document, rows_as_tuples
from pipeline.out.tables import (
    build_tables,
    derived_mismatches,
    extraction_from_json,
    output_stem,
    read_csv_table,
    read_document_json,
    read_parquet_table,
)
from pipeline.vocab import split_references


def _first_difference(a: pd.DataFrame, b: pd.DataFrame) -> str | None:
    if list(a.columns) != list(b.columns):
        return f"columns {list(a.columns)} vs {list(b.columns)}"
    diff_dtypes = [c for c in a.columns if a[c].dtype != b[c].dtype]
    if diff_dtypes:
        c = diff_dtypes[0]
        return f"dtype of {c}: {a[c].dtype} vs {b[c].dtype}"
    if len(a) != len(b):
        return f"{len(a)} rows vs {len(b)} rows"
    ra = rows_as_tuples(a, list(a.columns))
    rb = rows_as_tuples(b, list(b.columns))
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
    """Rebuild bare extractions (no boxes, furniture, repairs, footnotes or tables) from the
    tables."""

    def val(v: Any) -> Any:
        if v is None or pd.isna(v):
            return None
        return v.isoformat() if hasattr(v, "isoformat") else v

    out = []
    for d in frames["documents"].astype(object).to_dict("records"):
        d = {k: val(v) for k, v in d.items()}
        key = d["document"]
        meta = DocumentMeta(**{k: d[k] for k in d if k not in ("mode", "document")})

        def mine(name: str, key: Any = key) -> list[dict[str, Any]]:
            df = frames[name].astype(object)
            rows = [{k: val(v) for k, v in r.items()} for r in df.to_dict("records")]
            return [r for r in rows if r["document"] == key]

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
                              references=tuple(split_references(p["references"])),
                              section_title=p["section_title"], kind=p["kind"],
                              opening_phrase=p["opening_phrase"],
                              operative_verb=p["operative_verb"],
                              speaker=p.get("speaker"))
                    for p in mine("paragraphs")
                ],
                furniture=[],
                repairs=[],
                problems=[
                    Problem(p["severity"], d["symbol"] or d["source_file"], p["record"],
                            p["page"], p["message"], p["rule"], p["field"])
                    for p in mine("problems")
                ],
            )
        )
    return out


def _against_recorded(
    found: list[Problem], extractions: list[Extraction], boxes: bool
) -> tuple[list[Problem], int]:
    """The rules' findings on a folder that are not recorded in its problems table, plus
    recorded problems the rules no longer find (a stale or edited table); and how many of
    the findings were recorded. Rules that need what the tables do not keep (boxes, the
    extraction's warnings) are not compared when ``boxes`` is false."""

    def key(p: Problem) -> tuple[Any, ...]:
        return (p.document, p.severity, p.rule, p.record, p.page or None, p.message)

    recorded = {key(p) for ex in extractions for p in ex.problems}
    found_keys = {key(p) for p in found}
    new = [p for p in found if key(p) not in recorded]
    skipped = set() if boxes else {"boxes", "extraction"}
    stale = [
        Problem("error", p.document, p.record, p.page,
                f"recorded problem no longer found by the rules: {p.message}", "problems")
        for ex in extractions for p in ex.problems
        if key(p) not in found_keys and p.rule not in skipped
    ]
    return new + stale, len(found) - len(new)


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
            order = {k: i for i, k in enumerate(rows_as_tuples(ref["documents"], ["document"]))}
            json_objs.sort(key=lambda po: order.get((po[1]["document"].get("document"),),
                                                    len(order)))
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
    problems.extend(pandera_problems(first, row_document))
    problems.extend(check_keys(first))
    for other in names[1:]:
        for table in TABLE_NAMES:
            diff = _first_difference(first[table], formats[other][table])
            if diff:
                err(table, f"{names[0]} and {other} differ: {diff}", rule="formats")

    # structural rules on what was read; what the problems table records is known, not new
    # (with ``strict`` it is an error like any problem)
    boxes = extractions is not None
    try:
        read = extractions if extractions is not None else extractions_from_tables(first)
    except (KeyError, TypeError, ValueError) as exc:
        err(str(out_dir), f"tables cannot be read back as documents: {exc}")
        read = None
    if read is not None:
        found = validate_extractions(read, boxes=boxes)
        if strict:
            problems.extend(found)
        else:
            new, _known = _against_recorded(found, read, boxes)
            problems.extend(new)
    return strictly(problems) if strict else problems


def recorded_problems(path: str | Path) -> int:
    """How many problems an output folder's problems table records (0 without one)."""
    out_dir = Path(path)
    for name, read in (("problems.parquet", read_parquet_table),
                       ("problems.csv", lambda p: read_csv_table(p, "problems"))):
        if (out_dir / name).is_file():
            try:
                return len(read(out_dir / name))
            except (OSError, ValueError):
                return 0
    objs = [o for p in sorted(out_dir.glob("*.json")) if (o := _is_document_json(p))]
    return sum(len(o.get("problems", [])) for o in objs)


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
