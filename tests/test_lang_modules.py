"""The language modules of pipeline.lang: one shape for all, and the lookups they combine into."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import pipeline.lang as lang
from pipeline.lang import (
    JOB_SUFFIX_LANG,
    LANGS,
    LIST_ALPHABETS,
    MODULES,
    SHAPE,
    list_item_key,
    list_letter_value,
    month_number,
    next_list_letter,
    ordinal_pattern,
    ordinal_value,
)
from pipeline.parse.enrich import ACTORS, MODALITIES

PACKAGE = Path(lang.__file__).parent


def test_registry_is_the_package() -> None:
    """Every language file is registered, every registered code has its file."""
    files = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "common"}
    assert files == set(LANGS)
    assert tuple(MODULES) == LANGS


@pytest.mark.parametrize("code", LANGS)
def test_module_shape(code: str) -> None:
    mod = MODULES[code]
    for name, kind in SHAPE.items():
        assert isinstance(getattr(mod, name), kind), f"{code}.{name} is not {kind}"
    # months: none, or twelve non-empty tuples of names
    assert len(mod.MONTHS) in (0, 12)
    assert all(names and all(isinstance(n, str) for n in names) for names in mod.MONTHS)
    assert len(set(mod.LIST_ALPHABET)) == len(mod.LIST_ALPHABET)
    assert re.fullmatch(r"[A-Z]", mod.JOB_SUFFIX)
    assert mod.SELF_NAMES and mod.UN_NAMES and mod.MEETING_WORDS and mod.ORIGINAL
    assert set(mod.LANGUAGE_NAMES.values()) == set(LANGS)
    assert set(mod.DISTRIBUTION_WORDS.values()) <= {"general", "limited", "restricted"}
    for n in (1, 2, 21, 99):
        forms = mod.ordinal_forms(n)
        assert isinstance(forms, set) and all(isinstance(f, str) for f in forms)
    # regex sources compile; keys are the enrichment's keys
    for source in (mod.ORDINAL_NUMERAL, mod.RESOLUTION_ADOPTED, mod.GUESS_CUES, mod.SCRIPT,
                   mod.OTHER_AFTER, mod.OTHER_BEFORE, *mod.AND_WORDS, *mod.OURS.values()):
        re.compile(source)
    if mod.ORDINAL_NUMERAL:
        assert re.compile(mod.ORDINAL_NUMERAL).groups == 1
    for key, source in mod.ACTOR_PATTERNS:
        assert key in ACTORS and re.compile(source)
    for key, source, after in mod.MODALITY_PATTERNS:
        assert key in MODALITIES and isinstance(after, bool) and re.compile(source)
    for kind, source in mod.INSTRUMENTS:
        assert kind in ("protocol", "convention") and re.compile(source)
    assert set(mod.OURS) <= {"protocol", "convention"}
    for key, source in mod.ORGANISATIONS:
        assert re.fullmatch(r"[A-Z]+", key) and re.compile(source)


def test_enrichment_languages_cover_every_key() -> None:
    """A language with enrichment patterns names every actor and every modality."""
    for code in LANGS:
        mod = MODULES[code]
        if mod.MODALITY_PATTERNS:
            assert {k for k, _s, _a in mod.MODALITY_PATTERNS} == set(MODALITIES), code
            assert {k for k, _s in mod.ACTOR_PATTERNS} == set(ACTORS), code


def test_job_letters_are_distinct() -> None:
    assert JOB_SUFFIX_LANG == {"F": "fr", "E": "en", "S": "es", "R": "ru", "A": "ar", "C": "zh"}


# month name → number, written out by hand from the calendars of each language
MONTH_SAMPLES = [
    ("fr", "février", 2), ("fr", "Févr.", 2), ("fr", "aout", 8), ("fr", "déc.", 12),
    ("en", "Sept.", 9), ("en", "Sep.", 9), ("en", "Sep", None), ("en", "MAY", 5),
    ("en", "december", 12),
    ("es", "setiembre", 9), ("es", "Enero", 1), ("es", "junio", 6),
    ("ru", "декабре", 12), ("ru", "мая", 5), ("ru", "сентябрь", 9), ("ru", "февраля", 2),
    ("ar", "تموز/يوليه", 7), ("ar", "يوليو", 7), ("ar", "ابريل", 4), ("ar", "ديسمبر", 12),
    ("zh", "三月", None), ("fr", "March", None), ("en", "mars", None),
]


@pytest.mark.parametrize(("code", "word", "number"), MONTH_SAMPLES)
def test_month_number(code: str, word: str, number: int | None) -> None:
    assert month_number(word, code) == number
    if number is not None:
        assert month_number(word) == number  # every language tried


# written ordinal → value, spelled out by hand
ORDINAL_SAMPLES = [
    ("fr", "premier", 1), ("fr", "1re", 1), ("fr", "seconde", 2), ("fr", "cinquième", 5),
    ("fr", "neuvième", 9), ("fr", "soixante et onzième", 71), ("fr", "soixante-dix-septième", 77),
    ("fr", "quatre-vingtième", 80), ("fr", "quatre-vingt-dix-neuvième", 99), ("fr", "42e", 42),
    ("en", "first", 1), ("en", "twelfth", 12), ("en", "forty-second", 42), ("en", "fortieth", 40),
    ("en", "ninety ninth", 99), ("en", "13th", 13), ("en", "22nd", 22),
    ("es", "primera", 1), ("es", "tercer", 3), ("es", "nono", 9), ("es", "undécima", 11),
    ("es", "decimotercera", 13), ("es", "vigésimo primer", 21), ("es", "21.º", 21),
    ("es", "quincuagésima", 50),
    ("ru", "первое", 1), ("ru", "третьего", 3), ("ru", "двадцать третьей", 23),
    ("ru", "сороковая", 40), ("ru", "45-я", 45),
    ("ar", "الأول", 1), ("ar", "الاولى", 1), ("ar", "العاشرة", 10), ("ar", "الحادي عشر", 11),
    ("ar", "السادسة عشرة", 16), ("ar", "العشرون", 20), ("ar", "الثالثة والستون", 63),
    ("zh", "第二十一", 21), ("zh", "第十", 10), ("zh", "第21届", 21), ("zh", "第七次", 7),
    ("en", "premier", None), ("fr", "first", None), ("ar", "الحادي", None),
]


@pytest.mark.parametrize(("code", "text", "value"), ORDINAL_SAMPLES)
def test_ordinal_value(code: str, text: str, value: int | None) -> None:
    assert ordinal_value(text, code) == value
    if value is not None:
        assert ordinal_value(text) == value
        pattern = re.compile(rf"(?:{ordinal_pattern(code)})", re.IGNORECASE)
        assert pattern.fullmatch(text)


def test_list_alphabets_once_each() -> None:
    assert LIST_ALPHABETS == ("abcdefghijklmnopqrstuvwxyz", "абвгдежзиклмнопрстуфхцчшщэюя",
                              "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ")
    assert next_list_letter("и") == "к" and next_list_letter("z") == "aa"
    # Arabic lists run in abjad order; "هـ" is written with a tatweel
    assert next_list_letter("د") == "ه" and next_list_letter("هـ") == "و"
    assert list_letter_value("هـ") == 5
    assert list_item_key("ب") == "b" and list_item_key("к") == "к"


def test_ordinal_forms_are_generators() -> None:
    """The ordinal generators are the languages' own functions, not a shared table."""
    assert all(isinstance(MODULES[c].ordinal_forms, Callable) for c in LANGS)
    assert "vingt et unième" in MODULES["fr"].ordinal_forms(21)
    assert "twenty first" in MODULES["en"].ordinal_forms(21)
    assert MODULES["zh"].ordinal_forms(3) == set()


