"""Enrichment: who a record addresses (actor), how strongly (modality), and what it cites.

Pure, regex-based functions over a record's normalised text, for French, English, Spanish and
Russian (``language=None`` tries every language). Three derived values per record:

``actor``
    Who is addressed, as one key of :data:`ACTORS` or ``None``:

    =================  ==========================================================================
    key                printed as (fr / en / es / ru)
    =================  ==========================================================================
    ``states_parties``  États parties / States parties / Estados partes / государства-участники
    ``states``          États (Membres, d'origine …) / States / Estados / государства
    ``working_group``   Groupe de travail / Working Group / Grupo de Trabajo / Рабочая группа
    ``conference``      Conférence (des Parties) / Conference / Conferencia / Конференция
    ``secretariat``     Secrétariat / Secretariat / Secretaría / Секретариат
    ``unodc``           ONUDC / UNODC / UNODC, ONUDD / ЮНОДК, and the spelled-out names
    =================  ==========================================================================

    Rule: find the record's *operative verb phrase* (the first modality phrase, below). The actor
    is the subject before it, in the same sentence: the last actor named at the start of a
    clause (text start or after a comma: "Lorsqu'ils …, **les États parties** devraient"), which
    skips actors inside complements ("Les États parties, en coopération avec l'ONUDC,
    devraient" → ``states_parties``); failing that, the last actor named before the verb. For
    the speech-act verbs of an authoring body — "Le Groupe de travail **a prié le
    Secrétariat** de", "a recommandé à la Conférence", "Se alienta a los Estados", "Рабочая
    группа просила Секретариат" — the actor is the addressee named after the verb (when the
    subject is the Working Group, the Conference, or impersonal). Coordinated subjects ("les
    États parties et l'ONUDC devraient") give the first one. No verb phrase → no actor.

``modality``
    The strength of the operative verb phrase, one key of :data:`MODALITIES` or ``None``:
    ``should`` (devraient, should, deberían, следует), ``may_wish`` (voudront peut-être,
    souhaiteront peut-être, may wish to, tal vez deseen, возможно, пожелают), ``encouraged`` (sont
    encouragés à, are encouraged to, se alienta a, рекомендуется, призываются), ``invited`` (sont
    invités à, are invited to, se invita a, предлагается), ``requested`` (a prié, sont priés de,
    requested, solicitó, просила), ``recommended`` (a recommandé, recommended, recomendó,
    рекомендовала), ``must`` (doivent, must, shall, deben, должны), ``could`` (pourraient
    (envisager), could, might, may consider, podrían, могли бы).

    Rule: the phrase that starts first in the text wins (ties: the longest). **Compound verbs**:
    a modal followed by a passive exhortation takes the exhortation — "devraient être
    encouragés à" → ``encouraged``, "pourraient être priées de" → ``requested``, "should be
    encouraged to" → ``encouraged`` — because the text exhorts the actor rather than obliging it;
    a modal followed by an active verb keeps the modal — "devraient envisager" → ``should``,
    "pourraient envisager" → ``could``. Negation is not tracked ("ne devraient pas" →
    ``should``).

``references``
    What the record cites, as sorted keys (natural order: ``art:9`` before ``art:10``):

    * ``protocol:art:N`` / ``convention:art:N`` — an article of *the* Protocol / *the*
      Convention the text names: "l'article 8 du Protocole", "paragraphe 1 de l'article 6 du
      Protocole" (article level only), "articles 16 et 18 de la Convention", "article 20 of the
      Organized Crime Convention", "статьями 16 и 18 Конвенции". An article without its
      instrument takes the instrument of the article it is coordinated with ("l'article 5 et le
      paragraphe 4 de l'article 6 du Protocole"), else the nearest instrument named before it
      in the text ("… la Convention …, par exemple l'article 13 (…)"), else the nearest named
      after it, else (sub-items) the last one named in the parent's text; otherwise ``art:N``
      (instrument not named). Articles of other instruments (Convention de Vienne sur les
      relations consulaires, Convention on the Rights of the Child, Trafficking in Persons
      Protocol …) are left out. "Protocole"/"Convention" are the instrument the document is
      about (in these documents, the Smuggling of Migrants Protocol and the Organized Crime
      Convention): named bare, or with their titles.
    * ``doc:SYMBOL`` — a UN document symbol such as ``doc:CTOC/COP/WG.7/2019/1``.
    * ``org:INTERPOL``, ``org:ICAO`` (OACI, ИКАО, "Organisation de l'aviation civile
      internationale" …), ``org:IOM`` (OIM, МОМ …), ``org:UNODC``, ``org:UNHCR``,
      ``org:SHERLOC`` — by acronym or spelled-out name in any of the four languages.

    In tables the keys are joined by ``;`` (null when none); in ``<stem>.json`` they are a list.

Sub-items (lettered items) inherit ``actor`` and ``modality`` from their parent (itself
possibly inherited) when their own text has none: "Les États parties devraient : a) Faciliter
…" → the item is ``states_parties`` / ``should``. ``references`` are never inherited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.vocab import (  # noqa: F401 - part of this module's interface
    ACTORS,
    MODALITIES,
    REFERENCE_PATTERN,
    SEPARATOR,
    join_references,
    natural_key,
    split_references,
)

LANGUAGES: tuple[str, ...] = ("fr", "en", "es", "ru")

#: authoring bodies: when they are the subject of a speech-act verb, the addressee is the actor
_AUTHORS = frozenset({"working_group", "conference"})

_W = r"[^\W\d_]"  # one letter, any script


def _c(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# --------------------------------------------------------------------------------------------
# Actors
# --------------------------------------------------------------------------------------------

_ACTOR_PATTERNS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "fr": [
        ("states_parties", _c(r"\b[EÉ]tats?\s+[Pp]arties?\b")),
        ("states", _c(r"\b[EÉ]tats?\b(?!\s+[Pp]arties?\b)")),
        ("working_group", _c(r"\bGroupe\s+de\s+travail\b")),
        ("conference", _c(r"\bConférence\b")),
        ("secretariat", _c(r"\bSecrétariat\b")),
        ("unodc", _c(r"\bONUDC\b|\bOffice\s+des\s+Nations\s+Unies\s+contre\s+la\s+drogue"
                     r"\s+et\s+le\s+crime\b")),
    ],
    "en": [
        ("states_parties", _c(r"\bStates?\s+[Pp]art(?:y|ies)\b")),
        ("states", _c(r"(?<!United )\bStates?\b(?!\s+[Pp]art(?:y|ies)\b)")),
        ("working_group", _c(r"\bWorking\s+Group\b")),
        ("conference", _c(r"\bConference\b")),
        ("secretariat", _c(r"\bSecretariat\b")),
        ("unodc", _c(r"\bUNODC\b|\bUnited\s+Nations\s+Office\s+on\s+Drugs\s+and\s+Crime\b")),
    ],
    "es": [
        ("states_parties", _c(r"\bEstados?\s+[Pp]artes?\b")),
        ("states", _c(r"\bEstados?\b(?!\s+(?:[Pp]artes?|Unidos)\b)")),
        ("working_group", _c(r"\bGrupo\s+de\s+[Tt]rabajo\b")),
        ("conference", _c(r"\bConferencia\b")),
        ("secretariat", _c(r"\bSecretaría\b")),
        ("unodc", _c(r"\b(?:UNODC|ONUDD)\b|\bOficina\s+de\s+las\s+Naciones\s+Unidas\s+contra"
                     r"\s+la\s+Droga\s+y\s+el\s+Delito\b")),
    ],
    "ru": [
        ("states_parties", _c(r"\b[Гг]осударств[а-яё]*\s*[-–—]\s*участник[а-яё]*")),
        ("states", _c(r"\b[Гг]осударств[а-яё]*\b(?!\s*[-–—]\s*участ)")),
        ("working_group", _c(r"\b[Рр]абоч[а-яё]+\s+групп[а-яё]*")),
        ("conference", _c(r"\bКонференци[а-яё]*")),
        ("secretariat", _c(r"\bСекретариат[а-яё]*")),
        ("unodc", _c(r"\bЮНОДК\b|\bУправлени[а-яё]*\s+Организации\s+Объединенных\s+Наций\s+по"
                     r"\s+наркотикам\s+и\s+преступности")),
    ],
}

# --------------------------------------------------------------------------------------------
# Modalities: (key, pattern, addressee named after the verb)
# --------------------------------------------------------------------------------------------

_I = re.IGNORECASE
_FR_MODAL = r"(?:devr(?:ait|aient)|pourr(?:ait|aient)|doi(?:t|vent))"
_FR_BE = rf"(?:{_FR_MODAL}\s+(?:également\s+|aussi\s+)?être|sont|est|soient|seront|sera)"
_FR_ADV = r"(?:(?:également|aussi|vivement|fortement|instamment)\s+)?"
_EN_BE = r"(?:(?:should|could|might|may|must|shall|would)\s+(?:also\s+)?be|are|is|were|be)"
_EN_ADV = r"(?:(?:also|further|strongly|urgently)\s+)?"
_ES_BE = r"(?:(?:deber[íi]an?|podr[íi]an?|deben?)\s+ser|son|están|sean|serán)"

_MODALITY_PATTERNS: dict[str, list[tuple[str, re.Pattern[str], bool]]] = {
    "fr": [
        ("encouraged", _c(rf"\b{_FR_BE}\s+{_FR_ADV}(?:encouragé|exhorté)e?s?\b", _I), False),
        ("invited", _c(rf"\b{_FR_BE}\s+{_FR_ADV}invitée?s?\b", _I), False),
        ("requested", _c(rf"\b{_FR_BE}\s+{_FR_ADV}priée?s?\b", _I), False),
        ("recommended", _c(r"\best\s+recommandé\b", _I), True),
        ("may_wish", _c(r"\b(?:voudr|souhaiter)(?:a|ont)\s+(?:\w+\s+)?peut-être\b"
                        r"|\bpourr(?:a|ont)\s+souhaiter\b", _I), False),
        ("should", _c(r"\bdevr(?:ait|aient)\b", _I), False),
        ("could", _c(r"\bpourr(?:ait|aient)\b", _I), False),
        ("must", _c(r"\bdoi(?:t|vent)\b|\bsont\s+tenus\s+de\b", _I), False),
        ("requested", _c(r"\b(?:a|ont|avait|avaient)\s+(?:également\s+|aussi\s+)?"
                         r"(?:prié|demandé)\b|\bprie(?:nt)?\b|\bdemande(?:nt)?\s+(?:au|aux|à)\b",
                         _I), True),
        ("recommended", _c(r"\b(?:a|ont|avait|avaient)\s+(?:également\s+|aussi\s+)?"
                           r"recommandé\b|\brecommande(?:nt)?\b", _I), True),
        ("encouraged", _c(r"\b(?:a|ont)\s+(?:également\s+|aussi\s+|vivement\s+)?encouragé\b"
                          r"|\bencourage(?:nt)?\b|\bexhorte(?:nt)?\b", _I), True),
        ("invited", _c(r"\b(?:a|ont)\s+(?:également\s+|aussi\s+)?invité\b|\binvite(?:nt)?\b",
                       _I), True),
    ],
    "en": [
        ("encouraged", _c(rf"\b{_EN_BE}\s+{_EN_ADV}(?:encouraged|urged)\b", _I), False),
        ("invited", _c(rf"\b{_EN_BE}\s+{_EN_ADV}invited\b", _I), False),
        ("requested", _c(rf"\b{_EN_BE}\s+{_EN_ADV}(?:requested|asked)\b", _I), False),
        ("recommended", _c(r"\bit\s+is\s+(?:also\s+)?recommended\b", _I), True),
        ("may_wish", _c(r"\b(?:may|might)\s+(?:also\s+)?wish\b", _I), False),
        ("should", _c(r"\bshould\b|\bought\s+to\b", _I), False),
        ("could", _c(r"\b(?:could|might)\b|\bmay\s+(?:also\s+)?consider\b", _I), False),
        ("must", _c(r"\b(?:must|shall)\b|\bare\s+required\s+to\b", _I), False),
        ("requested", _c(r"\b(?:requested|requests|asked|asks)\b", _I), True),
        ("recommended", _c(r"\b(?:recommended|recommends)\b", _I), True),
        ("encouraged", _c(r"\b(?:encouraged|encourages|urged|urges)\b", _I), True),
        ("invited", _c(r"\b(?:invited|invites)\b", _I), True),
    ],
    "es": [
        ("encouraged", _c(rf"\b{_ES_BE}\s+(?:alentad|exhortad|instad)[oa]s?\b", _I), False),
        ("invited", _c(rf"\b{_ES_BE}\s+invitad[oa]s?\b", _I), False),
        ("requested", _c(rf"\b{_ES_BE}\s+(?:solicitad|pedid)[oa]s?\b", _I), False),
        ("encouraged", _c(r"\bse\s+(?:les?\s+)?(?:alienta|anima|exhorta|insta)\b", _I), True),
        ("invited", _c(r"\bse\s+(?:les?\s+)?invita\b", _I), True),
        ("requested", _c(r"\bse\s+(?:les?\s+)?(?:pide|solicita)\b", _I), True),
        ("recommended", _c(r"\bse\s+(?:les?\s+)?recomienda\b", _I), True),
        ("may_wish", _c(r"\b(?:tal\s+vez|quizás?|acaso)\s+(?:también\s+)?dese(?:e|en)\b", _I),
         False),
        ("should", _c(r"\bdeber[íi]an?\b", _I), False),
        ("could", _c(r"\bpodr(?:ía|ían|ia|ian|á|án)\b", _I), False),
        ("must", _c(r"\bdeben?\b|\btienen\s+que\b", _I), False),
        ("requested", _c(r"\b(?:solicitó|pidió|solicita|pide)\b", _I), True),
        ("recommended", _c(r"\b(?:recomendó|recomienda)\b", _I), True),
        ("encouraged", _c(r"\b(?:alienta|alentó|exhorta|exhortó|insta|instó)\b", _I), True),
        ("invited", _c(r"\b(?:invita|invitó)\b", _I), True),
    ],
    "ru": [
        ("may_wish", _c(r"\b(?:возможно,?\s+)?(?:также\s+)?пожела(?:ют|ет)\b", _I), False),
        ("should", _c(r"\bследует\b|\bследовало\s+бы\b|\bдолжн[ыао]\s+бы\b", _I), False),
        ("could", _c(r"\bмогл[иа]?\s+бы\b|\bмогут\b|\bможет\b", _I), False),
        ("must", _c(r"\bдолжн[ыао]\b|\bобязаны\b", _I), False),
        ("encouraged", _c(r"\bрекомендуется\b|\bпризыва(?:ются|ется)\b", _I), False),
        ("invited", _c(r"\bпредлагается\b", _I), False),
        ("requested", _c(r"\bпроси(?:т|ла|ли|л)\b|\bобратил[аи]?с[ья]\s+с\s+просьбой\b", _I),
         True),
        ("recommended", _c(r"\bрекомендова(?:ла|л|ли)\b|\bрекомендует\b", _I), True),
        ("encouraged", _c(r"\b(?:настоятельно\s+)?призыва(?:ет|ют)\b|\bпризвал[аи]?\b", _I),
         True),
        ("invited", _c(r"\bпредлага(?:ет|ют)\b|\bпредложил[аи]?\b", _I), True),
    ],
}

# --------------------------------------------------------------------------------------------
# References
# --------------------------------------------------------------------------------------------

_ARTICLE = _c(
    r"\b(?:articles?|art\.|artículos?|стать(?:я|и|е|ю|ей|ёй|ям|ями|ях))\s+([0-9]+)"
    r"((?:\s*(?:,|et|and|y|ou|or|o|и|или)\s*[0-9]+\b)*)",
    _I,
)
_NUMBER = _c(r"[0-9]+")

#: (kind, pattern) of an instrument's name; the kind is refined by :func:`_instrument_kind`
_INSTRUMENTS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "fr": [("protocol", _c(r"\bProtocole\b")), ("convention", _c(r"\bConvention\b"))],
    "en": [("protocol", _c(r"\bProtocol\b")), ("convention", _c(r"\bConvention\b"))],
    "es": [("protocol", _c(r"\bProtocolo\b")), ("convention", _c(r"\bConvención\b"))],
    "ru": [
        ("protocol", _c(r"\bПротокол(?:а|у|ом|е)?\b")),
        ("convention", _c(r"\bКонвенци(?:я|и|ю|ей)\b")),
    ],
}
#: words that make a "Protocol"/"Convention" the one the documents are about
_OURS = {
    "protocol": _c(r"trafic\s+illicite\s+de\s+migrants|smuggling\s+of\s+migrants"
                   r"|migrant\s+smuggling|tráfico\s+ilícito\s+de\s+migrantes"
                   r"|незаконн[а-яё]*\s+ввоз[а-яё]*\s+мигрантов", _I),
    "convention": _c(r"criminalité\s+(?:transnationale\s+)?organisée|organized\s+crime"
                     r"|delincuencia\s+organizada|организованной\s+преступности", _I),
}
#: a complement after the word that names another instrument ("Convention de Vienne",
#: "Convention on the Rights of the Child", "Protocole relatif à la traite" …)
_OTHER_AFTER = _c(
    r"\s*(?:relati(?:f|ve|vo|va)s?\b|sur\b|contre\b|visant\b|additionnel|pour\s+la\b"
    r"|de\s+(?:l')?[A-ZÀ-Ý]|des\s+Nations\s+Unies\b"
    r"|on\b|relating\b|against\b|to\s+[A-Z]|for\s+the\b|of\s+[A-Z]"
    r"|sobre\b|contra\b|para\s+[A-Z]|de\s+las\s+Naciones\s+Unidas\b"
    r"|о\b|об\b|против\b|по\b|относительно\b)"
)
#: English names put the qualifier first: "Vienna Convention", "Trafficking in Persons Protocol"
_OTHER_BEFORE_EN = _c(r"\b(?!The\b|This\b|That\b|A\b)[A-Z][\w-]*\s+$")
#: what may stand between an article and the instrument it belongs to
_IMMEDIATE = _c(
    r"(?:,?\s*(?:sub)?paragraphs?\s+[0-9]+(?:\s*\([a-z]+\))?,?)?"  # "article 16, paragraph 5, of"
    r"\s*(?:\([^()]{0,160}\)\s*)?"
    r"(?:(?:du|de\s+la|de\s+ce|de\s+cette|dudit|de\s+ladite|of|del|de|de\s+dicho|de\s+dicha"
    r"|de\s+este|de\s+esta)\s+)?"
    r"(?:(?:the|this|that|said|la|el|présent|presente|настоящ[а-яё]+|указанн[а-яё]+)\s+)?"
    r"(?:[A-Z][\w-]*\s+(?:of\s+)?){0,3}",
    _I,
)
#: between two coordinated articles: "l'article 5 et le paragraphe 4 de l'article 6"
_CHAIN = _c(
    r"\s*(?:,|et|ou|and|or|y|o|и|или)\s+(?:(?:le|la|les|the|el|los)\s+)?"
    r"(?:(?:paragraphe|paragraph|párrafo|apartado|alinéa|пункт[а-яё]*|част[а-яё]*)\s+[0-9]+"
    r"\s+(?:(?:de|of|del)\s+)?)?(?:l'|the\s+|el\s+)?",
    _I,
)

_SYMBOL = _c(r"\b[A-Z][A-Z0-9]*(?:\.[0-9]+)?(?:/[A-Za-z0-9.\-]+)+")
_SYMBOL_KEY = _c(r"[A-Z][A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-]+)+")

_ORGANISATIONS: list[tuple[str, re.Pattern[str]]] = [
    ("INTERPOL", _c(
        r"\bINTERPOL\b|\bInterpol\b|\bИнтерпол[а-яё]*"
        r"|(?i:Organisation\s+internationale\s+de\s+police\s+criminelle"
        r"|International\s+Criminal\s+Police\s+Organi[sz]ation"
        r"|Organización\s+Internacional\s+de\s+Policía\s+Criminal"
        r"|Международн[а-яё]+\s+организаци[а-яё]+\s+уголовной\s+полиции)")),
    ("ICAO", _c(
        r"\b(?:OACI|ICAO)\b|\bИКАО\b"
        r"|(?i:Organisation\s+de\s+l['’]aviation\s+civile\s+internationale"
        r"|International\s+Civil\s+Aviation\s+Organi[sz]ation"
        r"|Organización\s+de\s+(?:la\s+)?Aviación\s+Civil\s+Internacional"
        r"|Международн[а-яё]+\s+организаци[а-яё]+\s+гражданской\s+авиации)")),
    ("IOM", _c(
        r"\b(?:OIM|IOM)\b|\bМОМ\b"
        r"|(?i:Organisation\s+internationale\s+pour\s+les\s+migrations"
        r"|International\s+Organi[sz]ation\s+for\s+Migration"
        r"|Organización\s+Internacional\s+para\s+las\s+Migraciones"
        r"|Международн[а-яё]+\s+организаци[а-яё]+\s+по\s+миграции)")),
    ("UNODC", _c(
        r"\b(?:UNODC|ONUDC|ONUDD)\b|\bЮНОДК\b"
        r"|(?i:Office\s+des\s+Nations\s+Unies\s+contre\s+la\s+drogue\s+et\s+le\s+crime"
        r"|United\s+Nations\s+Office\s+on\s+Drugs\s+and\s+Crime"
        r"|Oficina\s+de\s+las\s+Naciones\s+Unidas\s+contra\s+la\s+Droga\s+y\s+el\s+Delito"
        r"|Управлени[а-яё]+\s+Организации\s+Объединенных\s+Наций\s+по\s+наркотикам"
        r"\s+и\s+преступности)")),
    ("UNHCR", _c(
        r"\b(?:UNHCR|HCR|ACNUR)\b|\bУВКБ\b"
        r"|(?i:Haut-Commissariat\s+des\s+Nations\s+Unies\s+pour\s+les\s+réfugiés"
        r"|United\s+Nations\s+High\s+Commissioner\s+for\s+Refugees"
        r"|Alto\s+Comisionado\s+de\s+las\s+Naciones\s+Unidas\s+para\s+los\s+Refugiados)")),
    ("SHERLOC", _c(r"\bSHERLOC\b")),
]

#: a sentence ends at . ; ! ? followed by a capital (or at a semicolon)
_SENTENCE_END = _c(r"(?:[.!?]\s+(?=[\"«“(]?[A-ZÀ-ÝА-ЯЁ])|;\s+)")
_CLAUSE_START = _c(
    r"(?:^|[,;:(]\s*|^\W*)(?:(?:les|le|la|l'|the|los|las|el|este|estos)\s*)?$", _I
)
_COORDINATION = _c(r"\s*(?:,|et|and|y|e|и|ou|or|o|или)\s*(?:(?:les|le|la|l'|the|los|las|el)\s*)?$",
                   _I)


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Enrichment:
    """The derived values of one record."""

    actor: str | None = None
    modality: str | None = None
    references: tuple[str, ...] = ()

    @property
    def references_text(self) -> str | None:
        """``references`` as stored in the tables: keys joined by ``;``, null when none."""
        return join_references(self.references)


@dataclass(frozen=True, slots=True)
class Phrase:
    """The operative verb phrase of a text: its modality key and where it is."""

    modality: str
    start: int
    end: int
    #: the actor is the addressee named after the verb ("a prié le Secrétariat de")
    addressee_after: bool


def _languages(language: str | None) -> tuple[str, ...]:
    return (language,) if language in LANGUAGES else LANGUAGES


def operative_phrase(text: str, language: str | None = None) -> Phrase | None:
    """The first modality phrase in ``text`` (ties: the longest), or ``None``."""
    best: Phrase | None = None
    for lang in _languages(language):
        for key, pattern, after in _MODALITY_PATTERNS[lang]:
            m = pattern.search(text)
            if m is None:
                continue
            cand = Phrase(key, m.start(), m.end(), after)
            if best is None or (cand.start, -cand.end) < (best.start, -best.end):
                best = cand
    return best


def detect_modality(text: str, language: str | None = None) -> str | None:
    """Modality key of the text's operative verb phrase (see module docstring), or ``None``."""
    phrase = operative_phrase(text, language)
    return phrase.modality if phrase else None


