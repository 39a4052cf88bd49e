"""Guidance of two calls: against the later call's results, and against the later call's guidance.

Verdicts come from the numbers only. A range is ``low..high``; a point is ``low == high``. An
actual beats when it lies above the range by more than its own rounding as written (below, for
a cost); guidance moves are read from the two ranges: both ends equal is maintained, a range
inside the earlier one is narrowed, one around it is widened, else the midpoint moved.
"""

from __future__ import annotations

from summarizer.brief import KPI, Brief, ChangeBasis, Direction, Guidance, Quote
from summarizer.compare.change import (
    Figure,
    GuidanceChange,
    GuidanceRange,
    GuidanceResult,
    GuidanceVerdict,
    ResultVerdict,
)
from summarizer.compare.figures import close, figure_of, half_step
from summarizer.compare.periods import call_period, covers, ended_by
from summarizer.text.words import normalise

__all__ = ["LOWER_IS_BETTER", "guidance_changes", "guidance_results", "move", "range_of", "result"]

# Metric keys (``text.metrics``) where coming in under the guide is the good outcome.
LOWER_IS_BETTER = frozenset({"cost_of_revenue", "opex", "rd_expense", "sm_expense", "ga_expense", "sbc"})

Key = tuple[str, str, str, str]  # key (or the metric's words), period, unit, what a change is against


def _key(g: Guidance) -> Key:
    return (g.key or normalise(g.metric), g.period or "", g.unit or "", g.change or "")


def _position(quotes: list[Quote]) -> int:
    return min((q.span.start for q in quotes), default=1 << 62)


def _first(items: list[Guidance]) -> dict[Key, Guidance]:
    found: dict[Key, Guidance] = {}
    for g in sorted(items, key=lambda g: _position(g.evidence)):
        found.setdefault(_key(g), g)
    return found


def _ends(g: Guidance) -> tuple[float, float] | None:
    if g.low is None:
        return None
    return g.low, g.high if g.high is not None else g.low


def range_of(g: Guidance) -> GuidanceRange:
    """A guidance item as one side of a line."""
    low, high = _ends(g) or (None, None)
    return GuidanceRange(
        low=low,
        high=high,
        value_text=g.value_text,
        statement=g.statement,
        direction=g.direction,
        evidence=list(g.evidence),
    )


def result(
    low: float, high: float, actual: float, *, tolerance: float = 0.0, lower_is_better: bool = False
) -> tuple[ResultVerdict, float]:
    """Beat, in line or missed for ``actual`` against ``low..high``, and by how much outside it."""
    if actual > high + tolerance:
        verdict, by = ResultVerdict.beat, actual - high
    elif actual < low - tolerance:
        verdict, by = ResultVerdict.missed, low - actual
    else:
        return ResultVerdict.in_line, 0.0
    if lower_is_better:
        verdict = ResultVerdict.missed if verdict is ResultVerdict.beat else ResultVerdict.beat
    return verdict, by


def _stated(k: KPI, change: ChangeBasis | None) -> tuple[float | None, str | None]:
    """The KPI's number a guidance of ``change`` is about: its level, or its YoY or QoQ change."""
    if change is None:
        return k.value, k.unit
    if change is ChangeBasis.other:
        return None, None  # a change against a base the results do not state
    kind = change.value
    return getattr(k, kind), getattr(k, f"{kind}_unit")


def _actual(cur: Brief, g: Guidance, reported: str) -> KPI | None:
    """The later call's figure for a guided metric and period (a total before a segment): for
    guided growth, the figure whose same change the later call states."""
    key = _key(g)
    found = [
        k
        for k in cur.kpis
        if _stated(k, g.change)[0] is not None
        and k.period == g.period
        and (k.key or normalise(k.metric)) == key[0]
        and (_stated(k, g.change)[1] or "") == key[2]
        and covers(k.period, reported)
    ]
    found.sort(key=lambda k: (k.segment is not None, _position(k.evidence)))
    return found[0] if found else None


