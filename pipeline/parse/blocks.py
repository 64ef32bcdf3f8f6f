"""Blocks stage: join body lines into headings and paragraphs, repair and normalise their text.

* Paragraph boundaries come from the document's own geometry: its line spacing (a larger gap
  starts a block), its right margin (a short line ends a paragraph), labels at line start
  ("12.", "a)", "(a)", "(i)", "IV.") and bold headings. A paragraph continues across a page
  or column break when the page or column ended on a full line or mid-sentence and the next
  one opens unlabelled.
* Line-end hyphens are kept or removed from evidence inside the document (the hyphenated or the
  joined form seen elsewhere, both halves being words of the document, capitalised second
  halves), falling back on whether the document shows automatic hyphenation at all.
* Letter-spaced words (``ONU DC``) are rejoined from the glyph stream's spaces (the evidence
  rules are in :mod:`pipeline.parse.evidence`).
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from dataclasses import replace

from pipeline import regexcache
from pipeline.lang import MODULES, int_to_roman
from pipeline.model import Block, Layout, Line, Repair, Word, union_by_page
from pipeline.parse.evidence import Evidence, letter_spacing
from pipeline.read.bidi import line_is_rtl
from pipeline.records import dataclass
from pipeline.textnorm import WORDS, join_words, joins_without_space, line_end_cut, normalize

LABEL_NUM = regexcache.compile(r"^(\d{1,3}|[1-9]\d{3})\.$")
#: decimal and multi-level numbers: "121.1", "3.2.4", "1.1." (a paragraph under paragraph 121)
LABEL_DEC = regexcache.compile(r"^((?:[1-9]\d{0,2})(?:\.\d{1,3}){1,3})\.?$")
#: right-to-left documents number paragraphs with a dash: "١ -", "1-" (any decimal digits)
LABEL_NUM_DASH = regexcache.compile(r"^(\d{1,3}) ?[-\u2010\u2011\u2013]$")
#: and decimal paragraphs with a dash: "٢٧-٣" (paragraph 3 of clause 27, the place of "27.3")
LABEL_DEC_DASH = regexcache.compile(r"^(\d{1,3})[-\u2010\u2011\u2013](\d{1,3})$")
#: and nested items with a number between single quotes: "’١‘" ('١' once normalised), the
#: place of "(i)" in left-to-right documents
LABEL_QUOTED = regexcache.compile(r"^'(\d{1,2})'$")
#: Chinese heading labels: "一、" (the place of "I.") and "（一）" (of "A.")
_ZH = MODULES["zh"]
LABEL_ZH_ROMAN = regexcache.compile(_ZH.HEADING_ROMAN_LABEL)
LABEL_ZH_CAP = regexcache.compile(_ZH.HEADING_LETTER_LABEL)
#: Arabic heading labels, a word and a dash: "أولا -" (the place of "I."), "ألف -" (of "A.")
_AR = MODULES["ar"]
LABEL_AR_HEADING = regexcache.compile(
    rf"^({'|'.join(_AR.HEADING_ROMANS + _AR.HEADING_LETTERS)}) ?[-\u2010\u2011\u2013]$"
)
#: Chinese nested items: a parenthesised ideograph number (㈠ ㈡ …)
LABEL_IDEOGRAPH = regexcache.compile(r"^([\u3220-\u3229])$")
LABEL_LETTER = regexcache.compile(
    r"^(?:([a-zа-яё]{1,2})\)|\(([a-zа-яё]{1,2}|\p{Script=Arabic}\u0640?)\))$"
)
LABEL_ROMAN_SMALL = regexcache.compile(r"^\(?([ivxl]{1,5})\)$")
LABEL_ROMAN = regexcache.compile(r"^([IVXLC]{1,7})\.$")
LABEL_CAP = regexcache.compile(r"^([A-Z])\.$")
#: a draft's paragraph under two alternative numberings, each in square brackets: "[4][2]."
#: (its number if one option is kept, and if the other is); read as kind "alt", value "4 2"
LABEL_ALT = regexcache.compile(r"^\[(\d{1,3})\]\[(\d{1,3})\]\.$")
#: a paragraph number after a bracketed prefix in capitals naming the body or option the
#: paragraph belongs to: "(ALL)1.", "(ABS)9.1" (draft terms of reference for several bodies)
LABEL_PREFIXED = regexcache.compile(r"^\(([A-Z][A-Z0-9]{1,9})\)(\d.*)$")
#: the commas that end a block whose sentence runs on into the next paragraph (a decision's
#: lead-in "The General Assembly,", "إن الجمعية …،", "理事会，"): Latin, Arabic, full-width
RUNS_ON = (",", "\u060c", "\uff0c")
END_PUNCT = regexcache.compile(r"[.:;!?»”\"')\]\u061b\u061f\u3002\uff1a\uff1b\uff01\uff1f]$")


@dataclass(slots=True)
class Geometry:
    """Measurements of the body text, learned from the document itself."""

    size: float
    leading: float
    right: float
    left: float
    #: the paragraph first-line indent (from a paragraph's first line to its second), when the
    #: document indents its paragraphs; ``None`` when it sets them flush or shows no evidence
    indent: float | None = None


def measure(lines: list[Line], size: float) -> Geometry:
    body = [ln for ln in lines if abs(ln.size - size) < 0.6 and not ln.bold]
    if not body:
        body = lines
    rights = Counter(round(ln.x1) for ln in body)
    lefts = Counter(round(ln.x0) for ln in body)
    right = float(rights.most_common(1)[0][0]) if rights else 500.0
    left = float(lefts.most_common(1)[0][0]) if lefts else 60.0
    # the line step inside paragraphs; in a list of one-line items the most common step is the
    # paragraph spacing, so only steps a leading can plausibly have (≤ 1.45 × size) count
    steps: Counter[int] = Counter()
    for a, b in zip(body, body[1:], strict=False):
        if a.page == b.page and 0.9 * size < b.top - a.top <= 1.45 * size:
            steps[round((b.top - a.top) * 2)] += 1
    leading = steps.most_common(1)[0][0] / 2 if steps else size * 1.2
    geo = Geometry(size, leading, right, left)
    geo.indent = paragraph_indent(body, geo)
    return geo


def paragraph_indent(body: list[Line], geo: Geometry) -> float | None:
    """The document's paragraph first-line indent, learned inside pages.

    A paragraph opens after a short line ending a sentence or clause; its indent is its first
    line's left edge minus its second line's (the column's left edge, whatever the column),
    the two lines on the same page, one leading apart, the first full. Labelled first lines
    (hanging labels, indented numbers) give no evidence. The indent counts only when indented
    paragraphs outnumber flush ones (justified text setting every paragraph flush left shows
    none) and are seen at least twice.
    """
    indents: Counter[int] = Counter()
    flush = 0
    for a, b, c in zip(body, body[1:], body[2:], strict=False):
        if not (a.page == b.page == c.page and a.top < b.top < c.top):
            continue
        if abs(c.top - b.top - geo.leading) > 0.25 * geo.size or line_is_rtl(b):
            continue
        if not line_is_short(a, geo) or _clause_end(a) is None or line_is_short(b, geo):
            continue
        if line_label(b) is not None:
            continue
        shift = b.x0 - c.x0
        if abs(shift) < 0.3 * geo.size:
            flush += 1
        elif geo.size <= shift <= 8 * geo.size:
            indents[round(shift * 2)] += 1
    if not indents:
        return None
    value, seen = indents.most_common(1)[0]
    if seen < 2 or sum(indents.values()) <= flush:
        return None
    return value / 2


def _clause_end(line: Line) -> str | None:
    """The punctuation closing a sentence or a clause at the end of ``line`` (``,`` too: a
    preambular paragraph ends with a comma), or ``None``."""
    last = line.words[-1].text if line.words else ""
    if END_PUNCT.search(last) or last.endswith((",", "،", "，", "、")):
        return last[-1]
    return None


@functools.lru_cache(maxsize=1 << 16)  # pure, and called for the same first words over and over
def parse_label(text: str) -> tuple[str, str] | None:
    """Classify a line's first word as a label: ("num"|"dec"|"letter"|"roman"|"ROMAN"|"CAP",
    value).

    A number's value keeps its digits as printed (``"١"``): ``int()`` reads every decimal digit.
    """
    if m := LABEL_ALT.match(text):
        return "alt", f"{m.group(1)} {m.group(2)}"
    if m := LABEL_PREFIXED.match(text):
        # "(ABS)9.1": the number after the prefix (see :func:`label_prefix`)
        lab = parse_label(m.group(2))
        return lab if lab is not None and lab[0] in ("num", "dec") else None
    if text.startswith("[") and len(text) > 1:
        # "[9. Also decides …]": a draft's paragraph under negotiation is still paragraph 9;
        # the bracket belongs to its text (see :func:`assemble`)
        lab = parse_label(text[1:])
        return lab if lab is not None and lab[0] in ("num", "dec", "letter", "roman") else None
    if text.endswith(").") and len(text) > 2:
        # "(b).", "b).": a stray full stop after a closed item label leaves it that label
        lab = parse_label(text[:-1])
        return lab if lab is not None and lab[0] in ("letter", "roman") else None
    if m := LABEL_NUM.match(text) or LABEL_NUM_DASH.match(text):
        return "num", m.group(1)
    if text == "l.":
        return "num", "1"  # a typewriter's "l" for the digit one ("l. States Parties shall …")
    if m := LABEL_DEC.match(text):
        return "dec", m.group(1)
    if m := LABEL_DEC_DASH.match(text):
        return "dec", f"{int(m.group(1))}.{int(m.group(2))}"
    if m := LABEL_ROMAN.match(text):
        return "ROMAN", m.group(1)
    if m := LABEL_CAP.match(text):
        return "CAP", m.group(1)
    if m := LABEL_ROMAN_SMALL.match(text):
        return "roman", m.group(1)
    if m := LABEL_QUOTED.match(text):
        return "roman", int_to_roman(int(m.group(1))).lower()
    if (m := LABEL_ZH_ROMAN.match(text)) and (n := _ZH.numeral_value(m.group(1))):
        return "ROMAN", int_to_roman(n)
    if (m := LABEL_ZH_CAP.match(text)) and (n := _ZH.numeral_value(m.group(1))) and n <= 26:
        return "CAP", chr(ord("A") + n - 1)
    if m := LABEL_AR_HEADING.match(text):
        word = m.group(1)
        if word in _AR.HEADING_ROMANS:
            return "ROMAN", int_to_roman(_AR.HEADING_ROMANS.index(word) + 1)
        return "CAP", chr(ord("A") + _AR.HEADING_LETTERS.index(word))
    if m := LABEL_IDEOGRAPH.match(text):
        # "㈠" (U+3220…3229, parenthesised ideographs one to ten): the nested level of "(i)"
        return "roman", int_to_roman(int(unicodedata.numeric(m.group(1)))).lower()
    if m := LABEL_LETTER.match(text):
        return "letter", m.group(1) or m.group(2)
    return None


def label_prefix(label: str | None) -> str | None:
    """The bracketed prefix of a paragraph label ("ABS" of "(ABS)9.1"), or ``None``."""
    m = LABEL_PREFIXED.match(label) if label else None
    return m.group(1) if m and parse_label(label or "") is not None else None


def label_words(line: Line) -> int:
    """How many of the line's first words are its label (0: none).

    A label is the first word (``12.``, ``(a)``); in a right-to-left line the paragraph number
    and its dash may be two words (``١ -``); dash, dashed decimal (``٢٧-٣``) and quoted-number
    labels (``’١‘``) are read only in right-to-left lines.
    """
    if len(line.words) < 2 or line.words[0].sup:
        return 0
    first = WORDS[line.words[0].text]
    lab = parse_label(first)
    # the reading direction matters only to a first word that may open a two-word label (a
    # number, an Arabic heading word: never plain ASCII) or that is a dashed or quoted label;
    # any other line is answered without it
    two_words = len(line.words) > 2 and (first.isdecimal() or not first.isascii())
    rtl_only = lab is not None and (LABEL_NUM_DASH.match(first) or LABEL_QUOTED.match(first)
                                    or LABEL_DEC_DASH.match(first))
    if not two_words and not rtl_only:
        return 0 if lab is None else 1
    rtl = line_is_rtl(line)
    if rtl and two_words:
        two = f"{first} {WORDS[line.words[1].text]}"
        if (first.isdecimal() and LABEL_NUM_DASH.match(two)) or LABEL_AR_HEADING.match(two):
            return 2
    if lab is None or (not rtl and rtl_only):
        return 0
    return 1


def label_text(line: Line) -> str:
    """The label of a line as printed (its label words, normalised), or ``""``."""
    return normalize(" ".join(w.text for w in line.words[: label_words(line)]))


def line_label(line: Line) -> tuple[str, str] | None:
    n = label_words(line)  # once: :func:`label_text` would count them again
    if n == 1:  # one word: its text joined alone is itself
        return parse_label(WORDS[line.words[0].text])
    return parse_label(normalize(" ".join(w.text for w in line.words[:n]))) if n else None


def line_is_short(line: Line, geo: Geometry) -> bool:
    """The line ends before the measure's end: the right margin, or the left one when the
    line reads right to left."""
    if line_is_rtl(line):
        return line.x0 > geo.left + 1.5 * geo.size
    return line.x1 < geo.right - 1.5 * geo.size




def _is_heading(line: Line, size: float) -> bool:
    """A bold line in body size or larger, bold to its end: a paragraph opening with a bold
    run-in title ("86. Alternative conflict resolution mechanisms: The Investigations Section
    will") is mostly bold but runs on in roman type."""
    if not (line.bold and line.size >= size * 0.9):
        return False
    last = next((w for w in reversed(line.words) if not w.sup), None)
    return last is None or last.bold


def _starts_block(
    prev: Line, line: Line, geo: Geometry, prev_block_heading: bool,
    block_first: Line | None = None,
) -> bool:
    """Whether ``line`` opens a new block after ``prev`` (both body lines); ``block_first``:
    the first line of the block ``prev`` ends."""
    heading = _is_heading(line, geo.size)
    if heading != prev_block_heading:
        return True
    if heading:
        # a heading never runs on across a page break, and a label opens a new one
        return line.page != prev.page or line_label(line) is not None or _gap_break(
            prev, line, geo
        )
    if line.page != prev.page or line.top < prev.top - 0.5 * geo.size:
        # a page break, or a column break (the next column starts higher on the page)
        if line.page != prev.page and abs(line.size - prev.size) > 0.15 * geo.size:
            return True  # a page opening in another size ("Annex I" set larger) starts afresh
        label = line_label(line)
        full = not line_is_short(prev, geo)
        mid_sentence = not END_PUNCT.search(prev.words[-1].text)
        # a label opens a block after a closed sentence, or after a short line (the end of a
        # paragraph or of a list entry such as "Japan, Nepal, Senegal")
        if label is not None and (not mid_sentence or not full):
            return True
        if label is None and _opens_indented(prev, line, geo, block_first):
            return True
        return not (full or mid_sentence)
    if _gap_break(prev, line, geo):
        return True
    label = line_label(line)
    if label is None:
        return False
    prev_short = line_is_short(prev, geo)
    prev_closed = END_PUNCT.search(prev.words[-1].text) is not None
    return prev_short or (prev_closed and label[0] in ("letter", "roman", "num", "dec", "alt"))


def _opens_indented(
    prev: Line, line: Line, geo: Geometry, block_first: Line | None
) -> bool:
    """At a page or column break, an unlabelled ``line`` set at the document's paragraph indent
    from the left edge of the block ``prev`` ends, after a line closing a sentence or clause,
    opens a new paragraph (a continuation would be flush with that edge).

    The block's left edge is where its continuation lines start (``prev``, unless it is the
    block's first line); a one-line block gives none, nor does a right-to-left line. A block
    whose lines start where ``line`` does (text hanging after a label) goes on.
    """
    if geo.indent is None or _clause_end(prev) is None or line_is_rtl(line):
        return False
    if block_first is None or prev is block_first or line_label(prev) is not None:
        return False
    edge = prev.x0
    tol = 0.3 * geo.size
    if block_first.x0 < edge - tol:
        return False  # the block hangs its lines after a label or outdented opening
    return abs(line.x0 - edge - geo.indent) < tol


def _gap_break(prev: Line, line: Line, geo: Geometry) -> bool:
    """White space above ``line``: it sits more than a leading below ``prev`` by its top, and
    when the two lines have one size also by its foot (a glyph with a tall box, such as a
    bracket from a fallback font in an Arabic line, raises one line's top, not its foot)."""
    if line.page != prev.page:
        return False
    step = line.top - prev.top
    if abs(line.size - prev.size) < 0.05:
        step = min(step, line.bottom - prev.bottom)
    return step > geo.leading * 1.3


def join_tabbed_labels(lines: list[Line], size: float) -> list[Line]:
    """Rejoin a label set apart by a wide tab ("IV." ... "Quatrième réunion") with the text on
    its row: the loader splits a row at wide gaps, which separates them."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (
            nxt is not None
            and len(ln.words) == 1
            and parse_label(WORDS[ln.words[0].text]) is not None
            and nxt.page == ln.page
            and abs(nxt.top - ln.top) < 0.5 * size
            and nxt.x0 > ln.x1
        ):
            first = nxt.words[0]._replace(gap_before=round(nxt.x0 - ln.x1, 2))
            out.append(
                replace(
                    nxt,
                    words=(ln.words[0], first, *nxt.words[1:]),
                    x0=ln.x0,
                    top=min(ln.top, nxt.top),
                    bottom=max(ln.bottom, nxt.bottom),
                )
            )
            i += 2
            continue
        out.append(ln)
        i += 1
    return out


def group_lines(lines: list[Line], geo: Geometry) -> list[list[Line]]:
    groups: list[list[Line]] = []
    for ln in lines:
        if not groups:
            groups.append([ln])
            continue
        prev = groups[-1][-1]
        heading = _is_heading(groups[-1][0], geo.size)
        if _starts_block(prev, ln, geo, heading, groups[-1][0]):
            groups.append([ln])
        else:
            groups[-1].append(ln)
    return groups


def _spaced_words(words: list[Word], evidence: Evidence) -> bool:
    """The PDF draws space glyphs, one before every word after the first, and no word after
    the first is raised: no word joins the one before it (see :func:`_line_pieces`)."""
    return evidence.draws_spaces and all(w.spaced and not w.sup for w in words[1:])


def _line_pieces(
    ln: Line, words: list[Word], norm: list[str], geo: Geometry, evidence: Evidence,
    repairs: list[Repair],
) -> tuple[list[str], list[bool]]:
    """A body line's pieces of text (``words``, ``norm`` their normalised texts), and whether
    a space glyph is drawn before each: a raised ordinal suffix joins the word before it, and
    a word printed letter-spaced is joined (a repair recorded in ``repairs``)."""
    pieces_line: list[str] = []
    spaced_line: list[bool] = []  # a space glyph drawn before each piece
    i = 0
    while i < len(words):
        w = words[i]
        text = norm[i]
        if w.sup and pieces_line and w.gap_before < 0.25 * ln.size:
            pieces_line[-1] += text  # ordinal suffix such as 1er, XVIIIe
            i += 1
            continue
        if i + 1 < len(words) and not words[i + 1].sup and not (
            words[i + 1].spaced and evidence.draws_spaces  # a word boundary drawn
        ):
            nxt = norm[i + 1]
            why = letter_spacing(words, i + 1, text, nxt, geo.size, evidence)
            if why:
                repairs.append(
                    Repair(
                        "letter-spacing",
                        f"{text} {nxt}",
                        text + nxt,
                        w.box(ln.page).union(words[i + 1].box(ln.page)),
                        why,
                    )
                )
                pieces_line.append(text + nxt)
                spaced_line.append(w.spaced)
                i += 2
                continue
        pieces_line.append(text)
        spaced_line.append(w.spaced)
        i += 1
    return pieces_line, spaced_line


def join_cut(text: str, nxt: str, cut: tuple[str, str], line: Line, evidence: Evidence,
             repairs: list[Repair]) -> str:
    """``text`` and the next line ``nxt`` joined at the word cut by ``line``'s line-end hyphen
    (:func:`~pipeline.textnorm.line_end_cut`: its two halves), with no space: the hyphen
    kept, or dropped as the typesetter's when the evidence says so (a dehyphenation repair,
    at the hyphen's box)."""
    left, right = cut
    keep, why = evidence.decide_hyphen(left, right, line.words[-1].text[-1:])
    if keep:
        return text[:-1] + "-" + nxt
    box = line.words[-1].box(line.page)
    repairs.append(Repair("dehyphenation", f"{left}-{right}", left + right, box, why))
    return text[:-1] + nxt


def assemble(
    group: list[Line], geo: Geometry, evidence: Evidence, repairs: list[Repair]
) -> Block:
    """Turn a group of lines into one block with clean text."""
    first = group[0]
    label = line_label(first)
    heading = _is_heading(first, geo.size)
    # a heading may be a lone label line ("IV.") followed by its text on the same row
    pieces: list[str] = []
    for li, ln in enumerate(group):
        words = list(ln.words)
        if li == 0 and label is not None:
            words = words[label_words(first):]
        norm = [WORDS[w.text] for w in words]  # each word's once (also read as "next")
        if _spaced_words(words, evidence):
            # each word is a piece of its own (what :func:`_line_pieces` gives such a line)
            pieces_line, spaced_line = norm, [w.spaced for w in words]
        else:
            pieces_line, spaced_line = _line_pieces(ln, words, norm, geo, evidence, repairs)
        line_text = join_words(pieces_line, spaced_line)
        if not pieces:
            pieces.append(line_text)
            continue
        prev_text = pieces[-1]
        cut = line_end_cut(prev_text, line_text)
        if cut is not None:
            pieces[-1] = join_cut(prev_text, line_text, cut, group[li - 1], evidence, repairs)
            continue
        sep = "" if joins_without_space(prev_text, line_text) else " "
        pieces[-1] = prev_text + sep + line_text
    text = normalize(pieces[0] if pieces else "")
    printed = label_text(first) if label is not None else None
    if printed is not None and printed.startswith("[") and label is not None and (
        label[0] != "alt"
    ):
        # the opening bracket of a bracketed draft paragraph stays in its text, as printed
        printed = printed[1:]
        text = "[" + text
    boxes = union_by_page([ln.box for ln in group])
    # a block ending in a comma runs on into the next paragraph: no UN template ends a heading
    # so, whatever its setting (the Arabic lead-in "إن جمعية … البحار،" set in bold italics)
    is_heading = heading and not text.rstrip().endswith(RUNS_ON)
    return Block(
        kind="heading" if is_heading else "paragraph",
        label=printed,
        text=text,
        lines=group,
        boxes=boxes,
        indent=first.x0,
        bold=heading,
        italic=first.italic,
    )


def rejoin_wrapped_label(group: list[Line], size: float) -> list[Line]:
    """A heading whose label wraps: its first line holds one word, no label by itself, which
    with the next line's first word is one ("خامسا" then "- الاجتماع الخامس ..."); the two lines
    are read as one line (their words in reading order), the label at its start."""
    if len(group) < 2 or len(group[0].words) != 1 or not _is_heading(group[0], size):
        return group
    first, second = group[0], group[1]
    if first.page != second.page or line_label(first) is not None:
        return group
    joined = replace(second, words=(first.words[0], *second.words),
                     x0=min(first.x0, second.x0), x1=max(first.x1, second.x1),
                     top=min(first.top, second.top), bottom=max(first.bottom, second.bottom))
    if line_label(joined) is None:
        return group
    return [joined, *group[2:]]


#: the first label of each nested level a label may open at once on its line: a numbered
#: paragraph its lettered item ("1. (a) …"), a lettered item its roman one ("(a) (i) …")
_OPENS_DEEPER = {"num": "letter", "dec": "letter", "letter": "roman"}
_FIRST_OF = {"letter": ("a", "а", "أ"), "roman": ("i",)}


def _line_of(line: Line, words: tuple[Word, ...]) -> Line:
    """``line`` cut down to ``words`` (its box shrunk to theirs)."""
    return replace(
        line, words=words, x0=min(w.x0 for w in words), x1=max(w.x1 for w in words),
    )


def _opens_no_label(text: str) -> bool:
    """A line opening with a word of this text has no label (:func:`label_words` is 0): the
    word is no label and opens no two-word one (a number, or a word not in plain ASCII)."""
    word = WORDS[text]
    return parse_label(word) is None and word.isascii() and not word.isdecimal()


def split_run_in_label(block: Block) -> list[Block]:
    """A labelled block whose first line goes on at once with the first label of the next
    level ("(a) (i) The conversion …", "1. (a) …", "a) i) …") is two blocks: the outer label
    alone, with an empty text (the lead-in of the items that follow it), and the inner item
    holding the text. Any other block is returned as it is."""
    if block.label is None or block.kind != "paragraph":
        return [block]
    outer = parse_label(block.label)
    if outer is None or outer[0] not in _OPENS_DEEPER:
        return [block]
    first = block.lines[0]
    n = label_words(first)
    if n == 0 or len(first.words) - n < 2:
        return [block]
    if _opens_no_label(first.words[n].text):
        return [block]  # no inner label: the rest of the line need not be made
    rest = _line_of(first, first.words[n:])
    m = label_words(rest)
    inner = line_label(rest) if m else None
    deeper = _OPENS_DEEPER[outer[0]]
    if inner is None or inner[0] != deeper or inner[1] not in _FIRST_OF[deeper]:
        return [block]
    printed = label_text(rest)
    if not block.text.startswith(printed):
        return [block]
    head_line = _line_of(first, first.words[:n])
    inner_block = Block(
        kind=block.kind,
        label=printed,
        text=block.text[len(printed):].lstrip(),
        lines=[rest, *block.lines[1:]],
        boxes=union_by_page([rest.box, *(ln.box for ln in block.lines[1:])]),
        indent=rest.x0,
        bold=block.bold,
        italic=rest.italic,
    )
    head = Block(block.kind, block.label, "", [head_line], [head_line.box], block.indent,
                 block.bold, block.italic)
    return [head, *split_run_in_label(inner_block)]


def body_evidence(layout: Layout, language: str | None = None) -> Evidence:
    """The evidence for the text repairs of a layout's body text (its lines, labels set apart
    by a tab rejoined, and their words counted; whether it hyphenates automatically:
    :class:`~pipeline.parse.evidence.Evidence`), which :func:`build_blocks` and the
    footnotes' line joins go by."""
    lines = join_tabbed_labels(layout.body, layout.body_size)
    every_line = [ln for page in layout.source.pages for ln in page.lines]
    evidence = Evidence(lines, every_line, language)
    evidence.calibrate(lines)
    return evidence


def build_blocks(
    layout: Layout, language: str | None = None, evidence: Evidence | None = None,
) -> tuple[list[Block], list[Repair]]:
    """Group the body lines of a layout into blocks with repaired, normalised text
    (``language``: the document's, for the dictionaries of :mod:`pipeline.parse.dictionary`;
    ``evidence``: :func:`body_evidence` of the layout, made here when not given)."""
    if evidence is None:
        evidence = body_evidence(layout, language)
    lines = evidence.lines  # the body lines, labels set apart by a tab rejoined
    geo = measure(lines, layout.body_size)
    repairs: list[Repair] = []
    blocks = [
        part
        for g in group_lines(lines, geo)
        for part in split_run_in_label(
            assemble(rejoin_wrapped_label(g, geo.size), geo, evidence, repairs)
        )
    ]
    return blocks, repairs
