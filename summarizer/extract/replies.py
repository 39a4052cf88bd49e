"""What the model returns for one section: the schemas instructor enforces.

These docstrings and field descriptions are sent to the model as prompt text; keep them
short and concrete (a 1.5B model reads them, and every output key costs tokens). Figures
are copied as written (``"$1,234.5 million"``); the code parses them, checks them against the
cited sentences and resolves citations to spans. The model never retypes a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from summarizer.document import Section
from summarizer.text.script import GRAMMAR_CJK

# A metric name is one short line. The length lives in the pattern: llama.cpp's grammar ignores
# maxLength beside a pattern. No "." and no bare negated class: in llama.cpp's grammar they match
# the closing quote too, and the model wrote its next keys inside the value.
_METRIC = r'^[^"\\\n]{1,60}$'
SentenceId = Annotated[str, Field(pattern=r"^s[0-9]+$")]
Cite = list[SentenceId]


def _english(length: int) -> str:
    """A pattern for one line of up to ``length`` characters with no Chinese or Japanese script.

    The length lives in the pattern, as above; without CJK (``script.GRAMMAR_CJK``, the class as
    recorded in the cassettes) the grammar writes English even when the section is Chinese.
    """
    return rf'^[^"\\\n{GRAMMAR_CJK}]{{1,{length}}}$'


_CITE = "ids of the sentences that state it"
# The grammar's length of each Q&A summary (grounding trims a reply the cap cut mid-sentence).
QA_TEXT_LENGTH = {"theme": 60, "question": 160, "answer": 200}


def _every_key_required(schema: dict[str, Any]) -> None:
    """Make the grammar write every key, lists even when empty, in schema order.

    With optional lists the 1.5B model skipped ``figures`` and began with ``guidance``.
    Parsing stays lenient: a missing list is empty.
    """
    schema["required"] = list(schema.get("properties", {}))


# No keys beyond the schema's: llama.cpp's grammar otherwise lets the model add its own.
_STRICT = ConfigDict(extra="forbid")
_STRICT_LISTS = ConfigDict(extra="forbid", json_schema_extra=_every_key_required)


AMOUNT_ID = r"^a[0-9]+$"
# An amount's id as the prompt writes it after the amount ("$48.2 million [a3]"): a model that
# copies it into its own text (an answer, an AI point) has it taken out again.
AMOUNT_MARK = re.compile(r" ?\[a[0-9]+\]")
AmountId = Annotated[str, Field(pattern=AMOUNT_ID)]


# A metric name as the model writes it against an amount id: no digit, currency, scale or
# percent sign (ASCII, full-width, Chinese), and never two spaces in a row, so the grammar
# cannot let it retype the amount ("31.6 million", "人民幣 九十八 億元") instead of naming
# what it measures, nor repeat one word to the length cap. The length lives in the pattern
# (llama.cpp ignores maxLength beside one).
_NOT_IN_NAME = r'"\\\n0-9%$' + "\u00a5\u20ac\u00a3\uff05\uff04\uffe5\uff10-\uff19" + "元幣币億亿萬万點点百千"
METRIC_NAME = rf"^[^ {_NOT_IN_NAME}](?:[^ {_NOT_IN_NAME}]| [^ {_NOT_IN_NAME}]){{0,29}}$"


HIGHLIGHT_ID = r"^h[0-9]+$"  # an item shown to the highlights request: h1, h2, ...

KEYED_BY_AMOUNT = frozenset({"figures"})  # lists the model writes as {amount id: metric}


def figures_by_id(ids: tuple[str, ...]) -> dict[str, Any]:
    """The grammar of ``figures`` on the wire: an object from amount id to the metric it measures.

    Each shown id is an optional key, in the order the ids were written, so the model can name
    an amount at most once and moves forward through the section: with a list of items a 1.5B
    model counted ids up, then wrote the same id again until the list was full, and never
    reached the later amounts of a long section. Parsing turns the object into ``Figure`` items.
    """
    return {
        "type": "object",
        "description": "amount id -> what that amount measures",
        "properties": {i: {"type": "string", "pattern": METRIC_NAME} for i in ids},
        "additionalProperties": False,
    }


def _figure_items(value: Any) -> Any:
    """``{"a3": "revenue"}`` (the wire form) as figure items; a list passes as it is."""
    if isinstance(value, dict):
        return [{"metric": metric, "amount": amount} for amount, metric in value.items()]
    return value


def _figure_keys(schema: dict[str, Any]) -> None:
    """The grammar writes both keys, the id never null; parsing stays lenient for figures built by code."""
    schema["required"] = ["metric", "amount"]
    amount = schema["properties"]["amount"]
    schema["properties"]["amount"] = {"type": "string", "pattern": AMOUNT_ID, "description": amount["description"]}


class Figure(BaseModel):
    """A result already reported, one item per amount."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_figure_keys)

    # Metric first: with the id first the 1.5B model counted ids up (s58, s59, ...) and
    # copied one value onto each; naming what it reads first keeps it reading.
    metric: str = Field(description="what is measured, as named in the text", json_schema_extra={"pattern": _METRIC})
    amount: AmountId | None = Field(default=None, description="the [a..] id written after the amount")
    # Not asked of the model: value, unit, scale, sign, period, changes, basis and segment are
    # read by code from the sentence around the amount the id names (``ground.kpi``). Figures
    # built by code without an id (tests, other tools) may give the value and its sentence
    # instead; grounding then looks for the value there.
    value: SkipJsonSchema[str | None] = None
    sentence: SkipJsonSchema[str | None] = None
    yoy: SkipJsonSchema[str | None] = None
    qoq: SkipJsonSchema[str | None] = None
    segment: SkipJsonSchema[str | None] = None
    period: SkipJsonSchema[str | None] = None
    basis: SkipJsonSchema[Literal["GAAP", "non-GAAP", "IFRS", "non-IFRS", "pro forma"] | None] = None

    @property
    def cite(self) -> list[str]:
        return [self.sentence] if self.sentence else []


