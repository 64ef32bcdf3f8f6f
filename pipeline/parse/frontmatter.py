"""Read the page-1 masthead of a UN document (symbol, distribution, organ, title) into metadata.

The page-1 lines are cut into segments and the symbol found by :mod:`pipeline.parse.masthead`;
the title block is read by :mod:`pipeline.parse.title`; this module reads the fields between.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import field
from functools import cache

import regex

from pipeline import regexcache
from pipeline.lang import (
    guess_language,
    is_distribution_line,
    language_from_name,
    language_line,
    organ_language,
    parse_distribution,
    un_name_language,
)
from pipeline.model import DocumentMeta, Line
from pipeline.parse.columns import shared_gutter
from pipeline.parse.dates import find_date_range, parse_date
from pipeline.parse.headings import parse_meeting_heading
from pipeline.parse.masthead import (
    FOOTNOTE_MARK_RE,
    FULL_SYMBOL,
    Segment,
    body_text_size,
    clean_value,
    find_symbol,
    segments,
)
from pipeline.parse.title import read_title
from pipeline.read.bidi import line_is_rtl
from pipeline.records import dataclass
from pipeline.textnorm import CJK, join_lines


@dataclass
class FrontMatter:
    """Metadata read from page 1 and the split of page-1 lines into front matter and the rest."""

    meta: DocumentMeta
    #: the page-1 lines consumed as front matter, in the order given
    masthead: list[Line] = field(default_factory=list)
    #: the remaining page-1 lines, in the order given (reading order)
    rest: list[Line] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Left-column lines under the masthead
# --------------------------------------------------------------------------------------------

_ITEM = (
    r"\d+[a-z]?(?:\s?\([a-z]{1,6}\))*"
    r"(?:(?:,\s?|\s(?:et|and|y|и|to|à|a|al|au|à|–|-)\s)\d+[a-z]?(?:\s?\([a-z]{1,6}\))*)*"
)
#: the agenda-line patterns (matched case-insensitively, in this order): the language, the
#: words a line of the pattern starts with (a group of :data:`_AGENDA_START`), the pattern
_AGENDA = [
    ("fr", "point", rf"^points?\s(?P<item>{_ITEM})\s(?:de\sl'ordre\sdu\sjour|de\sl'ordre\s"
                    rf"du\sjour\sprovisoire)"),
    ("fr", "point", rf"^points?\s(?P<item>{_ITEM})\sde\sl'ordre\sdu\sjour"),
    ("en", "agenda", rf"^(?:provisional\s)?agenda\sitems?\s(?P<item>{_ITEM})"),
    ("en", "item", rf"^items?\s(?P<item>{_ITEM})\sof\sthe\s(?:provisional\s)?(?:preliminary\s)?"
                   rf"(?:list|agenda)"),
    ("es", "tema", rf"^temas?\s(?P<item>{_ITEM})\sdel\sprograma"),
    ("es", "tema", rf"^(?:tema|temas)\sdel\sprograma(?:\sprovisional)?\s(?P<item>{_ITEM})"),
    ("ru", "punkt", rf"^пункты?\s(?P<item>{_ITEM})\s(?:предварительной\s)?повестки\sдня"),
    ("ar", "band", rf"^البند\s(?P<item>{_ITEM})\sمن\sجدول\sالأعمال"),
    ("zh", "yicheng", rf"^(?:临时)?议程项目\s?(?P<item>{_ITEM})"),
]
#: the first words of the agenda patterns, one group each: a line starts with at most one of
#: them, and only the patterns of that one can match it (each is compiled on first use)
_AGENDA_START = regexcache.compile(
    r"^(?:(?P<point>points?\s)|(?P<agenda>(?:provisional\s)?agenda\s)|(?P<item>items?\s)|"
    r"(?P<tema>temas?\s)|(?P<punkt>пункты?\s)|(?P<band>البند\s)|(?P<yicheng>(?:临时)?议程项目))",
    regex.I,
)


@cache
def _agenda_pattern(k: int) -> regex.Pattern[str]:
    return regexcache.compile(_AGENDA[k][2], regex.I)

_SESSION_RE = regexcache.compile(
    r"\b(?:session|sessions|réunion|reunion|meeting|período\sde\ssesiones|periodo\sde\ssesiones|"
    r"reunión|сессия|совещание|دورة|الدورة|届会)\b",
    regex.I,
)
_CONTINUES_RE = regexcache.compile(
    r"(?:\b(?:à|a|de|des|du|la|le|les|of|the|and|on|for|et|in|en|del|y|para|sobre|по|для|и|в|"
    r"против|contre|sur|against)|[,\-])$",
    regex.I,
)


def western_digits(text: str) -> str:
    """Decimal digits of any script as ASCII digits (``"٤"`` → ``"4"``), the rest unchanged."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c
                   for c in text)


