"""Footnotes and tables as data (issue #15, items 5 and 6).

Expected values are read from the sources: the fixture texts in ``fixtures/sources`` and the
page images of the genuine PDFs in ``../shared/real-pdfs``.
"""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, ROOT, real_pdf

from pipeline.model import Box, Footnote, Note, Paragraph
from pipeline.parse.document import extract_document
from pipeline.parse.footnotes import build_footnotes

BACKENDS = ("pdfplumber", "pdfium")


def _notes(ex) -> list[tuple[int, str, int, int, str, tuple[str, ...]]]:  # noqa: ANN001
    return [(f.index, f.mark, f.page, f.page_end, f.text, f.cited_by) for f in ex.footnotes]


@pytest.mark.parametrize("backend", BACKENDS)
def test_shipped_document_footnotes(backend: str) -> None:
    # fixtures/sources/wg7_2019_fr.txt: "@footnote *" answers the agenda line of the masthead,
    # "@footnote 1" the introduction's "2018{fn:1}": neither callout is in a recommendation
    ex = extract_document(ROOT / "raw" / "wg7_2019_fr.pdf", backend=backend)
    assert _notes(ex) == [
        (1, "*", 1, 1, "CTOC/COP/WG.7/2019/1.", ()),
        (2, "1", 1, 1,
         "Les rapports des cinq réunions du Groupe de travail figurent dans les documents "
         "CTOC/COP/WG.7/2012/6, CTOC/COP/WG.7/2013/5, CTOC/COP/WG.7/2015/5, "
         "CTOC/COP/WG.7/2017/4 et CTOC/COP/WG.7/2018/5.", ()),
    ]
    assert ex.tables == []
    text = " ".join(r.text for r in ex.records)
    assert "CTOC/COP/WG.7/2012/6" not in text  # the note stays out of the records


@pytest.mark.parametrize("backend", BACKENDS)
def test_callout_in_a_recommendation_cites_it(backend: str) -> None:
    # artifact_footnote_callout.txt: {fn:1} in the introduction, {fn:2} in recommendation 1
    # of meeting I
    ex = extract_document(FIXTURES / "pdfs" / "artifact_footnote_callout.pdf", backend=backend)
    assert [(f.mark, f.text, f.cited_by) for f in ex.footnotes] == [
        ("*", "CTOC/COP/WG.7/2019/1.", ()),
        ("1", "CTOC/COP/WG.7/2019/4.", ()),
        ("2", "Voir CTOC/COP/WG.7/2013/5, annexe.", ("1.1",)),
    ]


@pytest.mark.parametrize("name", ["artifact_page_break_footnote", "artifact_footnote_underscores"])
def test_callout_in_a_record_across_a_page_break(name: str) -> None:
    # the source's recommendation 3 of meeting I carries {fn:1} and runs over a page break
    ex = extract_document(FIXTURES / "pdfs" / f"{name}.pdf")
    (note,) = [f for f in ex.footnotes if f.mark == "1"]
    assert note.text == ("Voir CTOC/COP/WG.7/2013/5, annexe, et les contributions communiquées "
                         "par les États parties.")
    assert note.cited_by == ("1.3",)


def _para(pid: str, page: int, top: float, bottom: float) -> Paragraph:
    return Paragraph(pid, None, "", int(pid), None, "text", page, page,
                     [Box(page, 100, top, 500, bottom)])


def test_note_run_over_onto_the_next_page_is_one_footnote() -> None:
    notes = [
        Note("1", "First note.", Box(1, 100, 700, 500, 710)),
        Note("2", "Second note begins", Box(1, 100, 712, 500, 740)),
        Note(None, "and ends here.", Box(2, 100, 700, 500, 710)),
        Note(None, "Printed on a page with no note before.", Box(5, 100, 700, 500, 710)),
    ]
    paras = [_para("1", 1, 100, 200), _para("2", 1, 210, 400)]
    callouts = [
        # callout "2" in paragraph 2, callout "1" in paragraph 1
        _callout("2", Box(1, 300, 300, 304, 306)),
        _callout("1", Box(1, 300, 150, 304, 156)),
    ]
    got = build_footnotes(notes, callouts, paras)
    assert got == [
        Footnote(1, "1", "First note.", 1, 1, [notes[0].box], ("1",)),
        Footnote(2, "2", "Second note begins and ends here.", 1, 2,
                 [notes[1].box, notes[2].box], ("2",)),
        Footnote(3, "", "Printed on a page with no note before.", 5, 5, [notes[3].box], ()),
    ]