def actor_mentions(text: str, language: str | None = None) -> list[tuple[int, int, str]]:
    """Every actor named in ``text`` as ``(start, end, key)``, in text order, no overlaps."""
    found: list[tuple[int, int, str]] = []
    for lang in _languages(language):
        for key, pattern in _ACTOR_PATTERNS[lang]:
            found += [(m.start(), m.end(), key) for m in pattern.finditer(text)]
    found.sort(key=lambda t: (t[0], -t[1]))
    out: list[tuple[int, int, str]] = []
    for f in found:
        if not out or f[0] >= out[-1][1]:
            out.append(f)
    return out


def _sentence_start(text: str, pos: int) -> int:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    return start


def _subject(text: str, phrase: Phrase, mentions: list[tuple[int, int, str]]) -> str | None:
    lo = _sentence_start(text, phrase.start)
    before = [m for m in mentions if m[0] >= lo and m[1] <= phrase.start]
    if not before:
        return None
    initial = [i for i, m in enumerate(before) if _CLAUSE_START.search(text[lo : m[0]])]
    i = initial[-1] if initial else len(before) - 1
    # coordinated subjects ("les États parties, l'ONUDC et …") → the first one
    while i > 0 and _COORDINATION.fullmatch(text, before[i - 1][1], before[i][0]):
        i -= 1
    return before[i][2]


