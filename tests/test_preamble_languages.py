"""Issue #15 item 2 in the six languages: preambular paragraphs (kind ``preamble``, their
opening phrase) and operative paragraphs (their verb, one key across languages) of a short
resolution written for this test in Arabic, Chinese, Russian and Spanish, set as the UN
templates set them (openers in italics; Arabic openers in bold; the Chinese lead-in in KaiTi,
Chinese openers in the body typeface)."""

from __future__ import annotations

from pipeline.model import Block, Box, Line, Word
from pipeline.parse.structure import build_paragraphs
from pipeline.read.glyphs import font_style


def _block(label: str | None, text: str, lead: int = 0, font: str = "Times-Roman",
           lead_font: str = "Times-Italic") -> Block:
    """One paragraph on one line; its first ``lead`` words in ``lead_font`` (styles read from
    the font names as the reader reads them)."""
    words = []
    for k, t in enumerate(text.split()):
        f = lead_font if k < lead else font
        bold, italic = font_style(f)
        words.append(Word(t, 0, 1, 0, 1, 10, f, bold, italic))
    bold, italic = font_style(font)
    line = Line(1, tuple(words), 0, 1, 0, 1, 10, font, bold, italic)
    return Block(kind="paragraph", label=label, text=text, lines=[line],
                 boxes=[Box(1, 0, 0, 1, 1)], indent=0.0)


def _rows(blocks: list[Block], lang: str) -> list[tuple[str, str, str | None, str | None]]:
    """The structured rows: the lead-in and other loose text, rows ``t<k>`` of kind ``text``
    since issue #15 item 7, are left out (``_text_rows`` gives them)."""
    rows, _, _ = build_paragraphs(blocks, lang)
    return [(p.id, p.kind, p.opening_phrase, p.operative_verb) for p in rows
            if p.kind != "text"]


def _text_rows(blocks: list[Block], lang: str) -> list[tuple[str, str]]:
    rows, _, _ = build_paragraphs(blocks, lang)
    return [(p.id, p.text) for p in rows if p.kind == "text"]


AR = "TraditionalArabic"


def test_arabic_resolution() -> None:
    """"إن الجمعية العامة،" then a preamble ending in "،" and "؛" (bold opener "إذ تشير", and
    "وإذ يساورها" set plain, found by the lang list), then "تقرر" and "تطلب" (a justified
    tatweel inside it)."""
    blocks = [
        _block(None, "إن الجمعية العامة،", 3, AR, AR + ",BoldItalic"),
        _block(None, "إذ تشير إلى قرارها ٧٥/٩٩٩ المؤرخ ١٦ كانون الأول/ديسمبر ٢٠٢٠،", 2, AR,
               AR + ",Bold"),
        _block(None, "وإذ يساورها القلق إزاء ازدياد تهريب المهاجرين؛", 0, AR),
        _block("١ -", "تقرر عقد اجتماع للفريق العامل؛", 0, AR),
        _block("٢ -", "تطــلب أيضا إلى الأمين العام أن يقدم إليها تقريرا.", 0, AR),
    ]
    assert _rows(blocks, "ar") == [
        ("pp1", "preamble", "إذ تشير", None), ("pp2", "preamble", "وإذ يساورها", None),
        ("1", "operative", None, "decides"), ("2", "operative", None, "requests")]


def test_arabic_paragraph_ending_in_a_full_stop_is_no_preamble() -> None:
    """A bold opener is not enough: the paragraph must end as a preambular one does."""
    blocks = [_block(None, "وقد نظرت في النظام بصيغته المؤقتة (ISBA/16/C/L.5).", 2, AR,
                     AR + ",Bold")]
    assert _rows(blocks, "ar") == []
    assert _text_rows(blocks, "ar") == [
        ("t1", "وقد نظرت في النظام بصيغته المؤقتة (ISBA/16/C/L.5).")]


def test_council_resolution_in_arabic_uses_the_masculine() -> None:
    blocks = [_block(None, "إن مجلس الأمن،", 3, AR, AR + ",BoldItalic"),
              _block(None, "وإذ يشير إلى قراراته السابقة،", 0, AR),
              _block("١ -", "يقرر أن يبقي المسألة قيد نظره.", 0, AR)]
    assert _rows(blocks, "ar") == [("pp1", "preamble", "وإذ يشير", None),
                                   ("1", "operative", None, "decides")]


