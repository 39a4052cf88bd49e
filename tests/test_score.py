"""bench/score.py on small briefs written here (a fictional company), and the label files in
tests/data: well-formed, in the code's vocabulary, and (when ../shared is present) every number
stated in its source. No model, no network.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import score  # noqa: E402

from summarizer.brief import Basis, Brief, Direction  # noqa: E402
from summarizer.text import numbers  # noqa: E402
from summarizer.text.metrics import KEYS  # noqa: E402
from summarizer.text.periods import normalize_period  # noqa: E402

SHARED = ROOT.parent / "shared"

FIGURES = score.CallFigures.model_validate({
    "call": "brindlemoor", "source": "fictional", "period": "2025Q2",
    "segments": {"Cloud": ["cloud", "雲端"]},
    "figures": [
        {"id": "b-f01", "key": "revenue", "period": "2025Q2", "value": 48.2e6, "unit": "USD", "yoy": 12.0, "yoy_unit": "%"},
        {"id": "b-f02", "key": "revenue", "segment": "Cloud", "period": "2025Q2", "value": 21.7e6, "unit": "USD"},
        {"id": "b-f03", "key": "revenue", "segment": "Cloud", "period": "2025Q2", "kind": "yoy", "value": 30.0, "unit": "%"},
        {"id": "b-f04", "key": "adjusted_net_income", "basis": "non-GAAP", "period": "2025Q2", "value": 5.1e6, "unit": "USD"},
        {"id": "b-f05", "key": "net_income", "period": "2025Q2", "value": -3.4e6, "unit": "USD"},
        {"id": "b-f06", "key": "gross_margin", "period": "2025Q2", "value": 61.5, "unit": "%", "core": False},
        {"id": "b-f07", "key": "restructuring_cost", "period": "2025Q2", "value": 2.0e6, "unit": "USD",
         "terms": "severance|restructur", "core": False},
        {"id": "b-f08", "key": "revenue", "segment": "Cloud", "period": "2025Q2", "value": 14.1e6, "unit": "EUR",
         "accept": [{"value": 15.0e6, "unit": "USD"}], "core": False},
    ],
})  # fmt: skip

RIGHT: list[dict[str, Any]] = [
    {"metric": "Revenue", "key": "revenue", "value": 48.2e6, "value_text": "$48.2 million", "unit": "USD",
     "period": "2025Q2", "yoy": 12.0, "yoy_unit": "%"},
    {"metric": "Cloud revenue", "key": "revenue", "segment": "Cloud", "value": 21.7e6, "value_text": "$21.7 million",
     "unit": "USD", "period": "2025Q2", "yoy": 30.0, "yoy_unit": "%"},
    {"metric": "Cloud revenue growth", "key": "revenue", "segment": "Cloud", "value": 30.0, "value_text": "30%",
     "unit": "%", "period": "2025Q2"},
    {"metric": "Adjusted net income", "key": "adjusted_net_income", "value": 5.1e6, "value_text": "$5.1 million",
     "unit": "USD", "period": "2025Q2", "basis": "non-GAAP"},
    {"metric": "Net loss", "key": "net_income", "value": -3.4e6, "value_text": "$3.4 million", "unit": "USD",
     "period": "2025Q2", "basis": "GAAP"},
    {"metric": "Gross margin", "key": "gross_margin", "value": 61.5, "value_text": "61.5%", "unit": "%",
     "period": "2025Q2"},
    {"metric": "Severance costs", "value": 2.0e6, "value_text": "$2 million", "unit": "USD", "period": "2025Q2"},
    {"metric": "Cloud bookings abroad", "key": "revenue", "segment": "雲端", "value": 15.0e6,
     "value_text": "$15 million", "unit": "USD", "period": "2025Q2"},
]  # fmt: skip


def _brief(kpis: Sequence[dict[str, Any]] = (), guidance: Sequence[dict[str, Any]] = ()) -> Brief:
    return Brief.model_validate({"kpis": list(kpis), "guidance": list(guidance)})


def _with(index: int, **changes: Any) -> list[dict[str, Any]]:
    kpis = [dict(k) for k in RIGHT]
    kpis[index].update(changes)
    return kpis


# --- figures ------------------------------------------------------------------------------------


def test_a_brief_with_every_field_right_scores_full_marks() -> None:
    brief = _brief(RIGHT)
    recall = score.figure_recall(brief, FIGURES)
    precision = score.field_precision(brief, FIGURES)
    assert recall.missing == [] and recall.recall == 1.0
    assert (recall.core_found, recall.core_total) == (5, 5)
    assert (recall.changes_right, recall.changes_stated) == (1, 1)
    assert (precision.matched, precision.right, precision.wrong) == (8, 8, {})


@pytest.mark.parametrize(
    ("index", "changes", "label", "wrong"),
    [
        pytest.param(1, {"segment": None}, "b-f02", ["segment"], id="segment_taken_as_company_total"),
        pytest.param(1, {"segment": "Devices"}, "b-f02", ["segment"], id="other_segment"),
        pytest.param(0, {"segment": "Cloud"}, "b-f01", ["segment"], id="total_given_a_segment"),
        pytest.param(3, {"basis": "pro forma"}, "b-f04", ["basis"], id="other_adjusted_basis"),
        pytest.param(0, {"key": "gross_profit"}, "b-f01", ["key"], id="wrong_key"),
        pytest.param(0, {"key": None}, "b-f01", ["key"], id="no_key"),
        pytest.param(0, {"period": "2025Q1"}, "b-f01", ["period"], id="wrong_period"),
        pytest.param(0, {"period": None}, "b-f01", ["period"], id="no_period"),
        pytest.param(3, {"key": "net_income", "basis": None}, "b-f04", ["basis"], id="adjustment_lost"),
        pytest.param(4, {"basis": "non-GAAP"}, "b-f05", ["basis"], id="reported_called_adjusted"),
        pytest.param(4, {"value": 3.4e6}, "b-f05", ["sign"], id="loss_without_sign"),
        pytest.param(6, {"metric": "Other charges"}, "b-f07", ["key"], id="proposed_key_terms_missing"),
    ],
)
def test_a_wrong_field_loses_the_label_and_counts_against_precision(
    index: int, changes: dict[str, Any], label: str, wrong: list[str]
) -> None:
    brief = _brief(_with(index, **changes))
    assert label in score.figure_recall(brief, FIGURES).missing
    precision = score.field_precision(brief, FIGURES)
    assert precision.right == precision.matched - 1
    assert list(precision.wrong.values()) == [wrong]


@pytest.mark.parametrize(
    ("index", "changes"),
    [
        pytest.param(3, {"key": "net_income", "basis": "non-GAAP"}, id="adjustment_in_the_basis"),
        pytest.param(3, {"basis": None}, id="adjustment_in_the_key"),
        pytest.param(4, {"basis": None}, id="reported_without_basis"),
        pytest.param(0, {"value": 48.25e6}, id="within_rounding"),
        pytest.param(1, {"segment": "Cloud segment"}, id="segment_with_extra_words"),
        pytest.param(6, {"key": "restructuring_cost"}, id="proposed_key_given"),
        pytest.param(2, {"value": None, "value_text": "30%", "unit": None, "yoy": 30.0, "yoy_unit": "%"},
                     id="change_in_the_yoy_field"),
    ],
)  # fmt: skip
def test_equivalent_readings_keep_full_marks(index: int, changes: dict[str, Any]) -> None:
    brief = _brief(_with(index, **changes))
    assert score.figure_recall(brief, FIGURES).missing == []
    precision = score.field_precision(brief, FIGURES)
    assert precision.right == precision.matched


def test_values_outside_rounding_match_nothing() -> None:
    brief = _brief(_with(0, value=48.8e6))
    assert "b-f01" in score.figure_recall(brief, FIGURES).missing
    assert score.field_precision(brief, FIGURES).matched == len(RIGHT) - 1


def test_an_accepted_reading_counts_and_a_currency_mismatch_does_not() -> None:
    assert "b-f08" in score.figure_recall(_brief(RIGHT), FIGURES).found
    brief = _brief(_with(7, unit="GBP"))
    assert "b-f08" in score.figure_recall(brief, FIGURES).missing


def test_one_kpi_finds_one_label_and_a_wrong_change_is_reported() -> None:
    brief = _brief([RIGHT[1]] + _with(0, yoy=21.0)[:1])  # Cloud's KPI carries the 30% YoY too
    recall = score.figure_recall(brief, FIGURES)
    assert recall.found == ["b-f01", "b-f02"]
    assert (recall.changes_right, recall.changes_stated) == (0, 1)


def test_a_kpi_matching_no_label_value_is_left_out_of_precision() -> None:
    extra = {"metric": "Headcount", "value": 1234.0, "value_text": "1,234", "period": "2025Q2"}
    precision = score.field_precision(_brief([*RIGHT, extra]), FIGURES)
    assert (precision.kpis, precision.matched, precision.right) == (9, 8, 8)


# --- outlook ------------------------------------------------------------------------------------

OUTLOOK = score.CallOutlook.model_validate({
    "call": "brindlemoor", "source": "fictional", "period": "2025Q2",
    "segments": {"Cloud": ["cloud", "雲端"]},
    "outlook": [
        {"id": "b-o01", "key": "revenue", "metric": "revenue", "period": "2025Q3", "low": 50e6, "high": 52e6, "unit": "USD"},
        {"id": "b-o02", "key": "adjusted_operating_margin", "metric": "margin impact", "period": "FY2025",
         "low": 1.0, "high": 2.0, "unit": "pp", "impact": True, "terms": "margin|利潤率"},
        {"id": "b-o03", "key": "capex", "metric": "data centre spend", "period": "FY2025", "qualitative": True,
         "terms": "capex|capital|資本"},
        {"id": "b-o04", "key": "revenue", "metric": "Cloud growth", "segment": "Cloud", "qualitative": True,
         "terms": "grow"},
    ],
})  # fmt: skip


def _item(metric: str, *, period: str | None = None, low: float | None = None, high: float | None = None,
          unit: str | None = None, statement: str | None = "said so", key: str | None = None,
          direction: str = "new") -> dict[str, Any]:  # fmt: skip
    return {"metric": metric, "key": key, "period": period, "low": low, "high": high, "unit": unit,
            "statement": statement, "direction": direction}  # fmt: skip


GUIDANCE = [
    _item("Revenue", key="revenue", period="2025Q3", low=50e6, high=52e6, unit="USD"),
    _item(
        "Adjusted operating margin", key="adjusted_operating_margin", period="FY2025", low=-2.0, high=-1.0, unit="pp"
    ),
    _item("Capital expenditure", key="capex", period="FY2025", statement="to rise"),
    _item("Cloud revenue", key="revenue", statement="to keep growing fast"),
]


def test_every_outlook_label_found_in_a_complete_brief() -> None:
    result = score.outlook_recall(_brief(guidance=GUIDANCE), OUTLOOK)
    assert result.missing == [] and result.recall == 1.0
    assert (result.items, result.without_statement) == (4, 0)


@pytest.mark.parametrize(
    ("index", "changes", "label"),
    [
        pytest.param(0, {"period": "2025Q4"}, "b-o01", id="wrong_period"),
        pytest.param(0, {"high": 53e6}, "b-o01", id="wrong_range_end"),
        pytest.param(0, {"low": None, "high": None}, "b-o01", id="quantity_dropped"),
        pytest.param(1, {"unit": "%", "low": 10.0, "high": 20.0}, "b-o02", id="impact_read_as_level"),
        pytest.param(2, {"key": None, "metric": "hiring"}, "b-o03", id="other_metric"),
        pytest.param(3, {"metric": "Revenue", "statement": "to keep growing"}, "b-o04", id="segment_dropped"),
        pytest.param(3, {"statement": "to hold steady"}, "b-o04", id="qualitative_terms_missing"),
        pytest.param(2, {"statement": "to rise", "metric": "Spending", "key": None,
                         "evidence": [{"sentence_id": "s9", "span": {"start": 0, "end": 9}, "text": "Hiring up"}]},
                     "b-o03", id="terms_not_in_evidence"),
    ],
)  # fmt: skip
def test_an_outlook_item_missing_a_part_does_not_count(index: int, changes: dict[str, Any], label: str) -> None:
    items = [dict(g) for g in GUIDANCE]
    items[index].update(changes)
    assert label in score.outlook_recall(_brief(guidance=items), OUTLOOK).missing


def test_a_qualitative_label_is_found_by_its_words_in_the_cited_sentence() -> None:
    quote = {"sentence_id": "s9", "span": {"start": 0, "end": 30}, "text": "Capex will rise again next year"}
    item = {**_item("Spending", period="FY2025", statement="to rise"), "evidence": [quote]}
    assert score.outlook_recall(_brief(guidance=[item]), OUTLOOK).found == ["b-o03"]


def test_one_guidance_item_answers_one_label_and_empty_statements_are_counted() -> None:
    items = [_item("Revenue", key="revenue", statement=None)]
    result = score.outlook_recall(_brief(guidance=items), OUTLOOK)
    assert result.found == []  # no period for b-o01, no segment name for b-o04
    assert result.without_statement == 1
    both = score.CallOutlook.model_validate(
        {
            **OUTLOOK.model_dump(),
            "outlook": [OUTLOOK.outlook[2].model_dump(), {**OUTLOOK.outlook[2].model_dump(), "id": "x"}],
        }
    )
    assert score.outlook_recall(_brief(guidance=GUIDANCE[2:3]), both).found == [OUTLOOK.outlook[2].id]


# --- ECTSum bullets -----------------------------------------------------------------------------

SAMPLE = score.EctsumFile.model_validate({
    "file": "ZZZ_q2_2030.txt",
    "bullets": [
        {"line": 3, "key": "adjusted_eps", "period": "FY2030", "numbers": [4.6, 4.8], "unit": "USD"},
        {"line": 4, "key": "adjusted_eps", "period": "FY2030", "numbers": [4.6, 4.8], "unit": "USD", "direction": "raised"},
        {"line": 5, "key": "revenue", "period": "FY2030", "numbers": [10.0, 13.0], "unit": "%"},
        {"line": 6, "period": "FY2030", "direction": "raised"},
        {"line": 7, "key": "revenue", "period": "FY2030", "direction": "revised"},
    ],
})  # fmt: skip


@pytest.mark.parametrize(
    ("guidance", "numbers_found", "bullets_found"),
    [
        pytest.param([], 0, 0, id="no_guidance"),
        pytest.param([_item("Adjusted EPS", key="adjusted_eps", period="FY2030", low=4.6, high=4.8, unit="USD")],
                     2, 2, id="eps_range_new"),
        pytest.param([_item("Adjusted EPS", key="adjusted_eps", period="FY2030", low=4.6, high=4.8, unit="USD",
                            direction="raised")], 2, 3, id="eps_range_raised"),
        pytest.param([_item("Sales growth", key="revenue", period="FY2030", low=10.0, high=13.0, unit="%",
                            direction="lowered")], 2, 2, id="growth_range_lowered_is_a_revision"),
        pytest.param([_item("EPS", key="eps", period="FY2030", low=4.6, high=4.9)], 1, 0, id="one_end_only"),
    ],
)  # fmt: skip
def test_ectsum_bullets(guidance: list[dict[str, Any]], numbers_found: int, bullets_found: int) -> None:
    result = score.bullet_recall(_brief(guidance=guidance), SAMPLE)
    assert (result.numbers, result.bullets) == (4, 5)
    assert (result.numbers_found, result.bullets_found) == (numbers_found, bullets_found)


# --- loading and rows ---------------------------------------------------------------------------


def test_a_brief_is_read_from_json_text_a_dict_or_a_file(tmp_path: Path) -> None:
    brief = _brief(RIGHT, GUIDANCE)
    path = tmp_path / "brief.json"
    path.write_text(brief.model_dump_json(), encoding="utf-8")
    for form in (brief, brief.model_dump(mode="json"), brief.model_dump_json(), path):
        assert score.as_brief(form) == brief


def test_rows_report_found_over_total() -> None:
    [row] = score.call_rows(_brief(_with(1, segment=None), GUIDANCE[:1]), FIGURES, OUTLOOK)
    assert row["figure labels found"] == "7/8 (88%)"
    assert row["fields right (KPIs matching a label)"] == "7/8 (88%)"
    assert row["outlook labels found"] == "1/4 (25%)"
    sample = score.bullet_recall(_brief(guidance=GUIDANCE), SAMPLE)
    assert score.bullet_row([sample])["bullet numbers found"] == "0/4 (0%)"


# --- the label files ----------------------------------------------------------------------------

UNITS = {None, "USD", "CNY", "HKD", "%", "pp", "x"}
DIRECTIONS = {None, "raised", "lowered", "maintained", "narrowed", "new", "reaffirmed", "withdrawn"}
BASES = {None, *(b.value for b in Basis)}


def _period_ok(period: str | None) -> bool:
    return period is None or normalize_period(period) == period


def test_figure_labels_use_the_codes_vocabulary() -> None:
    calls = score.load_figures()
    assert set(calls) == {"agora", "kuaishou"}
    assert 35 <= len(calls["agora"].figures) <= 60 and 45 <= len(calls["kuaishou"].figures) <= 75
    for call in calls.values():
        assert len({f.id for f in call.figures}) == len(call.figures)
        for f in call.figures:
            assert f.key in KEYS or f.terms, f.id
            assert f.basis in BASES and f.unit in UNITS and _period_ok(f.period), f.id
            assert f.segment is None or f.segment in call.segments, f.id
            for alt in f.variants():
                assert alt.unit in UNITS and alt.basis in BASES and _period_ok(alt.period), f.id


def test_outlook_labels_and_bullets_use_the_codes_vocabulary() -> None:
    calls, samples = score.load_outlook()
    assert (len(calls["agora"].outlook), len(calls["kuaishou"].outlook)) == (9, 11)
    assert {d.value for d in Direction} - {"qualitative"} <= DIRECTIONS
    for call in calls.values():
        for o in call.outlook:
            assert o.key in KEYS or o.terms, o.id
            assert o.direction in DIRECTIONS and o.unit in UNITS and _period_ok(o.period), o.id
            assert o.qualitative == (not o.quantity()), o.id
            assert o.terms or not o.qualitative, o.id
            assert o.segment is None or o.segment in call.segments, o.id
            assert o.terms is None or re.compile(o.terms)
    for sample in samples.values():
        for b in sample.bullets:
            assert b.key is None or b.key in KEYS
            assert b.direction in DIRECTIONS | {"revised"} and _period_ok(b.period)
            assert b.numbers or b.direction or b.key


def _stated(text: str) -> list[float]:
    values = []
    for amount in numbers.parse(text):
        values += [abs(v) for v in amount.values()]
    return values


@pytest.mark.skipif(not (SHARED / "transcripts").is_dir(), reason="../shared is absent")
def test_every_labelled_number_is_stated_in_its_source() -> None:
    figures = score.load_figures()
    outlook, samples = score.load_outlook()
    for name, call in figures.items():
        stated = _stated((SHARED / call.source).read_text(encoding="utf-8"))
        for f in call.figures:
            if f.in_words:
                continue
            wanted = [v.value for v in f.variants()]
            assert any(score.close(abs(w), s) for w in wanted for s in stated), (name, f.id)
        for o in outlook[name].outlook:
            assert all(any(score.close(abs(q), s) for s in stated) for q in o.quantity()), (name, o.id)
    for sample in samples.values():
        stated = _stated((SHARED / "ectsum-sample" / "gt_summaries" / sample.file).read_text(encoding="utf-8"))
        for b in sample.bullets:
            assert all(any(score.close(n, s) for s in stated) for n in b.numbers), (sample.file, b.line)
