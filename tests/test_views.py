"""The one list of views: Markdown, HTML and the terminal draw the same views, with the same
column headers, in the same order; the places where they used to differ stay unified; the
report's stylesheet and script are package data."""

from __future__ import annotations

import fnmatch
import html
import re
import tomllib
from pathlib import Path

import pytest
from rich.console import Console

import summarizer.render
from summarizer.brief import KPI, Asker, Brief, Guidance, QATheme
from summarizer.render import (
    Layout,
    brief_views,
    load_brief,
    print_brief,
    to_html,
    to_markdown,
)
from summarizer.render.html import asset
from summarizer.render.values import model_line, usage_line

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
NAMES = ["lumora", "yunfan"]
KPI_HEADERS = ["Metric", "Segment", "Value", "YoY", "QoQ", "Basis", "Period", "Grounding", "Evidence"]
GUIDANCE_HEADERS = ["Metric", "Period", "Guidance", "Direction", "Speaker", "Grounding", "Evidence"]


def _brief(name: str) -> Brief:
    return load_brief(FIXTURES / f"brief_{name}.json")


def _terminal(brief: Brief) -> str:
    console = Console(record=True, width=240, color_system=None)
    print_brief(brief, console)
    return console.export_text()


def _markdown_headers(markdown: str, title: str) -> list[str]:
    lines = markdown.splitlines()
    row = lines[lines.index(f"## {title}") + 2]
    return [cell.strip() for cell in row.strip("|").split("|")]


def _html_headers(page: str, key: str) -> list[str]:
    match = re.search(rf'<table class="{key}"><thead><tr>(.*?)</tr></thead>', page)
    assert match, key
    return [html.unescape(th) for th in re.findall(r"<th[^>]*>(.*?)</th>", match.group(1))]


def _terminal_headers(out: str) -> list[list[str]]:
    """The header row of every rich table, in order (the first line drawn with heavy bars)."""
    return [
        [c.strip() for c in line.strip("\u2503").split("\u2503")]
        for line in out.splitlines()
        if line.startswith("\u2503")
    ]


@pytest.mark.parametrize("name", NAMES)
def test_the_three_outputs_list_the_same_kpi_headers(name: str) -> None:
    brief = _brief(name)
    markdown, page, terminal = to_markdown(brief), to_html(brief), _terminal(brief)
    assert _markdown_headers(markdown, "KPIs") == KPI_HEADERS
    assert _html_headers(page, "kpis") == KPI_HEADERS
    assert _terminal_headers(terminal)[0] == KPI_HEADERS


@pytest.mark.parametrize("name", NAMES)
def test_every_table_has_the_headers_its_view_declares(name: str) -> None:
    brief = _brief(name)
    views = [v for v in brief_views(brief) if v.rows and v.layout in (Layout.table, Layout.grouped)]
    markdown, page = to_markdown(brief), to_html(brief)
    for view in views:
        if view.layout is Layout.table:
            assert _markdown_headers(markdown, view.title) == view.headers(), view.key
            assert _html_headers(page, view.key) == view.headers(), view.key
    assert _terminal_headers(_terminal(brief)) == [v.headers() for v in views]


@pytest.mark.parametrize("name", NAMES)
def test_markdown_and_html_show_the_same_views_in_order(name: str) -> None:
    brief = _brief(name)
    inner = [v.title for v in brief_views(brief) if v.shown() and v.layout not in (Layout.fields, Layout.note)]
    assert [line[3:] for line in to_markdown(brief).splitlines() if line.startswith("## ")] == inner
    h2 = [html.unescape(t) for t in re.findall(r"<h2>(.*?)</h2>", to_html(brief))]
    assert h2[: len(inner)] == inner
    assert h2[len(inner) :] == ["Cited sentences", "Cited sentences"]  # the print list, the side pane


# --- where the outputs used to differ ---------------------------------------------------------


