"""Throughput of the Dask engine (documents/s and pages/s, per worker) on a folder of PDFs."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

DEFAULT_FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "pdfs"


def bench_dask(
    folder: str | Path = DEFAULT_FOLDER,
    workers: int = 2,
    *,
    documents: int = 20,
    scheduler: str | None = None,
) -> dict[str, Any]:
    """Extract the first ``documents`` PDFs of ``folder`` (sorted by name) with the Dask engine
    on a new ``LocalCluster`` of ``workers`` single-threaded processes (or on the cluster at
    ``scheduler``) and report the throughput, without the cache.

    Cluster start-up and the workers' first imports are timed apart (``startup_s``) and not
    counted in the throughput. Identical PDFs are computed once (content-keyed tasks), so the
    folder should hold distinct files. The result is a flat dict (JSON-ready)."""
    from distributed import Client

    from pipeline.run.cache import code_hash
    from pipeline.run.engine_dask import extract_with_dask, start_local_cluster

    pdfs = sorted(Path(folder).glob("*.pdf"))[:documents]
    if not pdfs:
        raise ValueError(f"{folder}: no PDF files")
    t0 = time.perf_counter()
    client = start_local_cluster(workers) if scheduler is None else Client(scheduler)
    try:
        client.run(code_hash)  # import the pipeline on every worker before timing
        n_workers = len(client.scheduler_info()["workers"])
        startup = time.perf_counter() - t0
        t1 = time.perf_counter()
        done, failed = extract_with_dask(pdfs, client=client)
        seconds = time.perf_counter() - t1
    finally:
        cluster = client.cluster if scheduler is None else None
        client.close()
        if cluster is not None:
            cluster.close()
    pages = sum(e.meta.page_count for e in done)
    return {
        "engine": "dask",
        "folder": str(folder),
        "workers": n_workers,
        "documents": len(pdfs),
        "extracted": len(done),
        "failed": len(failed),
        "pages": pages,
        "startup_s": round(startup, 3),
        "seconds": round(seconds, 3),
        "documents_per_s": round(len(done) / seconds, 3),
        "pages_per_s": round(pages / seconds, 3),
        "documents_per_s_per_worker": round(len(done) / seconds / n_workers, 3),
        "pages_per_s_per_worker": round(pages / seconds / n_workers, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=bench_dask.__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--scheduler", default=None, help="address of an existing cluster")
    args = parser.parse_args()
    result = bench_dask(args.folder, args.workers, documents=args.documents,
                        scheduler=args.scheduler)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
