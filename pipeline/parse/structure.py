"""Structure stage: meetings, numbered recommendations and lettered sub-items (or, in the generic
mode, sections and numbered paragraphs) from the labelled blocks.

The recommendations mode applies when the document has meeting sections: Roman-numeral headings
that read as meeting headings ("I. Première réunion, tenue à Vienne ..."). Otherwise every
numbered paragraph of the document is emitted under its heading path (``II.B.2``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field, replace

import regex

from pipeline import regexcache
from pipeline.lang import (
    TATWEEL,
    list_item_key,
    list_letter_value,
    next_list_letter,
    operative_verbs,
    preamble_opener,
    quoted_paragraph,
    roman_to_int,
)
from pipeline.model import Block, Box, Meeting, Paragraph, Record, union_by_page
from pipeline.parse.blocks import label_prefix, parse_label
from pipeline.parse.headings import parse_meeting_heading
from pipeline.parse.sections import RANK, SectionHead, parse_section_head, section_title
from pipeline.records import dataclass
from pipeline.textnorm import join_words, normalize

#: the later occurrence of an id an earlier row has is written <id>~<k> (the schema's id pattern,
#: pipeline.out.declaration.REPEAT_SUFFIX)
REPEAT_SUFFIX = "~"

#: how far apart (pt) two left edges may lie and still be one edge
_SAME_EDGE = 2.0

ROMANS_SMALL = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


#: the letters Russian lists use, in order (й, ъ, ы, ь and ё are skipped)
CYRILLIC_ITEMS = "абвгдежзиклмнопрстуфхцчшщэюя"


def _next_letter(letter: str) -> str:
    if letter in CYRILLIC_ITEMS:
        i = CYRILLIC_ITEMS.index(letter) + 1
        return CYRILLIC_ITEMS[i] if i < len(CYRILLIC_ITEMS) else ""
    if not letter.isascii():  # another list alphabet (Arabic: أ ب ج د هـ …)
        return next_list_letter(letter) or ""
    return chr(ord(letter) + 1)


def _label_value(block: Block) -> tuple[str, str] | None:
    return parse_label(block.label) if block.label else None


def _item_kind(
    kind: str, value: str, last_letter: str | None, last_roman: str | None
) -> tuple[str, str] | None:
    """Resolve ``(i)``-style labels: a letter after ``h``, a nested roman numeral otherwise."""
    if kind == "letter":
        if value in ROMANS_SMALL and last_letter is not None and value != _next_letter(last_letter):
            expected = ROMANS_SMALL[ROMANS_SMALL.index(last_roman) + 1] if last_roman else "i"
            if value == expected:
                return "roman", value
        return "letter", value
    if kind == "roman":
        if last_letter is not None and value == _next_letter(last_letter) and last_roman is None:
            return "letter", value
        if last_letter is None:
            # "(i)" opening a list is its first letter only if it is one letter long
            return ("letter", value) if len(value) == 1 else None
        return "roman", value
    return None


@dataclass(slots=True)
class _Builder:
    """Collects numbered records with their sub-items in document order."""

    rows: list[tuple[str, str | None, int | None, str | None, list[str], list[Box]]] = field(
        default_factory=list
    )
    current: int | None = None  # index in rows of the open numbered record
    last_letter: str | None = None
    last_roman: str | None = None
    letter_row: int | None = None
    after_items: bool = False
    #: the printed label of each row, by its index in ``rows`` (kept out of its text; by
    #: index, not id: a number printed twice gives two rows of one id until disambiguated)
    labels: dict[int, str | None] = field(default_factory=dict)
    #: the item row the last text after a nested list went to (see continuation)
    item_text: int | None = None

    #: the ids of ``rows[:_seen]`` (rows are only ever appended: the set catches up on use)
    _ids: set[str] = field(default_factory=set, repr=False)
    _seen: int = 0

    def has(self, rid: str) -> bool:
        rows, ids = self.rows, self._ids
        while self._seen < len(rows):
            ids.add(rows[self._seen][0])
            self._seen += 1
        return rid in ids

    def number(self, rid: str, number: int | None, block: Block) -> None:
        self.rows.append((rid, None, number, None, [block.text], list(block.boxes)))
        self.labels[len(self.rows) - 1] = block.label
        self.current = len(self.rows) - 1
        self.last_letter = self.last_roman = None
        self.letter_row = None
        self.after_items = False
        self.item_text = None

    def item(self, kind: str, value: str, block: Block) -> bool:
        if self.current is None:
            return False
        resolved = _item_kind(kind, value, self.last_letter, self.last_roman)
        if resolved is None:
            return False
        kind, value = resolved
        parent_id, _, number, _, _, _ = self.rows[self.current]
        if kind == "letter":
            value = value.replace(TATWEEL, "")  # "هـ" is the letter ه
        if kind == "letter" and value != (
            _next_letter(self.last_letter) if self.last_letter else value[:1]
        ):
            return False  # lettered items run a), b), c) ... without gaps
        if kind == "letter" and self.last_letter is None and value not in ("a", "а", "أ"):
            return False
        if kind == "letter":
            key = list_item_key(value)
            rid = f"{parent_id}.{key}"
            self.rows.append((rid, parent_id, number, key, [block.text], list(block.boxes)))
            self.labels[len(self.rows) - 1] = block.label
            self.last_letter, self.last_roman = value, None
            self.letter_row = len(self.rows) - 1
        else:
            if self.letter_row is None:
                return False
            letter_id = self.rows[self.letter_row][0]
            item = f"{list_item_key(self.last_letter or '')}.{value}"
            rid = f"{letter_id}.{value}"
            self.rows.append((rid, letter_id, number, item, [block.text], list(block.boxes)))
            self.labels[len(self.rows) - 1] = block.label
            self.last_roman = value
        self.after_items = True
        self.item_text = None
        return True

    def continuation(self, block: Block, list_goes_on: bool = False) -> bool:
        """Unlabelled text inside a numbered record: text that follows its list
        (``list_goes_on``: the next lettered item follows it, so it is inside the list)."""
        if self.current is None:
            return False
        row = self.rows[self.current]
        if block.label is None and self.last_roman is not None and self.letter_row is not None:
            # text after a nested roman list belongs to the deepest item whose text it is set
            # no left of: the roman item (a list set deeper under "(i)"), or — when the next
            # lettered item follows it, the list going on — the lettered item holding the list
            # ("(d) …: (i) … (iii) …; Licensing … law;" back at (d)'s edge, then "(e)"); text
            # closing the list is the paragraph's ("Ces informations doivent …" then "2.")
            # (on a page the items have no text on, it goes on where the text before it went)
            x0 = block.boxes[0].x0
            held, target = False, None
            roman = len(self.rows) - 1
            for k in (roman, self.letter_row) if list_goes_on else (roman,):
                left = [bx.x0 for bx in self.rows[k][5] if bx.page == block.page_start]
                held = held or bool(left)
                if left and x0 >= min(left) - _SAME_EDGE:
                    target = k
                    break
            if not held:
                target = self.item_text
            self.item_text = target
            if target is not None:
                row = self.rows[target]
        # a labelled block taken in as text (a third-level list item) keeps its label printed
        row[4].append(f"{block.label} {block.text}" if block.label else block.text)
        row[5].extend(block.boxes)
        return True


def _list_goes_on(blocks: list[Block], i: int, last_letter: str | None) -> bool:
    """Whether the next labelled block after block ``i`` (before any heading) is the lettered
    item after ``last_letter``: the list goes on past the unlabelled text ``i``."""
    if last_letter is None:
        return False
    for b in blocks[i + 1:]:
        if b.kind == "heading":
            return False
        lab = _label_value(b)
        if lab is not None:
            return lab[0] in ("letter", "roman") and (
                lab[1].replace(TATWEEL, "") == _next_letter(last_letter))
    return False


def _finish(parts: list[str], boxes: list[Box]) -> tuple[str, int, int, list[Box]]:
    merged = union_by_page(boxes)
    return join_words(p for p in parts if p), merged[0].page, merged[-1].page, merged


def find_meetings(blocks: list[Block], lang: str | None) -> list[int]:
    """Indexes of the blocks that are meeting headings."""
    found = []
    for i, b in enumerate(blocks):
        lab = _label_value(b)
        if b.kind != "heading" or lab is None or lab[0] != "ROMAN":
            continue
        if parse_meeting_heading(b.text, lang) is not None:
            found.append(i)
    return found


def build_recommendations(
    blocks: list[Block], lang: str | None
) -> tuple[list[Meeting], list[Record], list[Paragraph], list[Block], list[str]]:
    """Meetings and records of a recommendations document; also the body text that is no
    recommendation as rows ``t<k>`` (the introduction before the first meeting; text inside a
    meeting that no recommendation holds, ``meeting-2/t1``, also a warning), the blocks set
    aside (headings) and warnings."""
    meeting_idx = set(find_meetings(blocks, lang))
    meetings: list[Meeting] = []
    records: list[Record] = []
    texts: list[Paragraph] = []
    other: list[Block] = []
    warnings: list[str] = []
    builder: _Builder | None = None
    meeting_no = 0
    counters: dict[str, int] = {}  # text rows by section

    def text_row(b: Block) -> None:
        """Body text that is no recommendation: a row t<k> of the paragraphs table."""
        section = f"meeting-{meeting_no}" if builder is not None else ""
        counters[section] = counters.get(section, 0) + 1
        local = f"t{counters[section]}"
        text, p0, p1, merged = _finish([b.text], list(b.boxes))
        texts.append(Paragraph(f"{section}/{local}" if section else local, None, section, None,
                               None, text, p0, p1, merged, kind="text"))
        texts[-1].label = b.label

    def flush() -> None:
        if builder is None:
            return
        # a number printed twice in one meeting keeps both rows, the later as <id>~2
        ids = disambiguate([(rid, parent) for rid, parent, *_ in builder.rows])
        for k, ((_, _, number, item, parts, boxes), (rid, parent)) in enumerate(
            zip(builder.rows, ids, strict=True)
        ):
            text, p0, p1, merged = _finish(parts, boxes)
            records.append(Record(rid, parent, meeting_no, number, item, text, p0, p1, merged))
            records[-1].label = builder.labels.get(k)

    for i, b in enumerate(blocks):
        if i in meeting_idx:
            flush()
            lab = _label_value(b)
            assert lab is not None
            meeting_no = roman_to_int(lab[1]) or meeting_no + 1
            mh = parse_meeting_heading(b.text, lang)
            meetings.append(
                Meeting(
                    meeting=meeting_no,
                    heading=f"{b.label} {b.text}",
                    city=mh.city if mh else None,
                    start_date=mh.start_date if mh else None,
                    end_date=mh.end_date if mh else None,
                    page=b.page_start,
                    box=b.boxes[0],
                )
            )
            builder = _Builder()
            continue
        if builder is None:
            # before the first meeting: the document's introduction
            if b.kind == "heading":
                other.append(b)
            else:
                text_row(b)
            continue
        lab = _label_value(b)
        if b.kind == "paragraph" and lab is not None and lab[0] == "num":
            builder.number(f"{meeting_no}.{int(lab[1])}", int(lab[1]), b)
        elif b.kind == "paragraph" and lab is not None and lab[0] in ("letter", "roman"):
            if not builder.item(lab[0], lab[1], b):
                warnings.append(f"page {b.page_start}: item {b.label} outside a recommendation")
                text_row(b)
        elif b.kind == "paragraph" and lab is None and builder.continuation(
            b, _list_goes_on(blocks, i, builder.last_letter)
        ):
            pass
        else:
            if b.kind == "heading":
                other.append(b)
            else:
                text_row(b)
            warnings.append(f"page {b.page_start}: text outside any recommendation: {b.text[:60]}")
    flush()
    return meetings, records, texts, other, warnings


def _heading_kind(lab: tuple[str, str], path: dict[str, str]) -> tuple[str, str]:
    """A one-letter label such as "I." or "C." is a Roman numeral only when it continues the
    Roman sequence; after "H." it is the next lettered subsection."""
    kind, value = lab
    if kind == "ROMAN" and len(value) == 1:
        roman_next = (roman_to_int(path["ROMAN"]) or 0) + 1 if "ROMAN" in path else 1
        cap_next = _next_letter(path["CAP"]) if "CAP" in path else "A"
        if roman_to_int(value) != roman_next and value == cap_next:
            return "CAP", value
    return kind, value


@dataclass(slots=True)
class _RowInfo:
    """What build_paragraphs knows about a row besides its numbering."""

    section: str
    section_title: str | None
    kind: str
    opening_phrase: str | None = None
    operative_verb: str | None = None


@dataclass(slots=True)
class _Sections:
    """The open sections: the document's own (annex, part, article …) and its chapter path."""

    heads: list[tuple[SectionHead, str | None]] = field(default_factory=list)
    chapter_title: str | None = None
    #: the chapter path open when each head opened: a later chapter heading of such a level
    #: is the head's sibling or its parent's, and closes it
    paths: list[dict[str, str]] = field(default_factory=list)

    @property
    def outer_path(self) -> dict[str, str]:
        """The chapter path around the innermost section and inside it: what a chapter
        label continues ("C." after the "B." that holds the open articles)."""
        merged: dict[str, str] = {}
        for path in self.paths:
            merged.update(path)
        return {**merged, **self.path}
    path: dict[str, str] = field(default_factory=dict)  # chapter path: ROMAN, CAP, num, letter
    extra: tuple[str, str] | None = None  # a restarted sequence: (chapter it began in, segment)

    def _rank_at(self, i: int) -> float:
        """A section's rank; one opened under a chapter heading (the annex of the resolution
        of chapter E) belongs to that chapter: a part heading closes it."""
        head = self.heads[i][0]
        if head.kind and self.paths[i]:
            return max(_rank(head), RANK["chap"] + 0.5)
        return _rank(head)

    def _keep(self, n: int) -> None:
        self.heads, self.paths = self.heads[:n], self.paths[:n]

    def open(self, head: SectionHead) -> None:
        rank = RANK[head.kind]
        keep = 0
        while keep < len(self.heads) and self._rank_at(keep) < rank:
            keep += 1
        inside_chapter = (
            keep < len(self.heads) and bool(self.path)
            and all(h.kind != head.kind for h, _ in self.heads)
        )
        if inside_chapter:
            # a section of a kind none open, opened under a chapter heading of the open
            # sections (the annex of the principles of chapter B of the second part, the
            # resolution of chapter C of the third): it is that chapter's, nested in it; the
            # next chapter heading or a sibling of an open section closes it
            keep = len(self.heads)
        self._keep(keep)
        path = dict(self.path)
        if (rank >= RANK["art"] or inside_chapter) and self.path:
            # articles under a chapter heading ("A. Traité sur …"): the chapter is a section
            # of the document's own structure, so that each treaty's articles live in it
            self.heads.append((SectionHead("", self.chapter_text, None), self.chapter_title))
            self.paths.append(path)
            path = {}  # the articles are inside that chapter
        self.heads.append((head, head.title))
        self.paths.append(path)
        self.path = {}
        self.extra = None

    def nest(self, head: SectionHead) -> None:
        """Open ``head`` inside the innermost section, whatever its rank (an unnumbered annex
        inside a numbered one); a later heading of its rank or above closes both."""
        self.heads.append((head, head.title))
        self.paths.append(dict(self.path))
        self.path = {}
        self.extra = None

    def annex_of_annex(self, head: SectionHead, holds_rows: Callable[[str], bool]) -> bool:
        """Open a numbered annex whose number does not continue the open annexes' sequence
        (restarts at 1, repeats or goes back: the contract of annex 3 printing its own
        "Annex 1" to "Annex 3") inside the outermost open annex of its kind (annex-3/annex-1),
        closing what that annex holds; False when ``head`` continues or skips ahead, or when
        the open annex holds no row yet (``holds_rows`` of its id prefix): a list of the
        annexes' headings (a table of contents) before the annexes themselves."""
        if head.kind not in ("annex", "app") or not head.key:
            return False
        outer = next((i for i, (h, _) in enumerate(self.heads) if h.kind == head.kind), None)
        if outer is None:
            return False
        value, last = _key_value(head.key), _key_value(self.heads[outer][0].key)
        if value is None or last is None or value[0] != last[0] or value[1] > last[1]:
            return False
        if not holds_rows("/".join(h.segment for h, _ in self.heads[:outer + 1])):
            return False
        self._keep(outer + 1)
        self.nest(head)
        return True

    def chapter(self, kind: str, value: str, title: str | None = None) -> None:
        keys = _LEVELS
        level = keys.index(kind)
        if kind == "ROMAN" and roman_to_int(value) == 1 and self.heads and (
            "CAP" in self.path and "ROMAN" not in self.path
        ):
            # "I." under a lettered chapter of an open section, no Roman chapter open (the
            # guidelines of chapter C of the fourth part, in chapters I and II of their own):
            # the lettered chapter holds them, as it holds a treaty's articles
            self.heads.append((SectionHead("", self.chapter_text, None), self.chapter_title))
            self.paths.append(dict(self.path))
            self.path = {}
        # a chapter heading that continues the chapter a section was opened under ("B." after
        # the "A." that holds a treaty's articles) closes that section
        # — unless the sections inside have chapters of their own that it continues ("VIII."
        # after the annex's own "VII.")
        for i, path in enumerate(self.paths):
            inner: dict[str, str] = {}
            for p in self.paths[i + 1:]:
                inner.update(p)
            inner.update(self.path)
            if (kind in path and _continues(kind, path[kind], value)
                    and not (kind in inner and _continues(kind, inner[kind], value))):
                self._keep(i)
                break
        self.chapter_title = title
        self.path = {k: v for k, v in self.path.items() if keys.index(k) < level}
        self.path[kind] = value
        if self.extra is not None and not self.chapter_text.startswith(self.extra[0]):
            self.extra = None

    @property
    def chapter_text(self) -> str:
        return ".".join(self.path[k] for k in ("ROMAN", "CAP", "num", "letter") if k in self.path)

    @property
    def base(self) -> str:
        """The document's own open sections: ``annex-1/art-12``."""
        return "/".join(h.segment for h, _ in self.heads)

    @property
    def scope(self) -> str:
        """The id prefix: the document's own sections and a restarted sequence's segment."""
        if self.extra is None:
            return self.base
        return f"{self.base}/{self.extra[1]}" if self.base else self.extra[1]

    @property
    def section(self) -> str:
        segs = [h.segment for h, _ in self.heads]
        if self.chapter_text:
            segs.append(self.chapter_text)
        return "/".join(segs)

    @property
    def innermost(self) -> str | None:
        return self.heads[-1][0].kind if self.heads else None

    @property
    def title(self) -> str | None:
        return self.heads[-1][1] if self.heads else None

    def set_title(self, title: str) -> None:
        """The title of the innermost section, printed on the line after its heading."""
        if self.heads and self.heads[-1][1] is None:
            self.heads[-1] = (self.heads[-1][0], title)


