"""Fuzz soak: thousands of mutated PDFs through ``unrecs extract``; only documented outcomes.

Each case takes one base PDF (a fixture, or a genuine PDF of ``../shared/real-pdfs`` when that
folder exists; smaller files are drawn more often) and applies one mutation, drawn from a fixed
seed: byte flips, truncation, a damaged xref table or ``startxref``, a damaged trailer, bytes
flipped inside a stream, a stream inflated, altered and re-compressed, an object duplicated with
other content, an object removed. The case runs through the real command-line code path
(:data:`pipeline.cli.app`, in a worker process, ``--no-cache`` into a fresh folder, the
backends alternating) with ``--timeout``; the worker is killed if it overruns that by
:data:`KILL_AFTER` seconds, and a dead worker is a finding too.

A case passes when the command ends with an exit code of the documented table (README "Exit
codes and errors"), no exception escapes it, and it took no longer than its timeout allows.

    python -m bench.fuzz --cases 2000 --jobs 2          # make fuzz
    python -m bench.fuzz --cases 100 --small            # the sample run by the tests
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "pdfs"
REAL = ROOT.parent / "shared" / "real-pdfs"
#: exit codes of the README's table
DOCUMENTED = frozenset(range(0, 13))
#: seconds past ``--timeout`` after which the harness kills a case's worker
KILL_AFTER = 30.0
#: seconds a case may take beyond its timeout (writing outputs, interpreter overhead)
SLACK = 10.0
KINDS = ("flip", "truncate", "xref", "trailer", "stream_bytes", "recompress", "duplicate",
         "missing")

_OBJ = re.compile(rb"(\d+) (\d+) obj\b(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n")


def sources(small: bool = False) -> list[Path]:
    """The base PDFs: fixtures, and the genuine PDFs unless ``small`` (fixtures under 60 KB)."""
    found = sorted(FIXTURES.glob("*.pdf"))
    if small:
        return [p for p in found if p.stat().st_size < 60_000]
    if REAL.is_dir():
        found += sorted(REAL.glob("*.pdf"))
    return found


def _flip(rng: random.Random, data: bytearray, lo: int = 0, hi: int | None = None,
          most: int = 40) -> None:
    hi = len(data) if hi is None else hi
    for _ in range(rng.randint(1, most)):
        if hi > lo:
            data[rng.randrange(lo, hi)] = rng.randrange(256)


def _streams(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each stream's data."""
    spans = []
    for m in _STREAM.finditer(data):
        end = data.find(b"endstream", m.end())
        if end > m.end():
            spans.append((m.end(), end))
    return spans


def mutate(data: bytes, kind: str, rng: random.Random) -> bytes:
    """``data`` with one mutation of ``kind`` (see the module docstring)."""
    out = bytearray(data)
    if kind == "flip":
        _flip(rng, out)
    elif kind == "truncate":
        del out[rng.randrange(len(out)):]
    elif kind == "xref":
        at = max(out.rfind(b"startxref"), 0)
        xref = out.rfind(b"xref", 0, at) if at else -1
        choice = rng.randrange(3)
        if choice == 0:  # a wrong startxref offset
            out[at:] = b"startxref\n%d\n%%%%EOF\n" % rng.randrange(len(out))
        elif choice == 1 and xref > 0:  # scrambled xref entries
            _flip(rng, out, xref, min(at, xref + 2000), most=200)
        else:  # the xref section and trailer gone
            del out[xref if xref > 0 else at:]
    elif kind == "trailer":
        at = out.rfind(b"trailer")
        at = at if at >= 0 else max(out.rfind(b"startxref") - 300, 0)
        tail = bytes(out[at:])
        tail = rng.choice([
            re.sub(rb"/Root \d+", b"/Root 99999", tail),
            re.sub(rb"/Size \d+", b"/Size %d" % rng.randrange(3), tail),
            re.sub(rb"<<.*>>", b"<< >>", tail, flags=re.S),
            tail.replace(b"/Root", b"/Rooo"),
        ])
        out[at:] = tail
    elif kind in ("stream_bytes", "recompress"):
        spans = _streams(data)
        if not spans:
            return mutate(data, "flip", rng)
        start, end = rng.choice(spans)
        if kind == "stream_bytes":
            _flip(rng, out, start, end)
        else:
            return _recompress(data, start, end, rng)
    elif kind in ("duplicate", "missing"):
        objs = list(_OBJ.finditer(data))
        if not objs:
            return mutate(data, "truncate", rng)
        m = rng.choice(objs)
        if kind == "missing":
            out[m.start() : m.end()] = b" " * (m.end() - m.start()) if rng.random() < 0.5 else b""
        else:
            body = bytearray(m.group(0))
            _flip(rng, body, len(m.group(1)) + 7, len(body) - 6, most=10)
            at = rng.choice([m.end(), max(data.rfind(b"xref"), m.end())])
            out[at:at] = b"\n" + bytes(body) + b"\n"
    return bytes(out)


