"""A document read by two processes, one from each end (pipeline.read.twoends): the pages are
the ones a read alone gives, whatever becomes of the copy; it is used only where allowed."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import FIXTURES, real_pdf

from pipeline.model import Line, Page, Rule, Word
from pipeline.read import page_limits, twoends
from pipeline.read.load import load_pdf

SHIPPED = FIXTURES / "pdfs" / "wg7_2019_fr.pdf"
ARABIC = FIXTURES / "pdfs" / "html" / "wg7_2020_ar_nine_meetings.pdf"


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every read of two pages or more shared, from its third page on; the copies' pids."""
    monkeypatch.setattr(twoends, "MIN_PAGES", 2)
    monkeypatch.setattr(twoends, "WORTH", 0.0)
    monkeypatch.setattr(twoends, "_MEASURED", 0)
    # (a test process may run threads of its own: pytest-xdist's; the copy touches none)
    monkeypatch.setattr(twoends, "_alone", lambda: True)
    pids: list[int] = []
    fork = twoends.TwoEnds._fork

    def recorded(self: twoends.TwoEnds, count: int, first: int) -> object:
        claims = fork(self, count, first)
        pids.append(self._pid)
        # this process goes on once the copy has claimed its first page (the last), so that
        # on a busy machine too the copy has pages to read (else it hands over none, rightly)
        deadline = time.monotonic() + 30
        while claims is not None and not claims[count - 1] and time.monotonic() < deadline:
            time.sleep(0.001)
        return claims

    monkeypatch.setattr(twoends.TwoEnds, "_fork", recorded)
    with twoends.allowed():
        yield pids


@pytest.fixture
def handed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many pages each copy handed over (0 when it failed: they are read here)."""
    counts: list[int] = []
    collect = twoends.TwoEnds._collect

    def counted(self: twoends.TwoEnds) -> list[Page]:
        copied = bool(self._pid)  # (a read not shared has no copy to collect from)
        pages = collect(self)
        if copied:
            counts.append(len(pages))
        return pages

    monkeypatch.setattr(twoends.TwoEnds, "_collect", counted)
    return counts


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # reaped: no zombie left
    return False


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("pdf", [SHIPPED, ARABIC], ids=["shipped", "arabic"])
def test_a_shared_read_gives_the_pages_of_a_read_alone(
    forked: list[int], handed: list[int], pdf: Path, backend: str,
) -> None:
    with twoends.allowed(False):
        alone = load_pdf(pdf, backend=backend).pages
    shared = load_pdf(pdf, backend=backend).pages
    assert len(forked) == 1 and _gone(forked[0])
    assert handed[0] > 0  # the copy read some of the pages
    assert [p.number for p in shared] == list(range(1, len(alone) + 1))
    assert shared == alone
    # the words' fields keep their types (floats stay floats, flags stay booleans)
    for a, b in zip(shared, alone, strict=True):
        for la, lb in zip(a.lines, b.lines, strict=True):
            assert [list(map(type, w)) for w in la.words] == [list(map(type, w))
                                                              for w in lb.words]


def test_a_genuine_report_read_from_both_ends(forked: list[int], handed: list[int]) -> None:
    pdf = real_pdf("ISBA_16_A_12_Rev.1_A.pdf")  # Arabic, 62 pages
    with twoends.allowed(False):
        alone = load_pdf(pdf, backend="pdfium").pages
    assert load_pdf(pdf, backend="pdfium").pages == alone
    assert len(forked) == 1 and handed[0] > 0


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_an_encrypted_document_is_opened_by_the_copy_with_the_password(
    forked: list[int], handed: list[int], tmp_path: Path, backend: str,
) -> None:
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(pdf), invariant=1, encrypt="pw")
    for page in range(1, 41):  # (enough pages for the copy to have some left once started)
        for k in range(20):
            c.drawString(72, 700 - 14 * k, f"{page}. Paragraph on page {page}, line {k}.")
        c.showPage()
    c.save()
    with twoends.allowed(False):
        alone = load_pdf(pdf, backend=backend, password="pw").pages
    shared = load_pdf(pdf, backend=backend, password="pw").pages
    assert len(forked) == 1 and handed[0] > 0 and shared == alone
    assert [ln.text for p in shared for ln in p.lines] == [
        f"{page}. Paragraph on page {page}, line {k}." for page in range(1, 41)
        for k in range(20)]


@pytest.mark.parametrize("fate", ["fails", "is killed"])
def test_the_pages_a_failed_copy_did_not_hand_over_are_read_here(
    forked: list[int], monkeypatch: pytest.MonkeyPatch, fate: str,
) -> None:
    with twoends.allowed(False):
        alone = load_pdf(SHIPPED, backend="pdfium").pages

    def broken(_page: Page) -> bytes:  # runs in the copy only
        if fate == "is killed":
            os.kill(os.getpid(), signal.SIGKILL)
        raise RuntimeError("the copy failed")

    monkeypatch.setattr(twoends, "dump_page", broken)
    assert load_pdf(SHIPPED, backend="pdfium").pages == alone
    assert len(forked) == 1 and _gone(forked[0])


def test_an_error_here_stops_the_copy(forked: list[int], monkeypatch: pytest.MonkeyPatch
                                      ) -> None:
    parent = os.getpid()

    def check(number: int, _glyphs: int) -> None:
        if number == 4 and os.getpid() == parent:
            raise ValueError("page 4 refused")

    monkeypatch.setattr(page_limits, "check", check)
    with pytest.raises(ValueError, match="page 4 refused"):
        load_pdf(SHIPPED, backend="pdfium")
    assert len(forked) == 1 and _gone(forked[0])


def test_the_callbacks_run_once_the_copy_is_forked(forked: list[int],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[int] = []
    monkeypatch.setattr(twoends, "WHEN_SHARED", [lambda: told.append(os.getpid())])
    load_pdf(SHIPPED, backend="pdfium")
    assert told == [os.getpid()] and twoends.WHEN_SHARED == []  # here, once


def test_a_stuck_copy_is_killed_at_the_runs_time_limit(
    forked: list[int], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The run's alarm (pipeline.run.limits) interrupts the wait for a copy stuck in its
    work: the copy is killed, not left behind."""
    monkeypatch.setattr(twoends, "dump_page", lambda _page: time.sleep(600))  # in the copy

    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError("time limit")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, 2.0)
    try:
        with pytest.raises(TimeoutError):
            load_pdf(SHIPPED, backend="pdfium")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert len(forked) == 1 and _gone(forked[0])


