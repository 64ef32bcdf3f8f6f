"""The package's dataclasses, whose generated methods are compiled once and kept with the bytecode.

:func:`dataclasses.dataclass` writes the source of each method it adds (``__init__``,
``__repr__``, ``__eq__``, ``__setattr__`` of a frozen class …) and compiles it with ``exec``,
one compilation per method: for the package's classes about 200 of them, some 18 ms of every
process on Python 3.11. :func:`dataclass` is :func:`dataclasses.dataclass` with that one step
changed: the source is looked up in a file of code objects compiled from it before, and only a
source the file lacks is compiled. The code object executed is the one ``exec`` would compile
from the same source (same text, same ``"<string>"`` file name), so the classes are the same.

The file is ``pipeline/__pycache__/dataclass-methods.<Python cache tag>.marshal``: beside the
package's own bytecode, trusted as it is, and written under the same rule (not when
:data:`sys.dont_write_bytecode` is set, that is ``PYTHONDONTWRITEBYTECODE`` or ``python -B``;
``python -m pipeline.records`` writes it regardless, as ``compileall`` writes ``.pyc`` files,
when it is older than a module of the package or with ``--force``).
It starts with the interpreter's bytecode magic number; a file of another Python, a damaged
one or one that cannot be read is ignored, and one that cannot be written is left alone. A
process that compiled something new writes the file at exit: the sources it used, and the
older ones while the file stays under :data:`MAX_ENTRIES` entries.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import marshal
import operator
import os
import sys
import threading
from collections.abc import Callable
from importlib.util import MAGIC_NUMBER
from types import CodeType
from typing import Any, TypeVar, dataclass_transform, overload

#: at most this many compiled sources are kept (the ones a process used come first)
MAX_ENTRIES = 2048
#: the file of compiled sources (a test may point it elsewhere before classes are made)
PATH = os.path.join(os.path.dirname(__file__), "__pycache__",
                    f"dataclass-methods.{sys.implementation.cache_tag}.marshal")

_T = TypeVar("_T")
_lock = threading.RLock()
#: the file's marshalled code objects by source, read on first use (None: not read yet)
_stored: dict[str, bytes] | None = None
#: the code objects this process used, by source
_used: dict[str, CodeType] = {}
#: how many sources this process took from the file and how many it compiled
counts = {"loaded": 0, "compiled": 0}


def _read(path: str) -> dict[str, bytes]:
    """The file's marshalled code objects by source (empty: no file, another Python's, or
    damaged)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return {}
    if not data.startswith(MAGIC_NUMBER):
        return {}
    try:
        value = marshal.loads(data[len(MAGIC_NUMBER):])
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, bytes)}


def _unmarshal(data: bytes | None) -> CodeType | None:
    """The code object marshalled in ``data`` (None: none, or damaged)."""
    if data is None:
        return None
    try:
        code = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


def _code(source: str) -> CodeType:
    """The code object ``exec`` would compile from ``source``: from the file, or compiled."""
    global _stored
    code = _used.get(source)
    if code is not None:
        return code
    if _stored is None:
        _stored = _read(PATH)
    code = _unmarshal(_stored.get(source))
    if code is None:
        # as exec compiles a string for dataclasses, with that module's future features
        # (none), not this one's (``annotations``)
        code = compile(source, "<string>", "exec", dont_inherit=True)
        counts["compiled"] += 1
    else:
        counts["loaded"] += 1
    _used[source] = code
    return code


def _exec(source: Any, globs: dict[str, Any] | None = None,
          locs: dict[str, Any] | None = None) -> None:
    """``exec`` for :mod:`dataclasses`: the source of a method of one of the package's classes
    runs as its kept code object (any other runs as given)."""
    if globs is None:  # exec would use its caller's globals: the dataclasses module's
        globs = vars(dataclasses)
    if isinstance(source, str) and str(globs.get("__name__", "")).startswith("pipeline."):
        source = _code(source)
    exec(source, globs, locs)


@overload
def dataclass(cls: type[_T], /, **options: Any) -> type[_T]: ...
@overload
def dataclass(cls: None = None, /, **options: Any) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(cls: type[_T] | None = None, /, **options: Any) -> Any:
    """:func:`dataclasses.dataclass` (same options), its methods' code kept between runs."""

    def wrap(klass: type[_T]) -> type[_T]:
        with _lock:
            own = "exec" not in vars(dataclasses)
            if own:  # dataclasses calls the built-in exec; ours stands in while it works
                dataclasses.exec = _exec  # type: ignore[attr-defined]
            try:
                made = dataclasses.dataclass(**options)(klass)
            finally:
                if own:
                    del dataclasses.exec  # type: ignore[attr-defined]
        _pickled_by_init(made)
        return made

    return wrap if cls is None else wrap(cls)


