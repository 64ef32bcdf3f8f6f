"""Language vocabulary for UN documents: the per-language tables combined into lookups.

Each language of the registry :data:`LANGS` is one module of this package (``fr.py``,
``en.py`` …) holding plain data and small pure functions in one shape (:data:`SHAPE`): month
names, ordinals, language names, masthead words, meeting words, the list alphabet, the
job-number letter and the enrichment patterns. This module combines them into the lookups
the stages use (``month_number``, ``ordinal_value``, ``language_from_name`` …); the
language-neutral helpers live in :mod:`pipeline.lang.common`. Adding a language means adding
its module (and fixtures) and its code in :data:`LANGS`.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from pipeline import recache, usercache
from pipeline.fsutil import sha256
from pipeline.lang.common import DASHES as DASHES
from pipeline.lang.common import alternation, flatten_chars, fold, normalize_text
from pipeline.lang.common import int_to_roman as int_to_roman
from pipeline.lang.common import is_roman as is_roman
from pipeline.lang.common import roman_to_int as roman_to_int

#: the registry: one module ``pipeline/lang/<code>.py`` per language
LANGS: tuple[str, ...] = ("fr", "en", "es", "ru", "ar", "zh")

#: what every language module defines, and its type (empty: none in this language)
SHAPE: dict[str, type | object] = {
    "MONTHS": tuple,
    "LIST_ALPHABET": str,
    "ORDINAL_NUMERAL": str,
    "ordinal_forms": Callable,
    "numeral_value": Callable,
    "JOB_SUFFIX": str,
    "SELF_NAMES": tuple,
    "LANGUAGE_NAMES": dict,
    "AND_WORDS": tuple,
    "ORIGINAL": str,
    "GUESS_CUES": str,
    "SCRIPT": str,
    "UN_NAMES": tuple,
    "ORGANS": tuple,
    "DISTRIBUTION_WORDS": dict,
    "RESOLUTION_ADOPTED": str,
    "MEETING_WORDS": tuple,
    "ACTOR_PATTERNS": tuple,
    "MODALITY_PATTERNS": tuple,
    "INSTRUMENTS": tuple,
    "OURS": dict,
    "OTHER_AFTER": str,
    "OTHER_BEFORE": str,
    "ORGANISATIONS": tuple,
    "SECTION_WORDS": dict,
    "SECTION_PATTERNS": tuple,
    "PREAMBLE_OPENER": str,
    "OPERATIVE_VERBS": dict,
    "PRESIDING_TITLES": tuple,
    "HONORIFICS": tuple,
    "INTERPRETATION": str,
    "QUOTED_PARAGRAPH": str,
    "DOCUMENT_TYPE_WORDS": dict,
    "HYPHENATION_PATTERNS": tuple,
    "WORD_LIST": str,
}


def _load(code: str) -> ModuleType:
    module = importlib.import_module(f"pipeline.lang.{code}")
    missing = [name for name in SHAPE if not hasattr(module, name)]
    if missing:
        raise ImportError(f"pipeline.lang.{code} does not define {', '.join(missing)}")
    return module


#: the language modules of the registry, by code
MODULES: dict[str, ModuleType] = {code: _load(code) for code in LANGS}

#: the languages whose modules have enrichment patterns (:mod:`pipeline.parse.enrich`)
ENRICHED: tuple[str, ...] = tuple(code for code, mod in MODULES.items() if mod.MODALITY_PATTERNS)


def enrichment_languages(language: str | None) -> tuple[str, ...]:
    """The languages whose enrichment patterns read a text in ``language``: that one when it
    has patterns, else every language that has."""
    return (language,) if language in ENRICHED else ENRICHED

# --------------------------------------------------------------------------------------------
# Months
# --------------------------------------------------------------------------------------------

#: month name (as printed, any listed form) → month number, per language that has month names
MONTHS: dict[str, dict[str, int]] = {
    code: {name: i + 1 for i, names in enumerate(mod.MONTHS) for name in names}
    for code, mod in MODULES.items() if mod.MONTHS
}
_MONTH_KEYS: dict[str, dict[str, int]] = {
    lang: {fold(k): v for k, v in table.items()} for lang, table in MONTHS.items()
}

#: the form used when writing a day-month date (genitive in Russian)
MONTH_NAMES: dict[str, list[str]] = {
    code: [names[0] for names in mod.MONTHS] for code, mod in MODULES.items() if mod.MONTHS
}


def month_number(word: str, lang: str | None = None) -> int | None:
    """``"juin"`` → 6, ``"июня"`` → 6, ``"Sept."`` → 9; ``None`` when not a month name."""
    key = fold(word)
    langs = [lang] if lang else list(_MONTH_KEYS)
    for code in langs:
        table = _MONTH_KEYS.get(code, {})
        if key in table:
            return table[key]
        if key.endswith(".") and key[:-1] in table:
            return table[key[:-1]]
    return None


def month_pattern(lang: str | None = None) -> str:
    """Regex alternation (no group) of every month form of ``lang`` (all languages if None)."""
    langs = [lang] if lang else list(MONTHS)
    words: set[str] = set()
    for code in langs:
        for name in MONTHS.get(code, {}):
            words.add(name)
            words.add(fold(name))
    return alternation(words)


# --------------------------------------------------------------------------------------------
# Letters of lettered lists: a) b) c) …; Russian а) б) в) … и) к) (ё й ъ ы ь are skipped)
# --------------------------------------------------------------------------------------------

#: the list alphabets of the registry's languages, each once
LIST_ALPHABETS: tuple[str, ...] = tuple(
    dict.fromkeys(mod.LIST_ALPHABET for mod in MODULES.values() if mod.LIST_ALPHABET)
)


#: the tatweel (kashida), drawn after a letter that does not join on its own ("هـ")
TATWEEL = "\u0640"


def list_letter_value(label: str) -> int | None:
    """Position of a list letter in its alphabet: ``"a"`` → 1, ``"j"`` → 10, ``"к"`` → 10
    (Russian lists skip ``й``), ``"aa"`` → 27 (doubled letters after ``z``), ``"هـ"`` → 5;
    else ``None``."""
    label = label.replace(TATWEEL, "")
    if not label or len(set(label)) != 1:
        return None
    for alphabet in LIST_ALPHABETS:
        pos = alphabet.find(label[0])
        if pos >= 0:
            return len(alphabet) * (len(label) - 1) + pos + 1
    return None


def next_list_letter(label: str) -> str | None:
    """The letter that follows ``label`` in a lettered list: ``"h"`` → ``"i"``,
    ``"и"`` → ``"к"``, ``"z"`` → ``"aa"``; ``None`` when ``label`` is not a list letter."""
    value = list_letter_value(label)
    if value is None:
        return None
    alphabet = next(a for a in LIST_ALPHABETS if label[0] in a)
    n = len(alphabet)
    return alphabet[value % n] * (value // n + 1)


_RTL_LETTER = recache.compile(r"[\u0590-\u08ff]")


def list_item_key(label: str) -> str:
    """The key a list letter gives an item's id: the letter itself (``"k"``, ``"к"``), but for
    a right-to-left alphabet the Latin letter of the same position (``"ب"`` → ``"b"``), so
    that ids such as ``3.b`` read the same in every left-to-right context and match the other
    language versions; ``label`` as given when it is not a list letter."""
    value = list_letter_value(label)
    if value is None or not _RTL_LETTER.match(label):
        return label
    latin = "abcdefghijklmnopqrstuvwxyz"
    return latin[(value - 1) % 26] * ((value - 1) // 26 + 1)


# --------------------------------------------------------------------------------------------
# Written ordinals (meetings, sessions): 1-99 in fr, en, es, ru; 1-10 in ar; any in zh
# --------------------------------------------------------------------------------------------

zh_number: Callable[[str], int | None] = MODULES["zh"].numeral_value


@cache
def _ordinal_table(lang: str) -> dict[str, int]:
    """Folded written form → value, for ordinals 1-99 of ``lang`` (the smallest value wins);
    kept between runs (:func:`_ordinal_store`)."""
    def build() -> dict[str, int]:
        table: dict[str, int] = {}
        if lang in MODULES:
            for n in range(1, 100):
                for form in MODULES[lang].ordinal_forms(n):
                    table.setdefault(fold(form), n)
        return table

    def valid(kept: Any) -> bool:
        return isinstance(kept, dict) and all(type(k) is str and type(v) is int
                                              for k, v in kept.items())

    return _kept_or_built(lang, "table", valid, build)


def _kept_or_built(lang: str, key: str, valid: Callable[[Any], bool],
                   build: Callable[[], Any]) -> Any:
    """The value of ``key`` in ``lang``'s ordinal cache file (:func:`_ordinal_store`) when it
    is ``valid``, else ``build()``, kept there for later runs."""
    store = _ordinal_store(lang)
    kept = store.get(key) if store is not None else None
    if valid(kept):
        return kept
    value = build()
    if store is not None:
        store.put(key, value)
    return value


@cache
def _ordinals_mark() -> str:
    """What a language's written ordinals follow from: the code of this package (the forms)
    and of the text normalisation (their folding), and the Python (its Unicode tables)."""
    here = Path(__file__).parent
    try:
        code = [p.read_bytes() for p in sorted(here.glob("*.py"))]
        code.append((here.parent / "textnorm.py").read_bytes())
    except OSError:
        return ""
    return sha256(b"\0".join(code) + sys.version.encode()).hexdigest()


@cache
def _ordinal_store(lang: str) -> usercache.Store | None:
    """The cache file of one language's ordinal table and words (None: not a language of
    :data:`MODULES`, or this package's code cannot be read): building them folds some
    thousand forms (Russian's, about 7 ms), each run that reads a meeting or session heading
    of that language (or of any, when the language is not known) would do it again."""
    mark = _ordinals_mark() if lang in MODULES else ""
    if not mark:
        return None
    return usercache.Store("lang", f"ordinals-{lang}-{sys.implementation.cache_tag}.pickle",
                           mark, limit=8)


def ordinal_value(text: str, lang: str | None = None) -> int | None:
    """Written ordinal → int: ``"Vingt et unième"`` → 21, ``"Twenty-first"`` → 21,
    ``"Vigésima primera"`` → 21, ``"Первое"`` → 1, ``"第二十一"`` → 21; else ``None``."""
    key = fold(text).strip()
    key = recache.sub(r"\s*-\s*", "-", key)
    codes = [lang] if lang else list(LANGS)
    for code in codes:  # ordinals written with a numeral ("第二十一")
        mod = MODULES.get(code)
        m = recache.fullmatch(mod.ORDINAL_NUMERAL, key) if mod and mod.ORDINAL_NUMERAL else None
        if m:
            return mod.numeral_value(m.group(1)) if mod else None
    for code in codes:
        table = _ordinal_table(code)
        if key in table:
            return table[key]
        spaced = key.replace("-", " ")
        if spaced in table:
            return table[spaced]
    return None


@cache
def ordinal_words(lang: str | None = None) -> frozenset[str]:
    """Every written ordinal 1-99 of ``lang`` (all languages if None), both the :func:`fold`-ed
    and the accented forms: the words :func:`ordinal_pattern` alternates."""
    if not lang:
        return frozenset().union(*map(ordinal_words, LANGS))

    def build() -> list[str]:
        words = set(_ordinal_table(lang))
        if lang in MODULES:  # the accented forms too: generated again without folding
            for n in range(1, 100):
                words |= {normalize_text(f) for f in MODULES[lang].ordinal_forms(n)}
        return sorted(words)

    def valid(kept: Any) -> bool:
        return isinstance(kept, list) and all(type(w) is str for w in kept)

    return frozenset(_kept_or_built(lang, "words", valid, build))


def ordinal_numerals(lang: str | None = None) -> tuple[str, ...]:
    """The patterns of ordinals written with a numeral ("第二十一届") of ``lang`` (all if None),
    their groups made non-capturing, in registry order."""
    langs = [lang] if lang else list(LANGS)
    numerals = [MODULES[c].ORDINAL_NUMERAL for c in langs if c in MODULES]
    return tuple(recache.sub(r"(?<!\\)\((?!\?)", "(?:", n) for n in numerals if n)


@cache
def ordinal_pattern(lang: str | None = None) -> str:
    """Regex alternation (no group) matching any written ordinal of ``lang`` (all if None).

    Compile it with ``re.IGNORECASE``; match against :func:`fold`-ed or plain text (both the
    accented and the accent-free forms are included). Large (every ordinal of five
    languages): matchers that only test a prefix use :func:`ordinal_words` instead."""
    # hyphen and space interchangeable in compounds
    pat = alternation(ordinal_words(lang))
    pat = pat.replace(r"\-", r"[\-\u2010\u2011 ]").replace(r"\ ", r"[ \-]")
    for numeral in reversed(ordinal_numerals(lang)):
        pat = numeral + "|" + pat
    return pat


# --------------------------------------------------------------------------------------------
# Languages: names on mastheads, in "Original:" lines, job-number suffixes
# --------------------------------------------------------------------------------------------

#: the language line of the distribution block, in the document's own language
LANGUAGE_SELF_NAMES: dict[str, str] = {
    name: code for code, mod in MODULES.items() for name in mod.SELF_NAMES
}
#: language names as written after "Original:" in each language (and in headers)
LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    code: dict(mod.LANGUAGE_NAMES) for code, mod in MODULES.items()
}
_LANG_NAME_KEYS: dict[str, str] = {}
for _table in LANGUAGE_NAMES.values():
    for _name, _code in _table.items():
        _LANG_NAME_KEYS[fold(_name)] = _code
for _name, _code in LANGUAGE_SELF_NAMES.items():
    _LANG_NAME_KEYS[fold(_name)] = _code
_NAME_SPLIT_RE = recache.compile(
    "|".join([r"[\s:/,;()]+", *(w for mod in MODULES.values() for w in mod.AND_WORDS)])
)

#: the word "Original" in each language
ORIGINAL_WORDS: dict[str, str] = {code: mod.ORIGINAL for code, mod in MODULES.items()}


def language_from_name(name: str) -> str | None:
    """``"anglais"`` / ``"English"`` / ``"inglés"`` / ``"английский"`` → ``"en"``;
    ``"Arabic: العربية"`` → ``"ar"``; ``None`` when unknown."""
    text = fold(name).strip(" .:;*")
    if text in _LANG_NAME_KEYS:
        return _LANG_NAME_KEYS[text]
    # "Arabic: العربية", "English/French", "anglais et français": first known name
    for token in _NAME_SPLIT_RE.split(text):
        token = token.strip(" .*")
        if token in _LANG_NAME_KEYS:
            return _LANG_NAME_KEYS[token]
    return None


def language_line(text: str) -> str | None:
    """Language code if ``text`` is the distribution block's language line ("Français",
    "English", "Arabic: العربية" ...), else ``None``."""
    t = normalize_text(text).strip(" .*")
    key = fold(t)
    if key in _LANG_NAME_KEYS:  # "Français", "English", also "Russian" in an English block
        return _LANG_NAME_KEYS[key]
    m = recache.fullmatch(r"(\w+)\s*:\s*(\S+)", t)
    if m and language_from_name(m.group(1)) and language_from_name(m.group(1)) == (
        language_from_name(m.group(2))
    ):
        return language_from_name(m.group(1))
    return None


#: job-number language letter → language code
JOB_SUFFIX_LANG: dict[str, str] = {mod.JOB_SUFFIX: code for code, mod in MODULES.items()}
_JOB_RE = recache.compile(
    r"(?<![\w.])(?P<job>(?:[A-Z]{1,3}\.)?\d{2}-\d{4,6})\s*\((?P<lang>["
    + "".join(sorted(JOB_SUFFIX_LANG))
    + r"])\)"
)


def parse_job_number(text: str) -> tuple[str, str] | None:
    """``"GE.09-17088 (F) 111209"`` → ``("GE.09-17088", "fr")``; ``None`` when absent."""
    m = _JOB_RE.search(flatten_chars(text))
    if not m:
        return None
    return m.group("job"), JOB_SUFFIX_LANG[m.group("lang")]


# --------------------------------------------------------------------------------------------
# Distribution, masthead names, organs
# --------------------------------------------------------------------------------------------

_DISTRIBUTION_WORDS: dict[str, str] = {
    word: value for mod in MODULES.values() for word, value in mod.DISTRIBUTION_WORDS.items()
}
_DISTR_RE = recache.compile(r"^\s*(?:distr\.?|distribution|распр\.?|التوزيع|分发)\s*[.:]?\s*(.*)$",
                       re.IGNORECASE)


def parse_distribution(text: str) -> str | None:
    """``"Distr. générale"`` / ``"Distr.: Limited"`` / ``"Distr. limitada"`` / ``"GENERAL"`` →
    ``general`` | ``limited`` | ``restricted``; ``None`` when no distribution word."""
    t = fold(text)
    m = _DISTR_RE.match(t)
    rest = (m.group(1) if m else t).strip(" .:*")
    if not rest:
        return None
    for word, value in sorted(_DISTRIBUTION_WORDS.items(), key=lambda kv: -len(kv[0])):
        if rest == fold(word) or rest.startswith(fold(word) + " "):
            return value
    return None


def is_distribution_line(text: str) -> bool:
    """True for the first line of the distribution block (``Distr.`` …)."""
    return bool(recache.match(r"^\s*(?:distr\b|distribution\b|распр\.|التوزيع|分发)", fold(text)))


#: "United Nations" as printed at the top of page 1
UN_NAMES: dict[str, str] = {name: code for code, mod in MODULES.items() for name in mod.UN_NAMES}
#: principal organs as printed in the masthead
ORGANS: dict[str, str] = {name: code for code, mod in MODULES.items() for name in mod.ORGANS}

_UN_KEYS = {fold(k): v for k, v in UN_NAMES.items()}
_ORGAN_KEYS = {fold(k): v for k, v in ORGANS.items()}


def un_name_language(text: str) -> str | None:
    """Language of a printed "United Nations" (``"NATIONS UNIES"`` → ``"fr"``), else ``None``."""
    return _UN_KEYS.get(fold(text).strip(" ."))


def organ_language(text: str) -> str | None:
    """Language of a principal organ name (``"General Assembly"`` → ``"en"``), else ``None``."""
    return _ORGAN_KEYS.get(fold(text).strip(" ."))


_RESOLUTION_ADOPTED_RE = recache.compile(
    "|".join(
        f"(?P<{code}>^(?:{mod.RESOLUTION_ADOPTED}))"
        for code, mod in MODULES.items() if mod.RESOLUTION_ADOPTED
    )
)


def resolution_adopted_language(text: str) -> str | None:
    """Language of a "Resolution adopted by the General Assembly on ..." line
    (``"Résolution adoptée par l'Assemblée générale le 16 décembre 2020"`` → ``"fr"``;
    ``"Резолюция, принятая Генеральной Ассамблеей ..."`` → ``"ru"``), else ``None``."""
    m = _RESOLUTION_ADOPTED_RE.match(fold(text))
    return m.lastgroup if m else None


def document_type_from_title(title: str | None, language: str | None) -> str | None:
    """What a document is from the start of its title in its language (``"Report of the
    Human Rights Council ..."`` → ``"report"``; ``"Décision de l'Assemblée ..."`` →
    ``"decision"``), else ``None``; without a known language every language is tried."""
    if not title:
        return None
    text = fold(title)
    codes = (language,) if language in MODULES else LANGS
    for code in codes:
        for kind, pattern in MODULES[code].DOCUMENT_TYPE_WORDS.items():
            if recache.match(pattern, text):
                return kind
    return None


# --------------------------------------------------------------------------------------------
# Meetings and sessions
# --------------------------------------------------------------------------------------------

#: nouns naming a meeting or a session, per language
MEETING_WORDS: dict[str, tuple[str, ...]] = {
    code: mod.MEETING_WORDS for code, mod in MODULES.items()
}


def meeting_word_pattern(lang: str | None = None) -> str:
    """Regex alternation (no group) of the meeting/session nouns of ``lang`` (all if None)."""
    langs = [lang] if lang else list(MEETING_WORDS)
    return alternation([w for code in langs for w in MEETING_WORDS.get(code, ())])


def guess_language(text: str) -> str | None:
    """Cheap script/vocabulary guess for a short text (a heading or a masthead line)."""
    for code, mod in MODULES.items():
        if mod.SCRIPT and recache.search(mod.SCRIPT, text):
            return code
    key = fold(text)
    scores = {code: 0 for code, mod in MODULES.items() if mod.GUESS_CUES}
    for code in scores:
        scores[code] += len(recache.findall(MODULES[code].GUESS_CUES, key))
    for code in scores:
        for name in MONTHS.get(code, {}):
            if recache.search(rf"\b{re.escape(fold(name))}(?!\w)", key):
                scores[code] += 2
    best = max(scores, key=lambda c: scores[c])
    return best if scores[best] > 0 else None


def quoted_paragraph(heading: str, lang: str | None = None) -> int | None:
    """The number of the one paragraph a heading says is quoted under it ("Paragraphe 4 de la
    résolution 55/122" → 4), in ``lang`` (every language if None); None otherwise."""
    codes = [lang] if lang in MODULES else list(MODULES)
    for code in codes:
        pattern = MODULES[code].QUOTED_PARAGRAPH
        if pattern and (m := recache.search(pattern, heading, re.IGNORECASE)):
            return int(m.group("n"))
    return None


def guess_text_language(text: str) -> str | None:
    """The language of a document's running text (a publication without a masthead): the
    script that most of its letters are written in, else, for the Latin script, the language
    whose cue words are most frequent. Unlike :func:`guess_language`, a stray character of
    another script (a name, a quotation) does not decide."""
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return None
    for code, mod in MODULES.items():
        if mod.SCRIPT and len(recache.findall(mod.SCRIPT, text)) * 2 > letters:
            return code
    key = fold(text)
    scores = {code: len(recache.findall(mod.GUESS_CUES, key))
              for code, mod in MODULES.items() if mod.GUESS_CUES}
    best = max(scores, key=lambda c: scores[c])
    # a clear majority: the runner-up's cues must not come close
    runner_up = max((v for c, v in scores.items() if c != best), default=0)
    return best if scores[best] > 0 and scores[best] >= 2 * runner_up else None



# --------------------------------------------------------------------------------------------
# Document structure: section words, preambular openers, operative verbs
# --------------------------------------------------------------------------------------------

#: section words of every language (lower case) → language-neutral section kind key
SECTION_WORDS: dict[str, str] = {
    w: key for mod in MODULES.values() for w, key in mod.SECTION_WORDS.items()
}

#: section headings whose number sits inside a frame ("第4条"), of every language: (kind key,
#: the pattern anchored at the heading's start, the language's numeral reader for its group 1)
SECTION_PATTERNS: tuple[tuple[str, re.Pattern[str], Callable[[str], int | None]], ...] = tuple(
    (key, recache.compile(pattern), mod.numeral_value)
    for mod in MODULES.values() for key, pattern in mod.SECTION_PATTERNS
)


def preamble_opener(lang: str | None) -> str:
    """Regex of the opening phrases of preambular paragraphs in ``lang`` (all if None)."""
    pats = [MODULES[c].PREAMBLE_OPENER for c in ([lang] if lang in MODULES else MODULES)]
    return "|".join(f"(?:{p})" for p in pats if p)


def operative_verbs(lang: str | None) -> dict[str, str]:
    """Operative verbs of ``lang`` (all languages if None), lower case → neutral key."""
    codes = [lang] if lang in MODULES else list(MODULES)
    return {w: k for c in codes for w, k in MODULES[c].OPERATIVE_VERBS.items()}
# --------------------------------------------------------------------------------------------
# Verbatim records: speakers
# --------------------------------------------------------------------------------------------


def _vocab_langs(lang: str | None) -> list[ModuleType]:
    return [MODULES[lang]] if lang in MODULES else list(MODULES.values())


def presiding_titles(lang: str | None = None) -> tuple[str, ...]:
    """Offices that name a speaker ("The President", "Le Président"), longest first."""
    titles = {t for m in _vocab_langs(lang) for t in m.PRESIDING_TITLES}
    return tuple(sorted(titles, key=lambda t: (-len(t), t)))


def honorifics(lang: str | None = None) -> tuple[str, ...]:
    """Forms of address that open a speaker's name ("Mr.", "Mme", "El Sr.", "Г-н")."""
    words = {h for m in _vocab_langs(lang) for h in m.HONORIFICS}
    return tuple(sorted(words, key=lambda t: (-len(t), t)))


def interpretation_pattern(lang: str | None = None) -> str:
    """Regex of the interpretation note after a speaker ("spoke in French"); "" for none."""
    parts = [m.INTERPRETATION for m in _vocab_langs(lang) if m.INTERPRETATION]
    return "|".join(f"(?:{p})" for p in parts)
