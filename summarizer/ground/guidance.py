"""Guidance: a range or a figure for a future period, or a qualitative outlook, checked like a figure.

Each end of a range is found in the section like a figure's value. Guidance must rest on a
sentence about the future (``looks_ahead``) or name a period after the call's own: a result
filed under guidance is rejected. Every field but the metric is read by code from the cited
sentence: the statement is that sentence, the period is the one it names (the call's period as
the reference), the direction is what it says the guidance did (``read_direction``), and a number
that counts months, years or quarters ("over the next 12 months") is never the guided value.
A sentence without a period takes the one of the outlook before it in its passage (a paragraph,
or one answer in Q&A); a sentence restating that outlook as another figure ("that implies a $2
million increase") is guidance for the outlook's period.
"""

from __future__ import annotations

import re

from summarizer.brief import ChangeBasis, Direction, GroundingStatus, Guidance, Quote, Rejected
from summarizer.document import Section, SectionKind, Sentence, Transcript
from summarizer.extract.replies import Figure, Outlook
from summarizer.ground.context import Entry, SectionContext, resolve_citations
from summarizer.ground.matching import Match, find, worse
from summarizer.ground.readings import amount_period, change_kind
from summarizer.ground.reasons import Note, Reason, reject
from summarizer.ground.stance import others_estimate, speaks_ahead
from summarizer.text.cues import CHANGE, DERIVED, DOWN, FORWARD, GUIDANCE_MOVE, PAST_EXPECTATION, UP, WILL
from summarizer.text.dates import find_months
from summarizer.text.metrics import describe
from summarizer.text.numbers import Amount, parse, scale_factor
from summarizer.text.periods import find_periods, normalize_period, period_order

__all__ = [
    "as_outlook",
    "counts_time",
    "derived_from",
    "ground_outlook",
    "looks_ahead",
    "one_passage",
    "read_change",
    "read_direction",
]

# One end the model wrote: its text, the parsed amount, the value sought and its scale.
_End = tuple[str, Amount, float, str | None]

# A count of time after a bare number: "the next 12 months", "over three years", "未來 3 年".
_TIME_UNIT = re.compile(
    r"^\s*-?\s*(?:(?:more|fewer)\s+)?(?:calendar\s+|fiscal\s+)?(?:months?|years?|quarters?|weeks?|days?)\b"
    r"|^\s*(?:個|个)?(?:月|年|季度|週|周|天|日)",
    re.IGNORECASE,
)
_LATER_WORDS = re.compile(
    r"\b(?:next|coming|future|ahead|remainder|rest\s+of|going\s+forward|from\s+here)\b|未來|未来|明年|下一|今後|今后|接下來|接下来|後續|后续",
    re.IGNORECASE,
)


def counts_time(text: str, amount: Amount) -> bool:
    """Whether ``amount`` in ``text`` counts months, years or quarters rather than a quantity."""
    return amount.unit is None and not amount.scale and bool(_TIME_UNIT.match(text[amount.end :]))


def looks_ahead(text: str, reference: str | None) -> bool:
    """Whether a sentence speaks of the future: a forward word (expect, plan to, 預計, 計劃), or the
    plain future tense (will, 將) beside a change word ("will grow", 將增加) or a later period or date
    ("the programme will run until the end of March 2026")."""
    text = PAST_EXPECTATION.sub(" ", text)
    if FORWARD.search(text):
        return True
    will = WILL.search(text)
    if will is None:
        return False
    after = text[will.end() :]
    if UP.search(after[:40]) or DOWN.search(after[:40]) or CHANGE.search(after[:40]) or _LATER_WORDS.search(text):
        return True
    if any(_later(p.canonical, reference) for p in find_periods(text, reference=reference, forward=True)):
        return True
    order = period_order(reference) if reference else None
    return order is not None and any(year * 12 + month - 1 > order[1] for year, month in find_months(text))


def _turn(section: Section, sentence: Sentence) -> int | None:
    """The index of the turn that holds ``sentence``, or None in a section without turns."""
    return next((i for i, t in enumerate(section.turns) if t.span.start <= sentence.span.start < t.span.end), None)


