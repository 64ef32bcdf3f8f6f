"""The one lock around PDFium calls, in a module of its own: the checks made before the reader
is loaded (page count, scan pre-check) take it without importing the reader (nor numpy)."""

from __future__ import annotations

import threading

#: PDFium is not thread-safe, and the loader's C arrays are shared: one thread at a time calls
#: it (words and lines are built by the caller, outside the lock)
PDFIUM_LOCK = threading.RLock()
