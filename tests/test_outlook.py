"""Outlook read by code, in both languages: the cues of a sentence about the future, its period
(the call's period as the reference), its direction, its figure, never a count of months; recall
of the outlook the model left out; Q&A themes that keep the answer's figures; highlights that lead
with what moved. Sentences written for these tests, about fictional companies."""

from __future__ import annotations

import pytest
from briefs import quote

from summarizer.assemble.highlights import highlight_lines
from summarizer.assemble.merge import distinct_titles, merge
from summarizer.brief import Direction, Guidance, QATheme
from summarizer.document import Role, Section, SectionKind, Sentence, Span, Transcript, Turn
from summarizer.extract.outlook import WHOLE_OUTLOOK, complete_outlook, propose_outlook
from summarizer.extract.prompting import item_guide
from summarizer.extract.replies import Outlook, QAFindings, RemarksFindings
from summarizer.ground import ground_section
from summarizer.ground.guidance import counts_time, looks_ahead, read_direction
from summarizer.ground.qualitative import specific_title
from summarizer.text.cues import DERIVED
from summarizer.text.numbers import parse
from summarizer.text.periods import find_periods

COMMA, STOP = chr(0xFF0C), chr(0x3002)


def _section(
    lines: list[str], kind: SectionKind = SectionKind.prepared_remarks, asker: int | None = None
) -> tuple[Transcript, Section]:
    """One section whose sentences are ``lines``; in Q&A, line ``asker`` is the analyst's."""
    text, sentences, turns, at = "", [], [], 0
    for i, line in enumerate(lines, 1):
        start = len(text)
        text += line + "\n"
        sentences.append(Sentence(id=f"s{i}", span=Span(start=start, end=start + len(line)), text=line))
        role = Role.analyst if asker == i else Role.executive
        turns.append(Turn(role=role, span=Span(start=start, end=len(text))))
        at = len(text)
    section = Section(
        id="sec1",
        kind=kind,
        span=Span(start=0, end=at),
        sentences=sentences,
        turns=turns if kind is SectionKind.qa else [],
    )
    return Transcript(text=text, period="2024Q4"), section


def _outlook(line: str, reference: str = "2024Q4") -> list[Guidance]:
    transcript, section = _section([line])
    transcript = transcript.model_copy(update={"period": reference})
    findings = complete_outlook(RemarksFindings(), section, transcript)
    return ground_section(findings, section, transcript).guidance


# --- cues ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ahead"),
    [
        pytest.param("We expect revenue to grow next year.", True, id="expect_en"),
        pytest.param("We plan to open forty new stores.", True, id="plan_to_en"),
        pytest.param("Our margin will improve in the second half.", True, id="will_with_change_en"),
        pytest.param("Capital spending will stay flat in 2026.", True, id="will_with_later_year_en"),
        pytest.param("I will now turn the call over to our CFO.", False, id="will_now_turn"),
        pytest.param("This would represent sales growth of 8% to 10%.", True, id="would_represent"),
        pytest.param("I would like to thank our team.", False, id="would_like"),
        pytest.param("As expected, sales declined in the quarter.", False, id="as_expected_is_past"),
        pytest.param("Revenue was $40 million.", False, id="result_en"),
        pytest.param(f"我們預計明年收入將穩步增長{STOP}", True, id="expect_zh"),
        pytest.param(f"公司計劃在2026年推出新產品{STOP}", True, id="plan_zh"),
        pytest.param(f"我們力爭實現盈虧平衡{STOP}", True, id="strive_zh"),
        pytest.param(f"成本將進一步下降{STOP}", True, id="will_zh"),
        pytest.param(f"我們將研發重心轉向新業務{STOP}", False, id="jiang_as_preposition"),
        pytest.param(f"本季度收入符合預期{STOP}", False, id="met_expectations_zh"),
        pytest.param(f"我們實施了股東回報計劃{STOP}", False, id="programme_noun_zh"),
        pytest.param("The programme will expire at the end of March 2026.", True, id="will_with_later_date_en"),
        pytest.param("The programme will expire on October 31, 2024.", False, id="will_with_date_in_the_period"),
        pytest.param("The programme expired at the end of March 2024.", False, id="past_date_en"),
        pytest.param(f"該回購方案將於2026年3月底到期{STOP}", True, id="will_with_later_date_zh"),
        pytest.param(f"該回購方案已於2024年3月底到期{STOP}", False, id="past_date_zh"),
    ],
)
def test_a_sentence_looks_ahead_by_its_words(text: str, ahead: bool) -> None:
    assert looks_ahead(text, "2025Q2") is ahead


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        pytest.param(
            "We are raising our full-year revenue guidance to $90 million to $95 million.",
            Direction.raised,
            id="raise_en",
        ),
        pytest.param("We now lower our outlook for operating income.", Direction.lowered, id="lower_en"),
        pytest.param("We narrowed our range for earnings per share.", Direction.narrowed, id="narrow_en"),
        pytest.param("We reaffirm our 2025 guidance.", Direction.maintained, id="reaffirm_en"),
        pytest.param("Our guidance is unchanged.", Direction.maintained, id="unchanged_en"),
        pytest.param(
            "Given the uncertainty, we are withdrawing our full-year guidance.", Direction.withdrawn, id="withdraw_en"
        ),
        pytest.param(
            "We expect revenue of $10 million to $12 million, up from $8 million to $9 million.",
            Direction.raised,
            id="prior_range_up",
        ),
        pytest.param(
            "We expect revenue of $10.5 million to $11 million, from $10 million to $12 million.",
            Direction.narrowed,
            id="prior_range_narrowed",
        ),
        pytest.param("We expect revenue of $10 million to $12 million.", Direction.new, id="new_en"),
        pytest.param(f"我們上調全年收入指引至10億元{STOP}", Direction.raised, id="raise_zh"),
        pytest.param(f"公司下調了全年利潤指引{STOP}", Direction.lowered, id="lower_zh"),
        pytest.param(f"我們維持全年指引不變{STOP}", Direction.maintained, id="maintain_zh"),
        pytest.param(f"鑑於市場不確定性{COMMA}公司撤回了全年業績指引{STOP}", Direction.withdrawn, id="withdraw_zh"),
    ],
)
def test_direction_is_read_from_the_sentence(text: str, direction: Direction) -> None:
    assert read_direction(text, parse(text), quantified=True) is direction


