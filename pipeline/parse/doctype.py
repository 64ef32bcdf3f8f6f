"""What a document is (``document_type``) and a publication's numbers (ISBN, sales number).

The rules, in order, each on evidence printed in the document:

1. the symbol's grammar: a ``RES`` segment → resolution, ``DEC`` → decision, ``PV.n`` →
   verbatim_record, ``SR.n`` → summary_record (``A/RES/48/161``, ``A/60/PV.25``);
2. a publication: an ISBN or a sales number is printed (``ISBN 978-92-1-…``, ``Sales No.
   E.04.V.5``), or there is no masthead at all (no symbol, no distribution line: a UN book's
   title page, ``NACIONES UNIDAS 2023``);
3. the start of the title, in the document's language (``pipeline.lang``
   ``DOCUMENT_TYPE_WORDS``): draft resolution or decision → draft, resolution, decision,
   report, note (``Note by the Secretary-General``), letter (``Letter dated …``), agenda;
4. the symbol's last segments: ``L.n`` (limited distribution: drafts) → draft, ``INF`` →
   information, ``CRP.n`` → conference_room_paper;
5. otherwise other.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline import recache
from pipeline.lang import document_type_from_title
from pipeline.model import DocumentMeta

_ISBN = recache.compile(
    r"(?<![\w-])ISBN(?:-1[03])?\s*:?\s*((?:97[89][-\s]?)?[0-9](?:[-\s]?[0-9]){8}[-\s]?[0-9Xx])"
)
#: a UN sales number after its label: language letter, year, category in Roman numerals,
#: number (Sales No. E.04.V.5, Numéro de vente : F.04.V.5, Número de venta: S.04.V.5)
_SALES = recache.compile(
    r"(?:Sales\s+No|Num[ée]ro\s+de\s+vente|N[úu]mero\s+de\s+venta|№)\.?\s*:?\s*"
    r"([EFSRACM]\.[0-9]{2}\.[IVX]{1,5}\.(?:[A-Z]{1,2}\.)?[0-9]{1,3})\b"
)


def _cited(text: str, start: int) -> bool:
    """True when ``start`` is inside parentheses: ``(United Nations publication, Sales No.
    E.02.IV.4)`` cites another publication, it is not this document's imprint."""
    before = text[max(0, start - 200):start]
    return before.rfind("(") > before.rfind(")")


def publication_numbers(texts: Iterable[str]) -> tuple[str | None, str | None]:
    """The first ISBN (print, not eISBN) and the first sales number in ``texts`` (the pages'
    texts where publications print them: the first and last few), normalised to hyphens;
    numbers inside parentheses are citations of other publications and are not taken."""
    isbn = sales = None
    for text in texts:
        if isbn is None:
            m = next((m for m in _ISBN.finditer(text) if not _cited(text, m.start())), None)
            if m is not None:
                isbn = recache.sub(r"\s+", "-", m.group(1).strip())
        if sales is None:
            m = next((m for m in _SALES.finditer(text) if not _cited(text, m.start())), None)
            if m is not None:
                sales = m.group(1)
    return isbn, sales


def document_type(meta: DocumentMeta) -> str:
    """``document_type`` of a document from its masthead metadata (see the module docstring);
    ``meta.isbn`` and ``meta.sales_number`` already read."""
    segments = _segments(meta.symbol)
    if "RES" in segments:
        return "resolution"
    if "DEC" in segments:
        return "decision"
    if any(s.startswith("PV.") for s in segments):
        return "verbatim_record"
    if any(s.startswith("SR.") for s in segments):
        return "summary_record"
    if meta.isbn or meta.sales_number or (meta.symbol is None and meta.distribution is None):
        return "publication"
    kind = document_type_from_title(meta.title, meta.language)
    if kind is not None:
        return kind
    if any(recache.fullmatch(r"L\.[0-9]+", s) for s in segments):
        return "draft"
    if "INF" in segments:
        return "information"
    if any(recache.fullmatch(r"CRP\.[0-9]+", s) for s in segments):
        return "conference_room_paper"
    return "other"


def _segments(symbol: str | None) -> list[str]:
    """The slash-separated segments of every symbol of a (double) symbol."""
    if not symbol:
        return []
    return [seg for one in symbol.split("\u2013") for seg in one.split(" ")[0].split("/")]
