"""Batch runs over a loopback fake OpenAI server: index.jsonl, resume, one global request limit,
budget stops, bad inputs among good ones, and ``summarize_many`` yielding as briefs finish.

The transcripts are ``fixtures/example-call.txt`` with the company renamed per copy, so each
copy is a distinct transcript (and distinct cache keys).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from conftest import FIXTURES
from fake_openai import FakeOpenAI, FakeRequest, cli_env, default_reply, delay, status
from typer.testing import CliRunner

from summarizer.brief import Brief
from summarizer.cli import app
from summarizer.errors import ConfigError, InputError
from summarizer.run import batch, files, pacing, session

EXAMPLE = FIXTURES / "example-call.txt"
KEY = "sk-test-batch-key"
pytestmark = pytest.mark.filterwarnings("ignore:no price for model:UserWarning")  # the fake model has no price
INDEX_FIELDS = {
    "path",
    "output",
    "status",
    "kpis",
    "guidance",
    "ai",
    "qa",
    "tokens",
    "cached",
    "seconds",
    "cost",
    "error",
    "sha256",
    "settings",
}


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(folder))
    monkeypatch.setenv("SUMMARIZER_PRICES", str(tmp_path / "no-user-prices.json"))
    return folder


def calls(folder: Path, n: int, *, prefix: str = "call") -> list[Path]:
    """``n`` distinct transcripts: the example call with its company renamed."""
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text("utf-8")
    paths = []
    for i in range(n):
        path = folder / f"{prefix}{i}.txt"
        path.write_text(text.replace("Northwind", f"Company{i}"), "utf-8")
        paths.append(path)
    return paths


def env(fake: FakeOpenAI, model: str = "fake") -> dict[str, str | None]:
    return cli_env(fake, KEY, model)


def run_cli(fake: FakeOpenAI, *args: str, model: str = "fake") -> tuple[int, str]:
    result = CliRunner().invoke(app, ["batch", "-q", *args], env=env(fake, model))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stderr


def index(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "index.jsonl").read_text("utf-8").splitlines()]


def chat(fake: FakeOpenAI) -> list[FakeRequest]:
    return fake.seen(lambda r: r.path.endswith("/chat/completions"))


# --- outputs and index -----------------------------------------------------------------------------


def test_a_batch_writes_one_brief_per_input_and_the_index(fake: FakeOpenAI, tmp_path: Path) -> None:
    inputs = calls(tmp_path / "in", 3)
    out = tmp_path / "out"
    code, _ = run_cli(fake, str(tmp_path / "in"), "-o", str(out))
    assert code == 0
    lines = index(out)
    assert [Path(r["path"]).name for r in lines] == [p.name for p in inputs]
    for line, path in zip(lines, inputs, strict=True):
        assert set(line) == INDEX_FIELDS
        assert line["status"] == "ok" and line["error"] is None
        assert line["output"] == str(files.output_path(path, out, ".json"))
        assert line["qa"] == 2 and line["tokens"] > 0 and line["cost"] is None  # "fake" has no price
        brief = Brief.model_validate_json(Path(line["output"]).read_text("utf-8"))
        assert brief.complete and brief.source.name == path.name
    assert not list(out.glob(".*.tmp"))  # atomic writes leave no temporary files


@pytest.mark.parametrize(
    ("fmt", "suffix", "start"),
    [pytest.param("md", ".md", "#", id="markdown"), pytest.param("html", ".html", "<!doctype", id="html")],
)
def test_a_batch_renders_the_chosen_format(fake: FakeOpenAI, tmp_path: Path, fmt: str, suffix: str, start: str) -> None:
    [path] = calls(tmp_path / "in", 1)
    code, _ = run_cli(fake, str(path), "-o", str(tmp_path / "out"), "--format", fmt)
    assert code == 0
    text = files.output_path(path, tmp_path / "out", suffix).read_text("utf-8")
    assert text.lower().lstrip().startswith(start)


def test_same_stems_in_two_folders_do_not_overwrite_each_other(fake: FakeOpenAI, tmp_path: Path) -> None:
    calls(tmp_path / "a", 1)
    calls(tmp_path / "b", 1)
    code, _ = run_cli(fake, str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "out"))
    assert code == 0
    outputs = {r["output"] for r in index(tmp_path / "out")}
    assert len(outputs) == 2 and all(Path(o).exists() for o in outputs)


# --- resume ----------------------------------------------------------------------------------------


def test_a_second_run_skips_finished_outputs_and_force_redoes_them(fake: FakeOpenAI, tmp_path: Path) -> None:
    calls(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert run_cli(fake, str(tmp_path / "in"), "-o", str(out), "--no-cache")[0] == 0
    first = len(chat(fake))
    assert run_cli(fake, str(tmp_path / "in"), "-o", str(out), "--no-cache")[0] == 0
    assert len(chat(fake)) == first  # nothing re-sent, even without the cache
    assert [r["status"] for r in index(out)] == ["skipped", "skipped"]
    assert all(r["error"] == "already done" and r["qa"] == 2 for r in index(out))  # counts carried over
    assert run_cli(fake, str(tmp_path / "in"), "-o", str(out), "--force", "--no-cache")[0] == 0
    assert len(chat(fake)) == 2 * first
    assert [r["status"] for r in index(out)] == ["ok", "ok"]


def test_a_changed_input_is_redone(fake: FakeOpenAI, tmp_path: Path) -> None:
    [path] = calls(tmp_path / "in", 1)
    out = tmp_path / "out"
    run_cli(fake, str(path), "-o", str(out))
    path.write_text(path.read_text("utf-8").replace("Company0", "Company9"), "utf-8")
    run_cli(fake, str(path), "-o", str(out))
    assert index(out)[0]["status"] == "ok"


def is_cfo(request: FakeRequest) -> bool:
    return request.schema == "RemarksFindings" and "David Park" in request.section


def test_a_partial_brief_is_redone_on_resume_and_only_its_lost_section_is_sent(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    [path] = calls(tmp_path / "in", 1)
    out = tmp_path / "out"
    fake.on(is_cfo, status(400), repeat=True)
    code, _ = run_cli(fake, str(path), "-o", str(out))
    assert code == 3
    [line] = index(out)
    assert line["status"] == "partial" and "failed" in line["error"]
    fake._scripts.clear()
    before = len(chat(fake))
    assert run_cli(fake, str(path), "-o", str(out))[0] == 0
    resent = chat(fake)[before:]
    assert [r.schema for r in resent if r.schema != "Highlights"] == ["RemarksFindings"]  # the rest from the cache
    assert index(out)[0]["status"] == "ok" and index(out)[0]["cached"] > 0


def test_an_interrupted_batch_keeps_its_lines(fake: FakeOpenAI, tmp_path: Path) -> None:
    calls(tmp_path / "in", 2)
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.jsonl").write_text('{"path": "x"}\nnot json\n', "utf-8")
    batch.run_batch([tmp_path / "in"], out, base_url=fake.base_url, api_key=KEY, model="fake")
    assert next(r["path"] for r in index(out)) == "x"  # another input's line is kept, the junk is gone
    assert len(index(out)) == 3


# --- bad inputs ------------------------------------------------------------------------------------


def test_one_bad_file_never_stops_the_others(fake: FakeOpenAI, tmp_path: Path) -> None:
    good = calls(tmp_path / "in", 2)
    (tmp_path / "in" / "empty.txt").write_text("", "utf-8")
    (tmp_path / "in" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    code, stderr = run_cli(fake, str(tmp_path / "in"), str(tmp_path / "nothing-*.txt"), "-o", str(tmp_path / "out"))
    assert code == 1
    by_name = {Path(r["path"]).name: r for r in index(tmp_path / "out")}
    assert {by_name[p.name]["status"] for p in good} == {"ok"}
    assert all(files.output_path(p, tmp_path / "out", ".json").exists() for p in good)
    for bad in ("empty.txt", "binary.txt", "nothing-*.txt"):
        assert by_name[bad]["status"] == "failed" and by_name[bad]["output"] is None
        assert by_name[bad]["error"]
    assert "3 input(s) failed:" in stderr
    assert f"  {tmp_path / 'in' / 'empty.txt'}: file is empty" in stderr  # the path once
    assert "empty" in by_name["empty.txt"]["error"] and "binary" in by_name["binary.txt"]["error"]


def test_an_input_whose_every_section_failed_is_failed(fake: FakeOpenAI, tmp_path: Path) -> None:
    [path] = calls(tmp_path / "in", 1)
    fake.on(lambda r: r.schema != "Highlights", status(400), repeat=True)
    code, stderr = run_cli(fake, str(path), "-o", str(tmp_path / "out"))
    assert code == 1
    [line] = index(tmp_path / "out")
    assert line["status"] == "failed" and line["error"].startswith("every section failed")
    assert not list((tmp_path / "out").glob("call0*.json"))
    assert "call0.txt" in stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param({"fmt": "pdf"}, "unknown format", id="format"),
        pytest.param({"via": "carrier-pigeon"}, "unknown --via", id="via"),
        pytest.param({"max_cost": -1.0}, "must not be negative", id="negative_budget"),
        pytest.param({"concurrency": 0}, "at least 1", id="zero_concurrency"),
        pytest.param({"via": "batch-api", "max_cost": 1.0}, "does not apply", id="budget_with_batch_api"),
    ],
)
def test_bad_options_are_config_errors(tmp_path: Path, options: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        batch.run_batch([tmp_path], tmp_path / "out", **options)


# --- one global limit, pacing, budget ---------------------------------------------------------------


def test_requests_in_flight_never_exceed_the_global_limit(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.handler = lambda r: delay(0.05, default_reply(r))
    calls(tmp_path / "in", 4)
    code, _ = run_cli(fake, str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--concurrency", "3", "--no-cache")
    assert code == 0
    assert len(chat(fake)) >= 4 * 4
    assert fake.max_in_flight == 3  # reached, across transcripts, and never exceeded


def one_estimate(fake: FakeOpenAI, path: Path, model: str = "gpt-4o-mini") -> float:
    """What the session reserves for ``path`` before starting it."""
    from summarizer.ingest import readers

    planner = session.Session(base_url=fake.base_url, api_key=KEY, model=model)
    return planner.estimate_cost(*planner.plan(readers.load_path(path)))


def spent_in(out: Path) -> float:
    return sum(r["cost"] or 0.0 for r in index(out) if r["status"] in ("ok", "partial"))


def test_the_budget_holds_with_many_transcripts_in_flight(fake: FakeOpenAI, tmp_path: Path) -> None:
    calls(tmp_path / "in", 8)
    out = tmp_path / "out"
    code, _ = run_cli(
        fake, str(tmp_path / "in"), "-o", str(out), "--concurrency", "8", "--max-cost", "0.0003", model="gpt-4o-mini"
    )
    assert code == 0
    assert spent_in(out) <= 0.0003  # every transcript's reservation is larger than the whole budget
    assert all(r["status"] == "skipped" and r["error"] == "budget" for r in index(out))
    assert chat(fake) == []


def test_the_budget_starts_a_transcript_only_when_its_estimate_fits(fake: FakeOpenAI, tmp_path: Path) -> None:
    inputs = calls(tmp_path / "in", 5)
    out = tmp_path / "out"
    budget = one_estimate(fake, inputs[0]) * 1.000001  # one reservation fits, never two at once
    result = CliRunner().invoke(
        app,
        ["batch", str(tmp_path / "in"), "-o", str(out), "--concurrency", "8", "--max-cost", repr(budget)],
        env=env(fake, "gpt-4o-mini"),
    )
    assert result.exit_code == 0, result.stderr
    lines = index(out)
    started = [r for r in lines if r["status"] == "ok"]
    skipped = [r for r in lines if r["status"] == "skipped"]
    assert len(started) == 1  # after it, what it spent leaves too little for another reservation
    assert len(skipped) == 4 and all(r["error"] == "budget" and r["output"] is None for r in skipped)
    assert 0 < spent_in(out) <= budget
    assert f"estimated cost ${spent_in(out):.4f} of a ${budget:.4f} budget" in result.stderr
    # a later run with more budget does the skipped ones only
    before = len(chat(fake))
    assert run_cli(fake, str(tmp_path / "in"), "-o", str(out), model="gpt-4o-mini")[0] == 0
    assert [r["status"] for r in index(out)].count("ok") == 4
    assert len(chat(fake)) > before


@pytest.mark.parametrize("bad", ["nan", "inf", "-1"])
def test_a_budget_that_is_not_a_finite_amount_is_refused(fake: FakeOpenAI, tmp_path: Path, bad: str) -> None:
    calls(tmp_path / "in", 1)
    code, stderr = run_cli(
        fake, str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--max-cost", bad, model="gpt-4o-mini"
    )
    assert code == 1 and "--max-cost" in stderr and chat(fake) == []


def test_token_rate_waits_for_the_window() -> None:
    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    rate = pacing.TokenRate(1000, clock=lambda: now[0], sleep=sleep)

    async def go() -> None:
        await rate(600)
        now[0] += 10
        await rate(300)  # 900 in the window: fits
        await rate(300)  # 1200 would not: waits until the first leaves the window
        await rate(5000)  # larger than the budget: goes alone once the window is empty

    asyncio.run(go())
    assert slept[0] == pytest.approx(50.0)
    assert now[0] >= 70.0


def test_a_bad_tpm_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="--tpm"):
        pacing.TokenRate(0)


# --- inputs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "found", "unmatched"),
    [
        pytest.param(["in"], ["a.txt", "b.md"], [], id="folder_txt_and_md_only"),
        pytest.param(["in/*.txt"], ["a.txt"], [], id="glob"),
        pytest.param(["in/a.txt", "in", "in/a.txt"], ["a.txt", "b.md"], [], id="duplicates_once"),
        pytest.param(["in/zzz.txt", "in/*.doc"], [], ["in/zzz.txt", "in/*.doc"], id="unmatched"),
    ],
)
def test_inputs_expand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: list[str], found: list[str], unmatched: list[str]
) -> None:
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.md", "c.json"):
        (tmp_path / "in" / name).write_text("x", "utf-8")
    monkeypatch.chdir(tmp_path)
    paths, missing = files.expand_inputs(given)
    assert [p.name for p in paths] == found
    assert missing == unmatched


# --- the library ------------------------------------------------------------------------------------


def test_summarize_many_yields_briefs_and_errors(fake: FakeOpenAI, tmp_path: Path) -> None:
    good = calls(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_text(" ", "utf-8")
    results = dict(
        batch.summarize_many([tmp_path / "in"], base_url=fake.base_url, api_key=KEY, model="fake", concurrency=2)
    )
    assert set(results) == {*good, tmp_path / "in" / "empty.txt"}
    assert all(isinstance(results[p], Brief) and results[p].complete for p in good)
    assert isinstance(results[tmp_path / "in" / "empty.txt"], InputError)
    assert fake.max_in_flight <= 2


def test_summarize_many_can_be_closed_early(fake: FakeOpenAI, tmp_path: Path) -> None:
    calls(tmp_path / "in", 4)
    stream = batch.summarize_many(
        [tmp_path / "in"], base_url=fake.base_url, api_key=KEY, model="fake", concurrency=1, cache=False
    )
    path, first = next(stream)
    stream.close()
    assert isinstance(first, Brief)
    assert len(chat(fake)) < 4 * 4  # the rest was cancelled, not run to the end


def test_asummarize_many_yields_in_the_callers_loop(fake: FakeOpenAI, tmp_path: Path) -> None:
    calls(tmp_path / "in", 2)

    async def collect() -> list[tuple[Path, object]]:
        return [
            item
            async for item in batch.asummarize_many(
                [tmp_path / "in"], base_url=fake.base_url, api_key=KEY, model="fake"
            )
        ]

    assert len(asyncio.run(collect())) == 2


def test_summarize_many_works_inside_a_running_loop(fake: FakeOpenAI, tmp_path: Path) -> None:
    calls(tmp_path / "in", 2)

    async def notebook_cell() -> list[tuple[Path, object]]:
        return list(batch.summarize_many([tmp_path / "in"], base_url=fake.base_url, api_key=KEY, model="fake"))

    assert all(isinstance(brief, Brief) for _, brief in asyncio.run(notebook_cell()))


# --- CLI -------------------------------------------------------------------------------------------


def test_batch_has_help() -> None:
    result = CliRunner().invoke(app, ["batch", "--help"])
    assert result.exit_code == 0
    for option in ("--output", "--force", "--concurrency", "--tpm", "--max-cost", "--no-cache", "--via"):
        assert option in result.stdout


def test_batch_progress_goes_to_stderr(fake: FakeOpenAI, tmp_path: Path) -> None:
    calls(tmp_path / "in", 1)
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")], env=env(fake))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "1 ok, 0 partial, 0 failed, 0 skipped" in result.stderr


def test_summarize_many_estimates_each_briefs_cost(fake: FakeOpenAI, tmp_path: Path) -> None:
    calls(tmp_path / "in", 1)
    [(_, brief)] = batch.summarize_many([tmp_path / "in"], base_url=fake.base_url, api_key=KEY, model="gpt-4o")
    assert isinstance(brief, Brief)
    assert brief.usage.cost_usd == pytest.approx(
        (brief.usage.prompt_tokens * 2.5 + brief.usage.completion_tokens * 10.0) / 1e6
    )


def test_an_unpriced_model_is_named_once(fake: FakeOpenAI, tmp_path: Path) -> None:
    calls(tmp_path / "in", 3)
    with pytest.warns(UserWarning, match="no price for model 'fake'") as caught:
        results = list(batch.summarize_many([tmp_path / "in"], base_url=fake.base_url, api_key=KEY, model="fake"))
    assert all(brief.usage.cost_usd is None for _, brief in results)
    assert len([w for w in caught if "no price" in str(w.message)]) == 1


def test_the_embedded_model_starts_once_for_the_whole_batch(
    fake: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import contextlib

    from summarizer.config import Endpoint
    from summarizer.extract import client

    started: list[Endpoint] = []

    @contextlib.asynccontextmanager
    async def embedded(endpoint: Endpoint, progress: object) -> AsyncIterator[tuple[object, Endpoint]]:
        assert endpoint.local
        started.append(endpoint)
        running = Endpoint(
            base_url=fake.base_url,
            model="tiny",
            mode=endpoint.mode,
            local=True,
            reason=endpoint.reason,
            api_key="k",
            concurrency=1,
        )
        built = client.build_client(running, max_retries=0)
        try:
            yield built, running
        finally:
            await built.client.close()

    monkeypatch.setattr(session, "start_local", embedded)
    results = list(batch.summarize_many(calls(tmp_path / "in", 3), local=True))
    assert len(started) == 1
    assert all(isinstance(b, Brief) and b.model.endpoint == "embedded" for _, b in results)
    assert all(b.usage.cost_usd == 0.0 for _, b in results)  # the embedded model is free
    assert fake.max_in_flight == 1


def test_a_bad_endpoint_fails_before_any_output(tmp_path: Path) -> None:
    calls(tmp_path / "in", 1)
    with pytest.raises(ConfigError, match="no model named"):
        batch.run_batch([tmp_path / "in"], tmp_path / "out", base_url="http://127.0.0.1:9/v1", model=None, api_key="k")
    assert not (tmp_path / "out").exists()
