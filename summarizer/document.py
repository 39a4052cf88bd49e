"""Typed values that every stage passes along: spans, sentences, sections, the transcript.

Spans index ``Transcript.text`` (the decoded, newline-normalised text). A sentence keeps its
text for convenience (prompts and reports need it), but its span is authoritative.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Span(BaseModel):
    """Half-open character interval ``[start, end)`` into ``Transcript.text``."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


class Role(StrEnum):
    executive = "executive"
    analyst = "analyst"
    operator = "operator"
    unknown = "unknown"


class SectionKind(StrEnum):
    prepared_remarks = "prepared_remarks"
    qa = "qa"
    other = "other"  # safe harbour, operator instructions, closing


class Sentence(BaseModel):
    """One sentence with a transcript-wide stable id (``s1``, ``s2``, ...) the model cites."""

    id: str
    span: Span
    text: str
    speaker: str | None = None


class Turn(BaseModel):
    """One speaker's uninterrupted stretch inside a section."""

    speaker: str | None = None
    role: Role = Role.unknown
    firm: str | None = None
    span: Span


class Section(BaseModel):
    """A unit of the call sent to the model in one request.

    ``speaker``/``role``/``firm`` describe who leads the section: the executive for prepared
    remarks, the asking analyst for a ``qa`` section (whose answers are further turns).
    A section split to fit a token budget keeps its ``id`` and numbers its ``part`` of ``parts``.
    """

    id: str
    kind: SectionKind
    title: str | None = None
    speaker: str | None = None
    role: Role = Role.unknown
    firm: str | None = None
    span: Span
    sentences: list[Sentence] = Field(default_factory=list)
    turns: list[Turn] = Field(default_factory=list)
    part: int = 1
    parts: int = 1


class Participant(BaseModel):
    name: str
    role: Role = Role.unknown
    firm: str | None = None
    title: str | None = None


class Transcript(BaseModel):
    """The decoded document and what was guessed about it without a model."""

    text: str
    name: str | None = None
    sha256: str | None = None
    languages: list[str] = Field(default_factory=list)
    format: str = "plain"  # speaker_lines | qa_notes | headed | plain
    bilingual: bool = False
    authoritative_language: str | None = None
    company: str | None = None
    ticker: str | None = None
    period: str | None = None  # canonical, e.g. "2024Q3", "FY2024"
    period_text: str | None = None  # as written, e.g. "third quarter of 2024"
    call_date: str | None = None  # ISO date when stated
    participants: list[Participant] = Field(default_factory=list)
    encoding: str | None = None  # how the file's bytes were decoded ("utf-8", "gb18030", ...)
    notes: list[str] = Field(default_factory=list)  # what reading the file changed (replaced bytes)
