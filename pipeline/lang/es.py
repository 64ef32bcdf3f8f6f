"""Spanish vocabulary of UN documents: months, ordinals, masthead words, enrichment patterns.

Plain data and pure functions, in the shape every language module shares (see
:data:`pipeline.lang.SHAPE`); :mod:`pipeline.lang` combines the languages of its registry.
"""

from __future__ import annotations

# -- dates, numbers, lists --------------------------------------------------------------------

#: month names, January first; the first form of each is the one written in dates
MONTHS: tuple[tuple[str, ...], ...] = (
    ("enero",), ("febrero",), ("marzo",), ("abril",), ("mayo",), ("junio",), ("julio",),
    ("agosto",), ("septiembre", "setiembre"), ("octubre",), ("noviembre",), ("diciembre",),
)
#: letters of lettered lists, in order ("" when the language has none of its own)
LIST_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
#: an ordinal written with a numeral, whose group 1 is the numeral ("" when none)
ORDINAL_NUMERAL = ""

_UNITS = ["", "primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo",
          "octavo", "noveno"]
_TENS = {1: "décimo", 2: "vigésimo", 3: "trigésimo", 4: "cuadragésimo", 5: "quincuagésimo",
         6: "sexagésimo", 7: "septuagésimo", 8: "octogésimo", 9: "nonagésimo"}


def _gender(word: str) -> set[str]:
    """Masculine, feminine and apocopated forms of a (possibly compound) Spanish ordinal."""
    parts = word.split(" ")
    fem = " ".join(p[:-1] + "a" if p.endswith("o") else p for p in parts)
    forms = {word, fem}
    if word.endswith(("primero", "tercero")):
        forms.add(word[:-1])  # primer, tercer, vigésimo primer, decimotercer
    return forms


def ordinal_forms(n: int) -> set[str]:
    """Written forms of the ordinal ``n`` (1-99): ``21`` → ``"vigésimo primero"``, ``"21.º"`` …"""
    forms: set[str] = set()
    if n < 10:
        forms |= _gender(_UNITS[n])
        if n == 9:
            forms |= _gender("nono")
    else:
        tens, unit = divmod(n, 10)
        if unit == 0:
            forms |= _gender(_TENS[tens])
        else:
            forms |= _gender(_TENS[tens] + " " + _UNITS[unit])
            if tens == 1:
                fused = "decimo" + _UNITS[unit].replace("é", "e")
                forms |= _gender(fused)
                if unit == 1:
                    forms |= _gender("undécimo")
                if unit == 2:
                    forms |= _gender("duodécimo")
                if unit == 9:
                    forms |= _gender("decimonono")
    forms |= {f"{n}º", f"{n}.º", f"{n}ª", f"{n}.ª", f"{n}°", f"{n}.°", f"{n}o", f"{n}a"}
    return forms


def numeral_value(text: str) -> int | None:
    """Value of the numeral an :data:`ORDINAL_NUMERAL` captures (digits only here)."""
    return int(text) if text.isdigit() else None


# -- language names, job numbers ----------------------------------------------------------------

#: the letter after a job number: "V.19-01234 (S)"
JOB_SUFFIX = "S"
#: the language's own name, as the distribution block's language line prints it
SELF_NAMES: tuple[str, ...] = ("Español",)
#: language names as written after "Original:" (and in headers) → language code
LANGUAGE_NAMES: dict[str, str] = {
    "inglés": "en", "francés": "fr", "español": "es", "ruso": "ru", "árabe": "ar",
    "chino": "zh",
}
#: "and" between two language names ("inglés y francés"), as regex fragments
AND_WORDS: tuple[str, ...] = (r"\by\b",)
#: the word "Original" of the distribution block
ORIGINAL = "Original"
#: cues for guessing the language of a short text (regex over folded text; "" for none)
GUESS_CUES = r"\b(?:del|el|los|las|y|celebrad[oa]s?|reunion|período|periodo|sesiones)\b"
#: characters of the language's own script (a regex class; "" for the Latin script)
SCRIPT = ""

# -- masthead -------------------------------------------------------------------------------------

#: "United Nations" as printed at the top of page 1
UN_NAMES: tuple[str, ...] = ("Naciones Unidas",)
#: principal organs as printed in the masthead
ORGANS: tuple[str, ...] = (
    "Asamblea General", "Consejo de Seguridad", "Consejo Económico y Social",
    "Consejo de Administración Fiduciaria", "Secretaría",
)
#: distribution words → ``general`` | ``limited`` | ``restricted`` ("general" is read as English)
DISTRIBUTION_WORDS: dict[str, str] = {
    "limitada": "limited", "reservada": "restricted", "restringida": "restricted",
}
#: the line above a resolution's numbered title, as it starts (folded: no accents, lower case)
RESOLUTION_ADOPTED = r"resolucion\s+aprobada\s+por\b"
#: nouns naming a meeting or a session
MEETING_WORDS: tuple[str, ...] = (
    "reunión", "período de sesiones", "periodo de sesiones", "sesión", "reunion",
    "período extraordinario de sesiones", "período ordinario de sesiones",
)

