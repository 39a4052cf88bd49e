"""Every figure the model returned, checked against the sentences of its section.

The model copies values as strings and cites sentence ids; nothing it says is trusted as is.
For each figure and guidance item this module

1. resolves the cited ids to sentences of *this* section (others are dropped; an item left with
   none is rejected with "no valid citation");
2. parses the model's value and every quantity in the cited sentences (``numbers.parse``) and
   looks for one that agrees in value (scale, sign words and full-width digits normalised,
   rounding tolerated) and unit;
3. checks that the sentence talks about the same metric (``metrics.find_mentions``): a value
   stated there for another metric, or for a segment when the model claims the total, does not
   count. This is what catches the small model copying values between rows;
4. if the cited sentences do not hold the value but another sentence of the section does (and
   names the metric), re-points the evidence there: small models often cite a neighbour;
5. rejects what is found nowhere with "value not found in cited or section sentences", so an
   invented figure, or one planted by instructions injected into the transcript, never reaches
   the brief. Sentences that read as instructions to the model are not evidence at all.

YoY and QoQ changes are checked the same way, but one that cannot be found is only dropped (with
a note), not a reason to reject the figure; their sign comes from the sentence ("a decrease of",
下降) when the model left it out, and a change labelled "quarter-over-quarter" is not a YoY. The
status of each kept item says how it matched: ``exact`` (as written), ``normalised`` (equal after
parsing, or re-pointed), ``fuzzy`` (rounded by the model, stated without a metric name, or with
a currency the speech recogniser got wrong).

What a kept KPI carries comes from the transcript, not the model: ``value_text`` is the exact
substring, value/unit/scale are parsed from it, a loss is negative for the net income, operating
income, EPS and margin families, and the period is the model's if it names one, else the phrase
closest to the figure in its sentence (not one across "compared to"), else the paragraph's, else
the call's.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from summarizer.brief import (
    KPI,
    AICategory,
    AIPoint,
    Asker,
    Basis,
    Direction,
    GroundingStatus,
    Guidance,
    QATheme,
    Quote,
    Rejected,
)
from summarizer.document import Role, Section, Sentence, Transcript
from summarizer.extract.replies import QA_TEXT_LENGTH, AIMove, Figure, Outlook, QAFindings, RemarksFindings
from summarizer.extract.focus import AI_TERMS, FORWARD
from summarizer.text.metrics import Mention, clean_segment, describe, family, find_mentions
from summarizer.text.numbers import Amount, fold, parse, scale_factor
from summarizer.text.periods import PeriodMatch, find_periods, normalize_period, period_order, shift

__all__ = [
    "GroundedSection",
    "NOT_FOUND",
    "NO_CITATION",
    "NO_NUMBER",
    "consistency_warnings",
    "ground_section",
    "resolve_citations",
]

NO_CITATION = "no valid citation"
NOT_FOUND = "value not found in cited or section sentences"
NO_NUMBER = "value is not a figure"
CHANGE_NOT_LEVEL = "the value is the metric's change, not its level"

_MAX_RELATIVE_ROUNDING = 0.05  # "$48 million" for "$48.2 million" is rounding; "$46 million" is not


class GroundedSection(BaseModel):
    """One section's items after grounding: what was kept, what was rejected, and why."""

    section_id: str
    kpis: list[KPI] = Field(default_factory=list)
    guidance: list[Guidance] = Field(default_factory=list)
    ai_strategy: list[AIPoint] = Field(default_factory=list)
    qa_theme: QATheme | None = None
    rejected: list[Rejected] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # warning level: dropped YoY, re-pointed evidence


# --- citations ---------------------------------------------------------------------------------

_ID = re.compile(r"[sS]?\s*(\d+)")
_ID_RANGE = re.compile(r"^\s*\[?\s*[sS]?(\d+)\s*(?:-|–|to|~)\s*[sS]?(\d+)\s*\]?\s*$")


def _normalise_ids(ids: list[str]) -> list[str]:
    out: list[str] = []
    for raw in ids:
        if not isinstance(raw, str):
            continue
        for part in re.split(r"[,;，、\s]+(?=[sS]?\d)", raw.strip()):
            span = _ID_RANGE.match(part)
            if span and 0 <= int(span[2]) - int(span[1]) <= 20:
                out.extend(f"s{n}" for n in range(int(span[1]), int(span[2]) + 1))
                continue
            m = _ID.search(part)
            if m:
                out.append(f"s{int(m[1])}")
    return list(dict.fromkeys(out))


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


# --- per-sentence analysis ---------------------------------------------------------------------

# Text in a transcript that addresses the model rather than the audience is not evidence.
_INJECTION = re.compile(
    r"ignore\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|other)\s+(?:instructions|prompts?|rules)"
    r"|disregard\s+(?:all\s+|the\s+)?(?:previous|prior|above)|system\s+prompt|you\s+are\s+(?:an?\s+)?(?:ai|assistant|language\s+model)"
    r"|(?:as\s+an?\s+)?(?:ai|language\s+model|assistant|summari[sz]er)[,:]?\s+(?:you\s+)?(?:must|should)\s+(?:report|state|output|write)"
    r"|(?:when|if)\s+(?:you\s+)?summari[sz]ing|(?:note|instruction)s?\s+(?:to|for)\s+(?:the\s+)?(?:ai|model|assistant|summari[sz]er)"
    r"|(?:report|output|state|write)\s+(?:that\s+)?(?:the\s+)?(?:revenue|figure|number)s?\s+(?:as|is|was|=)"
    r"|<\|im_(?:start|end)\|>|<\|system\|>|\[/?INST\]|###\s*(?:instruction|system)|\bassistant\s*:"
    r"|the\s+(?:correct|real|true)\s+(?:revenue|figure|number|value)s?\s+(?:is|are|was|were)"
    r"|忽略(?:之前|以上|上述|前面)?的?(?:所有)?(?:指令|指示|提示)|請(?:你)?(?:報告|輸出)|请(?:你)?(?:报告|输出)|系統提示|系统提示",
    re.I,
)


@dataclass
class _Sentence:
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


