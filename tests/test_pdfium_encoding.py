"""Symbolic TrueType fonts decoded as pdfminer does (pipeline/read/pdfium/encoding.py): the
font dictionaries are read only when their answer can change a character, and the reading is
the same as when every symbolic font's characters ask them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, real_pdf

from pipeline.read.pdfium import encoding, pdfium_glyphs, text
from pipeline.read.pdfium.encoding import FontDictionaries, winansi_upper


def test_winansi_table_is_pdfminers() -> None:
    from pdfminer.encodingdb import EncodingDB

    theirs = EncodingDB.get_encoding("WinAnsiEncoding")
    assert winansi_upper() == {c: theirs[c] for c in range(0x80, 0x100) if c in theirs}


class _AlwaysAsk(dict):
    """A candidate recoder that claims every character: the dictionaries are always asked."""

    def __contains__(self, key: object) -> bool:
        return True


def _read(path: Path, monkeypatch: pytest.MonkeyPatch, mode: str) -> tuple[list, int]:
    """The pages' texts and how many times the dictionaries were read; ``mode``: "lazy" (as
    shipped), "always" (every symbolic character asks), "blind" (dictionaries say nothing)."""
    reads: list[int] = []
    original = FontDictionaries._read

    def counted(self: FontDictionaries) -> dict:
        reads.append(1)
        return {} if mode == "blind" else original(self)

    with monkeypatch.context() as m:
        m.setattr(FontDictionaries, "_read", counted)
        if mode != "lazy":
            m.setattr(text, "winansi_candidate",
                      lambda api, handle: _AlwaysAsk(encoding.winansi_candidate(api, handle)))
        pages = [(n, list(g.text)) for n, _, _, g, _ in pdfium_glyphs(path)]
    return pages, len(reads)


@pytest.mark.parametrize(("name", "lazy_reads", "changes"), [
    ("A_60_PV.25_E.pdf", 1, True),  # bold speaker names: é as printed, not È
    ("ISBA_19_C_17_C.pdf", 0, False),  # symbolic fonts, no character they would recode
    ("wg7_2019_fr.pdf", 1, False),  # subsets with a /ToUnicode and a Mac Roman cmap
])
def test_dictionaries_read_only_when_they_can_change_a_character(
    name: str, lazy_reads: int, changes: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ROOT / "raw" / name if name.startswith("wg7") else real_pdf(name)
    lazy, n_lazy = _read(path, monkeypatch, "lazy")
    always, n_always = _read(path, monkeypatch, "always")
    blind, _ = _read(path, monkeypatch, "blind")
    assert n_always == 1
    assert n_lazy == lazy_reads
    assert lazy == always
    assert (always != blind) is changes
