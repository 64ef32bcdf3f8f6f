"""Section headings of a document's own structure: articles, rules, annexes, parts, resolutions."""

from __future__ import annotations

from pipeline import regexcache
from pipeline.lang import SECTION_PATTERNS, SECTION_WORDS, ordinal_value, roman_to_int
from pipeline.model import Block
from pipeline.records import dataclass

#: how sections nest: a heading closes every open section of the same or a lower rank
RANK: dict[str, int] = {
    "res": 0, "dec": 0, "annex": 1, "app": 1, "prot": 1, "part": 2, "chap": 3, "sec": 4,
    "art": 5, "rule": 5, "reg": 5, "principle": 5,
}

_NUM = r"(?:\d{1,4}(?:/\d{1,4})?|[IVXLC]{1,7}|[A-Z](?![a-z]))"
#: "Article 12 Title", "المادة ١٢ Title": a section word (capitalised, or of a script without
#: case), then its number in any digits
_WORD_HEAD = regexcache.compile(
    rf"^(?P<word>\p{{Lu}}[\p{{L}}]+|\p{{Lo}}[\p{{Lo}}\p{{M}}]+)\s*(?P<num>{_NUM})?(?:\s+(?P<bis>bis|ter|quater))?"
    rf"(?:\s*[.:\u2013\u2014-])?(?:\s+(?P<title>\S.*))?$"
)
#: "55/25. United Nations Convention …" (session/number) and "1962 (XVIII). Declaration …"
_RES_HEAD = regexcache.compile(r"^(?P<session>\d{1,3})/(?P<number>\d{1,4})\.\s+(?P<title>\S.*)$")
_OLD_RES_HEAD = regexcache.compile(
    r"^(?P<number>\d{1,4})\s*(?P<letters>[A-Z](?:\s+(?:and|et|y|и)\s+[A-Z])?)?\s*"
    r"\((?P<session>[IVXLC]{1,7})\)\.?\s+(?P<title>\S.*)$"
)
#: "Première partie. Traité des Nations Unies", "Second Part": a written ordinal, then the word
_ORDINAL_HEAD = regexcache.compile(
    r"^(?P<ord>\p{L}+(?:[\s-]\p{L}+)?)\s+(?P<word>\p{L}+)(?:\s*[.:\u2013\u2014-]\s*(?P<title>\S.*))?$"
)
#: "General Assembly resolution 55/25 of 15 November 2000": a named resolution or decision
_NAMED_HEAD = regexcache.compile(
    r"^(?:\p{Lu}[\p{L}\s]*?\s)?(?P<word>\p{L}+)\s+(?P<num>\d{1,4}/\d{1,4})\b(?:\s*(?P<title>\S.*))?$"
)
#: "2025/3. Title" (a numbered decision of a year)
_DEC_HEAD = regexcache.compile(r"^(?P<year>(?:19|20)\d\d)/(?P<number>\d{1,3})\.\s+(?P<title>\S.*)$")
_END_SENTENCE = regexcache.compile(r"[.;,:]$")
#: what separates a framed number from the title after it ("第1条 用语", "第二部分：导言")
_AFTER_FRAME = regexcache.compile(r"^[\s.:\u2013\u2014\u3001\uff1a-]*")
#: the most words a written ordinal after its section word takes ("الحادي والعشرون")
_ORDINAL_WORDS = 3


@dataclass(frozen=True, slots=True)
class SectionHead:
    """A section heading: its kind key (``art``), its key (``12``, ``55.25``) and title."""

    kind: str
    key: str
    title: str | None

    @property
    def segment(self) -> str:
        """The section's segment of ids and paths: ``art-12``, ``annex`` (unnumbered), ``A``
        (a chapter heading holding articles: no kind)."""
        if not self.kind:
            return self.key
        return f"{self.kind}-{self.key}" if self.key else self.kind


def _number_key(num: str | None, bis: str | None) -> str | None:
    if num is None:
        return ""
    if "/" in num:
        a, b = num.split("/", 1)
        key = f"{int(a)}.{int(b)}"
    elif num.isdigit():
        key = str(int(num))
    elif len(num) == 1 and not regexcache.fullmatch(r"[IVXLC]", num):
        key = num.lower()  # "Annex A", "Part B"
    else:
        value = roman_to_int(num)
        if value is None:
            return None
        key = str(value)
    return key + (bis or "")


