"""Figures of the whole brief that cannot all be right, named as warnings (none is dropped)."""

from __future__ import annotations

import math

from summarizer.brief import KPI
from summarizer.ground.matching import as_written, decimals
from summarizer.text.numbers import parse
from summarizer.text.script import word_key

__all__ = ["consistency_warnings"]

_RATIO_UNITS = {"%", "pp", "x"}


def _label(kpi: KPI) -> str:
    name = kpi.key or kpi.metric
    return f"{name} ({kpi.segment})" if kpi.segment else name


def _where(kpi: KPI) -> str:
    ids = ", ".join(q.sentence_id for q in kpi.evidence)
    return f"{kpi.value_text} ({ids})" if ids else kpi.value_text


def _qualifier(kpi: KPI) -> str | None:
    amounts = parse(kpi.value_text)
    return amounts[0].qualifier if amounts else None


def _rounding(kpi: KPI) -> float:
    written_decimals = decimals(kpi.value_text)
    written = as_written(kpi.value_text, 0)
    if not written_decimals or not written or kpi.value is None:
        return 0.0
    return 10.0 ** (-written_decimals[0]) * abs(kpi.value) / written


def _same(a: KPI, b: KPI) -> bool:
    """Whether two statements of a figure can both be right: equal within rounding, or within the
    bound one of them states ("more than 20 billion" and "27.3 billion"), or roughly equal."""
    if a.value is None or b.value is None:
        return a.value is b.value
    if math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-12):
        return True
    rounding = max(_rounding(a), _rounding(b))
    if abs(a.value - b.value) <= rounding / 2 * (1 + 1e-9):
        return True
    for bound, other, qualifier in ((a.value, b.value, _qualifier(a)), (b.value, a.value, _qualifier(b))):
        if qualifier == "more than" and abs(other) >= abs(bound):
            return True
        if qualifier == "less than" and abs(other) <= abs(bound):
            return True
        if qualifier == "approximately" and abs(bound - other) <= 0.1 * abs(bound):
            return True
    return False


def _conflicts(kpis: list[KPI]) -> list[str]:
    """One metric, segment, period, unit and basis stated with values that cannot all be right."""
    warnings: list[str] = []
    groups: dict[tuple[str, str, str, str, str], list[KPI]] = {}
    for kpi in kpis:
        if kpi.value is None:
            continue
        name = kpi.key or word_key(kpi.metric)
        basis = kpi.basis.value if kpi.basis else ""
        groups.setdefault((name, word_key(kpi.segment), kpi.period or "", kpi.unit or "", basis), []).append(kpi)
    for (_, _, period, _, _), items in groups.items():
        distinct: list[KPI] = []
        for kpi in items:
            if not any(_same(kpi, kept) for kept in distinct):
                distinct.append(kpi)
        if len(distinct) > 1:
            values = " vs ".join(_where(k) for k in distinct)
            warnings.append(f"{_label(distinct[0])} {period or 'period unknown'}: different values stated: {values}")
    return warnings


def _segments_over_total(kpis: list[KPI]) -> list[str]:
    """A segment's amount or count larger than the total of the same metric and period."""
    warnings: list[str] = []
    totals: dict[tuple[str, str, str], KPI] = {}
    for kpi in kpis:
        if kpi.key and kpi.segment is None and kpi.value is not None and kpi.unit not in _RATIO_UNITS:
            totals.setdefault((kpi.key, kpi.period or "", kpi.unit or ""), kpi)
    for kpi in kpis:
        if not kpi.key or kpi.segment is None or kpi.value is None or kpi.unit in _RATIO_UNITS:
            continue
        total = totals.get((kpi.key, kpi.period or "", kpi.unit or ""))
        if (
            total is not None
            and total.value is not None
            and abs(kpi.value) > abs(total.value) * (1 + 1e-9)
            and not _same(kpi, total)
        ):
            warnings.append(
                f"{_label(kpi)} {kpi.period or 'period unknown'}: segment value {_where(kpi)} exceeds the total "
                f"{_where(total)}"
            )
    return warnings


def consistency_warnings(kpis: list[KPI]) -> list[str]:
    """Warnings for figures that cannot all be right.

    One metric, segment and period (and unit) stated with two different values; and a segment's
    value larger than the total of the same metric and period (amounts and counts only: a
    segment's margin may well exceed the group's).
    """
    return _conflicts(kpis) + _segments_over_total(kpis)
