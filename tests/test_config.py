"""Which endpoint a run uses: ``--local-model`` (``local_model=``) forces the embedded server."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.config import resolve_endpoint

REMOTE = {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_API_KEY": "k", "SUMMARIZER_MODEL": "m"}


@pytest.mark.parametrize(
    ("env", "local_model", "local", "expected"),
    [
        pytest.param(REMOTE, None, False, (False, None), id="remote-from-env"),
        pytest.param(REMOTE, "my.gguf", False, (True, "my.gguf"), id="local-model-beats-env"),
        pytest.param({}, Path("dir/my.gguf"), False, (True, "dir/my.gguf"), id="path-object"),
        pytest.param({}, None, True, (True, None), id="plain-local"),
        pytest.param({}, None, False, (True, None), id="nothing-set"),
    ],
)
def test_local_model_forces_the_embedded_server(
    env: dict[str, str], local_model: str | Path | None, local: bool, expected: tuple[bool, str | None]
) -> None:
    endpoint = resolve_endpoint(local=local, local_model=local_model, env=env)
    assert (endpoint.local, endpoint.local_model) == expected
    if local_model is not None:
        assert "--local-model" in endpoint.reason and endpoint.concurrency == 1
