"""Briefs written as data for the comparison tests: fictional companies, short cited sentences."""

from __future__ import annotations

from summarizer.brief import (
    KPI,
    AIPoint,
    Basis,
    Brief,
    Direction,
    Guidance,
    QATheme,
    Quote,
    Source,
)
from summarizer.document import Span
from summarizer.render import format_value

__all__ = ["ai", "brief", "fennel_calls", "guide", "kpi", "quote", "theme"]

_next = [0]


def quote(text: str, sid: str | None = None) -> Quote:
    """A cited sentence; positions grow in the order quotes are made, as sentences in a transcript."""
    _next[0] += 100
    return Quote(
        sentence_id=sid or f"s{_next[0] // 100}", span=Span(start=_next[0], end=_next[0] + len(text)), text=text
    )


def kpi(
    metric: str,
    value: float,
    text: str,
    *,
    key: str | None = None,
    period: str,
    unit: str | None = "USD",
    segment: str | None = None,
    basis: Basis | None = None,
    yoy: float | None = None,
    qoq: float | None = None,
    yoy_unit: str | None = None,
    sentence: str | None = None,
) -> KPI:
    return KPI(
        metric=metric,
        key=key,
        value=value,
        value_text=text,
        unit=unit,
        period=period,
        segment=segment,
        basis=basis,
        yoy=yoy,
        qoq=qoq,
        yoy_unit=yoy_unit,
        evidence=[quote(sentence or f"{metric} was {text} in {period}.")],
    )


def guide(
    metric: str,
    low: float | None,
    high: float | None,
    *,
    key: str | None = None,
    period: str | None,
    unit: str | None = "USD",
    text: str | None = None,
    direction: Direction = Direction.new,
    statement: str | None = None,
) -> Guidance:
    shown = [format_value(v, unit) for v in (low, high) if v is not None]
    written = text or (" to ".join(v for v in shown if v) or None)
    return Guidance(
        metric=metric,
        key=key,
        period=period,
        low=low,
        high=high,
        unit=unit,
        value_text=written,
        direction=direction,
        statement=statement,
        evidence=[quote(f"We expect {metric} of {written or statement} for {period}.")],
    )


def ai(point: str, id_: str) -> AIPoint:
    return AIPoint(id=id_, point=point, evidence=[quote(point + ".")])


def theme(title: str, question: str, id_: str) -> QATheme:
    return QATheme(id=id_, theme=title, question=question, answer="An answer.", evidence=[quote(question)])


def brief(
    period: str,
    *,
    company: str = "Fennel Robotics",
    kpis: list[KPI] | None = None,
    guidance: list[Guidance] | None = None,
    ai_points: list[AIPoint] | None = None,
    themes: list[QATheme] | None = None,
) -> Brief:
    return Brief(
        company=company,
        period=period,
        source=Source(name=f"fennel-{period.lower()}.txt"),
        kpis=kpis or [],
        guidance=guidance or [],
        ai_strategy=ai_points or [],
        qa_themes=themes or [],
    )


def fennel_calls() -> list[Brief]:
    """Three calls of one fictional company: the README's compare and timeline examples."""
    _next[0] = 0  # the same sentence ids however many briefs were made before
    q4 = brief(
        "2030Q4",
        kpis=[
            kpi(
                "revenue",
                1.8e9,
                "$1.8 billion",
                key="revenue",
                period="2030Q4",
                sentence="Fourth-quarter revenue was $1.8 billion.",
            )
        ],
        guidance=[
            guide("revenue", 1.95e9, 2.05e9, key="revenue", period="2031Q1", text="$1.95 billion to $2.05 billion")
        ],
    )
    q1 = brief(
        "2031Q1",
        kpis=[
            kpi(
                "revenue",
                2.0e9,
                "$2.0 billion",
                key="revenue",
                period="2031Q1",
                sentence="Revenue for the first quarter was $2.0 billion.",
            ),
            kpi(
                "revenue",
                1.6e9,
                "$1.6 billion",
                key="revenue",
                period="2030Q2",
                sentence="In the second quarter of last year revenue was $1.6 billion.",
            ),
        ],
        guidance=[
            guide("revenue", 2.1e9, 2.2e9, key="revenue", period="2031Q2", text="$2.1 billion to $2.2 billion"),
            guide(
                "free cash flow",
                500e6,
                600e6,
                key="free_cash_flow",
                period="FY2031",
                text="$500 million to $600 million",
            ),
        ],
        ai_points=[ai("Route-planning assistant for warehouse robots in pilot", "ai1")],
        themes=[theme("Pricing", "Will the price increase hold in the second half?", "qa1")],
    )
    q2 = brief(
        "2031Q2",
        kpis=[
            kpi(
                "revenue",
                2.3e9,
                "$2.3 billion",
                key="revenue",
                period="2031Q2",
                yoy=25.0,
                sentence="Second-quarter revenue was $2.3 billion, up 25% from a year ago.",
            )
        ],
        guidance=[
            guide(
                "free cash flow",
                650e6,
                700e6,
                key="free_cash_flow",
                period="FY2031",
                text="$650 million to $700 million",
                direction=Direction.raised,
            )
        ],
        ai_points=[
            ai("The route-planning assistant for warehouse robots is on sale", "ai1"),
            ai("In-house inference chips for robot vision", "ai2"),
        ],
        themes=[theme("Pricing", "Is the price increase holding with large customers?", "qa1")],
    )
    return [q4, q1, q2]
