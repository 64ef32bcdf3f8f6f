"""Benchmark speed and memory of the pipeline: ``python -m bench`` (``make bench``).

Measures, and writes to ``bench/results.json`` (committed, to compare a change with the last run)
and to the README's performance section (regenerated from it, :mod:`bench.report`):

* first, whole processes (:mod:`bench.whole`): ``unrecs extract FILE`` on both backends against
  a plain pdfplumber process, alternated, median of ``--repeat``; a corpus run at ``--jobs 1``
  and ``2``; process start to first page and stage shares (``UNRECS_TIMINGS``); peak RSS on
  the 181-page genuine report and over the corpus — with PASS/FAIL per target of issue 17;

* pages/s of the whole pipeline (``extract_document``) and of plain pdfplumber
  ``page.extract_text()`` over the same file in the same run, and their ratio (CPU time), for
  the shipped document and for a long document (>= 200 pages, typeset by the fixture builder);
* peak RSS of a 10-page and of the 200-page document, each extracted in a fresh process;
* the PDFium loader's pages/s and its speed-up over the pdfplumber loader (whole loader, and
  glyph reading alone), each read in a fresh process after a warm-up, the two in turn (best of
  three on the long document), and the same comparison on each genuine UN PDF in
  ``../shared/real-pdfs`` where present;
* ``jobs=1`` against ``jobs=2`` throughput of
  :func:`pipeline.run.runner.extract_many` on a folder of
  20 documents, and whether both give identical output.

Targets are printed as PASS/FAIL lines; the exit status is 0 whatever they say. ``--quick``
skips the long document (for a first look). Scratch files go to ``bench/.work/``.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import report
from bench.documents import (
    FIXTURES,
    GENUINE,
    ROOT,
    SHIPPED,
    WORK,
    _page_count,
    first_pages,
    folder_of,
    long_document,
)
from bench.whole import whole_figures, whole_table, whole_targets

RESULTS = ROOT / "bench" / "results.json"
FOLDER_SIZE = 20

def timed(fn: Callable[[], object], repeat: int = 1) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of ``repeat`` calls."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        gc.collect()
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - w)
        cpu = min(cpu, time.process_time() - c)
    return wall, cpu


# one loader (or glyph reader) on one file, timed in a fresh process after a warm-up read of
# another file (imports, PDFium's bindings, font metrics): what a user's run costs, without the
# heap this long-running bench has churned through
_LOADER_CHILD = """
import gc, json, sys, time
from pathlib import Path
sys.path.insert(0, ".")
kind, backend, path, warm = sys.argv[1:5]
if kind == "loader":
    from pipeline.read.load import load_pdf
    def read(p):
        return load_pdf(p, backend=backend)
else:
    from bench.__main__ import read_glyphs
    def read(p):
        return read_glyphs(p, backend)
read(Path(warm))
gc.collect()
w, c = time.perf_counter(), time.process_time()
read(Path(path))
print(json.dumps([time.perf_counter() - w, time.process_time() - c]))
"""


def timed_fresh(kind: str, backend: str, path: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one read of ``path`` in a fresh Python process."""
    proc = subprocess.run(
        [sys.executable, "-c", _LOADER_CHILD, kind, backend, str(path), str(SHIPPED)],
        capture_output=True, text=True, cwd=ROOT, check=True)
    wall, cpu = json.loads(proc.stdout.strip().splitlines()[-1])
    return float(wall), float(cpu)