class Outlook(BaseModel):
    """What management expects of a business quantity for a future period; never in figures."""

    model_config = _STRICT

    metric: str = Field(description="the business quantity guided, e.g. 'revenue', 'capex', 'adjusted margin'")
    low: str | None = Field(default=None, description="low end of a range, or the one figure, as written")
    high: str | None = Field(default=None, description="high end of a range, as written")
    cite: Cite = Field(description=_CITE, json_schema_extra={"maxItems": 4})
    # Not asked of the model: grounding reads the period, the statement (the cited sentence) and
    # the direction (raised, maintained, withdrawn...) from the cited sentence; the 1.5B model
    # copied a neighbour's direction and left statements empty. Code-made outlooks may set them.
    period: SkipJsonSchema[str | None] = None
    statement: SkipJsonSchema[str | None] = None
    direction: SkipJsonSchema[str] = "new"


class AIMove(BaseModel):
    """Every AI product, model, partner, investment or revenue the text mentions."""

    model_config = _STRICT

    category: Literal[
        "product", "model", "infrastructure", "partnership", "monetisation", "internal_efficiency", "other"
    ]
    point: str = Field(max_length=160, description="at most 15 words")
    cite: Cite = Field(description=_CITE, json_schema_extra={"maxItems": 4})


class RemarksFindings(BaseModel):
    """Figures, guidance and AI strategy points stated in a prepared-remarks section."""

    model_config = _STRICT_LISTS

    # An item is an id and a metric, a few tokens: a CFO section's every figure fits.
    figures: list[Figure] = Field(default_factory=list, max_length=120)
    guidance: list[Outlook] = Field(default_factory=list, max_length=6)
    ai: list[AIMove] = Field(default_factory=list, max_length=6)

    _by_id = field_validator("figures", mode="before")(_figure_items)


class QAFindings(BaseModel):
    """One analyst question with its answers: the theme, plus any figures, guidance and AI points."""

    model_config = _STRICT_LISTS

    # English and bounded, for the grammar only (a larger model's longer answer is still valid):
    # on a Chinese call the 1.5B model wrote these in Chinese despite "in English", and retold
    # a whole answer in 600 tokens.
    theme: str = Field(
        description="what exactly was asked, in English, 3 to 6 words",
        json_schema_extra={"pattern": _english(QA_TEXT_LENGTH["theme"])},
    )
    question: str = Field(
        description="the question in one English sentence",
        json_schema_extra={"pattern": _english(QA_TEXT_LENGTH["question"])},
    )
    answer: str = Field(
        description="management's answer in one or two English sentences, with its figures",
        json_schema_extra={"pattern": _english(QA_TEXT_LENGTH["answer"])},
    )
    cite: Cite = Field(description="ids of the key question and answer sentences", json_schema_extra={"maxItems": 6})
    # One exchange states a few items; a 1.5B model that starts repeating one item fills the
    # list to its cap, so a low cap bounds the loop (merge folds the copies).
    figures: list[Figure] = Field(default_factory=list, max_length=40)
    guidance: list[Outlook] = Field(default_factory=list, max_length=3)
    ai: list[AIMove] = Field(default_factory=list, max_length=3)

    _by_id = field_validator("figures", mode="before")(_figure_items)


class Highlights(BaseModel):
    """The ids of the call's 3 to 6 most important items, the most important first."""

    model_config = _STRICT

    # The request's grammar allows only the ids it shows (``extract.extractor``); code writes
    # each chosen item's line (``assemble.highlights``), so the model writes no highlight text.
    highlights: list[str] = Field(
        min_length=1,
        max_length=6,
        description="ids of the most important items, most important first, each once",
        json_schema_extra={"items": {"type": "string", "pattern": HIGHLIGHT_ID}},
    )


@dataclass
class SectionOutcome:
    """What one section gave: findings per part (a split section gives several), or an error.

    Made by the extractor online and by the Batch API path; read by ``assemble.build``.
    """

    section: Section
    findings: list[tuple[Section, RemarksFindings | QAFindings]] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
