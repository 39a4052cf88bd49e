"""schemas/brief.schema.json is generated from the models and must not go stale."""

import json
from pathlib import Path

from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.schema import brief_schema_json

SCHEMA_FILE = Path(__file__).parents[1] / "schemas" / "brief.schema.json"


def test_schema_file_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == brief_schema_json(), (
        "schemas/brief.schema.json is stale: run `summarizer schema > schemas/brief.schema.json`"
    )


def test_schema_command_prints_it() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "Brief"
