"""Checks that a commit's outputs are byte-identical to another commit's on every fixture.

Usage: ``python scripts/same_outputs.py [REF]`` (default ``HEAD``): the working tree and REF
(checked out into a temporary folder) each extract the shipped document and every fixture PDF,
one document per output folder, and every file written is compared byte for byte.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def documents(root: Path) -> list[Path]:
    """The shipped document, every fixture PDF (every route) and the genuine PDFs beside the
    repository (``../shared/real-pdfs``, when present)."""
    pdfs = sorted((root / "raw").glob("*.pdf"))
    pdfs += sorted((root / "fixtures" / "pdfs").rglob("*.pdf"))
    pdfs += sorted((root.parent / "shared" / "real-pdfs").glob("*.pdf"))
    return [p.resolve() for p in pdfs]


def extract_all(code: Path, pdfs: list[Path], out: Path) -> None:
    """Run ``unrecs extract`` from the checkout ``code`` on each PDF into its own folder."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    for rel in pdfs:
        dest = out / "__".join(rel.parts[-3:])
        run = subprocess.run(
            [sys.executable, "-m", "pipeline", "extract", str(rel), "--out", str(dest),
             "--no-cache", "--quiet"],
            cwd=code, env=env, check=False, capture_output=True, text=True,
        )
        dest.mkdir(parents=True, exist_ok=True)
        (dest / "exit.txt").write_text(f"{run.returncode}\n{run.stdout}{run.stderr}")


def compare(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only, as relative paths."""
    left = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    right = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    diffs = [f"only in {a.name}: {p}" for p in sorted(left - right)]
    diffs += [f"only in {b.name}: {p}" for p in sorted(right - left)]
    diffs += [f"differs: {p}" for p in sorted(left & right)
              if not filecmp.cmp(a / p, b / p, shallow=False)]
    return diffs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", nargs="?", default="HEAD")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        old = base / "ref"
        subprocess.run(["git", "worktree", "add", "--detach", str(old), args.ref], cwd=ROOT,
                       check=True, capture_output=True)
        try:
            pdfs = documents(ROOT)
            extract_all(old, pdfs, base / "before")
            extract_all(ROOT, pdfs, base / "after")
            diffs = compare(base / "before", base / "after")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT,
                           check=False, capture_output=True)
    for line in diffs:
        print(line)
    print(f"{len(pdfs)} documents: {'identical' if not diffs else f'{len(diffs)} differences'}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
