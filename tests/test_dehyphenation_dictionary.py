"""The last-resort dictionary rule for line-end hyphens (issue #14), both ways, on real PDFs."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import regex
from conftest import FIXTURES, real_pdf

from pipeline.parse.dictionary import available, dictionary_cut
from pipeline.parse.document import extract_document, open_document
from pipeline.parse.evidence import Evidence, token

LETTERS = regex.compile(r"\p{L}+")


def _silent(language: str | None) -> Evidence:
    """Evidence with no word of the document: the undecided case the rule is for."""
    return Evidence([], language=language)


@cache
def _lines(name: str) -> list:
    doc = open_document(real_pdf(name), backend="pdfium")
    return [ln for page in doc.pages for ln in page.lines]


def _line_end_pairs(name: str, page: int) -> set[tuple[str, str]]:
    """(left, right) of every word cut by a line-end hyphen on a page (1-based) of a real PDF."""
    lines = _lines(name)
    out = set()
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page == page and a.words and b.words and a.words[-1].text.endswith("-"):
            out.add((token(a.words[-1].text[:-1]), token(b.words[0].text)))
    return out


def _printed_compounds(name: str) -> set[str]:
    """Compounds printed inside a line (``drug-related``): letters, one hyphen, both sides."""
    out = set()
    for ln in _lines(name):
        for w in ln.words[:-1]:
            parts = token(w.text).split("-")
            if len(parts) == 2 and all(LETTERS.fullmatch(p) for p in parts):
                out.add(token(w.text))
    return out


def test_page_cuts_joined_by_the_dictionary() -> None:
    """The UNODC publication hyphenates automatically: page 8 (printed '8') cuts 'neces-' /
    'sary', 'accor-' / 'dance' and 'prin-' / 'ciples' at line ends (read off the page image).
    With no evidence from the document, the dictionary joins them."""
    pairs = _line_end_pairs("UNODC_UNTOC_and_Protocols_pub_E.pdf", 16)
    cuts = {("neces", "sary"), ("accor", "dance"), ("prin", "ciples")}
    assert cuts <= pairs
    for left, right in cuts:
        keep, why = _silent("en").decide_hyphen(left, right)
        assert not keep, (left, right)
        assert why.startswith("dictionary (en)"), why


@pytest.mark.parametrize("name,language", [
    ("A_60_PV.25_E.pdf", "en"),
    ("A_HRC_43_2_E.pdf", "en"),
    ("E_ICEF_2025_AB_L.3_E.pdf", "en"),
    ("ST_SPACE_61_Rev.3_F.pdf", "fr"),
    ("ISBA_16_A_12_Rev.1_F.pdf", "fr"),
    ("A_HRC_WG.6_7_ITA_1_F.pdf", "fr"),
])
def test_printed_compounds_kept(name: str, language: str) -> None:
    """Every compound a genuine document prints inside a line (A/60/PV.25 p. 8: 'neo-colonial',
    'socio-economic', 're-energizing', 'troop-contributing', read off the page image) keeps its
    hyphen if it falls at a line end with no other evidence."""
    compounds = _printed_compounds(name)
    if name == "A_60_PV.25_E.pdf":
        assert {"neo-colonial", "socio-economic", "re-energizing",
                "troop-contributing"} <= compounds
    assert len(compounds) >= 10
    joined = [c for c in sorted(compounds)
              if not _silent(language).decide_hyphen(*c.split("-"))[0]]
    assert joined == []


def test_line_end_compounds_kept() -> None:
    """Line-end hyphens the document proves compounds (the hyphenated form printed elsewhere)
    are kept by the dictionary too."""
    name = "A_HRC_43_2_E.pdf"
    lines = _lines(name)
    proven = Evidence(lines)
    pairs = {p for page in range(1, 200) for p in _line_end_pairs(name, page)}
    compounds = [(a, b) for a, b in pairs if proven.hyphenated[f"{a}-{b}".lower()]]
    assert len(compounds) >= 10
    assert [c for c in compounds if not _silent("en").decide_hyphen(*c)[0]] == []


def test_dictionary_needs_a_cut_word_and_a_non_word_left_part() -> None:
    """Each condition of the rule: the joined word is a word, the cut is a pattern point, the
    left part is no word by itself; prefixes and capitalised halves stay kept."""
    assert dictionary_cut("compé", "tentes", "fr")
    assert dictionary_cut("comp", "étentes", "fr") is None  # not a hyphenation point
    assert dictionary_cut("compé", "tentesx", "fr") is None  # no such word
    assert dictionary_cut("drug", "related", "en") is None  # both parts words
    assert dictionary_cut("sous", "régional", "fr") is None
    assert _silent("en").decide_hyphen("neo", "colonial") == (True, "compound prefix")
    assert _silent("fr").decide_hyphen("Etats", "Unis")[0]


@pytest.mark.parametrize("language", [None, "ar", "zh", "xx"])
def test_no_dictionary_keeps_todays_behaviour(language: str | None) -> None:
    assert not available(language)
    assert _silent(language).decide_hyphen("compé", "tentes") == (
        True, "UN documents keep line-end hyphens")


def test_docx_route_page_break_cut_joined_and_recorded() -> None:
    """The docx route's page-break cut ('compé-' / 'tentes', fixtures source: 'autorités {pb}
    compétentes') comes out joined, and the repair records the dictionary's evidence."""
    pdf = FIXTURES / "pdfs" / "docx" / "artifact_page_break_footnote.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} not present")
    ex = extract_document(Path(pdf), backend="pdfium")
    texts = " ".join(r.text for r in ex.records)
    assert "autorités compétentes de mener" in texts
    assert "compé-tentes" not in texts
    repairs = [r for r in ex.repairs if r.kind == "dehyphenation"]
    assert [(r.before, r.after) for r in repairs] == [("compé-tentes", "compétentes")]
    assert repairs[0].evidence.startswith("dictionary (fr)")


def test_a_hyphen_before_a_digit_is_kept() -> None:
    """No word is cut before a digit: "COVID-" / "19)." (A/HRC/43/2 p. 8) is the compound
    COVID-19, whatever the document's evidence or its automatic hyphenation says."""
    silent = _silent("en")
    silent.auto_hyphenation = True
    assert silent.decide_hyphen("(COVID", "19).")[0]
    assert silent.decide_hyphen("2019", "2020")[0]
    assert not silent.decide_hyphen("neces", "sary")[0]


