"""Layout detection line by line: languages, labels, markers, headings and bilingual pairing."""

from __future__ import annotations

import pytest
from widths import COLON, FULL_STOP, LENTICULAR_CLOSE, LENTICULAR_OPEN, wide, wide_digits

from summarizer.document import Role
from summarizer.ingest.layout import ItemKind, line_language, read_layout, role_from_title, split_lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Revenue grew 5% to $12 million.", "en", id="english"),
        pytest.param("本季度收入同比增長12%。", "zh", id="chinese"),
        pytest.param("OpenAI 的 Realtime API 目前仍處於測試階段。", "zh", id="chinese_with_english_terms"),
        pytest.param("Our partner Zhang Wei (張偉) joined us.", "en", id="english_with_chinese_name"),
        pytest.param("2024 — 12%", None, id="no_letters"),
    ],
)
def test_line_language(text: str, expected: str | None) -> None:
    assert line_language(text) == expected


@pytest.mark.parametrize(
    ("title", "role"),
    [
        pytest.param("Chief Executive Officer and Chairman", Role.executive, id="ceo"),
        pytest.param("CFO", Role.executive, id="cfo_acronym"),
        pytest.param("Vice President, Investor Relations", Role.executive, id="ir"),
        pytest.param("Director of Finance", Role.executive, id="director"),
        pytest.param("Analyst", Role.analyst, id="analyst"),
        pytest.param("Senior Associate", Role.analyst, id="associate"),
        pytest.param("Managing Director, Harbor Street Securities", Role.analyst, id="bank_md"),
        pytest.param("Operator", Role.operator, id="operator"),
        pytest.param("財務總監", Role.executive, id="zh_cfo"),
        pytest.param("華泰證券分析師", Role.analyst, id="zh_analyst"),
        pytest.param("Friend of the show", Role.unknown, id="unknown"),
    ],
)
def test_role_from_title(title: str, role: Role) -> None:
    assert role_from_title(title) is role


def _first(text: str):  # noqa: ANN202 - small local helper
    layout = read_layout(text + "\nSome words follow here.\n")
    return layout.items[0]


@pytest.mark.parametrize(
    ("line", "speaker", "role", "firm", "title"),
    [
        pytest.param(
            "Tina Wu - Chief Executive Officer and Chairman",
            "Tina Wu",
            Role.executive,
            None,
            "Chief Executive Officer and Chairman",
            id="name_dash_title",
        ),
        pytest.param("Operator", "Operator", Role.operator, None, None, id="operator"),
        pytest.param("Ravi Patel - Analyst", "Ravi Patel", Role.analyst, None, "Analyst", id="analyst"),
        pytest.param(
            "Ravi Patel - Kestrel Capital - Analyst",
            "Ravi Patel",
            Role.analyst,
            "Kestrel Capital",
            "Analyst",
            id="analyst_with_firm",
        ),
        pytest.param(
            "Ravi Patel -- Analyst, Kestrel Capital",
            "Ravi Patel",
            Role.analyst,
            "Kestrel Capital",
            "Analyst",
            id="double_dash_comma_firm",
        ),
        pytest.param("**Tina Wu** - CFO", None, None, None, None, id="bold_name_is_not_a_plain_label"),
        pytest.param(
            "Tina Wu (Chief Financial Officer)",
            "Tina Wu",
            Role.executive,
            None,
            "Chief Financial Officer",
            id="parenthesised_title",
        ),
        pytest.param(
            "Unidentified Participant", "Unidentified Participant", Role.unknown, None, None, id="unidentified"
        ),
        pytest.param("管理層:", "管理層", Role.executive, None, None, id="zh_management"),
        pytest.param(wide("分析師 張三(高盛):"), "張三", Role.analyst, "高盛", None, id="zh_analyst_name_and_firm"),
        pytest.param(wide("林志遠(首席執行官):"), "林志遠", Role.executive, None, "首席執行官", id="zh_name_and_title"),
        pytest.param(
            "Analyst Priya Nair (Granite Securities):",
            "Priya Nair",
            Role.analyst,
            "Granite Securities",
            None,
            id="role_name_firm",
        ),
        pytest.param(
            "Maria Chen, Chief Executive Officer:",
            "Maria Chen",
            Role.executive,
            None,
            "Chief Executive Officer",
            id="name_comma_title",
        ),
        pytest.param("CFO 李明:", "李明", Role.executive, None, "CFO", id="zh_title_and_name"),
        pytest.param(f"CFO 李明{COLON}", "李明", Role.executive, None, "CFO", id="zh_title_and_name_fullwidth_colon"),
        pytest.param("主持人:", "主持人", Role.operator, None, None, id="zh_host"),
        pytest.param(f"**主持人**{COLON}", "主持人", Role.operator, None, None, id="zh_host_bold"),
        pytest.param("Moderator:", "Operator", Role.operator, None, None, id="moderator"),
    ],
)
def test_labels(line: str, speaker: str | None, role: Role | None, firm: str | None, title: str | None) -> None:
    item = _first(line)
    if speaker is None:
        assert item.kind is not ItemKind.label or item.speaker != "Tina Wu" or item.role is not None
        return
    assert item.kind is ItemKind.label
    assert (item.speaker, item.role, item.firm, item.title) == (speaker, role, firm, title)