def test_enrichment_reads_the_registry() -> None:
    """The enrichment's languages are the registry's languages that have patterns."""
    from pipeline.lang import ENRICHED, enrichment_languages
    from pipeline.parse import enrich

    assert ENRICHED == ("fr", "en", "es", "ru") == enrich.LANGUAGES
    assert enrichment_languages("ru") == ("ru",)
    assert enrichment_languages("ar") == ENRICHED  # no patterns of its own: every language's
    assert enrichment_languages(None) == ENRICHED
    # an English sentence read with the English patterns only
    assert enrich.detect_modality("States parties should consider", "en") == "should"
    assert enrich.detect_modality("States parties should consider", "fr") is None


def _fold_by_character(text: str) -> str:
    """:func:`pipeline.lang.common.fold` as its docstring defines it, one character at a time."""
    import unicodedata

    from pipeline.lang.common import normalize_text

    text = unicodedata.normalize("NFD", normalize_text(text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", text).replace("ё", "е")


def test_fold_of_short_and_long_texts_is_its_definition() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from pipeline.lang.common import fold

    marks = "\u0301\u0306\u0308\u0327\u05b0\u064b\u0e31\u20d7\U0001d167"
    letters = "aéÉçñöüёЁйЙ]\\^-[ ﬁ\u00a0ÅǅΐΪ一" + marks
    texts = st.text(alphabet=st.sampled_from(letters) | st.characters(), max_size=600)

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(texts)
    def check(text: str) -> None:
        assert fold(text) == _fold_by_character(text)

    check()
    # a text long enough for the one-pass deletion, with marks to delete
    long = "Año ёлка Ĳssel Ça va " * 40 + "a\u0301\u0327"
    assert fold(long) == _fold_by_character(long)
    assert "\u0301" not in fold(long)
