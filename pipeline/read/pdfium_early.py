"""A PDF opened by PDFium once, before the reader is loaded, its first pages loaded meanwhile.

A run's first document is looked at before the reader and the parser are imported (some 50 ms
of a process's start, numpy's import most of it): the page-count limit and the scan pre-check
open the file with PDFium (:mod:`.pdfium_doc`). The document they open is kept here instead of
being closed (:func:`keep`), and a thread loads its first pages and their text pages while the
main thread imports the reader (:meth:`Early.load_ahead`): PDFium's page loads are native
calls, made without the interpreter's lock, so the two run at once on two cores. The PDFium
reader then takes the open document and the pages loaded so far (:func:`take`), which stops
the thread; it loads the rest itself. The pages are the ones the reader would load: a page and
its text page, nothing read from them yet.

The compiled C helper (:mod:`.pdfium.build_loops`, ``loops_load_pages``) loads them all in
one call, which holds the interpreter's lock only to start and to end. Without it the thread
calls PDFium page by page, and needs the lock for a few bytecodes between two calls: while it
runs, the interpreter then hands its lock over every :data:`SWITCH` seconds instead of every
5 ms, or the thread would wait for the importing main thread most of the time.

One document at a time is kept by each thread (threads extracting side by side keep their own),
for the file it was opened from (its resolved path, password, size, modification time and
inode: a file replaced in between is opened anew). Whatever is not
taken is closed by :func:`discard`, which the run calls once the document is done (read or
refused). Callbacks in :data:`WHEN_OVER` run once the head start is over (the thread is done,
or the document was taken or discarded): the command lets its Parquet helper import pyarrow
then, rather than compete with the thread for the second core.

No numpy and no reader module is imported here (a test holds it to that).
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from pipeline.read.lock import PDFIUM_LOCK
from pipeline.read.pdfium.compiled import helper, wanted
from pipeline.read.pdfium_doc import Document, Page, TextPage

#: most pages loaded ahead (each text page holds its characters' data until it is read)
AHEAD = 32
#: the interpreter's switch interval while the thread loads pages, in seconds
SWITCH = 0.0005
#: called once (and dropped) when the head start is over; from any thread
WHEN_OVER: list[Callable[[], None]] = []


def _identity(path: str | Path, password: str | None) -> tuple[object, ...] | None:
    """What identifies the file's bytes as opened: None when it cannot be looked at."""
    try:
        file = Path(path).expanduser().resolve()
        st = file.stat()
    except (OSError, RuntimeError):
        return None
    return (str(file), password or None, st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)


def _over() -> None:
    """Run the :data:`WHEN_OVER` callbacks."""
    while WHEN_OVER:
        try:
            callback = WHEN_OVER.pop()
        except IndexError:  # another thread took the last one
            return
        callback()


class Early:
    """An open document, the file it was opened from and the pages a thread loaded ahead
    (page ``i`` and its text page at ``pages[i]``)."""

    def __init__(self, doc: Document, identity: tuple[object, ...]) -> None:
        self.doc = doc
        self.identity = identity
        self.pages: list[tuple[Page, TextPage]] = []
        self._stop = False
        self._thread: threading.Thread | None = None
        self._switch = 0.0
        self._flag: Any = None  # the compiled loop's stop flag

    def load_ahead(self) -> None:
        """Start loading the first pages in a thread (once)."""
        if self._thread is not None or len(self.doc) == 0 or self.doc.raw is None:
            return
        c = helper() if wanted() else None  # imported here, not by the thread
        if c is not None:
            self._flag = c[0].new("int32_t[1]")
        else:  # the thread's Python needs the lock between two of PDFium's calls
            self._switch = sys.getswitchinterval()
            sys.setswitchinterval(SWITCH)
        thread = threading.Thread(target=self._load, args=(c,), name="unrecs-pdfium-ahead",
                                  daemon=True)
        try:
            thread.start()
        except RuntimeError:  # no thread to be had: the reader loads every page
            if self._switch:
                sys.setswitchinterval(self._switch)
            return
        self._thread = thread

    def _load(self, c: tuple[Any, Any] | None) -> None:
        try:
            with PDFIUM_LOCK:
                if c is not None:
                    self._load_in_c(*c)
                else:
                    self._load_each()
        except Exception:  # noqa: BLE001 - the reader loads the page again and reports it
            pass
        finally:
            if self._switch:
                sys.setswitchinterval(self._switch)
            _over()

    def _load_in_c(self, ffi: Any, clib: Any) -> None:
        """Every page in one call of the compiled helper, which stops when :attr:`_flag` is
        set."""
        lib = self.doc.lib
        n = min(len(self.doc), AHEAD)
        pages, texts = ffi.new("uint64_t[]", n), ffi.new("uint64_t[]", n)
        address = partial(ctypes.cast, typ=ctypes.c_void_p)
        got = clib.loops_load_pages(
            address(lib.FPDF_LoadPage).value, address(lib.FPDFText_LoadPage).value,
            address(lib.FPDF_ClosePage).value, self.doc.raw.value, n, self._flag, pages, texts)
        self.pages = [(Page(lib, ctypes.c_void_p(pages[k])),
                       TextPage(lib, ctypes.c_void_p(texts[k]))) for k in range(got)]

    def _load_each(self) -> None:
        for index in range(min(len(self.doc), AHEAD)):
            if self._stop:
                break
            page = self.doc[index]
            try:
                text = page.get_textpage()
            except BaseException:
                page.close()
                raise
            self.pages.append((page, text))

    def stop(self) -> None:
        """Stop the thread and wait for it: :attr:`pages` no longer grows."""
        self._stop = True
        if self._flag is not None:
            self._flag[0] = 1
        if self._thread is not None:
            self._thread.join()

    def close(self) -> None:
        """Close the pages loaded and the document."""
        self.stop()
        with PDFIUM_LOCK:
            for page, text in self.pages:
                text.close()
                page.close()
            self.pages = []
            self.doc.close()


_local = threading.local()


def _kept() -> list[Early]:
    """This thread's kept document (at most one): threads that extract documents side by side
    each keep their own."""
    kept = getattr(_local, "kept", None)
    if kept is None:
        kept = _local.kept = []
    return kept


def keep(path: str | Path, password: str | None = None) -> Early | None:
    """The kept document of ``path``, opened now when none is kept for it (another one kept is
    closed); None when the file cannot be opened (the reader reports why)."""
    identity = _identity(path, password)
    if identity is None:
        return None
    kept = _kept()
    if kept and kept[0].identity == identity:
        return kept[0]
    _close_kept()
    try:
        with PDFIUM_LOCK:
            doc = Document(path, password or None)
    except Exception:  # noqa: BLE001 - the reader opens it again and reports it in its words
        return None
    kept.append(Early(doc, identity))
    return kept[0]


def take(path: str | Path, password: str | None = None) -> Early | None:
    """The kept document of ``path`` with the pages loaded so far, handed over (the caller
    closes it); None when none is kept for it (one kept for another file is closed)."""
    kept = _kept()
    if not kept:
        return None
    early = kept[0]
    if _identity(path, password) != early.identity:
        discard()
        return None
    early.stop()  # still kept meanwhile: if this is interrupted, discard() closes it
    kept.clear()
    _over()
    return early


def discard() -> None:
    """Close the kept document, if any (the head start is over)."""
    _close_kept()
    _over()


def _close_kept() -> None:
    kept = _kept()
    while kept:
        kept.pop().close()
