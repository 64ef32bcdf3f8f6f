"""Arabic vocabulary of UN documents: months, ordinals, list letters, masthead and section words.

Plain data and pure functions, in the shape every language module shares (see
:data:`pipeline.lang.SHAPE`); :mod:`pipeline.lang` combines the languages of its registry.
"""

from __future__ import annotations

# -- dates, numbers, lists --------------------------------------------------------------------

#: month names, January first; the first form of each is the one written in dates
MONTHS: tuple[tuple[str, ...], ...] = (
    ("كانون الثاني/يناير", "يناير"), ("شباط/فبراير", "فبراير"), ("آذار/مارس", "مارس"),
    ("نيسان/أبريل", "أبريل", "ابريل"), ("أيار/مايو", "مايو"),
    ("حزيران/يونيه", "يونيه", "يونيو"),
    ("تموز/يوليه", "يوليه", "يوليو"), ("آب/أغسطس", "أغسطس"), ("أيلول/سبتمبر", "سبتمبر"),
    ("تشرين الأول/أكتوبر", "أكتوبر"), ("تشرين الثاني/نوفمبر", "نوفمبر"),
    ("كانون الأول/ديسمبر", "ديسمبر"),
)
#: letters of lettered lists, in order ("" when the language has none of its own): the abjad
#: order of Arabic UN documents, (أ) (ب) (ج) (د) (هـ) (و) … (the tatweel of "هـ" is not a letter)
LIST_ALPHABET = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
#: an ordinal written with a numeral, whose group 1 is the numeral ("" when none)
ORDINAL_NUMERAL = ""

_ORDINALS: dict[int, tuple[str, ...]] = {
    1: ("الأول", "الأولى", "الاول", "الاولى"), 2: ("الثاني", "الثانية"),
    3: ("الثالث", "الثالثة"), 4: ("الرابع", "الرابعة"), 5: ("الخامس", "الخامسة"),
    6: ("السادس", "السادسة"), 7: ("السابع", "السابعة"), 8: ("الثامن", "الثامنة"),
    9: ("التاسع", "التاسعة"), 10: ("العاشر", "العاشرة"),
}


_TENS: dict[int, tuple[str, ...]] = {
    2: ("العشرون", "العشرين"), 3: ("الثلاثون", "الثلاثين"), 4: ("الأربعون", "الأربعين"),
    5: ("الخمسون", "الخمسين"), 6: ("الستون", "الستين"), 7: ("السبعون", "السبعين"),
    8: ("الثمانون", "الثمانين"), 9: ("التسعون", "التسعين"),
}
#: the units before "عشر"/"عشرة" and the tens: 1 is الحادي/الحادية there
_UNITS_COMPOUND: dict[int, tuple[str, str]] = {
    1: ("الحادي", "الحادية"), **{k: (v[0], v[1]) for k, v in _ORDINALS.items() if 1 < k < 10},
}


def ordinal_forms(n: int) -> set[str]:
    """Written forms of the ordinal ``n`` (1-99), masculine and feminine: ``2`` →
    ``"الثاني"``, ``"الثانية"``; ``16`` → ``"السادس عشر"``, ``"السادسة عشرة"``; ``21`` →
    ``"الحادي والعشرون"`` …"""
    if n in _ORDINALS:
        return set(_ORDINALS[n])
    tens, unit = divmod(n, 10)
    if tens == 1 and unit:
        masc, fem = _UNITS_COMPOUND[unit]
        return {f"{masc} عشر", f"{fem} عشرة"}
    if tens in _TENS and not unit:
        return set(_TENS[tens])
    if tens in _TENS:
        return {f"{u} و{t}" for u in _UNITS_COMPOUND[unit] for t in _TENS[tens]}
    return set()


def numeral_value(text: str) -> int | None:
    """Value of the numeral an :data:`ORDINAL_NUMERAL` captures (digits only here)."""
    return int(text) if text.isdigit() else None


# -- language names, job numbers ----------------------------------------------------------------

