"""The declaration of unrecs' output tables: every field of every table, keys, JSON nesting.

``TABLES`` is the single source of truth (see :mod:`pipeline.out.schema`); every other artefact
(pandas dtypes, pandera, pyarrow, Table Schema, JSON Schema) is derived from it.
"""

from __future__ import annotations

from pipeline.out.fields import Field, ForeignKey, Table
from pipeline.vocab import (
    ACTORS,
    DOCUMENT_TYPES,
    MODALITIES,
    REFERENCE_PATTERN,
    SEPARATOR,
    SYMBOL_PATTERN,
)

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
DISTRIBUTIONS = ("general", "limited", "restricted")
MODES = ("recommendations", "paragraphs")

#: patterns are written unanchored; every derived artefact matches the whole value
JOB_NUMBER_PATTERN = r"([A-Z]{1,2}\.)?[0-9]{2}-[0-9]{5}( \([A-Z]\))?"
SHA256_PATTERN = r"[0-9a-f]{64}"
ITEM_PATTERN = r"[a-zа-яё]+(\.[a-zа-яё]+)*"
#: ``<meeting>.<number>[.<item>…]``; a row whose id an earlier row of the document already has
#: (the same number printed twice in one meeting) is written as ``<id>~<k>`` (see below)
RECORD_ID_PATTERN = r"[1-9][0-9]*\.[1-9][0-9]*(\.[a-zа-яё]+)*(~[2-9]|~[1-9][0-9]+)?"
#: ``[<section>/…]<local>``: sections ``<kind>-<key>`` (``annex-1``, ``art-12``, ``res-55.25``)
#: or a chapter path / restarted sequence (``IV.B``, ``seq-2``); local: ``<number>[.<n>…]
#: [.<item>…]`` (``12``, ``121.1``, ``3.a.i``), ``pp<k>`` (preamble), ``t<k>`` (unnumbered text);
#: a document without numbering: ``p<rank>`` in reading order. A row whose id an earlier row
#: of the document already has (the same number printed twice in one section) is written as
#: ``<id>~<k>``, its ``k``-th occurrence (``2~2``), and listed as a problem (rule ``ids``)
PARAGRAPH_ID_PATTERN = (
    r"(([A-Za-z0-9.()\-]+/)*([1-9][0-9]*(\.[0-9]+)*(\.[a-zа-яё]+)*|(pp|t)[1-9][0-9]*(\.[a-zа-яё]+)*)"
    r"(~[2-9]|~[1-9][0-9]+)?|p[1-9][0-9]*)"
)
#: the suffix of a repeated id's later occurrence (``~2``)
REPEAT_SUFFIX = "~"
PARAGRAPH_KINDS = (
    "preamble", "operative", "paragraph", "article-paragraph", "subparagraph", "item", "text",
)
ISO_DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
#: the id of a record (recommendations) or of a paragraph
CITING_ID_PATTERN = rf"{RECORD_ID_PATTERN}|{PARAGRAPH_ID_PATTERN}"

# --------------------------------------------------------------------------------------------
# The declared schema
# --------------------------------------------------------------------------------------------

_DOCUMENT = Field(
    "document",
    "string",
    "document key: the stem of the source file (<document>.json holds the document), unique "
    "within an output; the tables' keys use it because a publication has no symbol",
    min_length=1,
)
#: the text of a record or paragraph: empty only for a lead-in whose first item opens on its
#: own line ("(a) (i) The conversion …": row 1.a has no text, row 1.a.i holds it)
_ITEM_TEXT = Field(
    "text",
    "string",
    "normalised text, without its printed label; empty (an empty CSV cell) only for a row "
    "whose first sub-item opens on the same line as its label, e.g. '(a) (i) The conversion "
    "…' gives a row 1.a with an empty text and a row 1.a.i holding the text; validation "
    "refuses an empty text in a row without sub-items",
)
_SYMBOL = Field(
    "symbol",
    "string",
    "UN document symbol as printed in the masthead, e.g. CTOC/COP/WG.7/2019/CRP.1, "
    "ICCD/COP(8)/CST/8, S/RES/2776 (2025) (a reissue's asterisk left out); a double symbol "
    "keeps both, joined by an en dash: E/2025/L.16–E/HLPF/2025/L.1; null for a publication "
    "without one",
    nullable=True,
    pattern=SYMBOL_PATTERN,
)
_LANGUAGE = Field(
    "language",
    "string",
    "ISO 639-1 code of the language of this version of the document (ar, en, es, fr, ru, zh)",
    enum=LANGUAGES,
)
_MEETING = Field(
    "meeting",
    "integer",
    "meeting number, from the Roman numeral of the meeting heading (1-based)",
    minimum=1,
)


