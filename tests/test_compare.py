"""The comparison of two briefs, on briefs written as data (fictional companies): every verdict."""

from __future__ import annotations

from pathlib import Path

import pytest
from briefs import ai, brief, guide, kpi, theme
from fake_openai import FakeOpenAI, reply, status

import summarizer
from summarizer.brief import Basis, Direction
from summarizer.compare import build_timeline, by_words
from summarizer.compare.change import (
    Change,
    GuidanceVerdict,
    MatchMethod,
    PeriodRole,
    RateKind,
    ResultVerdict,
    TopicStatus,
)
from summarizer.compare.figures import half_step
from summarizer.compare.outlook import move, result
from summarizer.errors import SummarizerError

B = 1e9
M = 1e6


# --- guidance against results --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "text", "verdict"),
    [
        pytest.param(2.4 * B, "$2.4 billion", ResultVerdict.beat, id="above_the_range"),
        pytest.param(2.25 * B, "$2.25 billion", ResultVerdict.in_line, id="inside_the_range"),
        pytest.param(2.1 * B, "$2.1 billion", ResultVerdict.in_line, id="at_the_low_end"),
        pytest.param(2.0 * B, "$2.0 billion", ResultVerdict.missed, id="below_the_range"),
        pytest.param(2.32 * B, "$2.3 billion", ResultVerdict.in_line, id="above_only_within_its_rounding"),
    ],
)
def test_guidance_against_results(actual: float, text: str, verdict: ResultVerdict) -> None:
    prev = brief("2031Q1", guidance=[guide("revenue", 2.1 * B, 2.3 * B, key="revenue", period="2031Q2")])
    cur = brief("2031Q2", kpis=[kpi("revenue", actual, text, key="revenue", period="2031Q2")])
    [line] = summarizer.compare(prev, cur, use_model=False).guidance_results
    assert line.verdict is verdict
    assert line.before.evidence and line.after.evidence  # both calls cited
    assert line.before.evidence[0].text.startswith("We expect revenue")
    assert line.after.value == actual


def test_a_cost_under_its_guide_is_a_beat() -> None:
    prev = brief("2031Q1", guidance=[guide("operating expenses", 400 * M, 420 * M, key="opex", period="2031Q2")])
    cur = brief("2031Q2", kpis=[kpi("operating expenses", 390 * M, "$390 million", key="opex", period="2031Q2")])
    [line] = by_words(prev, cur).guidance_results
    assert (line.verdict, line.lower_is_better, line.by) == (ResultVerdict.beat, True, 10 * M)


def test_full_year_guidance_is_judged_by_the_fourth_quarter_call() -> None:
    prev = brief("2031Q3", guidance=[guide("revenue", 9 * B, 9.2 * B, key="revenue", period="FY2031")])
    cur = brief("2031Q4", kpis=[kpi("revenue", 8.8 * B, "$8.8 billion", key="revenue", period="FY2031")])
    [line] = by_words(prev, cur).guidance_results
    assert (line.verdict, line.period, line.by) == (ResultVerdict.missed, "FY2031", pytest.approx(0.2 * B))
    assert by_words(prev, cur).guidance_changes == []  # settled, not dropped


def test_result_of_a_point_guide() -> None:
    assert result(50.0, 50.0, 50.4, tolerance=0.5) == (ResultVerdict.in_line, 0.0)
    assert result(50.0, 50.0, 52.0, tolerance=0.5) == (ResultVerdict.beat, 2.0)


# --- guidance against guidance -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        pytest.param((2.3, 2.4), (2.5, 2.6), GuidanceVerdict.raised, id="raised"),
        pytest.param((2.3, 2.4), (2.35, 2.5), GuidanceVerdict.raised, id="raised_and_overlapping"),
        pytest.param((2.3, 2.4), (2.1, 2.2), GuidanceVerdict.lowered, id="lowered"),
        pytest.param((2.3, 2.5), (2.35, 2.45), GuidanceVerdict.narrowed, id="narrowed"),
        pytest.param((2.3, 2.5), (2.4, 2.5), GuidanceVerdict.narrowed, id="narrowed_from_below"),
        pytest.param((2.3, 2.5), (2.3, 2.5), GuidanceVerdict.maintained, id="maintained"),
        pytest.param((2.35, 2.45), (2.3, 2.5), GuidanceVerdict.widened, id="widened"),
        pytest.param((7.0, 7.0), (7.5, 7.5), GuidanceVerdict.raised, id="point_raised"),
    ],
)
def test_guidance_move(before: tuple[float, float], after: tuple[float, float], verdict: GuidanceVerdict) -> None:
    assert move(before, after) is verdict
    prev = brief(
        "2031Q1",
        guidance=[guide("free cash flow", before[0] * B, before[1] * B, key="free_cash_flow", period="FY2031")],
    )
    cur = brief(
        "2031Q2", guidance=[guide("free cash flow", after[0] * B, after[1] * B, key="free_cash_flow", period="FY2031")]
    )
    [line] = by_words(prev, cur).guidance_changes
    assert line.verdict is verdict
    assert line.before and line.before.evidence and line.after and line.after.evidence


