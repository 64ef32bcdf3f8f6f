"""Page-1 masthead segments (lines cut at wide gaps, fake bold undone); the symbol by position."""

from __future__ import annotations

from collections import Counter

from pipeline import regexcache
from pipeline.lang import normalize_text
from pipeline.model import Line, Word
from pipeline.records import dataclass
from pipeline.textnorm import join_words
from pipeline.vocab import SYMBOL_PATTERN

# --------------------------------------------------------------------------------------------
# Segments: a line cut at wide horizontal gaps (masthead columns share baselines)
# --------------------------------------------------------------------------------------------


@dataclass
class Segment:
    """A run of words of one page-1 line, set apart from the rest of the line by a wide gap."""

    line: int  # index into the input lines
    words: list[Word]
    text: str  # normalised, fake-bold repaired, callouts removed
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    used: bool = False

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


FOOTNOTE_MARK_RE = regexcache.compile(r"^[*†‡§]+$|^\(?[a-z\d]\)?$")
_MARK_TAIL_RE = regexcache.compile(r"\s*[*†‡]+$")
_MARK_INNER_RE = regexcache.compile(r"(?<=\w)[*†‡]+(?=\s|$)")


def _undouble(text: str) -> str | None:
    """``"NNAATTIIOONNSS"`` → ``"NATIONS"`` (fake bold printed twice); ``None`` if not doubled."""
    if len(text) < 2 or len(text) % 2:
        return None
    if text[0::2] == text[1::2]:
        return text[0::2]
    return None


def _repair_words(words: list[Word]) -> list[str]:
    """Word texts, with fake-bold doubling undone when every word of the run is doubled."""
    texts = [w.text for w in words]
    long_words = [t for t in texts if len(t) >= 2]
    if long_words and all(_undouble(t) for t in long_words):
        return [_undouble(t) or t for t in texts]
    return texts


def _dominant(words: list[Word]) -> tuple[float, bool]:
    sizes: Counter[float] = Counter()
    bold = 0
    total = 0
    for w in words:
        n = max(len(w.text), 1)
        sizes[round(w.size, 1)] += n
        total += n
        bold += n if w.bold else 0
    return sizes.most_common(1)[0][0], bold * 2 > total


def segments(lines: list[Line], gutter: float | None = None) -> list[Segment]:
    """The ``lines`` cut at wide horizontal gaps and at the ``gutter`` of a block set in two
    columns (:func:`~pipeline.parse.columns.shared_gutter`), top to bottom then left to right."""
    segs: list[Segment] = []
    for i, line in enumerate(lines):
        words = sorted(line.words, key=lambda w: w.x0)
        runs: list[list[Word]] = []
        for w in words:
            if runs:
                prev = runs[-1][-1]
                gap = w.x0 - prev.x1
                at_gutter = gutter is not None and prev.x1 <= gutter <= w.x0 and gap > 0.8 * min(
                    prev.size, w.size)
                if at_gutter or gap > max(2.5 * min(prev.size, w.size), 15.0):
                    runs.append([w])
                    continue
                runs[-1].append(w)
            else:
                runs.append([w])
        order = {id(w): k for k, w in enumerate(line.words)}
        for run in runs:
            run.sort(key=lambda w: order[id(w)])  # back in reading order (right to left too)
            body = [w for w in run if not w.sup] or run
            size, bold = _dominant(body)
            texts = _repair_words(body)
            text = normalize_text(join_words(texts, [w.spaced for w in body]))
            segs.append(
                Segment(
                    line=i,
                    words=run,
                    text=text,
                    x0=min(w.x0 for w in run),
                    x1=max(w.x1 for w in run),
                    top=min(w.top for w in run),
                    bottom=max(w.bottom for w in run),
                    size=size,
                    bold=bold,
                )
            )
    segs.sort(key=lambda s: (round(s.top, 0), s.x0))
    return segs


