"""Hostile PDFs written byte by byte: built to exhaust a reader, small on disk."""

from __future__ import annotations

import zlib
from pathlib import Path

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def pdf(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF of ``objects`` (object ``n`` is ``objects[n - 1]``), with a classic xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer_extra, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_ops(lines: list[str], x: int = 72, top: int = 760, size: int = 11) -> bytes:
    """Content operators drawing ``lines`` in Helvetica, one under the other."""
    ops = [b"BT /F1 %d Tf %d TL %d %d Td" % (size, size + 3, x, top)]
    for line in lines:
        text = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(")
        ops.append(b"(" + text.replace(b")", b"\\)") + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def _page(contents: int, resources: bytes = b"<< /Font << /F1 3 0 R >> >>",
          extra: bytes = b"") -> bytes:
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources %s %s>>" % (contents, resources, extra))


def text_pdf(lines: list[str], catalog_extra: bytes = b"", page_extra: bytes = b"",
             more: list[bytes] | None = None) -> bytes:
    """One page of text; ``more`` objects are numbered from 6 on."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        _page(5, extra=page_extra),
        stream(text_ops(lines)),
        *(more or []),
    ])


def many_pages(n: int) -> bytes:
    """``n`` pages sharing one content stream (about 70 bytes per page on disk)."""
    kids = b" ".join(b"%d 0 R" % (5 + k) for k in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
        FONT,
        stream(text_ops(["1. The same paragraph on every page."])),
    ]
    objects[1] = objects[1][:-2] + b"/MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R " \
                                   b">> >> >>"
    objects += [b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"] * n
    return pdf(objects)


def flate_bomb(inflated: int = 500 << 20) -> bytes:
    """A page whose content stream inflates to ``inflated`` bytes of spaces (~1/1000 on disk)."""
    z = zlib.compressobj(1)
    chunk = b" " * (1 << 20)
    parts = [z.compress(text_ops(["1. A paragraph before the padding."]) + b"\n")]
    for _ in range(inflated >> 20):
        parts.append(z.compress(chunk))
    parts.append(z.flush())
    data = b"".join(parts)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        _page(5),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ])


def cyclic_forms() -> bytes:
    """A page drawing form X1, which draws X2, which draws X1 again (a cycle)."""
    res = b"<< /Font << /F1 3 0 R >> /XObject << /X1 6 0 R >> >>"
    form = b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 3 0 R" \
           b" >> /XObject << /X%d %d 0 R >> >>"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        _page(5, res),
        stream(text_ops(["1. Text before the forms."]) + b"\n/X1 Do"),
        stream(text_ops(["2. In form one."], top=700) + b"\n/X2 Do", form % (2, 7)),
        stream(text_ops(["3. In form two."], top=650) + b"\n/X1 Do", form % (1, 6)),
    ])


def deep_forms(depth: int = 5000) -> bytes:
    """A chain of ``depth`` form XObjects, each drawing the next."""
    form = b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X " \
           b"%d 0 R >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        _page(5, b"<< /Font << /F1 3 0 R >> /XObject << /X 6 0 R >> >>"),
        stream(text_ops(["1. Text before the forms."]) + b"\n/X Do"),
    ]
    objects += [stream(b"/X Do", form % (7 + k), compress=False) for k in range(depth)]
    return pdf(objects)


def deep_page_tree(depth: int = 5000, cyclic: bool = False) -> bytes:
    """Page-tree nodes nested ``depth`` deep above one page; ``cyclic``: the deepest node also
    lists the root among its kids."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for k in range(depth):  # objects 2 .. depth + 1
        n = 2 + k
        kid = n + 1 if k + 1 < depth else depth + 4  # the page
        kids = b"%d 0 R" % kid + (b" 2 0 R" if cyclic and k + 1 == depth else b"")
        parent = b" /Parent %d 0 R" % (n - 1) if k else b""
        objects.append(b"<< /Type /Pages /Kids [%s] /Count 1%s >>" % (kids, parent))
    objects.append(FONT)  # depth + 2
    objects.append(stream(text_ops(["1. A paragraph at the bottom of the tree."])))  # depth + 3
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                   b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (depth + 1, depth + 3,
                                                                  depth + 2))
    return pdf(objects)


def million_glyphs(lines: int = 1000, per_line: int = 1000) -> bytes:
    """One page showing ``lines * per_line`` glyphs in a tiny font (a million by default)."""
    row = b"(" + b"A" * per_line + b") Tj T*\n"
    ops = b"BT /F1 0.5 Tf 50 Tz 0.7 TL 20 800 Td\n" + row * lines + b"ET"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        _page(5),
        stream(ops),
    ])


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _masthead_ops(paragraphs: list[str], symbol: str = "A/TEST/1") -> bytes:
    ops = text_ops([symbol], x=470, top=800)
    ops += b"\n" + text_ops(["Distr.: General", "1 March 2024", "Original: English"], x=400,
                            top=770)
    return ops + b"\n" + text_ops(paragraphs, x=72, top=650)


def active_pdf(paragraphs: list[str], launch_marker: str, payload: bytes) -> bytes:
    """A UN-like page of numbered paragraphs that also carries JavaScript (open action and
    named), an embedded file holding ``payload``, a URI link and a launch action that would
    create ``launch_marker``."""
    js = (b"app.launchURL\\('http://example.invalid'\\); "
          b"this.exportDataObject\\({cName:'payload.txt', nLaunch:2}\\);")
    shell = f"-c 'touch {launch_marker}'".encode()
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 8 0 R /Names << /EmbeddedFiles << /Names "
        b"[(payload.txt) 6 0 R] >> /JavaScript << /Names [(js) 8 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources "
        b"<< /Font << /F1 3 0 R >> >> /Annots [9 0 R 10 0 R] /AA << /O 8 0 R >> >>",
        stream(_masthead_ops(paragraphs)),
        b"<< /Type /Filespec /F (payload.txt) /UF (payload.txt) /EF << /F 7 0 R >> >>",
        stream(payload, b" /Type /EmbeddedFile"),
        b"<< /S /JavaScript /JS (" + js + b") >>",
        b"<< /Type /Annot /Subtype /Link /Rect [72 600 300 620] /A << /S /URI /URI "
        b"(http://example.invalid/x) >> >>",
        b"<< /Type /Annot /Subtype /Link /Rect [72 580 300 600] /A << /S /Launch /F (/bin/sh) "
        b"/Unix << /F (/bin/sh) /P (" + shell + b") >> >> >>",
    ])
