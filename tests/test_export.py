"""Export: same rows in CSV/Parquet/JSON, explicit dtypes, determinism, all-or-nothing writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from factories import clone, paragraphs_doc, recommendations_doc
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.out.export as export
from pipeline.out.export import ExportError, render, write_outputs
from pipeline.out.schema import TABLE_NAMES, TABLES
from pipeline.out.tables import (
    build_tables,
    extraction_from_json,
    read_csv_table,
    read_document_json,
    read_parquet_table,
    tables_from_json,
)
from pipeline.out.validate import has_errors, validate_output_dir

REPO = Path(__file__).resolve().parents[1]


def docs():
    return [recommendations_doc(), paragraphs_doc()]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root (temporary folders excluded) → its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).parts[0].startswith(".tmp-")
    }


def tmp_dirs(root: Path) -> list[Path]:
    return sorted(root.glob(".tmp-*"))


# --------------------------------------------------------------------------------------------
# Round trip and dtypes
# --------------------------------------------------------------------------------------------


def tricky_doc():
    """Values that CSV readers like to mangle: NA, None, quotes, commas, line breaks."""
    ex = recommendations_doc(symbol="CTOC/COP/WG.7/2020/CRP.1", source_file="tricky.pdf")
    ex.meta.agenda_item = "NA"
    ex.meta.subtitle = ""  # empty optional string → null
    ex.meta.date = None
    ex.meetings[0].city = "None"
    ex.meetings[1].start_date = ex.meetings[1].end_date = None
    ex.records[0].text = 'Les « États », dits "parties" ; NA ; null ; N/A, 0'
    return ex


def test_csv_parquet_json_hold_the_same_rows(tmp_path: Path) -> None:
    exs = [*docs(), tricky_doc()]
    write_outputs(exs, tmp_path)
    expected = build_tables(exs)
    stems = ["wg7_2019_fr", "ccpcj_2019_5_fr", "tricky"]
    from_json = tables_from_json(read_document_json(tmp_path / f"{s}.json") for s in stems)
    for name in TABLE_NAMES:
        from_csv = read_csv_table(tmp_path / f"{name}.csv", name)
        from_parquet = read_parquet_table(tmp_path / f"{name}.parquet")
        for got in (from_csv, from_parquet, from_json[name]):
            pd.testing.assert_frame_equal(got, expected[name], check_exact=True)
    docs_csv = read_csv_table(tmp_path / "documents.csv", "documents")
    assert docs_csv.loc[2, "agenda_item"] == "NA"
    assert pd.isna(docs_csv.loc[2, "subtitle"]) and pd.isna(docs_csv.loc[2, "date"])
    recs = read_csv_table(tmp_path / "recommendations.csv", "recommendations")
    assert recs.loc[len(recs) - 9, "text"] == 'Les « États », dits "parties" ; NA ; null ; N/A, 0'
    assert len(expected["recommendations"]) == 18 and len(expected["paragraphs"]) == 7


def test_json_round_trips_the_extraction(tmp_path: Path) -> None:
    for ex in docs():
        write_outputs([ex], tmp_path)
        stem = Path(ex.meta.source_file).stem
        back = extraction_from_json(read_document_json(tmp_path / f"{stem}.json"))
        assert back.meetings == ex.meetings
        assert back.records == ex.records
        assert back.paragraphs == ex.paragraphs
        assert back.furniture == ex.furniture and back.repairs == ex.repairs
        assert back.warnings == ex.warnings
        assert [(b.text, b.boxes) for b in back.other_text] == [
            (b.text, b.boxes) for b in ex.other_text
        ]


def test_parquet_dtypes_are_explicit(tmp_path: Path) -> None:
    write_outputs(docs(), tmp_path)
    want = {
        "string": pd.StringDtype(),
        "integer": pd.Int64Dtype(),
        "number": pd.Float64Dtype(),
        "date": pd.ArrowDtype(pa.date32()),
    }
    for name, table in TABLES.items():
        df = pd.read_parquet(tmp_path / f"{name}.parquet")
        assert {c: df[c].dtype for c in df} == {f.name: want[f.type] for f in table.fields}
    meetings = pd.read_parquet(tmp_path / "meetings.parquet")
    assert str(meetings["start_date"].dtype) == "date32[day][pyarrow]"
    assert meetings["start_date"].iloc[0].isoformat() == "2012-05-30"


def test_paragraphs_table_is_always_written(tmp_path: Path) -> None:
    write_outputs([recommendations_doc()], tmp_path)
    assert (tmp_path / "paragraphs.csv").read_text(encoding="utf-8") == (
        "document,symbol,language,section,section_title,kind,id,parent_id,number,item,level,"
        "text,page_start,page_end,opening_phrase,operative_verb,speaker,actor,modality,"
        "references\n"
    )
    assert len(pd.read_parquet(tmp_path / "paragraphs.parquet")) == 0


def test_written_json_validates_against_its_schema(tmp_path: Path) -> None:
    import jsonschema

    from pipeline.out.schema import document_json_schema

    write_outputs(docs(), tmp_path)
    validator = jsonschema.Draft202012Validator(document_json_schema())
    for stem in ("wg7_2019_fr", "ccpcj_2019_5_fr"):
        validator.validate(read_document_json(tmp_path / f"{stem}.json"))


def test_frictionless_accepts_the_data_package(tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    write_outputs(docs(), tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


# --------------------------------------------------------------------------------------------
# Determinism
# --------------------------------------------------------------------------------------------


def test_exports_are_byte_identical(tmp_path: Path) -> None:
    write_outputs(docs(), tmp_path / "a")
    write_outputs(docs(), tmp_path / "b")
    first = snapshot(tmp_path / "a")
    assert first == snapshot(tmp_path / "b")
    write_outputs(docs(), tmp_path / "a")  # again, over itself
    assert snapshot(tmp_path / "a") == first
    assert set(first) == {
        *(f"{n}.{e}" for n in TABLE_NAMES for e in ("csv", "parquet")),
        "datapackage.json",
        "schema/document.schema.json",
        "wg7_2019_fr.json",
        "ccpcj_2019_5_fr.json",
    }


def test_render_is_deterministic_across_processes(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import hashlib, sys
        from factories import paragraphs_doc, recommendations_doc
        from pipeline.out.export import render
        files = render([recommendations_doc(), paragraphs_doc()])
        print(hashlib.sha256(b"".join(k.encode() + v for k, v in files.items())).hexdigest())
        """
    )
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'tests'}",
           "PYTHONHASHSEED": "123"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, cwd=tmp_path).stdout.strip()
    import hashlib

    files = render(docs())
    assert out == hashlib.sha256(b"".join(k.encode() + v for k, v in files.items())).hexdigest()


