"""The only module that talks to a model. It owns the client and the retry policy.

Retry policy, written once:
- transport: the OpenAI SDK retries 429/5xx/connection errors with backoff (``max_retries``
  on the client, honouring Retry-After);
- validation: instructor re-asks once when the reply does not fit the schema
  (``VALIDATION_ATTEMPTS`` attempts in all);
- truncation (``finish_reason == "length"``) is not a validation error: the request is sent
  again once with twice the ``max_tokens``, and if still cut off the section is split in two;
- anything else fails only its section, reported as a ``SectionOutcome`` with the error.
Usage (requests, tokens, cached tokens, retries) counts every attempt.

Optional, for runs over many transcripts: a shared request limit (one ``asyncio.Semaphore``
for every Extractor of a batch), a pacing hook (a tokens-per-minute limiter awaited with a
request's estimated tokens), and a response cache (``summarizer.run.cache``): a hit is answered
without a request and counted in ``Usage.cached_responses``.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt

from summarizer.config import Endpoint
from summarizer.document import Section, SectionKind, Transcript
from summarizer.extract.client import count_cached, request_tokens, usage_of
from summarizer.extract.focus import caps, result_ids
from summarizer.extract.prompting import field_guide, item_guide, render_prompt, section_text
from summarizer.extract.replies import Highlights, QAFindings, RemarksFindings, SectionOutcome, figures_by_id
from summarizer.run.cache import ResponseCache, request_key

VALIDATION_ATTEMPTS = 2
MAX_TOKENS = 1024
MAX_TOKENS_CEILING = 4096
HIGHLIGHTS_MAX_TOKENS = 128  # six ids, with room for the whitespace a server's grammar allows


class TruncatedError(Exception):
    """The reply hit ``max_tokens`` even after the budget was raised."""


def _with_schema(base: type[BaseModel], model: type[BaseModel], schema: dict[str, Any]) -> type[BaseModel]:
    """A subclass of ``base`` named as ``model`` whose ``model_json_schema()`` is ``schema``."""

    def model_json_schema(cls: type[BaseModel], *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args or kwargs:
            return BaseModel.model_json_schema.__func__(cls, *args, **kwargs)  # type: ignore[attr-defined, no-any-return]
        return schema  # shared: instructor and openai copy it into the request, never change it

    namespace = {
        "__module__": model.__module__,
        "__qualname__": model.__qualname__,
        "__doc__": model.__doc__,
        "model_json_schema": classmethod(model_json_schema),
    }
    return type(model.__name__, (base,), namespace)


@functools.cache
def structured(model: type[BaseModel]) -> type[BaseModel]:
    """``model`` as instructor uses it, built once: its ``ResponseSchema`` subclass, JSON schema cached.

    Given a plain model, instructor builds a new subclass (pydantic ``create_model``) and its
    JSON schema again on every request: about 4 ms of CPU per request, the largest client cost
    at high concurrency. Replies parse into this subclass (``isinstance(reply, model)`` holds).
    """
    wrapped = instructor.openai_schema(model)
    return _with_schema(wrapped, model, wrapped.model_json_schema())


@functools.lru_cache(maxsize=512)
def _bounded(model: type[BaseModel], guidance: int, ai: int, amounts: tuple[str, ...] = ()) -> type[BaseModel]:
    base = structured(model)
    schema = copy.deepcopy(base.model_json_schema())
    for name, cap in (("guidance", guidance), ("ai", ai)):
        lists = schema["properties"][name]
        lists["maxItems"] = min(lists.get("maxItems", cap), cap)
    # Only the ids shown, each at most once: a figure that names no shown amount cannot be written.
    schema["properties"]["figures"] = figures_by_id(amounts)
    schema.get("$defs", {}).pop("Figure", None)
    return _with_schema(base, model, schema)


@functools.lru_cache(maxsize=64)
def _choose_from(lines: int) -> type[BaseModel]:
    """``Highlights`` whose grammar allows only the ids shown (``h1`` .. ``h<lines>``) and asks for
    at least three of them (the 1.5B model, told "3 to 6", gave two). Validation keeps one as enough."""
    base = structured(Highlights)
    schema = copy.deepcopy(base.model_json_schema())
    chosen = schema["properties"]["highlights"]
    chosen["items"] = {"type": "string", "enum": [_highlight_id(p) for p in range(lines)]}
    chosen["minItems"] = min(3, lines)
    chosen["maxItems"] = min(chosen.get("maxItems", lines), lines)
    return _with_schema(base, Highlights, schema)


def _highlight_id(position: int) -> str:
    return f"h{position + 1}"


def response_model_for(section: Section) -> type[RemarksFindings] | type[QAFindings]:
    return QAFindings if section.kind is SectionKind.qa else RemarksFindings


def reply_model(section: Section) -> type[BaseModel]:
    """What instructor asks for ``section``: its findings model (``structured``), the guidance
    and AI lists bounded in the JSON schema by what the shown sentences can carry
    (``focus.caps``), and figures an object keyed by the ids shown in sentences about results
    (``focus.result_ids``, ``replies.figures_by_id``).

    The bounds bind the grammar only: validation keeps the model's own limits, so a reply
    with more items (a server that ignores ``maxItems``) still parses, and grounding judges it.
    """
    bounds = caps(section)
    amounts = tuple(result_ids(section))
    return _bounded(response_model_for(section), bounds["guidance"], bounds["ai"], amounts)


def messages_for(section: Section, transcript: Transcript) -> list[dict[str, str]]:
    """One system prompt for every section, the section last (prefix-cache friendly).

    Prepared remarks and Q&A share the instructions (the Q&A guide covers both schemas), so a
    server that caches the previous request's prefix, as llama.cpp's single slot does, reuses
    them across a switch between the two kinds.
    """
    return [
        {"role": "system", "content": render_prompt("extract", item_guide=item_guide(QAFindings))},
        {"role": "user", "content": section_text(section, transcript)},
    ]


class Extractor:
    """Sends sections to one endpoint under a concurrency limit."""

    def __init__(
        self,
        client: instructor.AsyncInstructor,
        *,
        endpoint: Endpoint,
        model: str | None = None,
        max_tokens: int = MAX_TOKENS,
        seed: int | None = 0,
        limit: asyncio.Semaphore | None = None,
        cache: ResponseCache | None = None,
        pace: Callable[[int], Awaitable[None]] | None = None,
    ) -> None:
        self.client = client
        self.endpoint = endpoint
        self.model = model or endpoint.model
        self.max_tokens = max_tokens
        self.seed = seed
        self.cache = cache
        self.pace = pace
        self._limit = limit or asyncio.Semaphore(max(1, endpoint.concurrency))

    def sampling(self) -> dict[str, Any]:
        """The sampling settings sent with every request (part of the cache key)."""
        extra: dict[str, Any] = {"temperature": 0}
        if self.seed is not None:
            extra["seed"] = self.seed
        return extra

    async def _ask(self, response_model: type[BaseModel], messages: list[dict[str, str]], max_tokens: int) -> Any:
        """One structured request; ``response_model`` is the class instructor gets (``structured``)."""
        extra = self.sampling()
        key = None
        if self.cache is not None:
            key = request_key(
                host=self.endpoint.host,
                model=self.model,
                mode=self.endpoint.mode,
                messages=messages,
                schema=response_model.model_json_schema(),
                max_tokens=max_tokens,
                sampling=extra,
            )
            hit = await asyncio.to_thread(self.cache.get, key)
            if hit is not None:
                try:
                    cached = response_model.model_validate_json(hit.response)
                except ValidationError:
                    pass  # stored by an older version of the model class: ask again
                else:
                    count_cached()
                    return cached
        async with self._limit:
            if self.pace is not None:
                await self.pace(request_tokens(messages, max_tokens))
            result = await self.client.create(
                model=self.model,
                messages=messages,
                response_model=response_model,
                max_tokens=max_tokens,
                max_retries=AsyncRetrying(
                    stop=stop_after_attempt(VALIDATION_ATTEMPTS),
                    retry=retry_if_exception_type((ValidationError, json.JSONDecodeError)),
                    reraise=True,
                ),
                **extra,
            )
        if key is not None and self.cache is not None:
            await asyncio.to_thread(
                self.cache.put, key, model=self.model, response=result.model_dump_json(), usage=usage_of(result)
            )
        return result

    async def _extract_part(
        self, section: Section, transcript: Transcript
    ) -> list[tuple[Section, RemarksFindings | QAFindings]]:
        model = reply_model(section)
        messages = messages_for(section, transcript)
        budget = self.max_tokens
        for _ in range(2):
            try:
                return [(section, await self._ask(model, messages, budget))]
            except (IncompleteOutputException, InstructorRetryException, openai.InternalServerError) as e:
                if not cut_off(e):
                    raise
                budget = min(budget * 2, MAX_TOKENS_CEILING)
        if len(section.sentences) < 2:
            raise TruncatedError(f"reply cut off at {budget} tokens")
        results: list[tuple[Section, RemarksFindings | QAFindings]] = []
        for half in split_in_two(section):
            results.extend(await self._extract_part(half, transcript))
        return results

    async def extract(self, section: Section, transcript: Transcript) -> SectionOutcome:
        """Extract one section; never raises for a model failure, it reports it instead."""
        start = time.perf_counter()
        outcome = SectionOutcome(section=section)
        try:
            outcome.findings = await self._extract_part(section, transcript)
        except (InstructorRetryException, openai.OpenAIError, TruncatedError, ValidationError) as e:
            outcome.error = describe_error(e)
        outcome.seconds = time.perf_counter() - start
        return outcome

    async def ask(self, response_model: type[BaseModel], messages: list[dict[str, str]], *, max_tokens: int) -> Any:
        """One structured request outside a section (a comparison's matching): limit, pacing and cache apply."""
        return await self._ask(structured(response_model), messages, max_tokens)

    async def highlights(self, lines: list[str]) -> list[int]:
        """One bounded call over the merged, checked items (never the whole transcript): the
        positions in ``lines`` of the ones the model chose, in its order (repeats included)."""
        messages = [
            {"role": "system", "content": render_prompt("highlights", field_guide=field_guide(Highlights))},
            {"role": "user", "content": "\n".join(f"[{_highlight_id(p)}] {line}" for p, line in enumerate(lines))},
        ]
        result = await self._ask(_choose_from(len(lines)), messages, HIGHLIGHTS_MAX_TOKENS)
        ids = {_highlight_id(p): p for p in range(len(lines))}
        return [ids[h] for h in result.highlights if h in ids]


# llama.cpp's server answers HTTP 500 with this message, instead of finish_reason "length",
# when a grammar-constrained reply is cut off at max_tokens.
_CUT_OFF_500 = "does not match the expected"


def cut_off(e: BaseException) -> bool:
    """Whether a failure means the reply was cut off at ``max_tokens``."""
    if isinstance(e, IncompleteOutputException):
        return True
    if isinstance(e, InstructorRetryException):
        cause = e.__cause__ or e.__context__
        return cause is not None and cause is not e and cut_off(cause)
    return isinstance(e, openai.InternalServerError) and _CUT_OFF_500 in str(e)


def split_in_two(section: Section) -> list[Section]:
    """Split a section's sentences into two halves that keep the section's identity."""
    mid = len(section.sentences) // 2
    halves = [section.sentences[:mid], section.sentences[mid:]]
    return [
        section.model_copy(
            update={
                "sentences": part,
                "span": section.span.model_copy(update={"start": part[0].span.start, "end": part[-1].span.end}),
            }
        )
        for part in halves
    ]


def describe_error(e: BaseException) -> str:
    """One line naming the cause, with no request details (and so no credentials)."""
    if isinstance(e, InstructorRetryException):
        cause = e.__cause__ or e.__context__
        if isinstance(cause, openai.OpenAIError):
            return describe_error(cause)
        if isinstance(cause, IndexError):
            return "the endpoint returned a reply with no choices"
        refused = _refusal(e.last_completion)
        if refused:
            return f"the model refused: {' '.join(refused.split())[:120]}"
        return f"the reply did not fit the schema after {e.n_attempts} attempts"
    if isinstance(e, openai.APIStatusError):
        return f"the endpoint answered HTTP {e.status_code}"
    if isinstance(e, openai.APITimeoutError):
        return "the request timed out"
    if isinstance(e, openai.APIConnectionError):
        return "could not connect to the endpoint"
    if isinstance(e, ValidationError):
        return "the reply did not fit the schema"
    return str(e).splitlines()[0] if str(e) else type(e).__name__


def _refusal(completion: Any) -> str | None:
    """The refusal text of a chat completion, if the model refused."""
    choices = getattr(completion, "choices", None) or []
    message = getattr(choices[0], "message", None) if choices else None
    return getattr(message, "refusal", None) or None