def body_text_size(segs: list[Segment]) -> float:
    """The most common font size of the segments' characters (the body text's)."""
    sizes: Counter[float] = Counter()
    for s in segs:
        for w in s.words:
            sizes[round(w.size, 1)] += len(w.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


#: a letter-spaced Chinese name: single CJK characters apart ("理 事 会", the ISBA Council)
_SPACED_CJK = regexcache.compile(r"^(?:\p{Han} )+\p{Han}$")


def clean_value(text: str) -> str:
    """Normalised value without trailing footnote marks; a letter-spaced Chinese name (every
    character a word of its own) closed up, as Chinese sets no space between words."""
    text = _MARK_INNER_RE.sub("", normalize_text(text))
    text = _MARK_TAIL_RE.sub("", text).strip()
    return text.replace(" ", "") if _SPACED_CJK.match(text) else text


# --------------------------------------------------------------------------------------------
# Symbol
# --------------------------------------------------------------------------------------------

_SYMBOL_CHARS = regexcache.compile(r"^[A-Za-z0-9./\-()*–]+$")
#: a whole symbol in one word (the UN grammar, :data:`pipeline.vocab.SYMBOL_PATTERN`)
FULL_SYMBOL = regexcache.compile(rf"^(?:{SYMBOL_PATTERN})$")
#: the year of a Security Council resolution, printed after the number: ``(2025)``
_YEAR_PART = regexcache.compile(r"^\([0-9]{4}\)\*?$")
_FIRST_SEGMENT = regexcache.compile(r"^[A-Z]{1,8}$")


def _word_text(w: Word) -> str:
    return _undouble(w.text) or w.text


def find_symbol(
    segs: list[Segment], body_size: float, page_width: float, page_height: float,
    rtl: bool = False,
) -> tuple[str | None, set[int]]:
    """The document symbol read from positions, and the ids of the words it consumed.

    The symbol ends the masthead's top row: on its right, or on its left in a right-to-left
    document (``rtl``), whose masthead is mirrored."""
    words = [(id(w), w) for s in segs for w in s.words]
    top_zone = page_height * 0.3

    def at_end(w: Word) -> bool:
        return w.x1 < page_width * 0.55 if rtl else w.x0 > page_width * 0.45

    bigs = [
        w for _, w in words
        if w.size >= body_size * 1.5 and w.top < top_zone and at_end(w)
        and _FIRST_SEGMENT.match(_word_text(w))
    ]
    bigs.sort(key=lambda w: (w.top, -w.x0))
    for big in bigs:
        parts = [big]
        last = big
        # the rest of the symbol, set small beside the first segment
        beside = [
            w for _, w in words
            if w is not big and w.size < big.size and w.top < big.bottom and w.bottom > big.top
            and -3.0 <= w.x0 - big.x1 <= 8.0 and _SYMBOL_CHARS.match(w.text)
        ]
        if beside:
            beside.sort(key=lambda w: w.x0)
            last = beside[0]
            parts.append(last)
            # continuation lines below ("A/HRC/WG.6/7/" + "ITA/1")
            while True:
                below = [
                    w for _, w in words
                    if w not in parts and abs(w.size - last.size) < 0.6
                    and 0 <= w.top - last.bottom <= 1.2 * last.size
                    and (abs(w.x0 - last.x0) <= 4.0 or abs(w.x0 - big.x0) <= 4.0)
                    and _SYMBOL_CHARS.match(w.text)
                    and (last.text.endswith(("/", "–")) or w.text.startswith(("/", "–")))
                ]
                if not below:
                    break
                last = min(below, key=lambda w: w.top)
                parts.append(last)
        symbol = _word_text(big) + "".join(w.text for w in parts[1:])
        year = _year_after(last, words)
        if year is not None and not symbol.endswith("*"):
            parts.append(year)
            symbol += " " + year.text
        symbol = symbol.rstrip("*")
        used = {id(w) for w in parts}
        if "/" not in symbol:
            # old templates: large letter alone, the full symbol in the distribution block
            full = [
                w for _, w in words
                if w.top < page_height * 0.35 and FULL_SYMBOL.match(w.text.rstrip("*"))
                and w.text.startswith(symbol + "/")
            ]
            if full:
                used.add(id(full[0]))
                symbol = full[0].text.rstrip("*")
        return symbol, used
    full = [
        w for _, w in words
        if w.top < page_height * 0.35 and at_end(w)
        and FULL_SYMBOL.match(w.text.rstrip("*"))
    ]
    if full:
        symbol, used = full[0].text, {id(full[0])}
        year = _year_after(full[0], words)
        if year is not None and not symbol.endswith("*"):
            symbol += " " + year.text
            used.add(id(year))
        return symbol.rstrip("*"), used
    return None, set()


def _year_after(last: Word, words: list[tuple[int, Word]]) -> Word | None:
    """The year of a Security Council resolution printed after its number, a space apart on
    the same line (``S/RES/2776`` ``(2025)*``), if there is one."""
    for _, w in words:
        if (w is not last and _YEAR_PART.match(w.text) and w.top < last.bottom
                and w.bottom > last.top and 0 <= w.x0 - last.x1 <= 2 * last.size):
            return w
    return None

