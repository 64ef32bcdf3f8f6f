"""Text-loss guard: every character printed on every page is accounted for in the output.

Three ledgers must balance, each counted in normalised, non-space characters:

1. page: characters the loader read = furniture set aside + body lines kept (per page);
2. block: characters of a block's lines = its label + its text + hyphens removed by repairs;
3. document: characters of all blocks = rows (text and printed label) + meeting headings +
   headings set aside (the structure stage makes every body block a row, ``t<k>`` when
   unnumbered; tests/test_ledger.py checks that no body text is set aside).

A mismatch raises :class:`TextLossError` naming the page and the text concerned.
"""

from __future__ import annotations

from collections import Counter

from pipeline.errors import TextLossError
from pipeline.model import Block, Box, Extraction, Layout, Line, Repair
from pipeline.textnorm import WORDS, normalize


def chars(text: str) -> int:
    """The normalised text's characters, spaces left out."""
    if text.isascii() and text.isprintable():
        # plain printable ASCII normalises to itself but for its spaces (the only ASCII space
        # that is printable), which are not counted
        return len(text) - text.count(" ")
    return len(normalize(text).replace(" ", ""))


def _words_chars(line: Line) -> int:
    """:func:`chars` summed over the line's words."""
    text = line.text  # its words joined by spaces, which are not counted
    if text.isascii() and text.isprintable():
        return len(text) - text.count(" ")
    # each word's normalised text looked up (the words of a document recur), their spaces
    # counted once they are put end to end
    joined = "".join(map(WORDS.__getitem__, [w.text for w in line.words]))
    return len(joined) - joined.count(" ")


def _line_chars(block: Block) -> int:
    return sum(_words_chars(ln) for ln in block.lines)


def check_pages(layout: Layout, path: str) -> None:
    """Ledger 1: nothing read from a page vanished between load and layout."""
    kept: Counter[int] = Counter()
    for f in layout.furniture:
        kept[f.box.page] += chars(f.text)
    for ln in layout.body:
        kept[ln.page] += _words_chars(ln)
    for page in layout.source.pages:
        if kept[page.number] != page.char_count:
            raise TextLossError(
                path,
                f"page {page.number}: {page.char_count} characters read but "
                f"{kept[page.number]} accounted for after layout",
            )


def _inside(box: Box, block: Block) -> bool:
    """Whether ``box`` lies on one of the block's lines (not merely inside the block's extent
    on a page: a block that runs on into the next column encloses other blocks)."""
    return any(
        ln.page == box.page and ln.x0 - 1 <= box.x0 and box.x1 <= ln.x1 + 1
        and ln.top - 1 <= box.top and box.bottom <= ln.bottom + 1
        for ln in block.lines
    )


def check_blocks(blocks: list[Block], repairs: list[Repair], path: str) -> None:
    """Ledger 2: every character of a block's lines is in its label or its text, except the
    line-end hyphens a dehyphenation repair inside that block removed."""
    cuts: dict[int, list[Box]] = {}  # by page: a block is compared with its pages' cuts only
    for r in repairs:
        if r.kind == "dehyphenation":
            cuts.setdefault(r.box.page, []).append(r.box)
    for b in blocks:
        pages = {ln.page for ln in b.lines}
        removed = sum(1 for p in pages for box in cuts.get(p, ()) if _inside(box, b))
        if _line_chars(b) != chars(b.text) + chars(b.label or "") + removed:
            raise TextLossError(path, f"page {b.page_start}: text lost in block {b.text[:60]!r}")


def check_structure(ex: Extraction, blocks: list[Block], path: str) -> None:
    """Ledger 3: every block ends up in a row (its printed label in the row's ``label``), a
    meeting heading or the headings set aside (``other_text``)."""
    rows = [*ex.records, *ex.paragraphs]
    out = sum(chars(r.text) + chars(r.label or "") for r in rows)
    out += sum(chars(m.heading) for m in ex.meetings)  # meeting headings carry their labels
    out += sum(chars(b.text) + chars(b.label or "") for b in ex.other_text)
    total = sum(chars(b.text) + chars(b.label or "") for b in blocks)
    if out == total:
        return
    have = " ".join(r.text for r in rows)
    have += " ".join(m.heading for m in ex.meetings) + " ".join(b.text for b in ex.other_text)
    for b in blocks:
        if b.text and b.text not in have:
            raise TextLossError(path, f"page {b.page_start}: text dropped: {b.text[:60]!r}")
    raise TextLossError(path, f"{total - out} characters unaccounted")
