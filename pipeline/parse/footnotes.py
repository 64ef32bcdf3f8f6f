"""Footnotes as data: each note of the document, and the records whose text cites it.

The layout stage sets the notes aside page by page (:class:`~pipeline.model.Note`, with the
mark each opens with) and removes the callouts from the text, keeping each one as
``footnote-callout`` furniture with its mark and box. Here:

* a note that opens with no mark continues the last note of the page before: a note run over
  onto the next page is one footnote (with no note on the page before, it is a note of its own,
  without a mark);
* each callout is answered by the note with its mark on its page (else the nearest earlier note
  with that mark, else the next one: a note set on the following page);
* a typescript note (``3/``) is cited where its mark is typed in a record's text ("Sea, 3/"),
  on the page of the note;
* the record citing it is the record (or paragraph) whose box on that page holds the callout
  (the smallest, when a parent's box encloses its items'); a callout in a heading, the
  masthead or unnumbered text cites no record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import regex

from pipeline import regexcache
from pipeline.model import Box, Footnote, Furniture, Line, Note, Paragraph, Record, Repair
from pipeline.parse.blocks import join_cut
from pipeline.textnorm import join_lines, normalize

if TYPE_CHECKING:
    from pipeline.parse.evidence import Evidence

#: a typescript note mark, "3/": its callout is typed on the line, not raised
TYPED_MARK = regexcache.compile(r"^\d{1,3}/$")
#: how far (points) a callout may stand right of its record's box (a box is measured without
#: the callouts removed from its lines' ends)
REACH = 6.0


def join_note_lines(
    parts: Sequence[str],
    lines: Sequence[Line],
    evidence: Evidence | None = None,
    repairs: list[Repair] | None = None,
) -> str:
    """A note's printed lines (``parts``, the texts of ``lines``) as one normalised text:
    joined by a space (none where a Chinese character meets the next line), and with none at
    a word cut by a line-end hyphen ("…/files/2025-" "04/…", "extra-" "atmosphérique"). Its
    hyphen is kept, as the body's are without evidence against it, or dropped as the
    typesetter's where the document's ``evidence`` says so (a dehyphenation repair added to
    ``repairs``); without ``evidence`` every such hyphen is kept."""
    texts = [normalize(p) for p in parts]
    if evidence is None or repairs is None:
        return normalize(join_lines(texts))

    def at_cut(text: str, nxt: str, cut: tuple[str, str], before: int) -> str:
        line = lines[before] if before < len(lines) else None
        if line is None or not line.words:
            return text + nxt
        return join_cut(text, nxt, cut, line, evidence, repairs)

    return normalize(join_lines(texts, at_cut))


def build_footnotes(
    notes: Sequence[Note],
    furniture: Sequence[Furniture],
    rows: Sequence[Record | Paragraph],
    evidence: Evidence | None = None,
    repairs: list[Repair] | None = None,
) -> list[Footnote]:
    """The document's footnotes, in order, with the ids of the records citing each.

    With the document's hyphen ``evidence`` (:func:`pipeline.parse.blocks.body_evidence`),
    each note's lines are joined again by it (:func:`join_note_lines`): a line-end hyphen the
    typesetter added is dropped, as in the body text, and the repair added to ``repairs``."""
    out: list[Footnote] = []
    ends: list[Line | None] = []  # per footnote: the line its text ends on, when known
    for note in notes:
        text = note.text
        if evidence is not None and note.parts:
            text = join_note_lines(note.parts, note.lines, evidence, repairs)
        end = note.lines[-1] if note.lines else None
        if note.mark is None and out and note.box.page == out[-1].page_end + 1:
            last = out[-1]
            # run on from the page before: its text and this one joined as two lines
            last.text = join_note_lines([last.text, text], [ends[-1]], evidence, repairs)
            last.page_end = note.box.page
            last.boxes.append(note.box)
            ends[-1] = end
            continue
        out.append(Footnote(len(out) + 1, note.mark or "", text, note.box.page,
                            note.box.page, [note.box]))
        ends.append(end)
    cited: dict[int, list[str]] = {f.index: [] for f in out}
    order = {r.id: i for i, r in enumerate(rows)}
    for f in furniture:
        if f.reason != "footnote-callout":
            continue
        note = _answer(out, f.text, f.box.page)
        rid = _citing(rows, f.box)
        if note is not None and rid is not None and rid not in cited[note.index]:
            cited[note.index].append(rid)
    # typescript notes ("3/"): the callout is printed on the line, in the text ("Sea, 3/")
    for fn in out:
        if not TYPED_MARK.match(fn.mark):
            continue
        callout = regexcache.compile(rf"(?<![\w/]){regex.escape(fn.mark)}(?![\w/])")
        for r in rows:
            hit = r.page_start <= fn.page <= r.page_end and callout.search(r.text)
            if hit and r.id not in cited[fn.index]:
                cited[fn.index].append(r.id)
    for fn in out:
        fn.cited_by = tuple(sorted(cited[fn.index], key=order.__getitem__))
    return out


def _answer(footnotes: list[Footnote], mark: str, page: int) -> Footnote | None:
    same = [f for f in footnotes if f.mark.rstrip("/") == mark.rstrip("/")]
    here = [f for f in same if f.page <= page <= f.page_end]
    if here:
        return here[0]
    before = [f for f in same if f.page < page]
    if before:
        return before[-1]
    after = [f for f in same if f.page > page]
    return after[0] if after else None


def _citing(rows: Sequence[Record | Paragraph], box: Box) -> str | None:
    cx, cy = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
    best: tuple[float, str] | None = None
    for r in rows:
        for b in r.boxes:
            if b.page == box.page and b.x0 - REACH <= cx <= b.x1 + REACH and (
                b.top - 1 <= cy <= b.bottom + 1
            ):
                area = (b.x1 - b.x0) * (b.bottom - b.top)
                if best is None or area < best[0]:
                    best = (area, r.id)
    return best[1] if best is not None else None
