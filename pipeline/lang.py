"""Language vocabulary for UN documents: months, ordinals, Roman numerals, masthead words."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from pipeline.textnorm import normalize

LANGS: tuple[str, ...] = ("fr", "en", "es", "ru", "ar", "zh")

# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'",
                              "\uff07": "'"})
#: dashes and minus signs → ASCII hyphen (one character each, so offsets are preserved)
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH_TABLE = str.maketrans({c: "-" for c in DASHES})
_SPACE_TABLE = str.maketrans(
    {c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
     "\u2009\u200a\u202f\u205f\u3000\t\n\r\x0b\x0c"}
)


def normalize_text(text: str) -> str:
    """The pipeline's text normalisation (see :mod:`pipeline.textnorm`)."""
    return normalize(text)


def flatten_chars(text: str) -> str:
    """Same-length rewrite for matching: dashes → ``-``, Unicode spaces → space, ``’`` → ``'``."""
    return text.translate(_DASH_TABLE).translate(_SPACE_TABLE).translate(_APOSTROPHES)


def fold(text: str) -> str:
    """Case- and accent-insensitive key: casefold, strip combining marks, ``ё`` → ``е``."""
    text = unicodedata.normalize("NFD", normalize_text(text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", text).replace("ё", "е")


def alternation(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """Regex alternation of literal words, longest first (so prefixes do not win)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


# --------------------------------------------------------------------------------------------
# Months
# --------------------------------------------------------------------------------------------

_MONTHS_RAW: dict[str, list[list[str]]] = {
    "fr": [
        ["janvier", "janv."], ["février", "fevrier", "févr.", "fév."], ["mars"],
        ["avril", "avr."], ["mai"], ["juin"], ["juillet", "juil."], ["août", "aout"],
        ["septembre", "sept."], ["octobre", "oct."], ["novembre", "nov."],
        ["décembre", "decembre", "déc."],
    ],
    "en": [
        ["January", "Jan."], ["February", "Feb."], ["March", "Mar."], ["April", "Apr."],
        ["May"], ["June", "Jun."], ["July", "Jul."], ["August", "Aug."],
        ["September", "Sept.", "Sep."], ["October", "Oct."], ["November", "Nov."],
        ["December", "Dec."],
    ],
    "es": [
        ["enero"], ["febrero"], ["marzo"], ["abril"], ["mayo"], ["junio"], ["julio"],
        ["agosto"], ["septiembre", "setiembre"], ["octubre"], ["noviembre"], ["diciembre"],
    ],
    "ru": [
        ["января", "январь", "январе"], ["февраля", "февраль", "феврале"],
        ["марта", "март", "марте"], ["апреля", "апрель", "апреле"], ["мая", "май", "мае"],
        ["июня", "июнь", "июне"], ["июля", "июль", "июле"],
        ["августа", "август", "августе"], ["сентября", "сентябрь", "сентябре"],
        ["октября", "октябрь", "октябре"], ["ноября", "ноябрь", "ноябре"],
        ["декабря", "декабрь", "декабре"],
    ],
    "ar": [
        ["كانون الثاني/يناير", "يناير"], ["شباط/فبراير", "فبراير"], ["آذار/مارس", "مارس"],
        ["نيسان/أبريل", "أبريل", "ابريل"], ["أيار/مايو", "مايو"],
        ["حزيران/يونيه", "يونيه", "يونيو"],
        ["تموز/يوليه", "يوليه", "يوليو"], ["آب/أغسطس", "أغسطس"], ["أيلول/سبتمبر", "سبتمبر"],
        ["تشرين الأول/أكتوبر", "أكتوبر"], ["تشرين الثاني/نوفمبر", "نوفمبر"],
        ["كانون الأول/ديسمبر", "ديسمبر"],
    ],
}

#: month name (as printed, any listed form) → month number, per language
MONTHS: dict[str, dict[str, int]] = {
    lang: {name: i + 1 for i, names in enumerate(table) for name in names}
    for lang, table in _MONTHS_RAW.items()
}
_MONTH_KEYS: dict[str, dict[str, int]] = {
    lang: {fold(k): v for k, v in table.items()} for lang, table in MONTHS.items()
}

#: the form used when writing a day-month date (genitive in Russian)
MONTH_NAMES: dict[str, list[str]] = {
    lang: [names[0] for names in table] for lang, table in _MONTHS_RAW.items()
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
# Roman numerals
# --------------------------------------------------------------------------------------------

_ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]
_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def int_to_roman(n: int) -> str:
    """4 → ``"IV"`` (1 ≤ n ≤ 3999)."""
    if not 0 < n < 4000:
        raise ValueError(f"cannot write {n} in Roman numerals")
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def roman_to_int(text: str) -> int | None:
    """``"XIV"`` → 14 (case-insensitive, canonical forms only); ``None`` if not a numeral."""
    s = text.strip().upper()
    if not s or not _ROMAN_RE.match(s):
        return None
    total, i = 0, 0
    for value, letters in _ROMAN:
        while s.startswith(letters, i):
            total += value
            i += len(letters)
    return total


def is_roman(text: str) -> bool:
    return roman_to_int(text) is not None


# --------------------------------------------------------------------------------------------
# Letters of lettered lists: a) b) c) …; Russian а) б) в) … и) к) (ё й ъ ы ь are skipped)
# --------------------------------------------------------------------------------------------

LIST_ALPHABETS: tuple[str, ...] = (
    "abcdefghijklmnopqrstuvwxyz",
    "абвгдежзиклмнопрстуфхцчшщэюя",
)


def list_letter_value(label: str) -> int | None:
    """Position of a list letter in its alphabet: ``"a"`` → 1, ``"j"`` → 10, ``"к"`` → 10
    (Russian lists skip ``й``), ``"aa"`` → 27 (doubled letters after ``z``); else ``None``."""
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


# --------------------------------------------------------------------------------------------
# Written ordinals (meetings, sessions): 1-99 in fr, en, es, ru; 1-10 in ar; any in zh
# --------------------------------------------------------------------------------------------

_FR_UNITS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]
_FR_TEENS = ["dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept",
             "dix-huit", "dix-neuf"]
_FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _fr_cardinal(n: int) -> str:
    if n < 10:
        return _FR_UNITS[n]
    if n < 20:
        return _FR_TEENS[n - 10]
    tens, unit = divmod(n, 10)
    if tens == 7:
        return "soixante-" + ("et-onze" if unit == 1 else _FR_TEENS[unit])
    if tens == 8:
        return "quatre-vingts" if unit == 0 else "quatre-vingt-" + _FR_UNITS[unit]
    if tens == 9:
        return "quatre-vingt-" + _FR_TEENS[unit]
    base = _FR_TENS[tens]
    if unit == 0:
        return base
    if unit == 1:
        return base + "-et-un"
    return base + "-" + _FR_UNITS[unit]


def _fr_ordinal(n: int) -> str:
    if n == 1:
        return "premier"
    card = _fr_cardinal(n)
    if card.endswith("quatre-vingts"):
        card = card[:-1]
    if card.endswith("cinq"):
        return card + "uième"
    if card.endswith("neuf"):
        return card[:-1] + "vième"
    if card.endswith("e"):
        return card[:-1] + "ième"
    return card + "ième"


def _fr_forms(n: int) -> set[str]:
    base = _fr_ordinal(n)
    forms = {base}
    if n == 1:
        forms |= {"première", "1er", "1re", "1ère"}
    if n == 2:
        forms |= {"second", "seconde"}
    # "vingt et unième" (traditional) and "vingt-et-unième" (1990 spelling), hyphens or spaces
    for f in list(forms):
        if "-et-" in f:
            forms.add(f.replace("-et-", " et "))
    forms |= {f.replace("-", " ") for f in forms}
    if n > 1:
        forms.add(f"{n}e")
        forms.add(f"{n}ème")
    return forms


_EN_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth"]
_EN_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
             "sixteenth", "seventeenth", "eighteenth", "nineteenth"]
_EN_TENS_CARD = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy",
                 8: "eighty", 9: "ninety"}


def _en_forms(n: int) -> set[str]:
    if n < 10:
        word = _EN_UNITS[n]
    elif n < 20:
        word = _EN_TEENS[n - 10]
    else:
        tens, unit = divmod(n, 10)
        card = _EN_TENS_CARD[tens]
        word = card[:-1] + "ieth" if unit == 0 else card + "-" + _EN_UNITS[unit]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return {word, word.replace("-", " "), f"{n}{suffix}"}


_ES_UNITS = ["", "primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo",
             "octavo", "noveno"]
_ES_TENS = {1: "décimo", 2: "vigésimo", 3: "trigésimo", 4: "cuadragésimo", 5: "quincuagésimo",
            6: "sexagésimo", 7: "septuagésimo", 8: "octogésimo", 9: "nonagésimo"}


def _es_gender(word: str) -> set[str]:
    """Masculine, feminine and apocopated forms of a (possibly compound) Spanish ordinal."""
    parts = word.split(" ")
    fem = " ".join(p[:-1] + "a" if p.endswith("o") else p for p in parts)
    forms = {word, fem}
    if word.endswith(("primero", "tercero")):
        forms.add(word[:-1])  # primer, tercer, vigésimo primer, decimotercer
    return forms


def _es_forms(n: int) -> set[str]:
    forms: set[str] = set()
    if n < 10:
        forms |= _es_gender(_ES_UNITS[n])
        if n == 9:
            forms |= _es_gender("nono")
    else:
        tens, unit = divmod(n, 10)
        if unit == 0:
            forms |= _es_gender(_ES_TENS[tens])
        else:
            forms |= _es_gender(_ES_TENS[tens] + " " + _ES_UNITS[unit])
            if tens == 1:
                fused = "decimo" + _ES_UNITS[unit].replace("é", "e")
                forms |= _es_gender(fused)
                if unit == 1:
                    forms |= _es_gender("undécimo")
                if unit == 2:
                    forms |= _es_gender("duodécimo")
                if unit == 9:
                    forms |= _es_gender("decimonono")
    forms |= {f"{n}º", f"{n}.º", f"{n}ª", f"{n}.ª", f"{n}°", f"{n}.°", f"{n}o", f"{n}a"}
    return forms


_RU_STEMS = {
    1: "перв", 2: "втор", 4: "четверт", 5: "пят", 6: "шест", 7: "седьм", 8: "восьм",
    9: "девят", 10: "десят", 11: "одиннадцат", 12: "двенадцат", 13: "тринадцат",
    14: "четырнадцат", 15: "пятнадцат", 16: "шестнадцат", 17: "семнадцат",
    18: "восемнадцат", 19: "девятнадцат", 20: "двадцат", 30: "тридцат", 40: "сороков",
    50: "пятидесят", 60: "шестидесят", 70: "семидесят", 80: "восьмидесят", 90: "девяност",
}
_RU_TENS_CARD = {2: "двадцать", 3: "тридцать", 4: "сорок", 5: "пятьдесят", 6: "шестьдесят",
                 7: "семьдесят", 8: "восемьдесят", 9: "девяносто"}
_RU_ENDINGS = ("ый", "ой", "ое", "ая", "ого", "ому", "ую", "ом", "ые", "ых", "ым", "ыми")
_RU_THIRD = ("третий", "третье", "третья", "третьего", "третьей", "третьему", "третью",
             "третьем", "третьи", "третьих")


def _ru_unit_forms(n: int) -> set[str]:
    if n == 3:
        return set(_RU_THIRD)
    return {_RU_STEMS[n] + e for e in _RU_ENDINGS}


def _ru_forms(n: int) -> set[str]:
    if n < 20 or n % 10 == 0:
        forms = _ru_unit_forms(n)
    else:
        tens, unit = divmod(n, 10)
        forms = {_RU_TENS_CARD[tens] + " " + f for f in _ru_unit_forms(unit)}
    forms |= {f.replace("ё", "е") for f in forms}
    forms |= {f"{n}-{e}" for e in ("е", "я", "й", "го", "м", "ое", "ая", "ый", "ой")}
    return forms


_AR_ORDINALS = {
    1: ("الأول", "الأولى", "الاول", "الاولى"), 2: ("الثاني", "الثانية"),
    3: ("الثالث", "الثالثة"), 4: ("الرابع", "الرابعة"), 5: ("الخامس", "الخامسة"),
    6: ("السادس", "السادسة"), 7: ("السابع", "السابعة"), 8: ("الثامن", "الثامنة"),
    9: ("التاسع", "التاسعة"), 10: ("العاشر", "العاشرة"),
}

_ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}


def zh_number(text: str) -> int | None:
    """``"二十一"`` → 21, ``"十"`` → 10, ``"21"`` → 21 (up to 99)."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _ZH_DIGITS and c != "十" for c in text):
        return None
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = _ZH_DIGITS[head] if head else 1
        unit = _ZH_DIGITS[tail] if tail else 0
        return tens * 10 + unit if len(head) <= 1 and len(tail) <= 1 else None
    return _ZH_DIGITS[text] if len(text) == 1 else None


@cache
def _ordinal_table(lang: str) -> dict[str, int]:
    table: dict[str, int] = {}
    makers = {"fr": _fr_forms, "en": _en_forms, "es": _es_forms, "ru": _ru_forms}
    if lang in makers:
        for n in range(1, 100):
            for form in makers[lang](n):
                table.setdefault(fold(form), n)
    elif lang == "ar":
        for n, forms in _AR_ORDINALS.items():
            for form in forms:
                table[fold(form)] = n
    return table


def ordinal_value(text: str, lang: str | None = None) -> int | None:
    """Written ordinal → int: ``"Vingt et unième"`` → 21, ``"Twenty-first"`` → 21,
    ``"Vigésima primera"`` → 21, ``"Первое"`` → 1, ``"第二十一"`` → 21; else ``None``."""
    key = fold(text).strip()
    key = re.sub(r"\s*-\s*", "-", key)
    if lang in (None, "zh"):
        m = re.fullmatch(r"第([〇零一二两三四五六七八九十]+|\d+)(?:届|次)?", key)
        if m:
            return zh_number(m.group(1))
    for code in [lang] if lang else ["fr", "en", "es", "ru", "ar"]:
        table = _ordinal_table(code)
        if key in table:
            return table[key]
        spaced = key.replace("-", " ")
        if spaced in table:
            return table[spaced]
    return None


@cache
def ordinal_pattern(lang: str | None = None) -> str:
    """Regex alternation (no group) matching any written ordinal of ``lang`` (all if None).

    Compile it with ``re.IGNORECASE``; match against :func:`fold`-ed or plain text (both the
    accented and the accent-free forms are included)."""
    langs = [lang] if lang else ["fr", "en", "es", "ru", "ar"]
    words: set[str] = set()
    for code in langs:
        for form in _ordinal_table(code):
            words.add(form)
    # restore accents for the accented languages: generate again without folding
    makers = {"fr": _fr_forms, "en": _en_forms, "es": _es_forms, "ru": _ru_forms}
    for code in langs:
        if code in makers:
            for n in range(1, 100):
                words |= {normalize_text(f) for f in makers[code](n)}
        elif code == "ar":
            for forms in _AR_ORDINALS.values():
                words |= set(forms)
    # hyphen and space interchangeable in compounds
    pat = alternation(words)
    pat = pat.replace(r"\-", r"[\-\u2010\u2011 ]").replace(r"\ ", r"[ \-]")
    if lang in (None, "zh"):
        pat = r"第(?:[〇零一二两三四五六七八九十]+|\d+)(?:届|次)?|" + pat
    return pat


# --------------------------------------------------------------------------------------------
# Languages: names on mastheads, in "Original:" lines, job-number suffixes
# --------------------------------------------------------------------------------------------

#: the language line of the distribution block, in the document's own language
LANGUAGE_SELF_NAMES: dict[str, str] = {
    "Français": "fr", "English": "en", "Español": "es", "Русский": "ru", "العربية": "ar",
    "中文": "zh", "Arabic": "ar", "Chinese": "zh",
}

#: language names as written after "Original:" in each language (and in headers)
LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "fr": {"anglais": "en", "français": "fr", "espagnol": "es", "russe": "ru", "arabe": "ar",
           "chinois": "zh"},
    "en": {"English": "en", "French": "fr", "Spanish": "es", "Russian": "ru", "Arabic": "ar",
           "Chinese": "zh"},
    "es": {"inglés": "en", "francés": "fr", "español": "es", "ruso": "ru", "árabe": "ar",
           "chino": "zh"},
    "ru": {"английский": "en", "французский": "fr", "испанский": "es", "русский": "ru",
           "арабский": "ar", "китайский": "zh"},
    "ar": {"الإنكليزية": "en", "الإنجليزية": "en", "الفرنسية": "fr", "الإسبانية": "es",
           "الروسية": "ru", "العربية": "ar", "الصينية": "zh"},
    "zh": {"英文": "en", "法文": "fr", "西班牙文": "es", "俄文": "ru", "阿拉伯文": "ar",
           "中文": "zh"},
}
_LANG_NAME_KEYS: dict[str, str] = {}
for _table in LANGUAGE_NAMES.values():
    for _name, _code in _table.items():
        _LANG_NAME_KEYS[fold(_name)] = _code
for _name, _code in LANGUAGE_SELF_NAMES.items():
    _LANG_NAME_KEYS[fold(_name)] = _code

#: the word "Original" in each language
ORIGINAL_WORDS: dict[str, str] = {"fr": "Original", "en": "Original", "es": "Original",
                                  "ru": "Язык оригинала", "ar": "الأصل", "zh": "原件"}


def language_from_name(name: str) -> str | None:
    """``"anglais"`` / ``"English"`` / ``"inglés"`` / ``"английский"`` → ``"en"``;
    ``"Arabic: العربية"`` → ``"ar"``; ``None`` when unknown."""
    text = fold(name).strip(" .:;*")
    if text in _LANG_NAME_KEYS:
        return _LANG_NAME_KEYS[text]
    # "Arabic: العربية", "English/French", "anglais et français": first known name
    for token in re.split(r"[\s:/,;()]+|\bet\b|\band\b|\by\b|\bи\b", text):
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
    m = re.fullmatch(r"(\w+)\s*:\s*(\S+)", t)
    if m and language_from_name(m.group(1)) and language_from_name(m.group(1)) == (
        language_from_name(m.group(2))
    ):
        return language_from_name(m.group(1))
    return None


#: job-number language letter → language code
JOB_SUFFIX_LANG: dict[str, str] = {"F": "fr", "E": "en", "S": "es", "R": "ru", "A": "ar",
                                   "C": "zh"}
_JOB_RE = re.compile(
    r"(?<![\w.])(?P<job>(?:[A-Z]{1,3}\.)?\d{2}-\d{4,6})\s*\((?P<lang>[AECFRS])\)"
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
    # fr
    "générale": "general", "général": "general", "limitée": "limited", "restreinte": "restricted",
    # en
    "general": "general", "limited": "limited", "restricted": "restricted",
    # es
    "limitada": "limited", "reservada": "restricted", "restringida": "restricted",
    # ru
    "общая": "general", "ограниченная": "limited", "для служебного пользования": "restricted",
    # ar, zh
    "عام": "general", "محدود": "limited", "سري": "restricted", "普发": "general", "限制分发":
    "limited", "内部": "restricted",
}
_DISTR_RE = re.compile(r"^\s*(?:distr\.?|distribution|распр\.?|التوزيع|分发)\s*[.:]?\s*(.*)$",
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
    return bool(re.match(r"^\s*(?:distr\b|distribution\b|распр\.|التوزيع|分发)", fold(text)))


#: "United Nations" as printed at the top of page 1
UN_NAMES: dict[str, str] = {
    "Nations Unies": "fr", "United Nations": "en", "Naciones Unidas": "es",
    "Организация Объединенных Наций": "ru", "Организация Объединённых Наций": "ru",
    "الأمم المتحدة": "ar", "联合国": "zh",
}

#: principal organs as printed in the masthead
ORGANS: dict[str, str] = {
    "Assemblée générale": "fr", "Conseil de sécurité": "fr", "Conseil économique et social": "fr",
    "Conseil de tutelle": "fr", "Secrétariat": "fr",
    "General Assembly": "en", "Security Council": "en", "Economic and Social Council": "en",
    "Trusteeship Council": "en", "Secretariat": "en",
    "Asamblea General": "es", "Consejo de Seguridad": "es", "Consejo Económico y Social": "es",
    "Consejo de Administración Fiduciaria": "es", "Secretaría": "es",
    "Генеральная Ассамблея": "ru", "Совет Безопасности": "ru",
    "Экономический и Социальный Совет": "ru", "Совет по Опеке": "ru", "Секретариат": "ru",
    "الجمعية العامة": "ar", "مجلس الأمن": "ar", "المجلس الاقتصادي والاجتماعي": "ar",
    "大会": "zh", "安全理事会": "zh", "经济及社会理事会": "zh",
}

_UN_KEYS = {fold(k): v for k, v in UN_NAMES.items()}
_ORGAN_KEYS = {fold(k): v for k, v in ORGANS.items()}


def un_name_language(text: str) -> str | None:
    """Language of a printed "United Nations" (``"NATIONS UNIES"`` → ``"fr"``), else ``None``."""
    return _UN_KEYS.get(fold(text).strip(" ."))


def organ_language(text: str) -> str | None:
    """Language of a principal organ name (``"General Assembly"`` → ``"en"``), else ``None``."""
    return _ORGAN_KEYS.get(fold(text).strip(" ."))


#: the line above a resolution's numbered title, as it starts (folded: no accents, lower case)
_RESOLUTION_ADOPTED: dict[str, str] = {
    "fr": r"resolution\s+adoptee\s+par\b",
    "en": r"resolution\s+adopted\s+by\b",
    "es": r"resolucion\s+aprobada\s+por\b",
    "ru": r"резолюция,?\s+принятая\b",
    "ar": r"قرار\s+اتخذ",
    "zh": r".{0,30}通过的决议$",
}
_RESOLUTION_ADOPTED_RE = re.compile(
    "|".join(f"(?P<{code}>^(?:{pat}))" for code, pat in _RESOLUTION_ADOPTED.items())
)


def resolution_adopted_language(text: str) -> str | None:
    """Language of a "Resolution adopted by the General Assembly on ..." line
    (``"Résolution adoptée par l'Assemblée générale le 16 décembre 2020"`` → ``"fr"``;
    ``"Резолюция, принятая Генеральной Ассамблеей ..."`` → ``"ru"``), else ``None``."""
    m = _RESOLUTION_ADOPTED_RE.match(fold(text))
    return m.lastgroup if m else None


# --------------------------------------------------------------------------------------------
# Meetings and sessions
# --------------------------------------------------------------------------------------------

#: nouns naming a meeting or a session, per language
MEETING_WORDS: dict[str, tuple[str, ...]] = {
    "fr": ("réunion", "session", "séance", "reunion", "seance", "réunions", "sessions",
           "session extraordinaire", "session ordinaire", "réunion intersessions"),
    "en": ("meeting", "session", "special session", "regular session", "meetings",
           "sessions", "intersessional meeting"),
    "es": ("reunión", "período de sesiones", "periodo de sesiones", "sesión", "reunion",
           "período extraordinario de sesiones", "período ordinario de sesiones"),
    "ru": ("совещание", "сессия", "заседание", "совещания", "сессии", "заседания",
           "специальная сессия", "очередная сессия"),
    "ar": ("الاجتماع", "الدورة", "الجلسة", "اجتماع", "دورة"),
    "zh": ("会议", "届会", "次会议", "届会议"),
}


def meeting_word_pattern(lang: str | None = None) -> str:
    """Regex alternation (no group) of the meeting/session nouns of ``lang`` (all if None)."""
    langs = [lang] if lang else list(MEETING_WORDS)
    return alternation([w for code in langs for w in MEETING_WORDS.get(code, ())])


def guess_language(text: str) -> str | None:
    """Cheap script/vocabulary guess for a short text (a heading or a masthead line)."""
    if re.search(r"[\u0400-\u04ff]", text):
        return "ru"
    if re.search(r"[\u0600-\u06ff]", text):
        return "ar"
    if re.search(r"[\u4e00-\u9fff]", text):
        return "zh"
    key = fold(text)
    scores = {"fr": 0, "en": 0, "es": 0}
    cues = {
        "fr": r"\b(?:du|des|le|la|les|et|tenue?s?|réunion|reunion|l'|d'|à|au|aux|de l)\b",
        "en": r"\b(?:the|of|and|held|from|to|on|meeting|in)\b",
        "es": r"\b(?:del|el|los|las|y|celebrad[oa]s?|reunion|período|periodo|sesiones)\b",
    }
    for code, pat in cues.items():
        scores[code] += len(re.findall(pat, key))
    for code in ("fr", "en", "es"):
        for name in MONTHS[code]:
            if re.search(rf"\b{re.escape(fold(name))}(?!\w)", key):
                scores[code] += 2
    best = max(scores, key=lambda c: scores[c])
    return best if scores[best] > 0 else None
