"""Tests for pipeline.parse.frontmatter: page-1 mastheads of genuine and hand-built UN documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.lang import (
    language_from_name,
    language_line,
    organ_language,
    parse_distribution,
    parse_job_number,
    un_name_language,
)
from pipeline.model import Line, Word
from pipeline.parse.frontmatter import FrontMatter, read_front_matter
from pipeline.read.glyphs import font_is_bold

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real-pdfs"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DOC_FIELDS = ["symbol", "language", "original_language", "distribution", "date", "organ", "body",
              "session", "agenda_item", "agenda_title", "title", "subtitle"]


# --------------------------------------------------------------------------------------------
# Helpers: Lines from pdfplumber words, and hand-built Lines
# --------------------------------------------------------------------------------------------


def _word(w: dict, sup: bool = False) -> Word:
    font = str(w.get("fontname", ""))
    if len(font) > 7 and font[6] == "+":
        font = font[7:]
    return Word(
        text=w["text"], x0=float(w["x0"]), x1=float(w["x1"]), top=float(w["top"]),
        bottom=float(w["bottom"]), size=float(w["size"]), font=font,
        bold=font_is_bold(font), italic="italic" in font.lower(), sup=sup,
    )


def _line(words: list[Word]) -> Line:
    words = sorted(words, key=lambda w: w.x0)
    size = max(w.size for w in words)
    marked = [
        Word(w.text, w.x0, w.x1, w.top, w.bottom, w.size, w.font, w.bold, w.italic,
             sup=w.size < 0.8 * size and w.bottom < max(x.bottom for x in words) - 1)
        for w in words
    ]
    main = [w for w in marked if not w.sup] or marked
    return Line(
        page=1, words=tuple(marked), x0=min(w.x0 for w in marked),
        x1=max(w.x1 for w in marked), top=min(w.top for w in main),
        bottom=max(w.bottom for w in main), size=size, font=main[0].font,
        bold=sum(w.bold for w in main) * 2 > len(main), italic=False,
    )


def plumber_lines(path: Path, tolerance: float) -> tuple[list[Line], float, float]:
    """Page-1 lines from pdfplumber words grouped by ``top`` (footer zone dropped)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        words = page.extract_words(extra_attrs=["fontname", "size"])
        width, height = float(page.width), float(page.height)
    words = [w for w in words if w["top"] < 0.82 * height]
    words.sort(key=lambda w: (w["top"], w["x0"]))
    groups: list[list[dict]] = []
    for w in words:
        if groups and abs(w["top"] - groups[-1][0]["top"]) <= tolerance:
            groups[-1].append(w)
        else:
            groups.append([w])
    return [_line([_word(w) for w in g]) for g in groups], width, height


def loader_lines(path: Path) -> tuple[list[Line], float, float]:
    """Page-1 lines from the project loader (footer zone dropped)."""
    from pipeline.read.load import load_pdf

    page = load_pdf(path).pages[0]
    return [ln for ln in page.lines if ln.top < 0.82 * page.height], page.width, page.height


def mk(text: str, x0: float, top: float, size: float = 10.0, bold: bool = False,
       sup_tail: str | None = None) -> Line:
    """A hand-built line: words of ``text`` set from ``x0`` (0.5 em per character)."""
    words: list[Word] = []
    x = x0
    font = "TimesNewRomanPS-BoldMT" if bold else "TimesNewRomanPSMT"
    for token in text.split(" "):
        w = 0.5 * size * len(token)
        words.append(Word(token, x, x + w, top, top + size, size, font, bold, False))
        x += w + 0.25 * size
    if sup_tail:
        words.append(Word(sup_tail, x - 0.25 * size, x + 3, top - 1, top + 5, 0.6 * size,
                          "TimesNewRomanPSMT", False, False, sup=True))
    return _line(words)


# --------------------------------------------------------------------------------------------
# Genuine PDFs (expected values read off the printed pages)
# --------------------------------------------------------------------------------------------

