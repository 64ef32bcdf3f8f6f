"""Layout stage: set page furniture aside (masthead, running headers and footers, page counters,
job numbers, barcodes, footnotes and their callouts, tables of contents, ruled tables) and keep
the body lines. Footnotes are also kept with their marks (:class:`~pipeline.model.Note`) and
tables cell by cell (:mod:`pipeline.parse.tables`).

Furniture is found by position (top and bottom bands of the page; footnotes: smaller print under
a drawn rule or a row of underscores, or opened by a mark at the foot of the page), by repetition
across pages, and by the patterns of the UN template — never by the literal strings of one
document. The body lines of a page set in columns are put in column order
(:mod:`pipeline.parse.columns`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import field, replace

import regex

from pipeline import regexcache
from pipeline.model import (
    Box,
    Furniture,
    FurnitureReason,
    Layout,
    Line,
    LoadedDocument,
    Note,
    Page,
    Rule,
    Table,
    Word,
)
from pipeline.parse.columns import read_columns
from pipeline.parse.footnotes import join_note_lines
from pipeline.parse.tables import (
    FoundTable,
    continued_cells,
    continues,
    find_aligned_tables,
    find_tables,
    repeats_heads,
)
from pipeline.read.bidi import line_is_rtl
from pipeline.records import dataclass
from pipeline.textnorm import is_pua, join_words, normalize

#: share of the page height, from the top and from the bottom, where running furniture lives
TOP_BAND = 0.12
BOTTOM_BAND = 0.125

#: a page counter: "3/14", "3", "- 3 -", "Page 3", and the lower-case roman folio of a
#: publication's front matter ("iii", "xiv")
PAGE_COUNTER = regexcache.compile(
    r"^(?:\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|[-–]\s*\d{1,4}\s*[-–]|"
    r"(?-i:(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))|"
    r"(?:Page|Página|Pagina|Стр\.?|Страница|第)\s*\d{1,4}(?:\s*(?:of|de|sur|из)\s*\d{1,4})?)$",
    regex.IGNORECASE,
)
#: the page-counter forms that no body line takes: "- 3 -", "Page 3"
PAGE_COUNTER_SET_APART = regexcache.compile(
    r"^(?:[-–]\s*\d{1,4}\s*[-–]|(?:Page|Página|Pagina|Стр\.?|Страница)\s*\d{1,4})$",
    regex.IGNORECASE,
)
#: a job number, with the asterisk of a reissue ("10-63721* (F)", as the symbol's)
JOB_NUMBER = regexcache.compile(
    r"(?<![\w.])((?:[A-Z]{1,3}\.)?\d{2}-\d{5})\*?(?:\s*\(([A-Z])\))?(?:\s+\d{6})*(?!\w)"
)
#: (the dates may come first: "241110 221110 10-63718 (A)", an Arabic page's footer read right
#: to left)
JOB_LINE = regexcache.compile(
    r"^(?:\d{1,4}(?:\s*/\s*\d{1,4})?\s+)?(?:\d{6}\s+)*(?:[A-Z]{1,3}\.)?\d{2}-\d{5}\*?\s*"
    r"(?:\([A-Z]\))?"
    # a publication's imprint: the month and year printed and the print run
    # ("V.04-56153—September 2004—1,900")
    r"(?:\s*[—–-]\s*\p{L}+\s+\d{4}\s*[—–-]\s*\d{1,3}(?:[,.\s\u00a0\u202f]\d{3})*)?"
    r"(?:\s+\d{6})*(?:\s+\d{1,4}(?:\s*/\s*\d{1,4})?)?$"
)
ASCII_BARCODE = regexcache.compile(r"^\*[0-9A-Z]{5,12}\*$")
SYMBOL = regexcache.compile(r"^[A-Z]{1,6}(?:/[\p{Lu}\p{N}][\p{L}\p{N}.\-()]*)+$")
PAGE_END_MARK = regexcache.compile(r"^(?:/\.\.\.|\.\.\./|\.\.\.)$")
RECYCLE = regexcache.compile(r"recycl|recicl|перераб", regex.IGNORECASE)
#: a publication's imprint line, set with its job number ("Printed in Austria")
PRINTED_IN = regexcache.compile(
    r"^(?:Printed\s(?:in|at)|Imprimé\s(?:en|au|aux)|Impreso\sen|Напечатано\sв)\s\S",
    regex.IGNORECASE,
)
DOT_LEADER = regexcache.compile(r"(?:\.\s?){5,}|…{2,}|(?:\.\s*){3,}\s*\d[\d−–\-]*\s*\d*$")
TOC_TITLE = regexcache.compile(
    r"^(?:Table des matières|Contents|Índice|Содержание|Paragraph(?:e)?s?\s+Pages?|"
    r"Párrafos\s+Página|Пункты\s+Стр\.?|Chapitre|Chapter|Capítulo|Глава|Page|Página)$",
    regex.IGNORECASE,
)
#: a note's mark opening its first line: "1", "3/", "*", "a", "(1)" (Arabic: "(١)")
FOOTNOTE_START = regexcache.compile(r"^(?:\d{1,3}/|\*{1,3}|\d{1,3}|\(\d{1,3}\)|[a-z])$")
#: an end-of-document mark: three or more dashes, spaced or not ("- - - - -", "———")
_DASHES = "\\-\u2010-\u2015\u2212"
END_MARK = regexcache.compile(rf"^[{_DASHES}](?: ?[{_DASHES}]){{2,}}$")
UNDERSCORES = regexcache.compile(r"^[*†‡]{0,3}_{5,}$")
#: a word and the raised letters glued to it that make an abbreviation (no, nº, n°, Mme, Mlle)
SUP_ABBREVIATION = regexcache.compile(
    r"(?<!\p{L})(?:[nN](?:o|os|º|°)|M(?:me|mes|lle|lles|gr|grs)|S(?:ra|ras|res|rta)|D(?:ra|ª))$"
)
ORDINAL_SUP = regexcache.compile(r"^(?:er|re|e|ème|ère|eme|nd|st|rd|th|o|a|os|as|º|ª|й|я|е|го)$")


@dataclass(slots=True)
class _PageSplit:
    """One page's lines sorted: body, furniture, footnotes, notes and tables."""

    body: list[Line] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    tables: list[FoundTable] = field(default_factory=list)


