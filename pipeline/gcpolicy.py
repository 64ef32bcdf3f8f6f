"""When a command's cyclic garbage collector runs: not while the command loads its modules.

Loading modules makes hundreds of thousands of objects that live as long as the process
(functions, classes, their dictionaries). The collector counts them as new allocations:
while a command's modules load, it runs again and again and walks them each time, only to
move them to an older generation; on a short document that is several per cent of the run.

The ``unrecs`` command (and only it: a program that imports the package keeps its own
collector settings) calls :func:`pause` first. :func:`settle` ends the pause once the
reading stages are loaded (the first document's, or before a pool's workers are forked):
the objects made so far are moved out of the collector's generations (:func:`gc.freeze`),
where it never walks them again (they are still freed by their reference counts), and the
collector runs as before. A pool's workers are forked after that and start settled; the
read and the parse pause the collector on their own
(:func:`pipeline.parse.document.extract_document`), and what they made joins the frozen
modules while they are frozen still; validation and the write freeze the document for their
own work (:func:`pipeline.out.collector.paused`), which puts the modules back with it when
it ends.
"""

from __future__ import annotations

import gc

#: the collector was paused by :func:`pause` and not yet settled
_paused = False
#: what :func:`settle` froze is frozen still
_frozen = False


def pause() -> None:
    """Stop the collector while the command loads its modules (a no-op when it is off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def settle() -> None:
    """The modules are loaded: what exists now leaves the collector's generations and the
    collector runs again. Only after :func:`pause`, and once (later calls do nothing)."""
    global _paused, _frozen
    if not _paused:
        return
    _paused = False
    gc.freeze()
    _frozen = True
    gc.enable()


def frozen() -> bool:
    """Whether the objects :func:`settle` froze are frozen still (nothing else in the command
    freezes objects)."""
    return _frozen


def thawed() -> None:
    """Every frozen object was put back (:func:`gc.unfreeze`), :func:`settle`'s with them."""
    global _frozen
    _frozen = False
