"""A reported figure, read from the sentence that states it.

The model names an amount by its id (``focus.amount_refs``) and says what it measures; everything
else a kept KPI carries comes from the transcript: ``value_text`` is the amount as written,
value/unit/scale are parsed from it, a loss is negative for the families that carry a sign, the
metric is the one the sentence names for the amount (the model's when the sentence names none),
the segment is the business the sentence names around it, the basis the one it states, the
period the phrase closest to the amount, else the paragraph's, else the call's, and YoY and QoQ
the changes the sentence gives for it. Figures built by code with a value and a sentence instead
of an id are looked for in the section as before.
"""

from __future__ import annotations

import re

from summarizer.brief import KPI, GroundingStatus, Rejected
from summarizer.extract.replies import Figure
from summarizer.ground.context import Entry, SectionContext, resolve_citations
from summarizer.ground.matching import Match, compare, find
from summarizer.ground.metric import (
    Fit,
    fits_magnitude,
    metric_fit,
    names_label,
    nearest_mention,
    owner,
    share_base,
    writes,
    written_part,
)
from summarizer.ground.readings import (
    adjusted_clause,
    amount_period,
    change_kind,
    direction_sign,
    inherited_period,
    is_level,
    read_basis,
    read_segment,
    signed_value,
    states_loss,
)
from summarizer.ground.reasons import Note, Reason, reject
from summarizer.ground.stance import others_estimate
from summarizer.text.cues import CLAUSE_BREAK
from summarizer.text.metrics import KEYS, clean_segment, describe, family, kpi_label
from summarizer.text.numbers import Amount, parse
from summarizer.text.periods import normalize_period
from summarizer.text.script import IDEOGRAPH, IDEOGRAPHS

__all__ = ["ground_figure"]

_CHANGE_UNITS = {"%", "pp"}
_NO_CHANGE = {"-", "n/a", "N/A", "null", "None"}
# Keys whose level is a percentage; every other key's level is an amount or a count.
_PERCENT_KEYS = {"gross_margin", "net_margin", "operating_margin", "ebitda_margin", "net_retention"}


def _change(
    raw: str | None, kind: str, figure: Figure, ctx: SectionContext, match: Match, cited: list[str], notes: list[str]
) -> tuple[float | None, str | None, Entry | None]:
    """Ground a YoY or QoQ change: (value with sign, unit, extra evidence sentence) or Nones."""
    if raw is None or not raw.strip() or raw.strip() in _NO_CHANGE:
        return None, None, None
    parsed = parse(raw)
    if not parsed:
        notes.append(Note.change_not_a_number.format(section=ctx.section.id, label=kind, raw=raw, metric=figure.metric))
        return None, None, None
    model = parsed[0]
    unit_model = model.unit if model.unit in _CHANGE_UNITS else None
    probe = model.model_copy(update={"unit": unit_model})
    order = [match.entry] + [ctx.sentences[s] for s in cited if s != match.entry.sentence.id]
    near = [
        ctx.sentences[ctx.order[i]] for i in (match.entry.index - 1, match.entry.index + 1) if 0 <= i < len(ctx.order)
    ]
    order += [e for e in near if e not in order]
    other = "qoq" if kind == "yoy" else "yoy"
    for entry in order:
        if entry.injected:
            continue
        for amount in entry.amounts:
            if amount.unit not in _CHANGE_UNITS or (entry is match.entry and amount.start == match.amount.start):
                continue
            compared = compare(probe, raw, model.value, None, amount, entry.text, change=True)
            if compared is None:
                continue
            found_kind = change_kind(entry, amount)
            if found_kind == other or (found_kind is None and is_level(entry, amount)):
                continue
            sign = direction_sign(entry, amount)
            value = abs(amount.values()[compared[1]])
            if sign < 0 or (sign == 0 and model.value < 0):
                value = -value
            extra = entry if entry is not match.entry else None
            return value, amount.unit, extra
    notes.append(Note.change_not_found.format(section=ctx.section.id, label=kind, raw=raw, metric=figure.metric))
    return None, None, None


