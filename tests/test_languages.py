"""Language versions: meeting headings, dates and front matter in fr, en, es and ru read from the
multilingual fixtures; the language comes from the document, never from the file name; and
`unrecs align` pairs two language versions by record id.

Expected values are copied from the fixture sources (fixtures/sources/*.txt), not from the
pipeline's output.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, extraction, golden

from pipeline.lang import (
    language_line,
    list_letter_value,
    next_list_letter,
    parse_distribution,
    parse_job_number,
    resolution_adopted_language,
    un_name_language,
)
from pipeline.parse.dates import find_date_range
from pipeline.parse.document import extract_document
from pipeline.parse.headings import parse_meeting_heading


def _pdf(name: str) -> Path:
    return FIXTURES / "pdfs" / f"{name}.pdf"


# --------------------------------------------------------------------------------------------
# Meeting headings (as printed), cities (as printed) and ISO dates, per language
# --------------------------------------------------------------------------------------------

MEETINGS: dict[str, list[tuple[str, str, str, str]]] = {
    "wg7_2020_fr_nine_meetings": [
        ("I. Première réunion, tenue à Vienne du 30 mai au 1er juin 2012", "Vienne",
         "2012-05-30", "2012-06-01"),
        ("II. Deuxième réunion, tenue à Vienne du 11 au 13 novembre 2013", "Vienne",
         "2013-11-11", "2013-11-13"),
        ("III. Troisième réunion, tenue à Vienne du 18 au 20 novembre 2015", "Vienne",
         "2015-11-18", "2015-11-20"),
        ("IV. Quatrième réunion, tenue à Vienne du 11 au 13 septembre 2017", "Vienne",
         "2017-09-11", "2017-09-13"),
        ("V. Cinquième réunion, tenue à Vienne les 4 et 5 juillet 2018", "Vienne",
         "2018-07-04", "2018-07-05"),
        ("VI. Sixième réunion, tenue à Vienne du 8 au 10 juillet 2019", "Vienne",
         "2019-07-08", "2019-07-10"),
        ("VII. Septième réunion, tenue à Vienne du 30 décembre 2019 au 2 janvier 2020", "Vienne",
         "2019-12-30", "2020-01-02"),
        ("VIII. Huitième réunion, tenue à Genève le 3 mai 2020", "Genève",
         "2020-05-03", "2020-05-03"),
        ("IX. Neuvième réunion, tenue à New York les 4 et 5 novembre 2020", "New York",
         "2020-11-04", "2020-11-05"),
    ],
    "wg_en_recommendations": [
        ("I. First meeting, held in Vienna from 30 May to 1 June 2012", "Vienna",
         "2012-05-30", "2012-06-01"),
        ("II. Second meeting, held in Vienna from 11 to 13 November 2013", "Vienna",
         "2013-11-11", "2013-11-13"),
        ("III. Third meeting, held in Vienna from 18 to 20 November 2015", "Vienna",
         "2015-11-18", "2015-11-20"),
        ("IV. Fourth meeting, held in Vienna on 4 and 5 July 2018", "Vienna",
         "2018-07-04", "2018-07-05"),
    ],
    "wg_es_recommendaciones": [
        ("I. Primera reunión, celebrada en Viena del 30 de mayo al 1 de junio de 2012", "Viena",
         "2012-05-30", "2012-06-01"),
        ("II. Segunda reunión, celebrada en Viena del 11 al 13 de noviembre de 2013", "Viena",
         "2013-11-11", "2013-11-13"),
        ("III. Tercera reunión, celebrada en Viena del 18 al 20 de noviembre de 2015", "Viena",
         "2015-11-18", "2015-11-20"),
        ("IV. Cuarta reunión, celebrada en Viena los días 4 y 5 de julio de 2018", "Viena",
         "2018-07-04", "2018-07-05"),
    ],
    "wg_ru_rekomendatsii": [
        ("I. Первое совещание, состоявшееся в Вене 30 мая – 1 июня 2012 года", "Вене",
         "2012-05-30", "2012-06-01"),
        ("II. Второе совещание, состоявшееся в Вене 11–13 ноября 2013 года", "Вене",
         "2013-11-11", "2013-11-13"),
        ("III. Третье совещание, состоявшееся в Вене 18–20 ноября 2015 года", "Вене",
         "2015-11-18", "2015-11-20"),
        ("IV. Четвертое совещание, состоявшееся в Вене 4 и 5 июля 2018 года", "Вене",
         "2018-07-04", "2018-07-05"),
    ],
    "wg_tip_sibling_en": [
        ("I. First meeting, held in Vienna on 14 and 15 April 2009", "Vienna",
         "2009-04-14", "2009-04-15"),
        ("II. Second meeting, held in Vienna from 27 to 29 January 2010", "Vienna",
         "2010-01-27", "2010-01-29"),
        ("III. Third meeting, held in Vienna from 10 to 12 October 2011", "Vienna",
         "2011-10-10", "2011-10-12"),
    ],
}
LANG_OF = {"wg7_2020_fr_nine_meetings": "fr", "wg_en_recommendations": "en",
           "wg_es_recommendaciones": "es", "wg_ru_rekomendatsii": "ru", "wg_tip_sibling_en": "en"}


@pytest.mark.parametrize("name", sorted(MEETINGS))
def test_meetings_of_each_language_version(name: str) -> None:
    ex = extraction(str(_pdf(name)))
    assert ex.mode == "recommendations"
    got = [(m.heading, m.city, m.start_date, m.end_date) for m in ex.meetings]
    assert got == MEETINGS[name]
    assert [m.meeting for m in ex.meetings] == list(range(1, len(MEETINGS[name]) + 1))


@pytest.mark.parametrize(
    ("name", "heading", "city", "start", "end"),
    [(name, *row) for name, rows in sorted(MEETINGS.items()) for row in rows],
)
def test_heading_parser_on_printed_headings(name: str, heading: str, city: str, start: str,
                                            end: str) -> None:
    """The heading parser alone, with and without the document's language."""
    number = heading.split(".", 1)[0]
    for lang in (LANG_OF[name], None):
        h = parse_meeting_heading(heading, lang)
        assert h is not None, (heading, lang)
        assert (h.city, h.start_date, h.end_date) == (city, start, end)
        assert h.lang == LANG_OF[name]
        assert h.ordinal == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"].index(
            number) + 1


