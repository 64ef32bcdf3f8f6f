"""Shared paths and cached extractions for the tests."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
REAL = ROOT.parent / "shared" / "real-pdfs"


@cache
def extraction(path: str):  # noqa: ANN201 - cached Extraction
    from pipeline.parse.document import extract_document

    return extract_document(path)


@cache
def golden(name: str) -> dict:
    return json.loads((FIXTURES / "golden" / f"{name}.json").read_text(encoding="utf-8"))


def golden_names() -> list[str]:
    return sorted(p.stem for p in (FIXTURES / "golden").glob("*.json"))


def real_pdf(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path
