"""Every field of a figure read from its sentence: key, basis, period, segment, as analysts read them.

Each table names one class of reading error and states it in English and Chinese, for fictional
companies; full-width punctuation is built with chr(). The model only picks the amount (by id) and
names a metric, sometimes the wrong one, as a small model or the nearest metric name would.
"""

from __future__ import annotations

import pytest

from summarizer.brief import KPI, Basis, Rejected
from summarizer.document import Role, Section, SectionKind, Sentence, Span, Transcript
from summarizer.extract.focus import amount_refs
from summarizer.extract.replies import Figure
from summarizer.ground.context import SectionContext
from summarizer.ground.kpi import ground_figure

COMMA = chr(0xFF0C)  # full-width comma
STOP = chr(0x3002)  # ideographic full stop
LPAREN, RPAREN = chr(0xFF08), chr(0xFF09)


def paragraph_of(*sentences: str, period: str = "2025Q2") -> tuple[Transcript, Section]:
    """One speaker's paragraph: the sentences on one line (no line break between them)."""
    text, spans = "", []
    for sentence in sentences:
        if text and sentence.isascii():
            text += " "
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence
    text += "\n"
    found = [Sentence(id=f"s{n + 1}", span=Span(start=a, end=b), text=text[a:b]) for n, (a, b) in enumerate(spans)]
    section = Section(id="sec1", kind=SectionKind.prepared_remarks, speaker="Ilse Morrow", role=Role.executive,
                      span=Span(start=0, end=len(text)), sentences=found)  # fmt: skip
    return Transcript(text=text, name="brannock-2025q2.txt", period=period), section


def read(sentences: str | tuple[str, ...], metric: str, nth: int = 0, *, period: str = "2025Q2") -> KPI:
    """The KPI for the ``nth`` amount of the paragraph's last sentence, named ``metric`` by the model."""
    lines = (sentences,) if isinstance(sentences, str) else sentences
    transcript, section = paragraph_of(*lines, period=period)
    last = section.sentences[-1].id
    refs = [ref for ref in amount_refs(section) if ref.sentence == last]
    kpi = ground_figure(Figure(metric=metric, amount=refs[nth].id), SectionContext.build(section, transcript), [])
    assert isinstance(kpi, KPI), kpi
    return kpi


def rejected(sentence: str, metric: str, nth: int = 0) -> bool:
    transcript, section = paragraph_of(sentence)
    figure = Figure(metric=metric, amount=amount_refs(section)[nth].id)
    return isinstance(ground_figure(figure, SectionContext.build(section, transcript), []), Rejected)


# --- 1. an adjusted qualifier, however it is joined to the metric ----------------------------------


@pytest.mark.parametrize(
    ("sentence", "metric", "nth", "key"),
    [
        pytest.param(f"調整後的淨利潤率為 11%{STOP}", "淨利潤率", 0, "adjusted_net_margin", id="zh_de_margin"),
        pytest.param(f"经调整的净利润为人民币 3 亿元{STOP}", "净利润", 0, "adjusted_net_income", id="zh_simplified_de"),
        pytest.param(
            f"我們的經調整淨利潤達到人民幣 9 億元{COMMA}經調整的淨利潤率為 12%{STOP}",
            "淨利潤率",
            1,
            "adjusted_net_margin",
            id="zh_second_clause",
        ),
        pytest.param(
            "Adjusted, or non-GAAP, net income was $4.2 million.", "net income", 0, "adjusted_net_income", id="en_or"
        ),
        pytest.param(
            "Adjusted (non-GAAP) operating income was $1.9 million.",
            "operating income",
            0,
            "adjusted_operating_income",
            id="en_parenthesis",
        ),
        pytest.param(
            f"經調整{LPAREN}非國際財務報告準則{RPAREN}淨利潤為人民幣 2 億元{STOP}",
            "淨利潤",
            0,
            "adjusted_net_income",
            id="zh_full_width_parenthesis",
        ),
        pytest.param(f"淨利潤率為 9%{STOP}", "淨利潤率", 0, "net_margin", id="zh_reported_stays_reported"),
        pytest.param("Net income was $4.2 million.", "net income", 0, "net_income", id="en_reported_stays_reported"),
    ],
)
def test_an_adjusted_qualifier_makes_the_adjusted_key(sentence: str, metric: str, nth: int, key: str) -> None:
    kpi = read(sentence, metric, nth)
    assert kpi.key == key and kpi.segment is None


