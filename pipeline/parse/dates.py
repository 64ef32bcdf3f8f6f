"""Parse printed date expressions (single days, ranges, pairs) in UN languages into ISO dates."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from functools import cache

import regex

from pipeline import recache, regexcache
from pipeline.lang import MONTHS, alternation, flatten_chars, month_number
from pipeline.records import dataclass


@dataclass(frozen=True, slots=True)
class DateRange:
    """A printed date or date range; ``start == end`` for a single day."""

    start: str  # ISO date
    end: str  # ISO date
    #: offsets of the matched expression in the NFC form of the searched text
    span: tuple[int, int]
    #: the matched expression as printed
    text: str

    @property
    def is_single(self) -> bool:
        return self.start == self.end


# --------------------------------------------------------------------------------------------
# Grammar
# --------------------------------------------------------------------------------------------

#: day number with an optional ordinal suffix (1er, 1re, 1st, 2nd, 1.º, 1º, 1°, 1-го)
_DAY = r"(?:[0-3]?\d)"
_DAY_SUFFIX = r"(?:\s?(?:er|re|ère|st|nd|rd|th)\b|\.?\s?[º°ª]|-?(?:го|е)\b)?"
_YEAR = r"(?:1[89]\d\d|2\d\d\d)"
#: Russian "года"/"г."; Spanish has "de" before the year
_YEAR_TAIL = r"(?:\s(?:года|год|г\.))?"

_CONNECTORS = {
    "from": {
        "fr": ["du", "depuis le"],
        "en": ["from", "from the"],
        "es": ["del", "desde el", "de"],
        "ru": ["с", "со"],
        "ar": ["من"],
    },
    "to": {
        "fr": ["au", "jusqu'au", "à"],
        "en": ["to", "until", "through", "till", "to the"],
        "es": ["al", "hasta el", "a"],
        "ru": ["по", "до"],
        "ar": ["إلى", "الى", "حتى"],
    },
    "and": {
        "fr": ["et"],
        "en": ["and", "&"],
        "es": ["y", "e"],
        "ru": ["и"],
        "ar": ["و"],
    },
    # "and" written joined to the word after it (Arabic's conjunction wa: "4 و5 تموز/يوليه")
    "and_joined": {
        "ar": ["و"],
    },
    "pair_intro": {
        "fr": ["les", "le"],
        "en": ["on", "on the"],
        "es": ["los días", "los dias", "el", "días", "dias"],
        "ru": [],
        "ar": ["يومي", "في"],
    },
}


def _words(kind: str, lang: str | None) -> str:
    langs = [lang] if lang else list(_CONNECTORS[kind])
    return alternation([w for code in langs for w in _CONNECTORS[kind].get(code, [])])


#: the parts of :func:`source` written once and called by name where they are used (the
#: months, some 120 names without a language, in 7 places; the day suffix in 5; the "to" and
#: "and" connectors in 3 each): the same matches, compiled in about half the time
CALLED = ("month", "suffix", "to", "and")


def source(lang: str | None, called: bool = True) -> str:
    """The date pattern of ``lang`` (of every language if None), its :data:`CALLED` parts
    written once and called by name (``called``), or written out in each place."""
    parts: dict[str, str] = {}

    def part(name: str, body: str) -> str:
        if not called:
            return f"(?:{body})"
        parts[name] = body
        return f"(?&{name})"

    months = sorted({m for code in ([lang] if lang else MONTHS) for m in MONTHS.get(code, {})})
    # IGNORECASE: each month once (its lower and upper case forms match the same texts)
    mon = part("month", alternation(months))
    suffix = part("suffix", _DAY_SUFFIX)
    sep = r"(?:\s|,\s?)(?:de\s)?"  # "30 mai", "4 de julio", "May 30,"
    ysep = r"(?:,?\s)(?:de\s|del\s)?"  # "juin 2012", "julio de 2018", "June, 2012"
    dash = r"\s?-\s?"
    to = part("to", rf"{dash}|\s(?:{_words('to', lang)})\s")
    frm = rf"(?:(?:{_words('from', lang)})\s)?"
    joined = _words("and_joined", lang)
    joined_and = rf"|\s(?:{joined})" if joined else ""
    andw = part("and", rf"\s(?:{_words('and', lang)})\s|,\s?{joined_and}")
    pair_intro = _words("pair_intro", lang)
    intro = rf"(?:(?:{pair_intro})\s)?" if pair_intro else ""
    d1 = rf"(?P<d1>{_DAY}){suffix}"
    d2 = rf"(?P<d2>{_DAY}){suffix}"
    m1 = rf"(?P<m1>{mon})"
    m2 = rf"(?P<m2>{mon})"
    y1 = rf"(?P<y1>{_YEAR}){_YEAR_TAIL}"
    y2 = rf"(?P<y2>{_YEAR}){_YEAR_TAIL}"
    # month-first (US) forms: "May 30 - June 1, 2012", "February 10-14, 2025", "June 21, 2019"
    us_d1 = rf"(?P<ud1>{_DAY}){suffix}"
    us_d2 = rf"(?P<ud2>{_DAY}){suffix}"
    alternatives = [
        # across months (and years): du 30 mai [2012] au 1er juin 2012
        rf"(?P<cross>{frm}{d1}{sep}{m1}(?:{ysep}{y1})?{to}{d2}{sep}{m2}{ysep}{y2})",
        # within a month: du 11 au 13 novembre 2013; 11-13 septembre 2019
        rf"(?P<within>{frm}{d1}{to}{d2}{sep}{m2}{ysep}{y2})",
        # pairs: les 4 et 5 juillet 2018; 4 и 5 июля 2018 года
        rf"(?P<pair>{intro}{d1}{andw}(?:\d{{1,2}}{andw})*{d2}{sep}{m2}{ysep}{y2})",
        # US month-first forms
        rf"(?P<us>(?P<um1>{mon})\s{us_d1}(?:(?:{to}|{andw})(?:(?P<um2>{mon})\s)?{us_d2})?"
        rf",?\s(?P<uy>{_YEAR}))",
        # single day: 21 juin 2019; 4 de julio de 2018; 5 июля 2018 года
        rf"(?P<single>(?P<sd>{_DAY}){suffix}{sep}(?P<sm>{mon}){ysep}(?P<sy>{_YEAR})"
        rf"{_YEAR_TAIL})",
        # ISO
        r"(?P<iso>(?P<iy>\d{4})-(?P<im>\d\d)-(?P<id>\d\d))",
        # Chinese: 2012年5月30日至6月1日; 2018年7月4日和5日; across years (as "cross"
        # above): 2019年12月30日至2020年1月2日
        r"(?P<zh>(?P<zy>\d{4})\s?年\s?(?P<zm1>\d{1,2})\s?月\s?(?P<zd1>\d{1,2})\s?日"
        r"(?:\s?(?:至|到|-|和|及)\s?(?:(?P<zy2>\d{4})\s?年\s?(?=\d{1,2}\s?月))?"
        r"(?:(?P<zm2>\d{1,2})\s?月\s?)?(?P<zd2>\d{1,2})\s?日)?)",
    ]
    body = "|".join(alternatives)
    define = "".join(f"(?P<{name}>{text})" for name, text in parts.items())
    # a letter or digit next to the expression makes it part of a longer token, but not a
    # Chinese character: Chinese sets no space between words ("2019年6月21日在维也纳")
    return (rf"(?<![^\W\p{{Han}}]|\.)(?:{body})(?![^\W\p{{Han}}])"
            + (f"(?(DEFINE){define})" if define else ""))


@cache
def _pattern(lang: str | None) -> regex.Pattern[str]:
    """The compiled :func:`source` of ``lang`` (searched by front matter and headings only)."""
    return regexcache.compile(source(lang), regex.IGNORECASE)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _resolve(m: regex.Match[str], lang: str | None) -> tuple[str, str] | None:
    g = m.groupdict()
    if g["cross"] or g["within"] or g["pair"]:
        d1, d2 = int(g["d1"]), int(g["d2"])
        mo2 = month_number(g["m2"], lang) or month_number(g["m2"])
        mo1 = (month_number(g["m1"], lang) or month_number(g["m1"])) if g["m1"] else mo2
        y2 = int(g["y2"])
        y1 = int(g["y1"]) if g["y1"] else y2
        if mo1 is None or mo2 is None:
            return None
        if not g["y1"] and g["m1"] and mo1 > mo2:
            y1 = y2 - 1  # du 28 décembre au 2 janvier 2019
        start, end = _iso(y1, mo1, d1), _iso(y2, mo2, d2)
    elif g["us"]:
        mo1 = month_number(g["um1"])
        mo2 = month_number(g["um2"]) if g["um2"] else mo1
        if mo1 is None or mo2 is None:
            return None
        y = int(g["uy"])
        d1 = int(g["ud1"])
        d2 = int(g["ud2"]) if g["ud2"] else d1
        y1 = y - 1 if g["um2"] and mo1 > mo2 else y
        start, end = _iso(y1, mo1, d1), _iso(y, mo2, d2)
    elif g["single"]:
        mo = month_number(g["sm"], lang) or month_number(g["sm"])
        if mo is None:
            return None
        start = end = _iso(int(g["sy"]), mo, int(g["sd"]))
    elif g["iso"]:
        start = end = _iso(int(g["iy"]), int(g["im"]), int(g["id"]))
    elif g["zh"]:
        y, mo1, d1 = int(g["zy"]), int(g["zm1"]), int(g["zd1"])
        y2 = int(g["zy2"]) if g["zy2"] else y
        mo2 = int(g["zm2"]) if g["zm2"] else mo1
        d2 = int(g["zd2"]) if g["zd2"] else d1
        start, end = _iso(y, mo1, d1), _iso(y2, mo2, d2)
    else:  # pragma: no cover - every alternative is handled above
        return None
    if start is None or end is None or end < start:
        return None
    return start, end


#: decimal digits of other scripts (Arabic-Indic, Eastern Arabic, full-width) → ASCII digits,
#: one character for one, so spans stay valid
_DIGITS = {
    base + k: str(k) for base in (0x0660, 0x06F0, 0xFF10) for k in range(10)
}
#: every alternative of :func:`_pattern` has a four-digit year: a text without four digits in a
#: row has no date, and is not searched (nor the pattern compiled)
_FOUR_DIGITS = recache.compile(r"\d{4}").search


def iter_date_ranges(text: str, lang: str | None = None) -> Iterator[DateRange]:
    """Every date expression in ``text``, left to right (spans index the NFC text); days and
    years may be written in any decimal digits (``٧ أيار/مايو ٢٠١٠``)."""
    nfc = unicodedata.normalize("NFC", text)
    flat = flatten_chars(nfc).translate(_DIGITS)
    if not _FOUR_DIGITS(flat):
        return
    pattern = _pattern(lang)
    pos = 0
    while pos <= len(flat):
        m = pattern.search(flat, pos)
        if not m:
            return
        resolved = _resolve(m, lang)
        if resolved is None:
            # an impossible date (31 février) – retry one character further on
            pos = m.start() + 1
            continue
        yield DateRange(resolved[0], resolved[1], (m.start(), m.end()), nfc[m.start():m.end()])
        pos = m.end()


def find_date_range(text: str, lang: str | None = None) -> DateRange | None:
    """The first date or date range in ``text`` (``None`` when there is none).

    ``"du 30 mai au 1er juin 2012"`` → ``DateRange("2012-05-30", "2012-06-01", ...)``."""
    return next(iter_date_ranges(text, lang), None)


def parse_date(text: str, lang: str | None = None) -> str | None:
    """ISO date of the first date expression in ``text`` (its start when it is a range)."""
    found = find_date_range(text, lang)
    return found.start if found else None


# --------------------------------------------------------------------------------------------
# Formatting (used by tests for round trips, and handy for messages)
# --------------------------------------------------------------------------------------------

def month_name(month: int, lang: str) -> str:
    """Month ``month`` as written after a day number in ``lang`` (genitive in Russian)."""
    for name, number in MONTHS[lang].items():
        if number == month and not name.endswith("."):
            return name
    raise KeyError((month, lang))


def format_date(day: dt.date, lang: str) -> str:
    """``date(2012, 6, 1)`` → ``"1er juin 2012"`` / ``"1 June 2012"`` / ``"1 de junio de 2012"``
    / ``"1 июня 2012 года"``."""
    d = f"{day.day}er" if lang == "fr" and day.day == 1 else str(day.day)
    mon = month_name(day.month, lang)
    if lang == "es":
        return f"{d} de {mon} de {day.year}"
    if lang == "ru":
        return f"{d} {mon} {day.year} года"
    return f"{d} {mon} {day.year}"
