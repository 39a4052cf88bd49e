"""Figures by amount id: the prompt marks amounts, the model names one, the code reads every field.

Sentences are written here, about fictional companies; full-width punctuation is built with chr().
"""

from __future__ import annotations

import re

import pytest

from summarizer.assemble.highlights import one_script
from summarizer.brief import KPI, Basis, Rejected
from summarizer.document import Role, Section, SectionKind, Sentence, Span, Transcript
from summarizer.extract import extractor
from summarizer.extract.focus import amount_refs
from summarizer.extract.prompting import section_text
from summarizer.extract.replies import METRIC_NAME, AIMove, Figure, QAFindings, RemarksFindings
from summarizer.ground.context import SectionContext
from summarizer.ground.kpi import ground_figure
from summarizer.ground.qualitative import ground_ai
from summarizer.ground.reasons import Reason
from summarizer.ground.section import ground_section
from summarizer.text.metrics import KEYS, LABELS, describe, key_label, segment_named

COMMA = chr(0xFF0C)  # the full-width comma
STOP = chr(0x3002)  # the ideographic full stop


def section_of(*lines: str, period: str = "2025Q2") -> tuple[Transcript, Section]:
    text, sentences = "", []
    for line in lines:
        start = len(text)
        text += line + "\n"
        sentences.append(
            Sentence(id=f"s{len(sentences) + 1}", span=Span(start=start, end=start + len(line)), text=line)
        )
    section = Section(id="sec1", kind=SectionKind.prepared_remarks, speaker="Ines Varga", role=Role.executive,
                      span=Span(start=0, end=len(text)), sentences=sentences)  # fmt: skip
    return Transcript(text=text, name="quillon-2025q2.txt", period=period), section


def kpi_of(line: str, metric: str, nth: int = 0) -> KPI | Rejected:
    """Ground the ``nth`` amount of a one-sentence section, named ``metric`` by the model."""
    transcript, section = section_of(line)
    figure = Figure(metric=metric, amount=amount_refs(section)[nth].id)
    return ground_figure(figure, SectionContext.build(section, transcript), [])


# --- the prompt and the grammar ----------------------------------------------------------------


def test_every_amount_is_marked_with_its_id_after_it() -> None:
    transcript, section = section_of(
        "Revenue was $48.2 million, up 12% year over year.", "Thank you.", "Cash was $9 million."
    )
    body = section_text(section, transcript)
    assert "s1 Revenue was $48.2 million [a1], up 12% [a2] year over year." in body
    assert "s3 Cash was $9 million [a3]." in body


def test_the_grammar_allows_only_the_shown_ids_each_once_in_order() -> None:
    _, section = section_of("Revenue was $48.2 million, up 12% year over year.", "Cash was $9 million.")
    schema = extractor.reply_model(section).model_json_schema()
    figures = schema["properties"]["figures"]
    assert figures["type"] == "object" and figures["additionalProperties"] is False
    assert list(figures["properties"]) == ["a1", "a2", "a3"]
    assert "required" not in figures  # the model leaves out amounts that are not results
    assert "Figure" not in schema.get("$defs", {})


def test_amounts_of_forward_sentences_are_not_figure_ids() -> None:
    _, section = section_of("Revenue was $48.2 million.", "For next quarter we expect revenue of $50 million.")
    schema = extractor.reply_model(section).model_json_schema()
    assert list(schema["properties"]["figures"]["properties"]) == ["a1"]


