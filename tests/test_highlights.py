"""Highlights: lines code writes from the checked items, in the brief's language; the model chooses.

Fictional companies; Chinese text is built with ``chr()`` (full-width punctuation included).
"""

from __future__ import annotations

import pytest

from summarizer.assemble.highlights import by_code, chinese, chosen, highlight_lines, one_script
from summarizer.brief import KPI, AIPoint, Brief, Direction, Guidance, QATheme, Source
from summarizer.text.script import IDEOGRAPH, traditional


def zh(*codes: int) -> str:
    return "".join(map(chr, codes))


TOTAL_REVENUE_TRAD = zh(0x7E3D, 0x6536, 0x5165)  # total revenue, traditional
TOTAL_REVENUE_SIMP = zh(0x603B, 0x6536, 0x5165)  # total revenue, simplified
YI_YUAN_TRAD = zh(0x5104, 0x5143)  # hundred million yuan, traditional
YI_YUAN_SIMP = zh(0x4EBF, 0x5143)
RMB = zh(0x4EBA, 0x6C11, 0x5E63)
FULL_COLON, FULL_COMMA, FULL_OPEN, FULL_CLOSE = chr(0xFF1A), chr(0xFF0C), chr(0xFF08), chr(0xFF09)
YOY_ZH = zh(0x540C, 0x6BD4)
QOQ_TRAD, QOQ_SIMP = zh(0x74B0, 0x6BD4), zh(0x73AF, 0x6BD4)
GUIDANCE_ZH = zh(0x6307, 0x5F15)
RAISED_TRAD, RAISED_SIMP = zh(0x4E0A, 0x8ABF), zh(0x4E0A, 0x8C03)
# "we expect revenue next year to grow 10% to 12%", traditional
EXPECT_TRAD = (
    zh(0x6211, 0x5011, 0x9810, 0x8A08, 0x660E, 0x5E74, 0x6536, 0x5165, 0x589E, 0x9577) + " 10% " + zh(0x81F3) + " 12%"
)


def zh_kpi(metric: str, value_text: str, **kw: object) -> KPI:
    return KPI(metric=metric, key="revenue", value=35.4e9, value_text=value_text, unit="CNY", period="2031Q4", **kw)


def zh_brief(*, trad: bool = True, **kw: object) -> Brief:
    revenue, yuan = (TOTAL_REVENUE_TRAD, YI_YUAN_TRAD) if trad else (TOTAL_REVENUE_SIMP, YI_YUAN_SIMP)
    kpis = [zh_kpi(revenue, f"{RMB} 354 {yuan}", yoy=8.7, yoy_unit="%", qoq=2.0, qoq_unit="%")]
    return Brief(period="2031Q4", source=Source(languages=["zh"]), kpis=kpis, **kw)


def test_a_chinese_brief_gets_chinese_lines_with_full_width_punctuation() -> None:
    (line,) = highlight_lines(zh_brief())
    assert line == f"{TOTAL_REVENUE_TRAD}{FULL_COLON}{RMB} 354 {YI_YUAN_TRAD}{FULL_COMMA}{YOY_ZH} +8.7%"


@pytest.mark.parametrize(("trad", "qoq"), [(True, QOQ_TRAD), (False, QOQ_SIMP)], ids=["traditional", "simplified"])
def test_a_change_alone_is_written_in_the_script_of_the_brief(trad: bool, qoq: str) -> None:
    brief = zh_brief(trad=trad)
    brief.kpis[0].value = None
    (line,) = highlight_lines(brief)
    assert line.endswith(f"{FULL_COLON}{YOY_ZH} +8.7%{FULL_COMMA}{qoq} +2%")


def test_chinese_guidance_is_its_statement_with_period_and_move() -> None:
    guidance = Guidance(
        metric="revenue", period="2032", statement=EXPECT_TRAD, value_text="10% - 12%", direction=Direction.raised
    )
    brief = zh_brief(guidance=[guidance])
    lines = highlight_lines(brief)
    # the model's English metric name is not shown: the statement names it as the call does
    assert lines[1] == f"{GUIDANCE_ZH}{FULL_OPEN}2032{FULL_COMMA}{RAISED_TRAD}{FULL_CLOSE}{FULL_COLON}{EXPECT_TRAD}"
    assert all(one_script(line) for line in lines)


def test_an_english_qa_summary_is_not_offered_in_a_chinese_brief() -> None:
    theme = QATheme(theme="Pricing", question="q", answer="Prices stay flat next year.")
    brief = zh_brief(qa_themes=[theme], ai_strategy=[AIPoint(point=EXPECT_TRAD)])
    lines = highlight_lines(brief)
    assert len(lines) == 2 and all(IDEOGRAPH.search(line) for line in lines)
    assert lines[1] == f"AI{FULL_COLON}{EXPECT_TRAD}"


