"""Dask engine: same rows as the local engine, failures as values, lost workers, cache, dataset."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip(
    "distributed", reason="dask[distributed] is not installed (pip install 'unrecs[dask]')"
)

import dask  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow.dataset as ds  # noqa: E402
from conftest import FIXTURES, extraction  # noqa: E402

from pipeline.errors import UnrecsError  # noqa: E402
from pipeline.fsutil import sha256_file as file_sha256  # noqa: E402
from pipeline.model import Extraction  # noqa: E402
from pipeline.out.dataset import (  # noqa: E402
    partitioning,
    read_dataset,
    stage_dataset,
    write_dataset,
)
from pipeline.out.export import write_outputs  # noqa: E402
from pipeline.out.schema import TABLE_NAMES, TABLES, arrow_schema  # noqa: E402
from pipeline.out.tables import build_tables  # noqa: E402
from pipeline.out.validate import validate_output_dir  # noqa: E402
from pipeline.parse.document import extract_document  # noqa: E402
from pipeline.run.cache import ExtractionCache  # noqa: E402
from pipeline.run.dask_command import DATASET_DIR, output_target, run_dask_extract  # noqa: E402
from pipeline.run.dask_task import TaskError, _extract_task, _Task, content_key  # noqa: E402
from pipeline.run.engine_dask import (  # noqa: E402
    extract_outcomes_with_dask,
    extract_with_dask,
    start_local_cluster,
)

PDFS = sorted((FIXTURES / "pdfs").glob("*.pdf"))
SMALL = [FIXTURES / "pdfs" / n for n in (
    "artifact_compound_hyphens.pdf", "artifact_italics.pdf", "artifact_ligatures.pdf",
    "nested_items_en.pdf", "ga_resolution_en.pdf",
)]
#: documents with distinct (symbol, language): one export, several languages and prefixes
UNIQUE = [FIXTURES / "pdfs" / n for n in (
    "wg7_2019_fr.pdf", "ga_resolution_en.pdf", "nested_items_en.pdf", "wg_es_recommendaciones.pdf",
    "wg_ru_rekomendatsii.pdf", "wg_tip_sibling_en.pdf",
)]


@pytest.fixture(scope="module")
def client():  # noqa: ANN201 - distributed.Client
    c = start_local_cluster(2)
    yield c
    cluster = c.cluster
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dask-cache")


@pytest.fixture(scope="module")
def dask_run(client, module_cache: Path):  # noqa: ANN001, ANN201
    """Every fixture through the Dask engine; meanwhile (the cluster is busy with the first
    documents) the local engine's extractions are computed here."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        run = pool.submit(extract_with_dask, PDFS, client=client, cache_dir=module_cache)
        for p in reversed(PDFS):
            _local(p)
        return run.result()


@pytest.fixture(scope="module")
def unique_run(client, module_cache: Path) -> list[Extraction]:  # noqa: ANN001
    """The UNIQUE documents through the Dask engine (from the cache when ``dask_run`` ran in
    this process: pytest-xdist may run these tests in another one)."""
    done, failed = extract_with_dask(UNIQUE, client=client, cache_dir=module_cache)
    assert failed == []
    return done


def _local(path: Path) -> Extraction:
    return extraction(str(path))


def _same(a: Extraction, b: Extraction) -> None:
    assert a.meta == b.meta
    assert a.mode == b.mode
    assert a.meetings == b.meetings
    assert a.records == b.records
    assert a.paragraphs == b.paragraphs
    assert a.furniture == b.furniture
    assert a.repairs == b.repairs
    assert a.warnings == b.warnings


def _spy(log: Path, *, slow: str | None = None, crash: str | None = None,
         fail: str | None = None) -> Callable[..., Extraction]:
    """An extract_document that appends each file name it is called with to ``log`` (a spy
    that works across worker processes); ``slow`` sleeps (to be killed) unless ``log``'s
    sibling ``killed`` exists, ``crash`` kills its worker, ``fail`` raises an unexpected
    exception."""

    def extract(path: Path, **kwargs: object) -> Extraction:
        import os as _os
        import time as _time
        from pathlib import Path as _Path

        from pipeline.parse.document import extract_document as _extract

        name = _Path(path).name
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(name + "\n")
        if name == slow and not (log.parent / "killed").exists():
            (log.parent / f"started-{_os.getpid()}").touch()
            _time.sleep(60)  # the test kills this worker now
        if name == crash:
            _os._exit(1)
        if name == fail:
            raise RuntimeError("boom\nsecond line")
        return _extract(path, **kwargs)

    return extract


