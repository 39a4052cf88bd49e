"""One copy of the scripts and width rules: CJK ranges, the width fold, the token estimate.

Test text is built with ``chr()``, so an editor that turns full-width characters into ASCII
cannot make these tests pass on ASCII; each test that relies on a code point asserts it is there.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.assemble.merge import merge_qa_themes
from summarizer.brief import QATheme
from summarizer.document import Section, SectionKind, Sentence, Span, Transcript
from summarizer.extract.client import request_tokens
from summarizer.extract.recall import propose
from summarizer.ingest import sections
from summarizer.text import numbers
from summarizer.text.metrics import describe, find_mentions
from summarizer.text.periods import find_period
from summarizer.text.script import (
    CJK_CHAR,
    FOLD,
    GRAMMAR_CJK,
    IDEOGRAPH,
    PUNCTUATION,
    WIDTH,
    estimate_tokens,
    fold,
    word_key,
)

FW_COLON, FW_COMMA, FW_LPAREN, FW_RPAREN = chr(0xFF1A), chr(0xFF0C), chr(0xFF08), chr(0xFF09)
FW_DIGITS = "".join(chr(0xFF10 + d) for d in range(10))
IDEOGRAPHIC_COMMA, IDEOGRAPHIC_STOP = chr(0x3001), chr(0x3002)
EVERY_ENTRY = "".join(chr(cp) for cp in FOLD)


# --- the fold table ------------------------------------------------------------------------------


@pytest.mark.parametrize("cp", sorted(FOLD), ids=lambda cp: f"U+{cp:04X}")
def test_every_entry_folds_one_character_for_one(cp: int) -> None:
    folded = fold(chr(cp))
    assert len(folded) == 1 and folded != chr(cp)
    assert folded.isascii() or folded == chr(0xA5)  # the full-width yen sign becomes the yen sign
    assert fold(folded) == folded  # no entry folds to another entry


def test_the_fold_keeps_every_offset_and_folding_twice_is_folding_once() -> None:
    text = f"a{EVERY_ENTRY}b" * 3
    assert len(fold(text)) == len(text) and len(fold(text, punctuation=False)) == len(text)
    assert fold(fold(text)) == fold(text)
    assert fold(fold(text, punctuation=False), punctuation=False) == fold(text, punctuation=False)


@given(st.text(alphabet=st.sampled_from(EVERY_ENTRY + "ab1,. \u4e00"), max_size=40))
def test_fold_is_one_for_one_on_any_mix(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert all(a == b or ord(a) in FOLD for a, b in zip(text, folded, strict=True))


def test_full_width_digits_colon_and_parentheses_fold() -> None:
    text = f"Q{FW_DIGITS[1]}{FW_COLON}{FW_LPAREN}{FW_DIGITS[1]}{FW_COMMA}{FW_DIGITS[2:5]}{FW_RPAREN}"
    assert FW_COLON in text and FW_LPAREN in text and FW_RPAREN in text and FW_DIGITS[3] in text
    assert fold(text) == "Q1:(1,234)"
    assert fold(FW_DIGITS) == "0123456789"
    assert fold(chr(0x3000) + chr(0xA0) + chr(0x2212)) == "  -"


def test_punctuation_folds_only_when_asked() -> None:
    text = f"{IDEOGRAPHIC_COMMA}{IDEOGRAPHIC_STOP}{chr(0x300C)}{chr(0x300D)}{chr(0x3010)}{chr(0x3011)}{FW_COMMA}"
    assert fold(text) == ',.""[],'
    assert fold(text, punctuation=False) == text[:-1] + ","
    assert set(PUNCTUATION).isdisjoint(WIDTH)


def test_numbers_fold_keeps_clause_commas_and_full_stops() -> None:
    """The number reader folds width only: a folded 。 or 、 would make "100。200" one decimal."""
    for mark in (FW_COMMA, IDEOGRAPHIC_COMMA, IDEOGRAPHIC_STOP):
        text = f"100{mark}200"
        assert mark in text
        assert [a.value for a in numbers.parse(text)] == [100.0, 200.0]
        assert numbers.fold(text) == text
    wide = f"{FW_DIGITS[1]}{FW_COMMA}{FW_DIGITS[5]}{FW_DIGITS[7]}{FW_DIGITS[0]}"
    assert numbers.fold(wide) == "1,570"  # a thousands separator between full-width digits


# --- character ranges ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cp", "ideograph", "cjk"),
    [
        pytest.param(0x4E00, True, True, id="unified"),
        pytest.param(0x3400, True, True, id="extension_a"),
        pytest.param(0xF900, True, True, id="compatibility"),
        pytest.param(0x4DC0, False, False, id="hexagram_symbol"),
        pytest.param(0x3002, False, True, id="ideographic_full_stop"),
        pytest.param(0xFF1A, False, True, id="full_width_colon"),
        pytest.param(0x0041, False, False, id="latin"),
    ],
)
def test_the_ranges(cp: int, ideograph: bool, cjk: bool) -> None:
    assert bool(IDEOGRAPH.match(chr(cp))) is ideograph
    assert bool(CJK_CHAR.match(chr(cp))) is cjk


def test_the_grammar_class_is_the_one_the_cassettes_recorded() -> None:
    assert GRAMMAR_CJK == "".join(map(chr, (0x3000, 0x2D, 0x303F, 0x3400, 0x2D, 0x9FFF, 0xFF00, 0x2D, 0xFFEF)))


# --- tokens and keys -----------------------------------------------------------------------------------

TEXTS = ["", "Revenue grew 12% to $48.2 million.", "本季度收入同比增長百分之十二" + IDEOGRAPHIC_STOP,
         f"Q1{FW_COLON}{FW_DIGITS}", "x" * 7, "é" * 9]  # fmt: skip


@pytest.mark.parametrize("text", TEXTS)
def test_the_script_estimate_is_the_section_budget_estimate(text: str) -> None:
    assert estimate_tokens(text) == sections.estimate_tokens(text)


@pytest.mark.parametrize("text", TEXTS)
def test_the_bytes_estimate_is_the_pacing_estimate(text: str) -> None:
    messages = [{"role": "system", "content": text}, {"role": "user", "content": text + "s1"}]
    expected = sum(len(m["content"].encode("utf-8")) for m in messages) // 4 + 100
    assert request_tokens(messages, 100) == expected
    assert estimate_tokens(text, by="bytes") == len(text.encode("utf-8")) // 4


@pytest.mark.parametrize(
    ("a", "b"),
    [("Cloud-revenue", "cloud  revenue"), ("AI capex.", "ai_capex"), (None, ""), (f"GMV{FW_COLON}", "gmv")],
)
def test_word_key(a: str | None, b: str) -> None:
    assert word_key(a) == word_key(b)


# --- a restored full-width twin ------------------------------------------------------------------------


def _section(text: str) -> tuple[Section, Transcript]:
    sentence = Sentence(id="s1", span=Span(start=0, end=len(text)), text=text)
    section = Section(id="sec1", kind=SectionKind.prepared_remarks, span=sentence.span, sentences=[sentence])
    return section, Transcript(text=text)


@pytest.mark.parametrize("comma", [",", FW_COMMA], ids=["ascii", "full_width"])
def test_recall_reads_a_level_after_either_comma(comma: str) -> None:
    text = f"第四季度總收入{comma}達到人民幣 36 億元{IDEOGRAPHIC_STOP}"
    assert comma in text
    assert [(p.metric, p.value) for p in propose(*_section(text))] == [("總收入", "人民幣 36 億元")]


# --- merged copies whose behaviour changed ---------------------------------------------------------------


def test_periods_fold_the_minus_sign_as_numbers_do() -> None:
    """The period reader now folds with the number reader's table: U+2212 reads as a hyphen."""
    text = f"Q3{chr(0x2212)}24 results"
    assert chr(0x2212) in text
    assert find_period(text) == ("2024Q3", f"Q3{chr(0x2212)}24")