def body_size(pages: list[Page]) -> float:
    """The document's body text size: the size that carries the most characters."""
    weights: Counter[float] = Counter()
    for p in pages:
        for ln in p.lines:
            weights[round(ln.size, 1)] += sum([len(w.text) for w in ln.words if not w.sup])
    return weights.most_common(1)[0][0] if weights else 10.0


def _shape(text: str) -> str:
    """A line's text with digits masked, to recognise running lines across pages."""
    return _DIGITS.sub("#", normalize(text))


_DIGITS = regexcache.compile(r"\d+")


def classify_furniture(text: str) -> FurnitureReason | None:
    """The UN-template furniture pattern a band line matches, if any."""
    t = normalize(text)
    if not t:
        return None
    # a barcode's printed text may be cut at a gap between its bars ("* 1340402C*")
    if is_pua(text) or ASCII_BARCODE.match(t.replace(" ", "")):
        return "barcode"
    if PAGE_COUNTER.match(t):
        return "page-counter"
    if JOB_LINE.match(t):
        return "job-number"
    if PRINTED_IN.match(t):
        return "running-footer"
    if PAGE_END_MARK.match(t):
        return "page-counter"
    if all(SYMBOL.match(part) for part in t.split()):
        return "running-header"
    return None


def _is_job_digits(line: Line, page: Page) -> bool:
    """A page-1 footer line of digits only that are the job number's (the barcode's text:
    "1 063721" under "10-63721* (F)")."""
    text = normalize(line.text)
    if not regexcache.fullmatch(r"[\d ]{7,}", text):
        return False
    footer = [ln for ln in page.lines if ln.top >= page.height * (1 - BOTTOM_BAND)]
    job, _ = find_job_number(footer)
    return job is not None and text.replace(" ", "") == regexcache.sub(r"\D", "", job)


def find_job_number(lines: list[Line]) -> tuple[str | None, str | None]:
    """The job number and its language letter from the page-1 footer lines, e.g. V.19-05872, F."""
    for ln in lines:
        m = JOB_NUMBER.search(normalize(ln.text))
        if m:
            return m.group(1), m.group(2)
    return None, None


