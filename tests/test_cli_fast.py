"""``unrecs extract`` read without typer: the same options as the typer command, the same run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from conftest import FIXTURES
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.extract_command import DEFAULTS, OPTIONS, parse_extract

PDF = FIXTURES / "pdfs" / "wg_en_synthetic.pdf"


def _extract_params() -> list[Any]:
    return typer.main.get_command(app).commands["extract"].params  # type: ignore[attr-defined]


def test_the_fast_reader_knows_every_option_of_the_typer_command() -> None:
    declared: dict[str, tuple[str, Any]] = {}
    defaults: dict[str, Any] = {}
    for p in _extract_params():
        if p.param_type_name == "argument":
            continue
        defaults[p.name] = p.default
        kind = p.type_descriptor.annotation
        for flag in p.opts:
            declared[flag] = (p.name, True if kind is bool else kind)
        for flag in p.secondary_opts:
            declared[flag] = (p.name, False)
    assert declared == OPTIONS
    assert defaults == DEFAULTS


def test_plain_command_lines_are_read_as_typer_reads_them() -> None:
    got = parse_extract(["a.pdf", "-qj2", "--out=o", "--no-cache", "b", "--format",
                         "CSV, json", "--wait", "1.5", "--max-pages", "+7", "--", "--c.pdf"])
    assert got is not None
    assert got["paths"] == [Path("a.pdf"), Path("b"), Path("--c.pdf")]
    assert (got["quiet"], got["jobs"], got["out"], got["cache"]) == (True, 2, Path("o"), False)
    assert got["formats"] == {"csv", "json"} and got["wait"] == 1.5 and got["max_pages"] == 7
    assert got["mode"] == "auto" and got["backend"] == "pdfplumber" and not got["verbose"]
    assert parse_extract(["a.pdf", "-o", "-x"])["out"] == Path("-x")  # type: ignore[index]


@pytest.mark.parametrize("args", [
    [], ["--help"], ["a.pdf", "--help"], ["a.pdf", "--outt", "o"], ["a.pdf", "-x"],
    ["a.pdf", "--jobs", "two"], ["a.pdf", "--jobs", "1.5"], ["a.pdf", "--wait", "-1"],
    ["a.pdf", "--format", "xlsx"], ["a.pdf", "--format", ","], ["a.pdf", "--mode", "rows"],
    ["a.pdf", "--engine", "dask"], ["a.pdf", "--scheduler", "tcp://h:1"], ["a.pdf", "-q", "-q"],
    ["a.pdf", "--quiet=yes"], ["a.pdf", "--out"], ["a.pdf", "--out", ""], ["-"],
    ["a.pdf", "--timeout", "inf"], ["a.pdf", "--max-pages", "1_000"],
])
def test_anything_unusual_is_left_to_typer(args: list[str]) -> None:
    assert parse_extract(args) is None


def test_the_fast_run_writes_what_the_typer_command_writes(tmp_path: Path) -> None:
    fast, slow = tmp_path / "fast", tmp_path / "slow"
    proc = subprocess.run([sys.executable, "-c", "import sys; import pipeline.cli as c; "
                           "c.main() if 'typer' not in sys.modules else sys.exit(9)",
                           "extract", str(PDF), "-o", str(fast), "--no-cache"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "1 document(s) extracted, 0 failed" in proc.stderr
    res = CliRunner().invoke(app, ["extract", str(PDF), "-o", str(slow), "--no-cache"])
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in fast.iterdir() if p.is_file())
    assert names == sorted(p.name for p in slow.iterdir() if p.is_file()) and len(names) > 10
    for name in names:
        assert (fast / name).read_bytes() == (slow / name).read_bytes(), name


def test_extract_runs_without_loading_typer(tmp_path: Path) -> None:
    code = ("import sys, pipeline.cli as c\n"
            "try:\n    c.main()\nexcept SystemExit as e:\n"
            "    assert 'typer' not in sys.modules and 'pydantic' not in sys.modules\n"
            "    raise\n")
    proc = subprocess.run([sys.executable, "-c", code, "extract", str(tmp_path / "none.pdf"),
                           "-o", str(tmp_path / "o"), "-q"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 3 and "no such file" in proc.stderr, proc.stderr


@pytest.mark.parametrize(("env", "rich"), [({}, False), ({"FORCE_COLOR": "1"}, True)])
def test_rich_is_loaded_only_where_it_draws_the_progress_bar(
        tmp_path: Path, env: dict[str, str], rich: bool) -> None:
    """stderr is a pipe here: the bar would draw nothing, so rich is not even imported, unless
    the environment tells rich to treat the pipe as a terminal."""
    code = ("import sys, pipeline.cli as c\n"
            "try:\n    c.main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print('rich' in sys.modules)\n")
    base = {k: v for k, v in os.environ.items()
            if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    proc = subprocess.run([sys.executable, "-c", code, "extract", str(PDF), "-o",
                           str(tmp_path / "o"), "--no-cache", "--backend", "pdfium"],
                          capture_output=True, text=True, timeout=300, env={**base, **env})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [str(rich)]
