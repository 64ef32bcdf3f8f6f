"""The cycle collector kept off the document while validation and the write build its rows."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from pipeline import gcpolicy


@contextmanager
def paused() -> Iterator[None]:
    """For the body, the collector looks only at the objects made in it: everything alive
    before (the document read, its records) is set aside (:func:`gc.freeze`) and put back
    after. Validation and the write build many rows, cells and nodes, and each collection
    they start would otherwise walk every object of the process again (a third of the
    validation of a long document). When objects are frozen already by a caller (its own
    freeze, say before forking workers), nothing is changed; the command's freeze of its
    modules (:func:`pipeline.gcpolicy.settle`) is put back with the rest. (The command's
    freeze is asked about first: :func:`gc.get_freeze_count` walks every frozen object, some
    2 ms after the command's.)"""
    if not gcpolicy.frozen() and gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        gcpolicy.thawed()
