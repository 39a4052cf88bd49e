"""Estimated cost of a brief or a batch from its token usage. Pure: no client, no network.

Prices are USD per 1M tokens for uncached input, cached input and output, per model, in
``summarizer/data/prices.json``. A user file of the same shape extends or overrides them:
the path in ``SUMMARIZER_PRICES``, else ``~/.config/summarizer/prices.json`` (or
``$XDG_CONFIG_HOME/summarizer/prices.json``)::

    {"models": {"my-vllm-model": {"input": 0.05, "cached_input": 0.05, "output": 0.2}}}

A model name matches exactly, without a provider prefix (``openai/gpt-4o``), or by its longest
known prefix before a ``-`` (``gpt-4o-mini-2024-07-18`` is ``gpt-4o-mini``). The embedded model
costs nothing. An unknown model has no estimate (``None``), never a guess. Responses served from
the local response cache carry no tokens, so they cost nothing. Batch API requests cost
``batch_multiplier`` times the list price (0.5 at OpenAI).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from summarizer.brief import Usage
from summarizer.errors import ConfigError

ENV_PRICES = "SUMMARIZER_PRICES"
LOCAL = "local"


@dataclass(frozen=True)
class Price:
    """USD per 1M tokens."""

    input: float
    cached_input: float
    output: float


@dataclass(frozen=True)
class PriceTable:
    """Prices by model name, and the Batch API multiplier."""

    models: Mapping[str, Price]
    batch_multiplier: float = 0.5

    def price(self, model: str | None, *, local: bool = False) -> Price | None:
        """The price of ``model`` (``None`` when unknown); the embedded model is free."""
        if local:
            return self.models.get(LOCAL, Price(0.0, 0.0, 0.0))
        if not model:
            return None
        name = model.strip().lower()
        for candidate in (name, name.rsplit("/", 1)[-1]):
            if candidate in self.models:
                return self.models[candidate]
            known = [k for k in self.models if candidate.startswith(k + "-")]
            if known:
                return self.models[max(known, key=len)]
        return None

    def cost(self, usage: Usage, model: str | None, *, local: bool = False, batch: bool = False) -> float | None:
        """Estimated USD for ``usage`` on ``model``; ``None`` when the model has no price."""
        price = self.price(model, local=local)
        if price is None:
            return None
        cached = min(usage.cached_tokens, usage.prompt_tokens)
        total = (
            (usage.prompt_tokens - cached) * price.input
            + cached * price.cached_input
            + usage.completion_tokens * price.output
        ) / 1_000_000
        return round(total * (self.batch_multiplier if batch else 1.0), 6)


def user_prices_path(env: Mapping[str, str] | None = None) -> Path:
    """Where the user's price file is looked for (it need not exist)."""
    env = os.environ if env is None else env
    if env.get(ENV_PRICES):
        return Path(env[ENV_PRICES]).expanduser()
    base = Path(env["XDG_CONFIG_HOME"]).expanduser() if env.get("XDG_CONFIG_HOME") else Path.home() / ".config"
    return base / "summarizer" / "prices.json"


def _parse(raw: object, *, label: str) -> tuple[dict[str, Price], float | None]:
    if not isinstance(raw, dict) or not isinstance(raw.get("models", {}), dict):
        raise ConfigError(f"{label}: expected an object with a 'models' object")
    models: dict[str, Price] = {}
    for name, entry in raw.get("models", {}).items():
        try:
            models[str(name).lower()] = Price(
                input=float(entry["input"]),
                cached_input=float(entry.get("cached_input", entry["input"])),
                output=float(entry["output"]),
            )
        except (TypeError, KeyError, ValueError, AttributeError) as e:
            raise ConfigError(f"{label}: model {name!r} needs numeric 'input' and 'output' prices") from e
    multiplier = raw.get("batch_multiplier")
    return models, (float(multiplier) if isinstance(multiplier, (int, float)) else None)


def load_prices(env: Mapping[str, str] | None = None) -> PriceTable:
    """The shipped prices, extended and overridden by the user's price file if there is one."""
    shipped = json.loads(resources.files("summarizer").joinpath("data/prices.json").read_text("utf-8"))
    models, multiplier = _parse(shipped, label="prices.json")
    path = user_prices_path(env)
    if path.is_file():
        try:
            user = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise ConfigError(f"cannot read the price file {path}: {e}") from e
        extra, user_multiplier = _parse(user, label=str(path))
        models.update(extra)
        multiplier = user_multiplier if user_multiplier is not None else multiplier
    return PriceTable(models=models, batch_multiplier=0.5 if multiplier is None else multiplier)


class CostMeter:
    """Adds up estimated cost over many briefs; names each unpriced model once."""

    def __init__(self, prices: PriceTable, *, warn: Callable[[str], None] | None = None) -> None:
        self.prices = prices
        self.spent = 0.0
        self.unpriced: set[str] = set()
        self._warn = warn

    def add(self, usage: Usage, model: str | None, *, local: bool = False, batch: bool = False) -> float | None:
        """Estimate ``usage``, add it to ``spent`` and return it (``None`` when unpriced)."""
        cost = self.prices.cost(usage, model, local=local, batch=batch)
        if cost is None:
            name = model or "unknown"
            if name not in self.unpriced:
                self.unpriced.add(name)
                if self._warn is not None:
                    self._warn(f"no price for model {name!r}: cost not estimated (add it to {user_prices_path()})")
            return None
        self.spent += cost
        return cost
