"""Write extractions to an output folder atomically: CSV, Parquet, per-document JSON, schemas.

One call of :func:`write_outputs` produces one consistent export in ``out_dir``:

* ``documents``, ``meetings``, ``recommendations``, ``paragraphs``, ``footnotes``, ``tables`` as
  ``.csv`` (UTF-8, header, ``\\n`` line ends, empty cell = null, dates ``YYYY-MM-DD``) and
  ``.parquet`` (explicit pyarrow schema, field descriptions in the Parquet field metadata).
  **All the tables are always written**, even when empty (header only): consumers can rely on
  the files existing and the data package always describes the same six resources;
* ``datapackage.json`` (with the CSVs) — Frictionless Data Package with each CSV's SHA-256;
* ``<stem>.json`` per document (stem of the source file) and ``schema/document.schema.json``
  (with the JSON).

Output is deterministic: the same extractions give byte-identical files (no timestamps; JSON
keys in a fixed order). Files of formats not requested, and ``<stem>.json`` files of documents
no longer exported (recognised by their unrecs format marker), are removed, so the folder never
mixes two exports.

The write is all-or-nothing: every file is first rendered in memory and checked against the
schema, then written and fsynced into a temporary folder ``out_dir/.tmp-*`` (same filesystem),
then moved into place with ``os.replace``. An exception at any point leaves earlier output
untouched (files already replaced are rolled back from hard-link backups). A process killed
mid-way never leaves a truncated file in place of an earlier one: each file is either the old
or the new version, and the leftover ``.tmp-*`` folder is removed by the next run. Concurrent
runs on the same folder are serialised with an exclusive ``flock`` on the folder.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import recache
from pipeline.fsutil import fsync_dir, fsync_path, sha256
from pipeline.model import Extraction
from pipeline.out.collector import paused
from pipeline.out.nested import with_problems
from pipeline.out.problems import ExportError as ExportError
from pipeline.out.schema import (
    JSON_FORMAT,
    TABLE_NAMES,
    TABLES,
    datapackage,
    document_json_schema,
)
from pipeline.out.tables import (
    Columns,
    Prepared,
    document_json,
    dumps_json,
    output_stem,
    table_columns,
    take_prepared,
)

if TYPE_CHECKING:
    import pandas as pd

FORMATS: frozenset[str] = frozenset({"csv", "parquet", "json"})
SCHEMA_FILE = "schema/document.schema.json"
TMP_PREFIX = ".tmp-"
_CHUNK = 1 << 16

#: test hook, called as ``hook(event, path)``: ``"chunk"`` after each chunk written into the
#: temporary folder, ``"replace"`` before each file is moved into place
_hook: Callable[[str, Path], None] | None = None


# --------------------------------------------------------------------------------------------
# Rendering (in memory)
# --------------------------------------------------------------------------------------------


_NEEDS_QUOTES = recache.compile(r'[,"\r\n]')


def _csv_cell(value: str) -> str:
    """RFC 4180 quoting; unlike ``csv.writer`` with ``\\n`` line ends, a lone ``\\r`` is quoted."""
    if _NEEDS_QUOTES.search(value):
        return '"' + value.replace('"', '""') + '"'
    return value


def _columns(table: str, data: pd.DataFrame | Columns) -> Columns:
    """A table's columns (values of the declared types, None for null), from its columns or
    from a DataFrame."""
    if isinstance(data, Mapping):
        return data  # type: ignore[return-value]
    from pipeline.out.table_checks import rows_as_tuples

    names = TABLES[table].field_names
    rows = rows_as_tuples(data, names)
    if not rows:
        return {n: [] for n in names}
    return {n: list(vs) for n, vs in zip(names, zip(*rows, strict=True), strict=True)}


def _cells(logical: str, values: list[Any]) -> list[str]:
    """One column's CSV cells."""
    if logical == "string":
        texts = ["" if v is None else v if type(v) is str else str(v) for v in values]
        if _NEEDS_QUOTES.search("".join(texts)) is None:  # no cell needs quoting: one look
            return texts
        return list(map(_csv_cell, texts))
    if logical == "integer":
        return ["" if v is None else str(int(v)) for v in values]
    if logical == "number":
        return ["" if v is None else repr(float(v)) for v in values]
    return ["" if v is None else v.isoformat() for v in values]