def test_new_dropped_and_unquantified_guidance() -> None:
    prev = brief(
        "2031Q1",
        guidance=[
            guide("capital expenditures", 300 * M, 350 * M, key="capex", period="FY2031"),
            guide("gross margin", None, None, key="gross_margin", period="FY2031", unit="%", statement="stable"),
        ],
    )
    cur = brief(
        "2031Q2",
        guidance=[
            guide("revenue", 1.0 * B, 1.1 * B, key="revenue", period="2031Q3"),
            guide("gross margin", 41.0, 42.0, key="gross_margin", period="FY2031", unit="%"),
        ],
    )
    verdicts = {g.key: g.verdict for g in by_words(prev, cur).guidance_changes}
    assert verdicts == {
        "revenue": GuidanceVerdict.new,
        "gross_margin": GuidanceVerdict.unquantified,
        "capex": GuidanceVerdict.dropped,
    }


def test_the_calls_wording_is_checked_against_the_numbers() -> None:
    prev = brief("2031Q1", guidance=[guide("revenue", 4.0 * B, 4.2 * B, key="revenue", period="FY2031")])
    said_raised = brief(
        "2031Q2",
        guidance=[guide("revenue", 3.9 * B, 4.1 * B, key="revenue", period="FY2031", direction=Direction.raised)],
    )
    said_maintained = brief(
        "2031Q2",
        guidance=[guide("revenue", 4.0 * B, 4.2 * B, key="revenue", period="FY2031", direction=Direction.maintained)],
    )
    [lowered] = by_words(prev, said_raised).guidance_changes
    [kept] = by_words(prev, said_maintained).guidance_changes
    assert (lowered.verdict, lowered.wording_disagrees) == (GuidanceVerdict.lowered, True)
    assert (kept.verdict, kept.wording_disagrees) == (GuidanceVerdict.maintained, False)


# --- KPIs and stated rates -----------------------------------------------------------------------


def test_kpis_matched_by_key_segment_basis_and_role() -> None:
    prev = brief(
        "2031Q1",
        kpis=[
            kpi("revenue", 800 * M, "$800 million", key="revenue", period="2031Q1"),
            kpi("Drones revenue", 300 * M, "$300 million", key="revenue", segment="Drones", period="2031Q1"),
            kpi("adjusted EBITDA", 120 * M, "$120 million", key="ebitda", basis=Basis.non_gaap, period="2031Q1"),
            kpi("gross margin", 40.0, "40%", key="gross_margin", unit="%", period="2031Q1"),
        ],
    )
    cur = brief(
        "2031Q2",
        kpis=[
            kpi("revenue", 880 * M, "$880 million", key="revenue", period="2031Q2"),
            kpi("revenue", 1.68 * B, "$1.68 billion", key="revenue", period="2031H1"),
            kpi("Drones revenue", 270 * M, "$270 million", key="revenue", segment="Drones", period="2031Q2"),
            kpi("EBITDA", 100 * M, "$100 million", key="ebitda", period="2031Q2"),  # GAAP now: not the same figure
            kpi("gross margin", 41.5, "41.5%", key="gross_margin", unit="%", period="2031Q2"),
        ],
    )
    lines = {(k.key, k.segment, k.role): k for k in by_words(prev, cur).kpis}
    assert set(lines) == {
        ("revenue", None, PeriodRole.quarter),
        ("revenue", None, PeriodRole.year_to_date),  # Q1 is its own year to date
        ("revenue", "Drones", PeriodRole.quarter),
        ("gross_margin", None, PeriodRole.quarter),
    }
    total = lines[("revenue", None, PeriodRole.quarter)]
    assert (total.change, total.change_pct) == (pytest.approx(80 * M), pytest.approx(10.0))
    assert lines[("revenue", "Drones", PeriodRole.quarter)].change_pct == pytest.approx(-10.0)
    margin = lines[("gross_margin", None, PeriodRole.quarter)]
    assert (margin.change, margin.change_pct) == (pytest.approx(1.5), None)  # points, not a percent of a percent
    assert total.before.evidence[0].text != total.after.evidence[0].text


