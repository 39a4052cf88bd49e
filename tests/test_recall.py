"""Recall: headline figures stated plainly are proposed when the model left them out, and only those."""

from __future__ import annotations

import pytest

from summarizer.document import Role, Section, SectionKind, Sentence, Span, Transcript
from summarizer.extract.recall import complete, propose
from summarizer.extract.replies import Figure, Outlook, QAFindings, RemarksFindings
from summarizer.ground import ground_section


def section_of(*lines: str, kind: SectionKind = SectionKind.prepared_remarks) -> tuple[Transcript, Section]:
    text, sentences = "", []
    for line in lines:
        start = len(text)
        text += line + "\n"
        sentences.append(
            Sentence(id=f"s{len(sentences) + 1}", span=Span(start=start, end=start + len(line)), text=line)
        )
    section = Section(id="sec1", kind=kind, speaker="Ines Varga", role=Role.executive,
                      span=Span(start=0, end=len(text)), sentences=sentences)  # fmt: skip
    return Transcript(text=text, name="quillon-2025q1.txt", period="2025Q1"), section


def proposed(line: str) -> list[tuple[str, str]]:
    transcript, section = section_of(line)
    return [
        (p.metric, p.value) if isinstance(p, Figure) else (p.metric, "guidance") for p in propose(section, transcript)
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(
            "Total revenues were $52.4 million in the first quarter, up 8.2% year-over-year.",
            [("Total revenues", "$52.4 million")],
            id="level-then-change",
        ),
        pytest.param(
            "Gross margin for the first quarter was 61.2%, 1.4 points higher than a year ago.",
            [("Gross margin", "61.2%")],
            id="period-phrase-between",
        ),
        pytest.param(
            "We closed the quarter with $188.3 million in cash and short-term investments.",
            [("cash and short-term investments", "$188.3 million")],
            id="amount-before-metric",
        ),
        pytest.param(
            "We ended the quarter with $90.1 million in cash, cash equivalents and deposits, or $1.12 per ADS.",
            [("cash", "$90.1 million")],
            id="per-share-amount-is-not-cash",
        ),
        pytest.param(
            "Operating cash flow was negative $3.3 million.",
            [("Operating cash flow", "negative $3.3 million")],
            id="negative-word",
        ),
        pytest.param(
            "Marine revenues were $12.0 million, up 4% year-over-year.",
            [("Marine revenues", "$12.0 million")],
            id="segment-named",
        ),
        pytest.param(
            "If we exclude severance, pro forma net loss was $1.9 million.",
            [("pro forma net loss", "$1.9 million")],
            id="qualifier-kept-in-label",
        ),
        pytest.param(
            "For the second quarter, we expect total revenues to be between $54 and $56 million.",
            [("total revenues", "guidance")],
            id="range-is-guidance",
        ),
        pytest.param(
            "第一季度,我們的總收入為人民幣 36 億元,同比增長 9%。", [("總收入", "人民幣 36 億元")], id="chinese-level"
        ),
        pytest.param("毛利率為 47.5%,同比增加 1.1 個百分點。", [("毛利率", "47.5%")], id="chinese-margin"),
        # Not the metric's level: a change, a comparison, another subject, the wrong unit.
        pytest.param(
            "Total revenues increased 8.2% to $52.4 million.",
            [("Total revenues", "$52.4 million")],
            id="level-after-its-change",
        ),
        pytest.param(
            "在第一季度,廣告服務的收入同比增長 12.4%,達到 21 億元人民幣。",
            [("廣告服務收入", "21 億元")],
            id="chinese-level-after-its-change",
        ),
        pytest.param(
            "Total revenues were up 8.2% on strong demand for $52.4 million of orders.", [], id="change-word-between"
        ),
        pytest.param(
            "Net loss was $2.0 million, compared to a net loss of $4.1 million a year ago.",
            [("Net loss", "$2.0 million")],
            id="comparison-is-not-proposed",
        ),
        pytest.param("Over 1,200 stores achieved GMV of more than $1 million.", [], id="other-subject"),
        pytest.param("Revenue from the top ten customers was 38% of the total.", [], id="percent-is-not-revenue"),
        pytest.param("Our R&D expenses were $9.8 million.", [], id="not-a-headline-metric"),
        pytest.param("Thank you, operator.", [], id="no-amount"),
    ],
)
def test_proposals(line: str, expected: list[tuple[str, str]]) -> None:
    assert proposed(line) == expected


