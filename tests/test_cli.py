"""The CLI through typer's CliRunner: help for every command, the model-free commands, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from typer.testing import CliRunner

from summarizer.cli import app

runner = CliRunner()
COMMANDS = ["run", "sections", "render", "schema", "doctor", "export"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout and len(result.stdout.splitlines()) > 3


def test_top_level_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.stdout


def test_sections_json() -> None:
    result = runner.invoke(app, ["sections", str(FIXTURES / "example-call.txt"), "--json"])
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert data["transcript"]["period"] == "2025Q2"
    kinds = [s["kind"] for s in data["sections"]]
    assert kinds.count("qa") == 2 and kinds.count("prepared_remarks") == 2
    firms = {s["firm"] for s in data["sections"] if s["kind"] == "qa"}
    assert firms == {"Granite Securities", "Alder Capital"}


def test_sections_table() -> None:
    result = runner.invoke(app, ["sections", str(FIXTURES / "example-call.txt")], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Priya Nair" in result.stdout and "Granite Securities" in result.stdout


def test_sections_of_a_missing_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sections", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error:") and len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(("name", "marker"), [("out.html", "<!doctype html"), ("out.md", "# "), ("out.json", "{")])
def test_render_picks_the_format_from_the_output_extension(tmp_path: Path, name: str, marker: str) -> None:
    out = tmp_path / name
    result = runner.invoke(app, ["render", str(FIXTURES / "brief_lumora.json"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").lstrip().startswith(marker)


def test_doctor_reports_a_remote_endpoint_without_touching_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("SUMMARIZER_MODEL", "my-model")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.stdout and "my-model" in result.stdout


def test_doctor_with_a_missing_local_model_fails_with_the_fix(tmp_path: Path) -> None:
    pytest.importorskip("xllamacpp")
    result = runner.invoke(app, ["doctor", "--local-model", str(tmp_path / "absent.gguf")])
    assert result.exit_code == 1
    assert "--local-model" in result.stdout and "absent.gguf is not a file" in result.stdout
    assert "fix: give an existing .gguf file" in result.stdout


def test_run_with_a_missing_local_model_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(FIXTURES / "example-call.txt"), "--local-model", str(tmp_path / "no.gguf")])
    assert result.exit_code == 1
    assert "no.gguf is not a file" in result.stderr and "Traceback" not in result.output


# --- shell completion ------------------------------------------------------------------------------

# Without it typer finds the shell from the process tree; with it the shell is the option's argument.
NO_DETECTION = "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"


@pytest.mark.parametrize(
    ("shell", "registers"),
    [
        pytest.param("bash", "complete -o default -F _summarizer_completion summarizer", id="bash"),
        pytest.param("zsh", "compdef _summarizer_completion summarizer", id="zsh"),
        pytest.param("fish", "complete --command summarizer", id="fish"),
    ],
)
def test_show_completion_prints_a_script_for_the_program(
    shell: str, registers: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_DETECTION, "1")
    result = runner.invoke(app, ["--show-completion", shell], prog_name="summarizer")
    assert result.exit_code == 0, result.output
    assert registers in result.stdout and "_SUMMARIZER_COMPLETE=complete_" in result.stdout


def test_completion_is_listed_in_the_help() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout


def _module(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``python -m summarizer ARGS`` from this checkout, with ``env`` added."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        env={**os.environ, "PYTHONPATH": path, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_python_m_prints_the_installed_commands_script_and_it_completes() -> None:
    shown = _module("--show-completion", "bash", env={NO_DETECTION: "1"})
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.rstrip().endswith("complete -o default -F _summarizer_completion summarizer")
    # what the script runs on <TAB>: a command's name, then an option's
    asked = {"_SUMMARIZER_COMPLETE": "complete_bash", "COMP_WORDS": "summarizer ba", "COMP_CWORD": "1"}
    assert _module(env=asked).stdout.split() == ["batch"]
    asked.update(COMP_WORDS="summarizer batch --ma", COMP_CWORD="2")
    assert _module(env=asked).stdout.split() == ["--max-cost", "--manifest"]


def test_install_completion_writes_the_script_under_home(tmp_path: Path) -> None:
    installed = _module("--install-completion", "bash", env={NO_DETECTION: "1", "HOME": str(tmp_path)})
    assert installed.returncode == 0, installed.stderr
    script = tmp_path / ".bash_completions" / "summarizer.sh"
    assert "_SUMMARIZER_COMPLETE=complete_bash" in script.read_text()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()