EXPECTED: dict[str, dict[str, str | None]] = {
    "A_HRC_WG.6_7_ITA_1_F.pdf": {
        "symbol": "A/HRC/WG.6/7/ITA/1", "language": "fr", "original_language": "en",
        "distribution": "general", "date": "2009-11-16", "organ": "Assemblée générale",
        "body": "Conseil des droits de l'homme, Groupe de travail sur l'Examen périodique "
                "universel",
        "session": "Genève, 8-19 février 2010", "agenda_item": None,
        "title": "Rapport national présenté conformément au paragraphe 15 a) de l'annexe à la "
                 "résolution 5/1 du Conseil des droits de l'homme",
        "subtitle": "Italie",
    },
    "A_HRC_WG.6_34_ITA_3_E.pdf": {
        "symbol": "A/HRC/WG.6/34/ITA/3", "language": "en", "original_language": "en",
        "distribution": "general", "date": "2019-08-14", "organ": "General Assembly",
        "body": "Human Rights Council, Working Group on the Universal Periodic Review",
        "session": "4–15 November 2019", "agenda_item": None,
        "title": "Summary of Stakeholders' submissions on Italy",
        "subtitle": "Report of the Office of the United Nations High Commissioner for Human "
                    "Rights",
    },
    # a report's title wrapped at the hyphen of "forty-" / "third"
    "A_HRC_43_2_E.pdf": {
        "symbol": "A/HRC/43/2", "language": "en", "original_language": "en",
        "distribution": "general", "date": "2021-05-06", "organ": "General Assembly",
        "body": "Human Rights Council", "session": "24 February–20 March 2020",
        "session_name": "Forty-third session", "agenda_item": "1",
        "agenda_title": "Organizational and procedural matters",
        "title": "Report of the Human Rights Council on its forty-third session",
    },
    # the body's name wrapped over seven lines, three of them opening with a capital after a
    # line that does not invite one ("… United Nations" / "Convention on the Law …")
    "A_AC.296_2026_9_E.pdf": {
        "symbol": "A/AC.296/2026/9", "language": "en", "original_language": "en",
        "distribution": "general", "date": "2026-05-04", "organ": "General Assembly",
        "body": "Preparatory Commission for the Entry into Force of the Agreement under the "
                "United Nations Convention on the Law of the Sea on the Conservation and "
                "Sustainable Use of Marine Biological Diversity of Areas beyond National "
                "Jurisdiction and the Convening of the First Meeting of the Conference of the "
                "Parties to the Agreement",
        "session": "New York, 23 March–2 April 2026", "session_name": "Third session",
        "agenda_item": None,
        "title": "Report of the Preparatory Commission for the Entry into Force of the "
                 "Agreement under the United Nations Convention on the Law of the Sea on the "
                 "Conservation and Sustainable Use of Marine Biological Diversity of Areas "
                 "beyond National Jurisdiction and the Convening of the First Meeting of the "
                 "Conference of the Parties to the Agreement",
    },
    "A_RES_48_161_F.pdf": {
        "symbol": "A/RES/48/161", "language": "fr", "original_language": None,
        "distribution": "general", "date": "1994-01-21", "organ": "Assemblée générale",
        "session": "Quarante-huitième session", "agenda_item": "40", "agenda_title": None,
        "title": "La situation en Amérique centrale : processus d'établissement d'une paix "
                 "ferme et durable et progrès réalisés dans la structuration d'une région de "
                 "paix, de liberté, de démocratie et de développement",
    },
    "A_INF_76_1_E.pdf": {
        "symbol": "A/INF/76/1", "language": "en", "original_language": "en",
        "distribution": "general", "date": "2021-02-15", "organ": "General Assembly",
        "body": None, "session": "Seventy-sixth session", "agenda_item": None,
        "title": "Opening dates of forthcoming regular sessions of the General Assembly and "
                 "of the general debate",
        "subtitle": "Note by the Secretariat",
    },
    "E_CN.5_2025_L.6_E.pdf": {
        "symbol": "E/CN.5/2025/L.6", "language": "en", "original_language": "en",
        "distribution": "limited", "date": "2025-02-10", "organ": "Economic and Social Council",
        "body": "Commission for Social Development",
        "session": "New York, 10–14 February 2025",
        "agenda_item": "3 (b) (iii)",
        "agenda_title": "Follow-up to the World Summit for Social Development and the "
                        "twenty-fourth special session of the General Assembly: review of "
                        "relevant United Nations plans and programmes of action pertaining to "
                        "the situation of social groups: Madrid International Plan of Action on "
                        "Ageing, 2002",
        "title": "Draft resolution submitted by the Vice-Chair of the Commission, AlMaha "
                 "Mubarak Al-Thani (Qatar), on the basis of informal consultations",
    },
    # ISBA mastheads: the session name, the place and the dates each on a line of its own
    "ISBA_16_A_12_Rev.1_F.pdf": {
        "symbol": "ISBA/16/A/12/Rev.1", "language": "fr", "original_language": "en",
        "distribution": "general", "date": "2010-05-04", "organ": "Assemblée", "body": None,
        "session": "Kingston (Jamaïque), 26 avril-7 mai 2010",
        "session_name": "Seizième session", "agenda_item": None,
        "title": "Décision de l'Assemblée concernant le Règlement relatif à la prospection et "
                 "à l'exploration des sulfures polymétalliques dans la Zone",
    },
    "ISBA_19_C_17_C.pdf": {
        # the organ is letter-spaced ("理 事 会"); Chinese dates the session before its place
        "symbol": "ISBA/19/C/17", "language": "zh", "original_language": "en",
        "distribution": "general", "date": "2013-07-22", "organ": "理事会", "body": None,
        "session": "2013年7月15日至26日，牙买加金斯敦", "session_name": "第十九届会议",
        "agenda_item": None,
        "title": "国际海底管理局理事会关于《“区域”内多金属结核探矿和勘探规章》修正案及有关事项"
                 "的决定",
    },
}