def test_a_statement_without_a_move_is_qualitative() -> None:
    text = "We expect margins to improve."
    assert read_direction(text, parse(text), quantified=False) is Direction.qualitative


@pytest.mark.parametrize(
    ("text", "reference", "periods"),
    [
        pytest.param("We expect revenue to grow this year.", "2024Q4", ["FY2025"], id="this_year_on_a_q4_call"),
        pytest.param("We expect revenue to grow this year.", "2024Q2", ["FY2024"], id="this_year_mid_year"),
        pytest.param("Next quarter we expect margins to recover.", "2024Q4", ["2025Q1"], id="next_quarter_rolls_over"),
        pytest.param("We expect capex to rise in 2025.", "2024Q4", ["FY2025"], id="a_year"),
        pytest.param(f"我們預計今年利潤率將提升{STOP}", "2024Q4", ["FY2025"], id="this_year_zh_q4"),
        pytest.param(f"我們預計下季度收入將增長{STOP}", "2024Q3", ["2024Q4"], id="next_quarter_zh"),
        pytest.param(f"明年我們計劃增加投入{STOP}", "2024Q2", ["FY2025"], id="next_year_zh"),
    ],
)
def test_an_outlooks_period_is_read_against_the_calls(text: str, reference: str, periods: list[str]) -> None:
    assert [p.canonical for p in find_periods(text, reference=reference, forward=True)] == periods


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        pytest.param("Backlog covers the next 12 months.", True, id="months_en"),
        pytest.param("We expect to hire over the next 3 years.", True, id="years_en"),
        pytest.param(f"未來12個月的訂單{STOP}", True, id="months_zh"),
        pytest.param("We expect revenue of $12 million.", False, id="money"),
        pytest.param("We expect margins of 12%.", False, id="percent"),
    ],
)
def test_a_count_of_time_is_not_a_quantity(text: str, counts: bool) -> None:
    amounts = parse(text)
    assert amounts and counts_time(text, amounts[0]) is counts


