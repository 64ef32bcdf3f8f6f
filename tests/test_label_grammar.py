"""Label grammar of draft texts: alternative numberings ("[4][2].")."""

from __future__ import annotations

from pipeline.parse.blocks import parse_label
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
