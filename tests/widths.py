"""Full-width marks for test text, built with ``chr()`` so that no editor can turn them into ASCII.

Real Chinese documents write the colon, comma, parentheses, question and exclamation marks and
often the digits in their full-width forms (U+FF01-FF5E, the ASCII forms shifted by 0xFEE0), and
the full stop and enumeration comma as CJK punctuation (U+3002, U+3001).
"""

from __future__ import annotations

COLON = chr(0xFF1A)
COMMA = chr(0xFF0C)
OPEN = chr(0xFF08)
CLOSE = chr(0xFF09)
BANG = chr(0xFF01)
QUESTION = chr(0xFF1F)
SEMICOLON = chr(0xFF1B)
FULL_STOP = chr(0x3002)
ENUMERATION_COMMA = chr(0x3001)
CORNER_OPEN, CORNER_CLOSE = chr(0x300C), chr(0x300D)
LENTICULAR_OPEN, LENTICULAR_CLOSE = chr(0x3010), chr(0x3011)
WIDE_OFFSET = 0xFEE0  # from an ASCII character to its full-width twin


def wide(text: str, marks: str = ":,()!?;") -> str:
    """``text`` with every ASCII character of ``marks`` replaced by its full-width twin."""
    return "".join(chr(ord(c) + WIDE_OFFSET) if c in marks else c for c in text)


def wide_digits(text: str) -> str:
    """``text`` with full-width digits (U+FF10-FF19) for ASCII ones."""
    return wide(text, "0123456789")