@pytest.mark.parametrize(
    ("line", "firm"),
    [
        pytest.param("華泰證券分析師:", "華泰證券", id="zh_firm_before_role"),
        pytest.param(wide("分析師(中金公司):"), "中金公司", id="zh_firm_in_fullwidth_parentheses"),
        pytest.param(f"來自中金公司的分析師{COLON}", "中金公司", id="zh_firm_in_a_phrase"),
        pytest.param("Analyst, Kestrel Capital:", "Kestrel Capital", id="firm_after_role"),
        pytest.param("Analyst:", None, id="role_alone"),
    ],
)
def test_role_only_askers_are_questions(line: str, firm: str | None) -> None:
    """A role word without a name names no one: the label opens a question, with its firm."""
    item = _first(line)
    assert (item.kind, item.speaker, item.firm) == (ItemKind.question, None, firm)


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Revenue - up 5% on the year", id="metric_dash"),
        pytest.param("Thanks, Operator.", id="thanks_operator"),
        pytest.param("We said - and we meant it - that margins matter.", id="prose_dashes"),
        pytest.param("毛利率:54%", id="zh_metric_colon"),
        pytest.param("Note: figures are unaudited.", id="note_colon"),
    ],
)
def test_not_labels(line: str) -> None:
    assert _first(line).kind is ItemKind.content


@pytest.mark.parametrize(
    ("line", "level", "title", "has_body"),
    [
        pytest.param("一、財報核心數據", 1, "財報核心數據", False, id="zh_numeral"),
        pytest.param("1、業務亮點", 2, "業務亮點", False, id="arabic_dun"),
        pytest.param("(1)可靈的應用發展", 3, "可靈的應用發展", False, id="paren_number"),
        pytest.param("(2)廣告:本季度廣告收入同比增長13%。", 3, "廣告", True, id="paren_number_inline_body"),
        pytest.param("## Prepared Remarks", 2, "Prepared Remarks", False, id="markdown"),
        pytest.param(
            "Question-and-Answer Session", 1, "Question-and-Answer Session", False, id="known_english_heading"
        ),
        pytest.param("【問答環節】", 2, "問答環節", False, id="bracketed"),
    ],
)
def test_headings(line: str, level: int, title: str, has_body: bool) -> None:
    item = _first(line)
    assert item.kind is ItemKind.heading
    assert (item.level, item.title, item.body is not None) == (level, title, has_body)


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("1. 我們的日活躍用戶超過4億,標誌着一個重要的里程碑。", id="numbered_sentence"),
        pytest.param("1)打磨大語言模型的底層技術能力,緊跟行業發展脈搏,不斷實現算法技術的創新。", id="long_list_item"),
    ],
)
def test_numbered_sentences_are_content(line: str) -> None:
    assert _first(line).kind is ItemKind.content


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        pytest.param("Q1:毛利率?\nA:穩定。\n", ["question", "answer"], id="ascii_colon"),
        pytest.param(wide(f"Q:毛利率?\nA:穩定{FULL_STOP}\n"), ["question", "answer"], id="fullwidth_colon"),
        pytest.param(
            wide(wide_digits(f"Q1:毛利率?\nA:穩定{FULL_STOP}\n"), "QA:?"),
            ["question", "answer"],
            id="fullwidth_letters_digits",
        ),
        pytest.param(
            f"第一個問題:毛利率?\n回答:穩定{FULL_STOP}\n第二個問題:現金流?\n",
            ["question", "answer", "question"],
            id="ordinal_question",
        ),
        pytest.param(f"**Q1:** 毛利率?\n**A:** 穩定{FULL_STOP}\n", ["question", "answer"], id="bold_markers"),
        pytest.param(
            "Question 1: What about margins?\nAnswer: Stable.\n", ["question", "answer"], id="english_numbered"
        ),
        pytest.param("問:毛利率?\n答:穩定。\n", ["question", "answer"], id="wen_da"),
        pytest.param(
            "問題一:毛利率?\n回答:穩定。\n問題二:現金流?\n", ["question", "answer", "question"], id="numbered_wen_ti"
        ),
        pytest.param("Q: What about margins?\nA: Stable.\n", ["question", "answer"], id="english"),
        pytest.param("Q3: revenue was up.\nMargins were stable.\n", ["content", "content"], id="lone_q_is_prose"),
    ],
)
def test_markers(text: str, kinds: list[str]) -> None:
    assert [i.kind.value for i in read_layout(text).items] == kinds


