"""One writer per output folder: a second run fails at once (or waits); a dead run's lock is
taken over."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from pipeline import errors
from pipeline.run.lock import LOCK_NAME, FolderBusy, output_lock

SLOW = FIXTURES / "pdfs" / "wg7_2019_fr.pdf"
QUICK = FIXTURES / "pdfs" / "ga_resolution_en.pdf"


def _extract(pdf: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", str(pdf), "--out", str(out), "--no-cache",
         *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(path: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_second_run_fails_at_once_or_waits(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _extract(SLOW, out)
    _wait_for(out / LOCK_NAME, first)
    second = _extract(QUICK, out)
    _, err = second.communicate(timeout=120)
    assert second.returncode == errors.EXIT_BUSY, err
    assert first.poll() is None, "the first run should still be working"
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith(f"error: {out}: output folder in use by process {first.pid} since ")
    waiting = _extract(QUICK, out, "--wait", "120")
    _, err_first = first.communicate(timeout=300)
    assert first.returncode == 0, err_first
    _, err_wait = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err_wait
    # the waiting run wrote after the first: its export is what the folder holds
    assert (out / "ga_resolution_en.json").is_file()
    assert not (out / "wg7_2019_fr.json").exists()
    assert not (out / LOCK_NAME).exists()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_lock_of_a_dead_process_is_taken_over_with_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    pid = _dead_pid()
    (out / LOCK_NAME).write_text(json.dumps({"pid": pid, "host": socket.gethostname(),
                                             "started": "2026-01-01T00:00:00Z"}))
    said: list[str] = []
    with output_lock(out, warn=said.append) as path:
        held = json.loads(path.read_text())
        assert held["pid"] != pid and held["host"] == socket.gethostname()
    assert len(said) == 1
    assert f"taking over the lock of process {pid}" in said[0] and "no longer running" in said[0]
    assert not (out / LOCK_NAME).exists()


def test_lock_is_exclusive_and_released(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    with output_lock(out), pytest.raises(FolderBusy, match="in use by process"), \
            output_lock(out):
        pass
    with output_lock(out, wait=0.1):
        pass
    polls: list[float] = []
    real_sleep = time.sleep
    monkeypatch.setattr(time, "sleep", lambda s: (polls.append(s), real_sleep(s)))
    with output_lock(out), pytest.raises(FolderBusy), output_lock(out, wait=0.5):
        pass
    assert polls, "a lock given a wait polls again before giving up"


def test_lock_file_is_not_an_output(tmp_path: Path) -> None:
    from pipeline.out.validate import validate_output_dir

    out, empty = tmp_path / "out", tmp_path / "empty"
    empty.mkdir()
    with output_lock(out):
        assert (out / LOCK_NAME).exists()
        found = [(p.severity, str(p).replace(str(out), "")) for p in validate_output_dir(out)]
    alone = [(p.severity, str(p).replace(str(empty), "")) for p in validate_output_dir(empty)]
    assert found == alone
    assert "unrecs-lock" not in repr(found)


def test_dask_engine_takes_the_lock_on_a_local_folder(tmp_path: Path) -> None:
    """``--engine dask`` writing to a folder on this machine is held like a local run."""
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    with output_lock(out):
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline", "extract", str(QUICK), "--out", str(out),
             "--engine", "dask", "--no-cache"],
            capture_output=True, text=True, timeout=300,
            cwd=Path(__file__).resolve().parent.parent)
    assert proc.returncode == errors.EXIT_BUSY, proc.stderr
    assert "output folder in use by process" in proc.stderr
