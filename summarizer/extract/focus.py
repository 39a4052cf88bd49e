"""Which sentences of a section the model reads: those that can carry an item of the brief.

Grounding keeps a figure only when its cited sentence states the amount, guidance only from a
forward-looking sentence or a stated range, and an AI point only when its evidence speaks of
AI. A sentence with none of these ("Thank you, Tony.", "These awards were mostly granted in
2021 while...") can support no item, yet sending it costs prompt tokens and, on a small model,
attention. So the prompt shows:

- every sentence with an amount, an AI term or a forward-looking word (the cues grounding
  itself checks: ``AI_TERMS``, ``FORWARD``, from ``summarizer.text.cues``);
- a short sentence right before a sentence with an amount ("Now turning to our Asia segment."):
  it names what the next figures are about;
- in Q&A, every sentence of the askers and the first sentence of each answer, so the theme,
  the question and the gist of the answer stay readable.

The hidden sentences keep their ids and stay in the section: grounding, recall and the brief's
spans see the whole text. Pure: no model, no I/O.
"""

from __future__ import annotations

from typing import NamedTuple

from summarizer.document import Role, Section, SectionKind, Sentence
from summarizer.text.cues import AI_TERMS, FORWARD
from summarizer.text.memo import per_text
from summarizer.text.numbers import parse

__all__ = ["AI_TERMS", "FORWARD", "AmountRef", "amount_refs", "asked", "caps", "result_ids", "shown"]

_LEAD_IN_CHARS = 120  # "Now turning to our Asia segment." names the figures that follow


class _Cues(NamedTuple):
    amounts: int  # how many amounts the sentence states
    forward: bool  # it speaks of the future
    ai: bool  # it names an AI term

    @property
    def carries(self) -> bool:
        """Whether the sentence can carry any item at all."""
        return bool(self.amounts) or self.forward or self.ai


def _read_cues(text: str) -> _Cues:
    return _Cues(len(parse(text)), bool(FORWARD.search(text)), bool(AI_TERMS.search(text)))


_cues = per_text(_read_cues)  # chunk, the prompt and caps each ask which sentences are shown


def asked(section: Section, sentence: Sentence) -> bool:
    """Whether an analyst says this sentence (by the turn that holds it, else the section's lead)."""
    for turn in section.turns:
        if turn.span.start <= sentence.span.start < turn.span.end:
            return turn.role is Role.analyst
    return section.role is Role.analyst


def shown(section: Section) -> list[Sentence]:
    """The sentences of ``section`` the model is shown, in order (see the module docstring)."""
    sentences = section.sentences
    cues = [_cues(s.text) for s in sentences]
    has_amount = [bool(c.amounts) for c in cues]
    keep = [c.carries for c in cues]
    for i in range(len(sentences) - 1):
        if not keep[i] and has_amount[i + 1] and len(sentences[i].text) <= _LEAD_IN_CHARS:
            keep[i] = True
    if section.kind is SectionKind.qa:
        previous = None
        for i, sentence in enumerate(sentences):
            if sentence.speaker != previous or i == 0 or asked(section, sentence):
                keep[i] = True
            previous = sentence.speaker
    return [s for s, k in zip(sentences, keep, strict=True) if k]


def caps(section: Section) -> dict[str, int]:
    """How many items of each list the shown sentences can carry, the grammar's bound per list.

    One figure per amount; one guidance item per amount of a forward-looking sentence (one for
    such a sentence without an amount); one AI point per sentence with an AI term. Every item
    grounding keeps rests on such a sentence, and one seldom states more. Without these bounds
    a 1.5B model that starts repeating an item fills the list to the schema's cap: on one short
    Chinese section it copied its six figures into guidance and one AI sentence under each of
    the six categories, 729 tokens for 6 items.
    """
    cues = [_cues(sentence.text) for sentence in shown(section)]
    return {
        "figures": sum(c.amounts for c in cues),
        "guidance": sum(max(c.amounts, 1) for c in cues if c.forward),
        "ai": sum(c.ai for c in cues),
    }


class AmountRef(NamedTuple):
    """One amount of a section as the model may name it: its id, sentence, and place there."""

    id: str  # "a7": the model's figure names this, never a value
    sentence: str  # the sentence id
    index: int  # which of the sentence's parsed amounts
    start: int  # offsets into the sentence's text
    end: int


def amount_refs(section: Section) -> list[AmountRef]:
    """Every amount ``numbers.parse`` reads in ``section``, numbered ``a1, a2, ...`` in order.

    Numbered over all the section's sentences, not only the shown ones, so the same id means the
    same amount to the prompt, to rule-proposed figures and to grounding.
    """
    refs: list[AmountRef] = []
    for sentence in section.sentences:
        for index, amount in enumerate(parse(sentence.text)):
            refs.append(AmountRef(f"a{len(refs) + 1}", sentence.id, index, amount.start, amount.end))
    return refs


def result_ids(section: Section) -> list[str]:
    """The ids of the shown amounts a figure may name: those of sentences that do not speak of the
    future (an amount there is guidance, and a small model filed guidance under figures)."""
    kept = {s.id for s in shown(section) if not _cues(s.text).forward}
    return [ref.id for ref in amount_refs(section) if ref.sentence in kept]