# -- enrichment (pipeline.parse.enrich) ---------------------------------------------------------

#: (actor key, pattern) of who a record addresses
ACTOR_PATTERNS: tuple[tuple[str, str], ...] = (
    ("states_parties", r"\bEstados?\s+[Pp]artes?\b"),
    ("states", r"\bEstados?\b(?!\s+(?:[Pp]artes?|Unidos)\b)"),
    ("working_group", r"\bGrupo\s+de\s+[Tt]rabajo\b"),
    ("conference", r"\bConferencia\b"),
    ("secretariat", r"\bSecretaría\b"),
    ("unodc", r"\b(?:UNODC|ONUDD)\b|\bOficina\s+de\s+las\s+Naciones\s+Unidas\s+contra"
              r"\s+la\s+Droga\s+y\s+el\s+Delito\b"),
)

_BE = r"(?:(?:deber[íi]an?|podr[íi]an?|deben?)\s+ser|son|están|sean|serán)"

#: (modality key, case-insensitive pattern, whether the actor is the addressee after the verb)
MODALITY_PATTERNS: tuple[tuple[str, str, bool], ...] = (
    ("encouraged", rf"\b{_BE}\s+(?:alentad|exhortad|instad)[oa]s?\b", False),
    ("invited", rf"\b{_BE}\s+invitad[oa]s?\b", False),
    ("requested", rf"\b{_BE}\s+(?:solicitad|pedid)[oa]s?\b", False),
    ("encouraged", r"\bse\s+(?:les?\s+)?(?:alienta|anima|exhorta|insta)\b", True),
    ("invited", r"\bse\s+(?:les?\s+)?invita\b", True),
    ("requested", r"\bse\s+(?:les?\s+)?(?:pide|solicita)\b", True),
    ("recommended", r"\bse\s+(?:les?\s+)?recomienda\b", True),
    ("may_wish", r"\b(?:tal\s+vez|quizás?|acaso)\s+(?:también\s+)?dese(?:e|en)\b", False),
    ("should", r"\bdeber[íi]an?\b", False),
    ("could", r"\bpodr(?:ía|ían|ia|ian|á|án)\b", False),
    ("must", r"\bdeben?\b|\btienen\s+que\b", False),
    ("requested", r"\b(?:solicitó|pidió|solicita|pide)\b", True),
    ("recommended", r"\b(?:recomendó|recomienda)\b", True),
    ("encouraged", r"\b(?:alienta|alentó|exhorta|exhortó|insta|instó)\b", True),
    ("invited", r"\b(?:invita|invitó)\b", True),
)
#: (kind, pattern) of an instrument's name: ``protocol`` | ``convention``
INSTRUMENTS: tuple[tuple[str, str], ...] = (
    ("protocol", r"\bProtocolo\b"), ("convention", r"\bConvención\b"),
)
#: kind → words (case-insensitive) that make the instrument the one the documents are about
OURS: dict[str, str] = {
    "protocol": r"tráfico\s+ilícito\s+de\s+migrantes",
    "convention": r"delincuencia\s+organizada",
}
#: a complement after an instrument's name that makes it another instrument
OTHER_AFTER = (r"relati(?:vo|va)s?\b|sobre\b|contra\b|para\s+[A-Z]"
               r"|de\s+las\s+Naciones\s+Unidas\b")
#: a qualifier before an instrument's name that makes it another instrument ("" for none)
OTHER_BEFORE = ""
#: (organisation key, pattern with its own flags) of organisations cited by name or acronym
ORGANISATIONS: tuple[tuple[str, str], ...] = (
    ("INTERPOL", r"\bINTERPOL\b|\bInterpol\b"
                 r"|(?i:Organización\s+Internacional\s+de\s+Policía\s+Criminal)"),
    ("ICAO", r"\bOACI\b"
             r"|(?i:Organización\s+de\s+(?:la\s+)?Aviación\s+Civil\s+Internacional)"),
    ("IOM", r"\bOIM\b|(?i:Organización\s+Internacional\s+para\s+las\s+Migraciones)"),
    ("UNODC", r"\b(?:UNODC|ONUDD)\b"
              r"|(?i:Oficina\s+de\s+las\s+Naciones\s+Unidas\s+contra\s+la\s+Droga\s+y\s+el"
              r"\s+Delito)"),
    ("UNHCR", r"\bACNUR\b"
              r"|(?i:Alto\s+Comisionado\s+de\s+las\s+Naciones\s+Unidas\s+para\s+los"
              r"\s+Refugiados)"),
    ("SHERLOC", r"\bSHERLOC\b"),
)

# -- document structure (pipeline.parse.sections) ---------------------------------------------

