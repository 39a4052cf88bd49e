"""Scripts and width: the one copy of the CJK character ranges, the width fold and the token estimate.

Ranges are strings for a regex character class (``f"[{IDEOGRAPHS}]"``). ``fold`` turns
full-width forms and CJK punctuation into their ASCII counterparts one character for one, so a
span found in the folded text indexes the original; ``fold(text, punctuation=False)`` keeps the
CJK punctuation (for readers to which "." is a decimal point or "," a thousands separator, a
folded 。 or 、 would join two numbers). Every non-ASCII character here is a ``\\u`` escape, so an
editor that normalises full-width characters cannot change a table. Pure: no model, no I/O.
"""

from __future__ import annotations

import math
import re
from typing import Literal

__all__ = [
    "CJK",
    "CJK_CHAR",
    "CJK_PUNCTUATION",
    "FOLD",
    "FULL_WIDTH",
    "FULL_WIDTH_COMMA",
    "FULL_WIDTH_DIGITS",
    "GRAMMAR_CJK",
    "IDEOGRAPH",
    "IDEOGRAPHS",
    "PUNCTUATION",
    "WIDTH",
    "estimate_tokens",
    "fold",
    "traditional",
    "word_key",
]

# --- character ranges --------------------------------------------------------------------------

# Han ideographs: extension A, the unified block, the compatibility ideographs.
IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK symbols and punctuation: the ideographic space, the ideographic comma and full stop, corner
# and lenticular brackets, the wave dash.
CJK_PUNCTUATION = "\u3000-\u303f"
# Half-width and full-width forms: the full-width comma, colon, parentheses, digits and letters.
FULL_WIDTH = "\uff00-\uffef"
FULL_WIDTH_DIGITS = "\uff10-\uff19"
FULL_WIDTH_COMMA = 0xFF0C
# Any character of Chinese or Japanese script or punctuation.
CJK = CJK_PUNCTUATION + IDEOGRAPHS + FULL_WIDTH
# The class of the no-CJK grammar of Q&A summaries (``extract.replies``), sent with every request:
# it predates these ranges and spans U+3400..U+9FFF in one range, so it also holds U+4DC0..U+4DFF
# (hexagram symbols) and not the compatibility ideographs. Kept as recorded so that request
# bodies, and the cassettes that replay them, stay the same; use ``CJK`` for anything else.
GRAMMAR_CJK = CJK_PUNCTUATION + "\u3400-\u9fff" + FULL_WIDTH

IDEOGRAPH = re.compile(f"[{IDEOGRAPHS}]")
CJK_CHAR = re.compile(f"[{CJK}]")
# A lower-case English word glued to ideographs ("fourth季度"): one sentence in two scripts.
# Acronyms (AI, GMV) written beside ideographs are how Chinese text names them, not a mix.
MIXED_WORD = re.compile(f"[a-z]{{3,}}[{IDEOGRAPHS}]|[{IDEOGRAPHS}][a-z]{{3,}}")

# --- traditional or simplified ----------------------------------------------------------------

# Common characters written differently in the two scripts, pair by pair (\u5011/\u4eec,
# \u9019/\u8fd9, \u5104/\u4ebf, \u8abf/\u8c03, ...): enough of them occur in any paragraph of a call.
_TRADITIONAL_FORMS = frozenset(
    "\u5011\u9019\u70ba\u570b\u8aaa\u6703\u5c0d\u6642\u696d\u52d9\u7d93\u71df\u7576\u767c\u73fe\u958b\u95dc"
    "\u9577\u9580\u554f\u984c\u500b\u5104\u842c\u5e63\u8abf\u74b0\u8207\u5f9e\u52d5\u614b\u9032\u8cbb"
    "\u7e3d\u984d\u6de8\u6f64\u7522\u5834"
)
_SIMPLIFIED_FORMS = frozenset(
    "\u4eec\u8fd9\u4e3a\u56fd\u8bf4\u4f1a\u5bf9\u65f6\u4e1a\u52a1\u7ecf\u8425\u5f53\u53d1\u73b0\u5f00\u5173"
    "\u957f\u95e8\u95ee\u9898\u4e2a\u4ebf\u4e07\u5e01\u8c03\u73af\u4e0e\u4ece\u52a8\u6001\u8fdb\u8d39"
    "\u603b\u989d\u51c0\u6da6\u4ea7\u573a"
)