# --- recall and grounding --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(
            "For the first quarter of 2025, we expect total revenue between $40 million and $42 million.",
            ("total revenue", "2025Q1", 40e6, 42e6, Direction.new),
            id="range_en",
        ),
        pytest.param(
            "We expect AI investment to reduce our adjusted margin by 1 to 2 percentage points this year.",
            ("adjusted margin", "FY2025", 1.0, 2.0, Direction.new),
            id="impact_in_points_en",
        ),
        pytest.param(
            "We are raising our full-year revenue guidance to $90 million to $95 million.",
            ("revenue", "FY2025", 90e6, 95e6, Direction.raised),
            id="raised_en",
        ),
        pytest.param(
            "We expect capital expenditures to increase in 2025.",
            ("capital expenditures", "FY2025", None, None, Direction.qualitative),
            id="qualitative_en",
        ),
        pytest.param(
            "We expect backlog to convert to revenue over the next 12 months.",
            ("backlog", None, None, None, Direction.qualitative),
            id="month_count_is_no_value",
        ),
        pytest.param(
            "We reaffirm our full-year outlook.",
            (WHOLE_OUTLOOK, "FY2025", None, None, Direction.maintained),
            id="reaffirmed_whole_outlook",
        ),
        pytest.param(
            f"我們預計今年在AI方面的投入對於經調整利潤率影響在1-2個百分點左右{STOP}",
            ("經調整利潤率", "FY2025", 1.0, 2.0, Direction.new),
            id="impact_in_points_zh",
        ),
        pytest.param(
            f"我們預計可以幫助客户將素材製作成本降低60~70%{STOP}",
            ("素材製作成本", None, 60.0, 70.0, Direction.new),
            id="range_percent_zh",
        ),
        pytest.param(
            f"我們計劃在2025年繼續增加資本支出{STOP}",
            ("資本支出", "FY2025", None, None, Direction.qualitative),
            id="plan_zh",
        ),
        pytest.param(
            f"公司撤回了全年業績指引{STOP}",
            (WHOLE_OUTLOOK, "FY2025", None, None, Direction.withdrawn),
            id="withdrawn_zh",
        ),
    ],
)
def test_outlook_recalled_and_read_from_its_sentence(line: str, expected: tuple) -> None:
    [guidance] = _outlook(line)
    assert (guidance.metric, guidance.period, guidance.low, guidance.high, guidance.direction) == expected
    assert guidance.statement == line


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Revenue was $40 million in the quarter.", id="result"),
        pytest.param("I will now turn the call over to Dana.", id="no_quantity"),
        pytest.param("We expect non-critical visits to return.", id="topic_not_a_quantity"),
        pytest.param(f"我們實施了股東回報計劃{COMMA}回購了10億元股票{STOP}", id="programme_zh"),
    ],
)
def test_no_outlook_without_a_future_and_a_business_quantity(line: str) -> None:
    assert _outlook(line) == []


def test_outlook_of_answers_not_of_questions() -> None:
    question = "Do you expect margins to improve next year?"
    hint = "Could you say whether capex will increase in 2026, as we expect?"
    answer = "We expect our operating margin to expand by 2 percentage points next year."
    transcript, section = _section([question, hint, answer], SectionKind.qa, asker=2)
    proposed = propose_outlook(section, transcript)
    assert [(o.metric, o.low, o.cite) for o in proposed] == [("operating margin", "2 percentage points", ["s3"])]


def test_recall_adds_nothing_where_the_model_gave_the_figures() -> None:
    transcript, section = _section(["We expect revenue between $40 million and $42 million in Q1."])
    model = RemarksFindings(guidance=[Outlook(metric="revenue", low="$40 million", high="$42 million", cite=["s1"])])
    assert complete_outlook(model, section, transcript).guidance == model.guidance
    [guidance] = ground_section(model, section, transcript).guidance
    assert (guidance.low, guidance.high, guidance.statement) == (40e6, 42e6, transcript.text.strip())


def test_a_models_outlook_without_figures_is_read_from_its_sentence() -> None:
    line = "We expect revenue between $40 million and $42 million in Q1, and margins of 30% to 32%."
    transcript, section = _section([line])
    model = RemarksFindings(guidance=[Outlook(metric="revenue", cite=["s1"])])
    findings = complete_outlook(model, section, transcript)
    kept = merge(transcript, [ground_section(findings, section, transcript)]).guidance
    assert [(g.low, g.high, g.statement) for g in kept] == [(40e6, 42e6, line), (30.0, 32.0, line)]


