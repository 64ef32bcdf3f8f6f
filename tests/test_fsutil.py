"""File-system helpers (pipeline/fsutil.py): the SHA-256 digests a run makes are hashlib's,
whichever implementation makes them, and a run's process does not load OpenSSL's for them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline import fsutil
from tests.conftest import fresh_python

SHIPPED = ROOT / "raw" / "wg7_2019_fr.pdf"


@pytest.mark.parametrize("data", [b"", b"abc", bytes(range(256)) * 4099])
def test_sha256_gives_hashlibs_digests(data: bytes) -> None:
    h = fsutil.sha256(data[:7])
    h.update(data[7:])
    assert h.hexdigest() == hashlib.sha256(data).hexdigest()
    assert fsutil.sha256(data).digest() == hashlib.sha256(data).digest()


@pytest.mark.parametrize("size", [0, 1, (1 << 20) + 1, 3 << 20])  # both sides of OPENSSL_FROM
def test_a_files_digest_is_hashlibs_whatever_its_size(tmp_path: Path, size: int) -> None:
    path = tmp_path / "f.bin"
    data = (bytes(range(251)) * (size // 251 + 1))[:size]
    path.write_bytes(data)
    assert fsutil.sha256_file(path) == hashlib.sha256(data).hexdigest()


def test_a_run_does_not_load_openssls_hashes(tmp_path: Path) -> None:
    code = ("import sys\n"
            "from pipeline import extract\n"
            f"r = extract({str(SHIPPED)!r}, backend='pdfium')\n"
            f"r.write({str(tmp_path / 'out')!r}, {{'csv', 'json'}})\n"
            "print(len(r.extractions), '_hashlib' in sys.modules)\n")
    assert fresh_python(code) == ["1 False"]
