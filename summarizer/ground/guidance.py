"""Guidance: a range or a figure for a future period, or a qualitative outlook, checked like a figure.

Each end of a range is found in the section like a figure's value. Guidance must rest on a
sentence about the future (``focus.FORWARD``) or name a period after the call's own: a result
filed under guidance is rejected.
"""

from __future__ import annotations

from summarizer.brief import Direction, GroundingStatus, Guidance, Quote, Rejected
from summarizer.text.cues import FORWARD
from summarizer.extract.replies import Figure, Outlook
from summarizer.ground.context import Entry, SectionContext, resolve_citations
from summarizer.ground.matching import Match, find, worse
from summarizer.ground.readings import amount_period
from summarizer.ground.reasons import Note, Reason, reject
from summarizer.text.metrics import describe
from summarizer.text.numbers import Amount, parse, scale_factor
from summarizer.text.periods import find_periods, normalize_period, period_order

__all__ = ["as_outlook", "ground_outlook"]

# One end the model wrote: its text, the parsed amount, the value sought and its scale.
_End = tuple[str, Amount, float, str | None]


def as_outlook(figure: Figure, ctx: SectionContext) -> Outlook | None:
    """A "figure" that is really guidance: a range, or the one amount of a forward-looking sentence."""
    found = ctx.amount(figure.amount) if figure.amount is not None else None
    if found is not None:
        entry, amount = found
        if amount.is_range or (FORWARD.search(entry.text) and len(entry.amounts) == 1):
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
        if FORWARD.search(q.text) and len(amounts) == 1:
            return Outlook(metric=figure.metric, period=figure.period, low=amounts[0].text, cite=[q.sentence_id])
    return None


def _later(period: str | None, reference: str | None) -> bool:
    """Whether ``period`` ends after the call's own period (both canonical, e.g. "2024Q4")."""
    ends = [period_order(p) if p else None for p in (period, reference)]
    return ends[0] is not None and ends[1] is not None and ends[0][1] > ends[1][1]


def _first_period(entry: Entry, reference: str | None) -> str | None:
    matches = find_periods(entry.text, reference=reference, forward=True)
    return matches[0].canonical if matches else None


def _picked(quotes: list[Quote], ctx: SectionContext) -> tuple[Quote, Amount] | None:
    """The first forward-looking cited sentence that states exactly one range or one amount."""
    for q in quotes:
        entry = ctx.sentences[q.sentence_id]
        if not FORWARD.search(entry.text):
            continue
        ranges = [a for a in entry.amounts if a.is_range]
        plain = [a for a in entry.amounts if not a.is_range]
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


def _qualitative(outlook: Outlook, quotes: list[Quote], ctx: SectionContext, key: str | None,
                 direction: Direction, stated_period: str | None) -> Guidance | Rejected:
    """Guidance without figures, resting on the cited sentences about the future."""
    # A small model files any remark it cannot place under guidance.
    forward = [q for q in quotes if FORWARD.search(q.text)]
    if not forward:
        return reject("guidance", ctx.section, Reason.not_forward, outlook)
    first = ctx.sentences[forward[0].sentence_id]
    return Guidance(
        metric=outlook.metric, key=key,
        period=stated_period or _first_period(first, ctx.transcript.period),
        statement=outlook.statement, direction=direction,
        speaker=first.sentence.speaker or ctx.section.speaker, section_id=ctx.section.id,
        evidence=forward, grounding=GroundingStatus.exact,
    )  # fmt: skip


def ground_outlook(outlook: Outlook, ctx: SectionContext, notes: list[str]) -> Guidance | Rejected:
    """The guidance ``outlook`` states, each end found in the section, or why it was rejected."""
    section, reference = ctx.section, ctx.transcript.period
    quotes = resolve_citations(outlook.cite, section)
    if not quotes:
        return reject("guidance", section, Reason.no_citation, outlook)
    key, segment = describe(outlook.metric or "")
    try:
        direction = Direction(outlook.direction)
    except ValueError:
        direction = Direction.new
    stated_period = normalize_period(outlook.period, reference=reference, forward=True) if outlook.period else None

    written = [(t, parse(t)) for t in (outlook.low, outlook.high) if t and t.strip()]
    if not written and not (outlook.statement or "").strip():
        # A small model often names the guided metric but leaves the figures out: take them
        # from the cited sentence when it states exactly one range or one amount.
        picked = _picked(quotes, ctx)
        if picked is not None:
            q, amount = picked
            quotes = [q]
            outlook = outlook.model_copy(update={"cite": [q.sentence_id]})
            written = [(amount.text, [amount])]
        elif FORWARD.search(ctx.sentences[quotes[0].sentence_id].text):
            outlook = outlook.model_copy(update={"statement": ctx.sentences[quotes[0].sentence_id].text})
        else:
            return reject("guidance", section, Reason.no_number, outlook)
    if not written:
        return _qualitative(outlook, quotes, ctx, key, direction, stated_period)
    if any(not amounts for _, amounts in written):
        return reject("guidance", section, Reason.no_number, outlook)

    cited = [q.sentence_id for q in quotes]
    matches: list[Match] = []
    for text, amount, value, scale in _ends(written):
        probe = amount.model_copy(update={"low": None, "high": None, "value": value, "scale": scale})
        found = find(text, probe, ctx, cited, key, segment, label=outlook.metric or "", value=value, scale=scale)
        if found is None:
            return reject("guidance", section, Reason.not_found, outlook)
        matches.append(found)

    if any(not m.cited for m in matches):
        notes.append(Note.guidance_repointed.format(section=section.id, metric=outlook.metric))
    lo_match, hi_match = matches[0], matches[-1]
    low = lo_match.amount.values()[lo_match.which]
    high = None if len(matches) == 1 else hi_match.amount.values()[hi_match.which]
    if high is not None and low > high:
        low, high = high, low
    period = stated_period or amount_period(lo_match.entry, lo_match.amount, reference, forward=True)
    if not any(FORWARD.search(m.entry.text) for m in matches) and not _later(period, reference):
        # "Revenue was $31.4 million in the third quarter" is a result, not guidance.
        return reject("guidance", section, Reason.not_forward, outlook)
    return Guidance(
        metric=outlook.metric,
        key=key,
        period=period,
        low=low,
        high=high,
        unit=lo_match.amount.unit or hi_match.amount.unit,
        value_text=_value_text(lo_match, hi_match),
        statement=outlook.statement,
        direction=direction,
        speaker=lo_match.entry.sentence.speaker or section.speaker,
        section_id=section.id,
        evidence=_evidence(matches, quotes),
        grounding=worse(*(m.status for m in matches)),
    )
