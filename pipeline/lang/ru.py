"""Russian vocabulary of UN documents: months, ordinals, masthead words, enrichment patterns.

Plain data and pure functions, in the shape every language module shares (see
:data:`pipeline.lang.SHAPE`); :mod:`pipeline.lang` combines the languages of its registry.
"""

from __future__ import annotations

# -- dates, numbers, lists --------------------------------------------------------------------

#: month names, January first; the first form of each (genitive) is the one written in dates
MONTHS: tuple[tuple[str, ...], ...] = (
    ("января", "январь", "январе"), ("февраля", "февраль", "феврале"),
    ("марта", "март", "марте"), ("апреля", "апрель", "апреле"), ("мая", "май", "мае"),
    ("июня", "июнь", "июне"), ("июля", "июль", "июле"),
    ("августа", "август", "августе"), ("сентября", "сентябрь", "сентябре"),
    ("октября", "октябрь", "октябре"), ("ноября", "ноябрь", "ноябре"),
    ("декабря", "декабрь", "декабре"),
)
#: letters of lettered lists, in order: а) б) в) … и) к) (ё й ъ ы ь are skipped)
LIST_ALPHABET = "абвгдежзиклмнопрстуфхцчшщэюя"
#: an ordinal written with a numeral, whose group 1 is the numeral ("" when none)
ORDINAL_NUMERAL = ""

_STEMS = {
    1: "перв", 2: "втор", 4: "четверт", 5: "пят", 6: "шест", 7: "седьм", 8: "восьм",
    9: "девят", 10: "десят", 11: "одиннадцат", 12: "двенадцат", 13: "тринадцат",
    14: "четырнадцат", 15: "пятнадцат", 16: "шестнадцат", 17: "семнадцат",
    18: "восемнадцат", 19: "девятнадцат", 20: "двадцат", 30: "тридцат", 40: "сороков",
    50: "пятидесят", 60: "шестидесят", 70: "семидесят", 80: "восьмидесят", 90: "девяност",
}
_TENS_CARD = {2: "двадцать", 3: "тридцать", 4: "сорок", 5: "пятьдесят", 6: "шестьдесят",
              7: "семьдесят", 8: "восемьдесят", 9: "девяносто"}
_ENDINGS = ("ый", "ой", "ое", "ая", "ого", "ому", "ую", "ом", "ые", "ых", "ым", "ыми")
_THIRD = ("третий", "третье", "третья", "третьего", "третьей", "третьему", "третью",
          "третьем", "третьи", "третьих")


def _unit_forms(n: int) -> set[str]:
    if n == 3:
        return set(_THIRD)
    return {_STEMS[n] + e for e in _ENDINGS}


def ordinal_forms(n: int) -> set[str]:
    """Written forms of the ordinal ``n`` (1-99): ``21`` → ``"двадцать первая"``, ``"21-я"`` …"""
    if n < 20 or n % 10 == 0:
        forms = _unit_forms(n)
    else:
        tens, unit = divmod(n, 10)
        forms = {_TENS_CARD[tens] + " " + f for f in _unit_forms(unit)}
    forms |= {f.replace("ё", "е") for f in forms}
    forms |= {f"{n}-{e}" for e in ("е", "я", "й", "го", "м", "ое", "ая", "ый", "ой")}
    return forms


def numeral_value(text: str) -> int | None:
    """Value of the numeral an :data:`ORDINAL_NUMERAL` captures (digits only here)."""
    return int(text) if text.isdigit() else None


# -- language names, job numbers ----------------------------------------------------------------

#: the letter after a job number: "V.19-01234 (R)"
JOB_SUFFIX = "R"
#: the language's own name, as the distribution block's language line prints it
SELF_NAMES: tuple[str, ...] = ("Русский",)
#: language names as written after "Original:" (and in headers) → language code
LANGUAGE_NAMES: dict[str, str] = {
    "английский": "en", "французский": "fr", "испанский": "es", "русский": "ru",
    "арабский": "ar", "китайский": "zh",
}
#: "and" between two language names ("английский и французский"), as regex fragments
AND_WORDS: tuple[str, ...] = (r"\bи\b",)
#: the word "Original" of the distribution block
ORIGINAL = "Язык оригинала"
#: cues for guessing the language of a short text (regex over folded text; "" for none)
GUESS_CUES = ""
#: characters of the language's own script (a regex class; "" for the Latin script)
SCRIPT = r"[\u0400-\u04ff]"

# -- masthead -------------------------------------------------------------------------------------

