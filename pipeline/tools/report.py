"""Visual QA report: one self-contained HTML file showing every page with what was extracted.

``unrecs report OUT_DIR`` (:func:`report_command`) reads each ``<stem>.json`` of an output
folder, finds its source PDF (``source_file`` in ``--pdf-dir``, default ``raw``), renders every
page with pypdfium2 (PNG, base64-embedded, scale 1.3) and draws over it, in PDF points scaled
to pixels (JSON boxes are ``[x0, top, x1, bottom]``, origin top-left):

* each record's (recommendation's or paragraph's) box, outlined and tagged with its id in the
  right margin; lettered items in another colour; the tag links to the record's text;
* meeting headings, and body text that belongs to no record (``other_text``, dashed);
* removed page furniture, shaded, with its reason and text as a tooltip;
* text repairs (letter-spacing joins, dehyphenations), marked, with ``before → after``.

Beside each page: the text of the records on that page (with their derived actor, modality and
references), and the page's furniture and repairs. The file has no external resources (no
scripts, fonts or images to fetch), so it can be archived or mailed as is. A missing PDF, or one
whose SHA-256 differs from the extracted one, is reported and the boxes are drawn on a blank
page instead.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.out.schema import JSON_FORMAT

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


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;
  background:#eef0f3;color:#1d2330}
header{background:#1d3557;color:#fff;padding:14px 24px}
header h1{margin:0 0 4px;font-size:20px}
header p{margin:2px 0}
.legend span{display:inline-block;margin-right:14px}
.sw{display:inline-block;width:14px;height:10px;vertical-align:middle;margin-right:4px;
  border:2px solid}
main{padding:12px 24px}
.doc h2{margin:18px 0 4px;font-size:18px}
.note{background:#fff3cd;border:1px solid #e0b84a;padding:6px 10px;margin:6px 0}
nav.pages a{margin-right:8px}
.row{display:flex;gap:18px;align-items:flex-start;margin:14px 0 26px}
.page{position:relative;flex:none;background:#fff;box-shadow:0 1px 5px rgba(0,0,0,.25)}
.page img{display:block}
.pno{position:absolute;left:6px;top:4px;font-size:11px;color:#666}
.box{position:absolute;box-sizing:border-box}
.box.record{border:1.5px solid rgba(20,90,200,.9);background:rgba(20,90,200,.05)}
.box.item{border:1.5px solid rgba(0,140,70,.9);background:rgba(0,140,70,.05)}
.box.meeting{border:2px solid rgba(120,40,170,.9);background:rgba(120,40,170,.06)}
.box.other{border:1.5px dashed rgba(90,90,90,.8)}
.box.furniture{background:rgba(230,90,0,.28);border:1px solid rgba(230,90,0,.7)}
.box.repair{border:2px dotted #d0008a;background:rgba(208,0,138,.12)}
.box:hover{outline:2px solid #000;z-index:5}
.tag{position:absolute;left:100%;top:-1px;margin-left:4px;font:bold 11px/1.2 monospace;
  padding:1px 3px;border-radius:3px;color:#fff;text-decoration:none;white-space:nowrap}
.record .tag{background:rgba(20,90,200,.95)}
.item .tag{background:rgba(0,140,70,.95)}
.texts{flex:1;min-width:320px;overflow-y:auto;background:#fff;padding:8px 12px;
  box-shadow:0 1px 4px rgba(0,0,0,.15)}
.texts h3{margin:4px 0 8px;font-size:15px}
.rec{margin:0 0 10px;padding:4px 6px;border-left:4px solid rgba(20,90,200,.9)}
.rec.sub{border-left-color:rgba(0,140,70,.9);margin-left:14px}
.rec:target{background:#fff3b0}
.rid{font:bold 12px monospace;margin-right:6px}
.badge{display:inline-block;font-size:11px;background:#e7ebf3;border-radius:3px;padding:0 4px;
  margin:0 3px 0 0;color:#334}
.cont{font-size:11px;color:#777}
details{margin:6px 0;font-size:12px}
details li{margin:2px 0}
"""

