"""Prompt files and the schema-derived field guides.

Prompts live in ``prompts/*.md`` (shipped as ``summarizer.prompts``) with ``{named}``
placeholders; a missing or unexpected variable fails loudly. The field guides are generated from
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
from pydantic.fields import FieldInfo

from summarizer.document import Section, SectionKind, Transcript
from summarizer.errors import ConfigError
from summarizer.extract.focus import AmountRef, amount_refs, shown
from summarizer.extract.replies import KEYED_BY_AMOUNT


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
        raise ConfigError(f"prompt {name!r}: missing variables {sorted(missing)}, unexpected {sorted(extra)}")
    return template.format(**variables)


def _choices(annotation: object) -> list[str]:
    """The values of a ``Literal`` field (also inside ``Optional``/``Annotated``), else none."""
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return [str(a) for a in typing.get_args(annotation)]
    if origin in (typing.Annotated, typing.Union, types.UnionType):
        return [c for a in typing.get_args(annotation) for c in _choices(a)]
    return []


def _item_model(annotation: object) -> type[BaseModel] | None:
    """The model of a ``list[Model]`` field, else None."""
    if typing.get_origin(annotation) is list:
        (arg,) = typing.get_args(annotation)
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    shown = model.model_json_schema().get("properties", {})  # not the fields the schema skips
    return [(name, info) for name, info in model.model_fields.items() if name in shown]


def _describe(name: str, info: FieldInfo) -> str:
    choices = _choices(info.annotation)
    if choices:
        return f"{name} (one of {', '.join(choices)})"
    return f"{name}: {info.description}" if info.description else name


def _keys(item: type[BaseModel]) -> str:
    """A list item's keys, described: ``metric: what is measured...; value: ...``."""
    return "; ".join(_describe(n, i) for n, i in _fields(item))


@cache  # walks the models' JSON schemas: built per request it cost ~2 ms of CPU
def field_guide(model: type[BaseModel]) -> str:
    """Describe a response model in a few lines: one per field, a list's item fields inline.

    Compact on purpose: the guide is sent with every request, and llama.cpp enforces the
    schema without showing it to the model, so this is all the model reads about the keys.
    """
    lines: list[str] = []
    for name, info in _fields(model):
        item = _item_model(info.annotation)
        if item is None:
            lines.append(f"- {_describe(name, info)}")
            continue
        what = (item.__doc__ or "").strip()
        lines.append(f"- {name}: {what} Each: {_keys(item)}.")
    return "\n".join(lines)


@cache
def item_guide(model: type[BaseModel]) -> str:
    """The keys of each list's items, one line per list: ``- figures, each: metric: ...; value: ...``.

    For a prompt whose own text says what each list is for (``prompts/extract.md``): the lists'
    docstrings and the scalar fields are left out, and so are lists written as an object keyed
    by amount id (``replies.KEYED_BY_AMOUNT``), which the prompt describes, about 120 tokens fewer per request than
    ``field_guide``. The keys and their descriptions still come from the models.
    """
    lines: list[str] = []
    for name, info in _fields(model):
        item = _item_model(info.annotation)
        if item is not None and name not in KEYED_BY_AMOUNT:
            lines.append(f"- {name}, each: {_keys(item)}.")
    return "\n".join(lines)


def marked(text: str, refs: list[AmountRef]) -> str:
    """``text`` with each amount's id written right after it: "$48.2 million [a3]"."""
    for ref in sorted(refs, key=lambda r: r.end, reverse=True):
        text = f"{text[: ref.end]} [{ref.id}]{text[ref.end :]}"
    return text


def section_text(section: Section, transcript: Transcript) -> str:
    """The section as the model sees it: a short header, then one numbered sentence per line.

    Only the sentences ``focus.shown`` picks are listed; their ids show where others were left out.
    Each amount carries its id (``focus.amount_refs``): a figure names the id, never the value.
    """
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
    refs: dict[str, list[AmountRef]] = {}
    for ref in amount_refs(section):
        refs.setdefault(ref.sentence, []).append(ref)
    for sentence in shown(section):
        if section.kind is SectionKind.qa and sentence.speaker != speaker:
            speaker = sentence.speaker
            body.append(f"[{speaker or 'unknown'}]")
        body.append(f"{sentence.id} {marked(sentence.text, refs.get(sentence.id, []))}")
    return "\n".join(header) + "\n\n" + "\n".join(body)
