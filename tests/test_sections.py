"""Sections and sentences: every layout on fictional transcripts, the shared real ones, properties."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from widths import (
    BANG,
    CLOSE,
    COLON,
    COMMA,
    CORNER_CLOSE,
    CORNER_OPEN,
    ENUMERATION_COMMA,
    FULL_STOP,
    OPEN,
    QUESTION,
    SEMICOLON,
    wide,
)

from summarizer.document import Role, Section, SectionKind, Transcript
from summarizer.errors import InputError
from summarizer.ingest.readers import load_path, load_text
from summarizer.ingest.sections import (
    analyse,
    chunk,
    estimate_tokens,
    sections_json,
    sentence_spans,
    structure_warnings,
    worth_sending,
)

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not present")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _analyse(name: str) -> tuple[Transcript, list[Section]]:
    return analyse(load_path(FIXTURES / name))


def _check_spans(transcript: Transcript, sections: list[Section]) -> None:
    """Spans index the text, sentences are exact, stripped, ordered and never overlap."""
    text = transcript.text
    last_section_end = 0
    last_sentence_end = 0
    for n, section in enumerate(sections, start=1):
        assert section.id == f"sec{n}"
        assert last_section_end <= section.span.start <= section.span.end <= len(text)
        last_section_end = section.span.end
        assert section.sentences
        for sentence in section.sentences:
            assert section.span.start <= sentence.span.start < sentence.span.end <= section.span.end
            assert sentence.span.start >= last_sentence_end
            last_sentence_end = sentence.span.end
            assert text[sentence.span.start : sentence.span.end] == sentence.text
            assert sentence.text == sentence.text.strip()
    ids = [s.id for sec in sections for s in sec.sentences]
    assert ids == [f"s{i}" for i in range(1, len(ids) + 1)]


# --- sentences ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Revenue was $3.94 per share. Margins rose.",
            ["Revenue was $3.94 per share.", "Margins rose."],
            id="decimal_money",
        ),
        pytest.param(
            "Sales in the U.S. grew 5%. Europe was flat.",
            ["Sales in the U.S. grew 5%.", "Europe was flat."],
            id="us_abbreviation",
        ),
        pytest.param(
            "We bought Acme Inc. last year. It helped.",
            ["We bought Acme Inc. last year.", "It helped."],
            id="inc_lowercase",
        ),
        pytest.param(
            "We met Acme Inc. Today they signed.",
            ["We met Acme Inc. Today they signed."],
            id="inc_before_capital_not_split",
        ),
        pytest.param(
            "Costs, e.g. freight, fell. Prices rose.", ["Costs, e.g. freight, fell.", "Prices rose."], id="eg"
        ),
        pytest.param("We are the No. 1 vendor. Thanks.", ["We are the No. 1 vendor.", "Thanks."], id="number_one"),
        pytest.param(
            "Dr. Smith joined. She leads R&D.", ["Dr. Smith joined.", "She leads R&D."], id="title_abbreviation"
        ),
        pytest.param("Is that right? Yes! Good.", ["Is that right?", "Yes!", "Good."], id="question_exclamation"),
        pytest.param('He said "we grew." Then he left.', ['He said "we grew."', "Then he left."], id="closing_quote"),
        pytest.param("1. Revenue grew 5%.", ["1. Revenue grew 5%."], id="list_number"),
        pytest.param(
            f"收入增長12%{FULL_STOP}利潤率提升{BANG}展望如何{QUESTION}",
            [f"收入增長12%{FULL_STOP}", f"利潤率提升{BANG}", f"展望如何{QUESTION}"],
            id="chinese_fullwidth",
        ),
        pytest.param(
            f"收入增長12%{FULL_STOP}利潤率提升!展望如何?",
            [f"收入增長12%{FULL_STOP}", "利潤率提升!", "展望如何?"],
            id="chinese_ascii_marks",
        ),
        pytest.param(
            f"他說{COLON}{CORNER_OPEN}我們會增長{FULL_STOP}{CORNER_CLOSE}然後離開{FULL_STOP}",
            [f"他說{COLON}{CORNER_OPEN}我們會增長{FULL_STOP}{CORNER_CLOSE}", f"然後離開{FULL_STOP}"],
            id="chinese_closing_bracket",
        ),
        pytest.param(
            f"第一{COMMA}收入增長{SEMICOLON}第二{COMMA}利潤提升{FULL_STOP}",
            [f"第一{COMMA}收入增長{SEMICOLON}", f"第二{COMMA}利潤提升{FULL_STOP}"],
            id="chinese_fullwidth_semicolon",
        ),
        pytest.param(
            f"第一,收入增長;第二,利潤提升{FULL_STOP}",
            ["第一,收入增長;", f"第二,利潤提升{FULL_STOP}"],
            id="chinese_ascii_semicolon",
        ),
        pytest.param(
            f"佔比達到22%;預計全年增長{FULL_STOP}",
            ["佔比達到22%;", f"預計全年增長{FULL_STOP}"],
            id="ascii_semicolon_before_han",
        ),
        pytest.param(
            "We will discuss non-GAAP measures; reconciliations are in our press release.",
            ["We will discuss non-GAAP measures; reconciliations are in our press release."],
            id="english_semicolon_joins_clauses",
        ),
        pytest.param(
            "Loans grew 9%; deposits fell 2%; fees were flat. Cash was strong.",
            ["Loans grew 9%; deposits fell 2%; fees were flat.", "Cash was strong."],
            id="english_semicolons_inside_one_sentence",
        ),
        pytest.param(
            '"Why now?" he asked. We agreed.', ['"Why now?" he asked.', "We agreed."], id="question_inside_a_sentence"
        ),
        pytest.param(
            "收入為1.13億元。OpenAI 模型很強。", ["收入為1.13億元。", "OpenAI 模型很強。"], id="chinese_decimal"
        ),
        pytest.param("Kling AI 1.6 已上線。Good.", ["Kling AI 1.6 已上線。", "Good."], id="mixed"),
        pytest.param("   ", [], id="blank"),
    ],
)
def test_sentence_spans(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in sentence_spans(text)] == expected


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        pytest.param("", 0, 0, id="empty"),
        pytest.param("Revenue grew five percent this quarter.", 9, 13, id="english"),
        pytest.param("本季度收入同比增長百分之十二。", 9, 12, id="chinese"),
        pytest.param("a" * 3500, 1000, 1000, id="long_latin"),
    ],
)
def test_estimate_tokens(text: str, low: int, high: int) -> None:
    assert low <= estimate_tokens(text) <= high


# --- fictional transcripts, one per layout ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "languages", "kinds"),
    [
        pytest.param("en_speaker_call.txt", "speaker_lines", ["en"], "oooppoqoqoqoo", id="english_speaker_lines"),
        pytest.param("en_inline_labels.txt", "speaker_lines", ["en"], "oppoqo", id="english_inline_labels"),
        pytest.param("en_name_lines.txt", "speaker_lines", ["en"], "opoqoq", id="english_name_lines_without_list"),
        pytest.param("en_participants_list.txt", "speaker_lines", ["en"], "oooppoqoqo", id="english_name_only_labels"),
        pytest.param("bilingual_en_zh.txt", "speaker_lines", ["en", "zh"], "opoq", id="bilingual_english_first"),
        pytest.param("bilingual_zh_en.txt", "speaker_lines", ["zh", "en"], "opq", id="bilingual_chinese_first"),
        pytest.param("zh_role_labels.txt", "speaker_lines", ["zh"], "oopqq", id="chinese_role_labels"),
        pytest.param("zh_call_notes.md", "qa_notes", ["zh"], "oppppqqq", id="chinese_call_notes"),
        pytest.param("md_headed.md", "headed", ["en"], "ppp", id="markdown_headings"),
        pytest.param("en_markdown_bold.md", "speaker_lines", ["en"], "opoqo", id="markdown_bold_inline_labels"),
        pytest.param(
            "zh_bracket_headings.txt", "speaker_lines", ["zh"], "pppqq", id="chinese_bracket_headings_inline_labels"
        ),
        pytest.param("plain_remarks.txt", "plain", ["en"], "opp", id="plain_remarks"),
        pytest.param("yunfan_for_render.txt", "speaker_lines", ["zh"], "oppqq", id="chinese_fullwidth_punctuation"),
    ],
)
def test_layouts(name: str, fmt: str, languages: list[str], kinds: str) -> None:
    transcript, sections = _analyse(name)
    _check_spans(transcript, sections)
    assert transcript.format == fmt
    assert transcript.languages == languages
    assert "".join(s.kind.value[0] for s in sections) == kinds
    for section in sections:
        if section.kind is SectionKind.qa:
            assert section.turns
            assert section.turns[0].role is Role.analyst or section.speaker is None


def test_english_speaker_call_details() -> None:
    transcript, sections = _analyse("en_speaker_call.txt")
    assert (transcript.company, transcript.ticker, transcript.period) == ("Northwind Robotics Inc.", "NWRB", "2025Q2")
    people = {p.name: (p.role, p.firm, p.title) for p in transcript.participants}
    assert people["Ethan Cole"] == (Role.executive, None, "Chief Executive Officer")
    assert people["Lena Brooks"] == (Role.analyst, "Harbor Street Securities", "Analyst")
    assert people["Omar Haddad"] == (Role.analyst, None, "Senior Associate")  # unidentified, named by the operator
    assert people["Sofia Lind"] == (Role.analyst, "Granite Peak Capital", "Analyst")
    assert "Operator" not in people
    qa = [s for s in sections if s.kind is SectionKind.qa]
    assert [(s.speaker, s.firm) for s in qa] == [
        ("Lena Brooks", "Harbor Street Securities"),
        ("Omar Haddad", None),
        ("Sofia Lind", "Granite Peak Capital"),
    ]
    # A follow-up by the same analyst stays in her section; answers follow the question turn.
    assert [t.speaker for t in qa[0].turns] == [
        "Lena Brooks",
        "Ethan Cole",
        "Priya Raman",
        "Lena Brooks",
        "Priya Raman",
    ]
    assert all("question comes from" not in x.text for s in qa for x in s.sentences)
    safe_harbour = sections[2]
    assert safe_harbour.kind is SectionKind.other and safe_harbour.speaker == "Maya Ortiz"
    assert sections[-1].kind is SectionKind.other and sections[-1].speaker == "Ethan Cole"  # closing
    texts = [x.text for s in sections for x in s.sentences]
    assert "The No. 2 plant started production in June, e.g. for the new gripper line." in texts
    for section in sections:
        assert all(x.speaker == section.turns[0].speaker for x in section.sentences[:1])


def test_markdown_bold_labels() -> None:
    transcript, sections = _analyse("en_markdown_bold.md")
    assert (transcript.company, transcript.period) == ("Brightlane Corp.", "2025Q3")
    remarks = sections[1]
    assert (remarks.speaker, remarks.role, len(remarks.turns), len(remarks.sentences)) == (
        "Sam Ortega",
        Role.executive,
        1,
        4,
    )
    qa = sections[3]
    assert (qa.speaker, qa.firm, [t.speaker for t in qa.turns]) == (
        "Ken Ito",
        "Bluefield Partners",
        ["Ken Ito", "Sam Ortega"],
    )


def test_chinese_bracket_headings_and_inline_labels() -> None:
    transcript, sections = _analyse("zh_bracket_headings.txt")
    assert [(s.title, s.speaker) for s in sections[:3]] == [
        ("業績概要", None),
        ("管理層發言", "王強"),
        ("管理層發言", "劉芳"),
    ]
    people = {p.name: (p.role, p.title) for p in transcript.participants}
    assert people == {"王強": (Role.executive, "CEO"), "劉芳": (Role.executive, "CFO")}
    qa = [s for s in sections if s.kind is SectionKind.qa]
    assert [(s.title, s.firm) for s in qa] == [("問答環節", None), ("問答環節", "中信證券")]
    assert transcript.period == "2025H1"


def test_inline_labels_get_firms_from_the_operator() -> None:
    transcript, sections = _analyse("en_inline_labels.txt")
    people = {p.name: (p.role, p.title) for p in transcript.participants}
    assert people["Daniel Reyes"] == (Role.executive, "Chief Executive Officer")  # named in the hand-over
    assert people["Grace Kim"] == (Role.executive, None)  # she answers the question asked before her turn
    assert sections[1].role is Role.executive
    qa = [s for s in sections if s.kind is SectionKind.qa]
    assert [(s.speaker, s.firm, [t.speaker for t in s.turns]) for s in qa] == [
        ("Tom Hale", "Riverbend Partners", ["Tom Hale", "Grace Kim"])
    ]
    assert transcript.company == "Larkspur Foods"


def test_participant_lists_and_name_only_labels() -> None:
    transcript, sections = _analyse("en_participants_list.txt")
    assert (transcript.company, transcript.ticker, transcript.period) == ("Quillon Software", "QLSW", "2024Q4")
    people = {p.name: (p.role, p.firm, p.title) for p in transcript.participants}
    assert people["Hannah Vogel"] == (Role.executive, None, "Vice President, Investor Relations")
    assert people["Nina Okafor"] == (Role.analyst, "Coldwater Research", None)
    assert sections[1].speaker == "Operator"  # the operator's first turn is not a participant list entry
    qa = [s for s in sections if s.kind is SectionKind.qa]
    assert [(s.speaker, s.firm, [t.speaker for t in s.turns]) for s in qa] == [
        ("Derek Shaw", "Alder & Finch Securities", ["Derek Shaw", "Marcus Bell"]),
        ("Nina Okafor", "Coldwater Research", ["Nina Okafor", "Lucia Romero"]),
    ]


@pytest.mark.parametrize(
    "name", [pytest.param("bilingual_en_zh.txt", id="en_first"), pytest.param("bilingual_zh_en.txt", id="zh_first")]
)
def test_bilingual_leaves_translation_out(name: str) -> None:
    transcript, sections = _analyse(name)
    assert transcript.bilingual
    keep = transcript.authoritative_language
    for section in sections:
        for sentence in section.sentences:
            has_han = bool(HAN.search(sentence.text))
            assert has_han == (keep == "zh"), sentence.text


def test_bilingual_broken_sentence_and_repeated_labels() -> None:
    transcript, sections = _analyse("bilingual_en_zh.txt")
    remarks = next(s for s in sections if s.kind is SectionKind.prepared_remarks)
    assert [x.text for x in remarks.sentences] == [
        "Revenue was $20.5 million, up 7% year-over-year.",
        "However, we want to",
        "stress that costs fell by 3% in the quarter.",
    ]
    assert len(remarks.turns) == 1
    qa = next(s for s in sections if s.kind is SectionKind.qa)
    assert (qa.speaker, qa.firm, len(qa.turns)) == ("Ivy Chen", "Summit Bay Securities", 2)
    assert (transcript.company, transcript.period) == ("Lumen Harbor Inc.", "2025Q1")


def test_chinese_role_labels_keep_firms_as_written() -> None:
    transcript, sections = _analyse("zh_role_labels.txt")
    qa = [s for s in sections if s.kind is SectionKind.qa]
    assert [(s.speaker, s.firm) for s in qa] == [(None, "華泰證券"), (None, "中金公司")]  # a role word names no one
    assert [p.name for p in transcript.participants] == ["管理層"]
    assert [len(s.turns) for s in qa] == [2, 2]
    assert qa[1].turns[1].role is Role.executive
    remarks = next(s for s in sections if s.kind is SectionKind.prepared_remarks)
    assert (remarks.speaker, remarks.role, len(remarks.sentences)) == ("管理層", Role.executive, 4)
    assert transcript.period == "2025Q1"


def test_chinese_call_notes() -> None:
    transcript, sections = _analyse("zh_call_notes.md")
    assert (transcript.company, transcript.ticker, transcript.period) == ("雲帆出行", "09876.HK", "2025Q2")
    titles = [s.title for s in sections if s.kind is SectionKind.prepared_remarks]
    assert titles == ["財報核心數據", "網約車", "海外", "未來戰略"]
    qa = [s for s in sections if s.kind is SectionKind.qa]
    assert [s.sentences[0].text for s in qa] == [
        "請問下半年的利潤率展望?",
        "海外業務的盈利時間表?",
        "自動駕駛的商業化進展?",
    ]
    assert [len(s.sentences) for s in qa] == [3, 2, 2]  # the answer's second paragraph stays in it
    assert qa[2].firm == "招商證券"
    assert all(s.title == "分析師Q&A" for s in qa)


def test_chinese_fullwidth_labels() -> None:
    """Real full-width colons and parentheses: labels, askers with their firms, the header's company."""
    text = (FIXTURES / "yunfan_for_render.txt").read_text(encoding="utf-8")
    assert COLON in text and OPEN in text and CLOSE in text
    transcript, sections = _analyse("yunfan_for_render.txt")
    assert transcript.company == "雲帆科技"
    qa = [s for s in sections if s.kind is SectionKind.qa]
    assert [(s.speaker, s.firm, [t.speaker for t in s.turns]) for s in qa] == [
        ("王磊", "華夏證券", ["王磊", "林志遠"]),
        ("Sarah Lin", "Eastbridge Research", ["Sarah Lin", "陳美玲"]),
    ]
    assert all(s.title == "問答環節" for s in qa)


