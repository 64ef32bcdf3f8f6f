"""Arabic and Chinese genuine UN PDFs read like French: masthead, numbers, items, clean text."""

from __future__ import annotations

import regex
from conftest import extraction, real_pdf

from pipeline.lang import MODULES
from pipeline.parse.blocks import parse_label
from pipeline.textnorm import join_words, joins_without_space
from pipeline.tools.align import align, id_key
from pipeline.tools.report_html import text_attrs

ARABIC = "ISBA_16_A_12_Rev.1_A.pdf"
FRENCH = "ISBA_16_A_12_Rev.1_F.pdf"
CHINESE = "ISBA_19_C_17_C.pdf"
PRESENTATION_FORMS = regex.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFE]")
FURNITURE = regex.compile(r"\b\d{2}-\d{5}\b|ISBA/\d+/[A-Z]/\d+|\*\d{7}|_{4,}")


# -- pure functions ------------------------------------------------------------------------------


def test_arabic_labels() -> None:
    assert parse_label("١ -") == ("num", "١")
    assert parse_label("12-") == ("num", "12")
    assert parse_label("(أ)") == ("letter", "أ")
    assert parse_label("(هـ)") == ("letter", "هـ")
    assert parse_label("'٣'") == ("roman", "iii")
    assert int(parse_label("١٢ -")[1]) == 12  # type: ignore[index]


def test_chinese_labels() -> None:
    assert parse_label("㈢") == ("roman", "iii")
    assert parse_label("(a)") == ("letter", "a")
    assert parse_label("一、") == ("ROMAN", "I")
    assert parse_label("（二）") == ("CAP", "B")


def test_arabic_heading_labels() -> None:
    assert parse_label("أولا -") == ("ROMAN", "I")
    assert parse_label("ثالثا -") == ("ROMAN", "III")
    assert parse_label("باء -") == ("CAP", "B")


def test_section_vocabulary() -> None:
    zh, ar = MODULES["zh"], MODULES["ar"]
    m = regex.fullmatch(zh.ARTICLE_PATTERN, "第 4 条")
    assert m is not None and zh.numeral_value(m.group(1)) == 4
    m = regex.fullmatch(zh.PART_PATTERN, "第二部分")
    assert m is not None and zh.numeral_value(m.group(1)) == 2
    assert zh.numeral_value("一四三") == 143  # "第一四三条" (article 143 of the Convention)
    assert "附件" in zh.ANNEX_WORDS
    assert "المادة" in ar.ARTICLE_WORDS and "المرفق" in ar.ANNEX_WORDS
    assert "الجزء" in ar.PART_WORDS


def test_no_space_between_chinese_words() -> None:
    assert joins_without_space("海底管理", "局大会")
    assert joins_without_space("2013", "年")
    assert not joins_without_space("Distr.:", "General")
    assert join_words(["2013", "年", "7", "月"]) == "2013年7月"
    # a space glyph the PDF draws stays
    assert join_words(["理", "事", "会"], [False, True, True]) == "理 事 会"
    assert join_words(["Original:", "English"]) == "Original: English"


# -- the genuine Arabic regulations -------------------------------------------------------------


def test_arabic_masthead() -> None:
    ex = extraction(str(real_pdf(ARABIC)))
    meta = ex.meta
    assert meta.symbol == "ISBA/16/A/12/Rev.1"
    assert meta.language == "ar"
    assert meta.distribution == "general"
    assert meta.date == "2010-11-15"  # "15 November 2010", in English in the Arabic masthead
    assert meta.original_language == "en"
    assert meta.organ == "الجمعية"
    assert meta.job_number == "10-63718"
    assert meta.session == "٢٦ نيسان/أبريل - ٧ أيار/مايو ٢٠١٠"
    assert meta.session_name is not None and meta.session_name.startswith("الدورة السادسة عشرة")


