"""Prompt files and the schema-derived field guide.

Prompts live in ``prompts/*.md`` (shipped as ``summarizer.prompts``) with ``{named}``
placeholders; a missing or unexpected variable fails loudly. The field guide is generated from
the findings models' docstrings and field descriptions, so the schema *is* the prompt text even
in JSON-schema mode, where the server enforces the shape but the model never sees the schema.
"""

from __future__ import annotations

import string
import types
import typing
from functools import cache
from importlib import resources

from pydantic import BaseModel

from summarizer.document import Section, SectionKind, Transcript
from summarizer.errors import ConfigError


@cache
def load_prompt(name: str) -> str:
    """Return the text of ``prompts/<name>.md``."""
    try:
        return resources.files("summarizer.prompts").joinpath(f"{name}.md").read_text("utf-8")
    except FileNotFoundError as e:
        raise ConfigError(f"prompt template {name!r} is missing from summarizer/prompts") from e


def render_prompt(name: str, **variables: str) -> str:
    """Fill a prompt template; every placeholder must be given and every variable used."""
    template = load_prompt(name)
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    missing, extra = fields - variables.keys(), variables.keys() - fields
    if missing or extra:
        raise ConfigError(
            f"prompt {name!r}: missing variables {sorted(missing)}, unexpected {sorted(extra)}"
        )
    return template.format(**variables)


def _type_name(annotation: object) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _type_name(typing.get_args(annotation)[0])
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is list:
        return f"list of {_type_name(args[0])}" if args else "list"
    if origin is typing.Literal:
        return " | ".join(repr(a) for a in typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType):
        inner = " | ".join(_type_name(a) for a in args)
        return f"{inner} or null"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    return getattr(annotation, "__name__", str(annotation))


@cache  # walks the models' JSON schemas: built per request it cost ~2 ms of CPU
def field_guide(model: type[BaseModel]) -> str:
    """Describe a response model and the models nested in it, one line per field."""
    lines: list[str] = []
    seen: set[type[BaseModel]] = set()

    def describe(m: type[BaseModel]) -> None:
        if m in seen:
            return
        seen.add(m)
        lines.append(f"{m.__name__}: {(m.__doc__ or '').strip()}")
        nested: list[type[BaseModel]] = []
        shown = m.model_json_schema().get("properties", {})  # not the fields the schema skips
        for name, info in m.model_fields.items():
            if name not in shown:
                continue
            desc = f" - {info.description}" if info.description else ""
            lines.append(f"  {name} ({_type_name(info.annotation)}){desc}")
            for arg in typing.get_args(info.annotation) or (info.annotation,):
                for inner in typing.get_args(arg) or (arg,):
                    if isinstance(inner, type) and issubclass(inner, BaseModel):
                        nested.append(inner)
        for inner in nested:
            describe(inner)

    describe(model)
    return "\n".join(lines)


def section_text(section: Section, transcript: Transcript) -> str:
    """The section as the model sees it: a short header, then one numbered sentence per line."""
    who = section.speaker or "unknown speaker"
    if section.firm:
        who += f" ({section.firm})"
    kind = "Q&A" if section.kind is SectionKind.qa else "prepared remarks"
    header = [
        f"Company: {transcript.company or 'unknown'}; call period: {transcript.period or 'unknown'}",
        f"Section: {kind}" + (f", {section.title}" if section.title else "") + f"; led by {who}",
    ]
    if section.parts > 1:
        header.append(f"Part {section.part} of {section.parts}")
    body: list[str] = []
    speaker = None
    for sentence in section.sentences:
        if section.kind is SectionKind.qa and sentence.speaker != speaker:
            speaker = sentence.speaker
            body.append(f"[{speaker or 'unknown'}]")
        body.append(f"{sentence.id} {sentence.text}")
    return "\n".join(header) + "\n\n" + "\n".join(body)