def csv_bytes(data: pd.DataFrame | Columns, table: str) -> bytes:
    """A table (a DataFrame or its columns) as UTF-8 CSV: header, ``\\n`` line ends, minimal
    quoting, empty cell = null."""
    fields = TABLES[table].fields
    columns = _columns(table, data)
    lines = [",".join(_csv_cell(f.name) for f in fields)]
    cells = [_cells(f.type, columns[f.name]) for f in fields]
    lines += [",".join(row) for row in zip(*cells, strict=True)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def parquet_bytes(data: pd.DataFrame | Columns, table: str) -> bytes:
    """A table (a DataFrame or its columns) as Parquet with the declared arrow schema (no
    varying metadata)."""
    from pipeline.out.dtypes import parquet_from_columns

    return parquet_from_columns(table, _columns(table, data))


# a real line break never occurs inside a JSON string literal, so this only sees arrays
_NUMBER_LIST = recache.compile(r"\[\n\s+(-?[0-9.eE+-]+(?:,\n\s+-?[0-9.eE+-]+)*)\n\s*\]")


def json_text_reference(obj: object) -> str:
    """:func:`json_text` the slow, obvious way (the standard encoder, then a pass joining
    lists of numbers); tests prove the two equal."""
    return _NUMBER_LIST.sub(
        lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",")) + "]", dumps_json(obj)
    )


def _number(value: object) -> str | None:
    """A JSON number as the standard encoder writes it; None when ``value`` is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int):
        return int.__repr__(value)
    if value != value or value in (_INF, -_INF):
        raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
    return float.__repr__(value)


_INF = float("inf")


def json_text(obj: object) -> str:
    """Deterministic JSON: UTF-8 characters kept, 2-space indent, lists of numbers (bounding
    boxes) on one line, newline at the end — :func:`json_text_reference`'s text, written in
    one pass (the standard encoder runs in pure Python when it indents). A dict's string,
    integer and null values are written in its own loop, and each key's text is made once."""
    parts: list[str] = []
    add = parts.append
    string = encode_basestring
    float_repr = float.__repr__
    int_repr = int.__repr__
    keys: dict[object, str] = {}  # a dict key → its JSON string and ": "

    def numbers(o: list[object] | tuple[object, ...]) -> str | None:
        """A list of numbers on one line; None when it holds anything else."""
        kinds = set(map(type, o))
        if kinds == {float}:  # bounding boxes: the common case, one join
            text = ", ".join(map(float_repr, o))  # type: ignore[arg-type]
            if "n" not in text:  # no inf / nan (refused below, as the encoder does)
                return "[" + text + "]"
        elif kinds <= {float, int}:
            text = ", ".join(int_repr(v) if type(v) is int else float_repr(v)  # type: ignore
                             for v in o)
            if "n" not in text:
                return "[" + text + "]"
        elif not all(issubclass(k, int | float) and k is not bool for k in kinds):
            return None  # a string, a dict … (no number of them needs looking at)
        items = [_number(v) for v in o]
        if None in items:
            return None
        return "[" + ", ".join(items) + "]"  # type: ignore[arg-type]

    def encode(o: object, indent: str) -> None:
        t = type(o)
        if t is dict:
            if not o:
                add("{}")
                return
            inner = indent + "  "
            sep, after = "{\n" + inner, ",\n" + inner
            for k, v in o.items():  # type: ignore[attr-defined]
                key = keys.get(k)
                if key is None:
                    if type(k) is not str and not isinstance(k, str):
                        raise _Fallback
                    key = keys[k] = string(k) + ": "
                add(sep)
                sep = after
                add(key)
                tv = type(v)
                if tv is str:
                    add(string(v))
                elif v is None:
                    add("null")
                elif tv is int:
                    add(int_repr(v))
                else:
                    encode(v, inner)
            add("\n" + indent + "}")
        elif t is list or t is tuple:
            if not o:
                add("[]")
                return
            line = numbers(o)  # type: ignore[arg-type]
            if line is not None:
                add(line)
                return
            inner = indent + "  "
            sep, after = "[\n" + inner, ",\n" + inner
            for v in o:  # type: ignore[attr-defined]
                add(sep)
                sep = after
                if type(v) is str:
                    add(string(v))
                else:
                    encode(v, inner)
            add("\n" + indent + "]")
        elif t is str:
            add(string(o))
        elif o is None:
            add("null")
        elif o is True:
            add("true")
        elif o is False:
            add("false")
        elif t is int or t is float:
            add(_number(o))  # type: ignore[arg-type]
        else:
            slow(o, indent)

    def slow(o: object, indent: str) -> None:
        """Subclasses of the plain types, as the standard encoder sees them."""
        if isinstance(o, str):
            add(string(o))
        elif isinstance(o, int | float):
            add(_number(o))  # type: ignore[arg-type]
        elif isinstance(o, dict):
            encode(dict(o), indent)
        elif isinstance(o, list | tuple):
            encode(list(o), indent)
        else:
            raise _Fallback

    try:
        encode(obj, "")
    except _Fallback:  # keys or values the standard encoder converts (or refuses) its way
        return json_text_reference(obj)
    add("\n")
    return "".join(parts)