def timed_pair(kind: str, path: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """The pdfplumber and PDFium readers of one ``kind`` ("loader" or "glyphs"), each in fresh
    processes, in turn (a slow spell of a shared machine weighs on both sides of their ratio);
    best wall-clock and best CPU of ``repeat``."""
    best = {b: (float("inf"), float("inf")) for b in ("pdfplumber", "pdfium")}
    for _ in range(repeat):
        for backend in best:
            wall, cpu = timed_fresh(kind, backend, path)
            best[backend] = (min(best[backend][0], wall), min(best[backend][1], cpu))
    return {f"{kind}_{b}": v for b, v in best.items()}


def plain_extract_text(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def read_glyphs(path: Path, backend: str) -> None:
    """Every page's glyphs and rules, read as the loader reads them, no words or lines."""
    from pipeline.read.load import iter_glyphs

    for _ in iter_glyphs(path, backend):
        pass


def speed(path: Path, repeat: int, loader_repeat: int | None = None) -> dict[str, Any]:
    """Pages/s of plain extract_text and of the pipeline on both backends (in this process,
    best of ``repeat``), and of both loaders and glyph readers (fresh processes, in turn, best
    of ``loader_repeat``, default ``repeat``)."""
    from pipeline.parse.document import extract_document

    pages = _page_count(path)
    runs: dict[str, Callable[[], object]] = {
        "plain_extract_text": lambda: plain_extract_text(path),
        "pipeline_pdfplumber": lambda: extract_document(path),
        "pipeline_pdfium": lambda: extract_document(path, backend="pdfium"),
    }
    measured = {name: timed(fn, repeat) for name, fn in runs.items()}
    for kind in ("loader", "glyphs"):
        measured.update(timed_pair(kind, path, loader_repeat or repeat))
    out: dict[str, Any] = {"file": str(path.relative_to(ROOT)), "pages": pages}
    for name, (wall, cpu) in measured.items():
        out[name] = {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
                     "pages_per_s": round(pages / wall, 2),
                     "pages_per_cpu_s": round(pages / cpu, 2)}
    out["pipeline_vs_plain_cpu"] = round(
        out["pipeline_pdfplumber"]["cpu_s"] / out["plain_extract_text"]["cpu_s"], 3)
    out["pipeline_vs_plain_wall"] = round(
        out["pipeline_pdfplumber"]["wall_s"] / out["plain_extract_text"]["wall_s"], 3)
    out["pdfium_loader_speedup"] = round(
        out["loader_pdfplumber"]["cpu_s"] / out["loader_pdfium"]["cpu_s"], 2)
    out["pdfium_glyph_speedup"] = round(
        out["glyphs_pdfplumber"]["cpu_s"] / out["glyphs_pdfium"]["cpu_s"], 2)
    out["pdfium_pipeline_speedup"] = round(
        out["pipeline_pdfplumber"]["cpu_s"] / out["pipeline_pdfium"]["cpu_s"], 2)
    return out


# VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over fork and exec, so a child of
# this (large) process would report this process's peak
_RSS_CHILD = """
import json, sys
from pipeline.parse.document import extract_document
ex = extract_document(sys.argv[1], backend=sys.argv[2])
with open("/proc/self/status") as fh:
    peak = next(int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM:"))
print(json.dumps({"peak_kb": peak, "pages": ex.meta.page_count}))
"""


def peak_rss(path: Path, backend: str = "pdfplumber") -> dict[str, Any]:
    """Peak RSS (MB) of extracting ``path`` in a fresh Python process."""
    proc = subprocess.run([sys.executable, "-c", _RSS_CHILD, str(path), backend],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"pages": data["pages"], "peak_mb": round(data["peak_kb"] / 1024, 1)}


def parallel(folder: Path, repeat: int = 2) -> dict[str, Any]:
    """Throughput of extract_many with 1 and 2 worker processes (best of ``repeat``, wall
    clock); identical output?"""
    from pipeline.run.runner import extract_many

    paths = sorted(folder.glob("*.pdf"))
    serial = two = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        ex1, err1, _ = extract_many(paths, jobs=1)
        serial = min(serial, time.perf_counter() - t)
        t = time.perf_counter()
        ex2, err2, _ = extract_many(paths, jobs=2)
        two = min(two, time.perf_counter() - t)
    same = ex1 == ex2 and [str(e) for e in err1] == [str(e) for e in err2]
    try:
        from pipeline.out.export import render

        same = same and render(ex1, {"csv", "json"}, check=False) == render(
            ex2, {"csv", "json"}, check=False)
    except Exception as exc:  # noqa: BLE001 - the exporter is another stage's: report only
        print(f"note: output comparison through export.render skipped ({exc})", file=sys.stderr)
    pages = sum(e.meta.page_count for e in ex1)
    return {
        "documents": len(paths),
        "pages": pages,
        "failed": len(err1),
        "jobs1_s": round(serial, 2),
        "jobs2_s": round(two, 2),
        "jobs1_pages_per_s": round(pages / serial, 2),
        "jobs2_pages_per_s": round(pages / two, 2),
        "speedup": round(serial / two, 2),
        "identical_output": same,
    }


# ------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------


def genuine_loaders(paths: list[Path]) -> list[dict[str, Any]]:
    """The two loaders on each genuine UN PDF (fresh processes, in turn, best CPU of 3): not a
    target, a yardstick.

    Word-made UN PDFs draw whole lines per text object, where the fixture builder draws each
    word; pdfminer is then faster per character, and the speed-up smaller than on the long
    document.
    """
    out = []
    for path in paths:
        best = timed_pair("loader", path, 3)
        plumber, fast = best["loader_pdfplumber"][1], best["loader_pdfium"][1]
        out.append({"file": path.name, "pages": _page_count(path),
                    "loader_pdfplumber_cpu_s": round(plumber, 3),
                    "loader_pdfium_cpu_s": round(fast, 3),
                    "pdfium_loader_speedup": round(plumber / fast, 2)})
    return out


def _pdfium_calls() -> str:
    """Which way the PDFium reader makes its per-character calls (the optional compiled loops
    or cffi's ABI mode), asked of a separate process so that this one stays unloaded."""
    proc = subprocess.run([sys.executable, "-m", "pipeline.read.pdfium.build_loops", "--status"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    said = (proc.stdout.strip() or proc.stderr.strip()).splitlines()
    return said[-1].replace(f"{ROOT}/", "") if said else ""  # paths relative to the clone


def _user_caches() -> str:
    """Where the runs keep what they derive once per machine (pipeline.usercache)."""
    from pipeline import usercache

    where = usercache.folder("")
    if where is None:
        return "Per-user caches: turned off (UNRECS_CACHE_HOME=0)"
    home = str(Path.home())
    shown = str(where).rstrip("/")
    shown = "~" + shown[len(home):] if shown.startswith(home + "/") else shown
    return (f"Per-user caches (compiled patterns, enrichment literals, hyphenation "
            f"dictionaries, word lists, the sources' hash): "
            f"{shown}/, filled by a file's first round as by any earlier run")


def _dataclass_methods() -> str:
    """Whether the runs find the dataclass methods' code compiled (pipeline.records)."""
    from pipeline import records

    where = os.path.relpath(records.PATH, ROOT)
    if records.current():
        return f"Dataclass methods' code: {where}, newer than every module"
    return f"Dataclass methods' code: {where} missing or older than a module (compiled per run)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the long document")
    parser.add_argument("--no-write", action="store_true", help="do not update results.json")
    parser.add_argument("--no-whole", action="store_true", help="skip whole-process figures")
    parser.add_argument("--repeat", type=int, default=5, help="whole-process runs per file")
    parser.add_argument("--max-pages", type=int, default=None,
                        help="whole processes only on files of at most this many pages")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    WORK.mkdir(parents=True, exist_ok=True)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else None
    run: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "versions": {p: metadata.version(p) for p in ("pdfplumber", "pdfminer.six", "pypdfium2")},
        "pdfium_calls": _pdfium_calls(),
        "user_caches": _user_caches(),
        "dataclass_methods": _dataclass_methods(),
    }
    print(f"bench: {run['cpus']} CPUs, load average {run['load_average_at_start']}", flush=True)

    whole = None
    if not args.no_whole:  # first: whole processes, while nothing else runs in this process
        whole = whole_figures(SHIPPED, FIXTURES, GENUINE, repeat=args.repeat,
                              max_pages=args.max_pages, say=lambda m: print(m, flush=True))
    from pipeline.parse.document import extract_document

    extract_document(SHIPPED)  # warm-up: imports, compiled patterns, fonts
    extract_document(SHIPPED, backend="pdfium")
    res: dict[str, Any] = {"run": run, "documents": {}}
    if whole is not None:
        res["whole"] = whole
    # first, while this process is small: forked workers start from it
    print(f"parallel: {FOLDER_SIZE} documents ...", flush=True)
    folder = folder_of(FOLDER_SIZE)
    res["parallel"] = parallel(folder)
    if importlib.util.find_spec("distributed") is not None:
        from bench.dask_bench import bench_dask

        print(f"dask: {FOLDER_SIZE} documents on a local cluster of 2 workers ...", flush=True)
        res["dask"] = bench_dask(folder, workers=2)
    shutil.rmtree(folder, ignore_errors=True)
    print("speed: shipped document ...", flush=True)
    res["documents"]["shipped"] = speed(SHIPPED, repeat=3)
    if not args.quick:
        long = long_document()
        print(f"speed: long document ({_page_count(long)} pages) ...", flush=True)
        res["documents"]["long"] = speed(long, repeat=1, loader_repeat=3)
        print("memory ...", flush=True)
        short = first_pages(long, 10, WORK / "long_10p.pdf")
        mem = {"short": peak_rss(short), "long": peak_rss(long),
               "short_pdfium": peak_rss(short, "pdfium"), "long_pdfium": peak_rss(long, "pdfium")}
        mem["ratio"] = round(mem["long"]["peak_mb"] / mem["short"]["peak_mb"], 2)
        res["memory"] = mem
    if GENUINE.is_dir() and not args.quick:
        print("loaders on the genuine UN PDFs ...", flush=True)
        res["genuine_loaders"] = genuine_loaders(sorted(GENUINE.glob("*.pdf")))
    res["run"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    res["targets"] = report.targets(res)
    if whole is not None:
        res["whole_targets"] = whole_targets(whole)
        print(f"\nwhole processes: {run['cpus']} CPUs, {run['machine']}, load average "
              f"{run['load_average_at_start']} → {res['run']['load_average_at_end']}")
        print(whole_table(whole))
        for t in res["whole_targets"]:
            print(f"{'PASS' if t['pass'] else 'FAIL'}  {t['name']}: {t['value']} "
                  f"(target {t['target']})")
    print()
    print(report.table(res, previous))
    print()
    for t in res["targets"]:
        verdict = "PASS" if t["pass"] else "FAIL"
        print(f"{verdict}  {t['name']}: {t['value']} (target {t['target']})")
    if args.quick or args.no_write:
        return
    RESULTS.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    report.update_readme(ROOT / "README.md", res)
    print(f"\nwritten {RESULTS.relative_to(ROOT)} and the README's performance section")


if __name__ == "__main__":
    main()