def _pickled_by_init(klass: type) -> None:
    """A frozen class with slots pickled as its fields' values, given back to its
    ``__init__``, where that makes the same object.

    :mod:`dataclasses` pickles such a class with a state of its own making: a list of the
    fields' values, taken and set one by one in Python (``fields()`` asked each time, each
    value set with ``object.__setattr__``), a third of the time of a long document's pickle (the
    extraction cache, the pool's workers). Here one C getter takes the values
    (:func:`operator.attrgetter`) and the class is called with them, as its ``__init__`` sets
    them. Only where every field is an ``__init__`` argument, by position, and nothing runs
    after it (no ``__post_init__``); an object of a subclass is pickled the dataclasses way."""
    if getattr(klass, "__getstate__", None) is not getattr(dataclasses, "_dataclass_getstate",
                                                            None):
        return  # not a frozen class with slots (or a Python whose dataclasses does otherwise)
    fields = dataclasses.fields(klass)
    if not fields or hasattr(klass, "__post_init__") or any(
            not f.init or f.kw_only is True for f in fields):
        return
    take = operator.attrgetter(*(f.name for f in fields))
    one = len(fields) == 1

    def __reduce__(self: Any) -> tuple[Any, ...]:
        if type(self) is not klass:  # a subclass's fields may differ: dataclasses' own state
            state = dataclasses._dataclass_getstate(self)  # type: ignore[attr-defined]
            return (_rebuilt, (type(self), state))
        return (klass, (take(self),) if one else take(self))

    __reduce__.__qualname__ = f"{klass.__qualname__}.__reduce__"
    klass.__reduce__ = __reduce__  # type: ignore[method-assign]


def _rebuilt(klass: type, state: list[Any]) -> Any:
    """An object of ``klass`` (a subclass of a class :func:`_pickled_by_init` changed) from
    dataclasses' pickled state."""
    obj = object.__new__(klass)
    dataclasses._dataclass_setstate(obj, state)  # type: ignore[attr-defined]
    return obj


def save(force: bool = False) -> bool:
    """Write the file when this process compiled a source it lacked (always with ``force``),
    unless bytecode is not to be written; True when it was written."""
    with _lock:
        if not force and (not counts["compiled"] or sys.dont_write_bytecode):
            return False
        merged = {source: marshal.dumps(code) for source, code in _used.items()}
        for source, data in _read(PATH).items():
            if len(merged) >= MAX_ENTRIES:
                break
            merged.setdefault(source, data)
        tmp = f"{PATH}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(PATH), exist_ok=True)
            with open(tmp, "wb") as f:
                f.write(MAGIC_NUMBER + marshal.dumps(merged))
            os.replace(tmp, PATH)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            return False
        return True


atexit.register(save)


def import_all() -> int:
    """Import every module of the package, so that each of its classes is made; returns how
    many modules could not be imported (an optional dependency missing)."""
    import importlib
    import pkgutil

    failed = 0
    for info in pkgutil.walk_packages([os.path.dirname(__file__)], "pipeline."):
        if info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 - an optional dependency missing: that module only
            failed += 1
    return failed


def current() -> bool:
    """True when the file is newer than every module of the package."""
    try:
        made = os.stat(PATH).st_mtime
    except OSError:
        return False
    for folder, _, names in os.walk(os.path.dirname(__file__)):
        for name in names:
            if name.endswith(".py") and os.stat(os.path.join(folder, name)).st_mtime > made:
                return False
    return True


if __name__ == "__main__":
    # ``python -m pipeline.records [--force]``: make every class of the package and write the
    # file, unless it is newer than every module, as ``python -m compileall`` writes bytecode
    # (this module runs as __main__; the classes are made through the package's own copy); a
    # file that cannot be written is noted, never a failure
    import importlib

    own = importlib.import_module("pipeline.records")
    if "--force" not in sys.argv[1:] and own.current():
        sys.exit(0)
    own.import_all()
    if not own.save(force=True):  # only time is lost: the runs compile them as they go
        print(f"note: {own.PATH} could not be written", file=sys.stderr)
