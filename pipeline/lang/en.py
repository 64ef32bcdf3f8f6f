"""English vocabulary of UN documents: months, ordinals, masthead words, enrichment patterns.

Plain data and pure functions, in the shape every language module shares (see
:data:`pipeline.lang.SHAPE`); :mod:`pipeline.lang` combines the languages of its registry.
"""

from __future__ import annotations

# -- dates, numbers, lists --------------------------------------------------------------------

#: month names, January first; the first form of each is the one written in dates
MONTHS: tuple[tuple[str, ...], ...] = (
    ("January", "Jan."), ("February", "Feb."), ("March", "Mar."), ("April", "Apr."),
    ("May",), ("June", "Jun."), ("July", "Jul."), ("August", "Aug."),
    ("September", "Sept.", "Sep."), ("October", "Oct."), ("November", "Nov."),
    ("December", "Dec."),
)
#: letters of lettered lists, in order ("" when the language has none of its own)
LIST_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
#: an ordinal written with a numeral, whose group 1 is the numeral ("" when none)
ORDINAL_NUMERAL = ""

_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
          "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
          "sixteenth", "seventeenth", "eighteenth", "nineteenth"]
_TENS_CARD = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy",
              8: "eighty", 9: "ninety"}


def ordinal_forms(n: int) -> set[str]:
    """Written forms of the ordinal ``n`` (1-99): ``21`` → ``"twenty-first"``, ``"21st"`` …"""
    if n < 10:
        word = _UNITS[n]
    elif n < 20:
        word = _TEENS[n - 10]
    else:
        tens, unit = divmod(n, 10)
        card = _TENS_CARD[tens]
        word = card[:-1] + "ieth" if unit == 0 else card + "-" + _UNITS[unit]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return {word, word.replace("-", " "), f"{n}{suffix}"}


def numeral_value(text: str) -> int | None:
    """Value of the numeral an :data:`ORDINAL_NUMERAL` captures (digits only here)."""
    return int(text) if text.isdigit() else None


# -- language names, job numbers ----------------------------------------------------------------

#: the letter after a job number: "V.19-01234 (E)"
JOB_SUFFIX = "E"
#: the language's own name, as the distribution block's language line prints it
SELF_NAMES: tuple[str, ...] = ("English",)
#: language names as written after "Original:" (and in headers) → language code
LANGUAGE_NAMES: dict[str, str] = {
    "English": "en", "French": "fr", "Spanish": "es", "Russian": "ru", "Arabic": "ar",
    "Chinese": "zh",
}
#: "and" between two language names ("English and French"), as regex fragments
AND_WORDS: tuple[str, ...] = (r"\band\b",)
#: the word "Original" of the distribution block
ORIGINAL = "Original"
#: cues for guessing the language of a short text (regex over folded text; "" for none)
GUESS_CUES = r"\b(?:the|of|and|held|from|to|on|meeting|in)\b"
#: characters of the language's own script (a regex class; "" for the Latin script)
SCRIPT = ""

# -- masthead -------------------------------------------------------------------------------------

#: "United Nations" as printed at the top of page 1
UN_NAMES: tuple[str, ...] = ("United Nations",)
#: principal organs as printed in the masthead
ORGANS: tuple[str, ...] = (
    "General Assembly", "Security Council", "Economic and Social Council",
    "Trusteeship Council", "Secretariat",
)
#: distribution words → ``general`` | ``limited`` | ``restricted``
DISTRIBUTION_WORDS: dict[str, str] = {
    "general": "general", "limited": "limited", "restricted": "restricted",
}
#: the line above a resolution's numbered title, as it starts (folded: no accents, lower case)
RESOLUTION_ADOPTED = r"resolution\s+adopted\s+by\b"
#: nouns naming a meeting or a session
MEETING_WORDS: tuple[str, ...] = (
    "meeting", "session", "special session", "regular session", "meetings",
    "sessions", "intersessional meeting",
)

# -- enrichment (pipeline.parse.enrich) ---------------------------------------------------------

#: (actor key, pattern) of who a record addresses
ACTOR_PATTERNS: tuple[tuple[str, str], ...] = (
    ("states_parties", r"\bStates?\s+[Pp]art(?:y|ies)\b"),
    ("states", r"(?<!United )\bStates?\b(?!\s+[Pp]art(?:y|ies)\b)"),
    ("working_group", r"\bWorking\s+Group\b"),
    ("conference", r"\bConference\b"),
    ("secretariat", r"\bSecretariat\b"),
    ("unodc", r"\bUNODC\b|\bUnited\s+Nations\s+Office\s+on\s+Drugs\s+and\s+Crime\b"),
)