#: the first body line on page 1 (must be left in ``rest``), when page 1 has body text
FIRST_BODY = {
    "A_HRC_WG.6_34_ITA_3_E.pdf": "I. Background",
    "A_INF_76_1_E.pdf": "1. In paragraph 1 of its resolution 57/301",
    "A_RES_48_161_F.pdf": "L'Assemblée générale,",
    "E_CN.5_2025_L.6_E.pdf": "The Commission for Social Development recommends",
}


def _real(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


def _check(fm: FrontMatter, expected: dict[str, str | None], fields: list[str] | None = None
           ) -> None:
    for key, value in expected.items():
        if fields is None or key in fields:
            assert getattr(fm.meta, key) == value, key


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_pdfs_with_loader(name: str) -> None:
    lines, width, height = loader_lines(_real(name))
    fm = read_front_matter(lines, width, height)
    _check(fm, EXPECTED[name])
    assert fm.meta.job_number is None
    # every input line ends up in exactly one of the two lists, order kept
    assert len(fm.masthead) + len(fm.rest) == len(lines)
    if name in FIRST_BODY:
        assert fm.rest, name
        assert fm.rest[0].text.replace("’", "'").startswith(FIRST_BODY[name])
    # nothing of the masthead leaks into the rest
    for ln in fm.rest:
        assert "Distr" not in ln.text and "Original" not in ln.text


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("tolerance", [1.0, 3.0])
def test_real_pdfs_with_plumber_words(name: str, tolerance: float) -> None:
    lines, width, height = plumber_lines(_real(name), tolerance)
    fm = read_front_matter(lines, width, height)
    _check(fm, EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_pdfs_with_merged_columns(name: str) -> None:
    """A loader that merges the masthead columns into wide lines must not change the result."""
    lines, width, height = plumber_lines(_real(name), 9.0)
    fm = read_front_matter(lines, width, height)
    _check(fm, EXPECTED[name], ["symbol", "distribution", "date", "original_language",
                                "language", "organ"])


def test_job_language_when_no_language_line() -> None:
    lines, width, height = loader_lines(_real("A_RES_48_161_F.pdf"))
    assert read_front_matter(lines, width, height, job_language="fr").meta.language == "fr"
    # the language line of the distribution block wins over the job-number suffix
    lines, width, height = loader_lines(_real("A_HRC_WG.6_7_ITA_1_F.pdf"))
    assert read_front_matter(lines, width, height, job_language="en").meta.language == "fr"


def _golden_pdfs() -> list[str]:
    """Fixtures with a reportlab PDF (route-only Arabic and Chinese golden files have none)."""
    from conftest import golden_names

    return golden_names() if (FIXTURES / "golden").exists() else []


@pytest.mark.parametrize("name", _golden_pdfs())
def test_fixture_pdfs_against_golden(name: str) -> None:
    """Golden values are written by the fixture builder from its sources, not by this code."""
    import json

    from pipeline.lang import parse_job_number

    pdf = FIXTURES / "pdfs" / f"{name}.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} not built")
    golden = json.loads((FIXTURES / "golden" / f"{name}.json").read_text("utf-8"))["document"]
    lines, width, height = plumber_lines(pdf, 1.0)
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        footer = doc.pages[0].extract_text() or ""
    job = next((parse_job_number(t) for t in footer.splitlines() if parse_job_number(t)), None)
    fm = read_front_matter(lines, width, height, job[1] if job else None)
    for key in DOC_FIELDS:
        if key in golden:
            assert getattr(fm.meta, key) == golden[key], key


# --------------------------------------------------------------------------------------------
# Hand-built Vienna-template mastheads in four languages (CTOC working group document)
# --------------------------------------------------------------------------------------------

W, H = 595.0, 842.0


def vienna_page(t: dict[str, object], split_symbol: bool = False) -> list[Line]:
    symbol_rest = "/COP/WG.7/2019/CRP.1"
    lines = [mk(str(t["un"]), 120.6, 52.9, 14.0)]
    big = mk("CTOC", 380.0, 50.6, 20.0)
    x1 = big.words[-1].x1
    if split_symbol:
        lines += [big, mk("/COP/WG.7/", x1, 58.5), mk("2019/CRP.1", x1, 70.0)]
    else:
        lines += [big, mk(symbol_rest, x1, 58.5)]
    top = 84.0
    for text in t["organ"]:  # type: ignore[attr-defined]
        lines.append(mk(text, 120.6, top, 14.0, bold=True))
        top += 16.0
    top = 90.0
    for text in t["distr"]:  # type: ignore[attr-defined]
        lines.append(mk(text, 430.0, top))
        top += 12.0
    top = 222.0
    for text in t["body"]:  # type: ignore[attr-defined]
        lines.append(mk(text, 56.7, top, bold=True))
        top += 12.0
    lines.append(mk(str(t["place"]), 56.7, top))
    lines.append(mk(str(t["agenda"]), 56.7, top + 12.0, sup_tail="*"))
    lines.append(mk(str(t["agenda_title"]), 56.7, top + 24.0, bold=True))
    top += 60.0
    for text in t["title"]:  # type: ignore[attr-defined]
        lines.append(mk(text, 113.4, top, 17.0, bold=True))
        top += 18.0
    lines.append(mk(str(t["subtitle"]), 113.4, top + 14.0))
    lines.append(mk(str(t["para"]), 113.4, top + 40.0))
    lines.append(mk(str(t["heading"]), 113.4, top + 70.0, 14.0, bold=True))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


VIENNA = {
    "fr": {
        "un": "Nations Unies",
        "organ": ["Conférence des Parties à", "la Convention des Nations Unies",
                  "contre la criminalité", "transnationale organisée"],
        "distr": ["Distr. générale", "21 juin 2019", "", "Français", "Original\u00a0: anglais"],
        "body": ["Groupe de travail sur le trafic illicite de migrants"],
        "place": "Vienne, 11-13 septembre 2019",
        "agenda": "Point 4 de l’ordre du jour provisoire",
        "agenda_title": "Questions diverses",
        "title": ["Recommandations adoptées par le Groupe de travail sur le",
                  "trafic illicite de migrants au cours de ses cinq premières", "réunions"],
        "subtitle": "Document d’information établi par le Secrétariat",
        "para": "Le présent document d’information constitue un complément à l’index des",
        "heading": "I. Première réunion, tenue à Vienne du 30 mai au 1er juin 2012",
        "expect": {
            "symbol": "CTOC/COP/WG.7/2019/CRP.1", "language": "fr", "original_language": "en",
            "distribution": "general", "date": "2019-06-21",
            "organ": "Conférence des Parties à la Convention des Nations Unies contre la "
                     "criminalité transnationale organisée",
            "body": "Groupe de travail sur le trafic illicite de migrants",
            "session": "Vienne, 11-13 septembre 2019", "agenda_item": "4",
            "agenda_title": "Questions diverses",
            "title": "Recommandations adoptées par le Groupe de travail sur le trafic illicite "
                     "de migrants au cours de ses cinq premières réunions",
            "subtitle": "Document d'information établi par le Secrétariat",
        },
    },
    "en": {
        "un": "United Nations",
        "organ": ["Conference of the Parties to the", "United Nations Convention",
                  "against Transnational", "Organized Crime"],
        "distr": ["Distr.: General", "21 June 2019", "", "Original: English"],
        "body": ["Working Group on the Smuggling of Migrants"],
        "place": "Vienna, 11–13 September 2019",
        "agenda": "Item 4 of the provisional agenda",
        "agenda_title": "Other matters",
        "title": ["Recommendations adopted by the Working Group on the",
                  "Smuggling of Migrants at its first five meetings"],
        "subtitle": "Background paper prepared by the Secretariat",
        "para": "The present background paper complements the index of recommendations",
        "heading": "I. First meeting, held in Vienna from 30 May to 1 June 2012",
        "expect": {
            "symbol": "CTOC/COP/WG.7/2019/CRP.1", "language": "en", "original_language": "en",
            "distribution": "general", "date": "2019-06-21",
            "organ": "Conference of the Parties to the United Nations Convention against "
                     "Transnational Organized Crime",
            "body": "Working Group on the Smuggling of Migrants",
            "session": "Vienna, 11–13 September 2019", "agenda_item": "4",
            "agenda_title": "Other matters",
            "title": "Recommendations adopted by the Working Group on the Smuggling of "
                     "Migrants at its first five meetings",
            "subtitle": "Background paper prepared by the Secretariat",
        },
    },
    "es": {
        "un": "Naciones Unidas",
        "organ": ["Conferencia de las Partes en la", "Convención de las Naciones Unidas",
                  "contra la Delincuencia Organizada", "Transnacional"],
        "distr": ["Distr. general", "21 de junio de 2019", "Español", "Original: inglés"],
        "body": ["Grupo de Trabajo sobre el Tráfico Ilícito de Migrantes"],
        "place": "Viena, 11 a 13 de septiembre de 2019",
        "agenda": "Tema 4 del programa provisional",
        "agenda_title": "Otros asuntos",
        "title": ["Recomendaciones aprobadas por el Grupo de Trabajo sobre el",
                  "Tráfico Ilícito de Migrantes en sus cinco primeras reuniones"],
        "subtitle": "Documento de antecedentes preparado por la Secretaría",
        "para": "El presente documento de antecedentes complementa el índice de las",
        "heading": "I. Primera reunión, celebrada en Viena del 30 de mayo al 1 de junio de 2012",
        "expect": {
            "symbol": "CTOC/COP/WG.7/2019/CRP.1", "language": "es", "original_language": "en",
            "distribution": "general", "date": "2019-06-21",
            "organ": "Conferencia de las Partes en la Convención de las Naciones Unidas contra "
                     "la Delincuencia Organizada Transnacional",
            "body": "Grupo de Trabajo sobre el Tráfico Ilícito de Migrantes",
            "session": "Viena, 11 a 13 de septiembre de 2019", "agenda_item": "4",
            "agenda_title": "Otros asuntos",
            "title": "Recomendaciones aprobadas por el Grupo de Trabajo sobre el Tráfico "
                     "Ilícito de Migrantes en sus cinco primeras reuniones",
            "subtitle": "Documento de antecedentes preparado por la Secretaría",
        },
    },
    "ru": {
        "un": "Организация Объединенных Наций",
        "organ": ["Конференция участников", "Конвенции Организации", "Объединенных Наций",
                  "против транснациональной", "организованной преступности"],
        # Russian versions often keep the English distribution block
        "distr": ["Distr.: General", "21 June 2019", "Russian", "Original: English"],
        "body": ["Рабочая группа по незаконному ввозу мигрантов"],
        "place": "Вена, 11–13 сентября 2019 года",
        "agenda": "Пункт 4 предварительной повестки дня",
        "agenda_title": "Прочие вопросы",
        "title": ["Рекомендации, принятые Рабочей группой по незаконному",
                  "ввозу мигрантов на ее первых пяти совещаниях"],
        "subtitle": "Справочный документ, подготовленный Секретариатом",
        "para": "Настоящий справочный документ дополняет указатель рекомендаций",
        "heading": "I. Первое совещание, состоявшееся в Вене 30 мая – 1 июня 2012 года",
        "expect": {
            "symbol": "CTOC/COP/WG.7/2019/CRP.1", "language": "ru", "original_language": "en",
            "distribution": "general", "date": "2019-06-21",
            "organ": "Конференция участников Конвенции Организации Объединенных Наций против "
                     "транснациональной организованной преступности",
            "body": "Рабочая группа по незаконному ввозу мигрантов",
            "session": "Вена, 11–13 сентября 2019 года", "agenda_item": "4",
            "agenda_title": "Прочие вопросы",
            "title": "Рекомендации, принятые Рабочей группой по незаконному ввозу мигрантов "
                     "на ее первых пяти совещаниях",
            "subtitle": "Справочный документ, подготовленный Секретариатом",
        },
    },
}


@pytest.mark.parametrize("lang", sorted(VIENNA))
@pytest.mark.parametrize("split_symbol", [False, True])
def test_vienna_masthead(lang: str, split_symbol: bool) -> None:
    t = VIENNA[lang]
    t = {**t, "distr": [d for d in t["distr"] if d]}  # type: ignore[union-attr]
    lines = vienna_page(t, split_symbol)
    fm = read_front_matter(lines, W, H)
    _check(fm, t["expect"])  # type: ignore[arg-type]
    texts = [ln.text for ln in fm.rest]
    assert texts[0].startswith(str(t["para"]).split()[0])
    assert texts[-1] == t["heading"]
    assert len(fm.masthead) + len(fm.rest) == len(lines)


def test_english_job_language_fallback() -> None:
    """No language line (English documents): the job-number language decides."""
    t = VIENNA["en"]
    lines = vienna_page(t)
    assert read_front_matter(lines, W, H, job_language="en").meta.language == "en"


def test_agenda_item_with_sub_items() -> None:
    t = {**VIENNA["en"], "agenda": "Agenda item 3 (b) (iii)"}
    fm = read_front_matter(vienna_page(t), W, H)
    assert fm.meta.agenda_item == "3 (b) (iii)"
    assert fm.meta.agenda_title == "Other matters"


def test_restricted_and_limited() -> None:
    for distr, value in [("Distr.: Restricted", "restricted"), ("Distr. limitée", "limited"),
                         ("Distr. limitada", "limited"), ("Distr.: Limited", "limited")]:
        t = {**VIENNA["en"], "distr": [distr, "21 June 2019", "Original: English"]}
        assert read_front_matter(vienna_page(t), W, H).meta.distribution == value


def test_empty_page() -> None:
    fm = read_front_matter([], W, H)
    assert fm.meta.symbol is None and fm.masthead == [] and fm.rest == []


# --------------------------------------------------------------------------------------------
# Masthead vocabulary (pipeline.lang)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("Distr. générale", "general"), ("Distr.: General", "general"), ("Distr. general", "general"),
     ("Distr. limitée", "limited"), ("Distr.: Limited", "limited"), ("Distr. limitada", "limited"),
     ("Distr.: Restricted", "restricted"), ("Distr. restreinte", "restricted"),
     ("GENERALE", "general"), ("Distr.", None)],
)
def test_distribution_words(text: str, value: str | None) -> None:
    assert parse_distribution(text) == value


