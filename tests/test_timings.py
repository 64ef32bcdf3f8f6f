"""UNRECS_TIMINGS: a run records its start, first page, stages and end; small fixed costs.

Nothing here asserts a duration: only which marks are written, in which order, and which
libraries a command imports before it reads the first page.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "raw" / "wg7_2019_fr.pdf"


def run(args: list[str], env_timings: Path | None, code: str | None = None
        ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("UNRECS_TIMINGS")}
    if env_timings is not None:
        env["UNRECS_TIMINGS"] = str(env_timings)
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "pipeline", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env, cwd=ROOT)


def test_a_run_records_start_first_page_stages_and_end(tmp_path: Path) -> None:
    log = tmp_path / "timings.tsv"
    proc = run(["extract", str(SHIPPED), "--out", str(tmp_path / "out"), "--no-cache",
                "--backend", "pdfium", "-q"], log)
    assert proc.returncode == 0, proc.stderr
    lines = [line.split("\t") for line in log.read_text().splitlines()]
    names = [name for name, _ in lines]
    values = {name: float(v) for name, v in lines}
    assert names[0] == "start" and names[-1] == "end"
    assert names.count("start") == names.count("first_page") == names.count("end") == 1
    assert values["start"] <= values["first_page"] <= values["end"]
    stages = {n.removeprefix("stage:") for n in names if n.startswith("stage:")}
    assert stages == {"read", "parse", "enrich", "validate", "write"}
    assert all(values[f"stage:{s}"] >= 0 for s in stages)


def test_without_the_variable_nothing_is_written(tmp_path: Path) -> None:
    proc = run(["extract", str(SHIPPED), "--out", str(tmp_path / "out"), "--no-cache",
                "--backend", "pdfium", "-q"], None)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_help_imports_no_dataframe_library() -> None:
    code = ("import sys; sys.argv = ['unrecs', 'extract', '--help']\n"
            "from pipeline.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "bad = [m for m in ('pandas', 'pandera', 'pyarrow') if m in sys.modules]\n"
            "assert not bad, bad")
    proc = run([], None, code)
    assert proc.returncode == 0, proc.stderr
    assert "--backend" in proc.stdout


def test_pages_are_read_before_the_dataframe_libraries_load(tmp_path: Path) -> None:
    code = ("import sys\n"
            "seen = []\n"
            "from pipeline.parse.document import extract_document\n"
            f"extract_document({str(SHIPPED)!r}, backend='pdfium',\n"
            "                 on_page=lambda n: seen.append('pandas' in sys.modules))\n"
            "assert seen and not any(seen), seen\n"
            "from pipeline.out.schema import TABLES\n"
            "assert 'pandas' not in sys.modules and 'pandera' not in sys.modules")
    proc = run([], None, code)
    assert proc.returncode == 0, proc.stderr


def test_an_extract_run_never_imports_pandas_or_pandera(tmp_path: Path) -> None:
    """Validation checks the typed columns and the export writes CSV and Parquet straight from
    them: a whole run (every format) loads neither DataFrame library."""
    out = tmp_path / "out"
    code = ("import sys\n"
            f"sys.argv = ['unrecs', 'extract', {str(SHIPPED)!r}, '--out', {str(out)!r},\n"
            "            '--no-cache', '--backend', 'pdfium', '-q']\n"
            "from pipeline.cli import main\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "bad = [m for m in ('pandas', 'pandera') if m in sys.modules]\n"
            "assert not bad, bad")
    proc = run([], None, code)
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in out.iterdir()} >= {"recommendations.csv", "recommendations.parquet",
                                              "wg7_2019_fr.json"}


def test_the_first_page_is_read_before_the_later_stages_load() -> None:
    """Layout, structure and enrichment are imported once the pages are read, not before the
    first one."""
    code = ("import sys\n"
            "seen = []\n"
            "from pipeline.parse.document import extract_document\n"
            f"ex = extract_document({str(SHIPPED)!r}, backend='pdfium',\n"
            "    on_page=lambda n: seen.append([m for m in ('pipeline.parse.structure',\n"
            "        'pipeline.parse.layout', 'pipeline.parse.enrich') if m in sys.modules]))\n"
            "assert seen and seen[0] == [], seen[0]\n"
            "assert ex.records and 'pipeline.parse.enrich' in sys.modules")
    proc = run([], None, code)
    assert proc.returncode == 0, proc.stderr
