"""Extraction → Akoma Ntoso 3.0 XML tree and bytes (``<akomaNtoso><doc>``, AKN4UN).

Body. Recommendations mode: ``mainBody`` → one ``<hcontainer name="meeting" eId="meet_1">`` per
meeting (``<num>I.</num>`` + ``<heading>``) → one ``<paragraph eId="meet_1__para_12">`` per
recommendation (``<num>12.</num>``) whose text is ``<content><p>``, or, when it has lettered
items, ``<intro><p>`` (the lead-in) + ``<list eId="…__list_1">`` of ``<point
eId="…__list_1__point_a">`` (``<num>a)</num>`` in French, ``(a)`` otherwise), nested likewise for
``a.i``. Paragraphs mode: one ``<section>`` per heading-path level (``II.B`` → ``sec_II`` ⊃
``sec_II__sec_B``) holding the numbered paragraphs (``sec_II__sec_B__para_12``), paragraphs
before the first heading directly in ``mainBody``.

eIds follow the naming convention (prefix ``__`` element-ref ``_`` number from ``<num>``,
``paragraph`` → ``para``, ``intro`` passes its prefix on), with one deliberate exception: the
meeting container is ``meet_<n>`` with the Arabic meeting number, so that ``meet_5__para_2``
reads directly as record ``5.2``. :func:`record_id_for_eid` maps an eId back to the record id.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pipeline import recache
from pipeline.lang import int_to_roman
from pipeline.model import Extraction, Meeting, Paragraph, Record
from pipeline.tools.akn_names import (
    AKN_NS,
    UNRECS_NS,
    AknError,
    Frbr,
    _q,
    clean_num,
    frbr_for,
    item_num,
)

ET.register_namespace("", AKN_NS)
ET.register_namespace("unrecs", UNRECS_NS)

_XML_BAD = recache.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _el(parent: ET.Element | None, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.Element(_q(tag), attrs) if parent is None else ET.SubElement(parent, _q(tag), attrs)
    if text is not None:
        el.text = _XML_BAD.sub("", text)
    return el


# --------------------------------------------------------------------------------------------
# Building the tree
# --------------------------------------------------------------------------------------------

Node = Record | Paragraph


class _Ids:
    """Hands out eIds and refuses duplicates."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, prefix: str, ref: str, num: str) -> str:
        eid = f"{prefix}__{ref}_{num}" if prefix else f"{ref}_{num}"
        if not num or eid in self.used:
            raise AknError(f"duplicate or empty eId {eid!r}")
        self.used.add(eid)
        return eid


def _children(nodes: list[Node]) -> dict[str | None, list[Node]]:
    kids: dict[str | None, list[Node]] = {}
    for n in nodes:
        kids.setdefault(n.parent_id, []).append(n)
    return kids


def _add_points(
    parent: ET.Element, prefix: str, node: Node, kids: dict[str | None, list[Node]],
    ids: _Ids, language: str | None,
) -> None:
    """``parent`` (a paragraph or point, num already added) gets the node's text and items."""
    items = kids.get(node.id, [])
    if not items:
        _el(_el(parent, "content"), "p", node.text)
        return
    _el(_el(parent, "intro"), "p", node.text)
    lst = _el(parent, "list", eId=ids(prefix, "list", "1"))
    list_id = lst.get("eId", "")
    for item in items:
        # a lettered item's letter, or a decimal paragraph's own number (121.3 → 3)
        label = (item.item or item.id.rsplit("/", 1)[-1]).rsplit(".", 1)[-1]
        num = clean_num(label)
        point = _el(lst, "point", eId=ids(list_id, "point", num))
        _el(point, "num", item_num(label, language))
        _add_points(point, point.get("eId", ""), item, kids, ids, language)


def _add_paragraph(
    parent: ET.Element, prefix: str, node: Node, kids: dict[str | None, list[Node]],
    ids: _Ids, language: str | None,
) -> None:
    if node.number is None:  # unnumbered (preamble, article text, prose): its id
        para = _el(parent, "paragraph", eId=ids(prefix, "para", node.id.rsplit("/", 1)[-1]))
    else:
        para = _el(parent, "paragraph", eId=ids(prefix, "para", str(node.number)))
        _el(para, "num", f"{node.number}.")
    _add_points(para, para.get("eId", ""), node, kids, ids, language)


