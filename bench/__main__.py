"""Benchmark speed and memory of the pipeline: ``python -m bench`` (``make bench``).

Measures, and writes to ``bench/results.json`` (committed, to compare a change with the last run):

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
import hashlib
import importlib.util
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
RESULTS = ROOT / "bench" / "results.json"
SHIPPED = ROOT / "raw" / "wg7_2019_fr.pdf"
#: genuine UN PDFs, where present (beside the project, read-only)
GENUINE = ROOT.parent / "shared" / "real-pdfs"
FIXTURES = ROOT / "fixtures"
LONG_PAGES = 200
FOLDER_SIZE = 20

# ------------------------------------------------------------------------------------------
# Documents
# ------------------------------------------------------------------------------------------

_TEXT = (
    "States parties should strengthen cooperation exchange information on smuggling of "
    "migrants including through joint investigations training of officials protection of "
    "rights victims border management regional mechanisms technical assistance legislation "
    "criminal justice responses data collection research awareness campaigns capacity "
    "prosecution international organizations civil society evidence cross-border routes"
)
_WORDS = _TEXT.split()
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
_ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth"]


def _long_source(recommendations: int) -> str:
    """A synthetic English working-group paper: eight meetings of numbered recommendations."""
    header = (FIXTURES / "sources" / "wg_en_synthetic.txt").read_text(encoding="utf-8")
    header = header[: header.index("\n---\n") + 5]
    rng = random.Random(6)

    def sentence(n: int) -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize()

    out = [header, "The present paper lists the recommendations adopted by the Working Group.\n",
           "@footnote *: A/AC.999/2021/1.\n"]
    for m in range(8):
        year = 2012 + m
        out.append(f"{_ROMAN[m]}. {_ORDINALS[m]} meeting, held in Vienna from 3 to 5 May {year}\n"
                   f"@meeting city=Vienna start={year}-05-03 end={year}-05-05\n")
        for n in range(1, recommendations + 1):
            items = rng.randint(0, 3)
            if items:
                out.append(f"{n}. {sentence(rng.randint(20, 80))}:\n")
                for k in range(items):
                    end = "." if k == items - 1 else ";"
                    out.append(f"({'abcd'[k]}) {sentence(rng.randint(20, 70))}{end}\n")
            else:
                out.append(f"{n}. {sentence(rng.randint(40, 140))}.\n")
    return "\n".join(out)


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def long_document() -> Path:
    """A >= 200-page document typeset by the fixture builder (built once, kept in .work)."""
    source = _long_source(90)
    digest = hashlib.sha256(source.encode()).hexdigest()[:16]
    pdf = WORK / "long_en.pdf"
    stamp = WORK / "long_en.sha"
    if pdf.exists() and stamp.exists() and stamp.read_text() == digest:
        return pdf
    WORK.mkdir(parents=True, exist_ok=True)
    src = WORK / "long_en.txt"
    src.write_text(source, encoding="utf-8")
    try:
        sys.path.insert(0, str(ROOT))
        from fixtures.build import build_one

        built, _ = build_one(src, WORK, WORK)
        if built != pdf:
            shutil.move(built, pdf)
    except Exception as exc:  # noqa: BLE001 - the builder is optional: fall back to copies
        print(f"fixture builder unavailable ({type(exc).__name__}: {exc}); "
              "repeating the shipped document's pages instead", file=sys.stderr)
        _repeat_pages(SHIPPED, LONG_PAGES, pdf)
    if _page_count(pdf) < LONG_PAGES:
        _repeat_pages(pdf, LONG_PAGES, pdf)
    stamp.write_text(digest)
    return pdf


def _repeat_pages(src: Path, pages: int, dest: Path) -> None:
    """Concatenate copies of ``src``'s pages until ``pages`` pages (PDFium's import_pages)."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    n = len(source)
    while len(out) < pages:
        out.import_pages(source, list(range(min(n, pages - len(out)))))
    tmp = dest.with_suffix(".tmp.pdf")
    out.save(str(tmp))
    out.close()
    source.close()
    os.replace(tmp, dest)


def first_pages(src: Path, n: int, dest: Path) -> Path:
    """The first ``n`` pages of ``src`` as a PDF of their own."""
    import pypdfium2 as pdfium

    if dest.exists() and dest.stat().st_mtime >= src.stat().st_mtime:
        return dest
    source = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    out.import_pages(source, list(range(n)))
    out.save(str(dest))
    out.close()
    source.close()
    return dest


def folder_of(n: int) -> Path:
    """A folder of ``n`` PDFs: the fixture PDFs (and the shipped document), cycled."""
    pool = sorted((FIXTURES / "pdfs").glob("*.pdf")) or [SHIPPED]
    folder = WORK / f"folder{n}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for i in range(n):
        shutil.copyfile(pool[i % len(pool)], folder / f"doc{i + 1:02d}_{pool[i % len(pool)].name}")
    return folder


# ------------------------------------------------------------------------------------------
# Measurements
# ------------------------------------------------------------------------------------------


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


