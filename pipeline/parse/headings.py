"""Recognise meeting/session section headings ("Première réunion, tenue à Vienne du …")."""

from __future__ import annotations

from functools import cache

import regex

from pipeline import regexcache
from pipeline.lang import (
    LANGS,
    alternation,
    flatten_chars,
    fold,
    guess_language,
    meeting_word_pattern,
    normalize_text,
    ordinal_numerals,
    ordinal_value,
    ordinal_words,
    roman_to_int,
)
from pipeline.parse.blocks import parse_label
from pipeline.parse.dates import find_date_range
from pipeline.records import dataclass


@dataclass(frozen=True, slots=True)
class MeetingHeading:
    """A parsed meeting heading ("First meeting, held in Vienna from 30 May to 1 June 2012")."""

    ordinal: int
    #: the meeting noun as printed ("réunion", "meeting", "período de sesiones", "совещание")
    kind: str
    lang: str | None
    #: the city as printed ("Vienne", "Vienna", "Viena", "Вене"); None when not stated
    city: str | None
    #: nominative form when the printed form is inflected (Russian "Вене" → "Вена")
    city_nominative: str | None
    start_date: str | None
    end_date: str | None
    #: the heading text, normalised
    text: str


#: "held in" in each language; the city follows, then the date expression
_HELD: dict[str, tuple[str, ...]] = {
    "fr": ("tenue à", "tenu à", "tenues à", "tenus à", "tenue au", "tenu au", "tenue aux",
           "tenue en", "qui s'est tenue à", "qui s'est tenu à", "organisée à", "à"),
    "en": ("held in", "held at", "convened in", "in"),
    "es": ("celebrada en", "celebrado en", "celebradas en", "celebrados en", "en"),
    "ru": ("состоявшееся в", "состоявшаяся в", "состоявшийся в", "состоявшемся в",
           "состоявшейся в", "проведенное в", "проведенная в", "прошедшее в", "в", "во"),
    "ar": ("المعقود في", "المعقودة في", "في"),
    "zh": ("在",),
}
#: the city framed around its name, wherever it stands in the heading (Chinese puts it after
#: the dates: "…6月1日在维也纳举行", held in Vienna)
_HELD_FRAME: dict[str, str] = {"zh": r"在(?P<city>\p{Han}{1,12}?)(?:举行|召开)"}

#: words that may sit between the city and the date expression
_BEFORE_DATE = (
    "du", "les", "le", "from", "on", "on the", "del", "los días", "los dias", "el", "с", "со",
    "de", "в период", "from the", "في", "يوم", "يومي",
)

#: Russian locative (as printed after "в") → nominative, for UN conference cities
_RU_CITIES: dict[str, str] = {
    "Вене": "Вена", "Женеве": "Женева", "Нью-Йорке": "Нью-Йорк", "Найроби": "Найроби",
    "Бангкоке": "Бангкок", "Дохе": "Доха", "Риме": "Рим", "Париже": "Париж",
    "Бонне": "Бонн", "Аддис-Абебе": "Аддис-Абеба", "Сантьяго": "Сантьяго",
    "Бейруте": "Бейрут", "Гааге": "Гаага", "Монреале": "Монреаль", "Мадриде": "Мадрид",
    "Берлине": "Берлин", "Лондоне": "Лондон", "Москве": "Москва", "Пекине": "Пекин",
    "Каире": "Каир", "Буэнос-Айресе": "Буэнос-Айрес", "Вашингтоне": "Вашингтон",
    "Санкт-Петербурге": "Санкт-Петербург", "Абу-Даби": "Абу-Даби", "Марракеше": "Марракеш",
    "Шарм-эш-Шейхе": "Шарм-эш-Шейх", "Панаме": "Панама", "Мехико": "Мехико",
    "Лиме": "Лима", "Брюсселе": "Брюссель", "Токио": "Токио", "Киото": "Киото",
    "Дохе (Катар)": "Доха (Катар)",
}

_LABEL_RE = regexcache.compile(r"^\s*(?P<label>[IVXLCDM]+|[A-Z]|\d+)\s*[.)]\s+")
#: a short name of the body before a numeral ordinal, in a script written without spaces
#: ("工作组" of "工作组第一次会议")
_BODY_BEFORE_NUMERAL = regexcache.compile(r"\p{Han}{1,12}?(?=第)")
#: a heading label of the languages that write it as a word: "一." / "一、" (the place of
#: "I."), "أولا -"; parse_label says whether it is one
_WORD_LABEL_RE = regexcache.compile(r"^\s*(?P<label>[^\s.、．-]{1,6}(?:\s?[-\u2013]|[.、．]))\s*")
_MAX_HEADING_CHARS = 250