_LEGEND = [
    ("record", "rgba(20,90,200,.9)", "recommendation / paragraph"),
    ("item", "rgba(0,140,70,.9)", "lettered item"),
    ("meeting", "rgba(120,40,170,.9)", "meeting heading"),
    ("other", "rgba(90,90,90,.8)", "text in no record"),
    ("furniture", "rgba(230,90,0,.7)", "removed furniture (hover: reason)"),
    ("repair", "#d0008a", "text repair (hover: before → after)"),
]


def _anchor(stem: str, page: int, rid: str) -> str:
    return f"t-{stem}-p{page}-{rid}".replace(" ", "_")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _box_html(kind: str, bbox: list[float], label: str | None, tip: str, link: str | None,
              scale: float) -> str:
    x0, top, x1, bottom = bbox
    style = (
        f"left:{x0 * scale:.1f}px;top:{top * scale:.1f}px;"
        f"width:{max(x1 - x0, 1) * scale:.1f}px;height:{max(bottom - top, 1) * scale:.1f}px"
    )
    tag = ""
    if label is not None:
        tag = f'<a class="tag" href="#{_e(link)}">{_e(label)}</a>' if link else (
            f'<span class="tag">{_e(label)}</span>'
        )
    return f'<div class="box {kind}" style="{style}" title="{_e(tip)}">{tag}</div>'


def _record_html(stem: str, page: int, r: dict[str, Any]) -> str:
    pages = sorted({b["page"] for b in r["boxes"]})
    cont = ""
    if pages and pages[0] < page:
        cont += f'<span class="cont">(continued from p. {pages[0]}) </span>'
    if pages and pages[-1] > page:
        cont += f'<span class="cont"> (continues on p. {pages[-1]})</span>'
    badges = "".join(
        f'<span class="badge">{_e(v)}</span>'
        for v in (r.get("actor"), r.get("modality"), *(r.get("references") or []))
        if v
    )
    sub = " sub" if r.get("parent_id") else ""
    return (
        f'<div class="rec{sub}" id="{_e(_anchor(stem, page, r["id"]))}">'
        f'<span class="rid">{_e(r["id"])}</span>{badges}<br>{cont}{_e(r["text"])}</div>'
    )


def _page_html(doc: DocumentView, pv: PageView, scale: float) -> str:
    w, h = pv.width * scale, pv.height * scale
    img = ""
    if pv.png is not None:
        data = base64.b64encode(pv.png).decode("ascii")
        img = (f'<img src="data:image/png;base64,{data}" width="{w:.0f}" height="{h:.0f}" '
               f'alt="page {pv.number}">')
    boxes = "".join(_box_html(*b, scale=scale) for b in pv.boxes)
    texts = "".join(_record_html(doc.stem, pv.number, r) for r in pv.records)
    if not texts:
        texts = "<p><i>no record on this page</i></p>"
    extra = ""
    if pv.furniture:
        items = "".join(f"<li><b>{_e(f['reason'])}</b>: {_e(f['text'])}</li>"
                        for f in pv.furniture)
        extra += f"<details><summary>{len(pv.furniture)} furniture</summary><ul>{items}</ul>"
        extra += "</details>"
    if pv.repairs:
        items = "".join(f"<li><b>{_e(r['kind'])}</b>: {_e(r['before'])} → {_e(r['after'])}</li>"
                        for r in pv.repairs)
        extra += f"<details open><summary>{len(pv.repairs)} repair(s)</summary><ul>{items}</ul>"
        extra += "</details>"
    return (
        f'<div class="row" id="{_e(doc.stem)}-p{pv.number}">'
        f'<div class="page" style="width:{w:.0f}px;height:{h:.0f}px">{img}'
        f'<span class="pno">p. {pv.number}</span>{boxes}</div>'
        f'<div class="texts" style="max-height:{h:.0f}px"><h3>Page {pv.number}</h3>'
        f"{texts}{extra}</div></div>"
    )


