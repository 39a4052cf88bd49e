"""Figures stated as changes, and where a sentence that names no business gets one from.

A change of a level its sentence states belongs to that level; a change stated alone is a
figure with no value; a heading's business reaches the figures under it only when the section
itself names that business. Sentences are written here for fictional companies; full-width
punctuation is built with chr().
"""

from __future__ import annotations

import pytest

from summarizer.assemble.highlights import highlight_lines
from summarizer.brief import KPI, Brief, Guidance, Rejected
from summarizer.compare.change import ResultVerdict
from summarizer.compare.outlook import guidance_results
from summarizer.document import Role, Section, SectionKind, Sentence, Span, Transcript
from summarizer.extract.focus import amount_refs
from summarizer.extract.replies import Figure, Outlook
from summarizer.ground.context import SectionContext
from summarizer.ground.guidance import counts_time, ground_outlook
from summarizer.ground.kpi import ground_figure
from summarizer.ground.reasons import Reason
from summarizer.render.values import format_change, kpi_value
from summarizer.text.metrics import describe, find_mentions
from summarizer.text.periods import find_periods

COMMA = chr(0xFF0C)  # full-width comma
STOP = chr(0x3002)  # ideographic full stop
COLON = chr(0xFF1A)  # full-width colon


def titled(title: str | None, *sentences: str, kind: SectionKind = SectionKind.prepared_remarks) -> SectionContext:
    """A section under the heading ``title``: one paragraph of ``sentences``."""
    text, found = "", []
    for sentence in sentences:
        found.append(Sentence(id=f"s{len(found) + 1}", span=Span(start=len(text), end=len(text) + len(sentence)),
                              text=sentence))  # fmt: skip
        text += sentence
    section = Section(id="sec1", kind=kind, title=title, speaker="Mira Solberg", role=Role.executive,
                      span=Span(start=0, end=len(text)), sentences=found)  # fmt: skip
    return SectionContext.build(section, Transcript(text=text + "\n", name="tarvo-2031q2.txt", period="2031Q2"))


def ground(ctx: SectionContext, metric: str, sentence: int = -1, nth: int = 0) -> KPI | Rejected:
    sid = ctx.section.sentences[sentence].id
    refs = [ref for ref in amount_refs(ctx.section) if ref.sentence == sid]
    return ground_figure(Figure(metric=metric, amount=refs[nth].id), ctx, [])


def kpi(ctx: SectionContext, metric: str, sentence: int = -1, nth: int = 0) -> KPI:
    found = ground(ctx, metric, sentence, nth)
    assert isinstance(found, KPI), found
    return found


# --- whose change --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "metric", "segment", "period"),
    [
        (
            f"季度收入首次突破 50 億元{COMMA}帶動全年雲服務收入同比增長 12%{STOP}",
            "雲服務收入",
            "雲服務",
            "FY2031",
        ),
        (
            "Quarterly revenue passed $5 billion, and full-year Cloud revenue grew 12% year over year.",
            "Cloud revenue",
            "Cloud",
            "FY2031",
        ),  # fmt: skip
    ],
)
def test_a_change_of_another_segment_or_period_stays_its_own(
    sentence: str, metric: str, segment: str, period: str
) -> None:
    found = kpi(titled(None, sentence), metric, nth=1)
    assert (found.value, found.yoy, found.segment, found.period) == (None, 12.0, segment, period)


def test_a_change_whose_sentence_names_no_metric_for_it_is_rejected() -> None:
    """The metric named in the next clause is that clause's: the model's name for the first change
    is not read as it."""
    sentence = f"日均活躍商家數量同比增長超過 50%{COMMA}商城的日均付費用戶同比增長近 40%{STOP}"
    ctx = titled(None, sentence)
    result = ground(ctx, "日均付費用戶", nth=0)
    assert isinstance(result, Rejected) and result.reason == Reason.metric_not_stated
    second = kpi(ctx, "日均付費用戶", nth=1)
    assert (second.key, second.segment, second.yoy) == ("paying_users", "商城", 40.0)


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        (f"此外{COMMA}2031 年該收入同比增長超過 20%{STOP}", "FY2031"),
        ("Also, in 2031 this revenue grew more than 20% year over year.", "FY2031"),
    ],
)
def test_a_year_after_a_comma_dates_the_change(sentence: str, period: str) -> None:
    assert [m.canonical for m in find_periods(sentence, reference="2031Q2")] == [period]


