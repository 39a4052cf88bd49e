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
import collections
import functools
import hashlib
import json
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

__all__ = [
    "LOCAL_SECTION_TOKENS",
    "REMOTE_SECTION_TOKENS",
    "assemble_parts",
    "extract_parts",
    "nothing_succeeded",
    "plan",
    "prompt_version",
    "section_budget",
    "summarize_parts",
]

# Of shown sentences. Large enough to keep a long CFO section in one request on the embedded
# model (smaller parts repeat the instructions more often), small enough that a 1.5B model's
# replies stay short and tight (bench/RESULTS.md).
LOCAL_SECTION_TOKENS = 1500
REMOTE_SECTION_TOKENS = 3000


@functools.cache
def prompt_version() -> str:
    """A short hash of what the model is told and asked for: the system prompts and reply schemas.

    A brief records it (``ModelInfo.prompts``), so a batch redoes a brief made under other prompts.
    """
    from summarizer.extract.prompting import field_guide, item_guide, render_prompt
    from summarizer.extract.replies import Highlights, QAFindings, RemarksFindings

    shaping = {
        "extract": render_prompt("extract", item_guide=item_guide(QAFindings)),
        "highlights": render_prompt("highlights", field_guide=field_guide(Highlights)),
        "schemas": [m.model_json_schema() for m in (RemarksFindings, QAFindings, Highlights)],
    }
    text = json.dumps(shaping, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def section_budget(endpoint: Endpoint, given: int | None = None) -> int:
    """Shown tokens per section part: ``given``, else the default for a local or remote endpoint."""
    return given or (LOCAL_SECTION_TOKENS if endpoint.local else REMOTE_SECTION_TOKENS)


def plan(transcript: Transcript, *, max_section_tokens: int) -> tuple[Transcript, list[Section]]:
    """Analyse the transcript and return the section parts that will be sent to the model."""
    transcript, found = sections.analyse(transcript)
    wanted = [s for s in found if sections.worth_sending(s)]
    parts = sections.chunk(wanted, max_tokens=max_section_tokens, shown=focus.shown)
    return transcript, [p for p in parts if focus.shown(p)]


def nothing_succeeded(errors: list[str], endpoint: Endpoint) -> str:
    """One line for a run in which every section failed: the commonest cause and what to check."""
    cause = collections.Counter(errors).most_common(1)[0][0]
    if "could not connect" in cause or "timed out" in cause:
        hint = f"is the endpoint at {endpoint.host} running, and is the base URL right?"
    elif "HTTP 401" in cause or "HTTP 403" in cause:
        hint = "the endpoint refused the API key (OPENAI_API_KEY)"
    elif "HTTP 404" in cause:
        hint = "is the base URL right (it usually ends in /v1), and the model name?"
    else:
        hint = ""
    return f"every section failed: {cause}" + (f": {hint}" if hint else "")


async def extract_parts(
    transcript: Transcript,
    parts: list[Section],
    extractor: Extractor,
    *,
    say: Callable[[str], None],
    on_part: Callable[[int], None] | None = None,
) -> list[SectionOutcome]:
    """Send every part to the model (under the extractor's limit); one outcome per part.

    Each finished part is one status line through ``say``, and ``on_part`` (if given) is called
    with how many parts are done so far.
    """
    done = 0

    async def one(part: Section) -> SectionOutcome:
        nonlocal done
        outcome = await extractor.extract(part, transcript)
        done += 1
        status = f"failed: {outcome.error}" if outcome.error else f"{outcome.seconds:.1f}s"
        say(f"[{done}/{len(parts)}] {part.id} part {part.part}/{part.parts} {part.kind.value} {status}")
        if on_part is not None:
            on_part(done)
        return outcome

    return list(await asyncio.gather(*(one(p) for p in parts)))


async def assemble_parts(
    transcript: Transcript, outcomes: list[SectionOutcome], extractor: Extractor, *, say: Callable[[str], None]
) -> Brief:
    """Assemble the brief from the outcomes, write its highlights and name what shaped it."""
    brief = build(transcript, outcomes)
    await _highlight(brief, extractor, say)
    endpoint = extractor.endpoint
    brief.model = ModelInfo(name=endpoint.model, endpoint=endpoint.host, mode=endpoint.mode, prompts=prompt_version())
    return brief


async def summarize_parts(
    transcript: Transcript, parts: list[Section], extractor: Extractor, *, say: Callable[[str], None]
) -> Brief:
    """Extract every part, assemble the brief and write its highlights (usage is the caller's)."""
    outcomes = await extract_parts(transcript, parts, extractor, say=say)
    return await assemble_parts(transcript, outcomes, extractor, say=say)


async def _highlight(brief: Brief, extractor: Extractor, say: Callable[[str], None]) -> None:
    from summarizer.extract.extractor import describe_error

    lines = highlights.highlight_lines(brief)
    if not lines:
        return
    if extractor.endpoint.local:
        # The embedded 1.5B model's choice was no better than reading order (it counted ids up from
        # the third line, leaving out revenue): code chooses, and the run saves a request.
        brief.highlights = highlights.by_code(brief)
        return
    say("choosing highlights")
    try:
        positions = await extractor.highlights(lines)
    except Exception as e:  # noqa: BLE001 - a failure here only loses the model's choice
        brief.warnings.append(f"highlights failed: {describe_error(e)}; chosen by code instead")
        brief.highlights = highlights.by_code(brief)
        return
    brief.highlights = highlights.chosen(positions, lines)
