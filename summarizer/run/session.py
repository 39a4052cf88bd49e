"""A Session owns a run: one endpoint, one client, one request limit, pacing, cache and usage.

    Session(options) -> resolve the endpoint (a bad option fails here, before any work)
    async with session -> open the client (start the embedded model once if it is local)
        session.summarize(transcript) -> pipeline.extract_parts, then assemble_parts (one brief,
                                         its own usage; ModelError when no section succeeded)
        session.each(paths, done)     -> many transcripts under the same limit (batch), each
                                         started only when its estimated cost fits ``max_cost``
    exit -> close what the session opened (an injected client stays the caller's)

Every entry point (``summarize``, ``summarize_many``, ``summarizer batch``) is a Session; the
Batch API path plans with ``Session.plan`` and assembles with ``assemble.build``.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import time
import warnings
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypedDict

from pydantic import BaseModel

from summarizer.brief import Brief, Usage
from summarizer.config import Endpoint, resolve_endpoint
from summarizer.document import Section, Transcript
from summarizer.errors import ConfigError, ModelError
from summarizer.ingest import callinfo, readers
from summarizer.ingest.callinfo import CallInfo
from summarizer.run import pipeline
from summarizer.run.cache import ResponseCache
from summarizer.run.cost import CostMeter
from summarizer.run.pacing import TokenRate

__all__ = ["Options", "Progress", "Result", "Session", "default_meter", "open_client", "start_local"]

Progress = Callable[[str], None]
Result = Brief | Exception


class Options(TypedDict, total=False):
    """The options every entry point takes (``summarize``, ``summarize_many``, ``Session``)."""

    client: Any
    model: str | None
    base_url: str | None
    api_key: str | None
    mode: str | None
    local: bool
    local_model: str | os.PathLike[str] | None
    concurrency: int | None
    max_section_tokens: int | None
    tokens_per_minute: int | None
    cache: bool | ResponseCache | None
    progress: Progress | None
    company: str | None
    ticker: str | None
    period: str | None
    call_date: str | None


def _noop(_: str) -> None:
    return None


def _warn(message: str) -> None:
    warnings.warn(message, stacklevel=3)


def _positive(name: str, value: int | None) -> None:
    if value is not None and value < 1:
        raise ConfigError(f"{name} must be at least 1, got {value}")


@contextlib.asynccontextmanager
async def start_local(endpoint: Endpoint, progress: Progress) -> AsyncIterator[tuple[Any, Endpoint]]:
    """Start the embedded model and yield an instructor client for it and the running endpoint."""
    from summarizer.extract import client as clients
    from summarizer.run import local

    model_file = local.model_path(progress=local.percent_progress(progress), override=endpoint.local_model)
    with local.LocalServer(model_file, status=progress) as server:
        running = Endpoint(
            base_url=server.base_url,
            model=server.model,
            mode=endpoint.mode,
            local=True,
            reason=endpoint.reason,
            api_key=server.api_key,
            concurrency=1,
        )
        built = clients.build_client(running, max_retries=0)
        try:
            yield built, running
        finally:
            await built.client.close()


@contextlib.asynccontextmanager
async def open_client(endpoint: Endpoint, client: Any, progress: Progress) -> AsyncIterator[tuple[Any, Endpoint]]:
    """Yield an instructor client for the endpoint and the endpoint it actually talks to.

    A client built here is closed on exit (its connections belong to this event loop); an
    injected one is the caller's and stays open.
    """
    from summarizer.extract import client as clients

    if client is not None:
        async with clients.injected_client(client, mode=endpoint.mode) as injected:
            yield injected, endpoint
    elif endpoint.local:
        async with start_local(endpoint, progress) as (built, running):
            yield built, running
    else:
        built = clients.build_client(endpoint)
        try:
            yield built, endpoint
        finally:
            await built.client.close()


class Session:
    """One endpoint, one client, one request limit, pacing and cache, for one or many transcripts.

    Options are those of ``summarize``: ``client`` (an injected OpenAI, AsyncOpenAI or
    instructor client), ``model``, ``base_url``, ``api_key``, ``mode``, ``local``,
    ``local_model`` (a GGUF file for the embedded server), ``concurrency`` (requests in flight,
    across every transcript of the session), ``max_section_tokens``, ``tokens_per_minute``
    (estimated, for pacing), ``cache`` (True for the default response cache, or a
    ``ResponseCache``) and ``progress`` (a callable taking one status line). ``company``,
    ``ticker``, ``period`` and ``call_date`` say what the call is (``ingest.callinfo``): they win
    over what is detected in the text, for every transcript of the session unless
    ``summarize`` is given its own. ``meter`` estimates each brief's ``usage.cost_usd``.
    ``max_cost`` (USD, finite, not negative, for a priced model) is the budget ``each`` keeps to.
    """

    def __init__(
        self,
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
        tokens_per_minute: int | None = None,
        cache: bool | ResponseCache | None = None,
        progress: Progress | None = None,
        company: str | None = None,
        ticker: str | None = None,
        period: str | None = None,
        call_date: str | None = None,
        meter: CostMeter | None = None,
        max_cost: float | None = None,
    ) -> None:
        _positive("concurrency", concurrency)
        _positive("max_section_tokens", max_section_tokens)
        self.call_info = callinfo.checked(
            {"company": company, "ticker": ticker, "period": period, "call_date": call_date}
        )
        self.say: Progress = progress or _noop
        self.client = client
        self.endpoint = self._resolve(client, model, base_url, api_key, mode, local, local_model, concurrency)
        self.max_section_tokens = max_section_tokens
        self.pace = TokenRate(tokens_per_minute) if tokens_per_minute is not None else None
        self.cache = cache if isinstance(cache, ResponseCache) else (ResponseCache(warn=progress) if cache else None)
        self.meter = meter if meter is not None or max_cost is None else default_meter(progress)
        self.max_cost = self._budget(max_cost)
        self._reserved = 0.0
        self._concurrency = concurrency
        self._stack: contextlib.AsyncExitStack | None = None
        self._instructor: Any = None
        self._limit: asyncio.Semaphore | None = None
        self._room: asyncio.Condition | None = None

    def _budget(self, max_cost: float | None) -> float | None:
        if max_cost is None:
            return None
        if not (math.isfinite(max_cost) and max_cost >= 0):
            raise ConfigError(f"--max-cost must be a finite amount, not negative, got {max_cost}")
        assert self.meter is not None
        if self.meter.prices.price(self.endpoint.model, local=self.endpoint.local) is None:
            from summarizer.run.cost import user_prices_path

            raise ConfigError(
                f"--max-cost needs a price for model {self.endpoint.model!r}: add it to {user_prices_path()}"
            )
        return max_cost

    @staticmethod
    def _resolve(
        client: Any,
        model: str | None,
        base_url: str | None,
        api_key: str | None,
        mode: str | None,
        local: bool,
        local_model: str | os.PathLike[str] | None,
        concurrency: int | None,
    ) -> Endpoint:
        if client is None:
            return resolve_endpoint(
                model=model,
                base_url=base_url,
                api_key=api_key,
                mode=mode,
                local=local,
                local_model=local_model,
                concurrency=concurrency,
            )
        from summarizer.extract import client as clients

        return Endpoint(
            base_url=clients.client_base_url(client),
            model=model or os.environ.get("SUMMARIZER_MODEL") or "unknown",
            mode=mode or "json_schema",
            local=local,  # the caller's client talks to the embedded model (a benchmark's own server)
            reason="client injected by the caller",
            concurrency=concurrency or 4,
        )

    # --- opening and closing -----------------------------------------------------------------

    async def __aenter__(self) -> Session:
        stack = contextlib.AsyncExitStack()
        try:
            self._instructor, self.endpoint = await stack.enter_async_context(
                open_client(self.endpoint, self.client, self.say)
            )
        except BaseException:
            await stack.aclose()
            raise
        self._stack = stack
        self._limit = asyncio.Semaphore(max(1, self.endpoint.concurrency))
        self._room = asyncio.Condition()
        return self

    async def __aexit__(self, *exc: object) -> None:
        stack, self._stack, self._instructor = self._stack, None, None
        if stack is not None:
            await stack.aclose()

    @property
    def workers(self) -> int:
        """How many transcripts a batch keeps in flight: enough to keep the request limit busy."""
        return 2 if self.endpoint.local else max(2, self.endpoint.concurrency)

    # --- one transcript --------------------------------------------------------------------------

    def plan(self, transcript: Transcript) -> tuple[Transcript, list[Section]]:
        """The analysed transcript and the section parts this session's endpoint will be sent."""
        return pipeline.plan(
            transcript, max_section_tokens=pipeline.section_budget(self.endpoint, self.max_section_tokens)
        )

    async def summarize(self, transcript: Transcript, *, call_info: CallInfo | None = None) -> Brief:
        """Summarise one loaded transcript into a grounded Brief, with its own usage.

        ``call_info`` (company, ticker, period, call date) is this transcript's, over the session's.

        Raises ``ModelError`` (one line: unreachable, unauthorised, bad URL, ...) when sections
        were sent and none succeeded; a brief is partial only when at least one did.
        """
        if self._instructor is None:
            raise RuntimeError("open the session first: async with Session(...) as session")
        transcript, parts = self.plan(self._with_call_info(transcript, call_info))
        return await self._summarize_planned(transcript, parts)

    def _with_call_info(self, transcript: Transcript, given: CallInfo | None) -> Transcript:
        """``transcript`` with the session's call metadata, and ``given`` over it."""
        return callinfo.with_call_info(transcript, {**self.call_info, **callinfo.checked(given or {})})

    async def _summarize_planned(
        self, transcript: Transcript, parts: list[Section], on_part: Callable[[int], None] | None = None
    ) -> Brief:
        """Extract and assemble planned ``parts``; with ``on_part`` (a batch's display counts the
        parts) it is told each part done instead of a status line per part."""
        from summarizer.extract import client as clients
        from summarizer.extract.extractor import Extractor

        started = time.perf_counter()
        say = self.say if on_part is None else _noop
        say(f"{len(parts)} section parts to extract ({self.endpoint.reason})")
        usage = Usage()
        token = clients.track_usage(usage)
        try:
            extractor = Extractor(
                self._instructor, endpoint=self.endpoint, limit=self._limit, cache=self.cache, pace=self.pace
            )
            outcomes = await pipeline.extract_parts(transcript, parts, extractor, say=say, on_part=on_part)
            errors = [o.error for o in outcomes if o.error]
            if outcomes and len(errors) == len(outcomes):
                usage.seconds = round(time.perf_counter() - started, 3)
                raise ModelError(pipeline.nothing_succeeded(errors, self.endpoint), usage=usage)
            brief = await pipeline.assemble_parts(transcript, outcomes, extractor, say=say)
        finally:
            clients.untrack_usage(token)
        usage.seconds = round(time.perf_counter() - started, 3)
        brief.usage = usage
        if self.meter is not None:
            brief.usage.cost_usd = self.meter.add(brief.usage, brief.model.name, local=self.endpoint.local)
        return brief

    async def ask(
        self, response_model: type[BaseModel], messages: list[dict[str, str]], *, max_tokens: int
    ) -> tuple[Any, Usage]:
        """One bounded structured request that is not a transcript's (a comparison's topic matching).

        It goes through the session's client, request limit, pacing and cache, like a section's;
        returns the reply and the usage of this request alone.
        """
        if self._instructor is None:
            raise RuntimeError("open the session first: async with Session(...) as session")
        from summarizer.extract import client as clients
        from summarizer.extract.extractor import Extractor

        usage = Usage()
        token = clients.track_usage(usage)
        try:
            extractor = Extractor(
                self._instructor, endpoint=self.endpoint, limit=self._limit, cache=self.cache, pace=self.pace
            )
            reply = await extractor.ask(response_model, messages, max_tokens=max_tokens)
        finally:
            clients.untrack_usage(token)
        return reply, usage

    async def summarize_path(self, path: str | os.PathLike[str], *, call_info: CallInfo | None = None) -> Result:
        """Read and summarise one file; any failure is returned, never raised (a batch goes on)."""
        try:
            return await self.summarize(readers.load_path(path), call_info=call_info)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # noqa: BLE001 - one input's failure is reported, never fatal to the batch
            return e

    # --- the budget --------------------------------------------------------------------------------

    def estimate_cost(self, transcript: Transcript, parts: list[Section]) -> float:
        """A generous estimate of one transcript's cost before it starts (0 when the model is unpriced).

        Each planned request counts its prompt bytes / 4 plus its ``max_tokens``; the highlights
        request counts its instructions, every reply budget as its items, and its own budget.
        Priced with the meter's table; re-asks and raised budgets are not foreseen.
        """
        from summarizer.extract.client import request_tokens
        from summarizer.extract.extractor import HIGHLIGHTS_MAX_TOKENS, MAX_TOKENS, messages_for
        from summarizer.extract.prompting import field_guide, render_prompt
        from summarizer.extract.replies import Highlights

        meter = self.meter or default_meter(self.say)
        price = meter.prices.price(self.endpoint.model, local=self.endpoint.local)
        if price is None or not parts:
            return 0.0
        prompt = sum(request_tokens(messages_for(part, transcript), 0) for part in parts)
        replies = MAX_TOKENS * len(parts)
        instructions = [{"content": render_prompt("highlights", field_guide=field_guide(Highlights))}]
        prompt += request_tokens(instructions, 0) + replies
        completion = replies + HIGHLIGHTS_MAX_TOKENS
        return (prompt * price.input + completion * price.output) / 1_000_000

    def _fits(self, cost: float) -> bool:
        spent = self.meter.spent if self.meter is not None else 0.0
        return self.max_cost is None or spent + self._reserved + cost <= self.max_cost

    async def _reserve(self, cost: float) -> bool:
        """Hold ``cost`` of the budget for a transcript about to start.

        When it does not fit, wait while other transcripts run (what they spend is usually far
        below what they reserved); False once nothing runs and it still does not fit.
        """
        assert self._room is not None
        async with self._room:
            while not self._fits(cost):
                if self._reserved == 0:
                    return False
                await self._room.wait()
            self._reserved += cost
            return True

    async def _release(self, cost: float) -> None:
        assert self._room is not None
        async with self._room:
            self._reserved -= cost
            self._room.notify_all()

    # --- many transcripts ------------------------------------------------------------------------

    async def each(
        self,
        paths: list[Path],
        done: Callable[[Path, Result], Awaitable[Any] | Any],
        *,
        call_info: Callable[[Path], CallInfo] | None = None,
        parts_done: Callable[[Path, int, int], Any] | None = None,
    ) -> list[Path]:
        """Summarise ``paths`` (``workers`` at a time); call ``done`` as each finishes.

        ``call_info`` gives each path's metadata (a manifest row, a file-name pattern).
        ``parts_done(path, done, planned)`` is told each transcript's planned section parts
        before its requests (``done`` 0), then each part done; the per-part status lines are
        left out then. With ``max_cost``, a transcript starts only when its estimated cost
        (``estimate_cost``) fits in the budget beside what is spent and what the running ones
        reserved. Returns the paths never started for the budget.
        """
        pending = deque(paths)
        not_started: list[Path] = []

        async def report(path: Path, result: Result) -> None:
            outcome = done(path, result)
            if asyncio.iscoroutine(outcome):
                await outcome

        async def one(path: Path) -> None:
            try:
                info = call_info(path) if call_info is not None else None
                transcript, parts = self.plan(self._with_call_info(readers.load_path(path), info))
                cost = self.estimate_cost(transcript, parts) if self.max_cost is not None else 0.0
            except Exception as e:  # noqa: BLE001 - one input's failure is reported, never fatal to the batch
                await report(path, e)
                return
            on_part = _counting(parts_done, path, len(parts))
            if not await self._reserve(cost):
                not_started.append(path)
                return
            try:
                result: Result = await self._summarize_planned(transcript, parts, on_part)
            except asyncio.CancelledError:
                raise
            except Exception as e:  # noqa: BLE001 - as above
                result = e
            finally:
                await self._release(cost)
            await report(path, result)

        async def worker() -> None:
            while pending:
                await one(pending.popleft())

        await asyncio.gather(*(worker() for _ in range(self.workers)))
        return not_started


def _counting(
    parts_done: Callable[[Path, int, int], Any] | None, path: Path, planned: int
) -> Callable[[int], None] | None:
    """Tell ``parts_done`` that ``path`` has ``planned`` parts, and return what counts each one done."""
    if parts_done is None:
        return None
    parts_done(path, 0, planned)
    return lambda done: parts_done(path, done, planned)


def default_meter(progress: Progress | None) -> CostMeter:
    """The shipped and user prices, naming an unpriced model once through ``progress`` or a warning."""
    from summarizer.run.cost import load_prices

    return CostMeter(load_prices(), warn=progress or _warn)
