"""Compare and timeline on ../shared/ectsum-series: two companies, four consecutive quarters each.

The briefs are built offline: the loopback fake answers every section with empty findings, so
the KPIs and guidance are the ones the rule-based headline recall proposes and grounding keeps.
The ECTSum transcripts have no title line, so the company and quarter come from the file name.
The expected figures were read from the transcripts by hand; only figures that offline recall
reads correctly are checked. Skipped when ../shared is absent.
"""

from __future__ import annotations

import itertools

import pytest
from conftest import SHARED
from fake_openai import FakeOpenAI

import summarizer
from summarizer.brief import Brief
from summarizer.compare import build_timeline
from summarizer.compare.change import Change, GuidanceVerdict, PeriodRole
from summarizer.ingest import readers
from summarizer.render import timeline as timeline_view

SERIES = SHARED / "ectsum-series" / "ects"
QUARTERS = ["q4_2020", "q1_2021", "q2_2021", "q3_2021"]
B, M = 1e9, 1e6


def _period(stem: str) -> str:
    quarter, year = stem.split("_")[1:]
    return f"{year}Q{quarter[1]}"


@pytest.fixture(scope="module")
def briefs() -> dict[str, Brief]:
    if not SERIES.is_dir():
        pytest.skip("../shared is not present")
    built = {}
    with FakeOpenAI() as fake:
        for path in sorted(SERIES.glob("*.txt")):
            loaded = readers.load_path(path)
            transcript = loaded.model_copy(update={"company": path.stem.split("_")[0], "period": _period(path.stem)})
            built[path.stem] = summarizer.summarize_transcript(
                transcript, base_url=fake.base_url, api_key="k", model="fake"
            )
    return built


def _text(stem: str) -> str:
    return " ".join((SERIES / f"{stem}.txt").read_text(encoding="utf-8").split())


def _pairs(company: str) -> list[tuple[str, str]]:
    stems = [f"{company}_{q}" for q in QUARTERS]
    return list(itertools.pairwise(stems))


def _compare(briefs: dict[str, Brief], prev: str, cur: str) -> Change:
    return summarizer.compare(briefs[prev], briefs[cur], use_model=False)


@pytest.mark.parametrize(("prev", "cur"), _pairs("WM") + _pairs("IFF"), ids=lambda s: s)
def test_every_line_cites_each_call_from_its_own_transcript(briefs: dict[str, Brief], prev: str, cur: str) -> None:
    change = _compare(briefs, prev, cur)
    assert (change.before.period, change.after.period) == (_period(prev), _period(cur))
    assert change.warnings == []
    before, after = _text(prev), _text(cur)
    lines = [*change.kpis, *change.rate_checks, *change.restated, *change.guidance_results, *change.guidance_changes]
    sides = [(line.before, line.after) for line in lines]
    for then, now in sides:
        for quote in then.evidence if then else []:
            assert " ".join(quote.text.split()) in before
        for quote in now.evidence if now else []:
            assert " ".join(quote.text.split()) in after


def test_wm_raised_its_free_cash_flow_guidance_in_the_second_quarter(briefs: dict[str, Brief]) -> None:
    change = _compare(briefs, "WM_q1_2021", "WM_q2_2021")
    # The second call also states "at least $2.5 billion" in a sentence naming no period: its own line.
    [line] = [g for g in change.guidance_changes if g.key == "free_cash_flow" and g.period == "FY2021"]
    assert line.verdict is GuidanceVerdict.raised
    assert (line.before.low, line.before.high) == (2.325 * B, 2.425 * B)  # type: ignore[union-attr]
    assert (line.after.low, line.after.high) == (2.5 * B, 2.6 * B)  # type: ignore[union-attr]
    assert "$2.325 billion and $2.425 billion" in line.before.evidence[0].text  # type: ignore[union-attr]
    assert "$2.5 billion and $2.6 billion" in line.after.evidence[0].text  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("prev", "cur", "then", "now"),
    [
        pytest.param("IFF_q4_2020", "IFF_q1_2021", 1.3 * B, 2.5 * B, id="q4_to_q1"),
        pytest.param("IFF_q1_2021", "IFF_q2_2021", 2.5 * B, 3.1 * B, id="q1_to_q2"),
        pytest.param("IFF_q2_2021", "IFF_q3_2021", 3.1 * B, 3.1 * B, id="q2_to_q3"),
    ],
)
def test_iff_quarterly_sales(briefs: dict[str, Brief], prev: str, cur: str, then: float, now: float) -> None:
    change = _compare(briefs, prev, cur)
    [line] = [k for k in change.kpis if k.key == "revenue" and k.segment is None and k.role is PeriodRole.quarter]
    assert (line.before.value, line.after.value) == (then, now)
    assert line.change == pytest.approx(now - then)
    assert line.change_pct == pytest.approx((now / then - 1) * 100)
    assert (line.before.period, line.after.period) == (_period(prev), _period(cur))


def test_iff_full_year_2020_sales_stated_again_differently(briefs: dict[str, Brief]) -> None:
    # The two calls state the year's sales on different bases (the quotes say which): flagged.
    change = _compare(briefs, "IFF_q4_2020", "IFF_q1_2021")
    [line] = [r for r in change.restated if r.key == "revenue" and r.period == "FY2020"]
    assert (line.before.value, line.after.value, line.agrees) == (5.1 * B, 10.6 * B, False)
    assert "5.1 billion" in line.before.evidence[0].text and "$10.6 billion" in line.after.evidence[0].text


def test_wm_timeline(briefs: dict[str, Brief]) -> None:
    timeline = build_timeline(briefs.values(), company="WM")
    assert [c.period for c in timeline.calls] == ["2020Q4", "2021Q1", "2021Q2", "2021Q3"]
    by_span = {(s.key, s.span.value): s for s in timeline.series if s.segment is None}
    yearly = by_span[("free_cash_flow", "year")]
    assert [(b.period, b.low, b.high, b.call) for b in yearly.bands] == [
        ("FY2021", 2.325 * B, 2.425 * B, "2021Q1"),
        ("FY2021", 2.5 * B, 2.6 * B, "2021Q2"),
    ]
    assert [(p.period, p.value) for p in by_span[("free_cash_flow", "quarter")].points] == [("2021Q3", 773 * M)]
    assert [(p.period, p.value) for p in by_span[("operating_cash_flow", "quarter")].points] == [("2021Q3", 1.18 * B)]
    page = timeline_view.to_html(timeline)
    charted = [s for s in timeline.series if s.bands or len(s.points) > 1]  # one lone dot is not charted
    assert page.count("<svg") == len(charted) and yearly in charted and "guidance for FY2021 given 2021Q2" in page
    assert by_span[("free_cash_flow", "quarter")] not in charted


def test_iff_timeline(briefs: dict[str, Brief]) -> None:
    timeline = build_timeline(briefs.values(), company="IFF")
    [sales] = [s for s in timeline.series if s.key == "revenue" and s.segment is None and s.span.value == "quarter"]
    assert [(p.period, p.value) for p in sales.points] == [
        ("2020Q4", 1.3 * B),
        ("2021Q1", 2.5 * B),
        ("2021Q2", 3.1 * B),
        ("2021Q3", 3.1 * B),
    ]
    for point in sales.points:  # each read from the call that reports that quarter
        assert point.call == point.period
        assert " ".join(point.evidence[0].text.split()) in _text(f"IFF_q{point.period[-1]}_{point.period[:4]}")
