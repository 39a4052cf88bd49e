"""Whether a sentence states an amount for the metric (and segment) the model claims.

A value stated there for another metric, or for a segment when the model claims the total, does
not count: this is what catches a small model copying values between rows.
"""

from __future__ import annotations

import re
from enum import StrEnum

from summarizer.ground.context import Entry
from summarizer.text.cues import CHANGE, CLAUSE_BREAK, COMPONENT, YOY
from summarizer.text.metrics import BASE_BEFORE, Mention, family
from summarizer.text.numbers import UNIT_WORDS, Amount, fold
from summarizer.text.script import IDEOGRAPHS

__all__ = [
    "Fit",
    "compared_with",
    "fits_magnitude",
    "metric_fit",
    "names_label",
    "nearest_mention",
    "owner",
    "share_base",
    "writes",
    "written_part",
]


class Fit(StrEnum):
    """How a sentence ties an amount to the claimed metric."""

    ok = "ok"
    """The sentence gives the amount for that metric (and segment)."""
    silent = "silent"
    """Nothing ties the sentence, or this amount, to the metric."""
    other = "other"
    """The sentence gives the amount for another metric, or another row."""
    segment = "segment"
    """The total was claimed; the sentence gives the amount for a segment."""


def nearest_mention(entry: Entry, amount: Amount) -> Mention | None:
    """The metric the sentence attributes ``amount`` to, or None when it cannot tell.

    The closest name before the amount in the sentence ("Revenue was $5 million"), unless one
    follows it at once ("a 9.8% net loss margin"); with no name before, one shortly after
    ("$212.6 million in cash"), with no other amount in between; and the one it is "in" or "of"
    when the name before belongs to another amount ("$90 million of sales and $0.07 of EPS"). A
    metric named as the base of a share or a rate ("41.5% of total revenue", "佔總收入的 38%",
    "每 DAU") is not the amount's; nor is any, when the amount belongs to a thing the tables do not
    name (:func:`owner`).
    """
    if owner(entry, amount) is not None:
        return None
    own = [m for m in entry.mentions if not BASE_BEFORE.search(entry.text[: m.start])]
    before = [m for m in own if m.end <= amount.start]
    after = [
        m
        for m in own
        if m.start >= amount.end
        and m.start - amount.end <= 20
        and not any(amount.end <= a.start < m.start for a in entry.amounts)
        and not CLAUSE_BREAK.search(entry.text, amount.end, m.start)  # a name past a comma is the next clause's
    ]
    gap = entry.text[amount.end : after[0].start] if after else ""
    if after and (not before or not gap.strip(" %")):
        return after[0]
    if after and _OWN_AFTER.match(gap) and _taken(entry, before[-1], amount):
        return after[0]  # "$90 million of sales and $0.07 of EPS": "sales" is the other amount's
    return before[-1] if before else None


def share_base(entry: Entry, amount: Amount) -> Mention | None:
    """The metric a percentage ``amount`` is a share of, named right around it: "41.5% of total
    revenue", "佔總收入的 38%", or around the share it is set against ("compared to 57.2% in Q3
    last year", ``compared_with``); None for any other amount."""
    if amount.unit != "%":
        return None
    for m in entry.mentions:
        head = entry.text[: m.start]
        if not BASE_BEFORE.search(head) or re.search(r"(?:\bper|每)\s*$", head, re.IGNORECASE):
            continue
        if 0 <= m.start - amount.end <= 20 or 0 <= amount.start - m.end <= 6:
            return m
    previous = compared_with(entry, amount)
    return share_base(entry, previous) if previous is not None else None


# The words that set an amount against the one before it, right before it: "52.5% of revenue,
# compared to 57.2% in Q3 last year", "versus 22.2%", "\u800c\u53bb\u5e74\u7b2c\u4e09\u5b63\u70ba 57.2%" (and last year's Q3 was).
_SET_AGAINST = re.compile(
    r"(?:compared\s+(?:to|with)|versus|\bvs\.?|\bagainst|relative\s+to|up\s+from|down\s+from"
    r"|\u800c[^,;\uff0c\uff1b\u3002]{0,12}[\u70ba\u4e3a\u662f]|\u76f8\u6bd4[^,;\uff0c\uff1b\u3002]{0,12}[\u70ba\u4e3a\u662f]?)\s*$",
    re.IGNORECASE,
)


