"""Installed distributions' versions, read from their metadata folders on ``sys.path``.

:func:`importlib.metadata.version` says the same, but importing :mod:`importlib.metadata` (and the
email parser it reads ``METADATA`` with) costs a process some 10-20 ms; one folder listing per
path entry and a few header lines do here. Anything unusual (an ``.egg``, a zip archive on the
path, no ``Version:`` header, a distribution not found) is left to :mod:`importlib.metadata`.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache


def _normal(name: str) -> str:
    """A distribution name compared as :mod:`importlib.metadata` compares them."""
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


@cache
def _listing(entry: str) -> tuple[str, ...]:
    try:
        return tuple(os.listdir(entry or "."))
    except OSError:
        return ()


def _fast_version(name: str) -> str | None:
    """The version in the first metadata folder of ``name`` on ``sys.path``, found as
    :mod:`importlib.metadata` finds it (path entries in order, each listed in order); None when
    unsure (an ``.egg``, a zip archive on the path, no such folder) or the folder says none."""
    wanted = _normal(name)
    for entry in sys.path:
        if not isinstance(entry, str) or entry.lower().endswith(".egg") or os.path.isfile(entry):
            return None
        for item in _listing(entry):
            low = item.lower()
            if low.endswith(".egg") and _normal(low.partition("-")[0]) == wanted:
                return None
            if not low.endswith((".dist-info", ".egg-info")):
                continue
            if _normal(low.rpartition(".")[0].partition("-")[0]) != wanted:
                continue
            headers = "METADATA" if low.endswith(".dist-info") else "PKG-INFO"
            return _header_version(os.path.join(entry or ".", item, headers))
    return None


def _header_version(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    return None  # the headers end: no version among them
                if line.startswith("Version:"):
                    return line[len("Version:"):].strip() or None
    except OSError:
        return None
    return None


def version(name: str) -> str | None:
    """The installed version of distribution ``name`` (:func:`importlib.metadata.version`'s
    answer), None when it is not installed."""
    found = _fast_version(name)
    if found is not None:
        return found
    import importlib.metadata

    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def pipeline_version() -> str:
    """Installed version of the ``unrecs`` distribution, ``0.0.0`` when not installed (a bare
    checkout)."""
    return version("unrecs") or "0.0.0"
