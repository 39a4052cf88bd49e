"""The findings schemas: what the grammar allows the model to write, and what validation accepts."""

from __future__ import annotations

import re

import pytest

from summarizer.extract.replies import QAFindings


def qa_pattern(field: str) -> re.Pattern[str]:
    return re.compile(QAFindings.model_json_schema()["properties"][field]["pattern"])


@pytest.mark.parametrize(
    ("field", "text", "allowed"),
    [
        pytest.param("theme", "AI strategy", True, id="english-theme"),
        pytest.param("theme", "AI策略", False, id="chinese-theme"),
        pytest.param("theme", "Kling AI：growth", False, id="full-width-colon"),
        pytest.param("theme", "x" * 61, False, id="theme-too-long"),
        pytest.param("question", "What drives margins in 2025?", True, id="english-question"),
        pytest.param("question", "請問利潤率如何？", False, id="chinese-question"),
        pytest.param("answer", "Margins rise 1-2 points; ads lead.", True, id="english-answer"),
        pytest.param("answer", "two\nlines", False, id="newline"),
        pytest.param("answer", 'a "quote"', False, id="quote-closes-the-string"),
        pytest.param("answer", "", False, id="empty"),
    ],
)  # fmt: skip
def test_qa_text_is_one_english_line_for_the_grammar(field: str, text: str, allowed: bool) -> None:
    assert bool(qa_pattern(field).match(text)) is allowed


def test_the_english_patterns_bind_the_grammar_only() -> None:
    # A larger model's Chinese or longer answer is still a valid reply; the brief keeps it.
    reply = QAFindings.model_validate(
        {
            "theme": "AI策略",
            "question": "請問利潤率如何？",
            "answer": "答" * 300,
            "cite": ["s1"],
            "figures": [],
            "guidance": [],
            "ai": [],
        }
    )
    assert reply.theme == "AI策略" and len(reply.answer) == 300