def _agenda(text: str) -> tuple[str, str] | None:
    """The agenda item(s) of an agenda line and the line's language. The item is a key a user
    joins on (the agenda's own numbering): in Western digits, whatever digits are printed."""
    flat = text.replace("\u2019", "'")
    start = _AGENDA_START.match(flat)
    if start is None:
        return None
    for k, (code, first, _) in enumerate(_AGENDA):
        m = _agenda_pattern(k).match(flat) if start.group(first) else None
        if m:
            return western_digits(clean_value(m.group("item"))), code
    return None


def agenda_item(text: str) -> str | None:
    """The agenda item a line names ("Agenda item 110 (continued)" → "110"), else None."""
    found = _agenda(text)
    return found[0] if found else None


def _is_session_line(text: str) -> bool:
    if parse_meeting_heading(text) is not None:
        return True
    if not _SESSION_RE.search(text) or len(text) >= 90 or text.endswith("."):
        return False
    # "Session de fond de 2019", "2019 session", "Reprise de la septième session"
    return bool(regexcache.search(r"\d|^(?:reprise|resumed|continuaci[oó]n|возобновленная)\b",
                             text, regex.I))


#: a comma, as the Latin, Chinese (full-width, ideographic) and Arabic scripts print it
_COMMAS = ",，、،"


def _is_place(text: str) -> bool:
    """A short name without digits, not a session line: a place ("Kingston (Jamaïque)",
    "维也纳", "كينغستون، جامايكا")."""
    return (bool(text) and len(text.split()) <= 4 and len(text) <= 40
            and not regexcache.search(r"\d|[.。]$", text) and not _is_session_line(text))


#: a meeting's day of the week before its date, and its hour after it ("Thursday, 29 September
#: 2005, 3 p.m.", "jeudi 29 septembre 2005, à 15 heures"): a verbatim record's masthead
_WEEKDAY = regexcache.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|lundi|mardi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    r"понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|"
    r"(?:يوم\s)?(?:الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد)|"
    r"星期[一二三四五六日天])[,،\s]*",
    regex.IGNORECASE,
)
_HOUR = regexcache.compile(
    r"[,،\s]+(?:à\s|a\slas\s|в\s)?\d{1,2}(?:[.:h]\s?\d{2})?\s*"
    r"(?:a\.\s?m\.|p\.\s?m\.|heures?|horas|h\b|ч\.?(?:\s?\d{2}\s?м(?:ин)?\.?)?|ساعة)?\s*$",
    regex.IGNORECASE,
)


def _day_and_hour_dropped(text: str) -> str:
    """``text`` without the day of the week before its date and the hour after it."""
    text = _WEEKDAY.sub("", text, count=1)
    found = find_date_range(text)
    if found is not None and text[found.span[1]:].strip():
        text = text[: found.span[1]] + _HOUR.sub("", text[found.span[1]:], count=1)
    return text