#: the letter after a job number: "V.19-01234 (A)"
JOB_SUFFIX = "A"
#: the language's own name, as the distribution block's language line prints it
SELF_NAMES: tuple[str, ...] = ("العربية", "Arabic")
#: language names as written after "Original:" (and in headers) → language code
LANGUAGE_NAMES: dict[str, str] = {
    "الإنكليزية": "en", "الإنجليزية": "en", "الفرنسية": "fr", "الإسبانية": "es",
    "الروسية": "ru", "العربية": "ar", "الصينية": "zh",
}
#: "and" between two language names, as regex fragments
AND_WORDS: tuple[str, ...] = ()
#: the word "Original" of the distribution block
ORIGINAL = "الأصل"
#: cues for guessing the language of a short text (regex over folded text; "" for none)
GUESS_CUES = ""
#: characters of the language's own script (a regex class; "" for the Latin script)
SCRIPT = r"[\u0600-\u06ff]"

# -- masthead -------------------------------------------------------------------------------------

#: "United Nations" as printed at the top of page 1
UN_NAMES: tuple[str, ...] = ("الأمم المتحدة",)
#: principal organs as printed in the masthead
ORGANS: tuple[str, ...] = ("الجمعية العامة", "مجلس الأمن", "المجلس الاقتصادي والاجتماعي")
#: distribution words → ``general`` | ``limited`` | ``restricted``
DISTRIBUTION_WORDS: dict[str, str] = {"عام": "general", "محدود": "limited", "سري": "restricted"}
#: the line above a resolution's numbered title, as it starts (folded: no accents, lower case)
RESOLUTION_ADOPTED = r"قرار\s+اتخذ"
#: nouns naming a meeting or a session
MEETING_WORDS: tuple[str, ...] = ("الاجتماع", "الدورة", "الجلسة", "اجتماع", "دورة")

# -- sections and heading labels (plain data for the structure stage) --------------------------

#: the labels of top-level headings, in order: the place of "I.", "II." … ("أولا - …")
HEADING_ROMANS: tuple[str, ...] = (
    "أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا",
)
#: the labels of second-level headings, in order: the place of "A.", "B." … ("ألف - …")
HEADING_LETTERS: tuple[str, ...] = (
    "ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء",
)

# -- enrichment (pipeline.parse.enrich): not written for Arabic yet -------------------------------

#: (actor key, pattern) of who a record addresses
ACTOR_PATTERNS: tuple[tuple[str, str], ...] = ()
#: (modality key, case-insensitive pattern, whether the actor is the addressee after the verb)
MODALITY_PATTERNS: tuple[tuple[str, str, bool], ...] = ()
#: (kind, pattern) of an instrument's name: ``protocol`` | ``convention``
INSTRUMENTS: tuple[tuple[str, str], ...] = ()
#: kind → words (case-insensitive) that make the instrument the one the documents are about
OURS: dict[str, str] = {}
#: a complement after an instrument's name that makes it another instrument ("" for none)
OTHER_AFTER = ""
#: a qualifier before an instrument's name that makes it another instrument ("" for none)
OTHER_BEFORE = ""
#: (organisation key, pattern with its own flags) of organisations cited by name or acronym
ORGANISATIONS: tuple[tuple[str, str], ...] = ()

# -- document structure (pipeline.parse.sections) ---------------------------------------------

