"""The bench's documents: the long document, its first pages, and a folder of documents."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
SHIPPED = ROOT / "raw" / "wg7_2019_fr.pdf"
#: genuine UN PDFs, where present (beside the project, read-only)
GENUINE = ROOT.parent / "shared" / "real-pdfs"
FIXTURES = ROOT / "fixtures"
LONG_PAGES = 200

# ------------------------------------------------------------------------------------------
# Documents
# ------------------------------------------------------------------------------------------

_TEXT = (
    "States parties should strengthen cooperation exchange information on smuggling of "
    "migrants including through joint investigations training of officials protection of "
    "rights victims border management regional mechanisms technical assistance legislation "
    "criminal justice responses data collection research awareness campaigns capacity "
    "prosecution international organizations civil society evidence cross-border routes"
)
_WORDS = _TEXT.split()
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
_ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth"]


def _long_source(recommendations: int) -> str:
    """A synthetic English working-group paper: eight meetings of numbered recommendations."""
    header = (FIXTURES / "sources" / "wg_en_synthetic.txt").read_text(encoding="utf-8")
    header = header[: header.index("\n---\n") + 5]
    rng = random.Random(6)

    def sentence(n: int) -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize()

    out = [header, "The present paper lists the recommendations adopted by the Working Group.\n",
           "@footnote *: A/AC.999/2021/1.\n"]
    for m in range(8):
        year = 2012 + m
        out.append(f"{_ROMAN[m]}. {_ORDINALS[m]} meeting, held in Vienna from 3 to 5 May {year}\n"
                   f"@meeting city=Vienna start={year}-05-03 end={year}-05-05\n")
        for n in range(1, recommendations + 1):
            items = rng.randint(0, 3)
            if items:
                out.append(f"{n}. {sentence(rng.randint(20, 80))}:\n")
                for k in range(items):
                    end = "." if k == items - 1 else ";"
                    out.append(f"({'abcd'[k]}) {sentence(rng.randint(20, 70))}{end}\n")
            else:
                out.append(f"{n}. {sentence(rng.randint(40, 140))}.\n")
    return "\n".join(out)


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def long_document() -> Path:
    """A >= 200-page document typeset by the fixture builder (built once, kept in .work)."""
    source = _long_source(90)
    digest = hashlib.sha256(source.encode()).hexdigest()[:16]
    pdf = WORK / "long_en.pdf"
    stamp = WORK / "long_en.sha"
    if pdf.exists() and stamp.exists() and stamp.read_text() == digest:
        return pdf
    WORK.mkdir(parents=True, exist_ok=True)
    src = WORK / "long_en.txt"
    src.write_text(source, encoding="utf-8")
    try:
        sys.path.insert(0, str(ROOT))
        from fixtures.build import build_one

        built, _ = build_one(src, WORK, WORK)
        if built != pdf:
            shutil.move(built, pdf)
    except Exception as exc:  # noqa: BLE001 - the builder is optional: fall back to copies
        print(f"fixture builder unavailable ({type(exc).__name__}: {exc}); "
              "repeating the shipped document's pages instead", file=sys.stderr)
        _repeat_pages(SHIPPED, LONG_PAGES, pdf)
    if _page_count(pdf) < LONG_PAGES:
        _repeat_pages(pdf, LONG_PAGES, pdf)
    stamp.write_text(digest)
    return pdf


def _repeat_pages(src: Path, pages: int, dest: Path) -> None:
    """Concatenate copies of ``src``'s pages until ``pages`` pages (PDFium's import_pages)."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    n = len(source)
    while len(out) < pages:
        out.import_pages(source, list(range(min(n, pages - len(out)))))
    tmp = dest.with_suffix(".tmp.pdf")
    out.save(str(tmp))
    out.close()
    source.close()
    os.replace(tmp, dest)


def first_pages(src: Path, n: int, dest: Path) -> Path:
    """The first ``n`` pages of ``src`` as a PDF of their own."""
    import pypdfium2 as pdfium

    if dest.exists() and dest.stat().st_mtime >= src.stat().st_mtime:
        return dest
    source = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    out.import_pages(source, list(range(n)))
    out.save(str(dest))
    out.close()
    source.close()
    return dest


def folder_of(n: int) -> Path:
    """A folder of ``n`` PDFs: the fixture PDFs (and the shipped document), cycled."""
    pool = sorted((FIXTURES / "pdfs").glob("*.pdf")) or [SHIPPED]
    folder = WORK / f"folder{n}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for i in range(n):
        shutil.copyfile(pool[i % len(pool)], folder / f"doc{i + 1:02d}_{pool[i % len(pool)].name}")
    return folder


# ------------------------------------------------------------------------------------------
# Measurements
# ------------------------------------------------------------------------------------------