@pytest.mark.parametrize(
    ("name", "fits"),
    [
        ("revenue", True),
        ("pro forma R&D expenses", True),
        ("經調整淨利潤", True),
        ("31.6 million", False),  # the amount retyped, not what it measures
        ("$31.6 million", False),
        ("RMB 4.2 billion", False),
        ("9.8%", False),
        ("revenue " + chr(0xFFE5) + "3", False),
        ("revenue " + chr(0xFF13) + chr(0xFF10), False),  # full-width digits
        ("一般及行政開支", True),
        ("人民幣 九十八 億元", False),  # the amount in words
        ("人民幣  人民幣  人民幣", False),  # one word repeated to the cap
        ("百分點", False),
        ("x" * 31, False),
        ("", False),
    ],
)
def test_a_metric_name_on_the_wire_cannot_retype_the_amount(name: str, fits: bool) -> None:
    assert bool(re.fullmatch(METRIC_NAME.strip("^$"), name)) is fits


@pytest.mark.parametrize("model", [RemarksFindings, QAFindings])
def test_figures_keyed_by_id_parse_into_items_in_order(model: type) -> None:
    extra = {"theme": "t", "question": "q", "answer": "a", "cite": []} if model is QAFindings else {}
    reply = model.model_validate({"figures": {"a2": "revenue", "a5": "gross margin"}, **extra})
    assert [(f.amount, f.metric) for f in reply.figures] == [("a2", "revenue"), ("a5", "gross margin")]
    listed = model.model_validate({"figures": [{"metric": "cash", "amount": "a1"}], **extra})
    assert [(f.amount, f.metric) for f in listed.figures] == [("a1", "cash")]


def test_an_id_not_in_the_section_is_rejected() -> None:
    transcript, section = section_of("Revenue was $48.2 million.")
    ctx = SectionContext.build(section, transcript)
    result = ground_figure(Figure(metric="revenue", amount="a9"), ctx, [])
    assert isinstance(result, Rejected) and result.reason == Reason.no_amount


def test_the_value_is_read_from_the_text_not_the_model() -> None:
    kpi = kpi_of("Net loss was $3.4 million in the second quarter.", "net loss")
    assert isinstance(kpi, KPI)
    assert (kpi.value, kpi.unit, kpi.value_text, kpi.key, kpi.label) == (
        -3_400_000,
        "USD",
        "$3.4 million",
        "net_income",
        "Net loss",  # the key joins calls; the label says what the call says
    )


# --- a change: of the level its sentence states, or a figure stated only as its change ----------


@pytest.mark.parametrize(
    "line",
    [
        "Revenue was $48.2 million, up 12% year over year.",
        "Revenue grew 12% year-over-year to $48.2 million.",
        "Revenue of $48.2 million increased 12% from the same quarter last year.",
        f"收入為 4820 萬元{COMMA}同比增長 12%{STOP}",
        f"收入同比增長 12% 至 4820 萬元{STOP}",
    ],
)
def test_a_change_chosen_for_a_level_the_sentence_states_is_read_as_that_level(line: str) -> None:
    """The model named the change; the sentence says whose change it is: the level carries it."""
    n = next(i for i, a in enumerate(amount_refs(section_of(line)[1])) if line[a.start : a.end].startswith("12"))
    kpi = kpi_of(line, "revenue", nth=n)
    assert isinstance(kpi, KPI)
    assert (kpi.key, kpi.value, kpi.yoy, kpi.yoy_unit) == ("revenue", pytest.approx(48_200_000), 12.0, "%")


@pytest.mark.parametrize(
    ("line", "metric", "expected"),
    [
        ("Subscription revenue grew 14% year over year.", "subscription revenue", ("yoy", 14.0, "%")),
        ("Daily active users declined 3.5% sequentially.", "daily active users", ("qoq", -3.5, "%")),
        ("Marketplace GMV rose 2.6x year-on-year.", "GMV", ("yoy", 2.6, "x")),
        (f"巴西的日活躍用戶同比增長 9.3%{COMMA}用戶活躍度穩步提升{STOP}", "日活躍用戶", ("yoy", 9.3, "%")),
        (f"本季度本地服務收入同比增長 2.6 倍{STOP}", "本地服務收入", ("yoy", 2.6, "x")),
        (f"海外業務的經營虧損同比收窄 57.2%{STOP}", "經營虧損", ("yoy", -57.2, "%")),
        (f"付費用戶數環比下降 4%{STOP}", "付費用戶", ("qoq", -4.0, "%")),
    ],
)
def test_a_change_stated_alone_is_a_figure_with_no_value(line: str, metric: str, expected: tuple) -> None:
    kind, change, unit = expected
    kpi = kpi_of(line, metric)
    assert isinstance(kpi, KPI)
    assert (kpi.value, kpi.unit, getattr(kpi, kind), getattr(kpi, f"{kind}_unit")) == (None, None, change, unit)
    other = "qoq" if kind == "yoy" else "yoy"
    assert getattr(kpi, other) is None
    assert kpi.key is not None and kpi.value_text in line