def _changes_after(match: Match, key: str | None, segment: str | None) -> list[Amount]:
    """The percentages (or percentage points) that follow the matched figure in its sentence,
    before the next figure of another kind or the name of another metric than ``key`` (or of
    another segment than ``segment``: "revenue passed $2 billion, adding to Cloud revenue's 20%
    growth"): the changes the sentence states of it."""
    entry = match.entry
    found: list[Amount] = []
    for amount in entry.amounts:
        if amount.start <= match.amount.start:
            continue
        if amount.unit not in _CHANGE_UNITS:
            break
        if any(
            match.amount.end <= m.start < amount.start
            and (family(m.key) != family(key) or clean_segment(m.segment) not in (None, segment))
            for m in entry.mentions
        ):
            break
        found.append(amount)
    return found


def _signed(entry: Entry, amount: Amount) -> float:
    value = abs(amount.values()[0])
    return -value if direction_sign(entry, amount) < 0 else value


def _infer_change(kind: str, match: Match, key: str | None, segment: str | None) -> tuple[float | None, str | None]:
    """The sentence's own YoY or QoQ for the matched figure, when the model left it out.

    Only changes that follow the figure (``_changes_after``) and that a cue word marks as
    ``kind``: "$48.2 million, an increase of 6.1% quarter-over-quarter and 3.4% year-over-year";
    not the 40.2% of "日均使用時長 80 分鐘 ... 海外收入同比增長 40.2%" for the minutes (it is
    overseas revenue's).
    """
    for amount in _changes_after(match, key, segment):
        if change_kind(match.entry, amount) == kind and not is_level(match.entry, amount):
            return _signed(match.entry, amount), amount.unit
    return None, None


# What joins a change to the level it leads to: "decreased 17.1% year-over-year to $16.6 million",
# "同比增長 8.7% 至人民幣 354 億元".
_TO_LEVEL = re.compile(
    r"^[^,;\uff0c\uff1b\u3002]{0,40}?[,\uff0c]?\s*(?:\bto\b|\breaching\b|至|到|達到|达到)[^,;\uff0c\uff1b\u3002\d]{0,12}$",
    re.IGNORECASE,
)


def _change_leading(match: Match) -> Amount | None:
    """The change stated just before the level it leads to, in the same clause: "grew 8% to"."""
    entry = match.entry
    before = [a for a in entry.amounts if a.end <= match.amount.start]
    if not before or before[-1].unit not in _CHANGE_UNITS:
        return None
    change = before[-1]
    return change if _TO_LEVEL.match(entry.text[change.end : match.amount.start]) else None


def _change_before(kind: str, match: Match) -> tuple[float | None, str | None]:
    """The change stated just before the level it leads to, in the same clause, marked as ``kind``."""
    change = _change_leading(match)
    if change is None or change_kind(match.entry, change) != kind or is_level(match.entry, change):
        return None, None
    return _signed(match.entry, change), change.unit


# A name no table knows that is itself a percentage: a rate, a ratio, a share, a margin.
_RATE_NAME = re.compile(
    r"\u7387|\u6bd4\u4f8b|\u6bd4\u91cd|\u4f54\u6bd4|\u5360\u6bd4|\u4efd\u984d|\u4efd\u989d"
    r"|\brate|\bratio|\bshare|\bmargin|\bmix\b|penetration|\byield",
    re.IGNORECASE,
)


def _change_as_level(key: str | None, match: Match, label: str = "") -> bool:
    """Whether the figure's value is a change of an amount metric the sentence gives no level of:
    "DAU 同比增長 7.5%" returned as DAU = 7.5%, "收入同比增長 1.8 倍" as revenue = 1.8x. A share
    ("佔總收入的 41.5%") is a level. Percentage points are a difference of two percentages,
    never a level: "Gross margin was 54%, an improvement of 2 percentage points" is the margin's
    change. A name no table knows (``label``) is a change only where a year-over-year or sequential
    word marks it and the name is no rate ("active merchants grew more than 25% year over year")."""
    if match.amount.unit not in {"%", "pp", "x"}:
        return False
    if key is None:
        marked = change_kind(match.entry, match.amount) is not None
        return marked and not _RATE_NAME.search(label) and not is_level(match.entry, match.amount)
    if match.amount.unit == "pp":
        return True
    if family(key) in _PERCENT_KEYS:
        return False
    return not is_level(match.entry, match.amount)


