"""Rendering: JSON round trip, Markdown golden files, HTML escaping and evidence marks, rich tables.

Golden files live in tests/golden/. After an intended change to the Markdown output, regenerate
them and review the diff:

    UPDATE_GOLDEN=1 pytest tests/test_render.py -k golden
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rich.console import Console

from summarizer.brief import KPI, AIPoint, Asker, Brief, GroundingStatus, Guidance, QATheme, Quote, Rejected
from summarizer.document import Span
from summarizer.errors import RenderError
from summarizer.render import (
    format_change,
    format_value,
    load_brief,
    print_brief,
    to_html,
    to_json,
    to_markdown,
)

if TYPE_CHECKING:
    from click.testing import Result

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
NAMES = ["lumora", "yunfan"]


def _brief(name: str) -> Brief:
    return load_brief(FIXTURES / f"brief_{name}.json")


def _transcript(name: str) -> str:
    return (FIXTURES / f"{name}_for_render.txt").read_text(encoding="utf-8")


def _items(brief: Brief) -> list[KPI | Guidance | AIPoint | QATheme]:
    return [*brief.kpis, *brief.guidance, *brief.ai_strategy, *brief.qa_themes]


def _quote(text: str, start: int, end: int, sid: str) -> Quote:
    return Quote(sentence_id=sid, span=Span(start=start, end=end), text=text[start:end])


class _Marks(HTMLParser):
    """Collects items, marks and the text of #transcript from rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: dict[str, dict[str, str]] = {}
        self.marks: list[dict[str, str]] = []
        self.transcript = ""
        self.nested_marks = 0
        self.scripts = 0
        self.imgs = 0
        self._in_mark = False
        self._depth = 0  # element depth inside #transcript; 0 = outside

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script":
            self.scripts += 1
        if tag == "img":
            self.imgs += 1
        if "item" in a.get("class", "").split():
            self.items[a["data-id"]] = a
        if self._depth:
            self._depth += 1
        elif a.get("id") == "transcript":
            self._depth = 1
        if tag == "mark":
            self.nested_marks += self._in_mark
            self._in_mark = True
            self.marks.append({**a, "text": ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marks[-1]["text"] += data
        if self._depth:
            self.transcript += data


def _parse(page: str) -> _Marks:
    p = _Marks()
    p.feed(page)
    return p


def _span_texts(marks: _Marks, key: str) -> str:
    return "".join(m["text"] for m in marks.marks if key in m["data-spans"].split())


# --- fixtures ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_fixture_spans_index_their_transcript(name: str) -> None:
    brief, text = _brief(name), _transcript(name)
    spans_by_sid: dict[str, Span] = {}
    for item in _items(brief):
        assert item.evidence, item.id
        for q in item.evidence:
            assert text[q.span.start : q.span.end] == q.text
            assert spans_by_sid.setdefault(q.sentence_id, q.span) == q.span
    assert brief.source.characters == len(text)


# --- JSON -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_json_round_trips(name: str) -> None:
    brief = _brief(name)
    out = to_json(brief)
    assert out.endswith("}\n")
    assert out.startswith('{\n  "schema_version"')
    assert load_brief(out) == brief
    assert out == (FIXTURES / f"brief_{name}.json").read_text(encoding="utf-8")


def test_a_brief_of_an_earlier_minor_schema_still_loads() -> None:
    """Schema 1.0 briefs (no guidance ``change``) load under 1.1: a minor version only adds."""
    data = json.loads((FIXTURES / "brief_lumora.json").read_text(encoding="utf-8"))
    data["schema_version"] = "1.0"
    for g in data["guidance"]:
        del g["change"]
    brief = load_brief(json.dumps(data))
    assert brief.schema_version == "1.0" and all(g.change is None for g in brief.guidance)


def test_json_keeps_non_ascii() -> None:
    out = to_json(_brief("yunfan"))
    assert "雲帆科技" in out and "\\u" not in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "no such file", id="missing"),
        pytest.param("{not json", "not valid JSON (line 1, column 2", id="invalid_json"),
        pytest.param("[1, 2]", "not a brief", id="a_list"),
        pytest.param('{"company": "Acme"}', "not a brief", id="no_schema_version"),
        pytest.param('{"schema_version": "2.0"}', "brief schema 2.0 is not readable", id="newer_major"),
        pytest.param('{"schema_version": "1.0", "kpis": [{"metric": "x"}]}', "kpis.0.value_text", id="invalid_kpi"),
        pytest.param("\xff\xfe", "not UTF-8", id="binary"),
    ],
)
def test_load_brief_errors_are_one_line(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "brief.json"
    if content is not None:
        path.write_bytes(content.encode("latin-1") if content.startswith("\xff") else content.encode())
    with pytest.raises(RenderError) as e:
        load_brief(path)
    assert message in str(e.value)
    assert "\n" not in str(e.value)


def test_load_brief_rejects_a_directory(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="is a directory"):
        load_brief(tmp_path)


def test_load_brief_accepts_path_string_and_text() -> None:
    path = FIXTURES / "brief_lumora.json"
    assert load_brief(str(path)) == load_brief(path) == load_brief(path.read_text(encoding="utf-8"))


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        pytest.param(31_600_000, "USD", "$31.6M", id="usd_millions"),
        pytest.param(35_400_000_000, "CNY", "RMB 35.4B", id="cny_billions"),
        pytest.param(-4_600_000, "USD", "-$4.6M", id="negative_usd"),
        pytest.param(-460_000_000, "CNY", "-RMB 460M", id="negative_cny"),
        pytest.param(1_234_500_000, "USD", "$1.23B", id="two_decimals"),
        pytest.param(2_100_000_000_000, "USD", "$2.1T", id="trillions"),
        pytest.param(950_000, "USD", "$950,000", id="below_a_million"),
        pytest.param(12_000_000, "EUR", "€12M", id="euro"),
        pytest.param(3_000_000, "HKD", "HK$3M", id="hkd"),
        pytest.param(5_000_000, "CHF", "CHF 5M", id="other_iso_code"),
        pytest.param(78.5, "%", "78.5%", id="percent"),
        pytest.param(-2.25, "%", "-2.25%", id="negative_percent"),
        pytest.param(1.3, "pp", "1.3pp", id="points"),
        pytest.param(3.2, "x", "3.2x", id="multiple"),
        pytest.param(1200, None, "1,200", id="count"),
        pytest.param(2_300_000, None, "2.3M", id="large_count"),
        pytest.param(400, "stores", "400 stores", id="free_unit"),
        pytest.param(None, "USD", None, id="none"),
    ],
)
def test_format_value(value: float | None, unit: str | None, expected: str | None) -> None:
    assert format_value(value, unit) == expected


