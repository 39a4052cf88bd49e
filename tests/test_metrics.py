"""Metric labels (English and Chinese) -> canonical keys, segments and mentions in sentences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.text.metrics import KEYS, canonical_key, clean_segment, describe, family, find_mentions


@pytest.mark.parametrize(
    ("label", "key"),
    [
        pytest.param("revenue", "revenue", id="revenue"),
        pytest.param("Total revenues", "revenue", id="total_revenues"),
        pytest.param("net sales", "revenue", id="net_sales"),
        pytest.param("營收", "revenue", id="zh_yingshou"),
        pytest.param("總收入", "revenue", id="zh_total_revenue"),
        pytest.param("营业收入", "revenue", id="zh_operating_revenue_is_revenue"),
        pytest.param("gross profit", "gross_profit", id="gross_profit"),
        pytest.param("毛利", "gross_profit", id="zh_gross_profit"),
        pytest.param("gross margin", "gross_margin", id="gross_margin"),
        pytest.param("毛利率", "gross_margin", id="zh_gross_margin"),
        pytest.param("operating income", "operating_income", id="operating_income"),
        pytest.param("loss from operations", "operating_income", id="loss_from_operations"),
        pytest.param("經營利潤", "operating_income", id="zh_operating_profit"),
        pytest.param("operating margin", "operating_margin", id="operating_margin"),
        pytest.param("net income", "net_income", id="net_income"),
        pytest.param("net loss", "net_income", id="net_loss_same_key"),
        pytest.param("net income loss", "net_income", id="asr_net_income_loss"),
        pytest.param("淨利潤", "net_income", id="zh_net_profit"),
        pytest.param("adjusted net income", "adjusted_net_income", id="adjusted_net_income"),
        pytest.param("non-GAAP net loss", "adjusted_net_income", id="non_gaap_net_loss"),
        pytest.param("pro forma net loss", "adjusted_net_income", id="pro_forma_net_loss"),
        pytest.param("經調整淨利潤", "adjusted_net_income", id="zh_adjusted_net_profit"),
        pytest.param("调整后净利润", "adjusted_net_income", id="zh_simplified_adjusted"),
        pytest.param("net loss margin", "net_margin", id="net_loss_margin"),
        pytest.param("調整後淨利潤率", "adjusted_net_margin", id="zh_adjusted_net_margin"),
        pytest.param("EPS", "eps", id="eps"),
        pytest.param("net loss per ADS", "eps", id="loss_per_ads"),
        pytest.param("non-GAAP diluted EPS", "adjusted_eps", id="adjusted_eps"),
        pytest.param("每股收益", "eps", id="zh_eps"),
        pytest.param("free cash flow", "free_cash_flow", id="fcf"),
        pytest.param("自由現金流", "free_cash_flow", id="zh_fcf"),
        pytest.param("operating cash flow", "operating_cash_flow", id="ocf"),
        pytest.param("net cash provided by operating activities", "operating_cash_flow", id="ocf_long"),
        pytest.param("經營活動現金流", "operating_cash_flow", id="zh_ocf"),
        pytest.param("capex", "capex", id="capex"),
        pytest.param("capital expenditures", "capex", id="capital_expenditures"),
        pytest.param("資本開支", "capex", id="zh_capex"),
        pytest.param("cash and cash equivalents", "cash", id="cash_equivalents"),
        pytest.param("cash, cash equivalents and short-term investments", "cash", id="cash_long"),
        pytest.param("share repurchase", "buyback", id="repurchase"),
        pytest.param("buyback", "buyback", id="buyback"),
        pytest.param("回購", "buyback", id="zh_buyback"),
        pytest.param("DAU", "dau", id="dau"),
        pytest.param("daily active users", "dau", id="daily_active_users"),
        pytest.param("平均日活躍用户數", "dau", id="zh_dau"),
        pytest.param("MAU", "mau", id="mau"),
        pytest.param("月活躍用户數", "mau", id="zh_mau"),
        pytest.param("GMV", "gmv", id="gmv"),
        pytest.param("R&D expenses", "rd_expense", id="rd"),
        pytest.param("研發費用", "rd_expense", id="zh_rd"),
        pytest.param("sales and marketing expenses", "sm_expense", id="sm"),
        pytest.param("銷售及營銷開支", "sm_expense", id="zh_sm"),
        pytest.param("G&A expenses", "ga_expense", id="ga"),
        pytest.param("管理費用", "ga_expense", id="zh_ga"),
        pytest.param("cost of revenues", "cost_of_revenue", id="cost_of_revenue_not_revenue"),
        pytest.param("收入成本", "cost_of_revenue", id="zh_cost_of_revenue"),
        pytest.param("operating expenses", "opex", id="opex"),
        pytest.param("adjusted EBITDA", "adjusted_ebitda", id="adjusted_ebitda"),
        pytest.param("dollar-based net retention rate", "net_retention", id="net_retention"),
        pytest.param("dollar-based net rotation rate", "net_retention", id="asr_net_rotation_rate"),
        pytest.param("shared repurchase", "buyback", id="asr_shared_repurchase"),
        pytest.param("ARPU", "arpu", id="arpu"),
        pytest.param("ＧＭＶ", "gmv", id="full_width"),
        pytest.param("severance costs", None, id="unknown_metric"),
        pytest.param("net cash outflow", None, id="cash_flow_is_not_cash"),
        pytest.param("", None, id="empty"),
    ],
)
def test_canonical_key(label: str, key: str | None) -> None:
    assert canonical_key(label) == key


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        pytest.param("Zentrik revenues", ("revenue", "Zentrik"), id="named_segment"),
        pytest.param("online marketing services revenue", ("revenue", "online marketing services"), id="segment_words"),
        pytest.param("在線營銷服務收入", ("revenue", "在線營銷服務"), id="zh_segment"),
        pytest.param("直播收入", ("revenue", "直播"), id="zh_live_streaming"),
        pytest.param("total revenues", ("revenue", None), id="total_is_no_segment"),
        pytest.param("Q3 2025 total revenues", ("revenue", None), id="period_is_no_segment"),
        pytest.param("第四季度總收入", ("revenue", None), id="zh_period_is_no_segment"),
        pytest.param("pro forma R&D expenses", ("rd_expense", None), id="basis_is_no_segment"),
        pytest.param("share repurchase program", ("buyback", None), id="a_programme_is_no_segment"),
        pytest.param("回購計劃", ("buyback", None), id="zh_a_programme_is_no_segment"),
        pytest.param("cash equivalents", ("cash", None), id="equivalents_are_no_segment"),
        pytest.param("電子商務 GMV", ("gmv", None), id="zh_gmv_ecommerce_is_implied"),
        pytest.param("e-commerce GMV", ("gmv", None), id="gmv_ecommerce_is_implied"),
        pytest.param("短視頻電商 GMV", ("gmv", "短視頻電商"), id="zh_gmv_segment"),
        pytest.param("Marketplace GMV", ("gmv", "Marketplace"), id="gmv_segment"),
        pytest.param("電商GMV", ("gmv", None), id="zh_acronym_beside_ideographs"),
        pytest.param("每DAU平均使用時長", (None, None), id="zh_per_dau_is_not_dau"),
        pytest.param("R&D as a percentage of revenue", ("rd_expense", None), id="share_of_revenue"),
        pytest.param(
            "revenues excluding end-of-sale products",
            ("revenue", "excluding end-of-sale products"),
            id="exclusion_kept",
        ),
        pytest.param("store count", (None, None), id="unknown"),
        pytest.param("headcount", ("headcount", None), id="headcount"),
        pytest.param("Q4 revenue guidance", ("revenue", None), id="guidance_is_no_segment"),
        pytest.param("全年收入指引", ("revenue", None), id="zh_guidance_is_no_segment"),
    ],
)
def test_describe(label: str, expected: tuple[str | None, str | None]) -> None:
    assert describe(label) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param(
            "Zentrik revenues were $9.1 million, while total revenues were $20.2 million.",
            [("revenue", "Zentrik"), ("revenue", None)],
            id="segment_then_total",
        ),
        pytest.param(
            "We currently expect total revenues to be between $5 and $6 million.",
            [("revenue", None)],
            id="verbs_are_not_segments",
        ),
        pytest.param(
            "pro forma net loss was $3.1 million, a 9.2% net loss margin.",
            [("adjusted_net_income", None), ("net_margin", None)],
            id="specific_name_wins",
        ),
        pytest.param(
            "第四季度，我們的直播收入為人民幣 58 億元，佔總收入的 30%。",
            [("revenue", "直播"), ("revenue", None)],
            id="zh_segment_and_total",
        ),
        pytest.param("Thank you, operator.", [], id="none"),
    ],
)
def test_find_mentions(sentence: str, expected: list[tuple[str, str | None]]) -> None:
    mentions = find_mentions(sentence)
    assert [(m.key, m.segment) for m in mentions] == expected
    assert all(0 <= m.start < m.end <= len(sentence) for m in mentions)


def test_family_joins_reported_and_adjusted() -> None:
    assert family("adjusted_net_income") == family("net_income") == "net_income"
    assert family(None) is None


def test_keys_are_unique_snake_case() -> None:
    assert len(set(KEYS)) == len(KEYS)
    assert all(k.replace("_", "").isalnum() and k.islower() for k in KEYS)


@given(st.text(max_size=200))
def test_never_raises(label: str) -> None:
    key, _ = describe(label)
    assert key is None or key in KEYS
    for mention in find_mentions(label):
        assert 0 <= mention.start < mention.end <= len(label)


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        pytest.param("Cloud", "Cloud", id="named"),
        pytest.param("online marketing services", "online marketing services", id="words"),
        pytest.param("Total", None, id="total"),
        pytest.param("N/A", None, id="not_applicable"),
        pytest.param("-", None, id="dash"),
        pytest.param("集團", None, id="zh_group"),
        pytest.param(None, None, id="none"),
    ],
)
def test_clean_segment(segment: str | None, expected: str | None) -> None:
    assert clean_segment(segment) == expected
