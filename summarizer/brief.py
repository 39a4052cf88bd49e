"""The brief: one JSON document per call. These pydantic models are the source of truth;
``schemas/brief.schema.json`` is generated from ``Brief`` (``summarizer schema``).

Every KPI, guidance item, AI point and Q&A theme carries ``evidence``: the sentences of the
transcript it rests on, as ids, character spans and text resolved by the code (the model only
cites ids). Figures also carry a ``grounding`` status from the deterministic check.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from summarizer.document import Participant, Span

SCHEMA_VERSION = "1.1"  # 1.1: KPI value null for a change stated alone; Guidance.change


class GroundingStatus(StrEnum):
    exact = "exact"  # the figure appears as written in a cited sentence
    normalised = "normalised"  # equal after parsing (scale, unit, sign words, full-width digits)
    fuzzy = "fuzzy"  # equal within rounding tolerance
    not_found = "not_found"  # no cited sentence states it (such items go to ``rejected``)


class Basis(StrEnum):
    gaap = "GAAP"
    non_gaap = "non-GAAP"
    ifrs = "IFRS"
    non_ifrs = "non-IFRS"
    pro_forma = "pro forma"


class Direction(StrEnum):
    """What the call says its guidance did, read from the cited sentence (``qualitative``: a
    statement without a figure or a move)."""

    new = "new"
    raised = "raised"
    maintained = "maintained"  # also "reaffirmed", "reiterated", 維持, 重申
    lowered = "lowered"
    narrowed = "narrowed"
    withdrawn = "withdrawn"
    qualitative = "qualitative"


class ChangeBasis(StrEnum):
    """What a guided range is a change against, when it states a change rather than a level
    ("revenue to grow 10% to 12% year over year", "opex about $4 million lower")."""

    yoy = "yoy"  # against the same period a year before
    qoq = "qoq"  # against the period before
    other = "other"  # against a base the call names otherwise, or none


class AICategory(StrEnum):
    product = "product"
    model = "model"
    infrastructure = "infrastructure"  # including AI capex and compute
    partnership = "partnership"
    monetisation = "monetisation"
    internal_efficiency = "internal_efficiency"
    other = "other"


class MetadataSource(StrEnum):
    given = "given"  # by the caller: an option, a flag, a manifest row or the file name
    detected = "detected"  # read from the transcript


class Quote(BaseModel):
    """A cited sentence: its id, its span in the transcript text, and its text."""

    sentence_id: str
    span: Span
    text: str


class KPI(BaseModel):
    id: str = ""
    metric: str  # as stated
    key: str | None = None  # canonical key, e.g. "revenue", "gross_margin"
    label: str | None = None  # English, from the key ("Revenue"); the metric as stated when no key
    segment: str | None = None
    # Scale applied: "$48.2 million" -> 48200000.0. None for a figure the call states only as its
    # change ("DAU grew 9% year over year"): ``yoy`` or ``qoq`` holds it, ``value_text`` is the change.
    value: float | None = None
    value_text: str  # as written in the transcript
    unit: str | None = None  # ISO currency, "%", "pp", "x", or None for counts
    scale: str | None = None  # the scale word as written: "million", "億", ...
    period: str | None = None  # canonical: "2024Q3", "FY2024"
    yoy: float | None = None  # percent; percentage points when yoy_unit == "pp", a multiple when "x"
    yoy_unit: str | None = None
    qoq: float | None = None
    qoq_unit: str | None = None
    basis: Basis | None = None
    speaker: str | None = None
    section_id: str | None = None
    evidence: list[Quote] = Field(default_factory=list)
    grounding: GroundingStatus = GroundingStatus.not_found


class Guidance(BaseModel):
    id: str = ""
    metric: str
    key: str | None = None
    period: str | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    value_text: str | None = None  # the range or figure as written
    change: ChangeBasis | None = None  # low/high are a change (growth, "lower by"), not a level; None: a level
    statement: str | None = None  # the cited sentence that states the outlook
    direction: Direction = Direction.new
    speaker: str | None = None
    section_id: str | None = None
    evidence: list[Quote] = Field(default_factory=list)
    grounding: GroundingStatus = GroundingStatus.not_found


class AIPoint(BaseModel):
    id: str = ""
    category: AICategory = AICategory.other
    point: str
    speaker: str | None = None
    section_id: str | None = None
    evidence: list[Quote] = Field(default_factory=list)


class Asker(BaseModel):
    name: str | None = None
    firm: str | None = None


class QATheme(BaseModel):
    id: str = ""
    theme: str
    question: str
    answer: str
    askers: list[Asker] = Field(default_factory=list)
    section_ids: list[str] = Field(default_factory=list)
    evidence: list[Quote] = Field(default_factory=list)


class Rejected(BaseModel):
    """An item the model returned that failed a check, kept with the reason."""

    kind: str  # "kpi" | "guidance" | "ai_point" | "qa_theme"
    section_id: str | None = None
    reason: str
    item: dict = Field(default_factory=dict)


class Usage(BaseModel):
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    retries: int = 0
    seconds: float = 0.0
    cached_responses: int = 0  # replies served from the local response cache (no request, no tokens)
    cost_usd: float | None = None  # estimated from summarizer/data/prices.json; None when the model is unpriced


class ModelInfo(BaseModel):
    name: str | None = None
    endpoint: str | None = None  # host only, never a key or a full URL with credentials
    mode: str | None = None
    prompts: str | None = None  # a hash of the prompts and reply schemas the brief was made with


class Source(BaseModel):
    name: str | None = None
    sha256: str | None = None
    characters: int = 0
    languages: list[str] = Field(default_factory=list)
    format: str | None = None
    bilingual: bool = False
    encoding: str | None = None  # how the file's bytes were decoded


class Brief(BaseModel):
    """A structured, grounded summary of one earnings call."""

    schema_version: str = SCHEMA_VERSION
    source: Source = Field(default_factory=Source)
    company: str | None = None
    ticker: str | None = None
    period: str | None = None
    call_date: str | None = None
    # Where company, ticker, period and call_date come from; a field that is None is left out.
    metadata_source: dict[str, MetadataSource] = Field(default_factory=dict)
    participants: list[Participant] = Field(default_factory=list)
    highlights: list[str] = Field(default_factory=list)
    kpis: list[KPI] = Field(default_factory=list)
    guidance: list[Guidance] = Field(default_factory=list)
    ai_strategy: list[AIPoint] = Field(default_factory=list)
    qa_themes: list[QATheme] = Field(default_factory=list)
    complete: bool = True  # False when a section failed, a part of the call was not found, or figures conflict
    # Why ``complete`` is False, one line per reason (each also among ``warnings``); empty when complete.
    incomplete: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    rejected: list[Rejected] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    model: ModelInfo = Field(default_factory=ModelInfo)

    def _repr_html_(self) -> str:
        """The HTML report in a sandboxed iframe (a notebook cell): its CSS and script stay inside it."""
        import html

        from summarizer.render import to_html

        page = html.escape(to_html(self), quote=True)
        return (
            f'<iframe sandbox="allow-scripts" srcdoc="{page}" title="brief" '
            'style="width:100%;height:640px;border:1px solid #ddd"></iframe>'
        )

    def _repr_markdown_(self) -> str:
        """The Markdown report (for front ends that show Markdown rather than HTML)."""
        from summarizer.render import to_markdown

        return to_markdown(self)
