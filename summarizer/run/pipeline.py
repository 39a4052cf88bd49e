"""summarize(): the only place where the stages meet.

    load -> sections.analyse -> sections.chunk -> extract (one request per section part,
         showing the model only the sentences focus.shown picks)
         -> recall.complete (headline figures the model left out) -> ground.ground_section
         -> merge -> highlights (one bounded request) -> Brief

Sections of kind ``other`` (safe harbour, operator instructions, closing) are not sent, nor is a
part in which no sentence can carry an item.
A section whose request fails is named in ``warnings`` and the brief is marked incomplete;
the other sections are kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from summarizer import ground

from summarizer.extract import focus

from summarizer.ingest import readers

from summarizer.assemble import merge

from summarizer.text import numbers

from summarizer.extract import recall

from summarizer.ingest import sections
from summarizer.brief import Brief, ModelInfo, Usage
from summarizer.run.cache import ResponseCache
from summarizer.config import Endpoint, resolve_endpoint
from summarizer.document import Section, SectionKind, Transcript

Progress = Callable[[str], None]

# Of shown sentences. 1,500 keeps a long CFO section in one request: on Agora 8 requests
# became 6 with the same headline figures and fewer rejected; smaller parts repeat the
# instructions more often, larger ones make a 1.5B model's replies long and loose.
LOCAL_SECTION_TOKENS = 1500
REMOTE_SECTION_TOKENS = 3000


def _noop(_: str) -> None:
    return None


def plan(transcript: Transcript, *, max_section_tokens: int) -> tuple[Transcript, list[Section]]:
    """Analyse the transcript and return the section parts that will be sent to the model."""
    transcript, found = sections.analyse(transcript)
    wanted = [s for s in found if s.kind is not SectionKind.other]
    parts = sections.chunk(wanted, max_tokens=max_section_tokens, shown=focus.shown)
    return transcript, [p for p in parts if focus.shown(p)]


@contextlib.asynccontextmanager
async def _endpoint_client(
    endpoint: Endpoint, client: Any, progress: Progress
) -> AsyncIterator[tuple[Any, Endpoint]]:
    """Yield an instructor client for the endpoint, starting the embedded model if needed.

    A client built here is closed on exit (its connections belong to this event loop); an
    injected one is the caller's and stays open.
    """
    from summarizer.extract import extractor
    if client is not None:
        async with extractor.injected_client(client, mode=endpoint.mode) as injected:
            yield injected, endpoint
        return
    if not endpoint.local:
        built = extractor.build_client(endpoint)
        try:
            yield built, endpoint
        finally:
            await built.client.close()
        return
    from summarizer.run import local
    model_file = local.model_path(progress=local.percent_progress(progress), override=endpoint.local_model)
    with local.LocalServer(model_file, status=progress) as server:
        resolved = Endpoint(
            base_url=server.base_url,
            model=server.model,
            mode=endpoint.mode,
            local=True,
            reason=endpoint.reason,
            api_key=server.api_key,
            concurrency=1,
        )
        built = extractor.build_client(resolved, max_retries=0)
        try:
            yield built, resolved
        finally:
            await built.client.close()


async def asummarize(text: str, *, name: str | None = None, **options: Any) -> Brief:
    """Summarise a transcript's text into a grounded Brief (async; options as ``summarize``)."""
    return await _run(readers.load_text(text, name=name), **options)


