"""List labels for the numbering rules: letters and Roman numerals, their values and names."""

from __future__ import annotations

from pipeline.lang import LIST_ALPHABETS, int_to_roman, list_letter_value, roman_to_int


def roman_value(s: str) -> int | None:
    """``"iv"`` → 4 (lowercase or uppercase); ``None`` if not a Roman numeral."""
    return roman_to_int(s)


def to_roman(n: int) -> str:
    return int_to_roman(n).lower()


def letter_value(s: str) -> int | None:
    """``"a"`` → 1 … ``"z"`` → 26, ``"aa"`` → 27 (UN doubling convention); Russian lists
    ``"а"`` → 1 … ``"к"`` → 10 (``й`` skipped); else ``None``."""
    if not s or not s.isalpha() or not s.islower():
        return None
    return list_letter_value(s)


def to_letter(n: int, like: str = "a") -> str:
    """The ``n``-th list letter in the alphabet of the label ``like`` (Latin or Russian)."""
    alphabet = next((a for a in LIST_ALPHABETS if like[:1] in a), LIST_ALPHABETS[0])
    size = len(alphabet)
    return alphabet[(n - 1) % size] * ((n - 1) // size + 1)


def item_value(segment: str, depth: int) -> int | None:
    """Sub-item label value: letters at odd depths (a, b …), Roman numerals at even (i, ii …)."""
    return letter_value(segment) if depth % 2 == 1 else roman_value(segment)


def item_label(value: int, depth: int, like: str = "a") -> str:
    return to_letter(value, like) if depth % 2 == 1 else to_roman(value)


def meeting_name(n: int) -> str:
    return f"meeting {to_roman(n).upper()}" if n > 0 else f"meeting {n}"