def _footnote_split(page: Page, lines: list[Line], size: float) -> list[int] | None:
    """Indexes in ``lines`` of the footnote lines, found under a separator.

    A separator is a rule drawn in the lower part of the page or a row of underscores (which
    may carry the first footnote's mark glued to it). Under a short rule (or underscores) the
    footnotes start with a mark or in smaller print, and are the lines under it that start in
    its column (in a page set in columns, a column's footnotes sit at its foot; a right-to-left
    page in one column has one); a rule as wide
    as the text (a footnote area's border) separates footnotes only when every line under it
    is smaller print.
    """
    if not lines:
        return None
    text_x0 = min(ln.x0 for ln in lines)
    text_x1 = max(ln.x1 for ln in lines)
    width = max(text_x1 - text_x0, 1.0)
    candidates: list[tuple[float, float, bool]] = [
        (r.top, r.x0, (r.x1 - r.x0) >= 0.45 * width)
        for r in page.rules
        if (r.top > page.height * 0.4 or _opens_long_notes(lines, r.top, size))
        and not _underlines(r, lines, size)
    ]
    for ln in lines:
        if _is_underscores(ln) and (
            ln.top > page.height * 0.4 or _opens_long_notes(lines, ln.bottom - 0.5, size)
        ):
            candidates.append((ln.bottom - 0.5, ln.x0, False))
    rtl_page: bool | None = None  # read once, and only for a page with a short rule
    mid = text_x0 + width / 2
    for top, x0, wide in sorted(candidates):
        # a right-to-left page set in one column (its lines above the rule cross the middle of
        # the text) aligns a short note at the right margin, away from a rule drawn at the
        # left: every line under the rule is in its column
        if not wide and rtl_page is None:
            rtl_page = sum(line_is_rtl(ln) for ln in lines) * 2 > len(lines)
        above = [ln for ln in lines if ln.bottom <= top]
        one_column = bool(rtl_page) and sum(ln.x0 < mid < ln.x1 for ln in above) * 2 > len(above)
        below = [
            i for i, ln in enumerate(lines)
            if ln.top > top and (wide or one_column
                                 or ln.x1 > x0 - 3 * size and ln.x0 < x0 + 0.45 * width)
        ]
        if not below:
            continue
        first = lines[below[0]]
        starts_marker = _opens_with_mark(first)
        smaller = first.size < size * 0.95
        if wide:
            notes = [lines[i] for i in below if not _is_underscores(lines[i])]
            ok = bool(notes) and all(ln.size < size * 0.95 for ln in notes)
        else:
            ok = starts_marker or smaller
        if ok:
            below = _with_continuations(lines, below, size)
            i = below[0]
            if i > 0 and _is_underscores(lines[i - 1]):
                below.insert(0, i - 1)  # the rule drawn as underscores belongs to the footnotes
            return below
    return _unruled_footnotes(page, lines, size)


def _underlines(rule: Rule, lines: list[Line], size: float) -> bool:
    """Whether ``rule`` underlines text: it runs under a line, within its extent, from below
    the middle of its height to just under its foot ("101st plenary meeting" and "28 July
    1994" underlined at a resolution's end, an underlined "Recognizing"). A separator is set
    apart from the text above it."""
    return any(
        ln.top + 0.5 * size < rule.top < ln.bottom + 0.2 * size
        and ln.x0 - 1 <= rule.x0 and rule.x1 <= ln.x1 + 1
        for ln in lines
    )


def _opens_long_notes(lines: list[Line], top: float, size: float) -> bool:
    """A separator in the upper part of the page over footnotes long enough to fill most of it:
    body-size text above it, and under it nothing but smaller print (separators typed as
    underscores aside) opened by a footnote mark and running to the foot of the page."""
    above = [ln for ln in lines if ln.bottom <= top]
    under = [ln for ln in lines if ln.top > top and not _is_underscores(ln)]
    if not under or not any(abs(ln.size - size) <= 0.05 * size for ln in above):
        return False
    first = min(under, key=lambda ln: (ln.top, ln.x0))
    return (
        all(ln.size < size * 0.95 for ln in under)
        and _opens_with_mark(first)
    )


