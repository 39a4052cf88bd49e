"""The benchmark helpers in bench/: the fake server's replies fit our schemas, baselines and
grading read numbers as intended, RESULTS.md sections are replaced in place.

Fast and offline; one test talks to the fake server over loopback (127.0.0.1) only.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
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
import peer_langextract as peer  # noqa: E402
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
        ("Revenue was", "a1"),
        ("we expect revenue between", "a3"),
        ("AI assistant now serves", "a4"),
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
        pytest.param(
            '{"figures": [{"metric": "revenue", "value": "$48.2 million"}, {"metric": "m',
            ["$48.2 million"],
            id="cut_after_first",
        ),
        pytest.param(
            '{"guidance": [{"metric": "revenue", "low": "$50 million", "high": "$52',
            ["$50 million"],
            id="cut_inside_range",
        ),
        pytest.param("", [], id="empty"),
    ],
)
def test_salvage_reads_values_from_a_cut_off_reply(text: str, expected: list[str]) -> None:
    assert [f.value for f in baselines.salvage_figures(text)] == expected


def test_salvage_keeps_the_metric_of_each_value() -> None:
    text = '{"figures": [{"metric": "revenue", "value": "$48.2 million", "yoy": "12%"}, {"value": "7%"}, {"metric": "ca'
    assert [(f.metric, f.value) for f in baselines.salvage_figures(text)] == [
        ("revenue", "$48.2 million"),
        ("(truncated reply)", "7%"),
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


# --- bench/peer_langextract.py: the helpers that count and grade the peer (langextract itself
# is not needed: these read plain triples and reply bodies) ----------------------------------


def test_usage_meter_sums_replies_with_and_without_usage() -> None:
    meter = peer.UsageMeter()
    meter.add(
        {"usage": {"prompt_tokens": 900, "completion_tokens": 40, "prompt_tokens_details": {"cached_tokens": 600}}}
    )
    meter.add({"usage": {"prompt_tokens": 300, "completion_tokens": 10}})
    meter.add({})
    assert (meter.requests, meter.prompt_tokens, meter.cached_tokens, meter.completion_tokens) == (3, 1200, 600, 50)


def test_peer_items_read_values_labels_periods_and_changes() -> None:
    triples = [
        (
            "kpi",
            "Revenue was $48.2 million, up 18%",
            {"metric": "revenue", "value": "$48.2 million", "period": "second quarter 2025", "change": "up 18%"},
        ),
        ("kpi", "Gross margin was 54.3%", {"metric": "gross margin", "period": None}),  # value from the text
        (
            "guidance",
            "we expect revenue between $50 million and $52 million",
            {"metric": "revenue", "low": "$50 million", "high": "$52 million", "period": "third quarter of 2025"},
        ),
        ("guidance", "about $60 million", {"metric": "revenue", "low": "$60 million", "high": "$60 million"}),
        ("kpi", "strong demand", {"metric": "demand"}),  # no figure: dropped
    ]
    items = peer.peer_items(triples, reference="2025Q2")
    assert [i.values for i in items] == [(48.2e6,), (54.3,), (50e6, 52e6), (60e6,)]
    assert items[0].metric == "revenue second quarter 2025" and items[0].changes == (18.0,)
    assert [i.period for i in items] == ["2025Q2", None, "2025Q3", None]
    assert [i.guidance for i in items] == [False, False, True, True]


def test_mislabelled_counts_a_headline_value_under_another_label_segment_or_period() -> None:
    headlines = [
        ("revenue $48.2M", r"revenue", (48.2e6,)),
        ("cash $210.4M", r"cash", (210.4e6,)),
        ("margin 54.3%", r"margin", (54.3,)),
        ("cloud revenue $9.1M", r"revenue", (9.1e6,)),
    ]
    items = [
        bench_model.Item("revenue", (48.2e6,), period="2025Q2"),  # right
        bench_model.Item("operating expenses", (210.4e6,)),  # value right, label wrong
        bench_model.Item("gross margin", (54.3,), period="2024Q2"),  # label right, period wrong
        bench_model.Item("revenue devices", (9.1e6,)),  # metric right, segment wrong
    ]
    segments = {"cloud revenue $9.1M": r"cloud"}
    assert peer.mislabelled(items, headlines, "2025Q2", segments) == (1, 1, 1)
    assert peer.mislabelled(items, headlines, None) == (1, 0, 0)


def test_few_shot_examples_quote_their_own_text_and_are_fictional() -> None:
    values = peer.example_values()
    for text, spans in peer.example_specs():
        for _, evidence, _ in spans:
            assert evidence in text  # langextract aligns extraction_text to the example's text
    assert any(bench_model.close(v, 73.4e6) for v in values) and any(bench_model.close(v, 58.3e8) for v in values)
    shared = ROOT.parent / "shared" / "transcripts"
    if shared.is_dir():  # the examples' company names appear in no input
        inputs = " ".join(p.read_text(encoding="utf-8") for p in shared.glob("*.txt"))
        assert "Corvane" not in inputs and "青嵐" not in inputs


def test_rows_for_divides_ours_by_the_peer() -> None:
    def system(name: str, prompt: int, seconds: float, found: int) -> dict[str, Any]:
        return {
            "system": name,
            "requests": 2,
            "prompt_tokens": prompt,
            "cached_tokens": 0,
            "completion_tokens": 10,
            "seconds": seconds,
            "recall": [found, 4],
            "precise": 3,
            "figures": 4,
            "returned_not_in_text": 1,
            "copied_from_examples": 0,
            "wrong_label": None,
            "wrong_segment": None,
            "wrong_period": None,
            "notes": [],
        }

    line = {
        "input": "x",
        "transcript_tokens": 1000,
        "finished": "2026-01-01 10:00 UTC",
        "systems": [system("ours", 1500, 100.0, 4), system("peer", 6000, 400.0, 2)],
    }
    ratio = peer.rows_for(line)[-1]
    assert (ratio["prompt tok (cached)"], ratio["wall s"], ratio["recall"], ratio["precision"]) == (
        "0.25",
        "0.25",
        "2.00",
        "1.00",
    )
    assert peer.totals([line])["peer"]["found"] == 2


def test_ectsum_recall_counts_distinct_bullet_numbers_among_values_and_changes() -> None:
    wanted = bench_model.bullet_numbers("Q2 revenue $48.2 million, up 18%.\nRevenue of $48.2 million; EPS $0.41.")
    assert wanted == [48.2e6, 18.0, 0.41]
    items = [bench_model.Item("revenue", (48.2e6,), changes=(18.0,))]
    assert bench_model.recalled_count(wanted, items) == 2


def test_metered_transport_counts_replies_and_answers_empty_after_the_deadline() -> None:
    import time

    sent: list[str] = []

    def model(request: peer.httpx.Request) -> peer.httpx.Response:
        sent.append(request.url.path)
        usage = {"prompt_tokens": 700, "completion_tokens": 30, "prompt_tokens_details": {"cached_tokens": 500}}
        return peer.httpx.Response(200, json={"choices": [], "usage": usage})

    meter = peer.UsageMeter()
    transport = peer.MeteredTransport(meter, time.monotonic() + 60, inner=peer.httpx.MockTransport(model))
    with peer.httpx.Client(transport=transport) as client:
        assert client.post("http://x/v1/chat/completions", json={}).json()["usage"]["prompt_tokens"] == 700
        transport.deadline = time.monotonic() - 1
        late = client.post("http://x/v1/chat/completions", json={}).json()
    assert late["choices"][0]["message"]["content"] == peer.EMPTY_REPLY and sent == ["/v1/chat/completions"]
    assert (meter.requests, meter.prompt_tokens, meter.cached_tokens, meter.skipped) == (1, 700, 500, 1)


def test_the_model_benchmark_keeps_its_briefs_and_replays_from_its_cache(tmp_path: Path) -> None:
    """``--keep`` writes each brief of the pipeline; ``--cache`` lets a second run replay every reply."""
    run = [sys.executable, str(ROOT / "bench" / "bench_model.py"), "--case", "example", "--dry-run"]
    run += ["--keep", str(tmp_path / "briefs"), "--cache", str(tmp_path / "replies.sqlite")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    kept = tmp_path / "briefs" / "example-call.json"
    usage = []
    for _ in range(2):
        subprocess.run(run, capture_output=True, text=True, env=env, timeout=120, check=True)
        brief = json.loads(kept.read_text(encoding="utf-8"))
        assert brief["kpis"]
        usage.append(brief["usage"])
    assert usage[0]["requests"] > 0 and usage[0]["cached_responses"] == 0
    assert (usage[1]["requests"], usage[1]["cached_responses"]) == (0, usage[0]["requests"])