def traditional(text: str) -> bool:
    """Whether Chinese ``text`` is written in traditional characters: more of its characters have
    only the traditional form than only the simplified one (a tie, or no Chinese, is simplified)."""
    trad = sum(c in _TRADITIONAL_FORMS for c in text)
    return trad > sum(c in _SIMPLIFIED_FORMS for c in text)


# --- width fold --------------------------------------------------------------------------------

# Full-width forms and odd spaces: every reader folds these.
WIDTH: dict[int, int] = {
    # U+FF01..U+FF5E, the full-width twins of ASCII "!" .. "~": digits, letters, the comma U+FF0C,
    # colon U+FF1A, semicolon U+FF1B, parentheses U+FF08/U+FF09, "!" U+FF01, "?" U+FF1F, "%" U+FF05,
    # "." U+FF0E and the tilde U+FF5E among them.
    **{cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)},
    0x3000: 0x20,  # ideographic space
    0x00A0: 0x20,  # no-break space
    0x2009: 0x20,  # thin space
    0x202F: 0x20,  # narrow no-break space (a thousands separator in French figures)
    0x2212: 0x2D,  # minus sign
    0x301C: 0x7E,  # wave dash, which Japanese encodings swap with the full-width tilde: "60\u301c70%"
    0xFE6A: 0x25,  # small percent sign
    0xFFE5: 0xA5,  # full-width yen sign to the yen sign (no ASCII twin; numbers read it as CNY)
}
# CJK punctuation with one ASCII counterpart. Left out on purpose: the title marks U+300A/U+300B
# and U+3008/U+3009 ("<" and ">" would read as comparisons), the tortoise-shell and other rarer
# brackets, the middle dot U+30FB and the ditto mark U+3003.
PUNCTUATION: dict[int, int] = {
    0x3001: 0x2C,  # ideographic (enumeration) comma: ","
    0x3002: 0x2E,  # ideographic full stop: "."
    0x300C: 0x22,  # left corner bracket, the opening quotation mark of traditional Chinese: '"'
    0x300D: 0x22,  # right corner bracket: '"'
    0x300E: 0x22,  # left white corner bracket, a quotation inside a quotation: '"'
    0x300F: 0x22,  # right white corner bracket: '"'
    0x3010: 0x5B,  # left black lenticular bracket, around labels and headings: "["
    0x3011: 0x5D,  # right black lenticular bracket: "]"
}
FOLD: dict[int, int] = WIDTH | PUNCTUATION


def fold(text: str, *, punctuation: bool = True) -> str:
    """``text`` with full-width forms, odd spaces and CJK punctuation as ASCII, one character for one.

    ``punctuation=False`` folds only the full-width forms and spaces (``WIDTH``) and keeps the
    ideographic comma, full stop, quotes and brackets as written. Either way ``len`` and every
    offset are unchanged, and folding twice is folding once.
    """
    return text.translate(FOLD if punctuation else WIDTH)


def word_key(text: str | None) -> str:
    """``text`` lower-cased with every run of non-word characters one space: the key two wordings
    of one item compare equal by ("Cloud-revenue" and "cloud revenue")."""
    return re.sub(r"[\W_]+", " ", (text or "").lower()).strip()


# --- tokens --------------------------------------------------------------------------------------


def estimate_tokens(text: str, *, by: Literal["script", "bytes"] = "script") -> int:
    """A cheap estimate of how many model tokens ``text`` takes, by one of two named rules.

    ``"script"`` (what section budgets use) is deliberately high: one token per 3.5 characters of
    Latin text (English averages about 4 in GPT and Qwen vocabularies) and 0.7 per CJK character
    or full-width form (Qwen's vocabulary holds many two-character words), rounded up.
    ``"bytes"`` (what request pacing uses) is the UTF-8 length over 4, rounded down.
    """
    if by == "bytes":
        return len(text.encode("utf-8")) // 4
    if not text:
        return 0
    cjk = len(CJK_CHAR.findall(text))
    return math.ceil(cjk * 0.7 + (len(text) - cjk) / 3.5)
