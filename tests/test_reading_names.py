"""What a figure is called, and whether it is a quantity at all: read from the sentence.

The model chooses the amount and names it; the name shown is the sentence's words. Fictional
companies; full-width punctuation is built with ``chr()``.
"""

from __future__ import annotations

import pytest
from test_reading_changes import ground, kpi, titled

from summarizer.brief import Rejected
from summarizer.ground.reasons import Reason

COMMA = chr(0xFF0C)  # full-width comma
STOP = chr(0x3002)  # ideographic full stop
NINE, THREE = chr(0x4E5D), chr(0x4E09)  # Chinese numerals: the model writes an amount in words


@pytest.mark.parametrize(
    ("sentence", "named", "metric", "segment"),
    [
        (
            f"\u503c\u5f97\u4e00\u63d0\u7684\u662f{COMMA}\u96f2\u670d\u52d9\u6536\u5165\u540c\u6bd4\u589e\u9577\u4e86 9.3%{STOP}",
            f"\u503c\u5f97\u4e00\u63d0\u7684\u662f,\u96f2\u670d\u52d9\u6536\u5165\u540c\u6bd4\u589e\u9577\u4e86 {NINE}. {THREE}",
            "\u96f2\u670d\u52d9\u6536\u5165",
            "\u96f2\u670d\u52d9",
        ),
        (
            "Notably, subscription revenue grew 9.3% year over year.",
            "notably subscription revenue grew nine point three",
            "subscription revenue",
            "subscription",
        ),
    ],
    ids=["zh", "en"],
)
def test_a_padded_name_is_shown_as_the_sentence_names_the_metric(
    sentence: str, named: str, metric: str, segment: str
) -> None:
    found = kpi(titled(None, sentence), named)
    assert (found.metric, found.key, found.segment, found.yoy) == (metric, "revenue", segment, 9.3)


def test_a_name_the_sentence_writes_is_kept_as_the_model_wrote_it() -> None:
    found = kpi(titled(None, "Subscription revenues were $12.5 million."), "Subscription revenue")
    assert found.metric == "Subscription revenue"


@pytest.mark.parametrize(
    ("sentence", "named", "metric"),
    [
        (
            f"\u65e5\u5747\u4f7f\u7528\u6642\u9577\u8d85\u904e 75 \u5206\u9418{STOP}",
            "\u65e5\u5747\u4f7f\u7528\u6642\u9577\u8d85\u904e \u4e03\u5341\u4e94",
            "\u65e5\u5747\u4f7f\u7528\u6642\u9577",  # "more than" is the amount's word
        ),
        ("Active installations reached 3,400 sites.", "active installations three thousand", "Active installations"),
    ],
    ids=["zh", "en"],
)
def test_a_name_no_table_knows_is_cut_to_what_the_sentence_writes(sentence: str, named: str, metric: str) -> None:
    found = kpi(titled(None, sentence), named)
    assert found.key is None and found.metric == metric


@pytest.mark.parametrize(
    "sentence",
    [
        f"\u65e5\u5747\u4f7f\u7528\u6642\u9577\u8d85\u904e 75 \u5206\u9418{COMMA}\u6d77\u5916\u6536\u5165\u540c\u6bd4\u589e\u9577 52.9%{STOP}",
        "Daily time spent passed 75 minutes, and international revenue grew 52.9% year over year.",
    ],
    ids=["zh", "en"],
)
def test_a_change_after_another_metric_is_not_read_as_the_earlier_amount(sentence: str) -> None:
    found = kpi(titled(None, sentence), "revenue", nth=1)
    assert (found.value, found.yoy, found.key) == (None, 52.9, "revenue")


@pytest.mark.parametrize(
    "sentence",
    [
        "We launched Orbit AI 2.5, our newest model.",
        "Orbit Studio now runs on Vela OS 11.",
        "The new Orbit AI 2.5 pro leads the benchmark.",
        f"\u6211\u5011\u63a8\u51fa\u4e86 Orbit AI 2.5{COMMA}\u8868\u73fe\u51fa\u8272{STOP}",
    ],
)
def test_a_version_after_a_product_name_is_not_a_figure(sentence: str) -> None:
    found = ground(titled(None, sentence), "Orbit AI")
    assert isinstance(found, Rejected) and found.reason == Reason.version


@pytest.mark.parametrize(
    ("sentence", "named", "value"),
    [
        ("We added 120 customers this quarter.", "customers", 120.0),
        ("Active installations reached 3,400 sites.", "active installations", 3400.0),
    ],
)
def test_a_count_after_a_verb_is_still_a_figure(sentence: str, named: str, value: float) -> None:
    assert kpi(titled(None, sentence), named).value == value


@pytest.mark.parametrize(
    "sentence",
    [
        "Pro forma R&D expenses were $16.6 million, representing 52.5% of total revenue in the quarter"
        " compared to 57.2% in Q2 last year.",
        f"\u7814\u767c\u8cbb\u7528\u70ba 1,660 \u842c\u7f8e\u5143{COMMA}\u4f54\u8a72\u5b63\u5ea6\u7e3d\u6536\u5165\u7684 52.5%"
        f"{COMMA}\u800c\u53bb\u5e74\u7b2c\u4e8c\u5b63\u70ba 57.2%{STOP}",
    ],
    ids=["en", "zh"],
)
def test_a_share_set_against_a_share_is_the_same_share_of_another_period(sentence: str) -> None:
    ctx = titled(None, sentence)
    this, last = kpi(ctx, "R&D", nth=1), kpi(ctx, "R&D", nth=2)
    assert (this.key, this.value, this.period) == ("rd_expense", 52.5, "2031Q2")
    assert (last.key, last.value, last.period, last.yoy) == ("rd_expense", 57.2, "2030Q2", None)


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("Active merchants grew more than 25% year over year.", "active merchants"),
        (
            f"\u6708\u6d3b\u8e8d\u5546\u5bb6\u6578\u91cf\u540c\u6bd4\u589e\u9577\u8d85\u904e 25%{STOP}",
            "\u6708\u6d3b\u8e8d\u5546\u5bb6",
        ),
    ],
    ids=["en", "zh"],
)
def test_a_name_no_table_knows_stated_only_as_its_change_is_a_change(sentence: str, named: str) -> None:
    found = kpi(titled(None, sentence), named)
    assert (found.key, found.value, found.yoy, found.yoy_unit) == (None, None, 25.0, "%")


def test_a_rate_no_table_knows_stays_a_level() -> None:
    found = kpi(titled(None, "Our partner take rate was 4.5%, up year over year."), "partner take rate")
    assert (found.value, found.yoy) == (4.5, None)


def test_a_change_whose_clause_does_not_name_the_models_name_is_rejected() -> None:
    sentence = "Active merchants grew 25% year over year, and paid orders rose 40% year over year."
    found = ground(titled(None, sentence), "active merchants", nth=1)
    assert isinstance(found, Rejected) and found.reason == Reason.metric_not_stated