ARTICLE_KINDS = ("art", "rule", "reg", "principle")
_LEVELS = ["ROMAN", "CAP", "num", "letter"]


def _continues(kind: str, prev: str, value: str) -> bool:
    """Whether chapter label ``value`` is the one after ``prev`` (``VIII`` after ``VII``)."""
    if kind == "ROMAN":
        a, b = roman_to_int(prev), roman_to_int(value)
        return a is not None and b == a + 1
    if kind == "num":
        return value.isdigit() and prev.isdigit() and int(value) == int(prev) + 1
    return value == _next_letter(prev)


def _key_value(key: str) -> tuple[str, int] | None:
    """A section key's place in its sequence: ``3`` → ("n", 3), ``b`` → ("a", 2); None for
    the unnumbered, the decimal (``55.25``) and the ``bis`` keys."""
    if key.isdigit():
        return ("n", int(key))
    if len(key) == 1 and "a" <= key <= "z":
        return ("a", ord(key) - ord("a") + 1)
    return None


def _rank(head: SectionHead) -> float:
    """A section's rank; a chapter holding articles ranks just above them."""
    return RANK[head.kind] if head.kind else RANK["art"] - 0.5


#: the punctuation that ends a preambular paragraph, in every script: the comma and semicolon,
#: Arabic "،" "؛", and the full-width "，" "；" of Chinese
_PREAMBLE_ENDS = (",", ";", "،", "؛", "，", "；")
#: how a preambular paragraph that opens a list of items ends
_PREAMBLE_LIST_ENDS = (":", "：")
#: the punctuation that ends a decision's lead-in ("The Executive Board:", "إن الجمعية …،",
#: "国际海底管理局理事会，")
_LEAD_IN_ENDS = (":", ",", "：", "，", "،")
#: Arabic marks a matched word may carry that do not change it: the tatweel (kashida) of a
#: justified line, and the vowel marks (fathatan … sukun)
_ARABIC_MARKS = regexcache.compile("[ـً-ْ]")