def compared_with(entry: Entry, amount: Amount) -> Amount | None:
    """The amount of the same unit just before ``amount`` in its sentence when a comparison word
    sets the two against each other and no metric but a share's base is named between: the same
    quantity for another period, a share when the first is a share."""
    earlier = [a for a in entry.amounts if a.end <= amount.start]
    if not earlier or earlier[-1].unit != amount.unit:
        return None
    previous = earlier[-1]
    gap = entry.text[previous.end : amount.start]
    named = [m for m in entry.mentions if previous.end <= m.start < amount.start]
    # "of total revenue" after a share is its base, not another metric
    if not _SET_AGAINST.search(gap) or any(not BASE_BEFORE.search(entry.text[: m.start]) for m in named):
        return None
    return previous


# What joins a thing to its amount: "severance of $1.2 million", "遣散費為 800 萬元".
_OWNER_LINK = re.compile(
    r"(?P<link>\s+(?:of|was|were|is|are|totall?ed|amounted\s+to|came\s+in\s+at|stood\s+at)"
    r"|\s*(?:為|为|是|達到|达到|合計|合计|共計|共计))?"
    r"\s*(?:approximately|about|roughly|around|nearly|over|more\s+than|約|约|超過|超过|逾|近)?\s*$",
    re.IGNORECASE,
)
# Words that lead into a part's name without being part of it.
_OWNER_LEAD = re.compile(
    rf"(?:[\s\W]|(?:{COMPONENT.pattern})|\b(?:and|or|also|the|an?|our|its|their|plus)\b|和|及|與|与|以及|另外|還有|还有)+",
    re.IGNORECASE,
)
# A rate of a metric, named right after it: "MAU penetration", "月活躍用户滲透率", "take rate".
_RATE_AFTER = re.compile(
    r"\s*(?:的\s*)?(?:penetration|take\s+rate|conversion\s+rate|retention\s+rate|ratio|mix|滲透率|渗透率|佔比|占比"
    r"|比例|比重|轉化率|转化率|留存率)",
    re.IGNORECASE,
)
# Words that name a quantity, not a thing: "an increase of $5 million", "a total of".
_QUANTITY_WORD = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:total|increase|decrease|growth|decline|change|gain|amount|sum|balance|level|value|range"
    r"|record|high|low|average|figure|number|guidance|outlook|target|estimate|expectations?|impact|contribution"
    r"|approximately|about|roughly)s?$",
    re.IGNORECASE,
)


def owner(entry: Entry, amount: Amount) -> tuple[int, int] | None:
    """The span of a thing the sentence gives ``amount`` for that no metric table names, or None.

    A part of a figure just stated ("R&D was $12 million, which included severance of $1.2
    million", "其中包括遣散費 800 萬元"); a thing the amount is "of" with no metric named before
    it ("The relocation costs of $2.2 million are reflected in cost of revenues"); a quantity per
    unit of a metric ("每 DAU 平均使用時間為 95 分鐘"). Never a metric's own name, a change or a
    quantity word ("an increase of $5 million").
    """
    text = entry.text
    inside = [(a.start, a.end) for a in entry.amounts]
    breaks = [
        m.end() for m in re.finditer(r"[,;:\uff0c\uff1b\uff1a\u3002]", text[: amount.start])
        if not any(s <= m.start() < e for s, e in inside)
    ]  # fmt: skip
    clause = max(breaks, default=0)
    bound = max([clause, *(a.end for a in entry.amounts if a.end <= amount.start)])
    link = _OWNER_LINK.search(text, bound, amount.start)
    lead = _OWNER_LEAD.match(text, bound, link.start() if link else amount.start)
    start, end = lead.end() if lead else bound, link.start() if link else amount.start
    phrase = text[start:end].strip()
    if not re.search(f"[A-Za-z{IDEOGRAPHS}]", phrase) or _QUANTITY_WORD.match(phrase) or CHANGE.search(phrase):
        return None
    named = [m for m in entry.mentions if start <= m.start and m.end <= end]
    if named:
        per = all(BASE_BEFORE.search(text[: m.start]) for m in named) and bool(re.search(r"\bper\b|每", phrase, re.I))
        rate = _RATE_AFTER.match(text, named[-1].end, end) is not None
        return (start, end) if per or rate else None  # "每 DAU 平均使用時間", "MAU 滲透率": not DAU, not MAU
    if COMPONENT.search(text, clause, start) or (
        link is not None and link["link"] and link["link"].strip().lower() == "of"
        and not any(m.end <= start for m in entry.mentions)
    ):  # fmt: skip
        return start, end
    return None


