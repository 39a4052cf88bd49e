"""`summarizer compare`, `summarizer timeline` and `summarizer change-schema` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from briefs import ai, brief, guide, kpi
from fake_openai import FakeOpenAI
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.compare.change import Change, GuidanceVerdict, MatchMethod
from summarizer.schema import change_schema_json

runner = CliRunner()
B = 1e9
SCHEMA_FILE = Path(__file__).parents[1] / "schemas" / "change.schema.json"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def briefs(tmp_path: Path) -> tuple[Path, Path]:
    prev = brief(
        "2031Q1",
        kpis=[kpi("revenue", 2.0 * B, "$2.0 billion", key="revenue", period="2031Q1")],
        guidance=[guide("revenue", 8.0 * B, 8.4 * B, key="revenue", period="FY2031")],
        ai_points=[ai("A planning assistant for warehouse robots", "ai1")],
    )
    cur = brief(
        "2031Q2",
        kpis=[kpi("revenue", 2.3 * B, "$2.3 billion", key="revenue", period="2031Q2")],
        guidance=[guide("revenue", 8.5 * B, 8.7 * B, key="revenue", period="FY2031")],
        ai_points=[ai("The planning assistant for warehouse robots ships", "ai1")],
    )
    return (
        _write(tmp_path / "prev.json", prev.model_dump_json()),
        _write(tmp_path / "cur.json", cur.model_dump_json()),
    )


@pytest.mark.parametrize("command", ["compare", "timeline", "change-schema"])
def test_every_new_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout and len(result.stdout.splitlines()) > 3
    assert command in runner.invoke(app, ["--help"]).stdout


def test_change_schema_file_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == change_schema_json(), (
        "schemas/change.schema.json is stale: run `summarizer change-schema > schemas/change.schema.json`"
    )
    result = runner.invoke(app, ["change-schema"])
    assert result.exit_code == 0 and json.loads(result.stdout)["title"] == "Change"


def test_compare_briefs_to_json(briefs: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "change.json"
    result = runner.invoke(app, ["compare", *map(str, briefs), "-o", str(out), "--no-model"])
    assert result.exit_code == 0, result.output
    change = Change.model_validate_json(out.read_text("utf-8"))
    assert [g.verdict for g in change.guidance_changes] == [GuidanceVerdict.raised]
    assert change.kpis[0].change_pct == pytest.approx(15.0)
    assert change.matching.method is MatchMethod.word_overlap
    assert (change.before.period, change.after.period) == ("2031Q1", "2031Q2")


def test_compare_to_markdown_and_html(briefs: tuple[Path, Path], tmp_path: Path) -> None:
    md = runner.invoke(app, ["compare", *map(str, briefs), "--no-model", "-f", "md"])
    assert md.exit_code == 0, md.output
    assert "# Fennel Robotics: 2031Q1 to 2031Q2" in md.stdout
    assert "| revenue | FY2031 | $8B to $8.4B | $8.5B to $8.7B |  | raised |" in md.stdout
    assert "matched by shared words, not by meaning" in md.stdout
    page = tmp_path / "change.html"
    result = runner.invoke(app, ["compare", *map(str, briefs), "--no-model", "-o", str(page)])
    assert result.exit_code == 0, result.output
    text = page.read_text("utf-8")
    assert "Content-Security-Policy" in text and "src=" not in text and "<script" not in text


def test_compare_stdout_is_json_when_piped(briefs: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["compare", *map(str, briefs), "--no-model"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["company"] == "Fennel Robotics"


def test_compare_a_missing_file_fails_cleanly(tmp_path: Path) -> None:
    result = runner.invoke(app, ["compare", str(tmp_path / "nope.json"), str(tmp_path / "nope2.json"), "--no-model"])
    assert result.exit_code == 1
    assert result.output.startswith("error:")


_CALL = """Fennel Robotics {quarter} quarter 2031 earnings call

Operator
Good morning and welcome to the Fennel Robotics {quarter} quarter 2031 earnings call.

Dana Reyes - Chief Financial Officer
Thank you, operator.
In the {quarter} quarter, revenue was {revenue}, up {growth}% year over year.
Free cash flow was {fcf} in the quarter.
We now expect full-year revenue between {low} and {high}.
"""


def test_compare_transcripts_summarises_them_through_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-key")
    first = _write(
        tmp_path / "q1.txt",
        _CALL.format(
            quarter="first",
            revenue="$2.0 billion",
            growth=8,
            fcf="$310 million",
            low="$8.0 billion",
            high="$8.4 billion",
        ),
    )
    second = _write(
        tmp_path / "q2.txt",
        _CALL.format(
            quarter="second",
            revenue="$2.3 billion",
            growth=12,
            fcf="$350 million",
            low="$8.5 billion",
            high="$8.7 billion",
        ),
    )
    out = tmp_path / "change.json"
    with FakeOpenAI() as fake:
        args = [
            "compare",
            str(first),
            str(second),
            "-o",
            str(out),
            "--base-url",
            fake.base_url,
            "--model",
            "fake",
            "-q",
        ]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        asked = len(fake.requests)
        assert asked > 0
        again = runner.invoke(app, args)
        assert again.exit_code == 0 and len(fake.requests) == asked  # the second run is answered by the cache
    change = Change.model_validate_json(out.read_text("utf-8"))
    assert (change.before.period, change.after.period) == ("2031Q1", "2031Q2")
    assert [(g.verdict, g.period) for g in change.guidance_changes] == [(GuidanceVerdict.raised, "FY2031")]
    revenue = next(k for k in change.kpis if k.key == "revenue")
    assert (revenue.before.value, revenue.after.value) == (2.0 * B, 2.3 * B)
    assert revenue.before.evidence[0].text.startswith("In the first quarter")


def test_timeline_of_a_folder(briefs: tuple[Path, Path], tmp_path: Path) -> None:
    other = brief(
        "2031Q2", company="Gorse Foods", kpis=[kpi("revenue", 5 * B, "$5 billion", key="revenue", period="2031Q2")]
    )
    _write(tmp_path / "gorse.json", other.model_dump_json())
    mixed = runner.invoke(app, ["timeline", str(tmp_path), "-f", "md"])
    assert mixed.exit_code == 1 and "choose one with --company" in mixed.output
    page = tmp_path / "timeline.html"
    result = runner.invoke(app, ["timeline", str(tmp_path), "--company", "Fennel Robotics", "-o", str(page)])
    assert result.exit_code == 0, result.output
    text = page.read_text("utf-8")
    assert text.count("<svg") >= 2 and "guidance for FY2031 given 2031Q1" in text and "Gorse" not in text
    md = runner.invoke(app, ["timeline", *map(str, briefs), "-f", "md"])
    assert "| revenue | $2B | $2.3B |" in md.stdout
    assert "| revenue: guidance given 2031Q1 | $8B to $8.4B |" in md.stdout


def test_the_readme_examples_are_what_the_views_print() -> None:
    from briefs import fennel_calls

    from summarizer.compare import build_timeline, by_words
    from summarizer.render import change as change_view
    from summarizer.render import timeline as timeline_view

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What changed since last quarter", 1)[1].split("\n## Configuration", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| metric")]
    q4, q1, q2 = fennel_calls()
    printed = change_view.to_markdown(by_words(q1, q2)) + timeline_view.to_markdown(build_timeline([q4, q1, q2]))
    assert len(rows) > 10
    missing = [row for row in rows if row not in printed]
    assert missing == [], "README rows the views no longer print"