def _plain(text: str) -> str:
    """``text`` without the Arabic tatweel and vowel marks, for matching the lang lists."""
    return _ARABIC_MARKS.sub("", text)


def _opening_phrase(block: Block, opener: regex.Pattern[str] | None, running: bool = False
                    ) -> str | None:
    """A preambular paragraph's opening phrase: its leading italic words (bold ones in Arabic,
    which sets "وقد نظرت" so), or the language's opening phrases; only for a paragraph that
    ends as a preambular one does (``,`` ``;`` ``،`` ``؛`` ``，`` ``；``), or, once a preamble
    is ``running``, in a colon: a preambular paragraph opening a list of items ("Ayant à
    l'esprit …, les États :" over "a) Accroissent …")."""
    ends = _PREAMBLE_ENDS + (_PREAMBLE_LIST_ENDS if running else ())
    if not block.text.rstrip().endswith(ends):
        return None
    words = block.lines[0].words if block.lines else ()
    arabic = bool(words) and regexcache.match(r"\p{Arabic}", words[0].text) is not None
    for emphasised in ((lambda w: w.italic), (lambda w: w.bold and arabic)):
        lead = []
        for w in words:
            if not emphasised(w):
                break
            lead.append(_plain(normalize(w.text)))
        if 0 < len(lead) <= 6 and len(lead) < len(words):
            return " ".join(lead).rstrip(",،，")
    if opener is not None and (m := opener.match(_plain(block.text))):
        return m.group(0)
    return None


