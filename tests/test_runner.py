"""Many documents: worker processes give the serial result; the content-hash cache skips work."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from pipeline.errors import EncryptedError, InputError, NoStructureError
from pipeline.fsutil import sha256_file as file_sha256
from pipeline.model import Extraction
from pipeline.parse import document as extract
from pipeline.run.cache import ExtractionCache, cache_key, code_hash
from pipeline.run.runner import RunStats, extract_many

# small fixtures (one or two pages each), so that the tests stay fast
SMALL = ["artifact_cross_page.pdf", "artifact_footnote_callout.pdf", "artifact_italics.pdf",
         "nested_items_en.pdf"]


@pytest.fixture()
def folder(tmp_path: Path) -> list[Path]:
    """Four small fixture PDFs, a file that is not a PDF, and a missing file."""
    d = tmp_path / "in"
    d.mkdir()
    paths = []
    for name in SMALL:
        shutil.copyfile(FIXTURES / "pdfs" / name, d / name)
        paths.append(d / name)
    (d / "notes.pdf").write_bytes(b"hello, I am text")
    paths.insert(2, d / "notes.pdf")
    paths.append(d / "missing.pdf")
    return paths


class Spy:
    """Counts calls of ``extract_document`` (the real one still runs)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        real = extract.extract_document

        def spy(path, *args, **kwargs):  # noqa: ANN001, ANN202
            self.calls.append(Path(path).name)
            return real(path, *args, **kwargs)

        monkeypatch.setattr(extract, "extract_document", spy)


def _render(exs: list[Extraction]) -> dict[str, bytes]:
    from pipeline.out.export import render

    return render(exs, {"csv", "json"}, check=False)


def test_two_jobs_give_the_serial_output_in_input_order(folder: list[Path]) -> None:
    done1, failed1, stats1 = extract_many(folder, jobs=1)
    done2, failed2, stats2 = extract_many(folder, jobs=2)
    assert [e.meta.source_file for e in done1] == [p.name for p in folder if p.name in SMALL]
    assert done2 == done1
    assert [(type(e), str(e)) for e in failed2] == [(type(e), str(e)) for e in failed1]
    assert [type(e) for e in failed1] == [InputError, InputError]  # not a PDF, missing
    assert _render(done2) == _render(done1)  # byte-identical outputs
    assert (stats1.documents, stats1.extracted, stats1.failed) == (6, 6, 2)
    assert (stats2.documents, stats2.extracted, stats2.failed, stats2.jobs) == (6, 6, 2, 2)


