"""The PDFium declarations are read from their compiled module, which matches the C text."""

from __future__ import annotations

from pathlib import Path

from conftest import fresh_python

from pipeline.read.pdfium.api import DECLARATIONS, write_declarations


def test_the_declarations_module_is_written_from_the_declarations(tmp_path: Path) -> None:
    # after a change to api._CDEF: python scripts/pdfium_declarations.py
    fresh = tmp_path / DECLARATIONS.name
    write_declarations(fresh)
    assert fresh.read_text(encoding="utf-8") == DECLARATIONS.read_text(encoding="utf-8")


def test_the_reader_calls_pdfium_without_parsing_c() -> None:
    code = (
        "import sys\n"
        "from pipeline.read.pdfium.api import load_api\n"
        "api = load_api()\n"
        "print(api.ffi.sizeof('FS_MATRIX'), callable(api.lib.FPDFText_CountChars))\n"
        "print('pycparser' in sys.modules)\n"
    )
    assert fresh_python(code) == ["24 True", "False"]
