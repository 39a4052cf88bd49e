"""The public entry points: typed keyword options, one Session per call.

    summarize(text)            summarize_file(path)          summarize_transcript(transcript)
    asummarize(text)           summarize_many(paths)         asummarize_many(paths)

Options are ``Options`` (``summarizer.run.session``), the same for every entry point and the
same as the CLI's flags; a misspelt option fails at once with a ``TypeError`` naming it. With
no endpoint configured, the embedded local model serves (``summarizer[local]``).
"""

from __future__ import annotations

import os
from typing import Unpack

from summarizer.brief import Brief
from summarizer.document import Transcript
from summarizer.ingest import readers
from summarizer.run import bridge
from summarizer.run.batch import asummarize_many, summarize_many
from summarizer.run.session import Options, Session

__all__ = [
    "Options",
    "Session",
    "asummarize",
    "asummarize_many",
    "asummarize_transcript",
    "summarize",
    "summarize_file",
    "summarize_many",
    "summarize_transcript",
]


async def asummarize_transcript(transcript: Transcript, **options: Unpack[Options]) -> Brief:
    """Summarise an already loaded transcript (async; options as ``summarize``)."""
    async with Session(**options) as session:
        return await session.summarize(transcript)


async def asummarize(text: str, *, name: str | None = None, **options: Unpack[Options]) -> Brief:
    """Summarise a transcript's text into a grounded Brief (async; options as ``summarize``)."""
    return await asummarize_transcript(readers.load_text(text, name=name), **options)


def summarize_transcript(transcript: Transcript, **options: Unpack[Options]) -> Brief:
    """Summarise an already loaded transcript (options as ``summarize``)."""
    session = Session(**options)  # a bad option fails here, in the caller's thread

    async def run() -> Brief:
        async with session:
            return await session.summarize(transcript)

    return bridge.run_sync(run())


def summarize(text: str, *, name: str | None = None, **options: Unpack[Options]) -> Brief:
    """Summarise a transcript's text into a grounded Brief.

    Options: ``client`` (an injected OpenAI, AsyncOpenAI or instructor client), ``model``,
    ``base_url``, ``api_key``, ``mode``, ``local``, ``local_model`` (a GGUF file for the
    embedded server), ``concurrency``, ``max_section_tokens``, ``tokens_per_minute``,
    ``cache`` (True for the response cache) and ``progress`` (a callable taking one status
    line). With no endpoint configured, the embedded local model serves.
    """
    return summarize_transcript(readers.load_text(text, name=name), **options)


def summarize_file(path: str | os.PathLike[str], **options: Unpack[Options]) -> Brief:
    """Read a transcript file (.txt or .md, any common encoding) and summarise it."""
    return summarize_transcript(readers.load_path(path), **options)
