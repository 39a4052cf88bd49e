"""The naive ways of doing the job, to measure the pipeline against (benchmarks only).

(a) ``per_schema``: the whole transcript in one call per kind of finding (four calls: figures,
    guidance, AI points, Q&A themes);
(b) ``all_in_one``: the whole transcript in one call asking for all four at once.

Both go through instructor in JSON_SCHEMA mode on the caller's ``AsyncOpenAI`` client (the one
the pipeline uses), with the same ``max_tokens`` cap, a per-request timeout, temperature 0 and
the pipeline's validation attempts. The transcript goes in as plain text: no sections, no
sentence ids, no grounding, which is what makes them naive. Usage counts every attempt (the
``completion:response`` hook, as in ``summarizer.extract.extractor``). A reply cut off at ``max_tokens``
is not retried; the figures that can still be read from it are kept and the call is counted as
truncated.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Literal

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, Field, ValidationError
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt

from summarizer.extract.extractor import VALIDATION_ATTEMPTS, describe_error

MAX_TOKENS = 2048
TIMEOUT_S = 900.0


class Figure(BaseModel):
    """A figure reported in the call: revenue, margin, profit, loss, cash, users, etc."""

    metric: str = Field(description="what is measured, as named in the text, e.g. 'total revenues'")
    value: str = Field(description="the figure exactly as written, e.g. '$31.6 million', '66.7%'")
    yoy: str | None = Field(default=None, description="year-over-year change as written, e.g. '-9.8%'")
    period: str | None = Field(default=None, description="period if not the call's quarter, e.g. 'FY2024'")


class Outlook(BaseModel):
    """Guidance: what management expects for a future period."""

    metric: str = Field(description="what is guided, e.g. 'total revenues'")
    period: str | None = Field(default=None, description="the future period, e.g. 'Q4 2024'")
    low: str | None = Field(default=None, description="low end or single figure as written")
    high: str | None = Field(default=None, description="high end as written, if a range")
    statement: str | None = Field(default=None, description="qualitative guidance in a few words")


class AIMove(BaseModel):
    """An AI strategy point: product, model, infrastructure, partnership, monetisation."""

    category: Literal[
        "product", "model", "infrastructure", "partnership", "monetisation", "internal_efficiency", "other"
    ]
    point: str = Field(description="the point in at most 15 words")


class Theme(BaseModel):
    """One analyst question with management's answer."""

    theme: str = Field(description="the topic in at most 6 words")
    question: str = Field(description="the question in one sentence")
    answer: str = Field(description="management's answer in one or two sentences")


class Figures(BaseModel):
    """Every financial and operating figure stated in the earnings call."""

    figures: list[Figure] = Field(default_factory=list)


class GuidanceItems(BaseModel):
    """Every guidance item management gave in the earnings call."""

    guidance: list[Outlook] = Field(default_factory=list)


class AIPoints(BaseModel):
    """Every AI strategy point made in the earnings call."""

    ai: list[AIMove] = Field(default_factory=list)


class QAThemes(BaseModel):
    """Every analyst question of the Q&A, with its answer."""

    themes: list[Theme] = Field(default_factory=list)


class CallFindings(BaseModel):
    """Figures, guidance, AI strategy points and Q&A themes of the earnings call."""

    figures: list[Figure] = Field(default_factory=list)
    guidance: list[Outlook] = Field(default_factory=list)
    ai: list[AIMove] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list)


INSTRUCTIONS = (
    "You read the transcript of an earnings call and extract {what}. Report only what the"
    " transcript states; copy figures exactly as written. Return JSON only."
)
PER_SCHEMA: list[tuple[type[BaseModel], str]] = [
    (Figures, "every financial and operating figure (revenue, margins, profit or loss, cash, users)"),
    (GuidanceItems, "management's guidance for future periods"),
    (AIPoints, "the company's AI strategy points"),
    (QAThemes, "each analyst question of the Q&A with the answer"),
]
ALL_IN_ONE: tuple[type[BaseModel], str] = (
    CallFindings,
    "figures (revenue, margins, profit or loss, cash, users), guidance, AI strategy points and the Q&A themes",
)

Kind = Literal["per_schema", "all_in_one"]


@dataclass
class BaselineResult:
    """What one baseline returned and what it cost."""

    name: str
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    seconds: float = 0.0
    truncated: int = 0
    figures: list[Figure] = field(default_factory=list)
    guidance: list[Outlook] = field(default_factory=list)
    ai: list[AIMove] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def items(self) -> int:
        return len(self.figures) + len(self.guidance) + len(self.ai) + len(self.themes)


