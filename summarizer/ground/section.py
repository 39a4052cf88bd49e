"""One section's findings, grounded item by item: what was kept, what was rejected, and why."""

from __future__ import annotations

from pydantic import BaseModel, Field

from summarizer.brief import KPI, AIPoint, Guidance, QATheme, Rejected
from summarizer.document import Section, Transcript
from summarizer.extract.replies import QAFindings, RemarksFindings
from summarizer.ground.context import SectionContext
from summarizer.ground.guidance import as_outlook, ground_outlook
from summarizer.ground.kpi import ground_figure
from summarizer.ground.qualitative import ground_ai, ground_theme

__all__ = ["GroundedSection", "ground_section"]


class GroundedSection(BaseModel):
    """One section's items after grounding: what was kept, what was rejected, and why."""

    section_id: str
    kpis: list[KPI] = Field(default_factory=list)
    guidance: list[Guidance] = Field(default_factory=list)
    ai_strategy: list[AIPoint] = Field(default_factory=list)
    qa_theme: QATheme | None = None
    rejected: list[Rejected] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # warning level: dropped YoY, re-pointed evidence


def ground_section(findings: RemarksFindings | QAFindings, section: Section, transcript: Transcript) -> GroundedSection:
    """Check one section's findings against its sentences; keep what holds, reject the rest.

    Every item returned cites sentences of ``section`` only; every figure's value was found in
    one of them. Items that fail are in ``rejected`` with the reason; warning-level notes
    (a YoY dropped, evidence re-pointed) are in ``notes``.
    """
    ctx = SectionContext.build(section, transcript)
    out = GroundedSection(section_id=section.id)
    outlooks = list(findings.guidance)
    for figure in findings.figures:
        as_guidance = as_outlook(figure, ctx)
        if as_guidance is not None:
            outlooks.append(as_guidance)
            continue
        kpi = ground_figure(figure, ctx, out.notes)
        if isinstance(kpi, Rejected):
            out.rejected.append(kpi)
        else:
            out.kpis.append(kpi)
    for outlook in outlooks:
        guidance = ground_outlook(outlook, ctx, out.notes)
        if isinstance(guidance, Rejected):
            out.rejected.append(guidance)
        else:
            out.guidance.append(guidance)
    for move in findings.ai:
        point = ground_ai(move, ctx)
        if isinstance(point, Rejected):
            out.rejected.append(point)
        else:
            out.ai_strategy.append(point)
    if isinstance(findings, QAFindings):
        theme = ground_theme(findings, ctx)
        if isinstance(theme, Rejected):
            out.rejected.append(theme)
        else:
            out.qa_theme = theme
    return out
