"""``--via batch-api`` against a loopback fake of the Files and Batches endpoints (no network)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES
from fake_batches import FakeBatches
from fake_openai import FakeRequest, default_reply, refusal, truncated
from typer.testing import CliRunner

from summarizer.assemble.highlights import by_code
from summarizer.brief import Brief
from summarizer.cli import app
from summarizer.config import resolve_endpoint
from summarizer.errors import ConfigError, ModelError
from summarizer.ingest import readers
from summarizer.run import batch, batch_api, files
from summarizer.run.cost import load_prices

EXAMPLE = FIXTURES / "example-call.txt"
KEY = "sk-test-batch-api-key"
MODEL = "gpt-4o-mini"
QUICK = {"poll_interval": 0.001}


@pytest.fixture
def fake() -> Iterator[FakeBatches]:
    with FakeBatches() as server:
        yield server


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SUMMARIZER_PRICES", str(tmp_path / "no-user-prices.json"))
    return tmp_path / "cache"


def calls(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text("utf-8")
    paths = []
    for i in range(n):
        path = folder / f"call{i}.txt"
        path.write_text(text.replace("Northwind", f"Company{i}"), "utf-8")
        paths.append(path)
    return paths


def run(fake: FakeBatches, tmp_path: Path, **options: object) -> batch.BatchReport:
    options = {"batch_api_options": QUICK, **options}
    return batch.run_batch(
        [tmp_path / "in"],
        tmp_path / "out",
        via="batch-api",
        base_url=fake.base_url,
        api_key=KEY,
        model=MODEL,
        **options,
    )


def output(tmp_path: Path, name: str) -> Path:
    """Where the batch writes the brief of ``in/<name>.txt``."""
    return files.output_path(tmp_path / "in" / f"{name}.txt", tmp_path / "out", ".json")


def index(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "index.jsonl").read_text("utf-8").splitlines()]


def is_cfo(request: FakeRequest) -> bool:
    return request.schema == "RemarksFindings" and "David Park" in request.section


def test_one_job_for_all_sections_of_all_transcripts(fake: FakeBatches, tmp_path: Path) -> None:
    paths = calls(tmp_path / "in", 2)
    report = run(fake, tmp_path)
    assert [r.status for r in report.records] == ["ok", "ok"]
    assert fake.created() == 1
    [job] = fake.jobs.values()
    assert job.endpoint == "/v1/chat/completions" and job.completion_window == "24h"
    lines = fake.input_lines(job.id)
    ids = [line["custom_id"] for line in lines]
    assert len(ids) == len(set(ids))
    shas = {readers.load_path(p).sha256[:16] for p in paths}
    assert {i.split("-", 1)[0] for i in ids} == shas  # custom_id = transcript sha + section id + part
    assert all(line["url"] == "/v1/chat/completions" and line["method"] == "POST" for line in lines)
    assert all(line["body"]["response_format"]["type"] == "json_schema" for line in lines)
    assert not any(line["body"]["response_format"]["json_schema"]["name"] == "Highlights" for line in lines)
    for path in paths:
        brief = Brief.model_validate_json(output(tmp_path, path.stem).read_text("utf-8"))
        assert brief.complete and len(brief.qa_themes) == 2
        assert brief.highlights == by_code(brief) and brief.highlights  # no highlights request here
        assert brief.usage.requests > 0 and brief.usage.prompt_tokens > 0
    saved = json.loads((tmp_path / "out" / ".batch-job.json").read_text("utf-8"))
    assert saved["batch_id"] == job.id


def test_the_cost_is_at_the_batch_price(fake: FakeBatches, tmp_path: Path) -> None:
    calls(tmp_path / "in", 1)
    report = run(fake, tmp_path)
    brief = Brief.model_validate_json(output(tmp_path, "call0").read_text("utf-8"))
    full = load_prices().cost(brief.usage, MODEL)
    assert full is not None
    assert report.records[0].cost == pytest.approx(full / 2)
    assert brief.usage.cost_usd == pytest.approx(full / 2)


def test_an_unfinished_job_is_resumed_not_resubmitted(fake: FakeBatches, tmp_path: Path) -> None:
    calls(tmp_path / "in", 2)
    fake.polls = 5
    with pytest.raises(ModelError, match="re-run the same command to resume"):
        run(fake, tmp_path, batch_api_options={**QUICK, "max_wait": 0.002})
    assert fake.created() == 1
    assert not output(tmp_path, "call0").exists()
    report = run(fake, tmp_path)
    assert fake.created() == 1  # the saved job id was polled, nothing submitted again
    assert [r.status for r in report.records] == ["ok", "ok"]


def test_a_finished_batch_is_answered_from_the_cache_next_time(fake: FakeBatches, tmp_path: Path) -> None:
    calls(tmp_path / "in", 1)
    run(fake, tmp_path)
    calls_before = len(fake.calls)
    report = run(fake, tmp_path, force=True)
    assert len(fake.calls) == calls_before  # no upload, no job: every section was cached
    assert report.records[0].status == "ok" and report.records[0].cached > 0


def test_a_failed_request_loses_only_its_section(fake: FakeBatches, tmp_path: Path) -> None:
    calls(tmp_path / "in", 2)
    fake.fail = is_cfo
    report = run(fake, tmp_path)
    assert [r.status for r in report.records] == ["partial", "partial"]
    brief = Brief.model_validate_json(output(tmp_path, "call0").read_text("utf-8"))
    assert any("failed: the endpoint answered HTTP 500" in w for w in brief.warnings)
    assert len(brief.qa_themes) == 2


@pytest.mark.parametrize(
    ("reply", "cause"),
    [
        pytest.param(truncated(), "reply cut off at", id="truncated"),
        pytest.param(refusal("No."), "the model refused", id="refusal"),
    ],
)
def test_a_bad_reply_is_named(fake: FakeBatches, tmp_path: Path, reply: object, cause: str) -> None:
    calls(tmp_path / "in", 1)
    fake.answer = lambda r: reply if is_cfo(r) else default_reply(r)
    run(fake, tmp_path)
    brief = Brief.model_validate_json(output(tmp_path, "call0").read_text("utf-8"))
    assert not brief.complete
    assert any(cause in w for w in brief.warnings)


def test_an_expired_job_fails_its_inputs_and_a_rerun_submits_again(fake: FakeBatches, tmp_path: Path) -> None:
    calls(tmp_path / "in", 1)
    fake.final_status = "expired"
    report = run(fake, tmp_path)
    assert report.records[0].status == "failed"
    assert "no result in batch job" in (report.records[0].error or "")
    fake.final_status = "completed"
    report = run(fake, tmp_path)
    assert fake.created() == 2
    assert report.records[0].status == "ok"


def test_a_bad_input_fails_alone(fake: FakeBatches, tmp_path: Path) -> None:
    calls(tmp_path / "in", 1)
    (tmp_path / "in" / "empty.md").write_text("", "utf-8")
    report = run(fake, tmp_path)
    assert {Path(r.path).name: r.status for r in report.records} == {"call0.txt": "ok", "empty.md": "failed"}


def test_the_embedded_model_has_no_batch_api(tmp_path: Path) -> None:
    calls(tmp_path / "in", 1)
    with pytest.raises(ConfigError, match="no Batch API"):
        batch_api.summarize_jobs([tmp_path / "in" / "call0.txt"], tmp_path / "out", local=True)


def test_request_bodies_match_the_online_path(tmp_path: Path) -> None:
    endpoint = resolve_endpoint(base_url="http://127.0.0.1:9/v1", api_key="k", model=MODEL, env={})
    transcript, asks = batch_api.plan_requests(readers.load_path(EXAMPLE), endpoint)
    assert asks and all(a.body["model"] == MODEL and a.body["temperature"] == 0 for a in asks)
    assert {a.response_model.__name__ for a in asks} == {"RemarksFindings", "QAFindings"}
    assert len(batch_api.jsonl(asks + asks).splitlines()) == len(asks)  # each custom_id once


def test_the_cli_runs_a_batch_job(fake: FakeBatches, tmp_path: Path) -> None:
    calls(tmp_path / "in", 2)
    env = {"OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": KEY, "SUMMARIZER_MODEL": MODEL, "SUMMARIZER_MODE": None}
    result = CliRunner().invoke(
        app,
        [
            "batch",
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out"),
            "--via",
            "batch-api",
            "--poll-interval",
            "0.001",
            "-q",
        ],
        env=env,
    )
    assert result.exit_code == 0, result.stderr
    assert [r["status"] for r in index(tmp_path / "out")] == ["ok", "ok"]
