"""The default reader's quick pdfminer path gives exactly what pdfminer and pdfplumber give.

The tokenizer (:func:`pipeline.read.miner.content_objects`) against pdfminer's own
``PDFContentParser`` on edge cases and on real pages' content streams; the glyph device
(:func:`pipeline.read.plumber.page_objects`) against pdfplumber's layout objects
(:func:`pipeline.read.plumber.pdfplumber_objects`), float for float.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, REAL, rotated_pdf
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.read.miner import GlyphDevice, QuickInterpreter, _Unsupported, content_objects
from pipeline.read.plumber import _place_glyphs_as_specified, page_objects, pdfplumber_objects


def _canon(obj: Any) -> Any:
    """A comparable form that tells 1 from 1.0 and True from 1."""
    if isinstance(obj, list):
        return ("list", [_canon(o) for o in obj])
    if isinstance(obj, dict):
        return ("dict", sorted((k, _canon(v)) for k, v in obj.items()))
    return (type(obj).__name__, id(obj) if type(obj).__name__.startswith("PS") else obj)


def _pdfminer_objects(datas: list[bytes]) -> list[Any]:
    from pdfminer.pdfinterp import PDFContentParser
    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import PSEOF

    out: list[Any] = []
    try:
        parser = PDFContentParser([PDFStream({}, d) for d in datas])
        while True:
            out.append(parser.nextobject()[1])
    except PSEOF:
        pass
    return out


EDGES = [
    b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET",
    b"[(A)-250(B)120.5(C)] TJ",
    b"(a\\(b\\)c) Tj (nested (paren) x) Tj ()Tj",
    b"(esc \\n\\t\\b\\f\\r\\\\\\101\\1\\12x\\q\\\r\nz\\\nw) Tj",
    b"<48656c6c6f> Tj <4 8 6> Tj <> Tj",
    b"1.5 -.5 +3 - + . -. 1.2.3 5. +. 007 -0 Td",
    b"/Name#20x /A#4 /B# /C#zz /#41 /caf\xc3\xa9 /\xff /Sp n",
    b"%comment\r\nq %c2\rQ %",
    b"<< /A 1 /B [1 2] /C << /D (x) >> /E null >> BDC EMC",
    b"] ] } >> [ 1 2 TJ",
    b"\x00q\x00 Q",
    b"' \" T* 12\"x 3'y",
    b"true false null truex",
    b"{ 1 2 } x { [ ( a ) ] }",
    b"abc\xffdef Tj \xe9 x \x01 ) #",
    b"<</A 1>>> 12abc 1.5e3",
    b"[ 1 << /A [ 2 ] >> ] [ << >> ]",
]


@pytest.mark.parametrize("data", EDGES)
def test_tokens_as_pdfminer_reads_them(data: bytes) -> None:
    assert _canon(content_objects([data])) == _canon(_pdfminer_objects([data]))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.binary(max_size=0) | st.sampled_from(
    [b"0", b"7", b"a", b"F", b"c3", b"E9", b" ", b"\t", b"\n", b"\r", b"\x0b", b"\x0c"]),
    max_size=14))
def test_hex_strings_as_pdfminer_reads_them(pieces: list[bytes]) -> None:
    """Hex strings of any length, odd ones included (a last lone digit is a byte of its own
    value), with white space anywhere, read as pdfminer's parser reads them."""
    data = b"<" + b"".join(pieces) + b"> Tj [<" + b"".join(reversed(pieces)) + b">] TJ"
    assert _canon(content_objects([data])) == _canon(_pdfminer_objects([data]))


@pytest.mark.parametrize("datas", [
    [b"[(a)", b"(b)] TJ"],
    [b"1 0 0 1 0 0 c", b"m 5 6 l"],
    [b"q 1 2 ", b"", b" 3 re Q"],
    [b"(a) Tj %no end", b"Q"],
])
def test_tokens_across_streams(datas: list[bytes]) -> None:
    assert _canon(content_objects(datas)) == _canon(_pdfminer_objects(datas))


