"""Briefs -> rows, one per item, for a table across calls (``summarizer export``, ``summarizer.frame``).

Every row carries the call (company, ticker, period, call date, source file and sha256) beside
the item, so a season of calls is one table to filter, join and plot. Pure: plain dicts, no
pandas (``frame`` in ``summarizer.api`` imports it only when called).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from summarizer.brief import Brief, Quote

__all__ = ["COLUMNS", "KINDS", "NUMBERS", "rows"]

KINDS = ("kpis", "guidance", "qa", "ai")
"""What a table can hold: KPIs, guidance, Q&A themes or AI points."""

_CALL = ("company", "ticker", "period", "call_date")
_CITED = ("sentence_id", "evidence", "source", "sha256")
COLUMNS: dict[str, tuple[str, ...]] = {
    "kpis": (
        *_CALL, "id", "key", "label", "metric", "segment", "basis", "kpi_period", "value", "value_text", "unit",
        "scale", "yoy", "yoy_unit", "qoq", "qoq_unit", "grounding", *_CITED,
    ),
    "guidance": (
        *_CALL, "id", "key", "label", "metric", "guidance_period", "low", "high", "unit", "change", "value_text", "statement",
        "direction", "grounding", *_CITED,
    ),
    "qa": (*_CALL, "id", "theme", "question", "answer", "askers", *_CITED),
    "ai": (*_CALL, "id", "category", "point", "speaker", *_CITED),
}  # fmt: skip
"""Each table's columns in order, so a table with no rows still has them."""

NUMBERS = frozenset({"value", "yoy", "qoq", "low", "high"})
"""The columns that hold numbers (floats; missing is NaN), the rest hold text."""

Row = dict[str, Any]


def _call(brief: Brief) -> Row:
    return {
        "company": brief.company, "ticker": brief.ticker, "period": brief.period, "call_date": brief.call_date,
    }  # fmt: skip


def _source(brief: Brief) -> Row:
    return {"source": brief.source.name, "sha256": brief.source.sha256}


def _evidence(evidence: list[Quote]) -> Row:
    first = evidence[0] if evidence else None
    return {"sentence_id": first.sentence_id if first else None, "evidence": first.text if first else None}


def _kpi_rows(brief: Brief) -> Iterable[Row]:
    for k in brief.kpis:
        label = getattr(k, "label", None) or k.metric
        yield {
            **_call(brief), "id": k.id, "key": k.key, "label": label, "metric": k.metric, "segment": k.segment,
            "basis": k.basis.value if k.basis else None, "kpi_period": k.period, "value": k.value,
            "value_text": k.value_text, "unit": k.unit, "scale": k.scale, "yoy": k.yoy, "yoy_unit": k.yoy_unit,
            "qoq": k.qoq, "qoq_unit": k.qoq_unit, "grounding": k.grounding.value,
            **_evidence(k.evidence), **_source(brief),
        }  # fmt: skip


def _guidance_rows(brief: Brief) -> Iterable[Row]:
    for g in brief.guidance:
        yield {
            **_call(brief), "id": g.id, "key": g.key, "label": getattr(g, "label", None) or g.metric,
            "metric": g.metric, "guidance_period": g.period, "low": g.low, "high": g.high, "unit": g.unit,
            "change": g.change.value if g.change else None,
            "value_text": g.value_text, "statement": g.statement, "direction": g.direction.value,
            "grounding": g.grounding.value, **_evidence(g.evidence), **_source(brief),
        }  # fmt: skip


def _qa_rows(brief: Brief) -> Iterable[Row]:
    for q in brief.qa_themes:
        askers = "; ".join(filter(None, (", ".join(filter(None, (a.name, a.firm))) for a in q.askers)))
        yield {
            **_call(brief), "id": q.id, "theme": q.theme, "question": q.question, "answer": q.answer,
            "askers": askers, **_evidence(q.evidence), **_source(brief),
        }  # fmt: skip


def _ai_rows(brief: Brief) -> Iterable[Row]:
    for a in brief.ai_strategy:
        yield {
            **_call(brief), "id": a.id, "category": a.category.value, "point": a.point, "speaker": a.speaker,
            **_evidence(a.evidence), **_source(brief),
        }  # fmt: skip


_BUILDERS = {"kpis": _kpi_rows, "guidance": _guidance_rows, "qa": _qa_rows, "ai": _ai_rows}


def rows(briefs: Iterable[Brief], *, what: str = "kpis") -> list[Row]:
    """One row per item of kind ``what`` (``KINDS``) across ``briefs``, each with its call's metadata and source.

    Raises ``ValueError`` naming the kinds for an unknown ``what``.
    """
    if what not in _BUILDERS:
        raise ValueError(f"unknown table {what!r}; choose one of {', '.join(KINDS)}")
    return [row for brief in briefs for row in _BUILDERS[what](brief)]
