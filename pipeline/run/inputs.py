"""Input discovery: the PDF files a run's arguments name (folders expanded)."""

from __future__ import annotations

from pathlib import Path


def collect_pdfs(paths: list[Path]) -> list[Path]:
    """Expand folders into the PDFs they contain (sorted); keep files as given."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix.lower() == ".pdf"))
        else:
            out.append(p)
    return out
