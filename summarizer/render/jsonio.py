"""Brief <-> JSON: the contract a brief is saved in, and reading a saved brief back."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.brief import SCHEMA_VERSION, Brief
from summarizer.errors import RenderError


def to_json(brief: Brief) -> str:
    """Serialise a brief as the JSON contract: indent 2, non-ASCII kept, trailing newline."""
    return json.dumps(brief.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as e:
        raise RenderError(f"{path}: no such file") from e
    except IsADirectoryError as e:
        raise RenderError(f"{path}: is a directory, not a brief") from e
    except UnicodeDecodeError as e:
        raise RenderError(f"{path}: not UTF-8 text, so not a saved brief") from e
    except OSError as e:
        raise RenderError(f"{path}: cannot read ({e.strerror or e})") from e


def _parse(origin: str, raw: str) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise RenderError(f"{origin}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from e
    if not isinstance(data, dict) or "schema_version" not in data:
        raise RenderError(f"{origin}: not a brief (a JSON object with a schema_version is expected)")
    version = str(data["schema_version"])
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise RenderError(f"{origin}: brief schema {version} is not readable by this version (schema {SCHEMA_VERSION})")
    return data


def load_brief(path_or_text: str | os.PathLike[str]) -> Brief:
    """Read a brief saved by ``to_json`` from a path, or from JSON text starting with ``{``.

    Raises ``RenderError`` with a one-line message when the file is missing or unreadable,
    is not JSON, is not a brief, or was written by a newer major schema version.
    """
    if isinstance(path_or_text, str) and path_or_text.lstrip().startswith("{"):
        origin, raw = "brief", path_or_text
    else:
        path = Path(path_or_text)
        origin, raw = str(path), _read(path)
    data = _parse(origin, raw)
    try:
        return Brief.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise RenderError(f"{origin}: not a valid brief: {where}: {first['msg']}") from e