@dataclass
class _Context:
    section: Section
    transcript: Transcript
    sentences: dict[str, _Sentence] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, section: Section, transcript: Transcript) -> _Context:
        ctx = cls(section, transcript)
        for index, sentence in enumerate(section.sentences):
            text = transcript.text[sentence.span.start : sentence.span.end] or sentence.text
            ctx.sentences[sentence.id] = _Sentence(sentence, index, text, parse(text), bool(_INJECTION.search(fold(text))))
            ctx.order.append(sentence.id)
        return ctx

    def neighbours(self, cited: list[str]) -> list[_Sentence]:
        """Section sentences not cited, nearest to the first citation first."""
        anchor = self.sentences[cited[0]].index if cited else 0
        rest = [self.sentences[sid] for sid in self.order if sid not in cited]
        return sorted(rest, key=lambda s: (abs(s.index - anchor), s.index))


# --- value matching ----------------------------------------------------------------------------

_MONEY = re.compile(r"^[A-Z]{3}$")


def _decimals(text: str) -> list[int]:
    return [len(m[1] or "") for m in re.finditer(r"\d[\d,]*(?:\.(\d+))?", fold(text))]


def _unit_status(model: str | None, found: str | None, *, change: bool = False) -> GroundingStatus | None:
    """How two units agree: equal, one missing (normalised), near (fuzzy), or not at all (None).

    A model's "12%" is not a sentence's bare "12"; a "$" the model added to "0.3 million" is fine.
    Percent and points stand in for each other only in changes ("2.7% higher" said of a margin).
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


def _value_status(model: float, model_scale: str | None, model_text: str, found: float,
                  found_amount: Amount) -> GroundingStatus | None:
    """Compare one model value with one value of a parsed amount (absolute values: signs come from words)."""
    a, b = abs(model), abs(found)
    if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
        return GroundingStatus.normalised
    if model_scale is None and found_amount.scale is not None:
        a *= scale_factor(found_amount.scale)  # the model wrote "48.2" for "$48.2 million"
        if math.isclose(a, b, rel_tol=1e-9):
            return GroundingStatus.normalised
    decimals_model = _decimals(model_text)
    if not decimals_model or b == 0:
        return None
    # Tolerance: half a unit in the model's last written digit. The model may round the transcript
    # ("$48 million" for "$48.2 million"), never add precision to it ("$12.2 billion" for "$12 billion").
    written = _as_written(model_text, 0)
    tolerance = 10.0 ** (-decimals_model[0]) * (a / written if written else 1.0) / 2 * (1 + 1e-9)
    if abs(a - b) <= tolerance and abs(a - b) / b <= _MAX_RELATIVE_ROUNDING:
        return GroundingStatus.fuzzy
    return None


def _as_written(text: str, which: int) -> float:
    numbers = [float(m.replace(",", "")) for m in re.findall(r"\d[\d,]*(?:\.\d+)?", fold(text))]
    if not numbers:
        return 0.0
    return abs(numbers[min(which, len(numbers) - 1)])


def _worse(*statuses: GroundingStatus) -> GroundingStatus:
    order = [GroundingStatus.exact, GroundingStatus.normalised, GroundingStatus.fuzzy, GroundingStatus.not_found]
    return max(statuses, key=order.index)


def _compare(model: Amount, model_text: str, value: float, model_scale: str | None, found: Amount,
             sentence_text: str, *, change: bool = False) -> tuple[GroundingStatus, int] | None:
    """Best agreement of one model value with a parsed amount: (status, which end matched)."""
    unit = _unit_status(model.unit, found.unit, change=change)
    if unit is None:
        return None
    best: tuple[GroundingStatus, int] | None = None
    for which, candidate in enumerate(found.values()):
        status = _value_status(value, model_scale, model_text, candidate, found)
        if status is None:
            continue
        status = _worse(status, unit)
        if status is GroundingStatus.normalised and unit is GroundingStatus.exact and _verbatim(model_text, found, sentence_text):
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
    return written == found_text or (written in _squash(sentence_text) and (written in found_text or found_text in written))


# --- metric agreement --------------------------------------------------------------------------


def _nearest_mention(entry: _Sentence, amount: Amount) -> Mention | None:
    """The metric the sentence attributes ``amount`` to, or None when it cannot tell.

    The closest name before the amount in the sentence ("Revenue was $5 million"), unless one
    follows it at once ("a 12.4% net loss margin"); with no name before, one shortly after
    ("$212.6 million in cash"), with no other amount in between.
    """
    before = [m for m in entry.mentions if m.end <= amount.start]
    after = [
        m
        for m in entry.mentions
        if m.start >= amount.end
        and m.start - amount.end <= 20
        and not any(amount.end <= a.start < m.start for a in entry.amounts)
    ]
    if after and (not before or not entry.text[amount.end : after[0].start].strip(" %")):
        return after[0]
    return before[-1] if before else None


_GENERIC = re.compile(
    r"^(?:total|revenues?|sales|income|quarter(?:ly)?|year|annual|increase[sd]?|decrease[sd]?|growth|grew|"
    r"declined?|percent|million|billion|the|and|for|with|from|that|this|were|was|our|per|share|sequential(?:ly)?|"
    r"over|compared|versus|record|qtrly|net|gross|adjusted|basis)$",
    re.I,
)


# Metrics a call splits into segments that add up to a total.
_SEGMENTED = {"revenue", "gross_profit", "operating_income", "cost_of_revenue", "opex", "gmv", "dau", "mau",
              "paying_users", "rd_expense", "sm_expense", "ga_expense"}  # fmt: skip


def _shares_words(label: str, text: str) -> bool:
    """Whether a sentence uses a distinctive word of a metric label the key tables do not know."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z&-]{2,}", label) if not _GENERIC.match(w)]
    bigrams = [m for w in re.findall(r"[\u4e00-\u9fff]{2,}", label) for m in (w[i : i + 2] for i in range(len(w) - 1))]
    haystack = fold(text).lower()
    if any(w.lower() in haystack for w in words) or any(b in haystack for b in bigrams):
        return True
    # "net interest income" is "NII" in the sentence
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", label) if w.lower() not in {"and", "of", "the"}).upper()
    acronyms = set(re.findall(r"\b[A-Z]{2,5}\b", fold(text)))
    return any(a in initials for a in acronyms if len(a) >= 3 or a == initials)


