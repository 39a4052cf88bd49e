"""The brief's JSON Schema, generated from the pydantic models (``schemas/brief.schema.json``)."""

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