@pytest.mark.parametrize(
    ("text", "code"),
    [("anglais", "en"), ("English", "en"), ("inglés", "en"), ("английский", "en"),
     ("français", "fr"), ("francés", "fr"), ("французский", "fr"), ("espagnol", "es"),
     ("russe", "ru"), ("Russian", "ru"), ("arabe", "ar"), ("chinois", "zh"), ("Klingon", None)],
)
def test_original_language_names(text: str, code: str | None) -> None:
    assert language_from_name(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("Français", "fr"), ("English", "en"), ("Español", "es"), ("Русский", "ru"),
     ("Arabic: العربية", "ar"), ("Chinese: 中文", "zh"), ("16 novembre 2009", None)],
)
def test_language_line(text: str, code: str | None) -> None:
    assert language_line(text) == code


@pytest.mark.parametrize(
    ("text", "job", "code"),
    [("GE.09-17088 (F) 111209 161209", "GE.09-17088", "fr"), ("GE.19-13879(E)", "GE.19-13879",
     "en"), ("21-02065 (E) 170221", "21-02065", "en"), ("V.19-05872 (F)", "V.19-05872", "fr"),
     ("V.19-05872 (S)", "V.19-05872", "es"), ("V.19-05872 (R)", "V.19-05872", "ru"),
     ("V.19-05872 (A)", "V.19-05872", "ar"), ("V.19-05872 (C)", "V.19-05872", "zh")],
)
def test_job_numbers(text: str, job: str, code: str) -> None:
    assert parse_job_number(text) == (job, code)


