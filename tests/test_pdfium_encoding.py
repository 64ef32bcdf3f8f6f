"""Symbolic TrueType fonts decoded as pdfminer does (pipeline/read/pdfium/encoding.py): the
font dictionaries are read only when their answer can change a character, and the reading is
the same as when every symbolic font's characters ask them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, REAL, ROOT, real_pdf

from pipeline.read.pdfium import encoding, pdfium_glyphs, text
from pipeline.read.pdfium.encoding import FontDictionaries, winansi_upper
from pipeline.read.pdfium.fontscan import ENCODED, OTHER, PLAIN, font_kinds


def test_winansi_table_is_pdfminers() -> None:
    from pdfminer.encodingdb import EncodingDB

    theirs = EncodingDB.get_encoding("WinAnsiEncoding")
    assert winansi_upper() == {c: theirs[c] for c in range(0x80, 0x100) if c in theirs}


class _AlwaysAsk(dict):
    """A candidate recoder that claims every character: the dictionaries are always asked."""

    def __contains__(self, key: object) -> bool:
        return True


def _read(path: Path, monkeypatch: pytest.MonkeyPatch, mode: str) -> tuple[list, int]:
    """The pages' texts and how many times pdfminer read the dictionaries; ``mode``: "lazy"
    (as shipped), "always" (every symbolic character asks pdfminer), "blind" (pdfminer's
    reading says nothing)."""
    reads: list[int] = []
    original = FontDictionaries._read

    def counted(self: FontDictionaries) -> dict:
        reads.append(1)
        return {} if mode == "blind" else original(self)

    with monkeypatch.context() as m:
        m.setattr(FontDictionaries, "_read", counted)
        if mode != "lazy":  # pdfminer's reading alone, asked for every symbolic character
            m.setattr(FontDictionaries, "_scan", lambda self: {})
            m.setattr(text, "winansi_candidate",
                      lambda api, handle: _AlwaysAsk(encoding.winansi_candidate(api, handle)))
        pages = [(n, list(g.text)) for n, _, _, g, _ in pdfium_glyphs(path)]
    return pages, len(reads)


@pytest.mark.parametrize(("name", "lazy_reads", "changes"), [
    # bold speaker names: é as printed, not È; the bytes show their dictionaries plainly
    ("A_60_PV.25_E.pdf", 0, True),
    ("ISBA_19_C_17_C.pdf", 0, False),  # symbolic fonts, no character they would recode
    # subsets with a /ToUnicode and a Mac Roman cmap: settled by the file's bytes
    ("wg7_2019_fr.pdf", 0, False),
])
def test_dictionaries_read_only_when_they_can_change_a_character(
    name: str, lazy_reads: int, changes: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ROOT / "raw" / name if name.startswith("wg7") else real_pdf(name)
    lazy, n_lazy = _read(path, monkeypatch, "lazy")
    always, n_always = _read(path, monkeypatch, "always")
    blind, _ = _read(path, monkeypatch, "blind")
    assert n_always == 1
    assert n_lazy == lazy_reads
    assert lazy == always
    assert (always != blind) is changes


def _corpus() -> list[Path]:
    return sorted([*FIXTURES.glob("pdfs/**/*.pdf"), *REAL.glob("*.pdf"),
                   ROOT / "raw" / "wg7_2019_fr.pdf"])


def test_the_bytes_settle_only_what_pdfminer_reads_the_same() -> None:
    settled = {ENCODED: 0, PLAIN: 0}
    for path in _corpus():
        scanned = font_kinds(path.read_bytes())
        if scanned is None:
            continue
        theirs = FontDictionaries(path)._read()
        assert set(theirs) <= set(scanned), path.name  # every page font was seen
        for name, kind in scanned.items():
            info = theirs.get(name)
            if kind == ENCODED:
                settled[kind] += 1
                assert info is None or info[1] or info[2], (path.name, name)
            elif kind == PLAIN:
                settled[kind] += 1
                assert info in (None, ("TrueType", False, False)), (path.name, name)
            if info == ("TrueType", False, False):
                assert kind == PLAIN, (path.name, name)
    assert settled[ENCODED] >= 50
    if (REAL / "A_60_PV.25_E.pdf").is_file():  # (the genuine PDFs are beside the project)
        assert settled[PLAIN] >= 1  # A/60/PV.25's bold speaker names


def _font(extra: bytes) -> bytes:
    return (b"%PDF-1.4\n1 0 obj\n<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Serif "
            b"/FontDescriptor 2 0 R " + extra + b">>\nendobj\n")


@pytest.mark.parametrize(("extra", "kind"), [
    (b"/ToUnicode 3 0 R ", ENCODED),
    (b"/Encoding /WinAnsiEncoding ", ENCODED),
    (b"/Encoding<</Differences[128/Eacute]>>", ENCODED),
    (b"", PLAIN),
    (b"/ToUnicode null ", PLAIN),  # pdfminer drops a null entry
    (b"/Widths [1 2 (a\\)b)] /X << /ToUnicode 3 0 R >> ", PLAIN),  # not its own key
    (b"/Name (/ToUnicode) ", PLAIN),  # in a string
    (b"/Name /ToUnicode ", PLAIN),  # a value, not a key
])
def test_font_dictionaries_in_bytes(extra: bytes, kind: str) -> None:
    assert font_kinds(_font(extra)) == {"Serif": kind}


@pytest.mark.parametrize(("data", "kind"), [
    (_font(b"").replace(b"/TrueType", b"/Type1"), OTHER),  # another subtype
    (_font(b"").replace(b"/TrueType", b"7 0 R"), OTHER),  # a subtype given by reference
    (_font(b"") + _font(b"/ToUnicode 3 0 R ").replace(b"1 0 obj", b"4 0 obj"), OTHER),
    (_font(b"") + _font(b"").replace(b"1 0 obj", b"4 0 obj"), PLAIN),
])
def test_every_dictionary_of_a_name_decides(data: bytes, kind: str) -> None:
    assert font_kinds(data) == {"Serif": kind}


@pytest.mark.parametrize("data", [
    _font(b"/ToUnicode 3 0 R ").replace(b"/BaseFont", b"/Base#46ont"),  # escaped key
    _font(b"/ToUnicode 3 0 R ") + b"4 0 obj << /Type /ObjStm /N 1 >> endobj",
    _font(b"/ToUnicode 3 0 R ").replace(b"/ABCDEF+Serif", b"5 0 R"),  # name by reference
    _font(b"/ToUnicode 3 0 R ").replace(b"/ABCDEF+Serif", b"/Se#72if"),  # escaped name
    _font(b"").replace(b"/TrueType", b"/True#54ype"),  # escaped subtype
    _font(b"/ToUnicode 3 0 R /Odd "),  # not key, value pairs
    b"stream /BaseFont /Serif /ToUnicode 3 0 R endstream",  # outside any object
    _font(b"/ToUnicode 3 0 R ").replace(b"/Type", b"(x", 1),  # unbalanced string
    _font(b"/ToUnicode 3 0 R ").replace(b"/Type", b"(/BaseFont /X)", 1),  # key in a string
])
def test_bytes_that_do_not_show_plainly_leave_it_to_pdfminer(data: bytes) -> None:
    assert font_kinds(data) is None