def _opens_items(blocks: list[Block], bi: int, verbs: dict[str, str],
                 pattern: regex.Pattern[str] | None) -> bool:
    """Whether the paragraph ``blocks[bi]`` of a running preamble may end in a colon: it
    opens lettered items (the next block is "a)"), and no operative verb opens it (an
    unnumbered "Recommande que … :" or "Déclare solennellement … :" ends the preamble over
    numbered paragraphs, as "Sont convenues de ce qui suit :" does over articles)."""
    nxt = _label_value(blocks[bi + 1]) if bi + 1 < len(blocks) else None
    return (nxt is not None and nxt[0] == "letter"
            and _operative_verb(blocks[bi].text, verbs, pattern) is None)


#: the most words of a decision's lead-in ("The Executive Board:", "L'Assemblée générale,")
_LEAD_IN_WORDS = 6


def _lead_in(block: Block) -> bool:
    """A decision's lead-in naming the body that decides: a few words set in italics (the
    template's setting of "The Executive Board:", "The General Assembly,", "Le Conseil :"),
    opened by a capital and ended by a colon or comma, its paragraphs following it."""
    text = block.text.strip()
    # a capital, or a letter of a script without case (Arabic, Chinese)
    if not text.endswith(_LEAD_IN_ENDS) or not text[:1].isalpha() or text[:1].islower():
        return False
    # the length of the text first: a paragraph is too long at once, its words unread.
    # Chinese prints no spaces: a few words are a short line ("国际海底管理局理事会，")
    chinese = regexcache.search(r"\p{Han}", text) is not None
    too_long = (len(text) > _LEAD_IN_WORDS * 4 if chinese
                else len(text.split()) > _LEAD_IN_WORDS + 1)
    if too_long:
        return False
    words = [w for line in block.lines for w in line.words if regexcache.search(r"\p{L}", w.text)]
    short = bool(words) if chinese else 2 <= len(words) <= _LEAD_IN_WORDS
    return short and all(w.italic for w in words)


