"""Quantities in English and Chinese text -> typed amounts with spans."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.text.numbers import Amount, parse, parse_one
from summarizer.text.script import IDEOGRAPH

SHARED = Path(__file__).resolve().parents[2] / "shared" / "transcripts"
CJK = IDEOGRAPH


def shared_lines(name: str) -> list[str]:
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"shared transcript {name} not available")
    return path.read_text(encoding="utf-8").splitlines()


# (text, value, unit, scale, qualifier, matched text)
SINGLE = [
    pytest.param("$31.6 million", 31_600_000.0, "USD", "million", None, "$31.6 million", id="usd_million"),
    pytest.param("RMB113 million", 113_000_000.0, "CNY", "million", None, "RMB113 million", id="rmb_glued"),
    pytest.param("RMB 1.13 billion", 1_130_000_000.0, "CNY", "billion", None, "RMB 1.13 billion", id="rmb_space"),
    pytest.param("US$1.2 billion", 1_200_000_000.0, "USD", "billion", None, "US$1.2 billion", id="us_dollar_sign"),
    pytest.param("HK$3.5 billion", 3_500_000_000.0, "HKD", "billion", None, "HK$3.5 billion", id="hkd_sign"),
    pytest.param("€5m", 5_000_000.0, "EUR", "m", None, "€5m", id="euro_glued_m"),
    pytest.param("SEK 4.2 billion", 4_200_000_000.0, "SEK", "billion", None, "SEK 4.2 billion", id="iso_prefix"),
    pytest.param("Rs 500 crore", 5_000_000_000.0, "INR", "crore", None, "Rs 500 crore", id="rupees_crore"),
    pytest.param("£300m", 300_000_000.0, "GBP", "m", None, "£300m", id="pound_glued_m"),
    pytest.param("$2.1bn", 2_100_000_000.0, "USD", "bn", None, "$2.1bn", id="glued_bn"),
    pytest.param(
        "12 million US dollars", 12_000_000.0, "USD", "million", None, "12 million US dollars", id="usd_suffix_words"
    ),
    pytest.param("500 million yuan", 500_000_000.0, "CNY", "million", None, "500 million yuan", id="yuan_suffix"),
    pytest.param(
        "negative $4.6 million", -4_600_000.0, "USD", "million", None, "negative $4.6 million", id="negative_word"
    ),
    pytest.param("minus 3%", -3.0, "%", None, None, "minus 3%", id="minus_word"),
    pytest.param("-$4.6 million", -4_600_000.0, "USD", "million", None, "-$4.6 million", id="dash_before_currency"),
    pytest.param("(4.6) million", -4_600_000.0, None, "million", None, "(4.6) million", id="parentheses_negative"),
    pytest.param(
        "$(4.6) million", -4_600_000.0, "USD", "million", None, "$(4.6) million", id="currency_then_parentheses"
    ),
    pytest.param(
        "($4.6) million", -4_600_000.0, "USD", "million", None, "($4.6) million", id="parentheses_around_currency"
    ),
    pytest.param("0.3 million", 300_000.0, None, "million", None, "0.3 million", id="plain_million"),
    pytest.param("$3.94 per ADS", 3.94, "USD", None, None, "$3.94 per ADS", id="per_ads"),
    pytest.param("$0.52 per diluted share", 0.52, "USD", None, None, "$0.52 per diluted share", id="per_share"),
    pytest.param("$0.45 per common share", 0.45, "USD", None, None, "$0.45 per common share", id="per_common_share"),
    pytest.param("12.4%", 12.4, "%", None, None, "12.4%", id="percent"),
    pytest.param("12.4 percent", 12.4, "%", None, None, "12.4 percent", id="percent_word"),
    pytest.param("-9.8%", -9.8, "%", None, None, "-9.8%", id="negative_percent"),
    pytest.param("2.7 percentage points", 2.7, "pp", None, None, "2.7 percentage points", id="percentage_points"),
    pytest.param("2.7 ppts", 2.7, "pp", None, None, "2.7 ppts", id="ppts"),
    pytest.param("50 basis points", 0.5, "pp", None, None, "50 basis points", id="basis_points"),
    pytest.param("2.6x", 2.6, "x", None, None, "2.6x", id="multiple"),
    pytest.param("4 times", 4.0, "x", None, None, "4 times", id="times"),
    pytest.param(
        "logged in 2.7 billion times", 2.7e9, None, "billion", None, "2.7 billion", id="scaled_times_is_a_count"
    ),
    pytest.param("a headwind of roughly 8 points", 8.0, "pp", None, "approximately", "roughly 8 points", id="points"),
    pytest.param(
        "approximately $6.8 million",
        6_800_000.0,
        "USD",
        "million",
        "approximately",
        "approximately $6.8 million",
        id="approximately",
    ),
    pytest.param(
        "roughly $4 million", 4_000_000.0, "USD", "million", "approximately", "roughly $4 million", id="roughly"
    ),
    pytest.param(
        "more than 400 million", 400_000_000.0, None, "million", "more than", "more than 400 million", id="more_than"
    ),
    pytest.param("less than 1%", 1.0, "%", None, "less than", "less than 1%", id="less_than"),
    pytest.param("1,570 萬美元", 15_700_000.0, "USD", "萬", None, "1,570 萬美元", id="zh_wan_usd"),
    pytest.param("1845 億元", 184_500_000_000.0, "CNY", "億", None, "1845 億元", id="zh_yi_yuan"),
    pytest.param("4.01 億", 401_000_000.0, None, "億", None, "4.01 億", id="zh_yi_count"),
    pytest.param("1.13 億元", 113_000_000.0, "CNY", "億", None, "1.13 億元", id="zh_no_float_noise"),
    pytest.param(
        "人民幣 920 億元", 92_000_000_000.0, "CNY", "億", None, "人民幣 920 億元", id="zh_rmb_prefix_and_suffix"
    ),
    pytest.param("人民币 920 亿元", 92_000_000_000.0, "CNY", "亿", None, "人民币 920 亿元", id="zh_simplified"),
    pytest.param("3 萬億元", 3_000_000_000_000.0, "CNY", "萬億", None, "3 萬億元", id="zh_wan_yi"),
    pytest.param("50 億港元", 5_000_000_000.0, "HKD", "億", None, "50 億港元", id="zh_hkd"),
    pytest.param("8 億港幣", 800_000_000.0, "HKD", "億", None, "8 億港幣", id="zh_hkd_bi"),
    pytest.param("負 460 萬美元", -4_600_000.0, "USD", "萬", None, "負 460 萬美元", id="zh_negative"),
    pytest.param("2.7 個百分點", 2.7, "pp", None, None, "2.7 個百分點", id="zh_pp"),
    pytest.param("0.9 百分點", 0.9, "pp", None, None, "0.9 百分點", id="zh_pp_short"),
    pytest.param("2pct", 2.0, "pp", None, None, "2pct", id="pct_is_points"),
    pytest.param("2.6 倍", 2.6, "x", None, None, "2.6 倍", id="zh_multiple"),
    pytest.param("約 4 億", 400_000_000.0, None, "億", "approximately", "約 4 億", id="zh_approximately"),
    pytest.param("超過 4 億", 400_000_000.0, None, "億", "more than", "超過 4 億", id="zh_more_than"),
    pytest.param("超過了 4 億", 400_000_000.0, None, "億", "more than", "超過了 4 億", id="zh_more_than_le"),
    pytest.param("近 5 個百分點", 5.0, "pp", None, "approximately", "近 5 個百分點", id="zh_nearly"),
    pytest.param("20%以上", 20.0, "%", None, "more than", "20%以上", id="zh_more_than_after"),
    pytest.param("4 億左右", 400_000_000.0, None, "億", "approximately", "4 億左右", id="zh_approximately_after"),
    pytest.param("1000 多萬", 10_000_000.0, None, "萬", "more than", "1000 多萬", id="zh_duo"),
    pytest.param("１，５７０ 萬美元", 15_700_000.0, "USD", "萬", None, "１，５７０ 萬美元", id="full_width_digits"),
    pytest.param("１２．４％", 12.4, "%", None, None, "１２．４％", id="full_width_percent"),
    pytest.param("￥３．５億", 350_000_000.0, "CNY", "億", None, "￥３．５億", id="full_width_yen"),
    pytest.param("1,234,567 users", 1_234_567.0, None, None, None, "1,234,567", id="thousands_separators"),
]


@pytest.mark.parametrize(("text", "value", "unit", "scale", "qualifier", "matched"), SINGLE)
def test_single_amount(
    text: str, value: float, unit: str | None, scale: str | None, qualifier: str | None, matched: str
) -> None:
    amounts = parse(text)
    assert len(amounts) == 1, amounts
    amount = amounts[0]
    assert amount.value == pytest.approx(value)
    assert (amount.unit, amount.scale, amount.qualifier, amount.text) == (unit, scale, qualifier, matched)
    assert text[amount.start : amount.end] == amount.text
    assert not amount.is_range


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        pytest.param("$34 million to $36 million", 34e6, 36e6, "USD", id="to_both_scaled"),
        pytest.param("between 34 and 36 million", 34e6, 36e6, None, id="between_scale_once"),
        pytest.param("between $34 and $36 million", 34e6, 36e6, "USD", id="between_currency_twice_scale_once"),
        pytest.param("$34 to $36 million", 34e6, 36e6, "USD", id="to_scale_once"),
        pytest.param("$34 - $36 million", 34e6, 36e6, "USD", id="spaced_dash"),
        pytest.param("34-36 million", 34e6, 36e6, None, id="tight_dash"),
        pytest.param("34 至 3,600 萬美元", 34e6, 36e6, "USD", id="zh_translated_range_scale_once"),
        pytest.param("3,400 萬至 3,600 萬美元", 34e6, 36e6, "USD", id="zh_range_both_scaled"),
        pytest.param("250 萬至 450 萬美元", 2.5e6, 4.5e6, "USD", id="zh_range_wan"),
        pytest.param("60~70%", 60.0, 70.0, "%", id="tilde_percent"),
        pytest.param("60%~70%", 60.0, 70.0, "%", id="tilde_percent_twice"),
        pytest.param("1-2pct", 1.0, 2.0, "pp", id="pct_range"),
        pytest.param("12% to 15%", 12.0, 15.0, "%", id="percent_to_percent"),
        pytest.param("we expect sales to grow 10% to 12%", 10.0, 12.0, "%", id="future_growth_range"),
    ],
)
def test_range(text: str, low: float, high: float, unit: str | None) -> None:
    amounts = parse(text)
    assert len(amounts) == 1, amounts
    amount = amounts[0]
    assert amount.is_range
    assert (amount.low, amount.high, amount.unit) == (pytest.approx(low), pytest.approx(high), unit)
    assert amount.value == amount.low
    assert amount.values() == (amount.low, amount.high)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        pytest.param("rose from $182 million to $206 million", [182e6, 206e6], id="from_to_is_a_change"),
        pytest.param("從人民幣 182 億元增加到人民幣 206 億元", [182e8, 206e8], id="zh_from_to_is_a_change"),
        pytest.param("grew 15.2% to RMB866 million", [15.2, 866e6], id="percent_then_currency"),
        pytest.param("we had 3 and 4 wins", [3.0, 4.0], id="and_without_between"),
        pytest.param("fees declined roughly $90 million to $1.1 billion", [90e6, 1.1e9], id="past_change_then_level"),
        pytest.param("margin improved by 2% to 14%", [2.0, 14.0], id="improved_by_then_level"),
    ],
)
def test_not_a_range(text: str, values: list[float]) -> None:
    amounts = parse(text)
    assert [a.value for a in amounts] == pytest.approx(values)
    assert not any(a.is_range for a in amounts)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("the 2024 results", id="bare_year"),
        pytest.param("2024年第四季度", id="zh_year_and_quarter"),
        pytest.param("3Q24 and Q3 and H1", id="period_codes"),
        pytest.param("GPT-4o and GPT-40 and COVID-19", id="model_names"),
        pytest.param("December 31, 2024", id="date"),
        pytest.param("12 月 19 日", id="zh_date"),
        pytest.param("2025.03.25 14:42", id="dotted_date_and_time"),
        pytest.param("cite s12 and s13", id="sentence_ids"),
        pytest.param("the 4th time", id="ordinal"),
        pytest.param("第 3 名", id="zh_ordinal"),
        pytest.param("1. 收入增長\n2、成本下降", id="list_markers"),
        pytest.param("(1) revenue", id="parenthesised_list_marker"),
        pytest.param("ticker 01024.HK", id="leading_zero_code"),
        pytest.param("fourth quarter '20", id="apostrophe_year"),
        pytest.param("see Slide 6 and page 12", id="references"),
        pytest.param("a book-to-bill of 1.15:1", id="ratio_with_colon"),
        pytest.param("", id="empty"),
    ],
)
def test_not_quantities(text: str) -> None:
    assert parse(text) == []


def test_parenthesised_percent_is_an_aside_not_a_negative() -> None:
    amounts = parse("grew 12.4% (5% in constant currency)")
    assert [(a.value, a.text) for a in amounts] == [(12.4, "12.4%"), (5.0, "5%")]


def test_full_width_comma_between_ascii_digits_separates_clauses() -> None:
    assert [a.value for a in parse("100，200")] == [100.0, 200.0]


def test_spans_index_the_original_text_with_full_width_characters() -> None:
    text = "收入為 １，５７０ 萬美元，同比增長 ３％。"
    amounts = parse(text)
    assert [text[a.start : a.end] for a in amounts] == ["１，５７０ 萬美元", "３％"]


def test_sentence_with_several_amounts() -> None:
    text = "Total revenues were $9.2 million, a decrease of 3.5% quarter-over-quarter, and up 1.1 percentage points."
    assert [(a.value, a.unit) for a in parse(text)] == [(9.2e6, "USD"), (3.5, "%"), (1.1, "pp")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("$31.6 million", 31.6e6, id="model_value"),
        pytest.param("$3.94 per ADS", 3.94, id="per_share_is_one_amount"),
        pytest.param("no figure", None, id="none"),
    ],
)
def test_parse_one(text: str, expected: float | None) -> None:
    amount = parse_one(text)
    assert (amount.value if amount else None) == (pytest.approx(expected) if expected is not None else None)


def test_amount_is_frozen() -> None:
    amount = parse("$1 million")[0]
    with pytest.raises((AttributeError, TypeError, ValueError)):
        amount.value = 2.0  # type: ignore[misc]


# --- the real calls in ../shared (skipped when absent) -------------------------------------------


def _line_with(lines: list[str], needle: str) -> str:
    return next(line for line in lines if needle in line and not CJK.search(line))


@pytest.mark.parametrize(
    ("needle", "value", "unit"),
    [
        # The speech recogniser wrote "$" for an RMB figure: parsed as written; grounding keeps it.
        pytest.param("412.9", 412.9e6, "USD", id="asr_dollar_for_rmb"),
        # A share count transcribed as dollars ("$6.8 million of our Class A ordinary shares").
        pytest.param("6.8 million", 6.8e6, "USD", id="asr_dollar_for_share_count"),
        pytest.param("RMB113", 113e6, "CNY", id="rmb_glued"),
        pytest.param("3.94", 3.94, "USD", id="per_ads"),
        pytest.param("negative $4.6", -4.6e6, "USD", id="negative_word"),
        pytest.param("0.3 million", 0.3e6, None, id="million_without_currency"),
    ],
)
def test_agora_english_forms(needle: str, value: float, unit: str | None) -> None:
    line = _line_with(shared_lines("agora-2024q3-en-zh.txt"), needle)
    found = [(a.value, a.unit) for a in parse(line)]
    assert (pytest.approx(value), unit) in found


def test_agora_guidance_range_in_both_languages() -> None:
    lines = shared_lines("agora-2024q3-en-zh.txt")
    index = next(i for i, line in enumerate(lines) if "between $34" in line)
    english = [a for a in parse(lines[index]) if a.is_range]
    chinese = [a for a in parse(lines[index + 1]) if a.is_range]
    assert [(a.low, a.high, a.unit) for a in english] == [(34e6, 36e6, "USD")]
    assert [(a.low, a.high, a.unit) for a in chinese] == [(34e6, 36e6, "USD")]


def test_agora_every_english_amount_is_in_its_translation() -> None:
    """Each money or percent amount of an English line is parsed from the Chinese line after it."""
    lines = shared_lines("agora-2024q3-en-zh.txt")
    checked = missing = 0
    for english, chinese in zip(lines, lines[1:], strict=False):
        if CJK.search(english) or not CJK.search(chinese):
            continue
        translated = {(round(v, 2), a.unit) for a in parse(chinese) for v in a.values()}
        for amount in parse(english):
            if amount.unit not in {"USD", "CNY", "%"}:
                continue
            for value in amount.values():
                checked += 1
                missing += (round(value, 2), amount.unit) not in translated
    assert checked > 50
    assert missing == 0


def test_kuaishou_chinese_forms() -> None:
    text = "\n".join(shared_lines("kuaishou-2024q4-zh.txt"))
    amounts = parse(text)
    yi_yuan = [a for a in amounts if a.scale == "億" and a.unit == "CNY"]
    assert len(yi_yuan) > 20
    assert all(a.value >= 1e8 and a.value == round(a.value) for a in yi_yuan)
    assert any(a.unit == "pp" for a in amounts)
    assert any(a.unit == "x" for a in amounts)
    assert any(a.qualifier == "more than" for a in amounts)
    assert any(a.qualifier == "approximately" for a in amounts)
    assert any(a.is_range and a.unit == "%" for a in amounts)
    assert any(a.unit == "HKD" for a in amounts)


# --- properties ----------------------------------------------------------------------------------

_pieces = st.sampled_from(
    ["$", "RMB", "US$", "(", ")", "-", "負", "約", "超過", " ", ",", ".", "%", "萬", "億", "元", "美元", "million",
     "x", "倍", "個百分點", "to", "至", "~", "between", "and", "per ADS", "pct", "年", "Q", "１", "，", "．"]
)  # fmt: skip
_digits = st.from_regex(r"[0-9]{1,5}(\.[0-9]{1,3})?", fullmatch=True)
_texts = st.one_of(st.text(), st.lists(st.one_of(_pieces, _digits), max_size=14).map("".join))


@given(_texts)
def test_parse_never_raises_and_spans_are_valid(text: str) -> None:
    previous_end = 0
    for amount in parse(text):
        assert isinstance(amount, Amount)
        assert previous_end <= amount.start < amount.end <= len(text)
        assert text[amount.start : amount.end] == amount.text
        assert amount.unit in {None, "%", "pp", "x"} or re.fullmatch(r"[A-Z]{3}", amount.unit)
        if amount.is_range:
            assert amount.low is not None and amount.high is not None and amount.low <= amount.high
        previous_end = amount.end


@given(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([("million", 1e6), ("billion", 1e9), (" 萬", 1e4), (" 億", 1e8), ("", 1.0)]),
    st.sampled_from([("$", "USD"), ("RMB", "CNY"), ("", None)]),
)
def test_written_amount_round_trips(number: object, scale: tuple[str, float], currency: tuple[str, str | None]) -> None:
    word, factor = scale
    symbol, unit = currency
    written = f"{number:,.2f}"
    spacer = " " if word and word[0].isalpha() else ""
    amounts = parse(f"Sales were {symbol}{written}{spacer}{word} this time.")
    assert len(amounts) == 1
    assert amounts[0].value == pytest.approx(float(number) * factor)  # type: ignore[arg-type]
    assert amounts[0].unit == unit
