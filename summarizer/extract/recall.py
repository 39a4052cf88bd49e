"""Headline figures the model left out, proposed from the text for grounding to check.

A 1.5B model reading a CFO section skips some figures (gross margin, cash) and files others under
guidance. The sentences that state headline figures are formulaic ("Gross margin for the first
quarter was 61.2%", "We closed the quarter with $188.3 million in cash", "第一季度總收入為36億元"),
so a rule finds them: a headline metric, then its amount, joined only by a verb or a period phrase.

A proposal is a ``findings.Figure`` like the model's own: a metric and the id of its amount
(``focus.amount_refs``). Grounding reads it from its sentence exactly as it reads the model's
(value, unit, period, sign, segment), a range or a
forward-looking sentence becomes guidance there, and merge folds it into a duplicate. Nothing here
can add a value the sentence does not state. Pure: no model, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pydantic import ValidationError

from summarizer.document import Section, SectionKind, Transcript
from summarizer.extract.focus import amount_refs
from summarizer.extract.replies import Figure, Outlook, QAFindings, RemarksFindings
from summarizer.text.cues import ADJUSTED, CHANGE, CHANGED, CHANGED_ZH, EXPECT_ZH, QOQ, YOY
from summarizer.text.metrics import Mention, canonical_key, find_mentions
from summarizer.text.numbers import Amount, parse
from summarizer.text.periods import blank_periods

__all__ = ["HEADLINE_KEYS", "complete", "metric_label", "propose"]

_MONEY = {
    "revenue", "net_income", "adjusted_net_income", "operating_income", "adjusted_operating_income",
    "cash", "operating_cash_flow", "free_cash_flow", "adjusted_ebitda", "ebitda", "gmv", "eps", "adjusted_eps",
}  # fmt: skip
_RATIO = {"gross_margin", "operating_margin", "adjusted_operating_margin", "net_margin", "adjusted_net_margin"}
_COUNT = {"dau", "mau", "paying_users"}
HEADLINE_KEYS = frozenset(_MONEY | _RATIO | _COUNT)

_CJK_MONEY = re.compile(r"[萬万億亿]")
# What may stand between a metric and its amount: an optional period or qualifier phrase, then a
# linking verb. Anything else (a change word, another clause) means the amount is not the level.
_LINK_AFTER = re.compile(
    r"^(?:數量|数量|人數|人数|數|数)?"  # a count named with its noun: 月活躍用户數達到 ...
    r"\s*(?:(?:for|in|of)\s+(?:the\s+)?[\w\s-]{0,30}?\s*)?[,\uff0c]?\s*"
    r"(?:was|were|is|are|came\s+in\s+at|reached|totall?ed|amounted\s+to|stood\s+at|of|at"
    r"|(?:to\s+be\s+)?(?:between|in\s+the\s+range\s+of)|為|为|是|達到?|达到?|錄得|录得)?\s*"
    r"(?:approximately|about|roughly|around|only|negative|約|约)?\s*$",
    re.IGNORECASE,
)
# The level stated after its change: "總收入同比增長 9%,達到人民幣 36 億元", "revenues increased
# 8.2% year over year to $52.4 million". The first gap leads to the change, the second from it to
# the level.
_TO_CHANGE = re.compile(rf"^\s*(?:同比|環比|环比)?\s*(?:{CHANGED_ZH}|{CHANGED})\s*(?:by\s+)?$", re.IGNORECASE)
_TO_LEVEL = re.compile(
    rf"^\s*(?:{YOY.pattern}|{QOQ.pattern})?\s*[,\uff0c]?\s*(?:達到|达到|至|到|to|reaching)\s*$", re.IGNORECASE
)

# Words that may come before the metric in its clause: "Our total revenues", "pro forma net loss",
# "我們的總收入". Any other word ("compared to a net loss of", "2,500 個直播間實現了 GMV") means the
# sentence is not stating this metric's level.
_CLAUSE = re.compile(r"[,;:!?\uff0c\uff1b\uff1a\u3002\uff01\uff1f()\uff08\uff09]")
_PLAIN_PREFIX = re.compile(
    r"^(?:\s|\d+\.|the\b|our\b|its\b|total\b|overall\b|consolidated\b|group\b|adjusted\b|non-?gaap\b|non-?ifrs\b"
    r"|gaap\b|ifrs\b|pro\s+forma\b|reported\b|quarterly\b|and\b|also\b|so\b|now\b|then\b"
    rf"|we\b|currently\b|expects?\b|anticipates?\b|projects?\b|{EXPECT_ZH}"
    r"|我們的?|我们的?|公司的?|集團|集团|層面|层面|本季度?|全年|今年|年度|調整後|调整后|經調整|经调整|的)*$",
    re.IGNORECASE,
)
# An amount before its metric: "We ended the quarter with $212.6 million in cash".
_LINK_BEFORE = re.compile(r"^\s*(?:in|of)\s+(?:total\s+)?$", re.IGNORECASE)


def _fits(key: str, amount: Amount) -> bool:
    """Whether the amount's unit is the kind the metric is measured in."""
    if amount.per and key not in {"eps", "adjusted_eps"}:
        return False
    if key in _RATIO:
        return amount.unit == "%"
    if key in _COUNT:
        return amount.unit is None
    return (amount.unit is not None and amount.unit not in {"%", "pp", "x"}) or (
        amount.unit is None and bool(amount.scale and _CJK_MONEY.search(amount.scale))
    )