def _callout(mark: str, box: Box):  # noqa: ANN202
    from pipeline.model import Furniture

    return Furniture(mark, "footnote-callout", box)


# --------------------------------------------------------------------------------------------
# genuine files (values read off the page images)
# --------------------------------------------------------------------------------------------


def test_report_footnote_cited_by_its_paragraph() -> None:
    # A/AC.296/2026/9 page 3: paragraph 9 "... entry into force of the Agreement,¹ ..."
    ex = extract_document(real_pdf("A_AC.296_2026_9_E.pdf"), backend="pdfium")
    first = ex.footnotes[0]
    assert (first.mark, first.page, first.cited_by) == ("1", 3, ("9",))
    assert first.text == (
        "In accordance with article 68 of the Agreement, the Agreement entered into force on 17 "
        "January 2026, namely 120 days after the deposit of the sixtieth instrument of "
        "ratification, approval, acceptance or accession."
    )
    # page 49: a note opened by an asterisk drawn in the Symbol font (a Private Use glyph)
    star = [f for f in ex.footnotes if f.page == 49]
    assert [f.mark for f in star] == ["*"]
    assert star[0].text.startswith("Where options have been deleted, this is without prejudice")


def test_resolution_footnotes_cited_by_preambular_paragraphs() -> None:
    # E/CN.5/2025/L.6: notes 1-2 on page 1 and 3-11 on page 2, every callout in the preamble,
    # whose paragraphs are rows since issue #15 (page 2: note 3 in "Noting with appreciation",
    # 4 in "Recalling the 2030 Agenda", 5-10 in "Recalling further", 11 in "Taking note")
    ex = extract_document(real_pdf("E_CN.5_2025_L.6_E.pdf"), backend="pdfium")
    assert [(f.mark, f.page) for f in ex.footnotes] == (
        [("1", 1), ("2", 1)] + [(str(n), 2) for n in range(3, 12)]
    )
    assert ex.footnotes[7].text == "United Nations, Treaty Series, vol. 1249, No. 20378."
    assert ex.footnotes[10].text == "E/CN.5/2025/5."
    by_id = {p.id: p for p in ex.paragraphs}
    assert all(len(f.cited_by) == 1 and by_id[f.cited_by[0]].kind == "preamble"
               for f in ex.footnotes)
    opening = [by_id[f.cited_by[0]].text[:24] for f in ex.footnotes[2:]]
    assert opening == (["Noting with appreciation", "Recalling the 2030 Agend"]
                       + ["Recalling further the Un"] * 6 + ["Taking note with appreci"])


def test_typescript_footnote_cited_in_the_text() -> None:
    # A/RES/48/263 page 5: the note "5/ Official Records of the Third United Nations Conference
    # on the Law of the Sea ..." answers the "5/" typed in paragraph 1 of article 6 ("... Law of
    # the Sea 5/ (hereinafter ..."); paragraphs of the annex's articles all number from 1
    ex = extract_document(real_pdf("A_RES_48_263_E.pdf"), backend="pdfium")
    marks = [f.mark for f in ex.footnotes if f.mark.endswith("/")]
    assert marks == ["1/", "2/", "3/", "4/", "5/"]
    (five,) = [f for f in ex.footnotes if f.mark == "5/"]
    assert five.page == 5
    assert five.cited_by == ("annex/art-6/1",)  # section-qualified since issue #15