def _page(name: str, what: str) -> Field:
    return Field(name, "integer", what, minimum=1)


# derived by the enrichment stage (pipeline.parse.enrich) from the record's text (sub-items
# inherit actor and modality)
_ACTOR = Field(
    "actor",
    "string",
    "who the text addresses, derived from its operative verb phrase: states_parties, states, "
    "working_group, conference, secretariat or unodc; null when none of these "
    "(sub-items inherit it from their parent)",
    nullable=True,
    enum=ACTORS,
)
_MODALITY = Field(
    "modality",
    "string",
    "strength of the operative verb phrase: should, may_wish, encouraged, invited, requested, "
    "recommended, must or could; null when there is none (sub-items inherit it)",
    nullable=True,
    enum=MODALITIES,
)
_REFERENCES = Field(
    "references",
    "string",
    "what the text cites, as sorted keys (protocol:art:8, convention:art:16, art:18 when the "
    "instrument is not named, doc:<symbol>, org:INTERPOL ...); joined by ';' in tables "
    "(null when none), a list in JSON",
    nullable=True,
    pattern=REFERENCE_PATTERN,
    separator=SEPARATOR,
)


_DOCUMENTS = Table(
    "documents",
    "One row per source PDF: masthead metadata and provenance.",
    (
        _DOCUMENT,
        _SYMBOL,
        _LANGUAGE,
        Field(
            "original_language",
            "string",
            "ISO 639-1 code of the language the document was originally written in, if printed",
            nullable=True,
            enum=LANGUAGES,
        ),
        Field(
            "distribution",
            "string",
            "distribution as printed in the masthead: general, limited or restricted",
            nullable=True,
            enum=DISTRIBUTIONS,
        ),
        Field("date", "date", "issue date printed in the masthead", nullable=True),
        Field("organ", "string", "organ issuing the document, as printed", nullable=True),
        Field("body", "string", "subsidiary body (working group ...), as printed", nullable=True),
        Field(
            "session",
            "string",
            "place and dates of the session as printed (Vienne, 11-13 septembre 2019), lines "
            "of their own joined by the script's comma (Kingston (Jamaïque), 26 avril-7 mai "
            "2010; 2013年7月15日至26日，牙买加金斯敦); without such a line, the session line",
            nullable=True,
        ),
        Field(
            "session_name",
            "string",
            "session or meeting line as printed (Septième session, Seventh meeting)",
            nullable=True,
        ),
        Field(
            "agenda_item",
            "string",
            "agenda item number(s) as printed but in Western digits, a key to join on "
            "(4; 3 (b) (iii); printed ٤ → 4)",
            nullable=True,
        ),
        Field("agenda_title", "string", "title of the agenda item", nullable=True),
        Field("title", "string", "document title", nullable=True),
        Field("subtitle", "string", "subtitle or note under the title", nullable=True),
        Field(
            "job_number",
            "string",
            "UN job number printed in the footer of page 1, e.g. V.19-05872",
            nullable=True,
            pattern=JOB_NUMBER_PATTERN,
        ),
        Field("page_count", "integer", "number of pages of the source PDF", minimum=1),
        Field(
            "source_file",
            "string",
            "file name (without directory) of the source PDF; <stem>.json is named after it",
            min_length=1,
        ),
        Field(
            "sha256",
            "string",
            "SHA-256 of the source PDF bytes, lowercase hex",
            pattern=SHA256_PATTERN,
        ),
        Field("pipeline_version", "string", "version of unrecs that wrote the row", min_length=1),
        Field(
            "source_url",
            "string",
            "URL the PDF was downloaded from by `unrecs fetch` (from its manifest); null when the "
            "PDF was not fetched by unrecs",
            nullable=True,
        ),
        Field(
            "fetched_at",
            "string",
            "UTC time of that download, ISO 8601; null when unknown",
            nullable=True,
        ),
        Field(
            "mode",
            "string",
            "recommendations: numbered recommendations under meeting headings; "
            "paragraphs: generic numbered paragraphs (see the paragraphs table)",
            enum=MODES,
        ),
        Field(
            "document_type",
            "string",
            "what the document is, from evidence in it: resolution, decision (RES/DEC/PV./SR. "
            "in the symbol), publication (ISBN or sales number printed, or no masthead), the "
            "start of the title in its language (draft, report, note, letter, agenda ...), "
            "L./INF/CRP. in the symbol (draft, information, conference_room_paper); else other",
            enum=DOCUMENT_TYPES,
        ),
        Field("isbn", "string", "ISBN printed in a publication, e.g. 978-92-1-133763-0",
              nullable=True, pattern=r"[0-9](-?[0-9]){8,11}-?[0-9X]"),
        Field("sales_number", "string", "UN sales number printed in a publication, e.g. "
              "E.04.V.5", nullable=True,
              pattern=r"[EFSRACM]\.[0-9]{2}\.[IVX]{1,5}\.([A-Z]{1,2}\.)?[0-9]{1,3}"),
        Field(
            "printed_gaps",
            "string",
            "a notice, not a problem: the paragraph numbers the document itself skips, as the "
            "ids they would have had (a page printing paragraphs 1, 2, 4 in article 27: "
            "annex/part-4/art-27/3), each one number missing between its neighbours with no "
            "trace of it in their text, no text between them left out of the rows, and the "
            "sequence going on after it; joined by ';' in tables (null when none), a list in "
            "JSON",
            nullable=True,
            pattern=PARAGRAPH_ID_PATTERN,
            separator=SEPARATOR,
        ),
    ),
    primary_key=("document",),
)

