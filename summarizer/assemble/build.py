"""Section outcomes -> one Brief: recall, grounding, merge, consistency (no model, no I/O).

Shared by the online path and the Batch API path, so a brief is assembled the same way
whichever way its sections were answered.
"""

from __future__ import annotations

from summarizer import ground
from summarizer.assemble import merge
from summarizer.brief import Brief
from summarizer.document import Transcript
from summarizer.extract import outlook, recall
from summarizer.extract.replies import SectionOutcome
from summarizer.ingest import sections

__all__ = ["build"]


def build(transcript: Transcript, outcomes: list[SectionOutcome]) -> Brief:
    """Ground each section's findings and merge them into a Brief (no highlights, no usage).

    A failed outcome becomes a warning and marks the brief incomplete; the other sections
    are kept. So does a structure the reader could not find (a Q&A part with no Q&A section),
    and a known metric and period stated with values that cannot all be right
    (``ground.check_consistency``, which also drops a figure resting only on instructions that a
    plain statement contradicts).
    Each reason the brief is incomplete is in ``incomplete`` as well as in ``warnings``.
    """
    failed: list[str] = []
    grounded = []
    for outcome in outcomes:
        if outcome.error:
            sec = outcome.section
            failed.append(f"section {sec.id} part {sec.part}/{sec.parts} ({sec.kind.value}) failed: {outcome.error}")
            continue
        for part, findings in outcome.findings:
            findings = outlook.complete_outlook(recall.complete(findings, part, transcript), part, transcript)
            grounded.append(ground.ground_section(findings, part, transcript))
    notes = [note for g in grounded for note in g.notes]
    brief = merge.merge(transcript, grounded, warnings=[*failed, *notes])
    checked = ground.check_consistency(brief.kpis, transcript.text)
    brief.kpis = checked.kpis
    brief.rejected.extend(checked.dropped)
    brief.warnings.extend(checked.warnings)
    merge.number(brief)
    structure = sections.structure_warnings(transcript)
    brief.warnings.extend(structure)
    brief.incomplete = [*failed, *structure, *checked.conflicts]
    brief.complete = not brief.incomplete
    return brief