def report_html(docs: list[DocumentView], scale: float = DEFAULT_SCALE) -> str:
    """The complete, self-contained HTML report of the given documents."""
    n_records = sum(len(records_of(d.obj)) for d in docs)
    n_furniture = sum(len(d.obj.get("furniture", [])) for d in docs)
    n_repairs = sum(len(d.obj.get("repairs", [])) for d in docs)
    legend = "".join(
        f'<span><i class="sw" style="border-color:{c}"></i>{_e(t)}</span>' for _, c, t in _LEGEND
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>unrecs extraction report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<header><h1>unrecs extraction report</h1>",
        f"<p>{len(docs)} document(s), {n_records} records, {n_furniture} furniture item(s) "
        f"removed, {n_repairs} repair(s). Hover a box for its text; click a tag to jump to the "
        "record's text.</p>",
        f'<p class="legend">{legend}</p></header><main>',
    ]
    for d in docs:
        doc = d.obj["document"]
        title = " — ".join(_e(v) for v in (doc.get("symbol"), doc.get("title")) if v)
        parts.append(f'<section class="doc" id="{_e(d.stem)}"><h2>{title}</h2>')
        parts.append(
            f"<p>{_e(doc.get('source_file', ''))} · {_e(doc.get('language', ''))} · "
            f"{_e(doc.get('mode', ''))} mode · {len(d.pages)} page(s) · "
            f"{len(records_of(d.obj))} records</p>"
        )
        for note in d.notes:
            parts.append(f'<p class="note">{_e(note)}</p>')
        links = " ".join(f'<a href="#{_e(d.stem)}-p{p.number}">p. {p.number}</a>'
                         for p in d.pages)
        parts.append(f'<nav class="pages">{links}</nav>')
        parts.extend(_page_html(d, pv, scale) for pv in d.pages)
        parts.append("</section>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder (mode from the umask), then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@dataclass(slots=True)
class ReportResult:
    path: Path
    documents: int
    records: int
    notes: list[str]


def build_report(
    out_dir: str | Path,
    pdf_dir: str | Path = "raw",
    output: str | Path | None = None,
    scale: float = DEFAULT_SCALE,
) -> ReportResult:
    """Write the HTML report of every ``<stem>.json`` in ``out_dir`` (default
    ``out_dir/report.html``); PDFs are looked up in ``pdf_dir``, then in ``out_dir``.

    Raises FileNotFoundError when ``out_dir`` holds no unrecs document JSON.
    """
    out_dir, pdf_dir = Path(out_dir), Path(pdf_dir)
    found = document_jsons(out_dir)
    if not found:
        raise FileNotFoundError(f"{out_dir}: no unrecs <stem>.json files (run unrecs extract "
                                "with the json format first)")
    docs = [document_view(stem, obj, [pdf_dir, out_dir], scale) for stem, obj in found]
    path = Path(output) if output is not None else out_dir / "report.html"
    _write_atomic(path, report_html(docs, scale))
    notes = [f"{d.stem}: {n}" for d in docs for n in d.notes]
    return ReportResult(path, len(docs), sum(len(records_of(d.obj)) for d in docs), notes)


def report_command(
    out_dir: Path, output: Path | None = None, pdf_dir: Path = Path("raw")
) -> Path:
    """CLI hook for ``unrecs report OUT_DIR [--output FILE] [--pdf-dir DIR]``.

    Prints warnings and a summary line on stderr; exits with code 3 (``typer.Exit``) when
    ``OUT_DIR`` is not a folder or holds no document JSON, or the report cannot be written.
    """
    import typer

    from pipeline.errors import EXIT_INPUT

    if not out_dir.is_dir():
        typer.echo(f"error: {out_dir}: no such folder", err=True)
        raise typer.Exit(EXIT_INPUT)
    try:
        res = build_report(out_dir, pdf_dir, output)
    except (FileNotFoundError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    for note in res.notes:
        typer.echo(f"warning: {note}", err=True)
    typer.echo(f"{res.documents} document(s), {res.records} records → {res.path}", err=True)
    return res.path