def _framed_head(text: str) -> SectionHead | None:
    """A heading whose number sits inside its frame, as a language's ``SECTION_PATTERNS``
    give it: ``第4条用语`` → ``art-4``, ``第二部分`` → ``part-2``, ``附件一`` → ``annex-1``."""
    for kind, pattern, numeral in SECTION_PATTERNS:
        m = pattern.match(text)
        if m is None:
            continue
        num = m.group(1) if m.re.groups else None
        if num is None:
            key = ""
        else:
            value = numeral(num)
            if value is None:
                continue
            key = str(value)
        if not key and kind not in ("annex", "app"):
            continue
        title = _AFTER_FRAME.sub("", text[m.end():]) or None
        return SectionHead(kind, key, title)
    return None


def _ordinal_after(kind: str, rest: str) -> SectionHead | None:
    """The section word followed by its number as a written ordinal, then the title:
    ``الجزء الثاني التنقيب`` (the word opened the heading, ``rest`` is what follows it)."""
    words = rest.split()
    for n in range(min(_ORDINAL_WORDS, len(words)), 0, -1):
        value = ordinal_value(" ".join(words[:n]))
        if value is not None:
            return SectionHead(kind, str(value), " ".join(words[n:]) or None)
    return None


def _looks_like_heading(block: Block) -> bool:
    """A heading by its setting: bold, or one short line that is not a sentence."""
    if block.kind == "heading":
        return True
    if _END_SENTENCE.search(block.text) or len(block.text) >= 200:
        return False
    # one line, or a few lines set in italics ("Article 16. Signature, ratification, …")
    return len(block.lines) == 1 or (block.italic and len(block.lines) <= 3)


def parse_section_head(block: Block) -> SectionHead | None:
    """The section a heading block opens, or None when it is not a section heading."""
    if not _looks_like_heading(block):
        return None
    text = block.text.strip()
    if block.label is not None:
        # a lettered heading naming a resolution or decision: "C. Résolution 59/115 du …"
        m = _WORD_HEAD.match(text)
        if block.kind != "heading" or m is None or m["num"] is None or "/" not in m["num"]:
            return None
        kind = SECTION_WORDS.get(m["word"].lower())
        if kind not in ("res", "dec"):
            return None
        key = _number_key(m["num"], None)
        return SectionHead(kind, key, m["title"]) if key else None
    if m := _RES_HEAD.match(text):
        return SectionHead("res", f"{int(m['session'])}.{int(m['number'])}", m["title"])
    if m := _DEC_HEAD.match(text):
        return SectionHead("dec", f"{m['year']}.{int(m['number'])}", m["title"])
    if block.kind == "heading" and (m := _NAMED_HEAD.match(text)) and SECTION_WORDS.get(
        m["word"].lower()
    ) in ("res", "dec"):
        key = _number_key(m["num"], None)
        if key:
            return SectionHead(SECTION_WORDS[m["word"].lower()], key, m["title"])
    if m := _OLD_RES_HEAD.match(text):
        session = roman_to_int(m["session"])
        if session is not None:
            return SectionHead("res", f"{session}.{int(m['number'])}", m["title"])
    if head := _framed_head(text):
        return head
    m = _WORD_HEAD.match(text)
    if m is not None and m["num"] is None and m["title"] and (
        (word_kind := SECTION_WORDS.get(m["word"].lower())) is not None
    ) and (head := _ordinal_after(word_kind, m["title"])):
        return head
    if m is None or (m["num"] is None and SECTION_WORDS.get(m["word"].lower()) not in (
        "annex", "app"
    )):
        o = _ORDINAL_HEAD.match(text)
        kind = SECTION_WORDS.get(o["word"].lower()) if o else None
        if o is not None and kind is not None and o["ord"][:1].isupper():
            value = ordinal_value(o["ord"])
            if value is not None:
                return SectionHead(kind, str(value), o["title"])
    if m is None:
        return None
    word = m["word"].lower()
    kind = SECTION_WORDS.get(word)
    if kind is None:
        return None
    if m["num"] is None and kind not in ("annex", "app"):
        return None  # "Section" alone, "Part of …": a numbered heading is needed
    if m["word"].isupper() is False and m["word"][1:] != m["word"][1:].lower():
        return None
    key = _number_key(m["num"], m["bis"])
    if key is None:
        return None
    title = m["title"]
    if title is not None and block.kind != "heading" and title[:1].islower():
        return None  # "Article 5 of the Convention …" opening a sentence
    return SectionHead(kind, key, title)


def section_title(block: Block) -> str | None:
    """The title a section heading printed on its own line takes from the next block."""
    if block.label is not None or not _looks_like_heading(block):
        return None
    if parse_section_head(block) is not None or not block.text[:1].isupper():
        return None
    return block.text
