"""A document's pages read by two processes at once, one from each end (a one-document run).

A run with one document to read leaves the machine's second core mostly idle: the pages are
read one after another, in Python for the most part. :func:`pipeline.read.load.load_pdf` then
shares a long read with a copy of the process (``os.fork``: nothing to import or set up again,
the reader is the same code). This process reads pages from the first one on, the copy from the
last one back, each claiming a page in a shared byte map before it reads it, until they meet.
The copy writes each page it reads to a file in memory (:func:`dump_page`: its fields, with
:mod:`marshal`) and exits; this process then loads them and puts the pages in order.

The pages are the ones a read alone gives: each page is read by the same code from the same
file (the copy opens the document for itself), and nothing read from one page changes another
(the readers' caches — font widths, glyph outlines — only save time). Should the copy fail in
any way (an error, a limit reached, killed, bytes that do not load), the pages it did not hand
over are read here as they would have been, errors included: sharing the read can change how
long it takes, never what it gives. An error here stops the copy (killed, and waited for).

The read is shared only where that is safe and worth it:

* the command allows it, for the only document of a run that is read in-process
  (:func:`allowed`); a library caller's process, which may run threads of its own, is never
  forked;
* the process may run on two CPUs or more, and no other thread of this interpreter runs (one
  could hold a lock the copy needs; the command draws its progress bar without one);
* the document has at least :data:`MIN_PAGES` pages, and the pages read so far (the first left
  out, which pays for first uses) tell that at least :data:`WORTH` seconds of reading are
  left: a shorter read is over before the copy would help, while the second core is busy with
  the Parquet helper's start (:mod:`pipeline.out.parquet_process`).
"""

from __future__ import annotations

import contextlib
import itertools
import marshal
import mmap
import operator
import os
import pickle
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from typing import Any

from pipeline.model import Line, Page, Rule, make_word

#: fewest pages of a document whose read is shared
MIN_PAGES = 8
#: the copy is forked once the pages read so far (the first left out) tell that this much
#: reading time is left (seconds): less is not worth the copy's start, the pickles, and the
#: competition with the Parquet helper's start on the second core
WORTH = 0.15
#: pages timed before that is asked
_MEASURED = 2
#: a page claimed by this process, by the copy
_FRONT, _BACK = 1, 2

#: which pages a reader reads, from the document's page count: their indexes (0-based), in
#: order (the readers take one: :func:`pipeline.read.load.iter_pages`)
Order = Callable[[int], Iterable[int]]

_allowed = False
#: called (and dropped) when a copy is forked: the command lowers its Parquet helper's
#: priority then (:func:`pipeline.out.parquet_process.yield_cores`)
WHEN_SHARED: list[Callable[[], None]] = []


@contextlib.contextmanager
def allowed(on: bool = True) -> Iterator[None]:
    """Within the block, a document's read may be shared (``on``)."""
    global _allowed
    previous, _allowed = _allowed, on
    try:
        yield
    finally:
        _allowed = previous


def is_allowed() -> bool:
    """Whether a document's read may be shared here (:func:`allowed`)."""
    return _allowed


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def _alone() -> bool:
    """No other thread of this interpreter runs (one could hold a lock the copy would need)."""
    return threading.active_count() == 1


def shared_read(count: int) -> bool:
    """Whether the read of a document of ``count`` pages may be shared here (Linux only:
    macOS's system libraries are not safe in a forked child, Windows has no fork)."""
    return (_allowed and count >= MIN_PAGES and sys.platform.startswith("linux") and _alone()
            and _cpus() >= 2)


