"""The literal pre-checks of the enrichment patterns, kept between runs: a later process takes
what an earlier one worked out, the same as working it out; a file made by other code or
another Python, or a damaged entry, is worked out again."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline import usercache
from pipeline.parse import enrich

# a process builds every language's tables and prints how many patterns' literals it took from
# the file, how many it worked out, and whether each equals what the pattern's parse gives
_SCRIPT = r"""
import json
from pipeline.parse import enrich
enrich.compile_patterns()
kept = enrich.literal_counts["kept"]
worked = enrich.literal_counts["worked"]
patterns = [p for _n, p in enrich._tables().organisations]
for code in enrich.ENRICHED:
    lang = enrich._language(code)
    patterns += [p for _k, p in lang.actors] + [p for _k, p, _a in lang.modalities]
same = all(enrich._required_literals(p) == enrich._find_literals(p) for p in patterns)
print(json.dumps({"kept": kept, "worked": worked, "same": same, "patterns": len(patterns)}))
"""


def _run(folder: Path) -> dict:
    env = {**os.environ, "UNRECS_CACHE_HOME": str(folder)}
    done = subprocess.run([sys.executable, "-c", _SCRIPT], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _file(folder: Path) -> Path:
    return folder / "enrich" / f"literals-{sys.implementation.cache_tag}.pickle"


def test_a_later_process_takes_the_literals_an_earlier_one_worked_out(tmp_path: Path) -> None:
    first = _run(tmp_path)
    assert first["kept"] == 0 and first["worked"] > 50 and first["same"]
    assert _file(tmp_path).is_file()
    second = _run(tmp_path)
    assert second == {**first, "kept": first["worked"], "worked": 0}


@pytest.mark.parametrize("damage", ["other code", "not a list", "wrong items"])
def test_a_file_of_other_code_or_a_damaged_entry_is_worked_out_again(tmp_path: Path,
                                                                    damage: str) -> None:
    first = _run(tmp_path)
    data = usercache.read(_file(tmp_path))
    if damage == "other code":
        data["mark"] = "0" * 64
    else:
        bad = "literals" if damage == "not a list" else [[("x", "yes")]]
        data["entries"] = {k: bad for k in data["entries"]}
    _file(tmp_path).write_bytes(pickle.dumps(data))
    again = _run(tmp_path)
    assert again["same"] and again["worked"] == first["worked"] and again["kept"] == 0


def test_the_mark_follows_this_module_s_code(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    mark = enrich._literals_mark()
    copy = tmp_path / "enrich.py"
    copy.write_bytes(Path(enrich.__file__).read_bytes())
    monkeypatch.setattr(enrich, "__file__", str(copy))
    enrich._literals_mark.cache_clear()
    enrich._literal_store.cache_clear()
    try:
        assert enrich._literals_mark() == mark  # the same code
        copy.write_bytes(copy.read_bytes() + b"\n# changed\n")
        enrich._literals_mark.cache_clear()
        assert enrich._literals_mark() not in ("", mark)
    finally:
        enrich._literals_mark.cache_clear()
        enrich._literal_store.cache_clear()
