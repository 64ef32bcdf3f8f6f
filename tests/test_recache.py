"""The :mod:`re` pattern cache: a later process hands the C engine what an earlier one derived,
and gets patterns equal to :func:`re.compile`'s; a damaged, tampered or foreign file, or a
derivation that does not match, only means compiling as usual."""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline import recache

#: patterns like the package's: named groups, flags, look-arounds, Unicode classes, a bytes
#: pattern (the content-stream tokenizer's kind) and an inline flag
PATTERNS = [(r"(?P<num>\d{1,3})\.\s+(?P<rest>.+)", 0),
            (r"\b(?:recommandations?|recommendations?)\b", int(re.IGNORECASE)),
            (r"(?<=\w)-(?=[a-zà-ÿ])", 0),
            (r"(?i)[À-ÿ]+\s*\(\w\)", 0),
            (r"^\s*(?:[IVXLC]+)\.\s", int(re.MULTILINE))]
TEXT = "12. Le Groupe recommande: Recommandations self-help ÉTAT (a)\nIV. Titre"
BYTES = (rb"\s*(/[^\s/\[\]()<>{}%]*|\d+(?:\.\d*)?|[A-Za-z'\"*]+)", b"/F1 12 Tf 0.5 Tw (x) Tj")

# a process compiles them through the cache and prints how it went and what each finds
_SCRIPT = r"""
import json, re, sys
from pipeline import recache
pats, text = json.loads(sys.argv[1])
made = [recache.compile(p, f) for p, f in pats]
found = [[[m.span(), m.groups()] for m in rx.finditer(text)] for rx in made]
braw = recache.compile(sys.argv[2].encode("latin-1"))
bfound = [m.group(1).decode() for m in braw.finditer(sys.argv[3].encode("latin-1"))]
same = all(rx == re.compile(p, f) and rx.groupindex == re.compile(p, f).groupindex
           for rx, (p, f) in zip(made, pats)) and braw == re.compile(braw.pattern)
print(json.dumps({"counts": recache.counts, "found": found, "bytes": bfound, "same": same}))
"""


