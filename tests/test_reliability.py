"""Model faults over real HTTP: each one recovers, or loses only the section it hit.

A loopback fake OpenAI server (``fake_openai.py``) injects the faults into the requests for one
section, the CFO's prepared remarks of ``fixtures/example-call.txt``; every other request gets
a valid empty reply. The library is driven through ``summarize_file(base_url=..., api_key=...)``
(so it builds its own client, with the SDK's ``max_retries=2``), the CLI through
``typer.testing.CliRunner`` with ``OPENAI_BASE_URL`` pointing at the fake. Retry-After values are
tiny, so the whole file runs in a few seconds.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import openai
import pytest
from conftest import FIXTURES
from fake_openai import (
    Action,
    FakeOpenAI,
    FakeRequest,
    delay,
    empty_choices,
    malformed_json,
    off_schema,
    refusal,
    reset,
    status,
    truncated,
)
from typer.testing import CliRunner

from summarizer import api
from summarizer.assemble.highlights import by_code
from summarizer.brief import Brief
from summarizer.cli import app
from summarizer.config import DEFAULT_TIMEOUT, resolve_endpoint
from summarizer.document import Section, SectionKind
from summarizer.errors import ConfigError
from summarizer.ingest import readers
from summarizer.run import pipeline

EXAMPLE = FIXTURES / "example-call.txt"
KEY = "sk-test-reliability-key"
QUICK = 0.01  # Retry-After seconds for faults that are not about the wait itself


def is_cfo(request: FakeRequest) -> bool:
    return request.schema == "RemarksFindings" and "David Park" in request.section


def cfo_part() -> Section:
    _, parts = pipeline.plan(readers.load_path(EXAMPLE), max_section_tokens=pipeline.REMOTE_SECTION_TOKENS)
    [part] = [p for p in parts if p.kind is SectionKind.prepared_remarks and p.speaker == "David Park"]
    return part


def cfo_label() -> str:
    """How a warning names the CFO's section, e.g. ``section sec4 part 1/1 (prepared_remarks)``."""
    part = cfo_part()
    return f"section {part.id} part {part.part}/{part.parts} ({part.kind.value})"


def summarize(fake: FakeOpenAI, **options: object) -> Brief:
    return api.summarize_file(EXAMPLE, base_url=fake.base_url, api_key=KEY, model="fake", **options)


def cli_env(fake: FakeOpenAI, **extra: str | None) -> dict[str, str | None]:
    env: dict[str, str | None] = {
        "OPENAI_BASE_URL": fake.base_url,
        "OPENAI_API_KEY": KEY,
        "SUMMARIZER_MODEL": "fake",
        "SUMMARIZER_MODE": None,
        "SUMMARIZER_TIMEOUT": None,
    }
    env.update(extra)
    return env


def run_cli(fake: FakeOpenAI, out: Path, **env: str | None) -> tuple[int, str, Brief | None]:
    """Run ``summarizer run example-call.txt -o out``; return exit code, stderr and the brief."""
    result = CliRunner().invoke(app, ["run", str(EXAMPLE), "-o", str(out)], env=cli_env(fake, **env))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    brief = Brief.model_validate_json(out.read_text("utf-8")) if out.exists() else None
    return result.exit_code, result.stderr, brief


def only_cfo_failed(brief: Brief) -> str:
    """Assert the brief lost only the CFO's section; return that section's warning."""
    assert not brief.complete
    failed = [w for w in brief.warnings if " failed: " in w and not w.startswith("highlights")]
    assert len(failed) == 1, brief.warnings
    assert failed[0].startswith(cfo_label() + " failed: "), failed
    assert len(brief.qa_themes) == 2  # both Q&A sections came through
    assert brief.highlights  # the highlights call still ran
    return failed[0]


# --- recovery: a fault once, then a good reply ---------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "cfo_requests", "retries"),
    [
        pytest.param(status(429, retry_after=QUICK), 2, 0, id="429_with_retry_after"),
        pytest.param(status(500, retry_after=QUICK), 2, 0, id="500"),
        pytest.param(status(503, retry_after=QUICK), 2, 0, id="503"),
        pytest.param(reset(), 2, 0, id="connection_reset"),
        pytest.param(malformed_json(), 2, 1, id="malformed_json_reasked"),
        pytest.param(off_schema(), 2, 1, id="schema_violation_reasked"),
        pytest.param(truncated(), 2, 0, id="truncated_budget_raised"),
    ],
)
def test_a_fault_once_is_recovered(fake: FakeOpenAI, fault: Action, cfo_requests: int, retries: int) -> None:
    fake.on(is_cfo, fault)
    brief = summarize(fake)
    assert brief.complete, brief.warnings
    assert brief.warnings == []
    assert len(fake.seen(is_cfo)) == cfo_requests
    assert brief.usage.retries == retries
    assert len(brief.qa_themes) == 2