def _with_continuations(lines: list[Line], below: list[int], size: float) -> list[int]:
    """``below`` (footnote lines under a separator) with the lines that continue one of its
    notes although the separator's column test left them out (a short last line, "shipment.",
    under a rule that sits further right): the next line under a note line, in its print size
    and smaller than the body's, no mark of its own, starting under the note (from its mark
    to its end) and less than a line's height below it."""
    chosen = set(below)
    for i in range(below[0] + 1, len(lines)):
        ln = lines[i]
        if i in chosen or not ln.words:
            continue
        over = [lines[j] for j in chosen if lines[j].top < ln.top]
        prev = max(over, key=lambda o: o.top) if over else None
        if prev is None or _is_underscores(prev):
            continue
        if (
            abs(ln.size - prev.size) <= 0.05 * prev.size
            and ln.size < size * 0.95
            and not ln.words[0].sup
            and FOOTNOTE_START.match(ln.words[0].text) is None
            and prev.x0 - 0.5 * ln.size <= ln.x0 < prev.x1
            and 0 <= ln.top - prev.bottom < 0.8 * ln.size
        ):
            chosen.add(i)
    return sorted(chosen)


def _unruled_footnotes(page: Page, lines: list[Line], size: float) -> list[int] | None:
    """Footnotes printed with no separator: the run of smaller-print lines that ends the page,
    in its lower half, set apart from the body by more than a line's height, opened by a
    footnote mark."""
    start = len(lines)
    while start > 0 and lines[start - 1].size < size * 0.95:
        start -= 1
    if start == len(lines) or start == 0:
        return None
    first, above = lines[start], lines[start - 1]
    if first.top < page.height * 0.5 or first.top - above.bottom < 0.8 * size:
        return None
    if not first.words or not (
        first.words[0].sup or FOOTNOTE_START.match(first.words[0].text) is not None
    ):
        return None
    return list(range(start, len(lines)))


def _is_end_mark(line: Line, above: list[Line], size: float) -> bool:
    """A line of dashes alone (hyphens, en or em dashes, three or more, spaced or not:
    ``- - - - -``), the last body line of its page, alone on its row and centred on the text
    above it: the mark UN documents end with."""
    if not END_MARK.match(normalize(line.text)) or not above:
        return False
    if any(abs(o.top - line.top) < 0.5 * size for o in above):
        return False  # something else on its row: a table's or a list's dashes
    left = min(o.x0 for o in above)
    right = max(o.x1 for o in above)
    return abs((line.x0 + line.x1) / 2 - (left + right) / 2) < 1.5 * size


def _is_underscores(line: Line) -> bool:
    """A separator typed as a row of underscores (a footnote mark may be glued before it)."""
    text = line.text
    return "_" in text and UNDERSCORES.match(text.replace(" ", "")) is not None


def _note_furniture(lines: list[Line]) -> list[Furniture]:
    """The lines under a page's separator as furniture: a typed separator is a
    ``footnote-rule``, the notes ``footnote``; a mark glued to the underscores is given with
    the note it opens (as the note's mark is), not with the rule."""
    out: list[Furniture] = []
    glued = ""
    for ln in lines:
        text = normalize(ln.text)
        if _is_underscores(ln):
            glued = ln.text.replace(" ", "").rstrip("_")
            rule = ln.text.replace(" ", "")[len(glued):]
            out.append(Furniture(rule if glued else text, "footnote-rule", ln.box))
            continue
        if glued:
            text = normalize(f"{glued} {ln.text}")
            glued = ""
        out.append(Furniture(text, "footnote", ln.box))
    if glued:  # a mark glued to the underscores that opens no note stays with the rule
        rule = out[-1] if out and out[-1].reason == "footnote-rule" else None
        if rule is not None:
            out[-1] = replace(rule, text=normalize(glued + rule.text))
    return out


def _split_footnotes(lines: list[Line]) -> list[str]:
    return [printed for _, printed in _split_notes(lines)]


def _opens_with_mark(line: Line) -> bool:
    """Whether a line opens with a note's mark: a raised word, or a number, ``3/``, stars or a
    letter standing alone; not the letter of an abbreviation its raised letters are glued
    to, as a note's line may open with ("nº 13810) ; Convention …")."""
    if not line.words:
        return False
    first = line.words[0]
    if first.sup:
        return True
    if FOOTNOTE_START.match(first.text) is None:
        return False
    second = line.words[1] if len(line.words) > 1 else None
    return not (
        second is not None and second.sup and second.gap_before < 0.25 * line.size
        and SUP_ABBREVIATION.search(first.text + second.text) is not None
    )


def _symbol_mark(text: str) -> str | None:
    """A note opened by one symbol: ``* † ‡ §``, or a Symbol-font glyph in the Private Use
    Area (U+F020-U+F07E are that font's ASCII positions: U+F02A is ``*``)."""
    if len(text) != 1:
        return None
    if 0xF020 < ord(text) <= 0xF07E:
        return chr(ord(text) - 0xF000)
    return text if text in "*†‡§" else None


