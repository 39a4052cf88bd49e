"""Shared fixtures: the ../shared data folder, and the model boundary on vcrpy cassettes.

Cassettes replay offline by default (``record_mode="none"``; a request that was not
recorded fails with vcr's own message). ``SUMMARIZER_RECORD=1`` re-records them against the
embedded local model. Requests match on method, path, query and *body* (a changed prompt must
not silently replay an old answer), not on host and port (the local server's port is
ephemeral). Credentials are filtered out of the recordings.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI

ROOT = Path(__file__).resolve().parents[1]


def _prompts_from_this_checkout() -> None:
    """Read ``summarizer.prompts`` from this checkout's ``prompts/``, as its code is read.

    An editable install maps the package to the checkout it was installed from; with
    ``PYTHONPATH`` pointing at another worktree, its code would otherwise meet the first
    checkout's prompt files.
    """
    import importlib.util
    import sys

    init = ROOT / "prompts" / "__init__.py"
    loaded = sys.modules.get("summarizer.prompts")
    if not init.exists() or (loaded is not None and Path(loaded.__file__ or "").resolve() == init.resolve()):
        return
    spec = importlib.util.spec_from_file_location(
        "summarizer.prompts", init, submodule_search_locations=[str(init.parent)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["summarizer.prompts"] = module
    spec.loader.exec_module(module)


_prompts_from_this_checkout()
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "tests" / "fixtures"
CASSETTES = ROOT / "cassettes"
REPLAY_BASE_URL = "http://127.0.0.1:9/v1"  # never contacted: replay answers every request
RECORDED_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"


@pytest.fixture
def shared() -> Path:
    """The ../shared folder of real transcripts; skips the test when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@dataclass
class ModelBoundary:
    client: object  # openai.AsyncOpenAI
    model: str
    recording: bool


def recording() -> bool:
    return os.environ.get("SUMMARIZER_RECORD") == "1"


@pytest.fixture
def model_boundary(request: pytest.FixtureRequest) -> Iterator[ModelBoundary]:
    """An AsyncOpenAI client whose HTTP goes through the test's cassette.

    The cassette is ``cassettes/<test module>/<test name>.yaml``.
    """
    import openai
    import vcr

    name = request.node.name.replace("[", "-").replace("]", "")
    cassette = CASSETTES / Path(request.node.fspath).stem / f"{name}.yaml"
    if not recording() and not cassette.exists():
        pytest.fail(f"missing cassette {cassette.relative_to(ROOT)}; record with SUMMARIZER_RECORD=1")
    recorder = vcr.VCR(
        record_mode="all" if recording() else "none",
        match_on=["method", "scheme", "path", "query", "body"],
        filter_headers=["authorization", "api-key", "x-api-key", "openai-organization", "cookie"],
        decode_compressed_response=True,
    )
    if recording():
        from summarizer.run import local

        with local.LocalServer(local.model_path()) as server:
            assert server.model == RECORDED_MODEL
            client = openai.AsyncOpenAI(base_url=server.base_url, api_key=server.api_key, max_retries=0)
            cassette.unlink(missing_ok=True)  # vcr's "all" mode appends to what is there
            with recorder.use_cassette(str(cassette)):
                yield ModelBoundary(client, server.model, True)
        return
    client = openai.AsyncOpenAI(base_url=REPLAY_BASE_URL, api_key="sk-test-not-a-key", max_retries=0)
    with recorder.use_cassette(str(cassette)):
        yield ModelBoundary(client, RECORDED_MODEL, False)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    """A loopback OpenAI-compatible fake server (tests/fake_openai.py); a test file may override it."""
    with FakeOpenAI() as server:
        yield server
