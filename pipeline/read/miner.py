"""pdfminer.six driven directly: a quick content-stream tokenizer, a device that keeps glyphs.

pdfplumber reads a page by running pdfminer's :class:`PDFPageInterpreter` with a device that
builds an ``LTChar`` object per glyph; most of that time goes into pdfminer's tokenizer (a
state machine called once per byte run, with a logging call per token) and into the
``LTChar`` objects. :class:`QuickInterpreter` is pdfminer's interpreter with one method
replaced: a content stream is split into tokens by one regular expression that gives exactly
the objects pdfminer's ``PDFContentParser`` gives (its quirks included: a lone sign is
dropped, ``\\q`` in a string drops both bytes, a stream ends a token); a stream holding
anything rarer (an inline image, an unterminated string, an octal escape above 255, an odd
dictionary) is handed to pdfminer's own parser whole. The operators are pdfminer's own
``do_*`` methods, so fonts, text state and graphics state are pdfminer's.

:class:`GlyphDevice` is pdfminer's ``PDFPageAggregator`` for paths and form XObjects, but
records each glyph as a tuple ``(text, x0, x1, y0, y1, size, font name)`` with the arithmetic
of ``LTChar`` (same operations in the same order, so the same floats) instead of building the
object; glyph texts and widths are cached per font and character code.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from pdfminer import settings
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import (
    KWD,
    LIT,
    PSKeyword,
    PSKeywordTable,
    choplist,
    keyword_name,
    literal_name,
)

from pipeline import recache

Glyph = tuple[str, float, float, float, float, float, Any]

_TOKEN = recache.compile(
    rb"[\s\x00]*"  # white space before the token (pdfminer skips NUL between tokens)
    rb"(?:%[^\r\n]*"  # a comment
    rb"|([-+]?[0-9]*\.[0-9]*)"  # 1 real (or a lone '.' / sign and '.', dropped)
    rb"|([-+]?[0-9]+|[-+])"  # 2 integer (or a lone sign, dropped)
    rb"|([A-Za-z][^#/%\[\]()<>{}\s]*)"  # 3 keyword
    rb"|(/(?:[^#/%\[\]()<>{}\s]|#[0-9A-Fa-f]{0,2})*)"  # 4 name
    rb"|\(([^()\\]*)\)"  # 5 string without parentheses or escapes
    rb"|(<<|>>?|[\[\]{}])"  # 6 delimiter ('>' alone is dropped)
    rb"|<([\s0-9A-Fa-f]*)(?=[^\s0-9A-Fa-f])"  # 7 hex string, terminated
    rb"|(\()"  # 8 any other string
    rb"|([^\s\x00]))",  # 9 any other byte: a one-byte keyword
)
_NAME_HEX = recache.compile(rb"#([0-9A-Fa-f]{0,2})")
_PLAIN_STRING = recache.compile(rb"\(([^()\\]*)\)")
_STRING_STOP = recache.compile(rb"[()\\]")
_ESCAPES = {98: 8, 116: 9, 110: 10, 102: 12, 114: 13, 40: 40, 41: 41, 92: 92}
_OCTAL = b"01234567"

_ARRAY_BEGIN, _ARRAY_END = KWD(b"["), KWD(b"]")
_DICT_BEGIN, _DICT_END = KWD(b"<<"), KWD(b">>")
_PROC_BEGIN, _PROC_END = KWD(b"{"), KWD(b"}")
_INLINE = (KWD(b"BI"), KWD(b"ID"))
_BEGINS = {_ARRAY_BEGIN: "a", _DICT_BEGIN: "d", _PROC_BEGIN: "p"}
_ENDS = {_ARRAY_END: "a", _DICT_END: "d", _PROC_END: "p"}
_TRUE, _FALSE = b"true", b"false"
_KEYWORDS = PSKeywordTable.dict  # pdfminer's interned keywords, looked up without a call


class _Unsupported(Exception):
    """A stream the quick tokenizer leaves to pdfminer's parser."""