_BE = r"(?:(?:should|could|might|may|must|shall|would)\s+(?:also\s+)?be|are|is|were|be)"
_ADV = r"(?:(?:also|further|strongly|urgently)\s+)?"

#: (modality key, case-insensitive pattern, whether the actor is the addressee after the verb)
MODALITY_PATTERNS: tuple[tuple[str, str, bool], ...] = (
    ("encouraged", rf"\b{_BE}\s+{_ADV}(?:encouraged|urged)\b", False),
    ("invited", rf"\b{_BE}\s+{_ADV}invited\b", False),
    ("requested", rf"\b{_BE}\s+{_ADV}(?:requested|asked)\b", False),
    ("recommended", r"\bit\s+is\s+(?:also\s+)?recommended\b", True),
    ("may_wish", r"\b(?:may|might)\s+(?:also\s+)?wish\b", False),
    ("should", r"\bshould\b|\bought\s+to\b", False),
    ("could", r"\b(?:could|might)\b|\bmay\s+(?:also\s+)?consider\b", False),
    ("must", r"\b(?:must|shall)\b|\bare\s+required\s+to\b", False),
    ("requested", r"\b(?:requested|requests|asked|asks)\b", True),
    ("recommended", r"\b(?:recommended|recommends)\b", True),
    ("encouraged", r"\b(?:encouraged|encourages|urged|urges)\b", True),
    ("invited", r"\b(?:invited|invites)\b", True),
)
#: (kind, pattern) of an instrument's name: ``protocol`` | ``convention``
INSTRUMENTS: tuple[tuple[str, str], ...] = (
    ("protocol", r"\bProtocol\b"), ("convention", r"\bConvention\b"),
)
#: kind → words (case-insensitive) that make the instrument the one the documents are about
OURS: dict[str, str] = {
    "protocol": r"smuggling\s+of\s+migrants|migrant\s+smuggling",
    "convention": r"organized\s+crime",
}
#: a complement after an instrument's name that makes it another instrument
OTHER_AFTER = r"on\b|relating\b|against\b|to\s+[A-Z]|for\s+the\b|of\s+[A-Z]"
#: a qualifier before an instrument's name that makes it another instrument ("" for none):
#: English names put it first ("Vienna Convention", "Trafficking in Persons Protocol")
OTHER_BEFORE = r"\b(?!The\b|This\b|That\b|A\b)[A-Z][\w-]*\s+$"
#: (organisation key, pattern with its own flags) of organisations cited by name or acronym
ORGANISATIONS: tuple[tuple[str, str], ...] = (
    ("INTERPOL", r"\bINTERPOL\b|\bInterpol\b"
                 r"|(?i:International\s+Criminal\s+Police\s+Organi[sz]ation)"),
    ("ICAO", r"\bICAO\b|(?i:International\s+Civil\s+Aviation\s+Organi[sz]ation)"),
    ("IOM", r"\bIOM\b|(?i:International\s+Organi[sz]ation\s+for\s+Migration)"),
    ("UNODC", r"\bUNODC\b|(?i:United\s+Nations\s+Office\s+on\s+Drugs\s+and\s+Crime)"),
    ("UNHCR", r"\bUNHCR\b|(?i:United\s+Nations\s+High\s+Commissioner\s+for\s+Refugees)"),
    ("SHERLOC", r"\bSHERLOC\b"),
)

# -- document structure (pipeline.parse.sections) ---------------------------------------------

#: words that open a section heading ("Article 12", "Annex II", "Decision 2025/3"), lower case,
#: and the language-neutral key of the section kind (ids are built from keys, not words)
SECTION_WORDS: dict[str, str] = {
    "article": "art", "rule": "rule", "regulation": "reg", "annex": "annex",
    "appendix": "app", "part": "part", "section": "sec", "chapter": "chap",
    "principle": "principle", "resolution": "res", "decision": "dec", "protocol": "prot",
}

#: section headings whose number sits inside a frame, (kind key, pattern): none here
SECTION_PATTERNS: tuple[tuple[str, str], ...] = ()