class _Fallback(Exception):
    """A value :func:`json_text` leaves to the standard encoder."""


#: a top-level key's line in :func:`json_text`'s text (a string literal holds no line break,
#: and a nested key is indented more)
_PROBLEMS_LINE = '\n  "problems": '


def rendered(prepared: Prepared) -> Prepared:
    """``prepared`` with its JSON object rendered to the final text around its problems
    (:attr:`Prepared.text`) and let go: what validation built, made into bytes where it was
    built (a pool's worker), so that the write only adds each document's problems."""
    obj = prepared.json
    if obj is None or prepared.text is not None or "problems" not in obj:
        return prepared
    text = json_text({**obj, "problems": []})  # the key keeps its place
    head, found, tail = text.partition(_PROBLEMS_LINE + "[]")
    if not found or _PROBLEMS_LINE in tail:
        return prepared
    return Prepared(prepared.columns, None, (head.encode("utf-8"), tail.encode("utf-8")))


def _with_problems_text(text: tuple[bytes, bytes], ex: Extraction) -> bytes:
    """A document's JSON bytes from :func:`rendered`'s text and its problems now."""
    part = json_text(with_problems({"problems": None}, ex))  # '{' line '\n}\n'
    return text[0] + part[1:-3].encode("utf-8") + text[1]


def _schema_check(
    frames: dict[str, Columns], extractions: Sequence[Extraction], validated: bool
) -> None:
    from pipeline.out.table_checks import check_keys, schema_problems  # no pandas

    if validated:  # each document's rows were checked by its validation; not its problems
        problems = schema_problems(frames, tables=("problems",))
    else:
        problems = schema_problems(frames) + check_keys(frames)
    stems: dict[str, int] = {}
    for ex in extractions:
        stems[output_stem(ex)] = stems.get(output_stem(ex), 0) + 1
    clashes = [s for s, n in stems.items() if n > 1]
    if problems or clashes:
        lines = [str(p) for p in problems[:20]]
        lines += [f"error: {n} documents would be written to {s}.json" for s in clashes
                  for n in [stems[s]]]
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise ExportError("output would not match the schema:\n" + "\n".join(lines) + more,
                          problems)


