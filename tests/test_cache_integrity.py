"""Cache integrity: checksummed entries, never served when altered, other versions pruned,
``unrecs cache clear``."""

from __future__ import annotations

import pickle
import shutil
import time
from pathlib import Path

import pytest
from conftest import FIXTURES
from test_runner import Spy
from typer.testing import CliRunner

from pipeline import errors
from pipeline.cli import app
from pipeline.model import Extraction
from pipeline.run.cache import CACHE_DIRNAME, ExtractionCache
from pipeline.run.cache_entry import seal, unseal
from pipeline.run.runner import extract_many

PDF = FIXTURES / "pdfs" / "artifact_cross_page.pdf"


class _Trap:
    """Unpickling this writes a marker file: proof that an entry was (not) unpickled."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (Path(self.marker), "unpickled"))  # type: ignore[return-value]


def test_seal_round_trip_and_rejects_damage() -> None:
    data = seal(b"payload bytes")
    assert unseal(data) == b"payload bytes"
    assert unseal(data[:-1]) is None
    assert unseal(data[:10]) is None
    assert unseal(data.replace(b"payload", b"paYload")) is None
    assert unseal(b"payload bytes") is None
    assert unseal(b"") is None


@pytest.mark.parametrize("damage", ["truncate", "flip", "swap"])
def test_damaged_entry_is_recomputed_not_served(tmp_path: Path, damage: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    first, _, _ = extract_many([PDF], cache_dir=cache)
    (entry,) = cache.rglob("*.pkl")
    data = entry.read_bytes()
    marker = tmp_path / "marker"
    if damage == "truncate":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        entry.write_bytes(data[:-20] + bytes([data[-20] ^ 0xFF]) + data[-19:])
    else:  # a valid header from the real entry in front of another pickle
        entry.write_bytes(data[: data.index(b"\n") + 1] + pickle.dumps(_Trap(str(marker))))
    assert ExtractionCache(cache).load(entry.stem) is None
    spy = Spy(monkeypatch)
    again, _, stats = extract_many([PDF], cache_dir=cache)
    assert spy.calls == [PDF.name] and stats.from_cache == 0
    assert again == first
    assert not marker.exists()
    assert isinstance(ExtractionCache(cache).load(entry.stem), Extraction)  # rewritten whole


def test_entries_of_other_code_versions_are_pruned(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    extract_many([PDF], cache_dir=cache)
    current = ExtractionCache(cache).version
    old = cache / "0123456789abcdef" / "ab" / ("ab" + "0" * 62 + ".pkl")
    old.parent.mkdir(parents=True)
    old.write_bytes(seal(b"old"))
    flat = cache / "cd" / ("cd" + "1" * 62 + ".pkl")  # the layout before version folders
    flat.parent.mkdir(parents=True)
    flat.write_bytes(b"old pickle")
    _, _, stats = extract_many([PDF], cache_dir=cache)
    assert stats.nothing_changed
    assert [p.name for p in cache.iterdir()] == [current]
    assert len(list(cache.rglob("*.pkl"))) == 1


def test_cache_clear_command(tmp_path: Path) -> None:
    out = tmp_path / "out"
    extract_many([PDF], cache_dir=out / CACHE_DIRNAME)
    assert list((out / CACHE_DIRNAME).rglob("*.pkl"))
    (out / "keep.csv").write_text("mine\n")
    r = CliRunner().invoke(app, ["cache", "clear", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "1 cache file(s)" in r.output and "removed" in r.output
    assert not (out / CACHE_DIRNAME).exists()
    assert (out / "keep.csv").read_text() == "mine\n"
    assert not (out / ".unrecs-lock").exists()
    r = CliRunner().invoke(app, ["cache", "clear", "--out", str(out)])
    assert r.exit_code == 0 and "0 cache file(s)" in r.output


def test_cache_clear_refuses_a_folder_in_use(tmp_path: Path) -> None:
    from pipeline.run.lock import output_lock

    out = tmp_path / "out"
    (out / CACHE_DIRNAME).mkdir(parents=True)
    with output_lock(out):
        r = CliRunner().invoke(app, ["cache", "clear", "--out", str(out)])
    assert r.exit_code == errors.EXIT_BUSY
    assert "output folder in use by process" in r.output
    assert (out / CACHE_DIRNAME).is_dir()
    shutil.rmtree(out)


def test_an_upgraded_word_list_or_reader_is_a_new_code_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Extractions depend on the readers' and the dictionaries' versions as well as on the
    code: another version of one of them gives another code hash, so other cache entries."""
    from pipeline.run import cache

    cache.code_hash.cache_clear()
    before = cache.code_hash()
    real = cache._dependency_versions()
    assert "pyphen==" in real and "pdfminer.six==" in real
    upgraded = real.replace("pyphen==", "pyphen==0")
    monkeypatch.setattr(cache, "_dependency_versions", lambda: upgraded)
    cache.code_hash.cache_clear()
    try:
        assert cache.code_hash() != before
    finally:
        cache.code_hash.cache_clear()