def _guided() -> Brief:
    return Brief(
        complete=False,
        kpis=[KPI(id="k1", metric="Gross\nmargin", segment="Cloud", value=40.0, value_text="40%", unit="%")],
        guidance=[
            Guidance(
                id="g1",
                metric="Revenue",
                period="FY2025",
                low=1e9,
                high=1.1e9,
                unit="USD",
                speaker="Chief Financial Officer",
            )
        ],
        qa_themes=[
            QATheme(
                id="q1",
                theme="Pricing",
                question="How?",
                answer="Later.",
                askers=[Asker(name="Ann Lee", firm="Firm X")],
            )
        ],
    )


def test_guidance_shows_its_speaker_in_every_output() -> None:
    brief = _guided()
    assert "| Revenue | FY2025 | $1B\u2013$1.1B | new | Chief Financial Officer | not_found |  |" in to_markdown(brief)
    assert "Chief Financial Officer" in _terminal(brief)
    assert _html_headers(to_html(brief), "guidance") == GUIDANCE_HEADERS
    assert "<td>Chief Financial Officer</td>" in to_html(brief)


def test_html_guidance_rows_are_items_linked_to_their_evidence() -> None:
    page = to_html(_brief("lumora"))
    rows = re.findall(r'<tr class="item"[^>]*data-id="(g\d+)"[^>]*data-spans="(q\d+)"', page)
    assert [g for g, _ in rows] == ["g1", "g2", "g3"]


def test_html_kpi_segment_has_its_own_column() -> None:
    page = to_html(_guided())
    assert re.search(r'data-id="k1"[^>]*><td>Gross margin</td><td class="minor">Cloud</td><td class="num"', page)
    assert 'class="seg"' not in page and ".seg" not in page


def test_header_fields_are_the_same_in_every_output() -> None:
    brief = _guided()
    assert "- **Status:** incomplete (see Warnings)" in to_markdown(brief)
    assert "Status: incomplete (see Warnings)" in _terminal(brief)
    assert "status <b>incomplete (see Warnings)</b>" in to_html(brief)
    assert 'class="banner"' in to_html(brief)


@pytest.mark.parametrize("name", NAMES)
def test_usage_is_the_last_line_and_the_model_is_named_once(name: str) -> None:
    brief = _brief(name)
    page, terminal = to_html(brief), _terminal(brief)
    assert f'<p class="usage">Usage: {html.escape(usage_line(brief))}.</p>' in page
    assert page.count(html.escape(model_line(brief))) == 1
    assert terminal.rstrip().splitlines()[-1] == f"Usage: {usage_line(brief)}"
    assert to_markdown(brief).endswith(f"_Usage: {usage_line(brief)}._\n")


def test_terminal_q_and_a_has_labelled_lines_like_markdown() -> None:
    brief = _guided()
    lines = [line.strip("\u2502 ") for line in _terminal(brief).splitlines()]
    assert ["Pricing", "Asked by Ann Lee (Firm X)", "Q How?", "A Later."] == lines[lines.index("Pricing") :][:4]
    assert "- **Q:** How?" in to_markdown(brief) and "<p><b>Q</b> How?</p>" in to_html(brief)


def test_terminal_and_html_keep_cells_on_one_line() -> None:
    brief = _guided()
    assert "Gross margin" in _terminal(brief)
    assert "<td>Gross margin</td>" in to_html(brief)


# --- package -----------------------------------------------------------------------------------


def test_render_all_is_sorted_and_importable() -> None:
    names = summarizer.render.__all__
    assert names == sorted(names)
    for name in names:
        assert getattr(summarizer.render, name) is not None, name


def test_report_assets_are_package_data_inlined_in_the_page() -> None:
    assets = sorted(p.name for p in (ROOT / "summarizer" / "render" / "assets").iterdir())
    assert assets == ["report.css", "report.js"]
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "summarizer.render" in setuptools["packages"]
    for name in assets:
        assert any(fnmatch.fnmatch(f"assets/{name}", p) for p in setuptools["package-data"]["summarizer.render"]), name
    page = to_html(Brief())
    assert f"<style>{asset('report.css')}</style>" in page
    assert f"<script>{asset('report.js')}</script>" in page
    assert "@media print" in asset("report.css") and "addEventListener" in asset("report.js")