_VALUE = re.compile(r'(?:"metric"\s*:\s*"([^"]*)"[^{}]*?)?"(?:value|low|high)"\s*:\s*"([^"]+)"')


def salvage_figures(text: str) -> list[Figure]:
    """Figures still readable from a reply cut off mid-JSON: each value with the metric named
    before it in the same object, if any."""
    return [Figure(metric=m or "(truncated reply)", value=v) for m, v in _VALUE.findall(text)]


def _absorb(result: BaselineResult, value: BaseModel) -> None:
    result.figures += list(getattr(value, "figures", []))
    result.guidance += list(getattr(value, "guidance", []))
    result.ai += list(getattr(value, "ai", []))
    result.themes += list(getattr(value, "themes", []))


def _counter(result: BaselineResult) -> Any:
    def count(response: Any) -> None:
        result.requests += 1
        usage = getattr(response, "usage", None)
        if usage is None:
            return
        result.prompt_tokens += usage.prompt_tokens or 0
        result.completion_tokens += usage.completion_tokens or 0
        details = getattr(usage, "prompt_tokens_details", None)
        result.cached_tokens += (getattr(details, "cached_tokens", None) or 0) if details else 0

    return count


async def _ask(
    client: instructor.AsyncInstructor,
    model: str,
    response_model: type[BaseModel],
    what: str,
    text: str,
    *,
    max_tokens: int,
    timeout: float,
    result: BaselineResult,
) -> None:
    messages = [
        {"role": "system", "content": INSTRUCTIONS.format(what=what)},
        {"role": "user", "content": text},
    ]
    try:
        value = await client.create(
            model=model,
            messages=messages,
            response_model=response_model,
            max_tokens=max_tokens,
            temperature=0,
            seed=0,
            timeout=timeout,
            max_retries=AsyncRetrying(
                stop=stop_after_attempt(VALIDATION_ATTEMPTS),
                retry=retry_if_exception_type((ValidationError, json.JSONDecodeError)),
                reraise=True,
            ),
        )
    except IncompleteOutputException as e:
        result.truncated += 1
        completion = getattr(e, "last_completion", None)
        content = completion.choices[0].message.content if completion is not None else ""
        result.figures += salvage_figures(content or "")
        result.errors.append(f"{response_model.__name__}: cut off at {max_tokens} tokens")
        return
    except (InstructorRetryException, ValidationError, openai.OpenAIError) as e:
        result.errors.append(f"{response_model.__name__}: {describe_error(e)}")
        return
    _absorb(result, value)


async def run_baseline(
    raw: openai.AsyncOpenAI,
    *,
    model: str,
    text: str,
    kind: Kind,
    max_tokens: int = MAX_TOKENS,
    timeout: float = TIMEOUT_S,
    budget: float | None = None,
) -> BaselineResult:
    """Run baseline (a) ``per_schema`` or (b) ``all_in_one`` on ``text``; never raises for a
    model failure (it is listed in ``errors``). ``timeout`` bounds each request, ``budget`` the
    whole baseline: calls left when it runs out are skipped, and what came back is kept."""
    client = instructor.from_openai(raw, mode=instructor.Mode.JSON_SCHEMA)
    result = BaselineResult(name="(a) one call per schema" if kind == "per_schema" else "(b) one call, all schemas")
    client.on("completion:response", _counter(result))
    calls = PER_SCHEMA if kind == "per_schema" else [ALL_IN_ONE]
    began = time.perf_counter()
    for response_model, what in calls:
        left = timeout if budget is None else min(timeout, budget - (time.perf_counter() - began))
        if left <= 1:
            result.errors.append(f"{response_model.__name__}: skipped, time budget spent")
            continue
        await _ask(
            client,
            model,
            response_model,
            what,
            text,
            max_tokens=max_tokens,
            timeout=left,
            result=result,
        )
    result.seconds = time.perf_counter() - began
    return result


def run_baseline_sync(raw_base_url: str, api_key: str, **options: Any) -> BaselineResult:
    """Convenience for notebooks: build a client for ``raw_base_url`` and run one baseline."""

    async def go() -> BaselineResult:
        raw = openai.AsyncOpenAI(base_url=raw_base_url, api_key=api_key, max_retries=0)
        try:
            return await run_baseline(raw, **options)
        finally:
            await raw.close()

    return asyncio.run(go())