# --------------------------------------------------------------------------------------------
# Atomicity
# --------------------------------------------------------------------------------------------


def _changed_docs():
    exs = docs()
    exs[0].records[0].text = "Texte modifié pour une seconde exportation."
    return exs


@pytest.mark.parametrize(("event", "nth"), [("chunk", 1), ("chunk", 7), ("replace", 1),
                                            ("replace", 5), ("replace", 12)])
def test_exception_mid_write_leaves_earlier_output(tmp_path: Path, monkeypatch, event, nth):
    write_outputs(docs(), tmp_path)
    before = snapshot(tmp_path)
    seen = []

    def hook(ev: str, path: Path) -> None:
        if ev == event:
            seen.append(path)
            if len(seen) == nth:
                raise RuntimeError("disk full")

    monkeypatch.setattr(export, "_hook", hook)
    with pytest.raises(RuntimeError, match="disk full"):
        write_outputs(_changed_docs(), tmp_path)
    assert snapshot(tmp_path) == before
    assert tmp_dirs(tmp_path) == []


def test_exception_before_first_export_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    def hook(ev: str, path: Path) -> None:
        if ev == "replace" and path.name == "datapackage.json":
            raise RuntimeError("boom")

    monkeypatch.setattr(export, "_hook", hook)
    with pytest.raises(RuntimeError):
        write_outputs(docs(), tmp_path / "out")
    assert snapshot(tmp_path / "out") == {}


def test_schema_violation_writes_nothing(tmp_path: Path) -> None:
    write_outputs(docs(), tmp_path)
    before = snapshot(tmp_path)
    bad = docs()
    bad[0].meta.sha256 = "not-a-hash"
    with pytest.raises(ExportError, match="sha256"):
        write_outputs(bad, tmp_path)
    clash = [recommendations_doc(), recommendations_doc("A/B/1", "wg7_2019_fr.pdf")]
    with pytest.raises(ExportError, match="wg7_2019_fr.json"):
        write_outputs(clash, tmp_path)
    orphan = docs()
    orphan[0].meetings.pop()
    with pytest.raises(ExportError, match="not found in meetings"):
        write_outputs(orphan, tmp_path)
    assert snapshot(tmp_path) == before


