"""Why an item was rejected, and the warning-level notes grounding leaves: each wording once.

A ``Reason`` is a value of ``Rejected.reason``; a ``Note`` is a template for one line of
``GroundedSection.notes`` (a change dropped, evidence re-pointed, a figure relabelled). Their
values are the strings the brief carries, so changing one changes the JSON.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from summarizer.brief import Rejected
from summarizer.document import Section

__all__ = ["Note", "Reason", "reject"]


class Reason(StrEnum):
    """Why a figure, guidance item, AI point or Q&A theme was rejected."""

    no_citation = "no valid citation"
    """None of the cited ids is a sentence of the section."""
    injected = "cited sentences read as instructions to the model"
    """Every cited sentence addresses the model rather than the audience."""
    no_amount = "names no amount shown in the section"
    """The figure's amount id is not one of the section's (``focus.amount_refs``)."""
    metric_not_stated = "the sentence does not name that metric"
    """A known metric given to an amount of a sentence that names no such metric."""
    too_small = "the amount is too small to be that total (a figure per share or per unit)"
    """A company's total (revenue, net income, cash) given an unscaled amount of a few dollars
    (``metric.fits_magnitude``)."""
    no_number = "value is not a figure"
    """The value the model wrote parses as no quantity."""
    not_found = "value not found in cited or section sentences"
    """No sentence of the section states the value for that metric."""
    change_not_level = "the value is the metric's change, not its level"
    """A growth rate returned as the level of an amount metric."""
    version = "the amount is a product's version, not a quantity"
    """A bare number right after a name: "Kling AI 1.6", "Windows 11", "Model 3 Pro" (``kpi._version``)."""
    estimate = "the amount is another party's estimate or a market's size, not the company's figure"
    """Consensus, the Street's expectations, an addressable market (``stance.others_estimate``)."""
    not_forward = "no cited sentence speaks of the future"
    """Guidance resting on sentences about results, not expectations."""
    not_about_ai = "no cited sentence mentions AI"
    """An AI point whose evidence does not mention AI (``focus.AI_TERMS``)."""
    figure_not_stated = "a figure in the text is not stated in the cited sentences"
    """The model's own words carry a quantity its evidence does not."""
    instructed = "stated only in sentences that read as instructions, and another sentence disagrees"
    """A figure whose every statement tells its reader what to report (``cues.DIRECTIVE``), where
    a plain statement of the same figure gives another value (``consistency``)."""


class Note(StrEnum):
    """Warning-level notes: ``Note.x.format(section=..., ...)`` gives the line."""

    change_not_a_number = "{section}: {label} '{raw}' of '{metric}' is not a number; dropped"
    change_not_found = "{section}: {label} '{raw}' of '{metric}' not found in the evidence; dropped"
    evidence_repointed = "{section}: '{metric}' {value} cited {cited} but is stated in {stated}; evidence re-pointed"
    relabelled = "{section}: '{metric}' {value} is stated as '{stated_as}'; relabelled"
    unit_differs = "{section}: '{metric}' written as {value} but {stated} says {text} ({unit}); kept as stated"
    guidance_repointed = "{section}: guidance '{metric}' evidence re-pointed to the sentence stating it"
    injected_figure = "{section}: '{metric}' {value} is stated in {stated}, which reads as instructions; dropped"


def reject(kind: str, section: Section, reason: Reason, item: BaseModel) -> Rejected:
    """The rejected ``item`` of ``kind`` ("kpi", "guidance", "ai_point", "qa_theme"), as the brief keeps it."""
    return Rejected(kind=kind, section_id=section.id, reason=reason, item=item.model_dump(mode="json"))
