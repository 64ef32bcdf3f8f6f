"""unrecs diff: two editions of a list of recommendations, compared by id and by text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from factories import clone, paragraphs_doc, rec
from typer.testing import CliRunner

from pipeline import errors
from pipeline.cli import app
from pipeline.model import DocumentMeta, Extraction, Meeting
from pipeline.out.export import write_outputs
from pipeline.tools.diff import (
    CSV_COLUMNS,
    changelog_markdown,
    changes_csv,
    compare,
    id_sort_key,
    word_diff,
)

MEETINGS = [
    Meeting(1, "I. Première réunion, tenue à Vienne du 30 mai au 1er juin 2012", "Vienne",
            "2012-05-30", "2012-06-01", page=1),
    Meeting(2, "II. Deuxième réunion, tenue à Vienne du 11 au 13 novembre 2013", "Vienne",
            "2013-11-11", "2013-11-13", page=2),
    Meeting(3, "III. Troisième réunion, tenue à Vienne du 18 au 20 novembre 2015", "Vienne",
            "2015-11-18", "2015-11-20", page=3),
]

R11_OLD = ("Les États qui ne l'ont pas encore fait devraient envisager de ratifier le Protocole "
           "contre le trafic illicite de migrants par terre, air et mer.")
R11_NEW = ("Les États qui ne l'ont pas encore fait sont invités à envisager de ratifier le "
           "Protocole contre le trafic illicite de migrants par terre, air et mer.")
R12 = "Les États parties devraient envisager d'adopter les mesures suivantes :"
R12A = "Promouvoir une coopération internationale efficace ;"
R12B = "Renforcer les capacités de leurs services de détection et de répression."
R13 = ("Le Groupe de travail a recommandé que l'ONUDC continue de fournir une assistance "
       "technique aux États qui en font la demande.")
R21 = ("Les États devraient veiller à ce que les migrants objets d'un trafic illicite ne soient "
       "pas poursuivis pénalement du seul fait de ce trafic.")
R22_OLD = ("Les États parties devraient renforcer l'échange d'informations, peut-être par "
           "l'intermédiaire des réseaux régionaux existants.")
R23_OLD = "Les États devraient sensibiliser le public aux dangers du trafic illicite de migrants."
R22_NEW = ("Les États devraient recueillir et analyser des données sur les itinéraires et les "
           "modes opératoires des passeurs.")
R31 = ("Les États parties devraient envisager d'ériger en infraction pénale le fait de "
       "faciliter le séjour illégal d'une personne.")
R32 = "Les États parties devraient, selon qu'il convient :"
R32A = "Désigner des points de contact nationaux ;"
R32B = "Partager les bonnes pratiques en matière d'enquêtes financières."


def _meta(symbol: str, date: str) -> DocumentMeta:
    return DocumentMeta(
        symbol=symbol, language="fr", original_language="en", distribution="general",
        date=date, organ="Conférence des Parties à la Convention des Nations Unies contre la "
        "criminalité transnationale organisée",
        body="Groupe de travail sur le trafic illicite de migrants",
        title="Recommandations adoptées par le Groupe de travail sur le trafic illicite de "
        "migrants", page_count=3, source_file=f"{symbol.replace('/', '_')}_fr.pdf",
        sha256="0" * 64, pipeline_version="0.1.0",
    )


def _edition(symbol: str, date: str, meetings: list[Meeting], records: list) -> Extraction:
    return Extraction(_meta(symbol, date), "recommendations", meetings, records, [], [], [])


def old_edition() -> Extraction:
    """The 2014 edition: meetings I and II."""
    return _edition("CTOC/COP/WG.7/2014/2", "2014-02-10", MEETINGS[:2], [
        rec(1, 1, R11_OLD, 1), rec(1, 2, R12, 1), rec(1, 2, R12A, 1, item="a"),
        rec(1, 2, R12B, 1, item="b"), rec(1, 3, R13, 1),
        rec(2, 1, R21, 2), rec(2, 2, R22_OLD, 2), rec(2, 3, R23_OLD, 2),
    ])


def new_edition() -> Extraction:
    """The 2016 edition: 1.1 re-worded, a new 2.2 pushes the old 2.2 to 2.3 (the old 2.3 is
    dropped), and meeting III is added."""
    return _edition("CTOC/COP/WG.7/2016/2", "2016-03-01", MEETINGS, [
        rec(1, 1, R11_NEW, 1), rec(1, 2, R12, 1), rec(1, 2, R12A, 1, item="a"),
        rec(1, 2, R12B, 1, item="b"), rec(1, 3, R13, 1),
        rec(2, 1, R21, 2), rec(2, 2, R22_NEW, 2), rec(2, 3, R22_OLD, 2),
        rec(3, 1, R31, 3), rec(3, 2, R32, 3), rec(3, 2, R32A, 3, item="a"),
        rec(3, 2, R32B, 3, item="b"),
    ])


def _kinds(d) -> list[tuple[str, str | None, str | None]]:  # noqa: ANN001
    return [(c.kind, c.old_id, c.new_id) for c in d.changes]


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------


def test_editions_changes() -> None:
    d = compare(old_edition(), new_edition())
    assert _kinds(d) == [
        ("reworded", "1.1", "1.1"),
        ("added", None, "2.2"),
        ("renumbered", "2.2", "2.3"),  # not "2.2 re-worded" + "2.3 added"
        ("removed", "2.3", None),
        ("added", None, "3.1"),
        ("added", None, "3.2"),
        ("added", None, "3.2.a"),
        ("added", None, "3.2.b"),
    ]
    assert d.unchanged == 5
    assert d.groups_added == ["3"] and d.groups_removed == []
    reworded = d.changes[0]
    assert reworded.diff == (
        "Les États qui ne l'ont pas encore fait [-devraient-]{+sont invités à+} envisager de "
        "ratifier le Protocole contre le trafic illicite de migrants par terre, air et mer."
    )
    assert 0.9 <= (reworded.similarity or 0) < 1
    renumbered = d.changes[2]
    assert renumbered.similarity == 1.0 and renumbered.diff == ""
    assert d.summary() == (
        "1 meeting(s) added; records: 5 added, 1 removed, 1 reworded, 1 renumbered, 5 unchanged"
    )


def test_changelog_markdown_grouped_by_meeting() -> None:
    md = changelog_markdown(compare(old_edition(), new_edition()))
    assert md.splitlines()[0] == (
        "# Changes from CTOC/COP/WG.7/2014/2 (2014-02-10) to CTOC/COP/WG.7/2016/2 (2016-03-01)"
    )
    sections = md.split("\n## ")[1:]
    assert [s.splitlines()[0] for s in sections] == [
        "I. Première réunion, tenue à Vienne du 30 mai au 1er juin 2012",
        "II. Deuxième réunion, tenue à Vienne du 11 au 13 novembre 2013",
        "III. Troisième réunion, tenue à Vienne du 18 au 20 novembre 2015 (new meeting)",
    ]
    assert "- **Re-worded 1.1**: Les États qui ne l'ont pas encore fait " \
        "[-devraient-]{+sont invités à+} envisager" in sections[0]
    lines_ii = [line for line in sections[1].splitlines() if line.startswith("- ")]
    assert lines_ii == [
        f"- **Added 2.2**: {R22_NEW}",
        f"- **Renumbered 2.2 → 2.3** (text unchanged): {R22_OLD}",
        f"- **Removed 2.3**: {R23_OLD}",
    ]
    assert "- **Added** 4 record(s): 3.1, 3.2, 3.2.a, 3.2.b" in sections[2]
    assert f"  - 3.2.a: {R32A}" in sections[2]


def test_change_table() -> None:
    rows = list(csv.DictReader(io.StringIO(changes_csv(compare(old_edition(), new_edition())))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r["change"], r["old_id"], r["new_id"], r["meeting"]) for r in rows[:4]] == [
        ("reworded", "1.1", "1.1", "1"),
        ("added", "", "2.2", "2"),
        ("renumbered", "2.2", "2.3", "2"),
        ("removed", "2.3", "", "2"),
    ]
    assert rows[0]["diff"].count("[-") == 1 and rows[0]["old_text"] == R11_OLD
    assert rows[1]["old_text"] == "" and rows[1]["new_text"] == R22_NEW


def test_renumbered_item_with_small_edit_and_heavy_rewording() -> None:
    old, new = old_edition(), clone(old_edition())
    # a new item 1.2.b is inserted; the old 1.2.b becomes 1.2.c with one word changed
    i = next(i for i, r in enumerate(new.records) if r.id == "1.2.b")
    new.records[i] = rec(1, 2, "Échanger des informations ;", 1, item="b")
    new.records.insert(i + 1, rec(1, 2, R12B.replace("leurs", "ses"), 1, item="c"))
    # 2.1 keeps its id but is rewritten completely: still the same recommendation
    j = next(i for i, r in enumerate(new.records) if r.id == "2.1")
    new.records[j] = rec(2, 1, "Aucune poursuite pénale pour le seul fait d'avoir été objet "
                         "d'un trafic.", 2)
    d = compare(old, new)
    assert _kinds(d) == [
        ("added", None, "1.2.b"),
        ("renumbered", "1.2.b", "1.2.c"),
        ("reworded", "2.1", "2.1"),
    ]
    assert d.changes[1].diff.count("[-leurs-]{+ses+}") == 1
    assert (d.changes[2].similarity or 1) < 0.9
    md = changelog_markdown(d)
    assert "- **Renumbered 1.2.b → 1.2.c**: Renforcer les capacités de [-leurs-]{+ses+}" in md


def test_identical_editions_and_threshold() -> None:
    d = compare(old_edition(), old_edition())
    assert d.changes == [] and d.unchanged == 8
    assert "No changes." in changelog_markdown(d)
    # with a threshold of 1.0, the slightly re-worded 1.1 is still the same id: reworded
    d = compare(old_edition(), new_edition(), threshold=1.0)
    assert ("reworded", "1.1", "1.1") in _kinds(d)
    with pytest.raises(ValueError, match="threshold"):
        compare(old_edition(), new_edition(), threshold=0)


def test_paragraphs_mode_and_mode_mismatch() -> None:
    old, new = paragraphs_doc(), clone(paragraphs_doc())
    new.paragraphs[-1].text = new.paragraphs[-1].text.replace("voudra peut-être", "devrait")
    d = compare(old, new)
    assert _kinds(d) == [("reworded", "4", "4")]
    assert "## Section III" in changelog_markdown(d)
    with pytest.raises(ValueError, match="cannot compare"):
        compare(old_edition(), paragraphs_doc())


def test_word_diff_and_id_order() -> None:
    assert word_diff("a b c", "a x c") == "a [-b-]{+x+} c"
    assert word_diff("a b", "a b c") == "a b {+c+}"
    assert word_diff("a b c", "a c") == "a [-b-] c"
    assert sorted(["1.10", "1.9", "1.9.b", "1.9.a", "2.1"], key=id_sort_key) == [
        "1.9", "1.9.a", "1.9.b", "1.10", "2.1",
    ]


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


@pytest.fixture()
def editions(tmp_path: Path) -> tuple[Path, Path]:
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    write_outputs([old_edition()], old_dir, {"json"})
    write_outputs([new_edition()], new_dir, {"json"})
    return next(old_dir.glob("*.json")), next(new_dir.glob("*.json"))


def test_cli_writes_table_and_changelog(editions: tuple[Path, Path], tmp_path: Path) -> None:
    out, md = tmp_path / "changes.csv", tmp_path / "CHANGELOG.md"
    r = CliRunner().invoke(app, ["diff", *map(str, editions), "--out", str(out),
                                 "--markdown", str(md)])
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert "records: 5 added, 1 removed, 1 reworded, 1 renumbered" in r.stderr
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 8
    assert "## III. Troisième réunion" in md.read_text(encoding="utf-8")


def test_cli_prints_changelog_without_outputs(editions: tuple[Path, Path]) -> None:
    r = CliRunner().invoke(app, ["diff", *map(str, editions)])
    assert r.exit_code == 0
    assert r.stdout.startswith("# Changes from CTOC/COP/WG.7/2014/2")


def test_cli_bad_inputs(editions: tuple[Path, Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "other"}', encoding="utf-8")
    runner = CliRunner()
    r = runner.invoke(app, ["diff", str(bad), str(editions[1])])
    assert r.exit_code == errors.EXIT_INPUT
    assert r.stderr.strip() == f"error: {bad}: not a readable unrecs JSON file (ValueError)"
    r = runner.invoke(app, ["diff", str(tmp_path / "missing.json"), str(editions[1])])
    assert r.exit_code == errors.EXIT_INPUT
    write_outputs([paragraphs_doc()], tmp_path / "p", {"json"})
    r = runner.invoke(app, ["diff", str(editions[0]), str(next((tmp_path / "p").glob("*.json")))])
    assert r.exit_code == errors.EXIT_INPUT and "cannot compare" in r.stderr