def _operative_verb(text: str, verbs: dict[str, str], pattern: regex.Pattern[str] | None
                    ) -> str | None:
    if pattern is None or not (m := pattern.match(_plain(text))):
        return None
    return verbs[m.group(1).lower()]


def _alternative_number(value: str, last: int) -> int:
    """The number a paragraph printed under alternative numberings ("[4][2].", value ``"4 2"``)
    takes in its sequence: the alternative that continues the sequence running in its scope
    (``last``, 0 before any), else the first printed. The label keeps both as printed; when no
    alternative continues the sequence, the numbering rule reports the gap."""
    numbers = [int(v) for v in value.split()]
    return next((n for n in numbers if n == last + 1), numbers[0])


#: the id of an article's (rule's, regulation's, principle's, section's) unnumbered text or
#: its items: ``annex/art-3/t1``, ``art-14/t1.a``
_UNIT_TEXT = regexcache.compile(r"(?:^|/)(?:art|rule|reg|principle|sec)-[^/]+/t\d+(?:\.[^/]*)?$")


def unstructured(paragraphs: list[Paragraph]) -> bool:
    """Whether the generic mode found no structure: no numbered or preambular paragraph and no
    text of an article or the like, only unnumbered text rows (``t<k>``) and their items. Such
    a document (a verbatim record, a note) is read as prose instead."""
    return all(
        p.number is None and p.kind in ("text", "item") and not _UNIT_TEXT.search(p.id)
        for p in paragraphs
    )


def _as_heading(block: Block) -> Block:
    """A block read as a section's heading or title (``Article 1`` and its title set as body
    lines): set aside as a heading, what it is to the section tree, whatever its setting."""
    return block if block.kind == "heading" else replace(block, kind="heading")


