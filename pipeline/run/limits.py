"""Bounded work per document: time, pages, characters per page and inflated stream size.

:func:`limited` wraps the extraction of one document. Before any PDF library opens the file it
checks two things cheaply: every compressed stream is inflated into a counter (never into
memory) and one that grows past :data:`MAX_STREAM_BYTES` ends the document (a "Flate bomb"
would otherwise be inflated whole by pdfminer or PDFium); PDFium counts the pages (in C, with
its own guards against cyclic and over-deep page trees) and a document of more than
``max_pages`` ends there, before pdfplumber builds a page object for each. While the document is
read, every glyph pdfminer lays out is counted per page (a page of a million glyphs stops at
``max_chars_per_page``, before its layout objects fill the memory), each page read by either
backend is checked against both caps, and, in the main thread, ``SIGALRM`` interrupts the work
after ``timeout`` seconds. The alarm interrupts Python code only (every parsing stage and the
pdfplumber reader); a C call stuck inside PDFium is bounded by running the document in a worker
process that is killed at its deadline (:mod:`pipeline.run.workers`, ``--jobs 2`` or more).

A limit reached is a :class:`~pipeline.errors.LimitError` (exit code 10) for that document only.
"""

from __future__ import annotations

import contextlib
import mmap
import signal
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pipeline import recache
from pipeline.errors import LimitError
from pipeline.records import dataclass

#: defaults of the ``extract`` options (documented in the README)
DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_PAGES = 5000
DEFAULT_MAX_CHARS_PER_PAGE = 200_000
#: largest inflated size of one compressed stream (a 600 dpi colour A4 scan is about 100 MB)
MAX_STREAM_BYTES = 256 * 1024 * 1024

_STREAM = recache.compile(rb"stream\r?\n")
_IN_CHUNK = 1 << 16
_OUT_CHUNK = 1 << 22


@dataclass(frozen=True, slots=True)
class Limits:
    """The work one document may take; 0 disables a limit."""

    timeout: float = DEFAULT_TIMEOUT
    max_pages: int = DEFAULT_MAX_PAGES
    max_chars_per_page: int = DEFAULT_MAX_CHARS_PER_PAGE
    max_stream_bytes: int = MAX_STREAM_BYTES


class LimitReached(BaseException):  # noqa: N818 - not an error of the PDF libraries
    """Raised inside the readers when a limit is reached.

    A ``BaseException``, so that no ``except Exception`` of a PDF library or of the loader
    turns it into a "damaged PDF"; :func:`limited` turns it into a :class:`LimitError`.
    """

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _zlib_head(two: bytes) -> bool:
    """Whether ``two`` bytes open a zlib stream (deflate, any window size, no preset dictionary)."""
    if len(two) < 2:
        return False
    cmf, flg = two[0], two[1]
    return cmf & 0x0F == 8 and cmf >> 4 <= 7 and (cmf << 8 | flg) % 31 == 0 and not flg & 0x20


class _Over(Exception):
    pass


def inflated_size(data: Any, start: int, cap: int, depth: int = 3) -> int:
    """Bytes the zlib stream at ``data[start:]`` inflates to; counting stops past ``cap``.

    An inflated stream that is itself a zlib stream (``/Filter [/FlateDecode /FlateDecode]``)
    is followed ``depth`` layers deep, in chunks: the largest layer's size is returned.
    """
    stages = [zlib.decompressobj()]
    totals = [0]

    def feed(k: int, chunk: bytes) -> None:
        d = stages[k]
        pending = chunk
        while pending and not d.eof:
            try:
                out = d.decompress(pending, _OUT_CHUNK)
            except zlib.error:
                return
            pending = d.unconsumed_tail
            if not out:
                continue
            if totals[k] == 0 and len(stages) == k + 1 < depth and _zlib_head(out[:2]):
                stages.append(zlib.decompressobj())
                totals.append(0)
            totals[k] += len(out)
            if totals[k] > cap:
                raise _Over
            if k + 1 < len(stages):
                feed(k + 1, out)

    pos = start
    try:
        while pos < len(data) and not stages[0].eof:
            feed(0, bytes(data[pos : pos + _IN_CHUNK]))
            pos += _IN_CHUNK
    except _Over:
        return max(totals)
    return max(totals)


#: deflate's largest ratio of inflated to compressed bytes (zlib's manual: 1032:1)
DEFLATE_MAX_RATIO = 1032


def _within_bound(data: Any, start: int, cap: int) -> bool:
    """Whether the zlib stream at ``data[start:]`` cannot inflate past ``cap`` bytes, by the
    bytes left in the file alone: it inflates to at most :data:`DEFLATE_MAX_RATIO` times what
    it reads, and it is not a zlib stream compressed again (which :func:`inflated_size`
    follows, as it does, by the first two bytes it inflates to)."""
    if (len(data) - start) * DEFLATE_MAX_RATIO > cap:
        return False
    try:
        head = zlib.decompressobj().decompress(bytes(data[start : start + _IN_CHUNK]), 2)
    except zlib.error:
        return True  # inflated_size stops at the error too, having inflated nothing more
    return not _zlib_head(head)


