"""One company's calls side by side: each KPI's series across periods, and the guidance ranges.

A series is one metric (key, segment, basis, unit) over periods of one length (quarters, halves
or years): a quarter's revenue and a year's never share an axis. A period stated by several calls
is read from the call that reports it (its quarter or year to date), else from the latest call.
Guidance ranges join the series of their metric with no segment, preferring no basis.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, Field

from summarizer.brief import Basis, Brief, Quote
from summarizer.compare.change import CallRef
from summarizer.compare.diff import call_ref
from summarizer.compare.figures import identity
from summarizer.compare.periods import call_period, role_of
from summarizer.errors import SummarizerError
from summarizer.text.periods import period_order
from summarizer.text.words import normalise

__all__ = ["Band", "Point", "Series", "SeriesKey", "Span", "Timeline", "build_timeline", "companies", "span_of"]


class Span(StrEnum):
    """How long a series' periods are."""

    quarter = "quarter"
    half = "half"
    year = "year"


SeriesKey = tuple[str, str, str, str, Span]  # a KPI's identity (``figures.identity``) and its span


class Point(BaseModel):
    """A KPI's value for one period, and the call it is read from."""

    period: str
    value: float
    value_text: str | None = None
    call: str | None = None  # the period of the call that states it
    evidence: list[Quote] = Field(default_factory=list)


class Band(BaseModel):
    """A guidance range for one period, and the call that gave it."""

    period: str
    low: float
    high: float
    value_text: str | None = None
    call: str | None = None
    evidence: list[Quote] = Field(default_factory=list)


class Series(BaseModel):
    """One metric over periods of one length, with the guidance given for them."""

    key: str | None = None
    metric: str
    segment: str | None = None
    basis: Basis | None = None
    unit: str | None = None
    span: Span
    points: list[Point] = Field(default_factory=list)
    bands: list[Band] = Field(default_factory=list)

    def periods(self) -> list[str]:
        """Every period of the series (points and bands), in time order."""
        found = {p.period for p in self.points} | {b.period for b in self.bands}
        return sorted(found, key=lambda p: period_order(p) or (0, 0))


class Timeline(BaseModel):
    """One company's KPIs across its calls, oldest call first."""

    company: str | None = None
    calls: list[CallRef] = Field(default_factory=list)
    series: list[Series] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


def span_of(period: str | None) -> Span | None:
    """Whether a canonical period is a quarter, a half or a year."""
    months = period_order(period) if period else None
    if months is None:
        return None
    return {3: Span.quarter, 6: Span.half, 12: Span.year}.get(months[1] - months[0] + 1)


def companies(briefs: Iterable[Brief]) -> list[str]:
    """The companies the briefs are of, as first written, once each."""
    seen: dict[str, str] = {}
    for brief in briefs:
        if brief.company:
            seen.setdefault(normalise(brief.company), brief.company)
    return list(seen.values())


def _chosen(briefs: list[Brief], company: str | None) -> list[Brief]:
    names = companies(briefs)
    if company is None:
        if len(names) > 1:
            raise SummarizerError(
                f"the briefs are of {len(names)} companies ({', '.join(names)}): choose one with --company"
            )
        return briefs
    kept = [b for b in briefs if normalise(b.company) == normalise(company)]
    if not kept:
        raise SummarizerError(
            f"no brief is of {company!r}; the briefs are of {', '.join(names) or 'unnamed companies'}"
        )
    return kept


def _points(briefs: list[Brief]) -> dict[SeriesKey, Series]:
    series: dict[SeriesKey, Series] = {}
    chosen: dict[tuple[SeriesKey, str], tuple[int, Point]] = {}
    for order, brief in enumerate(briefs):
        reported = call_period(brief)
        for kpi in sorted(brief.kpis, key=lambda k: min((q.span.start for q in k.evidence), default=1 << 62)):
            span = span_of(kpi.period)
            if kpi.value is None or kpi.period is None or span is None:
                continue
            sid = (*identity(kpi), span)
            series.setdefault(
                sid,
                Series(key=kpi.key, metric=kpi.metric, segment=kpi.segment, basis=kpi.basis, unit=kpi.unit, span=span),
            )
            rank = order + (len(briefs) if role_of(kpi.period, reported) else 0)  # the reporting call wins
            point = Point(
                period=kpi.period,
                value=kpi.value,
                value_text=kpi.value_text,
                call=reported,
                evidence=list(kpi.evidence),
            )
            held = chosen.get((sid, kpi.period))
            if held is None or rank > held[0]:
                chosen[(sid, kpi.period)] = (rank, point)
    for (sid, _), (_, point) in chosen.items():
        series[sid].points.append(point)
    return series


def _add_bands(series: dict[SeriesKey, Series], briefs: list[Brief]) -> None:
    for brief in briefs:
        for g in brief.guidance:
            span = span_of(g.period)
            if g.low is None or g.period is None or span is None:
                continue
            key, unit = g.key or normalise(g.metric), g.unit or ""
            homes = [sid for sid in series if sid[0] == key and sid[1] == "" and sid[3] == unit and sid[4] == span]
            homes.sort(key=lambda sid: sid[2] != "")
            sid = homes[0] if homes else (key, "", "", unit, span)
            series.setdefault(sid, Series(key=g.key, metric=g.metric, unit=g.unit, span=span))
            high = g.high if g.high is not None else g.low
            series[sid].bands.append(
                Band(
                    period=g.period,
                    low=g.low,
                    high=high,
                    value_text=g.value_text,
                    call=call_period(brief),
                    evidence=list(g.evidence),
                )
            )


def build_timeline(briefs: Iterable[Brief], *, company: str | None = None) -> Timeline:
    """One company's KPIs and guidance across its calls (``company`` may be left out when the briefs are of one)."""
    kept = sorted(_chosen(list(briefs), company), key=lambda b: period_order(call_period(b) or "") or (0, 0))
    series = _points(kept)
    _add_bands(series, kept)
    for s in series.values():
        s.points.sort(key=lambda p: period_order(p.period) or (0, 0))
        s.bands.sort(key=lambda b: (period_order(b.period) or (0, 0), period_order(b.call or "") or (0, 0)))
    ordered = sorted(series.values(), key=lambda s: (-len(s.points) - len(s.bands), s.key or s.metric, s.span.value))
    warnings = [f"{b.source.name or 'a brief'}: its period is unknown" for b in kept if call_period(b) is None]
    return Timeline(
        company=company or next(iter(companies(kept)), None),
        calls=[call_ref(b) for b in kept],
        series=ordered,
        warnings=warnings,
    )
