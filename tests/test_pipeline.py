"""Failure paths of the model boundary, on a fake transport (no network, no model).

The happy paths run on recorded cassettes in test_extract.py; here the fake plays a model that
fails, truncates, answers off-schema or invents figures.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

import httpx2
import openai
import pytest
from conftest import FIXTURES

from summarizer import api
from summarizer.assemble.highlights import by_code
from summarizer.errors import ModelError

EXAMPLE = FIXTURES / "example-call.txt"

Handler = Callable[[dict], tuple[int, dict | str, str]]


def completion(content: str, finish_reason: str = "stop") -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def kind_of(body: dict) -> str:
    return body["response_format"]["json_schema"]["name"]


def section_of(body: dict) -> str:
    """The section text, which stays the first user message when instructor re-asks."""
    return next(m["content"] for m in body["messages"] if m["role"] == "user")


EMPTY = {
    "RemarksFindings": {"figures": [], "guidance": [], "ai": []},
    "QAFindings": {"theme": "pricing", "question": "How is it priced?", "answer": "As an add-on.", "cite": []},
    "Highlights": {"highlights": ["h2"]},
}


def fake_client(handler: Handler, log: list[dict]) -> openai.AsyncOpenAI:
    def respond(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        log.append(body)
        status, payload, finish = handler(body)
        if status != 200:
            return httpx2.Response(status, json={"error": {"message": str(payload)}})
        content = payload if isinstance(payload, str) else json.dumps(payload)
        return httpx2.Response(200, json=completion(content, finish))

    http = httpx2.AsyncClient(transport=httpx2.MockTransport(respond))
    return openai.AsyncOpenAI(base_url="http://fake.test/v1", api_key="sk-fake", max_retries=0, http_client=http)


def run(handler: Handler) -> tuple[object, list[dict]]:
    log: list[dict] = []
    brief = api.summarize_file(EXAMPLE, client=fake_client(handler, log), model="fake", concurrency=2)
    return brief, log


def with_qa_cites(body: dict) -> dict:
    payload = dict(EMPTY[kind_of(body)])
    if kind_of(body) == "QAFindings":
        first = section_of(body).split("\n\n", 1)[1].splitlines()
        payload["cite"] = [line.split()[0] for line in first if line.startswith("s")][:1]
        payload["theme"] = f"topic of {payload['cite'][0]}"
    return payload


def test_a_failing_section_loses_only_itself() -> None:
    def handler(body: dict):
        if "David Park" in section_of(body) and kind_of(body) == "RemarksFindings":
            return 500, "boom", "stop"
        return 200, with_qa_cites(body), "stop"

    brief, _ = run(handler)
    assert not brief.complete
    assert any("failed: the endpoint answered HTTP 500" in w for w in brief.warnings)
    assert len(brief.qa_themes) == 2  # the other sections are kept


def test_invented_and_copied_figures_are_rejected_right_ones_kept() -> None:
    def handler(body: dict):
        if kind_of(body) != "RemarksFindings" or "David Park" not in section_of(body):
            return 200, with_qa_cites(body), "stop"
        lines = [line for line in section_of(body).splitlines() if "Total revenue was" in line]
        sid = lines[0].split()[0]
        return (
            200,
            {
                "figures": [
                    {"sentence": sid, "metric": "total revenue", "value": "$48.2 million", "yoy": "18%"},
                    {"sentence": sid, "metric": "operating income", "value": "$99.0 million"},
                    {"sentence": sid, "metric": "subscription revenue", "value": "$48.2 million"},
                ],
                "guidance": [],
                "ai": [],
            },
            "stop",
        )

    brief, _ = run(handler)
    kept = [(k.metric, k.value) for k in brief.kpis]
    assert ("total revenue", 48_200_000) in kept
    assert all(k.value != 99_000_000 for k in brief.kpis)
    assert any(r.kind == "kpi" and "99" in json.dumps(r.item) for r in brief.rejected)


def test_truncated_reply_is_retried_with_a_larger_budget() -> None:
    budgets: list[int] = []

    def handler(body: dict):
        if kind_of(body) == "RemarksFindings" and "David Park" in section_of(body):
            budgets.append(body["max_tokens"])
            if len(budgets) == 1:
                return 200, '{"figures": [', "length"
        return 200, with_qa_cites(body), "stop"

    brief, _ = run(handler)
    assert budgets == [budgets[0], 2 * budgets[0]]
    assert brief.complete


def test_off_schema_reply_is_reasked_once_and_counted() -> None:
    calls = {"n": 0}

    def handler(body: dict):
        if kind_of(body) == "RemarksFindings" and "David Park" in section_of(body):
            calls["n"] += 1
            if calls["n"] == 1:
                return 200, '{"figures": "not a list"}', "stop"
        return 200, with_qa_cites(body), "stop"

    brief, log = run(handler)
    assert calls["n"] == 2
    assert brief.usage.retries == 1
    assert brief.usage.requests == len(log)
    assert brief.usage.prompt_tokens == 100 * len(log)


def test_requests_put_static_instructions_first() -> None:
    brief, log = run(lambda body: (200, with_qa_cites(body), "stop"))
    remarks = [b for b in log if kind_of(b) == "RemarksFindings"]
    assert len(remarks) >= 2
    assert len({b["messages"][0]["content"] for b in remarks}) == 1  # cacheable shared prefix
    assert all(b["temperature"] == 0 for b in log)


def test_llama_cpp_cut_off_reported_as_http_500_is_treated_as_truncation() -> None:
    budgets: list[int] = []

    def handler(body: dict):
        if kind_of(body) == "RemarksFindings" and "David Park" in section_of(body):
            budgets.append(body["max_tokens"])
            if len(budgets) == 1:
                return 500, "The model produced output that does not match the expected peg-native format", "stop"
        return 200, with_qa_cites(body), "stop"

    brief, _ = run(handler)
    assert budgets == [budgets[0], 2 * budgets[0]]
    assert brief.complete


def test_an_injected_instructor_client_counts_usage_once_per_run_and_stays_open() -> None:
    import instructor

    log: list[dict] = []
    raw = fake_client(lambda body: (200, with_qa_cites(body), "stop"), log)
    client = instructor.from_openai(raw, mode=instructor.Mode.JSON_SCHEMA)

    async def twice() -> list[object]:
        return [await api.asummarize(EXAMPLE.read_text("utf-8"), client=client, model="fake") for _ in range(2)]

    first, second = asyncio.run(twice())
    assert first.usage.requests == second.usage.requests == len(log) // 2  # hooks detached after each run
    assert not raw.is_closed()


def test_a_sync_client_gets_an_async_twin_that_is_closed() -> None:
    closed: list[bool] = []
    real_close = openai.AsyncOpenAI.close

    async def close(self: openai.AsyncOpenAI) -> None:
        closed.append(True)
        await real_close(self)

    sync = openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key="sk-fake", max_retries=0, timeout=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(openai.AsyncOpenAI, "close", close)
        with pytest.raises(ModelError, match="could not connect"):  # nothing listens on port 9
            api.summarize_file(EXAMPLE, client=sync, model="fake")
    assert closed == [True]


def test_concurrent_runs_sharing_an_instructor_client_each_count_their_own_requests() -> None:
    import instructor

    log: list[dict] = []
    client = instructor.from_openai(
        fake_client(lambda body: (200, with_qa_cites(body), "stop"), log), mode=instructor.Mode.JSON_SCHEMA
    )
    text = EXAMPLE.read_text("utf-8")

    async def together() -> list[object]:
        return await asyncio.gather(*(api.asummarize(text, client=client, model="fake") for _ in range(3)))

    briefs = asyncio.run(together())
    assert [b.usage.requests for b in briefs] == [len(log) // 3] * 3
    assert not client.hooks._handlers.get("completion:response")  # noqa: SLF001 - detached after the runs


def test_the_highlights_are_the_chosen_items_as_code_wrote_them() -> None:
    def handler(body: dict):
        if kind_of(body) == "Highlights":
            return 200, {"highlights": ["h3", "h3", "h9999"]}, "stop"  # fewer than asked still validates
        return 200, with_qa_cites(body), "stop"

    brief, log = run(handler)
    (request,) = [b for b in log if kind_of(b) == "Highlights"]
    shown = section_of(request).splitlines()
    ids, items = zip(*(line.split(" ", 1) for line in shown), strict=True)
    chosen = request["response_format"]["json_schema"]["schema"]["properties"]["highlights"]
    assert len(items) >= 3 and ids == tuple(f"[h{n}]" for n in range(1, len(items) + 1))
    assert chosen["minItems"] == 3 and chosen["items"]["enum"] == [i.strip("[]") for i in ids]
    # The top item, the model's one distinct known id, then the next items in reading order up to three.
    assert brief.highlights == [items[0], items[2], items[1]]


def test_with_the_embedded_model_code_chooses_the_highlights_and_no_request_is_made() -> None:
    log: list[dict] = []
    client = fake_client(lambda body: (200, with_qa_cites(body), "stop"), log)
    brief = api.summarize_file(EXAMPLE, client=client, model="fake", local=True)
    assert not [b for b in log if kind_of(b) == "Highlights"]
    assert brief.highlights and brief.highlights == by_code(brief)
    assert brief.model.endpoint == "embedded"
