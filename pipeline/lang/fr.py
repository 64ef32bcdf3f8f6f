"""French vocabulary of UN documents: months, ordinals, masthead words, enrichment patterns.

Plain data and pure functions, in the shape every language module shares (see
:data:`pipeline.lang.SHAPE`); :mod:`pipeline.lang` combines the languages of its registry.
"""

from __future__ import annotations

# -- dates, numbers, lists --------------------------------------------------------------------

#: month names, January first; the first form of each is the one written in dates
MONTHS: tuple[tuple[str, ...], ...] = (
    ("janvier", "janv."), ("février", "fevrier", "févr.", "fév."), ("mars",),
    ("avril", "avr."), ("mai",), ("juin",), ("juillet", "juil."), ("août", "aout"),
    ("septembre", "sept."), ("octobre", "oct."), ("novembre", "nov."),
    ("décembre", "decembre", "déc."),
)
#: letters of lettered lists, in order ("" when the language has none of its own)
LIST_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
#: an ordinal written with a numeral, whose group 1 is the numeral ("" when none)
ORDINAL_NUMERAL = ""

_UNITS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]
_TEENS = ["dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept",
          "dix-huit", "dix-neuf"]
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _cardinal(n: int) -> str:
    if n < 10:
        return _UNITS[n]
    if n < 20:
        return _TEENS[n - 10]
    tens, unit = divmod(n, 10)
    if tens == 7:
        return "soixante-" + ("et-onze" if unit == 1 else _TEENS[unit])
    if tens == 8:
        return "quatre-vingts" if unit == 0 else "quatre-vingt-" + _UNITS[unit]
    if tens == 9:
        return "quatre-vingt-" + _TEENS[unit]
    base = _TENS[tens]
    if unit == 0:
        return base
    if unit == 1:
        return base + "-et-un"
    return base + "-" + _UNITS[unit]


def _ordinal(n: int) -> str:
    if n == 1:
        return "premier"
    card = _cardinal(n)
    if card.endswith("quatre-vingts"):
        card = card[:-1]
    if card.endswith("cinq"):
        return card + "uième"
    if card.endswith("neuf"):
        return card[:-1] + "vième"
    if card.endswith("e"):
        return card[:-1] + "ième"
    return card + "ième"


def ordinal_forms(n: int) -> set[str]:
    """Written forms of the ordinal ``n`` (1-99): ``21`` → ``"vingt et unième"``, ``"21e"`` …"""
    base = _ordinal(n)
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


def numeral_value(text: str) -> int | None:
    """Value of the numeral an :data:`ORDINAL_NUMERAL` captures (digits only here)."""
    return int(text) if text.isdigit() else None


# -- language names, job numbers ----------------------------------------------------------------

#: the letter after a job number: "GE.09-17088 (F)"
JOB_SUFFIX = "F"
#: the language's own name, as the distribution block's language line prints it
SELF_NAMES: tuple[str, ...] = ("Français",)
#: language names as written after "Original:" (and in headers) → language code
LANGUAGE_NAMES: dict[str, str] = {
    "anglais": "en", "français": "fr", "espagnol": "es", "russe": "ru", "arabe": "ar",
    "chinois": "zh",
}
#: "and" between two language names ("anglais et français"), as regex fragments
AND_WORDS: tuple[str, ...] = (r"\bet\b",)
#: the word "Original" of the distribution block
ORIGINAL = "Original"
#: cues for guessing the language of a short text (regex over folded text; "" for none)
GUESS_CUES = r"\b(?:du|des|le|la|les|et|tenue?s?|réunion|reunion|l'|d'|à|au|aux|de l)\b"
#: characters of the language's own script (a regex class; "" for the Latin script)
SCRIPT = ""

# -- masthead -------------------------------------------------------------------------------------

#: "United Nations" as printed at the top of page 1
UN_NAMES: tuple[str, ...] = ("Nations Unies",)
#: principal organs as printed in the masthead
ORGANS: tuple[str, ...] = (
    "Assemblée générale", "Conseil de sécurité", "Conseil économique et social",
    "Conseil de tutelle", "Secrétariat",
)
#: distribution words → ``general`` | ``limited`` | ``restricted``
DISTRIBUTION_WORDS: dict[str, str] = {
    "générale": "general", "général": "general", "limitée": "limited", "restreinte": "restricted",
}
#: the line above a resolution's numbered title, as it starts (folded: no accents, lower case)
RESOLUTION_ADOPTED = r"resolution\s+adoptee\s+par\b"
#: nouns naming a meeting or a session
MEETING_WORDS: tuple[str, ...] = (
    "réunion", "session", "séance", "reunion", "seance", "réunions", "sessions",
    "session extraordinaire", "session ordinaire", "réunion intersessions",
)

# -- enrichment (pipeline.parse.enrich) ---------------------------------------------------------

