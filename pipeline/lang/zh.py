"""Chinese vocabulary of UN documents: numerals, ordinals, masthead words, section patterns.

Plain data and pure functions, in the shape every language module shares (see
:data:`pipeline.lang.SHAPE`); :mod:`pipeline.lang` combines the languages of its registry.
"""

from __future__ import annotations

# -- dates, numbers, lists --------------------------------------------------------------------

#: month names, January first ("一月" … are not read yet: none)
MONTHS: tuple[tuple[str, ...], ...] = ()
#: letters of lettered lists, in order ("" when the language has none of its own)
LIST_ALPHABET = ""
#: an ordinal written with a numeral, whose group 1 is the numeral: "第二十一", "第21届"
ORDINAL_NUMERAL = r"第([〇零一二两三四五六七八九十]+|\d+)(?:届|次)?"

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}


def ordinal_forms(n: int) -> set[str]:
    """Written forms of the ordinal ``n``: none (Chinese ordinals are read as numerals)."""
    return set()


def numeral_value(text: str) -> int | None:
    """``"二十一"`` → 21, ``"十"`` → 10, ``"21"`` → 21 (up to 99), and numerals written
    digit by digit: ``"一四三"`` → 143."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _DIGITS and c != "十" for c in text):
        return None
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = _DIGITS[head] if head else 1
        unit = _DIGITS[tail] if tail else 0
        return tens * 10 + unit if len(head) <= 1 and len(tail) <= 1 else None
    # digit by digit, as article numbers are often written: "一四三" → 143
    value = 0
    for c in text:
        value = value * 10 + _DIGITS[c]
    return value


# -- language names, job numbers ----------------------------------------------------------------

#: the letter after a job number: "V.19-01234 (C)"
JOB_SUFFIX = "C"
#: the language's own name, as the distribution block's language line prints it
SELF_NAMES: tuple[str, ...] = ("中文", "Chinese")
#: language names as written after "Original:" (and in headers) → language code
LANGUAGE_NAMES: dict[str, str] = {
    "英文": "en", "法文": "fr", "西班牙文": "es", "俄文": "ru", "阿拉伯文": "ar", "中文": "zh",
}
#: "and" between two language names, as regex fragments
AND_WORDS: tuple[str, ...] = ()
#: the word "Original" of the distribution block
ORIGINAL = "原件"
#: cues for guessing the language of a short text (regex over folded text; "" for none)
GUESS_CUES = ""
#: characters of the language's own script (a regex class; "" for the Latin script)
SCRIPT = r"[\u4e00-\u9fff]"

# -- masthead -------------------------------------------------------------------------------------

#: "United Nations" as printed at the top of page 1
UN_NAMES: tuple[str, ...] = ("联合国",)
#: principal organs as printed in the masthead
ORGANS: tuple[str, ...] = ("大会", "安全理事会", "经济及社会理事会")
#: distribution words → ``general`` | ``limited`` | ``restricted``
DISTRIBUTION_WORDS: dict[str, str] = {
    "普发": "general", "限制分发": "limited", "内部": "restricted",
}
#: the line above a resolution's numbered title (folded): "... 通过的决议" ends it
RESOLUTION_ADOPTED = r".{0,30}通过的决议$"
#: nouns naming a meeting or a session
MEETING_WORDS: tuple[str, ...] = ("会议", "届会", "次会议", "届会议")

# -- sections and heading labels (plain data for the structure stage) --------------------------

_NUMERAL = r"([〇零一二两三四五六七八九十]+|\d+)"
#: a section heading's number in its frame, group 1 the numeral (read by numeral_value):
#: "第4条" (article), "第二部分" (part), "第三章" (chapter), "第一节" (section)
ARTICLE_PATTERN = rf"第\s?{_NUMERAL}\s?条"
PART_PATTERN = rf"第\s?{_NUMERAL}\s?部分"
CHAPTER_PATTERN = rf"第\s?{_NUMERAL}\s?章"
SECTION_PATTERN = rf"第\s?{_NUMERAL}\s?节"
ANNEX_PATTERN = rf"附件\s?{_NUMERAL}?"
#: top-level heading labels "一、" (the place of "I."), second-level "（一）" (of "A.")
HEADING_ROMAN_LABEL = rf"^{_NUMERAL}[、.．]$"
HEADING_LETTER_LABEL = rf"^[（(]{_NUMERAL}[）)]$"

# -- enrichment (pipeline.parse.enrich): not written for Chinese yet ------------------------------

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

#: words that open a section heading (none: Chinese frames the number, see below)
SECTION_WORDS: dict[str, str] = {}
#: (section kind key, pattern at the start of a heading, group 1 its numeral or None): the
#: frame holds the number, and the title follows without a space ("第1条用语和范围")
SECTION_PATTERNS: tuple[tuple[str, str], ...] = (
    ("art", ARTICLE_PATTERN), ("part", PART_PATTERN), ("chap", CHAPTER_PATTERN),
    ("sec", SECTION_PATTERN), ("annex", ANNEX_PATTERN),
)
#: the opening phrase of a preambular paragraph ("回顾", "又回顾", "关切地注意到", "审议了"),
#: matched at its start: Chinese prints no space after it, so the phrases are listed (longest
#: first) with the adverbs that may precede them ("又" also, "还" further, "再次" again)
_PREAMBLE_PHRASES = (
    "关切地注意到", "满意地注意到", "赞赏地注意到", "遗憾地注意到", "深感关切", "深为关切",
    "严重关切", "深切关注", "表示关切", "注意到", "认识到", "意识到", "考虑到", "回顾", "重申",
    "确认", "承认", "铭记", "深信", "相信", "强调", "申明", "欢迎", "审议了", "审查了", "希望",
    "决心", "忆及", "念及", "遵循", "重视", "赞赏", "认为", "关切", "注意",
)
PREAMBLE_OPENER = (r"(?:又|还|并|再次|也|亦)?(?:"
                   + "|".join(sorted(set(_PREAMBLE_PHRASES), key=len, reverse=True)) + ")")

#: operative verbs at the start of an operative paragraph → language-neutral key (UN Chinese
#: terminology: "请" requests, "吁请" calls upon, "敦促" urges, "呼吁" appeals)
_OPERATIVE = {
    "决定": "decides", "请": "requests", "敦促": "urges", "吁请": "calls_upon",
    "促请": "calls_upon", "回顾": "recalls", "重申": "reaffirms", "表示": "expresses",
    "欢迎": "welcomes", "表示注意到": "takes_note", "注意到": "notes", "鼓励": "encourages",
    "邀请": "invites", "申明": "affirms", "核可": "approves", "核准": "approves",
    "批准": "approves", "通过": "adopts", "强调": "emphasizes", "着重指出": "stresses",
    "谴责": "condemns", "要求": "demands", "授权": "authorizes", "建议": "recommends",
    "赞同": "endorses", "呼吁": "appeals", "确认": "recognizes", "认识到": "recognizes",
    "承认": "acknowledges", "宣布": "declares", "宣告": "proclaims", "赞赏": "appreciates",
    "赞扬": "commends", "称赞": "commends", "支持": "supports", "同意": "agrees",
    "痛惜": "deplores", "断定": "determines", "指示": "directs", "选举": "elects",
    "感谢": "thanks", "提请注意": "draws_attention",
}
#: the verbs with the adverbs that may precede them without a space ("又请" also requests,
#: "还决定" further decides, "再次呼吁" again appeals)
OPERATIVE_VERBS: dict[str, str] = {
    adverb + verb: key for adverb in ("", "又", "还", "并", "再次", "也", "亦")
    for verb, key in _OPERATIVE.items()
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
QUOTED_PARAGRAPH = r"第(?P<n>\d{1,3})段"

#: what a document is, from the start of its title (folded; tried in this order): the keys of
#: :data:`pipeline.vocab.DOCUMENT_TYPES`
DOCUMENT_TYPE_WORDS: dict[str, str] = {
    "draft": r".{0,40}(?:决议|决定)草案",
    "report": r".{0,60}报告$",
    "note": r".{0,40}说明$",
    "letter": r".{0,60}的信$",
    "agenda": r".{0,20}议程$",
    "resolution": r"第.{1,12}号决议",
    "decision": r".{0,60}决定$",
}

#: the pyphen hyphenation-pattern dictionaries of the language (LibreOffice's / Hunspell's), and
#: the pyspellchecker word list: the last-resort evidence for a line-end hyphen the document
#: leaves undecided (:mod:`pipeline.parse.dictionary`); empty: none, the hyphen is kept
HYPHENATION_PATTERNS: tuple[str, ...] = ()
WORD_LIST: str = ""