def _metric_fit(key: str | None, segment: str | None, entry: _Sentence, amount: Amount, label: str = "") -> str:
    """'ok', 'silent' (nothing ties the sentence to the metric) or 'other' (it names another metric,
    or gives the value for a segment when the total is claimed)."""
    if key is None:
        return "ok" if _shares_words(label, entry.text) else "silent"
    if family(key) == "eps" and amount.per is not None:
        return "ok"  # "$0.82 per diluted share" names the metric itself
    if not entry.mentions:
        return "silent"
    wanted = family(key)
    if not any(family(m.key) == wanted for m in entry.mentions):
        return "other"
    nearest = _nearest_mention(entry, amount)
    if nearest is None:
        return "silent"  # the metric is named, but not where this amount is
    if family(nearest.key) != wanted:
        return "other"  # "Net loss was $3.9 million" does not state revenue, though revenue is named
    if wanted not in _SEGMENTED:
        return "ok"  # cash, margins, EPS...: words before them qualify, they do not split a total
    if segment is None and nearest.segment is not None:
        return "segment"  # the total was claimed; the sentence gives this value for a segment
    if segment is not None and nearest.segment is None and not _segment_in(segment, entry.text):
        return "other"
    if (
        segment is not None
        and nearest.segment is not None
        and _QUALIFIER.match(segment)
        and not _segment_in(segment, entry.text, distinctive=True)
    ):
        # A qualifier the sentence does not state: the model labelled "Cloud revenues were $21.7
        # million" with words from a neighbouring sentence ("revenue excluding end-of-sale
        # products"). A name it does not state may be right ("Shengwang" for a misheard name).
        return "segment"
    return "ok"


# A basis qualifier, not a name: "excluding end-of-sale products", "before severance", 剔除...
_QUALIFIER = re.compile(r"(?:excluding|excl\b|ex-|including|before|after|net of|adjusted for|剔除|不含|扣除|不計|不计)", re.I)


def _segment_in(segment: str, text: str, *, distinctive: bool = False) -> bool:
    """Whether ``text`` uses a word of ``segment`` (``distinctive``: not counting "total", "year"...)."""
    words = re.findall(r"[A-Za-z]{3,}|[\u4e00-\u9fff]{2,}", segment)
    if distinctive:
        words = [w for w in words if not _GENERIC.match(w) and not _QUALIFIER.fullmatch(w)]
    haystack = fold(text).lower()
    return not words or any(w.lower() in haystack for w in words)


# --- finding a value in the section ------------------------------------------------------------


@dataclass
class _Match:
    entry: _Sentence
    amount: Amount
    which: int
    status: GroundingStatus
    cited: bool
    segment: str | None = None  # the segment the sentence gives the value for, when the model said total


def _find(value_text: str, model: Amount, ctx: _Context, cited: list[str], key: str | None,
          segment: str | None, *, label: str = "", value: float | None = None, scale: str | None = None) -> _Match | None:
    """The best sentence amount agreeing with one model value: cited sentences first, then the section."""
    target = model.value if value is None else value
    target_scale = model.scale if scale is None else scale
    pools = [(True, [ctx.sentences[s] for s in cited]), (False, ctx.neighbours(cited))]
    for is_cited, entries in pools:
        best: _Match | None = None
        for entry in entries:
            if entry.injected:
                continue
            for amount in entry.amounts:
                compared = _compare(model, value_text, target, target_scale, amount, entry.text)
                if compared is None:
                    continue
                fit = _metric_fit(key, segment, entry, amount, label)
                if fit == "other" or (fit == "silent" and not is_cited):
                    continue
                status = compared[0]
                relabel = None
                if fit == "segment":
                    # A small model calls a segment's revenue "revenue": keep the figure, but
                    # under the segment the sentence names, and never as the total.
                    nearest = _nearest_mention(entry, amount)
                    if nearest is not None and nearest.segment:
                        named = entry.text[nearest.start : nearest.end]
                        joint = "" if _CJK.match(named[:1]) or _CJK.match(nearest.segment[-1:]) else " "
                        relabel = f"{nearest.segment}{joint}{named}"
                    status = _worse(status, GroundingStatus.normalised)
                if fit == "silent":
                    status = _worse(status, GroundingStatus.fuzzy)
                if not is_cited:
                    status = _worse(status, GroundingStatus.normalised)
                if best is None or _rank(status) < _rank(best.status):
                    best = _Match(entry, amount, compared[1], status, is_cited, relabel)
        if best is not None:
            return best
    return None


def _rank(status: GroundingStatus) -> int:
    return [GroundingStatus.exact, GroundingStatus.normalised, GroundingStatus.fuzzy].index(status)


# --- signs, changes, periods, basis ------------------------------------------------------------

_DOWN = re.compile(
    r"decrease[sd]?|declin(?:e[sd]?|ing)|down|lower|fell|fall(?:ing|en)?|drop(?:ped)?|reduc(?:ed|tion)|contract(?:ed|ion)"
    r"|shr[au]nk|negative|narrow(?:ed)?|下降|減少|减少|下滑|下跌|降低|減|减|回落|收窄|負|负",
    re.I,
)
_UP = re.compile(
    r"increase[sd]?|grew|grow(?:th|ing|n)?|up|higher|rose|rise|rising|gain(?:ed)?|expand(?:ed)?|improv(?:ed|ement)"
    r"|增長|增长|增加|上升|提升|提高|增|升",
    re.I,
)
_YOY = re.compile(
    r"year[\s-]*over[\s-]*year|year[\s-]*on[\s-]*year|\byoy\b|\by/y\b|from\s+a\s+year\s+ago|year[\s-]+ago"
    r"|(?:same|prior[\s-]year)\s+(?:quarter|period)|over\s+year|同比|年減|年减|年增|較去年同期|较去年同期|比去年同期|去年同期",
    re.I,
)
_QOQ = re.compile(
    r"quarter[\s-]*over[\s-]*quarter|quarter[\s-]*on[\s-]*quarter|\bqoq\b|\bq/q\b|sequential(?:ly)?|previous\s+quarter"
    r"|prior\s+quarter|last\s+quarter|環比|环比|季減|季减|季增|較上季|较上季|較上一季|上季",
    re.I,
)
_LOSS = re.compile(r"\bloss(?:es)?\b|虧損|亏损|淨虧|净亏", re.I)
_SIGNED_KEYS = {"net_income", "operating_income", "eps", "net_margin", "operating_margin", "ebitda", "ebitda_margin"}
# Words that put a period on the far side of a comparison ("$5 million, compared to $4 million in
# Q3 2023"); 同比 and 環比 name a change, not a comparison period.
_COMPARISON = re.compile(
    r"compared|versus|\bvs\.?|\bfrom\b|\bagainst\b|相比|相較|相较|(?<![同環环])比(?!例|重)|[較较](?=去年|上|同期)"
    r"|從|从|由(?![於于])",
    re.I,
)


