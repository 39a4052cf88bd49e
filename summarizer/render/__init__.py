"""Brief -> JSON, Markdown, a self-contained HTML report, or rich tables on a terminal.

JSON is the contract (``jsonio``); the other outputs are for people, and all three draw the one
list of views in ``views``: header, highlights, KPIs, guidance, AI strategy by category, Q&A
themes, then warnings and rejected items, each with its columns declared once. ``formats`` is
the registry of output formats the CLI and batch runs share.
"""

from __future__ import annotations

from summarizer.render.formats import FORMATS, Format, format_for, get_format, render
from summarizer.render.html import to_html
from summarizer.render.jsonio import load_brief, to_json
from summarizer.render.layout import Cell, Column, Layout, Link, Role, Row, Tone, View
from summarizer.render.markdown import to_markdown
from summarizer.render.terminal import print_brief
from summarizer.render.values import format_change, format_value
from summarizer.render.views import brief_views

__all__ = [
    "Cell",
    "Column",
    "FORMATS",
    "Format",
    "Layout",
    "Link",
    "Role",
    "Row",
    "Tone",
    "View",
    "brief_views",
    "format_change",
    "format_for",
    "format_value",
    "get_format",
    "load_brief",
    "print_brief",
    "render",
    "to_html",
    "to_json",
    "to_markdown",
]