def _note_line(words: Sequence[Word], size: float) -> str:
    """The text of a note's line (its mark left out): the words joined by spaces, and raised
    letters glued to the word before joined to it, as in the body text ("nº", "1er", "Mme");
    no space between Chinese words where the PDF draws none."""
    texts: list[str] = []
    spaced: list[bool] = []
    for w in words:
        if w.sup and texts and w.gap_before < 0.25 * size and w.text.isalpha():
            texts[-1] += w.text
            continue
        texts.append(w.text)
        spaced.append(w.spaced)
    return join_words(texts, spaced)


def _split_notes(lines: list[Line]) -> list[tuple[Note, str]]:
    """The notes under a page's separator, each as a Note (mark apart from the text) and as
    printed. A first line that opens with no mark continues the last note of the page before
    (its ``mark`` is None)."""
    notes: list[tuple[str | None, list[str], list[str], Box, list[Line]]] = []
    mark = ""  # a footnote mark printed glued to the underscores, before its note's text
    for ln in lines:
        if _is_underscores(ln):
            mark = ln.text.replace(" ", "").rstrip("_")
            continue
        first = ln.words[0]
        symbol = _symbol_mark(first.text)
        opens = bool(symbol) or _opens_with_mark(ln)
        if opens or not notes or mark:
            printed = [mark, ln.text] if mark else [ln.text]
            if mark:
                note_mark, body = mark, [_note_line(ln.words, ln.size)]
            elif opens:
                note_mark = symbol or first.text
                body = [_note_line(ln.words[1:], ln.size)]
            else:
                note_mark, body = None, [_note_line(ln.words, ln.size)]
            notes.append((note_mark, body, printed, ln.box, [ln]))
            mark = ""
        else:
            m, body, printed, box, lns = notes[-1]
            body.append(_note_line(ln.words, ln.size))
            printed.append(ln.text)
            lns.append(ln)
            notes[-1] = (m, body, printed, box.union(ln.box), lns)
    # lines joined by a space, none where a Chinese character meets the next line, nor at a
    # word cut by a line-end hyphen (kept here; the footnotes' stage weighs it again)
    return [
        (Note(m, join_note_lines(b, lns), box, tuple(b), tuple(lns)), normalize(join_words(p)))
        for m, b, p, box, lns in notes
    ]


def _toc_range(lines: list[Line]) -> range | None:
    leaders = [i for i, ln in enumerate(lines) if DOT_LEADER.search(ln.text)]
    if len(leaders) < 2:
        return None
    start, end = leaders[0], leaders[-1]
    # page numbers and paragraph ranges set apart at the right of the last entry
    while end + 1 < len(lines) and regexcache.match(r"^[\d\s−–\-]+$", lines[end + 1].text):
        end += 1
    # the first entry's lines before its leader ("Part One: Resolutions … Council" over "at
    # its forty-third session …… 5"), set close over it and short of the page numbers' column,
    # when the contents' title or the page column's heading is right above them, or when they
    # open the page (the contents go on from the page before)
    k = start
    right = max(lines[i].x1 for i in leaders)
    while k > 0 and start - k < 3 and not DOT_LEADER.search(lines[k - 1].text) and (
        lines[k].top - lines[k - 1].bottom < 0.5 * lines[k].size
        and lines[k - 1].x1 < right - 2 * lines[k - 1].size
    ):
        k -= 1
    if k < start and (k == 0 or TOC_TITLE.match(normalize(lines[k - 1].text))
                      or lines[k - 1].italic):
        start = k
    while start > 0 and (
        TOC_TITLE.match(normalize(lines[start - 1].text)) or lines[start - 1].italic
    ):
        start -= 1
    return range(start, end + 1)


