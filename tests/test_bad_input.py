"""Bad inputs: one line naming the file and the cause, a documented exit code, no traceback."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfgen import canvas

from pipeline import errors

SHIPPED = FIXTURES / "pdfs" / "wg7_2019_fr.pdf"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def _plain_pdf(path: Path, lines: list[str], encrypt: str | None = None) -> Path:
    """A one-page document with a minimal UN masthead (symbol, distribution block)."""
    c = canvas.Canvas(str(path), invariant=1, encrypt=encrypt)
    c.drawString(470, 800, "A/TEST/1")
    for i, text in enumerate(["Distr.: General", "1 March 2024", "Original: English"]):
        c.drawString(400, 770 - 12 * i, text)
    y = 650
    for text in lines:
        c.drawString(72, y, text)
        y -= 14
    c.showPage()
    c.save()
    return path


def _image_only_pdf(path: Path) -> Path:
    """A 'scanned' page: only graphics, no text layer."""
    c = canvas.Canvas(str(path), invariant=1)
    for i in range(40):
        c.rect(72, 780 - i * 16, 400 - (i % 7) * 20, 9, fill=1, stroke=0)
    c.showPage()
    c.save()
    return path


def assert_one_line_error(proc: subprocess.CompletedProcess[str], path: Path, code: int,
                          words: str) -> None:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    err_lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert len(err_lines) == 1, proc.stderr
    assert str(path) in err_lines[0] or path.name in err_lines[0]
    assert words.lower() in err_lines[0].lower(), err_lines[0]


@pytest.mark.parametrize(
    ("maker", "code", "words"),
    [
        (lambda d: d / "missing.pdf", errors.EXIT_INPUT, "no such file"),
        (lambda d: _write(d / "notes.pdf", b"hello, I am text"), errors.EXIT_INPUT, "not a PDF"),
        (lambda d: _write(d / "empty.pdf", b""), errors.EXIT_INPUT, "empty file"),
        (
            lambda d: _write(d / "cut.pdf", SHIPPED.read_bytes()[:2000]),
            errors.EXIT_INPUT,
            "damaged or truncated",
        ),
        (
            lambda d: _plain_pdf(d / "locked.pdf", ["1. Secret text."], encrypt="pw"),
            errors.EXIT_ENCRYPTED,
            "--password",
        ),
        (lambda d: _image_only_pdf(d / "scan.pdf"), errors.EXIT_NO_TEXT, "OCR"),
        (
            lambda d: _plain_pdf(d / "prose.pdf", ["Just a letter.", "With no numbering."]),
            errors.EXIT_NO_STRUCTURE,
            "no numbered paragraphs",
        ),
    ],
    ids=["missing", "not-pdf", "empty", "truncated", "encrypted", "scanned", "no-structure"],
)
def test_bad_input(tmp_path: Path, maker, code: int, words: str) -> None:  # noqa: ANN001
    path = maker(tmp_path)
    out = tmp_path / "out"
    proc = run_cli("extract", str(path), "--out", str(out))
    assert_one_line_error(proc, path, code, words)
    assert not out.exists() or not any(out.glob("*.csv"))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_password_opens_encrypted(tmp_path: Path) -> None:
    pdf = _plain_pdf(tmp_path / "locked.pdf", ["1. First point.", "2. Second point."],
                     encrypt="pw")
    proc = run_cli("extract", str(pdf), "--out", str(tmp_path / "out"), "--password", "pw",
                   "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "out" / "paragraphs.csv").read_text(encoding="utf-8")
    assert "First point." in text and "Second point." in text


def test_folder_with_one_bad_pdf(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SHIPPED, folder / "good.pdf")
    _write(folder / "bad.pdf", b"%PDF-1.4\n garbage")
    out = tmp_path / "out"
    proc = run_cli("extract", str(folder), "--out", str(out))
    assert proc.returncode == errors.EXIT_SOME_FAILED, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "bad.pdf" in proc.stderr and "1 document(s) extracted, 1 failed" in proc.stderr
    rows = (out / "recommendations.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 149 + 25


FUZZ_BASE = (FIXTURES / "pdfs" / "artifact_cross_page.pdf").read_bytes()


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    flips=st.lists(st.tuples(st.integers(0, len(FUZZ_BASE) - 1), st.integers(0, 255)),
                   max_size=40),
    cut=st.one_of(st.none(), st.integers(0, len(FUZZ_BASE))),
)
def test_fuzzed_bytes_only_documented_errors(tmp_path: Path, flips: list, cut: int | None
                                             ) -> None:
    """Corrupted copies of a fixture PDF never escape as anything but an UnrecsError."""
    from pipeline.parse.document import extract_document

    bad = bytearray(FUZZ_BASE)
    for pos, value in flips:
        bad[pos] = value
    if cut is not None:
        bad = bad[:cut]
    path = tmp_path / "fuzz.pdf"
    path.write_bytes(bytes(bad))
    with contextlib.suppress(errors.UnrecsError):
        extract_document(path)


def _generated(tmp_path: Path, numbers: list[int]) -> Path:
    """A small English list typeset by the fixture builder, numbered as given."""
    from fixtures.build import build_one

    src = (FIXTURES / "sources" / "wg_en_synthetic.txt").read_text(encoding="utf-8")
    header = src[: src.index("\n---\n") + 5]
    body = ["@footnote *: A/AC.999/2021/1.", "I. First meeting, held in Vienna on 4 and 5 July "
            "2018\n@meeting city=Vienna start=2018-07-04 end=2018-07-05"]
    body += [f"{n}. States parties should strengthen cooperation number {n}." for n in numbers]
    path = tmp_path / "numbered.txt"
    path.write_text(header + "\n\n".join(body) + "\n", encoding="utf-8")
    pdf, _ = build_one(path, tmp_path / "pdfs", tmp_path / "golden")
    return pdf


@pytest.mark.parametrize(
    ("numbers", "where"),
    [([1, 2, 4, 5], "3 missing"), ([1, 2, 2, 3], "2")],
    ids=["gap", "duplicate"],
)
def test_numbering_gap_or_duplicate_says_where(tmp_path: Path, numbers: list[int],
                                               where: str) -> None:
    pdf = _generated(tmp_path, numbers)
    proc = run_cli("extract", str(pdf), "--out", str(tmp_path / "out"))
    # issue #15: a gap or a number printed twice costs no rows; the document is written with
    # the problem, exit 7
    assert proc.returncode == errors.EXIT_INVALID, proc.stderr
    assert "Traceback" not in proc.stderr
    line = next(ln for ln in proc.stderr.splitlines() if "written with" in ln)
    assert where in line and "p. 1" in line  # what and the page are named
    problems = (tmp_path / "out" / "problems.csv").read_text(encoding="utf-8")
    assert ("recommendation 3 missing between 2 and 4" if where == "3 missing"
            else "id 1.2 printed 2 times: this row is written as 1.2~2") in problems


def test_killed_run_leaves_earlier_output_intact(tmp_path: Path) -> None:
    """Kill `extract` at several moments: the earlier good output is never touched."""
    import signal
    import time

    out = tmp_path / "out"
    first = run_cli("extract", str(SHIPPED), "--out", str(out))
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    letter = FIXTURES / "pdfs" / "wg7_2019_fr_letter.pdf"
    for delay in (0.5, 1.5, 3.0, 5.0):
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "extract", str(letter), "--out", str(out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # a killed run cannot remove its lock file (the next run takes it over): not an output
        after = {p.name: p.read_bytes() for p in out.iterdir()
                 if p.is_file() and p.name != ".unrecs-lock"}
        if after != before:
            # only a run that got as far as publishing may change the folder, and then the
            # folder holds its complete, valid output: never a mix, never a truncated file
            check = run_cli("validate", str(out), "--strict")
            assert check.returncode == 0, (delay, check.stderr)
            assert b"wg7_2019_fr_letter.pdf" in after["documents.csv"]
            before = after