def check_streams(path: Path, cap: int) -> None:
    """Raise :class:`LimitReached` when a zlib stream of the file inflates past ``cap`` bytes."""
    try:
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            for m in _STREAM.finditer(data):  # type: ignore[call-overload]
                start = m.end()
                if not _zlib_head(data[start : start + 2]):
                    continue
                if _within_bound(data, start, cap):
                    continue  # (a small file's stream: inflating it would only confirm it)
                if inflated_size(data, start, cap) > cap:
                    raise LimitReached(
                        f"a stream at byte {start} inflates to more than {cap >> 20} MB"
                    )
    except (OSError, ValueError):
        return  # unreadable or empty: the loader reports it


def page_count(path: Path, password: str | None = None) -> int | None:
    """The page count PDFium reads from the page tree, or None when it cannot open the file
    (a document that fails to load leaves no file open; one that loads is kept open for the
    scan pre-check and the PDFium reader, :mod:`pipeline.read.pdfium_early`)."""
    from pipeline.read import pdfium_early

    early = pdfium_early.keep(path, password)  # kept open for the checks and reader to come
    return None if early is None else len(early.doc)


def _too_many_pages(n: int, limit: int) -> LimitReached:
    return LimitReached(f"more than {limit} pages ({n}; raise --max-pages to read it)")


def _too_many_chars(page: int | str, n: int | str, limit: int) -> LimitReached:
    return LimitReached(
        f"page {page}: more than {limit} characters ({n}; raise --max-chars-per-page)"
    )


def precheck(path: Path, limits: Limits, password: str | None = None) -> None:
    """The checks made before a PDF library reads the file (see the module docstring)."""
    if limits.max_stream_bytes:
        check_streams(path, limits.max_stream_bytes)
    if limits.max_pages:
        n = page_count(path, password)
        if n is not None and n > limits.max_pages:
            raise _too_many_pages(n, limits.max_pages)


@contextlib.contextmanager
def _glyph_counter(limit: int) -> Iterator[None]:
    """Count the glyphs pdfminer lays out on each page; stop past ``limit`` (the default
    reader's device counts its own glyphs: :class:`pipeline.read.miner.GlyphDevice`)."""
    from pdfminer.converter import PDFLayoutAnalyzer

    from pipeline.read.miner import GlyphDevice

    begin, render = PDFLayoutAnalyzer.begin_page, PDFLayoutAnalyzer.render_char
    count = [0]

    def begin_page(self: Any, page: Any, ctm: Any) -> None:
        count[0] = 0
        begin(self, page, ctm)

    def render_char(self: Any, *args: Any, **kwargs: Any) -> float:
        count[0] += 1
        if count[0] > limit:
            raise _too_many_chars(getattr(self, "pageno", "?"), f"{limit}+", limit)
        return render(self, *args, **kwargs)

    def too_many(page: int) -> LimitReached:
        return _too_many_chars(page, f"{limit}+", limit)

    cap, error = GlyphDevice.glyph_limit, GlyphDevice.__dict__["limit_error"]
    PDFLayoutAnalyzer.begin_page = begin_page  # type: ignore[method-assign]
    PDFLayoutAnalyzer.render_char = render_char  # type: ignore[method-assign]
    GlyphDevice.glyph_limit, GlyphDevice.limit_error = limit, staticmethod(too_many)
    try:
        yield
    finally:
        PDFLayoutAnalyzer.begin_page = begin  # type: ignore[method-assign]
        PDFLayoutAnalyzer.render_char = render  # type: ignore[method-assign]
        GlyphDevice.glyph_limit, GlyphDevice.limit_error = cap, error


@contextlib.contextmanager
def _page_check(limits: Limits) -> Iterator[None]:
    """Check each page read (either backend) against the page and character caps, before its
    lines are built (:mod:`pipeline.read.page_limits`)."""
    from pipeline.read import page_limits

    def check(number: int, chars: int) -> None:
        if limits.max_pages and number > limits.max_pages:
            raise _too_many_pages(number, limits.max_pages)
        if limits.max_chars_per_page and chars > limits.max_chars_per_page:
            raise _too_many_chars(number, chars, limits.max_chars_per_page)

    previous, page_limits.check = page_limits.check, check
    try:
        yield
    finally:
        page_limits.check = previous


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise :class:`LimitReached` in the main thread after ``seconds`` (0: never)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise LimitReached(f"took longer than {seconds:g} s (raise --timeout)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def limited(
    path: Path, limits: Limits | None, password: str | None = None, backend: str = "pdfplumber",
    first: Callable[[], None] | None = None,
) -> Iterator[None]:
    """Extract one document within ``limits`` (None: no limits); a limit reached raises
    :class:`LimitError` naming ``path``. pdfminer's glyphs are counted only when ``backend``
    uses it (pdfium does not: each page it reads is checked whole, and pdfminer is not
    imported). ``first`` runs within the time limit, after the checks of the file's bytes and
    before the readers' own limits are set up (which import pdfminer for the default backend):
    what may refuse the file before any reader is loaded."""
    if limits is None:
        if first is not None:
            first()
        yield
        return
    try:
        with _alarm(limits.timeout):
            precheck(path, limits, password)
            if first is not None:
                first()
            with contextlib.ExitStack() as stack:
                if limits.max_chars_per_page and backend == "pdfplumber":
                    stack.enter_context(_glyph_counter(limits.max_chars_per_page))
                stack.enter_context(_page_check(limits))
                yield
    except LimitReached as exc:
        raise LimitError(str(path), exc.problem) from None