def test_a_stated_basis_rides_with_the_adjusted_key() -> None:
    kpi = read("Adjusted, or non-GAAP, net income was $4.2 million.", "net income")
    assert (kpi.key, kpi.basis) == ("adjusted_net_income", Basis("non-GAAP"))


# --- 2. a period in a comparison is the comparison's, not the amount's ------------------------------


@pytest.mark.parametrize(
    ("sentences", "metric", "nth", "period"),
    [
        pytest.param(
            (
                f"研發費用為人民幣 4 億元{COMMA}佔總收入的 8.1%{COMMA}低於去年第二季度的 9%{STOP}",
                f"管理費用同比增長 6.4%至人民幣 1.2 億元{STOP}",
            ),
            "管理費用",
            1,
            "2025Q2",
            id="zh_previous_sentence_lower_than",
        ),
        pytest.param(
            (f"銷售費用佔總收入的比重與去年同期大致持平{STOP}", f"管理費用為人民幣 1.2 億元{STOP}"),
            "管理費用",
            0,
            "2025Q2",
            id="zh_previous_sentence_flat_with",
        ),
        pytest.param(
            f"管理費用同比增長 6.4%至人民幣 1.2 億元{COMMA}佔總收入的比重與去年同期大致持平{STOP}",
            "管理費用",
            1,
            "2025Q2",
            id="zh_later_clause",
        ),
        pytest.param(
            (
                "R&D was $5 million, flat as a share of revenue compared with the same quarter last year.",
                "G&A was $2 million.",
            ),
            "G&A",
            0,
            "2025Q2",
            id="en_previous_sentence_compared",
        ),
        pytest.param(
            ("Gross margin was 61%, higher than the second quarter of 2024.", "G&A was $2 million."),
            "G&A",
            0,
            "2025Q2",
            id="en_previous_sentence_than",
        ),
        pytest.param(
            "R&D was $5 million, flat as a share of revenue compared with the same quarter last year.",
            "R&D",
            0,
            "2025Q2",
            id="en_later_clause",
        ),
        pytest.param(
            f"雲服務收入從去年第二季度的人民幣 3 億元增加到人民幣 4 億元{COMMA}佔總收入的 40%{STOP}",
            "雲服務收入",
            2,
            "2025Q2",
            id="zh_share_after_from_to",
        ),
        pytest.param(
            f"雲服務收入從去年第二季度的人民幣 3 億元增加到人民幣 4 億元{STOP}",
            "雲服務收入",
            0,
            "2024Q2",
            id="zh_the_compared_amount_keeps_its_period",
        ),
        pytest.param(
            "Compared with the second quarter of 2024, revenue grew 8% to $12 million.",
            "revenue",
            1,
            "2025Q2",
            id="en_comparison_led_period",
        ),
        pytest.param(
            ("In the first quarter of 2025, we kept investing.", "Revenue was $12 million."),
            "revenue",
            0,
            "2025Q1",
            id="en_a_framing_period_still_carries",
        ),
    ],
)
def test_a_comparison_period_is_not_the_amounts(
    sentences: str | tuple[str, ...], metric: str, nth: int, period: str
) -> None:
    assert read(sentences, metric, nth).period == period


