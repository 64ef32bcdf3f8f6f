"""Enrichment (actor, modality, references) on hand-labelled texts, and its place in the outputs.

The French labels were set by reading recommendations of the shipped document
(``fixtures/sources/wg7_2019_fr.txt``; texts taken from its golden file, i.e. the source with
the markup removed), applying the rules documented in :mod:`pipeline.parse.enrich` — notably the
compound-verb rule: a modal followed by a passive exhortation takes the exhortation
("devraient être encouragés à" → ``encouraged``), a modal followed by an active verb keeps the
modal ("devraient envisager" → ``should``, "pourraient envisager" → ``could``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
from conftest import golden
from factories import rec, recommendations_doc
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.out.export import write_outputs
from pipeline.out.schema import (
    TABLES,
    column_pattern,
    datapackage,
    document_json_schema,
    pandera_schema,
)
from pipeline.out.tables import (
    build_tables,
    derived_mismatches,
    document_json,
    extraction_from_json,
)
from pipeline.out.validate import has_errors, validate_output_dir
from pipeline.parse.document import enrich_extraction
from pipeline.parse.enrich import (
    ACTORS,
    MODALITIES,
    REFERENCE_PATTERN,
    detect_actor,
    detect_modality,
    enrich,
    enrich_records,
    find_references,
    join_references,
    split_references,
)

P, C = "protocol", "convention"
FIXTURE_PDF = Path(__file__).resolve().parents[1] / "fixtures" / "pdfs" / "wg7_2019_fr.pdf"

# id → (actor, modality, references), labelled by hand from the text
LABELS: dict[str, tuple[str | None, str | None, tuple[str, ...]]] = {
    # I.1 "Les États qui ne l'ont pas encore fait devraient être encouragés à envisager de
    # ratifier le Protocole" — compound verb → encouraged; the Protocol, but no article
    "1.1": ("states", "encouraged", ()),
    "1.2": ("states_parties", "should", ()),
    # subordinate clause first ("Bien que …"), subject after the comma
    "1.3": ("states_parties", "should", ()),
    # "l'Office des Nations Unies contre la drogue et le crime (ONUDC)" is an object
    "1.5": ("states_parties", "should", ("org:UNODC",)),
    # "l'Organisation internationale de police criminelle (INTERPOL)"
    "1.6": ("states_parties", "should", ("org:INTERPOL",)),
    # "voudront peut-être prier l'ONUDC" … "l'Organisation internationale pour les migrations"
    # … "l'article 10 du Protocole"; the later "Le Groupe de travail prie" is not operative
    "1.7": ("states", "may_wish", ("org:IOM", "org:UNODC", "protocol:art:10")),
    "1.8": ("states_parties", "may_wish", ("org:UNODC",)),
    "1.9": ("states_parties", "may_wish", ()),
    # "paragraphe 1 de l'article 6 du Protocole …, outre … paragraphe 3 de l'article 6"
    "1.12": ("states_parties", "may_wish", (f"{P}:art:6",)),
    "1.13": ("states_parties", "should", ()),
    # "pourraient envisager" → could; "Organisation de l'aviation civile internationale"
    "1.15": ("states_parties", "could", ("org:ICAO",)),
    "1.17": ("states_parties", "could", ()),
    # "Convention de Vienne sur les relations consulaires" is another instrument;
    # "paragraphe 5 de l'article 16 du Protocole"
    "1.22": ("states_parties", "may_wish", (f"{P}:art:16",)),
    "1.23": ("states_parties", "encouraged", ()),
    "1.24": ("states_parties", "should", ()),  # "chapitre II du Protocole": not an article
    "1.36": ("states_parties", "encouraged", ("org:INTERPOL", f"{P}:art:6")),
    "1.37": ("states", "encouraged", ()),
    # "les organisations internationales pourraient être priées de" — no listed actor
    "1.39": (None, "requested", ()),
    "1.40": ("states", "should", ()),
    "1.42": ("states", "encouraged", ()),
    "1.44": ("states", "may_wish", ()),
    # "Conformément à l'article 8 du Protocole …, les États parties devraient informer le
    # Secrétaire général" (not the Secretariat) … "informer l'ONUDC"
    "1.47": ("states_parties", "should", ("org:UNODC", f"{P}:art:8")),
    "1.51": ("states_parties", "may_wish", ("org:UNODC",)),
    "1.52": ("working_group", "should", ()),
    # "Le Groupe de travail voudra peut-être prier le Secrétariat": the WG may wish
    "1.53": ("working_group", "may_wish", ()),
    "1.55": ("conference", "should", ()),
    "2.1": ("states_parties", "should", ()),
    # "Les États parties, en particulier ceux qui ont des frontières communes, devraient"
    "2.2": ("states_parties", "should", ()),
    # "Le Groupe de travail … a prié le Secrétariat de" — the addressee
    "2.3": ("secretariat", "requested", ()),
    # "considérant les articles 32 et 37 de la Convention, les États parties et l'ONUDC
    # devraient" — coordinated subject: the first
    "2.4": ("states_parties", "should", (f"{C}:art:32", f"{C}:art:37", "org:UNODC")),
    "2.5": ("states_parties", "encouraged", ()),
    "2.6": ("states_parties", "invited", ()),
    # "a recommandé qu'à sa septième session la Conférence envisage"
    "2.7": ("conference", "recommended", ()),
    "2.8": ("conference", "recommended", ()),
    "2.8.a": ("conference", "recommended", ()),  # items without a verb inherit
    "2.8.d": ("conference", "recommended", ()),
    "2.9": ("states_parties", "encouraged", (f"{P}:art:18",)),
    "2.10": ("states_parties", "invited", ()),
    "2.13": ("states_parties", "should", (f"{C}:art:20",)),
    "2.15": ("states_parties", "could", ()),
    "2.20": ("states_parties", "may_wish", ()),  # "souhaiteront peut-être"
    "2.23": ("secretariat", "requested", ()),
    "2.24": ("states_parties", "encouraged", ()),  # the later "doivent" is not operative
    "2.31": ("states_parties", "should", ("org:SHERLOC", "org:UNODC")),
    "2.32": ("unodc", "requested", ("org:UNODC",)),
    # "considérant … l'article 15 de la Convention"
    "3.1": ("states", "should", (f"{C}:art:15",)),
    "3.2": ("states", "must", ()),
    # "l'article 8 du Protocole contre le trafic illicite de migrants par terre, air et mer,
    # additionnel à la Convention …"
    "3.3": ("states", "should", (f"{P}:art:8",)),
    "3.4": ("states", "should", ()),  # "ne devraient pas": negation is not tracked
    "3.7": ("states", "should", (f"{C}:art:24",)),
    "3.8": ("states", "should", (f"{C}:art:16", f"{C}:art:18")),
    "3.13": ("secretariat", "should", ()),
    "3.14": ("states", "should", (f"{P}:art:19",)),
    "3.22": ("states", "should", ()),  # "Les États d'origine, de transit et de destination"
    "3.27": ("states", "encouraged", ("org:ICAO", "org:INTERPOL")),
    "3.35": ("conference", "should", ()),  # "La Conférence devrait encourager les États"
    "3.37": ("states", "should", ()),  # "devraient envisager de demander au Secrétariat"
    "3.40": ("states", "should", ("org:SHERLOC",)),
    "3.41": ("states", "should", ("org:UNODC",)),
    "4.1": ("states_parties", "encouraged", ()),
    # "… la Convention des Nations Unies contre la criminalité transnationale organisée …,
    # par exemple l'article 13 (…), qui devrait être … complémentaire de l'article 12 (…)"
    "4.8": ("states_parties", "should", (f"{C}:art:12", f"{C}:art:13")),
    "4.12": ("states_parties", "should", ()),
    # "Sachant que, au sens de la définition … dans le Protocole …, les États parties
    # devraient"
    "4.13": ("states_parties", "should", ()),
    # "les obligations prévues à l'article 18": the text names no instrument
    "4.15": ("states_parties", "should", ("art:18",)),
    "5.1": ("states_parties", "should", ()),
    "5.1.a": ("states_parties", "should", ()),
    "5.1.d": ("states_parties", "should", (f"{P}:art:6",)),
    "5.2": ("states_parties", "should", ()),
    # "Communiquer à la Conférence des Parties …": no verb phrase → inherited, not conference
    "5.2.g": ("states_parties", "should", ()),
    "5.2.i": ("states_parties", "should", (f"{P}:art:14",)),
    # "Veiller à ce que l'article 5 et le paragraphe 4 de l'article 6 du Protocole …"
    "5.4.c": ("states_parties", "should", (f"{P}:art:5", f"{P}:art:6")),
    "5.4.d": ("states_parties", "should", ("org:UNODC",)),  # "Apporter leur soutien à l'ONUDC"
    "5.5": ("conference", "recommended", ()),
}


def _golden_records() -> list[tuple[str, str | None, str]]:
    return [(r["id"], r["parent_id"], r["text"]) for r in golden("wg7_2019_fr")["records"]]


@pytest.fixture(scope="module")
def shipped() -> dict:
    return enrich_records(_golden_records(), "fr")


def test_enough_hand_labels() -> None:
    recommendations = [k for k in LABELS if k.count(".") == 1]
    assert len(recommendations) >= 25
    assert {m for m in (v[1] for v in LABELS.values())} == set(MODALITIES)
    assert {a for a in (v[0] for v in LABELS.values()) if a} == set(ACTORS)


@pytest.mark.parametrize("rid", list(LABELS))
def test_shipped_document_labels(shipped: dict, rid: str) -> None:
    e = shipped[rid]
    assert (e.actor, e.modality, e.references) == LABELS[rid]


def test_every_shipped_record_has_a_modality(shipped: dict) -> None:
    """Every recommendation of the shipped document states (or inherits) its verb phrase."""
    assert all(e.modality is not None for e in shipped.values())
    assert sum(e.actor is None for e in shipped.values()) == 1  # 1.39 only


# English, Spanish and Russian: (language, text, actor, modality, references)
OTHER_LANGUAGES = [
    ("en", "States that have not yet done so should be encouraged to consider ratifying the "
     "Smuggling of Migrants Protocol.", "states", "encouraged", ()),
    ("en", "States may wish to request UNODC to gather information, including all types of "
     "information referred to in article 10 of the Smuggling of Migrants Protocol.",
     "states", "may_wish", ("org:UNODC", "protocol:art:10")),
    ("en", "States parties are encouraged to use existing operational databases, such as those "
     "of INTERPOL, to exchange information on persons suspected of having committed any of the "
     "offences set forth in article 6 of the Protocol.",
     "states_parties", "encouraged", ("org:INTERPOL", "protocol:art:6")),
    ("en", "The Working Group requested the Secretariat to develop more detailed and practical "
     "guidance on the establishment of multi-agency centres.", "secretariat", "requested", ()),
    ("en", "The Working Group recommended that the Conference of the Parties consider adopting "
     "the questionnaire on the smuggling of migrants.", "conference", "recommended", ()),
    ("en", "States must treat the smuggling of migrants as a criminal offence and not merely as "
     "an immigration matter.", "states", "must", ()),
    ("en", "States should promote the use of the Organized Crime Convention as a basis for "
     "international cooperation, in accordance with articles 16 and 18 of the Convention.",
     "states", "should", ("convention:art:16", "convention:art:18")),
    ("en", "States parties could consider strengthening the security of travel documents, "
     "including by following the plan of the International Civil Aviation Organization.",
     "states_parties", "could", ("org:ICAO",)),
    ("en", "In the event of detention, States parties should pay particular attention to their "
     "obligations under the Vienna Convention on Consular Relations, as referred to in article "
     "16, paragraph 5, of the Protocol.", "states_parties", "should", ("protocol:art:16",)),
    ("en", "States parties, in cooperation with UNODC, should exchange information, as noted "
     "in document CTOC/COP/WG.7/2019/1.", "states_parties", "should",
     ("doc:CTOC/COP/WG.7/2019/1", "org:UNODC")),
    ("en", "States parties are invited to cooperate with the International Organization for "
     "Migration.", "states_parties", "invited", ("org:IOM",)),
    ("es", "Los Estados tal vez deseen solicitar a la UNODC que reúna información, incluidos "
     "todos los tipos de información enumerados en el artículo 10 del Protocolo contra el "
     "Tráfico Ilícito de Migrantes.", "states", "may_wish", ("org:UNODC", "protocol:art:10")),
    ("es", "Se alienta a los Estados partes a que apliquen el artículo 18 del Protocolo.",
     "states_parties", "encouraged", ("protocol:art:18",)),
    ("es", "Se invita a los Estados partes a que aborden las causas profundas del tráfico "
     "ilícito de migrantes.", "states_parties", "invited", ()),
    ("es", "El Grupo de Trabajo solicitó a la Secretaría que elaborara orientaciones más "
     "detalladas y prácticas.", "secretariat", "requested", ()),
    ("es", "El Grupo de Trabajo recomendó a la Conferencia de las Partes que considerara la "
     "posibilidad de aprobar el cuestionario.", "conference", "recommended", ()),
    ("es", "Los Estados deben tratar el tráfico ilícito de migrantes como un delito penal.",
     "states", "must", ()),
    ("es", "Los Estados partes podrían considerar la posibilidad de nombrar a un funcionario de "
     "alto nivel.", "states_parties", "could", ()),
    ("es", "Los Estados deberían promover la utilización de la Convención contra la "
     "Delincuencia Organizada, de conformidad con los artículos 16 y 18 de la Convención.",
     "states", "should", ("convention:art:16", "convention:art:18")),
    ("es", "En caso de detención, los Estados partes deberían prestar especial atención a las "
     "obligaciones que les incumben en virtud de la Convención de Viena sobre Relaciones "
     "Consulares, según lo dispuesto en el párrafo 5 del artículo 16 del Protocolo.",
     "states_parties", "should", ("protocol:art:16",)),
    ("es", "Los Estados partes deberían reunir información, en particular utilizando las bases "
     "de datos de la Organización Internacional de Policía Criminal (INTERPOL).",
     "states_parties", "should", ("org:INTERPOL",)),
    ("ru", "Государствам-участникам следует продолжать пересматривать и, при необходимости, "
     "укреплять свое соответствующее законодательство.", "states_parties", "should", ()),
    ("ru", "Государства, возможно, пожелают просить ЮНОДК собрать информацию, включая все виды "
     "информации, указанные в статье 10 Протокола о незаконном ввозе мигрантов.",
     "states", "may_wish", ("org:UNODC", "protocol:art:10")),
    ("ru", "Государствам-участникам рекомендуется применять статью 18 Протокола.",
     "states_parties", "encouraged", ("protocol:art:18",)),
    ("ru", "Рабочая группа просила Секретариат разработать более подробные практические "
     "руководящие принципы.", "secretariat", "requested", ()),
    ("ru", "Рабочая группа рекомендовала Конференции Участников рассмотреть вопрос об "
     "утверждении вопросника.", "conference", "recommended", ()),
    ("ru", "Государства должны рассматривать незаконный ввоз мигрантов как уголовное "
     "преступление.", "states", "must", ()),
    ("ru", "Государства-участники могли бы рассмотреть возможность назначения старшего "
     "должностного лица.", "states_parties", "could", ()),
    ("ru", "Государствам следует содействовать использованию Конвенции против организованной "
     "преступности в соответствии со статьями 16 и 18 Конвенции.",
     "states", "should", ("convention:art:16", "convention:art:18")),
    ("ru", "Государствам-участникам предлагается устранять коренные причины незаконного ввоза "
     "мигрантов.", "states_parties", "invited", ()),
    ("ru", "Государства – участники Конвенции могли бы следовать плану Международной "
     "организации гражданской авиации (ИКАО), как указано в пункте 5 статьи 16 Протокола, с "
     "учетом Венской конвенции о консульских сношениях.",
     "states_parties", "could", ("org:ICAO", "protocol:art:16")),
]


@pytest.mark.parametrize(("language", "text", "actor", "modality", "refs"), OTHER_LANGUAGES)
def test_other_languages(language, text, actor, modality, refs) -> None:
    for lang in (language, None):  # with the language given, and guessing from every language
        e = enrich(text, lang)
        assert (e.actor, e.modality, e.references) == (actor, modality, refs), lang


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Les États devraient être encouragés à ratifier le Protocole.", "encouraged"),
        ("Les États devraient également être invités à coopérer.", "invited"),
        ("Les organisations pourraient être priées de coopérer.", "requested"),
        ("Les États devraient envisager de ratifier le Protocole.", "should"),
        ("Les États pourraient envisager de ratifier le Protocole.", "could"),
        ("Les États sont vivement encouragés à ratifier le Protocole.", "encouraged"),
        ("States should be encouraged to ratify the Protocol.", "encouraged"),
        ("States should consider ratifying the Protocol.", "should"),
        ("States may consider ratifying the Protocol.", "could"),
        ("States parties are requested to report.", "requested"),
        ("Los Estados partes deberían ser alentados a ratificar el Protocolo.", "encouraged"),
        ("Le trafic illicite de migrants par mer ;", None),
    ],
)
def test_compound_verb_rule(text: str, modality: str | None) -> None:
    assert detect_modality(text) == modality


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Les États parties, en coopération avec l'ONUDC, devraient agir.", "states_parties"),
        ("Les États parties, l'ONUDC et la Conférence devraient agir.", "states_parties"),
        ("Le Secrétariat et les États devraient agir.", "secretariat"),
        ("La Conférence a prié les États parties de faire rapport.", "states_parties"),
        ("Les États parties invitent l'ONUDC à agir.", "states_parties"),  # not an author
        ("Il est recommandé aux États de coopérer.", "states"),
        ("Les organisations internationales devraient coopérer.", None),
        ("The United States should cooperate.", None),
        ("Le trafic illicite de migrants par mer ;", None),  # no verb phrase, no actor
    ],
)
def test_actor_rule(text: str, actor: str | None) -> None:
    assert detect_actor(text) == actor


def test_sub_items_inherit_actor_and_modality_not_references() -> None:
    got = enrich_records(
        [
            ("5.1", None, "Les États parties devraient, conformément au Protocole :"),
            ("5.1.a", "5.1", "Appliquer l'article 8 ;"),
            ("5.1.b", "5.1", "Le Secrétariat est prié de faire rapport ;"),
            ("5.1.b.i", "5.1.b", "avec l'ONUDC ;"),
            ("5.2", None, "Le trafic de migrants est un crime."),
        ],
        "fr",
    )
    assert got["5.1"].references == ()
    # the item's article takes the instrument named in its parent's lead-in
    assert (got["5.1.a"].actor, got["5.1.a"].modality, got["5.1.a"].references) == (
        "states_parties", "should", ("protocol:art:8",)
    )
    assert (got["5.1.b"].actor, got["5.1.b"].modality) == ("secretariat", "requested")
    assert (got["5.1.b.i"].actor, got["5.1.b.i"].modality) == ("secretariat", "requested")
    assert got["5.1.b.i"].references == ("org:UNODC",)
    assert (got["5.2"].actor, got["5.2"].modality, got["5.2"].references) == (None, None, ())


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("conformément à l'article 5 et au paragraphe 4 de l'article 6 du Protocole",
         ("protocol:art:5", "protocol:art:6")),
        ("les articles 9, 10 et 2 de la Convention", (
            "convention:art:2", "convention:art:9", "convention:art:10")),
        ("l'article 36 de la Convention de Vienne sur les relations consulaires", ()),
        ("article 5 of the Convention on the Rights of the Child", ()),
        ("article 3 of the Trafficking in Persons Protocol", ()),
        ("l'article 8 ; voir aussi le Protocole", ("protocol:art:8",)),  # named after it
        ("voir les documents A/RES/55/25 et CTOC/COP/2020/10.", (
            "doc:A/RES/55/25", "doc:CTOC/COP/2020/10")),
        ("les mesures de l'ICAO, de l'OIM, du HCR et de SHERLOC", (
            "org:ICAO", "org:IOM", "org:SHERLOC", "org:UNHCR")),
        ("la Organización de Aviación Civil Internacional y la Organización Internacional para "
         "las Migraciones", ("org:ICAO", "org:IOM")),
        ("et/ou TCP/IP", ()),
    ],
)
def test_references(text: str, refs: tuple[str, ...]) -> None:
    assert find_references(text) == refs


def test_join_and_split() -> None:
    keys = ["protocol:art:10", "org:IOM", "protocol:art:9", "org:IOM"]
    joined = join_references(keys)
    assert joined == "org:IOM;protocol:art:9;protocol:art:10"  # natural order, unique
    assert split_references(joined) == ["org:IOM", "protocol:art:9", "protocol:art:10"]
    assert join_references([]) is None and split_references(None) == []


TOKENS = ["article ", "articles ", " et ", " du Protocole", " de la Convention", "CTOC/", "OIM ",
          "Les États parties ", "devraient ", "статьи ", " Конвенции", " of the Vienna "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"AZaz09./-; ()'é٣", *TOKENS]), max_size=40).map("".join))
def test_keys_always_match_the_declared_pattern(text: str) -> None:
    e = enrich(text)
    assert e.actor in (None, *ACTORS) and e.modality in (None, *MODALITIES)
    for key in e.references:
        assert re.fullmatch(REFERENCE_PATTERN, key), key
    if e.references:
        assert re.fullmatch(column_pattern(TABLES["recommendations"].field("references")),
                            e.references_text)


# --------------------------------------------------------------------------------------------
# Schema and outputs
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["recommendations", "paragraphs"])
def test_columns_declared(table: str) -> None:
    t = TABLES[table]
    assert t.field_names[-3:] == ["actor", "modality", "references"]
    for name in ("actor", "modality", "references"):
        f = t.field(name)
        assert f.type == "string" and f.nullable and f.description
    assert t.field("actor").enum == ACTORS and t.field("modality").enum == MODALITIES


def test_references_constraint_agrees() -> None:
    good = ["protocol:art:8", "convention:art:16;org:INTERPOL", "art:18",
            "doc:CTOC/COP/WG.7/2019/1;org:ICAO;protocol:art:6"]
    bad = ["protocol:art:", "org:interpol", "protocol:art:8;", ";org:IOM", "x:art:1",
           "protocol:art:8 ; org:IOM"]
    f = TABLES["recommendations"].field("references")
    column = pandera_schema("recommendations").columns["references"]
    (res,) = [r for r in datapackage()["resources"] if r["name"] == "recommendations"]
    (ts,) = [x for x in res["schema"]["fields"] if x["name"] == "references"]
    prop = document_json_schema()["$defs"]["recommendation"]["properties"]["references"]
    for value, ok in [(v, True) for v in good] + [(v, False) for v in bad]:
        series = pd.Series([value], dtype="string")
        assert all(bool(c(series).check_passed) for c in column.checks) == ok, value
        assert (re.fullmatch(ts["constraints"]["pattern"], value) is not None) == ok, value
        as_list = value.split(f.separator)
        assert jsonschema.Draft202012Validator(prop).is_valid(as_list) == ok, value


def _doc():
    ex = recommendations_doc()
    ex.records.append(rec(2, 3, "Les États parties devraient, selon le Protocole :", 3))
    ex.records.append(rec(2, 3, "Appliquer l'article 8 et coopérer avec l'OIM ;", 3, item="a"))
    return enrich_extraction(ex)


def test_tables_and_json_carry_the_columns() -> None:
    ex = _doc()
    recs = build_tables([ex])["recommendations"].set_index("id")
    assert recs.loc["2.3.a", ["actor", "modality", "references"]].tolist() == [
        "states_parties", "should", "org:IOM;protocol:art:8"
    ]
    nodes = {}

    def walk(n: dict) -> None:
        nodes[n["id"]] = n
        for c in n["items"]:
            walk(c)

    for m in document_json(ex)["meetings"]:
        for r in m["recommendations"]:
            walk(r)
    assert nodes["2.3.a"]["references"] == ["org:IOM", "protocol:art:8"]
    assert nodes["2.3"]["references"] == []
    assert (nodes["2.3.a"]["actor"], nodes["2.3.a"]["modality"]) == ("states_parties", "should")


def test_stale_derived_value_in_json_is_reported(tmp_path: Path) -> None:
    write_outputs([_doc()], tmp_path)
    assert not has_errors(validate_output_dir(tmp_path))
    path = tmp_path / "wg7_2019_fr.json"
    obj = json.loads(path.read_text(encoding="utf-8"))
    obj["meetings"][0]["recommendations"][0]["actor"] = "secretariat"
    assert derived_mismatches(obj, enrich_extraction) == [
        "1.1: actor 'secretariat' differs from the value derived from its text ('states')"
    ]
    extraction_from_json(obj)  # still readable (diff, align read older editions this way)
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    problems = validate_output_dir(tmp_path, rederive=enrich_extraction)
    messages = [str(p) for p in problems if p.severity == "error"]
    assert any("differs from the value derived from its text" in m for m in messages), messages


def test_unrecs_validate_reports_a_stale_derived_value(tmp_path: Path) -> None:
    """The command re-derives enrichment (``out`` alone cannot: it never imports parsing)."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    write_outputs([_doc()], tmp_path)
    path = tmp_path / "wg7_2019_fr.json"
    obj = json.loads(path.read_text(encoding="utf-8"))
    obj["meetings"][0]["recommendations"][0]["actor"] = "secretariat"
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 7
    assert "differs from the value derived from its text" in result.output