def test_plain_remarks_split_with_boilerplate_first() -> None:
    transcript, sections = _analyse("plain_remarks.txt")
    assert sections[0].kind is SectionKind.other
    assert "forward-looking" in sections[0].sentences[0].text
    assert sections[1].sentences[0].text.startswith("We delivered a strong third quarter")
    assert sections[2].sentences[0].text.startswith("Turning to the balance sheet")
    lines = [line for line in transcript.text.split("\n") if line.strip()]
    assert [x.text for s in sections for x in s.sentences] == lines


def test_hard_wrapped_lines_join_into_sentences() -> None:
    text = "Operator\nWelcome to the call.\nJane Roe - CEO\nRevenue grew strongly in the\nquarter, and margins rose. Cash\nwas strong.\n"
    transcript, sections = analyse(load_text(text))
    remarks = sections[1]
    assert [x.text for x in remarks.sentences] == [
        "Revenue grew strongly in the\nquarter, and margins rose.",
        "Cash\nwas strong.",
    ]


@pytest.mark.parametrize(
    ("text", "fmt", "kinds"),
    [
        pytest.param("Just one line of text.", "plain", "p", id="one_line"),
        pytest.param(
            "Operator\nOur next question comes from Kim Lee.\nUnidentified Participant\nA question?\n",
            "speaker_lines",
            "oq",
            id="unidentified_after_introduction",
        ),
        pytest.param(
            "Operator\nHello.\nUnidentified Participant\nA remark.\n",
            "speaker_lines",
            "op",
            id="unidentified_without_introduction",
        ),
        pytest.param(
            "Q&A\nOperator\nNext question, please.\nUnidentified Participant\nWhy?\nJo Li - CFO\nBecause.\n",
            "speaker_lines",
            "oq",
            id="unidentified_caller_in_qa",
        ),
        pytest.param("A:只有回答。\nA:另一個回答。\n", "plain", "p", id="answers_without_questions_are_prose"),
        pytest.param(
            "# Q&A\n\nQ: Margins?\n\nA: Stable.\n\nQ: Cash?\n\nA: Strong.\n", "qa_notes", "qq", id="markdown_qa"
        ),
        pytest.param("Q: Margins?\nQ: Cash?\nA: Both fine.\n", "qa_notes", "qq", id="question_without_answer"),
        pytest.param(
            "Operator\nThe first question from Ana Silva of Cobalt Research.\nAna Silva\nWhy?\nLee Park - CFO\nBecause.\n",
            "speaker_lines",
            "oq",
            id="first_question_from",
        ),
        pytest.param(
            "Operator\nWelcome.\nKai Moreno\nRevenue was $50 million.\nQuestion-and-Answer Session\nOperator\nNext question, please.\n"
            "Alex Yao - JPMorgan\nHow is demand?\nKai Moreno\nStrong.\nOperator\nClosing remarks now.\nKai Moreno\nThank you all.\n",
            "speaker_lines",
            "opoqoo",
            id="unnamed_caller_after_operator_and_name_only_executive",
        ),
    ],
)
def test_edge_layouts(text: str, fmt: str, kinds: str) -> None:
    transcript, sections = analyse(load_text(text))
    _check_spans(transcript, sections)
    assert transcript.format == fmt
    assert "".join(s.kind.value[0] for s in sections) == kinds


