"""Batch progress in sections: the time left, the tally of calls and sections, the line and bar displays."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import FIXTURES
from fake_openai import FakeOpenAI
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.run.batch import Record
from summarizer.run.progress import LineProgress, RichProgress, SectionTally, duration, eta_text, progress_display


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        pytest.param(0, "0s", id="nothing"),
        pytest.param(44.6, "45s", id="seconds_rounded"),
        pytest.param(60, "1m00s", id="a_minute"),
        pytest.param(185, "3m05s", id="minutes_and_seconds"),
        pytest.param(3599.4, "59m59s", id="just_under_an_hour"),
        pytest.param(7620, "2h07m", id="hours_and_minutes"),
        pytest.param(-3, "0s", id="never_negative"),
    ],
)
def test_duration(seconds: float, text: str) -> None:
    assert duration(seconds) == text


@pytest.mark.parametrize(
    ("done", "left", "elapsed", "text"),
    [
        pytest.param(0, 10, 5.0, "eta ?", id="no_rate_before_the_first_section"),
        pytest.param(4, 0, 8.0, "eta 0s", id="nothing_left"),
        pytest.param(4, 6, 8.0, "eta 12s", id="two_seconds_a_section"),
        pytest.param(3, 1.5, 9.0, "eta 4s", id="an_estimated_fraction_left"),
        pytest.param(10, 400, 100.0, "eta 1h06m", id="hours"),
        pytest.param(5, 5, 0.0, "eta ?", id="no_time_elapsed"),
        pytest.param(8, 12, 0.2, "eta <1s", id="work_left_is_never_0s"),
    ],
)
def test_eta_text(done: int, left: float, elapsed: float, text: str) -> None:
    assert eta_text(done, left, elapsed) == text


def test_the_tally_estimates_unplanned_calls_and_drops_what_a_failed_call_left() -> None:
    tally = SectionTally(calls=3)
    assert tally.counts() == "calls 0/3" and tally.eta(0.0) == ""  # nothing planned: no estimate
    tally.plan("a", 0, 4, now=100.0)
    tally.plan("b", 0, 2, now=101.0)
    assert (tally.unplanned, tally.left, tally.total) == (1, 9.0, 9)  # c counts as the mean, 3
    assert tally.counts() == "calls 0/3, sections 0/~9" and tally.eta(102.0) == "eta ?"
    tally.plan("a", 3, 4, now=106.0)
    assert tally.line(106.0) == "calls 0/3, sections 3/~9, eta 12s"  # 2s a section, 6 left
    tally.plan("b", 1, 2, now=108.0)
    tally.finish("b")  # failed after one part: its other part is not left
    assert (tally.left, tally.counts()) == (4.0, "calls 1/3, sections 4/~8")
    tally.finish("c")  # skipped, never planned: the estimate is exact now
    assert tally.counts() == "calls 2/3, sections 4/5"
    tally.plan("a", 4, 4, now=110.0)
    tally.finish("a")
    assert tally.line(110.0) == "calls 3/3, sections 5/5, eta 0s"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_line_progress_is_one_line_per_call_and_a_heartbeat_between() -> None:
    out, clock = io.StringIO(), Clock()
    display = LineProgress(out, clock=clock, heartbeat=30.0)
    display.begin(3)
    display.record(Record(path="/in/done.txt", status="skipped", error="already done"), 0.0)
    assert out.getvalue() == ""  # a call resumed as done has no line of its own
    display.sections(Path("/in/a.txt"), 0, 4)
    clock.now += 10
    display.sections(Path("/in/a.txt"), 1, 4)
    assert out.getvalue() == ""  # under the heartbeat
    clock.now += 25
    display.sections(Path("/in/a.txt"), 2, 4)
    assert out.getvalue() == "batch calls 1/3, sections 2/~8, eta 1m45s\n"  # 17.5s a section, 6 left
    clock.now += 5
    display.sections(Path("/in/a.txt"), 4, 4)
    display.record(Record(path="/in/a.txt", status="ok"), 0.0)
    display.record(Record(path="/in/b.txt", error="/in/b.txt: file is empty"), 0.0)
    assert out.getvalue().splitlines()[1:] == [
        "batch calls 2/3, sections 4/~8, eta 40s: /in/a.txt ok",  # b not planned yet: counted as a's 4
        "batch calls 3/3, sections 4/4, eta 0s: /in/b.txt: file is empty",
    ]


def test_the_bar_advances_per_section() -> None:
    from rich.console import Console

    out, clock = io.StringIO(), Clock()
    with RichProgress(Console(file=out, force_terminal=True, width=160), clock=clock) as display:
        display.begin(2)
        display.sections(Path("/in/a.txt"), 0, 3)
        clock.now += 4
        display.sections(Path("/in/a.txt"), 2, 3)
        assert display.tally.line(clock.now) == "calls 0/2, sections 2/~6, eta 8s"
        display.sections(Path("/in/a.txt"), 3, 3)
        display.record(Record(path="/in/a.txt", status="ok", tokens=120), 0.0)
        display.record(Record(path="/in/b.txt", error="/in/b.txt: file is empty"), 0.0)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.getvalue())
    assert "failed: /in/b.txt: file is empty" in shown
    assert "calls 2/2, sections 3/3" in shown and "eta 0s" in shown and "tokens 120" in shown


def test_a_terminal_gets_the_bar_and_a_log_gets_lines() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert isinstance(progress_display(Terminal()), RichProgress)
    assert isinstance(progress_display(io.StringIO()), LineProgress)


# --- the batch command over the loopback fake ----------------------------------------------------------


@pytest.mark.filterwarnings("ignore:no price for model:UserWarning")
def test_batch_progress_counts_sections_and_gives_an_eta(
    fake: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SUMMARIZER_PRICES", str(tmp_path / "no-user-prices.json"))
    text = (FIXTURES / "example-call.txt").read_text("utf-8")
    (tmp_path / "in").mkdir()
    for name in ("Acme", "Bolt", "Cobalt", "Dune"):
        (tmp_path / "in" / f"{name.lower()}.txt").write_text(text.replace("Northwind", name), "utf-8")
    env = {"OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": "sk-test", "SUMMARIZER_MODEL": "fake"}
    args = ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--concurrency", "1"]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.stderr
    found = re.findall(r"^batch calls (\d)/4, sections (\d+)/(~?)(\d+), (eta \S+): (\S+) ok$", result.stderr, re.M)
    assert [int(calls) for calls, *_ in found] == [1, 2, 3, 4]
    done = [int(d) for _, d, *_ in found]
    assert done == sorted(done) and done[0] < done[-1]  # the third and fourth calls start later
    assert found[0][2] == "~" and found[-1][1:4] == (found[-1][3], "", found[-1][3])  # exact once all are planned
    assert found[-1][4] == "eta 0s"
    assert {Path(f[5]).name for f in found} == {"acme.txt", "bolt.txt", "cobalt.txt", "dune.txt"}
    assert "section parts to extract" not in result.stderr  # a call's own part lines are the bar's now