#: "United Nations" as printed at the top of page 1
UN_NAMES: tuple[str, ...] = ("Организация Объединенных Наций", "Организация Объединённых Наций")
#: principal organs as printed in the masthead
ORGANS: tuple[str, ...] = (
    "Генеральная Ассамблея", "Совет Безопасности", "Экономический и Социальный Совет",
    "Совет по Опеке", "Секретариат",
)
#: distribution words → ``general`` | ``limited`` | ``restricted``
DISTRIBUTION_WORDS: dict[str, str] = {
    "общая": "general", "ограниченная": "limited", "для служебного пользования": "restricted",
}
#: the line above a resolution's numbered title, as it starts (folded: no accents, lower case)
RESOLUTION_ADOPTED = r"резолюция,?\s+принятая\b"
#: nouns naming a meeting or a session
MEETING_WORDS: tuple[str, ...] = (
    "совещание", "сессия", "заседание", "совещания", "сессии", "заседания",
    "специальная сессия", "очередная сессия",
)

# -- enrichment (pipeline.parse.enrich) ---------------------------------------------------------

#: (actor key, pattern) of who a record addresses
ACTOR_PATTERNS: tuple[tuple[str, str], ...] = (
    ("states_parties", r"\b[Гг]осударств[а-яё]*\s*[-–—]\s*участник[а-яё]*"),
    ("states", r"\b[Гг]осударств[а-яё]*\b(?!\s*[-–—]\s*участ)"),
    ("working_group", r"\b[Рр]абоч[а-яё]+\s+групп[а-яё]*"),
    ("conference", r"\bКонференци[а-яё]*"),
    ("secretariat", r"\bСекретариат[а-яё]*"),
    ("unodc", r"\bЮНОДК\b|\bУправлени[а-яё]*\s+Организации\s+Объединенных\s+Наций\s+по"
              r"\s+наркотикам\s+и\s+преступности"),
)
#: (modality key, case-insensitive pattern, whether the actor is the addressee after the verb)
MODALITY_PATTERNS: tuple[tuple[str, str, bool], ...] = (
    ("may_wish", r"\b(?:возможно,?\s+)?(?:также\s+)?пожела(?:ют|ет)\b", False),
    ("should", r"\bследует\b|\bследовало\s+бы\b|\bдолжн[ыао]\s+бы\b", False),
    ("could", r"\bмогл[иа]?\s+бы\b|\bмогут\b|\bможет\b", False),
    ("must", r"\bдолжн[ыао]\b|\bобязаны\b", False),
    ("encouraged", r"\bрекомендуется\b|\bпризыва(?:ются|ется)\b", False),
    ("invited", r"\bпредлагается\b", False),
    ("requested", r"\bпроси(?:т|ла|ли|л)\b|\bобратил[аи]?с[ья]\s+с\s+просьбой\b", True),
    ("recommended", r"\bрекомендова(?:ла|л|ли)\b|\bрекомендует\b", True),
    ("encouraged", r"\b(?:настоятельно\s+)?призыва(?:ет|ют)\b|\bпризвал[аи]?\b", True),
    ("invited", r"\bпредлага(?:ет|ют)\b|\bпредложил[аи]?\b", True),
)
#: (kind, pattern) of an instrument's name: ``protocol`` | ``convention``
INSTRUMENTS: tuple[tuple[str, str], ...] = (
    ("protocol", r"\bПротокол(?:а|у|ом|е)?\b"),
    ("convention", r"\bКонвенци(?:я|и|ю|ей)\b"),
)
#: kind → words (case-insensitive) that make the instrument the one the documents are about
OURS: dict[str, str] = {
    "protocol": r"незаконн[а-яё]*\s+ввоз[а-яё]*\s+мигрантов",
    "convention": r"организованной\s+преступности",
}
#: a complement after an instrument's name that makes it another instrument
OTHER_AFTER = r"о\b|об\b|против\b|по\b|относительно\b"
#: a qualifier before an instrument's name that makes it another instrument ("" for none)
OTHER_BEFORE = ""
#: (organisation key, pattern with its own flags) of organisations cited by name or acronym
ORGANISATIONS: tuple[tuple[str, str], ...] = (
    ("INTERPOL", r"\bИнтерпол[а-яё]*"
                 r"|(?i:Международн[а-яё]+\s+организаци[а-яё]+\s+уголовной\s+полиции)"),
    ("ICAO", r"\bИКАО\b"
             r"|(?i:Международн[а-яё]+\s+организаци[а-яё]+\s+гражданской\s+авиации)"),
    ("IOM", r"\bМОМ\b|(?i:Международн[а-яё]+\s+организаци[а-яё]+\s+по\s+миграции)"),
    ("UNODC", r"\bЮНОДК\b"
              r"|(?i:Управлени[а-яё]+\s+Организации\s+Объединенных\s+Наций\s+по\s+наркотикам"
              r"\s+и\s+преступности)"),
    ("UNHCR", r"\bУВКБ\b"),
    ("SHERLOC", r"\bSHERLOC\b"),
)

