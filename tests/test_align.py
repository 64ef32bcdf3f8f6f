"""``unrecs align``: records pair by id, then by position between id pairs (#16)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from conftest import extraction, real_pdf

from pipeline.model import DocumentMeta, Extraction, Paragraph
from pipeline.out.nested import document_json
from pipeline.tools.align import align

ARABIC = "ISBA_16_A_12_Rev.1_A.pdf"
FRENCH = "ISBA_16_A_12_Rev.1_F.pdf"

# -- record level: hand-built versions ----------------------------------------------------------


def _doc(lang: str, rows: list[tuple[str, str]], gaps: str | None = None) -> Extraction:
    """A version of one document in ``lang``: (id, text) paragraphs in reading order."""
    paragraphs = []
    for rid, text in rows:
        local = rid.rsplit("/", 1)[-1]
        head, _, item = local.partition(".")
        number = int(head) if head.isdigit() else None
        section = rid.rsplit("/", 1)[0] if "/" in rid else ""
        parent = rid.rsplit(".", 1)[0] if item else None
        paragraphs.append(Paragraph(rid, parent, section, number, item or None, text, 1, 1))
    meta = DocumentMeta(symbol="ISBA/0/A/1", language=lang, printed_gaps=gaps)
    return Extraction(meta, "paragraphs", [], [], paragraphs, [], [])


def _text(n: int) -> str:
    """A text of ``n`` characters."""
    return ("word " * n)[:n]


def _pairs(a: Extraction, b: Extraction) -> dict[str, tuple[str, str]]:
    al = align(a, b)
    return {r["id"]: (r[f"id_{al.lang_b}"], r["match"]) for _, r in al.table.iterrows()}


def test_a_list_labelled_otherwise_pairs_by_position() -> None:
    """One version prints (i) (ii) (iii) under paragraph 2 where the other prints a) b) c):
    the three records between the id pairs 2 and 3 pair in order."""
    ar = _doc("ar", [("art-1/1", _text(80)), ("art-1/2", _text(40)), ("art-1/t1", _text(90)),
                     ("art-1/t2", _text(100)), ("art-1/t3", _text(110)), ("art-1/3", _text(70))])
    fr = _doc("fr", [("art-1/1", _text(95)), ("art-1/2", _text(45)), ("art-1/2.a", _text(100)),
                     ("art-1/2.b", _text(120)), ("art-1/2.c", _text(130)), ("art-1/3", _text(80))])
    al = align(ar, fr)
    assert al.only_a == [] and al.only_b == [] and al.unpaired == []
    assert _pairs(ar, fr) == {
        "art-1/1": ("art-1/1", "id"), "art-1/2": ("art-1/2", "id"),
        "art-1/t1": ("art-1/2.a", "position"), "art-1/t2": ("art-1/2.b", "position"),
        "art-1/t3": ("art-1/2.c", "position"), "art-1/3": ("art-1/3", "id"),
    }
    assert list(al.table["id"]) == ["art-1/1", "art-1/2", "art-1/t1", "art-1/t2", "art-1/t3",
                                    "art-1/3"]
    assert any("art-1/t1 = art-1/2.a" in w for w in al.warnings)


def test_a_printed_gap_shifts_the_numbers_after_it() -> None:
    """One version numbers 1 2 4 5 (its printed_gaps: 3), the other 1 2 3 4: its 4 is the
    other's 3, and so on; in either order of the two versions."""
    texts = [_text(n) for n in (200, 150, 300, 40, 250)]
    ar = _doc("ar", [("art-9/1", texts[0]), ("art-9/2", texts[1]), ("art-9/4", texts[2]),
                     ("art-9/5", texts[3]), ("art-9/6", texts[4]), ("art-10/1", _text(90))],
              gaps="art-9/3")
    fr = _doc("fr", [("art-9/1", texts[0]), ("art-9/2", texts[1]), ("art-9/3", texts[2]),
                     ("art-9/4", texts[3]), ("art-9/5", texts[4]), ("art-10/1", _text(90))])
    assert _pairs(ar, fr) == {
        "art-9/1": ("art-9/1", "id"), "art-9/2": ("art-9/2", "id"),
        "art-9/4": ("art-9/3", "position"), "art-9/5": ("art-9/4", "position"),
        "art-9/6": ("art-9/5", "position"), "art-10/1": ("art-10/1", "id"),
    }
    assert _pairs(fr, ar)["art-9/3"] == ("art-9/4", "position")
    assert align(ar, fr).only_a == [] and align(fr, ar).only_b == []
    # the same when the other version calls the article a section (the ISBA clauses)
    en = _doc("en", [(rid.replace("art-", "sec-"), text) for rid, text in [
        ("art-9/1", texts[0]), ("art-9/2", texts[1]), ("art-9/3", texts[2]),
        ("art-9/4", texts[3]), ("art-9/5", texts[4]), ("art-10/1", _text(90))]])
    assert _pairs(ar, en)["art-9/4"] == ("sec-9/3", "position")


def test_a_printed_gap_the_other_version_shares_keeps_the_ids() -> None:
    """A gap both versions print, or a paragraph the other version really has on top, leaves
    the pairs by id: position cannot pair 4 5 with 3 4 5."""
    ar = _doc("ar", [("1", _text(100)), ("2", _text(100)), ("4", _text(100)),
                     ("5", _text(100))], gaps="3")
    fr = _doc("fr", [("1", _text(100)), ("2", _text(100)), ("3", _text(100)),
                     ("4", _text(100)), ("5", _text(100))])
    al = align(ar, fr)
    assert _pairs(ar, fr) == {k: (k, "id") for k in ("1", "2", "4", "5")}
    assert al.only_b == ["3"]
    assert al.unpaired == ["between 2 and 4: 0 record(s) in ar, 1 in fr (3)"]