def _window(entry: _Sentence, amount: Amount) -> tuple[str, str]:
    """Text between ``amount`` and its neighbouring amounts in the sentence (before, after)."""
    previous_end = max((a.end for a in entry.amounts if a.end <= amount.start), default=0)
    next_start = min((a.start for a in entry.amounts if a.start >= amount.end), default=len(entry.text))
    return entry.text[max(previous_end, amount.start - 60) : amount.start], entry.text[amount.end : min(next_start, amount.end + 60)]


def _change_kind(entry: _Sentence, amount: Amount) -> str | None:
    """'yoy' or 'qoq' by the nearest cue word on either side of the amount, or None."""
    before, after = _window(entry, amount)
    candidates: list[tuple[int, str]] = []
    for kind, pattern in (("yoy", _YOY), ("qoq", _QOQ)):
        hits_after = [m.start() for m in pattern.finditer(after)]
        hits_before = [len(before) - m.end() for m in pattern.finditer(before)]
        candidates.extend((d, kind) for d in hits_after + hits_before)
    return min(candidates)[1] if candidates else None


# A percentage that is a level, not a change: "representing 52.5% of total revenue", "佔總收入的 68.3%",
# "gross margin was 54%".
_LEVEL_BEFORE = re.compile(
    r"(?:representing|represented|accounted\s+for|accounting\s+for|account\s+for|share\s+of|margin\s+(?:of|was|is|at)"
    r"|rate\s+(?:of|was|is|at)|佔|占|率為|率为|率是|比例為|比例为)[^,;，；]{0,25}$",
    re.I,
)
_LEVEL_AFTER = re.compile(r"^\s*(?:of\s+(?:total|our|net|the)\b|of\s+(?:revenues?|sales)|margin)", re.I)


def _is_level(entry: _Sentence, amount: Amount) -> bool:
    before, after = _window(entry, amount)
    return bool(_LEVEL_BEFORE.search(before) or _LEVEL_AFTER.search(after))


def _direction_sign(entry: _Sentence, amount: Amount) -> int:
    """-1 when words around the amount say it fell, +1 when they say it rose, 0 when silent."""
    if amount.value < 0:
        return -1
    before, after = _window(entry, amount)
    clause_before = re.split(r"[,;，；。]", before)[-1]
    downs = [m.end() for m in _DOWN.finditer(clause_before)]
    ups = [m.end() for m in _UP.finditer(clause_before)]
    if downs or ups:
        return -1 if max(downs, default=-1) > max(ups, default=-1) else 1
    head = re.split(r"[,;，；。]", after)[0][:25]
    if _DOWN.search(head):
        return -1
    if _UP.search(head):
        return 1
    return 0


def _period(entry: _Sentence, amount: Amount, reference: str | None, *, forward: bool) -> str | None:
    """The period a sentence gives for ``amount``: the closest phrase that is not another amount's.

    A phrase before the amount may be clauses away ("在第四季度，我們的總收入...達到 36 億元"); one
    after it must be in the same clause ("$48.2 million in the second quarter"). A phrase across a
    comparison word, or with another amount of the same unit in between, belongs to that amount.
    """
    best: tuple[float, str] | None = None
    for match in find_periods(entry.text, reference=reference, forward=forward):
        if match.end <= amount.start:
            lo, hi = match.end, amount.start
        elif match.start >= amount.end:
            lo, hi = amount.end, match.start
            if re.search(r"[,，;；:：]", entry.text[lo:hi]):
                continue
        else:
            continue
        between = entry.text[lo:hi]
        if _COMPARISON.search(between) or re.search(r"[。;；]|\.(?=\s|$)", between):
            continue
        if any(_attached(a, match, lo, hi) for a in entry.amounts if a is not amount and a.unit == amount.unit):
            continue  # "從去年第一季度的人民幣 15 億元增加到人民幣 18 億元": the period is 15's
        canonical = match.canonical
        if match.relative and reference and shift(reference, 0) and canonical.startswith("FY") and re.search(
            r"last\s+year|去年", match.text, re.I
        ):
            canonical = shift(reference, -4) or canonical  # "compared to $3 million last year" on a quarterly call
        distance = float(hi - lo)
        if match.start >= amount.end and entry.text.isascii():
            distance = distance / 2 - 0.5  # English states the period after the figure: "$7 million lower in Q1"
        if best is None or distance < best[0]:
            best = (distance, canonical)
    return best[1] if best else None


def _attached(other: Amount, match: PeriodMatch, lo: int, hi: int) -> bool:
    """Whether ``other`` lies between a period phrase and our amount, right next to the phrase."""
    if not (lo <= other.start and other.end <= hi):
        return False
    return other.start - lo <= 8 if match.start < lo else hi - other.end <= 8


def _inherited_period(ctx: _Context, entry: _Sentence, reference: str | None) -> str | None:
    """The period of the sentences just before ``entry`` in the same paragraph (no line break between):
    "2024 年，總收入... 。調整後淨利潤...達到 177 億元" is full-year 2024 throughout."""
    current = entry
    for _ in range(3):
        if current.index == 0:
            return None
        previous = ctx.sentences[ctx.order[current.index - 1]]
        gap = ctx.transcript.text[previous.sentence.span.end : current.sentence.span.start]
        if "\n" in gap:
            return None
        for match in find_periods(previous.text, reference=reference):
            head = previous.text[: match.start]
            if not _COMPARISON.search(head[-25:]):
                return match.canonical
        current = previous
    return None