# --- chunking and JSON ------------------------------------------------------------------------------


def test_chunk_splits_on_sentence_boundaries() -> None:
    transcript, sections = _analyse("plain_remarks.txt")
    parts = chunk(sections, max_tokens=60)
    assert len(parts) > len(sections)
    by_id: dict[str, list[Section]] = {}
    for part in parts:
        by_id.setdefault(part.id, []).append(part)
        assert sum(estimate_tokens(x.text) + 2 for x in part.sentences) <= 60 or len(part.sentences) == 1
        assert all(transcript.text[x.span.start : x.span.end] == x.text for x in part.sentences)
    for original in sections:
        group = by_id[original.id]
        assert [p.part for p in group] == list(range(1, len(group) + 1))
        assert {p.parts for p in group} == {len(group)}
        assert {(p.kind, p.speaker, p.role, p.firm, p.title) for p in group} == {
            (original.kind, original.speaker, original.role, original.firm, original.title)
        }
        assert [x.id for p in group for x in p.sentences] == [x.id for x in original.sentences]
        for p in group:
            assert p.span.start <= p.sentences[0].span.start and p.sentences[-1].span.end == p.span.end


def test_chunk_keeps_small_sections_and_huge_sentences() -> None:
    transcript, sections = _analyse("md_headed.md")
    assert chunk(sections, max_tokens=10_000) == sections
    one = load_text("Operator\n" + "word " * 400 + "end.\nMore text here.\n")
    _, found = analyse(one)
    parts = chunk(found, max_tokens=50)
    assert [len(p.sentences) for p in parts] == [1, 1]
    with pytest.raises(ValueError):
        chunk(found, max_tokens=0)


