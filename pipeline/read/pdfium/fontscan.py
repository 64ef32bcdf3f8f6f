"""Font dictionaries found in a PDF's bytes, to settle without pdfminer whether a font is a
TrueType font without /Encoding or /ToUnicode.

pdfminer's reading (:class:`.encoding.FontDictionaries`) walks the page tree and imports a PDF
parser (pdfminer's import alone looks up its version in the installed packages' metadata);
most symbolic fonts that ask it need far less. Every dictionary with a ``/BaseFont`` key is
looked at where it stands in the file:

* when each one of a name has a /ToUnicode or an /Encoding, so does each such font of the
  pages, and pdfminer's answer cannot be "TrueType without either" (:data:`ENCODED`);
* when each one of a name is ``/Subtype /TrueType`` with neither, so is each such font of the
  pages, and pdfminer's answer is "TrueType without either" for a font the pages use
  (:data:`PLAIN`). A font that only a form XObject uses is not among pdfminer's page fonts,
  but it is drawn with the same dictionary, which the bytes describe as it is.

Whatever the bytes do not show plainly (object streams, escaped names, a ``/BaseFont`` that is
not a key of a well-formed dictionary of an object, a name or a subtype given by reference)
leaves the question to pdfminer.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from pipeline import recache
from pipeline.read.glyphs import clean_font_name

#: what ends a name or a keyword, as pdfminer's lexer reads them
_END = rb"#/%\[\]()<>{}\s"
_BASEFONT = recache.compile(rb"/BaseFont(?=[" + _END + rb"])")
#: a name with an escape (``#xx``): the decoded name is compared
_ESCAPED = recache.compile(rb"/[^/%\[\]()<>{}\s]*#[^/%\[\]()<>{}\s]*")
_OBJ = recache.compile(rb"\d+\s+\d+\s+obj(?=[" + _END + rb"])")
_TOKEN = recache.compile(
    rb"\s+|%[^\r\n]*|<<|>>|\[|\]|\{|\}|\(|<[0-9A-Fa-f\s]*>|/[^#/%\[\]()<>{}\s]*|"
    rb"[^#/%\[\]()<>{}\s]+"
)
_NUMBER = recache.compile(rb"[+-]?\d+")


#: every dictionary of the name has a /ToUnicode or an /Encoding (not null)
ENCODED = "encoded"
#: every dictionary of the name is ``/Subtype /TrueType`` with neither
PLAIN = "plain"
#: anything else (mixed, another subtype, a subtype given by reference)
OTHER = "other"


class Unsettled(Exception):
    """The bytes do not show plainly enough: pdfminer is asked."""


def font_kinds(data: bytes) -> dict[str, str] | None:
    """Per base font name (subset prefix dropped): :data:`ENCODED`, :data:`PLAIN` or
    :data:`OTHER`, as every dictionary of that name in the file shows; None when the bytes
    cannot tell."""
    if b"/ObjStm" in data:  # objects compressed into streams: not all dictionaries show
        return None
    for m in _ESCAPED.finditer(data):
        name = _unescape(m.group()[1:])
        if name in (b"BaseFont", b"ObjStm"):
            return None
    out: dict[str, str] = {}
    heads = [m.end() for m in _OBJ.finditer(data)]
    try:
        for m in _BASEFONT.finditer(data):
            name, kind = _font_at(data, heads, m.start())
            out[name] = kind if out.get(name, kind) == kind else OTHER
    except Unsettled:
        return None
    return out


def _unescape(name: bytes) -> bytes:
    """A name's bytes with its ``#xx`` escapes decoded (as far as they are well formed)."""
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), name)


def _font_at(data: bytes, heads: list[int], at: int) -> tuple[str, str]:
    """The base font name of the dictionary whose ``/BaseFont`` key is at ``at``, and its
    kind (:data:`ENCODED`, :data:`PLAIN`, :data:`OTHER`; ``heads``: where the objects'
    ``N G obj`` headers end, in order)."""
    k = bisect_right(heads, at) - 1
    if k < 0:
        raise Unsettled
    start = heads[k]
    # the object's tokens up to the dictionary holding the key: each frame holds the
    # objects of one open container ("b": the key itself, "n": a null, "x": anything else)
    frames: list[tuple[bytes, list[tuple[str, bytes]]]] = [(b"", [])]
    pos = start
    seen = False  # the key has been read as a token
    while True:
        m = _TOKEN.match(data, pos)
        if m is None:
            raise Unsettled
        tok = m.group()
        pos = m.end()
        if tok[:1].isspace() or tok[:1] == b"%":
            continue
        if tok == b"(":
            pos = _skip_string(data, pos)
            frames[-1][1].append(("x", b""))
        elif tok in (b"<<", b"["):
            frames.append((tok, []))
        elif tok in (b">>", b"]"):
            kind, objs = frames.pop()
            if not frames or kind != (b"<<" if tok == b">>" else b"["):
                raise Unsettled
            if kind == b"<<" and any(k == "b" for k, _ in objs):
                return _settle(objs)
            frames[-1][1].append(("x", b""))
        elif tok in (b"{", b"}", b"stream", b"endobj", b"obj"):
            raise Unsettled  # left the object, or not a plain dictionary
        elif tok == b"R":
            objs = frames[-1][1]
            if len(objs) < 2 or objs[-1][0] != "i" or objs[-2][0] != "i":
                raise Unsettled
            del objs[-2:]
            objs.append(("x", b""))
        elif tok[:1] == b"/":
            seen = seen or m.start() == at
            frames[-1][1].append(("b" if m.start() == at else "/", tok[1:]))
        elif tok == b"null":
            frames[-1][1].append(("n", b""))
        elif _NUMBER.fullmatch(tok):
            frames[-1][1].append(("i", tok))
        else:
            frames[-1][1].append(("x", tok))
        if pos > at and not seen:
            raise Unsettled  # the key was not read as a token (inside a string, a comment)


def _settle(objs: list[tuple[str, bytes]]) -> tuple[str, str]:
    """A dictionary's base font name and kind, from its objects."""
    if len(objs) % 2:
        raise Unsettled
    values: dict[bytes, tuple[str, bytes]] = {}
    for (kind, key), value in zip(objs[::2], objs[1::2], strict=True):
        if kind not in ("b", "/"):
            raise Unsettled
        if value[0] == "n":
            values.pop(key, None)  # pdfminer drops a key whose value is null
        else:
            values[key] = value
    base = values.get(b"BaseFont")
    if base is None or base[0] not in ("b", "/"):
        raise Unsettled
    try:
        name = base[1].decode("ascii")
    except UnicodeDecodeError:
        raise Unsettled from None
    if b"ToUnicode" in values or b"Encoding" in values:
        kind = ENCODED
    elif values.get(b"Subtype") == ("/", b"TrueType"):
        kind = PLAIN
    else:
        kind = OTHER
    return clean_font_name(name), kind


def _skip_string(data: bytes, pos: int) -> int:
    """The place after a literal string whose ``(`` ends before ``pos``."""
    depth = 1
    n = len(data)
    while pos < n:
        c = data[pos]
        if c == 0x5C:  # backslash: the next byte is escaped
            pos += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    raise Unsettled


__all__ = ["ENCODED", "OTHER", "PLAIN", "Unsettled", "font_kinds"]