_BASIS = [
    (re.compile(r"non[\s-]?gaap|non[\s-]?gap\b", re.I), Basis.non_gaap),
    (re.compile(r"non[\s-]?ifrs|非國際財務報告準則|非国际财务报告准则", re.I), Basis.non_ifrs),
    (re.compile(r"pro[\s-]?forma", re.I), Basis.pro_forma),
    (re.compile(r"\bgaap\b|\bgap\s+(?:basis|net|operating|results?|measures?|terms|figures?)", re.I), Basis.gaap),
    (re.compile(r"\bifrs\b|國際財務報告準則|国际财务报告准则", re.I), Basis.ifrs),
]


def _basis(figure: Figure, entry: _Sentence, amount: Amount) -> Basis | None:
    if figure.basis:
        try:
            return Basis(figure.basis)
        except ValueError:
            pass
    clause = re.split(r"[.;。；]", entry.text[: amount.start])[-1]
    for text in (figure.metric or "", clause):
        for pattern, basis in _BASIS:
            if pattern.search(text):
                return basis
    return None


# --- figures -----------------------------------------------------------------------------------


def _reject(kind: str, section: Section, reason: str, item: BaseModel) -> Rejected:
    return Rejected(kind=kind, section_id=section.id, reason=reason, item=item.model_dump(mode="json"))


def _quote(entry: _Sentence) -> Quote:
    return Quote(sentence_id=entry.sentence.id, span=entry.sentence.span, text=entry.sentence.text)


def _change(raw: str | None, label: str, kind: str, figure: Figure, ctx: _Context, match: _Match,
            cited: list[str], notes: list[str]) -> tuple[float | None, str | None, _Sentence | None]:
    """Ground a YoY or QoQ change: (value with sign, unit, extra evidence sentence) or Nones."""
    if raw is None or not raw.strip() or raw.strip() in {"-", "n/a", "N/A", "null", "None"}:
        return None, None, None
    parsed = parse(raw)
    if not parsed:
        notes.append(f"{ctx.section.id}: {label} '{raw}' of '{figure.metric}' is not a number; dropped")
        return None, None, None
    model = parsed[0]
    unit_model = model.unit if model.unit in {"%", "pp"} else None
    probe = model.model_copy(update={"unit": unit_model})
    order = [match.entry] + [ctx.sentences[s] for s in cited if s != match.entry.sentence.id]
    near = [ctx.sentences[ctx.order[i]] for i in (match.entry.index - 1, match.entry.index + 1) if 0 <= i < len(ctx.order)]
    order += [e for e in near if e not in order]
    other = "qoq" if kind == "yoy" else "yoy"
    for entry in order:
        if entry.injected:
            continue
        for amount in entry.amounts:
            if amount.unit not in {"%", "pp"} or (entry is match.entry and amount.start == match.amount.start):
                continue
            compared = _compare(probe, raw, model.value, None, amount, entry.text, change=True)
            if compared is None:
                continue
            change_kind = _change_kind(entry, amount)
            if change_kind == other or (change_kind is None and _is_level(entry, amount)):
                continue
            sign = _direction_sign(entry, amount)
            value = abs(amount.values()[compared[1]])
            if sign < 0 or (sign == 0 and model.value < 0):
                value = -value
            extra = entry if entry is not match.entry else None
            return value, amount.unit, extra
    notes.append(f"{ctx.section.id}: {label} '{raw}' of '{figure.metric}' not found in the evidence; dropped")
    return None, None, None


def _infer_change(kind: str, match: _Match, key: str | None) -> tuple[float | None, str | None]:
    """The sentence's own YoY or QoQ for the matched figure, when the model left it out.

    Only percentages (or percentage points) that follow the figure, before the next figure of
    another kind or the name of another metric than ``key``, and that a cue word marks as
    ``kind``: "$48.2 million, an increase of 6.1% quarter-over-quarter and 3.4% year-over-year";
    not "超過 75 分鐘,...我們的海外總收入同比保持了 52.9%的增長" (overseas revenue's 52.9%).
    """
    entry = match.entry
    for amount in entry.amounts:
        if amount.start <= match.amount.start:
            continue
        if amount.unit not in {"%", "pp"}:
            break
        if any(match.amount.end <= m.start < amount.start and family(m.key) != family(key) for m in entry.mentions):
            break
        if _change_kind(entry, amount) == kind and not _is_level(entry, amount):
            value = abs(amount.values()[0])
            return (-value if _direction_sign(entry, amount) < 0 else value), amount.unit
    return None, None


# Keys whose level is a percentage; every other key's level is an amount or a count.
_PERCENT_KEYS = {"gross_margin", "net_margin", "operating_margin", "ebitda_margin", "net_retention"}


def _change_as_level(key: str | None, match: _Match) -> bool:
    """Whether the figure's value is a change of an amount metric the sentence gives no level of:
    "巴西的日活躍用户同比增長 9.3%" returned as Brazil DAU = 9.3%, "本地服務收入同比增長 2.6 倍" as
    local services revenue = 2.6x (on Kuaishou, 6 of 34 KPIs). A share ("佔總收入的 68.3%") is a level."""
    if key is None or family(key) in _PERCENT_KEYS or match.amount.unit not in {"%", "pp", "x"}:
        return False
    return not _is_level(match.entry, match.amount)


