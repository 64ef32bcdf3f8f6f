"""Text normalisation applied to every text value the pipeline outputs.

The rules (documented in the README, "Text normalisation"):

* Unicode NFC;
* ligature characters expanded (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ → ff fi fl ffi ffl st st);
* typographic apostrophes (’ ‘ ʼ ′ ＇) → ``'``;
* the hyphen U+2010 and the non-breaking hyphen U+2011 → ``-`` (as in ``peut-être``);
* every Unicode space (no-break, narrow no-break, thin, em/en spaces, ideographic, tabs,
  line breaks) → a plain space, runs of spaces collapsed, ends trimmed;
* zero-width characters removed;
* a soft hyphen (U+00AD) → ``-``: it reaches the text only as a drawn glyph, and what is printed
  is never deleted (some PDF makers map every hyphen glyph to U+00AD, compounds included). At a
  line end it is a line-end hyphen, decided by the blocks stage like any other: a hyphenation
  point when the document draws another hyphen codepoint inside its words
  (:func:`pipeline.parse.evidence.break_marks`), else by word evidence.

Quotation marks (« » “ ”), dashes and the minus sign are kept as printed.
"""

from __future__ import annotations

import unicodedata

import regex

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
APOSTROPHES = "\u2019\u2018\u02bc\u2032\uff07"
_REMOVE = "\u200b\u200c\u200d\u2060\ufeff"
_TRANSLATE = {ord(k): v for k, v in LIGATURES.items()}
_TRANSLATE.update({ord(c): "'" for c in APOSTROPHES})
_TRANSLATE.update({0x2010: "-", 0x2011: "-", 0x00AD: "-"})
_TRANSLATE.update({ord(c): None for c in _REMOVE})
_SPACES = regex.compile(r"[\p{Zs}\t\n\r\f\v\u2028\u2029]+")

#: Private Use Area code points: barcode fonts and symbol fonts map glyphs there
PUA = regex.compile(r"[\uE000-\uF8FF]")


def normalize(text: str) -> str:
    """Normalise one text value (see the module docstring)."""
    text = text.translate(_TRANSLATE)
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text).strip()


def is_pua(text: str) -> bool:
    """True when most of the visible characters are in the Private Use Area (barcode glyphs)."""
    visible = [c for c in text if not c.isspace()]
    return bool(visible) and sum(1 for c in visible if PUA.match(c)) * 2 > len(visible)