def test_chunk_qa_turns_are_clipped() -> None:
    _, sections = _analyse("en_speaker_call.txt")
    qa = next(s for s in sections if s.kind is SectionKind.qa)
    parts = chunk([qa], max_tokens=30)
    assert len(parts) > 1
    for part in parts:
        assert part.turns
        assert all(part.span.start <= t.span.start <= t.span.end <= part.span.end for t in part.turns)


def test_sections_json_shape() -> None:
    transcript, sections = _analyse("en_speaker_call.txt")
    doc = sections_json(transcript, sections)
    assert "text" not in doc["transcript"]
    assert doc["transcript"]["format"] == "speaker_lines"
    first = doc["sections"][0]
    assert set(first) >= {"id", "kind", "speaker", "role", "firm", "title", "span", "part", "parts", "sentences"}
    qa = next(s for s in doc["sections"] if s["kind"] == "qa")
    assert qa["role"] == "analyst" and qa["firm"] == "Harbor Street Securities"
    sentence = qa["sentences"][0]
    assert set(sentence) == {"id", "span", "text", "speaker"}
    assert transcript.text[sentence["span"][0] : sentence["span"][1]] == sentence["text"]


def test_analyse_returns_a_copy() -> None:
    original = load_path(FIXTURES / "en_speaker_call.txt")
    updated, _ = analyse(original)
    assert original.format == "plain" and original.participants == []
    assert updated.text == original.text and updated.sha256 == original.sha256