#: page 1's notes as printed, above the job number and the barcode's text (page images)
PAGE_ONE_NOTES = {
    # "10-63721* (F) 061210 091210", then the barcode's text "1063721" (bare digits)
    "ISBA_16_A_12_Rev.1_F.pdf": [("*", "Nouveau tirage pour raisons techniques (6 décembre "
                                       "2010).")],
    # "25-03579* (E)", then "*2503579*"
    "S_RES_2776_2025_E.pdf": [("*", "Reissued for technical reasons on 12 March 2025.")],
    # "13-40402 (C) 230713 230713", then "*1340402C*" (extracted cut: "* 1340402C*")
    "ISBA_19_C_17_C.pdf": [("1", "ISBA/16/A/12/Rev.1。"), ("2", "ISBA/18/A/11。")],
}


@pytest.mark.parametrize("name", sorted(PAGE_ONE_NOTES))
def test_page_one_footer_is_no_footnote(name: str) -> None:
    """A reissue's job number ("10-63721*") and the barcode's text (bare digits, or cut at a
    gap of the bars) are page furniture, not note text nor notes of their own."""
    ex = extract_document(real_pdf(name), backend="pdfium")
    assert [(f.mark, f.text) for f in ex.footnotes if f.page == 1] == PAGE_ONE_NOTES[name]
    assert ex.meta.job_number is not None and ex.meta.job_number in " ".join(
        f.text for f in ex.furniture if f.reason == "job-number")


@pytest.fixture(scope="module")
def icef():  # noqa: ANN201
    return extract_document(real_pdf("E_ICEF_2025_AB_L.3_E.pdf"), backend="pdfium")


def _grid(table) -> dict[int, list[str]]:  # noqa: ANN001
    rows: dict[int, list[str]] = {}
    for c in sorted(table.cells, key=lambda c: (c.row, c.column)):
        rows.setdefault(c.row, []).append(c.text)
    return rows


def test_ruled_tables_of_a_report(icef) -> None:  # noqa: ANN001
    # tables 1-6 carry a caption "Table N" (pages 5, 7, 14, 16, 17, 18); annex I (pages 23-24)
    # is a table without a caption
    assert [(t.label, t.page) for t in icef.tables] == [
        ("1", 5), ("2", 7), ("3", 14), ("4", 16), ("5", 17), ("6", 18), (None, 23), (None, 24),
    ]
    # Table 1, page 5: Age of outstanding agreed actions
    rows = _grid(icef.tables[0])
    assert list(rows.values())[1:] == [
        ["High", "49", "28", "11", "10"],
        ["Medium", "128", "89", "22", "17"],
        ["Total", "177", "117", "33", "27"],
        ["Percentage of the total", "100%", "66%", "19%", "15%"],
    ]
    # Table 2, page 7: Distribution of audit conclusions, by region and thematic area
    rows = _grid(icef.tables[1])
    body = list(rows.values())[1:]
    assert body[0] == ["A. Country office audits (by region)", "10", "0", "8", "2", "0"]
    assert ["Eastern and Southern Africa", "2", "0", "2", "0", "0"] in body
    assert ["South Asia", "2", "0", "1", "1", "0"] in body
    assert ["East Asia and the Pacific", "0", "0", "0", "0", "1"] in body
    assert body[-1] == ["Total (A+B)", "17", "0", "14", "3", "0"]


def test_table_text_stays_out_of_the_paragraphs_and_is_accounted_for(icef) -> None:  # noqa: ANN001
    text = " ".join(p.text for p in icef.paragraphs) + " ".join(b.text for b in icef.other_text)
    assert "Percentage of the total" not in text
    assert "Middle East and North Africa" not in text
    # the page ledger of the text-loss audit balanced: the table's lines are set aside
    table_lines = [f.text for f in icef.furniture if f.reason == "table"]
    assert any("Percentage of the total" in t for t in table_lines)
    # the captions stay in the text
    assert "Age of outstanding agreed actions" in text