def test_a_number_before_a_comma_is_not_a_year() -> None:
    assert find_periods(f"收入為 1,2031 年{STOP}", reference="2031Q2") == []


def test_that_revenue_points_back_to_the_business_just_named() -> None:
    ctx = titled(
        None,
        f"第二季度{COMMA}雲服務收入同比增長 13%{COMMA}達到 48 億元{STOP}",
        f"此外{COMMA}2031 年該收入同比增長超過 20%{STOP}",
    )
    found = kpi(ctx, "收入")
    assert (found.segment, found.period, found.yoy, found.value) == ("雲服務", "FY2031", 20.0, None)


# --- names that are not metrics or businesses ------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("月活躍用戶", "mau"),
        ("月活", "mau"),
        ("日活躍用戶", "dau"),
        ("月活躍商家數量", None),
        ("日活躍主播", None),
        ("月活躍創作者", None),
    ],
)
def test_active_merchants_and_hosts_are_not_active_users(label: str, key: str | None) -> None:
    assert describe(label)[0] == key


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("日均付費用戶", ("paying_users", None)),
        ("daily paying users", ("paying_users", None)),
        ("monthly average paying users", ("paying_users", None)),
        ("月均活躍用戶", ("mau", None)),
    ],
)
def test_how_often_or_on_average_is_no_segment(label: str, expected: tuple[str, str | None]) -> None:
    assert describe(label) == expected


@pytest.mark.parametrize(
    ("sentence", "segment"),
    [
        (f"商城的日均付費用戶同比增長近 40%{STOP}", "商城"),
        (f"我們在第二季度產生了人民幣 86 億元的正經營現金流{STOP}", None),
    ],
)
def test_the_business_before_de_when_only_a_qualifier_follows(sentence: str, segment: str | None) -> None:
    (mention,) = find_mentions(sentence)
    assert mention.segment == segment


# --- a heading's business -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "sentences", "metric", "segment"),
    [
        pytest.param(
            "海外業務",
            (f"海外總收入同比增長 35%{STOP}", f"付費用戶同比增長 18%{STOP}"),
            "付費用戶",
            "海外",
            id="zh_named_in_the_section",
        ),
        pytest.param(
            "用戶生態",
            (f"日活躍用戶達到 3.1 億{STOP}", f"付費用戶同比增長 18%{STOP}"),
            "付費用戶",
            None,
            id="zh_a_heading_no_sentence_names_as_a_business",
        ),
        pytest.param(
            "直播打賞",
            (f"直播收入為 42 億元{STOP}", f"付費用戶同比增長 18%{STOP}"),
            "付費用戶",
            "直播",
            id="zh_as_the_sentences_name_it",
        ),
        pytest.param(
            "Marketplace",
            ("Marketplace revenue was $310 million.", "Paying users grew 18% year over year."),
            "paying users",
            "Marketplace",
            id="en_named_in_the_section",
        ),
        pytest.param(
            "Financial highlights",
            ("Total revenue was $310 million.", "Paying users grew 18% year over year."),
            "paying users",
            None,
            id="en_a_part_of_the_call",
        ),
    ],
)
def test_a_heading_names_the_business_of_figures_that_name_none(
    title: str, sentences: tuple[str, ...], metric: str, segment: str | None
) -> None:
    assert kpi(titled(title, *sentences), metric).segment == segment


def test_a_heading_is_not_the_segment_of_a_metric_that_implies_it() -> None:
    """GMV is an e-commerce platform's own: under an e-commerce heading it stays the company's."""
    ctx = titled("電商", f"短視頻電商 GMV 同比增長 50%{STOP}", f"電子商務 GMV 達到人民幣 4200 億元{STOP}")
    found = kpi(ctx, "GMV")
    assert (found.key, found.segment) == ("gmv", None)


