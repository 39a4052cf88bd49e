"""Values for reading: figures with their currency and scale, signed changes, and the one-line
texts (title, model, usage, participants, askers) that every view of a brief shows alike."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from summarizer.brief import KPI, Brief, Guidance, QATheme, Quote

# "RMB" rather than the yen sign for CNY: that sign is also the yen's, and a brief may compare both.
_CURRENCY_PREFIX = {
    "USD": "$",
    "EUR": "\u20ac",
    "GBP": "\u00a3",
    "JPY": "\u00a5",
    "CNY": "RMB ",
    "RMB": "RMB ",
    "HKD": "HK$",
    "TWD": "NT$",
    "SGD": "S$",
    "AUD": "A$",
    "CAD": "C$",
}
_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"))
_EN_DASH = "\u2013"
SEPARATOR = " \u00b7 "  # a middle dot between the parts of one line
_DESCRIBED = ("metric", "point", "theme", "value", "low", "high", "statement")


def _trim(x: float, digits: int = 2) -> str:
    s = f"{x:,.{digits}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def _magnitude(x: float) -> str:
    for factor, suffix in _SCALES:
        if x >= factor:
            return _trim(x / factor) + suffix
    return _trim(x)


def format_value(value: float | None, unit: str | None) -> str | None:
    """A value for reading: ``48200000, "USD"`` -> ``"$48.2M"``; ``35.4e9, "CNY"`` ->
    ``"RMB 35.4B"``; ``78.5, "%"`` -> ``"78.5%"``; ``1.3, "pp"`` -> ``"1.3pp"``; ``3.2, "x"`` ->
    ``"3.2x"``. Returns None when the value is None (callers show ``value_text`` instead)."""
    if value is None:
        return None
    sign = "-" if value < 0 else ""
    a = abs(value)
    if unit in ("%", "pp", "x"):
        return f"{sign}{_trim(a)}{unit}"
    if unit is None:
        return sign + _magnitude(a)
    code = unit.upper()
    if code in _CURRENCY_PREFIX:
        return sign + _CURRENCY_PREFIX[code] + _magnitude(a)
    if len(unit) == 3 and unit.isalpha() and unit.isupper():
        return f"{sign}{unit} {_magnitude(a)}"
    return f"{sign}{_magnitude(a)} {unit}"


def format_change(change: float | None, unit: str | None) -> str:
    """A signed change: ``18.4, "%"`` -> ``"+18.4%"``; ``1.3, "pp"`` -> ``"+1.3pp"``; ``2.6, "x"`` ->
    ``"+2.6x"``; None -> ``""``."""
    if change is None:
        return ""
    suffix = unit if unit in ("pp", "x") else "%"
    if change == 0:
        return f"0{suffix}"
    return f"{'+' if change > 0 else '-'}{_trim(abs(change))}{suffix}"


def kpi_value(kpi: KPI) -> str:
    """The KPI's value formatted, or its text as stated when it has no parsed value; a figure
    stated only as its change has no value (a dash): its change stands in its YoY or QoQ."""
    if kpi.value is None and (kpi.yoy is not None or kpi.qoq is not None):
        return "\u2014"
    return format_value(kpi.value, kpi.unit) or kpi.value_text


_CHANGE_WORDS = {"yoy": "YoY", "qoq": "QoQ", "other": "change"}


def guidance_value(g: Guidance) -> str:
    """The guided figure or range (marked YoY, QoQ or change when it is growth rather than a
    level), then the statement in brackets when there is one."""
    low, high = format_value(g.low, g.unit), format_value(g.high, g.unit)
    if low and high and low != high:
        figure = f"{low}{_EN_DASH}{high}"
    else:
        figure = low or high or (g.value_text or "")
    if figure and g.change:
        figure = f"{figure} {_CHANGE_WORDS[g.change.value]}"  # growth, not the level: "10%\u201312% YoY"
    if g.statement:
        return f"{figure} ({g.statement})" if figure else g.statement
    return figure


def one_line(s: str | None) -> str:
    """``s`` with every run of whitespace, line breaks included, as one space; None as ``""``."""
    return " ".join((s or "").split())


def sids(quotes: Sequence[Quote]) -> str:
    """The sentence ids an item cites, each once, in the order cited: ``"s12, s14"``."""
    return ", ".join(dict.fromkeys(q.sentence_id for q in quotes))


def askers(theme: QATheme) -> str:
    """Who asked: ``"Name (Firm)"``, or whichever of the two is known, comma separated."""
    people = []
    for a in theme.askers:
        if a.name and a.firm:
            people.append(f"{a.name} ({a.firm})")
        elif a.name or a.firm:
            people.append(a.name or a.firm or "")
    return ", ".join(people)


def describe(item: dict[str, Any]) -> str:
    """A rejected item in one line: its metric, point or theme and figures, else its JSON, cut short."""
    parts = [str(item[k]) for k in _DESCRIBED if item.get(k)]
    if parts:
        return SEPARATOR.join(parts)
    return json.dumps(item, ensure_ascii=False)[:160]


def title(brief: Brief) -> str:
    """The company (or the source's name) and its ticker: ``"Acme Corp (ACME)"``."""
    name = brief.company or brief.source.name or "Earnings call"
    return f"{name} ({brief.ticker})" if brief.ticker else name


def model_line(brief: Brief) -> str:
    """The model that wrote the brief, with its mode and endpoint when known."""
    m = brief.model
    extra = ", ".join(x for x in (m.mode, m.endpoint) if x)
    return f"{m.name or 'unknown'}" + (f" ({extra})" if extra else "")


def usage_line(brief: Brief) -> str:
    """Requests, tokens (cached ones noted), retries and seconds the brief cost."""
    u = brief.usage
    cached = f" ({u.cached_tokens:,} cached)" if u.cached_tokens else ""
    retries = f", {u.retries} {'retry' if u.retries == 1 else 'retries'}" if u.retries else ""
    return (
        f"{u.requests} {'request' if u.requests == 1 else 'requests'}, {u.prompt_tokens:,} prompt + "
        f"{u.completion_tokens:,} completion tokens{cached}{retries}, {u.seconds:.1f} s"
    )


def participants_line(brief: Brief) -> str:
    """Every participant as ``"Name (Title, Firm)"``, semicolon separated."""
    out = []
    for p in brief.participants:
        detail = ", ".join(x for x in (p.title, p.firm) if x)
        out.append(f"{p.name} ({detail})" if detail else p.name)
    return "; ".join(out)
