"""How well grounding finds real figures and refuses wrong ones, on the ECTSum sample.

For each call in ../shared/ectsum-sample, every figure in the expert bullet summary becomes a
model "answer" that cites the wrong sentence (the first one), so grounding has to find the value
in the section on its own; the same figure with its value moved by 7% must be refused. Ranges
after "sees"/"expects" become guidance. Only figures whose digits occur in the call count as
findable (bullets also quote press-release numbers the call never says).

    python bench/bench_grounding.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from summarizer.document import Section, SectionKind, Sentence, Span, Transcript
from summarizer.extract.replies import Figure, Outlook, RemarksFindings
from summarizer.ground import ground_section
from summarizer.text.numbers import parse

ROOT = Path(__file__).resolve().parents[2] / "shared" / "ectsum-sample"


def _section(text: str) -> tuple[Transcript, Section]:
    sentences: list[Sentence] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            sentences.append(
                Sentence(id=f"s{len(sentences) + 1}", span=Span(start=offset, end=offset + len(line)), text=line)
            )
        offset += len(line) + 1
    section = Section(
        id="sec1", kind=SectionKind.prepared_remarks, span=Span(start=0, end=len(text)), sentences=sentences
    )
    return Transcript(text=text), section


def _perturb(written: str) -> str:
    """The same figure with its first number moved by 7%, written with the same decimals."""
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", written)
    if m is None:
        return written
    decimals = len(m[1] or "")
    number = float(m.group().replace(",", ""))
    moved = max(number * 1.07, number + 10.0 ** (-decimals))
    return written[: m.start()] + f"{moved:,.{decimals}f}" + written[m.end() :]


def _findable(written: str, text: str) -> bool:
    m = re.search(r"\d[\d,]*(?:\.\d+)?", written)
    return bool(m) and re.search(rf"(?<![\d.]){re.escape(m.group())}(?![\d])", text) is not None


def main() -> int:
    if not ROOT.is_dir():
        print(f"no ECTSum sample at {ROOT}")
        return 1
    rows = []
    totals = [0, 0, 0, 0, 0]
    started = time.perf_counter()
    for path in sorted((ROOT / "ects").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        transcript, section = _section(text)
        figures: list[Figure] = []
        wrong: list[Figure] = []
        guidance: list[Outlook] = []
        gt = (ROOT / "gt_summaries" / path.name).read_text(encoding="utf-8").splitlines()
        for bullet in gt:
            amounts = [a for a in parse(bullet) if a.unit is not None or a.scale is not None]
            metric = re.sub(r"[\d$%.,]+|\b(?:million|billion|percent|to|of)\b", " ", bullet)
            metric = re.sub(
                r"^(?:compname|bank of america -|sees|expects|now|raises|reports|posts|announces|qtrly|q|\s)+",
                "",
                metric,
            ).strip()
            for amount in amounts:
                if not _findable(amount.text, text):
                    continue
                if amount.is_range and re.match(r"(?:sees|expects|raises|now expects)", bullet):
                    guidance.append(Outlook(metric=metric, low=amount.text, cite=["s1"]))
                    continue
                figures.append(Figure(sentence="s1", metric=metric, value=amount.text))
                wrong.append(Figure(sentence="s1", metric=metric, value=_perturb(amount.text)))
        right = ground_section(RemarksFindings(figures=figures, guidance=guidance), section, transcript)
        bad = ground_section(RemarksFindings(figures=wrong), section, transcript)
        row = (path.stem, len(figures), len(right.kpis), len(guidance), len(right.guidance), len(wrong) - len(bad.kpis))
        rows.append(row)
        for i, v in enumerate(row[1:]):
            totals[i] += v
    elapsed = time.perf_counter() - started
    print(f"{'call':<14} {'figures':>7} {'kept':>5} {'guid.':>5} {'kept':>5} {'wrong refused':>13}")
    for name, n, kept, g, gk, refused in rows:
        print(f"{name:<14} {n:>7} {kept:>5} {g:>5} {gk:>5} {refused:>9}/{n:<3}")
    n, kept, g, gk, refused = totals
    print(f"{'total':<14} {n:>7} {kept:>5} {g:>5} {gk:>5} {refused:>9}/{n:<3}")
    print(f"figures kept {kept}/{n}, guidance kept {gk}/{g}, perturbed figures refused {refused}/{n}; {elapsed:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
