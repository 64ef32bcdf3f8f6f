"""The QA report as one self-contained HTML page: page images, boxes, tags and texts.

No external resources (scripts, fonts, images): PNGs are base64-embedded, CSS is inline.
"""

from __future__ import annotations

import base64
import html
from typing import Any

from pipeline.tools.report_view import (
    DEFAULT_SCALE,
    DocumentView,
    PageView,
    _anchor,
    records_of,
)

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


#: languages written right to left (ISO 639-1)
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur"})


def text_attrs(language: str | None) -> str:
    """HTML attributes of a text in ``language``: its ``lang``, and ``dir="rtl"`` when the
    language is written right to left (Arabic)."""
    if not language:
        return ' dir="auto"'
    rtl = ' dir="rtl"' if language in RTL_LANGUAGES else ""
    return f' lang="{_e(language)}"{rtl}'


def _record_html(stem: str, page: int, r: dict[str, Any], language: str | None = None) -> str:
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
        f'<span class="rid">{_e(r["id"])}</span>{badges}<br>{cont}'
        f'<span class="txt"{text_attrs(language)}>{_e(r["text"])}</span></div>'
    )


def _page_html(doc: DocumentView, pv: PageView, scale: float) -> str:
    w, h = pv.width * scale, pv.height * scale
    img = ""
    if pv.png is not None:
        data = base64.b64encode(pv.png).decode("ascii")
        img = (f'<img src="data:image/png;base64,{data}" width="{w:.0f}" height="{h:.0f}" '
               f'alt="page {pv.number}">')
    boxes = "".join(_box_html(*b, scale=scale) for b in pv.boxes)
    language = doc.obj.get("document", {}).get("language")
    texts = "".join(_record_html(doc.stem, pv.number, r, language) for r in pv.records)
    if not texts:
        texts = "<p><i>no record on this page</i></p>"
    extra = ""
    if pv.furniture:
        items = "".join(f"<li><b>{_e(f['reason'])}</b>: <span dir=\"auto\">{_e(f['text'])}"
                        "</span></li>" for f in pv.furniture)
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
        title = " — ".join(f'<span{text_attrs(doc.get("language"))}>{_e(v)}</span>'
                           if v == doc.get("title") else _e(v)
                           for v in (doc.get("symbol"), doc.get("title")) if v)
        parts.append(f'<section class="doc" id="{_e(d.stem)}"><h2>{title}</h2>')
        parts.append(
            f"<p>{_e(doc.get('source_file', ''))} · {_e(doc.get('language', ''))} · "
            f"{_e(doc.get('document_type') or '')} · "
            f"{_e(doc.get('mode', ''))} mode · {len(d.pages)} page(s) · "
            f"{len(records_of(d.obj))} records</p>"
        )
        problems = d.obj.get("problems", [])
        if problems:
            items = "".join(
                f"<li>{_e(p['severity'])}: {_e(p.get('record') or '')}"
                f"{' p. ' + str(p['page']) if p.get('page') else ''}: {_e(p['message'])} "
                f"[{_e(p['rule'])}]</li>"
                for p in problems
            )
            parts.append(f'<details class="problems"><summary>{len(problems)} problem(s) '
                         f"(the problems table)</summary><ul>{items}</ul></details>")
        for note in d.notes:
            parts.append(f'<p class="note">{_e(note)}</p>')
        links = " ".join(f'<a href="#{_e(d.stem)}-p{p.number}">p. {p.number}</a>'
                         for p in d.pages)
        parts.append(f'<nav class="pages">{links}</nav>')
        parts.extend(_page_html(d, pv, scale) for pv in d.pages)
        parts.append("</section>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts)
