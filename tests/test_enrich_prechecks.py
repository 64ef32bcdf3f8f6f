"""The enrichment's cheap pre-checks give exactly what searching every pattern gives.

:func:`pipeline.parse.enrich.operative_phrase`, the organisations and the actors search a
pattern only when the text holds the literals one of its alternatives needs. All are
checked here against the plain way — every pattern searched on the whole text — on the
texts of every golden fixture, on case
variants of them (lower and upper case, the letters the regex engine equates under
IGNORECASE: ``ı``/``i``, ``ſ``/``s``, ``İ``), and on generated texts built from pieces of the
organisations' and actors' names.
"""

from __future__ import annotations

import pytest
from conftest import golden, golden_names
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.parse import enrich as E


def _phrase_plain(text: str, language: str | None) -> tuple | None:
    """The first modality phrase, every pattern searched (ties: the longest)."""
    best = None
    for lang in E._languages(language):
        for key, pattern, after in E._MODALITY_PATTERNS[lang]:
            m = pattern.search(text)
            if m is None:
                continue
            cand = (key, m.start(), m.end(), after)
            if best is None or (cand[1], -cand[2]) < (best[1], -best[2]):
                best = cand
    return best


def _organisations_plain(text: str) -> list[str]:
    return [name for name, pattern in E._ORGANISATIONS if pattern.search(text)]


def _actors_plain(text: str, language: str | None) -> list[tuple[int, int, str]]:
    """:func:`pipeline.parse.enrich.actor_mentions` with every actor pattern searched."""
    found = []
    for lang in E._languages(language):
        for key, pattern in E._ACTOR_PATTERNS[lang]:
            found += [(m.start(), m.end(), key) for m in pattern.finditer(text)]
    return E.first_of_overlaps(found)


def _phrase_fast(text: str, language: str | None) -> tuple | None:
    p = E.operative_phrase(text, language)
    return None if p is None else (p.modality, p.start, p.end, p.addressee_after)


def _golden_texts() -> list[tuple[str, str | None]]:
    out = []
    for name in golden_names():
        g = golden(name)
        language = (g.get("document") or {}).get("language")
        for r in [*g.get("records", []), *g.get("paragraphs", [])]:
            out.append((r["text"], language))
    return out


def _variants(text: str) -> list[str]:
    return [text, text.lower(), text.upper(), text.replace("i", "ı").replace("s", "ſ"),
            text.replace("I", "\u0130"), text.upper().replace("I", "\u0130")]


def test_the_golden_texts_hold_organisations_and_phrases() -> None:
    """The comparison below is not vacuous: organisations and phrases do occur."""
    texts = _golden_texts()
    assert len(texts) > 200
    assert sum(bool(_organisations_plain(t)) for t, _ in texts) >= 5
    assert sum(_phrase_plain(t, lang) is not None for t, lang in texts) >= 50
    assert sum(bool(_actors_plain(t, lang)) for t, lang in texts) >= 50


def test_prechecks_agree_with_every_pattern_searched() -> None:
    for text, language in _golden_texts():
        for variant in _variants(text):
            assert E._organisations(variant) == _organisations_plain(variant), variant
            for lang in (language, None):
                assert _phrase_fast(variant, lang) == _phrase_plain(variant, lang), variant
                assert E.actor_mentions(variant, lang) == _actors_plain(variant, lang), variant


@pytest.mark.parametrize("text", [
    "l'Organisation internationale pour les migrations (OIM)",
    "the ınternational Civil Aviation Organızation",  # dotless i: equal to i under IGNORECASE
    "ORGANIZACIÓN INTERNACIONAL DE POLICÍA CRIMINAL",
    "Office des Nations Unieſ contre la drogue et le crime",  # long s
    "\u0130NTERNATIONAL CRIMINAL POLICE ORGANIZATION",  # İ, whose str.lower is two characters
    "Управление Организации Объединенных Наций по наркотикам и преступности",
])
def test_spelled_out_names_in_any_case(text: str) -> None:
    found = E._organisations(text)
    assert found and found == _organisations_plain(text)