def test_russian_city_nominative_and_dash_ranges() -> None:
    h = parse_meeting_heading("Второе совещание, состоявшееся в Вене 11–13 ноября 2013 года")
    assert h is not None and h.city == "Вене" and h.city_nominative == "Вена"
    found = find_date_range("30 мая – 1 июня 2012 года", "ru")
    assert found is not None and (found.start, found.end) == ("2012-05-30", "2012-06-01")


def test_nine_meetings_edition_spans_many_pages() -> None:
    ex = extraction(str(_pdf("wg7_2020_fr_nine_meetings")))
    assert ex.meta.page_count > 10
    assert len({r.meeting for r in ex.records}) == 9
    # the five meetings of the shipped document keep their ids and texts in the later edition
    shipped = {r.id: r.text for r in extraction(str(_pdf("wg7_2019_fr"))).records}
    later = {r.id: r.text for r in ex.records if r.meeting <= 5}
    assert later == shipped
    ix = [r for r in ex.records if r.meeting == 9]
    assert [r.id for r in ix] == ["9.1", "9.2", "9.2.a", "9.2.b", "9.2.c", "9.2.d", "9.3"]


# --------------------------------------------------------------------------------------------
# Front matter per language
# --------------------------------------------------------------------------------------------

FRONT: dict[str, dict[str, object]] = {
    "wg7_2020_fr_nine_meetings": {
        "symbol": "CTOC/COP/WG.7/2020/CRP.1", "language": "fr", "original_language": "en",
        "distribution": "general", "date": "2020-11-30",
        "organ": "Conférence des Parties à la Convention des Nations Unies contre la "
                 "criminalité transnationale organisée",
        "body": "Groupe de travail sur le trafic illicite de migrants",
        "session": "Vienne, 12-14 avril 2021", "agenda_item": "3",
        "agenda_title": "Questions diverses",
        "title": "Recommandations adoptées par le Groupe de travail sur le trafic illicite de "
                 "migrants au cours de ses neuf premières réunions",
        "subtitle": "Document d'information établi par le Secrétariat",
        "job_number": "V.20-06512",
    },
    "wg_en_recommendations": {
        "symbol": "CTOC/COP/WG.7/2019/CRP.2", "language": "en", "original_language": "en",
        "distribution": "general", "date": "2019-05-15",
        "organ": "Conference of the Parties to the United Nations Convention against "
                 "Transnational Organized Crime",
        "body": "Working Group on the Smuggling of Migrants",
        "session": "Vienna, 11–13 September 2019", "agenda_item": "4",
        "agenda_title": "Other matters",
        "title": "Recommendations adopted by the Working Group on the Smuggling of Migrants at "
                 "its first four meetings",
        "subtitle": "Background paper prepared by the Secretariat",
        "job_number": "V.19-03011",
    },
    "wg_es_recommendaciones": {
        "symbol": "CTOC/COP/WG.7/2019/CRP.2", "language": "es", "original_language": "en",
        "distribution": "general", "date": "2019-05-15",
        "organ": "Conferencia de las Partes en la Convención de las Naciones Unidas contra la "
                 "Delincuencia Organizada Transnacional",
        "body": "Grupo de Trabajo sobre el Tráfico Ilícito de Migrantes",
        "session": "Viena, 11 a 13 de septiembre de 2019", "agenda_item": "4",
        "agenda_title": "Otros asuntos",
        "title": "Recomendaciones aprobadas por el Grupo de Trabajo sobre el Tráfico Ilícito de "
                 "Migrantes en sus cuatro primeras reuniones",
        "subtitle": "Documento de antecedentes preparado por la Secretaría",
        "job_number": "V.19-03013",
    },
    "wg_ru_rekomendatsii": {
        "symbol": "CTOC/COP/WG.7/2019/CRP.2", "language": "ru", "original_language": "en",
        "distribution": "general", "date": "2019-05-15",
        "organ": "Конференция участников Конвенции Организации Объединенных Наций против "
                 "транснациональной организованной преступности",
        "body": "Рабочая группа по незаконному ввозу мигрантов",
        "session": "Вена, 11–13 сентября 2019 года", "agenda_item": "4",
        "agenda_title": "Прочие вопросы",
        "title": "Рекомендации, принятые Рабочей группой по незаконному ввозу мигрантов на ее "
                 "первых четырех совещаниях",
        "subtitle": "Справочный документ, подготовленный Секретариатом",
        "job_number": "V.19-03015",
    },
    "ga_resolution_en": {
        "symbol": "A/RES/75/999", "language": "en", "original_language": None,
        "distribution": "general", "date": "2021-01-05", "organ": "General Assembly",
        "body": None, "session": "Seventy-fifth session", "agenda_item": "107",
        "agenda_title": "Crime prevention and criminal justice",
        "title": "Strengthening international cooperation to prevent and combat the smuggling "
                 "of migrants",
        "subtitle": "Resolution adopted by the General Assembly on 16 December 2020",
        "job_number": "20-17777",
    },
}


