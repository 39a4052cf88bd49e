"""Outlook the model left out: sentences about the future of a business quantity, proposed as guidance.

A 1.5B model lists few of the outlook statements of a call, and almost none of those in Q&A
answers. The sentences are recognisable by their words: a forward word (expect, plan to, 預計,
計劃, 力爭) or the plain future tense beside a later period or a change (will grow, 將增加), and a
business quantity (a metric of ``metrics``, or a cost, margin, investment, compute... of
``cues.QUANTITY``). Each such sentence of management's becomes an ``Outlook`` per guided figure
(every range after its forward word, else its amounts with a unit up to a comparison; never a
count of months or years), named by the metric nearest before the figure, or one ``Outlook``
without a figure for the metric first named after its forward word. A sentence restating the
outlook just stated as another figure ("that implies a $2 million increase", 即增加) is outlook
too, named by that outlook's metric when it names none.

Grounding checks a proposal like the model's own (``ground.guidance``): it reads the statement,
the period and the direction from the sentence, and rejects what does not hold. A sentence that
moves its guidance without naming a quantity ("we reaffirm our full-year outlook") is proposed
for ``guidance`` as a whole. Pure: no model, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.document import Section, SectionKind, Transcript
from summarizer.extract.focus import asked
from summarizer.extract.recall import metric_label
from summarizer.extract.replies import Outlook, QAFindings, RemarksFindings
from summarizer.ground.guidance import counts_time, derived_from, looks_ahead
from summarizer.text.cues import COMPARISON, FORWARD, GUIDANCE_MOVE, INJECTION, QUANTITY, WILL
from summarizer.text.metrics import Mention, find_mentions
from summarizer.text.numbers import Amount, fold, parse
from summarizer.text.script import IDEOGRAPHS

__all__ = ["WHOLE_OUTLOOK", "complete_outlook", "propose_outlook"]

# The metric of an outlook that moves without naming a quantity ("we withdraw our guidance").
WHOLE_OUTLOOK = "guidance"

_CJK_START = re.compile(f"[{IDEOGRAPHS}]")
_QUESTION_END = re.compile(r"[?\uff1f]\s*$")
# Chinese words that end a quantity's name when reading back from it (at most six ideographs):
# "在短視頻營銷素材製作成本" names "營銷素材製作成本", "我們預計今年在AI方面的投入" names "投入".
_ZH_NAME = re.compile(f"[{IDEOGRAPHS}]{{1,6}}$")
_ZH_STOP = re.compile(
    r".*(?:的|在|以|我們|我们|預計|预计|預期|预期|將|将|對|对|為|为|和|與|与|及|方面|相關|相关|於|于|今年|明年"
    r"|增加|降低|提高|提升|影響|影响|計劃|计划|堅持|坚持|通過|通过|開始|开始|持續|持续|繼續|继续|可能|力爭|力争|成為|成为"
    r"|實現|实现|進行|进行|確保|确保|保持|調整|调整|優化|优化|升級|升级|帶來|带来|用於|用于|包括|比如|例如)"
)


@dataclass(frozen=True, slots=True)
class _Name:
    """A business quantity named in the sentence, with its span and its label as written."""

    start: int
    end: int
    label: str


def _en_label(text: str, mention: Mention) -> str:
    """The metric as named, with its segment only when that is a name ("Cloud revenue"): words read
    back from a metric in running text are often the clause's ("reduce gross margin")."""
    if mention.segment and not all(w[:1].isupper() or w[:1].isdigit() for w in mention.segment.split()):
        return text[mention.start : mention.end]
    return metric_label(text, mention)


def _zh_label(text: str, start: int, end: int) -> str:
    """A Chinese quantity word with the few ideographs before it that name what it is of."""
    before = _ZH_NAME.search(text[:start])
    words = before.group() if before else ""
    stop = _ZH_STOP.match(words)
    words = words[stop.end() :] if stop else words
    return words + text[start:end]


