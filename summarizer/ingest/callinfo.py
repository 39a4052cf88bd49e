"""What the caller says a transcript is: company, ticker, period and call date, and where they come from.

    given (options, --company, a batch manifest row, a file-name pattern)
        -> checked and normalised here ("Q3 2024" -> "2024Q3", "July 30, 2025" -> "2025-07-30")
        -> set on the Transcript before the sections are read, so they win over what is detected
        -> the brief's ``metadata_source`` says, per field, "given" or "detected"

A given period is the reference every KPI without a period of its own falls back to (see
``ground.kpi``). A batch names each file's metadata in a CSV manifest
(``path,company,ticker,period,call_date``) or through a file-name pattern such as
``{ticker}_{period}``. Pure: no model, no network.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TypedDict, cast

from summarizer.document import Transcript
from summarizer.errors import ConfigError
from summarizer.text.dates import parse_date
from summarizer.text.periods import normalize_period

__all__ = ["FIELDS", "CallInfo", "checked", "from_name", "name_pattern", "read_manifest", "with_call_info"]

FIELDS = ("company", "ticker", "period", "call_date")
"""The call's metadata fields, in the order of a manifest's columns."""


class CallInfo(TypedDict, total=False):
    """A call's metadata as given by the caller; a field left out (or None) is detected from the text."""

    company: str | None
    ticker: str | None
    period: str | None
    call_date: str | None


def checked(info: Mapping[str, str | None]) -> CallInfo:
    """The given fields, blanks dropped, ticker upper-cased, period and date normalised.

    Raises ``ConfigError`` naming the field for an unknown field, a period this cannot read
    ("Q3 2024", "2024Q3", "FY2024", "2024年第三季度" are read) or a date that is not one.
    """
    unknown = set(info) - set(FIELDS)
    if unknown:
        raise ConfigError(f"unknown call metadata {', '.join(sorted(unknown))}; known: {', '.join(FIELDS)}")
    out: dict[str, str] = {}
    for field in FIELDS:
        value = (info.get(field) or "").strip()
        if not value:
            continue
        if field == "period":
            period = normalize_period(value)
            if period is None:
                raise ConfigError(
                    f"period {value!r} is not a quarter, half or fiscal year (e.g. 2024Q3, Q3 2024, FY2024)"
                )
            value = period
        elif field == "call_date":
            date = parse_date(value)
            if date is None:
                raise ConfigError(f"call date {value!r} is not a date (e.g. 2025-07-30 or July 30, 2025)")
            value = date
        elif field == "ticker":
            value = value.upper()
        out[field] = value
    return cast(CallInfo, out)


def with_call_info(transcript: Transcript, info: Mapping[str, str | None] | None) -> Transcript:
    """A copy of ``transcript`` carrying the given metadata (checked), the given fields recorded in ``given``."""
    given = checked(info or {})
    if not given:
        return transcript
    update: dict[str, object] = dict(given)
    if "period" in given:
        update["period_text"] = None
    update["given"] = sorted(set(transcript.given) | set(given))
    return transcript.model_copy(update=update)


_FIELD = re.compile(r"\{(\w+)\}")


def name_pattern(pattern: str) -> re.Pattern[str]:
    """A file-name pattern such as ``{ticker}_{period}`` as a regex over the file's stem.

    Each ``{field}`` matches a run of characters other than the literal text after it; a
    ``{_}`` (or any ``{name}`` not a metadata field) matches and is ignored. Raises
    ``ConfigError`` for a pattern naming no field.
    """
    parts = _FIELD.split(pattern)
    names = [parts[i] for i in range(1, len(parts), 2)]  # re.split with one group: text, name, text...
    if len(parts) < 3 or not any(name in FIELDS for name in names):
        raise ConfigError(
            f"--name-pattern {pattern!r} names no field; use {{company}}, {{ticker}}, {{period}}, {{call_date}}"
        )
    regex = ""
    for i, piece in enumerate(parts):
        if i % 2 == 0:
            regex += re.escape(piece)
            continue
        name = piece if piece in FIELDS and f"(?P<{piece}>" not in regex else None
        group = f"(?P<{name}>.+?)" if name else "(?:.+?)"
        regex += group
    return re.compile(regex + "$")


def from_name(pattern: re.Pattern[str], path: str | os.PathLike[str]) -> CallInfo:
    """What a file's stem states through ``pattern`` (from ``name_pattern``), as written; empty when it
    does not match. ``checked`` (through ``with_call_info``) reads the values, so a bad one fails
    that file alone."""
    m = pattern.match(Path(path).stem)
    if not m:
        return {}
    values = {k: v.replace("_", " ") if k == "company" else v for k, v in m.groupdict().items() if v}
    return cast(CallInfo, values)


def read_manifest(path: str | os.PathLike[str]) -> dict[Path, CallInfo]:
    """A CSV manifest ``path,company,ticker,period,call_date`` -> resolved file path -> its metadata.

    The header row names the columns (``path`` and any of the fields, in any order); relative
    paths are relative to the manifest's folder. Raises ``ConfigError`` for an unreadable file,
    a header without ``path`` or with a column it does not know (a misspelt one would be
    silently ignored), and naming the row for a bad value, more cells than columns, a file that
    does not exist or a file named twice.
    """
    p = Path(path)
    try:
        with p.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            columns = [c.strip() for c in reader.fieldnames or [] if c]
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise ConfigError(f"cannot read the manifest {p}: {e}") from e
    if "path" not in columns:
        raise ConfigError(f"manifest {p}: the first row must name the columns, path first (path,{','.join(FIELDS)})")
    unknown = [c for c in columns if c != "path" and c not in FIELDS]
    if unknown:
        raise ConfigError(f"manifest {p}: unknown column {', '.join(unknown)}; known: path, {', '.join(FIELDS)}")
    out: dict[Path, CallInfo] = {}
    for number, raw in enumerate(rows, start=2):
        row = {k.strip(): v for k, v in raw.items() if isinstance(k, str)}
        file = (row.pop("path", None) or "").strip()
        if not file:
            continue
        try:
            if None in raw:  # DictReader's key for the cells beyond the header's
                raise ConfigError("more cells than columns (quote a value that holds a comma)")
            target = _manifest_file(p, file, seen=out)
            out[target] = checked(row)
        except ConfigError as e:
            raise ConfigError(f"manifest {p}, row {number}: {e}") from e
    return out


def _manifest_file(manifest: Path, file: str, *, seen: Mapping[Path, object]) -> Path:
    """The resolved file a manifest row names; it must exist and not be named by an earlier row."""
    target = Path(file).expanduser()
    resolved = (target if target.is_absolute() else manifest.parent / target).resolve()
    if not resolved.is_file():
        raise ConfigError(f"{file} is not a file" if resolved.exists() else f"{file} does not exist")
    if resolved in seen:
        raise ConfigError(f"{file} is named twice")
    return resolved
