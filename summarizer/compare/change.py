"""The Change: what moved between two calls of one company. These pydantic models are the source
of truth; ``schemas/change.schema.json`` is generated from ``Change`` (``summarizer change-schema``).

Every line carries the evidence of both calls (the earlier call's quotes under ``before``, the
later call's under ``after``); a line only one call supports (a new guidance, a topic no longer
mentioned) has the other side empty. Verdicts are computed by code from the figures.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from summarizer.brief import Basis, Direction, Quote

CHANGE_SCHEMA_VERSION = "1.0"


class PeriodRole(StrEnum):
    """A figure's period in the call that states it."""

    quarter = "quarter"  # the quarter the call reports
    year_to_date = "year_to_date"  # from the start of the year to the end of that quarter


class RateKind(StrEnum):
    """Which growth rate a call states."""

    yoy = "yoy"
    qoq = "qoq"


class ResultVerdict(StrEnum):
    """An actual against the range guided for it."""

    beat = "beat"
    in_line = "in_line"
    missed = "missed"


class GuidanceVerdict(StrEnum):
    """What a guidance range did between two calls, from its numbers."""

    raised = "raised"
    lowered = "lowered"
    narrowed = "narrowed"
    widened = "widened"  # both ends moved out around the same midpoint
    maintained = "maintained"
    new = "new"
    dropped = "dropped"
    unquantified = "unquantified"  # a side states no figure: nothing to compute from


class TopicStatus(StrEnum):
    """Whether a topic is raised in the later call, the earlier, or both."""

    new = "new"  # raised in the later call only
    no_longer_mentioned = "no_longer_mentioned"  # raised in the earlier call only
    again = "again"  # both calls: an AI point still made, a question asked again


class MatchMethod(StrEnum):
    """How the two calls' topics were paired."""

    model = "model"  # one bounded request matched the topics by meaning
    word_overlap = "word_overlap"  # deterministic: shared content words
    none = "none"  # nothing to match (no topics on either side)


class CallRef(BaseModel):
    """One of the two calls: what identifies it."""

    company: str | None = None
    period: str | None = None  # the quarter the call reports, canonical ("2025Q2")
    source: str | None = None  # the transcript's file name
    sha256: str | None = None


class Figure(BaseModel):
    """One call's figure for a metric: the value, as written, and its quotes."""

    period: str | None = None
    value: float | None = None
    value_text: str | None = None
    evidence: list[Quote] = Field(default_factory=list)


class KPIChange(BaseModel):
    """A KPI both calls state for the same period role: the value then and now, and the change."""

    key: str | None = None
    metric: str
    segment: str | None = None
    basis: Basis | None = None
    role: PeriodRole
    unit: str | None = None
    before: Figure
    after: Figure
    change: float | None = None  # after - before, in the unit (percentage points for "%")
    change_pct: float | None = None  # relative change in percent; None for "%" units or a zero base


class RateCheck(BaseModel):
    """A growth rate the later call states, checked against the earlier call's figure for its base period."""

    key: str | None = None
    metric: str
    segment: str | None = None
    basis: Basis | None = None
    unit: str | None = None  # the figures' unit
    kind: RateKind
    stated: float  # percent, as the later call states it
    implied_low: float  # the growth the two figures give, at either end of their rounding
    implied_high: float
    agrees: bool  # the stated rate lies within the implied interval, widened by its own rounding
    before: Figure  # the earlier call's figure for the base period
    after: Figure  # the later call's figure the rate is stated for


class Restatement(BaseModel):
    """A figure both calls state for the same period: the later call's against the earlier's."""

    key: str | None = None
    metric: str
    segment: str | None = None
    basis: Basis | None = None
    unit: str | None = None
    period: str
    agrees: bool  # equal within the rounding of both as written
    before: Figure
    after: Figure


class GuidanceRange(BaseModel):
    """One call's guidance: the range (``low == high`` for a point), as written, and its quotes."""

    low: float | None = None
    high: float | None = None
    value_text: str | None = None
    statement: str | None = None
    direction: Direction | None = None  # the call's own wording ("raised", "maintained"), not a verdict
    evidence: list[Quote] = Field(default_factory=list)


class GuidanceResult(BaseModel):
    """The earlier call's guidance for the period the later call reports, against the actual."""

    key: str | None = None
    metric: str
    period: str
    unit: str | None = None
    lower_is_better: bool = False  # a cost: below the range is a beat
    verdict: ResultVerdict
    by: float = 0.0  # how far outside the range the actual lies, in the unit (0 when in line)
    before: GuidanceRange  # the earlier call's guidance
    after: Figure  # the later call's actual


class GuidanceChange(BaseModel):
    """The same period's guidance in both calls, and what the numbers did."""

    key: str | None = None
    metric: str
    period: str | None = None
    unit: str | None = None
    verdict: GuidanceVerdict
    wording_disagrees: bool = False  # the later call's own word ("raised") is not what the numbers show
    before: GuidanceRange | None = None
    after: GuidanceRange | None = None


class Mention(BaseModel):
    """One call's AI point or Q&A theme, with its quotes."""

    id: str
    text: str  # the point, or the theme and the question
    evidence: list[Quote] = Field(default_factory=list)


class TopicChange(BaseModel):
    """An AI point or Q&A theme: new, no longer mentioned, or raised again."""

    status: TopicStatus
    before: Mention | None = None
    after: Mention | None = None


class Matching(BaseModel):
    """How the AI points and Q&A themes of the two calls were matched, and why."""

    method: MatchMethod
    note: str = ""
    model: str | None = None
    requests: int = 0
    cached_responses: int = 0  # answered from the response cache: no request
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Change(BaseModel):
    """What changed between two earnings calls of one company, every line with both calls' evidence."""

    schema_version: str = CHANGE_SCHEMA_VERSION
    company: str | None = None
    before: CallRef = Field(default_factory=CallRef)
    after: CallRef = Field(default_factory=CallRef)
    kpis: list[KPIChange] = Field(default_factory=list)
    rate_checks: list[RateCheck] = Field(default_factory=list)
    restated: list[Restatement] = Field(default_factory=list)
    guidance_results: list[GuidanceResult] = Field(default_factory=list)
    guidance_changes: list[GuidanceChange] = Field(default_factory=list)
    ai_strategy: list[TopicChange] = Field(default_factory=list)
    qa_themes: list[TopicChange] = Field(default_factory=list)
    matching: Matching = Field(default_factory=lambda: Matching(method=MatchMethod.none))
    warnings: list[str] = Field(default_factory=list)
