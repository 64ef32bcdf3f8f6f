"""Whole-process figures: ``unrecs extract FILE`` timed as a user waits for it, against a plain
pdfplumber process (``for p in pdf.pages: p.extract_text()``) on the same file.

Each file is run as fresh processes, the three commands in turn (plain pdfplumber, ``unrecs
extract`` with the default backend, ``unrecs extract --backend pdfium``), ``repeat`` rounds; the
figure of each is the median wall-clock time, with the median CPU time (user + system, from
``wait4``) next to it, which a shared machine's other processes disturb less. A round
alternates the commands so that a slow spell of a shared machine weighs on both sides of a
ratio. Peak RSS is read from the child's resource usage (``wait4``), so it is the process's own
high-water mark.

The command is run as a user types it (:func:`_extract_cmd`): its defaults, the extraction
cache among them, into a new output folder each time, so nothing comes from the cache and the
run pays for storing its extractions there, as a first run does. (The bench ran it with
``--no-cache`` until a run with the cache on turned out to import numpy before its document's
head start: a cost only the default command showed.)

A file the command refuses (a scan: exit 5, no text layer) is not held to the 0.2x target of
the files it reads: a refusal reads nothing, and the plain process on a scan (about 0.1 s: the
interpreter and pdfplumber's import, pages without text) is itself near the floor of any
Python process, so a fifth of it (0.02 s) is below an interpreter's bare start. Its target is
to be refused no slower than the plain process reads it (ratio <= 1.0).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: ``unrecs extract``'s exit code for a PDF without a text layer (pipeline.errors.EXIT_NO_TEXT)
REFUSED_NO_TEXT = 5
UNRECS = [sys.executable, "-m", "pipeline"]

PLAIN = (
    "import sys\n"
    "import pdfplumber\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    for page in pdf.pages:\n"
    "        page.extract_text()\n"
    "        page.close()\n"
)


def run_process(cmd: list[str], env: dict[str, str] | None = None,
                watch: bool = False) -> dict[str, Any]:
    """Run ``cmd`` to the end; its wall-clock seconds, CPU seconds (user + system, its worker
    processes included), exit code and peak RSS in MB.

    ``watch``: also the seconds the process and its children were ready to run but waited for
    a core (Linux ``/proc/PID/schedstat``, sampled every 0.1 s): on a shared machine this tells
    a run slowed by other processes from one whose own code is serial.
    """
    import threading

    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)
    assert proc.stderr is not None
    waits: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            _sample_waits(proc.pid, waits)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    if watch:
        sampler.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    if watch:
        sampler.join()
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    res = {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "exit": proc.returncode,
           "peak_mb": usage.ru_maxrss / 1024,
           "stderr": err.decode("utf-8", "replace").strip().splitlines()[-1:]}
    if watch:
        res["waiting_for_a_core_s"] = round(sum(waits.values()), 2)
    return res


def _sample_waits(pid: int, waits: dict[int, float]) -> None:
    """Record the run-queue wait (seconds) of ``pid`` and of its children so far."""
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            pids += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/schedstat") as fh:
                waits[p] = int(fh.read().split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            pass


def _extract_cmd(path: Path, out: Path, backend: str, jobs: int = 1) -> list[str]:
    """``unrecs extract`` with its defaults (the extraction cache on: ``out`` is a new folder),
    the backend and ``--jobs`` given, ``--quiet``."""
    return [*UNRECS, "extract", str(path), "--out", str(out), "--quiet",
            "--backend", backend, "--jobs", str(jobs)]


@cache
def page_count(path: Path) -> int:
    """The PDF's pages (each file opened once per bench, however often it is asked)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def whole_file(path: Path, repeat: int = 5) -> dict[str, Any]:
    """Median wall-clock of the plain process and of ``unrecs extract`` on both backends."""
    runs: dict[str, list[dict[str, Any]]] = {"plain": [], "pdfplumber": [], "pdfium": []}
    with tempfile.TemporaryDirectory(prefix="unrecs-bench-") as tmp:
        for i in range(repeat):
            runs["plain"].append(run_process([sys.executable, "-c", PLAIN, str(path)]))
            for backend in ("pdfplumber", "pdfium"):
                out = Path(tmp) / f"{backend}{i}"
                runs[backend].append(run_process(_extract_cmd(path, out, backend)))
                shutil.rmtree(out, ignore_errors=True)
    med = {k: statistics.median(r["wall_s"] for r in v) for k, v in runs.items()}
    cpu = {k: statistics.median(r["cpu_s"] for r in v) for k, v in runs.items()}
    return {
        "file": _name(path),
        "pages": page_count(path),
        "repeat": repeat,
        "plain_s": round(med["plain"], 3),
        "default_s": round(med["pdfplumber"], 3),
        "pdfium_s": round(med["pdfium"], 3),
        "default_ratio": round(med["pdfplumber"] / med["plain"], 3),
        "pdfium_ratio": round(med["pdfium"] / med["plain"], 3),
        "plain_cpu_s": round(cpu["plain"], 3),
        "default_cpu_s": round(cpu["pdfplumber"], 3),
        "pdfium_cpu_s": round(cpu["pdfium"], 3),
        "default_cpu_ratio": round(cpu["pdfplumber"] / cpu["plain"], 3),
        "pdfium_cpu_ratio": round(cpu["pdfium"] / cpu["plain"], 3),
        "exit": sorted({r["exit"] for k in ("pdfplumber", "pdfium") for r in runs[k]}),
        "default_peak_mb": round(max(r["peak_mb"] for r in runs["pdfplumber"]), 1),
        "pdfium_peak_mb": round(max(r["peak_mb"] for r in runs["pdfium"]), 1),
    }