def build_paragraphs(
    blocks: list[Block], lang: str | None = None, gaps: list[str] | None = None
) -> tuple[list[Paragraph], list[Block], list[str]]:
    """Generic mode: numbered paragraphs and their sub-items under their section path.

    Each numbered sequence lives in its section: a heading of the document's own structure
    (``Article 12``, ``Annex II``, ``55/25. …``) opens a section whose paragraphs have ids
    qualified by it (``annex-2/art-12/3.a``); a sequence that restarts at 1 under a chapter
    heading (``IV.``) is qualified by that chapter. Unnumbered preambular paragraphs become
    rows (``res-55.25/pp2``), and every other unnumbered paragraph a row ``t<k>`` of its
    section, counted per section in reading order: the text of an article, rule, regulation or
    principle (``art-3/t1``), an introduction, text between numbered paragraphs, a list line
    (``annex-10/t3``). Only headings are returned as unassigned blocks (a paragraph read as a
    section's heading or title among them, as a heading).

    ``gaps``, when given, receives the ids of the numbers the document itself skips (see
    :func:`printed_gaps`)."""
    paragraphs: list[Paragraph] = []
    other: list[Block] = []
    warnings: list[str] = []
    secs = _Sections()
    builder = _Builder()
    infos: list[_RowInfo] = []
    last_number: dict[str, int] = {}  # by scope
    #: the last letter of a lettered list nested in a roman item (a third level, "(أ)" under
    #: "’١‘" under "(ب)"): ids stop at the roman level, so its items stay text of the record
    deeper: str | None = None
    numbered_kinds: set[str] = set()  # the section kinds opened with a number so far
    counters: dict[tuple[str, str], int] = {}  # unnumbered rows by (scope, kind)
    preamble_scopes: set[str] = set()
    #: the scopes of the numbered paragraphs following a decision's lead-in ("The Executive
    #: Board:"), its operative paragraphs when the first of them opens with an operative verb
    lead_scopes: set[str] = set()
    lead_pending = False
    number_chapter: dict[str, str] = {}  # the chapter of the last numbered paragraph, by scope
    opener_re = preamble_opener(lang)
    opener = regexcache.compile(rf"(?:{opener_re})") if opener_re else None
    verbs = operative_verbs(lang)
    verb_re = (
        # up to two words before the verb ("Also requests", "Further decides"); Chinese
        # prints none, and no word boundary after its verb ("决定设立", "请秘书长")
        regexcache.compile(r"(?i)^(?:[^\s\p{Han}]+\s+){0,2}?("
                      + "|".join(regex.escape(v) for v in sorted(verbs, key=len, reverse=True))
                      + r")(?:\b|(?<=\p{Han}))")
        if verbs else None
    )
    title_pending = False
    quoted: int | None = None  # the paragraph a heading says is quoted under it

    #: the run of sub-headings that open no section ("Special Rapporteur on the right to
    #: food" in a chapter of A/HRC/43/2), printed over the rows that follow them: those rows'
    #: section_title ends with them, their ids unchanged
    sub_heads: list[str] = []
    sub_run = False  # the block before was such a sub-heading

    def added(info: _RowInfo, before: int) -> None:
        title = " / ".join(t for t in (info.section_title, *sub_heads) if t) or None
        infos.extend(_RowInfo(info.section, title, info.kind)
                     for _ in range(len(builder.rows) - before))
        if len(builder.rows) > before:
            first = infos[before]
            first.opening_phrase, first.operative_verb = info.opening_phrase, info.operative_verb

    def unnumbered(kind: str, b: Block, phrase: str | None = None) -> None:
        scope = secs.scope
        key = (scope, kind)
        counters[key] = counters.get(key, 0) + 1
        local = f"{'pp' if kind == 'preamble' else 't'}{counters[key]}"
        rid = f"{scope}/{local}" if scope else local
        before = len(builder.rows)
        builder.number(rid, None, b)  # its lettered items follow it: art-14/t1.a
        added(_RowInfo(secs.section, secs.title, kind, opening_phrase=phrase), before)

    #: the index of the block each row (and each unassigned block) comes from
    row_block: list[int] = []
    other_block: list[int] = []
    for bi, b in enumerate(blocks):
        row_block.extend([bi - 1] * (len(builder.rows) - len(row_block)))
        other_block.extend([bi - 1] * (len(other) - len(other_block)))
        lab = _label_value(b)
        if lab is not None and lab[0] == "alt":
            lab = ("num", str(_alternative_number(lab[1], last_number.get(secs.scope, 0))))
        if lab is not None and lab[0] == "dec" and secs.heads and lab[1].count(".") == 1 and (
            lab[1].split(".")[0] == secs.heads[-1][0].key
            and secs.innermost in (*ARTICLE_KINDS, "sec")
        ):
            # "1.2" in Article 1 (or in Section 1, "البند ١": "١-٢"): its paragraph 2
            lab = ("num", lab[1].split(".")[1])
        elif lab is not None and lab[0] == "dec" and lab[1].count(".") == 1 and (
            lab[1].split(".")[0] == secs.path.get("num") and list(secs.path)[-1] == "num"
        ):
            # "3.1" under the heading "3. Budget": paragraph 1 of a sequence living in chapter 3
            # (or in the sequence restarted in chapter 3: "Option II" printing 6.1 to 6.6 again)
            if secs.extra is None or secs.extra[0] != secs.chapter_text:
                secs.extra = (secs.chapter_text, secs.chapter_text)
            lab = ("num", lab[1].split(".")[1])
        if b.kind == "heading" or (lab is not None and lab[0] not in ("letter", "roman")):
            deeper = None
        head = parse_section_head(b)
        after_sub, sub_run = sub_run, False
        if head is not None:
            sub_heads = []
        if b.kind == "heading" or head is not None:
            lead_pending = False
        elif lab is None and _lead_in(b):
            lead_pending = True  # "The General Assembly," unnumbered
        if head is not None and not head.key and head.kind in numbered_kinds and not (
            head.kind == "annex" and secs.innermost in ("res", "dec")
        ):
            # (an unnumbered "Annex" right inside a resolution or decision, none of its
            # annexes open, is that text's annex: the protocol annexed to resolution 55/255)
            # an unnumbered "Annex" after numbered annexes: the annex of a text inside the open
            # one (the terms of reference annexed to the draft decision of annex VIII) when the
            # numbering restarts under it, a section nested in the open annex (annex-8/annex);
            # else ("附件" over a clause of a contract in annex 4, its numbering running on) a
            # heading of the text, not a section
            if _restarts_after(blocks, bi) and last_number.get(secs.scope):
                secs.nest(head)
                quoted = None
                title_pending = head.title is None
                other.append(_as_heading(b))
                builder.current = None
                continue
            head = None
        if head is not None:
            if head.key:
                numbered_kinds.add(head.kind)
            if b.kind == "heading" and lab is not None:
                # a lettered heading naming a resolution ("C. Résolution 59/115 …"): its
                # letter is the chapter the resolution opens in
                kind, value = _heading_kind(lab, secs.outer_path)
                if kind in _LEVELS:
                    secs.chapter(kind, value, b.text)
            if not secs.annex_of_annex(head, lambda base: any(
                    r[0].startswith(base + "/") for r in builder.rows)):
                secs.open(head)
            quoted = None
            title_pending = head.title is None
            other.append(_as_heading(b))
            builder.current = None
            continue
        if title_pending:
            title_pending = False
            title = section_title(b)
            if title is not None:
                secs.set_title(title)
                other.append(_as_heading(b))
                continue
        if b.kind == "heading":
            chapter = False
            if lab is not None:
                quoted = quoted_paragraph(b.text, lang)
                kind, value = _heading_kind(lab, secs.outer_path)
                if kind in ("ROMAN", "CAP", "num", "letter"):
                    secs.chapter(kind, value, b.text)
                    chapter = True
            if chapter:
                sub_heads = []
            else:
                printed = normalize(f"{b.label} {b.text}" if b.label else b.text)
                sub_heads = [*(sub_heads if after_sub else []), printed]
                sub_run = True
            other.append(b)
            builder.current = None
            continue
        if lab is not None and lab[0] == "num":
            n = int(lab[1])
            scope = secs.scope
            # a paragraph quoted from another text under a heading that names it ("Paragraph 4
            # of resolution 55/122") does not continue the running sequence: it opens its own
            excerpt = quoted == n and n != last_number.get(scope, 0) + 1
            quoted = None
            prefix = label_prefix(b.label)
            # the number just printed printed again under another prefix ("(ABS)9." then
            # "(CBTMTC)9."): the same paragraph's text for another body, a parallel alternative
            # to it; its id is qualified by its prefix (annex-2/(CBTMTC)/9), the sequence runs
            # on from the number (see pipeline.out.numbering)
            alternative = prefix is not None and n == last_number.get(scope) and any(
                rid == (f"{scope}/{n}" if scope else str(n))
                and label_prefix(builder.labels.get(k)) not in (None, prefix)
                for k, (rid, *_) in enumerate(builder.rows))
            # the same number printed twice running is one sequence with a repeated number
            # (its later row is written as <id>~2, see disambiguate), not a new sequence
            if alternative:
                pass
            elif (n == 1 and last_number.get(scope)) or excerpt or (builder.has(
                f"{scope}/{n}" if scope else str(n)
            ) and n != last_number.get(scope)):
                # a new sequence: it lives in the chapter it starts in (or the next free one)
                seg = secs.chapter_text or "seq"
                k = 1
                candidate = seg
                while last_number.get(f"{secs.base}/{candidate}" if secs.base else candidate):
                    k += 1
                    candidate = f"{seg}-{k}"
                secs.extra = (secs.chapter_text, candidate)
                scope = secs.scope
            # a gap or step back in the sequence is the numbering rule's finding (validation),
            # or a gap the document prints (printed_gaps)
            rid = f"{scope}/{n}" if scope else str(n)
            if alternative:
                rid = f"{scope}/({prefix})/{n}" if scope else f"({prefix})/{n}"
            else:
                last_number[scope] = n
                number_chapter[scope] = secs.chapter_text
            verb = _operative_verb(b.text, verbs, verb_re)
            inner = secs.innermost
            if lead_pending and verb is not None:
                lead_scopes.add(scope)  # the first paragraph after the lead-in decides
            lead_pending = False
            if scope in preamble_scopes or scope in lead_scopes or (
                verb is not None and inner in ("res", "dec")
            ):
                kind = "operative"  # after a preamble, every numbered paragraph is operative
            else:
                kind, verb = ("article-paragraph" if inner in ARTICLE_KINDS else "paragraph"), None
            before = len(builder.rows)
            builder.number(rid, n, b)
            added(_RowInfo(secs.section, secs.title, kind, operative_verb=verb), before)
            lead_pending = _lead_in(b)  # "87. The Executive Board:" numbered as a paragraph
        elif lab is not None and lab[0] == "dec" and builder.current is not None and (
            _decimal_parent(builder, lab[1]) is not None
        ):
            parent = _decimal_parent(builder, lab[1])
            assert parent is not None
            before = len(builder.rows)
            sub = int(lab[1].rsplit(".", 1)[1])
            builder.rows.append((f"{parent}.{sub}", parent, sub, None, [b.text], list(b.boxes)))
            builder.labels[len(builder.rows) - 1] = b.label
            builder.current = len(builder.rows) - 1
            builder.last_letter = builder.last_roman = builder.letter_row = None
            builder.after_items = False
            added(_RowInfo(secs.section, secs.title, "subparagraph"), before)
        elif lab is not None and lab[0] == "letter" and builder.current is not None and (
            list_letter_value(lab[1]) == (list_letter_value(deeper) or 0) + 1
            if deeper is not None
            else builder.last_roman is not None and list_letter_value(lab[1]) == 1
        ):
            # a lettered list restarting under a roman item: its third level
            deeper = lab[1]
            builder.continuation(b)
        elif lab is not None and lab[0] in ("letter", "roman"):
            before = len(builder.rows)
            deeper = None
            if builder.item(lab[0], lab[1], b):
                added(_RowInfo(secs.section, secs.title, "item"), before)
            else:
                # an item no numbered paragraph holds: the section's unnumbered text, its
                # printed label kept
                unnumbered("text", b)
        elif lab is None and builder.current is not None and builder.after_items and not (
            # after a preambular paragraph's items, a paragraph with an opening phrase is the
            # preamble's next paragraph, not text printed after the list
            b.kind == "paragraph" and secs.scope in preamble_scopes
            and not last_number.get(secs.scope)
            and _opening_phrase(b, opener, _opens_items(blocks, bi, verbs, verb_re))
        ):
            builder.continuation(b, _list_goes_on(blocks, bi, builder.last_letter))
        elif lab is None and b.kind == "paragraph" and not _lead_in(b) and (
            not last_number.get(secs.scope) or (
                lead_pending and secs.chapter_text
                and number_chapter.get(secs.scope) != secs.chapter_text)
        ) and (phrase := _opening_phrase(b, opener, secs.scope in preamble_scopes
                                         and _opens_items(blocks, bi, verbs, verb_re))):
            if last_number.get(secs.scope):
                # the preamble of another text, under a lead-in ("L'Assemblée générale,") in
                # a chapter of its own: it opens that chapter's sequence
                secs.extra = (secs.chapter_text, secs.chapter_text)
            preamble_scopes.add(secs.scope)
            unnumbered("preamble", b, phrase)
        else:
            # (headings went on above) the text of an article or section of one paragraph,
            # and any other unnumbered paragraph (an introduction, a chapeau between numbered
            # paragraphs, a list line, a form's line): a row t<k> of the section it is
            # printed in, counted in reading order per scope, never set aside
            unnumbered("text", b)
    row_block.extend([len(blocks) - 1] * (len(builder.rows) - len(row_block)))
    other_block.extend([len(blocks) - 1] * (len(other) - len(other_block)))
    rows = disambiguate([(rid, parent) for rid, parent, *_ in builder.rows])
    for k, ((_, _, number, item, parts, boxes), (rid, parent), info) in enumerate(zip(
        builder.rows, rows, infos, strict=True
    )):
        text, p0, p1, merged = _finish(parts, boxes)
        paragraphs.append(
            Paragraph(rid, parent, info.section, number, item, text, p0, p1, merged,
                      section_title=info.section_title, kind=info.kind,
                      opening_phrase=info.opening_phrase, operative_verb=info.operative_verb)
        )
        paragraphs[-1].label = builder.labels.get(k)
    if gaps is not None:
        gaps.extend(printed_gaps(
            [(p.id, p.parent_id, p.number, p.text) for p in paragraphs],
            row_block, set(other_block),
        ))
    return paragraphs, other, warnings