_RESUMED = r"\s*(?:\((?:reprise|resumed|continuación|возобновленная)\)\s*)?"


@dataclass(frozen=True, slots=True)
class _HeadMatch:
    """Where the ordinal, the meeting noun and the rest of a heading sit in its text."""

    ord_text: str
    kind_start: int
    kind_end: int
    rest_start: int


def _canon(text: str) -> str:
    """Same-length case-insensitive key; space and ``-`` are one character (compounds)."""
    folded = text.casefold()
    if len(folded) == len(text):
        # no character folds to several (casefold never yields an empty string): the
        # character-by-character key below is this one
        return folded.replace(" ", "-")
    out = []
    for c in text:
        f = c.casefold()
        if len(f) != 1:
            f = c.lower() if len(c.lower()) == 1 else c
        out.append(f)
    return "".join(out).replace(" ", "-")


@cache
def _ordinal_keys(lang: str | None) -> tuple[frozenset[str], int]:
    keys = frozenset(_canon(w) for w in ordinal_words(lang))
    return keys, max((len(k) for k in keys), default=0)


def _is_ordinal_key(key: str, lang: str | None) -> bool:
    """Whether a :func:`_canon` key is a written ordinal of ``lang`` (of any language if None:
    the languages' keys are made one at a time, as far as the answer needs them)."""
    if lang:
        return key in _ordinal_keys(lang)[0]
    return any(key in _ordinal_keys(code)[0] for code in LANGS)


@cache
def _tail_re(lang: str | None) -> regex.Pattern[str]:
    """The meeting noun after the ordinal: "(resumed) session", "réunion", "会议"."""
    meeting = meeting_word_pattern(lang)
    return regexcache.compile(rf"{_RESUMED}(?P<kind>{meeting})(?![\w])", regex.IGNORECASE)


@cache
def _numeral_re(lang: str | None) -> regex.Pattern[str] | None:
    """An ordinal written with a numeral, then the meeting noun ("第六次会议")."""
    numerals = ordinal_numerals(lang)
    if not numerals:
        return None
    meeting = meeting_word_pattern(lang)
    return regexcache.compile(
        rf"(?P<ord>{'|'.join(numerals)}){_RESUMED}(?P<kind>{meeting})(?![\w])",
        regex.IGNORECASE,
    )


def _match_heading(flat: str, lang: str | None) -> _HeadMatch | None:
    """The ordinal and meeting noun a heading starts with: "Première réunion",
    "Sixty-third session", "Cuadragésimo período de sesiones", "Сорок восьмая сессия",
    "第六次会议". ``flat`` is :func:`flatten_chars`-ed (dashes are ``-``). A numeral ordinal
    first, else the longest written ordinal followed by the noun (a literal set lookup, not a
    regex of every ordinal)."""
    numeral = _numeral_re(lang)
    m = numeral.match(flat) if numeral is not None else None
    if m is None and numeral is not None and (
        body := _BODY_BEFORE_NUMERAL.match(flat)
    ):
        # "工作组第一次会议": the body's name first, the numeral ordinal right after it
        m = numeral.match(flat, body.end())
    if m:
        return _HeadMatch(m.group("ord"), m.start("kind"), m.end("kind"), m.end())
    key = _canon(flat)
    tail = _tail_re(lang)
    for k in range(len(key), 0, -1):
        # the longest written ordinal the meeting noun follows; the noun is matched first, so
        # that without a language only the languages' ordinals a candidate needs are made (no
        # written ordinal ends with a space or "-": tests/test_headings.py)
        if key[k - 1] == "-":
            continue
        t = tail.match(flat, k)
        if t and _is_ordinal_key(key[:k], lang):
            return _HeadMatch(flat[:k], t.start("kind"), t.end("kind"), t.end())
    # the noun first, its ordinal after it (Arabic: "الدورة السادسة عشرة", "الاجتماع الأول")
    head = _head_re(lang).match(flat)
    if head:
        keys, longest = _ordinal_keys(lang)
        start = head.end()
        key = _canon(flat[start:start + longest])
        for k in range(len(key), 0, -1):
            end = start + k
            if key[:k] in keys and (end == len(flat) or not flat[end].isalnum()):
                return _HeadMatch(flat[start:end], head.start("kind"), head.end("kind"), end)
    return None


