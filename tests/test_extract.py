"""The model boundary, replayed from cassettes recorded against the embedded model.

Re-record (needs `summarizer[local]`, a few minutes on 2 cores):
    SUMMARIZER_RECORD=1 python -m pytest -q tests/test_extract.py
"""

from __future__ import annotations

import asyncio
import json

from conftest import FIXTURES, ModelBoundary

from summarizer import api, ground
from summarizer.brief import Brief, GroundingStatus, Usage
from summarizer.config import Endpoint
from summarizer.document import Section, SectionKind, Transcript
from summarizer.extract import client, extractor
from summarizer.ingest import readers, sections
from summarizer.schema import brief_schema

EXAMPLE = FIXTURES / "example-call.txt"


def _example() -> tuple[Transcript, list[Section]]:
    return sections.analyse(readers.load_path(EXAMPLE))


def _extractor(boundary: ModelBoundary) -> extractor.Extractor:
    endpoint = Endpoint(base_url=None, model=boundary.model, mode="json_schema", local=True, reason="test")
    return extractor.Extractor(client.wrap_client(boundary.client, mode="json_schema"), endpoint=endpoint)


def _run_section(boundary: ModelBoundary, transcript: Transcript, section: Section):
    usage = Usage()

    async def go():
        client.track_usage(usage)
        return await _extractor(boundary).extract(section, transcript)

    outcome = asyncio.run(go())
    assert outcome.error is None, outcome.error
    assert usage.requests >= 1 and usage.prompt_tokens > 0 and usage.completion_tokens > 0
    return [ground.ground_section(f, part, transcript) for part, f in outcome.findings]


def test_prepared_remarks_section(model_boundary: ModelBoundary) -> None:
    transcript, found = _example()
    cfo = next(s for s in found if s.kind is SectionKind.prepared_remarks and s.speaker == "David Park")
    grounded = _run_section(model_boundary, transcript, cfo)
    kpis = [k for g in grounded for k in g.kpis]
    values = {k.value for k in kpis}
    assert 48_200_000 in values  # total revenue
    assert 212_600_000 in values  # cash
    for kpi in kpis:
        assert kpi.grounding is not GroundingStatus.not_found
        assert kpi.evidence and all(q.sentence_id in {s.id for s in cfo.sentences} for q in kpi.evidence)
        assert all(transcript.text[q.span.start : q.span.end] == q.text for q in kpi.evidence)
        assert kpi.value_text in " ".join(q.text for q in kpi.evidence)


def test_qa_section(model_boundary: ModelBoundary) -> None:
    transcript, found = _example()
    qa = [s for s in found if s.kind is SectionKind.qa][0]
    grounded = _run_section(model_boundary, transcript, qa)
    theme = grounded[0].qa_theme
    assert theme is not None and theme.theme and theme.question and theme.answer
    assert [(a.name, a.firm) for a in theme.askers] == [("Priya Nair", "Granite Securities")]
    assert theme.evidence and {q.sentence_id for q in theme.evidence} <= {s.id for s in qa.sentences}


def test_whole_example_call(model_boundary: ModelBoundary) -> None:
    import jsonschema

    brief = api.summarize_file(EXAMPLE, client=model_boundary.client, model=model_boundary.model, concurrency=1)
    assert brief.complete, brief.warnings
    assert brief.company and "Northwind" in brief.company
    assert brief.period == "2025Q2"
    assert any(k.value == 48_200_000 and k.unit == "USD" for k in brief.kpis)
    assert len(brief.qa_themes) == 2
    assert {a.firm for q in brief.qa_themes for a in q.askers} == {"Granite Securities", "Alder Capital"}
    assert 1 <= len(brief.highlights) <= 6
    assert brief.usage.requests >= 5 and brief.model.name == model_boundary.model
    jsonschema.validate(json.loads(brief.model_dump_json()), brief_schema())
    assert Brief.model_validate_json(brief.model_dump_json()) == brief
