"""``summarizer run -`` reads standard input, in any text encoding, like a file."""

from __future__ import annotations

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from summarizer import api
from summarizer.brief import Brief
from summarizer.cli import app
from summarizer.document import Transcript

runner = CliRunner()


def test_run_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Transcript] = []

    def fake(transcript: Transcript, **options: object) -> Brief:
        seen.append(transcript)
        return Brief(company="Northwind")

    monkeypatch.setattr(api, "summarize_transcript", fake)
    text = (FIXTURES / "example-call.txt").read_text("utf-8")
    result = runner.invoke(app, ["run", "-", "-q", "-f", "json"], input=text.encode("utf-16"))
    assert result.exit_code == 0, result.output
    assert seen[0].text == text and seen[0].name == "stdin"
    assert '"company": "Northwind"' in result.stdout


def test_run_with_empty_standard_input_is_one_line() -> None:
    result = runner.invoke(app, ["run", "-", "-q"], input="")
    assert result.exit_code == 1
    assert result.output.strip() == "error: stdin is empty (no text to summarise)"


def test_version_and_short_model_flag() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("summarizer ")
    assert "-m" in runner.invoke(app, ["run", "--help"], env={"COLUMNS": "200"}).stdout


def test_written_files_honour_the_umask(tmp_path) -> None:
    import os

    from summarizer.run.files import write_atomic

    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "brief.json", "{}")
    finally:
        os.umask(old)
    assert (tmp_path / "brief.json").stat().st_mode & 0o777 == 0o640
