"""Two things read under one key and period make a false conflict: each class of such a reading
error, on sentences written for fictional companies, in English and (where the class exists) Chinese.

- an amount the clause gives as an outlook or a goal, in a sentence with several amounts, is not a
  result ("we expect the acquisition to add $90 million of sales and $0.07 of EPS");
- another party's figure (consensus, the Street's expectations, a market's size) is no figure;
- "$40 million in revenue and $0.12 in EPS": the $0.12 is the EPS, not revenue, and an unscaled
  amount of a few dollars is never a company's total;
- "On an adjusted basis, net income was..." is the adjusted figure;
- "net losses reversed", "loss carryforwards" name an entry, not the period's result;
- "the Harbor division booked $210 million in total sales" is the division's total.
"""

from __future__ import annotations

import pytest
from built import one_section

from summarizer.extract.focus import amount_refs
from summarizer.extract.replies import Figure, Outlook, RemarksFindings
from summarizer.ground import GroundedSection, Reason, ground_section
from summarizer.text.metrics import find_mentions

COMMA, FULL_STOP = chr(0xFF0C), chr(0x3002)


def _ground(line: str, metric: str, value: str) -> GroundedSection:
    """The section of ``line`` grounded with one figure naming, by id, the amount written ``value``."""
    transcript, section = one_section(line)
    refs = amount_refs(section)
    ref = next(r for r in refs if line[r.start : r.end] == value)
    figure = Figure(metric=metric, amount=ref.id, value=value, sentence=ref.sentence)
    return ground_section(RemarksFindings(figures=[figure]), section, transcript)


# --- outlooks and goals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "metric", "value"),
    [
        pytest.param("We expect the Orrin Labs acquisition to add about $90 million of sales and $0.07 of adjusted "
                     "earnings per share in its first year.", "sales", "about $90 million", id="expected_addition"),
        pytest.param("We expect the Orrin Labs acquisition to add about $90 million of sales and $0.07 of adjusted "
                     "earnings per share in its first year.", "adjusted EPS", "$0.07", id="expected_addition_eps"),
        pytest.param("After closing, Pellam is expected to bring in $310 million in sales and $45 million in EBITDA "
                     "during its first full year.", "sales", "$310 million", id="is_expected_to"),
        pytest.param("Halden now targets fiscal 2026 sales of $4.2 billion and an operating margin of 14%.", "sales",
                     "$4.2 billion", id="targets"),
        pytest.param("Management sees a clear path to double Tessaly's revenue to roughly $1 billion and its EBITDA "
                     "to $150 million.", "revenue", "roughly $1 billion", id="path_to"),
        pytest.param("We remain on track to reach $600 million of revenue and $80 million of EBITDA by 2027.",
                     "EBITDA", "$80 million", id="on_track_to"),
        pytest.param("Our target is $2.5 billion in revenue and $300 million in EBITDA for 2027.", "revenue",
                     "$2.5 billion", id="target_is"),
        pytest.param(f"公司有望在 2026 年實現收入人民幣 120 億元和淨利潤人民幣 9 億元{FULL_STOP}", "淨利潤", "人民幣 9 億元",
                     id="zh_youwang"),
        pytest.param(f"我們的目標是人民幣 300 億元的收入和人民幣 40 億元的經營利潤{FULL_STOP}", "收入", "人民幣 300 億元",
                     id="zh_target_is"),
    ],
)  # fmt: skip
def test_an_amount_its_clause_gives_as_an_outlook_or_goal_is_no_result(line: str, metric: str, value: str) -> None:
    result = _ground(line, metric, value)
    assert result.kpis == []


@pytest.mark.parametrize(
    ("line", "metric", "value", "period"),
    [
        pytest.param("Revenue was $52 million, up 8%, and we expect further growth in the second half.", "revenue",
                     "$52 million", "2025Q2", id="cue_after_the_amount"),
        pytest.param("As expected, revenue declined to $48 million.", "revenue", "$48 million", "2025Q2",
                     id="past_expectation"),
        pytest.param("Revenue of $48 million came in ahead of our expectations.", "revenue", "$48 million", "2025Q2",
                     id="measured_against_expectations"),
        pytest.param("Revenue exceeded our expectations at $48 million and $2 million of it came from Brill.",
                     "revenue", "$48 million", "2025Q2", id="expectations_not_the_amounts"),
        pytest.param("We expect revenue to grow 10% from $40 million last year.", "revenue", "$40 million", "2024Q2",
                     id="comparison_after_the_cue"),
        pytest.param(f"本季度收入為人民幣 52 億元{COMMA}同比增長 8%{COMMA}我們預計下半年將繼續增長{FULL_STOP}", "收入",
                     "人民幣 52 億元", "2025Q2", id="zh_cue_after_the_amount"),
        pytest.param(f"收入為人民幣 48 億元{COMMA}符合預期{FULL_STOP}", "收入", "人民幣 48 億元", "2025Q2",
                     id="zh_past_expectation"),
    ],
)  # fmt: skip
def test_a_result_near_forward_words_stays_a_figure(line: str, metric: str, value: str, period: str) -> None:
    result = _ground(line, metric, value)
    assert [(k.value_text, k.period) for k in result.kpis] == [(value, period)], result.rejected


