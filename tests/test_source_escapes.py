"""Non-ASCII punctuation in the package's code is written as \\uXXXX escapes.

An editor or a copy path that normalises full-width characters to ASCII once turned a pattern's
class of the ASCII colon and the full-width colon (U+FF1A) into a class of two ASCII colons,
silently. Written as escapes, a pattern's full-width twin
cannot be lost that way. Docstrings and comments may use the characters as written; CJK
ideographs may appear literally anywhere.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

import summarizer

PACKAGE = Path(summarizer.__file__).parent
# Latin-1 punctuation and symbols, general punctuation, letter-like symbols, arrows, the minus
# sign, enclosed numbers, CJK symbols and punctuation, vertical and small forms, full-width forms.
PUNCTUATION = re.compile(
    "[\u00a0-\u00bf\u00d7\u2000-\u206f\u2100-\u214f\u2190-\u21ff\u2212\u2460-\u24ff"
    "\u3000-\u303f\ufe30-\ufe6f\uff00-\uffef]"
)


def _is_docstring(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    before = [t for t in tokens[:i] if t.type not in (tokenize.NL, tokenize.COMMENT)]
    after = [t for t in tokens[i + 1 :] if t.type not in (tokenize.NL, tokenize.COMMENT)]
    starts = not before or before[-1].type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)
    ends = not after or after[0].type in (tokenize.NEWLINE, tokenize.ENDMARKER)
    return starts and ends


def literal_punctuation(source: str) -> list[str]:
    """The string literals of ``source`` (docstrings aside) that hold non-ASCII punctuation as written."""
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    return [
        f"line {t.start[0]}: {t.string[:60]}"
        for i, t in enumerate(tokens)
        if t.type == tokenize.STRING and PUNCTUATION.search(t.string) and not _is_docstring(tokens, i)
    ]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_code_writes_non_ascii_punctuation_as_escapes(path: Path) -> None:
    assert literal_punctuation(path.read_text("utf-8")) == []


def test_the_check_finds_a_literal_full_width_colon() -> None:
    colon = chr(0xFF1A)
    assert literal_punctuation(f'COLON = "[:{colon}]"\n')
    assert not literal_punctuation('COLON = "[:\\uff1a]"\n')
    assert not literal_punctuation(f'def f():\n    """A label ends at {colon}."""\n')
