"""``unrecs align``: records pair by id, then by position or length between id pairs (#16)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from conftest import extraction, real_pdf

from pipeline.model import DocumentMeta, Extraction, Paragraph
from pipeline.out.nested import document_json
from pipeline.tools.align import align, is_ordinal

ARABIC = "ISBA_16_A_12_Rev.1_A.pdf"
FRENCH = "ISBA_16_A_12_Rev.1_F.pdf"

# -- record level: hand-built versions ----------------------------------------------------------


def _doc(lang: str, rows: list[tuple[str, str]], gaps: str | None = None) -> Extraction:
    """A version of one document in ``lang``: (id, text) paragraphs in reading order, of kind
    preamble (``pp<k>``), text (``t<k>``), item or paragraph."""
    paragraphs = []
    for rid, text in rows:
        local = rid.rsplit("/", 1)[-1]
        head, _, item = local.partition(".")
        number = int(head) if head.isdigit() else None
        section = rid.rsplit("/", 1)[0] if "/" in rid else ""
        parent = rid.rsplit(".", 1)[0] if item else None
        kind = ("item" if item else "preamble" if head.startswith("pp")
                else "text" if head.startswith("t") else "paragraph")
        paragraphs.append(Paragraph(rid, parent, section, number, item or None, text, 1, 1,
                                    kind=kind))
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


def test_an_ordinal_id_is_no_label() -> None:
    """``t<k>``, ``pp<k>`` and ``p<k>`` rank unnumbered text (with their items and a repeat
    suffix); a printed number or letter is a label."""
    assert all(map(is_ordinal, ["t2", "annex/pp1", "p7", "art-9/t1.a", "t2~2", "annex-3/t13",
                                "res-55.25/pp2"]))
    assert not any(map(is_ordinal, ["12", "annex-1/art-12/3.a", "part-1/A/art-7/1", "2~2",
                                    "IV.B/3", "seq-2/1.t"]))


def test_unnumbered_texts_pair_by_length_not_by_their_rank() -> None:
    """The French prints a lead-in, a preambular paragraph and an operative one; the Arabic
    no lead-in row, the preambular paragraph as a sentence (a t row), the operative one, and
    a meeting line the French lacks: t1 pairs with pp1 and t2 with t2 by their lengths, the
    lead-in and the meeting line stay unpaired. The lead-in and the preambular paragraph
    together would fit t1's length, but records of two kinds are no one paragraph."""
    ar = _doc("ar", [("t1", _text(264)), ("t2", _text(150)), ("t3", _text(27)),
                     ("1", _text(100)), ("2", _text(100))])
    fr = _doc("fr", [("t1", _text(58)), ("pp1", _text(206)), ("t2", _text(157)),
                     ("1", _text(100)), ("2", _text(100))])
    al = align(ar, fr)
    assert _pairs(ar, fr) == {"t1": ("pp1", "length"), "t2": ("t2", "length"),
                              "1": ("1", "id"), "2": ("2", "id")}
    assert al.only_a == ["t3"] and al.only_b == ["t1"]
    assert al.unpaired == ["before 1: 1 record(s) in ar, 1 in fr without a counterpart of "
                           "fitting length (t3, t1)"]
    assert any(w.startswith("2 record(s) paired by length") and "t1 = pp1" in w
               for w in al.warnings)


def test_two_records_read_as_one_paragraph_pair_as_one_and_the_rest_pairs_on() -> None:
    """One version reads as two paragraphs what the other prints as one: the one pairs with
    the two (``merged``, their ids joined by ``+`` and their texts by a space), in both
    argument orders, and the records after them pair by length, their ranks one off; as many
    records in both versions and lengths that agree pair in order, as before."""
    ar = _doc("ar", [("1", _text(100)), ("1/t1", _text(120)), ("1/t2", _text(300)),
                     ("1/t3", _text(90)), ("1/t4", _text(200)), ("2", _text(100))])
    fr = _doc("fr", [("1", _text(100)), ("1/t1", _text(125)), ("1/t2", _text(140)),
                     ("1/t3", _text(150)), ("1/t4", _text(95)), ("1/t5", _text(190)),
                     ("2", _text(100))])
    al = align(ar, fr)
    assert _pairs(ar, fr) == {"1": ("1", "id"), "1/t1": ("1/t1", "length"),
                              "1/t2": ("1/t2+1/t3", "merged"),
                              "1/t3": ("1/t4", "length"), "1/t4": ("1/t5", "length"),
                              "2": ("2", "id")}
    assert al.only_a == [] and al.only_b == [] and al.unpaired == []
    row = al.table[al.table["id"] == "1/t2"].iloc[0]
    assert row["text_fr"] == _text(140) + " " + _text(150)
    assert any("paired as one: 1/t2 = 1/t2 + 1/t3" in w for w in al.warnings)
    back = align(fr, ar)
    assert {r["id"]: (r["id_ar"], r["match"]) for _, r in back.table.iterrows()
            if r["match"] == "merged"} == {"1/t2": ("1/t2", "merged"), "1/t3": ("1/t2", "merged")}
    assert back.only_a == [] and back.only_b == []
    same = _doc("fr", [("1", _text(100)), ("1/t1", _text(125)), ("1/t2", _text(290)),
                       ("1/t3", _text(95)), ("1/t4", _text(190)), ("2", _text(100))])
    assert {v for k, v in _pairs(ar, same).items() if "/" in k} == {
        (k, "position") for k in ("1/t1", "1/t2", "1/t3", "1/t4")}


