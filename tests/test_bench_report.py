"""The bench's verdicts and README section follow the figures they are given (nothing timed)."""

from __future__ import annotations

from pathlib import Path

from bench.report import BEGIN, END, update_readme
from bench.whole import whole_targets


def _whole(default: float, pdfium: float, jobs1: float, jobs2: float) -> dict:
    f = {"file": "x.pdf", "pages": 17, "plain_s": 2.0, "default_s": 2 * default,
         "pdfium_s": 2 * pdfium, "default_ratio": default, "pdfium_ratio": pdfium}
    corpus = {"documents": 70, "pages": 1105, "wall_s": 1.0, "exit": 3,
              "documents_written": 0, "summary": [], "peak_mb": 200.0}
    stages = {"file": "x.pdf", "pages": 17, "spawn_to_first_page_s": 0.25,
              "start_to_first_page_s": 0.2, "stages_s": {"read": 1.0, "write": 0.05},
              "validate_enrich_write_vs_read": 0.05}
    return {"repeat": 5, "files": [f],
            "corpus_jobs1": {**corpus, "pages_per_s": jobs1},
            "corpus_jobs2": {**corpus, "pages_per_s": jobs2},
            "stages_shipped": stages,
            "rss_flat": {"one": {"documents": 1, "peak_mb": 100.0},
                         "all": {"documents": 70, "peak_mb": 120.0}, "ratio": 1.2}}


def test_targets_pass_and_fail_on_their_bounds() -> None:
    good = {t["name"].split(",")[0]: t["pass"] for t in whole_targets(_whole(0.7, 0.2, 100, 180))}
    assert all(good.values()), good
    bad = whole_targets(_whole(0.71, 0.21, 99, 150))
    failed = {t["name"].split(" ")[0] for t in bad if not t["pass"]}
    assert failed == {"default", "--backend", "corpus"}


def test_a_refused_scan_is_held_to_its_own_target() -> None:
    w = _whole(0.7, 0.2, 100, 180)
    scan = {**w["files"][0], "file": "scan.pdf", "pages": 22, "exit": [5],
            "default_ratio": 1.1, "pdfium_ratio": 0.9}
    w["files"].append(scan)
    verdicts = {t["name"]: (t["target"], t["pass"]) for t in whole_targets(w)
                if "scan.pdf" in t["name"]}
    assert verdicts == {"refused (no text layer, both backends) / plain pdfplumber process, "
                        "scan.pdf (22 p)": ("<= 1.0", False)}
    scan["default_ratio"] = 1.0
    assert all(t["pass"] for t in whole_targets(w))


def test_readme_section_is_replaced_between_its_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n## Performance\n\nintro\n\n{BEGIN}\nold figures\n{END}\n\nafter\n")
    res = {"run": {"date": "2026-12-04", "cpus": 2, "machine": "x86_64", "python": "3.11",
                   "load_average_at_start": [9.0], "load_average_at_end": [8.0]},
           "whole": _whole(0.5, 0.3, 120, 230), "documents": {}, "parallel": {
               "documents": 20, "pages": 98, "jobs1_s": 1, "jobs1_pages_per_s": 1, "jobs2_s": 1,
               "jobs2_pages_per_s": 2, "speedup": 2.0, "identical_output": True},
           "targets": []}
    res["whole_targets"] = whole_targets(res["whole"])
    update_readme(readme, res)
    update_readme(readme, res)  # idempotent
    text = readme.read_text()
    assert "old figures" not in text and text.count(BEGIN) == 1
    assert text.index("intro") < text.index("| x.pdf | 17 |") < text.index("after")
    assert "| 0.30 |" in text and "**FAIL**" in text and "load average [9.0]" in text


def test_a_budget_below_a_floor_says_so_on_its_line_and_keeps_its_verdict() -> None:
    w = _whole(0.7, 0.3, 100, 180)  # plain 2.0 s: 0.2x is 0.4 s
    w["floor"] = {"wall_s": 0.1, "cpu_s": 0.1, "what": "numpy"}
    w["floor_parquet"] = {"wall_s": 0.5, "cpu_s": 0.5, "what": "pyarrow"}
    line = next(t for t in whole_targets(w) if t["name"].startswith("--backend"))
    assert "below the import of pyarrow alone" in line["name"] and "0.5 s" in line["name"]
    assert not line["pass"]  # said, not excused
    w["floor"]["wall_s"] = 0.45  # below both: the floor of any PDFium process is named
    line = next(t for t in whole_targets(w) if t["name"].startswith("--backend"))
    assert "below the floor of any PDFium process" in line["name"]
    w["floor"]["wall_s"], w["floor_parquet"]["wall_s"] = 0.1, 0.3
    line = next(t for t in whole_targets(w) if t["name"].startswith("--backend"))
    assert "below" not in line["name"]


def test_the_corpus_figure_is_the_median_of_runs_taken_in_turn(monkeypatch) -> None:
    """Each ``--jobs`` is run several times, the two in turn, each round starting with the
    other one; the figure is the median run, every run's pages per second kept beside it."""
    from bench import whole

    order: list[int] = []
    walls = {1: iter([14.0, 12.0, 13.0]), 2: iter([7.5, 7.0, 9.0])}

    def fake(paths: list[Path], jobs: int) -> dict:
        order.append(jobs)
        wall = next(walls[jobs])
        return {"documents": 2, "pages": 1300, "jobs": jobs, "wall_s": wall,
                "pages_per_s": round(1300 / wall, 1), "exit": 0, "documents_written": 2,
                "summary": [], "peak_mb": 100.0}

    monkeypatch.setattr(whole, "corpus", fake)
    got = whole.corpus_figures([Path("a.pdf"), Path("b.pdf")], repeat=3, say=lambda m: None)
    assert order == [1, 2, 2, 1, 1, 2]
    assert got["corpus_jobs1"]["wall_s"] == 13.0 and got["corpus_jobs2"]["wall_s"] == 7.5
    assert got["corpus_jobs1"]["samples"] == [92.9, 108.3, 100.0]
    assert got["corpus_jobs1"]["runs"] == 3
    assert "median of 3" in whole.whole_table({**_whole(0.5, 0.1, 100, 180), **got})