def test_masthead_names() -> None:
    assert un_name_language("NATIONS UNIES") == "fr"
    assert un_name_language("Naciones Unidas") == "es"
    assert un_name_language("Организация Объединенных Наций") == "ru"
    assert organ_language("Conseil économique et social") == "fr"
    assert organ_language("Asamblea General") == "es"
    assert organ_language("Генеральная Ассамблея") == "ru"
    assert parse_job_number("2 GE.09-17088") is None


# --------------------------------------------------------------------------------------------
# Resolutions: "Resolution adopted by ... on ...", "[on the report of ...]", "75/999. Title"
# --------------------------------------------------------------------------------------------

RESOLUTION = {
    "en": ("United Nations", "General Assembly", ["Distr.: General", "5 January 2021"],
           ["Seventy-fifth session", "Agenda item 107"],
           "Resolution adopted by the General Assembly on 16 December 2020",
           "[on the report of the Third Committee (A/75/999)]",
           ["Strengthening international cooperation to prevent",
            "and combat the smuggling of migrants"], "The General Assembly,"),
    "fr": ("Nations Unies", "Assemblée générale", ["Distr. générale", "5 janvier 2021"],
           ["Soixante-quinzième session", "Point 107 de l'ordre du jour"],
           "Résolution adoptée par l'Assemblée générale le 16 décembre 2020",
           "[sur le rapport de la Troisième Commission (A/75/999)]",
           ["Renforcer la coopération internationale pour prévenir",
            "et combattre le trafic illicite de migrants"], "L'Assemblée générale,"),
}


