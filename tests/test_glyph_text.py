"""Words from the glyph stream: space glyphs as word boundaries, drawn soft hyphens kept.

The PDFs are made here with reportlab: each draws its words exactly as the test says (with or
without space glyphs between them, soft hyphens mid-line and at line ends), and both loaders
must read the same text from them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES

from pipeline.model import Layout
from pipeline.parse.blocks import build_blocks
from pipeline.read.load import load_pdf

BACKENDS = ("pdfplumber", "pdfium")
SIZE = 10.0
#: the letter-spacing artifact: a bare gap, no space glyph
GAP = "{gap}"


def _canvas(path: Path):  # noqa: ANN202
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("STIXTest", str(FIXTURES / "fonts" / "STIXGeneral.ttf")))
    c = canvas.Canvas(str(path), invariant=1)
    c.setFont("STIXTest", SIZE)
    return c


def _draw(path: Path, lines: list[str], spaces: bool) -> Path:
    """One paragraph, a line per string. ``spaces``: words separated by a drawn space glyph;
    otherwise each word is drawn on its own at the next position (no space glyph at all).
    ``{gap}`` is a bare 3.6 pt gap."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    c = _canvas(path)
    space = stringWidth(" ", "STIXTest", SIZE)
    for n, line in enumerate(lines):
        x, y = 72.0, 760.0 - 12 * n
        for k, part in enumerate(line.split(GAP)):
            if k:
                x += 3.6
            if spaces:
                c.drawString(x, y, part)
                x += stringWidth(part, "STIXTest", SIZE)
                continue
            for j, word in enumerate(part.split(" ")):
                if j:
                    x += space
                c.drawString(x, y, word)
                x += stringWidth(word, "STIXTest", SIZE)
    c.save()
    return path


def _text(path: Path, backend: str):  # noqa: ANN202
    doc = load_pdf(path, backend)
    body = [ln for p in doc.pages for ln in p.lines]
    blocks, repairs = build_blocks(Layout(doc, [], body, [], body_size=SIZE))
    return " ".join(b.text for b in blocks), repairs