_MEETINGS = Table(
    "meetings",
    "One row per meeting section (recommendations mode): 'I. Première réunion, tenue à ...'.",
    (
        _DOCUMENT,
        _SYMBOL,
        _LANGUAGE,
        _MEETING,
        Field("heading", "string", "meeting heading as printed, normalised", min_length=1),
        Field("city", "string", "city where the meeting was held", nullable=True),
        Field("start_date", "date", "first day of the meeting", nullable=True),
        Field("end_date", "date", "last day of the meeting", nullable=True),
        Field(
            "page",
            "integer",
            "page on which the meeting heading is printed",
            nullable=True,
            minimum=1,
        ),
    ),
    primary_key=("document", "meeting"),
    foreign_keys=(ForeignKey(("document",), "documents", ("document",)),),
)

_RECOMMENDATIONS = Table(
    "recommendations",
    "One row per recommendation (item is null) and per lettered sub-item, in document order.",
    (
        _DOCUMENT,
        _SYMBOL,
        _LANGUAGE,
        _MEETING,
        Field("number", "integer", "recommendation number within the meeting", minimum=1),
        Field(
            "item",
            "string",
            "sub-item letter path ('k'; nested items 'a.i'); null for the recommendation itself",
            nullable=True,
            pattern=ITEM_PATTERN,
        ),
        Field(
            "id",
            "string",
            "record id unique within the document: <meeting>.<number>[.<item>], e.g. 5.2.a.i; "
            "a number printed twice in one meeting keeps both rows, the later written "
            "<id>~2 (and its items <id>.a~2 ...) and listed as a problem (rule ids)",
            pattern=RECORD_ID_PATTERN,
        ),
        Field(
            "parent_id",
            "string",
            "id of the enclosing record in the same document; null for a recommendation",
            nullable=True,
            pattern=RECORD_ID_PATTERN,
        ),
        Field(
            "level",
            "integer",
            "nesting depth: 0 recommendation, 1 lettered item, 2 item nested in an item",
            minimum=0,
        ),
        _ITEM_TEXT,
        _page("page_start", "page on which the text starts"),
        _page("page_end", "page on which the text ends"),
        _ACTOR,
        _MODALITY,
        _REFERENCES,
    ),
    primary_key=("document", "id"),
    foreign_keys=(
        ForeignKey(("document", "meeting"), "meetings", ("document", "meeting")),
        ForeignKey(("parent_id",), "recommendations", ("id",), scope=("document",)),
    ),
)