def render(
    extractions: Sequence[Extraction],
    formats: Iterable[str] = FORMATS,
    *,
    check: bool = True,
    validated: bool = False,
) -> dict[str, bytes]:
    """Every output file's relative path → bytes, in write order (nothing touches the disk).

    ``check``: the tables are checked first (:func:`write_outputs`); ``validated``: the
    extractions passed :func:`pipeline.out.rules.validate_extraction` (schema and keys of each
    document's rows), so only what it did not see is checked: the problems table and
    documents written to the same name; and the tables and JSON that validation built of
    each document (:func:`pipeline.out.tables.take_prepared`) are written with its problems
    now, not built again."""
    files, parquet = _render_parts(extractions, formats, check=check, validated=validated)
    return _with_parquet(files, parquet.get())


def _with_parquet(files: dict[str, bytes | None], parquet: dict[str, bytes]) -> dict[str, bytes]:
    """:func:`_render_parts`' files with the Parquet files' bytes in their places."""
    return {rel: parquet[rel] if data is None else data for rel, data in files.items()}


class _Parquet:
    """The Parquet files of :func:`_render_parts`: :meth:`get` waits for the helper process's
    answer (:mod:`.parquet_process`), or renders them here when no helper runs or it failed;
    :meth:`discard` ends a helper whose answer will not be asked for."""

    def __init__(self, tables: list[tuple[str, Any]], submitted: bool) -> None:
        self.tables, self.submitted = tables, submitted

    def get(self) -> dict[str, bytes]:
        from pipeline.out import parquet_process

        if not self.tables:
            return {}
        rendered = parquet_process.collect() if self.submitted else None
        self.submitted = False
        if rendered is None:  # no helper process, or it failed: the same bytes made here
            rendered = [parquet_bytes(columns, name) for name, columns in self.tables]
        return {f"{name}.parquet": data
                for (name, _), data in zip(self.tables, rendered, strict=True)}

    def discard(self) -> None:
        if self.submitted:  # its answer would be read as the next request's
            from pipeline.out import parquet_process

            parquet_process.stop()
            self.submitted = False


def _render_parts(
    extractions: Sequence[Extraction],
    formats: Iterable[str],
    *,
    check: bool,
    validated: bool,
) -> tuple[dict[str, bytes | None], _Parquet]:
    """:func:`render`'s files in write order, the Parquet ones as None, and the Parquet files
    to come (:class:`_Parquet`), which the caller may do something else before waiting for."""
    formats = set(formats)
    prepared = [take_prepared(ex) if validated else None for ex in extractions]
    try:
        frames = table_columns(extractions, prepared)
    except ValueError as exc:
        raise ExportError(str(exc)) from exc
    if check:
        _schema_check(frames, extractions, validated)
    files: dict[str, bytes | None] = {}
    submitted = False
    tables: list[tuple[str, Any]] = []
    if "parquet" in formats:  # asked first: a helper process may render them meanwhile
        from pipeline.out import parquet_process

        tables = [(name, _columns(name, frames[name])) for name in TABLE_NAMES]
        submitted = parquet_process.submit(tables)
    try:
        if "csv" in formats:
            hashes = {}
            for name in TABLE_NAMES:
                data = csv_bytes(frames[name], name)
                files[f"{name}.csv"] = data
                hashes[name] = sha256(data).hexdigest()
        for name, _ in tables:
            files[f"{name}.parquet"] = None  # its place in the write order
        if "json" in formats:
            for i, ex in enumerate(extractions):
                # each document's JSON object is let go once written: the objects of every
                # document and their text are never all held at once
                prep, prepared[i] = prepared[i], None
                if prep is not None and prep.text is not None:
                    files[f"{output_stem(ex)}.json"] = _with_problems_text(prep.text, ex)
                    continue
                if prep is not None and prep.json is not None:
                    obj = with_problems(prep.json, ex)
                    del prep
                    files[f"{output_stem(ex)}.json"] = json_text(obj).encode("utf-8")
                    continue
                try:
                    obj = document_json(ex)
                except ValueError as exc:
                    raise ExportError(str(exc)) from exc
                files[f"{output_stem(ex)}.json"] = json_text(obj).encode("utf-8")
            files[SCHEMA_FILE] = json_text(document_json_schema()).encode("utf-8")
        if "csv" in formats:
            files["datapackage.json"] = json_text(datapackage(hashes)).encode("utf-8")
    except BaseException:
        if submitted:  # its answer is no longer wanted: the helper ends
            parquet_process.stop()
        raise
    return files, _Parquet(tables, submitted)