def _addressee(text: str, phrase: Phrase, mentions: list[tuple[int, int, str]]) -> str | None:
    end = len(text)
    m = re.compile(r"[.;:!?](?:\s|$)").search(text, phrase.end)
    if m is not None:
        end = m.start()
    end = min(end, phrase.end + 160)
    after = [a for a in mentions if a[0] >= phrase.end and a[1] <= end]
    return after[0][2] if after else None


def detect_actor(text: str, language: str | None = None) -> str | None:
    """Actor key of the text's operative verb phrase (see module docstring), or ``None``."""
    phrase = operative_phrase(text, language)
    if phrase is None:
        return None
    mentions = actor_mentions(text, language)
    subject = _subject(text, phrase, mentions)
    if phrase.addressee_after and (subject is None or subject in _AUTHORS):
        return _addressee(text, phrase, mentions) or subject
    return subject


def _instrument_kind(text: str, kind: str, start: int, end: int, lang: str, stop: int) -> str:
    """``kind`` when the mention is the Protocol/Convention the documents are about, else
    ``"other"`` (another instrument, named by a qualifier)."""
    post = text[end : min(stop, end + 120)]
    pre = text[max(0, start - 40) : start]
    if _OURS[kind].search(post) or _OURS[kind].search(pre):
        return kind
    if _OTHER_AFTER.match(post):
        return "other"
    if lang == "en" and _OTHER_BEFORE_EN.search(pre):
        return "other"
    return kind