CHILD = """
import sys, time
from pathlib import Path
import pipeline.out.export as export
from factories import big_doc, paragraphs_doc

out, sentinel, event, nth = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
count = 0

def slow(ev, path):
    global count
    if ev == event:
        count += 1
        if count == nth:
            sentinel.write_text(str(path))
            time.sleep(600)
        time.sleep(0.001)

export._hook = slow
export.write_outputs([big_doc(), paragraphs_doc()], out)
"""


def _kill_child_during(tmp_path: Path, out: Path, event: str, nth: int) -> str:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    sentinel = tmp_path / f"sentinel-{event}-{nth}"
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'tests'}"}
    child = subprocess.Popen([sys.executable, str(script), str(out), str(sentinel), event,
                              str(nth)], env=env)
    try:
        deadline = time.monotonic() + 120
        while not sentinel.exists():
            assert child.poll() is None, "child ended before reaching the kill point"
            assert time.monotonic() < deadline, "child too slow"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    return sentinel.read_text()


def test_sigkill_mid_write_leaves_earlier_output_intact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(docs(), out)
    before = snapshot(out)
    # the 10th chunk is inside recommendations.csv of the big document (> 1 MB)
    from factories import big_doc

    new = render([big_doc(), paragraphs_doc()])
    partial = _kill_child_during(tmp_path, out, "chunk", 10)
    assert Path(partial).name == "recommendations.csv"
    assert snapshot(out) == before
    (tmp,) = tmp_dirs(out)  # the dead run's temporary folder, with its truncated file
    assert 0 < (tmp / "recommendations.csv").stat().st_size < len(new["recommendations.csv"])
    problems = validate_output_dir(out)
    assert not has_errors(problems)
    assert any("leftover temporary folder" in p.message for p in problems)
    # the next run cleans up
    write_outputs(docs(), out)
    assert tmp_dirs(out) == [] and snapshot(out) == before


def test_sigkill_while_replacing_leaves_only_whole_files(tmp_path: Path) -> None:
    from factories import big_doc

    out = tmp_path / "out"
    write_outputs(docs(), out)
    before = snapshot(out)
    new = render([big_doc(), paragraphs_doc()])
    _kill_child_during(tmp_path, out, "replace", 4)
    after = snapshot(out)
    replaced = [k for k in after if after[k] != before.get(k)]
    assert replaced == ["documents.csv", "meetings.csv", "recommendations.csv"]
    for rel, data in after.items():
        assert data in (before.get(rel), new.get(rel)), rel  # never a truncated file
    # the mix is detected ...
    assert has_errors(validate_output_dir(out))
    # ... and the next run repairs it
    write_outputs(docs(), out)
    assert snapshot(out) == before and tmp_dirs(out) == []


# --------------------------------------------------------------------------------------------
# One export per folder; validate_output_dir
# --------------------------------------------------------------------------------------------


