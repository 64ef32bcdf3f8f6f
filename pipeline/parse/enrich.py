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
import sys
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from pipeline import recache, usercache
from pipeline.fsutil import sha256
from pipeline.lang import ENRICHED, MODULES, enrichment_languages
from pipeline.parse.citations import article_keys
from pipeline.records import dataclass
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

_I = re.IGNORECASE

#: a literal a match must contain: (text, compared ignoring case)
_Run = tuple[str, bool]


@dataclass(frozen=True, slots=True)
class _Language:
    """One language's patterns (pipeline/lang/<code>.py), compiled on first use (not at
    import: a run reads its first page before it enriches anything; and a document in one
    language compiles that language's patterns only)."""

    #: (actor key, pattern)
    actors: list[tuple[str, re.Pattern[str]]]
    #: (modality key, pattern, addressee named after the verb)
    modalities: list[tuple[str, re.Pattern[str], bool]]
    #: per actor pattern, the literals (sets) one of which it needs all of (None: always
    #: searched), and every such literal once (see :func:`_organisations`)
    actor_literals: list[list[frozenset[_Run]] | None]
    actor_runs: tuple[_Run, ...]
    #: the same for the modality patterns: a text holding none of a pattern's literal sets is
    #: not searched with it (see :func:`operative_phrase`)
    modality_literals: list[list[frozenset[_Run]] | None]
    modality_runs: tuple[_Run, ...]
    #: the literal sets of :attr:`actor_literals` and :attr:`modality_literals` by one
    #: literal of each (see :func:`_candidates`)
    actor_index: _Index
    modality_index: _Index


@dataclass(frozen=True, slots=True)
class _Tables:
    """The patterns shared by every language, compiled on first use."""

    #: (organisation key, pattern) by name or acronym in any language
    organisations: list[tuple[str, re.Pattern[str]]]
    #: per organisation, the literals (sets) one of which its pattern needs all of (None:
    #: the pattern is always searched)
    organisation_literals: list[list[frozenset[_Run]] | None]
    #: one literal of each alternative of every organisation (None: some pattern is always
    #: searched): a text holding none of them names no organisation, without looking further
    gate: tuple[_Run, ...] | None


@cache
def _language(code: str) -> _Language:
    modalities = [(key, recache.compile(source, _I), after)
                  for key, source, after in MODULES[code].MODALITY_PATTERNS]
    actors = [(key, recache.compile(source)) for key, source in MODULES[code].ACTOR_PATTERNS]
    literals, runs = _literal_sets([p for _k, p in actors])
    modality_literals, modality_runs = _literal_sets([p for _k, p, _a in modalities])
    return _Language(actors, modalities, literals, runs, modality_literals, modality_runs,
                     _index(literals), _index(modality_literals))


#: per literal, the (pattern, literal set) pairs filed under it, and the patterns that are
#: always searched
_Index = tuple[dict["_Run", tuple[tuple[int, frozenset["_Run"]], ...]], tuple[int, ...]]


def _index(literal_sets: list[list[frozenset[_Run]] | None]) -> _Index:
    """Each pattern's literal sets filed under one literal of each (the least of them: a text
    holds a set only if it holds that literal), and the patterns without a pre-check."""
    filed: dict[_Run, list[tuple[int, frozenset[_Run]]]] = {}
    for i, alternatives in enumerate(literal_sets):
        for runs in alternatives or ():
            filed.setdefault(min(runs), []).append((i, runs))
    always = tuple(i for i, alternatives in enumerate(literal_sets) if alternatives is None)
    return {run: tuple(v) for run, v in filed.items()}, always


def _candidates(present: set[_Run], index: _Index) -> list[int]:
    """The patterns, in order, with one of their literal sets all in ``present`` or with no
    pre-check: what testing each pattern's sets against ``present`` keeps."""
    filed, always = index
    found = set(always)
    for run in present:
        for i, runs in filed.get(run, ()):
            if i not in found and runs <= present:
                found.add(i)
    return sorted(found)


def _literal_sets(
    patterns: list[re.Pattern[str]],
) -> tuple[list[list[frozenset[_Run]] | None], tuple[_Run, ...]]:
    """Per pattern, the literal sets of its alternatives (:func:`_required_literals`), and
    every literal once. A set holding another of the same pattern is left out: a text holding
    it holds the other, so the pattern is searched all the same (fewer sets to compare per
    text: "should be encouraged", "could be encouraged" … need nothing "encouraged" does not)."""
    sets = [None if alts is None else _least_sets([frozenset(runs) for runs in alts])
            for alts in map(_required_literals, patterns)]
    return sets, tuple(dict.fromkeys(run for alts in sets if alts for runs in alts
                                     for run in runs))


