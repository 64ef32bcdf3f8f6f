"""Visual QA report: one self-contained HTML file showing every page with what was extracted.

``unrecs report OUT_DIR`` (:func:`report_command`) reads each ``<stem>.json`` of an output
folder, finds its source PDF (``source_file`` in ``--pdf-dir``, default ``raw``), renders every
page with pypdfium2 (PNG, base64-embedded, scale 1.3) and draws over it, in PDF points scaled
to pixels (JSON boxes are ``[x0, top, x1, bottom]``, origin top-left):

* each record's (recommendation's or paragraph's) box, outlined and tagged with its id in the
  right margin; lettered items in another colour; the tag links to the record's text;
* meeting headings, and headings that are no row (``other_text``, dashed);
* removed page furniture, shaded, with its reason and text as a tooltip;
* text repairs (letter-spacing joins, dehyphenations), marked, with ``before → after``.

Beside each page: the text of the records on that page (with their derived actor, modality and
references), and the page's furniture and repairs. The file has no external resources (no
scripts, fonts or images to fetch), so it can be archived or mailed as is. A missing PDF, or one
whose SHA-256 differs from the extracted one, is reported and the boxes are drawn on a blank
page instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.records import dataclass
from pipeline.tools.report_html import report_html
from pipeline.tools.report_view import DEFAULT_SCALE, document_jsons, document_view, records_of

__all__ = ["ReportResult", "build_report", "records_of", "report_command"]


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder (mode from the umask), then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@dataclass(slots=True)
class ReportResult:
    path: Path
    documents: int
    records: int
    notes: list[str]


def build_report(
    out_dir: str | Path,
    pdf_dir: str | Path = "raw",
    output: str | Path | None = None,
    scale: float = DEFAULT_SCALE,
) -> ReportResult:
    """Write the HTML report of every ``<stem>.json`` in ``out_dir`` (default
    ``out_dir/report.html``); PDFs are looked up in ``pdf_dir``, then in ``out_dir``.

    Raises FileNotFoundError when ``out_dir`` holds no unrecs document JSON.
    """
    out_dir, pdf_dir = Path(out_dir), Path(pdf_dir)
    found = document_jsons(out_dir)
    if not found:
        raise FileNotFoundError(f"{out_dir}: no unrecs <stem>.json files (run unrecs extract "
                                "with the json format first)")
    docs = [document_view(stem, obj, [pdf_dir, out_dir], scale) for stem, obj in found]
    path = Path(output) if output is not None else out_dir / "report.html"
    _write_atomic(path, report_html(docs, scale))
    notes = [f"{d.stem}: {n}" for d in docs for n in d.notes]
    return ReportResult(path, len(docs), sum(len(records_of(d.obj)) for d in docs), notes)


def report_command(
    out_dir: Path, output: Path | None = None, pdf_dir: Path = Path("raw")
) -> Path:
    """CLI hook for ``unrecs report OUT_DIR [--output FILE] [--pdf-dir DIR]``.

    Prints warnings and a summary line on stderr; exits with code 3 (``typer.Exit``) when
    ``OUT_DIR`` is not a folder or holds no document JSON, or the report cannot be written.
    """
    import typer

    from pipeline.errors import EXIT_INPUT

    if not out_dir.is_dir():
        typer.echo(f"error: {out_dir}: no such folder", err=True)
        raise typer.Exit(EXIT_INPUT)
    try:
        res = build_report(out_dir, pdf_dir, output)
    except (FileNotFoundError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    for note in res.notes:
        typer.echo(f"warning: {note}", err=True)
    typer.echo(f"{res.documents} document(s), {res.records} records → {res.path}", err=True)
    return res.path
