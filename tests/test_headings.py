"""Tests for pipeline.parse.headings: meeting headings in fr, en, es, ru → ordinal, city, dates."""

from __future__ import annotations

import pytest

from pipeline.lang import int_to_roman, ordinal_value, ordinal_words, roman_to_int
from pipeline.parse.headings import is_meeting_heading, meeting_label, parse_meeting_heading

# (heading, lang, ordinal, city, start, end)
HEADINGS = [
    ("Première réunion, tenue à Vienne du 30 mai au 1er juin 2012", "fr", 1, "Vienne",
     "2012-05-30", "2012-06-01"),
    ("Deuxième réunion, tenue à Vienne du 11 au 13 novembre 2013", "fr", 2, "Vienne",
     "2013-11-11", "2013-11-13"),
    ("Troisième réunion, tenue à Vienne du 18 au 20 novembre 2015", "fr", 3, "Vienne",
     "2015-11-18", "2015-11-20"),
    ("Quatrième réunion, tenue à Vienne du 11 au 13 septembre 2017", "fr", 4, "Vienne",
     "2017-09-11", "2017-09-13"),
    ("Cinquième réunion, tenue à Vienne les 4 et 5 juillet 2018", "fr", 5, "Vienne",
     "2018-07-04", "2018-07-05"),
    ("Vingt et unième réunion, tenue à Genève du 28 décembre 2018 au 2 janvier 2019", "fr", 21,
     "Genève", "2018-12-28", "2019-01-02"),
    ("Onzième session, tenue à Vienne du 1er au 3 octobre 2020", "fr", 11, "Vienne",
     "2020-10-01", "2020-10-03"),
    ("First meeting, held in Vienna from 30 May to 1 June 2012", "en", 1, "Vienna",
     "2012-05-30", "2012-06-01"),
    ("Second meeting, held in Vienna from 11 to 13 November 2013", "en", 2, "Vienna",
     "2013-11-11", "2013-11-13"),
    ("Fifth meeting, held in Vienna on 4 and 5 July 2018", "en", 5, "Vienna",
     "2018-07-04", "2018-07-05"),
    ("Twenty-first session, held in New York from 10 to 14 February 2025", "en", 21,
     "New York", "2025-02-10", "2025-02-14"),
    ("Thirtieth meeting, held in Geneva on 4 and 5 July 2018", "en", 30, "Geneva",
     "2018-07-04", "2018-07-05"),
    ("Primera reunión, celebrada en Viena del 30 de mayo al 1 de junio de 2012", "es", 1,
     "Viena", "2012-05-30", "2012-06-01"),
    ("Quinta reunión, celebrada en Viena los días 4 y 5 de julio de 2018", "es", 5, "Viena",
     "2018-07-04", "2018-07-05"),
    ("Vigésima primera reunión, celebrada en Viena del 11 al 13 de noviembre de 2013", "es", 21,
     "Viena", "2013-11-11", "2013-11-13"),
    ("Decimotercer período de sesiones, celebrado en Viena del 11 al 13 de noviembre de 2013",
     "es", 13, "Viena", "2013-11-11", "2013-11-13"),
    ("Первое совещание, состоявшееся в Вене 30 мая – 1 июня 2012 года", "ru", 1, "Вене",
     "2012-05-30", "2012-06-01"),
    ("Второе совещание, состоявшееся в Вене 11–13 ноября 2013 года", "ru", 2, "Вене",
     "2013-11-11", "2013-11-13"),
    ("Пятое совещание, состоявшееся в Вене 4 и 5 июля 2018 года", "ru", 5, "Вене",
     "2018-07-04", "2018-07-05"),
    ("Двадцать первая сессия, состоявшаяся в Женеве с 11 по 13 ноября 2013 года", "ru", 21,
     "Женеве", "2013-11-11", "2013-11-13"),
]


@pytest.mark.parametrize(("text", "lang", "ordinal", "city", "start", "end"), HEADINGS)
def test_meeting_headings(
    text: str, lang: str, ordinal: int, city: str, start: str, end: str
) -> None:
    for code in (lang, None):
        h = parse_meeting_heading(text, code)
        assert h is not None, (text, code)
        assert h.ordinal == ordinal
        assert h.city == city
        assert (h.start_date, h.end_date) == (start, end)
        assert h.lang == lang
        assert is_meeting_heading(text, code)


