"""Disk full and no permission on --out: one line, exit code 12, earlier output byte-identical."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from pipeline import errors
from pipeline.cli import app
from pipeline.out import export
from pipeline.run import lock

FIRST = FIXTURES / "pdfs" / "artifact_cross_page.pdf"
SECOND = FIXTURES / "pdfs" / "nested_items_en.pdf"


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".unrecs-cache" not in p.parts}


def _extract(pdf: Path, out: Path) -> tuple[int, list[str]]:
    r = CliRunner().invoke(app, ["extract", str(pdf), "--out", str(out), "--no-cache"])
    return r.exit_code, [ln for ln in r.output.splitlines() if ln.startswith("error:")]


@pytest.fixture
def earlier(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "out"
    code, errs = _extract(FIRST, out)
    assert code == 0 and not errs
    return out, _snapshot(out)


def _failing_nth(real: Callable[..., object], n: int, err: int) -> Callable[..., object]:
    calls = [0]

    def failing(*args: object) -> object:
        calls[0] += 1
        if calls[0] == n:
            raise OSError(err, os.strerror(err), str(args[0]))
        return real(*args)

    return failing


@pytest.mark.parametrize(("where", "err"), [
    ("write", errno.ENOSPC), ("write", errno.EACCES), ("replace", errno.ENOSPC),
    ("replace", errno.EACCES),
])
def test_write_failure_is_one_line_and_keeps_earlier_output(
    earlier: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch, where: str, err: int
) -> None:
    out, before = earlier
    if where == "write":
        monkeypatch.setattr(export, "_write_file", _failing_nth(export._write_file, 3, err))
    else:
        monkeypatch.setattr(export.os, "replace", _failing_nth(os.replace, 4, err))
    code, errs = _extract(SECOND, out)
    assert code == errors.EXIT_WRITE
    assert len(errs) == 1 and os.strerror(err) in errs[0] and errs[0].startswith(f"error: {out}")
    assert _snapshot(out) == before
    assert not list(out.glob(".tmp-*")) and not (out / lock.LOCK_NAME).exists()


def test_output_folder_without_permission(earlier: tuple[Path, dict[str, bytes]],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out, before = earlier

    def denied(path: Path) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(lock, "_try_lock", denied)
    code, errs = _extract(SECOND, out)
    assert code == errors.EXIT_WRITE
    assert errs == [f"error: {out}: cannot lock the output folder: Permission denied"]
    assert _snapshot(out) == before