def test_the_word_list_is_read_only_for_a_cut_the_patterns_allow() -> None:
    from pipeline.parse import dictionary

    dictionary._word_list.cache_clear()
    # "maison" cut as "ma-" "ison" is no hyphenation point of French (mai-son): no list needed
    assert dictionary_cut("ma", "ison", "fr") is None
    assert dictionary_cut("12", "ison", "fr") is None  # not letters
    assert dictionary._word_list.cache_info().currsize == 0
    assert dictionary_cut("mai", "son", "fr") is None  # "mai" is a word: a compound's part
    assert dictionary._word_list.cache_info().currsize == 1


def test_a_second_pattern_dictionary_is_read_only_when_the_first_refuses_the_cut() -> None:
    """English has two pattern dictionaries (en_GB, en_US): a cut the first allows ("dual-"
    "nationals": dual-na-tion-als) does not read the second."""
    from pipeline.parse import dictionary

    dictionary._hyphenator.cache_clear()
    assert dictionary_cut("dual", "nationals", "en") is None  # "dual" is a word
    assert dictionary._hyphenator.cache_info().currsize == 1
    assert dictionary_cut("dualn", "ationals", "en") is None  # no point of en_GB: both read
    assert dictionary._hyphenator.cache_info().currsize == 2


@pytest.mark.parametrize("code", ["en", "fr", "es", "ru"])
def test_the_word_list_read_directly_is_pyspellchecker_s(code: str) -> None:
    from spellchecker import SpellChecker

    from pipeline.parse.dictionary import _word_list

    _word_list.cache_clear()
    known = _word_list(code)
    assert known is not None
    reference = SpellChecker(language=code, distance=1).word_frequency
    words = list(reference.dictionary)
    probes = [*words[::997], *(w.upper() for w in words[::1999]), *(w + "q" for w in words[::1501]),
              '"', "a\"", "", "a\n"]
    # the first look-ups search the text, the later ones the parsed set: both agree with it
    assert [known(w) for w in probes] == [w in reference for w in probes]


