"""The compiled-pattern cache: a later process loads what an earlier one compiled, with equal
results; a damaged or tampered file, or a turned-off cache, only means compiling again."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex
from conftest import ROOT

from pipeline import regexcache

#: a few patterns like the package's (flags, version 1, named groups, Arabic and Han
#: properties) and a text they find things in
PATTERNS = [(r"(?P<num>\d{1,3})\.\s+(?P<rest>.+)", 0),
            (r"\b(?:recommandations?|recommendations?)\b", int(regex.IGNORECASE)),
            (r"[\p{Han}\p{Arabic}]+", 0),
            (r"(?<=\p{L})-(?=\p{Ll})", int(regex.V1))]
TEXT = "12. Le Groupe de travail recommande: Recommandations 建议 توصيات self-help"

# a process compiles them through the cache, prints how the look-ups went and what each finds
_SCRIPT = r"""
import json, sys
from pipeline import regexcache
pats, text = json.loads(sys.argv[1])
found = [[list(m.span()) for m in regexcache.compile(p, f).finditer(text)] for p, f in pats]
groups = regexcache.compile(pats[0][0]).match(text).groupdict()
print(json.dumps({"counts": regexcache.counts, "found": found, "groups": groups}))
"""


def _run(folder: str, **env: str) -> dict:
    env = {**os.environ, "UNRECS_CACHE_HOME": folder, **env}
    done = subprocess.run([sys.executable, "-c", _SCRIPT, json.dumps([PATTERNS, TEXT])],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _expected() -> tuple[list[list[list[int]]], dict[str, str]]:
    """What regex itself finds, compiled here without the cache."""
    found = [[list(m.span()) for m in regex.compile(p, f).finditer(TEXT)] for p, f in PATTERNS]
    match = regex.compile(PATTERNS[0][0]).match(TEXT)
    assert match is not None
    return found, match.groupdict()


def test_a_later_process_loads_the_patterns_an_earlier_one_compiled(tmp_path: Path) -> None:
    folder = str(tmp_path / "caches")
    first = _run(folder)
    files = list((Path(folder) / "regex").glob("regex-*.pickle"))
    assert len(files) == 1 and regex.__version__ in files[0].name
    second = _run(folder)
    # the package's own module-level patterns count too: the test's four are among them
    assert first["counts"]["compiled"] >= 4
    assert second["counts"]["compiled"] == 0 and second["counts"]["loaded"] >= 4
    found, groups = _expected()
    assert first["found"] == second["found"] == found
    assert first["groups"] == second["groups"] == groups


def test_turned_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNRECS_CACHE_HOME", "0")
    assert regexcache.cache_file() is None
    # where the cache would be were it on: nothing is written there
    out = _run("0", XDG_CACHE_HOME=str(tmp_path), HOME=str(tmp_path))
    assert out["counts"]["loaded"] == 0 and out["counts"]["compiled"] >= len(PATTERNS)
    assert (out["found"], out["groups"]) == _expected()
    assert not list(tmp_path.iterdir())


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This process's cache state emptied and pointed at a new folder."""
    monkeypatch.setenv("UNRECS_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(regexcache, "_patterns", {})
    monkeypatch.setattr(regexcache, "counts", {"loaded": 0, "compiled": 0})
    regexcache.store.cache_clear()  # a new file state, read from the new folder
    path = regexcache.cache_file()
    assert path is not None
    yield path
    regexcache.store.cache_clear()


def _reload() -> None:
    """As a new process: the file read again, no pattern made yet."""
    regexcache.store.cache_clear()
    regexcache._patterns.clear()


def test_a_tampered_file_runs_no_code(fresh: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):  # noqa: ANN204 - pickle protocol
            return (os.system, (f"touch {marker}",))

    key = (r"\d+", 0, int(regex.DEFAULT_VERSION))
    fresh.parent.mkdir(parents=True, exist_ok=True)
    # the payload as the outer mapping, then as one pattern's pickle
    for data in (Payload(), {"mark": "", "entries": {key: pickle.dumps(Payload())}}):
        fresh.write_bytes(pickle.dumps(data))
        _reload()
        assert regexcache.compile(r"\d+").findall("a 12 b 3") == ["12", "3"]
        assert not marker.exists()
    assert regexcache.counts == {"loaded": 0, "compiled": 2}


def test_a_damaged_file_is_compiled_around_and_rewritten(fresh: Path) -> None:
    fresh.parent.mkdir(parents=True, exist_ok=True)
    fresh.write_bytes(b"\x80\x05 not a pickle at all")
    assert regexcache.compile(r"(\w+)@(\w+)").findall("a@b c@d") == [("a", "b"), ("c", "d")]
    regexcache.save()
    assert list(regexcache.store().read()) == [(r"(\w+)@(\w+)", 0, int(regex.DEFAULT_VERSION))]


def test_the_file_keeps_the_newest_entries(fresh: Path) -> None:
    regexcache.store().limit = 3
    for n in range(2):
        regexcache.compile(f"old{n}")
    regexcache.save()
    for n in range(3):
        regexcache.compile(f"new{n}")
    regexcache.save()
    assert [k[0] for k in regexcache.store().read()] == ["new0", "new1", "new2"]


def test_a_folder_that_cannot_be_written_is_left_alone(
        fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "regex").write_text("a file where the folder would be")
    monkeypatch.setenv("UNRECS_CACHE_HOME", str(blocked))
    assert regexcache.compile("x+y").fullmatch("xxy")
    regexcache.save()  # no error
    assert (blocked / "regex").read_text() == "a file where the folder would be"
    assert [p.name for p in blocked.iterdir()] == ["regex"]


def test_the_module_functions_answer_as_regex_does() -> None:
    text = "Vingt et unième session, tenue à Vienne — الدورة 21"
    cases = [(r"\p{L}+", 0), (r"(?P<n>\d+)$", 0), (r"^vingt", regex.IGNORECASE), (r"\p{Arabic}", 0)]
    for pattern, flags in cases:
        for name in ("match", "search", "fullmatch"):
            a = getattr(regexcache, name)(pattern, text, flags)
            b = getattr(regex, name)(pattern, text, flags)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))
        assert regexcache.sub(pattern, "_", text, 2, flags) == regex.sub(
            pattern, "_", text, count=2, flags=flags)
        assert regexcache.sub(pattern, "_", text, flags=flags) == regex.sub(
            pattern, "_", text, flags=flags)