def _recompress(data: bytes, start: int, end: int, rng: random.Random) -> bytes:
    """Inflate the stream at ``data[start:end]``, alter it, deflate it and fix a direct
    ``/Length``."""
    raw = data[start:end].rstrip(b"\r\n")
    try:
        plain = bytearray(zlib.decompressobj().decompress(raw, 64 << 20))
    except zlib.error:
        plain = bytearray(raw)
    choice = rng.randrange(4)
    if choice == 0 and plain:
        _flip(rng, plain, most=20)
    elif choice == 1:
        del plain[rng.randrange(len(plain) + 1):]
    elif choice == 2:
        junk = rng.choice([b" BT ET Q Q q ", b" 1e309 Tf ", b" ((( ", b" /X0 Do ", b"] TJ [",
                           b" 99999 0 0 99999 0 0 cm ", b"\x00\xff" * 50])
        at = rng.randrange(len(plain) + 1)
        plain[at:at] = junk * rng.randint(1, 200)
    else:
        plain = plain * rng.randint(2, 20)
    new = zlib.compress(bytes(plain))
    head = data[:start]
    dict_at = head.rfind(b"<<", 0, len(head))
    length = re.compile(rb"/Length (\d+)(?! \d+ R)")
    head = head[:dict_at] + length.sub(b"/Length %d" % len(new), head[dict_at:], count=1)
    return head + new + b"\n" + data[end:]


def make_case(index: int, seed: int, bases: list[Path]) -> tuple[Path, str, bytes]:
    """Case ``index`` of the soak with ``seed``: (base, mutation kind, bytes)."""
    rng = random.Random(f"{seed}:{index}")
    weights = [1 / max(p.stat().st_size, 1) for p in bases]
    base = rng.choices(bases, weights)[0]
    kind = KINDS[index % len(KINDS)]
    return base, kind, mutate(base.read_bytes(), kind, rng)


def run_case(path: str, backend: str, timeout: float) -> tuple[dict[str, Any], None]:
    """Run ``unrecs extract`` on ``path`` in this process; the outcome as a dict."""
    from pipeline.cli import app

    out = Path(tempfile.mkdtemp(prefix="fuzz-out-"))
    err = io.StringIO()
    started = time.monotonic()
    tb = None
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = app([
                "extract", path, "--out", str(out), "--no-cache", "--quiet", "--backend",
                backend, "--timeout", str(timeout), "--format", "csv,json",
            ], standalone_mode=False, prog_name="unrecs")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - what the soak is looking for
        code, tb = None, traceback.format_exc(limit=8)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    seconds = time.monotonic() - started
    lines = [ln for ln in err.getvalue().splitlines() if ln.startswith("error:")]
    return {"code": 0 if code is None and tb is None else code, "seconds": round(seconds, 2),
            "traceback": tb or ("Traceback" in err.getvalue() and err.getvalue()) or None,
            "error": lines[0][:200] if lines else None}, None


def soak(cases: int, seed: int = 1, jobs: int = 2, timeout: float = 60.0,
         small: bool = False, timed: bool = True) -> dict[str, Any]:
    """Run the soak; return its figures (see :func:`main`). ``timed=False`` leaves the
    duration out of what counts as a failure (a test on a busy machine); a case killed for
    running past ``timeout`` plus the harness's grace still fails."""
    from pipeline.run.workers import run_workers

    bases = sources(small)
    work = Path(tempfile.mkdtemp(prefix="fuzz-"))
    meta: list[dict[str, Any]] = []
    paths: list[Path] = []
    for i in range(cases):
        base, kind, data = make_case(i, seed, bases)
        path = work / f"case{i:05d}.pdf"
        path.write_bytes(data)
        paths.append(path)
        meta.append({"case": i, "base": base.name, "kind": kind,
                     "backend": "pdfium" if i % 2 else "pdfplumber"})
    results: dict[int, dict[str, Any]] = {}

    def finish(i: int, outcome: tuple[Any, tuple[str, str] | None]) -> None:
        value, failure = outcome
        if failure is not None:  # the worker died or overran: a finding
            value = {"code": None, "seconds": None, "traceback": None,
                     "error": f"{failure[0]}: {failure[1]}"}
        results[i] = {**meta[i], **value}

    started = time.monotonic()
    try:
        by_backend: dict[str, list[int]] = {}
        for i in range(cases):
            by_backend.setdefault(meta[i]["backend"], []).append(i)
        for backend, order in by_backend.items():
            run_workers(order, paths, jobs, run_case, (backend, timeout), timeout + KILL_AFTER,
                        finish)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    wall = time.monotonic() - started
    rows = [results[i] for i in range(cases)]
    bad = [r for r in rows if r["code"] not in DOCUMENTED or r["traceback"]
           or r["seconds"] is None or (timed and r["seconds"] > timeout + SLACK)]
    slowest = max(rows, key=lambda r: r["seconds"] or 0)
    return {
        "cases": cases, "seed": seed, "jobs": jobs, "timeout": timeout,
        "bases": len(bases), "wall_s": round(wall, 1),
        "by_exit_code": dict(sorted(Counter(str(r["code"]) for r in rows).items())),
        "by_kind": {k: dict(sorted(Counter(str(r["code"]) for r in rows if r["kind"] == k)
                                   .items())) for k in KINDS},
        "slowest": slowest,
        "failures": bad,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--small", action="store_true", help="small fixtures only")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    args = ap.parse_args(argv)
    res = soak(args.cases, args.seed, args.jobs, args.timeout, args.small)
    text = json.dumps(res, indent=1, ensure_ascii=False)
    if args.json is not None:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in res.items() if k != "failures"}, indent=1))
    for f in res["failures"][:20]:
        print("FAIL", json.dumps(f, ensure_ascii=False)[:2000])
    print(f"{len(res['failures'])} failure(s) in {res['cases']} cases, {res['wall_s']} s")
    return 1 if res["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