# --- the shared real transcripts (skipped when ../shared is absent) -----------------------------------


@needs_shared
def test_shared_bilingual_call() -> None:
    transcript, sections = analyse(load_path(SHARED / "transcripts" / "agora-2024q3-en-zh.txt"))
    _check_spans(transcript, sections)
    assert transcript.bilingual and transcript.authoritative_language == "en"
    assert transcript.format == "speaker_lines" and transcript.period == "2024Q3"
    for section in sections:
        assert not any(HAN.search(x.text) for x in section.sentences)
    qa = [s for s in sections if s.kind is SectionKind.qa]
    assert len(qa) == 3
    analysts = {p.name: p.firm for p in transcript.participants if p.role is Role.analyst}
    assert analysts["Daley Li"] == "Bank of America"
    assert analysts["Jun Xia"] == "Guohan securities"
    assert [s.firm for s in qa][1:] == ["Bank of America", "Guohan securities"]
    assert all(s.turns[0].role is Role.analyst for s in qa)
    executives = {p.name for p in transcript.participants if p.role is Role.executive}
    assert len(executives) == 2
    assert [s.kind for s in sections[:3]] == [
        SectionKind.other,
        SectionKind.prepared_remarks,
        SectionKind.prepared_remarks,
    ]


@needs_shared
def test_shared_chinese_notes() -> None:
    transcript, sections = analyse(load_path(SHARED / "transcripts" / "kuaishou-2024q4-zh.txt"))
    _check_spans(transcript, sections)
    assert transcript.format == "qa_notes" and transcript.languages == ["zh"]
    assert (transcript.ticker, transcript.period) == ("01024.HK", "2024Q4")
    remarks = [s for s in sections if s.kind is SectionKind.prepared_remarks]
    assert len({s.title for s in remarks}) >= 8 and all(s.title for s in remarks)
    qa = [s for s in sections if s.kind is SectionKind.qa]
    assert len(qa) == 4
    assert all(len(s.turns) == 2 and s.turns[1].role is Role.executive for s in qa)