def one_passage(section: Section, transcript: Transcript, earlier: Sentence, later: Sentence) -> bool:
    """Whether two sentences are one speaker's passage: no line break between them, or one answer
    in Q&A (a transcript may put every sentence of an answer on its own line; in prepared remarks
    a line break is the paragraph's end)."""
    if "\n" not in transcript.text[earlier.span.end : later.span.start]:
        return True
    if section.kind is not SectionKind.qa or earlier.speaker != later.speaker:
        return False
    turn = _turn(section, later)
    return turn is not None and turn == _turn(section, earlier)


def derived_from(section: Section, transcript: Transcript, index: int) -> Sentence | None:
    """The outlook sentence that sentence ``index`` restates as another figure ("Quarter on quarter,
    that implies a rise of $2 million", "即增加..." after a comma): the sentence just before it, by the
    same speaker in the same turn, when that one looks ahead. None for a sentence deriving nothing."""
    if index <= 0 or index >= len(section.sentences):
        return None
    sentence, previous = section.sentences[index], section.sentences[index - 1]
    text = transcript.text[sentence.span.start : sentence.span.end] or sentence.text
    if not DERIVED.search(text) or previous.speaker != sentence.speaker:
        return None
    if _turn(section, previous) != _turn(section, sentence):
        return None
    before = transcript.text[previous.span.start : previous.span.end] or previous.text
    return previous if looks_ahead(before, transcript.period) else None


_FROM = re.compile(r"\bfrom\b|\bversus\b|\bvs\.?|從|从|由", re.IGNORECASE)


def _prior_range(text: str, amounts: list[Amount]) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """(new range, prior range) when a range is followed by "from" and the range it replaces
    (one range, or two amounts: "up from $8 million to $9 million")."""
    ranges = [a for a in amounts if a.is_range]
    if not ranges:
        return None
    new = ranges[0]
    after = [a for a in amounts if a.start >= new.end]
    if not after or not _FROM.search(text[new.end : after[0].start]):
        return None
    if after[0].is_range:
        old = after[0].values()
    elif len(after) >= 2 and after[0].unit == after[1].unit:
        old = (after[0].value, after[1].value)
    else:
        return None
    low, high = new.values()
    return (low, high), (old[0], old[-1])


def read_direction(text: str, amounts: list[Amount], *, quantified: bool) -> Direction:
    """What the sentence says the guidance did: its words (raised, 上調, reaffirmed, 維持, withdrawn,
    narrowed...), else a prior range it states ("to $5-6 million from $4-5 million"), else ``new``
    for a figure and ``qualitative`` for a statement."""
    for pattern, name in GUIDANCE_MOVE:
        if pattern.search(text):
            return Direction(name)
    prior = _prior_range(text, amounts)
    if prior is not None:
        (nl, nh), (ol, oh) = prior
        if nl > ol and nh > oh:
            return Direction.raised
        if nl < ol and nh < oh:
            return Direction.lowered
        if nl >= ol and nh <= oh and (nl, nh) != (ol, oh):
            return Direction.narrowed
        if (nl, nh) == (ol, oh):
            return Direction.maintained
    return Direction.new if quantified else Direction.qualitative


# A change word right before the guided amount, joined by at most "of", "by" or an about-word:
# "grow 10% to 12%", "an increase of about 5%", "reduce gross margin by 1 point", "同比增長 10%";
# never "grow to $50 million" (a level) nor "growth in revenue of $50 million" (the amount's own name).
_CHANGE_BEFORE = re.compile(
    r"(?:\b(?:grow(?:th|s)?|increase[sd]?|decrease[sd]?|declines?|decline|rise|rises|reduce[sd]?|reduction"
    r"|improve(?:ment|s)?|expand|expansion|contract(?:ion)?|up|down|higher|lower)"
    r"(?:\s+(?:of|by))?(?:\s+(?:about|approximately|around|roughly|some|nearly|almost|at\s+least|up\s+to))?"
    r"|增長|增长|增加|下降|減少|减少|提升|提高|降低|上升|下滑)\s*(?:約|约|大約|大约|超過|超过)?\s*$",
    re.IGNORECASE,
)
# A change word right after it: "a $2.5 million to $4.5 million increase", "$4 million lower".
_CHANGE_AFTER = re.compile(
    r"^\s*(?:(?:sequential|year[\s-]+over[\s-]+year)\s+)?"
    r"(?:increase|decrease|decline|growth|rise|reduction|improvement|expansion|higher|lower|up|down)\b",
    re.IGNORECASE,
)


