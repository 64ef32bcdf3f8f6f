"""Command-line interface: ``unrecs extract`` and ``unrecs validate`` (thin layer over the API)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from . import errors
from .errors import UnrecsError

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


def collect_pdfs(paths: list[Path]) -> list[Path]:
    """Expand folders into the PDFs they contain (sorted); keep files as given."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix.lower() == ".pdf"))
        else:
            out.append(p)
    return out


def _formats(value: str) -> set[str]:
    chosen = {v.strip().lower() for v in value.split(",") if v.strip()}
    bad = chosen - set(FORMATS)
    if bad or not chosen:
        raise typer.BadParameter(f"formats are {', '.join(FORMATS)}; got {value!r}")
    return chosen


@app.command()
def extract(
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
) -> None:
    """Extract recommendations (or numbered paragraphs) from UN PDFs into OUT.

    Examples:

      unrecs extract raw --out output

      unrecs extract doc.pdf --out out --format csv --mode paragraphs
    """
    from .export import write_outputs
    from .extract import extract_document
    from .validate import validate_extraction

    if mode not in ("auto", "recommendations", "paragraphs"):
        raise typer.BadParameter("mode is auto, recommendations or paragraphs")
    formats = _formats(fmt)
    started = time.perf_counter()
    files = collect_pdfs(paths)
    if not files:
        _say(f"error: {', '.join(map(str, paths))}: no PDF files found")
        raise typer.Exit(errors.EXIT_INPUT)
    done = []
    failed: list[UnrecsError] = []
    n_warnings = 0
    for path in files:
        try:
            ex = extract_document(path, mode=mode, password=password, backend=backend)  # type: ignore[arg-type]
            problems = validate_extraction(ex)
            errs = [p for p in problems if p.severity == "error" or strict]
            if errs:
                raise errors.ValidationError(str(path), f"{len(errs)} problem(s); first: {errs[0]}")
            n_warnings += len(problems) + len(ex.warnings)
            if verbose:
                for w in [*map(str, problems), *ex.warnings]:
                    _say(f"warning: {path}: {w}")
            done.append(ex)
        except UnrecsError as exc:
            failed.append(exc)
            _say(f"error: {exc}")
    if done:
        write_outputs(done, out, formats)
    records = sum(len(e.records) + len(e.paragraphs) for e in done)
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
    from .validate import validate_output_dir

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
    from .align import align, load_extraction, write_alignment

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