def _named_before(label: str, entry: Entry, amount: Amount) -> bool:
    """Whether the clause that ends at ``amount`` names ``label`` (a name no table knows): whose a
    change is, when no known metric says it."""
    clause = max((m.end() for m in CLAUSE_BREAK.finditer(entry.text, 0, amount.start)), default=0)
    return names_label(label, entry, clause, amount.start)


def _level_of(change: Amount, entry: Entry, key: str | None, ctx: SectionContext) -> Amount | None:
    """The level in the sentence that ``change`` is stated of, or None: the amount it follows with
    no other metric or segment between ("$48.2 million, up 12%") or leads to ("grew 12% to $48.2
    million"), of the same segment and period. A margin's level is a percentage; any other
    metric's level is not a percentage, a difference in points or a multiple."""
    percent = family(key) in _PERCENT_KEYS
    segment = read_segment(entry, change, ctx)
    period = amount_period(entry, change, ctx.transcript.period, forward=False)
    for level in entry.amounts:
        if level is change or (level.unit != "%" if percent else level.unit in {"%", "pp", "x"}):
            continue
        if read_segment(entry, level, ctx) != segment:
            continue
        if amount_period(entry, level, ctx.transcript.period, forward=False) not in (None, period):
            continue
        match = Match(entry, level, 0, GroundingStatus.exact, True)
        # A metric named between a level and a change after it owns the change: not the 75 minutes
        # of "usage above 75 minutes; overseas revenue kept 52.9% growth".
        named_between = any(level.end <= m.start < change.start for m in entry.mentions)
        if (change in _changes_after(match, key, segment) and not named_between) or _change_leading(match) is change:
            return level
    return None


def _change_only(kpi: KPI, entry: Entry, amount: Amount) -> KPI | None:
    """``kpi`` (read from a change) as a figure stated only as its change: no value, the change in
    YoY or QoQ as its cue word says ("巴西日活躍用戶同比增長 9.3%", "revenue grew 2.6x
    sequentially"); None when no cue word says which."""
    kind = change_kind(entry, amount)
    if kind is None:
        return None
    change = {kind: _signed(entry, amount), f"{kind}_unit": amount.unit}
    return kpi.model_copy(update={"value": None, "unit": None, "scale": None, **change})


def _kpi_period(figure: Figure, ctx: SectionContext, match: Match) -> str | None:
    """The model's period if it names one, else the sentence's, else the paragraph's, else the call's."""
    reference = ctx.transcript.period
    period = normalize_period(figure.period, reference=reference) if figure.period else None
    return (
        period
        or amount_period(match.entry, match.amount, reference, forward=False)
        or inherited_period(ctx, match.entry, reference)
        or reference
    )


_BASIS_ADJUSTS = {"non-GAAP", "non-IFRS", "pro forma"}


def _joined(segment: str, metric: str) -> str:
    joint = "" if IDEOGRAPH.match(segment[-1:]) or IDEOGRAPH.match(metric[:1]) else " "
    return f"{segment}{joint}{metric}"


