"""The head start of a PDFium run: the document the checks opened is kept for the reader, its
first pages loaded by a thread while the reader is imported; the reader gives the same pages
with it as without it. And the gated Parquet helper, which waits for the head start's end."""

from __future__ import annotations

import os
import shutil
import sys
import threading
from pathlib import Path

import pytest
from conftest import FIXTURES, fresh_python

from pipeline.read import pdfium_early
from pipeline.read.load import load_pdf

SHIPPED = FIXTURES / "pdfs" / "wg7_2019_fr.pdf"


@pytest.fixture(autouse=True)
def _nothing_kept() -> None:
    pdfium_early.discard()
    yield
    pdfium_early.discard()
    pdfium_early.WHEN_OVER.clear()


@pytest.mark.parametrize("compiled", [True, False], ids=["C loop", "Python loop"])
def test_the_reader_takes_the_kept_document_and_the_pages_loaded_ahead(
    monkeypatch: pytest.MonkeyPatch, compiled: bool,
) -> None:
    want = load_pdf(SHIPPED, backend="pdfium").pages
    if compiled and pdfium_early.helper() is None:
        pytest.skip("the compiled helper is not built")
    if not compiled:
        monkeypatch.setattr(pdfium_early, "helper", lambda: None)
    monkeypatch.setattr(pdfium_early, "AHEAD", 3)  # some pages ahead, the rest by the reader
    switch = sys.getswitchinterval()
    early = pdfium_early.keep(SHIPPED)
    assert early is not None and pdfium_early.keep(SHIPPED) is early  # opened once
    early.load_ahead()
    early._thread.join()
    assert len(early.pages) == 3
    assert sys.getswitchinterval() == switch  # restored once the thread is done
    taken = []
    real = pdfium_early.take
    monkeypatch.setattr(pdfium_early, "take", lambda *a: taken.append(real(*a)) or taken[-1])
    ahead = list(early.pages)
    got = load_pdf(SHIPPED, backend="pdfium").pages
    assert taken == [early] and not pdfium_early._kept()
    assert early.doc.raw is None  # the reader closed it
    assert len(ahead) == 3
    assert all(page.raw is None and text.raw is None for page, text in ahead)
    assert got == want


def test_a_file_changed_since_it_was_opened_is_opened_anew(tmp_path: Path) -> None:
    copy = shutil.copy(SHIPPED, tmp_path / "doc.pdf")
    early = pdfium_early.keep(copy)
    assert early is not None
    st = os.stat(copy)
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert pdfium_early.take(copy) is None
    assert early.doc.raw is None and not pdfium_early._kept()
    assert pdfium_early.keep(tmp_path / "missing.pdf") is None
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 nothing else")
    assert pdfium_early.keep(tmp_path / "bad.pdf") is None


def test_each_thread_keeps_its_own_document(tmp_path: Path) -> None:
    """Threads extracting side by side (a library's callers) do not close each other's."""
    other = shutil.copy(SHIPPED, tmp_path / "other.pdf")
    mine = pdfium_early.keep(SHIPPED)
    got: dict[str, object] = {}

    def extract_other() -> None:
        got["kept"] = pdfium_early.keep(other)
        got["taken"] = pdfium_early.take(other)

    thread = threading.Thread(target=extract_other)
    thread.start()
    thread.join()
    assert got["kept"] is got["taken"] and got["kept"] not in (None, mine)
    assert mine is not None and mine.doc.raw is not None  # still open
    assert pdfium_early.take(SHIPPED) is mine
    got["taken"].close()
    mine.close()


def test_the_callbacks_run_once_when_the_head_start_is_over(tmp_path: Path) -> None:
    calls: list[str] = []
    pdfium_early.WHEN_OVER.append(lambda: calls.append("over"))
    other = shutil.copy(SHIPPED, tmp_path / "other.pdf")
    pdfium_early.keep(SHIPPED)
    pdfium_early.keep(other)  # the first one closed: not the end of a head start
    assert calls == []
    pdfium_early.discard()
    pdfium_early.discard()
    assert calls == ["over"]


def test_a_thread_loading_ahead_ends_with_its_callbacks() -> None:
    calls: list[int] = []
    early = pdfium_early.keep(SHIPPED)
    pdfium_early.WHEN_OVER.append(lambda: calls.append(len(early.pages)))
    early.load_ahead()
    early._thread.join()
    assert calls == [min(17, pdfium_early.AHEAD)]


@pytest.mark.parametrize("compiled", [True, False], ids=["C loop", "Python loop"])
def test_a_stopped_thread_hands_over_whole_pages(
    monkeypatch: pytest.MonkeyPatch, compiled: bool,
) -> None:
    """Taken at once, the thread stops after the page it is loading: every page handed over
    has its text page, and the reader loads the rest."""
    if compiled and pdfium_early.helper() is None:
        pytest.skip("the compiled helper is not built")
    if not compiled:
        monkeypatch.setattr(pdfium_early, "helper", lambda: None)
    want = load_pdf(SHIPPED, backend="pdfium").pages
    early = pdfium_early.keep(SHIPPED)
    early.load_ahead()
    taken = pdfium_early.take(SHIPPED)
    assert taken is early and len(early.pages) <= pdfium_early.AHEAD
    assert all(page.raw and text.raw for page, text in early.pages)
    early.close()
    early = pdfium_early.keep(SHIPPED)
    early.load_ahead()
    assert load_pdf(SHIPPED, backend="pdfium").pages == want