#: words that open a section heading → language-neutral key of the section kind. The number
#: follows the word, in any digits or as a written ordinal: "المادة ٥" (article; the ISBA
#: regulations print their articles so), "المرفق ١" (annex), "الجزء الثاني" (part),
#: "الفرع ١" / "البند الأول" (section), "القاعدة ١٢" (rule)
SECTION_WORDS: dict[str, str] = {
    "المادة": "art", "المرفق": "annex", "التذييل": "app", "الجزء": "part", "الفصل": "chap",
    "الفرع": "sec", "البند": "sec", "القاعدة": "rule", "المبدأ": "principle",
    "القرار": "res", "المقرر": "dec", "البروتوكول": "prot",
}
#: section headings whose number sits inside a frame (none in this language)
SECTION_PATTERNS: tuple[tuple[str, str], ...] = ()
#: the opening phrase of a preambular paragraph, matched at its start (tatweel and vowel marks
#: removed): "إذ تشير" / "وإذ تؤكد" (as …, with the verb that follows), "وقد نظرت" (having
#: considered), "وبعد أن نظرت", and a verbal noun with "منها" ("واقتناعا منها", convinced)
PREAMBLE_OPENER = (r"(?:و?إذ\s+\S+|و?قد\s+\S+|و?بعد\s+أن\s+\S+"
                   r"|و?\p{Arabic}+[اة]\s+منه(?:ا|م)?)(?=\s|$)")

#: operative verbs at the start of an operative paragraph → language-neutral key, in the
#: feminine of an assembly ("الجمعية تقرر"); the masculine of a council ("المجلس يقرر") is
#: derived below
_OPERATIVE_FEMININE: dict[str, str] = {
    "تقرر": "decides", "تطلب": "requests", "تحث": "urges", "تهيب": "calls_upon",
    "تدعو": "calls_upon", "تشير": "recalls", "تعيد تأكيد": "reaffirms",
    "تؤكد من جديد": "reaffirms", "تعرب": "expresses", "ترحب": "welcomes",
    "تحيط علما": "takes_note", "تلاحظ": "notes", "تشجع": "encourages", "تؤكد": "affirms",
    "توافق": "approves", "تعتمد": "adopts", "تشدد": "stresses", "تدين": "condemns",
    "تطالب": "demands", "تأذن": "authorizes", "توصي": "recommends", "تقر": "endorses",
    "تكرر": "reiterates", "تناشد": "appeals", "تسلم": "recognizes", "تعترف": "recognizes",
    "تعلن": "declares", "تثني": "commends", "تؤيد": "supports", "تشكر": "thanks",
    "تنتخب": "elects", "تسترعي الانتباه": "draws_attention", "تلفت الانتباه": "draws_attention",
    "تعرب عن تقديرها": "appreciates", "تأسف": "deplores",
}
OPERATIVE_VERBS: dict[str, str] = {
    **_OPERATIVE_FEMININE,
    **{"ي" + verb[1:]: key for verb, key in _OPERATIVE_FEMININE.items()},
}
# -- verbatim records (pipeline.parse.prose) ----------------------------------------------------

#: presiding officers named by their office in a verbatim record (none recorded yet)
PRESIDING_TITLES: tuple[str, ...] = ()
#: forms of address that open a speaker's name (none recorded yet)
HONORIFICS: tuple[str, ...] = ()
#: the interpretation note after a speaker's name, a regex ("" for none)
INTERPRETATION = ""
#: a heading naming the one paragraph of another text quoted under it ("Paragraph 4 of
#: resolution 55/122"): a regex with the group ``n``
QUOTED_PARAGRAPH = r"الفقرة (?P<n>\d{1,3})\b"

#: what a document is, from the start of its title (folded; tried in this order): the keys of
#: :data:`pipeline.vocab.DOCUMENT_TYPES`
DOCUMENT_TYPE_WORDS: dict[str, str] = {
    "draft": r"مشروع\s+(?:قرار|مقرر)",
    "resolution": r"قرار",
    "decision": r"مقرر",
    "report": r"تقرير",
    "note": r"مذكرة",
    "letter": r"رسال",
    "agenda": r"جدول\s+الأعمال",
}

#: the pyphen hyphenation-pattern dictionaries of the language (LibreOffice's / Hunspell's), and
#: the pyspellchecker word list: the last-resort evidence for a line-end hyphen the document
#: leaves undecided (:mod:`pipeline.parse.dictionary`); empty: none, the hyphen is kept
HYPHENATION_PATTERNS: tuple[str, ...] = ()
WORD_LIST: str = ""
