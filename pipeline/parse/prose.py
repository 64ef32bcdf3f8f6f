"""Documents without numbering (verbatim records, notes, booklets): body paragraphs, speakers.

When the generic mode finds no numbered paragraph, every body paragraph of the document is a
row, in reading order (column by column, page by page), with ``number`` None and the id
``p1``, ``p2`` … (its rank in reading order). Paragraph boundaries are the blocks of
:mod:`pipeline.parse.blocks` (first-line indent, vertical gaps, a change of style); nothing
here reads word statistics.

* **Headings.** A run of consecutive heading blocks ("Agenda item 110 (continued)", then the
  item's title) is the section of the paragraphs after it. ``section_title`` is the run's
  headings as printed, joined by `` / ``; ``section`` is its key in the grammar of numbered
  documents (:mod:`pipeline.parse.sections`): ``item-110`` for a heading naming an agenda item,
  a printed heading label (``II``, ``B``) as itself, keys joined by ``/``; a run with neither
  (an unnumbered title) has no key and ``section`` is empty, as before the first heading.
* **Speakers** (verbatim records). A paragraph that opens with a speaker label — a name followed
  by an optional country or body in parentheses, an optional interpretation note in parentheses
  and a colon — starts a statement: ``The President:``, ``Mr. Smith (Norway):``,
  ``Mr. Zhang Yishan (China) (spoke in Chinese):``, ``Le Président :``, ``El Sr. Pérez
  (México) (habla en inglés):``, ``Председатель:``. The name is accepted when the document
  sets it in bold, or when it is an office (``The President``) or opens with a form of address
  (``Mr.``, ``M.``, ``El Sr.``, ``Г-н``) of :mod:`pipeline.lang`. The speaker (name and
  country, without the interpretation note) is the ``speaker`` of that paragraph and of the
  following ones until the next label or heading; the label is printed, not text, so the
  paragraph's text starts after it. Paragraphs set wholly in italics are the record's
  procedural notes ("The meeting rose at 4.20 p.m.", "Mr. X took the chair."): they have no
  speaker and do not end the statement around them.
* A speaker label set in bold can make its first line bold enough for the block stage to read
  it as a heading; such a block is a paragraph here, and the block after it that starts without
  a first-line indent (at the column's left edge) is the rest of that paragraph.
* Lines with dot leaders (a verbatim record's "President: Mr. X . . . . (Sweden)") are front
  matter, not prose: they are kept aside with the unassigned text.
* A document written mostly in a right-to-left script (Arabic, Hebrew) is not read as prose:
  its text layer is in visual order and its reading order is not recovered yet, so it still
  has no structure.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from pipeline import regexcache
from pipeline.lang import honorifics, interpretation_pattern, presiding_titles
from pipeline.model import Block, Paragraph, union_by_page
from pipeline.parse.frontmatter import agenda_item
from pipeline.parse.layout import DOT_LEADER
from pipeline.records import dataclass

#: longest speaker name, in words ("Mr. Toro Jiménez", "The Acting President" …)
MAX_NAME_WORDS = 8
#: runs of right-to-left letters, and of letters: their lengths add up to the letters counted
#: one by one, without a string made for each
RIGHT_TO_LEFT_RUN = regexcache.compile(r"[\p{Arabic}\p{Hebrew}]+")
LETTER_RUN = regexcache.compile(r"\p{L}+")


def right_to_left(blocks: list[Block]) -> bool:
    """Whether most letters of the blocks are of a right-to-left script."""
    text = " ".join(b.text for b in blocks)
    if RIGHT_TO_LEFT_RUN.search(text) is None:
        return False
    rtl = sum(map(len, RIGHT_TO_LEFT_RUN.findall(text)))
    return rtl * 2 > sum(map(len, LETTER_RUN.findall(text)))


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker label at the start of a paragraph."""

    #: the label as printed, colon included ("Mr. Zhang Yishan (China) (spoke in Chinese):")
    label: str
    #: the speaker: name and country or body ("Mr. Zhang Yishan (China)")
    name: str
    #: the interpretation note, if any ("spoke in Chinese")
    note: str | None


def _label_regex(lang: str | None) -> regex.Pattern[str]:
    interp = interpretation_pattern(lang) or r"(?!)"
    name = r"[^\s():;,.][^():;]*?"
    return regexcache.compile(
        rf"^(?P<name>{name})"
        rf"(?:\s*\((?!\s*(?:{interp})\s*\))(?P<country>[^()]{{1,120}})\))?"
        rf"(?:\s*\((?P<note>\s*(?:{interp})\s*)\))?"
        r"\s*:\s+(?=\S)",
        regex.IGNORECASE,
    )


def _vocabulary_name(name: str, lang: str | None) -> bool:
    """Whether ``name`` is an office, or a form of address of the language followed by a
    proper name (capitalised words and short particles: ``de``, ``van``, ``al``)."""
    if any(name == t for t in presiding_titles(lang)):
        return True
    for h in honorifics(lang):
        if name.startswith(h + " ") or (h.endswith(".") and name.startswith(h)):
            rest = name[len(h):].split()
            return bool(rest) and all(w[:1].isupper() or len(w) <= 3 for w in rest)
    return False


def _bold_prefix(block: Block) -> str:
    """The leading words of the block's first line that are set in bold, joined by spaces."""
    out: list[str] = []
    for w in block.lines[0].words if block.lines else ():
        if not w.bold:
            break
        out.append(w.text)
    return " ".join(out)