def _targets(res: dict[str, Any]) -> list[dict[str, Any]]:
    t: list[dict[str, Any]] = []

    def add(name: str, value: Any, target: str, ok: bool) -> None:
        t.append({"name": name, "value": value, "target": target, "pass": bool(ok)})

    for key, doc in res["documents"].items():
        add(f"pipeline / plain extract_text, CPU ({key}, {doc['pages']} p)",
            doc["pipeline_vs_plain_cpu"], "<= 1.0", doc["pipeline_vs_plain_cpu"] <= 1.0)
    mem = res.get("memory")
    if mem:
        add(f"peak RSS {mem['long']['pages']} p / {mem['short']['pages']} p", mem["ratio"],
            "<= 1.5", mem["ratio"] <= 1.5)
    long = res["documents"].get("long") or res["documents"]["shipped"]
    add(f"PDFium loader speed-up over the pdfplumber loader ({long['pages']} p)",
        long["pdfium_loader_speedup"], ">= 10", long["pdfium_loader_speedup"] >= 10)
    add(f"PDFium glyph reading speed-up over pdfplumber's ({long['pages']} p)",
        long["pdfium_glyph_speedup"], ">= 10", long["pdfium_glyph_speedup"] >= 10)
    par = res["parallel"]
    add(f"jobs=2 / jobs=1 throughput ({par['documents']} documents)", par["speedup"], ">= 1.8",
        par["speedup"] >= 1.8)
    add("jobs=2 output identical to jobs=1", par["identical_output"], "True",
        par["identical_output"])
    return t


def _table(res: dict[str, Any], previous: dict[str, Any] | None) -> str:
    def prev(*keys: str) -> str:
        node: Any = previous
        for k in keys:
            if not isinstance(node, dict) or k not in node:
                return ""
            node = node[k]
        return f" (last {node})"

    rows = []
    for key, doc in res["documents"].items():
        rows.append(f"{key}: {doc['file']}, {doc['pages']} pages")
        for name in ("plain_extract_text", "pipeline_pdfplumber", "pipeline_pdfium",
                     "loader_pdfplumber", "loader_pdfium", "glyphs_pdfplumber", "glyphs_pdfium"):
            m = doc[name]
            rows.append(f"  {name:<22}{m['pages_per_s']:>9.1f} pages/s  {m['wall_s']:>8.2f} s wall"
                        f"  {m['cpu_s']:>8.2f} s CPU{prev('documents', key, name, 'pages_per_s')}")
        rows.append(f"  pipeline / plain extract_text: {doc['pipeline_vs_plain_cpu']} CPU, "
                    f"{doc['pipeline_vs_plain_wall']} wall"
                    f"{prev('documents', key, 'pipeline_vs_plain_cpu')}")
        rows.append(f"  PDFium speed-up: loader x{doc['pdfium_loader_speedup']}, glyph reading "
                    f"x{doc['pdfium_glyph_speedup']}, whole pipeline "
                    f"x{doc['pdfium_pipeline_speedup']}")
    mem = res.get("memory")
    if mem:
        rows.append(f"memory (fresh process, pdfplumber): {mem['short']['pages']} p "
                    f"{mem['short']['peak_mb']} MB, {mem['long']['pages']} p "
                    f"{mem['long']['peak_mb']} MB, ratio {mem['ratio']}{prev('memory', 'ratio')}"
                    f"; PDFium: {mem['short_pdfium']['peak_mb']} / "
                    f"{mem['long_pdfium']['peak_mb']} MB")
    for g in res.get("genuine_loaders", []):
        rows.append(f"genuine {g['file']} ({g['pages']} p): loaders "
                    f"{g['loader_pdfplumber_cpu_s']} s / {g['loader_pdfium_cpu_s']} s CPU, "
                    f"PDFium x{g['pdfium_loader_speedup']}")
    par = res["parallel"]
    rows.append(f"parallel: {par['documents']} documents, {par['pages']} pages: jobs=1 "
                f"{par['jobs1_s']} s ({par['jobs1_pages_per_s']} pages/s), jobs=2 "
                f"{par['jobs2_s']} s ({par['jobs2_pages_per_s']} pages/s), x{par['speedup']}"
                f"{prev('parallel', 'speedup')}; identical output: {par['identical_output']}")
    if "dask" in res:
        d = res["dask"]
        rows.append(f"dask: {d.get('workers')} workers, {d.get('documents')} documents: "
                    f"{d.get('documents_per_s')} documents/s, {d.get('pages_per_s')} pages/s; "
                    f"per worker {d.get('documents_per_s_per_worker')} documents/s, "
                    f"{d.get('pages_per_s_per_worker')} pages/s")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the long document")
    parser.add_argument("--no-write", action="store_true", help="do not update results.json")
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
    }
    print(f"bench: {run['cpus']} CPUs, load average {run['load_average_at_start']}", flush=True)

    from pipeline.parse.document import extract_document

    extract_document(SHIPPED)  # warm-up: imports, compiled patterns, fonts
    extract_document(SHIPPED, backend="pdfium")
    res: dict[str, Any] = {"run": run, "documents": {}}
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
    res["targets"] = _targets(res)

    print()
    print(_table(res, previous))
    print()
    for t in res["targets"]:
        verdict = "PASS" if t["pass"] else "FAIL"
        print(f"{verdict}  {t['name']}: {t['value']} (target {t['target']})")
    if args.quick or args.no_write:
        return
    RESULTS.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