#: (actor key, pattern) of who a record addresses
ACTOR_PATTERNS: tuple[tuple[str, str], ...] = (
    ("states_parties", r"\b[EÉ]tats?\s+[Pp]arties?\b"),
    ("states", r"\b[EÉ]tats?\b(?!\s+[Pp]arties?\b)"),
    ("working_group", r"\bGroupe\s+de\s+travail\b"),
    ("conference", r"\bConférence\b"),
    ("secretariat", r"\bSecrétariat\b"),
    ("unodc", r"\bONUDC\b|\bOffice\s+des\s+Nations\s+Unies\s+contre\s+la\s+drogue"
              r"\s+et\s+le\s+crime\b"),
)

_MODAL = r"(?:devr(?:ait|aient)|pourr(?:ait|aient)|doi(?:t|vent))"
_BE = rf"(?:{_MODAL}\s+(?:également\s+|aussi\s+)?être|sont|est|soient|seront|sera)"
_ADV = r"(?:(?:également|aussi|vivement|fortement|instamment)\s+)?"

#: (modality key, case-insensitive pattern, whether the actor is the addressee after the verb)
MODALITY_PATTERNS: tuple[tuple[str, str, bool], ...] = (
    ("encouraged", rf"\b{_BE}\s+{_ADV}(?:encouragé|exhorté)e?s?\b", False),
    ("invited", rf"\b{_BE}\s+{_ADV}invitée?s?\b", False),
    ("requested", rf"\b{_BE}\s+{_ADV}priée?s?\b", False),
    ("recommended", r"\best\s+recommandé\b", True),
    ("may_wish", r"\b(?:voudr|souhaiter)(?:a|ont)\s+(?:\w+\s+)?peut-être\b"
                 r"|\bpourr(?:a|ont)\s+souhaiter\b", False),
    ("should", r"\bdevr(?:ait|aient)\b", False),
    ("could", r"\bpourr(?:ait|aient)\b", False),
    ("must", r"\bdoi(?:t|vent)\b|\bsont\s+tenus\s+de\b", False),
    ("requested", r"\b(?:a|ont|avait|avaient)\s+(?:également\s+|aussi\s+)?"
                  r"(?:prié|demandé)\b|\bprie(?:nt)?\b|\bdemande(?:nt)?\s+(?:au|aux|à)\b", True),
    ("recommended", r"\b(?:a|ont|avait|avaient)\s+(?:également\s+|aussi\s+)?"
                    r"recommandé\b|\brecommande(?:nt)?\b", True),
    ("encouraged", r"\b(?:a|ont)\s+(?:également\s+|aussi\s+|vivement\s+)?encouragé\b"
                   r"|\bencourage(?:nt)?\b|\bexhorte(?:nt)?\b", True),
    ("invited", r"\b(?:a|ont)\s+(?:également\s+|aussi\s+)?invité\b|\binvite(?:nt)?\b", True),
)
#: (kind, pattern) of an instrument's name: ``protocol`` | ``convention``
INSTRUMENTS: tuple[tuple[str, str], ...] = (
    ("protocol", r"\bProtocole\b"), ("convention", r"\bConvention\b"),
)
#: kind → words (case-insensitive) that make the instrument the one the documents are about
OURS: dict[str, str] = {
    "protocol": r"trafic\s+illicite\s+de\s+migrants",
    "convention": r"criminalité\s+(?:transnationale\s+)?organisée",
}
#: a complement after an instrument's name that makes it another instrument
OTHER_AFTER = (r"relati(?:f|ve)s?\b|sur\b|contre\b|visant\b|additionnel|pour\s+la\b"
               r"|de\s+(?:l')?[A-ZÀ-Ý]|des\s+Nations\s+Unies\b")
#: a qualifier before an instrument's name that makes it another instrument ("" for none)
OTHER_BEFORE = ""
#: (organisation key, pattern with its own flags) of organisations cited by name or acronym
ORGANISATIONS: tuple[tuple[str, str], ...] = (
    ("INTERPOL", r"\bINTERPOL\b|\bInterpol\b"
                 r"|(?i:Organisation\s+internationale\s+de\s+police\s+criminelle)"),
    ("ICAO", r"\bOACI\b|(?i:Organisation\s+de\s+l['’]aviation\s+civile\s+internationale)"),
    ("IOM", r"\bOIM\b|(?i:Organisation\s+internationale\s+pour\s+les\s+migrations)"),
    ("UNODC", r"\bONUDC\b"
              r"|(?i:Office\s+des\s+Nations\s+Unies\s+contre\s+la\s+drogue\s+et\s+le\s+crime)"),
    ("UNHCR", r"\bHCR\b"
              r"|(?i:Haut-Commissariat\s+des\s+Nations\s+Unies\s+pour\s+les\s+réfugiés)"),
    ("SHERLOC", r"\bSHERLOC\b"),
)

# -- document structure (pipeline.parse.sections) ---------------------------------------------

