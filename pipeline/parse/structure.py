"""Structure stage: meetings, numbered recommendations and lettered sub-items (or, in the generic
mode, sections and numbered paragraphs) from the labelled blocks.

The recommendations mode applies when the document has meeting sections: Roman-numeral headings
that read as meeting headings ("I. Première réunion, tenue à Vienne ..."). Otherwise every
numbered paragraph of the document is emitted under its heading path (``II.B.2``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.lang import TATWEEL, list_item_key, next_list_letter, roman_to_int
from pipeline.model import Block, Box, Meeting, Paragraph, Record, union_by_page
from pipeline.parse.blocks import parse_label
from pipeline.parse.headings import parse_meeting_heading
from pipeline.textnorm import join_words

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

    rows: list[tuple[str, str | None, int, str | None, list[str], list[Box]]] = field(
        default_factory=list
    )
    current: int | None = None  # index in rows of the open numbered record
    last_letter: str | None = None
    last_roman: str | None = None
    letter_row: int | None = None
    after_items: bool = False

    def number(self, rid: str, number: int, block: Block) -> None:
        self.rows.append((rid, None, number, None, [block.text], list(block.boxes)))
        self.current = len(self.rows) - 1
        self.last_letter = self.last_roman = None
        self.letter_row = None
        self.after_items = False

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
            self.last_letter, self.last_roman = value, None
            self.letter_row = len(self.rows) - 1
        else:
            if self.letter_row is None:
                return False
            letter_id = self.rows[self.letter_row][0]
            item = f"{list_item_key(self.last_letter or '')}.{value}"
            rid = f"{letter_id}.{value}"
            self.rows.append((rid, letter_id, number, item, [block.text], list(block.boxes)))
            self.last_roman = value
        self.after_items = True
        return True

    def continuation(self, block: Block) -> bool:
        """Unlabelled text inside a numbered record: text that follows its list."""
        if self.current is None:
            return False
        row = self.rows[self.current]
        row[4].append(block.text)
        row[5].extend(block.boxes)
        return True


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
) -> tuple[list[Meeting], list[Record], list[Block], list[str]]:
    """Meetings and records of a recommendations document; also unassigned blocks, warnings."""
    meeting_idx = set(find_meetings(blocks, lang))
    meetings: list[Meeting] = []
    records: list[Record] = []
    other: list[Block] = []
    warnings: list[str] = []
    builder: _Builder | None = None
    meeting_no = 0

    def flush() -> None:
        if builder is None:
            return
        for rid, parent, number, item, parts, boxes in builder.rows:
            text, p0, p1, merged = _finish(parts, boxes)
            records.append(Record(rid, parent, meeting_no, number, item, text, p0, p1, merged))

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
            other.append(b)
            continue
        lab = _label_value(b)
        if b.kind == "paragraph" and lab is not None and lab[0] == "num":
            builder.number(f"{meeting_no}.{lab[1]}", int(lab[1]), b)
        elif b.kind == "paragraph" and lab is not None and lab[0] in ("letter", "roman"):
            if not builder.item(lab[0], lab[1], b):
                warnings.append(f"page {b.page_start}: item {b.label} outside a recommendation")
                other.append(b)
        elif b.kind == "paragraph" and lab is None and builder.continuation(b):
            pass
        else:
            other.append(b)
            warnings.append(f"page {b.page_start}: text outside any recommendation: {b.text[:60]}")
    flush()
    return meetings, records, other, warnings


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


def build_paragraphs(blocks: list[Block]) -> tuple[list[Paragraph], list[Block], list[str]]:
    """Generic mode: numbered paragraphs and their sub-items under their heading path."""
    paragraphs: list[Paragraph] = []
    other: list[Block] = []
    warnings: list[str] = []
    path: dict[str, str] = {}
    section = ""
    builder = _Builder()
    sections: list[str] = []

    for b in blocks:
        lab = _label_value(b)
        if b.kind == "heading":
            if lab is not None:
                kind, value = _heading_kind(lab, path)
                level = {"ROMAN": 0, "CAP": 1, "num": 2, "letter": 3}.get(kind)
                if level is not None:
                    keys = ["ROMAN", "CAP", "num", "letter"]
                    path = {k: v for k, v in path.items() if keys.index(k) < level}
                    path[keys[level]] = value
                    section = ".".join(path[k] for k in keys if k in path)
            other.append(b)
            builder.current = None
            continue
        if lab is not None and lab[0] == "num":
            n = int(lab[1])
            last = builder.rows[-1][2] if builder.rows else 0
            if builder.rows and n != last + 1:
                warnings.append(f"page {b.page_start}: paragraph {n} follows paragraph {last}")
            builder.number(str(n), n, b)
            sections.append(section)
        elif lab is not None and lab[0] in ("letter", "roman") and builder.item(lab[0], lab[1], b):
            sections.append(section)
        elif lab is None and builder.current is not None and builder.after_items:
            builder.continuation(b)
        else:
            other.append(b)
            builder.current = None
    # section of each row: the section where its numbered paragraph started
    sec_iter = iter(sections)
    for rid, parent, number, item, parts, boxes in builder.rows:
        text, p0, p1, merged = _finish(parts, boxes)
        paragraphs.append(
            Paragraph(rid, parent, next(sec_iter, ""), number, item, text, p0, p1, merged)
        )
    return paragraphs, other, warnings
