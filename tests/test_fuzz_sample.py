"""A fixed-seed sample of the fuzz soak (``make fuzz`` runs 2,000 cases): 100 mutated fixture
PDFs through ``unrecs extract``, only documented exit codes, no traceback, none killed (the
soak's duration rule is left to ``make fuzz``: no timed assertion in ``make test``)."""

from __future__ import annotations

from bench.fuzz import DOCUMENTED, KINDS, soak


def test_fuzz_sample_of_100_cases() -> None:
    res = soak(100, seed=20261204, jobs=2, timeout=60.0, small=True, timed=False)
    assert res["cases"] == 100
    assert res["failures"] == []
    assert sum(res["by_exit_code"].values()) == 100
    assert {int(c) for c in res["by_exit_code"]} <= DOCUMENTED
    assert set(res["by_kind"]) == set(KINDS)
    # the mutations reach both outcomes: some documents still extract, some are refused
    assert res["by_exit_code"].get("0", 0) > 0 and res["by_exit_code"].get("3", 0) > 0
