"""KPIs of two calls: matched by key, segment, basis, unit and period role; rates checked.

A metric stated more than once for one identity in a call (a total and an unlabelled segment,
say) is read at its first statement in the transcript: calls lead with the headline figure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from summarizer.brief import KPI, Brief, Quote
from summarizer.compare.change import Figure, KPIChange, PeriodRole, RateCheck, RateKind, Restatement
from summarizer.compare.periods import call_period, roles_of, year_before
from summarizer.text.numbers import fold, parse_one, scale_factor
from summarizer.text.periods import shift
from summarizer.text.words import normalise

__all__ = ["Identity", "close", "figure_of", "half_step", "identity", "kpi_changes", "rate_checks", "restatements"]

Identity = tuple[str, str, str, str]  # key (or the metric's words), segment, basis, unit
_DECIMALS = re.compile(r"\.(\d+)")


def identity(kpi: KPI) -> Identity:
    """What makes two calls' KPIs the same metric: key, segment, basis and unit."""
    basis = kpi.basis.value if kpi.basis else ""
    return (kpi.key or normalise(kpi.metric), normalise(kpi.segment), basis, kpi.unit or "")


def _position(quotes: list[Quote]) -> int:
    return min((q.span.start for q in quotes), default=1 << 62)


def _first(kpis: Iterable[KPI]) -> dict[tuple[Identity, str], KPI]:
    """Each (identity, period) at its first statement in the transcript."""
    found: dict[tuple[Identity, str], KPI] = {}
    for kpi in sorted(kpis, key=lambda k: _position(k.evidence)):
        if kpi.value is not None and kpi.period:
            found.setdefault((identity(kpi), kpi.period), kpi)
    return found


def figure_of(kpi: KPI) -> Figure:
    """A KPI as one side of a line: its period, value, text and quotes."""
    return Figure(period=kpi.period, value=kpi.value, value_text=kpi.value_text, evidence=list(kpi.evidence))


def half_step(value_text: str | None) -> float:
    """Half a unit of the last digit as written ("$3.1 billion" -> 0.05e9): the rounding a figure carries."""
    amount = parse_one(value_text or "")
    if amount is None:
        return 0.0
    decimals = _DECIMALS.search(fold(amount.text))
    digits = len(decimals[1]) if decimals else 0
    factor = scale_factor(amount.scale) if amount.scale else 1.0
    return 0.5 * 10.0**-digits * factor


def _rate_step(rate: float) -> float:
    text = f"{rate:g}"
    return 0.5 * 10.0 ** -(len(text.split(".")[1]) if "." in text else 0)


def _by_role(brief: Brief) -> dict[tuple[Identity, PeriodRole], KPI]:
    reported = call_period(brief)
    found: dict[tuple[Identity, PeriodRole], KPI] = {}
    for (ident, period), kpi in _first(brief.kpis).items():
        for role in roles_of(period, reported):
            found.setdefault((ident, role), kpi)
    return found


def kpi_changes(prev: Brief, cur: Brief) -> list[KPIChange]:
    """The KPIs both calls state for the same role (their quarter, their year to date), then and now."""
    before = _by_role(prev)
    changes = []
    for (ident, role), now in _by_role(cur).items():
        then = before.get((ident, role))
        if then is None or then.period == now.period or then.value is None or now.value is None:
            continue
        change = now.value - then.value
        relative = None if now.unit == "%" or then.value == 0 else change / abs(then.value) * 100
        changes.append(
            KPIChange(
                key=now.key,
                metric=now.metric,
                segment=now.segment,
                basis=now.basis,
                role=role,
                unit=now.unit,
                before=figure_of(then),
                after=figure_of(now),
                change=change,
                change_pct=relative,
            )
        )
    return changes


def _implied(now: KPI, base: KPI, points: bool) -> tuple[float, float] | None:
    """The growth two figures give at either end of their rounding (percent, or points)."""
    dn, db = half_step(now.value_text), half_step(base.value_text)
    n, b = now.value, base.value
    if n is None or b is None:
        return None
    if points:
        return n - dn - (b + db), n + dn - (b - db)
    if b - db <= 0:
        return None
    return ((n - dn) / (b + db) - 1) * 100, ((n + dn) / (b - db) - 1) * 100


def _check(kind: RateKind, now: KPI, base: KPI) -> RateCheck | None:
    stated = now.yoy if kind is RateKind.yoy else now.qoq
    unit = now.yoy_unit if kind is RateKind.yoy else now.qoq_unit
    points = unit == "pp"
    if stated is None or (now.unit == "%" and not points):
        return None  # a percent change of a percentage is ambiguous: relative or points
    implied = _implied(now, base, points)
    if implied is None:
        return None
    low, high = implied
    step = _rate_step(stated)
    agrees = low - step - 1e-9 <= stated <= high + step + 1e-9
    return RateCheck(
        key=now.key,
        metric=now.metric,
        segment=now.segment,
        basis=now.basis,
        unit=now.unit,
        kind=kind,
        stated=stated,
        implied_low=round(low, 4),
        implied_high=round(high, 4),
        agrees=agrees,
        before=figure_of(base),
        after=figure_of(now),
    )


def rate_checks(prev: Brief, cur: Brief) -> list[RateCheck]:
    """Every YoY or QoQ the later call states whose base period the earlier call gave a figure for."""
    earlier = _first(prev.kpis)
    checks = []
    for (ident, period), now in _first(cur.kpis).items():
        for kind, base_period in ((RateKind.yoy, year_before(period)), (RateKind.qoq, shift(period, -1))):
            base = earlier.get((ident, base_period)) if base_period else None
            check = _check(kind, now, base) if base is not None else None
            if check is not None:
                checks.append(check)
    return checks


def restatements(prev: Brief, cur: Brief) -> list[Restatement]:
    """Every figure the later call states for a period the earlier call gave it for, and whether
    the two agree within the rounding of both as written."""
    earlier = _first(prev.kpis)
    found = []
    for (ident, period), now in _first(cur.kpis).items():
        then = earlier.get((ident, period))
        if then is None or then.value is None or now.value is None:
            continue
        room = half_step(then.value_text) + half_step(now.value_text)
        found.append(
            Restatement(
                key=now.key,
                metric=now.metric,
                segment=now.segment,
                basis=now.basis,
                unit=now.unit,
                period=period,
                agrees=abs(now.value - then.value) <= room + 1e-9 * max(abs(now.value), abs(then.value)),
                before=figure_of(then),
                after=figure_of(now),
            )
        )
    return found


def close(a: float, b: float) -> bool:
    """Equal as stated figures are (relative 1e-9)."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