def test_a_change_alone_keeps_the_segment_and_basis_of_its_sentence() -> None:
    kpi = kpi_of("In Cloud, non-GAAP operating income rose 18% year over year.", "operating income")
    assert isinstance(kpi, KPI)
    assert (kpi.key, kpi.segment, kpi.basis, kpi.yoy) == ("adjusted_operating_income", "Cloud", Basis.non_gaap, 18.0)


@pytest.mark.parametrize(
    "line",
    ["Subscription revenue grew 14%.", f"本季度本地服務收入增長 2.6 倍{STOP}"],
)
def test_a_change_no_cue_word_places_in_time_is_rejected(line: str) -> None:
    """Growth with no year-over-year or sequential word: which comparison it is is not stated."""
    result = kpi_of(line, "revenue")
    assert isinstance(result, Rejected) and result.reason == Reason.change_not_level


@pytest.mark.parametrize(
    ("line", "metric", "level"),
    [
        ("Gross margin was 54.3%, an improvement of 2.1 percentage points from a year ago.", "gross margin", 54.3),
        ("Operating margin reached 12%, up 300 basis points.", "operating margin", 12.0),
        (f"毛利率為 48%{COMMA}同比提升 2.3 個百分點{STOP}", "毛利率", 48.0),
    ],
)
def test_percentage_points_are_never_a_level(line: str, metric: str, level: float) -> None:
    """Points chosen by the model are the margin's change: the margin stated beside them is the level."""
    kpi = kpi_of(line, metric, nth=1)
    assert isinstance(kpi, KPI) and kpi.value == level and kpi.unit == "%"


def test_points_stated_alone_are_a_margins_change() -> None:
    kpi = kpi_of("Gross margin expanded 150 basis points year over year.", "gross margin")
    assert isinstance(kpi, KPI)
    assert (kpi.key, kpi.value, kpi.yoy, kpi.yoy_unit) == ("gross_margin", None, 1.5, "pp")


def test_the_sentence_names_the_metric_of_the_amount() -> None:
    kpi = kpi_of("Revenue was $20 million and operating loss was $2 million.", "revenue", nth=1)
    assert isinstance(kpi, KPI) and kpi.key == "operating_income" and kpi.value == -2_000_000


def test_a_known_metric_the_sentence_never_names_is_rejected() -> None:
    result = kpi_of("We added 120 customers this quarter.", "revenue")
    assert isinstance(result, Rejected) and result.reason == Reason.metric_not_stated


def test_a_metric_per_user_is_not_the_user_count() -> None:
    kpi = kpi_of("每 DAU 平均使用時長為 95.5 分鐘" + STOP, "每DAU平均使用時長")
    assert isinstance(kpi, KPI) and kpi.key is None and kpi.value == 95.5


def test_a_per_share_amount_keeps_the_models_eps() -> None:
    kpi = kpi_of("Net income was $4.1 million, or $0.12 per diluted share.", "diluted EPS", nth=1)
    assert isinstance(kpi, KPI) and kpi.key == "eps" and kpi.value == 0.12


# --- segment, basis, key and direction, read from the sentence -----------------------------------


