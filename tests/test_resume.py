"""Batch resume by identity, one batch per OUTDIR, and resume after a crash, over real HTTP.

A brief is reused only when it was made from the same bytes under the same settings (model,
endpoint host, mode, prompts and reply schemas); outputs are named per input path, so two inputs
with the same file name never collide; the index keeps other inputs' lines. The crash test kills
``summarizer batch`` (SIGKILL) at random points of 20 runs against the benchmark fake server,
which runs in its own process, resumes after each, and checks after every resume that each
index line names a brief made from the transcript it names, none missing, duplicated or stray.
Its batches are forked from one process that has imported the package (``forked_batch``), so a
kill lands in a batch's work, not in Python's start, and 20 runs cost what a few cold ones did.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from fake_openai import FakeOpenAI, FakeRequest, block, cli_env
from forked_batch import BatchForks
from typer.testing import CliRunner

from summarizer.brief import Brief
from summarizer.cli import app
from summarizer.run import lock, pipeline

sys.path.insert(0, str(ROOT / "bench"))
from fake_openai_server import FakeServer  # noqa: E402

EXAMPLE = FIXTURES / "example-call.txt"
KEY = "sk-test-resume-key"
ROUNDS = 20  # batch runs killed at a random point (or not: a short run may end first), each then resumed
pytestmark = pytest.mark.filterwarnings("ignore:no price for model:UserWarning")


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(folder))
    monkeypatch.setenv("SUMMARIZER_PRICES", str(tmp_path / "no-user-prices.json"))
    return folder


def write_call(path: Path, company: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EXAMPLE.read_text("utf-8").replace("Northwind", company), "utf-8")
    return path


def env(fake: FakeOpenAI, model: str = "fake") -> dict[str, str | None]:
    return cli_env(fake, KEY, model)


def batch(fake: FakeOpenAI, *args: str, model: str = "fake") -> tuple[int, str]:
    result = CliRunner().invoke(app, ["batch", "-q", *args], env=env(fake, model))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


def lines(out: Path) -> dict[str, dict]:
    """The index's last line per input path."""
    found: dict[str, dict] = {}
    for text in (out / "index.jsonl").read_text("utf-8").splitlines():
        line = json.loads(text)
        found[line["path"]] = line
    return found


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def brief_of(line: dict) -> Brief:
    return Brief.model_validate_json(Path(line["output"]).read_text("utf-8"))


def chat(fake: FakeOpenAI) -> list[FakeRequest]:
    return fake.seen(lambda r: r.path.endswith("/chat/completions"))


# --- resume by identity ------------------------------------------------------------------------------


def test_two_inputs_with_the_same_name_never_share_a_brief_across_runs(fake: FakeOpenAI, tmp_path: Path) -> None:
    ca = write_call(tmp_path / "ca" / "call.txt", "Acme")
    cb = write_call(tmp_path / "cb" / "call.txt", "Bolt")
    out = tmp_path / "X"
    assert batch(fake, str(ca), "-o", str(out))[0] == 0
    sent = len(chat(fake))
    assert batch(fake, str(cb), "-o", str(out))[0] == 0
    assert len(chat(fake)) > sent  # cb was summarised, not "already done"
    index = lines(out)
    assert set(index) == {str(ca), str(cb)}  # ca's line kept
    assert index[str(ca)]["output"] != index[str(cb)]["output"]
    for path in (ca, cb):
        assert brief_of(index[str(path)]).source.sha256 == sha(path) == index[str(path)]["sha256"]
        assert Path(index[str(path)]["output"]).name.startswith("call-")