# --------------------------------------------------------------------------------------------
# Disk
# --------------------------------------------------------------------------------------------


def _write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (flushed to the OS; :func:`fsync_files` makes it durable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        for start in range(0, max(len(data), 1), _CHUNK):
            fh.write(data[start : start + _CHUNK])
            if _hook is not None:
                fh.flush()
                _hook("chunk", path)
        fh.flush()


def fsync_files(paths: Sequence[Path], threads: int = 8) -> None:
    """Flush every file of ``paths`` to disk, several at once: each fsync waits for the disk
    without holding the interpreter, and the file system commits concurrent ones together
    (ext4's journal), so a dozen files cost about what one does. Raises the first error."""
    _fsync_started(paths, threads)()


def _fsync_started(paths: Sequence[Path], threads: int = 8) -> Callable[[], None]:
    """:func:`fsync_files` of ``paths`` started, in up to ``threads`` threads; the call
    returned waits for them and raises the first error.

    The threads are the interpreter's plain ones (:mod:`_thread`): ``threading.Thread.start``
    waits until its thread runs, a switch between threads per file (a few ms for a run's
    dozen files, as long as their flushing), while these are let go at once."""
    import _thread

    paths = list(paths)
    shares = [paths[i::threads] for i in range(min(threads, len(paths)))]
    errors: list[BaseException] = []
    if not shares:
        return lambda: None
    count = _thread.allocate_lock()
    done = _thread.allocate_lock()
    done.acquire()
    left = [len(shares)]

    def run(share: list[Path]) -> None:
        try:
            for path in share:
                fsync_path(path)
        except BaseException as exc:  # noqa: BLE001 - raised again in the waiting thread
            errors.append(exc)
        finally:
            with count:
                left[0] -= 1
                if not left[0]:
                    done.release()

    started = 0
    try:
        for share in shares:
            _thread.start_new_thread(run, (share,))
            started += 1
    except RuntimeError:  # no more threads to be had: the rest flushed in this one
        for share in shares[started:]:
            run(share)

    def wait() -> None:
        done.acquire()
        done.release()  # (a second wait returns at once)
        if errors:
            raise errors[0]

    return wait


def _all_waited(waits: list[Callable[[], None]]) -> None:
    """Wait for every flushing of :func:`_fsync_started`; then raise the first error."""
    first: BaseException | None = None
    for wait in waits:
        try:
            wait()
        except BaseException as exc:  # noqa: BLE001 - the others are waited for first
            first = first or exc
    if first is not None:
        raise first


def _new_tmp(out_dir: Path) -> Path:
    """A new private folder ``out_dir/.tmp-<pid>-<n>`` (what :func:`tempfile.mkdtemp` makes,
    without importing tempfile and its random-name machinery: the name need only be new, the
    folder is made under the output folder's lock)."""
    for n in itertools.count():
        path = out_dir / f"{TMP_PREFIX}{os.getpid()}-{n}"
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return path
    raise AssertionError("unreachable")  # pragma: no cover


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Exclusive advisory lock on the output folder for the duration of an export."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no locking
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def clean_stale_tmp(out_dir: Path) -> list[Path]:
    """Remove ``.tmp-*`` folders left by interrupted exports (call with the lock held)."""
    removed = []
    for p in sorted(out_dir.glob(f"{TMP_PREFIX}*")):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


def _stale_files(out_dir: Path, keep: set[str]) -> list[str]:
    """Earlier unrecs outputs that the new export does not contain (relative paths)."""
    candidates = [f"{n}.{ext}" for n in TABLE_NAMES for ext in ("csv", "parquet")]
    candidates += ["datapackage.json", SCHEMA_FILE]
    stale = [c for c in candidates if c not in keep and (out_dir / c).is_file()]
    for p in sorted(out_dir.glob("*.json")):
        if p.name in keep or p.name == "datapackage.json" or not p.is_file():
            continue
        try:
            with open(p, encoding="utf-8") as fh:
                head = fh.read(200)
        except (OSError, UnicodeDecodeError):
            continue
        if f'"format": "{JSON_FORMAT}"' in head:
            stale.append(p.name)
    return stale


def _commit(tmp: Path, out_dir: Path, rels: list[str], stale: list[str]) -> None:
    """Move every new file into place; on any exception restore the earlier files."""
    backup = tmp / ".backup"
    done: list[tuple[Path, Path | None]] = []
    try:
        for rel in rels:
            target = out_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            saved = None
            if target.exists():
                saved = backup / rel
                saved.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(target, saved)
                except OSError:
                    shutil.copy2(target, saved)
            if _hook is not None:
                _hook("replace", target)
            os.replace(tmp / rel, target)
            done.append((target, saved))
        for rel in stale:
            target = out_dir / rel
            saved = backup / rel
            saved.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, saved)
            done.append((target, saved))
        for d in sorted({(out_dir / rel).parent for rel in rels + stale}):
            fsync_dir(d)
    except BaseException:
        for target, saved in reversed(done):
            with contextlib.suppress(OSError):
                if saved is None:
                    target.unlink(missing_ok=True)
                else:
                    os.replace(saved, target)
        raise