def _run(folder: str, **env: str) -> dict:
    env = {**os.environ, "UNRECS_CACHE_HOME": folder, **env}
    done = subprocess.run([sys.executable, "-c", _SCRIPT, json.dumps([PATTERNS, TEXT]),
                           *(b.decode("latin-1") for b in BYTES)],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _expected() -> tuple[list, list[str]]:
    """What re itself finds, compiled here without the cache."""
    found = [[[list(m.span()), list(m.groups())] for m in re.compile(p, f).finditer(TEXT)]
             for p, f in PATTERNS]
    return found, [m.group(1).decode() for m in re.finditer(BYTES[0], BYTES[1])]


def test_a_later_process_hands_over_what_an_earlier_one_derived(tmp_path: Path) -> None:
    folder = str(tmp_path / "caches")
    first = _run(folder)
    assert (Path(folder) / "regex" / f"re-{sys.implementation.cache_tag}.pickle").is_file()
    second = _run(folder)
    # the package's own module-level patterns count too: the test's six are among them
    assert first["counts"]["compiled"] >= 6
    assert second["counts"]["compiled"] == 0 and second["counts"]["loaded"] >= 6
    found, found_bytes = _expected()
    for run in (first, second):
        assert run["same"] and run["found"] == found and run["bytes"] == found_bytes


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This process's cache state emptied and pointed at a new folder."""
    monkeypatch.setenv("UNRECS_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(recache, "_patterns", {})
    monkeypatch.setattr(recache, "counts", {"loaded": 0, "compiled": 0})
    recache.store.cache_clear()  # a new file state, read from the new folder
    path = recache.cache_file()
    assert path is not None
    yield path
    recache.store.cache_clear()


def _reload() -> None:
    """As a new process: the file read again, no pattern made yet."""
    recache.store.cache_clear()
    recache._patterns.clear()


def _write(path: Path, entries: object, python: str = sys.version) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps({"mark": python, "entries": entries}))


def test_what_is_kept_is_what_re_compile_hands_over(fresh: Path) -> None:
    rx = recache.compile(r"(?P<a>\w+)@(?P<b>\w+)", re.I)
    recache.save()
    _reload()
    again = recache.compile(r"(?P<a>\w+)@(?P<b>\w+)", re.I)
    assert recache.counts == {"loaded": 1, "compiled": 1}
    assert again is not rx and again == re.compile(r"(?P<a>\w+)@(?P<b>\w+)", re.I)
    assert again.flags == rx.flags and dict(again.groupindex) == {"a": 1, "b": 2}
    assert again.findall("X@y z@W") == [("X", "y"), ("z", "W")]


@pytest.mark.parametrize("wrong", ["flags", "code", "names"])
def test_a_derivation_that_does_not_match_is_not_kept(fresh: Path, wrong: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    real = recache._derive

    def mistaken(pattern: str, flags: int) -> recache._Args:
        final, code, groups, names, numbers = real(pattern, flags)
        if wrong == "flags":
            final |= re.IGNORECASE
        elif wrong == "code":
            code = real("(?P<a>x)(?P<b>z)", flags)[1]
        else:
            names = {"b": 1, "a": 2}
        return final, code, groups, names, numbers

    monkeypatch.setattr(recache, "_derive", mistaken)
    assert recache.compile("(?P<a>x)(?P<b>y)").fullmatch("xy")
    assert recache.store().added() == {} and recache.counts == {"loaded": 0, "compiled": 1}


@pytest.mark.parametrize("damage", ["invalid code", "wrong shape", "other python",
                                    "not a mapping", "not a pickle"])
def test_a_damaged_or_foreign_file_is_compiled_around(fresh: Path, damage: str) -> None:
    key = (r"(\d+)-(\d+)", 0)
    args = recache._derive(*key)
    if damage == "invalid code":
        _write(fresh, {key: (args[0], [999999, *args[1]], *args[2:])})
    elif damage == "wrong shape":
        _write(fresh, {key: (args[0], "code", *args[2:])})
    elif damage == "other python":
        _write(fresh, {key: args}, python="2.7.18")
    elif damage == "not a mapping":
        _write(fresh, [key, args])
    else:
        fresh.parent.mkdir(parents=True, exist_ok=True)
        fresh.write_bytes(b"\x80\x05 not a pickle at all")
    assert recache.compile(*key).findall("1-2 and 30-40") == [("1", "2"), ("30", "40")]
    assert recache.counts == {"loaded": 0, "compiled": 1}


def test_a_tampered_file_runs_no_code(fresh: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):  # noqa: ANN204 - pickle protocol
            return (os.system, (f"touch {marker}",))

    fresh.parent.mkdir(parents=True, exist_ok=True)
    fresh.write_bytes(pickle.dumps({"mark": sys.version, "entries": {(r"\d+", 0): Payload()}}))
    assert recache.compile(r"\d+").findall("a 12 b 3") == ["12", "3"]
    assert not marker.exists() and recache.counts == {"loaded": 0, "compiled": 1}


def test_the_file_keeps_the_newest_entries(fresh: Path) -> None:
    recache.store().limit = 3
    for n in range(2):
        recache.compile(f"old{n}")
    recache.save()
    for n in range(3):
        recache.compile(f"new{n}")
    recache.save()
    assert [k[0] for k in recache.store().read()] == ["new0", "new1", "new2"]


def test_debug_patterns_and_a_turned_off_cache_keep_nothing(
        fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recache.compile("a|b", re.DEBUG)  # re prints its parse: nothing to keep
    assert recache.store().added() == {}
    monkeypatch.setenv("UNRECS_CACHE_HOME", "0")
    assert recache.cache_file() is None
    recache.compile("c+d")
    assert recache.store().added() == {}


def test_the_module_functions_answer_as_re_does() -> None:
    text = "Distr.: General 21 June 2019 — CRP.12, L.3 et l'ONUDC"
    cases = [(r"\d+", 0), (r"(?P<w>[a-z]+)\.(\d+)", re.IGNORECASE), (r"^distr", re.I), ("x?", 0)]
    for pattern, flags in cases:
        for name in ("match", "search", "fullmatch", "findall"):
            mine, theirs = getattr(recache, name), getattr(re, name)
            a, b = mine(pattern, text, flags), theirs(pattern, text, flags)
            if name == "findall":
                assert a == b
            else:
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))
        assert ([m.span() for m in recache.finditer(pattern, text, flags)]
                == [m.span() for m in re.finditer(pattern, text, flags)])
        assert recache.split(pattern, text, 2, flags) == re.split(
            pattern, text, maxsplit=2, flags=flags)
        assert recache.sub(pattern, "<\\g<0>>", text, 3, flags) == re.sub(
            pattern, "<\\g<0>>", text, count=3, flags=flags)
    assert recache.sub(rb"#(\w\w)", b"%", b"a#41b") == re.sub(rb"#(\w\w)", b"%", b"a#41b")


# patterns compiled through re itself (as the standard library's modules compile theirs at
# import): recorded at exit, put into re's own cache by the next process's prime()
_THROUGH_RE = r"""
import json, re, sys
from pipeline import recache
primed = recache.prime()
pattern, flags = sys.argv[1], int(sys.argv[2])
key = (str, pattern, flags)
ready = key in re._cache  # put there by prime(), before anything compiled it
rx = re.compile(pattern, flags)
ours = recache.compile(r"(?P<own>ours)+", 0)  # the package's kind: its own entry, not re's
same = rx == re._compiler.compile(pattern, flags) and dict(rx.groupindex) == {"w": 1}
print(json.dumps({"primed": primed, "ready": ready, "same": same,
                  "found": rx.findall("Ab-12 cd-3 ef"), "ours": bool(ours.match("ours"))}))
"""


def _through_re(folder: str, pattern: str = r"(?P<w>[a-z]+)-\d+", flags: int = re.I) -> dict:
    env = {**os.environ, "UNRECS_CACHE_HOME": folder}
    done = subprocess.run([sys.executable, "-c", _THROUGH_RE, pattern, str(int(flags))], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_patterns_compiled_through_re_are_in_its_cache_in_the_next_process(
        tmp_path: Path) -> None:
    folder = str(tmp_path / "caches")
    first = _through_re(folder)
    assert first["primed"] == 0 and not first["ready"]
    second = _through_re(folder)
    assert second["primed"] >= 1 and second["ready"]
    for run in (first, second):
        assert run["same"] and run["found"] == ["Ab", "cd"] and run["ours"]
    # the package's own patterns keep their own entries; re's are one entry of their own
    entries = pickle.loads((Path(folder) / "regex" /
                            f"re-{sys.implementation.cache_tag}.pickle").read_bytes())["entries"]
    through = entries[recache._THROUGH_RE]
    assert (r"(?P<w>[a-z]+)-\d+", int(re.I)) in through
    assert (r"(?P<own>ours)+", 0) not in through and (r"(?P<own>ours)+", 0) in entries
    # a pattern the next process does not compile is primed all the same, and harmless
    third = _through_re(folder, r"x(y)", 0)
    assert third["primed"] >= 1 and not third["ready"]


@pytest.mark.parametrize("damage", ["invalid code", "wrong shape", "not a mapping"])
def test_a_damaged_entry_of_re_patterns_primes_nothing_of_it(fresh: Path, damage: str) -> None:
    key = (r"(\d+)-(\d+)", 0)
    args = recache._derive(*key)
    kept = {"invalid code": {key: (args[0], [999999, *args[1]], *args[2:])},
            "wrong shape": {key: (args[0], "code", *args[2:])},
            "not a mapping": [key, args]}[damage]
    _write(fresh, {recache._THROUGH_RE: kept})
    memo = (str, *key)
    re._cache.pop(memo, None)
    try:
        assert recache.prime() == 0 and memo not in re._cache
        assert re.compile(*key).findall("1-2 and 30-40") == [("1", "2"), ("30", "40")]
    finally:
        import atexit

        atexit.unregister(recache._record)  # (this process records nothing)