def _least_sets(sets: list[frozenset[_Run]]) -> list[frozenset[_Run]]:
    """``sets`` without repeats and without any set that holds another (the order kept)."""
    unique = list(dict.fromkeys(sets))
    return [s for s in unique if not any(o < s for o in unique)]


@cache
def _tables() -> _Tables:
    organisations = [
        # each alternative once (language modules repeat acronyms; a repeated alternative of
        # an alternation can never match where its first copy did not)
        (name, recache.compile("|".join(dict.fromkeys(s for m in MODULES.values()
                                                 for k, s in m.ORGANISATIONS if k == name))))
        for name in dict.fromkeys(k for m in MODULES.values() for k, _s in m.ORGANISATIONS)
    ]
    organisation_literals, _literals = _literal_sets([p for _name, p in organisations])
    return _Tables(organisations, organisation_literals, _gate(organisation_literals))


def _gate(literal_sets: list[list[frozenset[_Run]] | None]) -> tuple[_Run, ...] | None:
    """Literals that every alternative of every pattern needs one of (each alternative gives
    the one most alternatives share, so they are few); None when a pattern has no pre-check."""
    if any(alts is None for alts in literal_sets):
        return None
    shared = Counter(run for alts in literal_sets for runs in alts or () for run in runs)
    gate: dict[_Run, None] = {}
    for alts in literal_sets:
        for runs in alts or ():
            if not any(run in gate for run in runs):
                gate[max(runs, key=lambda r: (shared[r], len(r[0]), r))] = None
    return tuple(gate)


def compile_patterns() -> None:
    """Compile every language's patterns now (they are compiled on first use otherwise)."""
    _tables()
    for code in ENRICHED:
        _language(code)