def test_retry_after_is_honoured(fake: FakeOpenAI) -> None:
    fake.on(is_cfo, status(429, retry_after=1))
    brief = summarize(fake)
    first, second = fake.seen(is_cfo)
    assert second.at - first.at >= 0.95  # the SDK waited as told, not its 0.5 s default backoff
    assert brief.complete


def test_truncation_raises_the_budget_once_then_splits_the_section(fake: FakeOpenAI) -> None:
    fake.on(is_cfo, truncated(), truncated())
    brief = summarize(fake)
    assert brief.complete, brief.warnings
    budgets = [r.body["max_tokens"] for r in fake.seen(is_cfo)]
    assert budgets[1] == 2 * budgets[0]
    whole = {s.id for s in cfo_part().sentences}
    halves = [set(r.sentence_ids) for r in fake.seen(is_cfo)[2:]]
    assert len(halves) == 2 and halves[0] | halves[1] == whole and not halves[0] & halves[1]


def test_a_read_timeout_once_is_retried(fake: FakeOpenAI) -> None:
    fake.on(is_cfo, delay(2.0))
    client = openai.AsyncOpenAI(base_url=fake.base_url, api_key=KEY, timeout=0.3, max_retries=1)
    brief = api.summarize_file(EXAMPLE, client=client, model="fake")
    assert brief.complete, brief.warnings
    assert len(fake.seen(is_cfo)) == 2


def test_a_failed_highlights_call_leaves_the_choice_to_code(fake: FakeOpenAI) -> None:
    fake.on(lambda r: r.schema == "Highlights", status(500, retry_after=QUICK), repeat=True)
    brief = summarize(fake)
    assert brief.complete
    assert brief.highlights == by_code(brief) and brief.highlights
    assert brief.warnings == ["highlights failed: the endpoint answered HTTP 500; chosen by code instead"]


# --- a fault on every attempt: the section is lost, the brief is written, exit code 3 ------------


@pytest.mark.parametrize(
    ("fault", "cause"),
    [
        pytest.param(status(429, retry_after=QUICK), "the endpoint answered HTTP 429", id="429"),
        pytest.param(status(500, retry_after=QUICK), "the endpoint answered HTTP 500", id="500"),
        pytest.param(status(503, retry_after=QUICK), "the endpoint answered HTTP 503", id="503"),
        pytest.param(reset(), "could not connect to the endpoint", id="connection_reset"),
        pytest.param(malformed_json(), "the reply did not fit the schema after 2 attempts", id="malformed_json"),
        pytest.param(off_schema(), "the reply did not fit the schema after 2 attempts", id="schema_violation"),
        pytest.param(truncated(), "reply cut off at", id="truncated"),
    ],
)
def test_a_persistent_fault_loses_only_its_section(fake: FakeOpenAI, tmp_path: Path, fault: Action, cause: str) -> None:
    fake.on(is_cfo, fault, repeat=True)
    code, stderr, brief = run_cli(fake, tmp_path / "out.json")
    assert code == 3
    assert brief is not None
    assert cause in only_cfo_failed(brief)
    assert "warning: the brief is partial" in stderr


@pytest.mark.parametrize(
    "fault", [pytest.param(empty_choices(), id="empty_choices"), pytest.param(refusal(), id="refusal")]
)
def test_empty_choices_or_a_refusal_loses_only_its_section(fake: FakeOpenAI, tmp_path: Path, fault: Action) -> None:
    fake.on(is_cfo, fault, repeat=True)
    code, _, brief = run_cli(fake, tmp_path / "out.json")
    assert code == 3
    assert brief is not None
    only_cfo_failed(brief)


@pytest.mark.parametrize(
    ("fault", "cause"),
    [
        pytest.param(empty_choices(), "no choices", id="empty_choices"),
        pytest.param(refusal("I can't help with that."), "refused", id="refusal"),
    ],
)
def test_empty_choices_or_a_refusal_is_named_as_such(fake: FakeOpenAI, fault: Action, cause: str) -> None:
    fake.on(is_cfo, fault, repeat=True)
    assert cause in only_cfo_failed(summarize(fake))


def test_a_persistent_read_timeout_loses_only_its_section(fake: FakeOpenAI) -> None:
    fake.on(is_cfo, delay(2.0), repeat=True)
    client = openai.AsyncOpenAI(base_url=fake.base_url, api_key=KEY, timeout=0.2, max_retries=1)
    brief = api.summarize_file(EXAMPLE, client=client, model="fake")
    assert "the request timed out" in only_cfo_failed(brief)
    assert len(fake.seen(is_cfo)) == 2