async def _run(
    transcript: Transcript,
    *,
    client: Any = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    local: bool = False,
    local_model: str | os.PathLike[str] | None = None,
    concurrency: int | None = None,
    max_section_tokens: int | None = None,
    progress: Progress | None = None,
    endpoint: Endpoint | None = None,
    cache: ResponseCache | None = None,
    limit: asyncio.Semaphore | None = None,
    pace: Callable[[int], Awaitable[None]] | None = None,
) -> Brief:
    from summarizer.extract import extractor
    say = progress or _noop
    started = time.perf_counter()
    if client is not None and endpoint is None:
        endpoint = Endpoint(
            base_url=extractor.client_base_url(client),
            model=model or os.environ.get("SUMMARIZER_MODEL") or "unknown",
            mode=mode or "json_schema",
            local=False,
            reason="client injected by the caller",
            concurrency=concurrency or 4,
        )
    elif endpoint is None:
        endpoint = resolve_endpoint(
            model=model, base_url=base_url, api_key=api_key, mode=mode, local=local, local_model=local_model,
            concurrency=concurrency,
        )
    budget = max_section_tokens or (LOCAL_SECTION_TOKENS if endpoint.local else REMOTE_SECTION_TOKENS)
    transcript, parts = plan(transcript, max_section_tokens=budget)
    say(f"{len(parts)} section parts to extract ({endpoint.reason})")

    usage = Usage()
    token = extractor.track_usage(usage)
    try:
        async with _endpoint_client(endpoint, client, say) as (instructor_client, resolved):
            worker = extractor.Extractor(instructor_client, endpoint=resolved, limit=limit, cache=cache, pace=pace)
            done = 0

            async def one(part: Section) -> extractor.SectionOutcome:
                nonlocal done
                outcome = await worker.extract(part, transcript)
                done += 1
                status = f"failed: {outcome.error}" if outcome.error else f"{outcome.seconds:.1f}s"
                say(f"[{done}/{len(parts)}] {part.id} part {part.part}/{part.parts} {part.kind.value} {status}")
                return outcome

            outcomes = await asyncio.gather(*(one(p) for p in parts))
            brief = assemble(transcript, outcomes)
            lines = merge.highlight_lines(brief)
            if lines:
                say("writing highlights")
                try:
                    written = await worker.highlights(lines)
                except Exception as e:  # noqa: BLE001 - any failure here only loses the highlights
                    brief.warnings.append(f"highlights failed: {extractor.describe_error(e)}")
                else:
                    brief.highlights = [h for h in written if _figures_known(h, lines)]
                    if len(brief.highlights) < len(written):
                        brief.warnings.append(
                            f"{len(written) - len(brief.highlights)} highlight(s) dropped: a figure not in the checked items"
                        )
            brief.model = ModelInfo(name=resolved.model, endpoint=resolved.host, mode=resolved.mode)
    finally:
        extractor.untrack_usage(token)
    usage.seconds = round(time.perf_counter() - started, 3)
    brief.usage = usage
    return brief


def assemble(transcript: Transcript, outcomes: list[Any]) -> Brief:
    """Ground each section's findings and merge them into a Brief (no highlights, no usage).

    ``outcomes`` are ``extractor.SectionOutcome``s; a failed one becomes a warning and marks
    the brief incomplete. Shared by the online path and the Batch API path.
    """
    warnings: list[str] = []
    grounded = []
    for outcome in outcomes:
        if outcome.error:
            sec = outcome.section
            warnings.append(f"section {sec.id} part {sec.part}/{sec.parts} ({sec.kind.value}) failed: {outcome.error}")
            continue
        for part, findings in outcome.findings:
            findings = recall.complete(findings, part, transcript)
            grounded.append(ground.ground_section(findings, part, transcript))
    warnings.extend(note for g in grounded for note in g.notes)
    brief = merge.merge(transcript, grounded, warnings=warnings)
    brief.warnings.extend(ground.consistency_warnings(brief.kpis))
    brief.complete = not any(o.error for o in outcomes)
    return brief


def _figures_known(highlight: str, lines: list[str]) -> bool:
    """Every quantity in a highlight is one of the checked items' (the model writes highlights freely)."""
    known = [v for line in lines for a in numbers.parse(line) for v in a.values()]
    return all(
        any(math.isclose(v, k, rel_tol=0.05) for v in amount.values() for k in known)
        for amount in numbers.parse(highlight)
    )


def _run_sync(coro: Any) -> Any:
    """Run a coroutine from sync code, also inside a running loop (notebooks)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coro)
        except BaseException as e:  # noqa: BLE001 - re-raised in the caller's thread
            result["error"] = e

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def summarize(text: str, *, name: str | None = None, **options: Any) -> Brief:
    """Summarise a transcript's text into a grounded Brief.

    Options: ``client`` (an injected OpenAI, AsyncOpenAI or instructor client), ``model``,
    ``base_url``, ``api_key``, ``mode``, ``local``, ``local_model`` (a GGUF file for the
    embedded server), ``concurrency``, ``max_section_tokens``, ``progress`` (a callable taking
    one status line). With no endpoint configured, the embedded local model serves
    (``summarizer[local]``).
    """
    return summarize_transcript(readers.load_text(text, name=name), **options)


def summarize_file(path: str | os.PathLike[str], **options: Any) -> Brief:
    """Read a transcript file (.txt or .md, any common encoding) and summarise it."""
    return summarize_transcript(readers.load_path(path), **options)


def summarize_transcript(transcript: Transcript, **options: Any) -> Brief:
    """Summarise an already loaded transcript (options as ``summarize``)."""
    return _run_sync(_run(transcript, **options))