def instrument_mentions(text: str, language: str | None = None) -> list[tuple[int, int, str]]:
    """Every instrument named in ``text`` as ``(start, end, kind)`` with kind ``protocol``,
    ``convention`` or ``other``, in text order."""
    raw: list[tuple[int, int, str, str]] = []
    for lang in _languages(language):
        for kind, pattern in _INSTRUMENTS[lang]:
            raw += [(m.start(), m.end(), kind, lang) for m in pattern.finditer(text)]
    raw.sort()
    # the same word read by two languages' patterns ("Convention" in fr and en) counts once
    raw = [r for i, r in enumerate(raw) if i == 0 or r[0] >= raw[i - 1][1]]
    out = []
    for i, (start, end, kind, lang) in enumerate(raw):
        stop = raw[i + 1][0] if i + 1 < len(raw) else len(text)
        out.append((start, end, _instrument_kind(text, kind, start, end, lang, stop)))
    return out


def _article_keys(text: str, language: str | None, context: str | None) -> list[str]:
    arts = list(_ARTICLE.finditer(text))
    if not arts:
        return []
    instruments = instrument_mentions(text, language)
    resolved: list[str | None] = [None] * len(arts)

    def immediate(m: re.Match[str]) -> str | None:
        for start, _end, kind in instruments:
            if start >= m.end() and _IMMEDIATE.fullmatch(text, m.end(), start):
                return kind
        return None

    for i in range(len(arts) - 1, -1, -1):  # right to left: a chain takes its last article's
        m = arts[i]
        kind = immediate(m)
        if kind is None and i + 1 < len(arts) and _CHAIN.fullmatch(
            text, m.end(), arts[i + 1].start()
        ):
            kind = resolved[i + 1]
        if kind is None:
            before = [k for s, e, k in instruments if e <= m.start()]
            after = [k for s, e, k in instruments if s >= m.end()]
            if before:
                kind = before[-1]
            elif after:
                kind = after[0]
            elif context:
                ctx = [k for _s, _e, k in instrument_mentions(context, language) if k != "other"]
                kind = ctx[-1] if ctx else None
        resolved[i] = kind or "?"
    keys = []
    for m, kind in zip(arts, resolved, strict=True):
        if kind == "other":
            continue
        prefix = "" if kind == "?" else f"{kind}:"
        for n in _NUMBER.findall(m.group(0)[m.start(1) - m.start() :]):
            keys.append(f"{prefix}art:{int(n)}")
    return keys