class TwoEnds:
    """The read of one document shared with a forked copy of this process.

    ``read(order)`` reads pages: ``order`` gives, from the page count, the indexes (0-based)
    to read, in order; it yields :class:`~pipeline.model.Page` objects. :meth:`front` is this
    process's order (the copy is forked on the way, when the pages read tell that it is worth
    it); :meth:`rest` then gives the other pages; :meth:`close` ends it all."""

    def __init__(self, read: Callable[[Order], Iterator[Page]]) -> None:
        self._read = read
        self._claims: mmap.mmap | None = None
        self._pid = 0
        self._fd = -1
        self._count = 0

    def front(self, count: int) -> Iterable[int]:
        """This process's pages: from the first, each claimed before it is read once the
        copy is forked, up to the first the copy has claimed (every page when the read is
        not shared)."""
        self._count = count
        if not shared_read(count):
            return range(count)
        return self._front(count)

    def _front(self, count: int) -> Iterator[int]:
        started = 0.0
        tried = False  # (a copy that could not be forked is not asked for again)
        for i in range(count):
            claims = self._claims
            if claims is None and not tried:
                if i == 1:
                    started = time.perf_counter()  # (the first page pays for first uses)
                elif i >= _MEASURED + 1 and count - i >= MIN_PAGES // 2:
                    left = (time.perf_counter() - started) / (i - 1) * (count - i)
                    if left >= WORTH and _alone():
                        tried = True
                        claims = self._fork(count, i)
            if claims is not None:
                if claims[i]:
                    return  # the copy's: the two have met
                claims[i] = _FRONT  # (both may claim the page they meet at: each reads it)
            yield i

    def _back(self, count: int) -> Iterator[int]:
        claims = self._claims
        assert claims is not None
        for i in range(count - 1, -1, -1):
            if claims[i]:
                return  # this process's: the two have met
            claims[i] = _BACK
            yield i

    def _fork(self, count: int, first: int) -> mmap.mmap | None:
        """Fork the copy, pages before ``first`` read here already; the claims (None when
        the copy could not be started)."""
        try:
            claims = mmap.mmap(-1, count)  # anonymous and shared with the copy
            fd = _scratch()
        except OSError:
            return None
        claims[:first] = bytes([_FRONT]) * first
        self._claims = claims
        try:
            pid = os.fork()
        except OSError:
            os.close(fd)
            self._claims = None
            claims.close()
            return None
        if pid == 0:  # the copy: never returns
            self._serve(fd)
        self._pid, self._fd = pid, fd
        while WHEN_SHARED:
            WHEN_SHARED.pop()()
        return claims

    def _serve(self, fd: int) -> None:
        """The copy's work: read pages from the last one back, each written to the shared
        file as soon as it is read, and exit (without the exit handlers and buffers this
        process shares with its parent)."""
        code = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            for page in self._read(self._back):
                data = dump_page(page)
                view = memoryview(len(data).to_bytes(8, "little") + data)
                while view:
                    view = view[os.write(fd, view):]
            code = 0
        except BaseException:  # noqa: BLE001 - the parent reads the pages itself
            pass
        finally:
            os._exit(code)

    def _collect(self) -> list[Page]:
        """The copy's pages, once it is done (none when it failed)."""
        if not self._pid:
            return []
        if self._reap(wait=True) != 0:
            return []
        try:
            size = os.fstat(self._fd).st_size
            data = bytearray()
            while len(data) < size:
                chunk = os.pread(self._fd, size - len(data), len(data))
                if not chunk:
                    break
                data += chunk
            pages, at = [], 0
            while at < len(data):
                end = at + 8 + int.from_bytes(data[at:at + 8], "little")
                pages.append(load_page(bytes(data[at + 8:end])))
                at = end
            return pages
        except Exception:  # noqa: BLE001 - read here instead
            return []

    def _reap(self, wait: bool = False) -> int:
        """Wait for the copy (``wait``) or kill it; its exit code (-1: none). Interrupted
        (the run's time limit), the copy is still known, to be killed by :meth:`close`."""
        pid = self._pid
        if not pid:
            return -1
        try:
            if not wait:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    self._pid = 0
                    return os.waitstatus_to_exitcode(status)
                os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            self._pid = 0
            return -1
        self._pid = 0
        return os.waitstatus_to_exitcode(status)

    def rest(self, have: list[Page]) -> Iterator[Page]:
        """The pages after ``have`` (this process's, in order): the copy's, and any it did not
        hand over read here, in order (none when no copy was forked: ``have`` is all)."""
        if self._claims is None:
            return
        numbers = {p.number for p in have}
        theirs = {p.number: p for p in self._collect() if p.number not in numbers}
        missing = [i for i in range(self._count) if i + 1 not in numbers and i + 1 not in theirs]
        mine = iter(self._read(lambda _count: missing)) if missing else iter(())
        for i in range(self._count):
            if i + 1 in numbers:
                continue
            page = theirs.get(i + 1)
            yield page if page is not None else next(mine)

    def close(self) -> None:
        """Stop the copy if it still runs (the read ended early: an error); let go of what
        the two shared."""
        if self._pid:
            self._reap()
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if self._claims is not None:
            self._claims.close()
            self._claims = None


