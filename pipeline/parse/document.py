"""Library API: run the stages (load → layout → blocks → structure → enrich) on one PDF."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Literal

from pipeline import gcpolicy, recache, timings
from pipeline.distinfo import pipeline_version
from pipeline.errors import (
    NO_TEXT_LAYER,
    EncryptedError,
    InputError,
    NoStructureError,
    NoTextError,
)
from pipeline.model import DocumentMeta, Extraction, LoadedDocument
from pipeline.read.load import load_pdf
from pipeline.read.provenance import provenance_for
from pipeline.vocab import SEPARATOR

# the stages after the read (layout, blocks, structure, enrichment …) are imported by
# load_stages() once the document is read, not with this module: a run reads its first page
# without waiting for them

Mode = Literal["auto", "recommendations", "paragraphs"]


def check_input(path: Path) -> None:
    """Fail early, with one clear line, on inputs that are not readable PDFs."""
    if not path.exists():
        raise InputError(str(path), "no such file")
    if path.is_dir():
        raise InputError(str(path), "is a folder, not a PDF")
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), "empty file")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise InputError(str(path), "not a PDF (no %PDF- header)")


def open_document(
    path: Path,
    password: str | None = None,
    backend: str = "pdfplumber",
    on_page: Callable[[int], None] | None = None,
    sha256: str | None = None,
) -> LoadedDocument:
    """Load a PDF, turning the PDF libraries' exceptions into one-line user errors.

    ``on_page`` is called with each page number as soon as that page is read (progress);
    ``sha256`` is the file's digest when the caller has computed it."""
    check_input(path)
    try:
        doc = load_pdf(path, backend=backend, password=password, on_page=on_page,
                       sha256=sha256)
    except Exception as exc:  # noqa: BLE001 - any parser failure is reported as one line
        if _is_password_error(exc):
            hint = "wrong password" if password else "give the password with --password"
            raise EncryptedError(str(path), f"encrypted PDF: {hint}") from exc
        raise InputError(str(path), f"damaged or truncated PDF ({_root(exc)})") from exc
    if not doc.pages:
        raise InputError(str(path), "PDF has no pages")
    if sum(p.char_count for p in doc.pages) == 0:
        raise NoTextError(str(path), NO_TEXT_LAYER)
    unreadable, total = unmapped_characters(doc)
    if total and unreadable >= UNREADABLE_SHARE * total:
        raise NoTextError(str(path), f"text layer unreadable: {unreadable} of {total} characters "
                          "have no Unicode mapping ((cid:N) codes or control characters): OCR "
                          "is needed")
    return doc


