"""Label grammar of draft texts: alternative numberings ("[4][2].")."""

from __future__ import annotations

from factories import para, paragraphs_doc

from pipeline.out.validate import validate_extraction
from pipeline.parse.blocks import label_prefix, parse_label
from pipeline.parse.structure import _alternative_number


def test_alternative_numbers_are_one_label() -> None:
    assert parse_label("[4][2].") == ("alt", "4 2")
    assert parse_label("[12][3].") == ("alt", "12 3")
    # a bracketed draft paragraph "[9." is still paragraph 9; "[4][2]" without its stop is not
    assert parse_label("[9.") == ("num", "9")
    assert parse_label("[4][2]") is None
    assert parse_label("[a][b].") is None


def test_alternative_number_continues_the_sequence() -> None:
    assert _alternative_number("4 2", 1) == 2  # Option II: 1, then [4][2]
    assert _alternative_number("4 2", 3) == 4  # after 3: the first alternative goes on
    assert _alternative_number("4 2", 0) == 4  # no sequence yet: the first printed
    assert _alternative_number("4 2", 6) == 4  # neither goes on: the first, a gap is reported


def test_prefixed_labels_read_their_number() -> None:
    assert parse_label("(ALL)1.") == ("num", "1")
    assert parse_label("(ABS)9.1") == ("dec", "9.1")
    assert parse_label("(STB)50.") == ("num", "50")
    assert label_prefix("(CBTMTC)9.") == "CBTMTC"
    # a lettered item and a cross-reference in running text ("paragraph (ALL)12,") are not
    assert label_prefix("(a)") is None and parse_label("(a)") == ("letter", "a")
    assert parse_label("(ALL)12,") is None and label_prefix("(ALL)12,") is None
    assert parse_label("(all)1.") is None


def _prefixed(rows: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """The numbering errors of rows (id, number) of one document section."""
    ex = paragraphs_doc()
    ex.paragraphs = []
    for k, (rid, n) in enumerate(rows):
        p = para(n, f"Paragraph {rid} of the terms of reference.", 1 + k // 4)
        p.id = rid
        ex.paragraphs.append(p)
    return [(p.rule, p.message) for p in validate_extraction(ex, boxes=False)
            if p.severity == "error"]


def test_parallel_alternatives_keep_the_sequence_whole() -> None:
    # "(ALL)1." "(ABS)2." "(CBT)2." "(ALL)3.": paragraph 2 printed for two bodies
    assert _prefixed([("1", 1), ("2", 2), ("(CBT)/2", 2), ("3", 3)]) == []


def test_parallel_alternatives_hide_no_gap() -> None:
    # the sequence around them still misses paragraph 3
    found = _prefixed([("1", 1), ("2", 2), ("(CBT)/2", 2), ("4", 4)])
    assert ("numbering", "paragraph 3 missing between 2 and 4") in found
    # an alternative standing for no paragraph of the sequence opens at 1 like any other
    found = _prefixed([("1", 1), ("2", 2), ("(CBT)/5", 5), ("3", 3)])
    assert any(r == "numbering" and "(CBT)" in m for r, m in found), found