def test_a_read_is_shared_only_where_allowed_and_long_enough(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(twoends, "_alone", lambda: True)
    monkeypatch.setattr(twoends, "_cpus", lambda: 2)
    assert not twoends.shared_read(100)  # not allowed: a library caller's process
    with twoends.allowed():
        assert twoends.is_allowed()
        assert twoends.shared_read(twoends.MIN_PAGES)
        assert not twoends.shared_read(twoends.MIN_PAGES - 1)
        with twoends.allowed(False):
            assert not twoends.shared_read(100)
        assert twoends.shared_read(100)
        monkeypatch.setattr(twoends, "_cpus", lambda: 1)
        assert not twoends.shared_read(100)  # one CPU: nothing to gain
        monkeypatch.setattr(twoends, "_cpus", lambda: 2)
        monkeypatch.setattr(twoends, "_alone", lambda: False)
        assert not twoends.shared_read(100)  # another thread runs: no fork
    assert not twoends.is_allowed()


def test_a_short_read_is_not_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the forcing of the other tests: a read whose pages tell that less than
    :data:`twoends.WORTH` seconds are left is read alone."""
    monkeypatch.setattr(twoends, "_alone", lambda: True)
    forks: list[int] = []
    monkeypatch.setattr(twoends.TwoEnds, "_fork", lambda *a: forks.append(1))
    monkeypatch.setattr(twoends, "WORTH", 60.0)
    with twoends.allowed():
        load_pdf(SHIPPED, backend="pdfium")
    assert forks == []


def test_only_a_runs_single_document_is_shared(forked: list[int], tmp_path: Path) -> None:
    from pipeline.run.runner import run_extractions

    run = run_extractions([SHIPPED], backend="pdfium")
    assert len(run.extractions) == 1 and len(forked) == 1
    second = tmp_path / "copy.pdf"
    second.write_bytes(SHIPPED.read_bytes())
    run = run_extractions([SHIPPED, second], backend="pdfium")
    assert len(run.extractions) == 2 and len(forked) == 1  # two documents: read one by one


def test_a_pools_workers_share_no_read(forked: list[int], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers are forked from a process that allows sharing: they must not share their
    documents' reads too (two processes per core). A fork is recorded in a file, which the
    workers' copies of this test's patch write to."""
    from pipeline.run.runner import run_extractions

    record = tmp_path / "forks"

    def recorded(self: twoends.TwoEnds, count: int, first: int) -> None:
        with open(record, "a") as fh:
            fh.write(f"{os.getpid()}\n")

    monkeypatch.setattr(twoends.TwoEnds, "_fork", recorded)
    second = tmp_path / "copy.pdf"
    second.write_bytes(SHIPPED.read_bytes())
    run = run_extractions([SHIPPED, second], backend="pdfium", jobs=2)
    assert len(run.extractions) == 2
    assert not record.exists()
    run_extractions([SHIPPED], backend="pdfium", jobs=2)  # one document: read here, shared
    assert record.read_text().split() == [str(os.getpid())]


def test_pages_as_bytes_and_back() -> None:
    word = Word("réunion", 1.5, 20.25, 3.0, 4.0, 10.0, "Times-Bold", True, False, False, 0.0,
                True)
    line = Line(2, (word, word._replace(text="x", sup=True)), 1.5, 30.0, 3.0, 4.0, 10.0,
                "Times-Bold", True, False)
    page = Page(2, 595.0, 842.0, [line], [Rule(2, 1.0, 2.0, 3.0)], 8)
    data = twoends.dump_page(page)
    assert data[:1] == b"M"
    back = twoends.load_page(data)
    assert back == page and type(back.lines[0].words[0]) is Word
    assert back.lines[0].text == line.text
    # a field of a type marshal does not know: pickled instead
    odd = Page(3, np.float64(595.0), 842.0, [line], [], 8)
    data = twoends.dump_page(odd)
    assert data[:1] == b"P"
    assert twoends.load_page(data) == odd
    with pytest.raises(ValueError):
        twoends.load_page(b"?")
