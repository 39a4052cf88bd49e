"""Call metadata: dates read from text, given values checked and winning over detected ones, batch manifests and name patterns."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from fake_openai import FakeOpenAI

from summarizer import api
from summarizer.errors import ConfigError
from summarizer.ingest import callinfo, readers
from summarizer.ingest.header import read_call_date
from summarizer.text.dates import find_dates, find_months, parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        pytest.param("2025-07-30", "2025-07-30", id="iso"),
        pytest.param("2025/7/3", "2025-07-03", id="year_first_slashes"),
        pytest.param("July 30, 2025", "2025-07-30", id="month_day_year"),
        pytest.param("Sept. 3 2025", "2025-09-03", id="abbreviated_month"),
        pytest.param("30th of July 2025", "2025-07-30", id="day_month_year"),
        pytest.param("2025年7月30日", "2025-07-30", id="chinese"),
        pytest.param(
            "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in "2025-07-30"), "2025-07-30", id="full_width"
        ),
        pytest.param("February 30, 2025", None, id="not_a_day"),
        pytest.param("07/30/2025", None, id="ambiguous_order"),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_find_dates_spans_index_the_text() -> None:
    text = "Call held on July 30, 2025 after 2025-07-29."
    assert [(d.iso, text[d.start : d.end]) for d in find_dates(text)] == [
        ("2025-07-30", "July 30, 2025"), ("2025-07-29", "2025-07-29"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        pytest.param("Acme Q3 2024 Earnings Call, October 30, 2024\nOperator\n", "2024-10-30", id="title_line"),
        pytest.param("Event Date: 2025-07-30, 5:00 PM ET\nOperator\n", "2025-07-30", id="date_line"),
        pytest.param("Wednesday, July 30, 2025\nOperator\n", "2025-07-30", id="weekday"),
        pytest.param("Operator\nAs of June 30, 2025, we had $2 million in cash.\n", None, id="balance_sheet_date"),
        pytest.param("Operator\nWelcome.\n", None, id="none"),
    ],
)
def test_read_call_date(text: str, iso: str | None) -> None:
    assert read_call_date(text) == iso


def test_checked_normalises_and_names_bad_values() -> None:
    assert callinfo.checked({"company": " Acme ", "ticker": "acme", "period": "Q3 2024", "call_date": "Oct 30, 2024"}) == {
        "company": "Acme", "ticker": "ACME", "period": "2024Q3", "call_date": "2024-10-30",
    }  # fmt: skip
    assert callinfo.checked({"company": "", "period": None}) == {}
    with pytest.raises(ConfigError, match="period 'soon'"):
        callinfo.checked({"period": "soon"})
    with pytest.raises(ConfigError, match="call date"):
        callinfo.checked({"call_date": "tomorrow"})


def test_name_pattern_and_manifest(tmp_path: Path) -> None:
    pattern = callinfo.name_pattern("{ticker}_{period}")
    assert callinfo.checked(callinfo.from_name(pattern, "calls/nwrb_Q2 2025.pdf")) == {
        "ticker": "NWRB",
        "period": "2025Q2",
    }
    assert callinfo.from_name(pattern, "no-underscore.txt") == {}
    with pytest.raises(ConfigError, match="names no field"):
        callinfo.name_pattern("{nothing}")
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.pdf"):
        (tmp_path / name).write_text("x")
    (tmp_path / "m.csv").write_text(
        "path,company,period,call_date\na.txt,Acme,Q1 2025,2025-04-30\nsub/b.pdf,,FY2024,\n"
    )
    rows = callinfo.read_manifest(tmp_path / "m.csv")
    assert rows == {
        (tmp_path / "a.txt").resolve(): {"company": "Acme", "period": "2025Q1", "call_date": "2025-04-30"},
        (tmp_path / "sub" / "b.pdf").resolve(): {"period": "FY2024"},
    }
    (tmp_path / "bad.csv").write_text("path,period\na.txt,someday\n")
    with pytest.raises(ConfigError, match="row 2: period 'someday'"):
        callinfo.read_manifest(tmp_path / "bad.csv")


def test_given_metadata_wins_and_the_brief_says_so() -> None:
    path = FIXTURES / "example-call.txt"
    with FakeOpenAI() as fake:
        options = {"base_url": fake.base_url, "api_key": "k", "model": "fake"}
        detected = api.summarize_file(path, **options)
        given = api.summarize_file(path, company="Northwind Robotics", ticker="nwrb", period="Q3 2025", **options)
    assert detected.period == "2025Q2" and detected.metadata_source["period"] == "detected"
    assert (given.company, given.ticker, given.period) == ("Northwind Robotics", "NWRB", "2025Q3")
    assert given.metadata_source == {"company": "given", "ticker": "given", "period": "given"}
    transcript = callinfo.with_call_info(readers.load_path(path), {"period": "2025Q3"})
    assert transcript.given == ["period"] and transcript.period == "2025Q3"


def test_a_misspelt_option_fails_at_once() -> None:
    with pytest.raises(ConfigError, match="period"):
        api.Session(period="next year-ish")


@pytest.mark.parametrize(
    ("text", "months"),
    [
        pytest.param("The programme will expire at the end of February 2026.", [(2026, 2)], id="month_year"),
        pytest.param("paid on Jan. 15, 2026 and again in Sept 2026", [(2026, 1), (2026, 9)], id="date_then_month"),
        pytest.param("on 15 March 2027", [(2027, 3)], id="day_month_year_once"),
        pytest.param("該計劃將於2026年2月底到期", [(2026, 2)], id="zh_month"),
        pytest.param("2026年7月30日", [(2026, 7)], id="zh_date_once"),
        pytest.param("in 2026, revenue may rise", [], id="year_alone_is_no_month"),
    ],
)
def test_find_months_reads_months_with_or_without_a_day(text: str, months: list[tuple[int, int]]) -> None:
    assert find_months(text) == months