def _strip_callouts(
    line: Line, star_note: bool, furniture: list[Furniture], marks: frozenset[str] = frozenset()
) -> Line:
    """Remove footnote callouts (raised digits, marks) glued to words; keep raised letters
    that are text: ordinal suffixes (1er, XVIIIe), abbreviations (no, Mme) and any raised
    letters that no note of the page (``marks``: the marks its notes open with) answers."""
    if not star_note and not any(w.sup for w in line.words):
        return line  # no raised word, no starred note: nothing to remove
    words: list[Word] = []
    changed = False
    glue = False  # the word after a removed callout was glued to it ("migrants¹,")
    for w in line.words:
        if glue and words and w.gap_before < 0.15 * line.size and not w.sup:
            words[-1] = words[-1]._replace(text=words[-1].text + w.text, x1=w.x1)
            glue = False
            continue
        glue = False
        if w.sup:
            prev = words[-1] if words else None
            glued = prev is not None and w.gap_before < 0.25 * line.size
            ordinal = (
                glued
                and prev is not None
                and ORDINAL_SUP.match(w.text) is not None
                and regexcache.search(r"(?:\d|[IVXLC])$", prev.text) is not None
            )
            letters = regexcache.match(r"^[a-z]{1,3}$", w.text) is not None
            if letters and glued and prev is not None:
                ordinal = ordinal or SUP_ABBREVIATION.search(prev.text + w.text) is not None
            # a raised number may be set in parentheses, as Arabic documents do ("ريو⁽¹⁾")
            callout = regexcache.match(r"^(?:[\d*†‡§]{1,3}|\(\d{1,3}\))$", w.text) is not None or (
                letters and not ordinal and w.text in marks
            )
            if callout:
                furniture.append(
                    Furniture(w.text, "footnote-callout", w.box(line.page))
                )
                changed = True
                glue = glued
                continue
        elif star_note and len(w.text) > 1 and w.text.endswith("*"):
            stripped = w.text.rstrip("*")
            furniture.append(Furniture("*", "footnote-callout", w.box(line.page)))
            w = w._replace(text=stripped)
            changed = True
        words.append(w)
    if not changed:
        return line
    if not words:
        return replace(line, words=())
    return replace(line, words=tuple(words), x0=words[0].x0, x1=words[-1].x1)