def test_the_cli_read_timeout_is_configurable(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.on(is_cfo, delay(1.5), repeat=True)
    code, _, brief = run_cli(fake, tmp_path / "out.json", SUMMARIZER_TIMEOUT="0.2")
    assert code == 3
    assert brief is not None
    assert "the request timed out" in only_cfo_failed(brief)


def test_a_complete_run_exits_0(fake: FakeOpenAI, tmp_path: Path) -> None:
    code, _, brief = run_cli(fake, tmp_path / "out.json")
    assert code == 0
    assert brief is not None and brief.complete
    assert json.loads((tmp_path / "out.json").read_text("utf-8"))["complete"] is True


def test_the_brief_written_by_run_validates_against_the_shipped_schema(fake: FakeOpenAI, tmp_path: Path) -> None:
    import jsonschema

    code, _, _ = run_cli(fake, tmp_path / "out.json")
    assert code == 0
    schema = json.loads((Path(__file__).parents[1] / "schemas" / "brief.schema.json").read_text("utf-8"))
    jsonschema.validate(json.loads((tmp_path / "out.json").read_text("utf-8")), schema)


# --- the timeout setting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "env", "expected"),
    [
        pytest.param(None, {}, DEFAULT_TIMEOUT, id="default"),
        pytest.param(None, {"SUMMARIZER_TIMEOUT": "2.5"}, 2.5, id="from_env"),
        pytest.param(7.0, {"SUMMARIZER_TIMEOUT": "2.5"}, 7.0, id="argument_wins"),
        pytest.param(None, {"SUMMARIZER_TIMEOUT": ""}, DEFAULT_TIMEOUT, id="empty_env_is_unset"),
    ],
)
def test_timeout_is_resolved(given: float | None, env: dict[str, str], expected: float) -> None:
    endpoint = resolve_endpoint(base_url="http://127.0.0.1:9/v1", model="fake", timeout=given, env=env)
    assert math.isclose(endpoint.timeout, expected)
    assert math.isclose(resolve_endpoint(local=True, timeout=given, env=env).timeout, expected)


@pytest.mark.parametrize("bad", [pytest.param(v, id=v) for v in ("0", "-1", "soon", "inf", "nan")])
def test_a_bad_timeout_is_a_config_error(bad: str) -> None:
    with pytest.raises(ConfigError, match="timeout must be a positive number"):
        resolve_endpoint(base_url="http://127.0.0.1:9/v1", model="fake", env={"SUMMARIZER_TIMEOUT": bad})


# --- no section succeeded: an error, not a partial brief ---------------------------------------------


def closed_port() -> str:
    """A loopback base URL nothing listens on."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@pytest.mark.parametrize(
    ("base_url", "fault", "why"),
    [
        pytest.param(None, status(401, message="bad key"), "refused the API key", id="unauthorised"),
        pytest.param(None, status(404, message="no such route"), "is the base URL right", id="not_found"),
        pytest.param("closed", None, "could not connect", id="unreachable"),
        pytest.param("http//127.0.0.1/v1", None, "bad base URL", id="malformed_url"),
    ],
)
def test_run_with_no_section_succeeding_exits_1_without_output(
    fake: FakeOpenAI, tmp_path: Path, base_url: str | None, fault: Action | None, why: str
) -> None:
    if fault is not None:
        fake.on(lambda r: True, fault, repeat=True)
    url = closed_port() if base_url == "closed" else (base_url or fake.base_url)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, ["run", str(EXAMPLE), "-o", str(out)], env=cli_env(fake, OPENAI_BASE_URL=url))
    assert result.exit_code == 1, result.stderr
    assert not out.exists()
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and why in errors[0], result.stderr
    assert "partial" not in result.stderr and "Traceback" not in result.output


def test_batch_with_no_section_succeeding_records_failed(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.on(lambda r: True, status(401, message="bad key"), repeat=True)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(EXAMPLE.read_bytes())
    result = CliRunner().invoke(
        app, ["batch", "-q", str(tmp_path / "in"), "-o", str(tmp_path / "out")], env=cli_env(fake)
    )
    assert result.exit_code == 1
    [line] = [json.loads(t) for t in (tmp_path / "out" / "index.jsonl").read_text("utf-8").splitlines()]
    assert line["status"] == "failed" and "refused the API key" in line["error"] and line["output"] is None
    assert not list((tmp_path / "out").glob("*.json"))


def test_the_library_raises_model_error_and_counts_the_failed_requests(fake: FakeOpenAI) -> None:
    from summarizer.errors import ModelError

    fake.on(lambda r: True, status(401, message="bad key"), repeat=True)
    with pytest.raises(ModelError, match="every section failed: the endpoint answered HTTP 401") as raised:
        summarize(fake)
    usage = raised.value.usage
    assert usage is not None and usage.requests == len(fake.requests) > 0


def test_usage_counts_the_requests_that_failed(fake: FakeOpenAI) -> None:
    fake.on(is_cfo, status(401, message="bad key"), repeat=True)
    brief = summarize(fake)
    assert not brief.complete
    assert brief.usage.requests == len(fake.requests)  # the refused ones too
