"""The one registry of output formats, shared by ``summarizer run``, ``summarizer render`` and
batch runs: names, extensions, the suffixes that choose a format, and rendering through it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.errors import ConfigError, RenderError
from summarizer.render import (
    FORMATS,
    format_for,
    get_format,
    load_brief,
    render,
    to_html,
    to_json,
    to_markdown,
)
from summarizer.run import batch, files

FIXTURES = Path(__file__).parent / "fixtures"
BRIEF = FIXTURES / "brief_lumora.json"
TRANSCRIPT = FIXTURES / "lumora_for_render.txt"


def test_the_formats_and_their_extensions() -> None:
    assert {name: f.extension for name, f in FORMATS.items()} == {"json": ".json", "md": ".md", "html": ".html"}
    assert all(f.extension in f.suffixes for f in FORMATS.values())


def test_render_draws_each_format_with_its_renderer() -> None:
    brief, text = load_brief(BRIEF), TRANSCRIPT.read_text(encoding="utf-8")
    assert render(brief, "json") == to_json(brief)
    assert render(brief, "md", transcript_text=text) == to_markdown(brief)
    assert render(brief, "html", transcript_text=text) == to_html(brief, transcript_text=text)
    assert render(brief, "html") == to_html(brief)
    with pytest.raises(RenderError, match="does not match this brief"):
        render(brief, "html", transcript_text="another call")


def test_an_unknown_format_names_the_choices() -> None:
    with pytest.raises(ConfigError, match=r"^unknown format 'pdf'; choose one of json, md, html$"):
        get_format("pdf")
    with pytest.raises(ConfigError, match="unknown format"):
        render(load_brief(BRIEF), "pdf")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("brief.md", "md", id="md"),
        pytest.param("brief.Markdown", "md", id="markdown_any_case"),
        pytest.param("brief.html", "html", id="html"),
        pytest.param("brief.HTM", "html", id="htm_any_case"),
        pytest.param("brief.json", "json", id="json"),
        pytest.param("brief.txt", "json", id="unknown_suffix"),
        pytest.param("brief", "json", id="no_suffix"),
        pytest.param(None, "json", id="no_path"),
    ],
)
def test_format_for_a_path(path: str | None, expected: str) -> None:
    assert format_for(Path(path) if path else None, default="json") == expected


def test_batch_names_outputs_from_the_registry(tmp_path: Path) -> None:
    assert batch.FORMATS is FORMATS
    for f in FORMATS.values():
        named = files.output_paths([Path("calls/acme.txt")], tmp_path, f.extension)
        assert named[Path("calls/acme.txt")].name.endswith(f.extension)


@pytest.mark.parametrize(
    ("suffix", "start"),
    [pytest.param(".markdown", "# Lumora", id="markdown"), pytest.param(".htm", "<!doctype html>", id="htm")],
)
def test_the_render_command_picks_the_format_from_the_output_suffix(tmp_path: Path, suffix: str, start: str) -> None:
    out = tmp_path / f"brief{suffix}"
    result = CliRunner().invoke(app, ["render", str(BRIEF), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(start)


def test_the_cli_rejects_an_unknown_format_in_one_line() -> None:
    result = CliRunner().invoke(app, ["render", str(BRIEF), "--format", "pdf"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: unknown format 'pdf'; choose one of json, md, html"
