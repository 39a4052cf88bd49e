"""Where the stages meet for one transcript: plan the section parts, extract, assemble, highlight.

    ingest.sections.analyse -> ingest.sections.chunk -> extract (one request per section part,
        showing the model only the sentences extract.focus.shown picks)
        -> assemble.build (extract.recall, ground, merge) -> highlights (one bounded request)

Sections that carry nothing for the brief (the host's turns, title lines, safe harbour) are not
sent, nor is a part in which no sentence can carry an item; an ``other`` section with figures,
outlook or AI cues is sent like any other. A section whose request fails is named in
``warnings`` and the brief is marked incomplete; the other sections are kept. The Session
(``summarizer.run.session``) owns the client, the limits and the usage around this.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from summarizer.assemble import highlights
from summarizer.assemble.build import build
from summarizer.brief import Brief, ModelInfo
from summarizer.config import Endpoint
from summarizer.document import Section, Transcript
from summarizer.extract import focus
from summarizer.extract.replies import SectionOutcome
from summarizer.ingest import sections

if TYPE_CHECKING:
    from summarizer.extract.extractor import Extractor

__all__ = ["LOCAL_SECTION_TOKENS", "REMOTE_SECTION_TOKENS", "plan", "section_budget", "summarize_parts"]

# Of shown sentences. Large enough to keep a long CFO section in one request on the embedded
# model (smaller parts repeat the instructions more often), small enough that a 1.5B model's
# replies stay short and tight (bench/RESULTS.md).
LOCAL_SECTION_TOKENS = 1500
REMOTE_SECTION_TOKENS = 3000


def section_budget(endpoint: Endpoint, given: int | None = None) -> int:
    """Shown tokens per section part: ``given``, else the default for a local or remote endpoint."""
    return given or (LOCAL_SECTION_TOKENS if endpoint.local else REMOTE_SECTION_TOKENS)


def plan(transcript: Transcript, *, max_section_tokens: int) -> tuple[Transcript, list[Section]]:
    """Analyse the transcript and return the section parts that will be sent to the model."""
    transcript, found = sections.analyse(transcript)
    wanted = [s for s in found if sections.worth_sending(s)]
    parts = sections.chunk(wanted, max_tokens=max_section_tokens, shown=focus.shown)
    return transcript, [p for p in parts if focus.shown(p)]


async def summarize_parts(
    transcript: Transcript, parts: list[Section], extractor: Extractor, *, say: Callable[[str], None]
) -> Brief:
    """Extract every part, assemble the brief and write its highlights (usage is the caller's)."""
    done = 0

    async def one(part: Section) -> SectionOutcome:
        nonlocal done
        outcome = await extractor.extract(part, transcript)
        done += 1
        status = f"failed: {outcome.error}" if outcome.error else f"{outcome.seconds:.1f}s"
        say(f"[{done}/{len(parts)}] {part.id} part {part.part}/{part.parts} {part.kind.value} {status}")
        return outcome

    outcomes = await asyncio.gather(*(one(p) for p in parts))
    brief = build(transcript, list(outcomes))
    await _highlight(brief, extractor, say)
    endpoint = extractor.endpoint
    brief.model = ModelInfo(name=endpoint.model, endpoint=endpoint.host, mode=endpoint.mode)
    return brief


async def _highlight(brief: Brief, extractor: Extractor, say: Callable[[str], None]) -> None:
    from summarizer.extract.extractor import describe_error

    lines = highlights.highlight_lines(brief)
    if not lines:
        return
    say("writing highlights")
    try:
        written = await extractor.highlights(lines)
    except Exception as e:  # noqa: BLE001 - any failure here only loses the highlights
        brief.warnings.append(f"highlights failed: {describe_error(e)}")
        return
    brief.highlights = [h for h in written if highlights.kept(h, lines)]
    if len(brief.highlights) < len(written):
        brief.warnings.append(
            f"{len(written) - len(brief.highlights)} highlight(s) dropped: a figure not in the checked items,"
            " or two scripts in one sentence"
        )
