"""The forked Parquet helper: a command renders Parquet in it, the same bytes as in-process,
and falls back to rendering them itself when the helper cannot start or fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.out import export
from tests.conftest import fresh_python

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "raw" / "wg7_2019_fr.pdf"
TABLES = export.TABLE_NAMES

pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")


def _columns_code() -> str:
    """Python source building small typed columns for two of the declared tables."""
    return (
        "import datetime\n"
        "from pipeline.out.declaration import TABLES\n"
        "def columns(name, n):\n"
        "    out = {}\n"
        "    for f in TABLES[name].fields:\n"
        "        t = f.type\n"
        "        v = {'integer': 7, 'number': 1.5, 'boolean': True,\n"
        "             'date': datetime.date(2019, 6, 21)}.get(t, 'é x')\n"
        "        out[f.name] = [v if i % 2 or not f.nullable else None for i in range(n)]\n"
        "    return out\n"
    )


def test_the_helper_renders_the_bytes_the_process_renders_itself() -> None:
    code = _columns_code() + (
        "import sys\n"
        "from pipeline.out import parquet_process as pp\n"
        "assert pp.start()\n"
        "tables = [('paragraphs', columns('paragraphs', 5)),\n"
        "          ('footnotes', columns('footnotes', 3))]\n"
        "got = pp.collect() if pp.submit(tables) else None\n"
        "assert 'pyarrow' not in sys.modules\n"  # the helper imported it, not this process
        "pp.stop()\n"
        "from pipeline.out.dtypes import parquet_from_columns\n"
        "want = [parquet_from_columns(n, c) for n, c in tables]\n"
        "print(got == want, len(got))\n"
    )
    assert fresh_python(code) == ["True 2"]


def test_a_dead_helper_leaves_the_process_to_render_the_bytes() -> None:
    code = _columns_code() + (
        "import os, signal\n"
        "from pipeline.out import parquet_process as pp\n"
        "assert pp.start()\n"
        "os.kill(pp._helper.pid, signal.SIGKILL)\n"
        "tables = [('footnotes', columns('footnotes', 3))]\n"
        "print(pp.collect() if pp.submit(tables) else None)\n"  # either call may see it dead
        "print(pp._helper)\n"  # stopped and waited for
    )
    assert fresh_python(code) == ["None", "None"]


def test_no_helper_beside_another_thread_or_a_loaded_pyarrow() -> None:
    code = (
        "import threading\n"
        "from pipeline.out import parquet_process as pp\n"
        "go = threading.Event()\n"
        "t = threading.Thread(target=go.wait); t.start()\n"
        "print(pp.start())\n"
        "go.set(); t.join()\n"
        "import pyarrow.parquet\n"
        "print(pp.start(), pp.submit([]), pp.collect())\n"
    )
    assert fresh_python(code) == ["False", "False False None"]


def test_an_unused_helper_is_ended_and_waited_for() -> None:
    code = (
        "import os\n"
        "from pipeline.out import parquet_process as pp\n"
        "assert pp.start()\n"
        "pid = pp._helper.pid\n"
        "pp.stop()\n"
        "try:\n    os.waitpid(pid, 0)\nexcept ChildProcessError:\n    print('reaped')\n"
    )
    assert fresh_python(code) == ["reaped"]


def test_told_its_last_request_the_helper_ends_after_answering_and_is_waited_for() -> None:
    code = _columns_code() + (
        "import os\n"
        "from pipeline.out import parquet_process as pp\n"
        "assert pp.start()\n"
        "pid = pp._helper.pid\n"
        "pp.last_request()\n"
        "tables = [('footnotes', columns('footnotes', 3))]\n"
        "got = pp.collect() if pp.submit(tables) else None\n"
        "print(got is not None and len(got))\n"
        # it exits on its own, answered: the pipe to it ends (no pp.stop() yet)
        "print(os.read(pp._helper.from_child, 1) == b'')\n"
        "pp.stop()\n"
        "try:\n    os.waitpid(pid, 0)\nexcept ChildProcessError:\n    print('reaped')\n"
    )
    assert fresh_python(code) == ["1", "True", "reaped"]


def test_a_command_writes_the_parquet_files_the_library_writes(tmp_path: Path) -> None:
    """``unrecs extract`` (its helper renders the Parquet; the command never imports pyarrow)
    and the library's in-process write give byte-identical files."""
    out = tmp_path / "cli"
    code = (
        "import sys\n"
        f"sys.argv = ['unrecs', 'extract', {str(SHIPPED)!r}, '--out', {str(out)!r},\n"
        "            '--no-cache', '--backend', 'pdfium', '-q']\n"
        "from pipeline.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print('pyarrow' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False"]
    from pipeline.api import extract

    files = export.render(extract([SHIPPED], backend="pdfium").extractions, {"parquet"})
    assert len(files) == len(TABLES)
    for name, data in files.items():
        assert (out / name).read_bytes() == data, name


