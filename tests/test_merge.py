"""merge: repeats fold into one item with all evidence; conflicts stay visible; ids are assigned."""

from __future__ import annotations

from summarizer.assemble.highlights import HIGHLIGHT_LINES, highlight_lines
from summarizer.assemble.merge import merge, merge_guidance, merge_kpis, merge_qa_themes
from summarizer.brief import KPI, AIPoint, Asker, Guidance, QATheme, Quote
from summarizer.document import Span, Transcript
from summarizer.ground import GroundedSection, consistency_warnings


def quote(sid: str) -> Quote:
    n = int(sid[1:])
    return Quote(sentence_id=sid, span=Span(start=n * 10, end=n * 10 + 5), text=f"text {sid}")


def kpi(value: float, sid: str, **kw: object) -> KPI:
    base = dict(metric="total revenues", key="revenue", value=value, value_text=str(value), unit="USD", period="2025Q2")
    base.update(kw)
    return KPI(evidence=[quote(sid)], **base)


def test_the_same_figure_twice_is_one_item_with_both_citations() -> None:
    (merged,) = merge_kpis([kpi(48.2e6, "s2"), kpi(48.2e6, "s30", metric="revenue", yoy=18.0, yoy_unit="%")])
    assert [q.sentence_id for q in merged.evidence] == ["s2", "s30"]
    assert merged.yoy == 18.0


def test_different_values_for_one_metric_and_period_stay_both_with_a_warning() -> None:
    merged = merge_kpis([kpi(48.2e6, "s2"), kpi(46.0e6, "s30")])
    assert len(merged) == 2
    assert consistency_warnings(merged)


def test_segments_and_periods_keep_items_apart() -> None:
    merged = merge_kpis([kpi(48.2e6, "s2"), kpi(48.2e6, "s3", segment="cloud"), kpi(48.2e6, "s4", period="2024Q2")])
    assert len(merged) == 3


def change(sid: str, yoy: float | None = None, qoq: float | None = None, **kw: object) -> KPI:
    """A figure stated only as its change: no value."""
    units = {"yoy_unit": "%" if yoy is not None else None, "qoq_unit": "%" if qoq is not None else None}
    base = dict(metric="revenue", key="revenue", value_text="x%", period="2025Q2", yoy=yoy, qoq=qoq, **units)
    base.update(kw)
    return KPI(evidence=[quote(sid)], **base)


def test_a_change_stated_alone_folds_into_its_rows_level_in_either_order() -> None:
    for items in ([kpi(48.2e6, "s2"), change("s5", yoy=12.0)], [change("s5", yoy=12.0), kpi(48.2e6, "s2")]):
        (merged,) = merge_kpis(items)
        assert (merged.value, merged.yoy, merged.yoy_unit, merged.unit) == (48.2e6, 12.0, "%", "USD")
        assert sorted(q.sentence_id for q in merged.evidence) == ["s2", "s5"]
        assert merged.evidence[0].sentence_id == "s2"  # the level's sentence first


def test_changes_of_one_row_fold_together_and_conflicting_ones_stay_apart() -> None:
    (both,) = merge_kpis([change("s5", yoy=12.0), change("s6", qoq=3.0)])
    assert (both.value, both.yoy, both.qoq) == (None, 12.0, 3.0)
    assert len(merge_kpis([kpi(48.2e6, "s2", yoy=12.0, yoy_unit="%"), change("s5", yoy=9.0)])) == 2
    assert len(merge_kpis([change("s5", yoy=12.0), change("s6", yoy=9.0)])) == 2
    assert len(merge_kpis([change("s5", yoy=12.0), change("s6", yoy=12.0, segment="Cloud")])) == 2


def test_guidance_repeats_fold_and_a_bare_statement_on_the_same_sentence_goes() -> None:
    numeric = Guidance(metric="revenue", key="revenue", period="2025Q3", low=50e6, high=52e6, evidence=[quote("s15")])
    again = numeric.model_copy(update={"metric": "total revenue", "evidence": [quote("s40")]})
    bare = Guidance(
        metric="revenue", key="revenue", period="2025Q3", statement="we expect growth", evidence=[quote("s15")]
    )
    other = Guidance(metric="margin", period="2025Q3", statement="margins to improve", evidence=[quote("s16")])
    merged = merge_guidance([numeric, again, bare, other])
    assert [(g.low, g.statement) for g in merged] == [(50e6, None), (None, "margins to improve")]
    assert [q.sentence_id for q in merged[0].evidence] == ["s15", "s40"]


