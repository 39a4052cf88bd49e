"""Whether a sentence states the model's value, and where in the section it does.

Values agree after parsing (scale, sign words and full-width digits normalised), within the
rounding the model's own digits allow, and in unit. ``find`` looks in the cited sentences first,
then in the rest of the section (small models often cite a neighbour), and only where the
sentence talks about the same metric.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from summarizer.brief import GroundingStatus
from summarizer.ground.context import Entry, SectionContext
from summarizer.ground.metric import Fit, metric_fit, nearest_mention
from summarizer.text.numbers import Amount, fold, scale_factor
from summarizer.text.script import IDEOGRAPH

__all__ = ["MAX_RELATIVE_ROUNDING", "Match", "as_written", "compare", "decimals", "find", "worse"]

MAX_RELATIVE_ROUNDING = 0.05  # "$48 million" for "$48.2 million" is rounding; "$46 million" is not

_MONEY = re.compile(r"^[A-Z]{3}$")
_ORDER = [GroundingStatus.exact, GroundingStatus.normalised, GroundingStatus.fuzzy, GroundingStatus.not_found]


def decimals(text: str) -> list[int]:
    """The number of decimals of each number written in ``text``."""
    return [len(m[1] or "") for m in re.finditer(r"\d[\d,]*(?:\.(\d+))?", fold(text))]


def as_written(text: str, which: int) -> float:
    """The ``which``-th number written in ``text`` (the last if fewer), unscaled and unsigned."""
    numbers = [float(m.replace(",", "")) for m in re.findall(r"\d[\d,]*(?:\.\d+)?", fold(text))]
    if not numbers:
        return 0.0
    return abs(numbers[min(which, len(numbers) - 1)])


def worse(*statuses: GroundingStatus) -> GroundingStatus:
    """The weakest of ``statuses``: exact, then normalised, fuzzy, not found."""
    return max(statuses, key=_ORDER.index)


def _rank(status: GroundingStatus) -> int:
    return [GroundingStatus.exact, GroundingStatus.normalised, GroundingStatus.fuzzy].index(status)


def _unit_status(model: str | None, found: str | None, *, change: bool = False) -> GroundingStatus | None:
    """How two units agree: equal, one missing (normalised), near (fuzzy), or not at all (None).

    A model's "12%" is not a sentence's bare "12"; a "$" the model added to "0.3 million" is fine.
    Percent and points stand in for each other only in changes ("2.5% higher" said of a margin).
    """
    if model == found:
        return GroundingStatus.exact
    if model is None:
        return GroundingStatus.normalised
    if found is None:
        return GroundingStatus.normalised if _MONEY.match(model) else None
    if {model, found} == {"%", "pp"}:
        return GroundingStatus.fuzzy if change else None
    if _MONEY.match(model) and _MONEY.match(found):
        return GroundingStatus.fuzzy  # the recogniser hears "$" for RMB; the number still has to agree
    return None


def _value_status(
    model: float, model_scale: str | None, model_text: str, found: float, found_amount: Amount
) -> GroundingStatus | None:
    """Compare one model value with one value of a parsed amount (absolute values: signs come from words)."""
    a, b = abs(model), abs(found)
    if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
        return GroundingStatus.normalised
    if model_scale is None and found_amount.scale is not None:
        a *= scale_factor(found_amount.scale)  # the model wrote "48.2" for "$48.2 million"
        if math.isclose(a, b, rel_tol=1e-9):
            return GroundingStatus.normalised
    decimals_model = decimals(model_text)
    if not decimals_model or b == 0:
        return None
    # Tolerance: half a unit in the model's last written digit. The model may round the transcript
    # ("$48 million" for "$48.2 million"), never add precision to it ("$12.2 billion" for "$12 billion").
    written = as_written(model_text, 0)
    tolerance = 10.0 ** (-decimals_model[0]) * (a / written if written else 1.0) / 2 * (1 + 1e-9)
    if abs(a - b) <= tolerance and abs(a - b) / b <= MAX_RELATIVE_ROUNDING:
        return GroundingStatus.fuzzy
    return None


def compare(
    model: Amount,
    model_text: str,
    value: float,
    model_scale: str | None,
    found: Amount,
    sentence_text: str,
    *,
    change: bool = False,
) -> tuple[GroundingStatus, int] | None:
    """Best agreement of one model value with a parsed amount: (status, which end matched)."""
    unit = _unit_status(model.unit, found.unit, change=change)
    if unit is None:
        return None
    best: tuple[GroundingStatus, int] | None = None
    for which, candidate in enumerate(found.values()):
        status = _value_status(value, model_scale, model_text, candidate, found)
        if status is None:
            continue
        status = worse(status, unit)
        if (
            status is GroundingStatus.normalised
            and unit is GroundingStatus.exact
            and _verbatim(model_text, found, sentence_text)
        ):
            status = GroundingStatus.exact
        if best is None or _rank(status) < _rank(best[0]):
            best = (status, which)
    return best


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", fold(text)).lower()


def _verbatim(model_text: str, found: Amount, sentence_text: str) -> bool:
    written = _squash(model_text)
    found_text = _squash(found.text)
    if not written:
        return False
    return written == found_text or (
        written in _squash(sentence_text) and (written in found_text or found_text in written)
    )


@dataclass
class Match:
    """Where the section states a model value: the sentence, the amount, which end, and how well."""

    entry: Entry
    amount: Amount
    which: int
    status: GroundingStatus
    cited: bool
    segment: str | None = None  # the segment the sentence gives the value for, when the model said total


def _relabel(entry: Entry, amount: Amount) -> str | None:
    """The row the sentence names for ``amount`` ("Cloud revenues"), when it names a segment."""
    nearest = nearest_mention(entry, amount)
    if nearest is None or not nearest.segment:
        return None
    named = entry.text[nearest.start : nearest.end]
    joint = "" if IDEOGRAPH.match(named[:1]) or IDEOGRAPH.match(nearest.segment[-1:]) else " "
    return f"{nearest.segment}{joint}{named}"


def find(
    value_text: str,
    model: Amount,
    ctx: SectionContext,
    cited: list[str],
    key: str | None,
    segment: str | None,
    *,
    label: str = "",
    value: float | None = None,
    scale: str | None = None,
) -> Match | None:
    """The best sentence amount agreeing with one model value: cited sentences first, then the section."""
    target = model.value if value is None else value
    target_scale = model.scale if scale is None else scale
    pools = [(True, [ctx.sentences[s] for s in cited]), (False, ctx.neighbours(cited))]
    for is_cited, entries in pools:
        best: Match | None = None
        for entry in entries:
            if entry.injected:
                continue
            for amount in entry.amounts:
                compared = compare(model, value_text, target, target_scale, amount, entry.text)
                if compared is None:
                    continue
                fit = metric_fit(key, segment, entry, amount, label)
                if fit is Fit.other or (fit is Fit.silent and not is_cited):
                    continue
                status = compared[0]
                relabel = None
                if fit is Fit.segment:
                    # A small model calls a segment's revenue "revenue": keep the figure, but
                    # under the segment the sentence names, and never as the total.
                    relabel = _relabel(entry, amount)
                    status = worse(status, GroundingStatus.normalised)
                if fit is Fit.silent:
                    status = worse(status, GroundingStatus.fuzzy)
                if not is_cited:
                    status = worse(status, GroundingStatus.normalised)
                if best is None or _rank(status) < _rank(best.status):
                    best = Match(entry, amount, compared[1], status, is_cited, relabel)
        if best is not None:
            return best
    return None