def test_chinese_resolution() -> None:
    """"大会，" in KaiTi, two preambular paragraphs in SimSun ending in "，" (openers "回顾",
    "又关切地注意到" with no space after them), then "决定" and "又请"."""
    blocks = [
        _block(None, "大会，", 1, "SimSun", "KaiTi"),
        _block(None, "回顾其2020年12月16日第75/999号决议，", 0, "SimSun"),
        _block(None, "又关切地注意到偷运移民的情况仍在增加，", 0, "SimSun"),
        _block("1.", "决定设立一个工作组；", 0, "SimSun"),
        _block("2.", "又请秘书长向大会第七十六届会议提交报告。", 0, "SimSun"),
    ]
    assert _rows(blocks, "zh") == [
        ("pp1", "preamble", "回顾", None), ("pp2", "preamble", "又关切地注意到", None),
        ("1", "operative", None, "decides"), ("2", "operative", None, "requests")]


def test_chinese_decision_after_its_kaiti_lead_in_is_operative() -> None:
    """ISBA/19/C/17 page 1's setting: no preamble, "理事会，" in KaiTi, then "通过"."""
    blocks = [_block(None, "国际海底管理局理事会，", 1, "SimSun", "KaiTi"),
              _block("1.", "通过本决定附件所载修正案；", 0, "SimSun"),
              _block("2.", "决定该规章暂时适用。", 0, "SimSun")]
    assert _rows(blocks, "zh") == [("1", "operative", None, "adopts"),
                                   ("2", "operative", None, "decides")]
    upright = [_block(None, "国际海底管理局理事会，", 0, "SimSun")] + blocks[1:]
    assert [k for _, k, _, _ in _rows(upright, "zh")] == ["paragraph", "paragraph"]


def test_russian_resolution() -> None:
    blocks = [
        _block(None, "Генеральная Ассамблея,", 2),
        _block(None, "ссылаясь на свою резолюцию 75/999 от 16 декабря 2020 года,", 1),
        _block(None, "признавая важность международного сотрудничества,", 1),
        _block("1.", "постановляет созвать совещание рабочей группы;", 1),
        _block("2.", "просит также Генерального секретаря представить доклад.", 1),
    ]
    assert _rows(blocks, "ru") == [
        ("pp1", "preamble", "ссылаясь", None), ("pp2", "preamble", "признавая", None),
        ("1", "operative", None, "decides"), ("2", "operative", None, "requests")]


def test_spanish_resolution() -> None:
    blocks = [
        _block(None, "La Asamblea General,", 3),
        _block(None, "Recordando su resolución 75/999, de 16 de diciembre de 2020,", 1),
        _block(None, "Profundamente preocupada por el aumento del tráfico de migrantes,", 2),
        _block("1.", "Decide convocar una reunión del grupo de trabajo;", 1),
        _block("2.", "Pide al Secretario General que le presente un informe.", 1),
    ]
    assert _rows(blocks, "es") == [
        ("pp1", "preamble", "Recordando", None),
        ("pp2", "preamble", "Profundamente preocupada", None),
        ("1", "operative", None, "decides"), ("2", "operative", None, "requests")]


def test_operative_verbs_share_one_key_across_the_six_languages() -> None:
    from pipeline.lang import operative_verbs

    decides = {"en": "decides", "fr": "décide", "es": "decide", "ru": "постановляет",
               "ar": "تقرر", "zh": "决定"}
    requests = {"en": "requests", "fr": "prie", "es": "pide", "ru": "просит", "ar": "تطلب",
                "zh": "请"}
    urges = {"en": "urges", "fr": "exhorte", "es": "insta", "ru": "настоятельно призывает",
             "ar": "تحث", "zh": "敦促"}
    for key, words in (("decides", decides), ("requests", requests), ("urges", urges)):
        assert {lang: operative_verbs(lang)[w] for lang, w in words.items()} == dict.fromkeys(
            words, key)


def test_every_language_keys_its_verbs_with_the_english_keys() -> None:
    """One key across languages: no language has a verb key English lacks."""
    from pipeline.lang import MODULES

    english = set(MODULES["en"].OPERATIVE_VERBS.values())
    for code in ("fr", "es", "ru", "ar", "zh"):
        assert MODULES[code].OPERATIVE_VERBS, code
        assert set(MODULES[code].OPERATIVE_VERBS.values()) <= english, code