def test_errors_are_collected_not_raised(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    prose = tmp_path / "prose.pdf"
    c = canvas.Canvas(str(prose), invariant=1)
    c.drawString(470, 800, "A/TEST/1")
    c.drawString(72, 650, "Just a letter, with no numbering.")
    c.showPage()
    c.save()
    done, failed, stats = extract_many([prose, tmp_path / "nope.pdf"], jobs=2)
    assert done == [] and stats.failed == 2
    assert isinstance(failed[0], NoStructureError) and "prose.pdf" in str(failed[0])
    assert isinstance(failed[1], InputError) and "no such file" in str(failed[1])


def test_progress_reports_every_document(folder: list[Path]) -> None:
    seen: list[Path] = []
    extract_many(folder, jobs=2, progress=seen.append)
    assert sorted(seen) == sorted(folder)


def test_second_run_does_no_pdf_work(folder: list[Path], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    done1, failed1, stats1 = extract_many(folder, cache_dir=cache)
    assert stats1.from_cache == 0 and not stats1.nothing_changed
    spy = Spy(monkeypatch)
    present = [p for p in folder if p.exists()]
    done2, failed2, stats2 = extract_many(present, cache_dir=cache)
    assert spy.calls == []  # not one PDF opened
    assert stats2.nothing_changed and stats2.extracted == 0
    assert stats2.summary() == "nothing changed: 5 document(s) from cache, no PDF work"
    assert done2 == done1
    assert [str(e) for e in failed2] == [str(e) for e in failed1 if "missing" not in str(e)]
    assert _render(done2) == _render(done1)


def test_changed_pdf_is_the_only_one_extracted_again(folder: list[Path], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    pdfs = [p for p in folder if p.name in SMALL]
    extract_many(pdfs, cache_dir=cache, jobs=2)
    shutil.copyfile(FIXTURES / "pdfs" / "wg_en_synthetic.pdf", pdfs[1])  # new bytes, same name
    spy = Spy(monkeypatch)
    done, failed, stats = extract_many(pdfs, cache_dir=cache)
    assert spy.calls == [pdfs[1].name]
    assert (stats.from_cache, stats.extracted) == (3, 1)
    assert stats.summary() == "1 document(s) extracted, 3 from cache"
    assert done[1].meta.sha256 == file_sha256(pdfs[1])


def test_other_pipeline_version_invalidates(folder: list[Path], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    pdfs = [p for p in folder if p.name in SMALL]
    extract_many(pdfs, cache_dir=cache)
    from pipeline import distinfo

    monkeypatch.setattr(distinfo, "pipeline_version", lambda: "999.0.0")
    monkeypatch.setattr(extract, "pipeline_version", lambda: "999.0.0")
    spy = Spy(monkeypatch)
    _, _, stats = extract_many(pdfs, cache_dir=cache)
    assert stats.extracted == len(pdfs) and stats.from_cache == 0
    assert len(spy.calls) == len(pdfs)


def test_key_covers_bytes_version_code_mode_backend(tmp_path: Path) -> None:
    sha = "0" * 64
    base = cache_key(sha, "auto", "pdfplumber", version="1")
    assert base == cache_key(sha, "auto", "pdfplumber", version="1")
    assert len({base, cache_key("1" * 64, "auto", "pdfplumber", version="1"),
                cache_key(sha, "auto", "pdfplumber", version="2"),
                cache_key(sha, "paragraphs", "pdfplumber", version="1"),
                cache_key(sha, "auto", "pdfium", version="1")}) == 5
    assert len(code_hash()) == 64


def test_corrupt_cache_entries_are_ignored_and_rewritten(folder: list[Path], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    pdfs = [p for p in folder if p.name in SMALL]
    done1, _, _ = extract_many(pdfs, cache_dir=cache)
    entries = sorted(cache.rglob("*.pkl"))
    assert len(entries) == len(pdfs)
    entries[0].write_bytes(b"not a pickle at all")
    entries[1].write_bytes(entries[1].read_bytes()[:100])  # truncated
    entries[2].write_bytes(pickle.dumps({"some": "other object"}))
    spy = Spy(monkeypatch)
    done2, _, stats = extract_many(pdfs, cache_dir=cache)
    assert len(spy.calls) == 3 and stats.from_cache == 1
    assert done2 == done1
    for entry in entries:  # rewritten: readable again
        assert isinstance(ExtractionCache(cache).load(entry.stem), Extraction)
    assert not list(cache.rglob("*.part"))  # no temporary files left behind


def test_same_pdf_under_another_name(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    a = tmp_path / "a.pdf"
    shutil.copyfile(FIXTURES / "pdfs" / SMALL[0], a)
    extract_many([a], cache_dir=cache)
    b = tmp_path / "b.pdf"
    shutil.copyfile(a, b)
    done, _, stats = extract_many([b], cache_dir=cache)
    assert stats.from_cache == 1 and done[0].meta.source_file == "b.pdf"


def test_remembered_error_names_the_current_path(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"hello, I am text")
    _, failed1, _ = extract_many([bad], cache_dir=cache)
    other = tmp_path / "other.pdf"
    shutil.copyfile(bad, other)
    _, failed2, stats = extract_many([other], cache_dir=cache)
    assert stats.nothing_changed
    assert type(failed2[0]) is type(failed1[0]) and failed2[0].path == str(other)
    assert failed2[0].problem == failed1[0].problem


def test_password_errors_are_not_remembered(tmp_path: Path) -> None:
    store = ExtractionCache(tmp_path / "cache")
    assert not store.store("ab" * 32, EncryptedError("x.pdf", "encrypted PDF: wrong password"))
    assert store.load("ab" * 32) is None


def test_run_stats_summary() -> None:
    assert RunStats(documents=2, from_cache=2).summary() == (
        "nothing changed: 2 document(s) from cache, no PDF work")
    assert RunStats(documents=3, from_cache=1, extracted=2).summary() == (
        "2 document(s) extracted, 1 from cache")
    assert not RunStats().nothing_changed


# --- validation where the document was extracted (issue #17: the checks run in parallel) ---


def _spy_checks(monkeypatch: pytest.MonkeyPatch, fail_in_workers: bool = False) -> int:
    """Replace the per-document checks by the real ones plus a warning naming the process
    that made them; with ``fail_in_workers`` they raise in any other process than this one.
    Returns this process's id."""
    import os

    from pipeline.model import Problem
    from pipeline.out import rules

    parent, real, real_check = os.getpid(), rules.validate_extraction, rules.check_extraction

    def spied(problems: list[Problem], ex: Extraction) -> list[Problem]:
        if fail_in_workers and os.getpid() != parent:
            raise RuntimeError("checks broken in the worker")
        return [*problems,
                Problem("warning", ex.meta.symbol, None, None, f"pid {os.getpid()}", "spy")]

    def spy(ex: Extraction, **kwargs: bool) -> list[Problem]:
        return spied(real(ex, **kwargs), ex)

    def spy_check(ex: Extraction, **kwargs: bool) -> tuple[list[Problem], object]:
        problems, prepared = real_check(ex, **kwargs)
        return spied(problems, ex), prepared

    monkeypatch.setattr(rules, "validate_extraction", spy)
    monkeypatch.setattr(rules, "check_extraction", spy_check)
    return parent


def _spied(problems: list[list] | list) -> set[str]:
    return {p.message for probs in problems if probs for p in probs if p.rule == "spy"}


def test_workers_check_the_documents_they_extract(folder: list[Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.run.runner import run_extractions

    parent = _spy_checks(monkeypatch)
    pooled = run_extractions(folder, jobs=2, validate=True)
    assert [e.meta.source_file for e in pooled.extractions] == [n for n in SMALL]
    assert all(probs is not None for probs in pooled.problems)
    assert len(pooled.problems) == len(pooled.extractions)
    workers = _spied(pooled.problems)
    assert workers and f"pid {parent}" not in workers  # made by the workers, not here
    # the model's hand-off is unchanged: problems are set by pipeline.api after the checks
    assert all(ex.problems == [] for ex in pooled.extractions)
    serial = run_extractions(folder, jobs=1, validate=True)
    assert _spied(serial.problems) == {f"pid {parent}"}
    assert serial.extractions == pooled.extractions
    # without validate nothing is checked
    assert run_extractions(folder, jobs=2).problems == [None] * len(SMALL)


def test_the_api_keeps_the_workers_checks(folder: list[Path],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.api import extract as api_extract

    parent = _spy_checks(monkeypatch)
    present = [p for p in folder if p.name in SMALL]
    result = api_extract(present, jobs=2)
    spied = _spied(result.document_problems)
    assert spied and f"pid {parent}" not in spied  # not checked a second time here
    assert [_spied([ex.problems]) for ex in result.extractions] == [
        _spied([probs]) for probs in result.document_problems]


def test_checks_failing_in_a_worker_are_made_again_by_the_caller(
        folder: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.api import extract as api_extract
    from pipeline.run.runner import run_extractions

    parent = _spy_checks(monkeypatch, fail_in_workers=True)
    present = [p for p in folder if p.name in SMALL]
    assert run_extractions(present, jobs=2, validate=True).problems == [None] * len(SMALL)
    result = api_extract(present, jobs=2)  # the parent checks each document itself
    assert _spied(result.document_problems) == {f"pid {parent}"}
    assert len(result.extractions) == len(SMALL)


def test_documents_from_the_cache_are_checked_by_the_caller(
        folder: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.api import extract as api_extract
    from pipeline.run.runner import run_extractions

    present = [p for p in folder if p.name in SMALL]
    cache = tmp_path / "cache"
    first = run_extractions(present, jobs=2, validate=True, cache_dir=cache)
    assert all(probs is not None for probs in first.problems)
    again = run_extractions(present, jobs=2, validate=True, cache_dir=cache)
    assert again.stats.from_cache == len(SMALL)
    assert again.problems == [None] * len(SMALL)
    parent = _spy_checks(monkeypatch)
    result = api_extract(present, jobs=2, cache_dir=cache)
    assert _spied(result.document_problems) == {f"pid {parent}"}


def test_workers_keep_nothing_for_a_write_they_do_not_make(folder: list[Path]) -> None:
    """A worker's extractions are written by the parent: its checks keep nothing of them
    (:func:`pipeline.out.tables.keep_prepared`); a serial run keeps what it built for its
    own write."""
    from pipeline.out import tables
    from pipeline.run.runner import _extract_one

    present = str(next(p for p in folder if p.name in SMALL))
    tables.forget_all()
    ex, _ = _extract_one(present, "auto", None, "pdfplumber", validate=True, worker=True)
    assert ex is not None and tables.kept_count() == 0
    ex, _ = _extract_one(present, "auto", None, "pdfplumber", validate=True)
    assert ex is not None and tables.take_prepared(ex.extraction) is not None


def test_the_scan_check_runs_only_before_the_parser_is_loaded(tmp_path: Path) -> None:
    """Once the parser is loaded (a run's later documents, a pool's workers), a scan is left
    to the reader, which refuses it with the same words, instead of being opened twice."""
    from test_scan_precheck import _scan

    scan = _scan(tmp_path / "scan.pdf")
    text = FIXTURES / "pdfs" / "artifact_italics.pdf"
    code = (
        "import sys\n"
        "import pipeline.run.runner as r\n"
        "calls = []\n"
        "real = r.without_text_objects\n"
        "r.without_text_objects = lambda *a: calls.append(1) or real(*a)\n"
        f"first = r._extract_one({str(scan)!r}, 'auto', None, 'pdfium')\n"
        "before = len(calls), 'pipeline.parse.document' in sys.modules\n"
        f"r._extract_one({str(text)!r}, 'auto', None, 'pdfium')\n"
        f"again = r._extract_one({str(scan)!r}, 'auto', None, 'pdfium')\n"
        "print(first[1] == again[1], first[1][0], before, len(calls))\n"
    )
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    # the scan refused both times with the same error; the pre-check made only the first time
    assert proc.stdout.split() == ["True", "NoTextError", "(1,", "False)", "2"]


def test_workers_send_what_their_checks_built_and_the_write_is_the_same(
        folder: list[Path], tmp_path: Path) -> None:
    """A worker sends the tables and the JSON text its checks built with the extraction; the
    parent keeps them for its write, whose files are those of a serial run."""
    from pipeline.api import extract as api_extract
    from pipeline.out import tables

    present = [p for p in folder if p.name in SMALL]
    tables.forget_all()
    pooled = api_extract(present, jobs=2)
    kept = [tables._KEPT.get(id(ex)) for ex in pooled.extractions]
    assert all(k is not None and k[0] is ex for k, ex in zip(kept, pooled.extractions,
                                                              strict=True))
    assert all(k[1].text is not None and k[1].json is None for k in kept)  # bytes, not objects
    pooled.write(tmp_path / "pooled")
    assert tables.kept_count() == 0  # taken by the write
    api_extract(present, jobs=1).write(tmp_path / "serial")
    def files(d: Path) -> dict[str, bytes]:
        return {str(f.relative_to(d)): f.read_bytes() for f in sorted(d.rglob("*"))
                if f.is_file()}

    serial, pooled_files = files(tmp_path / "serial"), files(tmp_path / "pooled")
    assert serial and pooled_files == serial
