"""Prompts: templates fill strictly, and the extraction prompt names every key the schema asks for."""

from __future__ import annotations

import pytest

from summarizer.errors import ConfigError
from summarizer.extract import extractor
from summarizer.extract.prompting import field_guide, item_guide, render_prompt
from summarizer.extract.replies import AIMove, Figure, Outlook, QAFindings, RemarksFindings
from summarizer.ingest.readers import load_text
from summarizer.run.pipeline import plan


def system_prompt() -> str:
    transcript, parts = plan(
        load_text("Operator: Welcome.\n\nCFO: Revenue was $5.1 million.\n"), max_section_tokens=1500
    )
    return extractor.messages_for(parts[0], transcript)[0]["content"]


def test_figures_are_described_by_the_prompt_not_the_item_guide() -> None:
    # The wire form of figures is an object keyed by amount id (replies.figures_by_id), which
    # the prompt's own example shows; an item guide of Figure's keys would contradict it.
    assert "- figures" not in item_guide(QAFindings)
    assert '"a3": "revenue"' in render_prompt("extract", item_guide=item_guide(QAFindings))


@pytest.mark.parametrize(
    ("list_name", "item"),
    [
        pytest.param("guidance", Outlook, id="guidance"),
        pytest.param("ai", AIMove, id="ai"),
    ],
)
def test_item_guide_lists_every_key_of_each_list(list_name: str, item: type) -> None:
    lines = [line for line in item_guide(QAFindings).splitlines() if line.startswith(f"- {list_name}, each: ")]
    assert len(lines) == 1
    asked = item.model_json_schema()["properties"]
    for key in asked:
        assert f" {key}" in lines[0], key


@pytest.mark.parametrize(
    ("choice_of", "choices"),
    [
        pytest.param("category", "product, model, infrastructure, partnership", id="ai-category"),
    ],
)
def test_item_guide_names_the_choices(choice_of: str, choices: str) -> None:
    assert f"{choice_of} (one of {choices}" in item_guide(QAFindings)


def test_item_guide_leaves_the_prompts_own_text_out() -> None:
    guide = item_guide(QAFindings)
    assert not any(line.startswith(("- theme", "- question", "- answer", "- cite")) for line in guide.splitlines())
    assert (Figure.__doc__ or "").strip() not in guide
    assert len(guide) < len(field_guide(QAFindings))


@pytest.mark.parametrize(
    "key",
    [pytest.param(name, id=name) for name in sorted(set(RemarksFindings.model_fields) | set(QAFindings.model_fields))],
)
def test_extract_prompt_describes_every_top_level_key(key: str) -> None:
    assert f"`{key}`" in system_prompt()


def test_extract_prompt_has_no_placeholder_left() -> None:
    prompt = system_prompt()
    assert "{" not in prompt and "}" not in prompt


@pytest.mark.parametrize(
    "variables",
    [
        pytest.param({}, id="missing"),
        pytest.param({"item_guide": "x", "other": "y"}, id="unexpected"),
    ],
)
def test_render_prompt_refuses_wrong_variables(variables: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match="prompt 'extract'"):
        render_prompt("extract", **variables)
