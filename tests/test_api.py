"""The Python API (``from pipeline import extract``): the README's example runs, the tables are
typed as declared, ``write`` gives the CLI's files, failures are collected, not raised."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from pipeline import errors
from pipeline.out.schema import TABLE_NAMES, TABLES, pandas_dtypes

SHIPPED = ROOT / "raw" / "wg7_2019_fr.pdf"
SMALL = [FIXTURES / "pdfs" / n for n in ("ga_resolution_en.pdf", "wg_en_synthetic.pdf")]


def readme_example() -> str:
    """The first ```python block under the README heading "Use it from Python"."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Use it from Python\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "no python block under 'Use it from Python'"
    return match.group(1)


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".unrecs-cache" not in p.parts}


@pytest.fixture(scope="module")
def readme_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    """Exec the README's example in a fresh folder holding raw/wg7_2019_fr.pdf."""
    where = tmp_path_factory.mktemp("readme")
    (where / "raw").mkdir()
    shutil.copy(SHIPPED, where / "raw" / SHIPPED.name)
    before = Path.cwd()
    os.chdir(where)
    try:
        namespace: dict = {}
        exec(compile(readme_example(), "README.md", "exec"), namespace)  # noqa: S102
    finally:
        os.chdir(before)
    return namespace, where


def test_readme_example_tables_are_typed_as_declared(readme_run: tuple[dict, Path]) -> None:
    ns, _ = readme_run
    result = ns["result"]
    assert result.failed == [] and len(result.extractions) == 1
    for name in TABLE_NAMES:
        df = result.tables[name]
        assert list(df.columns) == [f.name for f in TABLES[name].fields], name
        assert dict(df.dtypes) == pandas_dtypes(name), name
    for name in ("documents", "meetings", "recommendations", "paragraphs"):
        assert getattr(result, name) is result.tables[name]
    recs = result.recommendations
    # the shipped document: 149 recommendations and 25 lettered sub-items
    assert len(recs) == 174
    assert int(recs["item"].isna().sum()) == 149 and int(recs["item"].notna().sum()) == 25
    # rows: the 174 recommendations and the introduction's row t1 (issue #15 item 7)
    assert len(result.paragraphs) == 1 and result.paragraphs["id"].tolist() == ["t1"]
    assert len(result.documents) == 1 and result.records == 175
    first = ns["first"]
    assert len(first) > 0 and set(first["meeting"]) == {1}
    assert len(first) == int((recs["meeting"] == 1).sum()) < len(recs)
    assert result.meetings["meeting"].tolist() == sorted(set(recs["meeting"]))


def test_readme_write_is_byte_identical_to_the_cli(readme_run: tuple[dict, Path]) -> None:
    _, where = readme_run
    proc = cli("extract", "raw/wg7_2019_fr.pdf", "--out", "cli-out", "--no-cache", cwd=where)
    assert proc.returncode == 0, proc.stderr
    ours, theirs = files_of(where / "out"), files_of(where / "cli-out")
    assert set(ours) == set(theirs) and "recommendations.parquet" in ours
    for name in ours:
        assert ours[name] == theirs[name], name


def test_bad_file_is_collected_with_the_cli_message(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SMALL[0], folder / SMALL[0].name)
    bad = folder / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n garbage")
    from pipeline import extract

    result = extract(folder)
    assert len(result.extractions) == 1 and len(result.failed) == 1
    error = result.failed[0]
    message = str(error)
    assert message.startswith(f"{bad}: ") and "\n" not in message
    proc = cli("extract", str(folder), "--out", str(tmp_path / "out"), "--no-cache")
    assert proc.returncode == errors.EXIT_SOME_FAILED
    assert f"error: {message}" in proc.stderr.splitlines()
    # alone, it is still not raised: the code is the one the CLI exits with
    alone = extract(bad)
    assert alone.extractions == [] and [str(e) for e in alone.failed] == [message]
    assert len(alone.recommendations) == 0
    assert dict(alone.recommendations.dtypes) == pandas_dtypes("recommendations")
    assert cli("extract", str(bad), "--out", str(tmp_path / "o2")).returncode == \
        alone.failed[0].exit_code


def test_folder_and_list_inputs(tmp_path: Path) -> None:
    from pipeline import extract

    folder = tmp_path / "in"
    folder.mkdir()
    for p in SMALL:
        shutil.copy(p, folder / p.name)
    (folder / "notes.txt").write_text("not a PDF, not picked up")
    by_folder = extract(folder)
    by_list = extract([str(p) for p in reversed(SMALL)])
    assert by_folder.failed == [] and by_list.failed == []
    names = [p.name for p in SMALL]
    assert by_folder.documents["source_file"].tolist() == sorted(names)
    assert by_list.documents["source_file"].tolist() == names[::-1]
    for name in TABLE_NAMES:  # the same rows, whatever the order the documents came in
        a = by_folder.tables[name].sort_values(["symbol", "language"], kind="stable")
        b = by_list.tables[name].sort_values(["symbol", "language"], kind="stable")
        assert a.reset_index(drop=True).equals(b.reset_index(drop=True)), name


def test_documents_with_one_file_name_are_not_written(tmp_path: Path) -> None:
    from pipeline import extract
    from pipeline.out.export import ExportError

    twice = [SMALL[0], tmp_path / SMALL[0].name]
    twice[1].write_bytes(SMALL[0].read_bytes())
    result = extract(twice)
    assert len(result.extractions) == 2 and result.clashes
    assert all(p.severity == "error" and p.rule == "ids" for p in result.clashes)
    with pytest.raises(ExportError):
        result.write(tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_documents_with_one_symbol_are_written_with_the_clash(tmp_path: Path) -> None:
    """Two renderings of one text (same symbol and language): both are written, the clash a
    problem row of each (exit 7 in the CLI); with ``strict`` both are refused, nothing else."""
    from pipeline import extract
    from pipeline.out.validate import validate_output_dir

    copy = tmp_path / f"copy_{SMALL[0].name}"
    copy.write_bytes(SMALL[0].read_bytes())
    result = extract([SMALL[0], copy, SMALL[1]])
    assert result.failed == [] and result.clashes == []
    assert result.documents_with_problems == 2
    clash = [p for probs in result.document_problems for p in probs if p.rule == "clash"]
    assert len(clash) == 2 and "2 documents with symbol" in clash[0].message
    assert all(p.rule != "clash" for p in result.document_problems[2])
    table = result.problems_table
    assert sorted(table[table["rule"] == "clash"]["document"]) == sorted(
        [SMALL[0].stem, copy.stem])
    result.write(tmp_path / "out")
    assert (tmp_path / "out" / f"{copy.stem}.json").is_file()
    assert [p for p in validate_output_dir(tmp_path / "out") if p.severity == "error"] == []

    strict = extract([SMALL[0], copy, SMALL[1]], strict=True)
    assert len(strict.failed) == 2 and all("[clash]" in str(e) for e in strict.failed)
    assert [e.meta.source_file for e in strict.extractions] == [SMALL[1].name]


def test_no_pdf_and_bad_mode_raise(tmp_path: Path) -> None:
    from pipeline import extract

    with pytest.raises(errors.InputError, match="no PDF files found"):
        extract(tmp_path)
    with pytest.raises(ValueError, match="mode"):
        extract(SMALL[0], mode="tables")


def test_import_pipeline_stays_cheap() -> None:
    code = ("import sys, pipeline; assert 'pandas' not in sys.modules; "
            "assert callable(pipeline.extract); assert 'pandas' not in sys.modules; "
            "import pipeline.cli; assert 'pandas' not in sys.modules")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
