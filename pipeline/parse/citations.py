"""Article citations: which article of which instrument a text cites (``protocol:art:N`` …).

The rules are documented with the ``references`` of :mod:`pipeline.parse.enrich`; the names
of the instruments, and the words that tell the documents' own Protocol and Convention from
other instruments, are the language modules' (:mod:`pipeline.lang`), combined here.
"""

from __future__ import annotations

import re

from pipeline import recache
from pipeline.lang import MODULES, enrichment_languages

_I = re.IGNORECASE

_ARTICLE = recache.compile(
    r"\b(?:articles?|art\.|artículos?|стать(?:я|и|е|ю|ей|ёй|ям|ями|ях))\s+([0-9]+)"
    r"((?:\s*(?:,|et|and|y|ou|or|o|и|или)\s*[0-9]+\b)*)",
    _I,
)
_NUMBER = recache.compile(r"[0-9]+")

#: (kind, pattern) of an instrument's name per language; the kind is refined by
#: :func:`_instrument_kind`
_INSTRUMENTS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    code: [(kind, recache.compile(source)) for kind, source in mod.INSTRUMENTS]
    for code, mod in MODULES.items() if mod.INSTRUMENTS
}
#: words that make a "Protocol"/"Convention" the one the documents are about
_OURS: dict[str, re.Pattern[str]] = {
    kind: recache.compile("|".join(m.OURS[kind] for m in MODULES.values() if kind in m.OURS), _I)
    for kind in ("protocol", "convention")
}
#: a complement after the word that names another instrument ("Convention de Vienne",
#: "Convention on the Rights of the Child", "Protocole relatif à la traite" …)
_OTHER_AFTER = recache.compile(
    r"\s*(?:" + "|".join(m.OTHER_AFTER for m in MODULES.values() if m.OTHER_AFTER) + ")"
)
#: a qualifier put before the word, per language ("Vienna Convention")
_OTHER_BEFORE: dict[str, re.Pattern[str]] = {
    code: recache.compile(mod.OTHER_BEFORE) for code, mod in MODULES.items() if mod.OTHER_BEFORE
}
#: what may stand between an article and the instrument it belongs to
_IMMEDIATE = recache.compile(
    r"(?:,?\s*(?:sub)?paragraphs?\s+[0-9]+(?:\s*\([a-z]+\))?,?)?"  # "article 16, paragraph 5, of"
    r"\s*(?:\([^()]{0,160}\)\s*)?"
    r"(?:(?:du|de\s+la|de\s+ce|de\s+cette|dudit|de\s+ladite|of|del|de|de\s+dicho|de\s+dicha"
    r"|de\s+este|de\s+esta)\s+)?"
    r"(?:(?:the|this|that|said|la|el|présent|presente|настоящ[а-яё]+|указанн[а-яё]+)\s+)?"
    r"(?:[A-Z][\w-]*\s+(?:of\s+)?){0,3}",
    _I,
)
#: between two coordinated articles: "l'article 5 et le paragraphe 4 de l'article 6"
_CHAIN = recache.compile(
    r"\s*(?:,|et|ou|and|or|y|o|и|или)\s+(?:(?:le|la|les|the|el|los)\s+)?"
    r"(?:(?:paragraphe|paragraph|párrafo|apartado|alinéa|пункт[а-яё]*|част[а-яё]*)\s+[0-9]+"
    r"\s+(?:(?:de|of|del)\s+)?)?(?:l'|the\s+|el\s+)?",
    _I,
)


def _instrument_kind(text: str, kind: str, start: int, end: int, lang: str, stop: int) -> str:
    """``kind`` when the mention is the Protocol/Convention the documents are about, else
    ``"other"`` (another instrument, named by a qualifier)."""
    post = text[end : min(stop, end + 120)]
    pre = text[max(0, start - 40) : start]
    if _OURS[kind].search(post) or _OURS[kind].search(pre):
        return kind
    if _OTHER_AFTER.match(post):
        return "other"
    if lang in _OTHER_BEFORE and _OTHER_BEFORE[lang].search(pre):
        return "other"
    return kind


def instrument_mentions(text: str, language: str | None = None) -> list[tuple[int, int, str]]:
    """Every instrument named in ``text`` as ``(start, end, kind)`` with kind ``protocol``,
    ``convention`` or ``other``, in text order."""
    raw: list[tuple[int, int, str, str]] = []
    for lang in enrichment_languages(language):
        for kind, pattern in _INSTRUMENTS.get(lang, []):
            raw += [(m.start(), m.end(), kind, lang) for m in pattern.finditer(text)]
    raw.sort()
    # the same word read by two languages' patterns ("Convention" in fr and en) counts once
    raw = [r for i, r in enumerate(raw) if i == 0 or r[0] >= raw[i - 1][1]]
    out = []
    for i, (start, end, kind, lang) in enumerate(raw):
        stop = raw[i + 1][0] if i + 1 < len(raw) else len(text)
        out.append((start, end, _instrument_kind(text, kind, start, end, lang, stop)))
    return out


def article_keys(text: str, language: str | None, context: str | None) -> list[str]:
    """``[protocol:|convention:]art:N`` keys of the articles ``text`` cites, in text order
    (``context``: the enclosing record's text, for an article whose instrument is not named)."""
    if text.isascii() and "art" not in text.lower():
        return []  # every citation says "art…" (or "стать…", not ASCII), in any case
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