def _made_with(cls: type) -> list[str]:
    """The fields a record class is made with, in order."""
    return [f.name for f in fields(cls) if f.init]


#: the fields of a page, a line and a rule, as a tuple each, in the order they are made with
_PAGE, _LINE, _RULE = (operator.attrgetter(*_made_with(c)) for c in (Page, Line, Rule))
#: where those tuples hold the nested values: a page's lines and rules, a line's words
_LINES, _RULES = (_made_with(Page).index(name) for name in ("lines", "rules"))
_WORDS = _made_with(Line).index("words")


def _scratch() -> int:
    """A file in memory (or an unlinked temporary file) that the copy writes its pages to."""
    try:
        return os.memfd_create("unrecs-pages", os.MFD_CLOEXEC)
    except (AttributeError, OSError):
        fd, name = tempfile.mkstemp(prefix="unrecs-pages-")
        os.unlink(name)
        return fd


def dump_page(page: Page) -> bytes:
    """A page as bytes: :mod:`marshal`'s, of its fields as plain tuples (about half the time
    pickling it takes, both ways), when every value is of a type marshal gives back as it was
    (strings, numbers, None); else a pickle."""
    values = _page_fields(page)
    if _PLAIN.issuperset(map(type, _leaves(values))):
        return b"M" + marshal.dumps(values)
    return b"P" + pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)


#: the types of value :func:`dump_page` marshals (a subclass of one, such as numpy's float64,
#: would come back as another type)
_PLAIN = frozenset({str, float, int, bool, type(None)})


def _leaves(values: tuple[Any, ...]) -> Iterator[Any]:
    """The values of a page's fields (:func:`_page_fields`), its lines', rules' and words'."""
    chain = itertools.chain.from_iterable
    lines = values[_LINES]
    page = [v for k, v in enumerate(values) if k not in (_LINES, _RULES)]
    line = [v for ln in lines for v in (*ln[:_WORDS], *ln[_WORDS + 1:])]
    words = chain(chain([ln[_WORDS] for ln in lines]))
    return chain((page, chain(values[_RULES]), line, words))


def _page_fields(page: Page) -> tuple[Any, ...]:
    values = list(_PAGE(page))
    values[_LINES] = [_line_fields(ln) for ln in page.lines]
    values[_RULES] = list(map(_RULE, page.rules))
    return tuple(values)


def _line_fields(line: Line) -> tuple[Any, ...]:
    values = list(_LINE(line))
    values[_WORDS] = list(map(tuple, line.words))
    return tuple(values)


def load_page(data: bytes) -> Page:
    """The page :func:`dump_page` gave as bytes."""
    if data[:1] == b"P":
        page = pickle.loads(data[1:])
        if not isinstance(page, Page):
            raise TypeError("not a page")
        return page
    if data[:1] != b"M":
        raise ValueError("not a page")
    values = list(marshal.loads(data[1:]))
    lines = []
    for line in values[_LINES]:
        line = list(line)
        line[_WORDS] = tuple(map(make_word, line[_WORDS]))
        lines.append(Line(*line))
    values[_LINES] = lines
    values[_RULES] = [Rule(*r) for r in values[_RULES]]
    return Page(*values)