def test_the_first_statement_of_a_metric_is_its_headline() -> None:
    prev = brief(
        "2031Q1",
        kpis=[
            kpi("sales", 2.0 * B, "$2.0 billion", key="revenue", period="2031Q1"),
            kpi("sales", 500 * M, "$500 million", key="revenue", period="2031Q1"),
        ],
    )
    cur = brief("2031Q2", kpis=[kpi("sales", 2.2 * B, "$2.2 billion", key="revenue", period="2031Q2")])
    [line] = by_words(prev, cur).kpis
    assert line.before.value == 2.0 * B


@pytest.mark.parametrize(
    ("then", "now", "stated", "agrees"),
    [
        pytest.param("$2,000 million", "$2,200 million", 10.0, True, id="as_the_figures_give"),
        pytest.param("$2.0 billion", "$2.2 billion", 12.0, True, id="within_the_rounding_of_both_figures"),
        pytest.param("$2,000 million", "$2,200 million", 12.0, False, id="disagrees_beyond_rounding"),
        pytest.param("$2.0 billion", "$2.2 billion", 16.0, False, id="disagrees"),
    ],
)
def test_stated_yoy_against_the_earlier_calls_figure(then: str, now: str, stated: float, agrees: bool) -> None:
    # A year apart: the earlier call gave the base quarter's revenue itself.
    prev = brief("2030Q2", kpis=[kpi("revenue", 2.0 * B, then, key="revenue", period="2030Q2")])
    cur = brief("2031Q2", kpis=[kpi("revenue", 2.2 * B, now, key="revenue", period="2031Q2", yoy=stated)])
    [check] = by_words(prev, cur).rate_checks
    assert (check.kind, check.stated, check.agrees) == (RateKind.yoy, stated, agrees)
    assert check.implied_low < 10.0 < check.implied_high
    assert check.before.period == "2030Q2" and check.before.evidence and check.after.evidence


def test_stated_qoq_and_points() -> None:
    prev = brief(
        "2031Q1",
        kpis=[
            kpi("revenue", 500 * M, "$500 million", key="revenue", period="2031Q1"),
            kpi("gross margin", 40.0, "40.0%", key="gross_margin", unit="%", period="2031Q1"),
        ],
    )
    cur = brief(
        "2031Q2",
        kpis=[
            kpi("revenue", 550 * M, "$550 million", key="revenue", period="2031Q2", qoq=4.0),
            kpi("gross margin", 42.0, "42.0%", key="gross_margin", unit="%", period="2031Q2", yoy=2.0, yoy_unit="pp"),
        ],
    )
    [check] = by_words(prev, cur).rate_checks  # the margin's YoY has no base in a call a quarter back
    assert (check.kind, check.agrees) == (RateKind.qoq, False)
    assert check.implied_low == pytest.approx(10.0, abs=0.3)


@pytest.mark.parametrize(
    ("then", "now", "agrees"),
    [
        pytest.param("$1.6 billion", "$1,612 million", True, id="the_same_figure_more_precisely"),
        pytest.param("$1,600 million", "$1,650 million", False, id="restated"),
    ],
)
def test_a_figure_stated_again_is_checked_against_the_earlier_call(then: str, now: str, agrees: bool) -> None:
    value = {
        "$1.6 billion": 1.6 * B,
        "$1,612 million": 1.612 * B,
        "$1,600 million": 1.6 * B,
        "$1,650 million": 1.65 * B,
    }
    prev = brief("2031Q1", kpis=[kpi("revenue", value[then], then, key="revenue", period="2031Q1")])
    cur = brief(
        "2031Q2",
        kpis=[
            kpi("revenue", value[now], now, key="revenue", period="2031Q1"),
            kpi("revenue", 1.7 * B, "$1.7 billion", key="revenue", period="2031Q2"),
        ],
    )
    [line] = by_words(prev, cur).restated
    assert (line.period, line.agrees) == ("2031Q1", agrees)
    assert line.before.value_text == then and line.after.value_text == now