#: a paragraph label left inside a text: "3.", "3 -", "٣ -", "3)" before a space or the end
_INLINE_LABEL = regexcache.compile(r"(?<![\w.,/\-])(\d{1,3}) ?[.)\-\u2010\u2011\u2013](?=\s|$)")


def printed_gaps(
    rows: list[tuple[str, str | None, int | None, str]], row_block: list[int],
    unassigned: set[int],
) -> list[str]:
    """The ids of the numbers a document itself skips (rows: id, parent id, number, text in
    document order; ``row_block``: the block each row comes from; ``unassigned``: the blocks
    that became no row).

    A gap is printed, not a paragraph start the extraction missed, when all of this holds:
    one number is missing between two paragraphs of one sequence (``2`` then ``4``); no text
    between them was left out of the rows (no unassigned block between theirs), and neither
    the earlier paragraph nor its items carries the missing label inline (``… 3. …``, ``٣ -``,
    what a missed paragraph start would leave); the missing number appears nowhere else in the
    sequence; and the sequence goes on after the gap (``5`` follows ``4``). The text-loss
    ledgers (pipeline.parse.audit) then vouch that every character of the pages is in a row
    or set aside as furniture."""
    tops = [(i, rid, n) for i, (rid, parent, n, _) in enumerate(rows)
            if parent is None and n is not None]
    by_scope: dict[str, list[tuple[int, str, int]]] = {}
    for i, rid, n in tops:
        by_scope.setdefault(rid.rsplit("/", 1)[0] if "/" in rid else "", []).append((i, rid, n))
    out: list[tuple[int, str]] = []
    for scope, seq in by_scope.items():
        numbers = [n for _, _, n in seq]
        for k in range(len(seq) - 2):
            (i, _, n), (j, _, m), (_, _, after) = seq[k], seq[k + 1], seq[k + 2]
            missing = n + 1
            if m != n + 2 or after != m + 1 or missing in numbers:
                continue
            between = rows[i:j]
            # only the earlier paragraph and its items lie between the two
            if any(r[1] is None and idx != 0 for idx, r in enumerate(between)):
                continue
            if any(row_block[i] < b < row_block[j] for b in unassigned):
                continue
            if any(int(t.group(1)) == missing for r in between
                   for t in _INLINE_LABEL.finditer(r[3])):
                continue
            out.append((i, f"{scope}/{missing}" if scope else str(missing)))
    return [gid for _, gid in sorted(out)]