@pytest.mark.parametrize(
    ("line", "metric", "segment", "key"),
    [
        pytest.param("In Cloud, revenue was $5.1 million, up 20%.", "revenue", "Cloud", "revenue", id="en_in_clause"),
        pytest.param(
            "The Devices segment posted revenue of $7.3 million.", "revenue", "Devices", "revenue", id="en_segment_word"
        ),
        pytest.param(
            "Marketplace revenue was $4.4 million.", "revenue", "Marketplace", "revenue", id="en_name_before_metric"
        ),
        pytest.param("Total revenue was $12.0 million.", "revenue", None, "revenue", id="en_total"),
        pytest.param(
            "Net retention was 104% for Harbor and 91% for Lantern.",
            "net retention",
            "Harbor",
            "net_retention",
            id="en_for_after_amount",
        ),
        pytest.param("Revenue was $12.0 million in October.", "revenue", None, "revenue", id="en_month_is_no_segment"),
        pytest.param(
            "In the second quarter, revenue was $12.0 million.",
            "revenue",
            None,
            "revenue",
            id="en_period_is_no_segment",
        ),
        pytest.param(
            "In addition, revenue was $12.0 million.", "revenue", None, "revenue", id="en_in_addition_is_no_segment"
        ),
        pytest.param(
            "Non-GAAP operating income was $1.5 million.",
            "operating income",
            None,
            "adjusted_operating_income",
            id="en_basis_is_no_segment",
        ),
        pytest.param(
            f"在雲服務業務方面{COMMA}收入為人民幣 12 億元{STOP}", "收入", "雲服務", "revenue", id="zh_zai_fangmian"
        ),
        pytest.param(f"遊戲板塊{COMMA}收入為人民幣 8 億元{STOP}", "收入", "遊戲", "revenue", id="zh_bankuai"),
        pytest.param(f"海外分部的收入為人民幣 3 億元{STOP}", "收入", "海外", "revenue", id="zh_fenbu"),
        pytest.param(f"廣告收入為人民幣 9 億元{STOP}", "收入", "廣告", "revenue", id="zh_name_before_metric"),
        pytest.param(f"總收入為人民幣 30 億元{STOP}", "收入", None, "revenue", id="zh_total"),
        pytest.param(
            f"按非國際財務報告準則{COMMA}經營利潤為人民幣 2 億元{STOP}",
            "經營利潤",
            None,
            "adjusted_operating_income",
            id="zh_basis_is_no_segment",
        ),
        pytest.param(
            f"利息收入為人民幣 1 億元{STOP}", "利息收入", None, "interest_income", id="zh_interest_income_has_its_key"
        ),
    ],
)
def test_segment_and_key_are_read_from_the_sentence(line: str, metric: str, segment: str | None, key: str) -> None:
    kpi = kpi_of(line, metric)
    assert isinstance(kpi, KPI), kpi
    assert (kpi.segment, kpi.key) == (segment, key)
    if segment:
        assert segment in kpi.metric  # never shown as the company's total


@pytest.mark.parametrize(
    ("line", "metric", "basis"),
    [
        pytest.param("Non-GAAP net income was $2.2 million.", "net income", Basis("non-GAAP"), id="en_non_gaap"),
        pytest.param("On a GAAP basis, net income was $1.1 million.", "net income", Basis("GAAP"), id="en_gaap"),
        pytest.param("Pro forma EBITDA was $0.9 million.", "EBITDA", Basis("pro forma"), id="en_pro_forma"),
        pytest.param(
            f"非國際財務報告準則經調整淨利潤為人民幣 5 億元{STOP}", "經調整淨利潤", Basis("non-IFRS"), id="zh_non_ifrs"
        ),
        pytest.param("Net income was $1.1 million.", "net income", None, id="none_stated"),
        pytest.param(
            "Pro forma R&D expenses decreased 17.1% year-over-year to $16.6 million.",
            "R&D expenses",
            Basis("pro forma"),
            id="en_basis_across_a_decimal_point",
        ),
    ],
)
def test_basis_is_read_from_the_sentence(line: str, metric: str, basis: Basis | None) -> None:
    kpi = kpi_of(line, metric, nth=-1)
    assert isinstance(kpi, KPI) and kpi.basis == basis and kpi.segment is None


