"""The company and title a document names in its first lines.

Transcripts and call notes open with a line that names the company, in one of a few shapes:
``<Company>: <headline>``, ``<Company>(紀要): <headline>`` (parentheses and colon of either width),
``<Company> Q3 2024 Earnings Call`` and ``<公司>2024年第四季度業績電話會``. A source line or a date
may come before it. ``read_header`` looks at the first few non-blank lines only; companies named
inside sentences ("welcome to the Acme fourth quarter call") are ``sections``' fallback.
``read_call_date`` reads the call's date from a line of the top that names the call or is a
date line ("July 30, 2025", "Date: 2025-07-30, 5:00 PM ET").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.ingest.labels import CJK_CLASS, CLOSES, COLONS, OPENS, parse_label
from summarizer.text.dates import find_dates
from summarizer.text.periods import find_periods

__all__ = ["CALL_CUE", "DATE_LINES", "HEAD_LINES", "Header", "read_call_date", "read_header"]

HEAD_LINES = 6
"""How many non-blank lines may come before the header line (a source, a date, a disclaimer)."""

CALL_CUE = re.compile(
    r"(?:earnings|results|conference|investor)\s+(?:conference\s+)?call|financial results|[業业][績绩]|"
    r"[電电][話话][會会]|紀要|纪要",
    re.I,
)
"""Words that name the call itself or its notes: a period beside them is the call's own."""

DATE_LINES = 15
"""How many non-blank lines from the top may carry the call's date."""


@dataclass(frozen=True, slots=True)
class Header:
    """What the header line says: the company and the document's title (a headline, or the line)."""

    company: str | None = None
    title: str | None = None


_WRAP = re.compile(r"^(?:#+\s*)?(?:\*\*|__)?\s*(?P<t>.+?)\s*(?:\*\*|__)?$")
_NOTES = re.compile(
    rf"^(?P<c>[^\s{OPENS}{COLONS}]{{2,24}}?)\s*[{OPENS}](?:紀要|纪要|[會会][議议]紀要|[業业][績绩][會会]?紀要|"
    rf"call notes|notes|transcript)[{CLOSES}]\s*(?:[{COLONS}]\s*(?P<t>.*))?$",
    re.I,
)
_HEADLINE = re.compile(rf"^(?P<c>[^{COLONS}]{{2,40}}?)\s*[{COLONS}]\s*(?P<t>\S.{{3,}})$")
_EN_CALL = re.compile(
    rf"^(?P<c>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){{0,4}}?)\s+(?:[{OPENS}]|Q[1-4]\b|[1-4]Q|FY|(?i:first|second|third|"
    r"fourth|fiscal|full[- ]year)|20\d\d).*(?i:earnings|results|conference)\s+(?i:call)"
)
_TICKER = re.compile(rf"\s*[{OPENS}][^{OPENS}{CLOSES}]{{1,24}}[{CLOSES}]\s*$")
_LEAD_IN = re.compile(r"^(?:以下[為为是]|下面[是為为])")  # "The following is ..."
_HAN = re.compile(f"[{CJK_CLASS}]")
_NAME_START = re.compile(rf"[A-Z{CJK_CLASS}]")
_SENTENCE = re.compile(r"[.!?\u3002\uff01\uff1f]$|[\u3002\uff01\uff1f]")


def _lines(text: str) -> list[str]:
    out: list[str] = []
    for raw in text.split("\n"):
        m = _WRAP.match(raw.strip())
        if m:
            out.append(m["t"])
        if len(out) >= HEAD_LINES:
            break
    return out


def _named(company: str, text: str) -> bool:
    """Whether a headline's subject is a name the document uses again (a disclaimer's is not)."""
    return text.count(company) >= 3 and parse_label(company) is None


def _call_line(line: str) -> str | None:
    """The company of a title line that names the call and its period: the words before the period."""
    if _SENTENCE.search(line) or not CALL_CUE.search(line):
        return None
    english = _EN_CALL.match(line)
    if english:
        return english["c"].strip(" ,")
    if not _HAN.search(line):
        return None
    periods = find_periods(line)
    if not periods:
        return None
    company = _TICKER.sub("", _LEAD_IN.sub("", line[: periods[0].start])).strip(" ,\uff0c-")
    return company if 2 <= len(company) <= 24 and _NAME_START.match(company) else None


def read_header(text: str) -> Header:
    """The company and title named by the first of the document's first lines that has a header shape."""
    for line in _lines(text):
        notes = _NOTES.match(line)
        if notes:
            return Header(notes["c"].strip(), (notes["t"] or "").strip() or line)
        company = _call_line(line)
        if company:
            return Header(company, line)
        headline = _HEADLINE.match(line)
        if headline and _NAME_START.match(headline["c"]) and _named(headline["c"].strip(), text):
            return Header(headline["c"].strip(), headline["t"].strip())
    return Header()


_DATE_LINE_REST = re.compile(
    r"^[\W_]*(?:(?:event\s+|call\s+)?date|(?:mon|tues|wednes|thurs|fri|satur|sun)day|at|on|held|"
    r"\d{1,2}[:.]\d\d|[ap]\.?m\.?|[A-Z]{1,4}T|GMT|UTC|[\W_])*$",
    re.I,
)


def read_call_date(text: str) -> str | None:
    """The call's date (ISO) from the top of the document: on a line that names the call, or on a
    line that is only a date (a label, a weekday and a time around it); None when neither is there."""
    lines = [line.strip() for line in text.split("\n") if line.strip()][:DATE_LINES]
    for line in lines:
        dates = find_dates(line)
        if len(dates) != 1:
            continue
        found = dates[0]
        rest = (line[: found.start] + " " + line[found.end :]).strip()
        if CALL_CUE.search(line) or all(_DATE_LINE_REST.match(word) for word in rest.split()):
            return found.iso
    return None