def test_chinese_opener_set_in_kaiti_is_the_opening_phrase() -> None:
    """Chinese prints no space after an opener: set in KaiTi (the Chinese italic) it is a word
    of its own, the opening phrase even when the lang list lacks it ("深感震惊")."""
    texts = [("深感震惊", "KaiTi"), ("于偷运移民的情况仍在增加，", "SimSun")]
    words = tuple(Word(t, 0, 1, 0, 1, 10, f, *font_style(f)) for t, f in texts)
    line = Line(1, words, 0, 1, 0, 1, 10, "SimSun", False, False)
    pre = Block(kind="paragraph", label=None, text="".join(t for t, _ in texts), lines=[line],
                boxes=[Box(1, 0, 0, 1, 1)], indent=0.0)
    blocks = [_block(None, "大会，", 1, "SimSun", "KaiTi"), pre,
              _block("1.", "敦促各国加强合作。", 0, "SimSun")]
    assert _rows(blocks, "zh") == [("pp1", "preamble", "深感震惊", None),
                                   ("1", "operative", None, "urges")]


def test_preambular_paragraph_opening_a_list_and_the_paragraph_after_its_items() -> None:
    # ST/SPACE/61/Rev.3 page 62 (resolution 62/101, shortened): "Ayant à l'esprit …, les
    # États :" over items a) and b), then "Notant que …," and "Considérant que … :" over a)
    blocks = [
        _block(None, "L'Assemblée générale,", 2),
        _block(None, "Rappelant sa résolution 41/66 du 3 décembre 1986,", 1),
        _block(None, "Ayant à l'esprit les avantages qu'il y a, pour les États :", 3),
        _block("a)", "Accroissent l'utilité du Registre ;"),
        _block("b)", "Bénéficient de moyens supplémentaires,"),
        _block(None, "Notant que les États parties doivent fournir des renseignements,", 1),
        _block(None, "Considérant que l'adhésion universelle à la Convention :", 1),
        _block("a)", "Accélèrent la création de registres appropriés ;"),
        _block("1.", "Recommande ce qui suit ;", 1),
    ]
    assert _rows(blocks, "fr") == [
        ("pp1", "preamble", "Rappelant", None),
        ("pp2", "preamble", "Ayant à l'esprit", None),
        ("pp2.a", "item", None, None), ("pp2.b", "item", None, None),
        ("pp3", "preamble", "Notant", None),
        ("pp4", "preamble", "Considérant", None), ("pp4.a", "item", None, None),
        ("1", "operative", None, "recommends")]
    assert _text_rows(blocks, "fr") == [("t1", "L'Assemblée générale,")]


def test_paragraph_ending_in_a_colon_opens_no_preamble() -> None:
    # a colon ends a preambular paragraph only once a preamble runs: the first italic-led
    # paragraph of a section ending in a colon stays text
    blocks = [_block(None, "Notant ce qui suit :", 1), _block("a)", "Un point ;")]
    assert _rows(blocks, "fr") == [("t1.a", "item", None, None)]
    assert _text_rows(blocks, "fr") == [("t1", "Notant ce qui suit :")]


def test_unnumbered_operative_paragraph_ending_in_a_colon_ends_the_preamble() -> None:
    # ST/SPACE/61/Rev.3 page 67 (resolution 68/74): "Recommande que … les éléments ci-après
    # … :" in italics after the preamble, over numbered paragraphs 1., 2.; page 37 likewise
    # "Déclare solennellement … les principes suivants :"
    blocks = [
        _block(None, "L'Assemblée générale,", 2),
        _block(None, "Prenant note des différentes approches adoptées par les États,", 2),
        _block(None, "Recommande que les États prennent en considération les éléments :", 1),
        _block("1.", "Le champ d'application peut englober le lancement ;"),
        _block("2.", "L'État devrait déterminer la compétence nationale ;"),
    ]
    assert [r[:2] for r in _rows(blocks, "fr")][0] == ("pp1", "preamble")
    assert "pp2" not in [r[0] for r in _rows(blocks, "fr")]
    assert _text_rows(blocks, "fr")[1][0] == "t2"