def test_a_document_without_numbering_pairs_its_paragraphs_by_length() -> None:
    """Two versions of a document without numbering (rows p<k> only, no id pairs: the usual
    ratio is that of the whole texts, here 1.3), one paragraph missing from the second: the
    paragraphs after it pair with the next rank."""
    lengths = [120, 300, 80, 450, 200, 90, 260, 150]
    en = _doc("en", [(f"p{k}", _text(n)) for k, n in enumerate(lengths, 1)])
    fr = _doc("fr", [(f"p{k}", _text(round(n * 1.3))) for k, n in
                     enumerate(lengths[:3] + lengths[4:], 1)])
    al = align(en, fr)
    assert _pairs(en, fr) == {"p1": ("p1", "length"), "p2": ("p2", "length"),
                              "p3": ("p3", "length"), "p5": ("p4", "length"),
                              "p6": ("p5", "length"), "p7": ("p6", "length"),
                              "p8": ("p7", "length")}
    assert al.only_a == ["p4"] and al.only_b == []


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


def _plain(text: str) -> str:
    """A text without the Arabic tatweel (justification stretches), to compare openings."""
    return text.replace("\u0640", "")


def test_align_pairs_the_arabic_and_french_isba_regulations_completely() -> None:
    """Every numbered record of the Arabic pairs with one of the French. Where the two print
    their numbering differently, the pairs read off the page images pair by position:
    - article 21, paragraph 2 (Arabic page 17, French page 14): the Arabic lists ’١‘ ’٢‘ ’٣‘
      (kept as the article's text t1-t3), the French a) b) c): 5, 10 and 20 dollars;
    - article 27 (Arabic page 22, French page 18): the Arabic numbers ١ ٢ ٤ ٥ ٦ ٧, the French
      1 to 6: Arabic ٤ ("may at any time relinquish", 2 500 km²) is French 3, ٥ ("the
      relinquished parts revert to the Area") 4, ٦ (fifteenth year) 5, ٧ (exceptional
      circumstances) 6.
    Unnumbered texts pair by length, whatever their ranks:
    - page 1: the Arabic "وقد نظرت …" is the French preambular paragraph "Ayant examiné …,"
      (the Arabic ends it with a full stop), "توافق …" is "Approuve …"; the Arabic meeting
      line "الجلسة ١٣٠ / ٧ أيار/مايو ٢٠١٠" has no French counterpart (French page 1 prints
      none);
    - the contract's own annexes (Arabic page 44, French page 37): "[الإحداثيات …]" is
      "[Coordonnées et carte du secteur d'exploration]", "[برنامج أنشطة …]" is "[Programme
      d'activité quinquennal …]", "[يصبح برنامج التدريب …]" is "[Le programme de formation …]";
    - the contract (Arabic page 43, French page 36): the Arabic prints recital (٣) and the
      grant of rights ("تمنح السلطة المتعاقد …") as one paragraph, the French as two ("3)
      L'intérêt …;", "l'Autorité accorde …"): they stay unpaired, and "رهنا بالشروط القياسية
      …" pairs with "Le présent contrat prendra effet …" after them."""
    ar = extraction(str(real_pdf(ARABIC)))
    fr = extraction(str(real_pdf(FRENCH)))
    al = align(ar, fr)
    assert all(is_ordinal(rid) for rid in al.only_a + al.only_b)
    assert all(is_ordinal(rid) for rid in (p.id for p in ar.paragraphs)
               if rid not in set(al.table["id"]))
    got = {r["id"]: (r["id_fr"], r["match"]) for _, r in al.table.iterrows()}
    art21, art27 = "annex/part-3/sec-3/art-21", "annex/part-4/art-27"
    moved = {k: v for k, v in got.items() if k.rsplit("/", 1)[-1] != v[0].rsplit("/", 1)[-1]}
    assert {k: v for k, v in moved.items() if v[1] == "position"} == {
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
    # unnumbered texts, by their openings as printed
    partner = {_plain(str(r["text_ar"])): str(r["text_fr"]) for _, r in al.table.iterrows()}
    expected = {
        "وقد نظرت": "Ayant examiné le Règlement",
        "توافق على": "Approuve le Règlement",
        "[الإحداثيات": "[Coordonnées et carte du secteur d'exploration]",
        "[برنامج أنشطة": "[Programme d'activité quinquennal",
        "[يصبح برنامج": "[Le programme de formation",
        "رهنا بالشروط": "Le présent contrat prendra effet",
    }
    for opening, french in expected.items():
        found = [fr_text for ar_text, fr_text in partner.items() if ar_text.startswith(opening)]
        assert found and found[0].startswith(french), (opening, found)
    paired_ar = {_plain(str(t)) for t in al.table["text_ar"]}
    assert not any(t.startswith("الجلسة") for t in paired_ar)
    # the contract's recital 3 and its grant of rights: one paragraph in the Arabic, two in
    # the French (pages 43-44 and 36-37), paired as one
    merged = {_plain(str(r["text_ar"]))[:14]: str(r["text_fr"]) for _, r in al.table.iterrows()
              if r["match"] == "merged"}
    recital = [fr for ar, fr in merged.items() if ar.startswith("مصلحة المتعاقد")]
    assert recital and recital[0].startswith("3) L'intérêt") and "l'Autorité accorde" in recital[0]