_PIECES = ["Organisation", "internationale", "International", "Office", "Nations", "Unies",
           "United", "des", "de", "la", "le", "pour", "les", "migrations", "Migration",
           "drogue", "et", "crime", "Drugs", "and", "Crime", "on", "Civil", "Aviation",
           "OACI", "ICAO", "HCR", "UNHCR", "ONUDC", "UNODC", "Interpol", "should", "may",
           "wish", "devraient", "sont", "encouragés", "à", "are", "invited", "to", "ı", "ſ",
           "États", "parties", "States", "Parties", "Estados", "partes", "Groupe", "travail",
           "Working", "Group", "Conférence", "Conference", "Secretariat", "Secrétariat",
           "государства-участники", "Рабочая", "группа", "Секретариат",
           "\u0130", "É", ",", ";", "(", ")",
           # modality words: each text leaves a few modality patterns to search
           "must", "could", "requests", "urged", "recommends", "it", "is", "recommandé",
           "prie", "invite", "deberían", "ser", "alentados", "следует", "рекомендуется"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14),
       st.sampled_from([" ", "  ", "\n", "-"]), st.sampled_from(["fr", "en", "es", "ru", None]))
def test_prechecks_agree_on_generated_texts(words: list[str], sep: str,
                                            language: str | None) -> None:
    text = sep.join(words)
    for variant in (text, text.lower(), text.upper()):
        assert E._organisations(variant) == _organisations_plain(variant)
        assert _phrase_fast(variant, language) == _phrase_plain(variant, language)
        assert E.actor_mentions(variant, language) == _actors_plain(variant, language)


def test_modality_prechecks_leave_few_patterns() -> None:
    """The modality patterns have literal pre-checks too: a text naming one verb is searched
    with the few patterns that verb can open, not with all of them."""
    for lang in ("en", "fr"):
        t = E._language(lang)
        assert sum(alts is not None for alts in t.modality_literals) >= len(t.modalities) - 1
    t = E._language("en")
    present = E._present("The States should act.", t.modality_runs)
    live = [t.modalities[i][0] for i, alts in enumerate(t.modality_literals)
            if alts is None or any(runs <= present for runs in alts)]
    assert "should" in live and "requested" not in live and len(live) <= 3
    assert _phrase_fast("The States should act.", "en") == ("should", 11, 17, False)


def test_precheck_literals() -> None:
    """Every organisation has a pre-check here (none is always searched); each alternative
    needs literals of 3 characters or more, stored folded when compared ignoring case, and
    the acronyms are compared with their case."""
    assert all(alts is not None for alts in E._ORGANISATION_LITERALS)
    runs_of = {name: alts for (name, _p), alts in zip(E._ORGANISATIONS,
                                                      E._ORGANISATION_LITERALS, strict=True)}
    assert frozenset({("UNODC", False)}) in runs_of["UNODC"]
    assert frozenset({("ONUDD", False)}) in runs_of["UNODC"]  # inside \b(?:UNODC|ONUDD)\b
    for alternatives in E._ORGANISATION_LITERALS:
        assert alternatives is not None
        for runs in alternatives:
            assert runs and all(len(lit) >= 3 for lit, _ in runs)
            assert all(lit == E._fold(lit) for lit, ignore in runs if ignore)


def test_organisation_gate_holds_a_literal_of_every_alternative() -> None:
    """The gate before the organisations' pre-check: each alternative of each organisation
    needs one of its literals, so a text holding none of them can name no organisation; and
    texts naming one (acronym or spelled out, in any case) get through it."""
    t = E._tables()
    literals = {run for alts in t.organisation_literals for runs in alts or () for run in runs}
    assert t.gate is not None and len(t.gate) < len(literals)
    for alternatives in t.organisation_literals:
        for runs in alternatives or ():
            assert runs & set(t.gate), runs
    assert E._organisations("The Committee met on Tuesday.") == []
    assert E._organisations("with the support of UNODC") == ["UNODC"]
    assert E._organisations("L'ORGANISATION INTERNATIONALE POUR LES MIGRATIONS") == ["IOM"]


_ARTICLE_PIECES = ["Article", "ARTICLES", "article", "art.", "Art.", "ART", "artículo", "party",
                   "5", "16", "and", "or", ",", "of", "the", "Protocol", "Convention", "du",
                   "Protocole", "paragraph", "2", "(a)", "start", "States"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ARTICLE_PIECES), min_size=1, max_size=12),
       st.sampled_from(["en", "fr", "es", None]))
def test_article_gate_loses_no_citation(words: list[str], language: str | None) -> None:
    """An ASCII text without "art" in any case is not searched for articles: the keys are
    those of the same text searched in full (a non-ASCII word added after it, which the
    gate lets through and no citation reads)."""
    from pipeline.parse.citations import article_keys

    text = " ".join(words)
    assert article_keys(text, language, None) == article_keys(text + " \u00e9", language, None)
    if "art" not in text.lower():
        assert article_keys(text, language, None) == []