def test_unequal_or_implausible_leftovers_stay_unpaired() -> None:
    """Two records against one, or texts whose lengths cannot be one another's translation,
    stay unpaired, each place with its reason."""
    a = _doc("en", [("1", _text(100)), ("1.a", _text(90)), ("1.b", _text(80)),
                    ("2", _text(100)), ("3.x", _text(400)), ("4", _text(100))])
    b = _doc("es", [("1", _text(110)), ("1.i", _text(90)), ("2", _text(110)),
                    ("3.y", _text(70)), ("4", _text(110))])
    al = align(a, b)
    assert set(al.table["match"]) == {"id"}
    assert al.only_a == ["1.a", "1.b", "3.x"] and al.only_b == ["1.i", "3.y"]
    assert al.unpaired == [
        "between 1 and 2: 2 record(s) in en, 1 in es (1.a, 1.b, 1.i)",
        "between 2 and 4: 1 record(s) in each of en and es whose lengths disagree (3.x, 3.y)",
    ]


def test_align_command_writes_how_each_row_was_paired(tmp_path: Path) -> None:
    """The CLI keeps its columns and lines, adds id_<B> and match, and says why a record
    stays unpaired; exit code 0."""
    ar = _doc("ar", [("pp1", _text(120)), ("1", _text(100)), ("t1", _text(100)),
                     ("2", _text(100))])
    fr = _doc("fr", [("1", _text(100)), ("1.a", _text(100)), ("2", _text(100))])
    paths = []
    for ex, name in ((ar, "doc_ar.json"), (fr, "doc_fr.json")):
        paths.append(tmp_path / name)
        paths[-1].write_text(json.dumps(document_json(ex), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "aligned.csv"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "align", *map(str, paths),
                           "--out", str(out)], capture_output=True, text=True, timeout=300,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["symbol", "id", "meeting", "section", "number", "item", "text_ar",
                             "text_fr", "page_ar", "page_fr", "id_fr", "match"]
    assert [(r["id"], r["id_fr"], r["match"]) for r in rows] == [
        ("1", "1", "id"), ("t1", "1.a", "position"), ("2", "2", "id")]
    assert "3 aligned record(s) →" in proc.stderr
    assert "only in doc_ar.json (ar): pp1" in proc.stderr
    assert "unpaired before 1: 1 record(s) in ar, 0 in fr (pp1)" in proc.stderr
    assert "warning: 1 record(s) paired by position" in proc.stderr


# -- the genuine Arabic and French ISBA regulations ---------------------------------------------


def test_align_pairs_the_arabic_and_french_isba_regulations_completely() -> None:
    """Every record of the Arabic pairs with one of the French. Where the two print their
    numbering differently, the pairs read off the page images pair by position:
    - article 21, paragraph 2 (Arabic page 17, French page 14): the Arabic lists ’١‘ ’٢‘ ’٣‘
      (kept as the article's text t1-t3), the French a) b) c): 5, 10 and 20 dollars;
    - article 27 (Arabic page 22, French page 18): the Arabic numbers ١ ٢ ٤ ٥ ٦ ٧, the French
      1 to 6: Arabic ٤ ("may at any time relinquish", 2 500 km²) is French 3, ٥ ("the
      relinquished parts revert to the Area") 4, ٦ (fifteenth year) 5, ٧ (exceptional
      circumstances) 6.
    The French preambular paragraph (page 1, "Ayant examiné …,") is the one record left: the
    Arabic prints it as a sentence ("وقد نظرت … (ISBA/16/C/L.5)."), no preambular paragraph."""
    ar = extraction(str(real_pdf(ARABIC)))
    fr = extraction(str(real_pdf(FRENCH)))
    al = align(ar, fr)
    assert al.only_a == []
    assert al.only_b == ["pp1"]
    assert al.unpaired == ["before annex/part-1/art-1/1: 0 record(s) in ar, 1 in fr (pp1)"]
    assert len(al.table) == len(ar.paragraphs) == len(fr.paragraphs) - 1
    got = {r["id"]: (r["id_fr"], r["match"]) for _, r in al.table.iterrows()}
    art21, art27 = "annex/part-3/sec-3/art-21", "annex/part-4/art-27"
    assert {k: v for k, v in got.items() if v[1] == "position"} == {
        f"{art21}/t1": (f"{art21}/2.a", "position"),
        f"{art21}/t2": (f"{art21}/2.b", "position"),
        f"{art21}/t3": (f"{art21}/2.c", "position"),
        f"{art27}/4": (f"{art27}/3", "position"),
        f"{art27}/5": (f"{art27}/4", "position"),
        f"{art27}/6": (f"{art27}/5", "position"),
        f"{art27}/7": (f"{art27}/6", "position"),
    }
    assert got[f"{art27}/2.b"] == (f"{art27}/2.b", "id")
    assert got["annex-4/sec-3/1"] == ("annex-4/art-3/1", "id")
    row = al.table[al.table["id"] == f"{art27}/5"].iloc[0]
    assert row["text_fr"] == "Les secteurs restitués retournent à la Zone."
    assert (row["page_ar"], row["page_fr"]) == (22, 18)