def _meeting_heading(mt: Meeting) -> tuple[str, str]:
    """``I. Première réunion, …`` → (``I.``, ``Première réunion, …``)."""
    roman = int_to_roman(mt.meeting)
    m = re.match(rf"^\s*{roman}\s*[.\-–—]?\s+(.*)$", mt.heading)
    return f"{roman}.", (m.group(1) if m else mt.heading).strip() or mt.heading


def _recommendations_body(body: ET.Element, ex: Extraction, ids: _Ids) -> None:
    kids = _children(list(ex.records))
    tops: dict[int, list[Node]] = {}
    for r in kids.get(None, []):
        tops.setdefault(r.meeting, []).append(r)  # type: ignore[union-attr]
    known = {m.meeting for m in ex.meetings}
    for number in tops:
        if number not in known:
            raise AknError(f"records of meeting {number} but no heading for it")
    for mt in ex.meetings:
        cont = _el(body, "hcontainer", name="meeting", eId=ids("", "meet", str(mt.meeting)))
        num, heading = _meeting_heading(mt)
        _el(cont, "num", num)
        _el(cont, "heading", heading)
        recs = tops.get(mt.meeting, [])
        if not recs:  # a hierarchy needs content: say so rather than invent structure
            _el(_el(cont, "content"), "p", "")
        for r in recs:
            _add_paragraph(cont, cont.get("eId", ""), r, kids, ids, ex.meta.language)


def _paragraphs_body(body: ET.Element, ex: Extraction, ids: _Ids) -> None:
    kids = _children(list(ex.paragraphs))
    sections: dict[str, ET.Element] = {}

    def section(path: str) -> ET.Element:
        if not path:
            return body
        if path in sections:
            return sections[path]
        # sections of the document's own structure are joined by "/" (annex-1/art-2), chapter
        # paths by "." (II.B)
        if "/" in path:
            head, _, last = path.rpartition("/")
        elif "-" in path:
            head, last = "", path
        else:
            head, _, last = path.rpartition(".")
        parent = section(head)
        prefix = "" if parent is body else parent.get("eId", "")
        num = clean_num(last) or last
        sec = _el(parent, "section", eId=ids(prefix, "sec", num))
        _el(sec, "num", last)
        sections[path] = sec
        return sec

    for p in kids.get(None, []):
        # the section of an unnumbered paragraph is a printed heading, not a numbered path
        parent = section(p.section) if p.number is not None else body  # type: ignore[union-attr]
        prefix = "" if parent is body else parent.get("eId", "")
        _add_paragraph(parent, prefix, p, kids, ids, ex.meta.language)
    if len(body) == 0:
        _el(body, "p", "")