def test_split_lines_spans() -> None:
    text = "  first line  \n\n\tsecond\n"
    lines = split_lines(text)
    assert [(text[x.start : x.end], x.blank_before) for x in lines] == [("first line", True), ("second", True)]


@pytest.mark.parametrize(
    ("lines", "keep"),
    [
        pytest.param(
            [
                "Revenue rose 5% to $10 million.",
                "收入增長 5% 至 1,000 萬美元。",
                "Margins were 40%.",
                "利潤率為 40%。",
                "We expect growth in 2025.",
                "我們預計 2025 年將增長。",
            ],
            "en",
            id="english_first",
        ),
        pytest.param(
            [
                "收入增長 5% 至 1,000 萬美元。",
                "Revenue rose 5% to $10 million.",
                "利潤率為 40%。",
                "Margins were 40%.",
                "我們預計 2025 年將增長。",
                "We expect growth in 2025.",
            ],
            "zh",
            id="chinese_first",
        ),
        pytest.param(
            [
                "標題",
                "Revenue rose 5% to $10 million.",
                "收入增長 5% 至 1,000 萬美元。",
                "Margins were 40%.",
                "利潤率為 40%。",
                "We expect growth in 2025.",
                "我們預計 2025 年將增長。",
            ],
            "en",
            id="stray_title_first",
        ),
        pytest.param(
            [
                "收入增長 5%。",
                "Revenue rose 5%.",
                "利潤率為 40%。",
                "Margins were 40%.",
                "本文件以英文原文為準。",
                "The English version prevails.",
            ],
            "en",
            id="disclaimer_names_english",
        ),
    ],
)
def test_bilingual_keeps_authoritative_language(lines: list[str], keep: str) -> None:
    layout = read_layout("\n".join(lines) + "\n")
    assert layout.bilingual
    assert layout.authoritative_language == keep
    kept = [item.line.text for item in layout.items]
    assert all(line_language(t) in (keep, None) for t in kept)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "張三 - CEO\n本季度收入增長。\n李四 - CFO\n利潤率提升。\n張三 - CEO\n謝謝。\n",
            id="english_labels_chinese_text",
        ),
        pytest.param(
            "快手(紀要)\nDolphin Research\n收入增長了很多,我們很滿意。\n利潤也增長了。\n",
            id="chinese_notes_with_english_header",
        ),
        pytest.param("Revenue grew.\nMargins rose.\nCash was strong.\n", id="english_only"),
    ],
)
def test_not_bilingual(text: str) -> None:
    assert not read_layout(text).bilingual