def _string(data: bytes, i: int) -> tuple[bytes, int]:
    """The literal string opening at ``data[i - 1]`` (pdfminer's rules) and the offset after it."""
    m = _PLAIN_STRING.match(data, i - 1)
    if m:
        return m.group(1), m.end()
    out = bytearray()
    depth = 1
    n = len(data)
    while True:
        m = _STRING_STOP.search(data, i)
        if m is None:
            raise _Unsupported("unterminated string")
        j = m.start()
        out += data[i:j]
        c = data[j]
        if c == 92:  # backslash
            i = j + 1
            if i >= n:
                raise _Unsupported("string ends in a backslash")
            c = data[i]
            if c in _OCTAL:
                k = i
                while k < n and k - i < 3 and data[k] in _OCTAL:
                    k += 1
                if k >= n:
                    raise _Unsupported("string ends in an octal escape")
                code = int(data[i:k], 8)
                if code > 255:
                    raise _Unsupported("octal escape above 255")
                out.append(code)
                i = k
            elif c in _ESCAPES:
                out.append(_ESCAPES[c])
                i += 1
            elif c == 13 and data[i + 1:i + 2] == b"\n":
                i += 2
            else:  # pdfminer drops the byte after an unknown escape
                i += 1
        elif c == 40:
            depth += 1
            out.append(c)
            i = j + 1
        else:
            depth -= 1
            if depth == 0:
                return bytes(out), j + 1
            out.append(c)
            i = j + 1


def _name(raw: bytes) -> Any:
    """pdfminer's literal for a name token (``/`` included): ``#xx`` decoded, UTF-8 if it is."""
    if b"#" in raw:
        raw = _NAME_HEX.sub(lambda m: bytes((int(m.group(1), 16),)) if m.group(1) else b"",
                            raw[1:])
    else:
        raw = raw[1:]
    try:
        return LIT(str(raw, "utf-8"))
    except UnicodeDecodeError:
        return LIT(raw)


def content_objects(datas: Sequence[bytes]) -> list[Any]:
    """The objects pdfminer's ``PDFContentParser`` reads from a page's content streams, in
    order (operands, operators as ``PSKeyword``, arrays as lists, dictionaries as dicts).

    A token ends with its stream (as pdfminer ends it); an array or dictionary may go on into
    the next stream. Raises :class:`_Unsupported` for what is left to pdfminer's parser.
    """
    out: list[Any] = []
    context: list[tuple[str | None, list[Any]]] = []
    kind: str | None = None
    stack = out  # where the next object goes: the output, or the open array's list
    match = _TOKEN.match
    last = len(datas) - 1
    for number, data in enumerate(datas):
        kind, stack = _read_stream(data, number == last, out, context, kind, stack, match)
    return out


def _hex_string(digits: bytes) -> bytes:
    """The bytes of a hex string's contents (hex digits and white space only, as the token
    pattern admits): white space dropped, each pair of digits a byte and a last lone digit a
    byte of its own value (``<41A>`` is ``b"A\\n"``), as pdfminer's parser reads it, with
    :meth:`bytes.fromhex` instead of a substitution called per pair."""
    try:  # the common case: pairs, white space between pairs only (which fromhex skips)
        return bytes.fromhex(digits.decode("ascii"))
    except ValueError:
        pass
    digits = b"".join(digits.split())  # bytes.split() drops the white space of rb"\s"
    if len(digits) % 2:
        return bytes.fromhex(digits[:-1].decode("ascii")) + bytes((int(digits[-1:], 16),))
    return bytes.fromhex(digits.decode("ascii"))


