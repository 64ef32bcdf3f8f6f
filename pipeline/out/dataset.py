"""Partitioned Parquet dataset of the output tables (Hive: language, symbol prefix), any fsspec URL.

:func:`write_dataset` writes ``<root>/<table>/language=<xx>/symbol_prefix=<P>/part-0.parquet``
for ``documents``, ``meetings``, ``recommendations``, ``paragraphs``, ``footnotes`` and
``tables``:

* ``symbol_prefix`` is a derived column: the first ``/``-separated segment of ``symbol``
  (``CTOC/COP/WG.7/2019/CRP.1`` → ``CTOC``, ``A/RES/75/1`` → ``A``, ``E/2020/1`` → ``E``);
* files are written with ``pyarrow.dataset.write_dataset`` and the declared arrow schema
  (:func:`pipeline.out.schema.arrow_schema` plus ``symbol_prefix``), so ``Int64``, ``Float64``,
  ``string`` and ``date32`` and the field descriptions survive; partition columns live in the
  folder names, not in the files; names are deterministic (``part-{i}.parquet``, one file per
  partition, rows in document order, no threads), so the same extractions give the same files;
* an empty table (no paragraphs in a run of recommendation lists …) is one empty file,
  ``<table>/part-0.parquet``, that holds every column (there is no partition to put it in), so
  every table folder exists and reads back with all its columns and dtypes.

Reading back: ``pyarrow.dataset.dataset(dir, partitioning="hive")`` gives the declared types;
``pandas.read_parquet(dir)`` gives the declared dtypes for every column but the two partition
columns, which pyarrow's Parquet reader turns into ``category`` (it infers dictionaries for Hive
keys); ``pandas.read_parquet(dir, partitioning=partitioning())`` or :func:`read_dataset` give
``string`` for them too. Partition columns come last; rows come partition by partition.

Replacement: a local dataset is written into a sibling temporary folder and swapped in with two
renames under an exclusive lock on the parent folder, so a reader opening the dataset finds
the old or the new one, never a mix (for an instant between the renames, none; a crash there
leaves the old one in ``.<name>.old-*``, restored by the next write). Object stores
(``s3://`` …) have no rename: each file is replaced whole (a PUT is atomic), but the dataset as
a whole is not — a reader during a write, or a crash mid-write, may see new and old partitions
side by side; stale partitions are deleted last, and writing again repairs it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline.fsutil import fsync_dir
from pipeline.model import Extraction
from pipeline.out.locations import filesystem as _filesystem
from pipeline.out.locations import is_url, join_url, split_url  # noqa: F401 - re-exported
from pipeline.out.locations import local_path as _local
from pipeline.out.schema import TABLE_NAMES, TABLES, arrow_schema

if TYPE_CHECKING:
    import pandas as pd

PARTITION_COLUMNS = ("language", "symbol_prefix")
BASENAME_TEMPLATE = "part-{i}.parquet"
SYMBOL_PREFIX_DESCRIPTION = (
    "first '/'-separated segment of the symbol (CTOC, A, E ...); derived, partition key"
)


# --------------------------------------------------------------------------------------------
# Schema and tables
# --------------------------------------------------------------------------------------------


def symbol_prefix(symbol: str | None) -> str | None:
    """``CTOC/COP/WG.7/2019/CRP.1`` → ``CTOC``; null or empty symbol → null."""
    if not symbol:
        return None
    return symbol.split("/", 1)[0] or None


def dataset_schema(table: str) -> pa.Schema:
    """The table's declared arrow schema plus ``symbol_prefix`` (after the declared fields)."""
    schema = arrow_schema(table)
    symbol = schema.field("symbol")
    return schema.append(
        pa.field(
            "symbol_prefix",
            pa.string(),
            nullable=symbol.nullable,
            metadata={"description": SYMBOL_PREFIX_DESCRIPTION, "logical_type": "string"},
        )
    )


def partitioning() -> ds.Partitioning:
    """The dataset's Hive partitioning with explicit ``string`` keys (for reading back with the
    declared types: ``pd.read_parquet(dir, partitioning=partitioning())``)."""
    return ds.partitioning(
        pa.schema([(name, pa.string()) for name in PARTITION_COLUMNS]), flavor="hive"
    )