def test_a_heading_does_not_reach_a_total_or_the_qa() -> None:
    ctx = titled("Marketplace", "Marketplace revenue was $310 million.", "Total revenue was $900 million.")
    assert kpi(ctx, "revenue").segment is None
    qa = titled("Marketplace", "Marketplace revenue was $310 million.", "Paying users grew 18% year over year.",
                kind=SectionKind.qa)  # fmt: skip
    assert kpi(qa, "paying users").segment is None


# --- how a change alone is shown ------------------------------------------------------------------


def change_only(**kw: object) -> KPI:
    return KPI(metric="paying users", key="paying_users", value_text="18%", period="2031Q2", **kw)


def test_a_change_alone_shows_a_dash_for_its_value_and_its_change() -> None:
    assert kpi_value(change_only(yoy=18.0, yoy_unit="%")) == chr(0x2014)
    assert format_change(2.6, "x") == "+2.6x"
    assert format_change(-1.5, "pp") == "-1.5pp"


def test_a_change_alone_is_written_as_its_change_in_the_highlights_input() -> None:
    kpis = [change_only(segment="Marketplace", qoq=-4.0, qoq_unit="%"), change_only(yoy=2.6, yoy_unit="x")]
    brief = Brief(period="2031Q2", kpis=kpis)
    assert sorted(highlight_lines(brief)) == ["paying users (Marketplace): QoQ -4%", "paying users: YoY +2.6x"]


# --- guided growth ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "metric", "ends", "change"),
    [
        ("We expect revenue to grow 10% to 12% year over year in the fourth quarter.", "revenue", (10, 12), "yoy"),
        ("We expect fourth-quarter revenue of $34 million to $36 million.", "revenue", (34e6, 36e6), None),
        ("We expect revenue to grow to $50 million in the fourth quarter.", "revenue", (50e6, 50e6), None),
        (
            "Our outlook implies a $2.5 million to $4.5 million sequential increase in the fourth quarter.",
            "revenue",
            (2.5e6, 4.5e6),
            "qoq",
        ),  # fmt: skip
        (
            "We expect operating expenses to be about $4 million lower in the fourth quarter.",
            "operating expenses",
            (4e6, 4e6),
            "other",
        ),  # fmt: skip
        ("Next year we expect gross margin to decline by about 1 percentage point.", "gross margin", (1, 1), "other"),
        (f"我們預計第四季度收入同比增長 10% 至 12%{STOP}", "收入", (10, 12), "yoy"),
        (f"我們預計明年收入將達到 50 億元{STOP}", "收入", (5e9, 5e9), None),
    ],
)
def test_guided_growth_is_marked_as_a_change_not_a_level(
    sentence: str, metric: str, ends: tuple[float, float], change: str | None
) -> None:
    ctx = titled(None, sentence)
    (amount,) = [a for a in ctx.sentences["s1"].amounts if not counts_time(sentence, a)]
    outlook = Outlook(metric=metric, low=sentence[amount.start : amount.end], cite=["s1"])  # one amount, or a range
    guidance = ground_outlook(outlook, ctx, [])
    assert isinstance(guidance, Guidance), guidance
    assert (guidance.low, guidance.high or guidance.low) == pytest.approx(ends)
    assert guidance.change == change


def test_guided_growth_is_judged_against_the_growth_the_later_call_states() -> None:
    """A guide of 10-12% YoY growth is compared with the next call's stated YoY, never with the
    revenue level; a change against another base is not judged."""
    prev = Brief(period="2031Q2", guidance=[
        Guidance(metric="revenue", key="revenue", period="2031Q3", low=10.0, high=12.0, unit="%", change="yoy"),
        Guidance(metric="revenue", key="revenue", period="2031Q3", low=2e6, high=3e6, unit="USD", change="other"),
    ])  # fmt: skip
    cur = Brief(period="2031Q3", kpis=[
        KPI(metric="revenue", key="revenue", value=52e6, value_text="$52 million", unit="USD", period="2031Q3",
            yoy=13.5, yoy_unit="%"),
    ])  # fmt: skip
    (judged,) = guidance_results(prev, cur)
    assert (judged.verdict, judged.after.value) == (ResultVerdict.beat, 13.5)
