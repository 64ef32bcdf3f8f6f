"""Each structural rule fails on a hand-built bad Extraction and passes on a good one."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from factories import clone, para, paragraphs_doc, rec, recommendations_doc

from pipeline.model import Extraction
from pipeline.out.validate import (
    Problem,
    has_errors,
    letter_value,
    roman_value,
    strictly,
    to_letter,
    to_roman,
    validate_extraction,
    validate_extractions,
)

REC = recommendations_doc()
PAR = paragraphs_doc()


def errors(ex: Extraction) -> list[Problem]:
    return [p for p in validate_extraction(ex) if p.severity == "error"]


def test_good_documents_pass() -> None:
    assert validate_extraction(REC) == []
    assert [p.rule for p in validate_extraction(PAR)] == ["extraction"]  # its own warning
    assert validate_extractions([REC, PAR]) == validate_extraction(PAR)


def _drop(prefix: str) -> Callable[[Extraction], None]:
    def edit(ex: Extraction) -> None:
        ex.records = [r for r in ex.records if r.id != prefix and not r.id.startswith(prefix + ".")]

    return edit


def _set(index: int, **changes: object) -> Callable[[Extraction], None]:
    def edit(ex: Extraction) -> None:
        for k, v in changes.items():
            setattr(ex.records[index], k, v)

    return edit


def _text(index: int, text: str) -> Callable[[Extraction], None]:
    return _set(index, text=text)


def _renumber_meeting_2_to_3(ex: Extraction) -> None:
    ex.meetings[1].meeting = 3
    ex.meetings[1].heading = ex.meetings[1].heading.replace("II.", "III.")
    ex.records = [
        rec(3, r.number, r.text, r.page_start, r.item, r.page_end) if r.meeting == 2 else r
        for r in ex.records
    ]


def _move(src: int, dst: int) -> Callable[[Extraction], None]:
    def edit(ex: Extraction) -> None:
        ex.records.insert(dst, ex.records.pop(src))

    return edit


def _meta(**changes: object) -> Callable[[Extraction], None]:
    def edit(ex: Extraction) -> None:
        for k, v in changes.items():
            setattr(ex.meta, k, v)

    return edit


def _meeting(index: int, **changes: object) -> Callable[[Extraction], None]:
    def edit(ex: Extraction) -> None:
        for k, v in changes.items():
            setattr(ex.meetings[index], k, v)

    return edit


# (edit, rule, message fragment, record, page)
BAD_RECOMMENDATIONS = {
    "recommendation gap": (
        _drop("1.2"), "numbering", "meeting I: recommendation 2 missing between 1 and 3", "1.3", 2,
    ),
    "recommendation gap at start": (
        _drop("1.1"), "numbering", "meeting I: recommendation 1 missing before 2", "1.2", 1,
    ),
    "recommendation duplicate": (
        lambda ex: ex.records.insert(8, rec(2, 1, "Le Groupe de travail a recommandé.", 3)),
        "numbering", "meeting II: recommendation 1 appears twice (pages 2 and 3)", "2.1", 3,
    ),
    "recommendation out of order": (
        _move(7, 8), "numbering", "meeting II: recommendation 1 out of order after 2", "2.1", 2,
    ),
    "item gap": (_drop("1.2.a"), "numbering", "recommendation 1.2: item a missing before b",
                 "1.2.b", 1),
    "nested item gap": (_drop("1.2.b.i"), "numbering",
                        "recommendation 1.2.b: item i missing before ii", "1.2.b.ii", 2),
    "item not a letter": (_set(2, item="1", id="1.2.1"), "numbering", "is not a letter",
                          "1.2.1", 1),
    "meeting gap": (_renumber_meeting_2_to_3, "numbering", "meeting II missing between I and III",
                    "meeting III", 2),
    "meeting without heading": (lambda ex: ex.meetings.pop(), "ids",
                                "meeting II has no heading", "2.1", 2),
    "duplicate id": (_set(6, number=2, id="1.2"), "ids", "id 1.2 used 2 times", "1.2", 2),
    "id inconsistent": (_set(0, id="1.9"), "ids", "does not match its numbering", "1.9", 1),
    "parent inconsistent": (_set(2, parent_id="1.1"), "ids", "parent_id 1.1 should be 1.2",
                            "1.2.a", 1),
    "items not after their parent": (_move(2, 6), "order", "not in document order", None, None),
    "empty text": (_text(0, "  "), "text", "empty text", "1.1", 1),
    "bad document date": (_meta(date="2019-02-30"), "dates", "not a valid date", None, None),
    "document date not ISO": (_meta(date="21 juin 2019"), "dates", "not an ISO date", None, None),
    "meeting dates reversed": (_meeting(0, start_date="2012-06-02"), "dates",
                               "start date 2012-06-02 after end date 2012-06-01", "meeting I", 1),
    "page beyond document": (_set(8, page_end=4), "pages", "pages 2–4 outside 1–3", "2.2", 2),
    "page zero": (_set(0, page_start=0), "pages", "pages 0–1 outside 1–3", "1.1", None),
    "pages reversed": (_set(6, page_start=3), "pages", "pages 3–2", "1.3", 3),
    "boxes off the text's pages": (_set(0, page_end=2), "boxes", "boxes on pages 1–1", "1.1", 1),
    "page counter": (_text(0, "Les États 2/3 parties devraient agir."), "furniture",
                     "page counter 2/3", "1.1", 1),
    "job number V.": (_text(0, "Les États V.19-05872 devraient agir."), "furniture",
                      "job number V.19-05872", "1.1", 1),
    "job number GE.": (_text(0, "Les États GE.09-17088 devraient agir."), "furniture",
                       "job number GE.09-17088", "1.1", 1),
    "bare job number": (_text(0, "Les États 25-02024 devraient agir."), "furniture",
                        "job number 25-02024", "1.1", 1),
    "own symbol": (_text(0, "Les États CTOC/COP/WG.7/2019/CRP.1 devraient agir."), "furniture",
                   "document symbol CTOC/COP/WG.7/2019/CRP.1", "1.1", 1),
    "PUA barcode characters": (_text(0, "Les États \ue02a\ue031 devraient agir."), "furniture",
                               "private-use character U+E02A", "1.1", 1),
    "barcode": (_text(0, "Les États *1905872* devraient agir."), "furniture",
                "barcode *1905872*", "1.1", 1),
    "furniture in a heading": (_meeting(1, heading="II. Deuxième réunion 2/3"), "furniture",
                               "page counter 2/3 left in heading", "meeting II", 2),
    "no language": (_meta(language=None), "document", "document language missing", None, None),
    "schema: bad sha256": (_meta(sha256="xyz"), "schema", "documents.sha256", None, None),
    "schema: unknown language": (_meta(language="fra"), "schema", "documents.language", None,
                                 None),
    "mode mismatch": (lambda ex: ex.paragraphs.append(para(1, "Texte.", 1)), "mode",
                      "recommendations mode but paragraphs", None, None),
    "no recommendations": (lambda ex: ex.records.clear(), "mode", "no recommendation was found",
                           None, None),
}


@pytest.mark.parametrize("case", list(BAD_RECOMMENDATIONS))
def test_rule_fails_on_bad_recommendations(case: str) -> None:
    edit, rule, fragment, record, page = BAD_RECOMMENDATIONS[case]
    ex = clone(REC)
    edit(ex)
    found = [p for p in errors(ex) if p.rule == rule and fragment in p.message]
    assert found, [str(p) for p in validate_extraction(ex)]
    assert found[0].record == record
    if page is not None:
        assert found[0].page == page
    assert found[0].document == (ex.meta.symbol or "wg7_2019_fr.pdf")
    assert has_errors(validate_extraction(ex))


def test_gap_message_reads_well() -> None:
    ex = clone(REC)
    _drop("1.2")(ex)
    (p,) = [p for p in errors(ex) if p.rule == "numbering"]
    assert str(p) == (
        "error: CTOC/COP/WG.7/2019/CRP.1 1.3 p. 2: "
        "meeting I: recommendation 2 missing between 1 and 3 [numbering]"
    )
    assert "\n" not in str(p)


def test_several_missing() -> None:
    ex = clone(REC)
    ex.records = [r for r in ex.records if r.meeting == 1 and r.number == 1] + [
        rec(1, 5, "Les États devraient agir.", 2)
    ] + [r for r in ex.records if r.meeting == 2]
    msgs = [p.message for p in errors(ex)]
    assert "meeting I: recommendations 2–4 missing between 1 and 5" in msgs


NOT_FURNITURE = [
    "Voir le document CTOC/COP/WG.7/2019/1 et la résolution 73/185.",
    "Conformément à la résolution 2/3 de la Conférence.",
    "Le présent document (CTOC/COP/WG.7/2019/CRP.1) rend compte des travaux.",
    "En 2019-2020, 1 migrant sur 3 et 12/25 des États.",
    "Le Protocole relatif aux migrants (A/RES/55/25, annexe III), articles 6/3.",
]


@pytest.mark.parametrize("text", NOT_FURNITURE)
def test_no_false_furniture(text: str) -> None:
    ex = clone(REC)
    ex.records[0].text = text
    assert [str(p) for p in validate_extraction(ex)] == []


def test_normalisation_is_a_warning() -> None:
    ex = clone(REC)
    ex.records[0].text = "Les États\u00a0parties devraient l\u2019adopter."
    (p,) = validate_extraction(ex)
    assert (p.severity, p.rule) == ("warning", "normalisation")
    assert not has_errors([p])
    assert has_errors(strictly([p]))


def test_label_left_in_text_is_a_warning() -> None:
    ex = clone(REC)
    ex.records[2].text = "a) Promouvoir une coopération internationale efficace ;"
    ex.records[0].text = "1. Les États devraient agir."
    rules = [(p.severity, p.record, p.message) for p in validate_extraction(ex)]
    assert ("warning", "1.2.a", "text starts with an item label") in rules
    assert ("warning", "1.1", "text starts with a number label") in rules


def test_extraction_warnings_are_reported() -> None:
    ex = clone(REC)
    ex.warnings.append("page 2: heading near page bottom")
    (p,) = validate_extraction(ex)
    assert (p.severity, p.rule, p.message) == ("warning", "extraction",
                                                "page 2: heading near page bottom")


def _par_drop(pid: str) -> Callable[[Extraction], None]:
    def edit(ex: Extraction) -> None:
        ex.paragraphs = [p for p in ex.paragraphs if p.id != pid and not p.id.startswith(pid + ".")]

    return edit


BAD_PARAGRAPHS = {
    "paragraph gap": (_par_drop("3"), "numbering", "paragraph 3 missing between 2 and 4", "4", 2),
    "paragraphs decreasing": (
        lambda ex: ex.paragraphs.insert(6, ex.paragraphs.pop(5)) or ex.paragraphs.append(
            para(3, "La Commission voudra peut-être agir.", 2, section="III")),
        "numbering", "paragraph 3 appears twice", "3", 2,
    ),
    "paragraph out of order": (
        lambda ex: ex.paragraphs.insert(6, ex.paragraphs.pop(5)),
        "numbering", "paragraph 3 out of order after 4", "3", 1,
    ),
    "paragraph item gap": (_par_drop("2.a"), "numbering", "paragraph 2: item a missing before b",
                           "2.b", 1),
    "item in another section": (
        lambda ex: setattr(ex.paragraphs[2], "section", "III"), "ids", "its parent in 'II.A'",
        "2.a", 1,
    ),
    "mode mismatch": (lambda ex: ex.records.append(rec(1, 1, "Texte.", 1)), "mode",
                      "paragraphs mode but meetings/recommendations", None, None),
    "furniture in paragraph": (
        lambda ex: setattr(ex.paragraphs[0], "text", "Le présent rapport 1/2 a été établi."),
        "furniture", "page counter 1/2", "1", 1,
    ),
}


@pytest.mark.parametrize("case", list(BAD_PARAGRAPHS))
def test_rule_fails_on_bad_paragraphs(case: str) -> None:
    edit, rule, fragment, record, page = BAD_PARAGRAPHS[case]
    ex = clone(PAR)
    edit(ex)
    found = [p for p in errors(ex) if p.rule == rule and fragment in p.message]
    assert found, [str(p) for p in validate_extraction(ex)]
    assert found[0].record == record
    if page is not None:
        assert found[0].page == page


def test_documents_clash() -> None:
    a, b = recommendations_doc(), recommendations_doc(source_file="autre.pdf")
    assert any("2 documents with symbol" in p.message for p in validate_extractions([a, b]))
    c = recommendations_doc(symbol="CTOC/COP/WG.7/2019/CRP.2")
    assert any("wg7_2019_fr.json" in p.message for p in validate_extractions([a, c]))
    assert not has_errors(validate_extractions([a, recommendations_doc("A/B/1", "x.pdf")]))


@pytest.mark.parametrize("n", range(1, 60))
def test_labels_round_trip(n: int) -> None:
    assert roman_value(to_roman(n)) == n
    assert letter_value(to_letter(n)) == n


def test_label_parsing() -> None:
    assert [roman_value(s) for s in ("i", "iv", "ix", "xiv", "iix", "", "a")] == [
        1, 4, 9, 14, None, None, None,
    ]
    assert [letter_value(s) for s in ("a", "z", "aa", "ab", "A", "")] == [1, 26, 27, None, None,
                                                                         None]


def test_symbol_is_optional() -> None:
    """Issue #15: the symbol is optional. Without one, a document is a warning (worth a look),
    a publication nothing; either is written, keyed by its document (the source file's stem)."""
    ex = clone(REC)
    ex.meta.symbol = None
    problems = validate_extraction(ex)
    assert [(p.severity, p.message) for p in problems if p.rule == "document"] == [
        ("warning", "document symbol missing")]
    assert not [p for p in problems if p.severity == "error"], [str(p) for p in problems]
    ex.meta.document_type = "publication"
    assert not [p for p in validate_extraction(ex) if p.rule == "document"]


def test_collector_sets_the_document_aside_while_rows_are_built_and_puts_it_back() -> None:
    """Inside ``paused`` the objects alive before are frozen (collections see only what the body
    makes); after it they are back and the collector is as it was. A caller's own freeze is
    left alone."""
    import gc

    from pipeline.out.collector import paused

    alive = [object() for _ in range(10)]  # noqa: F841 - alive across the body
    assert gc.get_freeze_count() == 0
    with paused():
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused():
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    with pytest.raises(ValueError), paused():
        raise ValueError("the body fails")
    assert gc.get_freeze_count() == 0


def _text_rules_plain(text: str) -> list[str]:
    """The normalisation and barcode/private-use rules on one text, every check on every text."""
    import re
    import unicodedata

    issues = []
    if text != text.strip():
        issues.append("leading/trailing space")
    if "  " in text:
        issues.append("double space")
    if re.search(r"[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\t\r\n]", text):
        issues.append("non-plain space or line break")
    if "\u00ad" in text:
        issues.append("soft hyphen")
    if re.search(r"[\ufb00-\ufb06]", text):
        issues.append("ligature character")
    if "\u2019" in text:
        issues.append("curly apostrophe")
    if not unicodedata.is_normalized("NFC", text):
        issues.append("not NFC")
    out = [f"text not normalised: {', '.join(issues)}"] if issues else []
    out += [f"private-use character U+{ord(c):04X} (barcode font) left in text"
            for c in sorted(set(re.findall(r"[\ue000-\uf8ff]", text)))]
    out += [f"barcode {m.group()} left in text" for m in re.finditer(r"\*\d{7}\*", text)]
    return sorted(out)


@pytest.mark.parametrize("text", [
    "plain text", " led", "two  spaces", "tab\there", "line\nbreak", "cr\rhere",
    "soft\u00adhyphen", "\ufb01ne", "it\u2019s", "e\u0301t\u00e9", "bar \ue010 code",
    "*1234567* code", "*12345678*", "\u00a0nbsp", "caf\u00e9 \ufb02\t*7654321*",
])
def test_text_rules_find_what_every_check_on_every_text_finds(text: str) -> None:
    """Checks skipped on ASCII texts (no such characters there) or without their marker
    character find exactly what running every check on every text finds."""
    from pipeline.out import rules
    from pipeline.out.problems import Findings

    ctx = Findings(REC)
    rules._normalisation(ctx, text, None, 1, "text")
    rules._furniture_in(ctx, text, None, 1, "text")
    assert sorted(p.message for p in ctx.problems) == _text_rules_plain(text)
