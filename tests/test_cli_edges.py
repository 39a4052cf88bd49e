"""Edges a hostile user finds in the CLI, over real HTTP to the loopback fake and real files.

A password in the base URL stays out of debug logs; an output that cannot be written fails
before the model runs; an unusable cache folder warns once, in one plain line, and the run goes
on; bad options and empty folders are one line and exit 1; ``render`` never writes JSON under
another extension; ``-o`` onto a symbolic link writes to its target.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES
from fake_openai import FakeOpenAI
from typer.testing import CliRunner

from summarizer.brief import Brief
from summarizer.cli import app

EXAMPLE = FIXTURES / "example-call.txt"
BRIEF = FIXTURES / "brief_lumora.json"
KEY = "sk-test-cli-edges-key"


def cli_env(fake: FakeOpenAI, tmp_path: Path, **extra: str | None) -> dict[str, str | None]:
    env: dict[str, str | None] = {
        "OPENAI_BASE_URL": fake.base_url,
        "OPENAI_API_KEY": KEY,
        "SUMMARIZER_MODEL": "fake",
        "SUMMARIZER_MODE": None,
        "SUMMARIZER_TIMEOUT": None,
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
        "SUMMARIZER_PRICES": str(tmp_path / "no-prices.json"),
    }
    env.update(extra)
    return env


def subprocess_env(env: dict[str, str | None]) -> dict[str, str]:
    merged = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name, value in env.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    return merged


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    return lines[0]


def test_a_password_in_the_base_url_stays_out_of_debug_logs(fake: FakeOpenAI, tmp_path: Path) -> None:
    password = "pw42"  # short: masked where the URL holds it, whatever its length
    url = fake.base_url.replace("http://", f"http://alice:{password}@")
    env = subprocess_env({**cli_env(fake, tmp_path, OPENAI_BASE_URL=None), "OPENAI_LOG": "debug"})
    done = subprocess.run(  # noqa: PLW1510 - the return code is asserted
        [sys.executable, "-m", "summarizer", "run", str(EXAMPLE), "--base-url", url, "-o", str(tmp_path / "b.json")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "HTTP Request: POST http://alice:***@127.0.0.1" in done.stderr  # the debug log really was on
    assert f":{password}@" not in done.stdout + done.stderr


def test_an_unwritable_output_fails_before_the_model_runs(fake: FakeOpenAI, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", "utf-8")
    out = tmp_path / "a-file" / "brief.json"  # its folder is a file: it can never be written
    result = CliRunner().invoke(app, ["run", str(EXAMPLE), "-o", str(out)], env=cli_env(fake, tmp_path))
    assert result.exit_code == 1
    assert "cannot write" in one_error_line(result.stderr)
    assert fake.requests == []  # found before any request, not after the whole run


def test_an_unusable_cache_folder_warns_once_in_plain_words_and_the_batch_goes_on(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    for name in ("a", "b"):
        (tmp_path / "in" / f"{name}.txt").write_text(EXAMPLE.read_text("utf-8").replace("Northwind", name), "utf-8")
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("not a folder", "utf-8")
    env = subprocess_env(cli_env(fake, tmp_path, SUMMARIZER_CACHE_DIR=str(blocker)))
    done = subprocess.run(  # noqa: PLW1510 - the return code is asserted
        [sys.executable, "-m", "summarizer", "batch", "-q", str(tmp_path / "in"), "-o", str(tmp_path / "out")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    warnings = [line for line in done.stderr.splitlines() if "response cache" in line]
    assert len(warnings) == 1 and warnings[0].startswith("warning: the response cache cannot be used"), done.stderr
    assert "FileExistsError" not in done.stderr and ".py:" not in done.stderr


def test_a_corrupt_cache_warning_has_no_python_location(fake: FakeOpenAI, tmp_path: Path) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "responses.sqlite").write_bytes(b"this is not a database" * 100)
    env = subprocess_env(cli_env(fake, tmp_path))
    done = subprocess.run(  # noqa: PLW1510 - the return code is asserted
        [sys.executable, "-m", "summarizer", "batch", "-q", str(EXAMPLE), "-o", str(tmp_path / "out")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    [warning] = [line for line in done.stderr.splitlines() if "response cache" in line]
    assert warning.startswith("warning: the response cache") and "unreadable" in warning
    assert ".py:" not in done.stderr and "CacheWarning" not in done.stderr


def test_run_with_zero_concurrency_is_one_line(fake: FakeOpenAI, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(EXAMPLE), "--concurrency", "0"], env=cli_env(fake, tmp_path))
    assert result.exit_code == 1
    assert "concurrency must be at least 1" in one_error_line(result.stderr)
    assert fake.requests == []


def test_an_empty_input_folder_is_an_error_not_zero_ok(fake: FakeOpenAI, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.json").write_text("{}", "utf-8")  # not a transcript
    result = CliRunner().invoke(
        app, ["batch", str(tmp_path / "empty"), "-o", str(tmp_path / "out")], env=cli_env(fake, tmp_path)
    )
    assert result.exit_code == 1
    assert "no transcript (*.htm, *.html, *.markdown, *.md, *.pdf, *.text, *.txt) in this folder" in result.stderr
    assert "0 ok, 0 partial, 1 failed" in result.stderr


def test_render_to_an_unknown_extension_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    result = CliRunner().invoke(app, ["render", str(BRIEF), "-o", str(out)])
    assert result.exit_code == 1
    assert "unknown output extension .pdf" in one_error_line(result.stderr)
    assert not out.exists()
    chosen = CliRunner().invoke(app, ["render", str(BRIEF), "-o", str(out), "--format", "md"])
    assert chosen.exit_code == 0 and out.read_text("utf-8").startswith("#")  # --format decides


def test_run_to_an_unknown_extension_is_an_error_before_the_model_runs(fake: FakeOpenAI, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(EXAMPLE), "-o", str(tmp_path / "r.pdf")], env=cli_env(fake, tmp_path))
    assert result.exit_code == 1
    assert "unknown output extension" in one_error_line(result.stderr)
    assert fake.requests == [] and not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("command", ["run", "render"])
def test_output_onto_a_symlink_writes_its_target(fake: FakeOpenAI, tmp_path: Path, command: str) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "brief.json"
    target.write_text("old", "utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    source = str(EXAMPLE) if command == "run" else str(BRIEF)
    result = CliRunner().invoke(app, [command, source, "-o", str(link), "-f", "json"], env=cli_env(fake, tmp_path))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and link.resolve() == target.resolve()
    Brief.model_validate_json(target.read_text("utf-8"))
    assert not list((tmp_path / "real").glob(".*.tmp")) and not list(tmp_path.glob(".*.tmp"))