def dataset_tables(extractions: Sequence[Extraction], *, check: bool = True) -> dict[str, pa.Table]:
    """The output tables as arrow tables with the dataset schema (``symbol_prefix`` added).

    With ``check``, the rows are first checked against the declared schema and keys, and
    :class:`pipeline.out.export.ExportError` is raised when they do not conform. The tables
    are built from the typed columns (no DataFrame), with the pandas metadata
    ``pyarrow.Table.from_pandas`` would store."""
    from pipeline.out.dtypes import arrow_columns, pandas_metadata
    from pipeline.out.export import ExportError
    from pipeline.out.tables import table_columns

    try:
        frames = table_columns(extractions)
    except ValueError as exc:
        raise ExportError(str(exc)) from exc
    if check:
        from pipeline.out.table_checks import check_keys, schema_problems

        problems = schema_problems(frames) + check_keys(frames)
        if problems:
            lines = "\n".join(str(p) for p in problems[:20])
            raise ExportError(f"dataset would not match the schema:\n{lines}", problems)
    tables = {}
    for name in TABLE_NAMES:
        columns = {**frames[name],
                   "symbol_prefix": [symbol_prefix(s) for s in frames[name]["symbol"]]}
        schema = dataset_schema(name)
        meta = pandas_metadata([*((f.name, f.type) for f in TABLES[name].fields),
                                ("symbol_prefix", "string")])
        schema = schema.with_metadata({**schema.metadata, b"pandas": meta})
        tables[name] = arrow_columns(schema, columns)
    return tables


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _write_tables(tables: dict[str, pa.Table], base: str, filesystem: Any) -> list[str]:
    """Write every table under ``base``; the paths written (as the filesystem names them)."""
    written: list[str] = []
    options = ds.ParquetFileFormat().make_write_options(compression="zstd")
    for name, table in tables.items():
        root = f"{base}/{name}"
        if table.num_rows == 0:  # no partition: one empty file holding every column
            path = f"{root}/{BASENAME_TEMPLATE.format(i=0)}"
            if filesystem is None:
                Path(root).mkdir(parents=True, exist_ok=True)
            else:
                filesystem.makedirs(root, exist_ok=True)
            pq.write_table(table, path, filesystem=filesystem, compression="zstd")
            written.append(path)
            continue
        ds.write_dataset(
            table,
            root,
            format="parquet",
            partitioning=partitioning(),
            basename_template=BASENAME_TEMPLATE,
            filesystem=filesystem,
            file_options=options,
            use_threads=False,  # one file per partition, rows in document order
            existing_data_behavior="overwrite_or_ignore",
            max_partitions=100_000,
            file_visitor=lambda f: written.append(f.path),
        )
    return written


def _fsync_tree(root: Path) -> None:
    from pipeline.out.export import fsync_files

    walked = list(os.walk(root))
    fsync_files([Path(folder, name) for folder, _dirs, files in walked for name in files])
    for folder, _dirs, _files in walked:
        fsync_dir(Path(folder))


def _flock(fd: int, blocking: bool = True) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no locking
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Exclusive advisory lock on ``folder`` (the same lock ``write_outputs`` takes)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        _flock(fd)
        yield
    finally:
        os.close(fd)


def _siblings(root: Path, kind: str) -> list[Path]:
    return sorted(root.parent.glob(f".{root.name}.{kind}-*"))


def _clean_leftovers(root: Path) -> None:
    """Restore a dataset lost between the two renames of a crashed swap; remove dead leftovers.

    Call with the parent folder locked. A staging folder still locked by its writer is kept."""
    olds = [p for p in _siblings(root, "old") if p.is_dir()]
    if olds and not root.exists():
        newest = max(olds, key=lambda p: p.stat().st_mtime)
        os.rename(newest, root)
        olds.remove(newest)
    for p in olds:
        shutil.rmtree(p, ignore_errors=True)
    for p in _siblings(root, "tmp"):
        try:
            fd = os.open(p, os.O_RDONLY)
        except OSError:
            continue
        try:
            if _flock(fd, blocking=False):
                shutil.rmtree(p, ignore_errors=True)
        finally:
            os.close(fd)


