"""A scan is refused before the reader and the parser are loaded, with the words they would use:
always with PDFium; with the default backend when the file names no font at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, fresh_python
from reportlab.pdfgen import canvas

from pipeline.errors import EXIT_NO_TEXT, NO_TEXT_LAYER
from pipeline.run.runner import names_no_font, without_text_objects


def _scan(path: Path, pages: int = 2) -> Path:
    """Pages of graphics only (rectangles standing for a scanned image), no text."""
    c = canvas.Canvas(str(path), invariant=1)
    for _ in range(pages):
        for i in range(30):
            c.rect(72, 780 - i * 16, 400 - (i % 7) * 20, 9, fill=1, stroke=0)
        c.showPage()
    c.save()
    return path


def _text_in_a_form(path: Path) -> Path:
    """A blank first page, then a page whose only text is drawn by a form XObject."""
    c = canvas.Canvas(str(path), invariant=1)
    c.rect(72, 700, 200, 20, fill=1, stroke=0)
    c.showPage()
    c.beginForm("stamp")
    c.drawString(72, 700, "1. Text inside a form.")
    c.endForm()
    c.doForm("stamp")
    c.showPage()
    c.save()
    return path


def _fontless_scan(path: Path, pages: int = 2) -> Path:
    """Pages of filled rectangles in a file that names no font (as a scanner's PDF of images
    does; reportlab's pages always carry a font resource)."""
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    content = b"".join(b"0 0 0 rg 72 %d 300 9 re f\n" % (780 - 16 * i) for i in range(30))
    for i in range(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Contents {4 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_only_a_pdf_without_any_text_object_is_a_scan(tmp_path: Path) -> None:
    assert without_text_objects(_scan(tmp_path / "scan.pdf"))
    assert not without_text_objects(_text_in_a_form(tmp_path / "form.pdf"))
    assert not without_text_objects(FIXTURES / "pdfs" / "wg7_2019_fr.pdf")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (tmp_path / "scan.txt").write_bytes(b"x" * 2000 + _scan(tmp_path / "s2.pdf").read_bytes())
    for unsure in ("bad.pdf", "missing.pdf", "scan.txt"):  # the reader says what is wrong
        assert not without_text_objects(tmp_path / unsure)


def test_only_a_file_naming_no_font_is_left_to_pdfium_by_the_default_backend(
        tmp_path: Path) -> None:
    assert names_no_font(_fontless_scan(tmp_path / "scan.pdf"))
    assert not names_no_font(_scan(tmp_path / "rl.pdf"))  # a font resource, unused
    assert not names_no_font(FIXTURES / "pdfs" / "wg7_2019_fr.pdf")
    # fonts hidden in object streams (Word's PDFs): unsure
    assert not names_no_font(FIXTURES / "pdfs" / "docx" / "wg7_2019_fr.pdf")
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert not names_no_font(tmp_path / "empty.pdf")
    assert not names_no_font(tmp_path / "missing.pdf")


@pytest.mark.parametrize(("backend", "fontless", "parser_loaded"), [
    ("pdfium", False, False), ("pdfium", True, False),
    # the default backend leaves a file naming a font to pdfminer, which reads every page
    ("pdfplumber", False, True), ("pdfplumber", True, False)])
def test_a_scan_is_refused_with_the_readers_words(tmp_path: Path, backend: str, fontless: bool,
                                                  parser_loaded: bool) -> None:
    scan = (_fontless_scan if fontless else _scan)(tmp_path / "scan.pdf")
    code = (
        "import sys\n"
        "from pipeline.api import extract\n"
        f"r = extract({str(scan)!r}, backend={backend!r})\n"
        "[e] = r.failed\n"
        "print(type(e).__name__, e.exit_code, e.problem, sep='|')\n"
        "print('pipeline.parse.document' in sys.modules, 'pipeline.out.rules' in sys.modules)\n"
    )
    error, loaded = fresh_python(code)
    assert error == f"NoTextError|{EXIT_NO_TEXT}|{NO_TEXT_LAYER}"
    # PDFium decides before the parser (and the output checks) are loaded
    assert loaded == f"{parser_loaded} False"


def test_the_checks_before_the_reader_load_neither_the_reader_nor_numpy(tmp_path: Path) -> None:
    scan = _scan(tmp_path / "scan.pdf", pages=3)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pipeline.run.limits import page_count\n"
        "from pipeline.run.runner import without_text_objects\n"
        f"print(page_count(Path({str(scan)!r})), without_text_objects(Path({str(scan)!r})))\n"
        "print('numpy' in sys.modules, 'pipeline.read.pdfium.reader' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["3 True", "False False"]