#: words that open a section heading, lower case → language-neutral key of the section kind
SECTION_WORDS: dict[str, str] = {
    "artículo": "art", "regla": "rule", "reglamento": "reg", "anexo": "annex",
    "apéndice": "app", "parte": "part", "sección": "sec", "capítulo": "chap",
    "principio": "principle", "resolución": "res", "decisión": "dec", "protocolo": "prot",
}

#: section headings whose number sits inside a frame, (kind key, pattern): none here
SECTION_PATTERNS: tuple[tuple[str, str], ...] = ()

#: the opening phrase of a preambular paragraph ("Recordando", "Teniendo presente")
PREAMBLE_OPENER = (r"(?:(?:Profundamente|Gravemente|Firmemente|Plenamente)\s+)?"
                   r"(?:Teniendo\s+presente|Habiendo\s+\w+|[A-ZÁÉÍÓÚ][a-záéíóúñ]+(?:ando|iendo)"
                   r"|Conscientes?|Convencid[oa]s?|Preocupad[oa]s?|Decidid[oa]s?"
                   r"|Deseos[oa]s?|Alarmad[oa]s?|Comprometid[oa]s?)\b")

#: operative verbs at the start of an operative paragraph, lower case → language-neutral key
OPERATIVE_VERBS: dict[str, str] = {
    "decide": "decides", "pide": "requests", "solicita": "requests", "insta": "urges",
    "exhorta": "calls_upon", "recuerda": "recalls", "reafirma": "reaffirms",
    "expresa": "expresses", "acoge con beneplácito": "welcomes", "celebra": "welcomes",
    "toma nota": "takes_note", "observa": "notes", "alienta": "encourages",
    "invita": "invites", "afirma": "affirms", "aprueba": "approves", "adopta": "adopts",
    "subraya": "emphasizes", "destaca": "stresses", "condena": "condemns", "exige": "demands",
    "autoriza": "authorizes", "recomienda": "recommends", "hace suyo": "endorses",
    "hace suya": "endorses", "reitera": "reiterates", "hace un llamamiento": "appeals",
    "reconoce": "recognizes", "declara": "declares", "proclama": "proclaims",
    "encomia": "commends", "apoya": "supports", "conviene": "agrees", "confirma": "confirms",
    "deplora": "deplores", "determina": "determines", "elige": "elects",
    "agradece": "thanks", "señala a la atención": "draws_attention",
}
# -- verbatim records (pipeline.parse.prose) ----------------------------------------------------

#: presiding officers named by their office in a verbatim record ("El Presidente:")
PRESIDING_TITLES: tuple[str, ...] = (
    "El Presidente interino", "La Presidenta interina", "El Presidente en funciones",
    "La Presidenta en funciones", "El Presidente", "La Presidenta", "El Vicepresidente",
    "La Vicepresidenta", "El Secretario General", "La Secretaria General",
)
#: forms of address that open a speaker's name ("El Sr. Pérez (México):")
HONORIFICS: tuple[str, ...] = (
    "El Sr.", "La Sra.", "La Srta.", "Sr.", "Sra.", "Srta.", "Sir", "Dame", "Lord", "Lady",
    "El Príncipe", "La Princesa", "El Jeque", "La Jequesa", "El Arzobispo", "El Cardenal",
    "Monseñor", "El Rey", "La Reina",
)
#: the interpretation note after a speaker's name ("habla en inglés"), a regex
INTERPRETATION = r"habla\s+en\s+\w+"
#: a heading naming the one paragraph of another text quoted under it ("Paragraph 4 of
#: resolution 55/122"): a regex with the group ``n``
QUOTED_PARAGRAPH = r"\bp[aá]rrafos? (?P<n>\d{1,3})\b(?! ?[-–]| y| a)"

#: what a document is, from the start of its title (folded; tried in this order): the keys of
#: :data:`pipeline.vocab.DOCUMENT_TYPES`
DOCUMENT_TYPE_WORDS: dict[str, str] = {
    "draft": r"proyectos?\s+de\s+(?:resolucion|resoluciones|decision|decisiones)\b",
    "resolution": r"resolucion\b",
    "decision": r"(?:decision|decisiones)\b",
    "report": r"informe\b",
    "note": r"nota\s+(?:del|de\s+la)\b",
    "letter": r"cartas?\s+(?:identicas\s+)?de\s+fecha\b",
    "agenda": r"programa\s+(?:provisional|anotado)\b",
}

#: the pyphen hyphenation-pattern dictionaries of the language (LibreOffice's / Hunspell's), and
#: the pyspellchecker word list: the last-resort evidence for a line-end hyphen the document
#: leaves undecided (:mod:`pipeline.parse.dictionary`); empty: none, the hyphen is kept
HYPHENATION_PATTERNS: tuple[str, ...] = ("es",)
WORD_LIST: str = "es"