def test_half_step_is_the_rounding_as_written() -> None:
    assert half_step("$3.1 billion") == pytest.approx(0.05e9)
    assert half_step("$1.18 billion") == pytest.approx(0.005e9)
    assert half_step("773 million") == pytest.approx(0.5e6)
    assert half_step("41.5%") == pytest.approx(0.05)
    assert half_step(None) == 0.0


# --- AI strategy and Q&A -------------------------------------------------------------------------


def _topical() -> tuple:
    prev = brief(
        "2031Q1",
        ai_points=[
            ai("An assistant that plans routes for warehouse robots", "ai1"),
            ai("A partnership for training vision models", "ai2"),
        ],
        themes=[theme("Margins", "How will gross margins develop with the new plant?", "qa1")],
    )
    cur = brief(
        "2031Q2",
        ai_points=[
            ai("The assistant that plans routes for warehouse robots is now sold", "ai1"),
            ai("Inference chips built in house", "ai2"),
        ],
        themes=[
            theme("Margins again", "Where will gross margins go once the new plant runs?", "qa1"),
            theme("Hiring", "How many engineers will you hire?", "qa2"),
        ],
    )
    return prev, cur


def test_topics_by_shared_words_say_so() -> None:
    change = by_words(*_topical())
    assert change.matching.method is MatchMethod.word_overlap and "no model" in change.matching.note
    statuses = {
        (t.before.id if t.before else None, t.after.id if t.after else None): t.status for t in change.ai_strategy
    }
    assert statuses == {
        ("ai1", "ai1"): TopicStatus.again,
        (None, "ai2"): TopicStatus.new,
        ("ai2", None): TopicStatus.no_longer_mentioned,
    }
    again = [t for t in change.qa_themes if t.status is TopicStatus.again]
    assert [(t.before.id, t.after.id) for t in again] == [("qa1", "qa1")]
    assert all(t.before.evidence and t.after.evidence for t in again)


def test_topics_by_meaning_in_one_request() -> None:
    answer = {
        "pairs": [
            {"earlier": "pa2", "later": "ca2"},
            {"earlier": "pq1", "later": "cq2"},
            {"earlier": "pa1", "later": "cq1"},
        ]
    }  # the cross-kind pair is dropped
    with FakeOpenAI() as fake:
        fake.on(lambda r: r.schema == "TopicPairs", reply(answer))
        change = summarizer.compare(*_topical(), base_url=fake.base_url, api_key="k", model="fake")
        assert len(fake.requests) == 1
        user = next(m["content"] for m in fake.requests[0].body["messages"] if m["role"] == "user")
    assert "pa1: An assistant that plans routes for warehouse robots" in user and "cq2: Hiring" in user
    assert (change.matching.method, change.matching.requests) == (MatchMethod.model, 1)
    ai_again = [(t.before.id, t.after.id) for t in change.ai_strategy if t.status is TopicStatus.again]
    qa_again = [(t.before.id, t.after.id) for t in change.qa_themes if t.status is TopicStatus.again]
    assert (ai_again, qa_again) == ([("ai2", "ai2")], [("qa1", "qa2")])


def test_the_matching_request_is_answered_from_the_cache_the_second_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path))
    answer = {"pairs": [{"earlier": "pa1", "later": "ca1"}]}
    with FakeOpenAI() as fake:
        fake.on(lambda r: r.schema == "TopicPairs", reply(answer), repeat=True)
        calls = _topical()
        first, second = (
            summarizer.compare(*calls, base_url=fake.base_url, api_key="k", model="fake", cache=True) for _ in range(2)
        )
        assert len(fake.requests) == 1
    assert (first.matching.requests, second.matching.requests, second.matching.cached_responses) == (1, 0, 1)
    assert first.ai_strategy == second.ai_strategy


def test_a_failed_model_request_falls_back_to_words() -> None:
    with FakeOpenAI() as fake:
        fake.on(lambda r: True, status(400), repeat=True)
        change = summarizer.compare(*_topical(), base_url=fake.base_url, api_key="k", model="fake")
    assert change.matching.method is MatchMethod.word_overlap
    assert "request failed" in change.matching.note and "HTTP 400" in change.matching.note


