"""The JSON Schemas, generated from the pydantic models: ``schemas/brief.schema.json`` and ``schemas/change.schema.json``."""

from __future__ import annotations

import json

from summarizer.brief import Brief


def brief_schema() -> dict:
    schema = Brief.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "summarizer/brief.schema.json"
    return schema


def brief_schema_json() -> str:
    return json.dumps(brief_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def change_schema() -> dict:
    """The JSON Schema of ``Change``, the document ``summarizer compare`` writes."""
    from summarizer.compare.change import Change

    schema = Change.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "summarizer/change.schema.json"
    return schema


def change_schema_json() -> str:
    """``change_schema`` as the text of ``schemas/change.schema.json``."""
    return json.dumps(change_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
