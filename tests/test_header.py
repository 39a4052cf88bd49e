"""The company and title a document names in its first lines, in both widths of punctuation."""

from __future__ import annotations

import pytest
from widths import CLOSE, COLON, ENUMERATION_COMMA, FULL_STOP, OPEN, wide

from summarizer.ingest.header import Header, read_header
from summarizer.ingest.readers import load_text
from summarizer.ingest.sections import analyse

BODY = (
    f"\n\n一{ENUMERATION_COMMA}核心數據\n\n星河科技本季度收入增長12%{FULL_STOP}星河科技的海外業務增長20%{FULL_STOP}\n"
)


@pytest.mark.parametrize(
    ("text", "company", "title"),
    [
        pytest.param(
            f"星河科技{OPEN}紀要{CLOSE}{COLON}海外收入創新高" + BODY, "星河科技", "海外收入創新高", id="notes_fullwidth"
        ),
        pytest.param("星河科技(紀要):海外收入創新高" + BODY, "星河科技", "海外收入創新高", id="notes_ascii"),
        pytest.param(
            f"星河科技{COLON}海外收入創新高" + BODY, "星河科技", "海外收入創新高", id="company_colon_headline"
        ),
        pytest.param(
            f"Harbor Research\n2025.05.20 09{COLON}30\n星河科技{OPEN}紀要{CLOSE}{COLON}海外收入創新高" + BODY,
            "星河科技",
            "海外收入創新高",
            id="after_source_and_date",
        ),
        pytest.param(
            "星河科技2025年第一季度業績電話會" + BODY,
            "星河科技",
            "星河科技2025年第一季度業績電話會",
            id="zh_call_title",
        ),
        pytest.param(
            wide("星河科技(09988.HK) 2025年第一季度業績電話會紀要") + BODY,
            "星河科技",
            wide("星河科技(09988.HK) 2025年第一季度業績電話會紀要"),
            id="zh_call_title_with_ticker",
        ),
        pytest.param(
            "# Acme Robotics Q3 2024 Earnings Call\n\nRevenue grew.\n",
            "Acme Robotics",
            "Acme Robotics Q3 2024 Earnings Call",
            id="english_call_title",
        ),
    ],
)
def test_header(text: str, company: str, title: str) -> None:
    assert read_header(text) == Header(company, title)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            f"使用說明{COLON}中文譯文僅供參考{FULL_STOP}\nOperator\nWelcome.\n", id="disclaimer_is_no_company"
        ),
        pytest.param("Operator: Good morning and welcome to the Acme third quarter call.\n", id="operator_line"),
        pytest.param("Revenue grew 5% in the quarter.\nMargins rose.\n", id="prose"),
        pytest.param(f"以下為星河科技2Q25業績電話會紀要{FULL_STOP}\n", id="sentence_about_the_call"),
    ],
)
def test_no_header(text: str) -> None:
    assert read_header(text).company is None


def test_analyse_takes_the_company_from_the_header() -> None:
    text = f"星河科技{OPEN}紀要{CLOSE}{COLON}海外收入創新高" + BODY
    transcript, _ = analyse(load_text(text))
    assert transcript.company == "星河科技"