def test_an_english_brief_offers_no_line_in_chinese() -> None:
    kpis = [
        KPI(metric="revenue", key="revenue", value=48.2e6, value_text="$48.2 million", period="2031Q2"),
        KPI(metric="revenue", key="revenue", value=1e8, value_text=f"{RMB} 1 {YI_YUAN_TRAD}", period="2031Q2"),
    ]
    lines = highlight_lines(Brief(period="2031Q2", kpis=kpis))
    assert lines == ["revenue: $48.2 million"]


def test_a_line_names_a_period_other_than_the_calls_and_a_segment_its_metric_lacks() -> None:
    kpis = [
        KPI(metric="revenue", key="revenue", value=190e6, value_text="$190 million", period="FY2031"),
        KPI(metric="paying users", segment="Marketplace", value=2e6, value_text="2 million", period="2031Q4"),
    ]
    lines = highlight_lines(Brief(period="2031Q4", kpis=kpis))
    assert lines == ["revenue (FY2031): $190 million", "paying users (Marketplace): 2 million"]


def test_a_long_statement_is_cut_to_one_line() -> None:
    statement = "We expect revenue to grow " + "steadily " * 40 + "next year."
    brief = Brief(guidance=[Guidance(metric="revenue", period="2032", statement=statement)])
    (line,) = highlight_lines(brief)
    assert len(line) <= 160 and line.endswith(chr(0x2026))


@pytest.mark.parametrize(
    ("positions", "expected"),
    [
        ([4, 1], [0, 4, 1]),  # the top line, the model's order, reading order up to three
        ([2, 2, 2], [0, 2, 1]),  # a repeated id counts once
        ([9, -1], [0, 1, 2]),  # ids that were not shown are ignored
        ([5, 4, 3, 2, 1, 0, 6], [0, 5, 4, 3, 2, 1]),  # at most six
        ([], [0, 1, 2]),  # no choice (the request failed): the first items
    ],
)
def test_chosen_leads_with_the_top_line_keeps_the_models_order_and_tops_up_to_three(
    positions: list[int], expected: list[int]
) -> None:
    lines = [f"line {n}" for n in range(7)]
    assert chosen(positions, lines) == [f"line {n}" for n in expected]


def test_fewer_lines_than_three_are_all_chosen() -> None:
    assert chosen([1], ["a", "b"]) == ["a", "b"]
    assert chosen([], []) == []


def test_the_language_is_what_most_items_are_written_in() -> None:
    assert chinese(zh_brief())
    english = Brief(kpis=[KPI(metric="revenue", value=1.0, value_text="$1")], source=Source(languages=["zh"]))
    assert not chinese(english)
    assert chinese(Brief(source=Source(languages=["zh", "en"])))  # no items: the source's first language
    assert not chinese(Brief())


def test_traditional_is_told_from_simplified_by_characters_that_differ() -> None:
    assert traditional(TOTAL_REVENUE_TRAD + YI_YUAN_TRAD)
    assert not traditional(TOTAL_REVENUE_SIMP + YI_YUAN_SIMP)
    assert not traditional(YOY_ZH)  # written alike in both: no evidence either way
    assert not traditional("revenue")


@pytest.mark.parametrize(
    ("other", "line"),
    [
        pytest.param(  # a headline level before a headline stated only as its change
            KPI(metric="revenue", key="revenue", value=None, value_text="3%", yoy=3.0, yoy_unit="%", period="2031Q2"),
            "revenue: YoY +3%",
            id="level_first",
        ),
        pytest.param(  # a headline of another period after the call's own
            KPI(metric="revenue", key="revenue", value=9e6, value_text="$9 million", period="2031Q1"),
            "revenue (2031Q1): $9 million",
            id="own_period_first",
        ),
    ],
)
def test_the_calls_own_headline_level_comes_first(other: KPI, line: str) -> None:
    level = KPI(metric="revenue", key="revenue", value=48.2e6, value_text="$48.2 million", period="2031Q2")
    assert highlight_lines(Brief(period="2031Q2", kpis=[other, level])) == ["revenue: $48.2 million", line]


def test_code_chooses_the_top_results_the_outlook_and_one_answer_in_reading_order() -> None:
    kpis = [
        KPI(metric=f"metric {n}", key="revenue", value=float(n + 1), value_text=f"${n + 1}", period="2031Q2")
        for n in range(5)
    ]
    guidance = [Guidance(metric=f"outlook {n}", period="2031Q3", value_text=f"${n}") for n in range(3)]
    themes = [QATheme(theme=f"theme {n}", question="q", answer=f"answer {n}") for n in range(2)]
    brief = Brief(period="2031Q2", kpis=kpis, guidance=guidance, qa_themes=themes)
    assert by_code(brief) == [
        "metric 0: $1",
        "metric 1: $2",
        "metric 2: $3",
        "Guidance outlook 0 (2031Q3): $0",
        "Guidance outlook 1 (2031Q3): $1",
        "Q&A: theme 1: answer 1",  # the answer with the largest figure
    ]
    # fewer of a kind: the next lines in reading order fill the six
    assert by_code(Brief(period="2031Q2", kpis=kpis)) == [f"metric {n}: ${n + 1}" for n in range(5)]
