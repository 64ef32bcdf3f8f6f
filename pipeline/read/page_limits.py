"""The per-page check a run sets while it reads a document under limits (none by default).

:func:`pipeline.read.load.iter_pages` calls :data:`check` with each page's number and glyph count
before it builds the page's lines; :func:`pipeline.run.limits.limited` sets it (and restores it)
around one document. Kept apart from the loader so that setting it imports nothing heavy: a
scan refused before any page is read never loads the reader's numpy.
"""

from __future__ import annotations

from collections.abc import Callable

#: called with (page number, glyphs on the page); raises to stop the read. None: no check.
check: Callable[[int, int], None] | None = None