def test_an_edited_input_is_redone_and_other_lines_are_kept(fake: FakeOpenAI, tmp_path: Path) -> None:
    a = write_call(tmp_path / "in" / "a.txt", "Acme")
    b = write_call(tmp_path / "in" / "b.txt", "Bolt")
    out = tmp_path / "Y"
    assert batch(fake, str(a), str(b), "-o", str(out))[0] == 0
    assert batch(fake, str(b), "-o", str(out))[0] == 0
    write_call(a, "Acme Edited")
    assert batch(fake, str(a), "-o", str(out))[0] == 0
    index = lines(out)
    assert set(index) == {str(a), str(b)}
    assert index[str(a)]["status"] == "ok"  # redone, not skipped with its stale brief
    assert brief_of(index[str(a)]).source.sha256 == sha(a) == index[str(a)]["sha256"]


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_a_brief_made_with_another_model_is_redone(fake: FakeOpenAI, tmp_path: Path, fmt: str) -> None:
    a = write_call(tmp_path / "in" / "a.txt", "Acme")
    out = tmp_path / "out"
    assert batch(fake, str(a), "-o", str(out), "-f", fmt, "--no-cache")[0] == 0
    sent = len(chat(fake))
    assert batch(fake, str(a), "-o", str(out), "-f", fmt, "--no-cache")[0] == 0
    assert len(chat(fake)) == sent and lines(out)[str(a)]["status"] == "skipped"  # same settings: reused
    assert batch(fake, str(a), "-o", str(out), "-f", fmt, "--no-cache", model="other-model")[0] == 0
    assert len(chat(fake)) > sent and lines(out)[str(a)]["status"] == "ok"
    assert {r.body["model"] for r in chat(fake)[sent:]} == {"other-model"}