@pytest.mark.parametrize(
    ("change", "unit", "expected"),
    [
        pytest.param(18.4, "%", "+18.4%", id="growth"),
        pytest.param(-3.2, "%", "-3.2%", id="decline"),
        pytest.param(1.6, "pp", "+1.6pp", id="points"),
        pytest.param(0.0, "%", "0%", id="flat"),
        pytest.param(12.0, None, "+12%", id="unit_defaults_to_percent"),
        pytest.param(None, "%", "", id="none"),
    ],
)
def test_format_change(change: float | None, unit: str | None, expected: str) -> None:
    assert format_change(change, unit) == expected


# --- Markdown ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_markdown_golden(name: str) -> None:
    out = to_markdown(_brief(name))
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8"), f"{golden} differs; UPDATE_GOLDEN=1 regenerates it"


def test_markdown_escapes_pipes_in_cells() -> None:
    brief = Brief(
        kpis=[KPI(metric="Revenue | Cloud", segment="A|B", value=1e6, value_text="$1 million", unit="USD")],
    )
    row = next(line for line in to_markdown(brief).splitlines() if line.startswith("| Revenue"))
    assert "Revenue \\| Cloud" in row and "A\\|B" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 10  # 9 columns


def test_markdown_keeps_rows_on_one_line() -> None:
    brief = Brief(kpis=[KPI(metric="Gross\nmargin", value=None, value_text="about\n40%")])
    assert "| Gross margin |  | about 40% |" in to_markdown(brief)