def _ground_figure(figure: Figure, ctx: _Context, notes: list[str]) -> KPI | Rejected:
    section, transcript = ctx.section, ctx.transcript
    quotes = resolve_citations(figure.cite, section)
    if not quotes:
        return _reject("kpi", section, NO_CITATION, figure)
    model = parse(figure.value or "")
    if not model:
        return _reject("kpi", section, NO_NUMBER, figure)
    key, label_segment = describe(figure.metric or "")
    segment = clean_segment(figure.segment) or label_segment
    cited = [q.sentence_id for q in quotes]
    match = _find(figure.value, model[0], ctx, cited, key, segment, label=figure.metric or "")
    if match is None:
        return _reject("kpi", section, NOT_FOUND, figure)
    if not match.cited:
        notes.append(
            f"{section.id}: '{figure.metric}' {figure.value} cited {', '.join(cited)} but is stated in "
            f"{match.entry.sentence.id}; evidence re-pointed"
        )
    metric = figure.metric
    if match.segment:
        # The sentence names the row: "Cloud revenues were $21.7 million" is not total revenue,
        # nor the row the model named from another sentence.
        notes.append(f"{section.id}: '{figure.metric}' {figure.value} is stated as '{match.segment}'; relabelled")
        metric = match.segment
        key, segment = describe(metric)
        segment = clean_segment(segment) or segment
    amount = match.amount
    if _change_as_level(key, match):
        return _reject("kpi", section, CHANGE_NOT_LEVEL, figure)
    value = amount.values()[match.which]
    written_unit = model[0].unit
    if written_unit and amount.unit and written_unit != amount.unit:
        notes.append(
            f"{section.id}: '{figure.metric}' written as {figure.value} but {match.entry.sentence.id} says "
            f"{amount.text} ({amount.unit}); kept as stated"
        )
    # Net income and its kin carry their sign: a loss is negative even when written "$3.4 million".
    clause = re.split(r"[,;，；。]", match.entry.text[: amount.start])[-1]
    if value > 0 and family(key) in _SIGNED_KEYS and (_LOSS.search(figure.metric or "") or _LOSS.search(clause)):
        value = -value
    yoy, yoy_unit, yoy_entry = _change(figure.yoy, "yoy", "yoy", figure, ctx, match, cited, notes)
    qoq, qoq_unit, qoq_entry = _change(figure.qoq, "qoq", "qoq", figure, ctx, match, cited, notes)
    if yoy is None and amount.unit not in {"%", "pp"}:
        yoy, yoy_unit = _infer_change("yoy", match, key)
    if qoq is None and amount.unit not in {"%", "pp"}:
        qoq, qoq_unit = _infer_change("qoq", match, key)
    evidence = [_quote(match.entry)] + [q for q in quotes if q.sentence_id != match.entry.sentence.id and match.cited]
    for extra in (yoy_entry, qoq_entry):
        if extra is not None and all(q.sentence_id != extra.sentence.id for q in evidence):
            evidence.append(_quote(extra))
    period = None
    if figure.period:
        period = normalize_period(figure.period, reference=transcript.period)
    period = (
        period
        or _period(match.entry, amount, transcript.period, forward=False)
        or _inherited_period(ctx, match.entry, transcript.period)
        or transcript.period
    )
    return KPI(
        metric=metric,
        key=key,
        segment=segment,
        value=value,
        value_text=amount.text,
        unit=amount.unit,
        scale=amount.scale,
        period=period,
        yoy=yoy,
        yoy_unit=yoy_unit,
        qoq=qoq,
        qoq_unit=qoq_unit,
        basis=_basis(figure, match.entry, amount),
        speaker=match.entry.sentence.speaker or section.speaker,
        section_id=section.id,
        evidence=evidence,
        grounding=match.status,
    )


# --- guidance ----------------------------------------------------------------------------------


def _ground_outlook(outlook: Outlook, ctx: _Context, notes: list[str]) -> Guidance | Rejected:
    section, transcript = ctx.section, ctx.transcript
    quotes = resolve_citations(outlook.cite, section)
    if not quotes:
        return _reject("guidance", section, NO_CITATION, outlook)
    cited = [q.sentence_id for q in quotes]
    key, segment = describe(outlook.metric or "")
    try:
        direction = Direction(outlook.direction)
    except ValueError:
        direction = Direction.new
    first = ctx.sentences[cited[0]]
    reference = transcript.period
    stated_period = normalize_period(outlook.period, reference=reference, forward=True) if outlook.period else None

    written = [(t, parse(t)) for t in (outlook.low, outlook.high) if t and t.strip()]
    if not written and not (outlook.statement or "").strip():
        # A small model often names the guided metric but leaves the figures out: take them
        # from the cited sentence when it states exactly one range or one amount.
        picked = None
        for q in quotes:
            entry = ctx.sentences[q.sentence_id]
            if not FORWARD.search(entry.text):
                continue
            ranges = [a for a in entry.amounts if a.is_range]
            plain = [a for a in entry.amounts if not a.is_range]
            picked = ranges[0] if len(ranges) == 1 else (plain[0] if not ranges and len(plain) == 1 else None)
            if picked is not None:
                cited, quotes, first = [entry.sentence.id], [q], entry
                outlook = outlook.model_copy(update={"cite": cited})
                break
        if picked is not None:
            written = [(picked.text, [picked])]
        elif FORWARD.search(first.text):
            outlook = outlook.model_copy(update={"statement": first.text})
        else:
            return _reject("guidance", section, NO_NUMBER, outlook)
    if not written:
        # Qualitative guidance must rest on a sentence about the future; a small model files
        # any remark it cannot place under guidance.
        forward = [q for q in quotes if FORWARD.search(q.text)]
        if not forward:
            return _reject("guidance", section, NOT_FORWARD, outlook)
        quotes, first = forward, ctx.sentences[forward[0].sentence_id]
        return Guidance(
            metric=outlook.metric, key=key,
            period=stated_period or _first_period(first, reference),
            statement=outlook.statement, direction=direction,
            speaker=first.sentence.speaker or section.speaker, section_id=section.id,
            evidence=quotes, grounding=GroundingStatus.exact,
        )  # fmt: skip
    if any(not amounts for _, amounts in written):
        return _reject("guidance", section, NO_NUMBER, outlook)
    if len(written) == 1 and len(written[0][1]) == 2 and not written[0][1][0].is_range:
        # "$50 and $53 million" copied without its "between": the two ends of one range.
        text, (low_end, high_end) = written[0]
        written = [(low_end.text, [low_end]), (high_end.text, [high_end])]

    # The model's low and high: one range string, two strings, or a single figure.
    ends: list[tuple[str, Amount, float, str | None]] = []
    if len(written) == 1 and written[0][1][0].is_range:
        text, (rng, *_) = written[0][0], written[0][1]
        ends = [(text, rng, rng.values()[0], rng.scale), (text, rng, rng.values()[1], rng.scale)]
    else:
        for text, amounts in written:
            ends.append((text, amounts[0], amounts[0].value, amounts[0].scale))
        if len(ends) == 2 and ends[0][3] is None and ends[1][3] is not None:
            # "$34" and "$36 million": the scale is written once, on the high end.
            text, amount, value, _ = ends[0]
            ends[0] = (text, amount, value * scale_factor(ends[1][3]), ends[1][3])

    matches: list[_Match] = []
    for text, amount, value, scale in ends:
        probe = amount.model_copy(update={"low": None, "high": None, "value": value, "scale": scale})
        found = _find(text, probe, ctx, cited, key, segment, label=outlook.metric or "", value=value, scale=scale)
        if found is None:
            return _reject("guidance", section, NOT_FOUND, outlook)
        matches.append(found)

    status = _worse(*(m.status for m in matches))
    if any(not m.cited for m in matches):
        notes.append(f"{section.id}: guidance '{outlook.metric}' evidence re-pointed to the sentence stating it")
    evidence: list[Quote] = []
    for m in matches:
        if all(q.sentence_id != m.entry.sentence.id for q in evidence):
            evidence.append(_quote(m.entry))
    if all(m.cited for m in matches):
        evidence += [q for q in quotes if all(q.sentence_id != e.sentence_id for e in evidence)]
    lo_match, hi_match = matches[0], matches[-1]
    low = lo_match.amount.values()[lo_match.which]
    high = hi_match.amount.values()[hi_match.which]
    if len(matches) == 1:
        high = None
    if lo_match.amount is hi_match.amount:
        value_text = lo_match.amount.text
    elif lo_match.entry is hi_match.entry:
        value_text = lo_match.entry.text[lo_match.amount.start : hi_match.amount.end]
    else:
        value_text = f"{lo_match.amount.text} / {hi_match.amount.text}"
    if high is not None and low > high:
        low, high = high, low
    period = stated_period or _period(lo_match.entry, lo_match.amount, reference, forward=True)
    if not any(FORWARD.search(m.entry.text) for m in matches) and not _later(period, reference):
        # "Agora revenue were $15.7 million in the third quarter" is a result, not guidance.
        return _reject("guidance", section, NOT_FORWARD, outlook)
    return Guidance(
        metric=outlook.metric,
        key=key,
        period=period,
        low=low,
        high=high,
        unit=lo_match.amount.unit or hi_match.amount.unit,
        value_text=value_text,
        statement=outlook.statement,
        direction=direction,
        speaker=lo_match.entry.sentence.speaker or section.speaker,
        section_id=section.id,
        evidence=evidence,
        grounding=status,
    )