# --- another party's figure ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "metric", "value"),
    [
        pytest.param("Our new outlook sits comfortably ahead of Street expectations of $1.9 billion in revenue and "
                     "$2.35 of earnings per share.", "revenue", "$1.9 billion", id="street_expectations"),
        pytest.param("Our new outlook sits comfortably ahead of Street expectations of $1.9 billion in revenue and "
                     "$2.35 of earnings per share.", "EPS", "$2.35", id="street_expectations_eps"),
        pytest.param("Revenue of $61 million beat the consensus estimate of $58 million.", "revenue", "$58 million",
                     id="consensus"),
        pytest.param("We see a total addressable market of $40 billion in revenue.", "revenue", "$40 billion",
                     id="addressable_market"),
        pytest.param(f"市場一致預期本季度收入為人民幣 30 億元{FULL_STOP}", "收入", "人民幣 30 億元", id="zh_consensus"),
    ],
)  # fmt: skip
def test_another_partys_estimate_is_neither_figure_nor_guidance(line: str, metric: str, value: str) -> None:
    result = _ground(line, metric, value)
    assert result.kpis == [] and result.guidance == []
    assert [r.reason for r in result.rejected] == [Reason.estimate]


@pytest.mark.parametrize(
    ("line", "low"),
    [
        pytest.param("Our new outlook sits comfortably ahead of Street expectations of $1.9 billion in revenue.",
                     "$1.9 billion", id="street_expectations"),
        pytest.param(f"市場一致預期全年收入為人民幣 120 億元{FULL_STOP}", "人民幣 120 億元", id="zh_consensus"),
    ],
)  # fmt: skip
def test_another_partys_estimate_filed_as_guidance_is_rejected(line: str, low: str) -> None:
    transcript, section = one_section(line)
    outlook = Outlook(metric="revenue", low=low, cite=["s1"])
    result = ground_section(RemarksFindings(guidance=[outlook]), section, transcript)
    assert result.guidance == [] and [r.reason for r in result.rejected] == [Reason.estimate]


@pytest.mark.parametrize(
    ("line", "metric", "value"),
    [
        pytest.param("Revenue of $61 million beat the consensus estimate of $58 million.", "revenue", "$61 million",
                     id="result_before_consensus"),
        pytest.param(f"市場一致預期為人民幣 30 億元{COMMA}而我們的收入為人民幣 32 億元{FULL_STOP}", "收入", "人民幣 32 億元",
                     id="zh_result_in_its_own_clause"),
    ],
)  # fmt: skip
def test_the_result_beside_an_estimate_is_kept(line: str, metric: str, value: str) -> None:
    assert [k.value_text for k in _ground(line, metric, value).kpis] == [value]


# --- per-share amounts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "metric", "value", "key"),
    [
        pytest.param("The Corvo business contributed $40 million in revenue and $0.12 in adjusted earnings per share.",
                     "adjusted EPS", "$0.12", "adjusted_eps", id="in"),
        pytest.param("The Corvo business contributed $40 million of revenue and $0.12 of diluted earnings per share.",
                     "revenue", "$0.12", "eps", id="of_relabelled_from_revenue"),
        pytest.param("The Corvo business contributed $40 million in revenue and $0.12 in adjusted earnings per share.",
                     "revenue", "$40 million", "revenue", id="the_first_amount_keeps_its_name"),
        pytest.param("Revenue was $40 million and net income $3 million.", "net income", "$3 million", "net_income",
                     id="name_before_each_amount"),
    ],
)  # fmt: skip
def test_an_amount_takes_the_metric_it_is_in(line: str, metric: str, value: str, key: str) -> None:
    assert [k.key for k in _ground(line, metric, value).kpis] == [key]


@pytest.mark.parametrize(
    ("line", "metric", "value", "kept"),
    [
        pytest.param("Revenue per visit rose to $4.20.", "revenue", "$4.20", False, id="per_visit_as_revenue"),
        pytest.param("Net income per store was $950.", "net income", "$950", False, id="per_store_as_net_income"),
        pytest.param(f"單次訪問收入為人民幣 38 元{FULL_STOP}", "收入", "人民幣 38 元", False, id="zh_per_visit_as_revenue"),
        pytest.param("Net income was $950,000.", "net income", "$950,000", True, id="unscaled_but_large"),
        pytest.param("Diluted EPS was $0.42.", "EPS", "$0.42", True, id="eps_is_per_share"),
        pytest.param("Revenue was $4.2 million.", "revenue", "$4.2 million", True, id="scaled"),
        pytest.param(f"收入為人民幣 5,000 萬元{FULL_STOP}", "收入", "人民幣 5,000 萬元", True, id="zh_scaled"),
    ],
)  # fmt: skip
def test_a_few_dollars_are_no_company_total(line: str, metric: str, value: str, kept: bool) -> None:
    result = _ground(line, metric, value)
    assert bool(result.kpis) is kept, result.rejected
    if not kept:
        assert [r.reason for r in result.rejected] == [Reason.too_small]