# --- 3. the business a metric implies is not a segment ---------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "metric", "segment"),
    [
        pytest.param(f"我們的電子商務 GMV 同比增長 9%{COMMA}達到人民幣 800 億元{STOP}", "GMV", None, id="zh_ecommerce"),
        pytest.param(f"我們的电商GMV达到人民币 800 亿元{STOP}", "GMV", None, id="zh_simplified_no_space"),
        pytest.param("Our e-commerce GMV was $3.1 billion.", "GMV", None, id="en_ecommerce"),
        pytest.param(f"本地生活 GMV 達到人民幣 90 億元{STOP}", "GMV", "本地生活", id="zh_a_narrower_business_is"),
        pytest.param("Marketplace GMV was $1.2 billion.", "GMV", "Marketplace", id="en_a_narrower_business_is"),
        pytest.param(f"電子商務收入為人民幣 50 億元{STOP}", "收入", "電子商務", id="zh_ecommerce_revenue_is_a_segment"),
    ],
)
def test_the_metrics_own_business_is_no_segment(sentence: str, metric: str, segment: str | None) -> None:
    kpi = read(sentence, metric, -1)
    assert kpi.segment == segment


# --- 5. a share belongs to the metric before "of total revenue"; a part to its own name ------------


@pytest.mark.parametrize(
    ("sentence", "metric", "nth", "key", "segment"),
    [
        pytest.param(
            f"收入成本同比增長 3%{COMMA}達到人民幣 16 億元{COMMA}佔總收入的 47%{STOP}",
            "總收入",
            2,
            "cost_of_revenue",
            None,
            id="zh_cost_share",
        ),
        pytest.param(
            f"銷售和營銷費用為人民幣 5 億元{COMMA}佔我們總收入的 21%{STOP}",
            "總收入",
            1,
            "sm_expense",
            None,
            id="zh_sm_share_of_our",
        ),
        pytest.param(
            f"廣告收入為人民幣 30 億元{COMMA}佔總收入的 62%{STOP}",
            "總收入",
            1,
            "revenue",
            "廣告",
            id="zh_segment_share",
        ),
        pytest.param(
            "Pro forma R&D expenses were $8.8 million, representing 41.5% of total revenues.",
            "total revenues",
            1,
            "rd_expense",
            None,
            id="en_representing",
        ),
        pytest.param(
            "Sales and marketing was 19% of revenue, or $3 million.",
            "revenue",
            0,
            "sm_expense",
            None,
            id="en_percent_of_revenue",
        ),
    ],
)
def test_a_share_is_the_numerators(sentence: str, metric: str, nth: int, key: str, segment: str | None) -> None:
    kpi = read(sentence, metric, nth)
    assert (kpi.key, kpi.segment, kpi.unit) == (key, segment, "%")
    assert "總" not in kpi.metric and "total" not in kpi.metric  # named by the numerator, not the base


@pytest.mark.parametrize(
    ("sentence", "metric", "nth", "named"),
    [
        pytest.param(
            "R&D expenses were $12.1 million, which included severance of $1.3 million.",
            "R&D expenses",
            1,
            "severance",
            id="en_which_included",
        ),
        pytest.param(
            "G&A was $4 million, including litigation costs of $0.6 million and rent of $0.2 million.",
            "G&A",
            2,
            "rent",
            id="en_second_part",
        ),
        pytest.param(
            "Relocation costs of $2.2 million were recorded in cost of revenues.",
            "cost of revenues",
            0,
            "Relocation costs",
            id="en_of_before_a_metric_after",
        ),
        pytest.param(
            f"研發費用為人民幣 6 億元{COMMA}其中包括遣散費人民幣 2000 萬元{STOP}",
            "研發費用",
            1,
            "遣散費",
            id="zh_qizhong_baokuo",
        ),
        pytest.param(
            f"Velo App 的每 DAU 平均使用時長為 88 分鐘{STOP}",
            "DAU",
            0,
            "Velo App 的每 DAU 平均使用時長",
            id="zh_per_dau",
        ),
        pytest.param(
            f"付費用户滲透率為 17.5%{STOP}", "付費用户", 0, "付費用户滲透率", id="zh_penetration_of_paying_users"
        ),
    ],
)
def test_a_part_belongs_to_its_own_name(sentence: str, metric: str, nth: int, named: str) -> None:
    kpi = read(sentence, metric, nth)
    assert (kpi.metric, kpi.key) == (named, None)


