"""Download official UN PDFs by symbol and language from the Official Document System (ODS).

``fetch_document("CTOC/COP/WG.7/2019/4", "fr", dest)`` asks
``{base_url}?s=CTOC/COP/WG.7/2019/4&l=fr&t=pdf`` (base URL: argument, else the environment
variable ``UNRECS_ODS_URL``, else :data:`ODS_URL`) and writes ``dest/CTOC_COP_WG.7_2019_4_fr.pdf``.

* **Timeouts and retries.** Each attempt has a socket timeout; connection errors, timeouts,
  truncated bodies and HTTP 408/429/5xx are retried with exponential backoff
  (``backoff * 2**n``, capped at :data:`MAX_BACKOFF`; a ``Retry-After`` header is honoured within
  the same cap). Other HTTP errors (404 ...) fail at once. Redirects are followed only to
  http(s) URLs on the same host (:mod:`pipeline.tools.fetch_guard`); a body larger than
  :data:`MAX_PDF_BYTES` is refused.
* **Integrity.** The service can answer ``200`` with an empty body or an HTML page: the body must
  start with ``%PDF-``, hold at least :data:`MIN_PDF_BYTES` bytes and end with an ``%%EOF``
  marker, else :class:`FetchError` (one line naming symbol and language).
* **Atomic writes.** The PDF and the manifest are written to a temporary file in the destination
  folder, fsynced, then moved into place with ``os.replace``: a reader sees the old file or the
  new one, never a partial one.
* **Manifest.** ``dest/manifest.json`` records each download (url, symbol, language, file,
  fetched_at in UTC ISO 8601, sha256, bytes), one entry per file (a new download of the same
  file replaces its entry). :func:`pipeline.read.provenance.provenance_for` reads it back for a
  PDF. Concurrent fetches into the same folder are not serialised: run them one after the other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import http.client
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.fsutil import sha256_file, write_atomic
from pipeline.read.provenance import MANIFEST, entry_for, read_manifest
from pipeline.records import dataclass
from pipeline.tools.fetch_guard import opener_for

#: the ODS endpoint that answers a symbol + language with the PDF
ODS_URL = "https://documents.un.org/api/symbol/access"
#: environment variable overriding :data:`ODS_URL`
ENV_URL = "UNRECS_ODS_URL"
#: languages of the official documents (ISO 639-1), as the service expects them
LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")
#: smallest body accepted as a PDF (an official document is tens of kilobytes at least)
MIN_PDF_BYTES = 1024
#: largest body accepted (guards memory against a misbehaving server)
MAX_PDF_BYTES = 512 * 1024 * 1024
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 1.0
MAX_BACKOFF = 30.0
USER_AGENT = "unrecs-fetch/1 (Python urllib)"
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_CHUNK = 1 << 16


class FetchError(InputError):
    """A symbol/language that could not be downloaded as a usable PDF (exit code 3)."""

    def __init__(self, symbol: str, language: str, problem: str) -> None:
        super().__init__(f"{symbol} ({language})", problem)
        self.symbol = symbol
        self.language = language


class _Transient(Exception):
    """An attempt failed in a way worth retrying."""

    def __init__(self, problem: str, retry_after: float | None = None) -> None:
        super().__init__(problem)
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class FetchResult:
    symbol: str
    language: str
    path: Path
    url: str
    fetched_at: str
    sha256: str
    bytes: int
    #: False when the file was already there with the manifest's checksum (no download)
    downloaded: bool = True


# --------------------------------------------------------------------------------------------
# Names and URLs
# --------------------------------------------------------------------------------------------


def base_url(override: str | None = None) -> str:
    """The service URL: ``override``, else ``$UNRECS_ODS_URL``, else :data:`ODS_URL`."""
    return override or os.environ.get(ENV_URL) or ODS_URL


def document_url(symbol: str, language: str, base: str | None = None) -> str:
    """``{base}?s=SYMBOL&l=LANG&t=pdf`` (``/`` kept readable in the symbol)."""
    query = urllib.parse.urlencode({"s": symbol, "l": language, "t": "pdf"}, safe="/")
    root = base_url(base)
    return f"{root}{'&' if '?' in root else '?'}{query}"


def file_name_for(symbol: str, language: str) -> str:
    """``CTOC/COP/WG.7/2019/4`` + ``fr`` → ``CTOC_COP_WG.7_2019_4_fr.pdf``."""
    stem = re.sub(r"[^A-Za-z0-9.\-]+", "_", symbol.strip()).strip("_.")
    return f"{stem}_{language}.pdf"


def _check_request(symbol: str, language: str) -> tuple[str, str]:
    symbol = symbol.strip()
    language = language.strip().lower()
    if not symbol or not re.search(r"[A-Za-z0-9]", symbol):
        raise FetchError(symbol or "<empty>", language, "not a document symbol")
    if language not in LANGUAGES:
        raise FetchError(symbol, language, f"language must be one of {', '.join(LANGUAGES)}")
    return symbol, language


# --------------------------------------------------------------------------------------------
# Integrity
# --------------------------------------------------------------------------------------------


def pdf_problem(body: bytes, content_type: str | None = None) -> str | None:
    """Why ``body`` is not a plausible complete PDF, or ``None`` when it is."""
    if not body:
        return "empty response (0 bytes) instead of a PDF"
    head = body[:1024].lstrip().lower()
    if not body.startswith(b"%PDF-"):
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            return f"the service answered an HTML page ({len(body)} bytes) instead of a PDF"
        kind = f" ({content_type})" if content_type else ""
        return f"response{kind} does not start with %PDF- ({len(body)} bytes)"
    if len(body) < MIN_PDF_BYTES:
        return f"PDF too small ({len(body)} bytes < {MIN_PDF_BYTES})"
    if b"%%EOF" not in body[-4096:]:
        return f"PDF truncated: no %%EOF marker at the end ({len(body)} bytes)"
    return None


# --------------------------------------------------------------------------------------------
# Download
# --------------------------------------------------------------------------------------------


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None


def _read_body(resp: http.client.HTTPResponse) -> bytes:
    length = resp.headers.get("Content-Length")
    if length is not None and length.isdigit() and int(length) > MAX_PDF_BYTES:
        raise ValueError(f"response too large ({length} bytes)")
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = resp.read(_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_PDF_BYTES:
            raise ValueError(f"response larger than {MAX_PDF_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _attempt(url: str, timeout: float) -> bytes:
    """One GET. Returns a body that passed the integrity check; raises _Transient or ValueError."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with opener_for(url).open(req, timeout=timeout) as resp:
            body = _read_body(resp)
            ctype = resp.headers.get("Content-Type")
    except urllib.error.HTTPError as exc:
        status = f"HTTP {exc.code} {exc.reason}".strip()
        with contextlib.suppress(Exception):
            exc.close()
        if exc.code in _RETRY_STATUS:
            raise _Transient(status, _retry_after(exc.headers.get("Retry-After"))) from None
        raise ValueError(status) from None
    except http.client.IncompleteRead as exc:
        raise _Transient(f"connection closed after {len(exc.partial)} bytes") from None
    except TimeoutError:
        raise _Transient(f"timed out after {timeout:g} s") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise _Transient(f"timed out after {timeout:g} s") from None
        raise _Transient(f"cannot connect ({reason})") from None
    except (ConnectionError, http.client.HTTPException, OSError) as exc:
        raise _Transient(f"connection failed ({type(exc).__name__}: {exc})") from None
    problem = pdf_problem(body, ctype)
    if problem is not None:
        if problem.startswith("PDF truncated"):
            raise _Transient(problem)
        raise ValueError(problem)
    return body