def disambiguate(rows: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """(id, parent id) of rows in document order, an id an earlier row already has written as
    ``<id>~<k>`` (its ``k``-th occurrence: the same number printed twice in one section) and
    a parent id naming the latest row of that id (the one its items follow)."""
    seen: dict[str, int] = {}
    latest: dict[str, str] = {}
    out: list[tuple[str, str | None]] = []
    for rid, parent in rows:
        seen[rid] = seen.get(rid, 0) + 1
        written = rid if seen[rid] == 1 else f"{rid}{REPEAT_SUFFIX}{seen[rid]}"
        out.append((written, latest.get(parent, parent) if parent is not None else None))
        latest[rid] = written
    return out


def _restarts_after(blocks: list[Block], i: int) -> bool:
    """Whether the first numbered paragraph after block ``i`` (before the next numbered
    section heading) is paragraph 1: a numbering that restarts under the heading ``i``."""
    for b in blocks[i + 1:]:
        head = parse_section_head(b)
        if head is not None and head.key:
            return False
        lab = _label_value(b)
        if lab is not None and lab[0] == "num" and b.kind != "heading":
            return int(lab[1]) == 1
    return False


def _decimal_parent(builder: _Builder, label: str) -> str | None:
    """The id of the row a decimal label ("121.3") belongs under: the open paragraph 121 (or
    the open "121.3" for "121.3.2"), when the numbers agree."""
    head = label.rsplit(".", 1)[0]
    for i in range(len(builder.rows) - 1, -1, -1):
        rid, _parent, number, item, _, _ = builder.rows[i]
        if item is not None:
            continue
        local = rid.rsplit("/", 1)[-1]
        if local == head:
            return rid
        if number is not None and "." not in local:
            return None  # the open numbered paragraph is another one
    return None