def read_change(entry: Entry, low: Amount, high: Amount) -> ChangeBasis | None:
    """Whether the guided ``low``..``high`` of ``entry`` state a change rather than a level, and
    against what: the change's cue word (year over year, 同比; sequentially, 環比), else ``other``.
    Percentage points are always a change."""
    before = re.split(r"[,;\uff0c\uff1b\u3002]", entry.text[: low.start])[-1]
    if not (low.unit == "pp" or _CHANGE_BEFORE.search(before) or _CHANGE_AFTER.match(entry.text[high.end :])):
        return None
    kind = change_kind(entry, low) or change_kind(entry, high)
    return ChangeBasis(kind) if kind else ChangeBasis.other


def as_outlook(figure: Figure, ctx: SectionContext) -> Outlook | None:
    """A "figure" that is really guidance: a range, the one amount of a forward-looking sentence, or
    an amount its clause gives as an outlook or a goal (``stance.speaks_ahead``); never another
    party's estimate (``stance.others_estimate``), which is neither."""
    found = ctx.amount(figure.amount) if figure.amount is not None else None
    if found is not None:
        entry, amount = found
        if others_estimate(entry, amount):
            return None
        single = FORWARD.search(PAST_EXPECTATION.sub(" ", entry.text)) and len(entry.amounts) == 1
        if amount.is_range or single or speaks_ahead(entry, amount):
            return Outlook(metric=figure.metric, period=figure.period, low=amount.text, cite=[entry.sentence.id])
        return None
    written = parse(figure.value or "")
    if not written:
        return None
    quotes = resolve_citations(figure.cite, ctx.section)
    if written[0].is_range:
        return Outlook(metric=figure.metric, period=figure.period, low=figure.value, cite=figure.cite)
    for q in quotes:
        amounts = ctx.sentences[q.sentence_id].amounts
        # The strong cues only: "revenue will be up 5% excluding currency" is a result restated.
        if FORWARD.search(q.text) and len(amounts) == 1 and not counts_time(q.text, amounts[0]):
            return Outlook(metric=figure.metric, period=figure.period, low=amounts[0].text, cite=[q.sentence_id])
    return None


def _later(period: str | None, reference: str | None) -> bool:
    """Whether ``period`` ends after the call's own period (both canonical, e.g. "2024Q4")."""
    ends = [period_order(p) if p else None for p in (period, reference)]
    return ends[0] is not None and ends[1] is not None and ends[0][1] > ends[1][1]


def _first_period(entry: Entry, reference: str | None) -> str | None:
    """The first period the sentence names that ends after the call's own (the one it looks to)."""
    matches = find_periods(entry.text, reference=reference, forward=True)
    if reference is None or period_order(reference) is None:
        return matches[0].canonical if matches else None
    later = [m.canonical for m in matches if _later(m.canonical, reference)]
    return later[0] if later else None


def _paragraph_period(ctx: SectionContext, entry: Entry, reference: str | None) -> str | None:
    """The later period of the sentences just before ``entry`` in its passage (``one_passage``):
    "我們預計今年...。我們也會動態調整投入。" looks to the same year in both. Across a line break of
    an answer, only a sentence that looks ahead lends its period ("We plan to turn profitable
    in 2031." and, a line later, "Internally, we aim to grow subscriptions steadily.")."""
    current, crossed = entry, False
    for _ in range(3):
        if current.index == 0:
            return None
        previous = ctx.sentences[ctx.order[current.index - 1]]
        if not one_passage(ctx.section, ctx.transcript, previous.sentence, current.sentence):
            return None
        crossed = crossed or "\n" in ctx.transcript.text[previous.sentence.span.end : current.sentence.span.start]
        period = _first_period(previous, reference)
        if period is not None:
            return period if not crossed or looks_ahead(previous.text, reference) else None
        current = previous
    return None