def _ectsum_files() -> list[Path]:
    folder = SHARED / "ectsum-sample" / "ects"
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []


@needs_shared
@pytest.mark.parametrize("path", _ectsum_files(), ids=lambda p: p.stem)
def test_shared_ectsum(path: Path) -> None:
    transcript, sections = analyse(load_path(path))
    _check_spans(transcript, sections)
    assert transcript.format == "plain"
    assert len(sections) >= 2
    remarks = [s for s in sections if s.kind is SectionKind.prepared_remarks]
    assert remarks and max(estimate_tokens(" ".join(x.text for x in s.sentences)) for s in remarks) < 1200
    stated = re.search(r"_q(\d)_(\d{4})", path.stem)
    assert stated is not None
    quarter, year = stated.groups()
    if transcript.period:  # stated in only some of them; when found it must be the call's own
        assert transcript.period in {f"{year}Q{quarter}", f"{year}H{(int(quarter) + 1) // 2}"}
    covered = sorted((x.span.start, x.span.end) for s in sections for x in s.sentences)
    pos = 0
    for line in transcript.text.split("\n"):
        if line.strip():
            start = pos + len(line) - len(line.lstrip())
            end = pos + len(line.rstrip())
            inside = [c for c in covered if start <= c[0] and c[1] <= end]
            assert inside and inside[0][0] == start and inside[-1][1] == end
        pos += len(line) + 1


