"""Command-line interface: every ``unrecs`` command declared with typer (options, help texts).

The entry point is :func:`pipeline.cli.main`, which runs a plain ``unrecs extract`` without
loading this module (typer costs a tenth of a second at every start); ``--help``, malformed
options and the other commands come here. ``unrecs extract``'s body is
:func:`pipeline.extract_command.run_extract`; the other commands' bodies: :mod:`pipeline.commands`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline import errors
from pipeline.commands import say as _say
from pipeline.extract_command import BACKENDS, FORMATS, run_extract
from pipeline.run.limits import DEFAULT_MAX_CHARS_PER_PAGE, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn official United Nations document PDFs into clean, validated tables.",
    pretty_exceptions_enable=False,
)


def _formats(value: str) -> set[str]:
    chosen = {v.strip().lower() for v in value.split(",") if v.strip()}
    bad = chosen - set(FORMATS)
    if bad or not chosen:
        raise typer.BadParameter(f"formats are {', '.join(FORMATS)}; got {value!r}")
    return chosen


@app.command()
def extract(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders of PDFs.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("output"),
    mode: Annotated[
        str, typer.Option(help="auto | recommendations | paragraphs (auto: by the document).")
    ] = "auto",
    fmt: Annotated[
        str, typer.Option("--format", help="Comma-separated outputs: csv,parquet,json.")
    ] = "csv,parquet,json",
    password: Annotated[
        str | None, typer.Option(help="Password for encrypted PDFs.")
    ] = None,
    backend: Annotated[str, typer.Option(help="PDF text layer: pdfplumber | pdfium.")] = (
        "pdfplumber"
    ),
    strict: Annotated[bool, typer.Option(
        help="Refuse documents with any problem (errors and warnings) instead of writing them "
        "with their problems.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Print warnings and repairs.")
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Worker processes (0: one per CPU).")
    ] = 1,
    cache: Annotated[
        bool,
        typer.Option(help="Reuse earlier results of unchanged PDFs (content-hash cache in "
                     "OUT/.unrecs-cache)."),
    ] = True,
    engine: Annotated[
        str, typer.Option(help="local | dask (extract on a Dask cluster, see docs/dask.md).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 "
                     "(default: a local cluster on this machine)."),
    ] = None,
    wait: Annotated[
        float, typer.Option(help="Seconds to wait for another run using OUT (default: fail).")
    ] = 0.0,
    timeout: Annotated[
        float, typer.Option(help="Seconds per document (0: no limit).")
    ] = DEFAULT_TIMEOUT,
    max_pages: Annotated[
        int, typer.Option(help="Pages per document (0: no limit).")
    ] = DEFAULT_MAX_PAGES,
    max_chars_per_page: Annotated[
        int, typer.Option(help="Characters per page (0: no limit).")
    ] = DEFAULT_MAX_CHARS_PER_PAGE,
) -> None:
    """Extract recommendations (or numbered paragraphs) from UN PDFs into OUT.

    Examples:

      unrecs extract raw --out output

      unrecs extract doc.pdf --out out --format csv --mode paragraphs

      unrecs extract corpus/ --out s3://bucket/unrecs --engine dask --scheduler tcp://host:8786
    """
    if mode not in ("auto", "recommendations", "paragraphs"):
        raise typer.BadParameter("mode is auto, recommendations or paragraphs")
    formats = _formats(fmt)
    if backend not in BACKENDS:
        raise typer.BadParameter("backend is pdfplumber or pdfium", param_hint="--backend")
    if engine not in ("local", "dask"):
        raise typer.BadParameter("engine is local or dask", param_hint="--engine")
    if scheduler is not None and engine != "dask":
        raise typer.BadParameter("needs --engine dask", param_hint="--scheduler")
    if engine == "dask":
        from pipeline.out.locations import is_url
        from pipeline.run.dask_command import output_target, run_dask_extract
        from pipeline.run.guard import hold_output

        if not is_url(target := output_target(out)):  # a folder here: one writer at a time
            hold_output(ctx, Path(target), wait, _say, timeout, max_pages, max_chars_per_page)
        code = run_dask_extract(paths, out, scheduler=scheduler, mode=mode, password=password,
                                backend=backend, formats=formats, strict=strict, quiet=quiet,
                                use_cache=cache, n_workers=jobs if jobs > 0 else 2)
        if code:
            raise typer.Exit(code)
        return
    code = run_extract(paths, out=out, mode=mode, formats=formats, password=password,
                       backend=backend, strict=strict, quiet=quiet, verbose=verbose, jobs=jobs,
                       cache=cache, wait=wait, timeout=timeout, max_pages=max_pages,
                       max_chars_per_page=max_chars_per_page,
                       check=lambda: check_limits(wait, timeout, max_pages, max_chars_per_page))
    if code:
        raise typer.Exit(code)


def check_limits(wait: float, timeout: float, max_pages: int, max_chars_per_page: int) -> None:
    """Refuse a negative ``--wait`` or limit as a usage error (exit 2)."""
    for value, hint in ((wait, "--wait"), (timeout, "--timeout"), (max_pages, "--max-pages"),
                        (max_chars_per_page, "--max-chars-per-page")):
        if value < 0:
            raise typer.BadParameter("must be 0 or more", param_hint=hint)


@app.command()
def validate(
    folder: Annotated[Path, typer.Argument(help="An output folder written by extract.")],
    strict: Annotated[bool, typer.Option(
        help="Treat warnings and recorded problems as errors.")] = False,
) -> None:
    """Re-check an output folder: schemas, agreement of CSV/Parquet/JSON, structural rules.

    Problems recorded in the folder's problems table are known, not errors (with --strict
    they are).

    Example:

      unrecs validate output --strict
    """
    from pipeline.out.check_folder import recorded_problems
    from pipeline.out.validate import validate_output_dir
    from pipeline.parse.document import enrich_extraction

    if not folder.is_dir():
        _say(f"error: {folder}: no such folder")
        raise typer.Exit(errors.EXIT_INPUT)
    problems = validate_output_dir(folder, strict=strict, rederive=enrich_extraction)
    for p in problems:
        _say(str(p))
    bad = [p for p in problems if p.severity == "error" or strict]
    recorded = recorded_problems(folder)
    known = f", {recorded} recorded in its problems table" if recorded and not strict else ""
    _say(f"{folder}: {len(problems)} problem(s), {len(bad)} error(s){known}")
    if bad:
        raise typer.Exit(errors.EXIT_INVALID)


@app.command("align")
def align_cmd(
    a: Annotated[Path, typer.Argument(help="<stem>.json of one language version.")],
    b: Annotated[Path, typer.Argument(help="<stem>.json of another language version.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Parallel table: .csv or .parquet.")
    ] = Path("aligned.csv"),
) -> None:
    """Pair the records of two language versions of one document by id, then by position.

    Records pair by id first (by printed labels only: an ordinal id of
    unnumbered text, t<k>, pp<k>, p<k>, never pairs by id); those left between
    two id pairs pair in order when both versions hold as many there and their
    lengths agree (a list printed (i) (ii) in one, a) b) in the other; a number
    one version skips as printed, shifting its later numbers). Where ordinal ids
    are left, the records are aligned by their lengths (1-1, 1-0, 0-1, 2-1 and
    1-2 steps against the document's usual length ratio). The column match says
    how each row was paired (id, position or length) and id_<B> gives B's id; a
    warning lists the pairs by position or length, and the records left
    unpaired are listed with the reason.

    Example:

      unrecs align output/doc_fr.json output/doc_en.json --out aligned.csv
    """
    from pipeline.commands import align_command

    align_command(a, b, out)


@app.command("fetch")
def fetch_cmd(
    symbols: Annotated[
        list[str], typer.Argument(help="Document symbols, e.g. CTOC/COP/WG.7/2019/4.")
    ],
    lang: Annotated[
        list[str],
        typer.Option("--lang", "-l", help="Language: ar, zh, en, fr, ru or es; repeat for more."),
    ],
    dest: Annotated[
        Path, typer.Option("--dest", "-d", help="Folder for the PDFs and manifest.json.")
    ] = Path("raw"),
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            envvar="UNRECS_ODS_URL",
            help="ODS endpoint (default: https://documents.un.org/api/symbol/access).",
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds per attempt (socket timeout).")] = 30.0,
    retries: Annotated[int, typer.Option(help="Retries after a network or 5xx failure.")] = 3,
    backoff: Annotated[
        float, typer.Option(help="First delay between retries in s (doubles, max 30).")
    ] = 1.0,
    force: Annotated[
        bool, typer.Option(help="Download again even if the file matches the manifest.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
) -> None:
    """Download official PDFs by symbol and language from the UN Official Document System.

    Files are named after the symbol (CTOC/COP/WG.7/2019/4 in French →
    DEST/CTOC_COP_WG.7_2019_4_fr.pdf) and recorded in DEST/manifest.json (url, time, sha256).
    A response that is not a complete PDF (empty, HTML page, truncated) is an error.
    Exit codes: 0 all downloaded, 1 some failed, 3 all failed.

    Examples:

      unrecs fetch CTOC/COP/WG.7/2019/4 --lang fr

      unrecs fetch CTOC/COP/WG.7/2019/4 CTOC/COP/WG.7/2019/CRP.1 -l fr -l en --dest raw
    """
    from pipeline.commands import fetch_command

    fetch_command(symbols, lang, dest, base_url, timeout, retries, backoff, force, quiet)


@app.command("export-akn")
def export_akn_cmd(
    out_dir: Annotated[
        Path, typer.Argument(help="An output folder written by extract (<stem>.json files).")
    ],
    validate: Annotated[
        bool,
        typer.Option(help="Check each XML (structure; Akoma Ntoso 3.0 XSD when installed)."),
    ] = True,
) -> None:
    """Write each document of OUT_DIR as Akoma Ntoso 3.0 XML: OUT_DIR/akn/<stem>.xml.

    Meetings become <hcontainer name="meeting">, recommendations <paragraph>, lettered items
    <point> in a <list>; FRBR identifiers follow AKN4UN (/akn/un/doc/...). See
    docs/ecosystem.md. Exit codes: 0 ok, 1 some documents failed, 3 nothing to convert,
    7 an XML file fails validation.

    Example:

      unrecs export-akn output
    """
    from pipeline.commands import export_akn_command

    export_akn_command(out_dir, validate)


@app.command("diff")
def diff_cmd(
    old: Annotated[Path, typer.Argument(help="<stem>.json of the earlier edition.")],
    new: Annotated[Path, typer.Argument(help="<stem>.json of the later edition.")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Change table (CSV).")
    ] = None,
    markdown: Annotated[
        Path | None, typer.Option("--markdown", "-m", help="Markdown changelog.")
    ] = None,
    threshold: Annotated[
        float, typer.Option(help="Similarity (0-1] above which a moved text is 'renumbered'.")
    ] = 0.9,
) -> None:
    """Compare two editions of a document: added, removed, re-worded, renumbered records.

    Records are matched by id (meeting.number[.item]); a removed and an added record with
    near-identical text are reported as renumbered. Text changes are shown word by word as
    [-old-]{+new+}. Without --out or --markdown the changelog is printed.

    Example:

      unrecs diff old/wg7_2019_fr.json output/wg7_2019_fr.json -o changes.csv -m CHANGES.md
    """
    from pipeline.commands import diff_command

    diff_command(old, new, out, markdown, threshold)


@app.command("report")
def report_cmd(
    out_dir: Annotated[Path, typer.Argument(help="Output folder written by extract.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="HTML file (default OUT_DIR/report.html).")
    ] = None,
    pdf_dir: Annotated[
        Path, typer.Option("--pdf-dir", help="Folder holding the extracted PDFs.")
    ] = Path("raw"),
) -> None:
    """Write one self-contained HTML page per document to check the extraction by eye: page
    images with every record's box and id, furniture shaded, repairs marked, texts beside.

    Example:

      unrecs report output --pdf-dir raw
    """
    from pipeline.tools.report import report_command

    report_command(out_dir, output, pdf_dir)


cache_app = typer.Typer(no_args_is_help=True,
                        help="The cache of earlier extractions kept in OUT/.unrecs-cache.")
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
def cache_clear_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("output"),
) -> None:
    """Remove OUT/.unrecs-cache (fails if a run is using OUT).

    Example:

      unrecs cache clear --out output
    """
    from pipeline.run.guard import clear_cache

    code = clear_cache(out, _say)
    if code:
        raise typer.Exit(code)
