"""Figures of the whole brief that cannot all be right.

One metric, segment, period, unit and basis stated with two values that are not rounding of each
other is a conflict: the brief names it, and is not complete when the metric is a known one (a
key) and the period was read. A figure that rests only on
sentences telling their reader what to report (``cues.INJECTION``, ``cues.DIRECTIVE``) is not
evidence against a figure stated plainly: when the two disagree, the instructed one is dropped
(kept in ``rejected``, with a warning) and the conflict is resolved. Alone, or agreeing with a
plain statement, it stays. A segment larger than its total is a warning only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from summarizer.brief import KPI, Quote, Rejected
from summarizer.ground.context import lead_in
from summarizer.ground.matching import as_written, decimals
from summarizer.ground.reasons import Reason
from summarizer.text.cues import DIRECTIVE, INJECTION
from summarizer.text.numbers import fold, parse
from summarizer.text.script import word_key

__all__ = ["Consistency", "check_consistency", "consistency_warnings", "reads_as_instruction"]

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


def reads_as_instruction(text: str) -> bool:
    """Whether ``text`` tells its reader what to do (with the figures): an instruction to a model
    (``cues.INJECTION``) or a directive (``cues.DIRECTIVE``)."""
    folded = fold(text)
    return bool(INJECTION.search(folded) or DIRECTIVE.search(folded))


def _states(quote: Quote, kpi: KPI) -> bool:
    """Whether the sentence states the figure's value (in any writing of it)."""
    target = abs(kpi.value or 0.0)
    return any(math.isclose(abs(v), target, rel_tol=1e-6) for a in parse(quote.text) for v in a.values())


def _instructed(kpi: KPI, text: str) -> bool:
    """Whether every sentence that states the figure reads as an instruction, with the clause that
    leads into it (and one does)."""
    stating = [q for q in kpi.evidence if _states(q, kpi)] or kpi.evidence
    return bool(stating) and all(reads_as_instruction(lead_in(text, q.span.start) + q.text) for q in stating)


@dataclass
class Consistency:
    """The brief's figures after the whole-brief checks: those kept, those dropped, and why.

    ``conflicts`` are the warnings that make the brief incomplete (values of a known metric and
    period that cannot all be right, left standing); ``warnings`` holds them and every other line
    (a dropped figure, a conflict under an unknown metric or period, a segment larger than its
    total).
    """

    kpis: list[KPI] = field(default_factory=list)
    dropped: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def _groups(kpis: list[KPI]) -> dict[tuple[str, str, str, str, str], list[KPI]]:
    """Figures with a value by metric, segment, period, unit and basis: each group states one figure."""
    groups: dict[tuple[str, str, str, str, str], list[KPI]] = {}
    for kpi in kpis:
        if kpi.value is None:
            continue
        name = kpi.key or word_key(kpi.metric)
        basis = kpi.basis.value if kpi.basis else ""
        groups.setdefault((name, word_key(kpi.segment), kpi.period or "", kpi.unit or "", basis), []).append(kpi)
    return groups


def _drop_instructed(items: list[KPI], text: str, out: Consistency) -> list[KPI]:
    """The group's figures that stay: all but those resting only on instructions that a plainly
    stated figure disagrees with; each one dropped goes to ``out`` with a warning."""
    plain = [k for k in items if not _instructed(k, text)]
    kept: list[KPI] = []
    for kpi in items:
        against = None if any(kpi is p for p in plain) else next((p for p in plain if not _same(kpi, p)), None)
        if against is None:
            kept.append(kpi)
            continue
        out.warnings.append(
            f"{_label(kpi)} {kpi.period or 'period unknown'}: {_where(kpi)} is stated only in a sentence that "
            f"reads as an instruction, and {_where(against)} says otherwise; dropped"
        )
        item = kpi.model_dump(mode="json", exclude={"id"})
        out.dropped.append(Rejected(kind="kpi", section_id=kpi.section_id, reason=Reason.instructed, item=item))
    return kept


def _conflict(items: list[KPI], period: str) -> str | None:
    """The warning for one group stated with values that cannot all be right, or None."""
    distinct: list[KPI] = []
    for kpi in items:
        if not any(_same(kpi, kept) for kept in distinct):
            distinct.append(kpi)
    if len(distinct) < 2:
        return None
    values = " vs ".join(_where(k) for k in distinct)
    return f"{_label(distinct[0])} {period or 'period unknown'}: different values stated: {values}"


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


def check_consistency(kpis: list[KPI], text: str = "") -> Consistency:
    """The brief's figures checked against each other; ``text`` is the transcript's, so that a
    sentence is read with the clause that leads into it (``context.lead_in``).

    Per metric, segment, period, unit and basis: a figure resting only on sentences that read as
    instructions is dropped when a plainly stated figure disagrees with it; values left that are
    not rounding of each other (nor within a bound one of them states) are a conflict, which
    makes the brief incomplete when the metric has a key and the period is known. A
    segment's amount or count larger than the total of the same metric and period is a warning
    (not a ratio: a segment's margin may well exceed the group's).
    """
    out = Consistency()
    kept: list[KPI] = []
    for (_, _, period, _, _), items in _groups(kpis).items():
        staying = _drop_instructed(items, text, out)
        kept.extend(staying)
        conflict = _conflict(staying, period)
        if conflict is None:
            continue
        out.warnings.append(conflict)
        # A metric the tables do not know, or a period not read, may be two figures under one
        # name: named, but not proof that the brief is wrong.
        if period and all(k.key for k in staying):
            out.conflicts.append(conflict)
    staying_ids = {id(k) for k in kept}
    out.kpis = [k for k in kpis if k.value is None or id(k) in staying_ids]
    out.warnings.extend(_segments_over_total(out.kpis))
    return out


def consistency_warnings(kpis: list[KPI]) -> list[str]:
    """The warnings of ``check_consistency``: conflicts, figures dropped, segments over their total."""
    return check_consistency(kpis).warnings