_QUALIFIER_BEFORE = re.compile(rf"(?:total|consolidated|{ADJUSTED})\s+$", re.IGNORECASE)


def metric_label(text: str, mention: Mention) -> str:
    """The metric as named: segment or qualifier words, then the name cut at the first list comma."""
    whole = text[mention.start : mention.end]
    named = re.split(r"[,;(\uff08\uff0c\uff1b]|\s+or\s+", whole)[0].strip()
    if canonical_key(named) != mention.key:
        named = whole.strip()  # "adjusted, or non-GAAP, net income": the cut would leave "adjusted"
    if not mention.segment:
        qualifier = _QUALIFIER_BEFORE.search(text[: mention.start])
        return f"{qualifier.group()}{named}" if qualifier else named
    joint = " " if re.search(r"[A-Za-z]", named[:1]) else ""
    return f"{mention.segment}{joint}{named}"


def _without_periods(text: str) -> str:
    return re.sub(r"^\s*(?:在|in)\s+", " ", blank_periods(text))


def _plain_subject(text: str, mention: Mention, company: str | None = None) -> bool:
    """Whether the metric opens its clause, after at most its segment, the company's own name
    ("Acme's revenue", "<公司>的收入") and plain words."""
    prefix = re.sub(r"[的之]$", "", _CLAUSE.split(text[: mention.start])[-1].rstrip())  # "在線營銷服務的收入"
    if company:
        prefix = re.sub(re.escape(company) + r"(?:'s|\u2019s)?\s*(?:的|之)?", " ", prefix, count=1)
    if mention.segment and prefix.endswith(mention.segment):
        prefix = prefix[: -len(mention.segment)]
    return bool(_PLAIN_PREFIX.match(_without_periods(prefix)))


def _pair(text: str, mention: Mention, amounts: list[Amount], company: str | None = None) -> Amount | None:
    """The amount this mention of a metric states, if the sentence links them plainly."""
    before = [a for a in amounts if a.end <= mention.start]
    if before:
        last = before[-1]
        if _LINK_BEFORE.match(text[last.end : mention.start]) and _fits(mention.key, last):
            return last
    after = [a for a in amounts if a.start >= mention.end]
    if after and _plain_subject(text, mention, company):
        first = after[0]
        gap = _without_periods(text[mention.end : first.start])
        if _LINK_AFTER.match(gap) and not CHANGE.search(gap) and _fits(mention.key, first):
            return first
        if len(after) > 1 and first.unit == "%" and _TO_CHANGE.match(gap):
            level = after[1]
            if _TO_LEVEL.match(text[first.end : level.start]) and _fits(mention.key, level):
                return level
    return None


def propose(section: Section, transcript: Transcript) -> list[Figure | Outlook]:
    """Headline figures the section's sentences state plainly, one per (sentence, amount).

    A range is guidance: it is proposed as an ``Outlook`` citing its sentence, whose range
    grounding reads from the text.
    """
    proposals: list[Figure | Outlook] = []
    ids = {(ref.sentence, ref.start): ref.id for ref in amount_refs(section)}
    for sentence in section.sentences:
        text = transcript.text[sentence.span.start : sentence.span.end] or sentence.text
        amounts = parse(text)
        if not amounts:
            continue
        used: set[int] = set()
        for mention in find_mentions(text):
            if mention.key not in HEADLINE_KEYS:
                continue
            amount = _pair(text, mention, amounts, transcript.company)
            if amount is None or amount.start in used:
                continue
            used.add(amount.start)
            if mention.segment and transcript.company and mention.segment.strip() == transcript.company:
                mention = replace(mention, segment=None)  # "<Company>的總收入": the company's own, no segment
            if amount.is_range:
                proposals.append(Outlook(metric=metric_label(text, mention), cite=[sentence.id]))
                continue
            # The value and sentence ride along for reading; grounding goes by the id.
            amount_id = ids.get((sentence.id, amount.start))
            try:
                proposals.append(
                    Figure(
                        metric=metric_label(text, mention), amount=amount_id, value=amount.text, sentence=sentence.id
                    )
                )
            except ValidationError:
                continue  # an amount written too long to be a figure value
    return proposals


def _same(a: Figure, b: Figure) -> bool:
    if a.amount is not None and b.amount is not None:
        return a.amount == b.amount
    if a.sentence != b.sentence:
        return False
    left, right = parse(a.value), parse(b.value)
    return bool(left and right) and left[0].values() == right[0].values()


def complete(
    findings: RemarksFindings | QAFindings, section: Section, transcript: Transcript
) -> RemarksFindings | QAFindings:
    """The findings plus the headline figures of prepared remarks that the model left out.

    Q&A sections are left as they are: analysts restate figures in their questions.
    """
    if section.kind is SectionKind.qa:
        return findings
    proposed = propose(section, transcript)
    figures = [p for p in proposed if isinstance(p, Figure) and not any(_same(p, f) for f in findings.figures)]
    by_id = {ref.id: ref.sentence for ref in amount_refs(section)}
    cited = {c for item in [*findings.guidance, *findings.figures] for c in item.cite}
    cited |= {by_id[f.amount] for f in findings.figures if f.amount in by_id}
    guidance = [p for p in proposed if isinstance(p, Outlook) and not set(p.cite) & cited]
    if not figures and not guidance:
        return findings
    return findings.model_copy(
        update={"figures": [*findings.figures, *figures], "guidance": [*findings.guidance, *guidance]}
    )