def _names(text: str) -> list[_Name]:
    """The business quantities the sentence names, in order: metrics first, then other quantities."""
    names = [
        _Name(
            m.start, m.end, _zh_label(text, m.start, m.end) if _CJK_START.match(text[m.start :]) else _en_label(text, m)
        )
        for m in find_mentions(text)
    ]
    for m in QUANTITY.finditer(text):
        if any(m.start() < n.end and n.start < m.end() for n in names):
            continue
        label = m.group().strip()
        if _CJK_START.match(label):
            label = _zh_label(text, m.start(), m.end())
        names.append(_Name(m.start(), m.end(), label))
    return sorted(names, key=lambda n: n.start)


def _figures(text: str, amounts: list[Amount], after: int) -> list[Amount]:
    """The guided figures: every range after the forward word, else the amounts after it with a unit or a
    scale up to a comparison ("$4 million in Q4 and $7 million in Q1, compared to a base of $32
    million in Q2": the base is not guided). A bare number is a count, seldom the guided value."""
    later = [a for a in amounts if a.start >= after]  # before the forward word: results ("have spent $242 million")
    ranges = [a for a in later if a.is_range]
    if ranges:
        return ranges
    measured: list[Amount] = []
    for amount in later:
        if measured and COMPARISON.search(text[measured[-1].end : amount.start]):
            break
        if amount.unit is not None or amount.scale:
            measured.append(amount)
    return measured


def _outlooks(text: str, sentence_id: str, source: str | None = None) -> list[Outlook]:
    """The outlook of one sentence; ``source`` is the outlook sentence it restates as another figure
    ("that implies a $2 million increase"), which names the metric when this one names none."""
    cue = FORWARD.search(text) or WILL.search(text)
    after = cue.end() if cue else 0
    amounts = [a for a in parse(text) if not counts_time(text, a)]
    names = _names(text)
    if not names and source is not None:
        named = _outlooks(source, sentence_id)
        figures = _figures(text, amounts, after)
        return [Outlook(metric=named[0].metric, low=f.text, cite=[sentence_id]) for f in figures] if named else []
    if not names:
        moved = any(pattern.search(text) for pattern, _ in GUIDANCE_MOVE)
        return [Outlook(metric=WHOLE_OUTLOOK, cite=[sentence_id])] if moved else []
    proposals: list[Outlook] = []
    for figure in _figures(text, amounts, after):
        before = [n for n in names if n.end <= figure.start]
        name = before[-1] if before else next((n for n in names if n.start >= figure.end), names[0])
        proposals.append(Outlook(metric=name.label, low=figure.text, cite=[sentence_id]))
    if proposals:
        return proposals
    later = [n for n in names if n.start >= after]
    return [Outlook(metric=(later or names)[0].label, cite=[sentence_id])]


def propose_outlook(section: Section, transcript: Transcript) -> list[Outlook]:
    """One ``Outlook`` per sentence of management's about the future of a business quantity.

    In Q&A only answers count: an analyst's "do you expect margins to improve?" is no outlook. A
    sentence restating the outlook just stated as another figure (``derived_from``: "that implies a
    $2 million increase") is outlook too.
    """
    proposals: list[Outlook] = []
    for index, sentence in enumerate(section.sentences):
        if section.kind is SectionKind.qa and asked(section, sentence):
            continue
        text = transcript.text[sentence.span.start : sentence.span.end] or sentence.text
        if _QUESTION_END.search(text) or INJECTION.search(fold(text)):
            continue
        source = derived_from(section, transcript, index)
        if source is None and not looks_ahead(text, transcript.period):
            continue
        before = (transcript.text[source.span.start : source.span.end] or source.text) if source else None
        proposals.extend(_outlooks(text, sentence.id, before))
    return proposals


def _has_amount(text: str | None) -> bool:
    return bool(text and parse(text))


def complete_outlook(
    findings: RemarksFindings | QAFindings, section: Section, transcript: Transcript
) -> RemarksFindings | QAFindings:
    """The findings plus the outlook of sentences no guidance item with figures cites (an item
    without them is read from its sentence, which may state several: recall names each).

    A figure is an amount the code can parse: an item whose low is a word ("moderate") is
    rejected by grounding, so its citations must not hide the sentences from recall.
    """
    cited = {c for item in findings.guidance if _has_amount(item.low) or _has_amount(item.high) for c in item.cite}
    more = [o for o in propose_outlook(section, transcript) if not set(o.cite) & cited]
    if not more:
        return findings
    return findings.model_copy(update={"guidance": [*findings.guidance, *more]})