@pytest.mark.parametrize(
    ("sentence", "metric", "nth", "key"),
    [
        pytest.param(
            "R&D expenses were $12.1 million, which included share-based compensation of $2 million.",
            "R&D expenses",
            1,
            "sbc",
            id="en_a_part_the_tables_name",
        ),
        pytest.param(
            "G&A was $4 million, which included equity award modification expense of $0.9 million.",
            "G&A",
            1,
            "sbc",
            id="en_equity_awards_are_sbc",
        ),
        pytest.param(
            "Revenue was $50 million, an increase of $5 million.", "revenue", 0, "revenue", id="en_the_level_itself"
        ),
        pytest.param(
            "We repurchased shares for a total consideration of $3.9 million.",
            "share repurchases",
            0,
            "buyback",
            id="en_metric_named_before",
        ),
        pytest.param(
            "Total revenue was $50 million, including $5 million from Marketplace.",
            "revenue",
            1,
            "revenue",
            id="en_including_an_amount",
        ),
    ],
)
def test_a_known_metric_keeps_its_amount(sentence: str, metric: str, nth: int, key: str) -> None:
    assert read(sentence, metric, nth).key == key


# --- 4. a sentence that points back at a segment ---------------------------------------------------


@pytest.mark.parametrize(
    ("sentences", "metric", "nth", "segment"),
    [
        pytest.param(
            (
                f"第二季度{COMMA}雲服務的收入同比增長 12%{COMMA}達到人民幣 30 億元{STOP}",
                f"該板塊的經營利潤為人民幣 4 億元{STOP}",
            ),
            "經營利潤",
            0,
            "雲服務",
            id="zh_gai_bankuai",
        ),
        pytest.param(
            (f"遊戲業務收入為人民幣 8 億元{STOP}", f"这项业务的毛利为人民币 3 亿元{STOP}"),
            "毛利",
            0,
            "遊戲",
            id="zh_simplified_zhexiang_yewu",
        ),
        pytest.param(
            (
                "Robotics revenue was $9.4 million.",
                "Demand stayed strong.",
                "This segment's operating income was $1.1 million.",
            ),
            "operating income",
            0,
            "Robotics",
            id="en_this_segment_two_back",
        ),
        pytest.param(
            ("In Logistics, revenue was $9.4 million.", "The segment posted operating income of $1.1 million."),
            "operating income",
            0,
            "Logistics",
            id="en_the_segment_after_an_in_clause",
        ),
        pytest.param(
            ("Total revenue was $20 million.", "Operating income was $2 million."),
            "operating income",
            0,
            None,
            id="en_no_pointer_no_segment",
        ),
        pytest.param(
            ("Total revenue was $20 million.", "This segment's operating income was $2 million."),
            "operating income",
            0,
            None,
            id="en_a_pointer_to_nothing",
        ),
    ],
)
def test_a_pointer_back_carries_the_segment(
    sentences: tuple[str, ...], metric: str, nth: int, segment: str | None
) -> None:
    assert read(sentences, metric, nth).segment == segment


def test_a_latin_name_is_not_cut_in_a_chinese_segment() -> None:
    kpi = read(f"我們的 Orbix AI 累計收入超過人民幣 2 億元{STOP}", "收入")
    assert kpi.segment == "Orbix AI"