def test_stale_outputs_are_removed(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text('{"mine": true}\n', encoding="utf-8")
    write_outputs(docs(), tmp_path)
    write_outputs([recommendations_doc()], tmp_path, formats={"csv", "json"})
    files = set(snapshot(tmp_path))
    assert "ccpcj_2019_5_fr.json" not in files
    assert not any(f.endswith(".parquet") for f in files)
    assert "notes.json" in files  # not ours: left alone
    assert [p for p in validate_output_dir(tmp_path) if p.severity == "error"] == []


def test_validate_output_dir_accepts_a_good_export(tmp_path: Path) -> None:
    write_outputs(docs(), tmp_path)
    problems = validate_output_dir(tmp_path)
    assert [(p.severity, p.rule) for p in problems] == [("warning", "extraction")]
    strict = validate_output_dir(tmp_path, strict=True)
    assert [p.severity for p in strict] == ["error"]


def test_validate_output_dir_finds_differences(tmp_path: Path) -> None:
    write_outputs(docs(), tmp_path)
    csv = tmp_path / "recommendations.csv"
    csv.write_text(csv.read_text("utf-8").replace("efficace ;", "efficace ;;"), "utf-8")
    messages = [str(p) for p in validate_output_dir(tmp_path) if p.severity == "error"]
    assert any("does not match its hash" in m for m in messages), messages
    assert any("csv and parquet differ: row 3 differs in text" in m for m in messages), messages


def test_validate_output_dir_finds_missing_and_invalid_json(tmp_path: Path) -> None:
    write_outputs(docs(), tmp_path)
    (tmp_path / "ccpcj_2019_5_fr.json").unlink()
    doc = tmp_path / "wg7_2019_fr.json"
    doc.write_text(doc.read_text("utf-8").replace('"page_start": 1', '"page_start": 0', 1),
                   "utf-8")
    problems = [p for p in validate_output_dir(tmp_path) if p.severity == "error"]
    rules = {p.rule for p in problems}
    assert {"json-schema", "formats"} <= rules, [str(p) for p in problems]


def test_validate_output_dir_reruns_structural_rules(tmp_path: Path) -> None:
    ex = clone(recommendations_doc())
    ex.records = [r for r in ex.records if not r.id.startswith("1.2")]
    write_outputs([ex], tmp_path)  # export enforces the schema, not the numbering
    gap = "meeting I: recommendation 2 missing between 1 and 3"
    assert gap in [p.message for p in validate_output_dir(tmp_path) if p.severity == "error"]
    # CSV-only output: the rules still run, on documents rebuilt from the tables
    write_outputs([ex], tmp_path, formats={"csv"})
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["datapackage.json"]
    assert not list(tmp_path.glob("*.parquet"))
    assert gap in [p.message for p in validate_output_dir(tmp_path) if p.severity == "error"]


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.text(min_size=1).filter(lambda s: s.strip()), min_size=4, max_size=4),
    city=st.one_of(st.none(), st.text()),
)
def test_any_text_survives_every_format(texts: list[str], city: str | None) -> None:
    """Whatever characters a text holds (quotes, CR, NUL, NA ...), all formats agree."""
    ex = recommendations_doc()
    for r, text in zip(ex.records, texts, strict=False):
        r.text = text
    ex.meetings[0].city = city
    expected = build_tables([ex])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        write_outputs([ex], out)
        from_json = tables_from_json([read_document_json(out / "wg7_2019_fr.json")])
        for name in TABLE_NAMES:
            for got in (
                read_csv_table(out / f"{name}.csv", name),
                read_parquet_table(out / f"{name}.parquet"),
                from_json[name],
            ):
                pd.testing.assert_frame_equal(got, expected[name], check_exact=True)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES)
def test_json_text_is_the_standard_encoders_text(obj: object) -> None:
    """The one-pass JSON writer gives the standard encoder's indented text, number lists on one
    line (documents, the JSON Schema and the data package included)."""
    assert export.json_text(obj) == export.json_text_reference(obj)


def test_json_text_of_documents_and_schemas() -> None:
    from pipeline.out.schema import datapackage, document_json_schema
    from pipeline.out.tables import document_json

    for obj in [document_json(tricky_doc()), *map(document_json, docs()),
                document_json_schema(), datapackage({n: "0" * 64 for n in TABLE_NAMES})]:
        assert export.json_text(obj) == export.json_text_reference(obj)
    with pytest.raises(ValueError):
        export.json_text({"x": [float("nan")]})


# --------------------------------------------------------------------------------------------
# Tables written from their columns (no DataFrame): the bytes pandas would have given
# --------------------------------------------------------------------------------------------


def full_doc():
    """A document whose every table has rows: footnotes, table cells (integer and float
    coordinates), problems, dates and nulls."""
    from pipeline.model import Box, Footnote, Problem, Table, TableCell

    ex = tricky_doc()
    ex.footnotes = [Footnote(1, "1", "See A/RES/1, “quoted”.", 2, 2, [Box(2, 72, 700, 300, 710)],
                             (ex.records[0].id,))]
    ex.tables = [Table(1, "2", 3, [TableCell(1, 1, "Année", Box(3, 72, 100, 150.5, 112)),
                                   TableCell(1, 2, "NA", Box(3, 150.5, 100.25, 300, 112)),
                                   TableCell(2, 1, 'a "b", c\nd', Box(3, 72.0, 112, 150.5, 124))])]
    ex.problems = [Problem("warning", "X", ex.records[0].id, 1, "m, with \"quotes\"", "text",
                           "text"), Problem("error", "X", None, None, "no page", "pages")]
    return ex


