"""The languages' written ordinals kept between runs (pipeline/lang/__init__.py): a later
process takes the tables an earlier one built, the same as building them; a file made by other
code or another Python, or a damaged entry, is built again."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline import lang, usercache

# a process builds (or takes) every language's ordinal table and words, and prints whether each
# equals what building it gives and which files it read
_SCRIPT = r"""
import json
from pipeline import lang
from pipeline.lang import common

def built(code):
    table = {}
    for n in range(1, 100):
        for form in lang.MODULES[code].ordinal_forms(n):
            table.setdefault(common.fold(form), n)
    words = set(table)
    for n in range(1, 100):
        words |= {common.normalize_text(f) for f in lang.MODULES[code].ordinal_forms(n)}
    return table, frozenset(words)

# taken from the file: the very table it holds
kept = {c: lang._ordinal_table(c) is lang._ordinal_store(c).get("table") for c in lang.LANGS}
same = all((lang._ordinal_table(c), lang.ordinal_words(c)) == built(c) for c in lang.LANGS)
union = lang.ordinal_words(None) == frozenset().union(*(built(c)[1] for c in lang.LANGS))
print(json.dumps({"kept": kept, "same": same, "union": union,
                  "twenty-first": lang.ordinal_value("Vingt et unième")}))
"""


def _run(folder: Path) -> dict:
    env = {**os.environ, "UNRECS_CACHE_HOME": str(folder)}
    done = subprocess.run([sys.executable, "-c", _SCRIPT], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _file(folder: Path, code: str) -> Path:
    return folder / "lang" / f"ordinals-{code}-{sys.implementation.cache_tag}.pickle"


def test_a_later_process_takes_the_tables_an_earlier_one_built(tmp_path: Path) -> None:
    first = _run(tmp_path)
    assert first["same"] and first["union"] and first["twenty-first"] == 21
    assert not any(first["kept"].values())
    assert all(_file(tmp_path, code).is_file() for code in lang.LANGS)
    second = _run(tmp_path)
    assert second == {**first, "kept": dict.fromkeys(lang.LANGS, True)}


@pytest.mark.parametrize("damage", ["other code", "not a table", "wrong items"])
def test_a_file_of_other_code_or_a_damaged_entry_is_built_again(tmp_path: Path,
                                                                damage: str) -> None:
    _run(tmp_path)
    for code in lang.LANGS:
        data = usercache.read(_file(tmp_path, code))
        if damage == "other code":
            data["mark"] = "0" * 64
        elif damage == "not a table":
            data["entries"] = {"table": ["vingtième"], "words": "vingtième"}
        else:
            data["entries"] = {"table": {"vingtieme": "20"}, "words": ["x", 2]}
        _file(tmp_path, code).write_bytes(pickle.dumps(data))
    again = _run(tmp_path)
    assert again["same"] and again["union"] and again["twenty-first"] == 21
    assert again["kept"] == dict.fromkeys(lang.LANGS, False)
    assert _run(tmp_path)["kept"] == dict.fromkeys(lang.LANGS, True)  # written again


def test_the_mark_follows_the_code_of_the_forms_and_their_folding(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mark = lang._ordinals_mark()
    assert mark
    package = tmp_path / "pipeline"
    (package / "lang").mkdir(parents=True)
    for p in Path(lang.__file__).parent.glob("*.py"):
        (package / "lang" / p.name).write_bytes(p.read_bytes())
    textnorm = Path(lang.__file__).parent.parent / "textnorm.py"
    (package / "textnorm.py").write_bytes(textnorm.read_bytes())
    monkeypatch.setattr(lang, "__file__", str(package / "lang" / "__init__.py"))
    lang._ordinals_mark.cache_clear()
    try:
        assert lang._ordinals_mark() == mark  # the same code
        for changed in (package / "lang" / "ru.py", package / "textnorm.py"):
            changed.write_bytes(changed.read_bytes() + b"\n# changed\n")
            lang._ordinals_mark.cache_clear()
            assert lang._ordinals_mark() not in ("", mark)
            mark = lang._ordinals_mark()
    finally:
        lang._ordinals_mark.cache_clear()