def find_references(
    text: str, language: str | None = None, context: str | None = None
) -> tuple[str, ...]:
    """Reference keys cited by ``text``, sorted and unique (see module docstring).

    ``context`` is the enclosing record's text (for a sub-item): an article whose instrument the
    item does not name takes the last one named there.
    """
    keys = set(_article_keys(text, language, context))
    for m in _SYMBOL.finditer(text):
        symbol = m.group(0).rstrip(".-")
        if any(c.isdigit() for c in symbol) and _SYMBOL_KEY.fullmatch(symbol):
            keys.add(f"doc:{symbol}")
    for name, pattern in _ORGANISATIONS:
        if pattern.search(text):
            keys.add(f"org:{name}")
    return tuple(sorted(keys, key=natural_key))


def enrich(
    text: str,
    language: str | None = None,
    parent: Enrichment | None = None,
    context: str | None = None,
) -> Enrichment:
    """Derived values of one record; ``parent`` (the enclosing record's values) fills in the
    actor and modality an item does not state; ``context`` is the enclosing record's text."""
    phrase = operative_phrase(text, language)
    actor = detect_actor(text, language) if phrase else None
    modality = phrase.modality if phrase else None
    if parent is not None:
        actor = actor or parent.actor
        modality = modality or parent.modality
    return Enrichment(actor, modality, find_references(text, language, context))


def enrich_records(
    records: Iterable[tuple[str, str | None, str]], language: str | None = None
) -> dict[str, Enrichment]:
    """Enrich records given as ``(id, parent_id, text)`` in document order (parents first).

    Returns id → :class:`Enrichment`; items inherit from their parent as documented above.
    """
    out: dict[str, Enrichment] = {}
    texts: dict[str, str] = {}
    for rid, parent_id, text in records:
        parent = out.get(parent_id) if parent_id is not None else None
        context = None
        if parent_id is not None and parent_id in texts:
            context = texts[parent_id]
        out[rid] = enrich(text, language, parent, context)
        texts[rid] = text if context is None else f"{context} {text}"
    return out
