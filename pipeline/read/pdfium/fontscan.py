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

A CIDFont's dictionary (``/CIDFontType0``, ``/CIDFontType2``) is a composite font's
descendant: not a font of the pages, it is left out of its name's count (were a malformed file
to list one among a page's fonts, pdfminer's answer for its name would still not be "TrueType
without either").

The dictionaries kept in object streams (``/Type /ObjStm``, PDF 1.5: WeasyPrint's and many
other writers' files) are looked at too: each stream, Flate-compressed, is inflated and its
objects are read as if they stood in the file. A name's ``#xx`` escapes are decoded as pdfminer
decodes them (the barcode font of every UN document is ``/Barcode#203#20of#209…``). Whatever
the bytes do not show plainly (an object stream of another filter, with decode parameters or in
an encrypted file, an escaped ``/BaseFont`` key, a stray ``#``, a ``/BaseFont`` that is not a key
of a well-formed dictionary of an object, a name or a subtype given by reference) leaves the
question to pdfminer.
"""

from __future__ import annotations

import re
import zlib
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
    rb"\s+|%[^\r\n]*|<<|>>|\[|\]|\{|\}|\(|<[0-9A-Fa-f\s]*>|/[^/%\[\]()<>{}\s]*|"
    rb"[^#/%\[\]()<>{}\s]+"
)
#: a name's escapes as pdfminer reads them alike: each ``#`` with two hexadecimal digits
_WELL_ESCAPED = recache.compile(rb"(?:[^#]|#[0-9A-Fa-f]{2})*")
_NUMBER = recache.compile(rb"[+-]?\d+")


#: every dictionary of the name has a /ToUnicode or an /Encoding (not null)
ENCODED = "encoded"
#: every dictionary of the name is ``/Subtype /TrueType`` with neither
PLAIN = "plain"
#: anything else (mixed, another subtype, a subtype given by reference)
OTHER = "other"
#: a CIDFont's dictionary: a composite (Type0) font's descendant, never itself one of a page's
#: fonts, which are what pdfminer reads, so it does not count for its name
_DESCENDANT = "descendant"


class Unsettled(Exception):
    """The bytes do not show plainly enough: pdfminer is asked."""


def font_kinds(data: bytes) -> dict[str, str] | None:
    """Per base font name (subset prefix dropped): :data:`ENCODED`, :data:`PLAIN` or
    :data:`OTHER`, as every dictionary of that name in the file shows (its object streams'
    included); None when the bytes cannot tell."""
    parts = [data]
    if b"/ObjStm" in data:  # objects compressed into streams: read as if they stood here
        inflated = _object_streams(data)
        if inflated is None:
            return None
        parts.append(inflated)
    out: dict[str, str] = {}
    for part in parts:
        for m in _ESCAPED.finditer(part):
            name = _unescape(m.group()[1:])
            if name in (b"BaseFont", b"ObjStm"):
                return None
        heads = [m.end() for m in _OBJ.finditer(part)]
        try:
            for m in _BASEFONT.finditer(part):
                name, kind = _font_at(part, heads, m.start())
                if kind != _DESCENDANT:
                    out[name] = kind if out.get(name, kind) == kind else OTHER
        except Unsettled:
            return None
    return out


#: an object whose dictionary holds no other and is followed by a stream: its number, its
#: dictionary's inside and where the stream's data start
_STREAM_OBJECT = recache.compile(
    rb"(?<![0-9])\d+\s+\d+\s+obj\s*<<([^<>]*)>>\s*stream(?:\r\n|\n)")
#: (each one ends where its name or number does, or at the end of the dictionary's inside)
_OBJSTM = recache.compile(rb"/Type\s*/ObjStm(?![^" + _END + rb"])")
_KEY_INT = recache.compile(rb"/(N|First)\s+(\d+)(?![^" + _END + rb"])")
_FLATE = recache.compile(rb"/Filter\s*(?:\[\s*)?/FlateDecode\s*\]?(?![^" + _END + rb"])")
#: most bytes an object stream is inflated to (a document's fonts take a few kilobytes)
_MAX_INFLATED = 64 << 20


def _object_streams(data: bytes) -> bytes | None:
    """The objects of every object stream of the file, each written out as ``N 0 obj …
    endobj`` (its number, its bytes); None when one of them is not a plain Flate-compressed
    stream (or the file is encrypted: its streams are too)."""
    if b"/Encrypt" in data:
        return None
    found = 0
    out: list[bytes] = []
    view = memoryview(data)
    for m in _STREAM_OBJECT.finditer(data):
        head = m.group(1)
        if not _OBJSTM.search(head):
            continue
        found += 1
        keys = dict(_KEY_INT.findall(head))
        rest = _KEY_INT.sub(b"", _FLATE.sub(b"", _OBJSTM.sub(b"", head)))
        if b"N" not in keys or b"First" not in keys or not _FLATE.search(head) or (
                b"/DecodeParms" in rest or b"/Filter" in rest):
            return None
        body = _inflated(data, view, m.end())
        if body is None:
            return None
        objects = _stream_objects(body, int(keys[b"N"]), int(keys[b"First"]))
        if objects is None:
            return None
        out.extend(objects)
    if found != len(_OBJSTM.findall(data)):
        return None  # an object stream not read above (a dictionary with another inside …)
    return b"".join(out)


def _inflated(data: bytes, view: memoryview, start: int) -> bytes | None:
    """The Flate stream whose data start at ``start``, inflated (None: it does not inflate
    whole): its data end before an ``endstream`` keyword, the first one after which the
    compressed data are complete (the same bytes may stand inside the data)."""
    end = data.find(b"endstream", start)
    while end >= 0:
        inflate = zlib.decompressobj()
        try:
            body = inflate.decompress(view[start:end], _MAX_INFLATED)
        except zlib.error:
            return None
        if inflate.eof:
            return body
        if inflate.unconsumed_tail:
            return None  # more than _MAX_INFLATED bytes
        end = data.find(b"endstream", end + len(b"endstream"))
    return None


def _stream_objects(body: bytes, count: int, first: int) -> list[bytes] | None:
    """An inflated object stream's objects, each as ``N 0 obj …\nendobj\n``: its header (the
    first ``first`` bytes) holds ``count`` pairs of an object number and the offset of its
    bytes from ``first``."""
    numbers = body[:first].split()
    if len(numbers) != 2 * count or not all(n.isdigit() for n in numbers):
        return None
    nums = [int(n) for n in numbers[::2]]
    starts = [first + int(n) for n in numbers[1::2]]
    ends = [*starts[1:], len(body)]
    if any(b < a for a, b in zip(starts, ends, strict=True)) or (starts and starts[-1] > len(body)):
        return None
    return [b"%d 0 obj\n" % num + body[a:b] + b"\nendobj\n"
            for num, a, b in zip(nums, starts, ends, strict=True)]


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
            name = tok[1:]
            if b"#" in name:  # "/Barcode#203#20of#209": the name decoded
                if not _WELL_ESCAPED.fullmatch(name):
                    raise Unsettled  # pdfminer's reading of a stray "#" is its own
                name = _unescape(name)
            frames[-1][1].append(("b" if m.start() == at else "/", name))
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
    if values.get(b"Subtype") in (("/", b"CIDFontType0"), ("/", b"CIDFontType2")):
        kind = _DESCENDANT
    elif b"ToUnicode" in values or b"Encoding" in values:
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
