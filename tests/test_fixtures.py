"""Tests of the fixture builder: determinism, golden JSON contents and artifacts in the PDFs."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

# fixtures/ is not an installed package: make the repository root importable
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fixtures.build import ROOT, build_all, reportlab_names, sources  # noqa: E402

PDFS = ROOT / "fixtures" / "pdfs"
GOLDEN = ROOT / "fixtures" / "golden"
SHIPPED = ROOT / "raw" / "wg7_2019_fr.pdf"
NAMES = [p.stem for p in sources()]
#: sources with a reportlab PDF (Arabic and Chinese are set by the docx and html routes only)
PDF_NAMES = reportlab_names()
ROUTE_ONLY = sorted(set(NAMES) - set(PDF_NAMES))


@cache
def golden(name: str) -> dict:
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


@cache
def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


@cache
def page_chars(path: Path) -> list[str]:
    """Every page's characters in content order (spaces included)."""
    with pdfplumber.open(path) as pdf:
        return ["".join(c["text"] for c in p.chars) for p in pdf.pages]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixtures")
    build_all(out)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_rebuild_is_byte_identical(rebuilt: Path, name: str) -> None:
    if name in PDF_NAMES:
        assert (rebuilt / "pdfs" / f"{name}.pdf").read_bytes() == (
            PDFS / f"{name}.pdf").read_bytes()
    else:
        assert not (rebuilt / "pdfs" / f"{name}.pdf").exists()
    assert (rebuilt / "golden" / f"{name}.json").read_text(encoding="utf-8") == (
        GOLDEN / f"{name}.json"
    ).read_text(encoding="utf-8")


def test_shipped_document_is_the_fixture() -> None:
    assert SHIPPED.read_bytes() == (PDFS / "wg7_2019_fr.pdf").read_bytes()


@pytest.mark.parametrize("name", PDF_NAMES)
def test_every_fixture_has_golden_and_page_count(name: str) -> None:
    g = golden(name)
    assert g["name"] == name
    with pdfplumber.open(PDFS / f"{name}.pdf") as pdf:
        assert g["document"]["page_count"] == len(pdf.pages)
    for rec in g["records"]:
        assert 1 <= rec["page_start"] <= rec["page_end"] <= g["document"]["page_count"]


def test_shipped_golden_counts() -> None:
    g = golden("wg7_2019_fr")
    recs = [r for r in g["records"] if r["item"] is None]
    items = [r for r in g["records"] if r["item"] is not None]
    assert len(recs) == 149
    assert len(items) == 25
    assert Counter(r["meeting"] for r in recs) == {1: 55, 2: 33, 3: 41, 4: 15, 5: 5}
    assert Counter(r["parent_id"] for r in items) == {"2.8": 5, "5.1": 4, "5.2": 11, "5.4": 5}
    assert [m["start_date"] for m in g["meetings"]][0] == "2012-05-30"
    assert g["document"]["symbol"] == "CTOC/COP/WG.7/2019/CRP.1"
    assert g["document"]["job_number"] == "V.19-05872"


@pytest.mark.parametrize("name", NAMES)
def test_golden_texts_are_clean(name: str) -> None:
    g = golden(name)
    for rec in g["records"] + g["paragraphs"]:
        text = rec["text"]
        assert "ONU DC" not in text
        for bad in ("**", "^{", "](#)", "{", "}", "*", "^", "\u2019", "\u202f", "\u00a0"):
            assert bad not in text, (rec["id"], bad)
        assert "  " not in text and text == text.strip()


def test_letter_spaced_word_on_golden_page() -> None:
    texts = page_texts(SHIPPED)
    [art] = golden("wg7_2019_fr")["artifacts"]["letter_spaced"]
    assert art["record"] == "2.4"
    assert "l\u2019ONU DC" in texts[art["page"] - 1]
    assert sum(t.count("ONU DC") for t in texts) == 1
    assert sum(t.count("ONUDC") for t in texts) > 10


def test_ligatures_and_typography_chars() -> None:
    chars = "".join(page_chars(SHIPPED))
    assert {"\ufb01", "\ufb02", "\ufb03"} <= set(chars)
    assert re.search("\u202f[;!?]", chars)
    assert re.search("\u00a0:", chars)
    assert "\u2019" in chars and "'" not in chars
    # pdfplumber's default extract_text() expands ligatures; without expansion they show
    with pdfplumber.open(SHIPPED) as pdf:
        assert "\ufb01" in pdf.pages[0].extract_text(expand_ligatures=False)