def _calls(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").split() if log.exists() else []


# --------------------------------------------------------------------------------------------
# Same rows as the local engine
# --------------------------------------------------------------------------------------------


def test_every_fixture_gives_the_local_engines_extraction(dask_run) -> None:  # noqa: ANN001
    done, failed = dask_run
    assert failed == []
    assert [e.meta.source_file for e in done] == [p.name for p in PDFS]  # input order
    local = [_local(p) for p in PDFS]
    for ours, theirs in zip(done, local, strict=True):
        _same(ours, theirs)
    ours_t, theirs_t = build_tables(done), build_tables(local)
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(ours_t[name], theirs_t[name])


def test_failures_are_values_and_the_others_complete(client, tmp_path: Path) -> None:  # noqa: ANN001
    data = (FIXTURES / "pdfs" / "wg_en_synthetic.pdf").read_bytes()
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(data[: len(data) // 3])
    text = tmp_path / "text.pdf"
    text.write_bytes(b"hello")
    odd = tmp_path / "odd.pdf"
    shutil.copy(SMALL[3], odd)  # not among the good ones (same content = same task)
    missing = tmp_path / "missing.pdf"
    good = SMALL[:3]
    paths = [good[0], corrupt, good[1], text, missing, odd, good[2]]
    outcomes = extract_outcomes_with_dask(
        paths, client=client, extract_fn=_spy(tmp_path / "calls", fail="odd.pdf")
    )
    assert [o.path for o in outcomes] == paths
    by_path = {o.path: o.result for o in outcomes}
    for p in good:
        _same(by_path[p], _local(p))
    for bad in (corrupt, text, missing):  # same class, code and message as the local engine
        with pytest.raises(UnrecsError) as local_error:
            extract_document(bad)
        err = by_path[bad]
        assert type(err) is type(local_error.value)
        assert str(err) == str(local_error.value)
        assert err.exit_code == 3
    err = by_path[odd]
    assert isinstance(err, TaskError) and err.exit_code == 1
    assert str(err) == f"{odd}: unexpected error (RuntimeError: boom)"
    assert "\n" not in str(err)
    done, failed = extract_with_dask(paths, client=client,
                                     extract_fn=_spy(tmp_path / "calls", fail="odd.pdf"))
    assert [e.meta.source_file for e in done] == [p.name for p in good]
    assert [e.path for e in failed] == [str(p) for p in (corrupt, text, missing, odd)]


def test_a_document_given_twice_is_computed_once(client, tmp_path: Path) -> None:  # noqa: ANN001
    src = SMALL[0]
    copy = tmp_path / "copy_of_it.pdf"
    shutil.copy(src, copy)
    log = tmp_path / "calls"
    done, failed = extract_with_dask([src, copy, src], client=client, extract_fn=_spy(log))
    assert failed == []
    assert len(_calls(log)) == 1  # one task for one content
    assert [e.meta.source_file for e in done] == [src.name, copy.name, src.name]
    for e in done:
        assert e.records == _local(src).records


# --------------------------------------------------------------------------------------------
# Lost workers
# --------------------------------------------------------------------------------------------


def test_a_killed_worker_loses_and_duplicates_no_rows(client, tmp_path: Path) -> None:  # noqa: ANN001
    slow = SMALL[2]
    log = tmp_path / "calls"
    cache = tmp_path / "cache"
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        run = pool.submit(extract_with_dask, SMALL, client=client, cache_dir=cache,
                          extract_fn=_spy(log, slow=slow.name))
        deadline = time.monotonic() + 30
        while not list(tmp_path.glob("started-*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        started = list(tmp_path.glob("started-*"))
        assert started, "the slow task never started"
        pid = int(started[0].name.split("-")[1])
        (tmp_path / "killed").touch()
        os.kill(pid, signal.SIGKILL)  # the worker dies in the middle of the slow task
        done, failed = run.result(timeout=60)
    assert failed == []
    assert _calls(log).count(slow.name) == 2  # rescheduled once on a live worker
    assert [e.meta.source_file for e in done] == [p.name for p in SMALL]
    local = [_local(p) for p in SMALL]
    ours_t, theirs_t = build_tables(done), build_tables(local)
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(ours_t[name], theirs_t[name])
    entries = sorted(cache.rglob("*.pkl"))  # complete entries only, one per document
    assert len(entries) == len(SMALL)
    assert all(isinstance(ExtractionCache(cache).load(e.stem), Extraction) for e in entries)
    client.wait_for_workers(2, timeout=30)  # the nanny restarts the killed worker


def test_a_document_that_always_kills_its_worker_is_its_error(tmp_path: Path) -> None:
    # no second chance (the default is 3). Alone in its run: a worker's death is also blamed on
    # the tasks queued on that worker, which the default allowed-failures absorbs.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        c = start_local_cluster(1)
    try:
        crash = SMALL[1]
        spy = _spy(tmp_path / "calls", crash=crash.name)
        done, failed = extract_with_dask([crash], client=c, extract_fn=spy)
        assert done == [] and len(failed) == 1 and isinstance(failed[0], TaskError)
        assert str(failed[0]).startswith(f"{crash}: the Dask worker died each time")
        assert failed[0].exit_code == 1
        c.wait_for_workers(1, timeout=30)  # the cluster carries on
        done, failed = extract_with_dask(SMALL[2:4], client=c, extract_fn=spy)
        assert failed == [] and [e.meta.source_file for e in done] == [p.name for p in SMALL[2:4]]
    finally:
        cluster = c.cluster
        c.close()
        cluster.close()


# --------------------------------------------------------------------------------------------
# Content-hash cache: skip, resume
# --------------------------------------------------------------------------------------------


def test_the_cache_skips_done_documents_and_resumes(client, tmp_path: Path) -> None:  # noqa: ANN001
    cache = tmp_path / "cache"
    log = tmp_path / "calls"
    docs = SMALL[:4]
    extract_with_dask(docs[:2], client=client, cache_dir=cache, extract_fn=_spy(log))
    assert sorted(_calls(log)) == sorted(p.name for p in docs[:2])
    # a run that stopped after two documents: the next one computes only the other two
    log.unlink()
    outcomes = extract_outcomes_with_dask(docs, client=client, cache_dir=cache,
                                          extract_fn=_spy(log))
    assert sorted(_calls(log)) == sorted(p.name for p in docs[2:])
    assert [o.cached for o in outcomes] == [True, True, False, False]
    # everything cached: no task calls extract at all
    log.unlink()
    done, failed = extract_with_dask(docs, client=client, cache_dir=cache, extract_fn=_spy(log))
    assert _calls(log) == [] and failed == []
    for e, p in zip(done, docs, strict=True):
        _same(e, _local(p))
    # a reproducible failure is remembered too
    data = docs[0].read_bytes()
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(data[: len(data) // 3])
    for run in range(2):
        log.unlink(missing_ok=True)
        outcomes = extract_outcomes_with_dask([corrupt], client=client, cache_dir=cache,
                                              extract_fn=_spy(log))
        assert "damaged or truncated PDF" in str(outcomes[0].result)
        assert (_calls(log), outcomes[0].cached) == (([], True) if run else (["corrupt.pdf"],
                                                                                False))
    # the key changes with mode and backend
    assert content_key(docs[0], "auto", "pdfplumber") != content_key(docs[0], "paragraphs",
                                                                      "pdfplumber")
    assert content_key(docs[0], "auto", "pdfplumber") != content_key(docs[0], "auto", "pdfium")


def test_the_cache_is_shared_with_the_local_engine(client, tmp_path: Path) -> None:  # noqa: ANN001
    from pipeline.run.runner import extract_many

    cache = tmp_path / "cache"
    local, _, _ = extract_many(SMALL[:2], cache_dir=cache)
    log = tmp_path / "calls"
    done, failed = extract_with_dask(SMALL[:2], client=client, cache_dir=cache,
                                     extract_fn=_spy(log))
    assert _calls(log) == [] and failed == []
    for a, b in zip(done, local, strict=True):
        _same(a, b)
    # and the other way round
    extract_with_dask(SMALL[2:4], client=client, cache_dir=cache)
    _, _, stats = extract_many(SMALL[:4], cache_dir=cache)
    assert stats.nothing_changed


def test_the_worker_writes_its_cache_entry_atomically(tmp_path: Path) -> None:
    doc = SMALL[0]
    sha = file_sha256(doc)
    key = content_key(doc, "auto", "pdfplumber")
    task = _Task(str(doc), key, sha, None, "auto", None, "pdfplumber", str(tmp_path), None)
    done = _extract_task(task)
    assert done.key == key and isinstance(done.value, Extraction)
    _same(ExtractionCache(tmp_path).load(key, doc), done.value)
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [f"{key}.pkl"]  # no .part
    # the PDF's bytes sent with the task: same extraction (same file name, same hash)
    shipped = _extract_task(dataclasses.replace(task, data=doc.read_bytes(), cache_dir=None))
    _same(shipped.value, done.value)
    # a worker running other code keys the document its own way: the client will notice
    other = _extract_task(dataclasses.replace(task, key="0" * 64, cache_dir=None))
    assert other.key == key != "0" * 64
    assert isinstance(other.value, Extraction)


# --------------------------------------------------------------------------------------------
# Partitioned Parquet dataset
# --------------------------------------------------------------------------------------------


def _by_key(df: pd.DataFrame, table: str) -> pd.DataFrame:
    key = list(TABLES[table].primary_key)
    return df.sort_values(key, kind="stable").reset_index(drop=True)


def _check_round_trip(dataset: str, single: Path) -> None:
    for name in TABLE_NAMES:
        want = _by_key(pd.read_parquet(single / f"{name}.parquet"), name)
        cols = list(want.columns)
        table_dir = f"{dataset}/{name}"
        # explicit string partitioning: every dtype as declared
        typed = pd.read_parquet(table_dir, partitioning=partitioning())
        assert set(typed.columns) == {*cols, "symbol_prefix"}
        assert list(typed.columns[-2:]) == ["language", "symbol_prefix"] or typed.empty
        got = _by_key(typed[cols], name)
        pd.testing.assert_frame_equal(got, want)
        prefix = _by_key(typed, name)["symbol_prefix"]
        assert prefix.tolist() == [s.split("/")[0] for s in want["symbol"]]
        # plain read_parquet: same rows; Hive keys come back as categories of the same values
        plain = pd.read_parquet(table_dir)
        for c in cols:
            if c not in ("language",) or plain.empty:
                assert plain[c].dtype == want[c].dtype, (name, c)
        plain["language"] = plain["language"].astype(want["language"].dtype)
        pd.testing.assert_frame_equal(_by_key(plain[cols], name), want)
        pd.testing.assert_frame_equal(_by_key(read_dataset(dataset, name)[cols], name), want)


def test_dataset_round_trips_like_the_single_file_parquet(
    unique_run: list[Extraction], tmp_path: Path
) -> None:
    ours = unique_run
    single = tmp_path / "single"
    write_outputs([_local(p) for p in UNIQUE], single, {"parquet"})
    target = tmp_path / "out" / "dataset"
    files = write_dataset(ours, target)
    _check_round_trip(str(target), single)
    rel = sorted(str(Path(f).relative_to(target)) for f in files)
    assert "recommendations/language=fr/symbol_prefix=CTOC/part-0.parquet" in rel
    assert "paragraphs/language=en/symbol_prefix=A/part-0.parquet" in rel
    assert all(f.endswith("part-0.parquet") for f in rel)
    for name in TABLE_NAMES:  # the declared arrow types, partition keys as strings
        schema = ds.dataset(target / name, partitioning="hive").schema
        for field in arrow_schema(name):
            assert schema.field(field.name).type == field.type, (name, field.name)
    # deterministic: the same extractions give the same files, byte for byte
    before = {f: Path(f).read_bytes() for f in files}
    assert write_dataset(ours, target) == files
    assert {f: Path(f).read_bytes() for f in files} == before
    # replaced as a whole: fewer documents, fewer partitions, no leftovers beside it
    fr_only = [e for e in ours if e.meta.language == "fr"]
    write_dataset(fr_only, target)
    assert not (target / "recommendations" / "language=en").exists()
    # the French recommendations' paragraphs are their introductions' rows t1 (#15 item 7)
    assert not (target / "paragraphs" / "language=en").exists()
    left = pd.read_parquet(target / "paragraphs")
    assert set(left["kind"]) == {"text"} and left["number"].isna().all()
    # a table without rows is one empty file
    empty = [n for n in TABLE_NAMES if (target / n / "part-0.parquet").exists()]
    assert empty and all(pd.read_parquet(target / n).empty for n in empty)
    assert sorted(p.name for p in target.parent.iterdir()) == ["dataset"]


def test_dataset_on_an_fsspec_url(unique_run: list[Extraction], tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    ours = unique_run
    single = tmp_path / "single"
    write_outputs([_local(p) for p in UNIQUE], single, {"parquet"})
    url = f"memory://unrecs-test-{os.getpid()}/dataset"
    try:
        files = write_dataset(ours, url)
        assert all(f.startswith("memory://") for f in files)
        _check_round_trip(url, single)
        write_dataset([e for e in ours if e.meta.language == "fr"], url)  # stale files deleted
        assert set(read_dataset(url, "recommendations")["language"]) == {"fr"}
    finally:
        fsspec.filesystem("memory").rm(f"/unrecs-test-{os.getpid()}", recursive=True)


def test_dataset_swap_leftovers_and_concurrent_staging(tmp_path: Path) -> None:
    exs = [_local(p) for p in SMALL[3:5]]
    root = tmp_path / "dataset"
    write_dataset(exs[:1], root)
    # a crash between the two renames: the old dataset is aside, none in place
    os.rename(root, tmp_path / ".dataset.old-123")
    (tmp_path / ".dataset.tmp-dead").mkdir()  # a stager that died
    slow = stage_dataset(exs, root)  # a stager still at work (holds its lock)
    write_dataset(exs[1:], root)
    assert set(read_dataset(root, "documents")["source_file"]) == {SMALL[4].name}
    assert sorted(p.name for p in tmp_path.iterdir()) == [slow._tmp.name, "dataset"]
    slow.commit()
    assert sorted(read_dataset(root, "documents")["source_file"]) == sorted(p.name for p in
                                                                            SMALL[3:5])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


# --------------------------------------------------------------------------------------------
# unrecs extract --engine dask
# --------------------------------------------------------------------------------------------


def test_run_dask_extract_writes_what_the_local_engine_writes(
    client, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # noqa: ANN001
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for p in UNIQUE[1:4]:
        shutil.copy(p, raw / p.name)
    data = UNIQUE[1].read_bytes()
    (raw / "zz_corrupt.pdf").write_bytes(data[: len(data) // 3])
    out = tmp_path / "out"
    args = dict(scheduler=client.scheduler.address, mode="auto", password=None,
                backend="pdfplumber", formats={"csv", "parquet", "json"}, strict=False,
                quiet=False)
    code = run_dask_extract([raw], out, **args)
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert err[0] == f"error: {raw / 'zz_corrupt.pdf'}: damaged or truncated PDF (PDFNoValidXRef)"
    assert err[-1].startswith("3 document(s) extracted, 1 failed, ")
    assert err[-1].endswith(f"→ {out}")
    assert [p for p in validate_output_dir(out) if p.severity == "error"] == []
    local = tmp_path / "local"
    write_outputs([_local(p) for p in UNIQUE[1:4]], local, {"csv", "parquet", "json"})
    for f in sorted(local.rglob("*")):
        if f.is_file():
            assert (out / f.relative_to(local)).read_bytes() == f.read_bytes(), f.name
    assert sorted(p.name for p in (out / DATASET_DIR).iterdir()) == sorted(TABLE_NAMES)
    # again: every document (the broken one too) from the cache in OUT/.unrecs-cache
    assert run_dask_extract([raw], out, **args) == 1
    assert f"4 document(s) taken from the cache {out / '.unrecs-cache'}" in capsys.readouterr().err
    # without parquet, no dataset is left from the earlier export
    assert run_dask_extract([raw], out, **{**args, "formats": {"csv", "json"}}) == 1
    assert not (out / DATASET_DIR).exists() and not (out / "documents.parquet").exists()
    # a URL receives the dataset only, and needs parquet
    url = f"memory://unrecs-cli-{os.getpid()}"
    args["cache_dir"] = tmp_path / "cache"
    try:
        assert run_dask_extract([raw], url, **{**args, "formats": {"csv"}}) == 2
        assert run_dask_extract([raw], Path(url), **args) == 1  # pathlib-mangled URL works
        got = read_dataset(f"{url}/{DATASET_DIR}", "documents")
        assert sorted(got["source_file"]) == sorted(p.name for p in UNIQUE[1:4])
    finally:
        import fsspec

        fsspec.filesystem("memory").rm(f"/unrecs-cli-{os.getpid()}", recursive=True)
    # nothing to do
    assert run_dask_extract([tmp_path / "empty"], out, **args) == 3


def test_output_target() -> None:
    assert output_target(Path("s3://bucket/unrecs/")) == "s3://bucket/unrecs"
    assert output_target("s3://bucket/unrecs/") == "s3://bucket/unrecs/"
    assert output_target(Path("file:///tmp/out")) == "/tmp/out"
    assert output_target("output") == "output"
