"""AKN4UN naming: namespaces, FRBR identifiers of a document, eIds and printed numbers.

Identification (AKN naming convention, AKN4UN flavour). With symbol ``CTOC/COP/WG.7/2019/CRP.1``,
date 2019-06-21, French:

* actor: the symbol's leading parts up to the first one starting with a digit, lower-cased, dots
  dropped, joined with ``-`` → ``ctoc-cop-wg7`` (also the author's TLCOrganization eId);
* number: the symbol with ``/`` → ``-`` → ``CTOC-COP-WG.7-2019-CRP.1``;
* Work ``/akn/un/doc/ctoc-cop-wg7/2019-06-21/CTOC-COP-WG.7-2019-CRP.1`` (FRBRthis adds
  ``/!main``), Expression adds ``/fra@`` (ISO 639-2 code), Manifestation adds ``.akn``;
* FRBRdate is the document date, FRBRauthor the body (else the organ), FRBRcountry ``un``.

eIds: see :mod:`pipeline.tools.akn_xml`; :func:`record_id_for_eid` maps an eId back to the
record id.
"""

from __future__ import annotations

import re

from pipeline import recache
from pipeline.model import Extraction
from pipeline.out.tables import output_stem
from pipeline.records import dataclass

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
#: namespace of the unrecs provenance block inside ``<proprietary>``
UNRECS_NS = "urn:unrecs:akn:1"
ISO639_2: dict[str, str] = {
    "fr": "fra", "en": "eng", "es": "spa", "ru": "rus", "ar": "ara", "zh": "zho",
}

_EID_REF = r"[A-Za-z][A-Za-z0-9\-]*_[A-Za-z0-9\-]+"
_EID_RE = recache.compile(rf"^{_EID_REF}(__{_EID_REF})*$")


class AknError(ValueError):
    """An extraction cannot be expressed as a consistent Akoma Ntoso document."""


def _q(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


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


_EID_PART = recache.compile(r"(?:^|__)(meet|para|point|sec)_([A-Za-z0-9\-]+)")


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
