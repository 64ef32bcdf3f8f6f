"""The cycle collector kept off the document while validation and the write build its rows."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """For the body, the collector looks only at the objects made in it: everything alive
    before (the document read, its records) is set aside (:func:`gc.freeze`) and put back
    after. Validation and the write build many rows, cells and nodes, and each collection
    they start would otherwise walk every object of the process again (a third of the
    validation of a long document). When objects are frozen already (a caller's own freeze,
    say before forking workers), nothing is changed."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