def _later(period: str | None, reference: str | None) -> bool:
    """Whether ``period`` ends after the call's own period (both canonical, e.g. "2024Q4")."""
    ends = [period_order(p) if p else None for p in (period, reference)]
    return ends[0] is not None and ends[1] is not None and ends[0][1] > ends[1][1]


def _first_period(entry: _Sentence, reference: str | None) -> str | None:
    matches = find_periods(entry.text, reference=reference, forward=True)
    return matches[0].canonical if matches else None


# --- AI points and Q&A themes ------------------------------------------------------------------


FIGURE_NOT_STATED = "a figure in the text is not stated in the cited sentences"


def _figures_stated(text: str, sentences: list[_Sentence]) -> bool:
    """Every quantity in the model's own words is one the sentences state (rounding tolerated)."""
    pool = [v for s in sentences if not s.injected for a in s.amounts for v in a.values()]
    return all(
        any(math.isclose(v, p, rel_tol=_MAX_RELATIVE_ROUNDING) for v in amount.values() for p in pool)
        for amount in parse(text)
    )


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
NOT_FORWARD = "no cited sentence speaks of the future"
NOT_ABOUT_AI = "no cited sentence mentions AI"  # AI_TERMS: what such evidence must mention


def _ground_ai(move: AIMove, ctx: _Context) -> AIPoint | Rejected:
    quotes = resolve_citations(move.cite, ctx.section)
    if not quotes:
        return _reject("ai_point", ctx.section, NO_CITATION, move)
    quotes = [q for q in quotes if not ctx.sentences[q.sentence_id].injected]
    if not quotes:
        return _reject("ai_point", ctx.section, "cited sentences read as instructions to the model", move)
    if not _figures_stated(move.point, [ctx.sentences[q.sentence_id] for q in quotes]):
        return _reject("ai_point", ctx.section, FIGURE_NOT_STATED, move)
    about_ai = [q for q in quotes if AI_TERMS.search(q.text)]
    if not about_ai:
        return _reject("ai_point", ctx.section, NOT_ABOUT_AI, move)
    quotes = about_ai
    try:
        category = AICategory(move.category)
    except ValueError:
        category = AICategory.other
    first = ctx.sentences[quotes[0].sentence_id]
    return AIPoint(
        category=category,
        point=move.point,
        speaker=first.sentence.speaker or ctx.section.speaker,
        section_id=ctx.section.id,
        evidence=quotes,
    )


def _askers(section: Section) -> list[Asker]:
    askers: list[Asker] = []
    if section.role is Role.analyst and (section.speaker or section.firm):
        askers.append(Asker(name=section.speaker, firm=section.firm))
    for turn in section.turns:
        if turn.role is Role.analyst and (turn.speaker or turn.firm):
            asker = Asker(name=turn.speaker, firm=turn.firm)
            if asker not in askers:
                askers.append(asker)
    return askers


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[。！？]")


def _whole_sentences(text: str, field: str) -> str:
    """A summary the grammar's length cap (``QA_TEXT_LENGTH``) cut mid-sentence, back to its last
    whole sentence, else marked as cut."""
    cap = QA_TEXT_LENGTH[field]
    text = text.strip()
    if len(text) < cap or _SENTENCE_END.search(text[-1]):
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return text[: ends[-1]] if ends else text + "…"


