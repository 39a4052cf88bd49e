"""What a sentence says about one of its amounts: the sign, a change's kind, the period, the basis.

These are read from the transcript, not taken from the model: a change's sign comes from words
around it ("a decrease of", 下降) when the model left it out, a change labelled
"quarter-over-quarter" is not a YoY, and a loss is negative for the families that carry a sign.
"""

from __future__ import annotations

import re

from summarizer.brief import Basis
from summarizer.document import SectionKind
from summarizer.extract.replies import Figure
from summarizer.ground.context import Entry, SectionContext
from summarizer.ground.metric import compared_with, nearest_mention
from summarizer.text.cues import ADJUSTED_BASIS, BASIS, COMPARISON, DOWN, QOQ, UP, YOY
from summarizer.text.metrics import (
    SEGMENT_BACK,
    TOTAL_BEFORE,
    clean_segment,
    family,
    implied,
    segment_after,
    segment_named,
)
from summarizer.text.numbers import Amount
from summarizer.text.periods import PeriodMatch, find_periods, shift

__all__ = [
    "adjusted_clause", "amount_period", "change_kind", "direction_sign", "inherited_period", "is_level", "read_basis",
    "read_segment", "signed_value", "states_loss",
]  # fmt: skip

_LOSS = re.compile(r"\bloss(?:es)?\b|虧損|亏损|淨虧|净亏", re.I)
_SIGNED_KEYS = {"net_income", "operating_income", "eps", "net_margin", "operating_margin", "ebitda", "ebitda_margin"}
_CLAUSE_BREAK = r"[,;\uff0c\uff1b\u3002]"


def _window(entry: Entry, amount: Amount) -> tuple[str, str]:
    """Text between ``amount`` and its neighbouring amounts in the sentence (before, after)."""
    previous_end = max((a.end for a in entry.amounts if a.end <= amount.start), default=0)
    next_start = min((a.start for a in entry.amounts if a.start >= amount.end), default=len(entry.text))
    return entry.text[max(previous_end, amount.start - 60) : amount.start], entry.text[
        amount.end : min(next_start, amount.end + 60)
    ]


def change_kind(entry: Entry, amount: Amount) -> str | None:
    """'yoy' or 'qoq' by the nearest cue word on either side of the amount, or None."""
    before, after = _window(entry, amount)
    candidates: list[tuple[int, str]] = []
    for kind, pattern in (("yoy", YOY), ("qoq", QOQ)):
        hits_after = [m.start() for m in pattern.finditer(after)]
        hits_before = [len(before) - m.end() for m in pattern.finditer(before)]
        candidates.extend((d, kind) for d in hits_after + hits_before)
    return min(candidates)[1] if candidates else None


# A percentage that is a level, not a change: "representing 41.5% of total revenue", "佔總收入的 41.5%",
# "gross margin was 54%".
_LEVEL_BEFORE = re.compile(
    r"(?:representing|represented|accounted\s+for|accounting\s+for|account\s+for|share\s+of|margin\s+(?:of|was|is|at)"
    r"|rate\s+(?:of|was|is|at)|佔|占|率為|率为|率是|比例為|比例为)[^,;\uff0c\uff1b]{0,25}$",
    re.I,
)
_LEVEL_AFTER = re.compile(r"^\s*(?:of\s+(?:total|our|net|the)\b|of\s+(?:revenues?|sales)|margin)", re.I)


def is_level(entry: Entry, amount: Amount) -> bool:
    """Whether the sentence gives ``amount`` as a level (a share, a margin), not as a change; also
    a percentage set against such a level ("52.5% of revenue, compared to 57.2% a year ago")."""
    before, after = _window(entry, amount)
    if _LEVEL_BEFORE.search(before) or _LEVEL_AFTER.search(after):
        return True
    previous = compared_with(entry, amount)
    return previous is not None and is_level(entry, previous)


def direction_sign(entry: Entry, amount: Amount) -> int:
    """-1 when words around the amount say it fell, +1 when they say it rose, 0 when silent."""
    if amount.value < 0:
        return -1
    before, after = _window(entry, amount)
    clause_before = re.split(_CLAUSE_BREAK, before)[-1]
    downs = [m.end() for m in DOWN.finditer(clause_before)]
    ups = [m.end() for m in UP.finditer(clause_before)]
    if downs or ups:
        return -1 if max(downs, default=-1) > max(ups, default=-1) else 1
    head = re.split(_CLAUSE_BREAK, after)[0][:25]
    if DOWN.search(head):
        return -1
    if UP.search(head):
        return 1
    return 0


