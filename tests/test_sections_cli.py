"""``summarizer sections`` shows what the structure misses: the warning in the table view and in JSON."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner
from widths import COLON, ENUMERATION_COMMA, FULL_STOP, QUESTION

from summarizer.cli import app

runner = CliRunner()

UNREAD_QA = (
    f"一{ENUMERATION_COMMA}核心數據\n本季度收入為人民幣45億元{FULL_STOP}\n二{ENUMERATION_COMMA}分析師問答\n"
    f"Q1 - 請問利潤率展望{QUESTION}\n保持穩定{FULL_STOP}\nQ2 - 海外業務何時盈利{QUESTION}\n明年{FULL_STOP}\n"
)
READ_QA = (
    UNREAD_QA.replace("Q1 - ", f"Q1{COLON}")
    .replace("Q2 - ", f"Q2{COLON}")
    .replace(f"保持穩定{FULL_STOP}", f"A{COLON}保持穩定{FULL_STOP}")
)


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_sections_table_shows_the_warning(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sections", _write(tmp_path, UNREAD_QA)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stdout and "no question-and-answer section" in result.stdout


def test_sections_json_carries_the_warnings(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sections", _write(tmp_path, UNREAD_QA), "--json"])
    assert len(json.loads(result.stdout)["warnings"]) == 1
    result = runner.invoke(app, ["sections", _write(tmp_path, READ_QA), "--json"])
    data = json.loads(result.stdout)
    assert data["warnings"] == [] and [s["kind"] for s in data["sections"]].count("qa") == 2