def test_complete_adds_what_the_model_missed_and_grounding_checks_it() -> None:
    transcript, section = section_of(
        "Total revenues were $52.4 million in the first quarter, up 8.2% year-over-year.",
        "Gross margin for the first quarter was 61.2%.",
        "For the second quarter, we expect total revenues to be between $54 and $56 million.",
    )
    model = RemarksFindings(figures=[Figure(metric="total revenues", value="$52.4 million", sentence="s1")])
    completed = complete(model, section, transcript)
    assert [(f.metric, f.sentence) for f in completed.figures] == [("total revenues", "s1"), ("Gross margin", "s2")]
    assert [(o.metric, o.cite) for o in completed.guidance] == [("total revenues", ["s3"])]

    grounded = ground_section(completed, section, transcript)
    assert [(k.key, k.value, k.yoy, k.period) for k in grounded.kpis] == [
        ("revenue", 52.4e6, 8.2, "2025Q1"),
        ("gross_margin", 61.2, None, "2025Q1"),
    ]
    assert [(g.key, g.low, g.high, g.period) for g in grounded.guidance] == [("revenue", 54e6, 56e6, "2025Q2")]
    assert grounded.rejected == []


def test_model_guidance_on_the_sentence_is_not_proposed_again() -> None:
    transcript, section = section_of(
        "For the second quarter, we expect total revenues to be between $54 and $56 million."
    )
    model = RemarksFindings(guidance=[Outlook(metric="revenue", low="$54 million", high="$56 million", cite=["s1"])])
    assert complete(model, section, transcript) == model


def test_qa_sections_are_left_alone() -> None:
    transcript, section = section_of("Total revenues were $52.4 million.", kind=SectionKind.qa)
    model = QAFindings(theme="growth", question="How fast?", answer="Fast.", cite=["s1"])
    assert complete(model, section, transcript) is model


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(f"月活躍用户數達到 3.2 億{chr(0x3002)}", [("月活躍用户", "3.2 億")], id="count_noun_zh"),
        pytest.param(f"本季度{chr(0xFF0C)}付費用户數量為 5,600 萬{chr(0x3002)}", [("付費用户", "5,600 萬")],
                     id="count_quantity_noun_zh"),
    ],
)  # fmt: skip
def test_a_count_named_with_its_noun_is_proposed(line: str, expected: list[tuple[str, str]]) -> None:
    assert proposed(line) == expected


@pytest.mark.parametrize(
    ("line", "company", "expected"),
    [
        pytest.param("Quillon's total revenue was $52.4 million.", "Quillon", [("total revenue", "$52.4 million")],
                     id="company_possessive"),
        pytest.param(f"奎隆的總收入為人民幣 30 億元{chr(0x3002)}", "奎隆", [("總收入", "人民幣 30 億元")], id="company_zh"),
        pytest.param("Quillon's total revenue was $52.4 million.", None, [], id="company_unknown"),
        pytest.param("A rival's total revenue was $52.4 million.", "Quillon", [], id="another_company"),
    ],
)  # fmt: skip
def test_the_companys_own_name_before_its_metric_is_plain(
    line: str, company: str | None, expected: list[tuple[str, str]]
) -> None:
    transcript, section = section_of(line)
    transcript = transcript.model_copy(update={"company": company})
    assert [(p.metric, p.value) for p in propose(section, transcript) if isinstance(p, Figure)] == expected


@pytest.mark.parametrize("company", ["奎隆", None])
def test_the_companys_name_before_its_metric_is_not_a_segment(company: str | None) -> None:
    transcript, section = section_of(f"奎隆的總收入為人民幣 30 億元{chr(0x3002)}")
    transcript = transcript.model_copy(update={"company": company})
    [kpi] = ground_section(complete(RemarksFindings(), section, transcript), section, transcript).kpis
    assert (kpi.key, kpi.value) == ("revenue", 3e9)
    assert kpi.segment == (None if company else "奎隆")  # unknown company: the words may name a business