#: share of a document's characters without a Unicode mapping from which its text layer is
#: unreadable: real text layers have none or a handful (a symbol font's bullet), a font
#: without a ToUnicode map gives most of them
UNREADABLE_SHARE = 0.3
#: what a glyph without a Unicode mapping becomes: pdfminer's ``(cid:N)``; PDFium's character
#: code as a code point, which for a subset font (glyphs numbered from 1 in order of use) is
#: mostly a control character; U+FFFD
_UNMAPPED = recache.compile(r"\(cid:[0-9]+\)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


def unmapped_characters(doc: LoadedDocument) -> tuple[int, int]:
    """(characters without a Unicode mapping, characters) over the words of ``doc``; a
    ``(cid:N)`` code counts as one character."""
    unreadable = total = 0
    for page in doc.pages:
        texts = [w.text for line in page.lines for w in line.words]
        if not texts:
            continue
        # one search per page: a newline (not matched by the pattern) between the words keeps
        # a code from running across two of them
        joined = "\n".join(texts)
        codes = _UNMAPPED.findall(joined)
        unreadable += len(codes)
        total += len(joined) - (len(texts) - 1) - sum(len(c) - 1 for c in codes)
    return unreadable, total


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception with its causes and any exceptions wrapped in its arguments."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        e = todo.pop()
        if e in seen:
            continue
        seen.append(e)
        todo += [a for a in e.args if isinstance(a, BaseException)]
        todo += [c for c in (e.__cause__, e.__context__) if c is not None]
    return seen


def _is_password_error(exc: BaseException) -> bool:
    return any(
        "password" in type(e).__name__.lower()
        or "password" in str(e).lower()
        or "encrypt" in str(e).lower()
        for e in _chain(exc)
    )


def _root(exc: BaseException) -> str:
    return type(_chain(exc)[-1]).__name__


def load_stages() -> None:
    """Import the stages after the read (a worker pool calls it before forking, so that the
    workers share them instead of each importing them)."""
    import pipeline.parse.audit
    import pipeline.parse.blocks
    import pipeline.parse.doctype
    import pipeline.parse.enrich
    import pipeline.parse.footnotes
    import pipeline.parse.layout
    import pipeline.parse.prose
    import pipeline.parse.structure  # noqa: F401

    pipeline.parse.enrich.compile_patterns()


def enrich_extraction(ex: Extraction) -> Extraction:
    """The enrichment stage: fill every record's and paragraph's ``actor``, ``modality`` and
    ``references`` from its text, once (items inherit actor and modality from their parent)."""
    from pipeline.parse.enrich import enrich_records

    for rows in (ex.records, ex.paragraphs):
        enriched = enrich_records(((r.id, r.parent_id or None, r.text) for r in rows),
                                  ex.meta.language)
        for r in rows:
            e = enriched[r.id]
            r.actor, r.modality, r.references = e.actor, e.modality, e.references
    return ex


def _front_and_back_texts(doc: LoadedDocument, n: int = 4) -> list[str]:
    """The texts of the first and last ``n`` pages, where publications print ISBN and sales
    number."""
    pages = doc.pages if len(doc.pages) <= 2 * n else [*doc.pages[:n], *doc.pages[-n:]]
    return [" ".join(w.text for line in p.lines for w in line.words) for p in pages]


def extract_document(
    path: str | Path,
    mode: Mode = "auto",
    password: str | None = None,
    backend: str = "pdfplumber",
    on_page: Callable[[int], None] | None = None,
    sha256: str | None = None,
) -> Extraction:
    """Extract one PDF into meetings and records (or generic paragraphs); ``sha256``: the
    file's digest when the caller has it (a cache look-up), so that it is not read twice."""
    path = Path(path)
    # the read and the stages after it make many small objects and no garbage cycles to speak
    # of (a 181-page report read by either backend leaves a few thousand objects in cycles,
    # and the same peak memory): the cycle collector, run over the document's objects again
    # and again as they are made (a sixth of the parse of a long document, a twentieth of its
    # read), is paused until they are done
    collecting = gc.isenabled()
    gc.disable()
    try:
        with timings.stage("read"):
            doc = open_document(path, password=password, backend=backend, on_page=on_page,
                                sha256=sha256)
        return _parse_document(doc, path, mode)
    finally:
        if collecting:
            if gcpolicy.frozen():
                # the command's frozen modules are joined by what was made meanwhile, rather
                # than have the collector's next young pass walk all of it (a 181-page
                # report: 10 ms); validation puts them back together (pipeline.out.collector)
                gc.freeze()
            gc.enable()


def _parse_document(doc: LoadedDocument, path: Path, mode: Mode) -> Extraction:
    """The stages after the read: layout, blocks, structure, enrichment and their ledgers."""
    parse_started = timings.clock()
    from pipeline.lang import guess_text_language
    from pipeline.parse.audit import check_blocks, check_pages, check_structure
    from pipeline.parse.blocks import body_evidence, build_blocks
    from pipeline.parse.doctype import document_type, publication_numbers
    from pipeline.parse.footnotes import build_footnotes
    from pipeline.parse.layout import analyse
    from pipeline.parse.prose import build_prose
    from pipeline.parse.structure import (
        build_paragraphs,
        build_recommendations,
        find_meetings,
        unstructured,
    )

    layout = analyse(doc)
    check_pages(layout, str(path))
    meta = replace(layout.meta) if layout.meta is not None else DocumentMeta()
    meta.job_number = layout.job_number
    if meta.language is None:
        meta.language = layout.job_language
    if meta.language is None:
        # no masthead and no job-number suffix (a publication): the language of the text itself
        meta.language = guess_text_language(
            " ".join(w.text for p in doc.pages for line in p.lines for w in line.words)
        )
    meta.page_count = doc.page_count
    meta.source_file = path.name
    meta.sha256 = doc.sha256
    meta.pipeline_version = pipeline_version()
    meta.isbn, meta.sales_number = publication_numbers(_front_and_back_texts(doc))
    meta.document_type = document_type(meta)  # judged on the page-1 masthead
    if meta.symbol is None:
        # no symbol in the masthead (a publication's cover): the one its running header prints
        meta.symbol = layout.running_symbol
    fetched = provenance_for(path, doc.sha256)
    if fetched is not None:
        meta.source_url = fetched.get("url")
        meta.fetched_at = fetched.get("fetched_at")
    evidence = body_evidence(layout, meta.language)
    blocks, repairs = build_blocks(layout, meta.language, evidence)
    check_blocks(blocks, repairs, str(path))
    if mode == "auto":
        mode = "recommendations" if find_meetings(blocks, meta.language) else "paragraphs"
    if mode == "recommendations":
        meetings, records, texts, other, warnings = build_recommendations(
            blocks, meta.language)
        if not records:
            raise NoStructureError(
                str(path), "no meeting sections with numbered recommendations found"
            )
        ex = Extraction(meta, mode, meetings, records, texts, layout.furniture, repairs,
                        other, warnings)
    else:
        gaps: list[str] = []
        paragraphs, other, warnings = build_paragraphs(blocks, meta.language, gaps)
        meta.printed_gaps = SEPARATOR.join(gaps) or None
        if unstructured(paragraphs):
            # no numbering at all: body paragraphs in reading order (verbatim records, notes)
            prose, prose_other, prose_warnings, prose_blocks = build_prose(blocks, meta.language)
            if prose:
                paragraphs, other, warnings, blocks = (
                    prose, prose_other, prose_warnings, prose_blocks)
        if not paragraphs:
            raise NoStructureError(str(path), "no numbered paragraphs found")
        ex = Extraction(meta, "paragraphs", [], [], paragraphs, layout.furniture, repairs,
                        other, warnings)
    ex.footnotes = build_footnotes(layout.notes, layout.furniture, ex.records or ex.paragraphs,
                                   evidence, ex.repairs)
    ex.tables = layout.tables
    timings.record("parse", parse_started)
    with timings.stage("enrich"):
        enrich_extraction(ex)
    check_structure(ex, blocks, str(path))
    return ex