_PARAGRAPHS = Table(
    "paragraphs",
    "Paragraphs mode: one row per numbered paragraph and per lettered sub-item.",
    (
        _DOCUMENT,
        _SYMBOL,
        _LANGUAGE,
        Field(
            "section",
            "string",
            "section path: the document's own sections <kind>-<key> joined by '/' (annex-1/"
            "part-2/art-12, res-55.25) then the chapter heading path (II.B.2); in a document "
            "without numbering, the key of its heading run (item-110 for 'Agenda item 110', a "
            "printed heading label); null before the first heading or under an unnumbered one",
            nullable=True,
        ),
        Field(
            "section_title",
            "string",
            "title of the innermost section of the document's own structure, as printed, "
            "then the run of sub-headings that open no section printed over the row, joined by "
            "' / '; in a document without numbering, its heading run as printed, joined by "
            "' / '",
            nullable=True,
        ),
        Field(
            "kind",
            "string",
            "preamble (unnumbered preambular paragraph), operative (numbered paragraph of a "
            "resolution or decision), paragraph, article-paragraph (numbered paragraph of an "
            "article, rule or regulation), subparagraph (decimal 121.1 under 121), item "
            "(lettered sub-item), text (unnumbered text of a section, a row t<k>)",
            enum=PARAGRAPH_KINDS,
        ),
        Field(
            "id",
            "string",
            "paragraph id unique within the document, the same in every language version: "
            "[<section>/...]<number>[.<n>][.<item>], e.g. 12.a.i, annex-1/art-12/3.a, 121.1, "
            "res-55.25/pp2 (2nd preambular paragraph), art-3/t1, annex-10/t3, t1 (the k-th "
            "unnumbered paragraph of its section: an article's text, an introduction, text "
            "between numbered paragraphs; in the recommendations mode the introduction); in a "
            "document "
            "without numbering p<rank in reading order>, e.g. p7; the k-th row printed with "
            "an id an earlier row has (the same number twice in one section) is <id>~<k>, "
            "e.g. 2~2, and the problems table lists it (rule ids)",
            pattern=PARAGRAPH_ID_PATTERN,
        ),
        Field(
            "parent_id",
            "string",
            "id of the enclosing paragraph in the same document; null for a paragraph",
            nullable=True,
            pattern=PARAGRAPH_ID_PATTERN,
        ),
        Field(
            "number",
            "integer",
            "paragraph number, contiguous within its section (for a decimal paragraph 121.3: "
            "3); null for unnumbered text and in a document without numbering",
            nullable=True,
            minimum=1,
        ),
        Field(
            "item",
            "string",
            "sub-item letter path ('a'; nested items 'a.i'); null for the paragraph itself",
            nullable=True,
            pattern=ITEM_PATTERN,
        ),
        Field(
            "level",
            "integer",
            "nesting depth: 0 paragraph, 1 lettered item or decimal paragraph, 2 item nested "
            "in an item",
            minimum=0,
        ),
        _ITEM_TEXT,
        _page("page_start", "page on which the text starts"),
        _page("page_end", "page on which the text ends"),
        Field(
            "opening_phrase",
            "string",
            "a preambular paragraph's opening phrase as printed (Recalling, Rappelant)",
            nullable=True,
        ),
        Field(
            "operative_verb",
            "string",
            "an operative paragraph's verb, one key in every language (decides, requests, "
            "urges, calls_upon, takes_note ...; Décide and Decide are both decides)",
            nullable=True,
        ),
        Field(
            "speaker",
            "string",
            "verbatim records: who speaks, name and country as printed before the colon, "
            "without the interpretation note (e.g. Mr. Zhang Yishan (China)); null otherwise",
            nullable=True,
            min_length=1,
        ),
        _ACTOR,
        _MODALITY,
        _REFERENCES,
    ),
    primary_key=("document", "id"),
    foreign_keys=(
        ForeignKey(("document",), "documents", ("document",)),
        ForeignKey(("parent_id",), "paragraphs", ("id",), scope=("document",)),
    ),
)

_FOOTNOTES = Table(
    "footnotes",
    "One row per footnote, in document order (a note run over onto the next page is one "
    "footnote), with the ids of the records that cite it. Its text is not in the records.",
    (
        _DOCUMENT,
        _SYMBOL,
        _LANGUAGE,
        Field("footnote", "integer", "1-based order of the footnote in the document", minimum=1),
        Field(
            "number",
            "string",
            "the footnote's mark as printed: 1, *, †, a, 3/ (null when none is printed)",
            nullable=True,
        ),
        _page("page", "page on which the footnote is printed (where it starts)"),
        _page("page_end", "page on which it ends (a note run over onto the next page)"),
        Field("text", "string", "normalised text of the note, without its mark"),
        Field(
            "cited_by",
            "string",
            "ids of the records (recommendations, or paragraphs) whose text carries the note's "
            "callout, in document order; joined by ';' in tables (null when none: a callout in "
            "the masthead, a heading or unnumbered text), a list in JSON",
            nullable=True,
            pattern=CITING_ID_PATTERN,
            separator=SEPARATOR,
        ),
    ),
    primary_key=("document", "footnote"),
    foreign_keys=(ForeignKey(("document",), "documents", ("document",)),),
)