def _quantities(entry: Entry) -> list[Amount]:
    """The sentence's amounts that can be a guided value: not a count of months or years."""
    return [a for a in entry.amounts if not counts_time(entry.text, a)]


def _picked(quotes: list[Quote], ctx: SectionContext) -> tuple[Quote, Amount] | None:
    """The first forward-looking cited sentence that states exactly one range or one amount; in a
    sentence looking ahead by the plain future tense only, after it ("we have completed 57% of the
    programme, which will run until March 2026": the figure before "will" is a result)."""
    for q in quotes:
        entry = ctx.sentences[q.sentence_id]
        if not looks_ahead(entry.text, ctx.transcript.period):
            continue
        will = None if FORWARD.search(entry.text) else WILL.search(entry.text)
        later = [a for a in _quantities(entry) if will is None or a.start >= will.end()]
        ranges = [a for a in later if a.is_range]
        plain = [a for a in later if not a.is_range]
        picked = ranges[0] if len(ranges) == 1 else (plain[0] if not ranges and len(plain) == 1 else None)
        if picked is not None:
            return q, picked
    return None


def _ends(written: list[tuple[str, list[Amount]]]) -> list[_End]:
    """The model's low and high: one range string, two strings, or a single figure."""
    if len(written) == 1 and len(written[0][1]) == 2 and not written[0][1][0].is_range:
        # "$50 and $53 million" copied without its "between": the two ends of one range.
        text, (low_end, high_end) = written[0]
        written = [(low_end.text, [low_end]), (high_end.text, [high_end])]
    if len(written) == 1 and written[0][1][0].is_range:
        text, rng = written[0][0], written[0][1][0]
        return [(text, rng, rng.values()[0], rng.scale), (text, rng, rng.values()[1], rng.scale)]
    ends: list[_End] = [(text, amounts[0], amounts[0].value, amounts[0].scale) for text, amounts in written]
    if len(ends) == 2 and ends[0][3] is None and ends[1][3] is not None:
        # "$62" and "$65 million": the scale is written once, on the high end.
        text, amount, value, _ = ends[0]
        ends[0] = (text, amount, value * scale_factor(ends[1][3]), ends[1][3])
    return ends


def _evidence(matches: list[Match], quotes: list[Quote]) -> list[Quote]:
    """The sentences stating the ends, then (when all were cited) the other cited sentences."""
    evidence: list[Quote] = []
    for m in matches:
        if all(q.sentence_id != m.entry.sentence.id for q in evidence):
            evidence.append(m.entry.quote())
    if all(m.cited for m in matches):
        evidence += [q for q in quotes if all(q.sentence_id != e.sentence_id for e in evidence)]
    return evidence


def _value_text(low: Match, high: Match) -> str:
    """The transcript's words for the range: one amount, the span of one sentence, or both amounts."""
    if low.amount is high.amount:
        return low.amount.text
    if low.entry is high.entry:
        return low.entry.text[low.amount.start : high.amount.end]
    return f"{low.amount.text} / {high.amount.text}"


def _qualitative(
    outlook: Outlook, quotes: list[Quote], ctx: SectionContext, key: str | None, stated_period: str | None
) -> Guidance | Rejected:
    """Guidance without figures, resting on the cited sentences about the future; the statement
    is the first such sentence."""
    # A small model files any remark it cannot place under guidance.
    reference = ctx.transcript.period
    forward = [
        q for q in quotes
        if not ctx.sentences[q.sentence_id].injected and looks_ahead(ctx.sentences[q.sentence_id].text, reference)
    ]  # fmt: skip
    if not forward:
        return reject("guidance", ctx.section, Reason.not_forward, outlook)
    first = ctx.sentences[forward[0].sentence_id]
    return Guidance(
        metric=outlook.metric, key=key,
        period=_first_period(first, reference) or stated_period or _paragraph_period(ctx, first, reference),
        statement=first.text, direction=read_direction(first.text, first.amounts, quantified=False),
        speaker=first.sentence.speaker or ctx.section.speaker, section_id=ctx.section.id,
        evidence=forward, grounding=GroundingStatus.exact,
    )  # fmt: skip


