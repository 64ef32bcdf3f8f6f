"""The optional compiled C helper (:mod:`.build_loops`), found and checked without numpy.

The reader's column loops (:mod:`.loops`) and the head start of a run
(:mod:`pipeline.read.pdfium_early`, which runs before numpy is imported) both use it; either
falls back to cffi's or ctypes' calls when it is missing or built from other code.
"""

from __future__ import annotations

import importlib
import os
from functools import cache
from typing import Any


def wanted() -> bool:
    """False when ``UNRECS_PDFIUM_LOOPS=0`` turns the compiled helper off."""
    return os.environ.get("UNRECS_PDFIUM_LOOPS", "1") != "0"


def module() -> Any:
    """The compiled extension module, or None (imported by name: a module, not the package)."""
    try:
        return importlib.import_module("pipeline.read.pdfium._loops")
    except ImportError:
        return None


@cache
def helper() -> tuple[Any, Any] | None:
    """The compiled helper's (ffi, lib), or None when it is missing or built from other code."""
    loops = module()
    if loops is None:
        return None
    from pipeline.read.pdfium.build_loops import source_crc

    if loops.lib.loops_source_crc() != source_crc():
        return None
    return loops.ffi, loops.lib
