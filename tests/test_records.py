"""The dataclass methods' code kept between runs: a later process takes what an earlier one
compiled, the code objects equal a fresh compilation of their source, and a damaged file, a
file of another Python or a process told not to write bytecode only means compiling again."""

from __future__ import annotations

import dataclasses
import json
import marshal
import os
import subprocess
import sys
from importlib.util import MAGIC_NUMBER
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline import records

#: modules whose classes the process makes (frozen and slotted ones, defaults, factories)
MODULES = ["pipeline.model", "pipeline.read.glyphs", "pipeline.parse.structure",
           "pipeline.out.tables"]

# a process makes the classes with the file at argv[1], checks them and prints what happened
_SCRIPT = r"""
import dataclasses, importlib, json, sys, types
import pipeline.records as records

def alike(a, b):
    # code objects compare their nested code objects by identity: compare those part by part
    if isinstance(a, types.CodeType) and isinstance(b, types.CodeType):
        return (a.replace(co_consts=()) == b.replace(co_consts=())
                and len(a.co_consts) == len(b.co_consts)
                and all(alike(x, y) for x, y in zip(a.co_consts, b.co_consts)))
    return type(a) is type(b) and a == b

records.PATH = sys.argv[1]
for name in json.loads(sys.argv[2]):
    importlib.import_module(name)
from pipeline.model import Box, Page
# every code object run equals what exec would have compiled from the same source
same = all(alike(compile(src, "<string>", "exec"), code) for src, code in records._used.items())
box = Box(3, 1.0, 2.0, 4.0, 5.0)
try:
    box.page = 4
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
behaves = {
    "repr": repr(box),
    "eq": box == Box(3, 1.0, 2.0, 4.0, 5.0) and box != Box(4, 1.0, 2.0, 4.0, 5.0),
    "hash": hash(box) == hash(Box(3, 1.0, 2.0, 4.0, 5.0)),
    "frozen": frozen,
    "factory": Page(1, 10.0, 20.0, []).rules == [],
    "replace": dataclasses.replace(box, page=9).page,
    "slots": not hasattr(box, "__dict__"),
}
written = records.save(force="force" in sys.argv)
print(json.dumps({"counts": records.counts, "same": same, "behaves": behaves,
                  "written": written, "left_patched": "exec" in vars(dataclasses)}))
"""


def _run(path: Path, *flags: str, **env: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(path), json.dumps(MODULES),
                           *flags], cwd=ROOT, env={**os.environ, **env}, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


#: what the checks print when the classes work as dataclasses made them
BEHAVES = {"repr": "Box(page=3, x0=1.0, top=2.0, x1=4.0, bottom=5.0)", "eq": True,
           "hash": True, "frozen": True, "factory": True, "replace": 9, "slots": True}


def test_a_later_process_runs_the_code_an_earlier_one_compiled(tmp_path: Path) -> None:
    path = tmp_path / "methods.marshal"
    first = _run(path, "force")
    assert first["written"] and path.read_bytes().startswith(MAGIC_NUMBER)
    assert first["counts"]["loaded"] == 0 and first["counts"]["compiled"] > 50
    second = _run(path)
    assert second["counts"] == {"loaded": first["counts"]["compiled"], "compiled": 0}
    assert not second["written"]  # nothing new: the file is left as it is
    for run in (first, second):
        assert run["same"] and run["behaves"] == BEHAVES and not run["left_patched"]


@pytest.mark.parametrize("damage", ["truncated", "other python", "not a mapping",
                                    "not code", "garbage code"])