def _read_stream(data: bytes, final: bool, out: list[Any],
                 context: list[tuple[str | None, list[Any]]], kind: str | None,
                 stack: list[Any], match: Any) -> tuple[str | None, list[Any]]:
    """Read one stream's tokens into ``stack`` (see :func:`content_objects`)."""
    i = 0
    n = len(data)
    while i < n:
        m = match(data, i)
        if m is None:  # white space to the end
            break
        i = m.end()
        g = m.lastindex
        if g is None:  # a comment
            continue
        if g == 2:
            tok = m.group(2)
            if tok == b"-" or tok == b"+":
                continue
            stack.append(int(tok))
        elif g == 3:
            tok = m.group(3)
            if tok == _TRUE:
                stack.append(True)
            elif tok == _FALSE:
                stack.append(False)
            else:
                kwd = _KEYWORDS.get(tok) or KWD(tok)
                if kwd in _INLINE:
                    raise _Unsupported("inline image")
                stack.append(kwd)
        elif g == 1:
            try:
                stack.append(float(m.group(1)))
            except ValueError:
                continue
        elif g == 5:
            stack.append(m.group(5))
        elif g == 4:
            raw = m.group(4)
            if i == n and (not final or b"#" in raw):
                # pdfminer would go on reading the name in the next stream, or drop it
                raise _Unsupported("a stream ends in a name")
            stack.append(_name(raw))
        elif g == 6:
            kwd = KWD(m.group(6))
            if kwd in _BEGINS:
                context.append((kind, stack))
                kind, stack = _BEGINS[kwd], []
                continue
            if kwd in _ENDS:
                if kind != _ENDS[kwd]:  # pdfminer ignores an end without its beginning
                    continue
                objs = stack
                kind, stack = context.pop()
                if kwd is _DICT_END:
                    if len(objs) % 2:
                        raise _Unsupported("odd dictionary")  # pdfminer raises
                    stack.append({literal_name(k): v for k, v in choplist(2, objs)
                                  if v is not None})
                else:
                    stack.append(objs)
            elif i == n:  # a lone ">": pdfminer would pair it with a ">" opening the next stream
                raise _Unsupported("a stream ends in '>'")
        elif g == 7:
            stack.append(_hex_string(m.group(7)))
        elif g == 8:
            s, i = _string(data, i)
            stack.append(s)
        else:
            tok = m.group(9)
            if tok == b"<":
                raise _Unsupported("unterminated hex string")
            stack.append(KWD(tok))
    return kind, stack  # an array still open at the end is dropped, as pdfminer drops it


class QuickInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter reading content streams with :func:`content_objects`."""

    #: each keyword's ``do_*`` method and operand count, per class (a subclass may override)
    _ops: dict[PSKeyword, tuple[Callable[..., None], int] | None] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._ops = {}

    def execute(self, streams: Sequence[object]) -> None:
        """pdfminer's ``execute`` (circular-reference guard, operator dispatch) over the quick
        tokenizer's objects; a stream it cannot read goes to pdfminer's parser."""
        datas: list[bytes] = []
        try:
            for obj in streams:
                stream = stream_value(obj)
                if not isinstance(stream, PDFStream) or stream.objid is None \
                        or stream.objid in self.parent_stream_ids:
                    raise _Unsupported("not a plain indirect stream")
                datas.append(stream.get_data())
            objects = content_objects(datas)
        except _Unsupported:
            return super().execute(streams)
        self.stream_ids.clear()
        for obj in streams:
            self.stream_ids.add(stream_value(obj).objid)  # type: ignore[arg-type]
        ops = self._ops
        for obj in objects:
            if obj.__class__ is not PSKeyword:
                self.argstack.append(obj)
                continue
            op = ops.get(obj, False)
            if op is False:
                op = ops[obj] = self._operator(obj)
            if op is None:
                if settings.STRICT:
                    from pdfminer.pdfinterp import PDFInterpreterError

                    raise PDFInterpreterError(f"Unknown operator: {keyword_name(obj)!r}")
                continue
            func, nargs = op
            if nargs:
                args = self.pop(nargs)
                if len(args) == nargs:
                    func(self, *args)
            else:
                func(self)

    @classmethod
    def _operator(cls, kwd: PSKeyword) -> tuple[Callable[..., None], int] | None:
        """The ``do_*`` method pdfminer calls for ``kwd`` and its operand count."""
        name = keyword_name(kwd)
        method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
        func = getattr(cls, method, None)
        if func is None:
            return None
        return func, func.__code__.co_argcount - 1


class GlyphDevice(PDFPageAggregator):
    """pdfminer's page aggregator that records glyphs as tuples (see the module docstring):
    ``glyphs`` holds the current page's upright glyphs, in drawing order."""

    #: a page past this many glyphs raises ``limit_error(page number)`` (0: no limit)
    glyph_limit: int = 0
    limit_error: Callable[[int], BaseException] = staticmethod(  # type: ignore[assignment]
        lambda page: RuntimeError(f"page {page}: too many glyphs"))

    def __init__(self, rsrcmgr: Any, pageno: int = 1) -> None:
        super().__init__(rsrcmgr, pageno=pageno, laparams=None)
        self.glyphs: list[Glyph] = []
        self.count = 0
        self._fonts: dict[Any, tuple[dict[int, tuple[str, float]], float, Any]] = {}

    def begin_page(self, page: Any, ctm: Any) -> None:
        super().begin_page(page, ctm)
        self.glyphs = []
        self.count = 0

    def _font(self, font: Any) -> tuple[dict[int, tuple[str, float]], float, Any]:
        entry = self._fonts.get(font)
        if entry is None:
            entry = self._fonts[font] = ({}, font.get_descent(), font.fontname)
        return entry

    def _counted(self, n: int) -> None:
        self.count += n
        if self.glyph_limit and self.count > self.glyph_limit:
            raise self.limit_error(self.pageno)

    def render_string_horizontal(
        self, seq: Any, matrix: Any, pos: Any, font: Any, fontsize: float, scaling: float,
        charspace: float, wordspace: float, rise: float, dxscale: float, ncs: Any,
        graphicstate: Any,
    ) -> tuple[float, float]:
        """pipeline.read.plumber's placement (``Tc`` after every glyph) with ``LTChar``'s
        box arithmetic inlined."""
        x, y = pos
        a, b, c, d, e, f = matrix
        upright = a * d * scaling > 0 and b * c <= 0
        known, descent, fontname = self._font(font)
        descent = descent * fontsize
        lo = descent + rise
        hi = descent + rise + fontsize
        out = self.glyphs
        count = 0
        plain = b == 0 and c == 0 and all(map(math.isfinite, (a, d, e, f, lo, hi, x, y)))
        dlo, dhi = d * lo, d * hi
        for obj in seq:
            if isinstance(obj, int | float):
                x -= obj * dxscale
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    g = known.get(cid)
                    if g is None:
                        g = known[cid] = (self._text(font, cid), font.char_width(cid))
                    adv = g[1] * fontsize * scaling
                    if upright:
                        e1 = x * a + y * c + e
                        f1 = x * b + y * d + f
                        if plain:
                            # b and c are zero: LTChar's corners are (e1, e1 + a·adv) across
                            # and (f1 + d·lo, f1 + d·hi) up, the same floats whenever the box
                            # is away from zero (zeros may differ in sign: the full formula)
                            x0, x1 = e1, a * adv + e1
                            y0, y1 = dlo + f1, dhi + f1
                            if x1 < x0:
                                x0, x1 = x1, x0
                            if y1 < y0:
                                y0, y1 = y1, y0
                            t = x0 * x1 * y0 * y1
                            if t != 0 and t - t == 0:
                                out.append((g[0], x0, x1, y0, y1, y1 - y0, fontname))
                                count += 1
                                x += adv
                                x += charspace
                                if cid == 32 and wordspace:
                                    x += wordspace
                                continue
                        left1, bottom1 = a * 0 + c * lo + e1, b * 0 + d * lo + f1
                        right1, bottom2 = a * adv + c * lo + e1, b * adv + d * lo + f1
                        right2, top1 = a * adv + c * hi + e1, b * adv + d * hi + f1
                        left2, top2 = a * 0 + c * hi + e1, b * 0 + d * hi + f1
                        x0 = min(left1, left2, right1, right2)
                        y0 = min(bottom1, bottom2, top1, top2)
                        x1 = max(left1, left2, right1, right2)
                        y1 = max(bottom1, bottom2, top1, top2)
                        out.append((g[0], x0, x1, y0, y1, y1 - y0, fontname))
                    count += 1
                    x += adv
                    x += charspace
                    if cid == 32 and wordspace:
                        x += wordspace
        self._counted(count)
        return (x, y)

    def render_char(
        self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float, cid: int,
        ncs: Any, graphicstate: Any,
    ) -> float:
        """A glyph of a vertical font: pdfminer's ``LTChar``, recorded as a tuple."""
        self._counted(1)
        item = LTChar(matrix, font, fontsize, scaling, rise, self._text(font, cid),
                      font.char_width(cid), font.char_disp(cid), ncs, graphicstate)
        if item.upright:
            self.glyphs.append((item._text, item.x0, item.x1, item.y0, item.y1, item.size,
                                item.fontname))
        return item.adv

    def _text(self, font: Any, cid: int) -> str:
        """pdfminer's text of a character code (``(cid:N)`` when the font maps none)."""
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        return text
