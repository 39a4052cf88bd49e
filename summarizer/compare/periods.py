"""Periods as a comparison sees them: the quarter a call reports, a figure's role in it, a year back."""

from __future__ import annotations

from collections import Counter

from summarizer.brief import Brief
from summarizer.compare.change import PeriodRole
from summarizer.text.periods import period_order, shift

__all__ = ["call_period", "covers", "ended_by", "role_of", "roles_of", "year_before"]


def _canonical(first: int, last: int) -> str | None:
    """The canonical period covering months ``first..last`` (month indexes), if it is one."""
    length, year, month = last - first + 1, first // 12, first % 12
    if length == 3 and month % 3 == 0:
        return f"{year}Q{month // 3 + 1}"
    if length == 6 and month % 6 == 0:
        return f"{year}H{month // 6 + 1}"
    if length == 12 and month == 0:
        return f"FY{year}"
    return None


def call_period(brief: Brief) -> str | None:
    """The quarter a call reports: the brief's own period, else the quarter its KPIs state most."""
    if brief.period:
        return brief.period
    quarters = Counter(k.period for k in brief.kpis if k.period and shift(k.period, 0))
    return quarters.most_common(1)[0][0] if quarters else None


def roles_of(period: str | None, reported: str | None) -> list[PeriodRole]:
    """A figure's roles in a call reporting ``reported``: its quarter, its year to date (a first
    quarter is both), or none."""
    if not period or not reported:
        return []
    months, quarter = period_order(period), period_order(reported)
    if months is None or quarter is None:
        return []
    roles = [PeriodRole.quarter] if period == reported else []
    if months[0] == quarter[0] - quarter[0] % 12 and months[1] == quarter[1]:
        roles.append(PeriodRole.year_to_date)
    return roles


def role_of(period: str | None, reported: str | None) -> PeriodRole | None:
    """A figure's first role in a call reporting ``reported`` (``roles_of``), or None."""
    roles = roles_of(period, reported)
    return roles[0] if roles else None


def year_before(period: str) -> str | None:
    """The same period a year earlier ("2025Q2" -> "2024Q2", "FY2025" -> "FY2024")."""
    months = period_order(period)
    return _canonical(months[0] - 12, months[1] - 12) if months else None


def covers(period: str, reported: str) -> bool:
    """Whether a call reporting ``reported`` gives the actual for ``period`` (its quarter or year to date)."""
    return role_of(period, reported) is not None


def ended_by(period: str | None, reported: str | None) -> bool:
    """Whether ``period`` ended by the end of the quarter ``reported`` (so its guidance is settled)."""
    if not period or not reported:
        return False
    months, quarter = period_order(period), period_order(reported)
    return months is not None and quarter is not None and months[1] <= quarter[1]
