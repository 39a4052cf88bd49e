"""Read a saved web page (``.html``/``.htm``) into text: the main text only, one line per block.

    bytes -> decoded like any text file -> selectolax (lexbor) parse
          -> scripts, styles, navigation, banners, sidebars, forms and hidden parts removed
          -> the main part: the largest ``article``/``main`` holding most of the page's text, else the body
          -> text, a line per block element (``p``, ``div``, ``li``, headings, ``br``, table rows)

A speaker named in its own paragraph (``<p><strong>Jane Doe</strong> - CFO</p>``) stays its own
line, so the layout reader finds the speakers as it does in a text transcript. selectolax is
the optional ``html`` extra; without it the error names the install line.
"""

from __future__ import annotations

import re
from typing import Any

from summarizer.errors import InputError

__all__ = ["BLOCKS", "DROPPED", "INSTALL", "html_text", "read_html"]

INSTALL = "pip install 'summarizer[html]'"

DROPPED = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "nav", "header",
    "footer", "aside", "form", "button", "select", "dialog", "[hidden]", "[aria-hidden=true]",
    "[role=navigation]", "[role=banner]", "[role=contentinfo]", "[role=complementary]",
)  # fmt: skip
"""Selectors of the parts of a page that are never the transcript."""

BLOCKS = frozenset(
    "address article blockquote body br dd details div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr "
    "li main ol p pre section summary table tbody td th thead tr ul".split()
)
"""Elements that start a new line of text."""

_MAIN = ("article", "main", "[role=main]", "[itemprop=articleBody]")
# The main part must hold at least this share of the page's text, or the whole body is read.
_MAIN_SHARE = 0.4
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


def read_html(raw: bytes) -> str:
    """The main text of a saved web page (bytes), a line per paragraph, heading or list item.

    Raises ``InputError`` when selectolax is not installed (naming the install line) or when the
    page has no text outside scripts, styles and navigation.
    """
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError as e:
        raise InputError(f"reading web pages needs selectolax: {INSTALL}") from e
    from summarizer.ingest.readers import decode_bytes

    text = html_text(LexborHTMLParser(decode_bytes(raw)))
    if not text.strip():
        raise InputError("the web page has no text outside scripts, styles and navigation")
    return text


def _main(tree: Any) -> Any:
    body = tree.body or tree.root
    total = len(body.text(deep=True).strip()) if body is not None else 0
    best = None
    for selector in _MAIN:
        for node in tree.css(selector):
            size = len(node.text(deep=True).strip())
            if size >= total * _MAIN_SHARE and (best is None or size > best[0]):
                best = (size, node)
    return best[1] if best else body


def html_text(tree: Any) -> str:
    """The main text of a parsed page (a selectolax tree), a line per block element, no blank lines."""
    for selector in DROPPED:
        for node in tree.css(selector):
            node.decompose()
    root = _main(tree)
    if root is None:
        return ""
    lines: list[str] = [""]
    stack: list[tuple[Any, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        block = node.tag in BLOCKS
        if not entering:
            lines.append("")
            continue
        if node.tag == "-text":
            lines[-1] += node.text(deep=False)
            continue
        if block:
            lines.append("")
            stack.append((node, False))
        stack.extend((child, True) for child in reversed(list(node.iter(include_text=True))))
    out = (_SPACES.sub(" ", line).strip() for line in lines)
    return "\n".join(line for line in out if line) + "\n"