#: words that open a section heading, lower case → language-neutral key of the section kind
SECTION_WORDS: dict[str, str] = {
    "article": "art", "règle": "rule", "règlement": "reg", "annexe": "annex",
    "appendice": "app", "partie": "part", "section": "sec", "chapitre": "chap",
    "principe": "principle", "résolution": "res", "décision": "dec", "protocole": "prot",
}

#: section headings whose number sits inside a frame, (kind key, pattern): none here
SECTION_PATTERNS: tuple[tuple[str, str], ...] = ()

#: the opening phrase of a preambular paragraph ("Rappelant", "Ayant examiné", "Consciente")
PREAMBLE_OPENER = (r"(?:(?:Profondément|Vivement|Gravement|Fermement|Pleinement)\s+)?"
                   r"(?:Ayant\s+(?:présent\s+)?à\s+l'esprit|Ayant\s+\w+|Tenant\s+compte|Prenant\s+(?:note|acte)|[A-ZÉ][a-zéèêàç]+ant"
                   r"|Consciente?s?|Convaincue?s?|Préoccupée?s?|Résolue?s?|Désireu(?:x|se)s?"
                   r"|Profondément\s+\w+|Alarmée?s?|Soucieu(?:x|se)s?)\b")

#: operative verbs at the start of an operative paragraph, lower case → language-neutral key
OPERATIVE_VERBS: dict[str, str] = {
    "décide": "decides", "prie": "requests", "demande": "calls_upon", "exhorte": "urges",
    "engage": "urges", "rappelle": "recalls", "réaffirme": "reaffirms", "exprime": "expresses",
    "se félicite": "welcomes", "accueille": "welcomes", "prend note": "takes_note",
    "note": "notes", "encourage": "encourages", "invite": "invites", "affirme": "affirms",
    "approuve": "approves", "adopte": "adopts", "souligne": "emphasizes",
    "insiste": "stresses", "condamne": "condemns", "exige": "demands", "autorise": "authorizes",
    "recommande": "recommends", "fait sienne": "endorses", "fait siens": "endorses",
    "réitère": "reiterates", "lance un appel": "appeals", "reconnaît": "recognizes",
    "déclare": "declares", "proclame": "proclaims", "sait gré": "appreciates",
    "salue": "commends", "appuie": "supports", "convient": "agrees", "confirme": "confirms",
    "déplore": "deplores", "constate": "determines", "élit": "elects", "loue": "commends",
    "remercie": "thanks", "appelle l'attention": "draws_attention", "soutient": "supports",
}
# -- verbatim records (pipeline.parse.prose) ----------------------------------------------------

#: presiding officers named by their office in a verbatim record ("Le Président :")
PRESIDING_TITLES: tuple[str, ...] = (
    "Le Président par intérim", "La Présidente par intérim", "Le Président", "La Présidente",
    "Le Vice-Président", "La Vice-Présidente", "Le Secrétaire général",
    "La Secrétaire générale", "Le Vice-Secrétaire général", "La Vice-Secrétaire générale",
)
#: forms of address that open a speaker's name ("M. Dupont (France) :")
HONORIFICS: tuple[str, ...] = (
    "M.", "Mme", "Mlle", "MM.", "Sir", "Dame", "Lord", "Lady", "Dr", "Prince", "Princesse",
    "Cheikh", "Cheikha", "Mgr", "Archevêque", "Cardinal", "Baronne", "Roi", "Reine",
)
#: the interpretation note after a speaker's name ("parle en anglais"), a regex
INTERPRETATION = r"parle\s+en\s+\w+"
#: a heading naming the one paragraph of another text quoted under it ("Paragraph 4 of
#: resolution 55/122"): a regex with the group ``n``
QUOTED_PARAGRAPH = r"\bparagraphes? (?P<n>\d{1,3})\b(?! ?[-–]| et| à)"

#: what a document is, from the start of its title (folded; tried in this order): the keys of
#: :data:`pipeline.vocab.DOCUMENT_TYPES`
DOCUMENT_TYPE_WORDS: dict[str, str] = {
    "draft": r"projets?\s+de\s+(?:resolutions?|decisions?)\b",
    "resolution": r"resolution\b",
    "decision": r"decisions?\b",
    "report": r"(?:\w+\s+)?rapport\b",
    "note": r"note\s+(?:du|de\s+la|des)\b",
    "letter": r"lettres?\s+(?:identiques\s+)?datees?\b",
    "agenda": r"ordre\s+du\s+jour\b",
}

#: the pyphen hyphenation-pattern dictionaries of the language (LibreOffice's / Hunspell's), and
#: the pyspellchecker word list: the last-resort evidence for a line-end hyphen the document
#: leaves undecided (:mod:`pipeline.parse.dictionary`); empty: none, the hyphen is kept
HYPHENATION_PATTERNS: tuple[str, ...] = ("fr",)
WORD_LIST: str = "fr"