def _after(actual: KPI, change: ChangeBasis | None, stated: float) -> Figure:
    """The later call's side: the figure, or for guided growth the change it states."""
    figure = figure_of(actual)
    if change is None:
        return figure
    unit = _stated(actual, change)[1] or ""
    return figure.model_copy(update={"value": stated, "value_text": f"{stated:+g}{unit} {change.value.upper()}"})


def guidance_results(prev: Brief, cur: Brief) -> list[GuidanceResult]:
    """The earlier call's guidance for a period the later call reports, against the actual."""
    reported = call_period(cur)
    if reported is None:
        return []
    results = []
    for g in _first(prev.guidance).values():
        ends = _ends(g)
        actual = _actual(cur, g, reported) if ends and g.period else None
        stated = _stated(actual, g.change)[0] if actual is not None else None
        if ends is None or g.period is None or actual is None or stated is None:
            continue
        lower = (g.key or "") in LOWER_IS_BETTER
        low, high = ends
        tolerance = half_step(actual.value_text) if g.change is None else 0.05  # a change as written to 0.1
        verdict, by = result(low, high, stated, tolerance=tolerance, lower_is_better=lower)
        results.append(
            GuidanceResult(
                key=g.key,
                metric=g.metric,
                period=g.period,
                unit=g.unit,
                lower_is_better=lower,
                verdict=verdict,
                by=by,
                before=range_of(g),
                after=_after(actual, g.change, stated),
            )
        )
    return results


def move(before: tuple[float, float], after: tuple[float, float]) -> GuidanceVerdict:
    """What a guidance range did between two calls, from its ends."""
    (pl, ph), (cl, ch) = before, after
    if close(pl, cl) and close(ph, ch):
        return GuidanceVerdict.maintained
    if cl >= pl and ch <= ph:
        return GuidanceVerdict.narrowed
    if cl <= pl and ch >= ph and close(pl + ph, cl + ch):
        return GuidanceVerdict.widened
    return GuidanceVerdict.raised if cl + ch > pl + ph else GuidanceVerdict.lowered


def _wording_disagrees(
    said: Direction, verdict: GuidanceVerdict, before: tuple[float, float], after: tuple[float, float]
) -> bool:
    up = sum(after) > sum(before) and not close(sum(after), sum(before))
    down = sum(after) < sum(before) and not close(sum(after), sum(before))
    if said is Direction.raised:
        return not up
    if said is Direction.lowered:
        return not down
    if said is Direction.maintained:
        return verdict is not GuidanceVerdict.maintained
    return False


def _change(g_prev: Guidance | None, g_cur: Guidance | None) -> GuidanceChange:
    some = g_cur or g_prev
    assert some is not None
    line = GuidanceChange(
        key=some.key,
        metric=some.metric,
        period=some.period,
        unit=some.unit,
        verdict=GuidanceVerdict.unquantified,
        before=range_of(g_prev) if g_prev else None,
        after=range_of(g_cur) if g_cur else None,
    )
    if g_prev is None:
        line.verdict = GuidanceVerdict.new
    elif g_cur is None:
        line.verdict = GuidanceVerdict.dropped
    else:
        before, after = _ends(g_prev), _ends(g_cur)
        if before and after:
            line.verdict = move(before, after)
            line.wording_disagrees = _wording_disagrees(g_cur.direction, line.verdict, before, after)
    return line


def guidance_changes(prev: Brief, cur: Brief) -> list[GuidanceChange]:
    """The same period's guidance in both calls: raised, lowered, narrowed, widened, maintained, new, dropped.

    Guidance for a period that has ended by the later call's quarter is settled, not dropped:
    it is judged against the results instead.
    """
    reported = call_period(cur)
    before, after = _first(prev.guidance), _first(cur.guidance)
    lines = [_change(before.get(key), g) for key, g in after.items()]
    lines += [_change(g, None) for key, g in before.items() if key not in after and not ended_by(g.period, reported)]
    return lines