@pytest.mark.parametrize("word", ["moderate", "strong", "significant", "N/A"])
def test_a_models_outlook_with_a_word_for_a_figure_does_not_hide_its_sentences(word: str) -> None:
    lines = ["Thanks for the question.", "Our goal is to drive moderate revenue growth next year.",
             "We target break-even on a GAAP basis for 2031."]  # fmt: skip
    transcript, section = _section(lines, SectionKind.qa, asker=1)
    model = QAFindings(
        theme="revenue outlook", question="q", answer="a", cite=[],
        guidance=[Outlook(metric="revenue", low=word, high=word, cite=["s2", "s3"])],
    )  # fmt: skip
    recalled = propose_outlook(section, transcript)
    assert recalled  # the sentences state outlook
    findings = complete_outlook(model, section, transcript)
    assert findings.guidance[1:] == recalled


def test_no_guidance_item_without_a_statement() -> None:
    lines = [
        "We expect revenue of $40 million to $42 million in the first quarter.",
        "Our gross margin will improve next year.",
        f"我們預計明年毛利率將提升{STOP}",
    ]
    transcript, section = _section(lines)
    kept = ground_section(complete_outlook(RemarksFindings(), section, transcript), section, transcript).guidance
    assert len(kept) == 3 and all(g.statement in lines for g in kept)


def test_the_model_is_asked_the_metric_and_figures_only() -> None:
    [line] = [x for x in item_guide(QAFindings).splitlines() if x.startswith("- guidance")]
    assert all(f"{key}:" not in line for key in ("period", "statement", "direction"))


# --- Q&A themes ------------------------------------------------------------------------------------


def test_a_theme_keeps_the_answers_figures() -> None:
    lines = [
        "How much will AI spending weigh on margins this year?",
        "We expect the impact on our adjusted margin to be 1 to 2 percentage points.",
        "Cost savings for advertisers could reach 60% to 70%.",
    ]
    transcript, section = _section(lines, SectionKind.qa, asker=1)
    findings = QAFindings(
        theme="AI",
        question="How much will AI spending weigh on margins?",
        answer="The investment will have a moderate impact on profit.",
        cite=["s1", "s2"],
    )
    theme = ground_section(findings, section, transcript).qa_theme
    assert theme is not None
    assert theme.answer.endswith("Figures stated: 1-2 pp; 60-70%.")
    assert theme.theme == "AI: much spending weigh margins"


@pytest.mark.parametrize(
    ("answer", "kept"),
    [
        pytest.param("Capex will be about $500 million.", "Capex will be about $500 million.", id="says_its_figures"),
        pytest.param(  # an amount id the model copied into its text is taken out
            "Capex will be about $500 million [a1] next year.",
            "Capex will be about $500 million next year.",
            id="amount_id_copied",
        ),
    ],
)
def test_a_theme_that_says_its_figures_gets_none_appended(answer: str, kept: str) -> None:
    lines = ["What is the capex plan?", "Capex will be about $500 million next year."]
    transcript, section = _section(lines, SectionKind.qa, asker=1)
    findings = QAFindings(
        theme="Capex plan for next year", question="What is the capex plan?", answer=answer, cite=["s2"]
    )
    theme = ground_section(findings, section, transcript).qa_theme
    assert theme is not None and theme.answer == kept


@pytest.mark.parametrize(
    ("theme", "question", "title"),
    [
        pytest.param(
            "AI", "What are your plans to keep the video model ahead?", "AI: plans keep video model", id="one_word"
        ),
        pytest.param("Video model inference costs", "Any question", "Video model inference costs", id="specific_kept"),
        pytest.param("Q&A", "How will the fleet margin develop next year?", "Fleet margin develop next", id="no_topic"),
        pytest.param(
            "Question", "How will the fleet margin develop next year?", "Fleet margin develop next", id="word"
        ),
    ],
)
def test_a_one_word_title_gets_the_questions_words(theme: str, question: str, title: str) -> None:
    assert specific_title(theme, question) == title


def test_no_two_themes_share_a_title() -> None:
    themes = [
        QATheme(theme="AI strategy", question="What are the long-term AI goals?", answer="a"),
        QATheme(theme="AI strategy", question="How does AI help advertisers?", answer="b"),
        QATheme(theme="AI strategy", question="How does AI help advertisers?", answer="c"),
    ]
    distinct_titles(themes)
    titles = [t.theme for t in themes]
    assert len(set(titles)) == 3 and titles[1] == "AI strategy: help advertisers"


# --- highlights ------------------------------------------------------------------------------------


