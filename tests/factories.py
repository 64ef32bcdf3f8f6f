"""Hand-built Extraction objects (small, realistic French UN documents) shared by the tests."""

from __future__ import annotations

import copy
import hashlib

from pipeline.model import (
    Block,
    Box,
    DocumentMeta,
    Extraction,
    Furniture,
    Meeting,
    Paragraph,
    Record,
    Repair,
)


def box(page: int, top: float = 100.0, bottom: float | None = None) -> Box:
    """A body-width box on ``page`` starting at ``top``."""
    return Box(page, 70.87, top, 524.41, top + 24.0 if bottom is None else bottom)


def _ids(base: str, item: str | None) -> tuple[str, str | None]:
    """Id and parent id of a numbered text or of its item path ('a', 'a.i'), the way the
    structure stage derives them."""
    if item is None:
        return base, None
    parent = f"{base}.{item.rsplit('.', 1)[0]}" if "." in item else base
    return f"{base}.{item}", parent


def rec(
    meeting: int,
    number: int,
    text: str,
    page: int,
    item: str | None = None,
    page_end: int | None = None,
) -> Record:
    """A record with an id and parent id derived the way the structure stage derives them."""
    rid, parent = _ids(f"{meeting}.{number}", item)
    end = page if page_end is None else page_end
    boxes = [box(p, 120.0 + 10 * number) for p in range(page, end + 1)]
    return Record(rid, parent, meeting, number, item, text, page, end, boxes)


def para(
    number: int,
    text: str,
    page: int,
    section: str = "",
    item: str | None = None,
    page_end: int | None = None,
) -> Paragraph:
    pid, parent = _ids(f"{number}", item)
    end = page if page_end is None else page_end
    boxes = [box(p, 150.0 + 10 * number) for p in range(page, end + 1)]
    return Paragraph(pid, parent, section, number, item, text, page, end, boxes)


def recommendations_doc(
    symbol: str = "CTOC/COP/WG.7/2019/CRP.1",
    source_file: str = "wg7_2019_fr.pdf",
) -> Extraction:
    """Recommendations adopted by the working group on smuggling of migrants (3 pages)."""
    meta = DocumentMeta(
        symbol=symbol,
        language="fr",
        original_language="en",
        distribution="general",
        date="2019-06-21",
        organ=(
            "Conférence des Parties à la Convention des Nations Unies contre la criminalité "
            "transnationale organisée"
        ),
        body="Groupe de travail sur le trafic illicite de migrants",
        session="Vienne, 11-13 septembre 2019",
        agenda_item="4",
        agenda_title="Questions diverses",
        title=(
            "Recommandations adoptées par le Groupe de travail sur le trafic illicite de "
            "migrants à ses réunions tenues entre 2012 et 2018"
        ),
        subtitle="Document d'information établi par le Secrétariat",
        job_number="V.19-05872",
        page_count=3,
        source_file=f"raw/{source_file}",
        sha256=hashlib.sha256(symbol.encode()).hexdigest(),
        pipeline_version="0.1.0",
    )
    meetings = [
        Meeting(
            1,
            "I. Première réunion, tenue à Vienne du 30 mai au 1er juin 2012",
            "Vienne",
            "2012-05-30",
            "2012-06-01",
            page=1,
            box=Box(1, 70.87, 300.0, 524.41, 314.0),
        ),
        Meeting(
            2,
            "II. Deuxième réunion, tenue à Vienne du 11 au 13 novembre 2013",
            "Vienne",
            "2013-11-11",
            "2013-11-13",
            page=2,
            box=Box(2, 70.87, 400.0, 524.41, 414.0),
        ),
    ]
    records = [
        rec(1, 1, "Les États qui ne l'ont pas encore fait devraient envisager de ratifier le "
            "Protocole contre le trafic illicite de migrants par terre, air et mer.", 1),
        rec(1, 2, "Les États parties devraient envisager d'adopter les mesures suivantes :", 1),
        rec(1, 2, "Promouvoir une coopération internationale efficace ;", 1, item="a"),
        rec(1, 2, "Renforcer les capacités de leurs services de détection et de répression, "
            "notamment :", 1, item="b", page_end=2),
        rec(1, 2, "en matière d'enquêtes financières ;", 2, item="b.i"),
        rec(1, 2, "en matière de protection des migrants objets d'un trafic illicite.", 2,
            item="b.ii"),
        rec(1, 3, "Le Groupe de travail a recommandé que l'ONUDC continue de fournir une "
            "assistance technique aux États qui en font la demande.", 2),
        rec(2, 1, "Les États devraient veiller à ce que les migrants objets d'un trafic "
            "illicite ne soient pas poursuivis pénalement du seul fait de ce trafic.", 2),
        rec(2, 2, "Les États parties devraient renforcer l'échange d'informations, peut-être "
            "par l'intermédiaire des réseaux régionaux existants, et faire en sorte que les "
            "enquêtes soient menées de manière efficace.", 2, page_end=3),
    ]
    return Extraction(
        meta=meta,
        mode="recommendations",
        meetings=meetings,
        records=records,
        paragraphs=[],
        furniture=[
            Furniture("V.19-05872 (F)", "job-number", Box(1, 56.7, 770.0, 130.2, 780.0)),
            Furniture("*1905872*", "barcode", Box(1, 420.0, 765.0, 530.0, 785.0)),
            Furniture("1/3", "page-counter", Box(1, 500.0, 790.0, 524.4, 800.0)),
            Furniture(symbol, "running-header", Box(2, 56.7, 40.0, 200.0, 52.0)),
            Furniture("2/3", "page-counter", Box(2, 500.0, 790.0, 524.4, 800.0)),
        ],
        repairs=[
            Repair("dehyphenation", "peut- être", "peut-être", Box(2, 70.87, 600.0, 524.41, 636.0)),
            Repair("letter-spacing", "ONU DC", "ONUDC", Box(2, 70.87, 250.0, 524.41, 262.0)),
            Repair("ordinal-suffix", "1 er", "1er", Box(1, 70.87, 300.0, 524.41, 314.0)),
        ],
        other_text=[
            Block(
                "paragraph",
                None,
                "On trouvera ci-après les recommandations adoptées par le Groupe de travail.",
                [],
                [Box(1, 70.87, 250.0, 524.41, 274.0)],
                indent=70.87,
            )
        ],
        warnings=[],
    )


