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

__all__ = ["ai", "brief", "guide", "kpi", "quote", "theme"]

_next = [0]


def quote(text: str, sid: str | None = None) -> Quote:
    """A cited sentence; positions grow in the order quotes are made, as sentences in a transcript."""
    _next[0] += 100
    return Quote(sentence_id=sid or f"s{_next[0] // 100}", span=Span(start=_next[0], end=_next[0] + len(text)), text=text)


def kpi(metric: str, value: float, text: str, *, key: str | None = None, period: str, unit: str | None = "USD",
        segment: str | None = None, basis: Basis | None = None, yoy: float | None = None, qoq: float | None = None,
        yoy_unit: str | None = None, sentence: str | None = None) -> KPI:
    return KPI(metric=metric, key=key, value=value, value_text=text, unit=unit, period=period, segment=segment,
               basis=basis, yoy=yoy, qoq=qoq, yoy_unit=yoy_unit,
               evidence=[quote(sentence or f"{metric} was {text} in {period}.")])


def guide(metric: str, low: float | None, high: float | None, *, key: str | None = None, period: str | None,
          unit: str | None = "USD", text: str | None = None, direction: Direction = Direction.new,
          statement: str | None = None) -> Guidance:
    shown = [format_value(v, unit) for v in (low, high) if v is not None]
    written = text or (" to ".join(v for v in shown if v) or None)
    return Guidance(metric=metric, key=key, period=period, low=low, high=high, unit=unit, value_text=written,
                    direction=direction, statement=statement,
                    evidence=[quote(f"We expect {metric} of {written or statement} for {period}.")])


def ai(point: str, id_: str) -> AIPoint:
    return AIPoint(id=id_, point=point, evidence=[quote(point + ".")])


def theme(title: str, question: str, id_: str) -> QATheme:
    return QATheme(id=id_, theme=title, question=question, answer="An answer.", evidence=[quote(question)])


def brief(period: str, *, company: str = "Fennel Robotics", kpis: list[KPI] | None = None,
          guidance: list[Guidance] | None = None, ai_points: list[AIPoint] | None = None,
          themes: list[QATheme] | None = None) -> Brief:
    return Brief(company=company, period=period, source=Source(name=f"fennel-{period.lower()}.txt"),
                 kpis=kpis or [], guidance=guidance or [], ai_strategy=ai_points or [], qa_themes=themes or [])