def test_similar_qa_themes_are_grouped_with_all_askers() -> None:
    a = QATheme(
        theme="AI capex outlook",
        question="q",
        answer="a",
        askers=[Asker(name="A", firm="X")],
        section_ids=["sec5"],
        evidence=[quote("s50")],
    )
    b = QATheme(
        theme="outlook for AI capex",
        question="q",
        answer="a",
        askers=[Asker(name="B", firm="Y")],
        section_ids=["sec7"],
        evidence=[quote("s70")],
    )
    c = QATheme(theme="overseas expansion", question="q", answer="a", section_ids=["sec9"], evidence=[quote("s90")])
    merged = merge_qa_themes([a, b, c])
    assert len(merged) == 2
    assert [x.name for x in merged[0].askers] == ["A", "B"]


def test_different_questions_under_one_theme_stay_apart() -> None:
    a = QATheme(
        theme="AI",
        question="What drove the growth of the video model's revenue?",
        answer="a",
        section_ids=["sec5"],
        evidence=[quote("s50")],
    )
    b = QATheme(
        theme="AI",
        question="How much will you invest in AI compute next year?",
        answer="a",
        section_ids=["sec7"],
        evidence=[quote("s70")],
    )
    again = b.model_copy(
        update={
            "question": "How much will you invest in AI compute next year?",
            "section_ids": ["sec9"],
            "evidence": [quote("s90")],
        }
    )
    merged = merge_qa_themes([a, b, again])
    assert [(m.question[:8], m.section_ids) for m in merged] == [("What dro", ["sec5"]), ("How much", ["sec7", "sec9"])]


def test_merge_numbers_items_and_keeps_rejections() -> None:
    transcript = Transcript(text="x" * 1000, name="call.txt", period="2025Q2", company="Northwind")
    g1 = GroundedSection(
        section_id="sec1", kpis=[kpi(48.2e6, "s2")], ai_strategy=[AIPoint(point="AI copilot", evidence=[quote("s3")])]
    )
    g2 = GroundedSection(section_id="sec2", kpis=[kpi(21.5e6, "s9", metric="subscription revenue", key=None)])
    brief = merge(transcript, [g1, g2], warnings=["w"])
    assert [k.id for k in brief.kpis] == ["k1", "k2"]
    assert [a.id for a in brief.ai_strategy] == ["a1"]
    assert brief.company == "Northwind" and brief.source.characters == 1000 and brief.warnings == ["w"]


def test_highlight_lines_put_company_wide_headline_figures_first_and_cap_each_kind() -> None:
    kpis = [
        kpi(15.7e6, "s1", metric="Agora revenue", segment="Agora", value_text="$15.7 million"),
        kpi(3.1e6, "s2", metric="customers", key=None, value_text="3.1 million"),
        kpi(31.6e6, "s3", metric="total revenues", value_text="$31.6 million", yoy=-9.8, yoy_unit="%"),
        kpi(0.667, "s4", metric="gross margin", key="gross_margin", value_text="66.7%"),
        *(kpi(float(n), f"s{10 + n}", metric=f"other {n}", key=None, value_text=str(n)) for n in range(4)),
    ]
    guidance = [
        Guidance(metric=f"metric {n}", period="2024Q4", value_text=f"${n} million", evidence=[quote(f"s{20 + n}")])
        for n in range(5)
    ]
    ai = [AIPoint(point=f"AI point {n}", evidence=[quote(f"s{30 + n}")]) for n in range(4)]
    qa = [
        QATheme(
            theme=f"theme {n}",
            question="q",
            answer=f"answer {n}",
            section_ids=[f"sec{n}"],
            evidence=[quote(f"s{40 + n}")],
        )
        for n in range(4)
    ]
    brief = merge(
        Transcript(text="x" * 1000),
        [GroundedSection(section_id="sec1", kpis=kpis, guidance=guidance, ai_strategy=ai)],
        warnings=[],
    )
    brief.qa_themes = qa
    brief.period = "2025Q2"  # the KPIs' own: a line names a period only when it is another

    lines = highlight_lines(brief)

    assert lines[:3] == [
        "total revenues: $31.6 million, YoY -9.8%",
        "gross margin: 66.7%",
        "Agora revenue: $15.7 million",
    ]
    assert len([x for x in lines if not x.startswith(("Guidance", "AI", "Q&A"))]) == HIGHLIGHT_LINES["figures"]
    assert len([x for x in lines if x.startswith("Guidance")]) == HIGHLIGHT_LINES["guidance"]
    # The Q&A answers with the largest figures before the AI points.
    assert [x for x in lines if x.startswith(("AI", "Q&A"))] == [
        "Q&A: theme 3: answer 3",
        "Q&A: theme 2: answer 2",
        "AI (other): AI point 0",
        "AI (other): AI point 1",
    ]