@pytest.mark.parametrize("name", sorted(FRONT))
def test_front_matter_of_each_language_version(name: str) -> None:
    meta = extraction(str(_pdf(name))).meta
    assert {k: getattr(meta, k) for k in FRONT[name]} == FRONT[name]


@pytest.mark.parametrize(
    ("text", "function", "expected"),
    [
        ("Distr.: General", parse_distribution, "general"),
        ("Distr. general", parse_distribution, "general"),
        ("Distr. générale", parse_distribution, "general"),
        ("Español", language_line, "es"),
        ("Russian", language_line, "ru"),
        ("Français", language_line, "fr"),
        ("Naciones Unidas", un_name_language, "es"),
        ("Организация Объединенных Наций", un_name_language, "ru"),
        ("V.19-03015 (R) 150519 210519", parse_job_number, ("V.19-03015", "ru")),
        ("V.19-03013 (S)", parse_job_number, ("V.19-03013", "es")),
        ("20-17777 (E) 050121", parse_job_number, ("20-17777", "en")),
        ("Resolution adopted by the General Assembly on 16 December 2020",
         resolution_adopted_language, "en"),
        ("Résolution adoptée par l'Assemblée générale le 16 décembre 2020",
         resolution_adopted_language, "fr"),
        ("Resolución aprobada por la Asamblea General el 16 de diciembre de 2020",
         resolution_adopted_language, "es"),
        ("Резолюция, принятая Генеральной Ассамблеей 16 декабря 2020 года",
         resolution_adopted_language, "ru"),
        ("Recommendations adopted by the Working Group", resolution_adopted_language, None),
    ],
)
def test_masthead_vocabulary(text: str, function, expected) -> None:  # noqa: ANN001
    assert function(text) == expected


def test_list_letters_latin_and_cyrillic() -> None:
    assert [next_list_letter(c) for c in "hiz"] == ["i", "j", "aa"]
    # Russian lists skip й: и) is followed by к)
    assert next_list_letter("и") == "к" and next_list_letter("а") == "б"
    assert list_letter_value("к") == list_letter_value("j") == 10
    assert list_letter_value("й") is None and list_letter_value("1") is None


def test_russian_items_use_cyrillic_letters() -> None:
    ex = extraction(str(_pdf("wg_ru_rekomendatsii")))
    items = [r for r in ex.records if r.parent_id == "1.3"]
    assert [(r.id, r.item) for r in items] == [("1.3.а", "а"), ("1.3.б", "б"), ("1.3.в", "в")]
    assert items[0].text.startswith("организация специализированной подготовки")


