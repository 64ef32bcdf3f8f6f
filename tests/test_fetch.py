"""unrecs fetch: downloads from a local stand-in for ODS (127.0.0.1 only, never the internet)."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import FIXTURES, ROOT
from typer.testing import CliRunner

from pipeline import errors
from pipeline.cli import app
from pipeline.read.provenance import provenance_for, read_manifest
from pipeline.tools.fetch import (
    ENV_URL,
    MANIFEST,
    ODS_URL,
    FetchError,
    document_url,
    fetch_document,
    file_name_for,
    pdf_problem,
)


def _pdf_bytes() -> bytes:
    for path in (ROOT / "raw" / "wg7_2019_fr.pdf", FIXTURES / "pdfs" / "wg7_2019_fr.pdf"):
        if path.is_file():
            return path.read_bytes()
    # a stand-in with the properties the integrity check looks at
    return b"%PDF-1.7\n" + b"% filler\n" * 400 + b"trailer\n<<>>\n%%EOF\n"


PDF = _pdf_bytes()
HTML = b"<!DOCTYPE html><html><head><title>ODS</title></head><body>Not found</body></html>"
SLOW_SECONDS = 1.0


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str = "application/pdf") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        query = parse_qs(urlparse(self.path).query)
        symbol = query.get("s", [""])[0]
        lang = query.get("l", [""])[0]
        self.server.hits[symbol] += 1
        self.server.langs.append(lang)
        n = self.server.hits[symbol]
        try:
            if symbol.startswith("GOOD"):
                self._send(200, PDF)
            elif symbol == "EMPTY/1":
                self._send(200, b"")
            elif symbol == "HTML/1":
                self._send(200, HTML, "text/html; charset=utf-8")
            elif symbol == "MISSING/1":
                self._send(404, b"no such document", "text/plain")
            elif symbol == "FLAKY/1":  # two server errors, then the document
                if n <= 2:
                    self._send(500, b"oops", "text/plain")
                else:
                    self._send(200, PDF)
            elif symbol == "DOWN/1":
                self._send(503, b"maintenance", "text/plain")
            elif symbol == "TRUNC/1":
                self._send(200, PDF[: len(PDF) // 2])
            elif symbol == "SLOW/1":
                time.sleep(SLOW_SECONDS)
                self._send(200, PDF)
            else:
                self._send(400, b"bad request", "text/plain")
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hits: Counter[str]
    langs: list[str]


@pytest.fixture(scope="module")
def ods() -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.hits = Counter()
    server.langs = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def base(ods: _Server) -> str:
    ods.hits.clear()
    ods.langs.clear()
    return f"http://127.0.0.1:{ods.server_address[1]}/api/symbol/access"


def _no_leftovers(dest: Path) -> None:
    assert not [p for p in dest.iterdir() if p.name.endswith(".part")]


# --------------------------------------------------------------------------------------------
# Names, URLs, integrity
# --------------------------------------------------------------------------------------------


def test_file_name_from_symbol() -> None:
    assert file_name_for("CTOC/COP/WG.7/2019/4", "fr") == "CTOC_COP_WG.7_2019_4_fr.pdf"
    assert file_name_for("CTOC/COP/WG.7/2019/CRP.1", "en") == "CTOC_COP_WG.7_2019_CRP.1_en.pdf"
    assert file_name_for(" A/RES/48/161 ", "es") == "A_RES_48_161_es.pdf"


def test_url_default_option_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_URL, raising=False)
    assert document_url("CTOC/COP/WG.7/2019/4", "fr") == (
        f"{ODS_URL}?s=CTOC/COP/WG.7/2019/4&l=fr&t=pdf"
    )
    monkeypatch.setenv(ENV_URL, "http://127.0.0.1:9/ods")
    assert document_url("A/1", "en").startswith("http://127.0.0.1:9/ods?s=A/1&l=en")
    assert document_url("A/1", "en", "http://127.0.0.1:8/x?k=1") == (
        "http://127.0.0.1:8/x?k=1&s=A/1&l=en&t=pdf"
    )


def test_pdf_problem() -> None:
    assert pdf_problem(PDF) is None
    assert "empty" in (pdf_problem(b"") or "")
    assert "HTML" in (pdf_problem(HTML) or "")
    assert "too small" in (pdf_problem(b"%PDF-1.4\n%%EOF\n") or "")
    assert "truncated" in (pdf_problem(PDF[: len(PDF) // 2]) or "")
    assert "%PDF-" in (pdf_problem(b"\x89PNG" + b"x" * 2000, "image/png") or "")


# --------------------------------------------------------------------------------------------
# Downloads
# --------------------------------------------------------------------------------------------


def test_good_download_manifest_and_provenance(
    base: str, ods: _Server, tmp_path: Path
) -> None:
    dest = tmp_path / "raw"
    res = fetch_document("GOOD/2019/4", "fr", dest, base=base, timeout=5)
    path = dest / "GOOD_2019_4_fr.pdf"
    assert res.path == path and res.downloaded
    assert path.read_bytes() == PDF
    assert ods.langs == ["fr"]
    manifest = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))
    (entry,) = manifest["downloads"]
    assert entry == {
        "url": f"{base}?s=GOOD/2019/4&l=fr&t=pdf",
        "symbol": "GOOD/2019/4",
        "language": "fr",
        "file": "GOOD_2019_4_fr.pdf",
        "fetched_at": entry["fetched_at"],
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "bytes": len(PDF),
    }
    assert entry["fetched_at"].endswith("Z")
    stamp = datetime.fromisoformat(entry["fetched_at"].replace("Z", "+00:00"))
    assert stamp.utcoffset() is not None and stamp.utcoffset().total_seconds() == 0
    _no_leftovers(dest)

    prov = provenance_for(path)
    assert prov is not None
    assert prov["url"] == entry["url"] and prov["fetched_at"] == entry["fetched_at"]
    assert prov["symbol"] == "GOOD/2019/4" and prov["language"] == "fr"
    assert provenance_for(path, sha256=entry["sha256"]) == prov

    # already there with the manifest's checksum: no request; --force downloads again
    again = fetch_document("GOOD/2019/4", "fr", dest, base=base, timeout=5)
    assert not again.downloaded and ods.hits["GOOD/2019/4"] == 1
    forced = fetch_document("GOOD/2019/4", "fr", dest, base=base, timeout=5, force=True)
    assert forced.downloaded and ods.hits["GOOD/2019/4"] == 2

    # a second document is added to the same manifest
    fetch_document("GOOD/2019/4", "en", dest, base=base, timeout=5)
    files = [d["file"] for d in read_manifest(dest)["downloads"]]
    assert files == ["GOOD_2019_4_en.pdf", "GOOD_2019_4_fr.pdf"]


def test_provenance_absent_or_stale(base: str, tmp_path: Path) -> None:
    loose = tmp_path / "loose.pdf"
    loose.write_bytes(PDF)
    assert provenance_for(loose) is None  # no manifest
    res = fetch_document("GOOD/1", "fr", tmp_path, base=base, timeout=5)
    assert provenance_for(loose) is None  # manifest without an entry for it
    res.path.write_bytes(PDF + b"\n% edited\n")
    assert provenance_for(res.path) is None  # no longer the downloaded file
    (tmp_path / MANIFEST).write_text("{not json", encoding="utf-8")
    assert provenance_for(res.path) is None  # corrupt manifest: None, never an exception


@pytest.mark.parametrize(
    ("symbol", "reason"),
    [
        ("EMPTY/1", "empty response (0 bytes)"),
        ("HTML/1", "HTML page"),
        ("MISSING/1", "HTTP 404"),
    ],
)
def test_unusable_answers_fail_at_once(
    base: str, ods: _Server, tmp_path: Path, symbol: str, reason: str
) -> None:
    slept: list[float] = []
    with pytest.raises(FetchError) as info:
        fetch_document(symbol, "fr", tmp_path, base=base, timeout=5, sleep=slept.append)
    msg = str(info.value)
    assert msg.startswith(f"{symbol} (fr): ") and reason in msg and "\n" not in msg
    assert info.value.exit_code == errors.EXIT_INPUT
    assert ods.hits[symbol] == 1 and slept == []  # deterministic answers are not retried
    assert list(tmp_path.iterdir()) == []  # no file, no manifest


def test_server_error_then_success_is_retried(base: str, ods: _Server, tmp_path: Path) -> None:
    slept: list[float] = []
    res = fetch_document(
        "FLAKY/1", "fr", tmp_path, base=base, timeout=5, retries=3, backoff=0.01,
        sleep=slept.append,
    )
    assert res.path.read_bytes() == PDF
    assert ods.hits["FLAKY/1"] == 3
    assert slept == [0.01, 0.02]  # exponential backoff


def test_retries_are_bounded(base: str, ods: _Server, tmp_path: Path) -> None:
    slept: list[float] = []
    with pytest.raises(FetchError, match=r"HTTP 503 .*after 3 attempts"):
        fetch_document(
            "DOWN/1", "fr", tmp_path, base=base, timeout=5, retries=2, backoff=100.0,
            sleep=slept.append,
        )
    assert ods.hits["DOWN/1"] == 3
    assert slept == [30.0, 30.0]  # capped
    assert not (tmp_path / "DOWN_1_fr.pdf").exists()


def test_truncated_body_is_retried_then_reported(base: str, ods: _Server, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="truncated"):
        fetch_document("TRUNC/1", "fr", tmp_path, base=base, timeout=5, retries=1,
                       backoff=0.0)
    assert ods.hits["TRUNC/1"] == 2


def test_slow_response_times_out(base: str, tmp_path: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(FetchError, match=r"SLOW/1 \(fr\): timed out after 0.2 s"):
        fetch_document("SLOW/1", "fr", tmp_path, base=base, timeout=0.2, retries=0)
    assert time.perf_counter() - started < SLOW_SECONDS
    assert not (tmp_path / "SLOW_1_fr.pdf").exists()


def test_connection_refused(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        fetch_document("GOOD/1", "fr", tmp_path, base=f"http://127.0.0.1:{port}/x",
                       timeout=2, retries=1, backoff=0.0)


def test_bad_request_values(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="language must be one of"):
        fetch_document("A/1", "de", tmp_path, base="http://127.0.0.1:9/")
    with pytest.raises(FetchError, match="not a document symbol"):
        fetch_document(" / ", "fr", tmp_path, base="http://127.0.0.1:9/")


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


def test_cli_fetch_two_languages(base: str, tmp_path: Path) -> None:
    dest = tmp_path / "raw"
    r = CliRunner().invoke(
        app, ["fetch", "GOOD/2019/4", "--lang", "fr", "-l", "en", "--dest", str(dest),
              "--base-url", base],
    )
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in dest.iterdir()) == [
        "GOOD_2019_4_en.pdf", "GOOD_2019_4_fr.pdf", MANIFEST,
    ]
    assert "2 document(s) fetched, 0 failed" in r.stderr


def test_cli_base_url_from_environment(base: str, ods: _Server, tmp_path: Path) -> None:
    r = CliRunner().invoke(
        app, ["fetch", "GOOD/9", "--lang", "es", "--dest", str(tmp_path)], env={ENV_URL: base}
    )
    assert r.exit_code == 0, r.output
    assert ods.hits["GOOD/9"] == 1 and (tmp_path / "GOOD_9_es.pdf").exists()


@pytest.mark.parametrize(
    ("symbols", "code"),
    [(["EMPTY/1"], errors.EXIT_INPUT), (["GOOD/1", "HTML/1"], errors.EXIT_SOME_FAILED)],
)
def test_cli_failures_one_line_and_exit_code(
    base: str, tmp_path: Path, symbols: list[str], code: int
) -> None:
    r = CliRunner().invoke(
        app, ["fetch", *symbols, "--lang", "fr", "--dest", str(tmp_path), "--base-url", base,
              "--retries", "0"],
    )
    assert r.exit_code == code
    errs = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    bad = symbols[-1]
    assert len(errs) == 1 and errs[0].startswith(f"error: {bad} (fr): ")
    assert "Traceback" not in r.output


def test_cli_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["fetch", "A/1", "--lang", "de", "--dest", str(tmp_path)])
    assert r.exit_code == errors.EXIT_USAGE
    assert not any(tmp_path.iterdir())


def test_extraction_copies_fetch_provenance(base: str, tmp_path: Path) -> None:
    """fetch → extract: the manifest's URL and time reach the documents table and the JSON."""
    import pandas as pd

    from pipeline.out.export import write_outputs
    from pipeline.parse.document import extract_document

    dest = tmp_path / "raw"
    res = fetch_document("GOOD/2019/4", "fr", dest, base=base, timeout=5)
    entry = read_manifest(dest)["downloads"][0]
    ex = extract_document(res.path)
    assert ex.meta.source_url == entry["url"] and ex.meta.fetched_at == entry["fetched_at"]
    out = tmp_path / "out"
    write_outputs([ex], out, {"csv", "json"})
    docs = pd.read_csv(out / "documents.csv")
    assert docs.loc[0, "source_url"] == entry["url"]
    obj = json.loads((out / f"{res.path.stem}.json").read_text(encoding="utf-8"))
    assert obj["document"]["fetched_at"] == entry["fetched_at"]
    # a PDF not fetched by unrecs has no provenance
    assert extract_document(ROOT / "raw" / "wg7_2019_fr.pdf").meta.source_url is None