@pytest.mark.parametrize(
    ("line", "yoy"),
    [
        pytest.param("Revenue was $5.0 million, a decrease of 4% year over year.", -4.0, id="en_down"),
        pytest.param("Revenue was $5.0 million, up 6% year-over-year.", 6.0, id="en_up"),
        pytest.param(f"收入為人民幣 5 億元{COMMA}同比下降 3%{STOP}", -3.0, id="zh_down"),
        pytest.param(f"收入為人民幣 5 億元{COMMA}同比增長 7%{STOP}", 7.0, id="zh_up"),
        pytest.param(f"收入同比下降 2.5% 至人民幣 5 億元{STOP}", -2.5, id="zh_change_before_level"),
        pytest.param("Revenue decreased 4.4% year-over-year to $5.0 million.", -4.4, id="en_change_before_level"),
        pytest.param(f"總收入同比增長 6.5%{COMMA}達到人民幣 5 億元{STOP}", 6.5, id="zh_change_comma_level"),
    ],
)
def test_direction_of_a_change_is_read_from_the_sentence(line: str, yoy: float) -> None:
    kpi = kpi_of(line, "revenue", nth=0 if line.startswith("收入為") or " was " in line else 1)
    assert isinstance(kpi, KPI) and kpi.yoy == yoy


@pytest.mark.parametrize(
    ("label", "key"),
    [
        pytest.param("net income attributable to ordinary shareholders", "net_income_attributable", id="attributable"),
        pytest.param("歸屬於本公司股東的淨利潤", "net_income_attributable", id="zh_attributable"),
        pytest.param("remaining performance obligations", "backlog", id="rpo"),
        pytest.param("在手訂單", "backlog", id="zh_backlog"),
        pytest.param("bookings", "bookings", id="bookings"),
        pytest.param("員工人數", "headcount", id="zh_headcount"),
        pytest.param("research and development expenses", "rd_expense", id="rd"),
        pytest.param("銷售及營銷費用", "sm_expense", id="zh_sm"),
        pytest.param("share repurchases", "buyback", id="buyback"),
        pytest.param("net dollar retention rate", "net_retention", id="nrr"),
        pytest.param("store count", None, id="unknown"),
    ],
)
def test_keys_cover_what_analysts_track(label: str, key: str | None) -> None:
    assert describe(label)[0] == key


def test_every_key_has_an_english_label() -> None:
    assert set(LABELS) == set(KEYS)
    assert key_label("revenue") == "Revenue" and key_label(None) is None


def test_an_unknown_metric_keeps_its_label_and_no_key() -> None:
    kpi = kpi_of("Store count was 412 at quarter end.", "store count")
    assert isinstance(kpi, KPI) and kpi.key is None and kpi.label == "store count"


def test_a_chinese_and_an_english_kpi_join_on_key_and_label() -> None:
    english = kpi_of("Total revenue was $12.0 million.", "total revenue")
    chinese = kpi_of(f"總收入為人民幣 30 億元{STOP}", "總收入")
    assert isinstance(english, KPI) and isinstance(chinese, KPI)
    assert (english.key, english.label) == (chinese.key, chinese.label) == ("revenue", "Revenue")


@pytest.mark.parametrize(
    ("head", "segment"),
    [
        pytest.param("For Harbor Cloud, revenue was ", "Harbor Cloud", id="for_clause"),
        pytest.param("In Q2, revenue was ", None, id="period"),
        pytest.param(f"一方面{COMMA}收入為", None, id="zh_on_the_one_hand"),
        pytest.param(f"我們的業務{COMMA}收入為", None, id="zh_our_business"),
    ],
)
def test_segment_named(head: str, segment: str | None) -> None:
    assert segment_named(head + "$5 million", len(head)) == segment


