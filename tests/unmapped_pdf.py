"""A PDF whose text layer cannot be read: an embedded TrueType font without a Unicode mapping.

The font (built with fontTools) has no ``cmap`` entries and the PDF gives it no ``ToUnicode``
map; it is used as a Type0 font with ``Identity-H`` encoding, as subset fonts are: each glyph
is shown by its glyph id, numbered from 1. A person sees shapes, a PDF library only codes:
pdfminer gives ``(cid:N)``, PDFium the codes as code points (mostly control characters).
"""

from __future__ import annotations

import io
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

GLYPHS = 40


def _font() -> bytes:
    names = [".notdef"] + [f"g{i}" for i in range(1, GLYPHS)]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({})  # no glyph has a Unicode value
    glyphs = {}
    for i, name in enumerate(names):
        pen = TTGlyphPen(None)
        if i:
            w = 100 + 10 * (i % 7)
            pen.moveTo((50, 0))
            pen.lineTo((50, 500 + i * 5))
            pen.lineTo((50 + w, 500))
            pen.lineTo((50 + w, 0))
            pen.closePath()
        glyphs[name] = pen.glyph()
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics({name: (500, 50) for name in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "NoMap", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()


def write_unmapped_pdf(path: Path, pages: int = 2, lines: int = 20) -> Path:
    """Write the PDF (``pages`` pages of ``lines`` lines of 50 glyphs) to ``path``."""
    font = _font()
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    ff = add(b"<< /Length %d /Length1 %d >>\nstream\n" % (len(font), len(font)) + font
             + b"\nendstream")
    desc = add(b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 -200 1000 800]"
               b" /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80"
               b" /FontFile2 %d 0 R >>" % ff)
    cid = add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo"
              b" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
              b" /FontDescriptor %d 0 R /DW 500 /CIDToGIDMap /Identity >>" % desc)
    f0 = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H"
             b" /DescendantFonts [%d 0 R] >>" % cid)
    contents = []
    for p in range(pages):
        ops = [b"BT /F0 11 Tf"]
        for i in range(lines):
            gids = [1 + (p * 7 + i * 3 + k) % (GLYPHS - 1) for k in range(50)]
            ops.append(b"1 0 0 1 72 %d Tm <%s> Tj" % (780 - 30 * i,
                                                      b"".join(b"%04X" % g for g in gids)))
        ops.append(b"ET")
        stream = b"\n".join(ops)
        contents.append(add(b"<< /Length %d >>\nstream\n" % len(stream) + stream
                            + b"\nendstream"))
    pages_id = len(objs) + pages + 1
    kids = [
        add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources"
            b" << /Font << /F0 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id, f0, contents[p]))
        for p in range(pages)
    ]
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % k for k in kids), pages))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, catalog, xref)
    path.write_bytes(bytes(out))
    return path