def _list_words(code: str) -> list[str]:
    import gzip
    import json

    from pipeline.parse.dictionary import _package_folder

    folder = _package_folder("spellchecker")
    assert folder is not None
    return list(json.loads(gzip.decompress(
        (folder / "resources" / f"{code}.json.gz").read_bytes())))


@pytest.mark.parametrize(("name", "code"), [("en_GB", "en"), ("en_US", "en"), ("fr", "fr"),
                                            ("es", "es"), ("ru_RU", "ru")])
def test_the_hyphenation_points_are_pyphen_s(name: str, code: str) -> None:
    """Liang's algorithm over the cached patterns gives pyphen's points, margins included, on
    thousands of the language's words (lower and upper case, short and long)."""
    import pyphen

    from pipeline.parse.dictionary import _hyphenator

    words = _list_words(code)
    probes = [*words[::7], *(w.upper() for w in words[::53]), "", "a", "ab", "abc",
              "İstanbul", "x" * 60, "anti" * 12]
    ours, theirs = _hyphenator(name), pyphen.Pyphen(lang=name)
    assert len(probes) > 2000
    assert [ours.positions(w) for w in probes] == [theirs.positions(w) for w in probes]


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The dictionaries read afresh, with a per-user cache folder of the test's own."""
    from pipeline.parse import dictionary

    monkeypatch.setenv("UNRECS_CACHE_HOME", str(tmp_path))
    for f in (dictionary._hyphenator, dictionary._word_list):
        f.cache_clear()
    yield tmp_path
    for f in (dictionary._hyphenator, dictionary._word_list):
        f.cache_clear()


def test_the_dictionaries_come_back_from_the_user_cache(
        own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A later run reads both dictionaries from the cache: pyphen is not needed, nor is the word
    list decompressed, and the verdicts are the same."""
    import sys

    from pipeline.parse import dictionary

    cut = dictionary_cut("compé", "tentes", "fr")
    assert cut is not None and "compétentes" in cut
    points = dictionary._hyphenator("fr").positions("compétentes")
    assert len(list((own_cache / "hyphenation").iterdir())) == 1
    assert len(list((own_cache / "words").iterdir())) == 1
    for f in (dictionary._hyphenator, dictionary._word_list):
        f.cache_clear()

    def no_decompress(data: bytes) -> bytes:
        raise AssertionError("the word list was decompressed again")

    monkeypatch.setitem(sys.modules, "pyphen", None)  # importing it fails
    monkeypatch.setattr(dictionary.gzip, "decompress", no_decompress)
    assert dictionary_cut("compé", "tentes", "fr") == cut
    assert dictionary._hyphenator("fr").positions("compétentes") == points
    assert dictionary_cut("mai", "son", "fr") is None  # "mai" is a word: still asked


def test_a_damaged_cache_entry_is_read_again(own_cache: Path) -> None:
    from pipeline.parse import dictionary

    expected = dictionary._hyphenator("fr").positions("organisation")
    (entry,) = (own_cache / "hyphenation").iterdir()
    entry.write_bytes(b"not a pickle")
    dictionary._hyphenator.cache_clear()
    assert dictionary._hyphenator("fr").positions("organisation") == expected
    assert entry.read_bytes().startswith(b"\x80")  # written again, whole


def test_a_word_list_copy_cut_short_is_read_again(own_cache: Path) -> None:
    from pipeline.parse import dictionary

    assert dictionary._word_list("fr")("maison")
    (entry,) = (own_cache / "words").iterdir()
    whole = entry.read_bytes()
    entry.write_bytes(whole[: len(whole) // 2])  # as a disk gone full might leave it
    dictionary._word_list.cache_clear()
    words = dictionary._word_list("fr")
    assert words is not None and words.text.encode("utf-8") == whole
    assert words("maison") and not words("xqzmaison")