def test_enrichment_runs_once_per_record_and_tables_carry_its_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.parse.enrich as enrich_module
    from pipeline.parse.document import extract_document

    texts: list[str] = []
    real = enrich_module.enrich

    def counting(text: str, *args, **kwargs):  # noqa: ANN202
        texts.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(enrich_module, "enrich", counting)
    ex = extract_document(FIXTURE_PDF)
    rows = ex.records + ex.paragraphs
    assert len(texts) == len(rows) > 10
    assert sorted(texts) == sorted(r.text for r in rows)
    assert {r.actor for r in ex.records} >= {"states_parties", "states"}
    assert any(r.references for r in ex.records)

    tables = build_tables([ex])
    document_json(ex)
    write_outputs([ex], tmp_path)
    assert not has_errors(validate_output_dir(tmp_path))
    assert len(texts) == len(rows)  # tables, JSON, export and validation never re-enrich

    recs = tables["recommendations"]
    assert recs["actor"].tolist() == [r.actor or pd.NA for r in ex.records]
    assert recs["modality"].tolist() == [r.modality or pd.NA for r in ex.records]
    assert recs["references"].tolist() == [
        ";".join(r.references) if r.references else pd.NA for r in ex.records
    ]
    # the tables write the model's values as they are: a changed value shows up unchanged
    ex.records[0].actor, ex.records[0].references = "unodc", ("org:SHERLOC",)
    first = build_tables([ex])["recommendations"].iloc[0]
    assert (first["actor"], first["references"]) == ("unodc", "org:SHERLOC")


def test_outputs_read_back_carry_the_derived_fields(tmp_path: Path) -> None:
    from pipeline.out.validate import extractions_from_tables

    ex = _doc()
    derived = [(r.id, r.actor, r.modality, r.references) for r in ex.records]
    assert ("2.3.a", "states_parties", "should", ("org:IOM", "protocol:art:8")) in derived
    back = extraction_from_json(json.loads(json.dumps(document_json(ex))))
    assert [(r.id, r.actor, r.modality, r.references) for r in back.records] == derived
    (from_tables,) = extractions_from_tables(build_tables([ex]))
    assert [(r.id, r.actor, r.modality, r.references) for r in from_tables.records] == derived


def test_extraction_with_derived_fields_pickles() -> None:
    import pickle

    ex = _doc()
    again = pickle.loads(pickle.dumps(ex))
    assert again == ex
    assert again.records[-1].references == ("org:IOM", "protocol:art:8")