def _sentence_metric(
    figure: Figure, entry: Entry, amount: Amount, notes: list[str], section_id: str
) -> tuple[str, str | None]:
    """The metric as the sentence names it for ``amount`` when it names another than the model's.

    The model chose the amount; which metric the sentence states it for is read from the text:
    "Net loss was $2.6 million" is net income's, whatever the model called it.
    """
    key = describe(figure.metric or "")[0]
    per_share = family(key) == "eps" and amount.per is not None  # "$1.07 per diluted share" names its metric
    owned = owner(entry, amount)
    if owned is not None and not per_share:
        # "which included severance of $1.2 million", "每 DAU 平均使用時間": a thing no table names
        if key is None and metric_fit(None, None, entry, amount, figure.metric or "") is Fit.ok:
            return written_part(figure.metric, entry), None
        named = entry.text[owned[0] : owned[1]]
        notes.append(
            Note.relabelled.format(section=section_id, metric=figure.metric, value=amount.text, stated_as=named)
        )
        return named, None
    nearest = nearest_mention(entry, amount)
    if nearest is None or per_share:
        return (written_part(figure.metric, entry) if key is None else figure.metric), key
    if key is None and metric_fit(None, None, entry, amount, figure.metric or "") is Fit.ok:
        # A name the tables do not know, stated in the sentence, is kept unless the sentence names
        # a known metric before the amount and the model's words are not between it and the amount
        # ("電子商務 GMV ... 達到 800 億元" named "電子商務": the GMV's); "300 stores" keeps "stores".
        stated_before = nearest.end <= amount.start
        if not stated_before or names_label(figure.metric or "", entry, nearest.end, amount.end + 15):
            return written_part(figure.metric, entry), key
    base = share_base(entry, amount)
    named_base = base is not None and family(base.key) == family(key) and base is not nearest
    if family(nearest.key) == family(key) and not named_base:  # "佔總收入的 38%" named 總收入: the base, not the share
        adjusted = nearest.key.startswith("adjusted_") and not (key or "").startswith("adjusted_")
        # The metric as stated: the model's words when the sentence writes them, else the
        # sentence's own name (the model padded it with a clause or wrote the amount in words).
        stated = figure.metric if writes(figure.metric or "", entry) else entry.text[nearest.start : nearest.end]
        return stated, nearest.key if adjusted else key
    named = entry.text[nearest.start : nearest.end]
    notes.append(Note.relabelled.format(section=section_id, metric=figure.metric, value=amount.text, stated_as=named))
    return named, nearest.key


def _unnamed(key: str | None, entry: Entry, amount: Amount) -> bool:
    """Whether the model gave a known metric to an amount of a sentence that never names it:
    "revenue" for the 120 of "We added 120 customers"."""
    if key is None or (family(key) == "eps" and amount.per is not None):
        return False
    return not any(family(m.key) == family(key) for m in entry.mentions)


def _unstated(key: str | None, metric: str, entry: Entry, amount: Amount) -> bool:
    """Whether a name no table knows is nowhere in the sentence's words: the model wrote the amount
    in words ("thirty thousand") or a placeholder, not what it measures."""
    return key is None and metric_fit(None, None, entry, amount, metric) is not Fit.ok


def _label(key: str | None, metric: str, segment: str | None, value: float, match: Match) -> str:
    """The KPI's English label (``metrics.kpi_label``): a loss stated as one, the segment, the
    metric a share is of; the metric as named when there is no key."""
    base = share_base(match.entry, match.amount)
    share_of = base.key if base is not None and family(key) not in _PERCENT_KEYS else None
    loss = value < 0 and states_loss(metric, match.entry, match.amount)
    return kpi_label(key, segment=segment, loss=loss, share_of=share_of) or metric


# A product's version: a bare number right after a capitalised word or an acronym that is not the
# sentence's first word, then the sentence's end, punctuation, Chinese, or an edition word.
_NAMED_BEFORE = re.compile(r"\S\s+(?:[A-Z][A-Za-z]*|[A-Z]{2,}) ?$")
_VERSION_AFTER = re.compile(
    rf"(?: ?(?:pro|max|ultra|plus|mini|lite|turbo|flash)\b| *(?:$|[,.;:!?)\u3001-\u3002\uff08-\uff09\uff0c\uff1a\uff1b{IDEOGRAPHS}]))",
    re.IGNORECASE,
)


def _version(entry: Entry, amount: Amount) -> bool:
    """Whether ``amount`` is a product's version, not a quantity: "Kling AI 1.6,", "Windows 11.",
    "Model 3 Pro"; not "added 120 customers", "DAU 4.01 \u5104", "Tier 1 capital of $9 billion"."""
    if amount.unit or amount.scale or amount.per or amount.is_range:
        return False
    return bool(_NAMED_BEFORE.search(entry.text[: amount.start])) and bool(
        _VERSION_AFTER.match(entry.text[amount.end :])
    )