# --- the adjusted basis stated for the sentence ----------------------------------------------------


@pytest.mark.parametrize(
    ("line", "metric", "value", "key"),
    [
        pytest.param("On an adjusted basis, net income for Brightwell came to $8.4 million, equal to $0.31 per "
                     "diluted share.", "net income", "$8.4 million", "adjusted_net_income", id="opening_clause"),
        pytest.param("On an underlying basis, operating income was $14 million.", "operating income", "$14 million",
                     "adjusted_operating_income", id="underlying"),
        pytest.param("On an adjusted basis, EBITDA came in at $3.1 million.", "EBITDA", "$3.1 million",
                     "adjusted_ebitda", id="ebitda"),
        pytest.param("On an adjusted basis, net income for Brightwell came to $8.4 million, equal to $0.31 per "
                     "diluted share.", "EPS", "$0.31 per diluted share", "adjusted_eps", id="per_share_too"),
        pytest.param("On a GAAP basis, net income was $7.9 million.", "net income", "$7.9 million", "net_income",
                     id="gaap"),
        pytest.param("Margins improved on an adjusted basis, while GAAP net income was $5 million.", "net income",
                     "$5 million", "net_income", id="another_basis_named_after"),
        pytest.param("Net income was $7.9 million.", "net income", "$7.9 million", "net_income", id="none"),
        pytest.param(f"按經調整基準計算{COMMA}淨利潤為人民幣 3.2 億元{FULL_STOP}", "淨利潤", "人民幣 3.2 億元",
                     "adjusted_net_income", id="zh_adjusted_basis"),
        pytest.param(f"在調整後口徑下{COMMA}經營利潤為人民幣 1.5 億元{FULL_STOP}", "經營利潤", "人民幣 1.5 億元",
                     "adjusted_operating_income", id="zh_adjusted_scope"),
    ],
)  # fmt: skip
def test_a_clause_stating_the_adjusted_basis_makes_the_adjusted_figure(
    line: str, metric: str, value: str, key: str
) -> None:
    assert [k.key for k in _ground(line, metric, value).kpis] == [key]


# --- an entry on losses is not the result ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        pytest.param("The credit book saw net losses reversed of $12 million.", [],
                     id="losses_reversed"),
        pytest.param("We hold net operating loss carryforwards of $40 million.", [], id="loss_carryforwards"),
        pytest.param("Net loss reversals were $2 million.", [], id="loss_reversals"),
        pytest.param("Net losses were $3 million.", ["net_income"], id="plain_losses"),
        pytest.param("Operating income recovered to $5 million.", ["operating_income"], id="recovered_as_a_verb"),
        pytest.param(f"經營虧損結轉人民幣 2 億元{FULL_STOP}", [], id="zh_carried_forward"),
        pytest.param(f"經營虧損為人民幣 2 億元{FULL_STOP}", ["operating_income"], id="zh_plain_loss"),
    ],
)  # fmt: skip
def test_an_entry_on_losses_names_no_result(text: str, keys: list[str]) -> None:
    assert [m.key for m in find_mentions(text)] == keys


def test_an_entry_on_losses_is_not_net_income() -> None:
    result = _ground("The credit book saw net losses reversed of $12 million.", "net loss", "$12 million")
    # Rejected, or kept under the thing the amount is "of" (ground.metric.owner), never net income.
    assert all(k.key is None for k in result.kpis)
    assert result.kpis or [r.reason for r in result.rejected] == [Reason.metric_not_stated]


# --- a business's total, named before the amount -----------------------------------------------------


@pytest.mark.parametrize(
    ("line", "metric", "value", "segment"),
    [
        pytest.param("In the quarter the Harbor division booked $210 million in total sales.", "total sales",
                     "$210 million", "Harbor", id="division_total_after_amount"),
        pytest.param("The Fenwick segment posted $88 million in total revenue, up 4%.", "total revenue",
                     "$88 million", "Fenwick", id="segment_total_after_amount"),
        pytest.param("We generated $900 million in total sales.", "total sales", "$900 million", None,
                     id="company_total_after_amount"),
        pytest.param("In the Harbor division, total revenue was $210 million.", "total revenue", "$210 million", None,
                     id="total_before_amount_unchanged"),
    ],
)  # fmt: skip
def test_a_total_said_of_a_business_is_the_business(line: str, metric: str, value: str, segment: str | None) -> None:
    assert [k.segment for k in _ground(line, metric, value).kpis] == [segment]