def _split_page(
    page: Page,
    size: float,
    running: dict[str, set[str]],
    first_page: bool,
    previous: FoundTable | None = None,
) -> _PageSplit:
    """One page's lines split into furniture, tables, notes and body lines; ``previous``: the
    open aligned table that ends the page before (see
    :func:`~pipeline.parse.tables.find_aligned_tables`)."""
    out = _PageSplit()
    lines = list(page.lines)
    top_limit = page.height * TOP_BAND
    bottom_limit = page.height * (1 - BOTTOM_BAND)
    # a header rule right under the running header widens the top band to that rule
    header_rules = [r.top for r in page.rules if r.top < page.height * 0.12]
    if header_rules and not first_page:
        rule = min(header_rules) + 1
        # the rule closes the running header printed over it: a line under it is body text (a
        # table's first key shaped like the document symbol, A/AC.296/2025/7)
        above = any(ln.bottom <= rule for ln in lines)
        top_limit = rule if above else max(top_limit, rule)
    reasons: list[FurnitureReason | None] = []
    for ln in lines:
        in_top = ln.bottom <= top_limit and not first_page
        in_bottom = ln.top >= bottom_limit
        reason: FurnitureReason | None = None
        if in_top or in_bottom:
            reason = classify_furniture(ln.text)
            if reason is None and _shape(ln.text) in running["top" if in_top else "bottom"]:
                reason = "running-header" if in_top else "running-footer"
            if reason is None and in_bottom and first_page and RECYCLE.search(ln.text):
                reason = "running-footer"
            if reason is None and in_bottom and (is_pua(ln.text) or ln.size > size * 1.8):
                reason = "barcode"
            if reason is None and in_bottom and first_page and _is_job_digits(ln, page):
                reason = "barcode"
            if reason == "running-header" and in_bottom:
                reason = "running-footer"
        reasons.append(reason)
    # a symbol-shaped line or a number low on the page, level with a line of body text (three
    # words or more) and with the page's footer still under it, is a table's cell set beside
    # its neighbour (A/AC.296/2025/15; "A/HRC/43/10  6  Report of …"), not the running
    # footer or the page counter
    for k, ln in enumerate(lines):
        if reasons[k] in ("running-footer", "page-counter") and any(
            reasons[j] is None and len(o.words) >= 3 and abs(o.top - ln.top) <= 0.5 * size
            for j, o in enumerate(lines)
        ) and any(o.top > ln.bottom for o in lines):
            reasons[k] = None
    kept: list[Line] = []
    for ln, reason in zip(lines, reasons, strict=True):
        if reason is not None:
            out.furniture.append(Furniture(normalize(ln.text), reason, ln.box))
        else:
            kept.append(ln)
    # a page counter set apart ("- 3 -", "Page 3") may sit just above the footer band: the
    # last line of the page, low on it, narrow and nothing else on its row
    if kept and PAGE_COUNTER_SET_APART.match(normalize(kept[-1].text)):
        last = kept[-1]
        alone = all(abs(o.top - last.top) > 0.5 * size for o in kept[:-1])
        if last.top >= page.height * 0.75 and last.x1 - last.x0 < page.width * 0.15 and alone:
            kept.pop()
            out.furniture.append(Furniture(normalize(last.text), "page-counter", last.box))
    # typescript page-end marks ("/...") sit under the last body line, above the footer band
    while kept and PAGE_END_MARK.match(normalize(kept[-1].text)):
        ln = kept.pop()
        out.furniture.append(Furniture(normalize(ln.text), "page-counter", ln.box))
    # ruled tables first: their rules are no footnote separators
    out.tables = find_tables(
        page.number, kept, page.rules, size,
        min(header_rules) if header_rules and not first_page else None,
    )
    if out.tables:
        in_table = {i for t in out.tables for i in t.lines}
        for i in sorted(in_table):
            out.furniture.append(Furniture(normalize(kept[i].text), "table", kept[i].box))
        kept = [ln for i, ln in enumerate(kept) if i not in in_table]
        page = replace(
            page, rules=[r for r in page.rules if not any(t.holds(r) for t in out.tables)]
        )
    fn = _footnote_split(page, kept, size)
    if fn is not None:
        notes = [kept[i] for i in fn]
        chosen = set(fn)
        kept = [ln for i, ln in enumerate(kept) if i not in chosen]
        split = _split_notes(notes)
        out.notes = [n for n, _ in split]
        out.footnotes = [printed for _, printed in split]
        out.furniture.extend(_note_furniture(notes))
    # the end-of-document mark under the last paragraph ("- - - - -"), centred on the text
    while kept and _is_end_mark(kept[-1], kept[:-1], size):
        ln = kept.pop()
        out.furniture.append(Furniture(normalize(ln.text), "end-mark", ln.box))
    kept = read_columns(kept, size, page.rules)
    toc = _toc_range(kept)
    if toc is not None:
        for i in toc:
            out.furniture.append(
                Furniture(normalize(kept[i].text), "table-of-contents", kept[i].box)
            )
        kept = [ln for i, ln in enumerate(kept) if i not in toc]
    # unruled tables (columns kept apart by gutters alone): not on page 1, where the masthead
    # sets its blocks side by side
    aligned = [] if first_page else find_aligned_tables(page.number, kept, size, previous)
    if aligned:
        in_table = {i for t in aligned for i in t.lines}
        for i in sorted(in_table):
            out.furniture.append(Furniture(normalize(kept[i].text), "table", kept[i].box))
        kept = [ln for i, ln in enumerate(kept) if i not in in_table]
        out.tables = sorted([*out.tables, *aligned], key=lambda t: t.top)
    star_note = any(n.startswith("*") for n in out.footnotes)
    # the marks that notes of the page answer: footnotes, and notes (under a table) that open
    # with a raised mark
    marks = frozenset(n.split(" ", 1)[0] for n in out.footnotes) | {
        ln.words[0].text for ln in kept if ln.words and ln.words[0].sup
    }
    for ln in kept:
        ln2 = _strip_callouts(ln, star_note, out.furniture, marks)
        if ln2.words:
            out.body.append(ln2)
    return out


def _running_shapes(pages: list[Page]) -> dict[str, set[str]]:
    """Line shapes that recur in the top or bottom band on several pages."""
    counts = {"top": Counter[str](), "bottom": Counter[str]()}
    for p in pages[1:]:
        seen: dict[str, set[str]] = {"top": set(), "bottom": set()}
        for ln in p.lines:
            if ln.bottom <= p.height * 0.12:
                seen["top"].add(_shape(ln.text))
            elif ln.top >= p.height * (1 - BOTTOM_BAND):
                seen["bottom"].add(_shape(ln.text))
        for band in counts:
            counts[band].update(seen[band])
    n = max(len(pages) - 1, 1)
    need = max(2, int(0.4 * n + 0.5))
    return {band: {s for s, c in counts[band].items() if c >= need} for band in counts}


