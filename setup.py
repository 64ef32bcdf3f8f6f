"""Install hook: the PDFium loader's optional C helper (pipeline/read/pdfium/build_loops.py).

Everything else is declared in pyproject.toml. The helper is built as an optional extension:
without cffi or a C compiler the install goes on, and the loader calls PDFium through cffi's
ABI mode instead (same glyphs, slower).
"""

import runpy
from pathlib import Path

from setuptools import setup


def _extensions() -> list:
    """The helper's extension (its C source written by cffi), or none if cffi is missing."""
    here = Path(__file__).resolve().parent
    try:
        build = runpy.run_path(str(here / "pipeline" / "read" / "pdfium" / "build_loops.py"))
        ext = build["builder"]().distutils_extension(tmpdir=str(here / "build" / "cffi"))
    except Exception as exc:  # noqa: BLE001 - the helper is optional
        print(f"unrecs: the PDFium C loops are not built ({exc}); the ABI-mode calls serve")
        return []
    ext.optional = True
    return [ext]


setup(ext_modules=_extensions())