def _ground_amount(figure: Figure, ctx: SectionContext, notes: list[str]) -> KPI | Rejected:
    """The KPI for the amount ``figure`` names by id: every field read from its sentence."""
    section = ctx.section
    found = ctx.amount(figure.amount)
    if found is None:
        return reject("kpi", section, Reason.no_amount, figure)
    entry, amount = found
    if entry.injected:
        notes.append(Note.injected_figure.format(
            section=section.id, metric=figure.metric, value=amount.text, stated=entry.sentence.id))  # fmt: skip
        return reject("kpi", section, Reason.injected, figure)
    if others_estimate(entry, amount):
        return reject("kpi", section, Reason.estimate, figure)
    if _version(entry, amount):
        return reject("kpi", section, Reason.version, figure)
    return _read_amount(figure, ctx, entry, amount, notes)


def _read_amount(figure: Figure, ctx: SectionContext, entry: Entry, amount: Amount, notes: list[str]) -> KPI | Rejected:
    """The KPI of ``amount`` in ``entry``, for the model's ``figure``; a change of a level the
    sentence states is read as that level (with the change), a change stated alone as a figure
    with no value (``_change_only``)."""
    section = ctx.section
    metric, key = _sentence_metric(figure, entry, amount, notes, section.id)
    if _unnamed(key, entry, amount) or _unstated(key, metric, entry, amount):
        return reject("kpi", section, Reason.metric_not_stated, figure)
    if not fits_magnitude(key, amount):
        return reject("kpi", section, Reason.too_small, figure)
    segment = read_segment(entry, amount, ctx)
    if segment is None and nearest_mention(entry, amount) is None:
        # The model's words name the row only where the sentence names no metric for the amount:
        # "Q2總收入 ... 30 億元" is the total, whatever the label adds.
        segment = clean_segment(describe(figure.metric or "")[1])
    match = Match(entry, amount, 0, GroundingStatus.exact, True)
    change = _change_as_level(key, match, metric)
    if change and (level := _level_of(amount, entry, key, ctx)) is not None:
        if others_estimate(entry, level):
            return reject("kpi", section, Reason.estimate, figure)
        return _read_amount(figure, ctx, entry, level, notes)
    named = _named_before(metric, entry, amount) if key is None else nearest_mention(entry, amount) is not None
    if change and not named:
        return reject("kpi", section, Reason.metric_not_stated, figure)  # a change says whose it is
    basis = read_basis(figure, entry, amount)
    adjusts = basis.value in _BASIS_ADJUSTS if basis is not None else adjusted_clause(entry, amount)
    if adjusts and key in KEYS and f"adjusted_{key}" in KEYS:
        key = f"adjusted_{key}"
    if segment and clean_segment(describe(metric)[1]) is None:
        metric = _joined(segment, metric)  # "revenue" said of the Cloud segment is "Cloud revenue"
    yoy, yoy_unit = qoq, qoq_unit = None, None
    if amount.unit not in _CHANGE_UNITS:
        yoy, yoy_unit = _infer_change("yoy", match, key, segment)
        if yoy is None:
            yoy, yoy_unit = _change_before("yoy", match)
        qoq, qoq_unit = _infer_change("qoq", match, key, segment)
        if qoq is None:
            qoq, qoq_unit = _change_before("qoq", match)
    value = signed_value(amount.values()[0], key, metric, entry, amount)
    kpi = KPI(
        metric=metric,
        key=key,
        label=_label(key, metric, segment, value, match),
        segment=segment,
        value=value,
        value_text=amount.text,
        unit=amount.unit,
        scale=amount.scale,
        period=_kpi_period(figure, ctx, match),
        yoy=yoy,
        yoy_unit=yoy_unit,
        qoq=qoq,
        qoq_unit=qoq_unit,
        basis=basis,
        speaker=entry.sentence.speaker or section.speaker,
        section_id=section.id,
        evidence=[entry.quote()],
        grounding=GroundingStatus.exact,
    )
    if not change:
        return kpi
    return _change_only(kpi, entry, amount) or reject("kpi", section, Reason.change_not_level, figure)


