"""A Brief in a notebook: the HTML report inside a sandboxed iframe, and the Markdown report."""

from __future__ import annotations

import html
import re

from conftest import FIXTURES

from summarizer.render import load_brief, to_html, to_markdown


def test_repr_html_is_the_report_in_a_sandboxed_iframe() -> None:
    brief = load_brief(FIXTURES / "brief_lumora.json")
    out = brief._repr_html_()
    m = re.fullmatch(
        r'<iframe sandbox="allow-scripts" srcdoc="(?P<doc>[^"]*)" title="brief" style="[^"]*"></iframe>', out
    )
    assert m is not None, out[:200]
    assert "allow-same-origin" not in out  # the report's script cannot reach the notebook
    assert html.unescape(m["doc"]) == to_html(brief)


def test_repr_markdown_is_the_markdown_report() -> None:
    brief = load_brief(FIXTURES / "brief_yunfan.json")
    assert brief._repr_markdown_() == to_markdown(brief)