def test_highlights_lead_with_moved_outlook_and_the_answer_with_the_largest_figure() -> None:
    guidance = [
        Guidance(
            metric="margin",
            statement="We expect margins to improve.",
            direction=Direction.qualitative,
            evidence=[quote("s1")],
        ),
        Guidance(metric="revenue", low=1.0, value_text="$1 million", evidence=[quote("s2")]),
        Guidance(
            metric="earnings per share",
            low=6.4,
            high=6.55,
            value_text="$6.40 to $6.55",
            direction=Direction.raised,
            evidence=[quote("s3")],
        ),
    ]
    themes = [
        QATheme(theme="Hiring", question="q", answer="Headcount stays flat.", section_ids=["a"]),
        QATheme(theme="Capex", question="q", answer="Capex of $500 million next year.", section_ids=["b"]),
    ]
    brief = merge(Transcript(text="x"), [], warnings=[])
    brief.guidance, brief.qa_themes = guidance, themes
    lines = highlight_lines(brief)
    assert lines[0].startswith("Guidance earnings per share (raised)")
    assert lines[1].startswith("Guidance revenue") and lines[2].startswith("Guidance margin")
    assert lines[3].startswith("Q&A: Capex")


# --- outlook restated, and the period of an answer -------------------------------------------------


def _answer(
    lines: list[str], kind: SectionKind = SectionKind.qa, question: str = "How do you see next year?"
) -> list[Guidance]:
    """One Q&A exchange: an analyst's question, then one executive's answer, a sentence a line."""
    text = question + "\n"
    sentences = [Sentence(id="s1", span=Span(start=0, end=len(question)), text=question, speaker="Ann Analyst")]
    for i, line in enumerate(lines, 2):
        start = len(text)
        text += line + "\n"
        sentences.append(
            Sentence(id=f"s{i}", span=Span(start=start, end=start + len(line)), text=line, speaker="Cy CFO")
        )
    turns = [
        Turn(speaker="Ann Analyst", role=Role.analyst, span=Span(start=0, end=len(question) + 1)),
        Turn(speaker="Cy CFO", role=Role.executive, span=Span(start=len(question) + 1, end=len(text))),
    ]
    if kind is not SectionKind.qa:
        sentences, turns = [s.model_copy(update={"speaker": "Cy CFO"}) for s in sentences], []
    section = Section(id="sec1", kind=kind, span=Span(start=0, end=len(text)), sentences=sentences, turns=turns)
    transcript = Transcript(text=text, period="2024Q4")
    return ground_section(
        complete_outlook(QAFindings(theme="-", question="-", answer="-", cite=[]), section, transcript),
        section,
        transcript,
    ).guidance


@pytest.mark.parametrize(
    ("text", "derived"),
    [
        pytest.param("Sequentially, that implies a $3 million to $5 million increase.", True, id="that_implies"),
        pytest.param("Which means growth of 6% to 8% on last year.", True, id="which_means"),
        pytest.param("This would imply an increase of about $4 million.", True, id="this_would_imply"),
        pytest.param(f"這意味著環比增加3000萬元{STOP}", True, id="yiweizhe_zh"),
        pytest.param(f"環比來看{COMMA}即增加3000萬元至5000萬元{STOP}", True, id="ji_after_comma_zh"),
        pytest.param(f"即使需求放緩{COMMA}我們仍會投入{STOP}", False, id="jishi_is_even_if"),
        pytest.param(f"新品{COMMA}即將推出{STOP}", False, id="jijiang_is_soon"),
        pytest.param("The word means little here.", False, id="means_without_pointer"),
    ],
)
def test_a_sentence_deriving_a_figure_is_recognised(text: str, derived: bool) -> None:
    assert bool(DERIVED.search(text)) is derived


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            ["Our guidance for Q1 is revenue of $50 million to $52 million.",
             "Quarter on quarter, that implies a rise of $3 million to $5 million, mostly from new clinics."],
            ("revenue", "2025Q1", 3e6, 5e6), id="implies_en",
        ),
        pytest.param(
            ["For the first quarter, we expect total sales between $80 million and $84 million.",
             "Which means an increase of $6 million to $10 million over the fourth quarter."],
            ("total sales", "2025Q1", 6e6, 10e6), id="which_means_en",
        ),
        pytest.param(
            [f"我們預計2025年第一季度的總收入為5億元至5.2億元{STOP}", f"環比來看{COMMA}即增加3000萬元至5000萬元{STOP}"],
            ("總收入", "2025Q1", 3e7, 5e7), id="ji_zh",
        ),
        pytest.param(
            [f"我們預計2025年第一季度的總收入為5億元至5.2億元{STOP}", f"這意味著環比增加3000萬元至5000萬元{STOP}"],
            ("總收入", "2025Q1", 3e7, 5e7), id="yiweizhe_zh",
        ),
    ],
)  # fmt: skip
def test_a_range_derived_from_the_outlook_just_stated_is_outlook_for_its_period(
    lines: list[str], expected: tuple
) -> None:
    for kind in (SectionKind.qa, SectionKind.prepared_remarks):
        guidance = _answer(lines, kind)
        derived = [g for g in guidance if g.statement == lines[1]]
        assert [(g.metric, g.period, g.low, g.high) for g in derived] == [expected], kind
        assert len(guidance) == 2


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(["Revenue was $48 million in the quarter.", "That implies a $3 million to $5 million increase."],
                     id="after_a_result"),
        pytest.param(["We expect revenue of $50 million to $52 million in Q1.", "Thanks for the question.",
                      "That implies a $3 million to $5 million increase on last year."], id="not_right_after"),
        pytest.param([f"本季度收入為4.8億元{STOP}", f"這意味著同比增加3000萬元至5000萬元{STOP}"], id="after_a_result_zh"),
    ],
)  # fmt: skip
def test_a_derived_figure_is_outlook_only_right_after_an_outlook(lines: list[str]) -> None:
    guidance = _answer(lines)
    assert all(g.statement != lines[-1] for g in guidance)