#: the compiled tables' old module-level names (tests and callers may read them): per
#: language, or shared
_LAZY = {"_ACTOR_PATTERNS": "actors", "_MODALITY_PATTERNS": "modalities"}
_SHARED = {"_ORGANISATIONS": "organisations", "_ORGANISATION_LITERALS": "organisation_literals"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return {code: getattr(_language(code), _LAZY[name]) for code in ENRICHED}
    if name in _SHARED:
        return getattr(_tables(), _SHARED[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------------------------
# Cheap pre-checks (the same results, fewer regex scans)
# --------------------------------------------------------------------------------------------


def _fold_table() -> dict[int, int] | None:
    """The regex engine's extra IGNORECASE equivalences (``ı``/``i``, ``ſ``/``s``,
    ``ς``/``σ`` …) as a translation to one representative per class, for the characters that
    are not their own representative; None when the engine's table is not available (the
    pre-check is then not used for literals compared ignoring case)."""
    try:
        from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - another Python's engine
        return None
    canon: dict[int, int] = {}
    for lo, others in _EXTRA_CASES.items():
        rep = min(lo, *others)
        for c in (lo, *others):
            canon[c] = min(rep, canon.get(c, rep))
    return {c: rep for c, rep in canon.items() if c != rep}


_FOLD = _fold_table()
_FOLD_CHARS = recache.compile("[" + "".join(re.escape(chr(c)) for c in _FOLD or {}) + "]") \
    if _FOLD else None


def _fold(text: str) -> str:
    """``text`` with every letter replaced by one representative of what IGNORECASE equates:
    ``str.lower`` (``İ`` first made ``i``, the engine's lower case of it), then the engine's
    extra equivalences."""
    if text.isascii():
        return text.lower()
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    text = text.lower()
    if _FOLD and _FOLD_CHARS is not None and _FOLD_CHARS.search(text):
        text = text.translate(_FOLD)
    return text


def _sequence_runs(items: list, ignore: bool) -> list[list[_Run]]:
    """The alternatives of a parsed regex sequence, each as the literal runs every match of it
    contains (in order; a run is cut at anything that is not a plain character)."""
    from re import _constants as c  # type: ignore[attr-defined]

    alternatives: list[list[_Run]] = [[]]
    chars: list[str] = []

    def cut() -> None:
        if chars:
            for alt in alternatives:
                alt.append(("".join(chars), ignore))
            chars.clear()

    for op, arg in items:
        if op is c.LITERAL:
            chars.append(chr(arg))
            continue
        cut()
        if op is c.SUBPATTERN:
            _group, add, _del, sub = arg
            inner = _sequence_runs(list(sub), ignore or bool(add & re.IGNORECASE))
            alternatives = [[*alt, *more] for alt in alternatives for more in inner]
        elif op is c.BRANCH:
            inner = [r for branch in arg[1] for r in _sequence_runs(list(branch), ignore)]
            alternatives = [[*alt, *more] for alt in alternatives for more in inner]
        # anything else (classes, repeats, assertions) requires no literal we can name
    cut()
    return alternatives


#: how many patterns' literals this process took from the cache file and how many it worked out
literal_counts = {"kept": 0, "worked": 0}
_MISSING = object()


@cache
def _literals_mark() -> str:
    """What the kept literals follow from besides the patterns: this module's code (how
    literals are found and case-folded) and the Python (its parser and case equivalences)."""
    try:
        code = Path(__file__).read_bytes()
    except (OSError, NameError):
        return ""
    return sha256(code + sys.version.encode()).hexdigest()


@cache
def _literal_store() -> usercache.Store | None:
    """The cache file of :func:`_required_literals` by (pattern, flags), marked with
    :func:`_literals_mark` (None: this module's code cannot be read, nothing is kept)."""
    mark = _literals_mark()
    if not mark:
        return None
    return usercache.Store("enrich", f"literals-{sys.implementation.cache_tag}.pickle", mark)


def _literals_shape(value: Any) -> bool:
    """A kept value of the shape :func:`_find_literals` gives."""
    return value is None or (isinstance(value, list) and all(
        isinstance(alt, list) and all(isinstance(r, tuple) and len(r) == 2
                                      and isinstance(r[0], str) and isinstance(r[1], bool)
                                      for r in alt) for alt in value))


def _required_literals(pattern: re.Pattern[str]) -> list[list[_Run]] | None:
    """For each alternative of ``pattern``, literals (3 characters or more) that every match
    of it contains, case-folded when compared ignoring case; None when an alternative has
    none (or the engine's parser is not available): the pattern is then always searched.
    Worked out once per machine (:func:`_literal_store`); the lists returned are the
    caller's own."""
    key = (pattern.pattern, int(pattern.flags))
    kept = _literal_store()
    value = _MISSING if kept is None else kept.get(key, _MISSING)
    if value is _MISSING or not _literals_shape(value):
        value = _find_literals(pattern)
        literal_counts["worked"] += 1
        if kept is not None:
            kept.put(key, value)
    else:
        literal_counts["kept"] += 1
    return None if value is None else [list(alt) for alt in value]


def _find_literals(pattern: re.Pattern[str]) -> list[list[_Run]] | None:
    """:func:`_required_literals`, worked out from the pattern's parse."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        parsed = list(_parser.parse(pattern.pattern, pattern.flags))
    except (ImportError, re.error):  # pragma: no cover - another Python's engine
        return None
    out = []
    for alt in _sequence_runs(parsed, bool(pattern.flags & re.IGNORECASE)):
        runs = [(_fold(t) if ignore else t, ignore) for t, ignore in alt
                if len(t) >= 3 and (not ignore or _FOLD is not None)]
        if not runs:
            return None
        out.append(runs)
    return out


def _present(text: str, runs: tuple[_Run, ...]) -> set[_Run]:
    """The literals of ``runs`` that ``text`` contains (case-folded ones in its folded text)."""
    folded = _fold(text)  # read only for the literals compared ignoring case
    return {run for run in runs if run[0] in (folded if run[1] else text)}


def _possible(text: str, literal_sets: list[list[frozenset[_Run]] | None],
              folded: str | None = None) -> list[bool]:
    """Per pattern, whether ``text`` holds every literal of one of its alternatives (None:
    always searched); case-folded literals are looked for in its folded text. Each literal is
    looked for once, and only until its pattern is settled (the first literal missing from
    an alternative settles it): for the organisations' many literals, fewer substring tests
    than :func:`_present`'s every one (the modalities' many alternatives are quicker as
    set comparisons). ``folded``: ``text`` case-folded, when the caller has it."""
    if folded is None:
        folded = _fold(text)  # read only for the literals compared ignoring case
    seen: dict[_Run, bool] = {}
    out = []
    for alternatives in literal_sets:
        possible = alternatives is None
        for runs in alternatives or ():
            for run in runs:
                held = seen.get(run)
                if held is None:
                    held = seen[run] = run[0] in (folded if run[1] else text)
                if not held:
                    break
            else:
                possible = True
                break
        out.append(possible)
    return out


def _organisations(text: str) -> list[str]:
    """The organisations named in ``text``: a pattern is searched only when the text holds
    every literal of one of its alternatives (substring tests), which most texts do not."""
    t = _tables()
    folded = _fold(text)
    if t.gate is not None and not any(run[0] in (folded if run[1] else text) for run in t.gate):
        return []  # no alternative of any organisation has its literals all there
    found = []
    possible_l = _possible(text, t.organisation_literals, folded)
    for (name, pattern), possible in zip(t.organisations, possible_l, strict=True):
        if not possible:
            continue  # no alternative's literals are all there: the pattern cannot match
        if pattern.search(text):
            found.append(name)
    return found


_SYMBOL = recache.compile(r"\b[A-Z][A-Z0-9]*(?:\.[0-9]+)?(?:/[A-Za-z0-9.\-]+)+")
_SYMBOL_KEY = recache.compile(r"[A-Z][A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-]+)+")

#: a sentence ends at . ; ! ? followed by a capital (or at a semicolon)
_SENTENCE_END = recache.compile(r"(?:[.!?]\s+(?=[\"«“(]?[A-ZÀ-ÝА-ЯЁ])|;\s+)")
_CLAUSE_START = recache.compile(
    r"(?:^|[,;:(]\s*|^\W*)(?:(?:les|le|la|l'|the|los|las|el|este|estos)\s*)?$", _I
)
_COORDINATION = recache.compile(
    r"\s*(?:,|et|and|y|e|и|ou|or|o|или)\s*(?:(?:les|le|la|l'|the|los|las|el)\s*)?$", _I
)


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
    return enrichment_languages(language)


def operative_phrase(text: str, language: str | None = None) -> Phrase | None:
    """The first modality phrase in ``text`` (ties: the longest), or ``None``."""
    best: Phrase | None = None
    for lang in _languages(language):
        t = _language(lang)
        # only the patterns with one of their literal sets all in the text may match; each
        # is searched (one pattern at a time scans faster than their alternation, which tries
        # every alternative at every position of the text)
        present = _present(text, t.modality_runs)
        for i in _candidates(present, t.modality_index):
            key, pattern, after = t.modalities[i]
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
        t = _language(lang)
        present = _present(text, t.actor_runs)
        # a pattern none of whose literal sets the text holds all of cannot match
        for i in _candidates(present, t.actor_index):
            key, pattern = t.actors[i]
            found += [(m.start(), m.end(), key) for m in pattern.finditer(text)]
    return first_of_overlaps(found)


def first_of_overlaps(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Mentions ``(start, end, key)`` in text order, the longest first where several start
    together, each overlapping an earlier one dropped."""
    found = sorted(found, key=lambda t: (t[0], -t[1]))
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
    m = recache.compile(r"[.;:!?](?:\s|$)").search(text, phrase.end)
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
    return _actor(text, phrase, language)


def _actor(text: str, phrase: Phrase, language: str | None) -> str | None:
    """Actor key of the operative verb phrase ``phrase`` of ``text``."""
    mentions = actor_mentions(text, language)
    subject = _subject(text, phrase, mentions)
    if phrase.addressee_after and (subject is None or subject in _AUTHORS):
        return _addressee(text, phrase, mentions) or subject
    return subject


def find_references(
    text: str, language: str | None = None, context: str | None = None
) -> tuple[str, ...]:
    """Reference keys cited by ``text``, sorted and unique (see module docstring).

    ``context`` is the enclosing record's text (for a sub-item): an article whose instrument the
    item does not name takes the last one named there.
    """
    keys = set(article_keys(text, language, context))
    # a document symbol has a slash ("A/HRC/43/2"): a text without one is not searched
    for m in _SYMBOL.finditer(text) if "/" in text else ():
        symbol = m.group(0).rstrip(".-")
        if any(c.isdigit() for c in symbol) and _SYMBOL_KEY.fullmatch(symbol):
            keys.add(f"doc:{symbol}")
    keys.update(f"org:{name}" for name in _organisations(text))
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
    actor = _actor(text, phrase, language) if phrase else None  # the phrase found once
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