def _meta(root_doc: ET.Element, ex: Extraction, frbr: Frbr) -> None:
    m = ex.meta
    author = m.body or m.organ or "United Nations"
    meta = _el(root_doc, "meta")
    ident = _el(meta, "identification", source="#unrecs")
    work = _el(ident, "FRBRWork")
    _el(work, "FRBRthis", value=frbr.work_this)
    _el(work, "FRBRuri", value=frbr.work)
    if m.symbol:
        _el(work, "FRBRalias", value=m.symbol, name="UNSymbol")
    _el(work, "FRBRdate", date=frbr.date, name="issuance")
    _el(work, "FRBRauthor", href=f"#{frbr.actor}", **{"as": "#author"})
    _el(work, "FRBRcountry", value="un")
    if m.document_type:
        _el(work, "FRBRsubtype", value=m.document_type)
    _el(work, "FRBRnumber", value=frbr.number, showAs=m.symbol or frbr.number)
    if m.title:
        _el(work, "FRBRname", value=m.title)
    expr = _el(ident, "FRBRExpression")
    _el(expr, "FRBRthis", value=frbr.expression_this)
    _el(expr, "FRBRuri", value=frbr.expression)
    _el(expr, "FRBRdate", date=frbr.date, name="issuance")
    _el(expr, "FRBRauthor", href=f"#{frbr.actor}", **{"as": "#author"})
    _el(expr, "FRBRlanguage", language=frbr.language)
    man = _el(ident, "FRBRManifestation")
    _el(man, "FRBRthis", value=frbr.manifestation_this)
    _el(man, "FRBRuri", value=frbr.manifestation)
    _el(man, "FRBRdate", date=frbr.date, name="transformation")
    _el(man, "FRBRauthor", href="#unrecs", **{"as": "#editor"})

    refs = _el(meta, "references", source="#unrecs")
    _el(refs, "TLCOrganization", eId=frbr.actor, href=f"/ontology/organization/un/{frbr.actor}",
        showAs=author)
    _el(refs, "TLCOrganization", eId="unrecs", href="/ontology/organization/unrecs",
        showAs="unrecs")
    _el(refs, "TLCRole", eId="author", href="/ontology/role/author", showAs="Author")
    _el(refs, "TLCRole", eId="editor", href="/ontology/role/editor", showAs="Editor")

    prop = _el(meta, "proprietary", source="#unrecs")
    info = ET.SubElement(prop, f"{{{UNRECS_NS}}}source")
    for key, value in (
        ("symbol", m.symbol), ("job_number", m.job_number), ("source_file", m.source_file),
        ("sha256", m.sha256), ("page_count", str(m.page_count)),
        ("pipeline_version", m.pipeline_version), ("mode", ex.mode),
        ("document_type", m.document_type), ("isbn", m.isbn), ("sales_number", m.sales_number),
    ):
        if value:
            ET.SubElement(info, f"{{{UNRECS_NS}}}{key}").text = value
    # the problems the document was written with (rows of the problems table)
    for p in ex.problems:
        attrs = {"severity": p.severity, "rule": p.rule}
        if p.record:
            attrs["record"] = p.record
        if p.page:
            attrs["page"] = str(p.page)
        ET.SubElement(prop, f"{{{UNRECS_NS}}}problem", attrs).text = p.message


def _preface(root_doc: ET.Element, ex: Extraction, frbr: Frbr) -> None:
    m = ex.meta
    pre = _el(root_doc, "preface")
    if m.symbol:
        _el(_el(pre, "p", **{"class": "symbol"}), "docNumber", m.symbol)
    if m.organ:
        _el(_el(pre, "p", **{"class": "organ"}), "docAuthority", m.organ)
    if m.body:
        _el(_el(pre, "p", **{"class": "body"}), "docProponent", m.body)
    if m.session:
        _el(_el(pre, "p", **{"class": "session"}), "session", m.session.replace("\n", " — "))
    if m.date:
        _el(_el(pre, "p", **{"class": "date"}), "docDate", m.date, date=frbr.date)
    if m.title:
        _el(_el(pre, "p", **{"class": "title"}), "docTitle", m.title)
    if m.subtitle:
        _el(pre, "p", m.subtitle, **{"class": "subtitle"})
    if len(pre) == 0:
        root_doc.remove(pre)


def to_akn(ex: Extraction) -> ET.Element:
    """The ``<akomaNtoso>`` element of one extraction (raises :class:`AknError`)."""
    frbr = frbr_for(ex)
    root = _el(None, "akomaNtoso")
    doc = _el(root, "doc", name="recommendations" if ex.mode == "recommendations" else "document")
    _meta(doc, ex, frbr)
    _preface(doc, ex, frbr)
    body = _el(doc, "mainBody")
    ids = _Ids()
    if ex.mode == "recommendations":
        _recommendations_body(body, ex, ids)
    else:
        _paragraphs_body(body, ex, ids)
    return root


#: elements whose content is text (and inlines): never indented, so their text stays exact
_TEXTUAL = frozenset(_q(t) for t in ("p", "num", "heading"))


def _indent(el: ET.Element, level: int = 0) -> None:
    if el.tag in _TEXTUAL or len(el) == 0:
        return
    inner = "\n" + "  " * (level + 1)
    el.text = inner
    for child in el:
        _indent(child, level + 1)
        child.tail = inner
    el[-1].tail = "\n" + "  " * level


def akn_bytes(ex: Extraction) -> bytes:
    """The document as UTF-8 XML text (declaration, 2-space indent, newline at the end)."""
    root = to_akn(ex)
    _indent(root)
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")