@pytest.mark.parametrize(
    ("sentence", "metric", "yoy"),
    [
        pytest.param(
            f"本季度收入突破人民幣 50 億元{COMMA}帶動全年雲服務收入同比增長 18%{STOP}",
            "收入",
            None,
            id="zh_another_segments_growth",
        ),
        pytest.param(
            "Revenue passed $2 billion, adding to Cloud revenue growth of 18% year-over-year.",
            "revenue",
            None,
            id="en_another_segments_growth",
        ),
        pytest.param(
            f"雲服務收入為人民幣 50 億元{COMMA}雲服務收入同比增長 20%{STOP}", "收入", 20.0, id="zh_the_same_segment"
        ),
        pytest.param(
            "Revenue was $2 billion, and revenue grew 20% year-over-year.", "revenue", 20.0, id="en_the_same_metric"
        ),
    ],
)
def test_a_change_of_another_segment_is_not_the_levels(sentence: str, metric: str, yoy: float | None) -> None:
    assert read(sentence, metric).yoy == yoy


# --- 6. the label says what the figure is ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "metric", "nth", "key", "label"),
    [
        pytest.param(
            "Subscription revenue was $21.5 million.",
            "revenue",
            0,
            "revenue",
            "Revenue (Subscription)",
            id="en_segment",
        ),
        pytest.param(f"廣告收入為人民幣 9 億元{STOP}", "收入", 0, "revenue", "Revenue (廣告)", id="zh_segment"),
        pytest.param("Total revenue was $48.2 million.", "revenue", 0, "revenue", "Revenue", id="en_total"),
        pytest.param("Net loss was $3.4 million.", "net loss", 0, "net_income", "Net loss", id="en_net_loss"),
        pytest.param(f"淨虧損為人民幣 2 億元{STOP}", "淨虧損", 0, "net_income", "Net loss", id="zh_net_loss"),
        pytest.param(
            "Non-GAAP operating loss was $1.2 million.",
            "operating loss",
            0,
            "adjusted_operating_income",
            "Adjusted operating loss",
            id="en_adjusted_operating_loss",
        ),
        pytest.param("Net income was $3.4 million.", "net income", 0, "net_income", "Net income", id="en_net_income"),
        pytest.param(
            f"研發費用為人民幣 12 億元{COMMA}佔總收入的 7.4%{STOP}",
            "研發費用",
            1,
            "rd_expense",
            "R&D expense, % of revenue",
            id="zh_share",
        ),
    ],
)
def test_the_label_says_what_the_figure_is(sentence: str, metric: str, nth: int, key: str, label: str) -> None:
    kpi = read(sentence, metric, nth)
    assert (kpi.key, kpi.label) == (key, label)


# --- the model's words where the sentence says otherwise -------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "metric", "nth", "key", "segment"),
    [
        pytest.param(f"總收入為人民幣 30 億元{STOP}", "人民幣 億元", 0, "revenue", None, id="zh_a_label_of_units"),
        pytest.param("Revenue was $30 million.", "$ million", 0, "revenue", None, id="en_a_label_of_units"),
        pytest.param(
            f"收入同比增長 5%{COMMA}達到人民幣 30 億元{STOP}",
            "同比增長 個百分點",
            1,
            "revenue",
            None,
            id="zh_change_words",
        ),
        pytest.param(
            f"我們的電子商務 GMV 同比增長 9%{COMMA}達到人民幣 800 億元{STOP}",
            "電子商務",
            1,
            "gmv",
            None,
            id="zh_a_qualifier_for_the_metric",
        ),
        pytest.param(
            "Revenue was $5 million from 300 stores.", "stores", 1, None, None, id="en_a_count_after_its_amount"
        ),
        pytest.param(
            f"Q2總收入為人民幣 30 億元{STOP}", "Q二總收入", 0, "revenue", None, id="zh_a_label_cannot_add_a_row"
        ),
        pytest.param(
            f"我們產生了人民幣 8 億元的正經營現金流{STOP}",
            "經營現金流",
            0,
            "operating_cash_flow",
            None,
            id="zh_one_ideograph_is_no_segment",
        ),
    ],
)
def test_the_sentence_outranks_the_models_words(
    sentence: str, metric: str, nth: int, key: str | None, segment: str | None
) -> None:
    kpi = read(sentence, metric, nth)
    assert (kpi.key, kpi.segment) == (key, segment)
