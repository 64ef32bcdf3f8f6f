"""Unit tests per stage (load, layout, blocks, structure, audit) on the single-purpose fixtures."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest
from conftest import FIXTURES, golden, real_pdf

from pipeline.errors import TextLossError
from pipeline.parse import audit
from pipeline.parse.blocks import Evidence, build_blocks, parse_label
from pipeline.parse.layout import analyse, classify_furniture
from pipeline.read.load import load_pdf
from pipeline.textnorm import normalize


@cache
def loaded(name: str):  # noqa: ANN201
    return load_pdf(FIXTURES / "pdfs" / f"{name}.pdf")


@cache
def laid_out(name: str):  # noqa: ANN201
    return analyse(loaded(name))


@cache
def blocks_of(name: str):  # noqa: ANN201
    return build_blocks(laid_out(name))


# -- load ---------------------------------------------------------------------------------------


def test_load_marks_superscripts_and_keeps_positions() -> None:
    doc = loaded("wg7_2019_fr")
    heading = next(ln for ln in doc.pages[0].lines if ln.text.startswith("I. Première"))
    sup = [w for w in heading.words if w.sup]
    assert [w.text for w in sup] == ["er"]  # "1er juin": an ordinal suffix set raised
    assert heading.bold and heading.x0 < heading.words[1].x0
    assert all(p.char_count > 0 for p in doc.pages)


def test_load_folds_typewriter_fake_bold() -> None:
    doc = load_pdf(real_pdf("A_RES_48_161_F.pdf"))
    texts = [ln.text for ln in doc.pages[0].lines]
    assert "NATIONS" in texts and not any("NNAATT" in t for t in texts)
    assert next(ln for ln in doc.pages[0].lines if ln.text == "NATIONS").bold


def test_load_finds_footnote_rules() -> None:
    doc = loaded("artifact_footnote_callout")
    page = doc.pages[0]
    width = max(ln.x1 for ln in page.lines) - min(ln.x0 for ln in page.lines)
    assert any(r.x1 - r.x0 < 0.45 * width and r.top > page.height / 2 for r in page.rules)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("(b).", ("letter", "b")),  # S/RES/2776 (2025) p. 14: a stray full stop after "(b)"
        ("b).", ("letter", "b")),
        ("(iv).", ("roman", "iv")),
        ("(b)", ("letter", "b")),
        ("1).", None),
        ("(sic).", None),
        ("12.", ("num", "12")),
    ],
)
def test_item_label_with_a_stray_full_stop(text: str, label: tuple[str, str] | None) -> None:
    assert parse_label(text) == label


# -- layout -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("3/17", "page-counter"),
        ("V.19-05872 3/17", "job-number"),
        ("GE.09-17088 (F) 111209 161209", "job-number"),
        ("GE.19-13879(E)", "job-number"),
        ("21-02065 (E) 170221", "job-number"),
        ("*2102065*", "barcode"),
        ("\uf02a\uf031\uf039\uf02a", "barcode"),
        ("A/HRC/WG.6/7/ITA/1", "running-header"),
        ("Page 2", "page-counter"),
        ("/...", "page-counter"),
        ("Les États parties devraient :", None),
        ("2012", "page-counter"),  # a bare number in a band is a page number
        ("V.04-56153—September 2004—1,900", "job-number"),  # a publication's imprint
        ("Printed in Austria", "running-footer"),
        ("iii", "page-counter"),  # a publication's front-matter folio
        ("xiv", "page-counter"),
        ("IV", None),  # an upper-case roman numeral alone: a heading's label, not a folio
        ("civil", None),
        ("mix", None),
    ],
)
def test_classify_furniture_patterns(text: str, reason: str | None) -> None:
    assert classify_furniture(text) == reason


def test_layout_sets_furniture_aside() -> None:
    lay = laid_out("wg7_2019_fr")
    n = len(lay.source.pages)
    by_reason: dict[str, list] = {}
    for f in lay.furniture:
        by_reason.setdefault(f.reason, []).append(f)
    counters = {f.text.split()[-1] for f in by_reason["page-counter"] + by_reason["job-number"]}
    assert {f"{p}/{n}" for p in range(2, n + 1)} <= counters
    assert {f.box.page for f in by_reason["running-header"]} == set(range(2, n + 1))
    assert any(f.box.page == 1 for f in by_reason["barcode"])
    assert lay.job_number == "V.19-05872" and lay.job_language == "fr"
    notes = " ".join(lay.footnotes[1])
    assert "CTOC/COP/WG.7/2019/1" in notes
    body = " ".join(ln.text for ln in lay.body)
    assert "V.19-05872" not in body and f"2/{n}" not in body
    assert "\uf02a" not in body


def test_layout_removes_callouts_glued_to_words() -> None:
    lay = laid_out("artifact_footnote_callout")
    callouts = [f for f in lay.furniture if f.reason == "footnote-callout"]
    assert {f.text for f in callouts} >= {"*", "1", "2"}
    assert all(not w.sup for ln in lay.body for w in ln.words if w.text.isdigit())


# -- blocks -------------------------------------------------------------------------------------


def _texts(name: str) -> str:
    return " ".join(b.text for b in blocks_of(name)[0])


def test_compound_hyphens_kept_at_line_ends() -> None:
    text = _texts("artifact_compound_hyphens")
    for word in ("peut-être", "pluri-institutions", "non-discrimination", "Dial-Doc"):
        assert word in text
    raw_ends = [ln.words[-1].text for ln in laid_out("artifact_compound_hyphens").body]
    assert any(w.endswith("-") for w in raw_ends)  # the breaks are really there
    assert not [r for r in blocks_of("artifact_compound_hyphens")[1] if r.kind == "dehyphenation"]


def test_automatic_hyphenation_undone_with_audit() -> None:
    blocks, repairs = blocks_of("artifact_auto_hyphenation")
    breaks = golden("artifact_auto_hyphenation")["artifacts"]["auto_hyphen_breaks"]
    words = {a["word"] for a in breaks}
    text = " ".join(b.text for b in blocks)
    for w in words:
        assert w in text
    assert {r.after.strip(".,;:") for r in repairs if r.kind == "dehyphenation"} == words
    assert all(r.box.page == 1 and "-" in r.before for r in repairs)


def test_letter_spacing_repaired_from_evidence() -> None:
    blocks, repairs = blocks_of("artifact_letter_spacing")
    fixed = [r for r in repairs if r.kind == "letter-spacing"]
    assert len(fixed) == 1 and fixed[0].before.endswith("ONU DC") and fixed[0].after.endswith(
        "ONUDC")
    assert "ONU DC" not in " ".join(b.text for b in blocks)


def test_evidence_decides_hyphens() -> None:
    lines = laid_out("wg7_2019_fr").body
    ev = Evidence(lines)
    ev.calibrate(lines)
    assert not ev.auto_hyphenation
    assert ev.decide_hyphen("pluri", "institutions")[0]  # hyphenated form elsewhere
    assert ev.decide_hyphen("Dial", "Doc")[0]
    hyph = laid_out("wg7_2019_fr_hyphenated").body
    ev2 = Evidence(hyph)
    ev2.calibrate(hyph)
    assert ev2.auto_hyphenation


def test_normalisation_of_typography_and_ligatures() -> None:
    text = _texts("artifact_typography") + _texts("artifact_ligatures")
    assert "\u2019" not in text and "\u202f" not in text and "\u00a0" not in text
    assert not any("\ufb00" <= c <= "\ufb06" for c in text)
    assert normalize("l\u2019of\ufb01ce\u202f;  \u200b x") == "l'office ; x"
    # a soft hyphen reaches the text only as a drawn glyph: a printed hyphen, never deleted
    assert normalize("non\u00adgouvernementales") == "non-gouvernementales"
    assert normalize("peut\u2011être non\u2010discrimination") == "peut-être non-discrimination"


def test_normalisation_of_long_texts_covers_every_space_and_mapped_character() -> None:
    """A text past a word's length (a block's text) gets the same rules as a word: every
    Unicode space separator (category Zs), tab and line break becomes one plain space, runs
    collapse, the ends are trimmed; ligatures, apostrophes and hyphens are mapped."""
    import sys
    import unicodedata

    head = "Résolution " + "x" * 40
    breaks = "\t\n\r\f\v\u2028\u2029"
    spaces = [c for c in map(chr, range(sys.maxunicode + 1))
              if unicodedata.category(c) == "Zs" or c in breaks]
    assert len(spaces) > 20
    for c in spaces:
        assert normalize(f"{c}{head}{c}y{c} {c}z{c}") == f"{head} y z", hex(ord(c))
    assert normalize(f"{head}  y") == f"{head} y"
    assert normalize(f"{head} \ufb03ce l\u2019\ufb02ot non\u00adlu\u200b") == (
        f"{head} ffice l'flot non-lu")
    assert normalize(f"{head} e\u0301t\u00e9") == f"{head} \u00e9t\u00e9"  # composed (NFC)


def test_barcode_text_is_mostly_private_use_characters() -> None:
    """A barcode font maps its glyphs into the Private Use Area: a text is one when more than
    half of its visible (non-space) characters are there."""
    from pipeline.textnorm import is_pua

    assert is_pua("\ue02a\ue031 \ue032 1")  # three of four
    assert is_pua("\ue02a\u3000\ue031\t")  # spaces of any kind are not counted
    assert not is_pua("\ue02a\ue031 ab")  # two of four: not more than half
    assert not is_pua("*1905872*")
    assert not is_pua(" \t ")
    assert not is_pua("")


def test_paragraph_continues_across_page_break() -> None:
    blocks, _ = blocks_of("artifact_cross_page")
    spanning = [b for b in blocks if b.page_start != b.page_end]
    want = golden("artifact_cross_page")["artifacts"]["cross_page_paragraphs"]
    assert len(spanning) >= len(want)


# -- audit --------------------------------------------------------------------------------------


def test_text_loss_guard_names_the_page() -> None:
    lay = laid_out("artifact_cross_page")
    dropped = replace(lay, body=[ln for i, ln in enumerate(lay.body) if i != 3])
    with pytest.raises(TextLossError, match=rf"page {lay.body[3].page}:"):
        audit.check_pages(dropped, "x.pdf")
    audit.check_pages(lay, "x.pdf")  # the real layout balances


def test_block_ledger_catches_lost_words() -> None:
    blocks, repairs = build_blocks(laid_out("artifact_cross_page"))
    audit.check_blocks(blocks, repairs, "x.pdf")
    broken = [replace(b, text=b.text[: len(b.text) // 2]) if i == 2 else b
              for i, b in enumerate(blocks)]
    with pytest.raises(TextLossError, match=f"page {blocks[2].page_start}: text lost"):
        audit.check_blocks(broken, repairs, "x.pdf")
    # the hyphens removed by dehyphenation are accounted for, block by block
    hyph_blocks, hyph_repairs = blocks_of("wg7_2019_fr_hyphenated")
    assert any(r.kind == "dehyphenation" for r in hyph_repairs)
    audit.check_blocks(hyph_blocks, hyph_repairs, "x.pdf")
    with pytest.raises(TextLossError):
        audit.check_blocks(hyph_blocks, [], "x.pdf")


def _text_lines(rows: list[str]) -> list:  # noqa: ANN401
    from pipeline.model import Line, Word

    out = []
    for n, row in enumerate(rows):
        words, x = [], 60.0
        for k, t in enumerate(row.split(" ")):
            words.append(Word(t, x, x + 5.0 * len(t), 100.0 + 12 * n, 110.0 + 12 * n, 10.0,
                              "Times", False, False, False, 0.0 if k == 0 else 2.5, k > 0))
            x += 5.0 * len(t) + 2.5
        out.append(Line(1, tuple(words), 60.0, x - 2.5, 100.0 + 12 * n, 110.0 + 12 * n, 10.0,
                        "Times", False, False))
    return out


@pytest.mark.parametrize("mark", ["\u2010", "\u00ad"])
def test_line_end_hyphen_of_its_own_codepoint_is_a_hyphenation_point(mark: str) -> None:
    # compounds inside lines drawn with U+002D; the line-end hyphens with another codepoint
    lines = _text_lines([
        "les organisations non-gouvernementales et le trafic des avia" + mark,
        "tions civiles ont peut-" ,
        "être aidé les autres",
    ])
    ev = Evidence(lines)
    ev.calibrate(lines)
    assert ev.break_marks == {mark}
    keep, why = ev.decide_hyphen("avia", "tions", mark)
    assert not keep and f"U+{ord(mark):04X}" in why and "U+002D" in why
    # the compound codepoint at a line end keeps the evidence rules ("peut" is a prefix)
    assert ev.decide_hyphen("peut", "être", "-")[0]


def test_one_hyphen_codepoint_everywhere_gives_no_codepoint_evidence() -> None:
    # a maker that maps every hyphen to U+00AD, in compounds and at line ends alike
    lines = _text_lines(["les organisations non\u00adgouvernementales et avia\u00ad",
                         "tions civiles"])
    ev = Evidence(lines)
    assert not ev.break_marks
    assert ev.decide_hyphen("avia", "tions", "\u00ad")[1] != ""


@pytest.mark.parametrize("text", ["The General Assembly,", "إن جمعية السلطة الدولية لقاع البحار،",
                                  "国际海底管理局大会，"])
def test_bold_block_ending_in_a_comma_is_no_heading(text: str) -> None:
    """A lead-in set in bold whose sentence runs on into the next paragraph ("إن جمعية …
    البحار،", ISBA/16/A/12/Rev.1 Arabic page 1) is a paragraph, not a heading (#16); the same
    line without its comma is a heading."""
    from pipeline.parse.blocks import assemble, measure

    def block(t: str):  # noqa: ANN202
        lines = [replace(ln, bold=True, words=tuple(w._replace(bold=True) for w in ln.words))
                 for ln in _text_lines([t])]
        return assemble(lines, measure(lines, 10.0), Evidence(lines), [])

    got = block(text)
    assert (got.kind, got.bold, got.text) == ("paragraph", True, text)
    assert block(text[:-1]).kind == "heading"


# -- document ----------------------------------------------------------------------------------


def test_the_cycle_collector_is_paused_for_the_stages_after_the_read_only() -> None:
    """extract_document pauses the garbage collector for the stages after the read and gives
    it back as it found it: enabled, disabled, or after a stage raised."""
    import gc

    from pipeline.parse import document

    seen: list[bool] = []
    real = document._parse_document

    def spy(*args: object) -> object:
        seen.append(gc.isenabled())
        return real(*args)  # type: ignore[arg-type]

    pdf = FIXTURES / "pdfs" / "wg7_2019_fr.pdf"
    mp = pytest.MonkeyPatch()
    mp.setattr(document, "_parse_document", spy)
    try:
        assert gc.isenabled()
        ex = document.extract_document(pdf)
        assert ex.records and seen == [False] and gc.isenabled()
        gc.disable()
        try:
            document.extract_document(pdf)
            assert not gc.isenabled()  # left as it was
        finally:
            gc.enable()

        def fail(*_args: object) -> None:
            raise RuntimeError("stage failed")

        mp.setattr(document, "_parse_document", fail)
        with pytest.raises(RuntimeError):
            document.extract_document(pdf)
        assert gc.isenabled()
    finally:
        mp.undo()