def test_translated_labels_in_bilingual_document_are_dropped() -> None:
    text = (
        "Operator\n操作員\nWelcome to the call.\n歡迎參加電話會議。\nTina Wu - CFO\nTina Wu - 財務長\n"
        "Revenue grew 5%.\n收入增長 5%。\nLi Ming - 首席執行官\n李明 - 首席執行官\nThanks.\n謝謝。\n"
    )
    layout = read_layout(text)
    assert [i.line.text for i in layout.items] == [
        "Operator",
        "Welcome to the call.",
        "Tina Wu - CFO",
        "Revenue grew 5%.",
        "Li Ming - 首席執行官",
        "Thanks.",
    ]


def test_english_line_quoting_a_chinese_name_is_kept() -> None:
    text = (
        "Revenue rose 5% to $10 million.\n收入增長 5% 至 1,000 萬美元。\n"
        "Our unit Shengyun (聲雲) grew 8%.\n我們的聲雲部門成長了 8%。\n"
        "Margins were 40%.\n利潤率為 40%。\n"
    )
    layout = read_layout(text)
    assert layout.bilingual and layout.authoritative_language == "en"
    assert [i.line.text for i in layout.items] == [
        "Revenue rose 5% to $10 million.",
        "Our unit Shengyun (聲雲) grew 8%.",
        "Margins were 40%.",
    ]


def test_repeated_labels_in_bilingual_document_are_dropped() -> None:
    text = "Operator\nOperator\nWelcome to the call.\n歡迎參加電話會議。\nTina Wu - CFO\nTina Wu - CFO\nRevenue grew 5%.\n收入增長 5%。\n"
    layout = read_layout(text)
    assert [i.line.text for i in layout.items] == [
        "Operator",
        "Welcome to the call.",
        "Tina Wu - CFO",
        "Revenue grew 5%.",
    ]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        pytest.param(
            wide(
                f"{LENTICULAR_OPEN}Q1{LENTICULAR_CLOSE}毛利率?\n{LENTICULAR_OPEN}A{LENTICULAR_CLOSE}穩定{FULL_STOP}\n"
            ),
            ["question", "answer"],
            id="bracketed_markers_without_colon",
        ),
        pytest.param(wide(f"- **Q1:** 毛利率?\n- **A:** 穩定{FULL_STOP}\n"), ["question", "answer"], id="list_bullets"),
        pytest.param(
            "### Operator\nWelcome.\n### Jane Roe - CFO\nRevenue grew.\n",
            ["label", "content", "label", "content"],
            id="markdown_heading_labels",
        ),
        pytest.param(
            wide(f"分析師1:毛利率?\n管理層:穩定{FULL_STOP}\n分析師2:現金流?\n"),
            ["question", "label", "question"],
            id="numbered_analysts",
        ),
        pytest.param("Conference Call Operator\nWelcome.\n", ["label", "content"], id="conference_call_operator"),
        pytest.param(
            "## Q&A\nQ: Margins?\nA: Stable.\n", ["heading", "question", "answer"], id="markdown_qa_heading_stays"
        ),
    ],
)
def test_label_shapes(text: str, kinds: list[str]) -> None:
    assert [i.kind.value for i in read_layout(text).items] == kinds


def test_speaker_numbers_get_roles_from_their_turns() -> None:
    text = (
        "Speaker 1: Revenue grew 5% this quarter.\nSpeaker 2: Could you talk about margins?\n"
        "Speaker 1: Margins were stable.\nSpeaker 3: What about cash?\nSpeaker 1: Cash was strong.\n"
    )
    roles = [(i.speaker, i.role) for i in read_layout(text).items]
    assert roles == [
        ("Speaker 1", Role.executive), ("Speaker 2", Role.analyst), ("Speaker 1", Role.executive),
        ("Speaker 3", Role.analyst), ("Speaker 1", Role.executive),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            wide(
                f"- 收入:本季度收入為45億元{FULL_STOP}\n- 毛利率:41%{FULL_STOP}\n- 展望:預計保持增長{FULL_STOP}\n- 收入:海外增長35%{FULL_STOP}\n"
            ),
            id="zh_topic_bullets",
        ),
        pytest.param(
            "Note: figures are unaudited.\nQ3: revenue was up.\nAnalyst Day: in May.\nNote: margins rose.\n",
            id="en_notes",
        ),
    ],
)
def test_topic_prefixes_are_not_labels(text: str) -> None:
    assert {i.kind for i in read_layout(text).items} == {ItemKind.content}
