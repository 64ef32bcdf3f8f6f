"""The command line: help for every command, formats, parallel and incremental runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

COMMANDS = ["extract", "validate", "report", "align", "fetch", "export-akn", "diff"]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    proc = cli(command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "Example" in proc.stdout and "unrecs " in proc.stdout


def test_extract_formats_and_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = cli("extract", str(FIXTURES / "pdfs" / "wg_en_synthetic.pdf"), "--out", str(out),
               "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.suffix for p in out.iterdir() if p.is_file()) == [".csv"] * 7 + [".json"]
    assert "1 document(s) extracted, 0 failed" in proc.stderr
    bad = cli("extract", str(FIXTURES / "pdfs" / "wg_en_synthetic.pdf"), "--format", "xlsx")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_an_unknown_backend_is_a_usage_error_not_a_damaged_pdf(tmp_path: Path) -> None:
    """A mistyped --backend is refused before any file is read (it used to reach the reader
    and be reported as a damaged PDF, exit 3), and nothing is written."""
    out = tmp_path / "out"
    bad = cli("extract", str(FIXTURES / "pdfs" / "wg_en_synthetic.pdf"), "--out", str(out),
              "--backend", "pdfimu")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "backend is pdfplumber or pdfium" in bad.stderr and "damaged" not in bad.stderr
    assert not out.exists()


def test_rerun_is_served_from_cache_and_jobs_change_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("wg_en_synthetic", "wg_tip_sibling_en", "ga_resolution_en"):
        shutil.copy(FIXTURES / "pdfs" / f"{name}.pdf", src / f"{name}.pdf")
    one, two = tmp_path / "one", tmp_path / "two"
    assert cli("extract", str(src), "--out", str(one), "--no-cache").returncode == 0
    first = cli("extract", str(src), "--out", str(two), "--jobs", "2")
    assert first.returncode == 0, first.stderr
    files = sorted(p.name for p in one.iterdir() if p.is_file())
    assert files == sorted(p.name for p in two.iterdir() if p.is_file())
    for name in files:  # byte-identical whatever the number of workers
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    again = cli("extract", str(src), "--out", str(two), "--jobs", "2")
    assert "nothing changed: 3 document(s) from cache, no PDF work" in again.stderr
    for name in files:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    # a changed PDF is extracted again, the others come from the cache
    shutil.copy(FIXTURES / "pdfs" / "nested_items_en.pdf", src / "wg_tip_sibling_en.pdf")
    changed = cli("extract", str(src), "--out", str(two))
    assert "1 document(s) extracted, 2 from cache" in changed.stderr, changed.stderr