#: l'ONUDC split by a bare gap three times and printed joined three times; a title-like pair
#: set with a bare gap whose joined form the document never prints
ACRONYM = [
    "Les États parties pourraient demander à l’ONU{gap}DC de les aider, et",
    "l’ONUDC pourrait le faire avec l’ONU{gap}DC et avec ses partenaires.",
    "Ils ont remercié l’ONUDC pour son appui et ils ont prié l’ONU{gap}DC de",
    "poursuivre ses travaux avec l’ONUDC et la Conférence des Parties à la",
    "Convention contre la criminalité TRANSNATIONAL{gap}ORGANIZED et les États.",
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_bare_gap_joins_where_the_pdf_draws_spaces(tmp_path: Path, backend: str) -> None:
    pdf = _draw(tmp_path / "spaces.pdf", ACRONYM, spaces=True)
    text, repairs = _text(pdf, backend)
    assert "ONU DC" not in text
    assert text.count("l'ONUDC") == 6
    # the joined form is never printed: the glyph stream alone does not make one word of it
    assert "TRANSNATIONAL ORGANIZED" in text
    spacing = [r for r in repairs if r.kind == "letter-spacing"]
    assert [r.after for r in spacing] == ["l'ONUDC"] * 3
    assert all("no space glyph" in r.evidence for r in spacing)
    assert all(r.box.x1 - r.box.x0 > 20 for r in spacing)


@pytest.mark.parametrize("backend", BACKENDS)
def test_pdf_without_space_glyphs_falls_back_on_gaps(tmp_path: Path, backend: str) -> None:
    pdf = _draw(tmp_path / "nospaces.pdf", ACRONYM, spaces=False)
    text, repairs = _text(pdf, backend)
    # the split form recurs three times: by word counts it is two words (the fallback rule)
    assert text.count("l'ONU DC") == 3
    assert not [r for r in repairs if r.kind == "letter-spacing"]


def test_backends_agree_on_space_glyphs(tmp_path: Path) -> None:
    pdf = _draw(tmp_path / "spaces.pdf", ACRONYM, spaces=True)
    words = [[w for p in load_pdf(pdf, b).pages for ln in p.lines for w in ln.words]
             for b in BACKENDS]
    assert [w.spaced for w in words[0]] == [w.spaced for w in words[1]]
    assert sum(w.spaced for w in words[0]) > 40


@pytest.mark.parametrize("route", ["docx", "html"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_route_pdfs_join_every_split_acronym(route: str, backend: str) -> None:
    # both routes draw a space glyph between words and none inside the letter-spaced acronym,
    # which is split three times and printed joined three times
    pdf = FIXTURES / "pdfs" / route / "artifact_page_break_footnote.pdf"
    text, repairs = _text(pdf, backend)
    assert "ONU DC" not in text
    assert sum(r.kind == "letter-spacing" for r in repairs) == 3


#: hyphens mapped to U+00AD: in compounds mid-line and at line ends, and at a syllable break
SOFT = [
    "Les organisations non\u00adgouvernementales et l’avia\u00ad",
    "tion civile ont peut\u00adêtre aidé les États parties, qui ont peut\u00ad",
    "être renforcé l’aviation civile.",
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_drawn_soft_hyphens_are_printed_hyphens(tmp_path: Path, backend: str) -> None:
    pdf = _draw(tmp_path / "soft.pdf", SOFT, spaces=True)
    text, repairs = _text(pdf, backend)
    assert "\u00ad" not in text
    # mid-line: a hyphen; at a line end: a hyphenation point, joined by the document's evidence
    assert "non-gouvernementales" in text
    assert text.count("peut-être") == 2
    assert text.count("l'aviation civile") == 2
    cut = [r for r in repairs if r.kind == "dehyphenation"]
    assert [(r.before, r.after) for r in cut] == [("l'avia-tion", "l'aviation")]
    assert cut[0].evidence


def test_backends_read_drawn_soft_hyphens_alike(tmp_path: Path) -> None:
    pdf = _draw(tmp_path / "soft.pdf", SOFT, spaces=True)
    assert _text(pdf, "pdfplumber")[0] == _text(pdf, "pdfium")[0]


# -- raised letters: text, not callouts ------------------------------------------------------


def _draw_raised(path: Path) -> Path:
    """Body lines with raised words (smaller, above the baseline) glued to the word before,
    and one footnote at the page foot answering the callout ``1``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    c = _canvas(path)
    rows = [
        [("Le Parlement a adopté la loi n", False), ("o", True), (" 38/2009 et Mme", False)],
        [("M", False), ("me", True), (" Rossi a présenté le rapport le 1", False),
         ("er", True), (" juin 2018", False), ("1", True), (" au Conseil des droits", False)],
        [("de l’homme, comme le prévoit la note", False), ("x", True),
         (" du rapport de la session.", False)],
    ]
    for n, row in enumerate(rows):
        x, y = 72.0, 760.0 - 14 * n
        for text, raised in row:
            size = 6.5 if raised else SIZE
            c.setFont("STIXTest", size)
            c.drawString(x, y + (3.5 if raised else 0), text)
            x += stringWidth(text, "STIXTest", size)
    c.setLineWidth(0.5)
    c.line(72, 130, 144, 130)
    c.setFont("STIXTest", 8)
    c.drawString(72, 118, "1 Voir le rapport du Conseil des droits de l’homme.")
    c.save()
    return path


@pytest.mark.parametrize("backend", BACKENDS)
def test_raised_letters_are_text_and_raised_numbers_callouts(tmp_path: Path,
                                                             backend: str) -> None:
    from pipeline.parse.layout import analyse

    layout = analyse(load_pdf(_draw_raised(tmp_path / "raised.pdf"), backend))
    text = " ".join(b.text for b in build_blocks(layout)[0])
    assert "loi no 38/2009" in text  # an abbreviation: n + raised o
    assert "Mme Rossi" in text
    assert "le 1er juin 2018 au Conseil" in text  # the ordinal kept, the callout 1 removed
    assert "la notex du rapport" in text  # a raised letter no note answers
    callouts = [f.text for f in layout.furniture if f.reason == "footnote-callout"]
    assert callouts == ["1"]


def test_genuine_raised_o_after_n_is_kept() -> None:
    from conftest import real_pdf

    from pipeline.parse.layout import analyse

    layout = analyse(load_pdf(real_pdf("A_HRC_WG.6_7_ITA_1_F.pdf")))
    text = " ".join(b.text for b in build_blocks(layout)[0])
    assert "la loi no 38/2009" in text
    assert "Convention no 143" in text
    assert " n 38/2009" not in text
    assert not [f for f in layout.furniture if f.reason == "footnote-callout" and f.text == "o"]


def test_standard_fonts_copy_pdfminer() -> None:
    """The PDFium loader's copy of pdfminer's standard fonts (name, descent) is pdfminer's."""
    from pdfminer.fontmetrics import FONT_METRICS

    from pipeline.read.pdfium.fonts import _STANDARD_FONTS

    expected = {
        name: (str(m[0].get("FontName", name)), -abs(float(m[0].get("Descent", 0))) / 1000)
        for name, m in FONT_METRICS.items()
    }
    assert expected == _STANDARD_FONTS


# -- overprinted runs: a label hung over the end of another column's line ---------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_overprinted_runs_are_not_interleaved(tmp_path: Path, backend: str) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("STIXTestBold", str(FIXTURES / "fonts" / "STIXGeneralBol.ttf")))
    path = tmp_path / "overprint.pdf"
    c = _canvas(path)
    left = "surveiller tous les postes frontière,"
    end = 72.0 + stringWidth(left, "STIXTest", SIZE)
    c.drawString(72.0, 760.0, left)
    # the bold label starts 14 pt left of the line's end, its heading 12 pt after the label
    c.setFont("STIXTestBold", 12.0)
    c.drawString(end - 14.0, 760.0, "III.")
    c.drawString(end - 14.0 + stringWidth("III.", "STIXTestBold", 12.0) + 12.0, 760.0,
                 "Troisième réunion")
    c.save()
    lines = load_pdf(path, backend).pages[0].lines
    texts = sorted(" ".join(w.text for w in ln.words) for ln in lines)
    assert texts == ["III. Troisième réunion", left]