def test_no_request_without_topics_on_both_sides() -> None:
    with FakeOpenAI() as fake:
        change = summarizer.compare(brief("2031Q1"), brief("2031Q2"), base_url=fake.base_url, api_key="k", model="fake")
        assert fake.requests == []
    assert change.matching.method is MatchMethod.none


# --- the document, warnings, timeline ------------------------------------------------------------


def test_change_round_trips_and_warns() -> None:
    change = by_words(brief("2031Q2"), brief("2031Q1", company="Gorse Foods"))
    assert Change.model_validate_json(change.model_dump_json()) == change
    assert any("different companies" in w for w in change.warnings)
    assert any("reports a later period" in w for w in change.warnings)


def test_timeline_series_and_bands() -> None:
    calls = [
        brief(
            "2031Q1",
            kpis=[kpi("revenue", 800 * M, "$800 million", key="revenue", period="2031Q1")],
            guidance=[
                guide("revenue", 850 * M, 900 * M, key="revenue", period="2031Q2"),
                guide("revenue", 3.4 * B, 3.6 * B, key="revenue", period="FY2031"),
            ],
        ),
        brief(
            "2031Q2",
            kpis=[kpi("revenue", 880 * M, "$880 million", key="revenue", period="2031Q2")],
            guidance=[guide("revenue", 3.5 * B, 3.6 * B, key="revenue", period="FY2031")],
        ),
        brief(
            "2031Q3", company="Gorse Foods", kpis=[kpi("revenue", 5 * B, "$5 billion", key="revenue", period="2031Q3")]
        ),
    ]
    with pytest.raises(SummarizerError, match="2 companies"):
        build_timeline(calls)
    timeline = summarizer.timeline(calls, company="fennel robotics")
    assert [c.period for c in timeline.calls] == ["2031Q1", "2031Q2"]
    quarter, year = (next(s for s in timeline.series if s.span.value == span) for span in ("quarter", "year"))
    assert [(p.period, p.value) for p in quarter.points] == [("2031Q1", 800 * M), ("2031Q2", 880 * M)]
    assert [(b.period, b.low, b.call) for b in quarter.bands] == [("2031Q2", 850 * M, "2031Q1")]
    assert [(b.low, b.call) for b in year.bands] == [(3.4 * B, "2031Q1"), (3.5 * B, "2031Q2")]


# --- views ---------------------------------------------------------------------------------------


def test_views_of_a_disagreeing_rate() -> None:
    from rich.console import Console

    from summarizer.render import change as view
    from summarizer.render import timeline as timeline_view

    prev = brief(
        "2031Q1",
        kpis=[
            kpi("revenue", 1.6 * B, "$1.6 billion", key="revenue", period="2030Q2"),
            kpi("gross margin", 40.0, "40.0%", key="gross_margin", unit="%", period="2031Q1"),
        ],
    )
    cur = brief(
        "2031Q2",
        kpis=[
            kpi("revenue", 2.3 * B, "$2.3 billion", key="revenue", period="2031Q2", yoy=25.0),
            kpi("gross margin", 41.0, "41.0%", key="gross_margin", unit="%", period="2031Q2", qoq=3.0, yoy_unit=None),
        ],
    )
    change = by_words(prev, cur)
    md = view.to_markdown(change)
    assert "| revenue | YoY | 25% | 36.4% to 51.6% | $1.6B (2030Q2) | DISAGREES | 2031Q1: s" in md
    assert "> 1. 2031Q1 s" in md and "$1.6 billion" in md
    console = Console(record=True, width=200)
    view.print_change(change, console)
    shown = console.export_text()
    assert "Stated growth checked" in shown and "DISAGREES" in shown
    timeline = summarizer.timeline([prev, cur])
    timeline_view.print_timeline(timeline, console)
    assert "$1.6B" in console.export_text()


def test_no_embedded_model_falls_back_to_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "SUMMARIZER_MODEL", "SUMMARIZER_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    missing = tmp_path / "absent.gguf"
    change = summarizer.compare(*_topical(), local=True, local_model=missing)
    assert change.matching.method is MatchMethod.word_overlap
    assert change.matching.note.startswith("no model available") and "absent.gguf" in change.matching.note
