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
    are kept. So does a structure the reader could not find (a Q&A part with no Q&A section).
    """
    warnings: list[str] = []
    grounded = []
    for outcome in outcomes:
        if outcome.error:
            sec = outcome.section
            warnings.append(f"section {sec.id} part {sec.part}/{sec.parts} ({sec.kind.value}) failed: {outcome.error}")
            continue
        for part, findings in outcome.findings:
            findings = outlook.complete_outlook(recall.complete(findings, part, transcript), part, transcript)
            grounded.append(ground.ground_section(findings, part, transcript))
    warnings.extend(note for g in grounded for note in g.notes)
    brief = merge.merge(transcript, grounded, warnings=warnings)
    brief.warnings.extend(ground.consistency_warnings(brief.kpis))
    structure = sections.structure_warnings(transcript)
    brief.warnings.extend(structure)
    brief.complete = not any(o.error for o in outcomes) and not structure
    return brief