@pytest.mark.parametrize("apart", [False, True], ids=["number-glued", "number-apart"])
@pytest.mark.parametrize("lang", sorted(RESOLUTION))
def test_resolution_title_under_adoption_line(lang: str, apart: bool) -> None:
    un, organ, distr, left, adopted, report, title, first = RESOLUTION[lang]
    lines = [mk(un, 60.0, 47.0, 14.0), mk("A", 380.0, 50.6, 20.0)]
    lines.append(mk("/RES/75/999", lines[-1].words[-1].x1, 58.5))
    lines.append(mk(organ, 60.0, 71.0, 20.0, bold=True))
    lines += [mk(t, 430.0, 79.0 + 12 * k) for k, t in enumerate(distr)]
    lines += [mk(t, 60.0, 214.0 + 12 * k) for k, t in enumerate(left)]
    lines += [mk(adopted, 108.0, 270.0, 12.0, bold=True), mk(report, 108.0, 285.0)]
    hang = 200.0 if apart else 156.0  # "75/999." ends at 150: a wide gap or one word space
    number = mk("75/999.", 108.0, 315.0, 12.0, bold=True)
    first_row = mk(title[0], hang, 315.0, 12.0, bold=True)
    if apart:
        lines += [number, first_row]
    else:
        lines.append(_line(list(number.words) + list(first_row.words)))
    lines.append(mk(title[1], hang, 329.0, 12.0, bold=True))
    lines += [mk(first, 131.0, 360.0), mk("Recalling its resolution 74/177", 131.0, 378.0)]
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    fm = read_front_matter(lines, 612.0, 792.0)
    assert fm.meta.symbol == "A/RES/75/999"
    assert fm.meta.title == " ".join(title)
    assert fm.meta.subtitle == adopted
    assert fm.meta.language == lang
    assert fm.meta.session == left[0] and fm.meta.agenda_item == "107"
    assert fm.rest and fm.rest[0].text == first


