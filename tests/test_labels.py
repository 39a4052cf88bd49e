"""One label read on its own: role family, Q/A marker, person, firm, title and number, in both widths."""

from __future__ import annotations

import pytest
from widths import COLON, ENUMERATION_COMMA, FULL_STOP, wide, wide_digits

from summarizer.ingest.labels import Family, parse_label

ASK, ANSWER, HOST, EXEC = Family.asker, Family.answerer, Family.host, Family.executive


@pytest.mark.parametrize(
    ("text", "family", "marker", "person", "firm", "number"),
    [
        pytest.param("Q1", ASK, True, None, None, 1, id="q_numbered"),
        pytest.param(wide(wide_digits("Q12"), "Q"), ASK, True, None, None, 12, id="q_fullwidth_letter_and_digits"),
        pytest.param("Question 2", ASK, True, None, None, 2, id="question_numbered"),
        pytest.param("問題一", ASK, True, None, None, 1, id="zh_numbered_question"),
        pytest.param("第三個問題", ASK, True, None, None, 3, id="zh_ordinal_question"),
        pytest.param("第12個問題", ASK, True, None, None, 12, id="zh_ordinal_question_digits"),
        pytest.param(f"2{ENUMERATION_COMMA}問題", ASK, True, None, None, 2, id="list_numbered_question"),
        pytest.param("問", ASK, True, None, None, None, id="zh_ask"),
        pytest.param(wide("問(招商證券)"), ASK, True, None, "招商證券", None, id="zh_ask_firm_fullwidth_parentheses"),
        pytest.param(wide("問(王磊,華夏證券)"), ASK, True, "王磊", "華夏證券", None, id="zh_ask_name_and_firm"),
        pytest.param(
            "Q1 (Priya Nair, Granite Securities)", ASK, True, "Priya Nair", "Granite Securities", 1, id="q_name_firm"
        ),
        pytest.param(
            "Question from Priya Nair of Granite Securities",
            ASK,
            True,
            "Priya Nair",
            "Granite Securities",
            None,
            id="q_phrase",
        ),
        pytest.param("華泰證券分析師", ASK, False, None, "華泰證券", None, id="zh_firm_before_role"),
        pytest.param(wide("分析師(中金公司)"), ASK, False, None, "中金公司", None, id="zh_firm_in_parentheses"),
        pytest.param("來自中金公司的分析師", ASK, False, None, "中金公司", None, id="zh_firm_in_phrase"),
        pytest.param("中金的分析師", ASK, False, None, "中金", None, id="zh_short_firm_before_role"),
        pytest.param(wide("分析師 張三(高盛)"), ASK, False, "張三", "高盛", None, id="zh_role_name_firm"),
        pytest.param(
            "Granite Securities analyst Priya Nair",
            ASK,
            False,
            "Priya Nair",
            "Granite Securities",
            None,
            id="firm_role_name",
        ),
        pytest.param("Analyst, Kestrel Capital", ASK, False, None, "Kestrel Capital", None, id="role_firm_after"),
        pytest.param(
            "Ken Ito -- Bluefield Partners -- Analyst",
            ASK,
            False,
            "Ken Ito",
            "Bluefield Partners",
            None,
            id="name_firm_role",
        ),
        pytest.param("A", ANSWER, True, None, None, None, id="a"),
        pytest.param("回答", ANSWER, True, None, None, None, id="zh_answer"),
        pytest.param(wide("答(林志遠)"), ANSWER, True, "林志遠", None, None, id="zh_answer_named"),
        pytest.param("管理層", ANSWER, False, None, None, None, id="zh_management"),
        pytest.param("雲帆管理層", ANSWER, False, None, None, None, id="zh_company_before_management"),
        pytest.param("管理層表示", ANSWER, False, None, None, None, id="zh_management_with_verb"),
        pytest.param("Management", ANSWER, False, None, None, None, id="management"),
        pytest.param("主持人", HOST, False, None, None, None, id="zh_host"),
        pytest.param("Moderator", HOST, False, None, None, None, id="moderator"),
        pytest.param("**Operator**", HOST, False, None, None, None, id="bold_operator"),
        pytest.param("\u3010分析師\u3011", ASK, False, None, None, None, id="bracketed_role"),
        pytest.param("追問", ASK, True, None, None, None, id="zh_follow_up"),
    ],
)
def test_roles(
    text: str, family: Family, marker: bool, person: str | None, firm: str | None, number: int | None
) -> None:
    label = parse_label(text)
    assert label is not None
    assert (label.family, label.marker, label.person, label.firm, label.number) == (
        family,
        marker,
        person,
        firm,
        number,
    )


@pytest.mark.parametrize(
    ("text", "person", "title"),
    [
        pytest.param("CFO 李明", "李明", "CFO", id="zh_title_name"),
        pytest.param("首席財務官陳美玲", "陳美玲", "首席財務官", id="zh_title_glued_to_name"),
        pytest.param("董事長兼CEO林志遠", "林志遠", "董事長兼CEO", id="zh_two_titles"),
        pytest.param(wide("林志遠(首席執行官)"), "林志遠", "首席執行官", id="zh_name_title_parentheses"),
        pytest.param(
            "Maria Chen, Chief Executive Officer", "Maria Chen", "Chief Executive Officer", id="name_comma_title"
        ),
        pytest.param("CEO Maria Chen", "Maria Chen", "CEO", id="title_name"),
        pytest.param("Maria Chen (CEO)", "Maria Chen", "CEO", id="name_title_parentheses"),
        pytest.param(
            "Tina Wu - President and Chief Executive Officer",
            "Tina Wu",
            "President and Chief Executive Officer",
            id="titles",
        ),
    ],
)
def test_executives(text: str, person: str, title: str) -> None:
    label = parse_label(text)
    assert label is not None
    assert (label.family, label.person, label.title) == (EXEC, person, title)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Q&A", id="qa_heading"),
        pytest.param("Question-and-Answer Session", id="qa_session"),
        pytest.param("問答環節", id="zh_qa_heading"),
        pytest.param("Thanks, Operator", id="thanks_operator"),
        pytest.param("Analyst Day", id="analyst_day"),
        pytest.param("Management Discussion", id="management_discussion"),
        pytest.param("分析師會議", id="zh_analyst_meeting"),
        pytest.param("管理層指引", id="zh_management_guidance"),
        pytest.param("公司簡介", id="zh_company_profile"),
        pytest.param("Q3 revenue was up", id="quarter_in_prose"),
        pytest.param("2025.03.25 14", id="timestamp"),
        pytest.param(f"第一{COLON}收入增長{FULL_STOP}", id="sentence"),
    ],
)
def test_not_labels(text: str) -> None:
    label = parse_label(text)
    assert label is None or (label.family is None and label.person is None)


@pytest.mark.parametrize(
    ("text", "person", "firm"),
    [
        pytest.param("林志遠", "林志遠", None, id="zh_name"),
        pytest.param(wide("張三(高盛)"), "張三", "高盛", id="zh_name_firm"),
        pytest.param("Priya Nair (Granite Securities)", "Priya Nair", "Granite Securities", id="name_firm"),
    ],
)
def test_names_without_role_words(text: str, person: str, firm: str | None) -> None:
    """No role word: the layout keeps such a label only where it recurs, and reads its role from the turns."""
    label = parse_label(text)
    assert label is not None
    assert (label.family, label.person, label.firm) == (None, person, firm)