def test_footers_headers_and_barcodes() -> None:
    texts = page_texts(SHIPPED)
    n = len(texts)
    assert f"2/{n}" in texts[1].splitlines()[-1]
    assert re.search(rf"V\.19-05872 3/{n}$", texts[2].strip())
    assert texts[1].splitlines()[0] == "CTOC/COP/WG.7/2019/CRP.1"
    pua = "".join(chr(0xF000 + ord(c)) for c in "*1905872*")
    assert texts[0].splitlines()[-1] == pua
    assert "V.19-05872 (F) 150719 160719" in texts[0]
    assert page_texts(PDFS / "wg_en_synthetic.pdf")[0].splitlines()[-1] == "*2101234*"


def test_compound_hyphens_at_line_end() -> None:
    lines = [ln for t in page_texts(SHIPPED) for ln in t.splitlines()]
    for head in ("peut-", "pluri-", "non-", "Dial-"):
        assert any(ln.endswith(head) for ln in lines), head
    arts = golden("wg7_2019_fr")["artifacts"]["compound_hyphen_breaks"]
    assert {a["word"] for a in arts if a["forced"]} == {
        "peut-être", "pluri-institutions", "non-discrimination", "Dial-Doc"}  # fmt: skip
    for a in arts:
        page = page_texts(SHIPPED)[a["page"] - 1]
        assert any(ln.endswith(a["word"].split("-")[0] + "-") for ln in page.splitlines())


def test_auto_hyphenation_fixture() -> None:
    g = golden("artifact_auto_hyphenation")
    arts = g["artifacts"]["auto_hyphen_breaks"]
    assert arts
    texts = page_texts(PDFS / "artifact_auto_hyphenation.pdf")
    lines = [ln for t in texts for ln in t.splitlines()]
    ended = [ln for ln in lines if re.search(r"[a-zéèêàç]-$", ln)]
    assert len(ended) >= len(arts)
    for rec in g["records"]:
        assert not re.search(r"[a-z]- ", rec["text"])
    assert golden("wg7_2019_fr_hyphenated")["artifacts"]["auto_hyphen_breaks"]


def test_footnote_callouts() -> None:
    arts = golden("wg7_2019_fr")["artifacts"]["footnote_callouts"]
    assert {(a["page"], a["after"], a["mark"]) for a in arts} == {
        (1, "provisoire", "*"), (1, "2018", "1")}  # fmt: skip
    page1 = page_texts(SHIPPED)[0]
    assert "provisoire*" in page1 and "20181" in page1
    assert "* CTOC/COP/WG.7/2019/1." in page1


def test_cross_page_and_heading_near_bottom() -> None:
    g = golden("wg7_2019_fr")
    arts = g["artifacts"]
    assert "1.20" in arts["cross_page_paragraphs"]
    rec = next(r for r in g["records"] if r["id"] == "1.20")
    assert rec["page_end"] == rec["page_start"] + 1
    assert page_texts(SHIPPED)[rec["page_start"] - 1].rstrip().splitlines()[-3].endswith(
        "fournir aux"
    ) or any(
        ln.endswith("fournir aux") for ln in page_texts(SHIPPED)[rec["page_start"] - 1].splitlines()
    )
    assert arts["cross_page_lists"]
    assert arts["heading_near_page_bottom"]
    assert golden("artifact_heading_near_bottom")["artifacts"]["heading_near_page_bottom"] == ["II"]
    assert golden("artifact_cross_page")["artifacts"]["cross_page_lists"] == ["1.2"]


def test_italics_and_nested_items() -> None:
    [it] = golden("wg7_2019_fr")["artifacts"]["italics"]
    assert it["record"] == "2.31"
    with pdfplumber.open(SHIPPED) as pdf:
        page = pdf.pages[it["page"] - 1]
        italic = "".join(c["text"] for c in page.chars if "Italic" in c["fontname"])
    assert "Recueil" in italic
    ids = {r["id"]: r for r in golden("nested_items_en")["records"]}
    assert ids["1.1.a.ii"]["item"] == "a.ii" and ids["1.1.a.ii"]["parent_id"] == "1.1.a"


@pytest.mark.parametrize("name", ROUTE_ONLY)
def test_route_only_golden_has_no_page_fields(name: str) -> None:
    """Arabic and Chinese sources: golden from the source alone, the same records as French."""
    g = golden(name)
    assert g["synthetic"] is True and "reportlab" not in g["routes"]
    assert "page_count" not in g["document"] and g["artifacts"] == {}
    for row in g["records"] + g["meetings"]:
        assert not {"page", "page_start", "page_end"} & set(row)
    french = golden({"wg7_2019": "wg7_2019_fr", "wg7_2020": "wg7_2020_fr_nine_meetings"}[name[:8]])
    assert [r["id"].split(".")[:2] for r in g["records"]] == [
        r["id"].split(".")[:2] for r in french["records"]]
    assert [m["meeting"] for m in g["meetings"]] == [m["meeting"] for m in french["meetings"]]
    assert [(m["start_date"], m["end_date"]) for m in g["meetings"]] == [
        (m["start_date"], m["end_date"]) for m in french["meetings"]]