# --------------------------------------------------------------------------------------------
# The language comes from the document (language line, job-number suffix, masthead)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "misleading", "lang"),
    [
        ("wg_ru_rekomendatsii", "english.pdf", "ru"),
        ("wg_en_recommendations", "doc_F_fr.pdf", "en"),  # no language line: the (E) suffix
        ("wg_es_recommendaciones", "russian_R.pdf", "es"),
        ("wg7_2020_fr_nine_meetings", "A_RES_75_999_E.pdf", "fr"),
    ],
)
def test_language_never_from_file_name(tmp_path: Path, name: str, misleading: str,
                                       lang: str) -> None:
    target = tmp_path / misleading
    shutil.copyfile(_pdf(name), target)
    ex = extract_document(target)
    assert ex.meta.language == lang
    assert ex.meta.source_file == misleading


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False)


def test_cli_language_and_symbol_from_document(tmp_path: Path) -> None:
    target = tmp_path / "english.pdf"
    shutil.copyfile(_pdf("wg_es_recommendaciones"), target)
    out = tmp_path / "out"
    run = _cli("extract", str(target), "--out", str(out), "--format", "json,csv")
    assert run.returncode == 0, run.stderr
    doc = json.loads((out / "english.json").read_text(encoding="utf-8"))
    assert doc["document"]["language"] == "es"
    with open(out / "recommendations.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {(r["symbol"], r["language"]) for r in rows} == {("CTOC/COP/WG.7/2019/CRP.2", "es")}


# --------------------------------------------------------------------------------------------
# unrecs align: English and Spanish versions of one document
# --------------------------------------------------------------------------------------------


def test_align_english_and_spanish_versions(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = _cli("extract", str(_pdf("wg_en_recommendations")), str(_pdf("wg_es_recommendaciones")),
               "--out", str(out), "--format", "json")
    assert run.returncode == 0, run.stderr
    aligned = tmp_path / "aligned.csv"
    run = _cli("align", str(out / "wg_en_recommendations.json"),
               str(out / "wg_es_recommendaciones.json"), "--out", str(aligned))
    assert run.returncode == 0, run.stderr
    # the Spanish version lacks recommendation IV.5 (on purpose, see its source)
    assert "only in wg_en_recommendations.json (en): 4.5" in run.stderr
    assert "only in wg_es_recommendaciones.json" not in run.stderr
    assert "different symbols" not in run.stderr
    with open(aligned, encoding="utf-8", newline="") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    # ids from the golden files (written from the sources): the Spanish ones, in that order
    # (the recommendations, then the introduction's row t1 of the paragraphs, issue #15 item 7)
    es, en = golden("wg_es_recommendaciones"), golden("wg_en_recommendations")
    es_ids = [r["id"] for r in es["records"] + es["paragraphs"]]
    en_ids = [r["id"] for r in en["records"] + en["paragraphs"]]
    assert set(en_ids) - set(es_ids) == {"4.5"} and set(es_ids) <= set(en_ids)
    assert list(rows) == es_ids
    # all by id but the introduction, whose id t1 is an ordinal (no printed label): it pairs
    # by length, IV.5 beside it having no Spanish record of fitting length
    assert {k for k, r in rows.items() if r["match"] != "id"} == {"t1"}
    assert (rows["t1"]["id_es"], rows["t1"]["match"]) == ("t1", "length")
    assert "unpaired after 4.4: 1 record(s) in en, 0 in es without a counterpart" in run.stderr
    assert rows["t1"]["text_en"].startswith("The present background paper lists")
    assert rows["t1"]["text_es"].startswith("En el presente documento de antecedentes")
    assert rows["1.3.a"]["text_en"].startswith("Providing specialized training")
    assert rows["1.3.a"]["text_es"].startswith("Impartir capacitación especializada")
    # "(i)" after "(h)" and "i)" after "h)" are the ninth letter in both versions
    assert rows["4.2.i"]["text_en"].startswith("Sharing information")
    assert rows["4.2.i"]["text_es"].startswith("Intercambiar información")
    # text after a list belongs to the recommendation, in both languages
    assert rows["3.3"]["text_en"].endswith("disproportionate burden on legitimate businesses.")
    assert rows["3.3"]["text_es"].endswith("carga desproporcionada a las empresas legítimas.")
    assert {r["symbol"] for r in rows.values()} == {"CTOC/COP/WG.7/2019/CRP.2"}