#: the opening phrase of a preambular paragraph ("Recalling", "Deeply concerned",
#: "Bearing in mind"): a regex matched at the start of the paragraph
PREAMBLE_OPENER = (r"(?:(?:Also|Further|Deeply|Strongly|Gravely|Seriously|Firmly|Fully|Noting)\s+)?"
                   r"(?:[A-Z][a-z]+ing(?:\s+(?:with\s+\w+|in\s+mind|also|further))?"
                   r"|[A-Z][a-z]+ed(?=\s+(?:that|by|at|about|with|to)\b)|Mindful|Aware|Conscious"
                   r"|Determined|Convinced|Concerned|Alarmed|Desirous)\b")

#: operative verbs at the start of an operative paragraph, lower case → language-neutral key
OPERATIVE_VERBS: dict[str, str] = {
    "decides": "decides", "requests": "requests", "urges": "urges", "calls upon": "calls_upon",
    "calls on": "calls_upon", "recalls": "recalls", "reaffirms": "reaffirms",
    "expresses": "expresses", "welcomes": "welcomes", "takes note": "takes_note",
    "notes": "notes", "encourages": "encourages", "invites": "invites", "affirms": "affirms",
    "approves": "approves", "adopts": "adopts", "emphasizes": "emphasizes",
    "emphasises": "emphasizes", "stresses": "stresses", "condemns": "condemns",
    "demands": "demands", "authorizes": "authorizes", "authorises": "authorizes",
    "recommends": "recommends", "endorses": "endorses", "underlines": "underlines",
    "reiterates": "reiterates", "appeals": "appeals", "recognizes": "recognizes",
    "recognises": "recognizes", "acknowledges": "acknowledges", "declares": "declares",
    "proclaims": "proclaims", "appreciates": "appreciates", "commends": "commends",
    "supports": "supports", "agrees": "agrees", "confirms": "confirms", "deplores": "deplores",
    "determines": "determines", "directs": "directs", "elects": "elects",
    "thanks": "thanks", "draws attention": "draws_attention",
    "draws the attention": "draws_attention",
}
# -- verbatim records (pipeline.parse.prose) ----------------------------------------------------

#: presiding officers named by their office in a verbatim record ("The President:")
PRESIDING_TITLES: tuple[str, ...] = (
    "The President", "The Acting President", "The Vice-President", "The Chair",
    "The Acting Chair", "The Chairman", "The Acting Chairman", "The Chairperson",
    "The Secretary-General", "The Deputy Secretary-General",
)
#: forms of address that open a speaker's name ("Mr. Smith (Norway):")
HONORIFICS: tuple[str, ...] = (
    "Mr.", "Mrs.", "Ms.", "Miss", "Mr", "Mrs", "Ms", "Sir", "Dame", "Lord", "Lady", "Dr.",
    "Prince", "Princess", "Sheikh", "Sheikha", "Archbishop", "Cardinal", "Monsignor",
    "Baroness", "Baron", "King", "Queen",
)
#: the interpretation note after a speaker's name ("spoke in French"), a regex
INTERPRETATION = r"spoke\s+in\s+\w+"
#: a heading naming the one paragraph of another text quoted under it ("Paragraph 4 of
#: resolution 55/122"): a regex with the group ``n``
QUOTED_PARAGRAPH = r"\bparagraphs? (?P<n>\d{1,3})\b(?! ?[-–]| and| to)"

#: what a document is, from the start of its title (folded; tried in this order): the keys of
#: :data:`pipeline.vocab.DOCUMENT_TYPES`
DOCUMENT_TYPE_WORDS: dict[str, str] = {
    "draft": r"(?:\w+\s+)?draft\s+(?:resolutions?|decisions?)\b",
    "resolution": r"resolution\b",
    "decision": r"decisions?\b",
    "report": r"(?:\w+\s+){0,2}report\b",
    "note": r"note\s+by\b",
    "letter": r"(?:identical\s+)?letters?\s+dated\b",
    "agenda": r"(?:(?:annotated|provisional)\s+)*agenda\b",
}

#: the pyphen hyphenation-pattern dictionaries of the language (LibreOffice's / Hunspell's), and
#: the pyspellchecker word list: the last-resort evidence for a line-end hyphen the document
#: leaves undecided (:mod:`pipeline.parse.dictionary`); empty: none, the hyphen is kept
HYPHENATION_PATTERNS: tuple[str, ...] = ("en_GB", "en_US")
WORD_LIST: str = "en"