@pytest.mark.parametrize("datas", [
    [b"(unterminated"], [b"<414"], [b"BI /W 1 /H 1 ID \x00\x01 EI Q"], [b"(\\777) Tj"],
    [b"<< /A >> x"], [b"/Na", b"me x"], [b"<AB>", b"> x"], [b"(a)", b"/A#4"],
])
def test_rare_streams_left_to_pdfminer(datas: list[bytes]) -> None:
    with pytest.raises(_Unsupported):
        content_objects(datas)


def _streams(path: Path, pages: int = 4) -> list[list[bytes]]:
    import pdfplumber
    from pdfminer.pdftypes import list_value, stream_value

    with pdfplumber.open(path) as pdf:
        return [[stream_value(s).get_data() for s in list_value(p.page_obj.contents)]
                for p in pdf.pages[:pages]]


def _samples() -> list[Path]:
    found = [FIXTURES / "pdfs" / "wg7_2019_fr.pdf"]
    found += sorted((FIXTURES / "pdfs" / "docx").glob("*.pdf"))[:1]
    found += sorted((FIXTURES / "pdfs" / "html").glob("*.pdf"))[:1]
    for name in ("ISBA_16_A_12_Rev.1_A.pdf", "ISBA_19_C_17_C.pdf", "A_RES_48_161_F.pdf",
                 "A_60_PV.25_E.pdf"):
        if (REAL / name).exists():
            found.append(REAL / name)
    return found


@pytest.mark.parametrize("path", _samples(), ids=lambda p: p.name)
def test_real_streams_as_pdfminer_reads_them(path: Path) -> None:
    for datas in _streams(path):
        try:
            quick = content_objects(datas)
        except _Unsupported:  # an inline image (A/RES/48/161's emblem): pdfminer reads it
            continue
        assert _canon(quick) == _canon(_pdfminer_objects(datas))


def _both(path: Path) -> list[tuple[Any, Any]]:
    import pdfplumber

    _place_glyphs_as_specified()
    with pdfplumber.open(path) as pdf:
        old = [pdfplumber_objects(p) for p in pdf.pages]
    with pdfplumber.open(path) as pdf:
        device = GlyphDevice(pdf.rsrcmgr)
        interpreter = QuickInterpreter(pdf.rsrcmgr, device)
        new = [page_objects(p, device, interpreter) for p in pdf.pages]
    return list(zip(old, new, strict=True))


def _same(old: Any, new: Any) -> None:
    (g0, r0), (g1, r1) = old, new
    assert g1.text == g0.text
    assert g1.fonts == g0.fonts
    for column in ("x0", "x1", "top", "bottom", "size", "font"):
        a, b = getattr(g0, column), getattr(g1, column)
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), column  # bit for bit
    assert r1 == r0


@pytest.mark.parametrize("path", _samples(), ids=lambda p: p.name)
def test_glyphs_as_pdfplumber_lays_them_out(path: Path) -> None:
    for old, new in _both(path):
        _same(old, new)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rotated_and_offset_pages_as_pdfplumber(tmp_path: Path, rotation: int) -> None:
    path = rotated_pdf(tmp_path, rotation, [0, 1])
    pages = _both(path)
    assert len(pages[1][1][0]) > 100
    for old, new in pages:
        _same(old, new)


def test_glyph_cap_stops_the_page() -> None:
    class Stop(Exception):
        pass

    def stop(page: int) -> Stop:
        return Stop(page)

    import pdfplumber

    saved = GlyphDevice.glyph_limit, GlyphDevice.__dict__["limit_error"]
    GlyphDevice.glyph_limit, GlyphDevice.limit_error = 50, staticmethod(stop)
    try:
        with pdfplumber.open(FIXTURES / "pdfs" / "wg7_2019_fr.pdf") as pdf:
            device = GlyphDevice(pdf.rsrcmgr)
            with pytest.raises(Exception, match="1"):
                page_objects(pdf.pages[0], device, QuickInterpreter(pdf.rsrcmgr, device))
    finally:
        GlyphDevice.glyph_limit, GlyphDevice.limit_error = saved
