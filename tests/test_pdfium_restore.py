"""The spaces of text objects PDFium skipped (pipeline/read/pdfium/restore.py): computed in
columns, they are the spaces the object-by-object reference gives, bit for bit."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, real_pdf

from pipeline.read.pdfium import pdfium_glyphs, restore, text


@pytest.mark.parametrize("path", [
    ROOT / "raw" / "wg7_2019_fr.pdf",
    "ISBA_16_A_12_Rev.1_A.pdf",
    "A_HRC_43_2_E.pdf",
    "ST_SPACE_61_Rev.3_F.pdf",
    "E_ICEF_2025_AB_L.3_E.pdf",
], ids=lambda p: Path(p).stem)
def test_spaces_in_columns_are_the_reference_ones(
    path: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = real_pdf(path) if isinstance(path, str) else path
    compared: list[int] = []

    def both(api, fonts, texts, blank, geo, font_ids, font_names):  # type: ignore[no-untyped-def]
        ids, names = dict(font_ids), list(font_names)
        ref = restore.restore_spaces_one_by_one(api, dict(fonts), texts, blank, geo, ids, names)
        new = restore.restore_spaces(api, fonts, texts, blank, geo, font_ids, font_names)
        assert (ref is None) == (new is None)
        assert (ids, names) == (font_ids, font_names)  # the font table grows the same way
        if ref is not None and new is not None:
            assert ref[0] == new[0]
            for column in ("codes", "x0", "x1", "top", "bottom", "size", "font"):
                a, b = getattr(ref[1], column), getattr(new[1], column)
                assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), column
            compared.append(len(ref[0]))
        return new

    monkeypatch.setattr(restore, "COLUMNS_FROM", 1)  # every page through the columns
    monkeypatch.setattr(text, "restore_spaces", both)
    pages = list(pdfium_glyphs(path))
    assert pages and sum(compared) > 100