# --- figures that are guidance, AI points, one script ------------------------------------------


def test_a_range_named_by_id_is_guidance() -> None:
    transcript, section = section_of("For the third quarter, we expect revenue between $50 million and $52 million.")
    result = ground_section(RemarksFindings(figures=[Figure(metric="revenue", amount="a1")]), section, transcript)
    assert not result.kpis and [(g.low, g.high) for g in result.guidance] == [(50_000_000, 52_000_000)]


@pytest.mark.parametrize(
    ("point", "kept"),
    [
        pytest.param("Corvid Copilot", False, id="bare_name"),
        pytest.param("Launched Corvid Copilot, used by 300 customers", True, id="a_claim"),
        pytest.param("Partnered with a chip maker for training clusters", False, id="unstated_words"),
    ],
)
def test_an_ai_point_says_something_the_sentence_states(point: str, kept: bool) -> None:
    line = "We launched Corvid Copilot, our AI assistant for fleet managers, and 300 customers use it."
    transcript, section = section_of(line)
    result = ground_ai(AIMove(category="product", point=point, cite=["s1"]), SectionContext.build(section, transcript))
    assert not isinstance(result, Rejected)
    assert result.point == (point if kept else line)


@pytest.mark.parametrize(
    ("highlight", "ok"),
    [
        pytest.param("Revenue rose 12% in the fourth\u5b63\u5ea6.", False, id="glued"),
        pytest.param("Revenue rose 12% in the fourth quarter.", True, id="english"),
        pytest.param("AI\u5927\u6a21\u578b\u6536\u5165\u589e\u9577 12%", True, id="acronym_in_chinese"),
    ],
)
def test_a_highlight_keeps_one_script(highlight: str, ok: bool) -> None:
    assert one_script(highlight) is ok


# --- a name the model wrote must be stated in the sentence's words, not inside its amounts ------

STOP = chr(0x3002)


@pytest.mark.parametrize(
    ("line", "metric", "key"),
    [
        pytest.param(f"本季度總收入達到人民幣 30 億元{STOP}", "人民 amount", "revenue", id="currency_word_zh"),
        pytest.param("Total revenue reached RMB 3 billion.", "RMB amount", "revenue", id="currency_word_en"),
    ],
)
def test_a_name_sharing_only_the_amounts_words_gives_way_to_the_sentences_metric(
    line: str, metric: str, key: str
) -> None:
    transcript, section = section_of(line)
    kpi = ground_figure(Figure(metric=metric, amount="a1"), SectionContext.build(section, transcript), [])
    assert isinstance(kpi, KPI) and kpi.key == key


@pytest.mark.parametrize(
    ("line", "metric", "kept"),
    [
        pytest.param("Our store count reached 300 stores.", "store count", True, id="stated"),
        pytest.param("Our store count reached 300 stores.", "three hundred", False, id="amount_in_words"),
        pytest.param(f"我們的合作商家數量超過 700 萬{STOP}", "合作商家數量", True, id="stated_zh"),
        pytest.param(f"我們的合作商家數量超過 700 萬{STOP}", "七 thousand 未指定", False, id="placeholder_zh"),
    ],
)
def test_a_name_no_table_knows_is_kept_only_when_the_sentence_states_it(line: str, metric: str, kept: bool) -> None:
    transcript, section = section_of(line)
    result = ground_figure(Figure(metric=metric, amount="a1"), SectionContext.build(section, transcript), [])
    if kept:
        assert isinstance(result, KPI) and result.metric.endswith(metric) and result.key is None
    else:
        assert isinstance(result, Rejected) and result.reason == Reason.metric_not_stated
