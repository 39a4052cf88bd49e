"""What code alone reads of the outlook: briefs built from empty model replies, scored on the labels.

    python bench/bench_outlook.py

Every section the pipeline would send gets an empty reply (no figures, no guidance), so each
guidance item in the brief comes from recall and grounding: the floor the model's own items add
to. Scored with ``bench/score.py`` against tests/data/analyst_outlook.json: outlook recall on the
shared Agora call (English lines, as ``bench_model.py --case agora`` reads it) and the Kuaishou
notes, guidance items without a statement, and the ECTSum sample's guidance bullets (numbers and
bullets found). No model, seconds. Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import score  # noqa: E402
from bench_model import english_lines  # noqa: E402
from report import SHARED, table, write_section  # noqa: E402

from summarizer.assemble.build import build  # noqa: E402
from summarizer.brief import Brief  # noqa: E402
from summarizer.document import SectionKind, Transcript  # noqa: E402
from summarizer.extract.replies import QAFindings, RemarksFindings, SectionOutcome  # noqa: E402
from summarizer.ingest.readers import load_path, load_text  # noqa: E402
from summarizer.run.pipeline import plan  # noqa: E402

MAX_SECTION_TOKENS = 3000


def code_only(transcript: Transcript) -> Brief:
    """The brief of ``transcript`` when every section's reply is empty."""
    transcript, parts = plan(transcript, max_section_tokens=MAX_SECTION_TOKENS)
    outcomes = []
    for part in parts:
        empty = (
            QAFindings(theme="-", question="-", answer="-", cite=[])
            if part.kind is SectionKind.qa
            else RemarksFindings()
        )
        outcomes.append(SectionOutcome(section=part, findings=[(part, empty)]))
    brief = build(transcript, outcomes)
    brief.qa_themes = []  # empty replies name no theme
    return brief


def main() -> int:
    if not (SHARED / "transcripts").is_dir():
        print("../shared is not present: nothing to measure")
        return 0
    outlook, ectsum = score.load_outlook()
    started = time.perf_counter()
    agora = load_text(
        english_lines((SHARED / "transcripts" / "agora-2024q3-en-zh.txt").read_text(encoding="utf-8")),
        name="agora-2024q3-en.txt",
    )
    calls = {"agora": agora, "kuaishou": load_path(SHARED / "transcripts" / "kuaishou-2024q4-zh.txt")}
    call_rows = []
    for name, transcript in calls.items():
        found = score.outlook_recall(code_only(transcript), outlook[name])
        call_rows.append(
            {
                "call": name,
                "outlook recall": f"{len(found.found)}/{found.total}",
                "guidance items": found.items,
                "without statement": found.without_statement,
                "missing labels": ", ".join(found.missing) or "-",
            }
        )
    bullet_scores = []
    for path in sorted((SHARED / "ectsum-sample" / "ects").glob("*.txt")):
        if path.stem in ectsum:
            bullet_scores.append(score.bullet_recall(code_only(load_path(path)), ectsum[path.stem]))
    sample_rows = [
        {
            "sample": s.sample,
            "bullet numbers found": f"{s.numbers_found}/{s.numbers}",
            "bullets found": f"{s.bullets_found}/{s.bullets}",
        }
        for s in bullet_scores
        if s.bullets
    ]
    numbers = sum(s.numbers for s in bullet_scores)
    numbers_found = sum(s.numbers_found for s in bullet_scores)
    bullets = sum(s.bullets for s in bullet_scores)
    bullets_found = sum(s.bullets_found for s in bullet_scores)
    seconds = time.perf_counter() - started
    body = "\n\n".join(
        [
            "Every section's reply empty: each guidance item comes from outlook recall and grounding"
            " (`extract/outlook.py`, `ground/guidance.py`), scored by `bench/score.py` on"
            " tests/data/analyst_outlook.json. No model.",
            table(call_rows),
            table(sample_rows),
            f"ECTSum guidance bullets: numbers {numbers_found}/{numbers}, bullets {bullets_found}/{bullets};"
            f" {seconds:.1f} s for all of it.",
        ]
    )
    print(body)
    write_section("bench_outlook", "Outlook from code alone (no model)", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