def test_markdown_marks_incomplete_briefs() -> None:
    out = to_markdown(Brief(complete=False))
    assert "incomplete (see Warnings)" in out
    assert "## Warnings" in out


# --- HTML -------------------------------------------------------------------------------------

_HOSTILE = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def _hostile_brief() -> tuple[Brief, str]:
    text = f"Chair: Revenue was $5 million. {_HOSTILE} Thank you.\n"
    start = text.index("Revenue")
    quote = _quote(text, start, start + len("Revenue was $5 million."), "s1")
    hostile_quote = _quote(text, text.index("</script>"), text.index(" Thank"), "s2")
    brief = Brief(
        company=_HOSTILE,
        highlights=[_HOSTILE],
        kpis=[KPI(id="k1", metric=_HOSTILE, value=5e6, value_text=_HOSTILE, unit="USD", evidence=[quote])],
        qa_themes=[
            QATheme(
                id='q"1',
                theme=_HOSTILE,
                question="?",
                answer="!",
                askers=[Asker(name=_HOSTILE)],
                evidence=[hostile_quote],
            )
        ],
        warnings=[_HOSTILE],
        rejected=[Rejected(kind="kpi", reason=_HOSTILE, item={"metric": _HOSTILE})],
    )
    return brief, text


@pytest.mark.parametrize("with_transcript", [pytest.param(True, id="transcript"), pytest.param(False, id="cited_only")])
def test_html_escapes_transcript_and_model_text(with_transcript: bool) -> None:
    brief, text = _hostile_brief()
    page = to_html(brief, transcript_text=text if with_transcript else None)
    parsed = _parse(page)
    assert parsed.scripts == 1  # the page's own script, nothing injected
    assert parsed.imgs == 0
    assert "window.__pwned=1</script>" not in page
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1" in page
    if with_transcript:
        assert parsed.transcript == text


@pytest.mark.parametrize("name", NAMES)
def test_html_has_no_external_urls(name: str) -> None:
    page = to_html(_brief(name), transcript_text=_transcript(name))
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "http://" not in page and "https://" not in page
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # the CSP blocks any load a future edit might add


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("with_transcript", [pytest.param(True, id="transcript"), pytest.param(False, id="cited_only")])
def test_html_marks_every_evidence_span(name: str, with_transcript: bool) -> None:
    brief, text = _brief(name), _transcript(name)
    parsed = _parse(to_html(brief, transcript_text=text if with_transcript else None))
    assert parsed.nested_marks == 0
    if with_transcript:
        assert parsed.transcript == text
    for item in _items(brief):
        element = parsed.items[item.id]
        keys = element["data-spans"].split()
        assert sorted(_span_texts(parsed, k) for k in keys) == sorted({q.text for q in item.evidence})
        for k in keys:
            for m in parsed.marks:
                if k in m["data-spans"].split():
                    assert element["data-key"] in m["data-items"].split()


def test_html_marks_overlapping_and_repeated_spans() -> None:
    text = "Alpha beta gamma delta epsilon zeta eta theta iota kappa."
    spans = [(0, 16), (6, 22), (6, 22), (11, 16), (17, 35), (40, 40)]
    quotes = [_quote(text, a, b, f"s{spans.index((a, b))}") for a, b in spans]
    brief = Brief(
        ai_strategy=[AIPoint(id=f"a{i}", point=f"p{i}", evidence=[q]) for i, q in enumerate(quotes)]
        + [AIPoint(id="all", point="all", evidence=quotes)],
    )
    parsed = _parse(to_html(brief, transcript_text=text))
    assert parsed.nested_marks == 0
    assert parsed.transcript == text
    for i, (a, b) in enumerate(spans):
        keys = parsed.items[f"a{i}"]["data-spans"].split()
        assert [_span_texts(parsed, k) for k in keys] == [text[a:b]]
    assert len(parsed.items["all"]["data-spans"].split()) == 5  # the repeated span counted once, plus the empty one