# --- properties ------------------------------------------------------------------------------------

_LINES = st.sampled_from(
    [
        "Operator", "Jane Roe - Chief Executive Officer", "Ravi Patel - Analyst", "Unidentified Participant",
        "Our next question comes from Ravi Patel with Kestrel Capital.", "Revenue grew 5% to $3.94 million.",
        "管理層:", "華泰證券分析師:", "本季度收入同比增長12%。", "Q1:毛利率?", "A:穩定。", "一、核心數據",
        "(1)廣告:收入增長。", "## Q&A", "", "Thanks.", "收入增長 5%。", "Revenue rose 5%.",
    ]
)  # fmt: skip


def _check_properties(text: str) -> None:
    try:
        transcript = load_text(text)
    except InputError:
        return
    updated, sections = analyse(transcript)
    _check_spans(updated, sections)
    for part in chunk(sections, max_tokens=40):
        assert part.sentences


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text: str) -> None:
    _check_properties(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(alphabet="abc XYZ.。!?:\n收入", max_size=30)), max_size=30))
def test_transcript_like_text_never_raises(lines: list[str]) -> None:
    _check_properties("\n".join(lines))


# --- labels learnt from the document ------------------------------------------------------------------


def _kinds_and_askers(text: str) -> tuple[str, list[tuple[str | None, str | None]]]:
    transcript, sections = analyse(load_text(text))
    _check_spans(transcript, sections)
    return "".join(s.kind.value[0] for s in sections), [
        (s.speaker, s.firm) for s in sections if s.kind is SectionKind.qa
    ]


def test_recurring_names_with_firms_ask_and_names_answer() -> None:
    """No role word anywhere: names recur, a name with a firm in parentheses asks, and the turn
    after a question answers it."""
    lines = [
        f"林志遠{COLON}本季度收入增長12%{FULL_STOP}",
        f"陳美玲{COLON}毛利率為41%{FULL_STOP}",
        f"張三{OPEN}高盛{CLOSE}{COLON}請問下半年的利潤率展望{QUESTION}",
        f"林志遠{COLON}我們預計保持穩定{FULL_STOP}",
        f"李四{OPEN}中金{CLOSE}{COLON}海外業務何時盈利{QUESTION}",
        f"陳美玲{COLON}預計明年{FULL_STOP}",
    ]
    kinds, askers = _kinds_and_askers("\n".join(lines))
    assert kinds == "ppqq"
    assert askers == [("張三", "高盛"), ("李四", "中金")]


def test_a_name_whose_turns_ask_is_an_asker() -> None:
    lines = [
        f"林志遠{COLON}本季度收入增長12%{FULL_STOP}",
        f"王磊{COLON}請問下半年的利潤率展望{QUESTION}",
        f"林志遠{COLON}我們預計保持穩定{FULL_STOP}",
        f"趙敏{COLON}海外業務何時盈利{QUESTION}",
        f"林志遠{COLON}預計明年{FULL_STOP}",
        f"王磊{COLON}那麼資本開支呢{QUESTION}",
        f"林志遠{COLON}約5億元{FULL_STOP}",
    ]
    transcript, sections = analyse(load_text("\n".join(lines)))
    assert "".join(s.kind.value[0] for s in sections) == "pqqq"
    roles = {p.name: p.role for p in transcript.participants}
    assert roles == {"林志遠": Role.executive, "王磊": Role.analyst, "趙敏": Role.analyst}


def test_numbered_questions_keep_a_follow_up_in_its_section() -> None:
    text = (
        "Q1 (Priya Nair, Granite Securities): How is demand?\nA: Strong.\n"
        "Q1 (Priya Nair, Granite Securities): And pricing?\nA: Stable.\n"
        "Q2 (Tom Becker, Alder Capital): What about margins?\nA: Up slightly.\n"
    )
    kinds, askers = _kinds_and_askers(text)
    assert kinds == "qq"
    assert askers == [("Priya Nair", "Granite Securities"), ("Tom Becker", "Alder Capital")]