#: a fresh process's helper started and the shipped document extracted (``exs``)
_HELPER_AND_SHIPPED = (
        "from pathlib import Path\n"
        "from pipeline.out import parquet_process as pp\n"
        "assert pp.start()\n"
        "from pipeline.api import extract\n"
        "from pipeline.out import export\n"
        f"exs = extract([Path({str(SHIPPED)!r})], backend='pdfium').extractions\n"
)


def test_a_render_that_fails_after_asking_ends_the_helper() -> None:
    """A request whose answer nobody will read ends the helper, so that no later render can
    read a stale answer."""
    code = _HELPER_AND_SHIPPED + (
        "real = export.document_json\n"
        "def broken(ex):\n    raise ValueError('broken')\n"
        "export.document_json = broken\n"
        "try:\n    export.render(exs, {'parquet', 'json'})\n"
        "except export.ExportError as exc:\n    print(exc)\n"
        "print(pp._helper)\n"
        "export.document_json = real\n"
        "print(len(export.render(exs, {'parquet', 'json'})))\n"
    )
    assert fresh_python(code) == ["broken", "None", str(len(export.TABLE_NAMES) + 2)]


def test_a_write_that_fails_before_taking_the_answer_ends_the_helper(tmp_path: Path) -> None:
    """The write flushes the CSV and JSON files to disk while the helper renders the Parquet
    files; a write that fails before it takes the answer (the folder cannot be made) ends the
    helper, and the next write renders its own files."""
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    good = tmp_path / "out"
    code = _HELPER_AND_SHIPPED + (
        "try:\n"
        f"    export.write_outputs(exs, Path({str(blocked)!r}) / 'out')\n"
        "except OSError:\n    print('failed')\n"
        "print(pp._helper)\n"
        f"print(len(export.write_outputs(exs, Path({str(good)!r}))))\n"
    )
    assert fresh_python(code) == ["failed", "None", str(2 * len(TABLES) + 3)]
    from pipeline.api import extract

    want = export.render(extract([SHIPPED], backend="pdfium").extractions)
    got = {p.relative_to(good).as_posix(): p.read_bytes() for p in good.rglob("*") if p.is_file()}
    assert got == want


def test_the_helper_yields_the_cores_while_a_read_is_shared() -> None:
    """A copy sharing the read is forked (pipeline.read.twoends): the helper, whose import of
    pyarrow can wait, then runs at the lowest priority, and still renders the tables."""
    code = _columns_code() + (
        "import os\n"
        "from pipeline.out import parquet_process as pp\n"
        "assert pp.start(gated=True)\n"
        "before = os.getpriority(os.PRIO_PROCESS, pp._helper.pid)\n"
        "pp.yield_cores()\n"
        "after = os.getpriority(os.PRIO_PROCESS, pp._helper.pid)\n"
        "got = pp.collect() if pp.submit([('footnotes', columns('footnotes', 3))]) else None\n"
        "pp.stop()\n"
        "print(before, after, got is not None and len(got))\n"
    )
    nice = os.getpriority(os.PRIO_PROCESS, 0)
    assert fresh_python(code) == [f"{nice} 19 1"]