def test_resolution_fixture_front_matter() -> None:
    lines, width, height = loader_lines(FIXTURES / "pdfs" / "ga_resolution_en.pdf")
    fm = read_front_matter(lines, width, height, job_language="en")
    assert fm.meta.title == ("Strengthening international cooperation to prevent and combat the "
                             "smuggling of migrants")
    assert fm.meta.subtitle == "Resolution adopted by the General Assembly on 16 December 2020"
    assert fm.rest[0].text == "The General Assembly,"


AGENDA_LINES = [
    ("Point 4 de l'ordre du jour provisoire", ("4", "fr")),
    ("Points 3 et 4 de l'ordre du jour", ("3 et 4", "fr")),
    ("Agenda item 110 (continued)", ("110", "en")),
    ("PROVISIONAL AGENDA ITEMS 3 (b) and 5", ("3 (b) and 5", "en")),
    ("Item 4 of the provisional agenda", ("4", "en")),
    ("Items 2 to 5 of the preliminary list", ("2 to 5", "en")),
    ("Tema 5 del programa", ("5", "es")),
    ("Temas del programa provisional 3 y 4", ("3 y 4", "es")),
    ("Пункт 7 предварительной повестки дня", ("7", "ru")),
    ("البند ٣ من جدول الأعمال", ("3", "ar")),
    ("临时议程项目5", ("5", "zh")),
    ("Item 4 of the report", None),
    ("Points of order", None),
    ("Agenda", None),
    ("The provisional agenda item 3", None),
]


