"""Shared paths and cached extractions for the tests."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pytest

# the per-user caches of this test session (and of the processes its tests start) are a
# folder of their own, never the user's ~/.cache (see pipeline.usercache), removed at the end
# (after the exit handlers registered later, which may still write to it, have run)
if "UNRECS_CACHE_HOME" not in os.environ:
    os.environ["UNRECS_CACHE_HOME"] = tempfile.mkdtemp(prefix="unrecs-cache-")
    atexit.register(shutil.rmtree, os.environ["UNRECS_CACHE_HOME"], ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
REAL = ROOT.parent / "shared" / "real-pdfs"


@cache
def extraction(path: str):  # noqa: ANN201 - cached Extraction
    from pipeline.parse.document import extract_document

    return extract_document(path)


@cache
def golden(name: str) -> dict:
    return json.loads((FIXTURES / "golden" / f"{name}.json").read_text(encoding="utf-8"))


def golden_names() -> list[str]:
    """Fixtures with a reportlab PDF (fixtures/pdfs/<name>.pdf) and its golden JSON.

    Golden files of route-only sources (``"routes": ["docx", "html"]``: Arabic, Chinese) have
    no reportlab PDF: tests/test_routes.py checks them on their routes.
    """
    out = []
    for p in sorted((FIXTURES / "golden").glob("*.json")):
        routes = json.loads(p.read_text(encoding="utf-8")).get("routes")
        if routes is None or "reportlab" in routes:
            out.append(p.stem)
    return out


def real_pdf(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


def fresh_python(code: str) -> list[str]:
    """Run ``code`` in a new interpreter (nothing imported yet, as at a command's start) and
    return its standard output's lines; a non-zero exit fails the test with its stderr."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def rotated_pdf(folder: Path, rotation: int, pages: list[int]) -> Path:
    """``pages`` of the shipped fixture copied into ``folder``, the first page rotated by
    ``rotation`` degrees with its MediaBox moved off the origin (10, 20)."""
    import io

    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(FIXTURES / "pdfs" / "wg7_2019_fr.pdf"))
    doc = pdfium.PdfDocument.new()
    doc.import_pages(src, pages)
    doc[0].set_mediabox(10, 20, 600, 830)
    doc[0].set_rotation(rotation)
    buf = io.BytesIO()
    doc.save(buf)
    path = folder / f"rotated{rotation}.pdf"
    path.write_bytes(buf.getvalue())
    return path