def test_a_damaged_file_means_compiling_again(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "methods.marshal"
    _run(path, "force")
    data = path.read_bytes()
    stored = marshal.loads(data[len(MAGIC_NUMBER):])
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "other python":
        path.write_bytes(b"\x00\x00\r\n" + data[len(MAGIC_NUMBER):])
    elif damage == "not a mapping":
        path.write_bytes(MAGIC_NUMBER + marshal.dumps(list(stored)))
    elif damage == "not code":
        path.write_bytes(MAGIC_NUMBER + marshal.dumps({k: marshal.dumps(1) for k in stored}))
    else:
        path.write_bytes(MAGIC_NUMBER + marshal.dumps({k: b"\xff" + v[:9] for k, v in
                                                      stored.items()}))
    run = _run(path)
    assert run["counts"]["compiled"] == len(stored) and run["counts"]["loaded"] == 0
    assert run["same"] and run["behaves"] == BEHAVES


def test_no_file_is_written_where_bytecode_is_not(tmp_path: Path) -> None:
    path = tmp_path / "methods.marshal"
    run = _run(path, PYTHONDONTWRITEBYTECODE="1")
    assert run["counts"]["compiled"] > 50 and not run["written"] and not path.exists()
    # an unwritable place: nothing written, nothing left behind, no error
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    run = _run(blocked / "methods.marshal", "force")
    assert not run["written"] and sorted(p.name for p in tmp_path.iterdir()) == [blocked.name]


def test_other_classes_are_made_as_dataclasses_makes_them(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "PATH", str(tmp_path / "methods.marshal"))
    before = dict(records._used)

    @records.dataclass(frozen=True)
    class Outside:  # this test module's: not the package's, so nothing is kept
        a: int
        b: str = "x"

    assert Outside(1) == Outside(1, "x") and repr(Outside(2)).endswith("Outside(a=2, b='x')")
    assert records._used == before
    assert "exec" not in vars(dataclasses)  # the stand-in is gone once the class is made
    assert dataclasses.fields(Outside)[1].default == "x"


def test_the_file_is_current_only_when_newer_than_every_module(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "methods.marshal"
    monkeypatch.setattr(records, "PATH", str(path))
    assert not records.current()  # no file
    path.write_bytes(MAGIC_NUMBER)
    newest = max(p.stat().st_mtime for p in Path(records.__file__).parent.rglob("*.py"))
    os.utime(path, (newest + 10, newest + 10))
    assert records.current()
    os.utime(path, (newest - 10, newest - 10))  # a module changed since it was written
    assert not records.current()


def _package_copy(tmp_path: Path) -> Path:
    """A copy of the package's sources (no bytecode, no compiled loops) in ``tmp_path``."""
    import shutil

    shutil.copytree(Path(records.__file__).parent, tmp_path / "pipeline",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    return tmp_path


def _command(where: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.records", *args], cwd=where,
                          capture_output=True, text=True, env={**os.environ,
                                                               "PYTHONDONTWRITEBYTECODE": "1"})


def test_the_command_writes_the_file_when_a_module_is_newer(tmp_path: Path) -> None:
    where = _package_copy(tmp_path)
    done = _command(where)
    assert done.returncode == 0, done.stderr
    made = list((where / "pipeline" / "__pycache__").glob("dataclass-methods.*.marshal"))
    assert len(made) == 1 and made[0].name == Path(records.PATH).name
    stored = marshal.loads(made[0].read_bytes()[len(MAGIC_NUMBER):])
    assert len(stored) > 100  # every module's classes (the run makes about half of them)
    old = (made[0].stat().st_mtime_ns, made[0].read_bytes())
    os.utime(made[0], ns=(old[0], old[0]))
    assert _command(where).returncode == 0
    assert made[0].stat().st_mtime_ns == old[0]  # current: left as it is
    module = where / "pipeline" / "model.py"
    later = old[0] + 5_000_000_000
    os.utime(module, ns=(later, later))
    assert _command(where).returncode == 0
    assert made[0].stat().st_mtime_ns > old[0]  # a module changed since: written again


def test_the_command_notes_a_file_it_cannot_write(tmp_path: Path) -> None:
    where = _package_copy(tmp_path)
    (where / "pipeline" / "__pycache__").write_text("a file where the folder would be")
    done = _command(where, "--force")
    assert done.returncode == 0 and "could not be written" in done.stderr
    assert done.stderr.count("\n") == 1


@records.dataclass(frozen=True, slots=True)
class _Point:
    x: float
    y: float
    label: str = ""


@records.dataclass(frozen=True, slots=True)
class _Single:
    value: int


@records.dataclass(frozen=True, slots=True)
class _Checked:
    value: int

    def __post_init__(self) -> None:
        _CHECKED.append(self.value)


@records.dataclass(frozen=True, slots=True)
class _Derived:
    value: int
    twice: int = dataclasses.field(init=False, default=0)


class _SubPoint(_Point):
    pass


_CHECKED: list[int] = []


def test_frozen_slotted_classes_pickle_as_their_values_given_to_init() -> None:
    """A frozen class with slots is pickled as its class and its fields' values, which its
    ``__init__`` takes back: the same object, in less time than dataclasses' own state. A class
    whose ``__init__`` does more or takes less (``__post_init__``, a field left out of it) and
    an object of a subclass are pickled the dataclasses way."""
    import copy
    import pickle

    from pipeline.model import Box

    box = Box(3, 1.0, 2.0, 4.0, 5.0)
    assert box.__reduce_ex__(pickle.HIGHEST_PROTOCOL) == (Box, (3, 1.0, 2.0, 4.0, 5.0))
    for obj in (box, _Point(1.5, -2.0, "a"), _Single(7)):
        for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
            back = pickle.loads(pickle.dumps(obj, protocol=protocol))
            assert back == obj and type(back) is type(obj)
        assert copy.copy(obj) == obj and copy.deepcopy(obj) == obj
    assert _Single(7).__reduce_ex__(4) == (_Single, (7,))

    # dataclasses' way where the constructor would not give the same object back
    for cls in (_Checked, _Derived):
        assert "__reduce__" not in vars(cls)
    _CHECKED.clear()
    checked = _Checked(4)
    assert pickle.loads(pickle.dumps(checked)) == checked and _CHECKED == [4]  # not run again
    derived = _Derived(2)
    object.__setattr__(derived, "twice", 4)
    assert pickle.loads(pickle.dumps(derived)).twice == 4
    sub = _SubPoint(1.0, 2.0, "s")
    back = pickle.loads(pickle.dumps(sub))
    assert type(back) is _SubPoint and back == sub


def test_the_extraction_cache_pickles_a_document_whole(tmp_path: Path) -> None:
    """A whole extraction (boxes, lines, words, rows, furniture) comes back from its pickle
    equal, as the extraction cache and the pool's workers hand it over."""
    import pickle

    from conftest import FIXTURES

    from pipeline.parse.document import extract_document

    ex = extract_document(FIXTURES / "pdfs" / "artifact_cross_page.pdf", mode="auto",
                          password=None, backend="pdfplumber")
    assert pickle.loads(pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL)) == ex