@pytest.mark.parametrize(("text", "expected"), AGENDA_LINES)
def test_agenda_lines_are_read_with_each_pattern_compiled_on_first_use(
    text: str, expected: tuple[str, str] | None,
) -> None:
    import regex

    from pipeline.parse import frontmatter as fm

    assert fm._agenda(text) == expected
    # the first words of a line choose the patterns tried: the first pattern that matches, of
    # all of them tried in order, is the one found
    flat = text.replace("\u2019", "'")
    every = [(code, regex.compile(source, regex.I).match(flat))
             for code, _, source in fm._AGENDA]
    first = next(((fm.western_digits(fm.clean_value(m.group("item"))), code)
                  for code, m in every if m), None)
    assert first == expected


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Thursday, 29 September 2005, 3 p.m.", "29 September 2005"),
        ("jeudi 29 septembre 2005, à 15 heures", "29 septembre 2005"),
        ("Jueves 29 de septiembre de 2005, a las 15.00 horas", "29 de septiembre de 2005"),
        ("Четверг, 29 сентября 2005 года, 15 ч. 00 м.", "29 сентября 2005 года"),
        ("Vienne, 11-13 septembre 2019", "Vienne, 11-13 septembre 2019"),  # nothing to drop
    ],
)
def test_a_meetings_day_and_hour_are_left_aside(text: str, date: str) -> None:
    from pipeline.parse.frontmatter import _day_and_hour_dropped, _is_place_date

    assert _day_and_hour_dropped(text) == date
    assert _is_place_date(text)


def test_verbatim_record_meeting_lines() -> None:
    # A/60/PV.25 p. 1: "Sixtieth session", "25th plenary meeting" (a large "25", a raised
    # "th"), "Thursday, 29 September 2005, 3 p.m.", "New York", each on a line of its own. Read
    # with the pipeline's loader only: pdfplumber's words set the raised "th" on a line of its
    # own and the large "25" reads as a heading there
    lines, width, height = loader_lines(_real("A_60_PV.25_E.pdf"))
    fm = read_front_matter(lines, width, height)
    _check(fm, {"symbol": "A/60/PV.25", "language": "en", "organ": "General Assembly",
                "body": None, "session": "Thursday, 29 September 2005, 3 p.m., New York",
                "session_name": "Sixtieth session, 25th plenary meeting", "agenda_item": None})


def _segments(texts: list[str], top: float = 300.0) -> list:
    """Bold 10 pt masthead lines at the left margin: 5 pt per character, 2.5 pt spaces."""
    from pipeline.parse.masthead import Segment

    out = []
    for k, text in enumerate(texts):
        words, x = [], 72.0
        for t in text.split():
            words.append(Word(t, x, x + 5.0 * len(t), top + 12 * k, top + 12 * k + 10, 10.0,
                              "Times-Bold", True, False))
            x += 5.0 * len(t) + 2.5
        out.append(Segment(k, words, text, 72.0, words[-1].x1, top + 12 * k,
                           top + 12 * k + 10, 10.0, True))
    return out


def test_a_name_wrapped_over_a_frame_is_one_name() -> None:
    from pipeline.parse.frontmatter import _join_units

    # A/AC.296/2026/9 p. 1: one name set over seven lines that fill the frame; three of them
    # open with a capital after a line that invites none ("… United Nations" / "Convention …")
    lines = ["Preparatory Commission for the Entry into Force",
             "of the Agreement under the United Nations",
             "Convention on the Law of the Sea on the",
             "Conservation and Sustainable Use of Marine",
             "Biological Diversity of Areas beyond National",
             "Jurisdiction and the Convening of the First Meeting",
             "of the Conference of the Parties to the Agreement"]
    assert _join_units(_segments(lines)) == [" ".join(lines)]
    # names stacked, one a line, fill no frame: each stays a name, however long the next
    # line's first word
    stacked = ["Conference of the Parties to the United Nations",
               "Framework Convention on Climate Change",
               "Subsidiary Body for Implementation"]
    assert _join_units(_segments(stacked)) == [stacked[0], stacked[1], stacked[2]]
