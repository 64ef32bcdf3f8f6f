"""Tests for pipeline.parse.dates: printed dates and ranges in fr, en, es, ru (and zh, ar) → ISO."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.lang import month_number, ordinal_value, roman_to_int
from pipeline.parse.dates import (
    find_date_range,
    format_date,
    iter_date_ranges,
    month_name,
    parse_date,
)

SINGLE = [
    ("21 juin 2019", "fr", "2019-06-21"),
    ("1er juin 2012", "fr", "2012-06-01"),
    ("1 er juin 2012", "fr", "2012-06-01"),
    ("16 novembre 2009", "fr", "2009-11-16"),
    ("21 janvier 1994", "fr", "1994-01-21"),
    ("3 août 2015", "fr", "2015-08-03"),
    ("10 February 2025", "en", "2025-02-10"),
    ("1st June 2012", "en", "2012-06-01"),
    ("June 21, 2019", "en", "2019-06-21"),
    ("4 de julio de 2018", "es", "2018-07-04"),
    ("1.º de junio de 2012", "es", "2012-06-01"),
    ("1º de junio de 2012", "es", "2012-06-01"),
    ("5 июля 2018 года", "ru", "2018-07-05"),
    ("5 июля 2018 г.", "ru", "2018-07-05"),
    ("21\u00a0juin\u00a02019", "fr", "2019-06-21"),
    ("2019-06-21", None, "2019-06-21"),
]

RANGES = [
    ("du 11 au 13 novembre 2013", "fr", "2013-11-11", "2013-11-13"),
    ("11-13 septembre 2019", "fr", "2019-09-11", "2019-09-13"),
    ("Vienne, 11-13 septembre 2019", "fr", "2019-09-11", "2019-09-13"),
    ("Genève, 8-19 février 2010", "fr", "2010-02-08", "2010-02-19"),
    ("8\u221219 février 2010", "fr", "2010-02-08", "2010-02-19"),
    ("from 11 to 13 November 2013", "en", "2013-11-11", "2013-11-13"),
    ("10–14 February 2025", "en", "2025-02-10", "2025-02-14"),
    ("New York, 10–14 February 2025", "en", "2025-02-10", "2025-02-14"),
    ("4–15 November 2019", "en", "2019-11-04", "2019-11-15"),
    ("February 10-14, 2025", "en", "2025-02-10", "2025-02-14"),
    ("del 11 al 13 de noviembre de 2013", "es", "2013-11-11", "2013-11-13"),
    ("Viena, 11 a 13 de septiembre de 2019", "es", "2019-09-11", "2019-09-13"),
    ("11–13 ноября 2013 года", "ru", "2013-11-11", "2013-11-13"),
    ("с 11 по 13 ноября 2013 года", "ru", "2013-11-11", "2013-11-13"),
    # across months
    ("du 30 mai au 1er juin 2012", "fr", "2012-05-30", "2012-06-01"),
    ("from 30 May to 1 June 2012", "en", "2012-05-30", "2012-06-01"),
    ("May 30 - June 1, 2012", "en", "2012-05-30", "2012-06-01"),
    ("del 30 de mayo al 1 de junio de 2012", "es", "2012-05-30", "2012-06-01"),
    ("del 30 de mayo al 1.º de junio de 2012", "es", "2012-05-30", "2012-06-01"),
    ("с 30 мая по 1 июня 2012 года", "ru", "2012-05-30", "2012-06-01"),
    ("30 мая – 1 июня 2012 года", "ru", "2012-05-30", "2012-06-01"),
    # across years
    ("du 28 décembre 2018 au 2 janvier 2019", "fr", "2018-12-28", "2019-01-02"),
    ("du 28 décembre au 2 janvier 2019", "fr", "2018-12-28", "2019-01-02"),
    ("from 28 December 2018 to 2 January 2019", "en", "2018-12-28", "2019-01-02"),
    # pairs
    ("les 4 et 5 juillet 2018", "fr", "2018-07-04", "2018-07-05"),
    ("on 4 and 5 July 2018", "en", "2018-07-04", "2018-07-05"),
    ("los días 4 y 5 de julio de 2018", "es", "2018-07-04", "2018-07-05"),
    ("4 и 5 июля 2018 года", "ru", "2018-07-04", "2018-07-05"),
    ("les 4, 5 et 6 juillet 2018", "fr", "2018-07-04", "2018-07-06"),
    # cheap extras
    ("2012年5月30日至6月1日", "zh", "2012-05-30", "2012-06-01"),
    ("2018年7月4日和5日", "zh", "2018-07-04", "2018-07-05"),
    ("2013年7月15日至26日", "zh", "2013-07-15", "2013-07-26"),
    # Chinese across years: the second year is printed before its month
    ("2019年12月30日至2020年1月2日", "zh", "2019-12-30", "2020-01-02"),
    ("2019 年 12 月 30 日至 2020 年 1 月 2 日", "zh", "2019-12-30", "2020-01-02"),
    ("30 أيار/مايو - 1 حزيران/يونيه 2012", "ar", "2012-05-30", "2012-06-01"),
]


@pytest.mark.parametrize(("text", "lang", "iso"), SINGLE)
def test_single_dates(text: str, lang: str | None, iso: str) -> None:
    assert parse_date(text, lang) == iso
    assert parse_date(text) == iso  # language not needed
    found = find_date_range(text, lang)
    assert found is not None and found.is_single


@pytest.mark.parametrize(("text", "lang", "start", "end"), RANGES)
def test_ranges(text: str, lang: str, start: str, end: str) -> None:
    for code in (lang, None):
        found = find_date_range(text, code)
        assert found is not None, (text, code)
        assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize(("text", "lang", "start", "end"), RANGES)
def test_range_span_covers_the_dates(text: str, lang: str, start: str, end: str) -> None:
    found = find_date_range(text, lang)
    assert found is not None
    assert text[found.span[0]:found.span[1]] == found.text
    assert found.text.rstrip()[-1].isdigit() or found.text.endswith(("года", "г.", "日"))


def test_span_inside_a_heading() -> None:
    text = "Première réunion, tenue à Vienne du 30 mai au 1er juin 2012"
    found = find_date_range(text)
    assert found is not None
    assert found.text == "du 30 mai au 1er juin 2012"
    assert text[: found.span[0]].endswith("Vienne ")


@pytest.mark.parametrize(
    "text",
    [
        "31 février 2019",  # impossible day
        "paragraph 28 (a) to (h)",
        "Introduction",
        "résolution 5/1",
        "",
        "A/HRC/WG.6/7/ITA/1",
        "2 GE.09-17088",
    ],
)
def test_no_date(text: str) -> None:
    assert find_date_range(text) is None
    assert parse_date(text) is None


def test_reversed_range_is_not_a_range() -> None:
    found = find_date_range("du 13 au 11 novembre 2013", "fr")
    assert found is None or found.is_single


def test_first_of_several() -> None:
    text = "résolution 47/118 du 18 décembre 1992, puis du 27 au 29 octobre 1993"
    found = list(iter_date_ranges(text, "fr"))
    assert [(f.start, f.end) for f in found] == [
        ("1992-12-18", "1992-12-18"),
        ("1993-10-27", "1993-10-29"),
    ]


def test_no_break_spaces_and_dashes() -> None:
    text = "11\u202f\u2013\u202f13\u00a0septembre\u00a02019"
    found = find_date_range(text, "fr")
    assert found is not None and (found.start, found.end) == ("2019-09-11", "2019-09-13")


@pytest.mark.parametrize(
    ("word", "month"),
    [("janvier", 1), ("AOUT", 8), ("Sept.", 9), ("julio", 7), ("июня", 6), ("июнь", 6),
     ("декабрь", 12), ("setiembre", 9), ("Février", 2)],
)
def test_month_number(word: str, month: int) -> None:
    assert month_number(word) == month


def test_helpers_from_lang() -> None:
    assert roman_to_int("IV") == 4
    assert ordinal_value("Première") == 1
    assert month_name(6, "ru") == "июня"
    assert format_date(dt.date(2012, 6, 1), "fr") == "1er juin 2012"
    assert format_date(dt.date(2012, 6, 1), "es") == "1 de junio de 2012"
    assert format_date(dt.date(2012, 6, 1), "ru") == "1 июня 2012 года"


# --------------------------------------------------------------------------------------------
# Property-based round trips: write a range in each language's style, parse it back
# --------------------------------------------------------------------------------------------


def _day(d: dt.date, lang: str) -> str:
    return f"{d.day}er" if lang == "fr" and d.day == 1 else str(d.day)


def _write(start: dt.date, end: dt.date, lang: str, style: int) -> str:
    m1, m2 = month_name(start.month, lang), month_name(end.month, lang)
    d1, d2 = _day(start, lang), _day(end, lang)
    y1, y2 = start.year, end.year
    same_month = (y1, start.month) == (y2, end.month)
    if start == end:
        return format_date(start, lang)
    if lang == "fr":
        if same_month:
            return [f"du {d1} au {d2} {m2} {y2}", f"{d1}-{d2} {m2} {y2}",
                    f"{d1}\u2013{d2} {m2} {y2}", f"les {d1} et {d2} {m2} {y2}"][style % 4]
        if y1 == y2 and style % 2:
            return f"du {d1} {m1} au {d2} {m2} {y2}"
        return f"du {d1} {m1} {y1} au {d2} {m2} {y2}"
    if lang == "en":
        if same_month:
            return [f"from {d1} to {d2} {m2} {y2}", f"{d1}\u2013{d2} {m2} {y2}",
                    f"{d1}-{d2} {m2} {y2}", f"on {d1} and {d2} {m2} {y2}"][style % 4]
        if y1 == y2 and style % 2:
            return f"from {d1} {m1} to {d2} {m2} {y2}"
        return f"from {d1} {m1} {y1} to {d2} {m2} {y2}"
    if lang == "es":
        if same_month:
            return [f"del {d1} al {d2} de {m2} de {y2}", f"{d1} a {d2} de {m2} de {y2}",
                    f"{d1}-{d2} de {m2} de {y2}", f"los días {d1} y {d2} de {m2} de {y2}"][
                style % 4]
        if y1 == y2 and style % 2:
            return f"del {d1} de {m1} al {d2} de {m2} de {y2}"
        return f"del {d1} de {m1} de {y1} al {d2} de {m2} de {y2}"
    # ru
    if same_month:
        return [f"с {d1} по {d2} {m2} {y2} года", f"{d1}\u2013{d2} {m2} {y2} года",
                f"{d1} и {d2} {m2} {y2} года", f"{d1}-{d2} {m2} {y2} г."][style % 4]
    if y1 == y2 and style % 2:
        return f"с {d1} {m1} по {d2} {m2} {y2} года"
    if y1 == y2:
        return f"{d1} {m1} \u2013 {d2} {m2} {y2} года"
    return f"с {d1} {m1} {y1} года по {d2} {m2} {y2} года"


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=dt.date(1946, 1, 1), max_value=dt.date(2099, 12, 31)),
    length=st.integers(min_value=0, max_value=45),
    lang=st.sampled_from(["fr", "en", "es", "ru"]),
    style=st.integers(min_value=0, max_value=7),
    with_lang=st.booleans(),
)
def test_round_trip(start: dt.date, length: int, lang: str, style: int, with_lang: bool) -> None:
    end = start + dt.timedelta(days=length)
    if end.year > 2099:
        return
    text = _write(start, end, lang, style)
    found = find_date_range(f"Réunion tenue {text}.", lang if with_lang else None)
    assert found is not None, text
    assert (found.start, found.end) == (start.isoformat(), end.isoformat()), text


@pytest.mark.parametrize("lang", [None, "fr", "en", "es", "ru", "ar", "zh"])
def test_the_pattern_of_every_language_matches_as_its_parts_written_out(
    lang: str | None,
) -> None:
    # the months, the day suffix and the connectors are named groups, called where used: the
    # matches of the pattern with them written out in each place (with and without a language)
    import random

    import regex

    from pipeline.lang import MONTHS
    from pipeline.parse.dates import _CONNECTORS, CALLED, _pattern, source

    # what the equivalence rests on: the regex module backtracks into a called group (it is
    # not atomic), as into the same group written out
    assert regex.search(r"(?&x)c(?(DEFINE)(?P<x>a|ab))", "abc").span() == (0, 3)
    called = _pattern(lang)
    inline = regex.compile(source(lang, called=False), regex.IGNORECASE)
    assert all(f"(?&{name})" in called.pattern for name in CALLED)
    assert "(?&" not in inline.pattern
    names = sorted({m for code in MONTHS for m in MONTHS[code]})
    links = sorted({w for kind in ("to", "and", "from", "pair_intro")
                    for words in _CONNECTORS[kind].values() for w in words})
    suffixes = ["", "er", "re", "st", "nd", " th", ".º", "º", "°", "-го", "е", "."]
    rng = random.Random(17)
    texts = []
    for _ in range(3000):
        a, b, y = rng.choice(names), rng.choice(names), rng.randint(1990, 2030)
        d1, d2 = rng.randint(1, 31), rng.randint(1, 31)
        s1, s2, w1, w2 = (rng.choice(suffixes), rng.choice(suffixes), rng.choice(links),
                          rng.choice(links))
        texts += [f"du {d1} {a} au {d2} {b.upper()} {y}",
                  f"{a.title()} {d1}-{d2}, {y}, {b}. {y}",
                  f"les {rng.randint(1, 9)} et {rng.randint(10, 31)} {a} {y}; 2 {b}{y}",
                  f"{d1} {a} {y} - {y}年{rng.randint(1, 12)}月3日至5日",
                  f"{w1} {d1}{s1} {w2} {d2}{s2} {a} {y} года",
                  f"{w1} {d1}{s1} {a} {w2} {d2}{s2} {b}, {y}",
                  f"{a} {d1}{s1}, {d2}{s2} {w1} {rng.randint(1, 31)} {y}",
                  f"{d1}{s1}, {d2}{s2} {w2} {rng.randint(1, 31)} {a} de {y}"]

    def found(p: regex.Pattern[str], text: str) -> list[tuple]:
        return [(m.span(), {k: v for k, v in m.groupdict().items() if k not in CALLED})
                for m in p.finditer(text)]

    assert sum(len(found(called, t)) for t in texts) > (6000 if lang in (None, "fr") else 1500)
    assert all(found(called, t) == found(inline, t) for t in texts)
