"""The per-user cache files: a store's entries come back in a later look-up, marked files of
another mark and damaged files are not read, the newest entries are kept within the bound, and
nothing is written when the caches are turned off or the folder cannot be written."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from pipeline import usercache


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNRECS_CACHE_HOME", str(tmp_path))
    return tmp_path


def test_entries_come_back_from_the_file(home: Path) -> None:
    first = usercache.Store("kind", "entries.pickle", mark="v1")
    assert first.get(("a", 1)) is None and first.get("b", "none") == "none"
    first.put(("a", 1), [("abc", True)])
    first.put("b", None)
    assert first.added() == {("a", 1): [("abc", True)], "b": None}
    first.save()
    assert first.added() == {}
    later = usercache.Store("kind", "entries.pickle", mark="v1")  # as a later process
    assert later.get(("a", 1)) == [("abc", True)] and later.get("b", "none") is None
    assert (home / "kind" / "entries.pickle").is_file()


def test_a_file_of_another_mark_or_damaged_is_not_read(home: Path) -> None:
    made = usercache.Store("kind", "entries.pickle", mark="v1")
    made.put("k", 1)
    made.save()
    assert usercache.Store("kind", "entries.pickle", mark="v2").get("k") is None
    path = home / "kind" / "entries.pickle"
    for data in (b"\x80\x05 not a pickle", pickle.dumps(["k", 1]),
                 pickle.dumps({"mark": "v1", "entries": ["k"]})):
        path.write_bytes(data)
        assert usercache.Store("kind", "entries.pickle", mark="v1").get("k") is None


def test_the_newest_entries_are_kept_within_the_bound(home: Path) -> None:
    store = usercache.Store("kind", "entries.pickle", limit=3)
    for k in ("a", "b"):
        store.put(k, k)
    store.save()
    store.put("a", "again")  # written again: the newest
    store.put("c", "c")
    store.put("d", "d")
    store.save()
    assert list(store.read().items()) == [("a", "again"), ("c", "c"), ("d", "d")]


def test_nothing_is_written_turned_off_or_where_it_cannot_be(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNRECS_CACHE_HOME", "0")
    off = usercache.Store("kind", "entries.pickle")
    off.put("k", 1)
    assert off.path() is None and off.added() == {}
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "kind").write_text("a file where the folder would be")
    monkeypatch.setenv("UNRECS_CACHE_HOME", str(blocked))
    store = usercache.Store("kind", "entries.pickle")
    store.put("k", 1)
    store.save()  # no error, nothing left behind
    assert sorted(p.name for p in blocked.iterdir()) == ["kind"]
    assert store.get("k") is None


def test_save_all_writes_every_store_s_new_entries(home: Path) -> None:
    one = usercache.Store("kind", "one.pickle")
    two = usercache.Store("other", "two.pickle", mark="m")
    one.put("a", 1)
    two.put("b", 2)
    usercache.save_all()  # what a pool's worker does after each document
    assert one.added() == {} and two.added() == {}
    assert usercache.Store("kind", "one.pickle").get("a") == 1
    assert usercache.Store("other", "two.pickle", mark="m").get("b") == 2