def _coordinate(name: str, what: str) -> Field:
    return Field(name, "number", f"{what} of the cell's box, in PDF points from the page's "
                 "top-left corner", minimum=0)


_TABLE_CELLS = Table(
    "tables",
    "One row per cell of the tables printed in the documents (ruled tables of the UN "
    "template, and tables whose columns are aligned without rules), row by row; their text is "
    "not in the records. A table continued on the next pages is one table (one table number), "
    "its rows numbered on; each row gives the page its cell is printed on.",
    (
        _DOCUMENT,
        _SYMBOL,
        _LANGUAGE,
        Field("table", "integer", "1-based order of the table in the document (a table "
              "continued over a page break keeps its number)", minimum=1),
        Field(
            "label",
            "string",
            "the number printed in the table's caption ('Table 2' → 2); null when none",
            nullable=True,
        ),
        _page("page", "page on which the cell is printed"),
        Field("row", "integer", "1-based row of the table, the column heads included", minimum=1),
        Field("column", "integer", "1-based column of the table", minimum=1),
        Field("text", "string", "normalised text of the cell", min_length=1),
        _coordinate("x0", "left edge"),
        _coordinate("top", "top edge"),
        _coordinate("x1", "right edge"),
        _coordinate("bottom", "bottom edge"),
    ),
    primary_key=("document", "table", "row", "column"),
    foreign_keys=(ForeignKey(("document",), "documents", ("document",)),),
)


SEVERITIES = ("error", "warning")

_PROBLEMS = Table(
    "problems",
    "One row per problem that validation found in a document that was written anyway "
    "(a numbering gap, furniture left in a text ...): the document's rows are kept and the "
    "problem is listed here and in its JSON.",
    (
        _DOCUMENT,
        _SYMBOL,
        _LANGUAGE,
        Field("number", "integer", "1-based position of the problem within its document",
              minimum=1),
        Field(
            "severity",
            "string",
            "error: the rows are incomplete or wrong there (the run exits with code 7); "
            "warning: worth a look",
            enum=SEVERITIES,
        ),
        Field(
            "rule",
            "string",
            "the rule that found it: numbering, furniture, normalisation, text, extraction ...",
            min_length=1,
        ),
        Field(
            "record",
            "string",
            "id of the record (or meeting) concerned; null when the problem is the document's",
            nullable=True,
        ),
        Field("page", "integer", "page concerned, if known", nullable=True, minimum=1),
        Field("field", "string", "column concerned, if one", nullable=True),
        Field("message", "string", "what is wrong, in one line", min_length=1),
    ),
    primary_key=("document", "number"),
    foreign_keys=(ForeignKey(("document",), "documents", ("document",)),),
)

#: the declared schema, in output order
TABLES: dict[str, Table] = {
    t.name: t
    for t in (_DOCUMENTS, _MEETINGS, _RECOMMENDATIONS, _PARAGRAPHS, _FOOTNOTES, _TABLE_CELLS,
              _PROBLEMS)
}
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)

#: how each table's rows are nested in ``<stem>.json``: the $defs name of the node and the
#: fields a node inherits from its enclosing node instead of repeating them
JSON_NODES: dict[str, tuple[str, tuple[str, ...]]] = {
    "documents": ("document", ()),
    "meetings": ("meeting", ("document", "symbol", "language")),
    "recommendations": ("recommendation", ("document", "symbol", "language", "meeting")),
    "paragraphs": ("paragraph", ("document", "symbol", "language", "section")),
    "footnotes": ("footnote", ("document", "symbol", "language")),
    "tables": ("table_cell", ("document", "symbol", "language", "table", "label")),
    "problems": ("problem", ("document", "symbol", "language")),
}

JSON_FORMAT = "unrecs-document/1"