def write_outputs(
    extractions: list[Extraction],
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    *,
    check: bool = True,
    validated: bool = False,
) -> list[Path]:
    """Write the export of ``extractions`` into ``out_dir``; return the files written.

    ``formats`` is any subset of ``{"csv", "parquet", "json"}``. With ``check`` (default), the
    tables are validated against the declared schema (columns, primary and foreign keys) first
    and :class:`ExportError` is raised, writing nothing, when they do not conform; with
    ``validated`` (each extraction kept by :func:`pipeline.out.rules.validate_extraction`, as
    :func:`pipeline.api.extract` does) only the problems table and the output names are
    checked, the rest was (and what it built is used, see :func:`render`). Structural rules
    (numbering, furniture …) are :func:`pipeline.out.validate.validate_extractions`' job.
    """
    formats = set(formats)
    unknown = formats - FORMATS
    if unknown or not formats:
        raise ValueError(f"formats must be a non-empty subset of {sorted(FORMATS)}: {formats}")
    with paused():
        parts, parquet = _render_parts(extractions, formats, check=check, validated=validated)
    try:
        return _write_parts(parts, parquet, Path(out_dir))
    finally:
        parquet.discard()  # (not asked for: the write failed before)


def _write_parts(parts: dict[str, bytes | None], parquet: _Parquet, out_dir: Path) -> list[Path]:
    """:func:`write_outputs`' files into ``out_dir``, the Parquet ones once they come."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with _locked(out_dir):
        clean_stale_tmp(out_dir)
        tmp = _new_tmp(out_dir)
        try:
            # the CSV and JSON files are written and flushed to disk while the Parquet files
            # are rendered (by the helper process, which the disk's wait leaves the core to)
            ready = [rel for rel, data in parts.items() if data is not None]
            for rel in ready:
                _write_file(tmp / rel, parts[rel])  # type: ignore[arg-type]
            flushing = [_fsync_started([tmp / rel for rel in ready])]
            try:
                with paused():
                    late = parquet.get()
                for rel, data in late.items():
                    _write_file(tmp / rel, data)
                # (flushed while the first files' flushing may still go on)
                flushing.append(_fsync_started([tmp / rel for rel in late]))
            except BaseException:
                with contextlib.suppress(Exception):
                    _all_waited(flushing)  # (the threads are done with the folder before
                raise                      # it is removed)
            _all_waited(flushing)
            files = _with_parquet(parts, late)
            # (the private folder's entries need not be flushed: each file, its data on disk,
            # is moved into the output folder, whose entries _commit flushes)
            stale = _stale_files(out_dir, set(files))
            _commit(tmp, out_dir, list(files), stale)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return [out_dir / rel for rel in files]