def _from_pandas_bytes(df: pd.DataFrame, name: str) -> bytes:
    """A table's Parquet the obvious way: pyarrow from the typed DataFrame."""
    import pyarrow.parquet as pq

    from pipeline.out.schema import arrow_schema

    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(df, schema=arrow_schema(name), preserve_index=False),
                   sink, compression="zstd", write_statistics=True)
    return sink.getvalue().to_pybytes()


@pytest.mark.parametrize("group", ["one", "all", "none"])
def test_tables_from_columns_are_the_dataframes_bytes(group: str) -> None:
    """CSV and Parquet written from the columns are byte for byte what the typed DataFrames
    give (Parquet: through ``pyarrow.Table.from_pandas``, pandas metadata included), every
    table with rows and every table empty."""
    from pipeline.out.tables import table_columns

    exs = {"one": [full_doc()], "all": [full_doc(), *docs()], "none": []}[group]
    frames, columns = build_tables(exs), table_columns(exs)
    assert group != "all" or all(len(frames[n]) for n in TABLE_NAMES)
    for name in TABLE_NAMES:
        assert export.parquet_bytes(columns[name], name) == _from_pandas_bytes(frames[name], name)
        assert export.parquet_bytes(frames[name], name) == _from_pandas_bytes(frames[name], name)
        assert export.csv_bytes(columns[name], name) == export.csv_bytes(frames[name], name)


def test_columns_convert_as_pandas_does() -> None:
    """A value not already of its column's type (an integer coordinate, a NaN) is converted
    as the pandas dtype converts it; one it cannot hold raises as pandas raises."""
    from pipeline.out.tables import column_values

    assert column_values("tables", "x0", [72, None, float("nan"), 1.5]) == [72.0, None, None, 1.5]
    assert column_values("tables", "page", [1, None]) == [1, None]
    with pytest.raises((TypeError, ValueError)):
        column_values("tables", "page", [1.5])


def test_dataset_tables_are_from_pandas_tables() -> None:
    from pipeline.out.dataset import dataset_schema, dataset_tables, symbol_prefix

    exs = [full_doc(), *docs()]
    frames = build_tables(exs)
    for name, got in dataset_tables(exs).items():
        df = frames[name].copy()
        df["symbol_prefix"] = pd.array([symbol_prefix(None if pd.isna(s) else s)
                                        for s in df["symbol"].astype(object)], dtype="string")
        want = pa.Table.from_pandas(df, schema=dataset_schema(name), preserve_index=False)
        assert got.equals(want, check_metadata=True), name