def test_with_roman_label_and_typography() -> None:
    text = "I.\u00a0Première réunion, tenue à Vienne du 30\u00a0mai au 1er juin 2012"
    h = parse_meeting_heading(text)
    assert h is not None
    assert (h.ordinal, h.city, h.start_date, h.end_date) == (1, "Vienne", "2012-05-30",
                                                              "2012-06-01")
    assert meeting_label(text) == 1
    assert meeting_label("IV. Quatrième réunion, tenue à Vienne du 11 au 13 septembre 2017") == 4


def test_russian_nominative_city() -> None:
    h = parse_meeting_heading("Первое совещание, состоявшееся в Вене 30 мая – 1 июня 2012 года")
    assert h is not None and h.city == "Вене" and h.city_nominative == "Вена"


@pytest.mark.parametrize(
    ("text", "ordinal"),
    [("Septième session", 7), ("Thirty-fourth session", 34), ("Sixty-third session", 63),
     ("Quarante-huitième session", 48), ("Cuadragésimo octavo período de sesiones", 48),
     ("Сорок восьмая сессия", 48)],
)
def test_session_lines_without_dates(text: str, ordinal: int) -> None:
    h = parse_meeting_heading(text)
    assert h is not None and h.ordinal == ordinal
    assert h.start_date is None and h.city is None


@pytest.mark.parametrize(
    "text",
    [
        "Méthodologie et procédures de consultation",
        "Introduction",
        "Questions diverses",
        "Background",
        "I. Background",
        "La première réunion du Groupe de travail s'est tenue à Vienne du 30 mai au 1er juin 2012.",
        "Second meeting of the Working Group was devoted to a long discussion of many topics.",
        "Recommandations adoptées par le Groupe de travail sur le trafic illicite de migrants",
        "1. Les États qui ne l'ont pas encore fait devraient être encouragés à ratifier",
        "",
        "Première",
    ],
)
def test_not_meeting_headings(text: str) -> None:
    assert parse_meeting_heading(text) is None
    assert not is_meeting_heading(text)


ORDINALS = [
    ("Première", 1), ("premier", 1), ("deuxième", 2), ("second", 2), ("dixième", 10),
    ("onzième", 11), ("dix-septième", 17), ("vingtième", 20), ("vingt et unième", 21),
    ("vingt-deuxième", 22), ("trentième", 30), ("quatre-vingt-dixième", 90),
    ("First", 1), ("Second", 2), ("Third", 3), ("Twelfth", 12), ("Twentieth", 20),
    ("Twenty-first", 21), ("Twenty first", 21), ("Thirtieth", 30), ("Seventy-sixth", 76),
    ("Primera", 1), ("Primer", 1), ("Primero", 1), ("Segunda", 2), ("Tercer", 3),
    ("Décima", 10), ("Undécima", 11), ("Decimotercera", 13), ("Vigésima", 20),
    ("Vigésima primera", 21), ("Vigésimo primer", 21), ("Trigésimo", 30),
    ("Первое", 1), ("первая", 1), ("Второе", 2), ("третья", 3), ("Десятое", 10),
    ("Двадцатое", 20), ("Двадцать первое", 21), ("тридцатая", 30),
]


@pytest.mark.parametrize(("word", "value"), ORDINALS)
def test_written_ordinals(word: str, value: int) -> None:
    assert ordinal_value(word) == value


def test_roman_numerals() -> None:
    for n in range(1, 200):
        assert roman_to_int(int_to_roman(n)) == n
    assert roman_to_int("IIII") is None
    assert roman_to_int("Introduction") is None


def test_no_written_ordinal_ends_with_a_space_or_a_hyphen() -> None:
    # _match_heading skips the prefixes ending so without asking every language's ordinals
    words = ordinal_words(None)
    assert words and not [w for w in words if w[-1] in " -\u2010\u2011"]


def test_a_heading_without_a_language_makes_only_the_ordinals_it_needs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pipeline.parse import headings

    asked: list[str | None] = []

    def recorded(lang: str | None = None) -> frozenset[str]:
        asked.append(lang)
        return ordinal_words(lang)

    monkeypatch.setattr(headings, "ordinal_words", recorded)
    headings._ordinal_keys.cache_clear()
    try:
        heading = parse_meeting_heading("Sixty-third session")
    finally:
        headings._ordinal_keys.cache_clear()
    assert heading is not None and heading.ordinal == 63
    assert asked == ["fr", "en"]  # English's ordinal found: Spanish, Russian … never made