def test_arabic_article_paragraphs_and_items() -> None:
    """Article 5 (page 6): paragraphs ١ - to ٣ -, and (أ) (ب) under ١ -, as on the page."""
    ex = extraction(str(real_pdf(ARABIC)))
    on_page = [p for p in ex.paragraphs if p.page_start == 6]
    ids = [p.id for p in on_page]
    k = ids.index("1.a")
    assert ids[k - 1:k + 4] == ["1", "1.a", "1.b", "2", "3"]
    first = on_page[k - 1]
    assert first.number == 1 and first.item is None
    assert first.text.startswith("يتخذ كل منقب، بالقدر الممكن بصورة معقولة،")
    assert first.text.endswith("أو يزيل ما يلي:")
    assert on_page[k].text == "الآثار البيئية الضارة الناجمة عن التنقيب؛"
    assert on_page[k + 1].item == "b"


def test_arabic_numbers_and_clean_text() -> None:
    ex = extraction(str(real_pdf(ARABIC)))
    numbers = [p.number for p in ex.paragraphs if p.item is None]
    assert numbers.count(1) >= 30  # one sequence per regulation
    for p in ex.paragraphs:
        assert isinstance(p.number, int)
        assert not PRESENTATION_FORMS.search(p.text), p.id
        assert not FURNITURE.search(p.text), (p.id, p.text)
        assert p.text.strip(), p.id


def test_arabic_has_the_french_numbering() -> None:
    """Every id of the Arabic version is one of the French version's. The French has a few
    more, where the printed Arabic differs: article 27 skips ٣ - (٢ - then ٤ -, page 22), and
    the annual fee paragraph ٢ - (page 17) lists ’١‘ ’٢‘ ’٣‘ where the French has a) b) c)."""
    ar = [p.id for p in extraction(str(real_pdf(ARABIC))).paragraphs]
    fr = [p.id for p in extraction(str(real_pdf(FRENCH))).paragraphs]
    assert len(ar) >= 285 and len(fr) >= 290
    common = [i for i in ar if i in set(fr)]
    assert len(set(common)) == len(set(ar))  # every Arabic id exists in French


# -- the genuine Chinese regulations ------------------------------------------------------------


def test_chinese_masthead() -> None:
    meta = extraction(str(real_pdf(CHINESE))).meta
    assert meta.symbol == "ISBA/19/C/17"
    assert meta.language == "zh"
    assert meta.date == "2013-07-22"
    assert meta.session == "2013年7月15日至26日"
    assert meta.session_name is not None and meta.session_name.startswith("第十九届会议")
    assert meta.title == (
        "国际海底管理局理事会关于《“区域”内多金属结核探矿和勘探规章》修正案及有关事项的决定"
    )


def test_chinese_paragraphs_without_spaces() -> None:
    ex = extraction(str(real_pdf(CHINESE)))
    first = ex.paragraphs[:2]
    assert [p.id for p in first] == ["1", "2"]
    assert first[0].text == "通过本决定附件所载《“区域”内多金属结核探矿和勘探规章》修正案；"
    assert first[1].text == (
        "决定经修正的该规章自理事会通过之日起暂时适用，以待国际海底管理局大会核准；"
    )
    ids = [p.id for p in ex.paragraphs]
    assert "4.d.iii" in ids  # ㈠ ㈡ ㈢ under (d)
    for p in ex.paragraphs:
        assert not regex.search(r"\p{Han} \p{Han}", p.text), (p.id, p.text)
        assert not FURNITURE.search(p.text), (p.id, p.text)


# -- outputs: report, alignment -----------------------------------------------------------------


def test_report_sets_direction_of_arabic_text() -> None:
    assert text_attrs("ar") == ' lang="ar" dir="rtl"'
    assert text_attrs("zh") == ' lang="zh"'
    assert text_attrs(None) == ' dir="auto"'


def test_align_pairs_arabic_and_french() -> None:
    ar = extraction(str(real_pdf(ARABIC)))
    fr = extraction(str(real_pdf(FRENCH)))
    al = align(ar, fr)
    assert al.only_a == []
    assert len(al.table) == len({p.id for p in ar.paragraphs})
    assert id_key("5.2.к") == "5.2.j" and id_key("3.ب") == "3.b" and id_key("1.a.ii") == "1.a.ii"