def test_table_running_on_to_the_next_page() -> None:
    # A/INF/76/1 page 1: a table with its top rule and the rule under its heads, whose rows run
    # to the foot of the page; page 2 opens with the same heads, one more row and a bottom rule:
    # one table, the repeated heads left out
    ex = extract_document(real_pdf("A_INF_76_1_E.pdf"), backend="pdfium")
    (table,) = ex.tables
    rows = list(_grid(table).values())
    assert len(rows) == 11
    assert rows[0] == ["Session", "Opening date of the session",
                       "Opening date of the general debate"]
    assert rows[1] == ["Seventy-sixth", "Tuesday, 14 September 2021", "Tuesday, 21 September 2021"]
    assert rows[9] == ["Eighty-fourth", "Tuesday, 18 September 2029", "Tuesday, 25 September 2029"]
    assert rows[10] == ["Eighty-fifth", "Tuesday, 17 September 2030", "Tuesday, 24 September 2030"]
    assert {c.box.page for c in table.cells if c.row == 11} == {2}
    assert "Seventy-sixth" not in " ".join(p.text for p in ex.paragraphs)
    # the numbered paragraphs (the text around them is rows t<k>, issue #15 item 7)
    assert [p.number for p in ex.paragraphs if p.item is None and p.number is not None] == [1, 2]


@pytest.mark.parametrize("name", ["A_60_PV.25_E.pdf", "A_HRC_WG.6_34_ITA_3_E.pdf",
                                  "ISBA_16_A_12_Rev.1_F.pdf", "A_RES_48_263_E.pdf"])
def test_no_tables_where_none_is_printed(name: str) -> None:
    # a verbatim record in two columns under its masthead rules, a masthead over headed
    # paragraphs, a form's signature lines, typescript underlines: no tables on these pages
    from pipeline.parse.layout import analyse
    from pipeline.read.load import load_pdf

    tables = analyse(load_pdf(real_pdf(name), backend="pdfium")).tables
    # A/HRC/WG.6/34/ITA/3 prints unruled abbreviation | name tables in its notes (pp. 11-13,
    # tests/test_aligned_tables.py); none elsewhere
    unruled = {11, 12, 13} if name == "A_HRC_WG.6_34_ITA_3_E.pdf" else set()
    assert {t.page for t in tables} <= unruled


def test_outputs_written_and_read_back(tmp_path) -> None:  # noqa: ANN001
    from pipeline.out.check_folder import validate_output_dir
    from pipeline.out.export import write_outputs

    ex = extract_document(real_pdf("A_INF_76_1_E.pdf"))
    shipped = extract_document(ROOT / "raw" / "wg7_2019_fr.pdf")
    write_outputs([shipped, ex], tmp_path)
    assert validate_output_dir(tmp_path) == []
    lines = (tmp_path / "tables.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "document,symbol,language,table,label,page,row,column,text,x0,top,x1,bottom"
    assert lines[1].startswith("A_INF_76_1_E,A/INF/76/1,en,1,,1,1,1,Session,")
    notes = (tmp_path / "footnotes.csv").read_text(encoding="utf-8").splitlines()
    assert notes[0] == "document,symbol,language,footnote,number,page,page_end,text,cited_by"
    assert notes[1] == "wg7_2019_fr,CTOC/COP/WG.7/2019/CRP.1,fr,1,*,1,1,CTOC/COP/WG.7/2019/1.,"
    doc = json.loads((tmp_path / "A_INF_76_1_E.json").read_text(encoding="utf-8"))
    assert [t["table"] for t in doc["tables"]] == [1]
    assert doc["tables"][0]["cells"][0]["text"] == "Session"
    dp = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert {"footnotes", "tables"} <= {r["name"] for r in dp["resources"]}


def test_api_result_has_footnotes_and_table_cells() -> None:
    from pipeline import extract

    res = extract(real_pdf("A_INF_76_1_E.pdf"))
    cells = res.table_cells
    assert cells is res.tables["tables"]
    # the heads and nine sessions on page 1, one more session on page 2; three columns
    assert len(cells) == (1 + 9 + 1) * 3
    assert {str(cells[c].dtype) for c in ("x0", "top", "x1", "bottom")} == {"Float64"}
    assert {str(cells[c].dtype) for c in ("table", "page", "row", "column")} == {"Int64"}
    assert list(res.footnotes.columns) == [
        "document", "symbol", "language", "footnote", "number", "page", "page_end", "text",
        "cited_by",
    ]
