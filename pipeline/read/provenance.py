"""Where an input PDF came from: the ``manifest.json`` that ``unrecs fetch`` writes beside it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.fsutil import sha256_file

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "unrecs-fetch-manifest/1"


def read_manifest(dest: str | Path) -> dict[str, Any]:
    """``dest/manifest.json`` (an empty manifest when absent); ValueError when unreadable."""
    path = Path(dest) / MANIFEST
    if not path.exists():
        return {"format": MANIFEST_FORMAT, "downloads": []}
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: unreadable manifest ({type(exc).__name__})") from None
    if (
        not isinstance(obj, dict)
        or obj.get("format") != MANIFEST_FORMAT
        or not isinstance(obj.get("downloads"), list)
    ):
        raise ValueError(f"{path}: not an unrecs fetch manifest")
    return obj


def entry_for(dest: Path, name: str) -> dict[str, Any] | None:
    """The manifest entry of the file ``name`` in ``dest``, or None."""
    try:
        manifest = read_manifest(dest)
    except ValueError:
        return None
    for d in manifest["downloads"]:
        if isinstance(d, dict) and d.get("file") == name:
            return d
    return None


def provenance_for(pdf_path: str | Path, sha256: str | None = None) -> dict[str, Any] | None:
    """Where a fetched PDF came from, read from the ``manifest.json`` beside it.

    Returns ``{"url", "fetched_at", "symbol", "language", "sha256", "bytes"}`` for the PDF, or
    ``None`` when there is no (readable) manifest, no entry for the file, or the file on disk is
    no longer the one downloaded (its SHA-256 — ``sha256`` if given, else computed — differs).
    Never raises for a missing or corrupt manifest.
    """
    path = Path(pdf_path)
    entry = entry_for(path.parent, path.name)
    if entry is None:
        return None
    if sha256 is None:
        try:
            sha256 = sha256_file(path)
        except OSError:
            return None
    if entry.get("sha256") != sha256:
        return None
    keys = ("url", "fetched_at", "symbol", "language", "sha256", "bytes")
    return {k: entry.get(k) for k in keys}
