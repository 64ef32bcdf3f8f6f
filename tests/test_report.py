"""HTML QA report: every record, furniture item and repair is drawn; it renders in Chromium."""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
import typer
from PIL import Image

from pipeline.out.export import write_outputs
from pipeline.parse.document import extract_document
from pipeline.tools.report import build_report, records_of, report_command

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "raw" / "wg7_2019_fr.pdf"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists()
                                          else None)


class _Collect(HTMLParser):
    """Elements by class, the text of each tag/id label, images and anything external."""

    def __init__(self) -> None:
        super().__init__()
        self.classes: dict[str, list[dict[str, str]]] = {}
        self.labels: list[str] = []
        self.images: list[str] = []
        self.tags: set[str] = set()
        self.external: list[str] = []
        self._label = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.add(tag)
        for c in a.get("class", "").split():
            self.classes.setdefault(c, []).append(a)
        self._label = any(c in ("tag", "rid") for c in a.get("class", "").split())
        if tag == "img":
            self.images.append(a.get("src", ""))
        for key in ("src", "href"):
            v = a.get(key, "")
            if v and not (v.startswith("data:") or v.startswith("#")):
                self.external.append(v)

    def handle_data(self, data: str) -> None:
        if self._label:
            self.labels.append(data)
            self._label = False


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    write_outputs([extract_document(PDF)], out, {"json"})
    return out


@pytest.fixture(scope="module")
def report(out_dir: Path) -> tuple[Path, dict, _Collect]:
    res = build_report(out_dir, PDF.parent)
    assert res.path == out_dir / "report.html" and res.notes == []
    obj = json.loads((out_dir / "wg7_2019_fr.json").read_text(encoding="utf-8"))
    parsed = _Collect()
    parsed.feed(res.path.read_text(encoding="utf-8"))
    return res.path, obj, parsed


def test_every_record_is_drawn_and_listed(report) -> None:
    _, obj, parsed = report
    ids = [r["id"] for r in records_of(obj)]
    # the 174 recommendations and the introduction's row t1 (issue #15 item 7)
    assert len(ids) == 175 and "t1" in ids
    labels = set(parsed.labels)
    assert set(ids) <= labels
    # one outlined box per record per page, and its text beside the page
    n_boxes = sum(len(r["boxes"]) for r in records_of(obj))
    assert len(parsed.classes["record"]) + len(parsed.classes["item"]) == n_boxes
    assert len(parsed.classes["rec"]) == n_boxes
    anchors = {a["id"] for a in parsed.classes["rec"]}
    assert {a["href"][1:] for a in parsed.classes["tag"]} <= anchors


def test_furniture_and_repairs_are_marked(report) -> None:
    _, obj, parsed = report
    furniture = parsed.classes["furniture"]
    assert len(furniture) == len(obj["furniture"]) > 0
    assert {f["title"].split(":")[0] for f in furniture} == {f["reason"] for f in obj["furniture"]}
    repairs = parsed.classes["repair"]
    assert len(repairs) == len(obj["repairs"]) >= 1
    assert "letter-spacing: l'ONU DC → l'ONUDC" in [r["title"] for r in repairs]
    assert len(parsed.classes["meeting"]) == len(obj["meetings"]) == 5


def test_pages_are_embedded_images(report) -> None:
    _, obj, parsed = report
    assert len(parsed.images) == obj["document"]["page_count"] == 17
    for src in parsed.images:
        assert src.startswith("data:image/png;base64,")
        image = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
        assert image.format == "PNG"
        assert abs(image.width - 595.28 * 1.3) < 2 and abs(image.height - 841.89 * 1.3) < 2


def test_self_contained(report) -> None:
    path, _, parsed = report
    assert parsed.external == []
    assert not parsed.tags & {"script", "link", "iframe", "object"}
    assert path.stat().st_size < 4_000_000


def test_missing_pdf_still_reports(out_dir: Path, tmp_path: Path) -> None:
    res = build_report(out_dir, tmp_path / "nowhere", tmp_path / "r.html")
    assert res.path == tmp_path / "r.html" and res.records == 175  # with t1
    assert res.notes and "wg7_2019_fr.pdf not found" in res.notes[0]
    parsed = _Collect()
    parsed.feed(res.path.read_text(encoding="utf-8"))
    assert parsed.images == [] and len(parsed.classes["page"]) == 17
    assert "5.2.k" in parsed.labels


def test_report_command(out_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = report_command(out_dir, tmp_path / "x" / "report.html", PDF.parent)
    assert path.is_file()
    assert "1 document(s), 175 records" in capsys.readouterr().err  # 174 and t1
    for bad in (tmp_path / "missing", tmp_path / "x"):
        with pytest.raises(typer.Exit) as exc:
            report_command(bad, None, PDF.parent)
        assert exc.value.exit_code == 3


def _screenshot(html: Path, shot: Path, profile: Path) -> None:
    assert CHROMIUM is not None
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={profile}", f"--screenshot={shot}",
        "--window-size=1400,2000", html.resolve().as_uri(),
    ]
    subprocess.run(cmd, capture_output=True, timeout=90, check=True)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")
def test_renders_in_headless_chromium(report, tmp_path: Path) -> None:
    path, _, _ = report
    shot = tmp_path / "shot.png"
    _screenshot(path, shot, tmp_path / "profile")
    assert shot.is_file() and shot.stat().st_size > 50_000
    image = Image.open(shot).convert("RGB")
    assert image.size == (1400, 2000)
    px = np.asarray(image).reshape(-1, 3).astype(int)
    assert len(np.unique(px // 8, axis=0)) > 200  # not a blank or flat image
    # the page image (dark text on white) and the record outlines (blue) are painted
    dark = int((px.max(axis=1) < 60).sum())
    r, g, b = px[:, 0], px[:, 1], px[:, 2]
    blue = int(((b > 150) & (r < 90) & (g > 60) & (g < 130)).sum())
    assert dark > 5_000 and blue > 2_000