class StagedDataset:
    """A dataset rendered and ready to replace the one at its location: :meth:`commit` puts it
    in place, :meth:`discard` (a no-op after commit) drops it. Use :func:`stage_dataset`."""

    def __init__(self, location: str, tables: dict[str, pa.Table],
                 storage_options: dict[str, Any] | None) -> None:
        self.location = location
        self.files: list[str] = []
        self._tables: dict[str, pa.Table] | None = tables
        self._storage_options = storage_options
        self._tmp: Path | None = None
        self._fd: int | None = None
        self.committed = False
        root = _local(location)
        if root is not None:
            self._stage_local(root)

    # local: write now into .<name>.tmp-*, locked while it lives
    def _stage_local(self, root: Path) -> None:
        root.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = Path(tempfile.mkdtemp(prefix=f".{root.name}.tmp-", dir=root.parent))
        self._fd = os.open(self._tmp, os.O_RDONLY)
        _flock(self._fd)
        try:
            assert self._tables is not None
            written = _write_tables(self._tables, self._tmp.as_posix(), None)
            _fsync_tree(self._tmp)
        except BaseException:
            self.discard()
            raise
        prefix = self._tmp.as_posix() + "/"
        self.files = [str(root / p[len(prefix):]) for p in sorted(written)]
        self._tables = None

    def commit(self) -> None:
        """Put the staged dataset in place of the existing one (if any)."""
        if self.committed:
            return
        root = _local(self.location)
        if root is None:
            self._commit_remote()
        else:
            assert self._tmp is not None
            with _locked(root.parent):
                _clean_leftovers(root)
                if root.exists():
                    old = root.parent / f".{root.name}.old-{secrets.token_hex(6)}"
                    os.rename(root, old)
                    os.rename(self._tmp, root)
                    fsync_dir(root.parent)
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    os.rename(self._tmp, root)
                    fsync_dir(root.parent)
            self._tmp = None
            self._release()
        self.committed = True

    def _commit_remote(self) -> None:
        fs, base = _filesystem(self.location, self._storage_options)
        assert self._tables is not None
        written = _write_tables(self._tables, base, fs)
        keep = {fs._strip_protocol(p) for p in written}
        for name in TABLE_NAMES:
            root = f"{base}/{name}"
            if not fs.exists(root):
                continue
            for path in fs.find(root):
                if fs._strip_protocol(path) not in keep:
                    fs.rm(path)
        self.files = sorted(fs.unstrip_protocol(p) for p in written)
        self._tables = None

    def discard(self) -> None:
        """Drop the staged files (nothing happens to the dataset in place)."""
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        self._release()
        self._tables = None

    def _release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def stage_dataset(
    extractions: Sequence[Extraction],
    url_or_path: str | os.PathLike[str],
    *,
    storage_options: dict[str, Any] | None = None,
    check: bool = True,
) -> StagedDataset:
    """Render (and, locally, write into a temporary sibling folder) the dataset of
    ``extractions`` for ``url_or_path``, without touching what is there yet."""
    return StagedDataset(os.fspath(url_or_path), dataset_tables(extractions, check=check),
                         storage_options)


def write_dataset(
    extractions: Sequence[Extraction],
    url_or_path: str | os.PathLike[str],
    *,
    storage_options: dict[str, Any] | None = None,
    check: bool = True,
) -> list[str]:
    """Write the partitioned Parquet dataset of ``extractions`` to a local folder or an fsspec
    URL (``s3://bucket/unrecs/dataset``, ``memory://x``), replacing the dataset there; return
    the files written. ``storage_options`` go to fsspec (credentials, endpoint ...)."""
    staged = stage_dataset(extractions, url_or_path, storage_options=storage_options,
                           check=check)
    try:
        staged.commit()
    finally:
        staged.discard()
    return staged.files


def remove_dataset(path: str | os.PathLike[str]) -> bool:
    """Remove the local dataset folder at ``path`` if it holds nothing but unrecs tables."""
    root = Path(path)
    if not root.is_dir() or any(p.name not in TABLE_NAMES for p in root.iterdir()):
        return False
    with _locked(root.parent):
        old = root.parent / f".{root.name}.old-{secrets.token_hex(6)}"
        os.rename(root, old)
        shutil.rmtree(old, ignore_errors=True)
    return True


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def read_dataset(
    url_or_path: str | os.PathLike[str],
    table: str,
    *,
    storage_options: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """One table of a dataset as a DataFrame with the declared dtypes: the declared columns in
    declared order, then ``symbol_prefix``; rows partition by partition."""
    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLE_NAMES)}: {table!r}")
    local = _local(url_or_path)
    if local is not None:
        dset = ds.dataset(str(local / table), format="parquet", partitioning=partitioning())
    else:
        fs, base = _filesystem(os.fspath(url_or_path), storage_options)
        dset = ds.dataset(f"{base}/{table}", format="parquet", partitioning=partitioning(),
                          filesystem=fs)
    df = dset.to_table().to_pandas()
    return df[[*TABLES[table].field_names, "symbol_prefix"]]
