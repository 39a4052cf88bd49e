"""The model client: built in one place, wrapped with instructor, with usage counted per run.

Every request of a run counts into the run's ``Usage`` (requests, tokens, cached tokens,
retries) through instructor's hooks and a context variable, so concurrent runs sharing one
client each count only their own requests. ``token_counts`` is the one reader of the OpenAI
``usage`` shape (online replies, cached replies and Batch API lines).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import weakref
from collections.abc import AsyncIterator
from typing import Any

import instructor
import openai

from summarizer.brief import Usage
from summarizer.config import Endpoint
from summarizer.text.script import estimate_tokens

__all__ = [
    "MODES",
    "add_usage",
    "build_batch_client",
    "build_client",
    "client_base_url",
    "count_cached",
    "injected_client",
    "request_tokens",
    "token_counts",
    "track_usage",
    "untrack_usage",
    "usage_of",
    "wrap_client",
]

MODES = {
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}

# instructor logs every failed attempt at ERROR; the outcome is reported in the brief's
# warnings instead, so keep Python's last-resort handler from printing it to stderr.
logging.getLogger("instructor").addHandler(logging.NullHandler())

_usage: contextvars.ContextVar[Usage | None] = contextvars.ContextVar("summarizer_usage", default=None)


def build_client(
    endpoint: Endpoint, *, base_url: str | None = None, max_retries: int = 2, timeout: float | None = None
) -> instructor.AsyncInstructor:
    """The one place an OpenAI client is built (``base_url`` overrides, e.g. the local server).

    ``timeout`` (seconds per attempt) defaults to ``endpoint.timeout`` (``SUMMARIZER_TIMEOUT``).
    """
    raw = openai.AsyncOpenAI(
        base_url=base_url or endpoint.base_url,
        api_key=endpoint.api_key or "local",
        max_retries=max_retries,
        timeout=endpoint.timeout if timeout is None else timeout,
    )
    return wrap_client(raw, mode=endpoint.mode)


def build_batch_client(endpoint: Endpoint, *, max_retries: int = 2) -> openai.OpenAI:
    """The plain (sync) OpenAI client for the Files and Batches endpoints (``summarizer.run.batch_api``)."""
    return openai.OpenAI(
        base_url=endpoint.base_url,
        api_key=endpoint.api_key or "local",
        max_retries=max_retries,
        timeout=endpoint.timeout,
    )


def wrap_client(raw: openai.AsyncOpenAI, *, mode: str) -> instructor.AsyncInstructor:
    """Wrap an injected ``AsyncOpenAI`` client with instructor and our usage hooks."""
    client = instructor.from_openai(raw, mode=MODES[mode])
    client.on("completion:response", _count_response)
    client.on("completion:error", _count_failed)
    client.on("parse:error", _count_retry)
    return client


def _count_response(response: Any) -> None:
    usage = _usage.get()
    if usage is None:
        return
    usage.requests += 1
    add_usage(usage, token_counts(getattr(response, "usage", None)))


def _count_failed(*_: Any, **__: Any) -> None:
    # instructor emits "completion:response" only for replies; a request that failed (refused,
    # unreachable, HTTP error after the SDK's own retries) is counted here instead.
    usage = _usage.get()
    if usage is not None:
        usage.requests += 1


def count_cached() -> None:
    usage = _usage.get()
    if usage is not None:
        usage.cached_responses += 1


def token_counts(u: Any) -> dict[str, int]:
    """The token counts of a completion's ``usage`` object: the one reader of the OpenAI usage shape."""
    if u is None:
        return {}
    details = getattr(u, "prompt_tokens_details", None)
    return {
        "prompt_tokens": getattr(u, "prompt_tokens", None) or 0,
        "completion_tokens": getattr(u, "completion_tokens", None) or 0,
        "cached_tokens": (getattr(details, "cached_tokens", None) or 0) if details else 0,
    }


def usage_of(result: Any) -> dict[str, int]:
    """The token counts of the completion instructor parsed ``result`` from (stored with a cached reply)."""
    return token_counts(getattr(getattr(result, "_raw_response", None), "usage", None))


def add_usage(usage: Usage, counts: dict[str, int]) -> None:
    """Add ``token_counts`` to ``usage`` (requests are counted by the caller)."""
    usage.prompt_tokens += counts.get("prompt_tokens", 0)
    usage.completion_tokens += counts.get("completion_tokens", 0)
    usage.cached_tokens += counts.get("cached_tokens", 0)


def request_tokens(messages: list[dict[str, str]], max_tokens: int) -> int:
    """A rough token count of a request, for pacing: the prompt by ``estimate_tokens(by="bytes")``
    (UTF-8 bytes / 4) plus the reply budget."""
    prompt = "".join(str(m.get("content") or "") for m in messages)
    return estimate_tokens(prompt, by="bytes") + max_tokens


def _count_retry(*_: Any, **__: Any) -> None:
    usage = _usage.get()
    if usage is not None:
        usage.retries += 1


def track_usage(usage: Usage) -> contextvars.Token:
    """Count every attempt of the requests made in this context into ``usage``."""
    return _usage.set(usage)


def untrack_usage(token: contextvars.Token) -> None:
    """Stop counting into the ``Usage`` that ``track_usage`` returned ``token`` for."""
    _usage.reset(token)


_injected_users: weakref.WeakKeyDictionary[instructor.AsyncInstructor, int] = weakref.WeakKeyDictionary()


@contextlib.asynccontextmanager
async def injected_client(client: Any, *, mode: str) -> AsyncIterator[instructor.AsyncInstructor]:
    """Use a caller's ``AsyncInstructor``, ``AsyncOpenAI`` or ``OpenAI`` client for one run.

    The caller's client stays open and its hooks are as they were after the run (a client
    reused for many runs must not count usage twice). For a sync ``OpenAI`` client an async
    twin is built, and closed at the end.
    """
    if isinstance(client, instructor.AsyncInstructor):
        # One registration per client however many runs share it at once: each handler counts
        # into the running context's Usage, so a second registration would count twice.
        users = _injected_users.get(client, 0)
        if users == 0:
            client.on("completion:response", _count_response)
            client.on("completion:error", _count_failed)
            client.on("parse:error", _count_retry)
        _injected_users[client] = users + 1
        try:
            yield client
        finally:
            _injected_users[client] -= 1
            if _injected_users[client] == 0:
                del _injected_users[client]
                client.off("completion:response", _count_response)
                client.off("completion:error", _count_failed)
                client.off("parse:error", _count_retry)
    elif isinstance(client, openai.AsyncOpenAI):
        yield wrap_client(client, mode=mode)
    elif isinstance(client, openai.OpenAI):
        twin = openai.AsyncOpenAI(
            base_url=client.base_url,
            api_key=client.api_key,
            max_retries=client.max_retries,
            timeout=client.timeout,
        )
        try:
            yield wrap_client(twin, mode=mode)
        finally:
            await twin.close()
    else:
        raise TypeError(f"expected an OpenAI or instructor client, got {type(client).__name__}")


def client_base_url(client: Any) -> str | None:
    raw = getattr(client, "client", client)
    url = getattr(raw, "base_url", None)
    return str(url) if url is not None else None