def find_speaker(block: Block, lang: str | None) -> Speaker | None:
    """The speaker label that opens ``block``, if any (see the module's rules)."""
    if block.label is not None or not block.lines:
        return None
    m = _label_regex(lang).match(block.text)
    if m is None:
        return None
    name = regexcache.sub(r"\s+", " ", m.group("name")).strip()
    if not name[:1].isupper() or len(name.split()) > MAX_NAME_WORDS:
        return None
    bold = _bold_prefix(block).rstrip(":").strip()
    in_bold = bool(bold) and (name == bold or name.startswith(bold + " ") or bold.startswith(name))
    if not in_bold and not _vocabulary_name(name, lang):
        return None
    country = m.group("country")
    full = f"{name} ({country.strip()})" if country else name
    note = m.group("note").strip() if m.group("note") else None
    return Speaker(m.group(0).strip(), full, note)


def _join(a: str, b: str) -> str:
    # a line-end hyphen in UN documents is almost always a real compound hyphen: kept, no space
    return a + b if a.endswith("-") else f"{a} {b}"


def _merge(head: Block, rest: Block) -> Block:
    """A bold-label block read as a heading, and the rest of its paragraph, as one paragraph."""
    return Block("paragraph", None, _join(head.text, rest.text), [*head.lines, *rest.lines],
                 [*head.boxes, *rest.boxes], head.indent, rest.bold, rest.italic)


def _continues(head: Block, nxt: Block) -> bool:
    """``nxt`` is the rest of ``head``'s paragraph: it starts without the first-line indent."""
    return (
        nxt.kind == "paragraph"
        and nxt.label is None
        and nxt.page_start == head.page_end
        and nxt.indent < head.indent - 1
    )


def _speaker_blocks(blocks: list[Block], lang: str | None) -> list[Block]:
    """Heading blocks that open with a speaker label, joined with the rest of their paragraph."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "heading" and b.label is None and find_speaker(b, lang) is not None:
            b = replace(b, kind="paragraph")
            if i + 1 < len(blocks) and _continues(b, blocks[i + 1]):
                b = _merge(b, blocks[i + 1])
                i += 1
        out.append(b)
        i += 1
    return out


def _heading_key(block: Block) -> str | None:
    """A heading's key in the section grammar: ``item-110`` for an agenda item, a printed
    label (``II.``, ``B)``) without its punctuation, else None."""
    item = agenda_item(block.text)
    if item is not None:
        return "item-" + regexcache.sub(r"\W+", ".", item).strip(".")
    if block.label:
        return block.label.strip(" .)(") or None
    return None


def build_prose(
    blocks: list[Block], lang: str | None
) -> tuple[list[Paragraph], list[Block], list[str], list[Block]]:
    """Paragraphs of a document without numbering, in reading order, with their speakers.

    Returns the paragraphs, the unassigned blocks (headings, leader lines), warnings, and the
    blocks as finally read (speaker labels moved from the text to the label, for the audit)."""
    if right_to_left(blocks):
        return [], blocks, [], blocks
    paragraphs: list[Paragraph] = []
    other: list[Block] = []
    used: list[Block] = []
    section_run: list[str] = []
    keys: list[str] = []
    section = ""
    title: str | None = None
    in_headings = False
    speaker: str | None = None
    texts = 0  # the rows t<k> of lines set with a dot leader
    for b in _speaker_blocks(blocks, lang):
        if b.kind == "heading":
            if not in_headings:
                section_run, keys = [], []
            section_run.append(f"{b.label} {b.text}".strip() if b.label else b.text)
            key = _heading_key(b)
            if key:
                keys.append(key)
            section, title = "/".join(keys), " / ".join(section_run)
            in_headings = True
            speaker = None
            other.append(b)
            used.append(b)
            continue
        in_headings = False
        if not b.text:
            other.append(b)
            used.append(b)
            continue
        if DOT_LEADER.search(b.text):
            # a line set with a dot leader (the masthead's "President: Mr. X . . . (Sweden)", a
            # contents line): no statement, but text of the page: a row t<k> (numbered over
            # the document as the statements' p<k> are, apart from them) in its section
            used.append(b)
            merged = union_by_page(b.boxes)
            texts += 1
            paragraphs.append(Paragraph(
                f"t{texts}", None, section, None, None,
                b.text, merged[0].page, merged[-1].page, merged, section_title=title,
                kind="text"))
            paragraphs[-1].label = b.label
            continue
        if b.label is not None:
            # a printed label (a lettered item of a list) stays in the paragraph's text
            b = replace(b, label=None, text=f"{b.label} {b.text}")
        said: str | None = speaker
        found = find_speaker(b, lang)
        if found is not None:
            speaker = said = found.name
            b = replace(b, label=found.label, text=b.text[len(found.label):].lstrip())
        elif b.italic:
            said = None  # a procedural note inside or between statements
        used.append(b)
        merged = union_by_page(b.boxes)
        paragraphs.append(
            Paragraph(
                f"p{len(paragraphs) - texts + 1}", None, section, None, None, b.text,
                merged[0].page, merged[-1].page, merged, speaker=said, section_title=title,
            )
        )
        paragraphs[-1].label = b.label  # a speaker's name as printed, kept out of the text
    return paragraphs, other, [], used
