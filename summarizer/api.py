"""The public entry points: typed keyword options, one Session per call.

    summarize(text)            summarize_file(path)          summarize_transcript(transcript)
    asummarize(text)           summarize_many(paths)         asummarize_many(paths)
    compare(prev, cur)         acompare(prev, cur)           timeline(briefs)

Options are ``Options`` (``summarizer.run.session``), the same for every entry point and the
same as the CLI's flags; a misspelt option fails at once with a ``TypeError`` naming it. With
no endpoint configured, the embedded local model serves (``summarizer[local]``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Unpack

from summarizer.brief import Brief
from summarizer.compare import Change, Timeline, build_timeline, by_words, needs_model
from summarizer.document import Transcript
from summarizer.errors import ConfigError, LocalModelError
from summarizer.ingest import readers
from summarizer.run import bridge
from summarizer.run.batch import asummarize_many, summarize_many
from summarizer.run.session import Options, Session

__all__ = [
    "Options",
    "Session",
    "acompare",
    "asummarize",
    "asummarize_many",
    "asummarize_transcript",
    "compare",
    "frame",
    "summarize",
    "summarize_file",
    "summarize_many",
    "summarize_transcript",
    "timeline",
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
    ``cache`` (True for the response cache), ``progress`` (a callable taking one status
    line), and ``company``, ``ticker``, ``period``, ``call_date`` (what the call is: they win over
    what is detected, and ``brief.metadata_source`` says which is which). With no endpoint
    configured, the embedded local model serves.
    """
    return summarize_transcript(readers.load_text(text, name=name), **options)


def summarize_file(path: str | os.PathLike[str], **options: Unpack[Options]) -> Brief:
    """Read a transcript file (.txt or .md in any common encoding, .pdf, .html) and summarise it."""
    return summarize_transcript(readers.load_path(path), **options)


async def acompare(prev: Brief, cur: Brief, *, use_model: bool = True, **options: Unpack[Options]) -> Change:
    """What changed from the earlier call's brief ``prev`` to the later call's ``cur`` (async; as ``compare``)."""
    if not use_model:
        return by_words(prev, cur)
    from summarizer.compare.meaning import compare_in

    session = Session(**options)
    if not needs_model(prev, cur):
        return await compare_in(session, prev, cur)  # nothing to pair: no client is opened
    try:
        async with session:
            return await compare_in(session, prev, cur)
    except LocalModelError as e:
        return by_words(prev, cur, note=f"no model available ({e}); matched by shared words instead")


def compare(prev: Brief, cur: Brief, *, use_model: bool = True, **options: Unpack[Options]) -> Change:
    """What changed from the earlier call's brief ``prev`` to the later call's ``cur``.

    KPIs, stated growth rates and guidance are compared by code; the AI points and Q&A themes
    are paired by meaning in one bounded model request (options as ``summarize``). With
    ``use_model=False``, when the embedded model cannot start, or when the request fails, they
    are paired by shared words, and ``change.matching`` says so.
    """
    return bridge.run_sync(acompare(prev, cur, use_model=use_model, **options))


def frame(briefs: Iterable[Brief | str | os.PathLike[str]], *, what: str = "kpis") -> Any:
    """A pandas DataFrame with one row per item (``kpis``, ``guidance``, ``qa`` or ``ai``) across calls.

    Briefs may be ``Brief`` objects or paths of saved briefs. Every row carries its call's
    company, ticker, period, call date, source file and sha256 (``render.table``). Needs the
    ``export`` extra (pandas); raises ``ConfigError`` naming the install line without it.
    """
    try:
        import pandas as pd
    except ImportError as e:
        raise ConfigError("tables need pandas: pip install 'summarizer[export]'") from e
    from summarizer.render import load_brief
    from summarizer.render.table import COLUMNS, NUMBERS, rows

    loaded = [b if isinstance(b, Brief) else load_brief(Path(b)) for b in briefs]
    try:
        table = pd.DataFrame(rows(loaded, what=what), columns=list(COLUMNS.get(what, ())))
    except ValueError as e:
        raise ConfigError(str(e)) from e
    # A column with no value at all would be typed null in Parquet: numbers stay floats, the rest text.
    empty = {c: "string" for c in table.columns if c not in NUMBERS and table[c].isna().all()}
    return table.astype({**{c: "float64" for c in NUMBERS & set(table.columns)}, **empty})


def timeline(briefs: Iterable[Brief], *, company: str | None = None) -> Timeline:
    """One company's KPIs and guidance ranges across its calls (no model)."""
    return build_timeline(briefs, company=company)
