"""``export-akn``: an output folder's ``<stem>.json`` → ``akn/<stem>.xml``, Akoma Ntoso 3.0.

Document type. Every document becomes ``<akomaNtoso><doc name="...">``. AKN4UN keeps
``statement`` for the deliberative outputs an organ adopts (resolutions, decisions) and
``documentCollection`` for a document that bundles other whole documents (each with its own
FRBR identity). A list of recommendations compiled by the Secretariat is neither: the
compilation itself is not adopted by anyone (each recommendation was adopted at its meeting, and
the meetings are parts of one document, not documents), so ``doc`` — AKN's type for any other
document — is the honest choice; ``name`` says which kind (``recommendations`` or ``document``
for the generic paragraphs mode).

The conventions are in the modules that apply them: :mod:`pipeline.tools.akn_names` (FRBR
identifiers, eIds), :mod:`pipeline.tools.akn_xml` (the XML body), :mod:`pipeline.tools.akn_check`
(structure and XSD checks); their public names are importable from here too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path
from typing import Any

from pipeline.fsutil import write_atomic
from pipeline.out.schema import JSON_FORMAT
from pipeline.out.tables import extraction_from_json
from pipeline.records import dataclass
from pipeline.tools.akn_check import (
    akn_items,
    structure_problems,
    xsd_available,
    xsd_path,
    xsd_problems,
)
from pipeline.tools.akn_names import (
    AKN_NS,
    ISO639_2,
    UNRECS_NS,
    AknError,
    Frbr,
    actor_slug,
    clean_num,
    document_date,
    frbr_for,
    item_num,
    record_id_for_eid,
    symbol_number,
)
from pipeline.tools.akn_xml import akn_bytes, to_akn

__all__ = [
    "AKN_DIR",
    "AKN_NS",
    "ISO639_2",
    "UNRECS_NS",
    "AknError",
    "AknExport",
    "Frbr",
    "actor_slug",
    "akn_bytes",
    "akn_items",
    "clean_num",
    "document_date",
    "document_jsons",
    "export_akn",
    "frbr_for",
    "item_num",
    "record_id_for_eid",
    "structure_problems",
    "symbol_number",
    "to_akn",
    "xsd_available",
    "xsd_path",
    "xsd_problems",
]

AKN_DIR = "akn"


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