def test_role_only_askers_open_a_section_each_and_a_follow_up_stays() -> None:
    text = wide(
        f"分析師(中金公司):請問毛利率?\n管理層:穩定{FULL_STOP}\n追問:那麼費用呢?\n管理層:持平{FULL_STOP}\n"
        f"分析師:海外呢?\n管理層:增長{FULL_STOP}\n"
    )
    kinds, askers = _kinds_and_askers(text)
    assert kinds == "qq"
    assert askers == [(None, "中金公司"), (None, None)]


# --- what is sent, and what the structure misses -------------------------------------------------------

_CLOSING = (
    "Acme Robotics Q3 2025 Earnings Call\n"
    "Operator\nWelcome to the call. Today's call may contain forward-looking statements.\n"
    "Jane Roe - Chief Executive Officer\nRevenue grew 12% to $48 million.\n"
    "Operator\nOur first question comes from Ravi Patel with Kestrel Capital.\n"
    "Ravi Patel - Analyst\nHow is demand?\n"
    "Jane Roe - Chief Executive Officer\nDemand is strong.\n"
    "Operator\nThat concludes the Q&A. I will turn the call back to Jane Roe.\n"
    "Jane Roe - Chief Executive Officer\n{closing}\n"
)


@pytest.mark.parametrize(
    ("closing", "sent"),
    [
        pytest.param("We expect revenue of $200 million next year. Thank you all.", True, id="closing_with_outlook"),
        pytest.param("Thank you all for joining us today.", False, id="closing_thanks"),
    ],
)
def test_worth_sending_other_sections(closing: str, sent: bool) -> None:
    _, sections = analyse(load_text(_CLOSING.format(closing=closing)))
    kinds = [(s.kind, s.role) for s in sections]
    assert kinds[-1] == (SectionKind.other, Role.executive)  # remarks after the last question
    assert worth_sending(sections[-1]) is sent
    assert not worth_sending(sections[0])  # the title line
    assert not any(worth_sending(s) for s in sections if s.role is Role.operator)
    assert all(worth_sending(s) for s in sections if s.kind is not SectionKind.other)


def test_safe_harbour_is_not_worth_sending() -> None:
    _, sections = _analyse("plain_remarks.txt")
    assert sections[0].kind is SectionKind.other and not worth_sending(sections[0])


_UNREAD_QA = (
    f"一{ENUMERATION_COMMA}核心數據\n本季度收入為人民幣45億元{COMMA}同比增長12%{FULL_STOP}\n"
    f"二{ENUMERATION_COMMA}分析師問答\n"
    f"Q1 - 請問下半年的利潤率展望{QUESTION}\n預計下半年經調整淨利率保持在10%以上{FULL_STOP}\n"
    f"Q2 - 海外業務的盈利時間表{QUESTION}\n預計明年實現盈虧平衡{FULL_STOP}\n"
)


def test_a_qa_part_without_qa_sections_is_warned_and_sent() -> None:
    transcript, sections = analyse(load_text(_UNREAD_QA))
    assert not any(s.kind is SectionKind.qa for s in sections)
    lost = [s for s in sections if s.kind is SectionKind.other]
    assert lost and all(worth_sending(s) for s in lost)
    warnings = structure_warnings(transcript, sections)
    assert len(warnings) == 1 and "分析師問答" in warnings[0]
    assert structure_warnings(transcript) == warnings  # analysed when sections are not given


def test_questions_after_the_remarks_without_a_heading_are_warned() -> None:
    text = (
        "Revenue grew 12% to $48 million.\n\nHow is demand in Europe?\nStrong.\nWhat about margins?\nStable.\n"
        "And cash?\nAbout $200 million.\n"
    )
    transcript, sections = analyse(load_text(text))
    assert "3 questions" in structure_warnings(transcript, sections)[0]
    assert structure_warnings(*analyse(load_text(text.split("And cash")[0]))) == []  # two may be rhetorical


@pytest.mark.parametrize("name", ["example-call.txt", "md_headed.md", "plain_remarks.txt", "zh_call_notes.md"])
def test_no_structure_warning_where_the_structure_is_read(name: str) -> None:
    assert structure_warnings(*_analyse(name)) == []
