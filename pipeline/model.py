"""Typed hand-offs between the stages: load → layout → blocks → structure → validate → export.

Coordinates are PDF points with the origin at the top-left of the page (pdfplumber's
convention): ``x0 < x1`` left to right, ``top < bottom`` top to bottom. Page numbers are 1-based.
"""

from __future__ import annotations

import functools
from dataclasses import field
from typing import Literal, NamedTuple

from pipeline.records import dataclass
from pipeline.textnorm import CJK, join_words

# --------------------------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on one page."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: Box) -> Box:
        assert other.page == self.page
        return Box(
            self.page,
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    def as_list(self) -> list[float]:
        return [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)]


def union_by_page(boxes: list[Box]) -> list[Box]:
    """One box per page enclosing every given box on that page, in page order."""
    merged: dict[int, Box] = {}
    for b in boxes:
        merged[b.page] = merged[b.page].union(b) if b.page in merged else b
    return [merged[p] for p in sorted(merged)]


# --------------------------------------------------------------------------------------------
# load: characters read once, grouped into words and lines
# --------------------------------------------------------------------------------------------


class Word(NamedTuple):
    """Characters set without a visible gap between them (one run, one style).

    A named tuple, not a dataclass: a long document has hundreds of thousands of words, and a
    tuple is made about three times faster (``word._replace(...)`` gives a changed copy).
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    bold: bool
    italic: bool
    #: raised and smaller than the line's body text (footnote callout, ordinal suffix "er")
    sup: bool = False
    #: gap in points between this word and the previous word on the line (0 for the first)
    gap_before: float = 0.0
    #: a space glyph is drawn between this word and the previous word on the line
    spaced: bool = False

    def box(self, page: int) -> Box:
        return Box(page, self.x0, self.top, self.x1, self.bottom)


#: a word from its fields in order, one tuple (the named tuple made in C, without its
#: ``__new__``): the reader makes a page's words so, and so are pages handed between processes
make_word = functools.partial(tuple.__new__, Word)


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line: its words in reading order (left to right; right to left in a
    right-to-left line, see :mod:`pipeline.read.bidi`), with the line's dominant style."""

    page: int
    words: tuple[Word, ...]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    bold: bool
    italic: bool
    #: the text, made once on first use (a line is read many times over by the stages); not
    #: a field of the line's value: left out of its comparison, its repr and ``replace``
    _text: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        """Raw text, words joined by single spaces (no normalisation, no repair); no space
        between Chinese words where the PDF draws none (:func:`pipeline.textnorm.join_words`)."""
        text = self._text
        if text is None:
            words = self.words
            text = " ".join([w.text for w in words])
            # the joining space is no Chinese character: one search of the joined text tells
            # whether any word has one
            if CJK.search(text) is not None:
                text = join_words([w.text for w in words], [w.spaced for w in words])
            object.__setattr__(self, "_text", text)
        return text

    @property
    def box(self) -> Box:
        return Box(self.page, self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal stroke (line, thin rectangle or a run of underscores)."""

    page: int
    x0: float
    x1: float
    top: float


@dataclass(slots=True)
class Page:
    """One page as read: its number (1-based), size in points and lines."""

    number: int
    width: float
    height: float
    lines: list[Line]
    rules: list[Rule] = field(default_factory=list)
    #: number of characters on the page that carry text (spaces excluded) — text-loss guard
    char_count: int = 0


@dataclass(slots=True)
class LoadedDocument:
    """A PDF as read: its path, its bytes' SHA-256 and its pages."""

    path: str
    sha256: str
    pages: list[Page]

    @property
    def page_count(self) -> int:
        return len(self.pages)


# --------------------------------------------------------------------------------------------
# layout: page furniture removed and kept aside
# --------------------------------------------------------------------------------------------

FurnitureReason = Literal[
    "masthead",
    "running-header",
    "running-footer",
    "page-counter",
    "job-number",
    "barcode",
    "footnote",
    "footnote-rule",
    "footnote-callout",
    "table-of-contents",
    "table",
    # a table continued from the page before repeats its column heads: left out of its cells
    "table-heads-repeated",
    # the line of dashes a UN document ends with ("- - - - -"), centred under its last paragraph
    "end-mark",
]


@dataclass(frozen=True, slots=True)
class Furniture:
    """Text set aside from the body (running header, page counter, table …), and why."""

    text: str
    reason: FurnitureReason
    box: Box


@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell of a table: its 1-based row and column, its text and its box."""

    row: int
    column: int
    text: str
    box: Box


@dataclass(slots=True)
class Table:
    """A table printed in the document (ruled, UN template, or aligned without rules), cell by
    cell; a table continued over page breaks is one table, each cell's box on its own page."""

    #: 1-based order of the table in the document
    number: int
    #: the number printed in its caption ("Table 2" → "2"), if any
    label: str | None
    #: the page of its first row
    page: int
    cells: list[TableCell]


@dataclass(frozen=True, slots=True)
class Note:
    """One footnote as printed on one page: its mark (None when the text continues the last
    note of the page before), its text and its lines' box."""

    mark: str | None
    text: str
    box: Box
    #: the texts of its printed lines (the first without its mark) and those lines, which the
    #: footnotes are joined from again with the document's hyphen evidence (none: ``text``)
    parts: tuple[str, ...] = ()
    lines: tuple[Line, ...] = ()


@dataclass(slots=True)
class Footnote:
    """A footnote of the document (a note run over onto the next page is one footnote)."""

    #: 1-based order in the document
    index: int
    #: the mark as printed: "1", "*", "†", "a", "3/"
    mark: str
    text: str
    page: int
    page_end: int
    boxes: list[Box] = field(default_factory=list)
    #: ids of the records (or paragraphs) whose text carries its callout, in document order
    cited_by: tuple[str, ...] = ()


@dataclass(slots=True)
class Layout:
    """The document split into body lines (in reading order) and set-aside furniture."""

    source: LoadedDocument
    #: page-1 masthead lines (symbol, distribution block, organ, session, title ...), reading order
    masthead: list[Line]
    #: body lines of every page in reading order, furniture and callouts removed
    body: list[Line]
    furniture: list[Furniture]
    #: footnote texts by page, e.g. {1: ["* CTOC/COP/WG.7/2019/1."]}
    footnotes: dict[int, list[str]] = field(default_factory=dict)
    #: metadata read from the page-1 masthead (job number filled from the footer)
    meta: DocumentMeta | None = None
    job_number: str | None = None
    #: language from the job number's suffix, e.g. "(F)" → "fr"
    job_language: str | None = None
    #: the size of the document's body text in points
    body_size: float = 10.0
    #: footnotes as printed, page by page (marks and boxes)
    notes: list[Note] = field(default_factory=list)
    #: ruled and aligned tables, their lines set aside as "table" furniture
    tables: list[Table] = field(default_factory=list)
    #: the symbol printed in the running header of later pages (a publication's cover has none)
    running_symbol: str | None = None


# --------------------------------------------------------------------------------------------
# blocks: lines joined into paragraphs, text repaired and normalised
# --------------------------------------------------------------------------------------------

RepairKind = Literal["letter-spacing", "dehyphenation", "ordinal-suffix"]


@dataclass(frozen=True, slots=True)
class Repair:
    """A change made to the printed text (dehyphenation, letter spacing …): before, after,
    where and why."""

    kind: RepairKind
    before: str
    after: str
    box: Box
    #: what the repair rests on ("no space glyph between the parts", "joined form elsewhere")
    evidence: str = ""


BlockKind = Literal["heading", "paragraph"]


@dataclass(slots=True)
class Block:
    """A paragraph or heading, possibly spanning a page break.

    ``label`` is the printed number or letter that opens the block ("12.", "a)", "(a)", "(i)",
    "IV.", "A."), ``text`` the normalised text after it. Blocks without a label carry ``None``.
    """

    kind: BlockKind
    label: str | None
    text: str
    lines: list[Line]
    boxes: list[Box]
    #: x position of the first line's label (or text when there is no label)
    indent: float
    bold: bool = False
    italic: bool = False

    @property
    def page_start(self) -> int:
        return self.boxes[0].page

    @property
    def page_end(self) -> int:
        return self.boxes[-1].page


# --------------------------------------------------------------------------------------------
# structure: document, meetings and records
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class DocumentMeta:
    """What the document says about itself (masthead, job number) and where it came from."""

    symbol: str | None = None
    language: str | None = None  # ISO 639-1: fr, en, es, ru, ar, zh
    original_language: str | None = None
    distribution: str | None = None  # general | limited | restricted
    date: str | None = None  # ISO date
    organ: str | None = None  # e.g. "Conférence des Parties à la Convention ..."
    body: str | None = None  # e.g. "Groupe de travail sur le trafic illicite de migrants"
    #: place-and-date line ("Vienne, 11-13 septembre 2019"); without one, the session line
    session: str | None = None
    session_name: str | None = None  # session or meeting line as printed ("Septième session")
    agenda_item: str | None = None  # e.g. "4"
    agenda_title: str | None = None  # e.g. "Questions diverses"
    title: str | None = None
    subtitle: str | None = None
    job_number: str | None = None  # e.g. "V.19-05872"
    page_count: int = 0
    source_file: str = ""
    sha256: str = ""
    pipeline_version: str = ""
    #: where the PDF was downloaded from and when (from `unrecs fetch`'s manifest), if known
    source_url: str | None = None
    fetched_at: str | None = None
    #: what the document is (pipeline.vocab.DOCUMENT_TYPES), from pipeline.parse.doctype
    document_type: str | None = None
    #: a publication's ISBN and UN sales number, when printed
    isbn: str | None = None
    sales_number: str | None = None
    #: numbers the document's own numbering skips, as printed (ids the rows would have had,
    #: joined by ";"): see pipeline.parse.structure.printed_gaps; None when none
    printed_gaps: str | None = None


@dataclass(slots=True)
class Meeting:
    """One meeting section: its number, heading as printed, place and dates."""

    meeting: int  # 1-based, from the Roman numeral
    heading: str  # as printed, normalised
    city: str | None = None
    start_date: str | None = None  # ISO
    end_date: str | None = None  # ISO
    page: int = 0
    box: Box | None = None


@dataclass(slots=True)
class Record:
    """One recommendation (``item is None``) or one lettered sub-item of a recommendation."""

    id: str  # "1.12", "5.2.k", "5.2.a.i"
    parent_id: str | None
    meeting: int
    number: int
    item: str | None  # "k"; nested items as "a.i"
    text: str
    page_start: int
    page_end: int
    boxes: list[Box] = field(default_factory=list)
    #: enrichment (pipeline.parse.enrich): who the text addresses, a key of pipeline.vocab.ACTORS
    actor: str | None = None
    #: how strongly, a key of pipeline.vocab.MODALITIES
    modality: str | None = None
    #: what it cites: reference keys in natural order (pipeline.vocab.natural_key)
    references: tuple[str, ...] = ()
    #: the label as printed ("12.", "(a)"), kept out of ``text``; its value is number / item
    label: str | None = None


@dataclass(slots=True)
class Paragraph:
    """Generic mode: any numbered paragraph or lettered sub-item of any UN document, or, in a
    document without numbering, one body paragraph (``number`` None, id ``p1``, ``p2`` …)."""

    #: "12", "12.a.i", "121.1" (decimal, under 121), "annex-1/art-12/3.a", "res-55.25/pp2";
    #: a document without numbering: "p1", "p2" … in reading order
    id: str
    parent_id: str | None
    #: section path such as "II.B.2" or "annex-1/part-2/art-12" ("" before the first heading)
    section: str
    number: int | None  # None for unnumbered text (preamble, article text, prose)
    item: str | None
    text: str
    page_start: int
    page_end: int
    boxes: list[Box] = field(default_factory=list)
    #: enrichment (pipeline.parse.enrich): who the text addresses, a key of pipeline.vocab.ACTORS
    actor: str | None = None
    #: how strongly, a key of pipeline.vocab.MODALITIES
    modality: str | None = None
    #: what it cites: reference keys in natural order (pipeline.vocab.natural_key)
    references: tuple[str, ...] = ()
    #: title of the innermost section, as printed ("Use of terms")
    section_title: str | None = None
    #: preamble, operative, paragraph, article-paragraph, subparagraph, item, text
    kind: str = "paragraph"
    #: a preambular paragraph's opening phrase as printed ("Recalling", "Rappelant")
    opening_phrase: str | None = None
    #: an operative paragraph's verb, one key across languages ("decides", "calls_upon")
    operative_verb: str | None = None
    #: verbatim records: who speaks ("The President", "Mr. Smith (Norway)"), else None
    speaker: str | None = None
    #: the label as printed ("12.", "(a)", a speaker's "The President:"), kept out of ``text``
    label: str | None = None


Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of a check. ``str()`` gives one line:
    ``error: SYMBOL 1.7 p. 5: message [rule]``."""

    severity: Severity
    document: str
    record: str | None
    page: int | None
    message: str
    rule: str = ""
    field: str | None = None

    def __str__(self) -> str:
        where = self.document
        if self.record:
            where += f" {self.record}"
        if self.page:
            where += f" p. {self.page}"
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{self.severity}: {where}: {self.message}{rule}"


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document: the hand-off to validate and export."""

    meta: DocumentMeta
    mode: Literal["recommendations", "paragraphs"]
    meetings: list[Meeting]
    records: list[Record]
    paragraphs: list[Paragraph]
    furniture: list[Furniture]
    repairs: list[Repair]
    #: blocks that are no row: headings (opening or titling a section, or sub-headings that
    #: open none); body text always becomes a row t<k> (issue #15 item 7)
    other_text: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: footnotes with the ids of the records that cite them
    footnotes: list[Footnote] = field(default_factory=list)
    #: tables printed in the document
    tables: list[Table] = field(default_factory=list)
    #: what validation found in a document that is written anyway (the problems table); set
    #: by :func:`pipeline.api.extract` after validation, empty before
    problems: list[Problem] = field(default_factory=list)
