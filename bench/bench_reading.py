"""How well the code reads a figure's fields once a figure is chosen (no model).

Every amount the model is shown is named with the metric the sentence puts nearest before it, as
a model that always names the right metric would, and grounded two ways: by the amount's id (the
sentence is read around it) and by its value and sentence (the value looked for in the section,
as before amount ids). The briefs are scored against the analyst labels (``bench/score.py``):
what the reading of segment, basis, period, sign and changes gets right, apart from the model.

    python bench/bench_reading.py          # prints the table and writes its RESULTS.md section
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import score  # noqa: E402
from report import SHARED, table, write_section  # noqa: E402

from summarizer.assemble.build import build  # noqa: E402
from summarizer.document import Section, Transcript  # noqa: E402
from summarizer.extract.extractor import response_model_for  # noqa: E402
from summarizer.extract.focus import amount_refs, shown  # noqa: E402
from summarizer.extract.replies import Figure, QAFindings, SectionOutcome  # noqa: E402
from summarizer.ingest.readers import load_text  # noqa: E402
from summarizer.ingest.sections import analyse  # noqa: E402
from summarizer.text.metrics import find_mentions  # noqa: E402
from summarizer.text.numbers import parse  # noqa: E402
from summarizer.text.script import CJK_CHAR  # noqa: E402

CALLS = {"agora": ("agora-2024q3-en-zh.txt", True), "kuaishou": ("kuaishou-2024q4-zh.txt", False)}


def english_lines(text: str) -> str:
    """The English lines of a bilingual file, as ``bench_model.py`` sends them."""
    kept: list[str] = []
    for line in text.splitlines():
        if CJK_CHAR.search(line) or (kept and line.strip() and line == kept[-1]):
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


def figures(section: Section, *, by_id: bool) -> list[Figure]:
    """A figure for every shown amount that a metric name precedes in its sentence."""
    ids = {s.id for s in shown(section)}
    sentences = {s.id: s for s in section.sentences}
    out: list[Figure] = []
    for ref in amount_refs(section):
        if ref.sentence not in ids:
            continue
        text = sentences[ref.sentence].text
        named = [m for m in find_mentions(text) if m.end <= ref.start]
        if not named:
            continue
        metric = text[named[-1].start : named[-1].end]
        if by_id:
            out.append(Figure(metric=metric, amount=ref.id))
        else:
            amount = parse(text)[ref.index]
            out.append(Figure(metric=metric, value=amount.text, sentence=ref.sentence))
    return out


def brief_of(transcript: Transcript, sections: list[Section], *, by_id: bool):  # noqa: ANN201
    outcomes = []
    for section in sections:
        model = response_model_for(section)
        extra = {"theme": "-", "question": "-", "answer": "-", "cite": []} if model is QAFindings else {}
        found = model.model_construct(figures=figures(section, by_id=by_id), guidance=[], ai=[], **extra)
        outcomes.append(SectionOutcome(section=section, findings=[(section, found)]))
    return build(transcript, outcomes)


def main() -> int:
    labels = score.load_figures()
    rows = []
    for call, (name, english) in CALLS.items():
        path = SHARED / "transcripts" / name
        if not path.exists():
            print(f"skipped {call}: {path} is absent")
            continue
        raw = path.read_text(encoding="utf-8")
        transcript, sections = analyse(load_text(english_lines(raw) if english else raw, name=name))
        for by_id in (False, True):
            brief = brief_of(transcript, sections, by_id=by_id)
            for row in score.call_rows(brief, labels[call]):
                rows.append({"reading": "amount id" if by_id else "value search", **row})
    body = table(rows) + (
        "\n\nEvery shown amount named by the metric nearest before it in its sentence (a model that"
        " always names the right metric and picks every amount); *value search* grounds the same"
        " figures by value and sentence as before amount ids. The gap to the labels is what the"
        " code's reading (and this naming) misses, not the model."
    )
    print(body)
    write_section("bench_reading", "Figures read by code from their sentences (no model)", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