def states_loss(label: str, entry: Entry, amount: Amount) -> bool:
    """Whether ``label`` (the metric as named) or the clause before the amount calls it a loss."""
    clause = re.split(_CLAUSE_BREAK, entry.text[: amount.start])[-1]
    return bool(_LOSS.search(label) or _LOSS.search(clause))


def signed_value(value: float, key: str | None, label: str, entry: Entry, amount: Amount) -> float:
    """``value`` negated when it is a loss of a metric that carries its sign (net income and its
    kin), named so in the model's ``label`` or in the clause before the amount: a loss is negative
    even when written "$2.9 million"."""
    if value > 0 and family(key) in _SIGNED_KEYS and states_loss(label, entry, amount):
        return -value
    return value


def amount_period(entry: Entry, amount: Amount, reference: str | None, *, forward: bool) -> str | None:
    """The period a sentence gives for ``amount``: the closest phrase that is not another amount's.

    A phrase before the amount may be clauses away ("在第二季度 我們的總收入...達到 12 億元"); one
    after it must be in the same clause ("$48.2 million in the second quarter"). A phrase across a
    comparison word, or with another amount of the same unit in between, belongs to that amount.
    """
    best: tuple[float, str] | None = None
    for match in find_periods(entry.text, reference=reference, forward=forward):
        if match.end <= amount.start:
            lo, hi = match.end, amount.start
            if _compared(entry.text, match) and amount.start - match.end > 8:
                continue  # "從去年同期的 30 億元增加到 36 億元": the period is 30's, not 36's
        elif match.start >= amount.end:
            lo, hi = amount.end, match.start
            if re.search(r"[,\uff0c;\uff1b:\uff1a]", entry.text[lo:hi]):
                continue
        else:
            continue
        between = entry.text[lo:hi]
        if _comparison_in(entry.text, lo, hi) or re.search(r"[\u3002;\uff1b]|\.(?=\s|$)", between):
            continue
        if any(_attached(a, match, lo, hi) for a in entry.amounts if a is not amount and a.unit == amount.unit):
            continue  # "從去年第二季度的人民幣 12 億元增加到人民幣 14 億元": the period is 12's
        canonical = match.canonical
        if (
            match.relative
            and reference
            and shift(reference, 0)
            and canonical.startswith("FY")
            and re.search(r"last\s+year|去年", match.text, re.I)
        ):
            canonical = shift(reference, -4) or canonical  # "compared to $3 million last year" on a quarterly call
        distance = float(hi - lo)
        if match.start >= amount.end and entry.text.isascii():
            distance = distance / 2 - 0.5  # English states the period after the figure: "$5 million lower in Q2"
        if best is None or distance < best[0]:
            best = (distance, canonical)
    return best[1] if best else None


def _comparison_in(text: str, lo: int, hi: int) -> bool:
    """Whether a comparison word starts in ``text[lo:hi]``; it may look past ``hi`` ("較去年")."""
    found = COMPARISON.search(text, lo)
    return found is not None and found.start() < hi


def _compared(text: str, match: PeriodMatch) -> bool:
    """Whether the period phrase ``match`` is the far side of a comparison: a comparison word
    leads into it within its clause ("compared with the second quarter of 2024", "從去年同期的",
    "低於去年同期的", "與去年同期持平")."""
    clause = max((m.end() for m in re.finditer(_CLAUSE_BREAK, text[: match.start])), default=0)
    return _comparison_in(text, max(clause, match.start - 25), match.start)


def _attached(other: Amount, match: PeriodMatch, lo: int, hi: int) -> bool:
    """Whether ``other`` lies between a period phrase and our amount, right next to the phrase."""
    if not (lo <= other.start and other.end <= hi):
        return False
    return other.start - lo <= 8 if match.start < lo else hi - other.end <= 8


def inherited_period(ctx: SectionContext, entry: Entry, reference: str | None) -> str | None:
    """The period of the sentences just before ``entry`` in the same paragraph (no line break
    between): a paragraph that opens with "In 2025" dates the figures of its next sentences too."""
    current = entry
    for _ in range(3):
        if current.index == 0:
            return None
        previous = ctx.sentences[ctx.order[current.index - 1]]
        gap = ctx.transcript.text[previous.sentence.span.end : current.sentence.span.start]
        if "\n" in gap:
            return None
        for match in find_periods(previous.text, reference=reference):
            if not _comparison_in(previous.text, max(0, match.start - 25), match.start):
                return match.canonical
        current = previous
    return None


_BASIS = [(pattern, Basis(name)) for pattern, name in BASIS]


