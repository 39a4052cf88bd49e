"""Bad input through the CLI: a clear one-line error and exit 1, or a graceful result.

Never a traceback, never a half-written output file, and an existing output file is left as it
was when a run fails. Inputs that can be read are summarised against the loopback fake server
(``fake_openai.py``), which also plays a model with a limited context window.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES
from fake_openai import FakeOpenAI
from typer.testing import CliRunner

from summarizer.brief import Brief
from summarizer.cli import app

EXAMPLE = FIXTURES / "example-call.txt"
CONTEXT_CHARS = 40_000  # the fake model's window: about 10k tokens, above one remote section

# A fictional call (not taken from any real transcript), in traditional and simplified script.
ZH_TRAD = (
    "星辰物流2025年第二季度業績電話會\n"
    "主持人:歡迎參加星辰物流2025年第二季度業績電話會議。\n"
    "管理層:\n本季度公司總收入為人民幣8.4億元,同比增長21%。\n毛利率為31.5%。\n"
    "分析師(遠山證券):\n請問下半年的價格展望?\n管理層:\n我們預計價格保持穩定。\n"
)
ZH_SIMP = (
    "星辰物流2025年第二季度业绩电话会\n"
    "主持人:欢迎参加星辰物流2025年第二季度业绩电话会议。\n"
    "管理层:\n本季度公司总收入为人民币8.4亿元,同比增长21%。\n毛利率为31.5%。\n"
    "分析师(远山证券):\n请问下半年的价格展望?\n管理层:\n我们预计价格保持稳定。\n"
)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(context_chars=CONTEXT_CHARS) as server:
        yield server


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    out: Path

    @property
    def brief(self) -> Brief:
        return Brief.model_validate_json(self.out.read_text("utf-8"))


def run(fake: FakeOpenAI, source: Path, out: Path, *extra: str) -> Run:
    env = {
        "OPENAI_BASE_URL": fake.base_url,
        "OPENAI_API_KEY": "sk-test-bad-input",
        "SUMMARIZER_MODEL": "fake",
        "SUMMARIZER_MODE": None,
        "SUMMARIZER_TIMEOUT": None,
    }
    result = CliRunner().invoke(app, ["run", str(source), "-o", str(out), *extra], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    return Run(result.exit_code, result.stdout, result.stderr, out)


def no_leftovers(folder: Path, keep: set[str]) -> None:
    """Nothing but ``keep`` in ``folder``: no temporary or half-written files."""
    assert {p.name for p in folder.iterdir()} == keep


# --- refused with one clear line -------------------------------------------------------------------


def write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


def fifty_megabytes(folder: Path) -> Path:
    path = folder / "huge.txt"
    line = b"Total revenue was $48.2 million in the second quarter, up 18% year-over-year.\n"
    with path.open("wb") as f:
        for _ in range(50 * 1024 * 1024 // (len(line) * 1024) + 1):
            f.write(line * 1024)
    assert path.stat().st_size >= 50 * 1024 * 1024
    return path


def a_directory(folder: Path) -> Path:
    path = folder / "calls.txt"
    path.mkdir()
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(write("empty.txt", b""), "file is empty", id="empty"),
        pytest.param(write("blank.txt", b" \n\t\r\n  \n"), "file is empty", id="whitespace_only"),
        pytest.param(write("blob.txt", random.Random(9).randbytes(4096)), "binary", id="binary_random_bytes"),
        pytest.param(write("scan.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4), "a PNG image", id="png_renamed"),
        pytest.param(write("report.docx", b"PK\x03\x04"), "unsupported file type", id="unsupported_suffix"),
        pytest.param(write("report.pdf", b"%PDF-1.7\n"), "cannot read the PDF", id="broken_pdf"),
        pytest.param(fifty_megabytes, "larger than the 5,242,880-byte limit", id="fifty_megabytes"),
        pytest.param(lambda folder: folder / "missing.txt", "no such file", id="missing"),
        pytest.param(a_directory, "is a directory", id="directory"),
    ],
)
def test_unreadable_input_is_one_error_line(
    fake: FakeOpenAI, tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    source_dir, out_dir = tmp_path / "in", tmp_path / "out"
    source_dir.mkdir()
    out_dir.mkdir()
    source = make(source_dir)
    result = run(fake, source, out_dir / "brief.json")
    assert result.code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines
    assert result.stdout == ""
    no_leftovers(out_dir, set())
    assert fake.requests == []  # refused before any model call


def test_a_failed_run_leaves_the_previous_output_untouched(fake: FakeOpenAI, tmp_path: Path) -> None:
    out = tmp_path / "brief.json"
    out.write_text('{"previous": true}', "utf-8")
    source = tmp_path / "empty.txt"
    source.write_bytes(b"")
    assert run(fake, source, out).code == 1
    assert out.read_text("utf-8") == '{"previous": true}'
    no_leftovers(tmp_path, {"brief.json", "empty.txt"})


@pytest.mark.parametrize(
    ("output", "message"),
    [
        pytest.param("existing_dir", "it is a directory", id="output_is_a_directory"),
        pytest.param("a_file.txt/brief.json", "cannot write", id="output_under_a_file"),
    ],
)
def test_an_unwritable_output_is_one_error_line(fake: FakeOpenAI, tmp_path: Path, output: str, message: str) -> None:
    (tmp_path / "existing_dir").mkdir()
    (tmp_path / "a_file.txt").write_text("not a folder", "utf-8")
    result = run(fake, EXAMPLE, tmp_path / output, "-q")
    assert result.code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines
    assert (tmp_path / "a_file.txt").read_text("utf-8") == "not a folder"
    assert list((tmp_path / "existing_dir").iterdir()) == []


def test_a_corrupt_brief_is_one_error_line(tmp_path: Path) -> None:
    broken = tmp_path / "brief.json"
    broken.write_text('{"kpis": [', "utf-8")
    result = CliRunner().invoke(app, ["render", str(broken), "-o", str(tmp_path / "brief.md")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    no_leftovers(tmp_path, {"brief.json"})


# --- read and summarised ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(ZH_SIMP.encode("gbk"), "8.4亿元", id="gbk"),
        pytest.param(ZH_SIMP.encode("gb18030"), "8.4亿元", id="gb18030"),
        pytest.param(ZH_TRAD.encode("big5"), "8.4億元", id="big5"),
        pytest.param(ZH_TRAD.encode("utf-16"), "8.4億元", id="utf16_with_bom"),
        pytest.param(ZH_TRAD.encode("utf-16-le"), "8.4億元", id="utf16_le_without_bom"),
        pytest.param(ZH_TRAD.encode("utf-16-be"), "8.4億元", id="utf16_be_without_bom"),
    ],
)
def test_other_encodings_are_decoded(fake: FakeOpenAI, tmp_path: Path, data: bytes, expected: str) -> None:
    source = tmp_path / "call.txt"
    source.write_bytes(data)
    result = run(fake, source, tmp_path / "brief.json", "-q")
    assert result.code == 0, result.stderr
    assert result.brief.company in {"星辰物流"}
    assert result.brief.source.languages == ["zh"]
    assert any(expected in r.section for r in fake.requests)  # the model saw the decoded text


def test_one_enormous_line_is_split_into_sentences(fake: FakeOpenAI, tmp_path: Path) -> None:
    source = tmp_path / "one_line.txt"
    source.write_text(EXAMPLE.read_text("utf-8").replace("\n", " ") * 25, "utf-8")
    assert "\n" not in source.read_text("utf-8") and source.stat().st_size > 50_000
    result = run(fake, source, tmp_path / "brief.json", "-q")
    # Flattened onto one line, the call's questions have no Q&A section: the brief says so.
    assert result.code == 3, result.stderr
    assert not result.brief.complete and any("Q&A" in w for w in result.brief.warnings)
    sections = [r for r in fake.requests if r.schema != "Highlights"]
    assert len(sections) > 1  # cut into several requests, none over the window
    assert all(len(r.section) < CONTEXT_CHARS for r in sections)


def test_text_without_structure_gives_a_brief(fake: FakeOpenAI, tmp_path: Path) -> None:
    source = tmp_path / "ramble.txt"
    source.write_text("we walked along the river and talked about nothing much\nthe birds were loud\n" * 40, "utf-8")
    result = run(fake, source, tmp_path / "brief.json", "-q")
    assert result.code == 0, result.stderr
    brief = result.brief
    assert brief.complete and brief.kpis == [] and brief.company is None
    no_leftovers(tmp_path, {"ramble.txt", "brief.json"})


def endless_sentence(folder: Path) -> Path:
    words = "and the robots kept moving more parcels across more warehouses every single night".split()
    rng = random.Random(3)
    sentence = " ".join(rng.choice(words) for _ in range(30_000))  # ~200k characters, no full stop
    path = folder / "endless.txt"
    path.write_text(f"Maria Chen - Chief Executive Officer\n{sentence}\n", "utf-8")
    return path


def test_a_sentence_longer_than_the_context_does_not_crash(fake: FakeOpenAI, tmp_path: Path) -> None:
    result = run(fake, endless_sentence(tmp_path), tmp_path / "brief.json", "-q")
    assert result.code in (0, 3)
    brief = result.brief
    assert brief.complete or any("failed:" in w for w in brief.warnings)
    no_leftovers(tmp_path, {"endless.txt", "brief.json"})


def test_a_sentence_longer_than_the_context_is_split(fake: FakeOpenAI, tmp_path: Path) -> None:
    result = run(fake, endless_sentence(tmp_path), tmp_path / "brief.json", "-q")
    assert result.code == 0, result.stderr
    assert result.brief.complete
    assert all(len(r.section) < CONTEXT_CHARS for r in fake.requests)


def test_no_temporary_file_survives_a_successful_run(fake: FakeOpenAI, tmp_path: Path) -> None:
    source = tmp_path / "call.txt"
    source.write_bytes(EXAMPLE.read_bytes())
    result = run(fake, source, tmp_path / "brief.json", "-q")
    assert result.code == 0
    no_leftovers(tmp_path, {"call.txt", "brief.json"})
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]
