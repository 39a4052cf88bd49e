"""What grounding reads once per section: the cited ids, and each sentence's amounts and metrics.

Citations resolve to sentences of the section only, so a citation can never point outside what
the model was shown. Each sentence is read once (its exact transcript text, its amounts,
whether it addresses the model rather than the audience, it or the clause that leads into it);
the metrics it names are read on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.brief import Quote
from summarizer.document import Section, Sentence, Transcript
from summarizer.extract.focus import amount_refs
from summarizer.text.cues import INJECTION
from summarizer.text.metrics import Mention, find_mentions
from summarizer.text.numbers import Amount, fold, parse

__all__ = ["Entry", "SectionContext", "lead_in", "resolve_citations"]

_ID = re.compile(r"[sS]?\s*(\d+)")
_ID_RANGE = re.compile(r"^\s*\[?\s*[sS]?(\d+)\s*(?:-|\u2013|to|~)\s*[sS]?(\d+)\s*\]?\s*$")


def _normalise_ids(ids: list[str]) -> list[str]:
    out: list[str] = []
    for raw in ids:
        if not isinstance(raw, str):
            continue
        for part in re.split(r"[,;\uff0c\u3001\s]+(?=[sS]?\d)", raw.strip()):
            span = _ID_RANGE.match(part)
            if span and 0 <= int(span[2]) - int(span[1]) <= 20:
                out.extend(f"s{n}" for n in range(int(span[1]), int(span[2]) + 1))
                continue
            m = _ID.search(part)
            if m:
                out.append(f"s{int(m[1])}")
    return list(dict.fromkeys(out))


# Where a clause ends its sentence: a full stop, an exclamation or question mark (full-width or
# ASCII), a line break. A semicolon does not: Chinese text ends a sentence at one (``sections``),
# though its clause leads into the next.
_FULL_STOP = re.compile(r"[\u3002\uff01\uff1f\n]|[.!?](?=\s)")
_SEMICOLON_END = re.compile(r"[;\uff1b]\s*$")
_LEAD_IN_CHARS = 400


def lead_in(text: str, start: int) -> str:
    """The clauses that lead into the sentence at ``start`` of ``text``: when the text just before it
    ends with a semicolon (an instruction, a full-width semicolon, then the figure it plants: two
    sentences to the reader, one instruction), the text back to the last full stop; else "".
    """
    before = text[max(0, start - _LEAD_IN_CHARS) : start]
    if not _SEMICOLON_END.search(before):
        return ""
    stops = list(_FULL_STOP.finditer(before))
    return before[stops[-1].end() :] if stops else before


def resolve_citations(ids: list[str], section: Section) -> list[Quote]:
    """Quotes for the cited ids that are sentences of ``section``, in citation order.

    Ids are read leniently ("s12", "S12", "12", "[s12]", "s12-s14"); ids of sentences outside the
    section are dropped, so a citation can never point outside what the model was shown.
    """
    by_id = {s.id: s for s in section.sentences}
    quotes: list[Quote] = []
    for sid in _normalise_ids([ids] if isinstance(ids, str) else list(ids or [])):
        sentence = by_id.get(sid)
        if sentence is not None:
            quotes.append(Quote(sentence_id=sentence.id, span=sentence.span, text=sentence.text))
    return quotes


@dataclass
class Entry:
    """One sentence of the section as grounding reads it: its position, exact text and amounts."""

    sentence: Sentence
    index: int  # position in the section
    text: str  # exact transcript text of the sentence
    amounts: list[Amount]
    injected: bool
    _mentions: list[Mention] | None = None

    @property
    def mentions(self) -> list[Mention]:
        """The metrics the sentence names, read on first use: only sentences holding a figure's
        value are ever asked, and naming metrics is the costliest reading of a sentence."""
        if self._mentions is None:
            self._mentions = find_mentions(self.text)
        return self._mentions

    def quote(self) -> Quote:
        """The sentence as evidence."""
        return Quote(sentence_id=self.sentence.id, span=self.sentence.span, text=self.sentence.text)


@dataclass
class SectionContext:
    """The section, its transcript, and every sentence read once, by id and in order."""

    section: Section
    transcript: Transcript
    sentences: dict[str, Entry] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    amount_ids: dict[str, tuple[str, int]] = field(default_factory=dict)  # "a3" -> (sentence id, index)

    @classmethod
    def build(cls, section: Section, transcript: Transcript) -> SectionContext:
        """Read every sentence of ``section`` from the transcript text."""
        ctx = cls(section, transcript)
        for index, sentence in enumerate(section.sentences):
            text = transcript.text[sentence.span.start : sentence.span.end] or sentence.text
            injected = INJECTION.search(fold(lead_in(transcript.text, sentence.span.start) + text))
            ctx.sentences[sentence.id] = Entry(sentence, index, text, parse(text), bool(injected))
            ctx.order.append(sentence.id)
        ctx.amount_ids = {ref.id: (ref.sentence, ref.index) for ref in amount_refs(section)}
        return ctx

    def amount(self, amount_id: str | None) -> tuple[Entry, Amount] | None:
        """The sentence and amount an id (``focus.amount_refs``) names, or None for an id not in the section."""
        ref = self.amount_ids.get((amount_id or "").strip().strip("[]").lower())
        if ref is None:
            return None
        entry = self.sentences[ref[0]]
        return (entry, entry.amounts[ref[1]]) if ref[1] < len(entry.amounts) else None

    def neighbours(self, cited: list[str]) -> list[Entry]:
        """Section sentences not cited, nearest to the first citation first."""
        anchor = self.sentences[cited[0]].index if cited else 0
        rest = [self.sentences[sid] for sid in self.order if sid not in cited]
        return sorted(rest, key=lambda s: (abs(s.index - anchor), s.index))