ANSWER = [
    "Yes, we plan to reach GAAP profitability in fiscal 2026.",
    "That assumes a cautious view of demand.",
    "Internally, we aim to grow subscription revenue at a steady pace in our current markets.",
]
ANSWER_ZH = [
    f"是的{COMMA}我們計劃在2026年實現GAAP盈利{STOP}",
    f"這基於對需求的審慎判斷{STOP}",
    f"我們的內部目標是讓現有市場的訂閱收入穩步增長{STOP}",
]


@pytest.mark.parametrize("lines", [pytest.param(ANSWER, id="en"), pytest.param(ANSWER_ZH, id="zh")])
def test_an_outlook_without_its_own_period_takes_the_one_before_it_in_the_answer(lines: list[str]) -> None:
    [goal] = [g for g in _answer(lines) if g.statement == lines[-1]]
    assert (goal.key, goal.period, goal.direction) == ("revenue", "FY2026", Direction.qualitative)


@pytest.mark.parametrize("lines", [pytest.param(ANSWER, id="en"), pytest.param(ANSWER_ZH, id="zh")])
def test_a_line_break_in_prepared_remarks_ends_the_period(lines: list[str]) -> None:
    [goal] = [g for g in _answer(lines, SectionKind.prepared_remarks) if g.statement == lines[-1]]
    assert goal.period is None


def test_only_a_sentence_looking_ahead_lends_its_period_across_lines() -> None:
    lines = [
        "Revenue grew in the fourth quarter of 2025, a year early.",
        "Internally, we aim to grow subscription revenue steadily.",
    ]
    [goal] = [g for g in _answer(lines) if g.statement == lines[-1]]
    assert goal.period is None


@pytest.mark.parametrize(
    ("line", "low"),
    [
        pytest.param(
            "So far, we have completed 40% of our $300 million share repurchase program, which will expire at the end"
            " of March 2026.", None, id="en",
        ),
        pytest.param("Our buyback plan will run until June 30, 2026, with $120 million still to go.", 120e6,
                     id="en_date_and_size_left"),
        pytest.param(f"截至目前{COMMA}我們已完成3億美元股份回購計劃的40%{COMMA}該回購方案將於2026年3月底到期{STOP}", None,
                     id="zh"),
    ],
)  # fmt: skip
def test_a_repurchase_programme_running_past_the_call_is_buyback_outlook(line: str, low: float | None) -> None:
    [guidance] = _outlook(line)
    assert (guidance.key, guidance.statement, guidance.low) == ("buyback", line, low)  # the share completed is a result


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("So far, we have completed 40% of our $300 million share repurchase program.", id="progress_en"),
        pytest.param("Our repurchase program expired at the end of March 2024.", id="expired_en"),
        pytest.param(f"我們已完成3億美元股份回購計劃的40%{STOP}", id="progress_zh"),
    ],
)
def test_a_repurchase_programmes_progress_is_no_outlook(line: str) -> None:
    assert _outlook(line) == []