def paragraphs_doc(
    symbol: str = "E/CN.15/2019/5",
    source_file: str = "ccpcj_2019_5_fr.pdf",
) -> Extraction:
    """A report of the Secretary-General with numbered paragraphs under headings (2 pages)."""
    meta = DocumentMeta(
        symbol=symbol,
        language="fr",
        original_language="en",
        distribution="general",
        date="2019-02-27",
        organ="Conseil économique et social",
        body="Commission pour la prévention du crime et la justice pénale",
        session="Vingt-huitième session\nVienne, 20-24 mai 2019",
        agenda_item="5",
        agenda_title="Intégration et coordination des efforts de l'ONUDC",
        title="Application de la Déclaration de Doha",
        subtitle="Rapport du Secrétaire général",
        job_number="V.19-01234",
        page_count=2,
        source_file=source_file,
        sha256=hashlib.sha256(symbol.encode()).hexdigest(),
        pipeline_version="0.1.0",
    )
    paragraphs = [
        para(1, "Le présent rapport a été établi en application de la résolution 73/185 de "
             "l'Assemblée générale.", 1, section="I"),
        para(2, "Les États Membres ont pris des mesures dans les domaines suivants :", 1,
             section="II.A"),
        para(2, "la prévention de la criminalité ;", 1, section="II.A", item="a"),
        para(2, "la justice pénale, notamment :", 1, section="II.A", item="b"),
        para(2, "l'accès à l'aide juridictionnelle ;", 1, section="II.A", item="b.i"),
        para(3, "L'ONUDC a continué d'appuyer les États qui en ont fait la demande, à "
             "hauteur de 25 % des projets.", 1, section="II.A", page_end=2),
        para(4, "La Commission voudra peut-être examiner les recommandations ci-dessus.", 2,
             section="III"),
    ]
    return Extraction(
        meta=meta,
        mode="paragraphs",
        meetings=[],
        records=[],
        paragraphs=paragraphs,
        furniture=[Furniture("V.19-01234 (F)", "job-number", Box(1, 56.7, 770.0, 130.2, 780.0))],
        repairs=[],
        other_text=[],
        warnings=["page 2: footnote 1 has no callout"],
    )


def big_doc(records_per_meeting: int = 2000, meetings: int = 3) -> Extraction:
    """A large recommendations document (for slow, killable exports)."""
    ex = recommendations_doc(source_file="big_fr.pdf", symbol="CTOC/COP/WG.7/2019/CRP.9")
    ex.meta.page_count = 500
    ex.meetings = ex.meetings[:1] + [
        Meeting(
            m,
            f"{'I' * m}. Réunion numéro {m}, tenue à Vienne du 1er au 3 mars 2015",
            "Vienne",
            "2015-03-01",
            "2015-03-03",
            page=1,
        )
        for m in range(2, meetings + 1)
    ]
    ex.records = [
        rec(m, n, f"Recommandation {n} de la réunion {m} : les États devraient agir. " * 3,
            1 + (n % 500))
        for m in range(1, meetings + 1)
        for n in range(1, records_per_meeting + 1)
    ]
    return ex


def clone(ex: Extraction) -> Extraction:
    return copy.deepcopy(ex)
