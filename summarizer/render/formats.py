"""The one registry of output formats: name -> file extension, the suffixes that choose it, and
its renderer. The CLI and batch runs both render through ``render``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from summarizer.brief import Brief
from summarizer.errors import ConfigError
from summarizer.render.html import to_html
from summarizer.render.jsonio import to_json
from summarizer.render.markdown import to_markdown


@dataclass(frozen=True)
class Format:
    """An output format: its name, the extension its files get, the file suffixes that choose
    it, and the function that renders a brief (with the transcript, when it has one) as text."""

    name: str
    extension: str
    suffixes: tuple[str, ...]
    renderer: Callable[[Brief, str | None], str]


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", ".json", (".json",), lambda brief, _text: to_json(brief)),
        Format("md", ".md", (".md", ".markdown"), lambda brief, _text: to_markdown(brief)),
        Format("html", ".html", (".html", ".htm"), lambda brief, text: to_html(brief, transcript_text=text)),
    )
}


def get_format(name: str) -> Format:
    """The format called ``name``; raises ``ConfigError`` naming the choices when there is none."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ConfigError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}") from None


def format_for(path: Path | None, *, default: str) -> str:
    """The name of the format whose suffixes include ``path``'s (case-insensitive), else ``default``."""
    suffix = path.suffix.lower() if path else ""
    return next((f.name for f in FORMATS.values() if suffix in f.suffixes), default)


def render(brief: Brief, fmt: str, *, transcript_text: str | None = None) -> str:
    """Render ``brief`` in the format called ``fmt``; ``transcript_text`` is used by HTML only.

    Raises ``ConfigError`` for an unknown format and ``RenderError`` when the transcript does
    not match the brief.
    """
    return get_format(fmt).renderer(brief, transcript_text)