def test_a_brief_made_under_other_prompts_is_redone(
    fake: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = write_call(tmp_path / "in" / "a.txt", "Acme")
    out = tmp_path / "out"
    assert batch(fake, str(a), "-o", str(out), "--no-cache")[0] == 0
    assert brief_of(lines(out)[str(a)]).model.prompts == pipeline.prompt_version()
    sent = len(chat(fake))
    monkeypatch.setattr(pipeline, "prompt_version", lambda: "0123456789abcdef")
    assert batch(fake, str(a), "-o", str(out), "--no-cache")[0] == 0
    assert len(chat(fake)) > sent
    assert brief_of(lines(out)[str(a)]).model.prompts == "0123456789abcdef"


def test_a_json_brief_that_is_not_its_transcripts_is_redone(fake: FakeOpenAI, tmp_path: Path) -> None:
    a = write_call(tmp_path / "in" / "a.txt", "Acme")
    b = write_call(tmp_path / "in" / "b.txt", "Bolt")
    out = tmp_path / "out"
    assert batch(fake, str(a), str(b), "-o", str(out), "--no-cache")[0] == 0
    index = lines(out)
    Path(index[str(a)]["output"]).write_bytes(Path(index[str(b)]["output"]).read_bytes())  # b's brief under a's name
    sent = len(chat(fake))
    assert batch(fake, str(a), str(b), "-o", str(out), "--no-cache")[0] == 0
    assert len(chat(fake)) > sent
    assert brief_of(lines(out)[str(a)]).source.sha256 == sha(a)


def test_a_brief_without_its_index_line_is_redone(fake: FakeOpenAI, tmp_path: Path) -> None:
    a = write_call(tmp_path / "in" / "a.txt", "Acme")
    out = tmp_path / "out"
    assert batch(fake, str(a), "-o", str(out), "--no-cache")[0] == 0
    (out / "index.jsonl").write_text("", "utf-8")
    sent = len(chat(fake))
    assert batch(fake, str(a), "-o", str(out), "--no-cache")[0] == 0
    assert len(chat(fake)) > sent and lines(out)[str(a)]["status"] == "ok"


# --- one batch per OUTDIR ---------------------------------------------------------------------------


def test_a_second_batch_on_a_busy_outdir_exits_1_naming_the_holder(fake: FakeOpenAI, tmp_path: Path) -> None:
    write_call(tmp_path / "in" / "a.txt", "Acme")
    out = tmp_path / "out"
    blocking = {"on": True}
    fake.on(lambda r: blocking["on"], block(), repeat=True)
    child_env = {**os.environ, **{k: v for k, v in env(fake).items() if v is not None}, "PYTHONUNBUFFERED": "1"}
    for name, value in env(fake).items():
        if value is None:
            child_env.pop(name, None)
    first = subprocess.Popen(
        [sys.executable, "-m", "summarizer", "batch", "-q", str(tmp_path / "in"), "-o", str(out)],
        env=child_env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert fake.entered.wait(60), "the first batch never reached the model"
        blocking["on"] = False  # were the second batch let in, it would run to the end, not hang
        code, stderr = batch(fake, str(tmp_path / "in"), "-o", str(out))
        assert code == 1
        [line] = stderr.strip().splitlines()
        assert f"pid {first.pid}" in line and str(out) in line
    finally:
        fake.release()
        first.communicate(timeout=60)
    assert first.returncode == 0
    assert not (out / lock.LOCK_NAME).exists()  # released on exit


def test_a_stale_lock_from_a_dead_process_is_taken_over(fake: FakeOpenAI, tmp_path: Path) -> None:
    write_call(tmp_path / "in" / "a.txt", "Acme")
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    (out / lock.LOCK_NAME).write_text(dead.stdout, "ascii")
    code, stderr = batch(fake, str(tmp_path / "in"), "-o", str(out))
    assert code == 0, stderr
    assert [line["status"] for line in lines(out).values()] == ["ok"]


# --- crash and resume -------------------------------------------------------------------------------


def check_outdir(out: Path, inputs: list[Path]) -> None:
    """Every input has one done line; each line's brief is made from the bytes it names; no stray brief."""
    index = lines(out)
    assert set(index) == {str(p) for p in inputs}
    outputs = []
    for path in inputs:
        line = index[str(path)]
        assert line["status"] in ("ok", "skipped"), line
        assert line["sha256"] == sha(path)
        assert brief_of(line).source.sha256 == sha(path)
        outputs.append(line["output"])
    assert len(set(outputs)) == len(outputs)
    assert sorted(str(p) for p in out.glob("*.json")) == sorted(outputs)
    assert not list(out.glob(".*.tmp"))


def outdir_state(out: Path) -> dict[str, int]:
    """The briefs, index and temporary files in OUTDIR, with their modification times."""
    return {p.name: p.stat().st_mtime_ns for p in out.glob("*") if p.name != lock.LOCK_NAME} if out.is_dir() else {}


def test_batch_killed_at_random_points_resumes_to_the_right_briefs(tmp_path: Path) -> None:
    rng = random.Random(21)
    inputs = [write_call(tmp_path / folder / "call.txt", f"Co{folder}") for folder in ("a", "b", "c", "d")]
    out = tmp_path / "out"
    with FakeServer(latency=0.01, max_seconds=120) as server:
        child_env = {
            **os.environ,
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": KEY,
            "SUMMARIZER_MODEL": "fake",
            "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
            "SUMMARIZER_PRICES": str(tmp_path / "none.json"),
        }
        options = ["-o", str(out), "--no-cache", "--concurrency", "2"]
        with BatchForks(env=child_env, cwd=tmp_path) as forks:
            whole = forks.run(["-q", *map(str, inputs), *options])  # how long a run over every input takes
            assert whole.code == 0, whole.log[-2000:]
            killed = written_then_killed = 0
            for round_ in range(ROUNDS):
                some = rng.sample(inputs, rng.randint(1, len(inputs)))  # a run over some of the inputs
                before = outdir_state(out)
                run = forks.run(["-q", *map(str, some), *options, "--force"], kill_after=rng.uniform(0, whole.seconds))
                killed += run.killed
                written_then_killed += run.killed and outdir_state(out) != before
                write_call(rng.choice(inputs), f"Edited{round_}")  # its old brief must not survive the resume
                resumed = forks.run(["-q", *map(str, inputs), *options])
                assert resumed.code == 0, resumed.log[-2000:]
                check_outdir(out, inputs)
    # not vacuous: many runs were killed, and many of those after they had begun writing to OUTDIR
    assert killed >= ROUNDS // 3 and written_then_killed >= ROUNDS // 5, (killed, written_then_killed)


def test_an_outdir_that_cannot_hold_the_lock_is_one_line(fake: FakeOpenAI, tmp_path: Path) -> None:
    write_call(tmp_path / "in" / "a.txt", "Acme")
    out = tmp_path / "out"
    (out / lock.LOCK_NAME).mkdir(parents=True)  # a folder where the lock file belongs
    code, stderr = batch(fake, str(tmp_path / "in"), "-o", str(out))
    assert code == 1
    assert stderr.strip().startswith("error: cannot use the output folder") and len(stderr.strip().splitlines()) == 1
    assert chat(fake) == []
