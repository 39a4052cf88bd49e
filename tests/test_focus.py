"""Focus: the model reads the sentences that can carry an item, the questions and each answer's opening."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from summarizer.document import Role, Section, SectionKind, Sentence, Span, Transcript, Turn
from summarizer.extract import extractor
from summarizer.extract.focus import caps, shown
from summarizer.extract.prompting import section_text
from summarizer.extract.replies import RemarksFindings
from summarizer.ingest.readers import load_text
from summarizer.ingest.sections import chunk
from summarizer.run import pipeline
from summarizer.text.script import estimate_tokens


def remarks(*lines: str) -> Section:
    text, sentences = "", []
    for line in lines:
        start = len(text)
        text += line + " "
        sentences.append(
            Sentence(id=f"s{len(sentences) + 1}", span=Span(start=start, end=start + len(line)), text=line)
        )
    return Section(id="sec1", kind=SectionKind.prepared_remarks, speaker="Ines Varga", role=Role.executive,
                   span=Span(start=0, end=len(text)), sentences=sentences)  # fmt: skip


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        pytest.param("Total revenues were $52.4 million, up 8% year-over-year.", True, id="amount"),
        pytest.param("第一季度總收入為人民幣 36 億元。", True, id="chinese-amount"),
        pytest.param("We expect margins to keep improving next year.", True, id="forward-looking"),
        pytest.param("預計明年利潤率將繼續改善。", True, id="chinese-forward-looking"),
        pytest.param("Our voice agents now answer support calls for retailers.", True, id="ai-term"),
        pytest.param("Since our joint launch with OpenAI, developers have built many new apps.", True, id="ai-partner"),
        pytest.param("我們的大模型已經在搜索中使用。", True, id="chinese-ai-term"),
        pytest.param("Thank you, operator, and welcome everyone to our call.", False, id="pleasantry"),
        pytest.param(
            "These awards were granted when the stock price was much higher, so the accounting charge stays "
            "although the cash value is far lower today.",
            False,
            id="explanation-without-figure",
        ),
    ],
)
def test_remarks_sentences_shown(line: str, kept: bool) -> None:
    section = remarks(line, "Hello, everyone, and thanks for joining us on this call.")
    assert [s.text for s in shown(section)] == ([line] if kept else [])


def test_short_lead_in_before_a_figure_is_shown() -> None:
    section = remarks(
        "Now turning to our marine segment.",
        "Revenues were $12.0 million.",
        "This long explanation of how the marine business has evolved over many years mentions no figure at all, "
        "only history and plenty of context for the listener.",
        "Net loss was $2.0 million.",
    )
    assert [s.id for s in shown(section)] == ["s1", "s2", "s4"]


def test_qa_shows_questions_and_each_answer_opening() -> None:
    lines = [
        ("Nadia Roy", "Could you talk about demand in Europe?"),
        ("Nadia Roy", "And how are customers reacting to the new pricing?"),
        ("Ines Varga", "Thanks, Nadia."),
        (
            "Ines Varga",
            "Demand was steady across the region, with the usual seasonal patterns in the north and the south "
            "and no change in how long our customers take to sign.",
        ),
        ("Ines Varga", "Churn fell to 2.1% this quarter."),
        ("Paul Ode", "Let me add one point on pricing."),
        ("Paul Ode", "Customers were comfortable with the change."),
    ]
    text, sentences, turns = "", [], []
    for speaker, line in lines:
        start = len(text)
        text += line + " "
        sentences.append(Sentence(id=f"s{len(sentences) + 1}", span=Span(start=start, end=start + len(line)),
                                  text=line, speaker=speaker))  # fmt: skip
    for speaker, role, first, last in [("Nadia Roy", Role.analyst, 0, 1), ("Ines Varga", Role.executive, 2, 4),
                                       ("Paul Ode", Role.executive, 5, 6)]:  # fmt: skip
        turns.append(
            Turn(
                speaker=speaker,
                role=role,
                span=Span(start=sentences[first].span.start, end=sentences[last].span.end + 1),
            )
        )
    section = Section(id="sec5", kind=SectionKind.qa, speaker="Nadia Roy", role=Role.analyst, firm="Alder Capital",
                      span=Span(start=0, end=len(text)), sentences=sentences, turns=turns)  # fmt: skip
    assert [s.id for s in shown(section)] == ["s1", "s2", "s3", "s5", "s6"]
    prompt = section_text(section, Transcript(text=text))
    assert "s4 " not in prompt and "s7 " not in prompt
    assert prompt.count("[Ines Varga]") == 1 and "[Paul Ode]\ns6 Let me add" in prompt


def test_chunk_counts_only_shown_sentences() -> None:
    filler = "This sentence carries no figure, only words about the history of the firm and its founders."
    section = remarks(*([filler] * 20), "Revenues were $12.0 million.")
    assert len(chunk([section], max_tokens=60)) > 1
    parts = chunk([section], max_tokens=60, shown=shown)
    assert len(parts) == 1 and len(parts[0].sentences) == 21  # the hidden sentences stay for grounding
    assert sum(estimate_tokens(s.text) + 2 for s in shown(parts[0])) <= 60


def test_plan_skips_parts_with_nothing_to_show() -> None:
    text = (
        "Ines Varga, Chief Executive Officer\n"
        "Thank you all for joining us. We are proud of the team and grateful to our partners.\n"
        "Paul Ode, Chief Financial Officer\n"
        "Revenue for the quarter was $12.0 million. Net loss was $2.0 million.\n"
    )
    transcript, parts = pipeline.plan(load_text(text, name="quillon-2025q1.txt"), max_section_tokens=700)
    assert parts and all(shown(p) for p in parts)
    assert any(s.text.startswith("Revenue for the quarter") for p in parts for s in shown(p))
    assert not any(s.text.startswith("Thank you all") for p in parts for s in shown(p))


def test_every_section_shares_one_system_prompt() -> None:
    transcript, parts = pipeline.plan(
        load_text((FIXTURES / "example-call.txt").read_text("utf-8")), max_section_tokens=700
    )
    kinds = {p.kind for p in parts}
    assert kinds == {SectionKind.prepared_remarks, SectionKind.qa}
    systems = {extractor.messages_for(p, transcript)[0]["content"] for p in parts}
    assert len(systems) == 1


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(("Revenue was $5.1 million, up 12% year over year.", "Thank you, operator."),
                     {"figures": 2, "guidance": 0, "ai": 0}, id="results-only"),
        pytest.param(("We expect revenue of $5 to $6 million next quarter.",), {"figures": 1, "guidance": 1, "ai": 0},
                     id="forward-range"),
        pytest.param(("We expect margins to keep improving.",), {"figures": 0, "guidance": 1, "ai": 0},
                     id="qualitative-outlook"),
        pytest.param(("Our voice agents answered 2 million calls.", "We trained a new language model."),
                     {"figures": 1, "guidance": 0, "ai": 2}, id="ai-sentences"),
        pytest.param(("第四季度總收入為 354 億元，同比增長 10%。", "我們預計明年收入將達到 1,400 億元。"),
                     {"figures": 3, "guidance": 1, "ai": 0}, id="chinese"),
    ],
)  # fmt: skip
def test_caps_count_what_the_shown_sentences_can_carry(lines: tuple[str, ...], expected: dict[str, int]) -> None:
    assert caps(remarks(*lines)) == expected


@pytest.mark.parametrize(
    ("lines", "bounds"),
    [
        pytest.param(("Revenue was $5.1 million, up 12% year over year.",), [2, 0, 0], id="results-only"),
        pytest.param(tuple(f"Revenue was ${i}.5 million." for i in range(1, 50)), [49, 0, 0],
                     id="every-id-offered"),
    ],
)  # fmt: skip
def test_reply_model_bounds_each_list_for_the_grammar_only(lines: tuple[str, ...], bounds: list[int]) -> None:
    model = extractor.reply_model(remarks(*lines))
    schema = model.model_json_schema()
    figures = len(schema["properties"]["figures"]["properties"])  # one optional key per id
    assert [figures, *(schema["properties"][name]["maxItems"] for name in ("guidance", "ai"))] == bounds
    assert issubclass(model, RemarksFindings)
    # A reply beyond the bounds still parses: the grammar bounds the model, grounding judges the rest.
    reply = model.model_validate({"figures": [], "guidance": [{"metric": "revenue", "cite": ["s1"]}] * 3, "ai": []})
    assert len(reply.guidance) == 3