#: the least any PDFium run does before it reads a page: start the interpreter, import numpy
#: (the reader's arrays) and load and start the PDFium library (the reader's own ctypes opener)
FLOOR = ("import numpy\n"
         "from pipeline.read.pdfium_doc import library\n"
         "library()\n")


#: what writing the Parquet files needs (a run's helper process imports it while the parent
#: reads: pipeline.out.parquet_process)
FLOOR_PARQUET = "import pyarrow.parquet\n"


def floor_process(repeat: int = 5, code: str = FLOOR,
                  what: str = "interpreter start, numpy and the PDFium library loaded",
                  ) -> dict[str, Any]:
    """Median wall-clock and CPU seconds of ``code`` (:data:`FLOOR`) as a whole process: below
    this no ``--backend pdfium`` run can end, whatever its parse costs (:data:`FLOOR_PARQUET`:
    none that writes Parquet files, the default)."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}  # as `unrecs` sets it (pipeline.cli)
    runs = [run_process([sys.executable, "-c", code], env=env) for _ in range(repeat)]
    return {"wall_s": round(statistics.median(r["wall_s"] for r in runs), 3),
            "cpu_s": round(statistics.median(r["cpu_s"] for r in runs), 3),
            "what": what}


def _name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return path.name


def corpus(paths: list[Path], jobs: int, backend: str = "pdfium") -> dict[str, Any]:
    """One ``unrecs extract`` command over a folder holding every file of ``paths``."""
    with tempfile.TemporaryDirectory(prefix="unrecs-corpus-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i, p in enumerate(paths):
            os.symlink(p.resolve(), folder / f"{i:03d}_{p.name}")
        pages = sum(page_count(p) for p in paths)
        out = Path(tmp) / "out"
        res = run_process(_extract_cmd(folder, out, backend, jobs), watch=True)
        written = len(list(out.glob("*.json"))) - (out / "datapackage.json").exists()
    return {"documents": len(paths), "pages": pages, "jobs": jobs, "backend": backend,
            "wall_s": round(res["wall_s"], 2), "pages_per_s": round(pages / res["wall_s"], 1),
            "cpu_s": round(res["cpu_s"], 2),
            "waiting_for_a_core_s": res.get("waiting_for_a_core_s"),
            "exit": res["exit"], "documents_written": written, "summary": res["stderr"],
            "peak_mb": round(res["peak_mb"], 1)}


def rss_flat(paths: list[Path], backend: str = "pdfium", copies: int = 20) -> dict[str, Any]:
    """Peak RSS of one run over one document and of one run over ``copies`` copies of it.

    The same document each time, so that the ratio shows what a run keeps from one document to
    the next, and not how large the largest document of a corpus is (a run's peak is at least
    its largest document's: the 181-page A/HRC/43/2 alone peaks near 200 MB). ``paths[0]``,
    or the shipped document when ``paths`` holds it, is the document; the whole ``paths`` run
    is reported too (``corpus``), with the ratio of its peak to the one document's.
    """
    doc = next((p for p in paths if p.name == "wg7_2019_fr.pdf"), paths[0])
    out: dict[str, Any] = {"file": _name(doc)}
    for label, chosen in (("one", [doc]), ("all", [doc] * copies), ("corpus", paths)):
        with tempfile.TemporaryDirectory(prefix="unrecs-rss-") as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            for i, p in enumerate(chosen):
                os.symlink(p.resolve(), folder / f"{i:03d}_{p.name}")
            res = run_process(_extract_cmd(folder, Path(tmp) / "out", backend))
        out[label] = {"documents": len(chosen), "peak_mb": round(res["peak_mb"], 1)}
    out["ratio"] = round(out["all"]["peak_mb"] / out["one"]["peak_mb"], 2)
    out["corpus_ratio"] = round(out["corpus"]["peak_mb"] / out["one"]["peak_mb"], 2)
    return out


def _read_timings(path: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Marks (Unix times) and per-stage second totals of an ``UNRECS_TIMINGS`` file."""
    marks: dict[str, float] = {}
    stages: dict[str, float] = {}
    if not path.exists():
        return marks, stages
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition("\t")
        if name.startswith("stage:"):
            stages[name[6:]] = stages.get(name[6:], 0.0) + float(value)
        elif value:
            marks.setdefault(name, float(value))
    return marks, stages


def timed_stages(path: Path, repeat: int = 5, backend: str = "pdfium") -> dict[str, Any]:
    """Median seconds from process spawn (and from the command's own start) to the first page
    read, and the median per-stage seconds, from ``UNRECS_TIMINGS`` files."""
    spawn, own, stages = [], [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="unrecs-ttfp-") as tmp:
            log = Path(tmp) / "timings.tsv"
            env = {k: v for k, v in os.environ.items() if not k.startswith("UNRECS_TIMINGS")}
            env["UNRECS_TIMINGS"] = str(log)
            started = time.time()
            run_process(_extract_cmd(path, Path(tmp) / "out", backend), env=env)
            marks, st = _read_timings(log)
            if "first_page" in marks:
                spawn.append(marks["first_page"] - started)
                own.append(marks["first_page"] - marks["start"])
            stages.append(st)
    names = sorted({n for st in stages for n in st})
    med = {n: round(statistics.median(st.get(n, 0.0) for st in stages), 4) for n in names}
    after = sum(med.get(n, 0.0) for n in ("validate", "enrich", "write"))
    return {
        "file": _name(path), "pages": page_count(path), "backend": backend, "repeat": repeat,
        "spawn_to_first_page_s": round(statistics.median(spawn), 3) if spawn else None,
        "start_to_first_page_s": round(statistics.median(own), 3) if own else None,
        "stages_s": med,
        "validate_enrich_write_vs_read": round(after / med["read"], 3) if med.get("read") else None,
    }


def route_files(fixtures: Path, pages: int = 15) -> list[Path]:
    """One PDF per typesetting route (reportlab, docx, html): the one nearest ``pages`` pages."""
    out = []
    for folder in (fixtures / "pdfs", fixtures / "pdfs" / "docx", fixtures / "pdfs" / "html"):
        pdfs = sorted(folder.glob("*.pdf"))
        if pdfs:
            out.append(min(pdfs, key=lambda p: (abs(page_count(p) - pages), p.name)))
    return out


def corpus_files(root: Path, fixtures: Path, genuine: Path) -> list[Path]:
    """Every fixture PDF (every route) and every genuine PDF."""
    return sorted((fixtures / "pdfs").rglob("*.pdf")) + sorted(genuine.glob("*.pdf"))


def corpus_figures(paths: list[Path], repeat: int = 3, say: Any = print) -> dict[str, Any]:
    """The corpus run at ``--jobs 1`` and at ``--jobs 2``, ``repeat`` times each, the two in
    turn (each round starting with the other one, so that a slow spell of a shared machine
    weighs on both); each one's figure is its median run by wall-clock time, with every
    run's pages per second beside it (``samples``)."""
    runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    for r in range(repeat):
        for jobs in (1, 2) if r % 2 == 0 else (2, 1):
            say(f"whole process: corpus of {len(paths)} PDFs, --jobs {jobs} "
                f"({r + 1}/{repeat}) ...")
            runs[jobs].append(corpus(paths, jobs))
    out: dict[str, Any] = {}
    for jobs, done in runs.items():
        median = sorted(done, key=lambda c: c["wall_s"])[(len(done) - 1) // 2]
        out[f"corpus_jobs{jobs}"] = {**median, "runs": len(done),
                                     "samples": [c["pages_per_s"] for c in done]}
    return out


def whole_figures(shipped: Path, fixtures: Path, genuine: Path, *, repeat: int = 5,
                  max_pages: int | None = None, long_name: str = "A_HRC_43_2_E.pdf",
                  say: Any = print, corpus_repeat: int = 3) -> dict[str, Any]:
    """Every whole-process figure: per file (the shipped document, one per fixture route and
    every genuine PDF of 4 pages or more; ``max_pages``: only those up to that length, for a
    quicker look), the corpus at ``--jobs 1`` and ``2`` (``corpus_repeat`` runs each, their
    medians), start to first page and stage shares, peak RSS on the long genuine report and
    over the corpus."""
    files = [shipped, *route_files(fixtures)]
    files += [p for p in sorted(genuine.glob("*.pdf"))
              if page_count(p) >= 4 and (max_pages is None or page_count(p) <= max_pages)]
    res: dict[str, Any] = {"repeat": repeat, "max_pages": max_pages, "files": []}
    say(f"whole process: the floor of a PDFium run x{repeat} ...")
    res["floor"] = floor_process(repeat)
    res["floor_parquet"] = floor_process(
        repeat, FLOOR_PARQUET, "interpreter start and pyarrow.parquet imported, what writing "
        "the Parquet files needs")
    for path in files:
        say(f"whole process: {_name(path)} ({page_count(path)} p) x{repeat} ...")
        res["files"].append(whole_file(path, repeat))
    corpus_paths = corpus_files(ROOT, fixtures, genuine)
    res.update(corpus_figures(corpus_paths, corpus_repeat, say))
    say("whole process: start to first page, stage shares ...")
    res["stages_shipped"] = timed_stages(shipped, repeat)
    long = genuine / long_name
    if long.exists():
        say(f"whole process: {long_name}: peak RSS and stage shares ...")
        res["stages_long"] = timed_stages(long, 1)
        res["long_peak_mb"] = {b: round(run_peak(long, b), 1) for b in ("pdfium", "pdfplumber")}
    say("whole process: peak RSS over one and over all documents ...")
    res["rss_flat"] = rss_flat(corpus_paths)
    return res


def run_peak(path: Path, backend: str) -> float:
    with tempfile.TemporaryDirectory(prefix="unrecs-rss-") as tmp:
        return float(run_process(_extract_cmd(path, Path(tmp) / "out", backend))["peak_mb"])


def whole_targets(w: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue-17 targets, each with its measured value and PASS/FAIL."""
    t: list[dict[str, Any]] = []

    def add(name: str, value: Any, target: str, ok: bool) -> None:
        t.append({"name": name, "value": value, "target": target, "pass": bool(ok)})

    for f in w["files"]:
        if f.get("exit") == [REFUSED_NO_TEXT]:  # a scan: refused, nothing read (module docstring)
            worst = max(f["default_ratio"], f["pdfium_ratio"])
            add(f"refused (no text layer, both backends) / plain pdfplumber process, "
                f"{f['file']} ({f['pages']} p)", worst, "<= 1.0", worst <= 1.0)
            continue
        if f["pages"] >= 4:
            add(f"default backend / plain pdfplumber process, {f['file']} ({f['pages']} p)",
                f["default_ratio"], "<= 0.7", f["default_ratio"] <= 0.7)
        name = f"--backend pdfium / plain pdfplumber process, {f['file']} ({f['pages']} p)"
        budget = 0.2 * f["plain_s"]
        if "floor" in w and budget < w["floor"]["wall_s"]:
            name += (f" [0.2x is {budget:.3f} s, below the floor of any PDFium process, "
                     f"{w['floor']['wall_s']} s]")
        elif "floor_parquet" in w and budget < w["floor_parquet"]["wall_s"]:
            name += (f" [0.2x is {budget:.3f} s, below the import of pyarrow alone, which "
                     f"writing the Parquet files needs, {w['floor_parquet']['wall_s']} s]")
        add(name, f["pdfium_ratio"], "<= 0.2", f["pdfium_ratio"] <= 0.2)
    c1, c2 = w["corpus_jobs1"], w["corpus_jobs2"]
    add(f"corpus --backend pdfium --jobs 1 ({c1['documents']} PDFs, {c1['pages']} p), pages/s",
        c1["pages_per_s"], ">= 100", c1["pages_per_s"] >= 100)
    speedup = round(c2["pages_per_s"] / c1["pages_per_s"], 2)
    add("corpus --jobs 2 / --jobs 1", speedup, ">= 1.8", speedup >= 1.8)
    if "long_peak_mb" in w:
        for backend, mb in w["long_peak_mb"].items():
            add(f"peak RSS, A_HRC_43_2_E.pdf (181 p), {backend}, MB", mb, "<= 250", mb <= 250)
    flat = w["rss_flat"]
    add(f"peak RSS, {flat['all']['documents']} copies of {flat.get('file', 'a document')} / "
        "1 copy", flat["ratio"], "<= 1.5 (flat)", flat["ratio"] <= 1.5)
    st = w["stages_shipped"]
    value = st["spawn_to_first_page_s"]
    add(f"process start to first page, {st['file']}, s", value, "<= 0.3",
        value is not None and value <= 0.3)
    for key in ("stages_shipped", "stages_long"):
        if key in w and w[key]["validate_enrich_write_vs_read"] is not None:
            s = w[key]
            add(f"(validate + enrich + write) / PDFium read, {s['file']}",
                s["validate_enrich_write_vs_read"], "<= 0.10",
                s["validate_enrich_write_vs_read"] <= 0.10)
    return t


def whole_table(w: dict[str, Any]) -> str:
    """The whole-process figures as printed lines."""
    rows = [f"{'file':<48}{'pages':>6}{'plain s':>9}{'default s':>11}{'ratio':>7}"
            f"{'pdfium s':>10}{'ratio':>7}{'CPU plain/pdfium s':>20}{'ratio':>7}"]
    for f in w["files"]:
        cpu = (f"{f['plain_cpu_s']:>11.2f} /{f['pdfium_cpu_s']:>6.2f}{f['pdfium_cpu_ratio']:>7.2f}"
               if "pdfium_cpu_s" in f else "")
        rows.append(f"{f['file'][-48:]:<48}{f['pages']:>6}{f['plain_s']:>9.2f}"
                    f"{f['default_s']:>11.2f}{f['default_ratio']:>7.2f}{f['pdfium_s']:>10.2f}"
                    f"{f['pdfium_ratio']:>7.2f}{cpu}")
    for f in w["files"]:
        if "default_cpu_ratio" in f:
            rows.append(f"CPU s (user + system): {f['file'][-40:]}: plain {f['plain_cpu_s']}, "
                        f"default {f['default_cpu_s']} ({f['default_cpu_ratio']}), pdfium "
                        f"{f['pdfium_cpu_s']} ({f['pdfium_cpu_ratio']})")
    for key in ("floor", "floor_parquet"):
        if key in w:
            rows.append(f"floor ({w[key]['what']}): {w[key]['wall_s']} s, CPU "
                        f"{w[key]['cpu_s']} s")
    for jobs in (1, 2):
        c = w[f"corpus_jobs{jobs}"]
        rows.append(f"corpus --jobs {jobs}: {c['documents']} PDFs, {c['pages']} p, "
                    f"{c['wall_s']} s (median of {c.get('runs', 1)}: "
                    f"{c.get('samples', [c['pages_per_s']])} pages/s), "
                    f"CPU {c.get('cpu_s')} s, waiting for a core "
                    f"{c.get('waiting_for_a_core_s')} s, {c['pages_per_s']} pages/s, "
                    f"exit {c['exit']}, "
                    f"{c['documents_written']} documents written, peak {c['peak_mb']} MB; "
                    f"{' '.join(c['summary'])[:160]}")
    for key in ("stages_shipped", "stages_long"):
        if key in w:
            s = w[key]
            rows.append(f"{s['file']}: spawn to first page {s['spawn_to_first_page_s']} s "
                        f"(command start to first page {s['start_to_first_page_s']} s); "
                        f"stages {s['stages_s']}")
    return "\n".join(rows)
