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
        data = path.read_bytes()
        scanned = font_kinds(data)
        if path.parent.name == "html":  # WeasyPrint keeps its fonts in object streams
            assert b"/ObjStm" in data and scanned is not None, path.name
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


def test_escaped_names_are_read_decoded() -> None:
    """A name's ``#xx`` escapes are decoded, as pdfminer decodes them: a name, a subtype, the
    barcode font every UN document embeds."""
    assert font_kinds(_font(b"/ToUnicode 3 0 R ").replace(b"/ABCDEF+Serif", b"/Se#72if")) == {
        "Serif": ENCODED}
    assert font_kinds(_font(b"").replace(b"/TrueType", b"/True#54ype")) == {"Serif": PLAIN}
    barcode = _font(b"/Encoding /WinAnsiEncoding ").replace(
        b"/ABCDEF+Serif", b"/BCDEEE+Barcode#203#20of#209#20by#20request")
    assert font_kinds(barcode + _font(b"").replace(b"1 0 obj", b"4 0 obj")) == {
        "Barcode 3 of 9 by request": ENCODED, "Serif": PLAIN}


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
    _font(b"/ToUnicode 3 0 R ").replace(b"/ABCDEF+Serif", b"/Se#7"),  # stray "#"
    _font(b"/ToUnicode 3 0 R ").replace(b"/ABCDEF+Serif", b"/Se#zzif"),
    _font(b"/ToUnicode 3 0 R /Odd "),  # not key, value pairs
    b"stream /BaseFont /Serif /ToUnicode 3 0 R endstream",  # outside any object
    _font(b"/ToUnicode 3 0 R ").replace(b"/Type", b"(x", 1),  # unbalanced string
    _font(b"/ToUnicode 3 0 R ").replace(b"/Type", b"(/BaseFont /X)", 1),  # key in a string
])
def test_bytes_that_do_not_show_plainly_leave_it_to_pdfminer(data: bytes) -> None:
    assert font_kinds(data) is None


def _object_stream(objects: dict[int, bytes], extra: bytes = b"", compress: bool = True,
                   number: int = 9, level: int = -1) -> bytes:
    """An object stream (PDF 1.5) holding ``objects`` (number → bytes), as a file shows it."""
    import zlib

    bodies, offsets, at = [], [], 0
    for num, body in objects.items():
        offsets.append(b"%d %d" % (num, at))
        bodies.append(body)
        at += len(body) + 1
    header = b" ".join(offsets) + b" "
    data = header + b"\n".join(bodies)
    packed = zlib.compress(data, level) if compress else data
    return (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d "
            % (number, len(objects), len(header), len(packed)) + extra + b">>\nstream\n"
            + packed + b"\nendstream\nendobj\n")


_TYPE0 = (b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Serif /Encoding /Identity-H "
          b"/DescendantFonts [5 0 R] /ToUnicode 6 0 R >>")
_CIDFONT = b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Serif /W [] >>"
_PLAIN_TT = b"<< /Type /Font /Subtype /TrueType /BaseFont /GHIJKL+Sans /FirstChar 32 >>"


def test_the_dictionaries_of_object_streams_are_read() -> None:
    """A file that keeps its fonts in object streams (WeasyPrint's) is settled by its bytes as
    one that shows them plainly: each stream inflated, its objects read in turn; a composite
    font's descendant does not count for its name."""
    data = b"%PDF-1.5\n" + _object_stream({4: _TYPE0, 5: _CIDFONT, 7: _PLAIN_TT})
    assert font_kinds(data) == {"Serif": ENCODED, "Sans": PLAIN}
    # keys in another order, nothing between them (Word's files): the same reading
    compact = (b"%PDF-1.5\n" + _object_stream({4: _TYPE0, 5: _CIDFONT, 7: _PLAIN_TT})
               .replace(b"<< /Type /ObjStm /N 3 /First ", b"<</Filter/FlateDecode/First ")
               .replace(b" /Filter /FlateDecode /Length ", b"/Length ")
               .replace(b" >>\nstream\n", b"/N 3/Type/ObjStm>>stream\r\n"))
    assert b"/Type/ObjStm>>stream\r\n" in compact
    assert font_kinds(compact) == {"Serif": ENCODED, "Sans": PLAIN}
    # with a plain object of the same name besides: every dictionary of the name decides
    both = data + _font(b"/ToUnicode 3 0 R ").replace(b"ABCDEF+Serif", b"GHIJKL+Sans")
    assert font_kinds(both) == {"Serif": ENCODED, "Sans": OTHER}
    # "endstream" inside the compressed bytes (stored, not compressed: a string's bytes as
    # they are): the stream's data go on to the next one
    stored = _object_stream({8: b"<< /Title (endstream) >>"}, level=0, number=10)
    assert stored.count(b"endstream") == 2
    assert font_kinds(b"%PDF-1.5\n" + stored + _object_stream({7: _PLAIN_TT})) == {
        "Sans": PLAIN}


@pytest.mark.parametrize("data", [
    _object_stream({7: _PLAIN_TT}, b"/DecodeParms << /Predictor 12 >> "),  # not read above
    _object_stream({7: _PLAIN_TT}, b"/DecodeParms 3 0 R "),
    _object_stream({7: _PLAIN_TT}).replace(b"/FlateDecode", b"/LZWDecode"),
    _object_stream({7: _PLAIN_TT}, compress=False),  # not Flate data
    _object_stream({7: _PLAIN_TT}).replace(b"/N 1", b"/N 2"),  # header and count disagree
    _object_stream({7: _PLAIN_TT}) + b"/Encrypt 12 0 R",  # its streams are encrypted
    _object_stream({7: _PLAIN_TT}).replace(b"\nendstream", b""),  # never ends
    _object_stream({7: _PLAIN_TT}) + b"10 0 obj << /Type /ObjStm /N 1 >> endobj",
    _object_stream({7: _PLAIN_TT.replace(b"/GHIJKL+Sans", b"/GHIJKL+S#6ns")}),  # stray "#"
])
def test_object_streams_that_do_not_show_plainly_leave_it_to_pdfminer(data: bytes) -> None:
    assert font_kinds(b"%PDF-1.5\n" + data) is None