def _ground_theme(findings: QAFindings, ctx: _Context) -> QATheme | Rejected:
    quotes = resolve_citations(findings.cite, ctx.section)
    summary = findings.model_copy(update={"figures": [], "guidance": [], "ai": []})
    if not quotes:
        return _reject("qa_theme", ctx.section, NO_CITATION, summary)
    words = f"{findings.theme}\n{findings.question}\n{findings.answer}"
    if not _figures_stated(words, list(ctx.sentences.values())):
        return _reject("qa_theme", ctx.section, FIGURE_NOT_STATED, summary)
    return QATheme(
        theme=findings.theme,
        question=_whole_sentences(findings.question, "question"),
        answer=_whole_sentences(findings.answer, "answer"),
        askers=_askers(ctx.section),
        section_ids=[ctx.section.id],
        evidence=quotes,
    )


# --- the section -------------------------------------------------------------------------------


def _as_outlook(figure: Figure, ctx: _Context) -> Outlook | None:
    """A "figure" that is really guidance: a range, or the one amount of a forward-looking sentence."""
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


def ground_section(findings: RemarksFindings | QAFindings, section: Section, transcript: Transcript) -> GroundedSection:
    """Check one section's findings against its sentences; keep what holds, reject the rest.

    Every item returned cites sentences of ``section`` only; every figure's value was found in
    one of them. Items that fail are in ``rejected`` with the reason; warning-level notes
    (a YoY dropped, evidence re-pointed) are in ``notes``.
    """
    ctx = _Context.build(section, transcript)
    out = GroundedSection(section_id=section.id)
    outlooks = list(findings.guidance)
    for figure in findings.figures:
        as_guidance = _as_outlook(figure, ctx)
        if as_guidance is not None:
            outlooks.append(as_guidance)
            continue
        kpi = _ground_figure(figure, ctx, out.notes)
        if isinstance(kpi, Rejected):
            out.rejected.append(kpi)
        else:
            out.kpis.append(kpi)
    for outlook in outlooks:
        guidance = _ground_outlook(outlook, ctx, out.notes)
        if isinstance(guidance, Rejected):
            out.rejected.append(guidance)
        else:
            out.guidance.append(guidance)
    for move in findings.ai:
        point = _ground_ai(move, ctx)
        if isinstance(point, Rejected):
            out.rejected.append(point)
        else:
            out.ai_strategy.append(point)
    if isinstance(findings, QAFindings):
        theme = _ground_theme(findings, ctx)
        if isinstance(theme, Rejected):
            out.rejected.append(theme)
        else:
            out.qa_theme = theme
    return out


# --- consistency -------------------------------------------------------------------------------

_RATIO_UNITS = {"%", "pp", "x"}


def _label(kpi: KPI) -> str:
    name = kpi.key or kpi.metric
    return f"{name} ({kpi.segment})" if kpi.segment else name


def _where(kpi: KPI) -> str:
    ids = ", ".join(q.sentence_id for q in kpi.evidence)
    return f"{kpi.value_text} ({ids})" if ids else kpi.value_text


def _norm(text: str | None) -> str:
    return re.sub(r"[\W_]+", " ", (text or "").lower()).strip()


def _qualifier(kpi: KPI) -> str | None:
    amounts = parse(kpi.value_text)
    return amounts[0].qualifier if amounts else None


def _same(a: KPI, b: KPI) -> bool:
    """Whether two statements of a figure can both be right: equal within rounding, or within the
    bound one of them states ("more than 20 billion" and "35.4 billion"), or roughly equal."""
    if a.value is None or b.value is None:
        return a.value is b.value
    if math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-12):
        return True
    rounding = max(_rounding(a), _rounding(b))
    if abs(a.value - b.value) <= rounding / 2 * (1 + 1e-9):
        return True
    for bound, other, qualifier in ((a.value, b.value, _qualifier(a)), (b.value, a.value, _qualifier(b))):
        if qualifier == "more than" and abs(other) >= abs(bound):
            return True
        if qualifier == "less than" and abs(other) <= abs(bound):
            return True
        if qualifier == "approximately" and abs(bound - other) <= 0.1 * abs(bound):
            return True
    return False


def _rounding(kpi: KPI) -> float:
    decimals = _decimals(kpi.value_text)
    written = _as_written(kpi.value_text, 0)
    if not decimals or not written or kpi.value is None:
        return 0.0
    return 10.0 ** (-decimals[0]) * abs(kpi.value) / written


def consistency_warnings(kpis: list[KPI]) -> list[str]:
    """Warnings for figures that cannot all be right.

    One metric, segment and period (and unit) stated with two different values; and a segment's
    value larger than the total of the same metric and period (amounts and counts only: a
    segment's margin may well exceed the group's).
    """
    warnings: list[str] = []
    groups: dict[tuple[str, str, str, str, str], list[KPI]] = {}
    for kpi in kpis:
        if kpi.value is None:
            continue
        name = kpi.key or _norm(kpi.metric)
        basis = kpi.basis.value if kpi.basis else ""
        groups.setdefault((name, _norm(kpi.segment), kpi.period or "", kpi.unit or "", basis), []).append(kpi)
    for (_, _, period, _, _), items in groups.items():
        distinct: list[KPI] = []
        for kpi in items:
            if not any(_same(kpi, kept) for kept in distinct):
                distinct.append(kpi)
        if len(distinct) > 1:
            values = " vs ".join(_where(k) for k in distinct)
            warnings.append(f"{_label(distinct[0])} {period or 'period unknown'}: different values stated: {values}")
    totals: dict[tuple[str, str, str], KPI] = {}
    for kpi in kpis:
        if kpi.key and kpi.segment is None and kpi.value is not None and kpi.unit not in _RATIO_UNITS:
            totals.setdefault((kpi.key, kpi.period or "", kpi.unit or ""), kpi)
    for kpi in kpis:
        if not kpi.key or kpi.segment is None or kpi.value is None or kpi.unit in _RATIO_UNITS:
            continue
        total = totals.get((kpi.key, kpi.period or "", kpi.unit or ""))
        if total is not None and total.value is not None and abs(kpi.value) > abs(total.value) * (1 + 1e-9) and not _same(kpi, total):
            warnings.append(
                f"{_label(kpi)} {kpi.period or 'period unknown'}: segment value {_where(kpi)} exceeds the total "
                f"{_where(total)}"
            )
    return warnings