def test_fsync_files_flushes_each_file_and_raises_the_first_error(tmp_path: Path,
                                                                  monkeypatch) -> None:
    paths = []
    for i in range(11):
        p = tmp_path / f"f{i}"
        p.write_bytes(b"x" * i)
        paths.append(p)
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(export.os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    export.fsync_files(paths)
    assert len(synced) == len(paths)

    def failing(fd: int) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(export.os, "fsync", failing)
    with pytest.raises(OSError, match="I/O error"):
        export.fsync_files(paths)


# --------------------------------------------------------------------------------------------
# Tables and JSON built once: by validation, used again by the write
# --------------------------------------------------------------------------------------------


def test_write_uses_what_validation_built_with_the_problems_set_after_it() -> None:
    """The columns and JSON that validation built are written with the problems set after it
    (here a clash added later, as pipeline.api.extract does): the very bytes a write that
    builds everything again gives, for one document and for several."""
    import copy

    from pipeline.model import Problem
    from pipeline.out.rules import validate_extraction
    from pipeline.out.tables import take_prepared

    for group in ([full_doc()], [full_doc(), *docs()]):
        for ex in group:
            problems = validate_extraction(ex)
            ex.problems = [*ex.problems, *problems,
                           Problem("error", "X", None, None, "set after validation", "clash")]
        again = copy.deepcopy(group)  # the same documents, never validated: built in render
        assert all(take_prepared(ex) is None for ex in again)
        want = render(again, validated=True)
        got = render(group, validated=True)
        assert got == want
        assert b"set after validation" in got["problems.csv"]
        stem = next(k for k in got if k.endswith(".json") and "/" not in k
                    and k != "datapackage.json")
        assert b"set after validation" in got[stem]
        assert all(take_prepared(ex) is None for ex in group)  # used once


def test_what_validation_built_is_kept_for_that_extraction_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Kept per extraction object, in this process, until it is taken, for the documents
    validated last within a bound on their rows; a write not of validated documents does not
    take it."""
    import pickle

    from pipeline.out import tables
    from pipeline.out.rules import validate_extraction
    from pipeline.out.tables import take_prepared

    tables.forget_all()  # nothing kept by earlier tests
    ex = full_doc()
    validate_extraction(ex)
    assert take_prepared(pickle.loads(pickle.dumps(ex))) is None  # a copy (another process)
    render([ex], {"csv"})  # not validated=True: left alone
    prepared = take_prepared(ex)
    assert prepared is not None and prepared.text is not None  # the JSON's bytes
    assert prepared.json is None
    assert "problems" not in prepared.columns and "paragraphs" in prepared.columns
    assert take_prepared(ex) is None
    assert tables.kept_count() == 0 and tables._kept_rows == 0
    # every table's rows of the document (problems apart), as the bound counts them
    rows = sum(len(part) for name, part in tables.table_rows(ex).items() if name != "problems")
    assert rows > 1
    monkeypatch.setattr(tables, "KEPT_ROWS", 3 * rows)
    validate_extraction(ex)
    validate_extraction(ex)  # validated again: counted once
    assert tables._kept_rows == rows
    others = [full_doc() for _ in range(3)]
    for other in others:
        validate_extraction(other)
    assert tables.kept_count() == 3 and tables._kept_rows == 3 * rows  # bounded: oldest out
    assert take_prepared(ex) is None
    assert all(take_prepared(other) is not None for other in others)
    assert tables.kept_count() == 0 and tables._kept_rows == 0


def _kept_after_validating(n: int) -> int:
    """How many documents a process keeps after validating ``n`` (run in a pool's worker),
    negative when they are kept as objects, not rendered to their JSON's bytes."""
    from pipeline.out import tables
    from pipeline.out.rules import validate_extraction

    tables.forget_all()
    for _ in range(n):
        validate_extraction(full_doc())
    rendered = [kept[1].text is not None for kept in tables._KEPT.values()]
    return len(tables._KEPT) if all(rendered) else -len(tables._KEPT)


def test_a_pool_worker_keeps_only_the_last_document_it_validated() -> None:
    """A worker sends its extractions to its parent: what it kept would never be taken (and
    would hold the extractions), so it keeps the last one only, not rendered (work for
    nothing); the parent keeps them all, rendered."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from pipeline.out.tables import forget_all

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        assert pool.submit(_kept_after_validating, 3).result() == -1
    try:
        assert _kept_after_validating(3) == 3
    finally:
        forget_all()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.none() | st.text(max_size=6) | st.sampled_from(["a,b", 'q"', "\r", "x\n"])
                | st.text(alphabet="ab1.", max_size=4), max_size=8))
def test_string_cells_are_quoted_one_by_one(values: list[str | None]) -> None:
    """A string column's CSV cells, looked at as a whole first, are each cell's own quoting
    (RFC 4180, a lone CR quoted too), whether no cell, some or all need it."""
    assert export._cells("string", values) == [
        "" if v is None else export._csv_cell(v) for v in values]


def test_what_validation_built_rendered_where_it_was_built_gives_the_same_bytes() -> None:
    """The JSON rendered to its text around the problems (as a pool's worker would, then
    sent pickled and kept by the parent) is written, with the problems set after validation,
    as the very bytes of a write that builds everything again."""
    import copy
    import pickle

    from pipeline.model import Problem
    from pipeline.out.rules import check_extraction
    from pipeline.out.tables import keep_prepared, take_prepared

    for group in ([tricky_doc()], [full_doc(), *docs()]):
        for i, ex in enumerate(group):
            problems, prepared = check_extraction(ex)
            assert prepared is not None and prepared.json is not None
            shipped = pickle.loads(pickle.dumps(export.rendered(prepared)))
            assert shipped.json is None and shipped.text is not None
            keep_prepared(ex, shipped)
            ex.problems = [*ex.problems, *problems][: i + 1]  # none, one or more problems
            if i % 2:
                ex.problems.append(Problem("error", "X", None, None, "after, validation",
                                           "clash"))
        again = copy.deepcopy(group)  # never validated: built in render
        want = render(again, validated=True)
        got = render(group, validated=True)
        assert got == want
        assert all(take_prepared(ex) is None for ex in group)  # used once
    assert export.rendered(shipped) is shipped  # already rendered: nothing to do