def _maps(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return ""


@pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc/self/maps").exists(),
                    reason="needs os.fork and /proc")
def test_a_gated_helper_imports_pyarrow_only_once_released() -> None:
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from pipeline.out import parquet_process as pp\n"
        "assert pp.start(gated=True)\n"
        "maps = lambda: Path(f'/proc/{pp._helper.pid}/maps').read_text()\n"
        "time.sleep(1.0)\n"
        "print('arrow' in maps())\n"
        "pp.release()\n"
        "deadline = time.monotonic() + 60\n"
        "while 'arrow' not in maps() and time.monotonic() < deadline:\n"
        "    time.sleep(0.05)\n"
        "print('arrow' in maps())\n"
        "pp.stop()\n"
    )
    assert fresh_python(code) == ["False", "True"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_request_lets_a_gated_helper_go() -> None:
    """A helper nobody released (the head start never ran: a cached or refused document)
    still answers: the request releases it first."""
    code = (
        "from pipeline.out import parquet_process as pp\n"
        "from pipeline.out.declaration import TABLES\n"
        "assert pp.start(gated=True)\n"
        "tables = [(n, {f.name: [] for f in TABLES[n].fields}) for n in ('footnotes',)]\n"
        "got = pp.collect() if pp.submit(tables) else None\n"
        "pp.stop()\n"
        "from pipeline.out.dtypes import parquet_from_columns\n"
        "print(got == [parquet_from_columns(n, c) for n, c in tables])\n"
    )
    assert fresh_python(code) == ["True"]  # not stuck waiting for a go that never came


def test_the_head_start_imports_no_numpy() -> None:
    """It runs while numpy is imported: none of it may wait for numpy."""
    out = fresh_python(
        "import sys\n"
        "from pipeline.read import pdfium_early\n"
        f"early = pdfium_early.keep({str(SHIPPED)!r})\n"
        "early.load_ahead()\n"
        "early._thread.join()\n"
        f"print(len(pdfium_early.take({str(SHIPPED)!r}).pages), 'numpy' in sys.modules)\n"
        "early.close()\n"
    )
    assert out == ["17 False"]


@pytest.mark.parametrize("cache", ["--cache", "--no-cache"])
def test_a_command_opens_its_document_before_numpy_is_imported(tmp_path: Path,
                                                                cache: str) -> None:
    """``unrecs extract`` keeps its first document open, and starts loading its pages, before
    numpy's import, with its extraction cache as without: the cache's key names the package's
    version and code without importing the parse stage."""
    out = fresh_python(
        "import sys\n"
        "from pipeline.read import pdfium_early\n"
        "keep, seen = pdfium_early.keep, []\n"
        "def spy(*args, **kwargs):\n"
        "    seen.append('numpy' in sys.modules)\n"
        "    return keep(*args, **kwargs)\n"
        "pdfium_early.keep = spy\n"
        "from pipeline.extract_command import parse_extract, run_extract\n"
        f"args = parse_extract([{str(SHIPPED)!r}, '--out', {str(tmp_path / 'out')!r}, "
        f"'--backend', 'pdfium', '--quiet', {cache!r}])\n"
        "code = run_extract(**args)\n"
        "print(code, seen[:1])\n"
    )
    assert out == ["0 [False]"]
    assert (tmp_path / "out" / "recommendations.csv").is_file()


def test_a_command_leaves_nothing_kept_and_no_callback_behind(tmp_path: Path) -> None:
    """A serial PDFium run with its gated Parquet helper: the head start released the helper,
    the document was taken and closed, the helper ended; a second run in the same process
    (a folder without PDFs: no document, the callback never runs) takes its callback off too."""
    bad = tmp_path / "empty"
    bad.mkdir()
    out = fresh_python(
        "import sys\n"
        "from pathlib import Path\n"
        "from pipeline.extract_command import run_extract\n"
        "from pipeline.out import parquet_process\n"
        "from pipeline.read import pdfium_early\n"
        "def run(path, out):\n"
        "    return run_extract([Path(path)], out=Path(out), mode='auto',\n"
        "        formats={'csv', 'json', 'parquet'}, password=None, backend='pdfium',\n"
        "        strict=False, quiet=True, verbose=False, jobs=1, cache=False, wait=0.0,\n"
        "        timeout=0.0, max_pages=0, max_chars_per_page=0)\n"
        f"print(run({str(SHIPPED)!r}, {str(tmp_path / 'a')!r}))\n"
        "print(pdfium_early.WHEN_OVER, pdfium_early._kept(), parquet_process._helper)\n"
        f"print(run({str(bad)!r}, {str(tmp_path / 'b')!r}) != 0)\n"
        "print(pdfium_early.WHEN_OVER, pdfium_early._kept(), parquet_process._helper)\n"
    )
    assert out == ["0", "[] [] None", "True", "[] [] None"]
    assert len(list((tmp_path / "a").glob("*.parquet"))) > 0