# An amount followed by the metric it is "in" or "of": "$0.07 in earnings per share", "$0.12 of
# diluted earnings per share".
_OWN_AFTER = re.compile(r"^\s*(?:in|of)(?:\s+[A-Za-z-]+){0,2}\s*$", re.IGNORECASE)


def _taken(entry: Entry, mention: Mention, amount: Amount) -> bool:
    """Whether ``mention`` names another amount of ``amount``'s unit: one between them, or one it
    is "in" or "of" ("$40 million in revenue and $0.12 in EPS")."""
    for other in entry.amounts:
        if other is amount or other.unit != amount.unit:
            continue
        if mention.end <= other.start and other.end <= amount.start:
            return True
        if other.end <= mention.start and _OWN_AFTER.match(entry.text[other.end : mention.start]):
            return True
    return False


# Keys whose figure is per share, per user or per unit: the only money figures that may be a few dollars.
_PER_UNIT = {"eps", "arpu", "dividend"}
_NOT_MONEY = {None, "%", "pp", "x"}


def fits_magnitude(key: str | None, amount: Amount) -> bool:
    """Whether ``amount`` can be a figure of ``key`` by its size: a company's total (revenue, net
    income, cash...) is never a currency amount without a scale below 1,000; "$0.07" and "$4.20"
    are figures per share or per unit. Per-share and per-user keys, ratios and counts take any size."""
    if key is None or family(key) in _PER_UNIT or amount.unit in _NOT_MONEY or amount.scale:
        return True
    return abs(amount.value) >= 1000


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
    """Whether a sentence uses a distinctive word of a metric label the key tables do not know.

    The words an amount is written with (人民幣, 億元, million) and change words (同比增長) are
    not: a label made of them copies the amount, it names nothing."""
    label = CHANGE.sub(" ", YOY.sub(" ", UNIT_WORDS.sub(" ", fold(label))))
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z&-]{2,}", label) if not _GENERIC.match(w)]
    bigrams = [m for w in re.findall(f"[{IDEOGRAPHS}]{{2,}}", label) for m in (w[i : i + 2] for i in range(len(w) - 1))]
    haystack = fold(text).lower()
    if any(w.lower() in haystack for w in words) or any(b in haystack for b in bigrams):
        return True
    # "net interest income" is "NII" in the sentence
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", label) if w.lower() not in {"and", "of", "the"}).upper()
    acronyms = set(re.findall(r"\b[A-Z]{2,5}\b", fold(text)))
    return any(a in initials for a in acronyms if len(a) >= 3 or a == initials)


def _prose(entry: Entry) -> str:
    """The sentence with its written amounts blanked: a word inside "人民幣 30 億元" or "$5 million"
    is the amount's, and a label that shares only such a word ("人民") names nothing."""
    text = entry.text
    for amount in entry.amounts:
        text = text[: amount.start] + " " * (amount.end - amount.start) + text[amount.end :]
    return text


