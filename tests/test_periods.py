"""Period phrases -> canonical "2024Q3" / "2024H1" / "FY2024", absolute and relative."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.text.periods import find_period, find_periods, normalize_period, period_order, shift


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Welcome to the Zentrik third quarter 2024 results call.",
            ("2024Q3", "third quarter 2024"),
            id="en_ordinal_no_of",
        ),
        pytest.param(
            "Results for the third quarter of 2024 follow.", ("2024Q3", "third quarter of 2024"), id="en_ordinal_of"
        ),
        pytest.param("the third-quarter 2024 call", ("2024Q3", "third-quarter 2024"), id="en_hyphenated"),
        pytest.param(
            "our fourth quarter and full year 2024 results",
            ("2024Q4", "fourth quarter and full year 2024"),
            id="en_quarter_and_full_year",
        ),
        pytest.param(
            "the second quarter of fiscal 2025", ("2025Q2", "second quarter of fiscal 2025"), id="en_fiscal_quarter"
        ),
        pytest.param("Q3 2024 earnings", ("2024Q3", "Q3 2024"), id="q_space_year"),
        pytest.param("Q2 2025 outlook", ("2025Q2", "Q2 2025"), id="q2_2025"),
        pytest.param("Q3'24 call", ("2024Q3", "Q3'24"), id="q_apostrophe"),
        pytest.param("Q3 FY25 call", ("2025Q3", "Q3 FY25"), id="q_fy_two_digit"),
        pytest.param("FY24 Q3 call", ("2024Q3", "FY24 Q3"), id="fy_then_q"),
        pytest.param("2024Q3 numbers", ("2024Q3", "2024Q3"), id="canonical_itself"),
        pytest.param("3Q24 call", ("2024Q3", "3Q24"), id="nqyy"),
        pytest.param("以下為 4Q24業績電話會紀要", ("2024Q4", "4Q24"), id="nqyy_before_cjk"),
        pytest.param("3Q 2024", ("2024Q3", "3Q 2024"), id="nq_space_year"),
        pytest.param("３Ｑ２４業績", ("2024Q3", "３Ｑ２４"), id="full_width"),
        pytest.param(
            "歡迎參加 2024 年第三季財務業績電話會議", ("2024Q3", "2024 年第三季"), id="zh_third_quarter_short"
        ),
        pytest.param("2024年第四季度業績", ("2024Q4", "2024年第四季度"), id="zh_fourth_quarter"),
        pytest.param("2024 年第 3 季度", ("2024Q3", "2024 年第 3 季度"), id="zh_arabic_quarter"),
        pytest.param("2024年三季度", ("2024Q3", "2024年三季度"), id="zh_no_di"),
        pytest.param("2025年Q1業績", ("2025Q1", "2025年Q1"), id="zh_year_q"),
        pytest.param("二〇二四年第三季度", ("2024Q3", "二〇二四年第三季度"), id="zh_numeral_year"),
        pytest.param("2025财年第一财季", ("2025Q1", "2025财年第一财季"), id="zh_fiscal_quarter_simplified"),
        pytest.param("FY2025 targets", ("FY2025", "FY2025"), id="fy4"),
        pytest.param("FY25 targets", ("FY2025", "FY25"), id="fy2"),
        pytest.param("for fiscal year 2024", ("FY2024", "fiscal year 2024"), id="fiscal_year"),
        pytest.param("for fiscal 2024", ("FY2024", "fiscal 2024"), id="fiscal"),
        pytest.param("full year 2024 revenue", ("FY2024", "full year 2024"), id="full_year"),
        pytest.param("full-year 2024 revenue", ("FY2024", "full-year 2024"), id="full_year_hyphen"),
        pytest.param(
            "the fiscal year ended December 31, 2023",
            ("FY2023", "fiscal year ended December 31, 2023"),
            id="year_ended",
        ),
        pytest.param("2024 年全年收入", ("FY2024", "2024 年全年"), id="zh_full_year"),
        pytest.param("2024財年", ("FY2024", "2024財年"), id="zh_fiscal_year"),
        pytest.param("2024年度業績", ("FY2024", "2024年度"), id="zh_niandu"),
        pytest.param("H1 2025", ("2025H1", "H1 2025"), id="half_h1"),
        pytest.param("1H25", ("2025H1", "1H25"), id="half_1h"),
        pytest.param("the second half of 2024", ("2024H2", "second half of 2024"), id="half_words"),
        pytest.param("2024年上半年", ("2024H1", "2024年上半年"), id="zh_half"),
        pytest.param("2024 年，我們的總收入達到", ("FY2024", "2024 年"), id="zh_lone_year_as_period"),
        pytest.param("In 2024, revenue grew", ("FY2024", "2024"), id="en_in_year"),
        pytest.param("in 2024 Q3 revenue", ("2024Q3", "2024 Q3"), id="en_in_year_quarter"),
    ],
)
def test_find_period(text: str, expected: tuple[str, str]) -> None:
    assert find_period(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Revenue was $24 million.", id="amount_is_not_a_year"),
        pytest.param("Since 2019 we have grown.", id="bare_year_in_sentence"),
        pytest.param("H1 20 million users", id="h1_then_count"),
        pytest.param("3Q 24 stores", id="two_digit_year_needs_adjacency"),
        pytest.param("1,024年", id="digit_group_not_a_year"),
        pytest.param("截至 2024 年 12 月 31 日", id="zh_date"),
        pytest.param("2023 年初", id="zh_point_in_year"),
        pytest.param("this quarter", id="relative_needs_reference"),
        pytest.param("", id="empty"),
    ],
)
def test_find_period_none(text: str) -> None:
    assert find_period(text) is None


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        pytest.param("this quarter", "2024Q3", "2024Q3", id="this_quarter"),
        pytest.param("the quarter", "2024Q3", "2024Q3", id="the_quarter"),
        pytest.param("本季度", "2024Q4", "2024Q4", id="zh_this_quarter"),
        pytest.param("next quarter", "2024Q4", "2025Q1", id="next_quarter_wraps"),
        pytest.param("下個季度", "2024Q3", "2024Q4", id="zh_next_quarter"),
        pytest.param("last quarter", "2025Q1", "2024Q4", id="last_quarter_wraps"),
        pytest.param("上一季度", "2024Q4", "2024Q3", id="zh_previous_quarter"),
        pytest.param("the same quarter last year", "2024Q3", "2023Q3", id="same_quarter_last_year"),
        pytest.param("去年同期", "2024Q4", "2023Q4", id="zh_year_ago"),
        pytest.param("fourth quarter", "2024Q3", "2024Q4", id="ordinal_without_year"),
        pytest.param("the fourth quarter", "2024Q3", "2024Q4", id="the_ordinal_without_year"),
        pytest.param("Q4", "2024Q3", "2024Q4", id="q_without_year"),
        pytest.param("Q3 last year", "2024Q3", "2023Q3", id="q_last_year"),
        pytest.param("Q1 next year", "2024Q3", "2025Q1", id="q_next_year"),
        pytest.param("第二季度", "2025Q1", "2025Q2", id="zh_second_quarter"),
        pytest.param("第四季度", "2024Q4", "2024Q4", id="zh_fourth_quarter"),
        pytest.param("去年第四季度", "2024Q4", "2023Q4", id="zh_last_years_q4"),
        pytest.param("明年第一季度", "2024Q4", "2025Q1", id="zh_next_years_q1"),
        pytest.param("this year", "2024Q4", "FY2024", id="this_year"),
        pytest.param("the full year", "2024Q4", "FY2024", id="the_full_year"),
        pytest.param("next year", "2024Q3", "FY2025", id="next_year"),
        pytest.param("last year", "2024Q3", "FY2023", id="last_year"),
        pytest.param("明年", "2024Q4", "FY2025", id="zh_next_year"),
        pytest.param("今年", "2024Q4", "FY2024", id="zh_this_year"),
        pytest.param("全年", "2024Q4", "FY2024", id="zh_full_year_relative"),
        pytest.param("上半年", "2024Q4", "2024H1", id="zh_first_half"),
        pytest.param("the second half of next year", "2024Q4", "2025H2", id="half_next_year"),
        pytest.param("next year", "FY2024", "FY2025", id="fy_reference"),
        pytest.param("Q3 2023", "2024Q3", "2023Q3", id="absolute_ignores_reference"),
        pytest.param("break-even for the year 2025", "2024Q3", "FY2025", id="absolute_beats_relative_the_year"),
        pytest.param("2024", None, "FY2024", id="lone_year"),
        pytest.param("2024年", None, "FY2024", id="lone_year_zh"),
        pytest.param("2024q3", None, "2024Q3", id="canonical_lowercase"),
        pytest.param("FY2025", None, "FY2025", id="canonical_fy"),
    ],
)
def test_normalize_period(text: str, reference: str | None, expected: str) -> None:
    assert normalize_period(text, reference=reference) == expected


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        pytest.param("this quarter", None, id="relative_without_reference"),
        pytest.param("next quarter", "FY2024", id="quarter_relative_to_year"),
        pytest.param("the quarter-over-quarter increase", "2024Q3", id="qoq_is_not_a_period"),
        pytest.param("year-over-year", "2024Q3", id="yoy_is_not_a_period"),
        pytest.param("growth", "2024Q3", id="no_period"),
        pytest.param("   ", "2024Q3", id="blank"),
    ],
)
def test_normalize_period_none(text: str, reference: str | None) -> None:
    assert normalize_period(text, reference=reference) is None


def test_forward_reads_earlier_quarter_as_next_year() -> None:
    assert normalize_period("first quarter", reference="2024Q4") == "2024Q1"
    assert normalize_period("first quarter", reference="2024Q4", forward=True) == "2025Q1"


def test_find_periods_spans_index_the_original() -> None:
    text = "Ｑ３ 2024 revenue beat the same quarter last year"
    for match in find_periods(text, reference="2024Q3"):
        assert text[match.start : match.end].strip() == match.text
    assert [m.canonical for m in find_periods(text, reference="2024Q3")] == ["2024Q3", "2023Q3"]


@pytest.mark.parametrize(
    ("period", "quarters", "expected"),
    [
        pytest.param("2024Q4", 1, "2025Q1", id="forward_wrap"),
        pytest.param("2024Q1", -1, "2023Q4", id="back_wrap"),
        pytest.param("2024Q3", -4, "2023Q3", id="year_ago"),
        pytest.param("FY2024", 1, None, id="not_a_quarter"),
    ],
)
def test_shift(period: str, quarters: int, expected: str | None) -> None:
    assert shift(period, quarters) == expected


def test_period_order_nests_quarters_in_years() -> None:
    q3 = period_order("2024Q3")
    fy = period_order("FY2024")
    assert q3 is not None and fy is not None
    assert fy[0] <= q3[0] <= q3[1] <= fy[1]
    assert period_order("nonsense") is None


@given(st.text(), st.sampled_from([None, "2024Q3", "2024Q4", "FY2024", "2025H1", "garbage"]))
def test_never_raises(text: str, reference: str | None) -> None:
    normalize_period(text, reference=reference)
    for match in find_periods(text, reference=reference):
        assert 0 <= match.start <= match.end <= len(text)
