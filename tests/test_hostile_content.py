"""Hostile content: active PDF features are not run, markup is escaped in the report, names
stay inside the output folder, fetch follows only same-host http(s) redirects."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import hostile_pdfs as h
import pytest
from conftest import FIXTURES, extraction
from typer.testing import CliRunner

from pipeline import errors
from pipeline.cli import app
from pipeline.out.export import write_outputs
from pipeline.out.tables import output_stem
from pipeline.tools import fetch
from pipeline.tools.fetch import FetchError, fetch_document, file_name_for

PAYLOAD = b"EMBEDDED-SECRET-PAYLOAD-7f3a"
PARAGRAPHS = [
    "1. The <script>alert('owned')</script> tag must stay text.",
    "2. A second paragraph with <b>bold</b> & <img src=x onerror=alert(1)> markup.",
    "3. A third paragraph.",
]


@pytest.fixture(scope="module")
def active(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("active")
    return h.write(folder / "active.pdf", h.active_pdf(PARAGRAPHS, "LAUNCHED", PAYLOAD))


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_active_content_is_read_for_text_only(active: Path, tmp_path: Path,
                                              backend: str) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    out = work / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(active), "--out", str(out),
         "--backend", backend, "--no-cache"],
        capture_output=True, text=True, cwd=work, timeout=240)
    assert proc.returncode == 0, proc.stderr
    files = sorted(p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file())
    assert all(f.startswith("out/") for f in files), files  # nothing written beside OUT
    assert not (work / "LAUNCHED").exists() and not (active.parent / "LAUNCHED").exists()
    assert not [f for f in files if "payload" in f]
    for f in files:
        assert PAYLOAD not in (work / f).read_bytes(), f  # the embedded file is not exported
    csv = (out / "paragraphs.csv").read_text(encoding="utf-8")
    assert "<script>alert('owned')</script>" in csv  # read as text, kept as text
    assert "example.invalid" not in csv


def test_markup_in_text_is_escaped_in_the_report(active: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["extract", str(active), "--out", str(out), "--no-cache"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["report", str(out), "--pdf-dir", str(active.parent)])
    assert r.exit_code == 0, r.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


HOSTILE_NAMES = ["../../etc/passwd", "..", "../", "/etc/passwd", "..\\..\\windows\\x",
                 "a/../../b", "....//....//x", "~/.ssh/id_rsa"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_names_from_symbols_stay_inside(name: str, tmp_path: Path) -> None:
    dest = tmp_path / "raw"
    assert (dest / file_name_for(name, "en")).resolve().parent == dest.resolve()
    ex = extraction(str(FIXTURES / "pdfs" / "artifact_cross_page.pdf"))
    for meta in (dataclasses.replace(ex.meta, source_file=name, symbol=name),
                 dataclasses.replace(ex.meta, source_file="", symbol=name)):
        stem = output_stem(dataclasses.replace(ex, meta=meta))
        assert (tmp_path / "out" / f"{stem}.json").resolve().parent == (tmp_path / "out").resolve()


def test_a_hostile_symbol_writes_inside_the_output_folder(tmp_path: Path) -> None:
    ex = extraction(str(FIXTURES / "pdfs" / "artifact_cross_page.pdf"))
    hostile = dataclasses.replace(ex, meta=dataclasses.replace(
        ex.meta, source_file="../../escaped.pdf"))
    out = tmp_path / "deep" / "out"
    written = write_outputs([hostile], out)
    assert all(p.resolve().is_relative_to(out.resolve()) for p in written)
    assert [p.name for p in tmp_path.iterdir()] == ["deep"]
    assert [p.name for p in (tmp_path / "deep").iterdir()] == ["out"]


# --------------------------------------------------------------------------------------------
# fetch: redirects and response size, against loopback servers started here
# --------------------------------------------------------------------------------------------

PDF = (FIXTURES / "pdfs" / "artifact_cross_page.pdf").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        url = urlparse(self.path)
        self.server.paths.append(url.path)
        symbol = parse_qs(url.query).get("s", [""])[0]
        me = f"http://127.0.0.1:{self.server.server_address[1]}"
        if url.path == "/pdf":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(PDF)))
            self.end_headers()
            self.wfile.write(PDF)
        elif symbol == "SAME/1":
            self._redirect("/pdf")
        elif symbol == "OTHER/1":
            self._redirect(f"{self.server.other}/pdf")
        elif symbol == "FILE/1":
            self._redirect("file:///etc/passwd")
        elif symbol == "FTP/1":
            self._redirect("ftp://127.0.0.1/pub/x.pdf")
        elif symbol == "LOOP/1":
            self._redirect(f"{me}/ods?s=LOOP/1&n={len(self.server.paths)}")
        elif symbol == "BIG/1":  # no Content-Length: the cap applies while reading
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            self.wfile.write(b"%PDF-1.7\n" + b"0" * 200_000)
        elif symbol == "BIGHEAD/1":
            self.send_response(200)
            self.send_header("Content-Length", str(10**12))
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    paths: list[str]
    other: str


def _serve() -> tuple[_Server, threading.Thread]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[_Server, _Server]]:
    ods, _ = _serve()
    elsewhere, _ = _serve()
    ods.other = f"http://127.0.0.2:{elsewhere.server_address[1]}"
    try:
        yield ods, elsewhere
    finally:
        for s in (ods, elsewhere):
            s.shutdown()
            s.server_close()


def _base(ods: _Server) -> str:
    return f"http://127.0.0.1:{ods.server_address[1]}/ods"


def test_same_host_redirect_is_followed(servers: tuple[_Server, _Server], tmp_path: Path
                                        ) -> None:
    ods, _ = servers
    res = fetch_document("SAME/1", "en", tmp_path, base=_base(ods), retries=0)
    assert res.path.read_bytes() == PDF


@pytest.mark.parametrize(("symbol", "words"), [
    ("OTHER/1", "refused HTTP 302 redirect to 'http://127.0.0.2:"),
    ("FILE/1", "refused HTTP 302 redirect to a file: URL"),
    ("FTP/1", "refused HTTP 302 redirect to a ftp: URL"),
    ("LOOP/1", "refused HTTP 302 redirect: a loop or more than 5 redirects"),
    ("BIG/1", "response larger than 65536 bytes"),
    ("BIGHEAD/1", "response too large (1000000000000 bytes)"),
])
def test_fetch_refuses_in_one_line(servers: tuple[_Server, _Server], tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch, symbol: str,
                                   words: str) -> None:
    ods, elsewhere = servers
    monkeypatch.setattr(fetch, "MAX_PDF_BYTES", 65536)
    elsewhere.paths.clear()
    with pytest.raises(FetchError) as caught:
        fetch_document(symbol, "en", tmp_path, base=_base(ods), retries=0)
    message = str(caught.value)
    assert "\n" not in message and words in message, message
    assert elsewhere.paths == []  # never contacted
    assert not list(tmp_path.glob("*.pdf"))


def test_fetch_cli_refusal_is_one_line(servers: tuple[_Server, _Server], tmp_path: Path) -> None:
    ods, _ = servers
    r = CliRunner().invoke(app, ["fetch", "FILE/1", "-l", "en", "--dest", str(tmp_path),
                                 "--base-url", _base(ods), "--retries", "0"])
    assert r.exit_code == errors.EXIT_INPUT
    lines = [ln for ln in r.output.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "refused" in lines[0]