def writes(label: str, entry: Entry) -> bool:
    """Whether the sentence writes ``label`` word for word outside its amounts (width, case and
    spacing aside): "Agora revenue" in "Agora revenues were ...", not "DAU grew \u4e5d. \u4e09" for a 9.3%."""
    squashed = re.sub(r"\s+", "", fold(label).lower())
    return bool(squashed) and squashed in re.sub(r"\s+", "", fold(_prose(entry)).lower())


def written_part(label: str, entry: Entry) -> str:
    """The longest run of ``label`` the sentence writes outside its amounts, up to its first change
    or comparison word, trimmed of punctuation; ``label`` itself when it is written whole or no
    run of two characters or more is. A name no table knows, padded by the model with a clause
    or the amount in words, is shown as the sentence has it."""
    if writes(label, entry):
        return label
    prose = fold(_prose(entry)).lower()  # one character for one: positions are the sentence's
    folded = fold(label).lower()
    at, size = 0, 0
    for start in range(len(folded)):
        for end in range(len(folded), start + size, -1):
            found = prose.find(folded[start:end]) if folded[start:end].strip() else -1
            if found >= 0:
                at, size = found, end - start
                break
    run = entry.text[at : at + size]
    run = run[: min((m.start() for p in (CHANGE, YOY) if (m := p.search(run))), default=len(run))]
    run = run.strip(" ,.;:()-\u3001\uff0c\uff1a")
    return run if len(run) >= 2 else label


def names_label(label: str, entry: Entry, start: int, end: int) -> bool:
    """Whether ``entry.text[start:end]`` uses a distinctive word of ``label`` (a name no table keys)
    outside the amounts written there."""
    return _shares_words(label, _prose(entry)[max(start, 0) : end])


def metric_fit(key: str | None, segment: str | None, entry: Entry, amount: Amount, label: str = "") -> Fit:
    """How ``entry`` ties ``amount`` to the metric ``key`` (``label`` when no key is known) and ``segment``."""
    if key is None:
        return Fit.ok if _shares_words(label, _prose(entry)) else Fit.silent
    if family(key) == "eps" and amount.per is not None:
        return Fit.ok  # "$1.07 per diluted share" names the metric itself
    if not entry.mentions:
        return Fit.silent
    wanted = family(key)
    if not any(family(m.key) == wanted for m in entry.mentions):
        return Fit.other
    nearest = nearest_mention(entry, amount)
    if nearest is None:
        return Fit.silent  # the metric is named, but not where this amount is
    if family(nearest.key) != wanted:
        return Fit.other  # "Net loss was $2.6 million" does not state revenue, though revenue is named
    if wanted not in _SEGMENTED:
        return Fit.ok  # cash, margins, EPS...: words before them qualify, they do not split a total
    if segment is None and nearest.segment is not None:
        return Fit.segment  # the total was claimed; the sentence gives this value for a segment
    if segment is not None and nearest.segment is None and not _segment_in(segment, entry.text):
        return Fit.other
    if (
        segment is not None
        and nearest.segment is not None
        and _QUALIFIER.match(segment)
        and not _segment_in(segment, entry.text, distinctive=True)
    ):
        # A qualifier the sentence does not state: the model labelled "Cloud revenues were $21.7
        # million" with words from a neighbouring sentence ("revenue excluding discontinued
        # hardware"). A name it does not state may be right: the recogniser may have misheard it.
        return Fit.segment
    return Fit.ok


# A basis qualifier, not a name: "excluding divested products", "before restructuring costs", 剔除...
_QUALIFIER = re.compile(
    r"(?:excluding|excl\b|ex-|including|before|after|net of|adjusted for|剔除|不含|扣除|不計|不计)", re.I
)


def _segment_in(segment: str, text: str, *, distinctive: bool = False) -> bool:
    """Whether ``text`` uses a word of ``segment`` (``distinctive``: not counting "total", "year"...)."""
    words = re.findall(f"[A-Za-z]{{3,}}|[{IDEOGRAPHS}]{{2,}}", segment)
    if distinctive:
        words = [w for w in words if not _GENERIC.match(w) and not _QUALIFIER.fullmatch(w)]
    haystack = fold(text).lower()
    return not words or any(w.lower() in haystack for w in words)
