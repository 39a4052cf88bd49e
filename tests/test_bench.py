"""The benchmark helpers in bench/: the fake server's replies fit our schemas, baselines and
grading read numbers as intended, RESULTS.md sections are replaced in place.

Fast and offline; one test talks to the fake server over loopback (127.0.0.1) only.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import baselines  # noqa: E402
import bench_model  # noqa: E402
import fake_openai_server as fake  # noqa: E402
import report  # noqa: E402

from summarizer.extract.replies import Highlights, QAFindings, RemarksFindings  # noqa: E402

SECTION = (
    "Company: Brindlemoor Analytics; call period: 2025Q2\n"
    "Section: prepared remarks; led by Ada Quell\n\n"
    "s1 Thank you all for joining.\n"
    "s2 Revenue was $48.2 million [a1], up 12% [a2] year over year.\n"
    "s3 For the third quarter we expect revenue between $50 million and $52 million [a3].\n"
    "s4 Our AI assistant now serves 3,400 [a4] customers.\n"
)


def _body(name: str, content: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    fmt: dict[str, Any] = {"name": name}
    if schema is not None:
        fmt["schema"] = schema
    return {
        "messages": [{"role": "system", "content": "x"}, {"role": "user", "content": content}],
        "response_format": {"type": "json_schema", "json_schema": fmt},
    }


@pytest.mark.parametrize(
    ("model", "content"),
    [
        pytest.param(RemarksFindings, SECTION, id="remarks"),
        pytest.param(QAFindings, SECTION, id="qa"),
        pytest.param(Highlights, "- Revenue: $48.2 million\n- Guidance raised", id="highlights"),
        pytest.param(RemarksFindings, "no numbered sentences at all", id="remarks_empty"),
    ],
)
def test_fake_reply_fits_the_findings_schema(model: type[BaseModel], content: str) -> None:
    reply = fake.reply_content(_body(model.__name__, content))
    assert model.model_validate_json(reply) is not None


def test_fake_remarks_name_the_first_amount_id_of_each_sentence() -> None:
    found = RemarksFindings.model_validate_json(fake.reply_content(_body("RemarksFindings", SECTION)))
    assert [(f.metric, f.amount) for f in found.figures] == [
        ("Revenue was", "a1"), ("we expect revenue between", "a3"), ("AI assistant now serves", "a4")
    ]
    assert found.guidance[0].low == "$50 million" and found.guidance[0].high == "$52 million"
    assert found.ai[0].cite == ["s4"]


@pytest.mark.parametrize(
    "model",
    [
        pytest.param(baselines.Figures, id="figures"),
        pytest.param(baselines.GuidanceItems, id="guidance"),
        pytest.param(baselines.AIPoints, id="ai"),
        pytest.param(baselines.QAThemes, id="themes"),
        pytest.param(baselines.CallFindings, id="all_in_one"),
        pytest.param(QAFindings, id="qa_findings"),
    ],
)
def test_minimal_instance_is_valid_for_any_schema(model: type[BaseModel]) -> None:
    reply = fake.reply_content(_body("SomethingElse", "", model.model_json_schema()))
    assert model.model_validate_json(reply) is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('{"figures": [{"metric": "revenue", "value": "$48.2 million"}, {"metric": "m', ["$48.2 million"],
                     id="cut_after_first"),
        pytest.param('{"guidance": [{"metric": "revenue", "low": "$50 million", "high": "$52', ["$50 million"],
                     id="cut_inside_range"),
        pytest.param("", [], id="empty"),
    ],
)
def test_salvage_reads_values_from_a_cut_off_reply(text: str, expected: list[str]) -> None:
    assert [f.value for f in baselines.salvage_figures(text)] == expected


def test_salvage_keeps_the_metric_of_each_value() -> None:
    text = '{"figures": [{"metric": "revenue", "value": "$48.2 million", "yoy": "12%"}, {"value": "7%"}, {"metric": "ca'
    assert [(f.metric, f.value) for f in baselines.salvage_figures(text)] == [
        ("revenue", "$48.2 million"), ("(truncated reply)", "7%")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Host\nHost\n主持人\nRevenue rose.\n收入增長。\n", "Host\nRevenue rose.\n", id="pairs"),
        pytest.param("A\n\nA\n", "A\n\nA\n", id="repeat_not_adjacent_kept"),
        pytest.param("只有中文\n", "\n", id="all_chinese"),
    ],
)
def test_english_lines_drop_translations_and_doubled_lines(text: str, expected: str) -> None:
    assert bench_model.english_lines(text) == expected


TEXT = "Revenue was $48.2 million. Gross margin was 61.5%. Cash ended at $210.4 million."


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        pytest.param(bench_model.Item("revenue", (48.2e6,)), True, id="scaled"),
        pytest.param(bench_model.Item("revenue", (48.2,)), True, id="as_written_without_scale"),
        pytest.param(bench_model.Item("net loss", (-48.2e6,)), True, id="sign_ignored"),
        pytest.param(bench_model.Item("margin", (61.5,)), True, id="percent"),
        pytest.param(bench_model.Item("revenue", (49.9e6,)), False, id="invented"),
        pytest.param(bench_model.Item("guidance", (48.2e6, 55e6)), False, id="one_end_invented"),
    ],
)
def test_in_text_finds_values_stated_in_the_transcript(item: bench_model.Item, expected: bool) -> None:
    assert bench_model.in_text(item, bench_model.transcript_values(TEXT)) is expected


def test_headline_needs_the_metric_and_the_value() -> None:
    headlines = [("revenue $48.2M", r"revenue", (48.2e6,)), ("cash $210.4M", r"cash", (210.4e6,))]
    items = [bench_model.Item("total revenues", (48.2e6,)), bench_model.Item("operating expenses", (210.4e6,))]
    assert bench_model.headline_hits(items, headlines) == [True, False]
    assert bench_model.guidance_hit([bench_model.Item("q3 revenue", (50e6, 52e6))], 50e6, 52e6)


def test_write_section_replaces_only_its_own_section(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    report.write_section("one", "One", "first", command="x", results=results)
    report.write_section("two", "Two", "second", command="y", results=results)
    report.write_section("one", "One", "again", command="x", results=results)
    text = results.read_text(encoding="utf-8")
    assert text.count("<!-- begin one -->") == 1 and "again" in text and "first" not in text
    assert text.index("<!-- begin one -->") < text.index("<!-- begin two -->") and "second" in text


def test_table_aligns_columns() -> None:
    lines = report.table([{"a": 1, "b": 2.345}, {"a": 100, "b": None}]).splitlines()
    assert lines[0] == "| a   | b    |"
    assert lines[2] == "| 1   | 2.35 |" and lines[3] == "| 100 |      |"


def test_pipeline_and_baselines_through_the_fake_server() -> None:
    import openai

    import summarizer

    text = (ROOT / "tests" / "fixtures" / "example-call.txt").read_text(encoding="utf-8")

    async def go(base_url: str) -> tuple[summarizer.Brief, baselines.BaselineResult]:
        client = openai.AsyncOpenAI(base_url=base_url, api_key="fake", max_retries=0)
        try:
            brief = await summarizer.asummarize(text, client=client, model="fake")
            naive = await baselines.run_baseline(client, model="fake", text=text, kind="per_schema")
            return brief, naive
        finally:
            await client.close()

    with fake.FakeServer(latency=0.0, max_seconds=60) as server:
        brief, naive = asyncio.run(go(server.base_url))
        stats = server.stats()
    assert brief.complete and brief.kpis and brief.usage.requests >= 2
    assert naive.requests == 4 and not naive.errors
    assert stats["requests"] == brief.usage.requests + naive.requests