def _is_place_date(text: str) -> bool:
    """A dates line, with its place before it or after a comma: "Vienne, 11-13 septembre
    2019", "4–15 November 2019", "2019年9月11日至13日，维也纳" (Chinese prints the date first);
    a meeting's day of the week and hour around its date are left aside ("Thursday, 29
    September 2005, 3 p.m.")."""
    text = _day_and_hour_dropped(text)
    found = find_date_range(text)
    if found is None:
        return False
    head = text[: found.span[0]].strip(" " + _COMMAS)
    tail = text[found.span[1]:]
    if len(tail.strip()) <= 3:
        return len(head.split()) <= 4
    return not head and tail.lstrip()[:1] in tuple(_COMMAS) and _is_place(
        tail.strip(" " + _COMMAS))


def _is_bare_date(text: str) -> bool:
    """A line that is only a date or a date range (its place printed on a line of its own), a
    meeting's day of the week and hour aside."""
    text = _day_and_hour_dropped(text)
    found = find_date_range(text)
    return found is not None and not text[: found.span[0]].strip() and len(
        text[found.span[1]:].strip()) <= 3


def _join_parts(parts: list[str]) -> str:
    """Masthead lines joined into one value by the comma of their script: "，" between Chinese
    texts, "، " between Arabic ones, ", " otherwise."""
    out = ""
    for part in parts:
        if out:
            if CJK.match(out[-1]) and CJK.match(part[0]):
                out += "，"
            elif _ARABIC.search(out) and _ARABIC.search(part):
                out += "، "
            else:
                out += ", "
        out += part
    return out


_ARABIC = regexcache.compile(r"\p{Arabic}")


def _session(parts: list[str]) -> tuple[str | None, str | None]:
    """The session (place and dates) and the session name from the session lines.

    The place-and-date lines are the session; a date printed alone takes as its place the
    short name printed right before or after it (ISBA: "Seizième session" / "Kingston
    (Jamaïque)" / "26 avril-7 mai 2010"; "第十九届会议" / "2013年7月15日至26日" / "牙买加金斯敦").
    Without a date, the session is the session line ("Seventy-sixth session")."""
    session = [k for k, p in enumerate(parts) if _is_place_date(p)]
    if len(session) == 1 and _is_bare_date(parts[session[0]]):
        k = session[0]
        for j in (k - 1, k + 1):
            if 0 <= j < len(parts) and _is_place(parts[j]):
                session = sorted([k, j])
                break
    names = [p for k, p in enumerate(parts) if k not in session]
    value = _join_parts([parts[k] for k in session] or parts)
    return value or None, _join_parts(names) or None


def _same_style(a: Segment, b: Segment) -> bool:
    return abs(a.size - b.size) < 0.6 and a.bold == b.bold


#: a name wrapped over a frame: at least this many lines of one style, ...
WRAPPED_LINES = 4
#: ... three in four of them at least this share of the widest one's width
WRAPPED_FILL = 0.75


def _wrapped(prev: Segment, s: Segment, segs: list[Segment]) -> bool:
    """Whether ``s`` goes on with the name ``prev`` wrapped: in a block of lines of one style
    that fill a frame (:data:`WRAPPED_LINES` or more, most as wide as the widest, which is
    about as wide as the frame), ``prev`` is narrower than the widest, and the first word of
    ``s`` would have made it wider ("…under the United Nations" / "Convention on the Law of the
    Sea …"): the typesetter broke the line because the word did not fit, not to start another
    name. Two or three names stacked ("Human Rights Council" / "Working Group on …") fill no
    frame."""
    block = [t.x1 - t.x0 for t in segs if _same_style(t, s)]
    if len(block) < WRAPPED_LINES or not s.words:
        return False
    widest = max(block)
    if sum(w >= WRAPPED_FILL * widest for w in block) * 4 < len(block) * 3:
        return False
    width = prev.x1 - prev.x0
    first = s.words[0]
    return width < widest - 0.5 and width + 0.25 * s.size + first.x1 - first.x0 > widest


