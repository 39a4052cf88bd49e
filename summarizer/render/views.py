"""The one list of views of a brief, in the order every renderer shows them: header, highlights,
KPIs, guidance, AI strategy by category, Q&A themes, warnings, rejected items, usage.

Each view's columns are declared here once; Markdown, HTML and the terminal draw what
``brief_views`` returns and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from summarizer.brief import (
    KPI,
    AICategory,
    AIPoint,
    Brief,
    Guidance,
    QATheme,
    Quote,
    Rejected,
)
from summarizer.render.layout import Cell, Column, Layout, Link, Role, Row, Tone, View
from summarizer.render.values import (
    SEPARATOR,
    askers,
    describe,
    format_change,
    guidance_value,
    kpi_value,
    model_line,
    one_line,
    participants_line,
    sids,
    title,
    usage_line,
)

INCOMPLETE = "The brief is incomplete: at least one section could not be summarised."

CATEGORY_TITLES = {
    AICategory.product: "Product",
    AICategory.model: "Models",
    AICategory.infrastructure: "Infrastructure and compute",
    AICategory.partnership: "Partnerships",
    AICategory.monetisation: "Monetisation",
    AICategory.internal_efficiency: "Internal efficiency",
    AICategory.other: "Other",
}

_EVIDENCE = Column("Evidence", Role.cites)
_GROUNDING = Column("Grounding", Role.grounding)

HEADER_COLUMNS = (
    Column("Period"),
    Column("Call date"),
    Column("Model"),
    Column("Source"),
    Column("Participants", Role.who),
    Column("Status"),
)
KPI_COLUMNS = (
    Column("Metric"),
    Column("Segment", minor=True),
    Column("Value", align="right"),
    Column("YoY", Role.change, "right", bar=True),
    Column("QoQ", Role.change, "right"),
    Column("Basis", nowrap=True),
    Column("Period", nowrap=True),
    _GROUNDING,
    _EVIDENCE,
)
GUIDANCE_COLUMNS = (
    Column("Metric"),
    Column("Period", nowrap=True),
    Column("Guidance"),
    Column("Direction", nowrap=True),
    Column("Speaker", Role.who),
    _GROUNDING,
    _EVIDENCE,
)
AI_COLUMNS = (Column("Category", Role.group), Column("Point"), Column("Speaker", Role.who), _EVIDENCE)
QA_COLUMNS = (
    Column("Theme"),
    Column("Asked by", Role.who),
    Column("Question", label="Q"),
    Column("Answer", label="A"),
    _EVIDENCE,
)
REJECTED_COLUMNS = (Column("Kind"), Column("Section"), Column("Reason"), Column("Item"))


def _cell(text: str | None, *, tone: Tone = Tone.plain, note: str = "") -> Cell:
    return Cell(one_line(text), tone=tone, note=note)


def _row(*texts: str | None) -> Row:
    return Row(tuple(_cell(t) for t in texts))


def _link(kind: str, item_id: str, name: str, evidence: Sequence[Quote]) -> Link:
    return Link(item_id, one_line(f"{item_id or kind}{SEPARATOR}{name}"), tuple(evidence))


def _change(change: float | None, unit: str | None) -> Cell:
    tone = Tone.pos if change and change > 0 else Tone.neg if change and change < 0 else Tone.plain
    return Cell(format_change(change, unit), tone=tone, change=change, unit=unit)


def header_view(brief: Brief) -> View:
    """The brief's title and its fields: period, call date, model, source, participants, status."""
    status = _cell("complete") if brief.complete else _cell("incomplete (see Warnings)", tone=Tone.warn)
    fields = (brief.period, brief.call_date, model_line(brief), brief.source.name, participants_line(brief))
    row = Row((*(_cell(v) for v in fields), status))
    return View("header", one_line(title(brief)), Layout.fields, HEADER_COLUMNS, (row,))


def _kpi_row(k: KPI) -> Row:
    cells = (
        _cell(k.metric),
        _cell(k.segment),
        _cell(kpi_value(k), note=one_line(f"as stated: {k.value_text}")),
        _change(k.yoy, k.yoy_unit),
        _change(k.qoq, k.qoq_unit),
        _cell(k.basis.value if k.basis else ""),
        _cell(k.period),
        Cell(k.grounding.value, grounding=k.grounding),
        _cell(sids(k.evidence)),
    )
    return Row(cells, _link("KPI", k.id, k.metric, k.evidence))


def _guidance_row(g: Guidance) -> Row:
    cells = (
        _cell(g.metric),
        _cell(g.period),
        _cell(guidance_value(g)),
        _cell(g.direction.value),
        _cell(g.speaker),
        Cell(g.grounding.value, grounding=g.grounding),
        _cell(sids(g.evidence)),
    )
    return Row(cells, _link("guidance", g.id, g.metric, g.evidence))


def by_category(points: Iterable[AIPoint]) -> list[AIPoint]:
    """AI points ordered by category (in the order the categories are declared), stable within one."""
    order = {c: i for i, c in enumerate(AICategory)}
    return sorted(points, key=lambda p: order[p.category])


def _ai_row(p: AIPoint) -> Row:
    cells = (_cell(CATEGORY_TITLES[p.category]), _cell(p.point), _cell(p.speaker), _cell(sids(p.evidence)))
    return Row(cells, _link("AI", p.id, p.point, p.evidence))


def _qa_row(t: QATheme) -> Row:
    cells = (_cell(t.theme), _cell(askers(t)), _cell(t.question), _cell(t.answer), _cell(sids(t.evidence)))
    return Row(cells, _link("Q&A", t.id, t.theme, t.evidence))


def _rejected_row(r: Rejected) -> Row:
    return _row(r.kind, r.section_id, r.reason, describe(r.item))


def brief_views(brief: Brief) -> list[View]:
    """Every view of ``brief``, in reading order, each with its columns and rows."""
    warnings = ([INCOMPLETE] if not brief.complete else []) + list(brief.warnings)
    return [
        header_view(brief),
        View(
            "highlights", "Highlights", Layout.bullets, (Column("Highlight"),), tuple(_row(h) for h in brief.highlights)
        ),
        View("kpis", "KPIs", Layout.table, KPI_COLUMNS, tuple(_kpi_row(k) for k in brief.kpis)),
        View("guidance", "Guidance", Layout.table, GUIDANCE_COLUMNS, tuple(_guidance_row(g) for g in brief.guidance)),
        View(
            "ai", "AI strategy", Layout.grouped, AI_COLUMNS, tuple(_ai_row(p) for p in by_category(brief.ai_strategy))
        ),
        View("qa", "Q&A themes", Layout.sections, QA_COLUMNS, tuple(_qa_row(t) for t in brief.qa_themes)),
        View(
            "warnings",
            "Warnings",
            Layout.bullets,
            (Column("Warning"),),
            tuple(_row(w) for w in warnings),
            optional=True,
            tone=Tone.warn,
        ),
        View(
            "rejected",
            "Rejected items",
            Layout.table,
            REJECTED_COLUMNS,
            tuple(_rejected_row(r) for r in brief.rejected),
            optional=True,
        ),
        View("usage", "Usage", Layout.note, (Column("Usage"),), (_row(usage_line(brief)),)),
    ]
