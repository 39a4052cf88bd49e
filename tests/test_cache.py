"""The response cache: keys, zero requests on a re-run, concurrent writers, a corrupt file rebuilt."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from fake_openai import FakeOpenAI

from summarizer import api
from summarizer.run.cache import CacheWarning, ResponseCache, request_key

EXAMPLE = FIXTURES / "example-call.txt"
BASE = {
    "host": "api.example.com",
    "model": "m",
    "mode": "json_schema",
    "messages": [{"role": "system", "content": "rules"}, {"role": "user", "content": "s1 Revenue was $5 million."}],
    "schema": {"title": "RemarksFindings", "type": "object"},
    "max_tokens": 1024,
    "sampling": {"temperature": 0, "seed": 0},
}


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"host": "other.example.com"}, id="host"),
        pytest.param({"model": "m2"}, id="model"),
        pytest.param({"mode": "tools"}, id="mode"),
        pytest.param({"messages": [{"role": "user", "content": "s1 Revenue was $6 million."}]}, id="section_text"),
        pytest.param({"messages": [{"role": "system", "content": "new rules"}, BASE["messages"][1]]}, id="prompt"),
        pytest.param({"schema": {"title": "QAFindings", "type": "object"}}, id="schema"),
        pytest.param({"max_tokens": 2048}, id="max_tokens"),
        pytest.param({"sampling": {"temperature": 0, "seed": 1}}, id="seed"),
    ],
)
def test_everything_that_shapes_the_reply_is_in_the_key(change: dict) -> None:
    assert request_key(**{**BASE, **change}) != request_key(**BASE)


def test_the_key_is_stable() -> None:
    reordered = {**BASE, "schema": {"type": "object", "title": "RemarksFindings"}}
    assert request_key(**reordered) == request_key(**BASE)
    assert len(request_key(**BASE)) == 64


def test_put_then_get(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c.sqlite")
    assert cache.get("k") is None
    cache.put("k", model="m", response='{"a": 1}', usage={"prompt_tokens": 3})
    hit = cache.get("k")
    assert hit is not None and hit.response == '{"a": 1}' and hit.usage == {"prompt_tokens": 3}
    assert len(cache) == 1


def test_the_default_path_is_in_the_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "here"))
    assert ResponseCache().path == tmp_path / "here" / "responses.sqlite"


def test_a_rerun_makes_zero_requests(fake: FakeOpenAI, tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c.sqlite")
    options = {"base_url": fake.base_url, "api_key": "k", "model": "fake", "cache": cache}
    first = api.summarize_file(EXAMPLE, **options)
    sent = len(fake.requests)
    assert sent > 0 and first.usage.cached_responses == 0
    second = api.summarize_file(EXAMPLE, **options)
    assert len(fake.requests) == sent  # every reply came from the cache
    assert second.usage.cached_responses == sent
    assert second.usage.requests == 0 and second.usage.prompt_tokens == 0
    assert second.model_dump(exclude={"usage"}) == first.model_dump(exclude={"usage"})


def test_without_the_cache_every_run_asks(fake: FakeOpenAI, tmp_path: Path) -> None:
    options = {"base_url": fake.base_url, "api_key": "k", "model": "fake"}
    api.summarize_file(EXAMPLE, **options)
    sent = len(fake.requests)
    api.summarize_file(EXAMPLE, **options)
    assert len(fake.requests) == 2 * sent


def test_another_model_misses(fake: FakeOpenAI, tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c.sqlite")
    api.summarize_file(EXAMPLE, base_url=fake.base_url, api_key="k", model="fake", cache=cache)
    sent = len(fake.requests)
    api.summarize_file(EXAMPLE, base_url=fake.base_url, api_key="k", model="fake-2", cache=cache)
    assert len(fake.requests) == 2 * sent


@pytest.mark.parametrize(
    "garbage",
    [
        pytest.param(b"this is not a database" * 100, id="text"),
        pytest.param(b"SQLite format 3\x00" + b"\xff" * 4000, id="bad_header"),
    ],
)
def test_a_corrupt_cache_is_moved_aside_and_rebuilt(tmp_path: Path, garbage: bytes) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(garbage)
    cache = ResponseCache(path)
    with pytest.warns(CacheWarning, match="moved it to"):
        assert cache.get("k") is None
    cache.put("k", model="m", response="{}", usage={})
    assert cache.get("k") is not None
    assert [p.read_bytes() for p in tmp_path.glob("c.sqlite.corrupt-*") if not p.name.endswith(("-wal", "-shm"))] == [
        garbage
    ]


def test_a_corrupt_cache_never_fails_a_run(fake: FakeOpenAI, tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"garbage" * 500)
    with pytest.warns(CacheWarning):
        brief = api.summarize_file(
            EXAMPLE, base_url=fake.base_url, api_key="k", model="fake", cache=ResponseCache(path)
        )
    assert brief.complete


def test_threads_share_one_cache(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c.sqlite")

    def write(t: int) -> None:
        for i in range(50):
            cache.put(f"{t}-{i}", model="m", response=f'{{"i": {i}}}', usage={})
            assert cache.get(f"{t}-{i}") is not None

    threads = [threading.Thread(target=write, args=(t,)) for t in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(cache) == 300


WRITER = """
import sys
from summarizer.run.cache import ResponseCache
cache = ResponseCache(sys.argv[1])
for i in range(100):
    cache.put(f"{sys.argv[2]}-{i}", model="m", response="{}", usage={"prompt_tokens": i})
    assert cache.get(f"{sys.argv[2]}-{i}") is not None
"""


def test_processes_write_at_once(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(n)], cwd=ROOT, stderr=subprocess.PIPE)
        for n in range(4)
    ]
    for w in writers:
        _, err = w.communicate(timeout=60)
        assert w.returncode == 0, err.decode()
    assert len(ResponseCache(path)) == 400