def _reference_hash(root: Path, versions: str) -> str:
    """The code hash as its docstring defines it, without any cache."""
    import hashlib

    h = hashlib.sha256()
    for p in sorted(root.rglob("*.py"), key=lambda q: q.relative_to(root).as_posix()):
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    h.update(versions.encode())
    return h.hexdigest()


def _touch(root: Path, when: float) -> None:
    """Every file under ``root`` last modified at ``when`` (seconds since the epoch)."""
    import os

    for p in root.rglob("*"):
        os.utime(p, (when, when))


def test_the_code_hash_is_remembered_under_its_files_sizes_and_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hash of a package's sources is kept per user under a fingerprint of their paths,
    sizes and times: an unchanged package is not read again, any edit that changes a size or
    a time is a new hash, and a damaged entry is worked out again."""
    from pipeline import usercache
    from pipeline.run import cache

    monkeypatch.setenv("UNRECS_CACHE_HOME", str(tmp_path / "caches"))
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "a.py").write_text("A = 1\n")
    (root / "sub" / "b.py").write_text("B = 2\n")
    (root / "notes.txt").write_text("not a module\n")
    minute_ago = time.time() - 60
    _touch(root, minute_ago)
    versions = "regex==1\npyphen==2"
    first = cache.sources_hash(root, versions)
    assert first == _reference_hash(root, versions)
    usercache.save_all()
    assert first in cache._code_store().read().values()

    # the same fingerprint is served from the cache: an edit that keeps the size and the time
    # is not seen (Python's bytecode cache trusts the same two)
    (root / "a.py").write_text("A = 9\n")
    _touch(root, minute_ago)
    assert cache.sources_hash(root, versions) == first
    # a new time, a new size, a new file, other versions: each one is a new hash
    _touch(root, minute_ago + 30)
    assert cache.sources_hash(root, versions) == _reference_hash(root, versions) != first
    (root / "sub" / "b.py").write_text("B = 22\n")
    (root / "sub" / "c.py").write_text("C = 3\n")
    _touch(root, minute_ago)
    again = cache.sources_hash(root, versions)
    assert again == _reference_hash(root, versions) not in (first,)
    assert cache.sources_hash(root, "regex==1\npyphen==3") == _reference_hash(
        root, "regex==1\npyphen==3")

    # a damaged entry is not believed
    usercache.save_all()
    path = cache._code_store().path()
    assert path is not None
    entries = cache._code_store().read()
    data = pickle.dumps({"mark": "", "entries": dict.fromkeys(entries, "not a hash")})
    path.write_bytes(data)
    assert cache.sources_hash(root, versions) == again


def test_a_code_hash_with_a_file_edited_just_now_is_not_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed within the last seconds could change again without a new size or time
    on a file system of coarse times: its fingerprint is not kept."""
    from pipeline import usercache
    from pipeline.run import cache

    monkeypatch.setenv("UNRECS_CACHE_HOME", str(tmp_path / "caches"))
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "a.py").write_text("A = 1\n")
    digest = cache.sources_hash(root, "")
    assert digest == _reference_hash(root, "")
    usercache.save_all()
    assert digest not in cache._code_store().read().values()


def test_cache_entries_are_not_fsynced_but_prove_themselves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry is written to a temporary file and renamed, without waiting for the disk: a
    crash of the machine may leave it cut short, and a cut entry fails its checksum and counts
    as missing. The pipeline's other atomic writes still wait for the disk."""
    import os

    from pipeline import fsutil
    from pipeline.parse.document import extract_document

    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(fsutil.os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    ex = extract_document(PDF, mode="auto", password=None, backend="pdfplumber")
    cache = ExtractionCache(tmp_path / "cache")
    assert cache.store("k" * 64, ex)
    assert synced == []
    assert cache.load("k" * 64) == ex
    entry = next((tmp_path / "cache").rglob("*.pkl"))
    assert not [p for p in entry.parent.iterdir() if p.suffix == ".part"]
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2])  # what a crash could leave
    assert cache.load("k" * 64) is None
    fsutil.write_atomic(tmp_path / "other.bin", b"data")
    assert len(synced) == 1 and (tmp_path / "other.bin").read_bytes() == b"data"
