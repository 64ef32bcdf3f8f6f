"""Read the page-1 masthead of a UN document (symbol, distribution, organ, title) into metadata."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex

from pipeline.lang import (
    guess_language,
    is_distribution_line,
    language_from_name,
    language_line,
    normalize_text,
    organ_language,
    parse_distribution,
    resolution_adopted_language,
    un_name_language,
)
from pipeline.model import DocumentMeta, Line, Word
from pipeline.parse.dates import find_date_range, parse_date
from pipeline.parse.headings import parse_meeting_heading


@dataclass
class FrontMatter:
    """Metadata read from page 1 and the split of page-1 lines into front matter and the rest."""

    meta: DocumentMeta
    #: the page-1 lines consumed as front matter, in the order given
    masthead: list[Line] = field(default_factory=list)
    #: the remaining page-1 lines, in the order given (reading order)
    rest: list[Line] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Segments: a line cut at wide horizontal gaps (masthead columns share baselines)
# --------------------------------------------------------------------------------------------


@dataclass
class _Seg:
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


_FOOTNOTE_MARK_RE = regex.compile(r"^[*†‡§]+$|^\(?[a-z\d]\)?$")
_MARK_TAIL_RE = regex.compile(r"\s*[*†‡]+$")
_MARK_INNER_RE = regex.compile(r"(?<=\w)[*†‡]+(?=\s|$)")


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


def _segments(lines: list[Line]) -> list[_Seg]:
    segs: list[_Seg] = []
    for i, line in enumerate(lines):
        words = sorted(line.words, key=lambda w: w.x0)
        runs: list[list[Word]] = []
        for w in words:
            if runs:
                prev = runs[-1][-1]
                if w.x0 - prev.x1 > max(2.5 * min(prev.size, w.size), 15.0):
                    runs.append([w])
                    continue
                runs[-1].append(w)
            else:
                runs.append([w])
        for run in runs:
            body = [w for w in run if not w.sup] or run
            size, bold = _dominant(body)
            texts = _repair_words(body)
            text = normalize_text(" ".join(texts))
            segs.append(
                _Seg(
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


def _body_size(segs: list[_Seg]) -> float:
    sizes: Counter[float] = Counter()
    for s in segs:
        for w in s.words:
            sizes[round(w.size, 1)] += len(w.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _clean_value(text: str) -> str:
    """Normalised value without trailing footnote marks."""
    text = _MARK_INNER_RE.sub("", normalize_text(text))
    return _MARK_TAIL_RE.sub("", text).strip()


# --------------------------------------------------------------------------------------------
# Symbol
# --------------------------------------------------------------------------------------------

_SYMBOL_CHARS = regex.compile(r"^[A-Za-z0-9./\-()*]+$")
_FULL_SYMBOL = regex.compile(r"^[A-Z]{1,8}(?:/[A-Za-z0-9.\-()]+)+$")
_FIRST_SEGMENT = regex.compile(r"^[A-Z]{1,8}$")


def _word_text(w: Word) -> str:
    return _undouble(w.text) or w.text


def _find_symbol(
    segs: list[_Seg], body_size: float, page_width: float, page_height: float
) -> tuple[str | None, set[int]]:
    """The document symbol read from positions, and the ids of the words it consumed."""
    words = [(id(w), w) for s in segs for w in s.words]
    top_zone = page_height * 0.3
    bigs = [
        w for _, w in words
        if w.size >= body_size * 1.5 and w.top < top_zone and w.x0 > page_width * 0.45
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
                    and (last.text.endswith("/") or w.text.startswith("/"))
                ]
                if not below:
                    break
                last = min(below, key=lambda w: w.top)
                parts.append(last)
        symbol = _word_text(big) + "".join(w.text for w in parts[1:])
        symbol = symbol.rstrip("*")
        used = {id(w) for w in parts}
        if "/" not in symbol:
            # old templates: large letter alone, the full symbol in the distribution block
            full = [
                w for _, w in words
                if w.top < page_height * 0.35 and _FULL_SYMBOL.match(w.text.rstrip("*"))
                and w.text.startswith(symbol + "/")
            ]
            if full:
                used.add(id(full[0]))
                symbol = full[0].text.rstrip("*")
        return symbol, used
    full = [
        w for _, w in words
        if w.top < page_height * 0.35 and w.x0 > page_width * 0.45
        and _FULL_SYMBOL.match(w.text.rstrip("*"))
    ]
    if full:
        return full[0].text.rstrip("*"), {id(full[0])}
    return None, set()


# --------------------------------------------------------------------------------------------
# Left-column lines under the masthead
# --------------------------------------------------------------------------------------------

_ITEM = (
    r"\d+[a-z]?(?:\s?\([a-z]{1,6}\))*"
    r"(?:(?:,\s?|\s(?:et|and|y|и|to|à|a|al|au|à|–|-)\s)\d+[a-z]?(?:\s?\([a-z]{1,6}\))*)*"
)
_AGENDA_RES = [
    # fr
    regex.compile(rf"^points?\s(?P<item>{_ITEM})\s(?:de\sl'ordre\sdu\sjour|de\sl'ordre\s"
                  rf"du\sjour\sprovisoire)", regex.I),
    regex.compile(rf"^points?\s(?P<item>{_ITEM})\sde\sl'ordre\sdu\sjour", regex.I),
    # en
    regex.compile(rf"^(?:provisional\s)?agenda\sitems?\s(?P<item>{_ITEM})", regex.I),
    regex.compile(rf"^items?\s(?P<item>{_ITEM})\sof\sthe\s(?:provisional\s)?(?:preliminary\s)?"
                  rf"(?:list|agenda)", regex.I),
    # es
    regex.compile(rf"^temas?\s(?P<item>{_ITEM})\sdel\sprograma", regex.I),
    regex.compile(rf"^(?:tema|temas)\sdel\sprograma(?:\sprovisional)?\s(?P<item>{_ITEM})", regex.I),
    # ru
    regex.compile(rf"^пункты?\s(?P<item>{_ITEM})\s(?:предварительной\s)?повестки\sдня", regex.I),
    # ar, zh
    regex.compile(rf"^البند\s(?P<item>{_ITEM})\sمن\sجدول\sالأعمال", regex.I),
    regex.compile(rf"^(?:临时)?议程项目\s?(?P<item>{_ITEM})", regex.I),
]
_AGENDA_LANG = ["fr", "fr", "en", "en", "es", "es", "ru", "ar", "zh"]

_SESSION_RE = regex.compile(
    r"\b(?:session|sessions|réunion|reunion|meeting|período\sde\ssesiones|periodo\sde\ssesiones|"
    r"reunión|сессия|совещание|دورة|الدورة|届会)\b",
    regex.I,
)
_LABEL_RE = regex.compile(r"^(?:[IVXLC]+|[A-Z]|\d+|[a-z])[.)]\s")
_RESOLUTION_RE = regex.compile(r"^(?P<num>\d+/\d+(?:\s?[A-Z])?)\.\s+(?P<title>.+)$")
_RESOLUTION_NUMBER_RE = regex.compile(r"^\d+/\d+(?:\s?[A-Z])?\.$")
_CONTINUES_RE = regex.compile(
    r"(?:\b(?:à|a|de|des|du|la|le|les|of|the|and|on|for|et|in|en|del|y|para|sobre|по|для|и|в|"
    r"против|contre|sur|against)|[,\-])$",
    regex.I,
)


def _agenda(text: str) -> tuple[str, str] | None:
    flat = text.replace("\u2019", "'")
    for pattern, code in zip(_AGENDA_RES, _AGENDA_LANG, strict=True):
        m = pattern.match(flat)
        if m:
            return _clean_value(m.group("item")), code
    return None


def _is_session_line(text: str) -> bool:
    if parse_meeting_heading(text) is not None:
        return True
    if not _SESSION_RE.search(text) or len(text) >= 90 or text.endswith("."):
        return False
    # "Session de fond de 2019", "2019 session", "Reprise de la septième session"
    return bool(regex.search(r"\d|^(?:reprise|resumed|continuaci[oó]n|возобновленная)\b",
                             text, regex.I))


def _is_place_date(text: str) -> bool:
    found = find_date_range(text)
    if found is None:
        return False
    head = text[: found.span[0]].strip(" ,")
    # "Vienne, 11-13 septembre 2019", "4–15 November 2019", "New York, 10–14 February 2025"
    return len(head.split()) <= 4 and len(text) - found.span[1] <= 3


def _join_units(segs: list[_Seg]) -> list[str]:
    """Lines of one name wrapped over several lines → one string; different names apart."""
    units: list[str] = []
    prev: _Seg | None = None
    for s in segs:
        text = _clean_value(s.text)
        if not text:
            continue
        same_style = prev is not None and abs(prev.size - s.size) < 0.6 and prev.bold == s.bold
        if (
            prev is not None
            and units
            and same_style
            and (text[:1].islower() or _CONTINUES_RE.search(units[-1]))
        ):
            units[-1] = units[-1] + " " + text
        else:
            units.append(text)
        prev = s
    return units


# --------------------------------------------------------------------------------------------
# Main entry point
# --------------------------------------------------------------------------------------------


def read_front_matter(
    lines: list[Line], page_width: float, page_height: float, job_language: str | None = None
) -> FrontMatter:
    """Split the page-1 ``lines`` into front matter and the rest, reading the metadata.

    ``lines`` are page 1's lines top to bottom, footer and footnote lines already removed.
    ``job_language`` is the language of the job-number suffix (``(F)`` → ``"fr"``), used when
    the distribution block has no language line."""
    meta = DocumentMeta()
    segs = _segments(lines)
    if not segs:
        return FrontMatter(meta, [], list(lines))
    body_size = _body_size(segs)

    # -- the symbol ---------------------------------------------------------------------------
    symbol, symbol_words = _find_symbol(segs, body_size, page_width, page_height)
    meta.symbol = symbol
    for s in segs:
        if s.words and all(id(w) in symbol_words for w in s.words):
            s.used = True

    top_zone = page_height * 0.35
    header_bottom = 0.0
    for s in segs:
        if any(id(w) in symbol_words for w in s.words):
            header_bottom = max(header_bottom, s.bottom)

    # -- "United Nations" (one line, or two: "NATIONS" / "UNIES") -----------------------------
    masthead_lang: str | None = None
    for i, s in enumerate(segs):
        if s.used or s.top > top_zone:
            continue
        code = un_name_language(s.text)
        partner: _Seg | None = None
        if code is None:
            for t in segs[i + 1:i + 4]:
                if not t.used and abs(t.x0 - s.x0) < 6 and 0 <= t.top - s.bottom < 2 * s.size:
                    code = un_name_language(s.text + " " + t.text)
                    partner = t
                    break
        if code is not None:
            masthead_lang = masthead_lang or code
            s.used = True
            header_bottom = max(header_bottom, s.bottom)
            if partner is not None:
                partner.used = True
                header_bottom = max(header_bottom, partner.bottom)

    # -- distribution block (right column) -----------------------------------------------------
    distr_segs: list[_Seg] = []
    for i, s in enumerate(segs):
        if s.used or s.top > top_zone or s.x0 < page_width * 0.4:
            continue
        if is_distribution_line(s.text):
            distr_segs = [s]
            for t in segs[i + 1:]:
                if t.used or abs(t.x0 - s.x0) > 12:
                    continue
                if t.top - distr_segs[-1].bottom > 2.6 * max(t.size, 1.0):
                    break
                distr_segs.append(t)
            break
    language_from_block: str | None = None
    for k, s in enumerate(distr_segs):
        s.used = True
        header_bottom = max(header_bottom, s.bottom)
        text = s.text
        if k == 0:
            meta.distribution = parse_distribution(text)
            continue
        if meta.distribution is None and parse_distribution(text):
            meta.distribution = parse_distribution(text)
            continue
        m = regex.match(r"^(?:original|язык\s+оригинала|الأصل|原件|原文)\s*[:：]?\s*(.+)$",
                        text, regex.I)
        if m:
            meta.original_language = language_from_name(m.group(1))
            continue
        if meta.date is None:
            date = parse_date(text)
            if date is not None:
                meta.date = date
                continue
        code = language_line(text)
        if code is not None and language_from_block is None:
            language_from_block = code
            continue
        if meta.symbol is None and _FULL_SYMBOL.match(text.rstrip("*")):
            meta.symbol = text.rstrip("*")
    distr_x0 = distr_segs[0].x0 if distr_segs else page_width * 0.6

    # -- the organ in the masthead (large bold, left of the distribution block) ---------------
    organ_segs: list[_Seg] = []
    for s in segs:
        if s.used or s.top > top_zone or s.x1 > distr_x0 + 2:
            continue
        if not organ_segs:
            limit = (distr_segs[-1].bottom if distr_segs else top_zone)
            if s.bold and s.size >= max(body_size * 1.35, 13.0) and s.top <= limit:
                organ_segs.append(s)
            continue
        prev = organ_segs[-1]
        if (
            abs(s.size - prev.size) < 0.6 and s.bold == prev.bold
            and 0 <= s.top - prev.bottom < 0.8 * prev.size
        ):
            organ_segs.append(s)
        elif s.top > prev.bottom:
            break
    organ_masthead = None
    if organ_segs:
        organ_masthead = " ".join(_clean_value(s.text) for s in organ_segs)
        for s in organ_segs:
            s.used = True
            header_bottom = max(header_bottom, s.bottom)
        masthead_lang = masthead_lang or organ_language(organ_masthead)
    # anything else in the masthead band belongs to it (ornaments, "UNITED"/"NATIONS" ...)
    band_bottom = max(header_bottom, distr_segs[-1].bottom if distr_segs else 0.0)
    for s in segs:
        if not s.used and s.bottom <= band_bottom + 0.5:
            s.used = True

    if meta.symbol is None and not distr_segs and masthead_lang is None and not organ_segs:
        # no UN masthead at all: the page is body text from its first line
        return FrontMatter(meta, [], list(lines))

    # -- left column under the masthead -------------------------------------------------------
    remaining = [s for s in segs if not s.used and s.top > band_bottom]
    left: list[_Seg] = []
    if remaining:
        margin = remaining[0].x0
        for s in remaining:
            if _FOOTNOTE_MARK_RE.match(s.text):
                left.append(s)
                continue
            if abs(s.x0 - margin) > 4.0 or (s.bold and s.size >= body_size + 3.5):
                break
            if regex.match(r"^\d{1,3}\.\s", s.text):
                break  # a numbered paragraph starts the body
            if left and s.top - left[-1].bottom > 3.5 * s.size:
                break
            left.append(s)
        # a title set at the margin: the left block ends before the first large bold line
        if left and left[0].bold and left[0].size >= body_size + 3.5:
            left = []
    units: list[_Seg] = []
    session_parts: list[str] = []
    agenda_title: list[_Seg] = []
    agenda_lang: str | None = None
    in_agenda = False
    for s in left:
        s.used = True
        text = _clean_value(s.text)
        if not text or _FOOTNOTE_MARK_RE.match(s.text):
            continue
        if in_agenda:
            agenda_title.append(s)
            continue
        ag = _agenda(text)
        if ag is not None:
            meta.agenda_item, agenda_lang = ag
            in_agenda = True
            continue
        if _is_place_date(text) or (not session_parts and _is_session_line(text)) or (
            session_parts and _is_session_line(text)
        ):
            session_parts.append(text)
            continue
        if session_parts:
            # a name after the session lines: keep it with the session description
            session_parts.append(text)
            continue
        units.append(s)
    names = _join_units(units)
    if organ_masthead:
        meta.organ = organ_masthead
        meta.body = ", ".join(names) or None
    elif names:
        meta.organ = names[0]
        meta.body = ", ".join(names[1:]) or None
    # the place-and-date line is the session (golden contract: "Vienne, 11-13 septembre 2019");
    # without one, the session/meeting line ("Seventy-sixth session")
    place_dates = [p for p in session_parts if _is_place_date(p)]
    meta.session = ", ".join(place_dates or session_parts) or None
    meta.session_name = ", ".join(p for p in session_parts if not _is_place_date(p)) or None
    if agenda_title:
        meta.agenda_title = " ".join(_clean_value(s.text) for s in agenda_title) or None

    # -- title and subtitle -------------------------------------------------------------------
    zone = [s for s in segs if not s.used]
    _read_title(zone, meta, body_size)

    # -- language -----------------------------------------------------------------------------
    meta.language = (
        language_from_block
        or job_language
        or masthead_lang
        or agenda_lang
        or guess_language(" ".join(s.text for s in segs if s.used))
    )

    used_lines = {s.line for s in segs if s.used}
    open_lines = {
        s.line for s in segs if not s.used and not _FOOTNOTE_MARK_RE.match(s.text)
    }
    masthead = [ln for i, ln in enumerate(lines) if i in used_lines and i not in open_lines]
    rest = [ln for i, ln in enumerate(lines) if i not in used_lines or i in open_lines]
    return FrontMatter(meta, masthead, rest)


def _read_title(zone: list[_Seg], meta: DocumentMeta, body_size: float) -> None:
    """Title (bold run, possibly several lines) and optional subtitle, marking segments used."""
    if not zone:
        return
    i = 0
    while i < len(zone) and _FOOTNOTE_MARK_RE.match(zone[i].text):
        zone[i].used = True
        i += 1
    if i >= len(zone):
        return
    if _read_resolution_title(zone, i, meta):
        return
    first = zone[i]
    if first.bold and not _LABEL_RE.match(first.text):
        groups: list[list[_Seg]] = []
        j = i
        title_x0 = first.x0
        while j < len(zone):
            s = zone[j]
            if _FOOTNOTE_MARK_RE.match(s.text):
                if groups:
                    groups[-1].append(s)
                j += 1
                continue
            if not s.bold or _LABEL_RE.match(s.text) or s.x0 < title_x0 - 4.0:
                break
            if groups:
                prev = [g for g in groups[-1] if not _FOOTNOTE_MARK_RE.match(g.text)][-1]
                gap = s.top - prev.bottom
                if abs(prev.size - s.size) < 0.6 and gap < 0.5 * s.size:
                    groups[-1].append(s)
                    j += 1
                    continue
                if gap > 1.5 * max(s.size, prev.size) or s.size > prev.size + 0.6:
                    break  # set apart, or larger again: a heading of the body
            groups.append([s])
            j += 1
        # the title is the largest group; smaller bold groups around it are its subtitle
        sizes = [max(s.size for s in g) for g in groups]
        t = sizes.index(max(sizes))
        title_group = groups[t]
        meta.title = _joined(title_group)
        after = groups[t + 1:]
        before = groups[:t]
        if after:
            meta.subtitle = " ".join(_joined(g) for g in after)
        elif before:
            meta.subtitle = " ".join(_joined(g) for g in before)
        for g in groups:
            for s in g:
                s.used = True
        if not after:
            nxt = zone[j] if j < len(zone) else None
            follower = zone[j + 1] if j + 1 < len(zone) else None
            if nxt is not None and _is_subtitle_line(nxt, title_group[-1], follower):
                meta.subtitle = _clean_value(nxt.text)
                nxt.used = True
        return


def _read_resolution_title(zone: list[_Seg], i: int, meta: DocumentMeta) -> bool:
    """A resolution's numbered title ("48/161. Title ...", "75/195. Title ..." with the number
    set apart on the same row), under the lines "RESOLUTION ADOPTEE PAR ..." (typescript) or
    "Resolution adopted by the General Assembly on ..." and "[on the report of ...]".

    The title is the text after the number (continuation lines hang under it); the subtitle is
    the adoption line (or the capitals lines of typescript mastheads). A bold first line is read
    this way only when an adoption line precedes the numbered title."""
    for k in range(i, min(i + 4, len(zone))):
        head = [zone[k]]
        if (
            _RESOLUTION_NUMBER_RE.match(zone[k].text)
            and k + 1 < len(zone)
            and abs(zone[k + 1].top - zone[k].top) < 0.5 * zone[k].size
        ):
            head.append(zone[k + 1])
        m = _RESOLUTION_RE.match(" ".join(s.text for s in head))
        if not m:
            continue
        before = zone[i:k]
        adopted = [s for s in before if resolution_adopted_language(s.text)]
        if zone[i].bold and not _LABEL_RE.match(zone[i].text) and not adopted:
            return False  # a bold title block: read by the caller
        parts = [m.group("title")]
        nxt = k + len(head)
        hang = head[-1].x0 if len(head) > 1 else (zone[nxt].x0 if nxt < len(zone) else None)
        last = head[-1]
        for s in zone[nxt:]:
            if hang is None or abs(s.x0 - hang) > 2.0 or s.x0 <= zone[k].x0 + 2:
                break
            if s.top - last.bottom > 1.5 * s.size:
                break
            parts.append(s.text)
            last = s
            s.used = True
        for s in head:
            s.used = True
        meta.title = _clean_value(" ".join(parts))
        subtitle = [s for s in before
                    if resolution_adopted_language(s.text) or _is_caps(s.text)]
        if subtitle:
            meta.subtitle = _clean_value(" ".join(s.text for s in subtitle))
        for s in before:
            s.used = True
        return True
    return False


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_subtitle_line(s: _Seg, title_last: _Seg, follower: _Seg | None) -> bool:
    """A short non-bold line right under the title ("Note by the Secretariat")."""
    text = _clean_value(s.text)
    if not text or s.bold or _LABEL_RE.match(text) or text.endswith((".", ":", ";")):
        return False
    if abs(s.x0 - title_last.x0) > 4.0 or s.top - title_last.bottom > 3.0 * s.size:
        return False
    if len(text) > 120:
        return False
    # the paragraph that follows is set apart by a blank line
    return follower is None or follower.top - s.bottom > 0.6 * s.size


def _joined(group: list[_Seg]) -> str:
    return _clean_value(" ".join(s.text for s in group if not _FOOTNOTE_MARK_RE.match(s.text)))


__all__ = ["FrontMatter", "read_front_matter"]
