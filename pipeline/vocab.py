"""The enrichment vocabulary shared by parsing and outputs: actor and modality keys, reference keys.

The values of a record's ``actor`` and ``modality`` are keys of :data:`ACTORS` and
:data:`MODALITIES`; its ``references`` are keys matching :data:`REFERENCE_PATTERN`, kept in
natural order (:func:`natural_key`) and joined by :data:`SEPARATOR` in the tables. How the keys
are found in a record's text is :mod:`pipeline.parse.enrich`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ACTORS: tuple[str, ...] = (
    "states_parties",
    "states",
    "working_group",
    "conference",
    "secretariat",
    "unodc",
)
MODALITIES: tuple[str, ...] = (
    "should",
    "may_wish",
    "encouraged",
    "invited",
    "requested",
    "recommended",
    "must",
    "could",
)

#: one reference key (the ``references`` column joins several with :data:`SEPARATOR`)
#: (plain groups only, so that Table Schema and JSON Schema read it the same way)
REFERENCE_PATTERN = (
    r"((protocol|convention):)?art:[0-9]+"
    r"|doc:[A-Z][A-Za-z0-9.\-]*(/[A-Za-z0-9.\-]+)+"
    r"|org:[A-Z]+"
)
SEPARATOR = ";"

#: one UN document symbol as the UN writes it: slash-separated segments, the first starting
#: with a capital (``A/HRC/43/2``, ``CTOC/COP/WG.7/2019/CRP.1``), a segment may carry a
#: parenthesised part (``ICCD/COP(8)/CST/8``), a Security Council resolution its year after a
#: space (``S/RES/2776 (2025)``). The asterisk of a reissue (``S/RES/2776 (2025)*``) marks a
#: footnote, not the symbol, and is not kept.
_ONE_SYMBOL = (r"[A-Z][A-Za-z0-9.\-]*(\([A-Za-z0-9.\-]+\))?"
               r"(/[A-Za-z0-9.\-]+(\([A-Za-z0-9.\-]+\))?)+( \([0-9]{4}\))?")
#: a document symbol: one symbol, or a double symbol of a document issued under two (both kept,
#: joined by the en dash printed between them: ``E/2025/L.16–E/HLPF/2025/L.1``); unanchored
SYMBOL_PATTERN = rf"{_ONE_SYMBOL}(–{_ONE_SYMBOL})*"


def natural_key(key: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders the numbers inside a key numerically (``art:9`` < ``art:10``)."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.split(r"([0-9]+)", key)
        if part
    )


def join_references(references: Iterable[str]) -> str | None:
    """Keys → the tables' ``references`` value: ``;``-joined, natural order, null when none."""
    keys = sorted(set(references), key=natural_key)
    return SEPARATOR.join(keys) if keys else None


def split_references(value: str | None) -> list[str]:
    """The tables' ``references`` value → list of keys (``[]`` for null)."""
    return value.split(SEPARATOR) if value else []

#: what a document is (the documents table's ``document_type``), derived from evidence in the
#: document (:mod:`pipeline.parse.doctype`)
DOCUMENT_TYPES: tuple[str, ...] = (
    "resolution", "decision", "draft", "report", "note", "letter", "agenda",
    "verbatim_record", "summary_record", "information", "conference_room_paper", "publication",
    "other",
)