@cache
def _head_re(lang: str | None) -> regex.Pattern[str]:
    """The meeting noun at the start of a heading, then a space (the ordinal follows)."""
    meeting = meeting_word_pattern(lang)
    return regexcache.compile(rf"(?P<kind>{meeting})\s+", regex.IGNORECASE)


def _strip_label(text: str) -> str:
    m = _LABEL_RE.match(text)
    if m and (roman_to_int(m.group("label")) or m.group("label").isdigit()):
        return text[m.end():]
    m = _WORD_LABEL_RE.match(text)
    if m and (lab := parse_label(m.group("label"))) is not None and lab[0] in ("ROMAN", "CAP"):
        return text[m.end():]
    return text


def _detect_lang(ord_text: str, kind: str, text: str) -> str | None:
    for code in ("fr", "en", "es", "ru", "ar", "zh"):
        if ordinal_value(ord_text, code) is not None and regexcache.fullmatch(
            meeting_word_pattern(code), kind, regex.IGNORECASE
        ):
            return code
    return guess_language(text)


def _city(rest: str, date_start: int | None, lang: str | None) -> str | None:
    """The city between "held in" and the date expression (or the end of the heading)."""
    segment = rest[:date_start] if date_start is not None else rest
    segment = segment.strip(" ,;")
    langs = [lang] if lang in _HELD else list(_HELD)
    held = alternation([w for code in langs for w in _HELD[code]])
    m = regexcache.search(rf"(?:^|[\s,])(?:{held})\s+(?P<city>.+)$", segment, regex.IGNORECASE)
    if not m:
        framed = [_HELD_FRAME[code] for code in langs if code in _HELD_FRAME]
        f = next((f for pat in framed if (f := regexcache.search(pat, rest))), None)
        return f.group("city") if f else None
    city = m.group("city").strip(" ,;")
    before = alternation(list(_BEFORE_DATE))
    city = regexcache.sub(rf"(?:\s+(?:{before}))+$", "", city, flags=regex.IGNORECASE).strip(" ,;")
    return city or None


def parse_meeting_heading(text: str, lang: str | None = None) -> MeetingHeading | None:
    """Parse a meeting heading (without or with its Roman-numeral label).

    ``"Première réunion, tenue à Vienne du 30 mai au 1er juin 2012"`` →
    ``MeetingHeading(ordinal=1, kind="réunion", city="Vienne", start_date="2012-05-30",
    end_date="2012-06-01", ...)``; ``None`` for any other text ("Introduction")."""
    clean = normalize_text(text)
    if not clean or len(clean) > _MAX_HEADING_CHARS:
        return None
    body = _strip_label(clean)
    flat = flatten_chars(body)
    m = _match_heading(flat, lang)
    if m is None:
        return None
    ord_text, kind = m.ord_text, flat[m.kind_start:m.kind_end]
    rest = body[m.rest_start:]
    lang_found = lang or _detect_lang(ord_text, kind, body)
    ordinal = ordinal_value(ord_text, lang_found) or ordinal_value(ord_text)
    if ordinal is None:
        return None
    rest_stripped = rest.strip()
    date = find_date_range(rest, lang_found) or find_date_range(rest)
    # without a date, accept only a short tail ("Première réunion", "First meeting (resumed)");
    # a sentence such as "First meeting of the Group was devoted to ..." is not a heading
    if date is None and len(rest_stripped.split()) > 6:
        return None
    if rest_stripped and not regexcache.match(r"^[,;:(\-–،，]|\w", rest_stripped):
        return None
    if rest_stripped and rest_stripped[-1] in ".!?" and date is None:
        return None
    city = _city(rest, date.span[0] if date else None, lang_found)
    city_nom = None
    if city is not None and lang_found == "ru":
        city_nom = _RU_CITIES.get(city)
    return MeetingHeading(
        ordinal=ordinal,
        kind=body[m.kind_start:m.kind_end],
        lang=lang_found,
        city=city,
        city_nominative=city_nom,
        start_date=date.start if date else None,
        end_date=date.end if date else None,
        text=clean,
    )


def is_meeting_heading(text: str, lang: str | None = None) -> bool:
    """True when ``text`` reads as a meeting/session heading (see :func:`parse_meeting_heading`)."""
    return parse_meeting_heading(text, lang) is not None


def meeting_label(text: str) -> int | None:
    """The Roman-numeral label of a heading line: ``"IV. Quatrième réunion …"`` → 4."""
    m = _LABEL_RE.match(normalize_text(text))
    return roman_to_int(m.group("label")) if m else None


def city_key(city: str) -> str:
    """Comparison key for city names (case/accents folded)."""
    return fold(city)