def test_html_shows_grounding_on_every_item() -> None:
    brief = _brief("lumora")
    page = to_html(brief)
    for status in GroundingStatus:
        expected = sum(1 for i in [*brief.kpis, *brief.guidance] if i.grounding == status)
        assert page.count(f'class="badge g-{status.value}"') == expected
    assert page.count('class="badge g-cited"') == len(brief.ai_strategy) + len(brief.qa_themes)


def test_html_colours_yoy_by_sign() -> None:
    page = to_html(_brief("yunfan"))
    assert re.search(r'class="chg num pos">.*?\+9\.8%</td>', page)
    assert re.search(r'class="chg num neg">.*?-3\.2%</td>', page)


def test_html_rejects_a_transcript_that_does_not_match() -> None:
    with pytest.raises(RenderError, match="does not match this brief: sentence s15"):
        to_html(_brief("lumora"), transcript_text=_transcript("lumora").replace("$31.6 million", "$31.7 million"))


def test_html_has_a_print_stylesheet() -> None:
    page = to_html(_brief("lumora"), transcript_text=_transcript("lumora"))
    print_css = page[page.index("@media print") :]
    assert ".pane.source { display: none; }" in print_css
    assert "Cited sentences" in page


# --- terminal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_print_brief_shows_every_part(name: str) -> None:
    brief = _brief(name)
    console = Console(record=True, width=200, color_system=None)
    print_brief(brief, console)
    out = console.export_text()
    expected = [
        *(h for h in brief.highlights),
        *(k.metric for k in brief.kpis),
        *(g.metric for g in brief.guidance),
        *(p.point for p in brief.ai_strategy),
        *(t.theme for t in brief.qa_themes),
        *(a.firm or "" for t in brief.qa_themes for a in t.askers),
        *(r.reason for r in brief.rejected),
        *brief.warnings,
    ]
    for text in expected:
        assert text in out, text


def test_print_brief_formats_values_and_ignores_markup() -> None:
    brief = Brief(
        kpis=[KPI(metric="[bold]Revenue[/bold]", value=31.6e6, value_text="$31.6 million", unit="USD", yoy=-2.0)]
    )
    console = Console(record=True, width=160, color_system=None)
    print_brief(brief, console)
    out = console.export_text()
    assert "[bold]Revenue[/bold]" in out
    assert "$31.6M" in out and "-2%" in out


# --- the `summarizer render` command ----------------------------------------------------------


def _cli(*args: str) -> Result:
    from typer.testing import CliRunner

    from summarizer.cli import app

    return CliRunner().invoke(app, ["render", *args])


def test_cli_renders_markdown_without_a_model() -> None:
    result = _cli(str(FIXTURES / "brief_yunfan.json"), "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / "yunfan.md").read_text(encoding="utf-8")


def test_cli_renders_html_beside_the_transcript(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    args = ["--format", "html", "--transcript", str(FIXTURES / "lumora_for_render.txt"), "-o", str(out)]
    result = _cli(str(FIXTURES / "brief_lumora.json"), *args)
    assert result.exit_code == 0, result.output
    parsed = _parse(out.read_text(encoding="utf-8"))
    assert parsed.transcript == _transcript("lumora")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["missing.json"], "missing.json: no such file", id="missing_brief"),
        pytest.param(
            [
                str(FIXTURES / "brief_lumora.json"),
                "--format",
                "html",
                "--transcript",
                str(FIXTURES / "yunfan_for_render.txt"),
            ],
            "the transcript does not match this brief",
            id="wrong_transcript",
        ),
    ],
)
def test_cli_render_errors_are_one_line(args: list[str], message: str) -> None:
    result = _cli(*args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