def download(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    """GET ``url`` with retries; the body is checked to be a complete PDF.

    Raises ``ValueError`` with a one-line reason (the last attempt's) on failure.
    """
    attempts = max(0, retries) + 1
    last = ""
    for n in range(attempts):
        try:
            return _attempt(url, timeout)
        except _Transient as exc:
            last = str(exc)
            if n + 1 < attempts:
                delay = min(backoff * (2**n), MAX_BACKOFF)
                if exc.retry_after is not None:
                    delay = min(max(delay, exc.retry_after), MAX_BACKOFF)
                sleep(delay)
    tries = f" (after {attempts} attempts)" if attempts > 1 else ""
    raise ValueError(f"{last}{tries}")


def _utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --------------------------------------------------------------------------------------------
# Manifest (read back by pipeline.read.provenance)
# --------------------------------------------------------------------------------------------


def _record(dest: Path, entry: dict[str, Any]) -> None:
    manifest = read_manifest(dest)
    downloads = [d for d in manifest["downloads"] if d.get("file") != entry["file"]]
    downloads.append(entry)
    downloads.sort(key=lambda d: str(d.get("file")))
    manifest["downloads"] = downloads
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    write_atomic(dest / MANIFEST, text.encode("utf-8"))


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def fetch_document(
    symbol: str,
    language: str,
    dest: str | Path = "raw",
    *,
    base: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    force: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchResult:
    """Download one document into ``dest`` and record it in ``dest/manifest.json``.

    A file already present with the checksum its manifest entry records is kept (no request)
    unless ``force``. Raises :class:`FetchError` (exit code 3) with a one-line reason.
    """
    symbol, language = _check_request(symbol, language)
    dest = Path(dest)
    name = file_name_for(symbol, language)
    path = dest / name
    url = document_url(symbol, language, base)
    if not force and path.exists():
        entry = entry_for(dest, name)
        if entry is not None and entry.get("sha256") == sha256_file(path):
            return FetchResult(
                symbol, language, path, str(entry.get("url")), str(entry.get("fetched_at")),
                str(entry["sha256"]), int(entry.get("bytes") or path.stat().st_size), False,
            )
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError(symbol, language, f"cannot create {dest}: {exc.strerror}") from None
    try:
        body = download(url, timeout=timeout, retries=retries, backoff=backoff, sleep=sleep)
    except ValueError as exc:
        raise FetchError(symbol, language, f"{exc} — {url}") from None
    try:
        write_atomic(path, body)
        result = FetchResult(
            symbol, language, path, url, _utc_now(), hashlib.sha256(body).hexdigest(), len(body)
        )
        _record(
            dest,
            {
                "url": result.url,
                "symbol": symbol,
                "language": language,
                "file": name,
                "fetched_at": result.fetched_at,
                "sha256": result.sha256,
                "bytes": result.bytes,
            },
        )
    except (OSError, ValueError) as exc:
        raise FetchError(symbol, language, f"cannot write into {dest}: {exc}") from None
    return result
