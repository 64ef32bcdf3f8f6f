"""Where a dataset lives: a local path or an fsspec URL (``s3://`` …), and its file system."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pipeline import recache

_URL = recache.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+://")


def is_url(location: str | os.PathLike[str]) -> bool:
    """Whether ``location`` is a URL with a protocol (``s3://``, ``memory://``, ``file://``)."""
    return bool(_URL.match(os.fspath(location)))


def split_url(url: str) -> tuple[str, str]:
    """``s3://bucket/x`` → (``s3``, ``bucket/x``); ``file:///tmp/x`` → (``file``, ``/tmp/x``)."""
    protocol, _, rest = url.partition("://")
    return protocol.lower(), rest


def join_url(base: str | os.PathLike[str], *parts: str) -> str:
    """Join path segments to a URL or a local path with ``/``."""
    text = os.fspath(base)
    if not is_url(text):
        return str(Path(text, *parts))
    return "/".join([text.rstrip("/"), *parts])


def filesystem(location: str, storage_options: dict[str, Any] | None) -> tuple[Any, str]:
    """(fsspec filesystem, path inside it) of a URL."""
    import fsspec

    fs, path = fsspec.core.url_to_fs(location, **(storage_options or {}))
    return fs, path.rstrip("/")


def local_path(location: str | os.PathLike[str]) -> Path | None:
    """The local path of ``location`` (plain path or ``file://`` URL), else None."""
    text = os.fspath(location)
    if not is_url(text):
        return Path(text)
    protocol, rest = split_url(text)
    return Path(rest) if protocol in ("file", "local") else None
