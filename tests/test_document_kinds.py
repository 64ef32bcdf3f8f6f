"""Issue #15: problems do not cost rows; metadata for every kind of document; unreadable text
layers. Expected values come from the page images of the genuine PDFs, read by a person."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pdfplumber
import pytest
from conftest import real_pdf
from unmapped_pdf import write_unmapped_pdf

from pipeline import extract
from pipeline.errors import EXIT_INVALID, EXIT_NO_TEXT
from pipeline.lang import guess_text_language
from pipeline.model import DocumentMeta
from pipeline.parse.doctype import document_type, publication_numbers
from pipeline.parse.document import extract_document
from pipeline.vocab import SYMBOL_PATTERN


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True,
                          text=True, timeout=600)


# -- (8) problems do not cost rows -----------------------------------------------------------


def test_long_report_is_written_with_its_problems(tmp_path: Path) -> None:
    pdf = real_pdf("A_HRC_43_2_E.pdf")  # paragraphs 1-1022 (README of the genuine PDFs)
    out = tmp_path / "out"
    proc = cli("extract", str(pdf), "--out", str(out), "--backend", "pdfium")
    assert "Traceback" not in proc.stderr
    paras = pd.read_parquet(out / "paragraphs.parquet")
    problems = pd.read_parquet(out / "problems.parquet")
    # (the numbered paragraphs: unnumbered text is rows t<k> with a null number)
    numbers = set(paras.loc[paras["item"].isna() & paras["number"].notna(), "number"])
    missing = sorted(set(range(1, 1023)) - numbers)
    errors = problems[problems["severity"] == "error"]
    # every error is a numbering gap, and the gaps reported are exactly the rows missing
    assert set(errors["rule"]) <= {"numbering"}
    reported = sorted(int(m) for m in errors["message"].str.extract(
        r"^paragraph (\d+) missing")[0].dropna())
    assert reported == missing
    assert len(missing) <= 3  # a missed paragraph stays rare
    assert numbers == set(range(1, 1023)) - set(missing)
    # each reported paragraph is really printed on the page the problem names: a real miss
    with pdfplumber.open(pdf) as doc:
        for _, row in errors.iterrows():
            n = re.match(r"paragraph (\d+)", row["message"]).group(1)
            page_text = doc.pages[int(row["page"]) - 1].extract_text()
            assert re.search(rf"(?m)^{n}\.\s", page_text), (n, row["page"])
    assert proc.returncode == (EXIT_INVALID if len(errors) else 0), proc.stderr
    if len(errors):
        assert f"{len(errors)} problem(s) in 1 document(s)" in proc.stderr
        assert "written with" in proc.stderr
    # the JSON carries the same problems
    import json

    doc_json = json.loads((out / "A_HRC_43_2_E.json").read_text(encoding="utf-8"))
    assert [p["message"] for p in doc_json["problems"]] == list(problems["message"])
    # validate knows recorded problems
    checked = cli("validate", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    if len(problems):
        assert f"{len(problems)} recorded in its problems table" in checked.stderr
        # with --strict, recorded problems are errors
        assert cli("validate", str(out), "--strict").returncode == EXIT_INVALID
    # --strict keeps the refusal: nothing written
    strict_out = tmp_path / "strict"
    refused = cli("extract", str(pdf), "--out", str(strict_out), "--backend", "pdfium",
                  "--strict")
    if len(problems):
        assert refused.returncode == EXIT_INVALID
        assert not (strict_out / "paragraphs.csv").exists()


def test_api_exposes_problems_as_a_typed_table() -> None:
    result = extract(real_pdf("A_HRC_43_2_E.pdf"), backend="pdfium")
    assert not result.failed
    table = result.problems_table
    assert list(table.columns) == ["document", "symbol", "language", "number", "severity", "rule",
                                   "record", "page", "field", "message"]
    assert str(table["page"].dtype) == "Int64" and str(table["message"].dtype) == "string"
    assert len(table) == len(result.extractions[0].problems)
    assert result.paragraphs["number"].max() == 1022


# -- (4) metadata for every kind ---------------------------------------------------------------


@pytest.mark.parametrize(("name", "symbol"), [
    ("ICCD_COP-8_CST_8_E.pdf", "ICCD/COP(8)/CST/8"),  # page 1: "ICCD/COP(8)/CST/8"
    ("S_RES_2776_2025_E.pdf", "S/RES/2776 (2025)"),  # page 1: "S/RES/2776 (2025)*"
    ("ISBA_16_A_12_Rev.1_F.pdf", "ISBA/16/A/12/Rev.1"),  # page 1: "ISBA/16/A/12/Rev.1*"
])
def test_symbol_grammar(name: str, symbol: str) -> None:
    ex = extract_document(real_pdf(name), backend="pdfium")
    assert ex.meta.symbol == symbol
    assert re.fullmatch(SYMBOL_PATTERN, symbol)


def test_symbol_with_parentheses_is_written() -> None:
    result = extract(real_pdf("ICCD_COP-8_CST_8_E.pdf"), backend="pdfium")
    assert not result.failed, [str(e) for e in result.failed]
    assert list(result.documents["symbol"]) == ["ICCD/COP(8)/CST/8"]
    assert result.paragraphs["number"].max() == 71  # paragraphs 1-71


def test_double_symbol_keeps_both() -> None:
    assert re.fullmatch(SYMBOL_PATTERN, "E/2025/L.16–E/HLPF/2025/L.1")
    assert not re.fullmatch(SYMBOL_PATTERN, "S/RES/2776 (2025)*")
    meta = DocumentMeta(symbol="E/2025/L.16–E/HLPF/2025/L.1", distribution="limited")
    assert document_type(meta) == "draft"


@pytest.mark.parametrize(("name", "kind"), [
    ("A_RES_48_161_F.pdf", "resolution"),  # A/RES/48/161
    ("S_RES_2776_2025_E.pdf", "resolution"),
    ("ISBA_16_A_12_Rev.1_F.pdf", "decision"),  # "Décision de l'Assemblée concernant ..."
    ("ISBA_16_A_12_Rev.1_A.pdf", "decision"),  # "مقــرر جمعيــة …", stretched with tatweels
    ("E_CN.5_2025_L.6_E.pdf", "draft"),  # "Draft resolution submitted by ..."
    ("A_HRC_WG.6_7_ITA_1_F.pdf", "report"),  # "Rapport national présenté ..."
    ("ICCD_COP-8_CST_8_E.pdf", "report"),  # "Abridged report on the international workshop"
    ("A_INF_76_1_E.pdf", "information"),  # A/INF/76/1
    ("BBNJ_Agreement_2023_pub_S.pdf", "publication"),  # title page, no masthead
    ("UNODC_UNTOC_and_Protocols_pub_E.pdf", "publication"),  # cover, no masthead
])
def test_document_type(name: str, kind: str) -> None:
    assert extract_document(real_pdf(name), backend="pdfium").meta.document_type == kind


def test_document_type_rules() -> None:
    assert document_type(DocumentMeta(symbol="A/60/PV.25", distribution="general")) == \
        "verbatim_record"
    assert document_type(DocumentMeta(symbol="E/2025/SR.3", distribution="general")) == \
        "summary_record"
    assert document_type(DocumentMeta(symbol="ST/ESA/400", sales_number="E.24.IV.2")) == \
        "publication"
    assert document_type(DocumentMeta(symbol="A/79/1", distribution="general",
                                      title="Note by the Secretary-General",
                                      language="en")) == "note"
    # a justified Arabic title's tatweels stretch the letters of its words
    assert document_type(DocumentMeta(symbol="ISBA/16/A/12", distribution="general",
                                      title="مقــرر جمعيــة الــسلطة", language="ar")) == "decision"
    assert document_type(DocumentMeta(symbol="A/79/2", distribution="general",
                                      title="تقريـــر المجلس", language="ar")) == "report"


def test_publication_numbers_not_taken_from_citations() -> None:
    imprint = "United Nations publication Sales No. E.04.V.5 ISBN 92-1-133653-7"
    assert publication_numbers([imprint]) == ("92-1-133653-7", "E.04.V.5")
    cited = "(United Nations publication, Sales No. E.02.IV.4)"
    assert publication_numbers([cited]) == (None, None)
    # E/CN.5/2025/L.6 cites "Sales No. E.02.IV.4" in a footnote of page 1: not its own
    meta = extract_document(real_pdf("E_CN.5_2025_L.6_E.pdf"), backend="pdfium").meta
    assert meta.sales_number is None and meta.isbn is None


# -- (9) unreadable text layers ----------------------------------------------------------------


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_text_layer_without_unicode_mapping_is_one_line_exit_5(
    tmp_path: Path, backend: str
) -> None:
    pdf = write_unmapped_pdf(tmp_path / "unmapped.pdf")
    out = tmp_path / "out"
    proc = cli("extract", str(pdf), "--out", str(out), "--backend", backend)
    assert proc.returncode == EXIT_NO_TEXT, proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and f"{pdf}: text layer unreadable" in errors[0]
    assert "Traceback" not in proc.stderr
    assert not (out / "paragraphs.csv").exists()


# -- language and symbol of a document without masthead -----------------------------------------


@pytest.mark.parametrize(("name", "lang"), [
    ("BBNJ_Agreement_2023_pub_S.pdf", "es"),  # "Acuerdo en el marco de la Convención …"
    ("UNODC_UNTOC_and_Protocols_pub_E.pdf", "en"),  # "United Nations Convention against …"
])
def test_language_of_a_publication_from_its_text(name: str, lang: str) -> None:
    meta = extract_document(real_pdf(name), backend="pdfium").meta
    assert meta.language == lang
    assert meta.symbol is None  # no symbol printed anywhere
    assert meta.document_type == "publication"


def test_guess_text_language() -> None:
    assert guess_text_language("Los Estados partes adoptarán las medidas del presente "
                               "Acuerdo y de la Convención") == "es"
    assert guess_text_language("Each State Party shall adopt the measures of the Convention "
                               "and of this Protocol") == "en"
    assert guess_text_language("Tout État partie au Traité qui procède au lancement d'un objet "
                               "dans l'espace et les corps célestes") == "fr"
    # a stray word in another script does not decide; a majority does
    assert guess_text_language("The Conference of the Parties and the secretariat (مؤتمر)") == "en"
    assert guess_text_language("Статья 1. Государства-участники и Конвенция") == "ru"
    assert guess_text_language("12 345") is None


def test_symbol_printed_only_in_the_running_header() -> None:
    """ST/SPACE/61/Rev.3: page 1 is a cover (title, job number, barcode); pages 2-106 print
    "ST/SPACE/61/Rev.3" in their running header."""
    meta = extract_document(real_pdf("ST_SPACE_61_Rev.3_F.pdf"), backend="pdfium").meta
    assert meta.symbol == "ST/SPACE/61/Rev.3"
    assert meta.language == "fr"
    assert meta.job_number == "V.24-22756"
    assert meta.document_type == "publication"  # judged on page 1: no masthead
