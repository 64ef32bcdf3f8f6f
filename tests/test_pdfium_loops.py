"""PDFium's per-character calls: the compiled C loops (pipeline/read/pdfium/build_loops.py) and
the ABI-mode fallback (``loops.ENABLED = False``, or ``UNRECS_PDFIUM_LOOPS=0``) read the same
glyphs and rules, and ``pip install`` built the loops in this environment."""

from __future__ import annotations

import shlex
import shutil
import sysconfig
from pathlib import Path

import numpy as np
import pytest
from conftest import FIXTURES, ROOT, fresh_python, real_pdf

from pipeline.read.pdfium import loops, pdfium_glyphs
from pipeline.read.pdfium.build_loops import builder


def _compiler() -> str | None:
    """The C compiler Python's build would use, if it is installed."""
    cc = shlex.split(sysconfig.get_config_var("CC") or "cc")
    return shutil.which(cc[0]) if cc else None


def _needs_loops() -> None:
    if loops.compiled() is None:
        pytest.skip("the compiled PDFium loops are not built here: " + loops.status())


def _read(path: Path, compiled: bool, monkeypatch: pytest.MonkeyPatch) -> list:
    monkeypatch.setattr(loops, "ENABLED", compiled)
    return list(pdfium_glyphs(path))


@pytest.mark.parametrize("path", [
    ROOT / "raw" / "wg7_2019_fr.pdf",
    FIXTURES / "pdfs" / "html" / "wg7_2020_ar_nine_meetings.pdf",
    "ISBA_16_A_12_Rev.1_A.pdf",
    "ISBA_19_C_17_C.pdf",
    "A_60_PV.25_E.pdf",
    "BBNJ_Agreement_2023_pub_S.pdf",
], ids=lambda p: Path(p).stem)
def test_compiled_loops_and_the_fallback_read_the_same_glyphs(
    path: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_loops()
    path = real_pdf(path) if isinstance(path, str) else path
    fast = _read(path, True, monkeypatch)
    slow = _read(path, False, monkeypatch)
    assert len(fast) == len(slow) > 0
    for (n1, w1, h1, g1, r1), (n2, w2, h2, g2, r2) in zip(fast, slow, strict=True):
        assert (n1, w1, h1) == (n2, w2, h2)
        assert g1.text == g2.text, f"page {n1}"
        for column in ("x0", "x1", "top", "bottom", "size", "font"):
            assert np.array_equal(getattr(g1, column), getattr(g2, column)), (n1, column)
        assert g1.fonts == g2.fonts
        assert r1 == r2, f"page {n1}: rules"
    assert sum(len(p[3]) for p in fast) > 1000


def test_the_rules_compared_come_from_path_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    """The genuine BBNJ agreement's tables are ruled: the path segments are read both ways."""
    _needs_loops()
    path = real_pdf("BBNJ_Agreement_2023_pub_S.pdf")
    fast = _read(path, True, monkeypatch)
    slow = _read(path, False, monkeypatch)
    rules = [r for page in fast for r in page[4]]
    assert rules
    assert rules == [r for page in slow for r in page[4]]


def test_each_path_asks_pdfium_its_own_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the loops on, no per-character call goes through cffi's ``map``; turned off, all
    of them do."""
    _needs_loops()
    calls: list[object] = []

    def counted(fn: object, *columns: object) -> list:
        calls.append(fn)
        return real(fn, *columns)

    real = loops.call_each
    monkeypatch.setattr(loops, "call_each", counted)
    path = FIXTURES / "pdfs" / "html" / "wg7_2019_ar.pdf"
    _read(path, True, monkeypatch)
    assert calls == []
    _read(path, False, monkeypatch)
    assert len(calls) > 10


def test_the_loops_were_built_in_this_environment() -> None:
    if _compiler() is None:
        pytest.skip("no C compiler: pip install leaves the optional loops out")
    assert loops.compiled() is not None or not loops.ENABLED, (
        f"{loops.status()}; rebuild: pip install -e . (make does it when setup.py or "
        "build_loops.py change) or python -m pipeline.read.pdfium.build_loops"
    )


def test_the_loops_source_compiles(tmp_path: Path) -> None:
    if _compiler() is None:
        pytest.skip("no C compiler")
    built = Path(builder().compile(tmpdir=str(tmp_path), verbose=False))
    assert built.name.startswith("_loops") and built.stat().st_size > 0


def test_a_module_built_from_other_code_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    _needs_loops()
    from pipeline.read.pdfium import build_loops

    monkeypatch.setattr(build_loops, "source_crc", lambda: -1)
    loops.helper.cache_clear()
    try:
        assert loops.compiled() is None
        assert "out of date" in loops.status()
    finally:
        monkeypatch.undo()
        loops.helper.cache_clear()
    assert loops.compiled() is not None


def test_the_environment_variable_turns_the_loops_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNRECS_PDFIUM_LOOPS", "0")
    out = fresh_python("from pipeline.read.pdfium import loops\n"
                       "print(loops.compiled() is None)\n"
                       "print(loops.status())\n")
    assert out[0] == "True"
    assert "UNRECS_PDFIUM_LOOPS=0" in out[1]


def test_glyph_outlines_are_read_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    """The x of each point of a glyph's outline (the ink of right-to-left glyphs, matched to a
    presentation form's: pipeline.read.pdfium.fonts.Font.ink), by the C loop and by cffi."""
    _needs_loops()
    from pipeline.read.pdfium import fonts

    real = loops.glyph_path_xs
    outlines: list[list[float]] = []

    def both_ways(api: object, path: object) -> list[float]:
        monkeypatch.setattr(loops, "ENABLED", False)
        slow = real(api, path)  # type: ignore[arg-type]
        monkeypatch.setattr(loops, "ENABLED", True)
        fast = real(api, path)  # type: ignore[arg-type]
        assert fast == slow
        outlines.append(fast)
        return fast

    monkeypatch.setattr(fonts, "glyph_path_xs", both_ways)
    list(pdfium_glyphs(FIXTURES / "pdfs" / "html" / "wg7_2020_ar_nine_meetings.pdf"))
    assert sum(len(xs) > 4 for xs in outlines) > 50