# -- document structure (pipeline.parse.sections) ---------------------------------------------

#: words that open a section heading, lower case → language-neutral key of the section kind
SECTION_WORDS: dict[str, str] = {
    "статья": "art", "правило": "rule", "положение": "reg", "приложение": "annex",
    "добавление": "app", "часть": "part", "раздел": "sec", "глава": "chap",
    "принцип": "principle", "резолюция": "res", "решение": "dec", "протокол": "prot",
}

#: section headings whose number sits inside a frame, (kind key, pattern): none here
SECTION_PATTERNS: tuple[tuple[str, str], ...] = ()

#: the opening phrase of a preambular paragraph ("Ссылаясь", "Признавая", "будучи убеждена")
PREAMBLE_OPENER = (r"(?:(?:Глубоко|Серьезно|Решительно|Вновь|Особо)\s+)?"
                   r"(?:Будучи\s+\w+|Принимая\s+во\s+внимание|[А-ЯЁ][а-яё]+(?:ая|яя|ясь|ись|в)"
                   r"|Сознавая|Учитывая|Отмечая|Приветствуя|Напоминая|Подтверждая)\b")

#: operative verbs at the start of an operative paragraph, lower case → language-neutral key
OPERATIVE_VERBS: dict[str, str] = {
    "постановляет": "decides", "просит": "requests", "настоятельно призывает": "urges",
    "призывает": "calls_upon", "напоминает": "recalls", "вновь подтверждает": "reaffirms",
    "выражает": "expresses", "приветствует": "welcomes", "принимает к сведению": "takes_note",
    "отмечает": "notes", "рекомендует": "recommends", "предлагает": "invites",
    "подтверждает": "affirms", "одобряет": "approves", "утверждает": "approves",
    "принимает": "adopts", "подчеркивает": "emphasizes", "особо отмечает": "stresses",
    "осуждает": "condemns", "требует": "demands", "уполномочивает": "authorizes",
    "поддерживает": "supports", "признает": "recognizes", "заявляет": "declares",
    "провозглашает": "proclaims", "воздает должное": "commends", "соглашается": "agrees",
    "выражает сожаление": "deplores", "определяет": "determines", "избирает": "elects",
    "рекомендовано": "recommends", "поощряет": "encourages", "вновь заявляет": "reiterates",
    "обращается с призывом": "appeals", "благодарит": "thanks",
    "обращает внимание": "draws_attention",
}
# -- verbatim records (pipeline.parse.prose) ----------------------------------------------------

#: presiding officers named by their office in a verbatim record ("Председатель:")
PRESIDING_TITLES: tuple[str, ...] = (
    "Исполняющий обязанности Председателя", "Исполняющая обязанности Председателя",
    "Председатель", "Заместитель Председателя", "Генеральный секретарь",
    "Первый заместитель Генерального секретаря",
)
#: forms of address that open a speaker's name ("Г-н Иванов (Российская Федерация):")
HONORIFICS: tuple[str, ...] = (
    "Г-н", "Г-жа", "Гн", "Гжа", "Сэр", "Дама", "Лорд", "Леди", "Принц", "Принцесса", "Шейх",
    "Шейха", "Архиепископ", "Кардинал", "Король", "Королева",
)
#: the interpretation note after a speaker's name ("говорит по-английски"), a regex
INTERPRETATION = r"говорит\s+по-\w+"
#: a heading naming the one paragraph of another text quoted under it ("Paragraph 4 of
#: resolution 55/122"): a regex with the group ``n``
QUOTED_PARAGRAPH = r"\bпункт\w* (?P<n>\d{1,3})\b(?! ?[-–]| и)"

#: what a document is, from the start of its title (folded; tried in this order): the keys of
#: :data:`pipeline.vocab.DOCUMENT_TYPES`
DOCUMENT_TYPE_WORDS: dict[str, str] = {
    "draft": r"проект\w*\s+(?:резолюци|решени)\w*",
    "resolution": r"резолюция\b",
    "decision": r"решени[ея]\b",
    "report": r"доклад\b",
    "note": r"записка\b",
    "letter": r"(?:идентичные\s+)?письм[оа]\b",
    "agenda": r"(?:предварительная\s+)?повестка\s+дня\b",
}

#: the pyphen hyphenation-pattern dictionaries of the language (LibreOffice's / Hunspell's), and
#: the pyspellchecker word list: the last-resort evidence for a line-end hyphen the document
#: leaves undecided (:mod:`pipeline.parse.dictionary`); empty: none, the hyphen is kept
HYPHENATION_PATTERNS: tuple[str, ...] = ("ru_RU",)
WORD_LIST: str = "ru"
