"""Whether a sentence states an amount as a result, as an outlook or goal, or as another party's figure.

A figure is what the call reports for a period; the clause that leads to an amount can make it
something else, whatever the number of amounts in the sentence: "Halden targets sales of $4.2
billion", "is expected to add $90 million of sales and $0.07 of EPS", "a path to grow to $1
billion" (an outlook or a goal), "the Street's expectations of $58 million in revenue" (an
estimate that is not the company's). Only the clause before the amount counts: "Revenue was $5
million, up 8%, and we expect it to grow" states a result.
"""

from __future__ import annotations

import re

from summarizer.ground.context import Entry
from summarizer.text.cues import AIM, AIM_NOUN, CLAUSE_BREAK, COMPARISON, ESTIMATE, FORWARD, PAST_EXPECTATION
from summarizer.text.numbers import Amount

__all__ = ["others_estimate", "speaks_ahead"]

# What joins a noun such as "expectations" or 目標 to the amount that is its value.
_NOUN_LINK = re.compile(
    r"^\s*(?:(?:now|currently|still)\s+)?(?:(?:of|is|was|are|were|calls?\s+for|to\s+be|stands?\s+at)\b|為|为|是|達到|达到)?\s*$",
    re.IGNORECASE,
)


def _clause(entry: Entry, amount: Amount) -> str:
    """The text of the clause that leads to ``amount``, from the last clause break before it."""
    head = entry.text[: amount.start]
    breaks = list(CLAUSE_BREAK.finditer(head))
    return head[breaks[-1].end() :] if breaks else head


def speaks_ahead(entry: Entry, amount: Amount) -> bool:
    """Whether the clause that leads to ``amount`` makes it an outlook or a goal, not a result.

    A forward word (expect, targeting, plan to, 預計) or a goal phrase (a path to, on track to,
    有望) anywhere in the clause before it, unless a comparison word leads to the amount ("we
    expect growth from $4 million" compares); a noun such as "expectations", "goal" or 目標 only
    when the amount is its value ("expectations of $58 million", "our goal is $5 billion"), not
    when a result is measured against it. A past expectation ("as expected", 符合預期) is none.
    """
    clause = PAST_EXPECTATION.sub(lambda m: " " * len(m.group()), _clause(entry, amount))
    cues = [m for pattern in (FORWARD, AIM, AIM_NOUN) for m in pattern.finditer(clause)]
    if not cues:
        return False
    cue = max(cues, key=lambda m: (m.end(), m.end() - m.start()))
    between = clause[cue.end() :]
    if any(len(between[m.end() :].split()) <= 3 for m in COMPARISON.finditer(between)):
        return False  # "we expect revenue to grow 10% from $40 million": the amount compared with
    if AIM_NOUN.fullmatch(cue.group()):
        return bool(_NOUN_LINK.match(between))
    return True


def others_estimate(entry: Entry, amount: Amount) -> bool:
    """Whether the clause that leads to ``amount`` gives it as another party's figure or a market's
    size (consensus, the Street's expectations, the addressable market, 市場一致預期, 市場規模):
    neither a result of the company's nor its guidance."""
    return bool(ESTIMATE.search(_clause(entry, amount)))