def _join_units(segs: list[Segment]) -> list[str]:
    """Lines of one name wrapped over several lines → one string; different names apart."""
    units: list[str] = []
    prev: Segment | None = None
    named = [s for s in segs if clean_value(s.text)]
    for s in named:
        text = clean_value(s.text)
        if (
            prev is not None
            and units
            and _same_style(prev, s)
            and (text[:1].islower() or _CONTINUES_RE.search(units[-1])
                 or _wrapped(prev, s, named))
        ):
            units[-1] = join_lines([units[-1], text])
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
    top = [ln for ln in lines if ln.top < page_height * 0.35]
    sizes = Counter(round(w.size, 1) for ln in lines for w in ln.words for _ in w.text)
    segs = segments(lines, shared_gutter(top, sizes.most_common(1)[0][0] if sizes else 10.0))
    if not segs:
        return FrontMatter(meta, [], list(lines))
    body_size = body_text_size(segs)

    # -- the symbol ---------------------------------------------------------------------------
    rtl = sum(map(line_is_rtl, lines)) * 2 > len(lines)
    symbol, symbol_words = find_symbol(segs, body_size, page_width, page_height, rtl)
    meta.symbol = symbol
    for s in segs:
        if s.words and all(id(w) in symbol_words for w in s.words):
            s.used = True

    if rtl:
        # a right-to-left masthead is the mirror image of a left-to-right one (distribution
        # block on the left, organ and opening lines on the right): read it mirrored
        for s in segs:
            s.x0, s.x1 = page_width - s.x1, page_width - s.x0

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
        partner: Segment | None = None
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
    distr_segs: list[Segment] = []
    for i, s in enumerate(segs):
        if s.used or s.top > top_zone or s.x0 < page_width * 0.4:
            continue
        if is_distribution_line(s.text):
            distr_segs = [s]
            for t in segs[i + 1:]:
                # aligned on its start, or on its end (a left-to-right block, mirrored)
                if t.used or (abs(t.x0 - s.x0) > 12 and abs(t.x1 - s.x1) > 12):
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
        m = regexcache.match(r"^(?:original|язык\s+оригинала|الأصل|原件|原文)\s*[:：]?\s*(.+)$",
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
        if meta.symbol is None and FULL_SYMBOL.match(text.rstrip("*")):
            meta.symbol = text.rstrip("*")
    distr_x0 = distr_segs[0].x0 if distr_segs else page_width * 0.6

    # -- the organ in the masthead (large bold, left of the distribution block) ---------------
    organ_segs: list[Segment] = []
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
        organ_masthead = join_lines(clean_value(s.text) for s in organ_segs)
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
    left: list[Segment] = []
    if remaining:
        margin = remaining[0].x0
        for s in remaining:
            if FOOTNOTE_MARK_RE.match(s.text):
                left.append(s)
                continue
            if abs(s.x0 - margin) > 4.0 or (s.bold and s.size >= body_size + 3.5):
                break
            if regexcache.match(r"^\d{1,3}\.\s", s.text):
                break  # a numbered paragraph starts the body
            if left and s.top - left[-1].bottom > 3.5 * s.size:
                break
            left.append(s)
        # a title set at the margin: the left block ends before the first large bold line
        if left and left[0].bold and left[0].size >= body_size + 3.5:
            left = []
    units: list[Segment] = []
    session_parts: list[str] = []
    agenda_title: list[Segment] = []
    agenda_lang: str | None = None
    in_agenda = False
    for s in left:
        s.used = True
        text = clean_value(s.text)
        if not text or FOOTNOTE_MARK_RE.match(s.text):
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
    meta.session, meta.session_name = _session(session_parts)
    if agenda_title:
        meta.agenda_title = join_lines(clean_value(s.text) for s in agenda_title) or None

    # -- title and subtitle -------------------------------------------------------------------
    zone = [s for s in segs if not s.used]
    read_title(zone, meta, body_size)

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
        s.line for s in segs if not s.used and not FOOTNOTE_MARK_RE.match(s.text)
    }
    masthead = [ln for i, ln in enumerate(lines) if i in used_lines and i not in open_lines]
    rest = [ln for i, ln in enumerate(lines) if i not in used_lines or i in open_lines]
    return FrontMatter(meta, masthead, rest)


__all__ = ["FrontMatter", "agenda_item", "read_front_matter"]
