"""The collector's policy of the ``unrecs extract`` command (pipeline/gcpolicy.py): paused while
the command loads its modules, then running again with what was loaded frozen; a program that
imports the package keeps its own settings."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline import gcpolicy

SHIPPED = ROOT / "raw" / "wg7_2019_fr.pdf"
SIBLING = ROOT / "fixtures" / "pdfs" / "wg_tip_sibling_en.pdf"


@pytest.fixture
def collector() -> Iterator[None]:
    """The test process's collector as it was, whatever the test does to it."""
    enabled = gc.isenabled()
    yield
    gcpolicy._paused = False
    gc.unfreeze()
    gcpolicy.thawed()
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_pause_then_settle(collector: None) -> None:
    gc.enable()
    gcpolicy.pause()
    assert not gc.isenabled()
    frozen = gc.get_freeze_count()
    made = [[] for _ in range(100)]  # objects the collector tracks
    gcpolicy.settle()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(made)
    gcpolicy.settle()  # once only: nothing more is frozen
    assert gc.get_freeze_count() >= frozen + len(made)


def test_settle_without_pause_changes_nothing(collector: None) -> None:
    gc.disable()  # a program that runs without the collector keeps it off
    gcpolicy.pause()
    gcpolicy.settle()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0
    gc.enable()
    gcpolicy.settle()
    assert gc.isenabled() and gc.get_freeze_count() == 0


_DRIVER = """
import gc, json, sys
from pipeline import gcpolicy
settled = []  # (collector on, objects frozen) right after the command settled
_settle = gcpolicy.settle

def settle():
    was = gcpolicy._paused
    _settle()
    if was:
        settled.append((gc.isenabled(), gc.get_freeze_count()))

gcpolicy.settle = settle
{call}
print(json.dumps({{"enabled": gc.isenabled(), "frozen": gc.get_freeze_count(),
                  "settled": settled}}))
"""


def _state(call: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _DRIVER.format(call=call)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_command_runs_the_collector_again_with_its_modules_frozen(
        tmp_path: Path, jobs: str) -> None:
    argv = ["unrecs", "extract", str(SHIPPED), str(SIBLING), "--out", str(tmp_path / "out"),
            "--backend", "pdfium", "--no-cache", "--quiet", "--jobs", jobs]
    call = ("from pipeline.cli import main\n"
            f"sys.argv = {argv!r}\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n")
    state = _state(call)
    # settled once, the modules (numpy, the stages) and what they made frozen
    assert len(state["settled"]) == 1
    enabled, frozen = state["settled"][0]
    assert enabled and frozen > 10_000
    # validation and the write put them back with the documents (pipeline.out.collector)
    assert state["enabled"] and state["frozen"] == 0


def test_validation_freezes_the_document_and_puts_the_modules_back(collector: None) -> None:
    from pipeline.out.collector import paused

    gc.enable()
    gcpolicy.pause()
    gcpolicy.settle()
    assert gcpolicy.frozen() and gc.get_freeze_count()
    document = [[] for _ in range(100)]
    before = gc.get_freeze_count()
    with paused():  # the document frozen too, for the body
        assert gc.get_freeze_count() >= before + len(document)
    assert gc.get_freeze_count() == 0 and not gcpolicy.frozen()
    gc.freeze()  # a caller's own freeze is left as it is
    frozen = gc.get_freeze_count()
    with paused():
        [[] for _ in range(10)]
    assert gc.get_freeze_count() == frozen


def test_a_program_that_imports_the_package_keeps_its_collector(tmp_path: Path) -> None:
    call = ("from pipeline.api import extract\n"
            f"extract([{str(SHIPPED)!r}], backend='pdfium').write({str(tmp_path)!r})\n"
            "gc.disable()\n"
            f"extract([{str(SIBLING)!r}], backend='pdfium')\n")
    # nothing frozen or settled; a collector the program turned off stays off
    assert _state(call) == {"enabled": False, "frozen": 0, "settled": []}


def test_validation_does_not_count_the_commands_frozen_objects(
        collector: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.out import collector as module

    gc.enable()
    gcpolicy.pause()
    gcpolicy.settle()

    class Counted:  # gc, its count refused: a walk over every frozen object
        def __getattr__(self, name: str) -> object:
            if name == "get_freeze_count":
                raise AssertionError("the frozen objects were counted")
            return getattr(gc, name)

    monkeypatch.setattr(module, "gc", Counted())
    with module.paused():
        pass
    assert gc.get_freeze_count() == 0 and not gcpolicy.frozen()


def test_the_read_and_parse_run_without_the_collector_and_join_the_frozen_modules(
        collector: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.out.collector import paused
    from pipeline.parse import document

    seen = []
    real = document.open_document

    def reading(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(document, "open_document", reading)
    gc.enable()
    ex = document.extract_document(SHIPPED, backend="pdfium")  # a program's own settings
    assert seen == [False] and gc.isenabled() and gc.get_freeze_count() == 0
    gcpolicy.pause()
    gcpolicy.settle()  # the command's: its modules frozen
    before = gc.get_freeze_count()
    ex = document.extract_document(SHIPPED, backend="pdfium")
    assert seen == [False, False] and gc.isenabled() and gcpolicy.frozen()
    # the document read and parsed joined them (its records among them), not left to the
    # collector's next young pass
    assert gc.get_freeze_count() > before
    in_generations = {id(o) for o in gc.get_objects()}  # (the frozen ones are in none)
    assert all(gc.is_tracked(r) and id(r) not in in_generations for r in ex.records)
    with paused():
        pass
    assert gc.get_freeze_count() == 0 and not gcpolicy.frozen()
