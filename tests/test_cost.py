"""Cost estimates: shipped prices, model-name matching, the user's price file, batch discount."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.brief import Usage
from summarizer.errors import ConfigError
from summarizer.run.cost import CostMeter, PriceTable, load_prices, user_prices_path

NO_USER_FILE = {"SUMMARIZER_PRICES": "/nonexistent/prices.json"}
MILLION = Usage(prompt_tokens=1_000_000, completion_tokens=1_000_000)


@pytest.fixture
def prices() -> PriceTable:
    return load_prices(NO_USER_FILE)


@pytest.mark.parametrize(
    "model",
    ["gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o4-mini", "deepseek-chat", "local"],
)
def test_common_models_have_prices(prices: PriceTable, model: str) -> None:
    assert prices.price(model) is not None


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        pytest.param("gpt-4o-mini", 0.75, id="exact"),
        pytest.param("gpt-4o-mini-2024-07-18", 0.75, id="dated_snapshot"),
        pytest.param("openai/gpt-4o-mini", 0.75, id="provider_prefix"),
        pytest.param("GPT-4o", 12.5, id="case"),
        pytest.param("gpt-4.1-mini-2025-04-14", 2.0, id="longest_prefix"),
        pytest.param("local", 0.0, id="local"),
        pytest.param("qwen2.5-72b", None, id="unknown"),
        pytest.param("gpt-4oo", None, id="no_partial_word"),
    ],
)
def test_cost_of_a_million_in_and_out(prices: PriceTable, model: str, expected: float | None) -> None:
    assert prices.cost(MILLION, model) == (pytest.approx(expected) if expected is not None else None)


def test_cached_input_tokens_cost_less(prices: PriceTable) -> None:
    usage = Usage(prompt_tokens=1_000_000, cached_tokens=400_000)
    assert prices.cost(usage, "gpt-4o-mini") == pytest.approx(0.6 * 0.15 + 0.4 * 0.075)


def test_the_embedded_model_is_free_whatever_its_name(prices: PriceTable) -> None:
    assert prices.cost(MILLION, "qwen2.5-coder-1.5b-instruct-q4_k_m", local=True) == 0.0


def test_batch_requests_cost_half(prices: PriceTable) -> None:
    assert prices.cost(MILLION, "gpt-4o", batch=True) == pytest.approx(6.25)


def test_a_user_file_extends_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    path.write_text(
        json.dumps({"models": {"my-model": {"input": 1, "output": 2}, "gpt-4o": {"input": 0, "output": 0}}}), "utf-8"
    )
    prices = load_prices({"SUMMARIZER_PRICES": str(path)})
    assert prices.cost(MILLION, "my-model") == pytest.approx(3.0)
    assert prices.cost(MILLION, "gpt-4o") == 0.0
    assert prices.cost(MILLION, "gpt-4o-mini") == pytest.approx(0.75)  # shipped prices still there


def test_the_user_file_defaults_to_the_config_dir(tmp_path: Path) -> None:
    assert user_prices_path({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "summarizer" / "prices.json"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("{not json", id="not_json"),
        pytest.param('{"models": {"m": {"input": "cheap", "output": 1}}}', id="not_a_number"),
        pytest.param('{"models": {"m": {"output": 1}}}', id="missing_input"),
        pytest.param('["gpt-4o"]', id="not_an_object"),
    ],
)
def test_a_bad_user_file_is_a_config_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "prices.json"
    path.write_text(content, "utf-8")
    with pytest.raises(ConfigError, match="prices.json"):
        load_prices({"SUMMARIZER_PRICES": str(path)})


def test_the_meter_adds_up_and_names_an_unpriced_model_once(prices: PriceTable) -> None:
    said: list[str] = []
    meter = CostMeter(prices, warn=said.append)
    assert meter.add(MILLION, "gpt-4o-mini") == pytest.approx(0.75)
    assert meter.add(MILLION, "gpt-4o-mini") == pytest.approx(0.75)
    assert meter.add(MILLION, "mystery") is None
    assert meter.add(MILLION, "mystery") is None
    assert meter.spent == pytest.approx(1.5)
    assert len(said) == 1 and "mystery" in said[0]