def _mark_repeated_heads(furniture: list[Furniture], page: int, table: FoundTable,
                        rows: int = 1) -> None:
    """The lines of a continued table's repeated column heads (its first ``rows`` rows, left
    out of the cells) are ``table-heads-repeated`` furniture, no longer ``table``."""
    heads = [c.box for c in table.cells if c.row <= rows]
    top = min(b.top for b in heads) - 0.5
    bottom = max(b.bottom for b in heads) + 0.5
    for k, f in enumerate(furniture):
        if f.reason == "table" and f.box.page == page and top <= f.box.top and (
            f.box.bottom <= bottom
        ):
            furniture[k] = replace(f, reason="table-heads-repeated")


def analyse(doc: LoadedDocument) -> Layout:
    """Split a loaded document into front matter, body lines and furniture."""
    from pipeline.parse.frontmatter import read_front_matter

    size = body_size(doc.pages)
    running = _running_shapes(doc.pages)
    body: list[Line] = []
    furniture: list[Furniture] = []
    footnotes: dict[int, list[str]] = {}
    notes: list[Note] = []
    tables: list[Table] = []
    found: list[tuple[int, FoundTable]] = []
    masthead: list[Line] = []
    job_number: str | None = None
    job_language: str | None = None
    meta = None
    for page in doc.pages:
        # the open aligned table that ends the page before: its last row may run on here
        last = found[-1] if found and found[-1][0] == page.number - 1 else None
        carry = last[1] if last is not None and last[1].open and last[1].starts else None
        split = _split_page(page, size, running, page.number == 1, carry)
        furniture.extend(split.furniture)
        if split.footnotes:
            footnotes[page.number] = split.footnotes
        notes.extend(split.notes)
        for t in split.tables:
            if found and continues(found[-1][1], found[-1][0], t, page.number, size):
                heads = repeats_heads(tables[-1].cells, t.cells)
                if heads:
                    _mark_repeated_heads(furniture, page.number, t, heads)
                tables[-1].cells.extend(continued_cells(tables[-1].cells, t.cells))
                tables[-1].label = tables[-1].label or t.label
            else:
                tables.append(Table(len(tables) + 1, t.label, page.number, list(t.cells)))
            found.append((page.number, t))
        if page.number == 1:
            footer = [
                ln for ln in page.lines if ln.top >= page.height * (1 - BOTTOM_BAND)
            ]
            job_number, job_language = find_job_number(footer)
            fm = read_front_matter(
                split.body, page.width, page.height, job_language=_lang_of(job_language)
            )
            meta = fm.meta
            masthead = fm.masthead
            for ln in fm.masthead:
                furniture.append(Furniture(normalize(ln.text), "masthead", ln.box))
            body.extend(fm.rest)
        else:
            body.extend(split.body)
    if job_number is None:
        # some templates repeat the job number only in later footers
        for f in furniture:
            if f.reason == "job-number":
                m = JOB_NUMBER.search(f.text)
                if m:
                    job_number, job_language = m.group(1), m.group(2)
                    break
    return Layout(
        doc,
        masthead,
        body,
        furniture,
        footnotes,
        meta=meta,
        job_number=job_number,
        job_language=_lang_of(job_language),
        body_size=size,
        notes=notes,
        tables=tables,
        running_symbol=_running_symbol(furniture),
    )


def _running_symbol(furniture: list[Furniture]) -> str | None:
    """The symbol printed in the running header of later pages when page 1 has no masthead (a
    publication's cover): the one running-header text of the symbol grammar that repeats on
    most of the pages carrying one."""
    from pipeline.parse.masthead import FULL_SYMBOL

    pages: dict[str, set[int]] = {}
    for f in furniture:
        text = f.text.rstrip("*")
        if f.reason == "running-header" and FULL_SYMBOL.match(text):
            pages.setdefault(text, set()).add(f.box.page)
    if not pages:
        return None
    best = max(pages, key=lambda t: len(pages[t]))
    total = len(set().union(*pages.values()))
    return best if len(pages[best]) >= 2 and 2 * len(pages[best]) > total else None


JOB_LANGUAGES = {"F": "fr", "E": "en", "S": "es", "R": "ru", "A": "ar", "C": "zh"}


def _lang_of(letter: str | None) -> str | None:
    return JOB_LANGUAGES.get(letter) if letter else None