def ground_outlook(outlook: Outlook, ctx: SectionContext, notes: list[str]) -> Guidance | Rejected:
    """The guidance ``outlook`` states, each end found in the section, or why it was rejected.

    The model names the metric and may copy the figures; the statement, period and direction are
    read from the sentence that states them. A figure that is a count of months or years, or
    none at all, leaves the cited sentence as a qualitative statement.
    """
    section, reference = ctx.section, ctx.transcript.period
    quotes = resolve_citations(outlook.cite, section)
    if not quotes:
        return reject("guidance", section, Reason.no_citation, outlook)
    key, segment = describe(outlook.metric or "")
    stated_period = normalize_period(outlook.period, reference=reference, forward=True) if outlook.period else None

    written = [(t, parse(t)) for t in (outlook.low, outlook.high) if t and t.strip()]
    if any(not amounts for _, amounts in written):
        return reject("guidance", section, Reason.no_number, outlook)
    if not written:
        # A small model often names the guided metric but leaves the figures out: take them
        # from the cited sentence when it states exactly one range or one amount.
        picked = _picked(quotes, ctx)
        if picked is None:
            return _qualitative(outlook, quotes, ctx, key, stated_period)
        q, amount = picked
        quotes = [q]
        outlook = outlook.model_copy(update={"cite": [q.sentence_id]})
        written = [(amount.text, [amount])]

    cited = [q.sentence_id for q in quotes]
    matches: list[Match] = []
    for text, amount, value, scale in _ends(written):
        probe = amount.model_copy(update={"low": None, "high": None, "value": value, "scale": scale})
        found = find(text, probe, ctx, cited, key, segment, label=outlook.metric or "", value=value, scale=scale)
        if found is None:
            return reject("guidance", section, Reason.not_found, outlook)
        matches.append(found)
    if any(others_estimate(m.entry, m.amount) for m in matches):
        return reject("guidance", section, Reason.estimate, outlook)  # the Street's, not the company's
    if any(counts_time(m.entry.text, m.amount) for m in matches):
        # "over the next 12 months": the number is a span of time, not the guided value.
        return _qualitative(outlook, quotes, ctx, key, stated_period)

    if any(not m.cited for m in matches):
        notes.append(Note.guidance_repointed.format(section=section.id, metric=outlook.metric))
    lo_match, hi_match = matches[0], matches[-1]
    low = lo_match.amount.values()[lo_match.which]
    high = None if len(matches) == 1 else hi_match.amount.values()[hi_match.which]
    if high is not None and low > high:
        low, high = high, low
    period = amount_period(lo_match.entry, lo_match.amount, reference, forward=True)
    source = derived_from(section, ctx.transcript, lo_match.entry.index)
    if source is not None and not _later(period, reference):
        # "that implies a $2 million increase over the third quarter": the outlook just stated,
        # restated for its period (a period up to the call's own is the comparison's base).
        period = stated_period or _first_period(ctx.sentences[source.id], reference)
    period = period or stated_period
    ahead = source is not None or any(looks_ahead(m.entry.text, reference) for m in matches)
    if not ahead and not _later(period, reference):
        # "Revenue was $31.4 million in the third quarter" is a result, not guidance.
        return reject("guidance", section, Reason.not_forward, outlook)
    entry = lo_match.entry
    return Guidance(
        metric=outlook.metric,
        key=key,
        period=period,
        low=low,
        high=high,
        unit=lo_match.amount.unit or hi_match.amount.unit,
        value_text=_value_text(lo_match, hi_match),
        change=read_change(entry, lo_match.amount, hi_match.amount) if hi_match.entry is entry else None,
        statement=entry.text,
        direction=read_direction(entry.text, entry.amounts, quantified=True),
        speaker=entry.sentence.speaker or section.speaker,
        section_id=section.id,
        evidence=_evidence(matches, quotes),
        grounding=worse(*(m.status for m in matches)),
    )
