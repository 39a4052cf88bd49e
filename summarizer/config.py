"""Which endpoint and model a run uses, and why. Pure: reads the environment only when asked.

Precedence, highest first:
1. explicit arguments (``--base-url``, ``--model``, ``--api-key``; ``summarize(base_url=...)``);
2. ``--local`` / ``local=True``, or ``--local-model PATH`` / ``local_model=PATH`` (any GGUF file),
   force the embedded server whatever else is set;
3. environment: ``OPENAI_BASE_URL``, ``OPENAI_API_KEY``, ``SUMMARIZER_MODEL``, ``SUMMARIZER_MODE``,
   ``SUMMARIZER_TIMEOUT`` (seconds per request attempt);
4. nothing set: the embedded local model (``summarizer[local]``).

A base URL without a key is fine (vLLM, Ollama, llama.cpp); a key without a base URL means
OpenAI itself, where the model defaults to ``gpt-4o-mini``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from summarizer.errors import ConfigError

OPENAI_DEFAULT_MODEL = "gpt-4o-mini"
MODES = ("json_schema", "tools", "json", "md_json")
DEFAULT_TIMEOUT = 600.0  # seconds per attempt: a small local model can take minutes on a long section


@dataclass(frozen=True)
class Endpoint:
    """A resolved endpoint. ``api_key`` is never printed (see ``__repr__``)."""

    base_url: str | None
    model: str
    mode: str
    local: bool
    reason: str
    api_key: str | None = field(default=None, repr=False)
    concurrency: int = 1
    timeout: float = DEFAULT_TIMEOUT
    local_model: str | None = None  # a GGUF file for the embedded server instead of the shipped model

    @property
    def host(self) -> str:
        if self.local:
            return "embedded"
        if not self.base_url:
            return "api.openai.com"
        return urlsplit(self.base_url).hostname or self.base_url


def default_mode(base_url: str | None, *, local: bool) -> str:
    """JSON-schema constrained output works on OpenAI, vLLM, llama.cpp and recent Ollama."""
    return "json_schema"


def resolve_endpoint(
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    local: bool = False,
    local_model: str | os.PathLike[str] | None = None,
    concurrency: int | None = None,
    timeout: float | None = None,
    env: Mapping[str, str] | None = None,
) -> Endpoint:
    """Decide the endpoint from arguments, then the environment, then the embedded model."""
    env = os.environ if env is None else env
    mode = (mode or env.get("SUMMARIZER_MODE") or "").lower() or None
    if mode is not None and mode not in MODES:
        raise ConfigError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    timeout = _timeout(timeout, env.get("SUMMARIZER_TIMEOUT"))

    if local_model is not None:
        return _local(model, mode, f"--local-model {local_model} was given", timeout, os.fspath(local_model))
    if local:
        return _local(model, mode, "--local was given", timeout)

    base_url = base_url or env.get("OPENAI_BASE_URL") or None
    if base_url is not None:
        check_base_url(base_url)
    api_key = api_key or env.get("OPENAI_API_KEY") or None
    model = model or env.get("SUMMARIZER_MODEL") or None
    if base_url is None and api_key is None:
        return _local(model, mode, "no OPENAI_API_KEY or OPENAI_BASE_URL is set", timeout)

    if model is None:
        if base_url is not None and "api.openai.com" not in base_url:
            raise ConfigError(f"no model named for {base_url}: pass --model or set SUMMARIZER_MODEL")
        model = OPENAI_DEFAULT_MODEL
    reason = "base URL " + ("given" if base_url else "of OpenAI, because OPENAI_API_KEY is set")
    return Endpoint(
        base_url=base_url,
        model=model,
        mode=mode or default_mode(base_url, local=False),
        local=False,
        reason=reason,
        api_key=api_key or "not-needed",
        concurrency=concurrency or 8,
        timeout=timeout,
    )


def url_password(url: str | None) -> str | None:
    """The password inside a URL's ``user:password@`` part, if any (to mask it in logs)."""
    if not url:
        return None
    try:
        return urlsplit(url).password
    except ValueError:
        return None


def redacted(url: str) -> str:
    """``url`` with any password inside it replaced by ``***``."""
    password = url_password(url)
    return url.replace(f":{password}@", ":***@") if password else url


def check_base_url(url: str) -> None:
    """Raise ``ConfigError`` unless ``url`` is an http(s) URL with a host (a bad URL fails here, not per request)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number raises ValueError
    except ValueError as e:
        raise ConfigError(f"bad base URL {redacted(url)!r}: {e}") from e
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"bad base URL {redacted(url)!r}: expected http(s)://host[:port]/v1")


def _timeout(given: float | None, from_env: str | None) -> float:
    raw: float | str | None = given if given is not None else from_env
    if raw is None or raw == "":
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not 0 < value < math.inf:
        raise ConfigError(f"timeout must be a positive number of seconds, got {raw!r}")
    return value


def _local(
    model: str | None, mode: str | None, reason: str, timeout: float = DEFAULT_TIMEOUT, local_model: str | None = None
) -> Endpoint:
    return Endpoint(
        base_url=None,
        model=model or "local",
        mode=mode or default_mode(None, local=True),
        local=True,
        reason=f"embedded local model: {reason}",
        concurrency=1,
        timeout=timeout,
        local_model=local_model,
    )
