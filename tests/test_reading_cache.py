"""The per-text caches of the sentence readers (numbers, metrics, periods) change no answer.

Each cached reader must return what the uncached reading returns, hand out a list the caller
may change without changing the next answer, and read long texts without keeping them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from summarizer.text import metrics, numbers, periods

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import bench_scale  # noqa: E402

SENTENCES = [
    pytest.param("Revenue was $31.6 million in the third quarter of 2024, up 12% year over year.", id="en_revenue"),
    pytest.param(
        "Net loss for the quarter was $3.9 million, compared to a net loss of $5.1 million.", id="en_two_losses"
    ),
    pytest.param("We expect revenue between $34 million and $36 million next quarter.", id="en_range_outlook"),
    pytest.param("第一季度總收入為人民幣 36 億元，同比增長 9%。", id="zh_revenue"),
    pytest.param("２０２４年第四季度經調整淨利潤為１，５７０萬美元。", id="zh_full_width"),
    pytest.param("Cloud revenues grew 40% in 3Q24 while FY2025 capex stays flat.", id="en_segment_periods"),
    pytest.param("Thank you.", id="no_figure"),
    pytest.param("", id="empty"),
]

READERS: list[Any] = [
    pytest.param(numbers.parse, numbers._parse, id="numbers_parse"),
    pytest.param(metrics.find_mentions, metrics._find_mentions, id="metrics_find_mentions"),
    pytest.param(
        lambda text: periods.find_periods(text, reference="2024Q3", forward=True),
        lambda text: periods._find_uncached(text, "2024Q3", True),
        id="periods_find_periods",
    ),
    pytest.param(periods.find_periods, lambda text: periods._find_uncached(text, None, False), id="periods_absolute"),
]


@pytest.mark.parametrize(("cached", "uncached"), READERS)
@pytest.mark.parametrize("text", SENTENCES)
def test_cached_reading_equals_uncached(
    cached: Callable[[str], list[Any]], uncached: Callable[[str], list[Any]], text: str
) -> None:
    first, second = cached(text), cached(text)
    assert first == uncached(text)
    assert second == first


@pytest.mark.parametrize(("cached", "uncached"), READERS)
def test_changing_a_returned_list_does_not_change_the_next_answer(
    cached: Callable[[str], list[Any]], uncached: Callable[[str], list[Any]]
) -> None:
    text = "Revenue was $31.6 million in the third quarter of 2024."
    answer = cached(text)
    answer.clear()
    assert cached(text) == uncached(text) != []


@pytest.mark.parametrize(
    ("reader", "cache"),
    [
        pytest.param(numbers.parse, numbers._parse_cached, id="numbers"),
        pytest.param(metrics.find_mentions, metrics._mentions_cached, id="metrics"),
        pytest.param(periods.find_periods, periods._find_cached, id="periods"),
        pytest.param(periods.blank_periods, periods._blank_cached, id="blank_periods"),
    ],
)
def test_long_texts_are_read_but_not_kept(reader: Callable[[str], Any], cache: Any) -> None:
    long_text = "Revenue was $31.6 million in the third quarter of 2024. " * 60
    before = cache.cache_info().currsize
    reader(long_text)
    assert cache.cache_info().currsize == before


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        pytest.param("Cloud revenues", ("revenue", "Cloud"), id="segment"),
        pytest.param("total revenues", ("revenue", None), id="total"),
        pytest.param("", (None, None), id="empty"),
        pytest.param(None, (None, None), id="none"),
    ],
)
def test_describe_is_unchanged_by_its_cache(label: str, expected: tuple[str | None, str | None]) -> None:
    assert metrics.describe(label) == expected
    assert metrics.describe(label) == expected


@pytest.mark.parametrize(
    ("text", "third_quarter"),
    [
        pytest.param("Revenue in the third quarter of 2024 was $5 million.", "2024Q3", id="absolute"),
        pytest.param("Revenue this quarter was $5 million.", None, id="relative_only"),
    ],
)
def test_blank_periods_is_unchanged_by_its_cache(text: str, third_quarter: str | None) -> None:
    assert periods.blank_periods(text) == periods._blank_uncached(text)
    assert periods.blank_periods(text) == periods._blank_uncached(text)
    assert periods.find_period(text) == ((third_quarter, "third quarter of 2024") if third_quarter else None)


@pytest.mark.parametrize(
    ("text", "copy"),
    [
        pytest.param("Revenue was $20.5 million, up 7% year-over-year.", 5, id="english"),
        pytest.param("營收為 2,050 萬美元,年增 7%。本季度收入為人民幣8.8億元。", 3, id="chinese"),
    ],
)
def test_bench_copies_differ_only_in_spacing(text: str, copy: int) -> None:
    respaced = bench_scale.respace(text, copy)
    assert respaced != text
    assert respaced.replace(" ", "") == text.replace(" ", "")
    assert bench_scale.respace(text, 0) == text


def test_bench_corpus_copies_are_all_different_texts() -> None:
    calls = bench_scale.corpus(60)
    texts = [text for _, text in calls]
    assert len(set(texts)) == len(texts)