def read_basis(figure: Figure, entry: Entry, amount: Amount) -> Basis | None:
    """The accounting basis: the model's if valid, else one named in the metric or the clause before the amount."""
    if figure.basis:
        try:
            return Basis(figure.basis)
        except ValueError:
            pass
    # A full stop ends the clause; a decimal point ("decreased 17.1% to") does not.
    clause = re.split(r"(?<!\d)\.|\.(?!\d)|[;\u3002\uff1b]", entry.text[: amount.start])[-1]
    for text in (figure.metric or "", clause):
        for pattern, basis in _BASIS:
            if pattern.search(text):
                return basis
    return None


def adjusted_clause(entry: Entry, amount: Amount) -> bool:
    """Whether the sentence puts ``amount`` on the adjusted basis in words before it: "On an adjusted
    basis, net income increased 12% to $8.4 million", 按經調整基準計算 (``cues.ADJUSTED_BASIS``), and
    names no other basis after those words."""
    head = entry.text[: amount.start]
    adjusted = [m.end() for m in ADJUSTED_BASIS.finditer(head)]
    named = [m.end() for pattern, _ in _BASIS for m in pattern.finditer(head)]
    return bool(adjusted) and max(adjusted) > max(named, default=-1)


def read_segment(entry: Entry, amount: Amount, ctx: SectionContext | None = None) -> str | None:
    """The business the sentence gives ``amount`` for, or None when it gives the company's total.

    The words the sentence puts before the metric it names for the amount ("Cloud revenues",
    "廣告收入"), else a business named right after it ("78% for Shengwang"), else a clause before
    it ("In Cloud, ...", "<X> segment", <X>板塊, 在<X>方面): a segment's figure is never the total.
    A metric named as the total ("total revenues", 總收入) before the amount has none; after it
    ("generated $5 million in total sales"), the business the clause names before the amount has
    it. Basis words are never a segment. A sentence that points back ("this segment", 該板塊)
    means the business the sentences before it in ``ctx`` named last. The company's own name
    ("<Company>的總收入") is never a segment.
    """
    segment = _read_segment(entry, amount, ctx)
    company = ctx.transcript.company if ctx is not None else None
    return None if segment is not None and company and segment == company.strip() else segment


def _read_segment(entry: Entry, amount: Amount, ctx: SectionContext | None) -> str | None:
    nearest = nearest_mention(entry, amount)
    if nearest is not None:
        if nearest.segment:
            return clean_segment(nearest.segment)
        if TOTAL_BEFORE.search(entry.text[: nearest.start].rstrip()):
            if nearest.start < amount.start:
                return None
            # "the Harbor division booked $210 million in total sales": the division's total.
            return clean_segment(segment_named(entry.text, amount.start))
    named = clean_segment(segment_after(entry.text, amount.end) or segment_named(entry.text, amount.start))
    if named is None and ctx is not None and SEGMENT_BACK.search(entry.text[: amount.start]):
        return _segment_before_entry(ctx, entry)
    if named is None and ctx is not None:
        return implied(nearest.key if nearest else None, _titled_segment(ctx))  # "電商" names GMV's own business
    return named


def _titled_segment(ctx: SectionContext) -> str | None:
    """The business the section's heading names ("Overseas business", 海外業務), when a sentence of
    the section names it as a metric's business ("overseas revenue", 海外總收入); a heading none
    does ("User ecosystem", "Financial highlights") names no segment."""
    title = clean_segment(ctx.section.title)
    if not title or ctx.section.kind is not SectionKind.prepared_remarks:
        return None
    folded = title.casefold()
    for sid in ctx.order:
        for mention in ctx.sentences[sid].mentions:
            named = clean_segment(mention.segment)
            if named and named.casefold() in folded:
                return named  # "直播" for the heading "直播打賞": as the sentences name it
            if named and folded in named.casefold():
                return title  # "短視頻電商" under "電商": a part of the heading's business
    return None


def _segment_before_entry(ctx: SectionContext, entry: Entry) -> str | None:
    """The business the closest of the three sentences before ``entry`` in its section names last."""
    for index in range(entry.index - 1, max(entry.index - 4, -1), -1):
        previous = ctx.sentences[ctx.order[index]]
        segments = [(m.start, clean_segment(m.segment)) for m in previous.mentions if m.segment]
        named = segment_named(previous.text, len(previous.text))
        found = [s for _, s in sorted(segments) if s] or ([clean_segment(named)] if named else [])
        if found and found[-1]:
            return found[-1]
    return None