def ground_figure(figure: Figure, ctx: SectionContext, notes: list[str]) -> KPI | Rejected:
    """The KPI ``figure`` names, read from the section sentence that states it, or why it was rejected.

    A figure naming an amount id (the model's, and rule-proposed ones) is a lookup: the code reads
    every field from the sentence around that amount. A figure built by code with a value and a
    sentence instead is looked for in the section. Warning-level notes (a change dropped,
    evidence re-pointed, a figure relabelled) go to ``notes``.
    """
    if figure.amount is not None or figure.value is None:
        return _ground_amount(figure, ctx, notes)
    section = ctx.section
    quotes = resolve_citations(figure.cite, section)
    if not quotes:
        return reject("kpi", section, Reason.no_citation, figure)
    model = parse(figure.value or "")
    if not model:
        return reject("kpi", section, Reason.no_number, figure)
    key, label_segment = describe(figure.metric or "")
    segment = clean_segment(figure.segment) or label_segment
    cited = [q.sentence_id for q in quotes]
    match = find(figure.value, model[0], ctx, cited, key, segment, label=figure.metric or "")
    if match is None:
        return reject("kpi", section, Reason.not_found, figure)
    stated = match.entry.sentence.id
    if not match.cited:
        notes.append(Note.evidence_repointed.format(
            section=section.id, metric=figure.metric, value=figure.value, cited=", ".join(cited), stated=stated))  # fmt: skip
    metric = figure.metric
    if match.segment:
        # The sentence names the row: "Cloud revenues were $21.7 million" is not total revenue,
        # nor the row the model named from another sentence.
        notes.append(Note.relabelled.format(
            section=section.id, metric=figure.metric, value=figure.value, stated_as=match.segment))  # fmt: skip
        metric = match.segment
        key, segment = describe(metric)
        segment = clean_segment(segment) or segment
    amount = match.amount
    if not fits_magnitude(key, amount):
        return reject("kpi", section, Reason.too_small, figure)
    change = _change_as_level(key, match)
    if change and _level_of(amount, match.entry, key, ctx) is not None:
        return reject("kpi", section, Reason.change_not_level, figure)
    written_unit = model[0].unit
    if written_unit and amount.unit and written_unit != amount.unit:
        notes.append(Note.unit_differs.format(
            section=section.id, metric=figure.metric, value=figure.value, stated=stated, text=amount.text, unit=amount.unit))  # fmt: skip
    value = signed_value(amount.values()[match.which], key, figure.metric or "", match.entry, amount)
    yoy, yoy_unit, yoy_entry = _change(figure.yoy, "yoy", figure, ctx, match, cited, notes)
    qoq, qoq_unit, qoq_entry = _change(figure.qoq, "qoq", figure, ctx, match, cited, notes)
    if yoy is None and amount.unit not in _CHANGE_UNITS:
        yoy, yoy_unit = _infer_change("yoy", match, key, segment)
    if qoq is None and amount.unit not in _CHANGE_UNITS:
        qoq, qoq_unit = _infer_change("qoq", match, key, segment)
    evidence = [match.entry.quote()] + [q for q in quotes if q.sentence_id != stated and match.cited]
    for extra in (yoy_entry, qoq_entry):
        if extra is not None and all(q.sentence_id != extra.sentence.id for q in evidence):
            evidence.append(extra.quote())
    kpi = KPI(
        metric=metric,
        key=key,
        label=_label(key, metric, segment, value, match),
        segment=segment,
        value=value,
        value_text=amount.text,
        unit=amount.unit,
        scale=amount.scale,
        period=_kpi_period(figure, ctx, match),
        yoy=yoy,
        yoy_unit=yoy_unit,
        qoq=qoq,
        qoq_unit=qoq_unit,
        basis=read_basis(figure, match.entry, amount),
        speaker=match.entry.sentence.speaker or section.speaker,
        section_id=section.id,
        evidence=evidence,
        grounding=match.status,
    )
    if not change:
        return kpi
    return _change_only(kpi, match.entry, amount) or reject("kpi", section, Reason.change_not_level, figure)
