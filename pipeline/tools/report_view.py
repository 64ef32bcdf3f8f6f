"""What the QA report shows: each document's pages (rendered PDF) with its boxes and texts.

Reads the ``<stem>.json`` files of an output folder, renders each page of the source PDF
with pypdfium2 and lays out, page by page, the boxes to draw (records, items, meetings, text
in no record, furniture, repairs) and the records, furniture and repairs to list beside.
The HTML is :mod:`pipeline.tools.report_html`'s job.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import field
from pathlib import Path
from typing import Any

from pipeline.out.schema import JSON_FORMAT
from pipeline.records import dataclass

DEFAULT_SCALE = 1.3
#: A4 in points: the page size used when the PDF cannot be opened
_A4 = (595.28, 841.89)


@dataclass(slots=True)
class PageView:
    """What the report shows for one page of one document."""

    number: int
    width: float  # points
    height: float  # points
    png: bytes | None = None
    #: (css class, bbox, label or None, tooltip, link target or None)
    boxes: list[tuple[str, list[float], str | None, str, str | None]] = field(
        default_factory=list
    )
    records: list[dict[str, Any]] = field(default_factory=list)
    furniture: list[dict[str, Any]] = field(default_factory=list)
    repairs: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class DocumentView:
    stem: str
    obj: dict[str, Any]
    pages: list[PageView]
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Reading the output folder and the PDFs
# --------------------------------------------------------------------------------------------


def document_jsons(out_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every unrecs ``<stem>.json`` of ``out_dir`` as ``(stem, object)``, by file name."""
    import json

    found = []
    for p in sorted(out_dir.glob("*.json")):
        if p.name == "datapackage.json":
            continue
        try:
            obj = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(obj, dict) and obj.get("format") == JSON_FORMAT:
            found.append((p.stem, obj))
    return found


def _preorder(nodes: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for n in nodes:
        yield n
        yield from _preorder(n.get("items", []))


def records_of(obj: dict[str, Any]) -> list[dict[str, Any]]:
    """Every record node (recommendations, or paragraphs) of a document JSON, in order."""
    recs = [n for m in obj.get("meetings", []) for n in _preorder(m["recommendations"])]
    paras = [n for s in obj.get("sections", []) for n in _preorder(s["paragraphs"])]
    return recs + paras


def render_pages(pdf: Path, scale: float = DEFAULT_SCALE) -> list[tuple[float, float, bytes]]:
    """Each page of ``pdf`` as ``(width_pt, height_pt, png_bytes)`` rendered at ``scale``."""
    import pypdfium2 as pdfium
    from PIL import Image

    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            try:
                width, height = page.get_size()
                image = page.render(scale=scale).to_pil()
                # an adaptive 64-colour palette: a quarter of the bytes, no visible loss on text
                image = image.convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
                buf = io.BytesIO()
                image.save(buf, format="PNG", optimize=True)
                out.append((width, height, buf.getvalue()))
            finally:
                page.close()
        return out
    finally:
        doc.close()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def _clip(text: str, n: int = 300) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def document_view(
    stem: str, obj: dict[str, Any], pdf_dirs: Iterable[Path], scale: float = DEFAULT_SCALE
) -> DocumentView:
    """Gather one document's pages (rendered when its PDF is found) and what lies on them."""
    doc = obj["document"]
    notes: list[str] = []
    source = doc.get("source_file") or f"{stem}.pdf"
    pdf = next((d / source for d in pdf_dirs if (d / source).is_file()), None)
    rendered: list[tuple[float, float, bytes]] = []
    if pdf is None:
        where = ", ".join(str(d) for d in pdf_dirs)
        notes.append(f"{source} not found in {where}: boxes drawn on blank pages")
    else:
        if doc.get("sha256") and _sha256(pdf) != doc["sha256"]:
            notes.append(f"{pdf} differs from the extracted PDF (SHA-256): boxes may not match")
        try:
            rendered = render_pages(pdf, scale)
        except Exception as exc:  # noqa: BLE001 - any PDF failure: report it, draw blank pages
            notes.append(f"{pdf} cannot be rendered ({type(exc).__name__}): blank pages")
    count = max(doc.get("page_count") or 0, len(rendered))
    pages = [
        PageView(n, *(rendered[n - 1][:2] if n <= len(rendered) else _A4),
                 png=rendered[n - 1][2] if n <= len(rendered) else None)
        for n in range(1, count + 1)
    ]

    def page(n: int) -> PageView:
        while n > len(pages):  # a box beyond the page count: show it anyway
            pages.append(PageView(len(pages) + 1, *_A4))
        return pages[n - 1]

    for m in obj.get("meetings", []):
        if m.get("bbox") and m.get("page"):
            page(m["page"]).boxes.append(
                ("meeting", m["bbox"], None, f"meeting {m['meeting']}: {m['heading']}", None)
            )
    for b in obj.get("other_text", []):
        for bx in b["boxes"]:
            tip = f"{b['kind']} outside any record: {_clip(b['text'])}"
            page(bx["page"]).boxes.append(("other", bx["bbox"], None, tip, None))
    unplaced = []
    for r in records_of(obj):
        if not r["boxes"]:
            unplaced.append(r["id"])
        kind = "item" if r.get("parent_id") else "record"
        for bx in r["boxes"]:
            anchor = _anchor(stem, bx["page"], r["id"])
            page(bx["page"]).boxes.append(
                (kind, bx["bbox"], r["id"], f"{r['id']}: {_clip(r['text'])}", anchor)
            )
        for p in sorted({bx["page"] for bx in r["boxes"]}):
            page(p).records.append(r)
    if unplaced:
        notes.append(f"records without a box: {', '.join(unplaced)}")
    for f in obj.get("furniture", []):
        pv = page(f["page"])
        pv.boxes.append(("furniture", f["bbox"], None, f"{f['reason']}: {f['text']}", None))
        pv.furniture.append(f)
    for r in obj.get("repairs", []):
        pv = page(r["page"])
        pv.boxes.append(("repair", r["bbox"], None,
                         f"{r['kind']}: {r['before']} → {r['after']}", None))
        pv.repairs.append(r)
    return DocumentView(stem, obj, pages, notes)


def _anchor(stem: str, page: int, rid: str) -> str:
    """The HTML id of a record's text beside page ``page`` (the box tags link to it)."""
    return f"t-{stem}-p{page}-{rid}".replace(" ", "_")