def test_metrics_fold_the_minus_sign_and_odd_spaces() -> None:
    assert describe(f"Non{chr(0x2212)}GAAP net income") == ("adjusted_net_income", None)
    text = f"在線{chr(0xA0)}營銷服務收入為 5 億元{IDEOGRAPHIC_STOP}"
    assert chr(0xA0) in text
    assert [m.segment for m in find_mentions(text)] == ["在線 營銷服務"]


@pytest.mark.parametrize("first", [0x3400, 0xF900], ids=["extension_a", "compatibility"])
def test_segment_names_keep_every_ideograph(first: int) -> None:
    name = chr(first) + chr(first + 1) + "服務"
    assert [m.segment for m in find_mentions(f"{name}收入為 5 億元{IDEOGRAPHIC_STOP}")] == [name]


def test_qa_themes_in_rarer_ideographs_are_compared_by_character() -> None:
    """Characters outside U+4E00..U+9FFF now count as words, as the unified ideographs do."""
    same = "".join(chr(0xF900 + n) for n in range(9))
    a, b = same + chr(0xF910), same + chr(0xF911)
    themes = [QATheme(theme=t, question=t, answer="a", section_ids=[f"sec{n}"]) for n, t in enumerate((a, b))]
    assert len(merge_qa_themes(themes)) == 1
