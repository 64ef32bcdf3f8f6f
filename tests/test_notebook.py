"""notebooks/explore.ipynb runs headless on a fresh extraction of raw/ and draws its charts."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat not installed")
nbclient = pytest.importorskip("nbclient", reason="nbclient not installed")
pytest.importorskip("ipykernel", reason="ipykernel not installed (the notebook's kernel)")
pytest.importorskip("matplotlib", reason="matplotlib not installed")

from pipeline.out.export import write_outputs  # noqa: E402
from pipeline.parse.document import extract_document  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_notebook_runs_and_plots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    exs = [extract_document(pdf) for pdf in sorted((ROOT / "raw").glob("*.pdf"))]
    write_outputs(exs, out, {"parquet"})
    monkeypatch.setenv("UNRECS_OUTPUT", str(out))
    monkeypatch.delenv("UNRECS_SAVE_CHART", raising=False)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")

    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:  # run from scratch: the stored outputs must not count
        if cell.cell_type == "code":
            cell.outputs = []
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.get("execution_count") for c in code), "a cell did not run"
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 2  # the per-meeting bar chart and the stacked modality bars
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "149 recommendations, 25 sub-items" in text
    tables = "".join(o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "protocol:art:6" in tables and "states_parties" in tables
