"""The highlights: lines code writes from the merged, checked items; the model only chooses.

``highlight_lines`` writes one line per candidate item (a KPI with its value and stated
changes, guidance with its range or statement, a Q&A answer, an AI point) in the brief's own
language and script; the highlights request shows them with ids and the model answers with the
ids of the most important ones. ``chosen`` turns that answer into the brief's highlights;
``by_code`` chooses without a model (runs on the embedded model, whose choice was no better
than reading order; the Batch API path; a failed request). Either way a highlight is a checked
item as written: no figure the items lack, no second script, no text the model made up.
"""

from __future__ import annotations

from summarizer.brief import KPI, Brief, Direction, Guidance, QATheme
from summarizer.extract.recall import HEADLINE_KEYS
from summarizer.text import numbers
from summarizer.text.script import IDEOGRAPH, MIXED_WORD, traditional

__all__ = [
    "CODE_CHOICE",
    "HIGHLIGHT_LINES",
    "HIGHLIGHTS",
    "by_code",
    "chinese",
    "chosen",
    "highlight_lines",
    "one_script",
]

HIGHLIGHTS = 6  # at most this many highlights in a brief, at least min(3, lines) when there are lines

# At most this many lines of each kind: a short input keeps a small model on the headline
# figures and the outlook rather than on whichever segment rows came first in the call
# (bench/RESULTS.md, highlights).
HIGHLIGHT_LINES = {"figures": 5, "guidance": 3, "ai": 2, "qa": 2}


def _headline_first(kpis: list[KPI], period: str | None) -> list[KPI]:
    """Company-wide headline figures first: the call's period before another's, a level before a
    figure stated only as its change."""
    return sorted(
        kpis,
        key=lambda k: (not (k.key in HEADLINE_KEYS and not k.segment), k.period not in (None, period), k.value is None),
    )


_LINE_CHARS = 160  # a highlight is one line: a longer statement or answer keeps its opening


def _short(text: str) -> str:
    return text if len(text) <= _LINE_CHARS else text[: _LINE_CHARS - 1].rstrip() + "\u2026"


_MOVED = {Direction.raised, Direction.lowered, Direction.narrowed, Direction.withdrawn}


def _moved_first(guidance: list[Guidance]) -> list[Guidance]:
    """Guidance that changed first, then guidance with a figure, then statements; call order within."""
    return sorted(guidance, key=lambda g: (g.direction not in _MOVED, g.low is None and g.high is None))


def _weight(theme: QATheme) -> float:
    """How much an answer commits to: its largest stated figure (a share counts as itself)."""
    return max((abs(v) for a in numbers.parse(theme.answer) for v in a.values()), default=-1.0)


class _Words:
    """The words and punctuation of a line in one language (English, or Chinese in one script)."""

    def __init__(self, brief: Brief) -> None:
        self.zh = chinese(brief)
        trad = self.zh and traditional(" ".join(_texts(brief) + [k.value_text for k in brief.kpis]))
        if not self.zh:
            self.colon, self.comma, self.open, self.close = ": ", ", ", " (", ")"
            self.change = {"YoY": "YoY", "QoQ": "QoQ"}
            self.guidance = "Guidance"
            self.moved = {d: d.value for d in _MOVED}
            return
        # full-width colon, comma and parentheses; \u540c\u6bd4 (YoY), \u74b0\u6bd4 / \u73af\u6bd4 (QoQ)
        self.colon, self.comma, self.open, self.close = "\uff1a", "\uff0c", "\uff08", "\uff09"
        self.change = {"YoY": "\u540c\u6bd4", "QoQ": "\u74b0\u6bd4" if trad else "\u73af\u6bd4"}
        self.guidance = "\u6307\u5f15"  # guidance
        self.moved = {
            Direction.raised: "\u4e0a\u8abf" if trad else "\u4e0a\u8c03",
            Direction.lowered: "\u4e0b\u8abf" if trad else "\u4e0b\u8c03",
            Direction.narrowed: "\u6536\u7a84",
            Direction.withdrawn: "\u64a4\u56de",
        }

    def changes(self, k: KPI, *kinds: str) -> str:
        """``"YoY +12%"``, ``"QoQ -1.5pp"``, ``"YoY +2.6x"``: the KPI's stated changes of ``kinds``."""
        parts = []
        for kind in kinds:
            change, unit = getattr(k, kind.lower()), getattr(k, f"{kind.lower()}_unit")
            if change is not None:
                parts.append(f"{self.change[kind]} {change:+g}{unit if unit in ('pp', 'x') else '%'}")
        return self.comma.join(parts)

    def of(self, *names: str | None) -> str:
        """``" (Marketplace, 2023)"``: what a line's figure is of, beyond its metric."""
        named = [n for n in names if n]
        return f"{self.open}{self.comma.join(named)}{self.close}" if named else ""


def _texts(brief: Brief) -> list[str]:
    """The items' words as the call states them (Q&A summaries are the model's, English by grammar)."""
    texts = [k.metric for k in brief.kpis] + [g.statement or g.metric for g in brief.guidance]
    return texts + [a.point for a in brief.ai_strategy]


def chinese(brief: Brief) -> bool:
    """Whether the brief's items are written in Chinese: most KPI metrics, guidance statements and
    AI points hold ideographs (Q&A summaries are English by grammar, so they do not count); with
    none of those, the source's first language."""
    texts = _texts(brief)
    if not texts:
        return bool(brief.source.languages) and brief.source.languages[0] == "zh"
    return 2 * sum(bool(IDEOGRAPH.search(t)) for t in texts) > len(texts)


def _kpi_line(k: KPI, w: _Words, period: str | None) -> str:
    # A segment's figure names its segment: never read as the company's total.
    seg = k.segment if k.segment and k.segment not in k.metric else None
    head = f"{k.metric}{w.of(seg, k.period if k.period != period else None)}{w.colon}"
    if k.value is None:  # stated only as its change
        return head + w.changes(k, "YoY", "QoQ")
    change = f"{w.comma}{w.changes(k, 'YoY')}" if k.yoy is not None else ""
    return f"{head}{k.value_text}{change}"


def _guidance_line(g: Guidance, w: _Words) -> str:
    of = w.of(g.period, w.moved.get(g.direction))
    if w.zh:  # the statement names the metric as the call does (the model's name may be English)
        return f"{w.guidance}{of}{w.colon}{g.statement or g.value_text or g.metric}"
    return f"{w.guidance} {g.metric}{of}{w.colon}{g.value_text or g.statement or ''}"


def highlight_lines(brief: Brief) -> list[str]:
    """The candidate highlights: one line per item, in the brief's language, in reading order.

    At most ``HIGHLIGHT_LINES`` of each kind, in the order an analyst reads a call: headline KPIs
    (``recall.HEADLINE_KEYS`` without a segment) before the others; then the outlook that changed
    (raised, lowered, narrowed, withdrawn) or is quantified; then the Q&A answers with the
    largest figures; then AI points. A line in another script than the brief's (an English Q&A
    summary of a Chinese call) is not offered; each line is cut to 160 characters.
    """
    return [line for _, line in _candidates(brief)]


def _candidates(brief: Brief) -> list[tuple[str, str]]:
    """``highlight_lines`` with each line's kind (a ``HIGHLIGHT_LINES`` key)."""
    w = _Words(brief)
    lines: list[tuple[str, str]] = []
    top = _headline_first(brief.kpis, brief.period)[: HIGHLIGHT_LINES["figures"]]
    lines += [("figures", _kpi_line(k, w, brief.period)) for k in top]
    lines += [("guidance", _guidance_line(g, w)) for g in _moved_first(brief.guidance)[: HIGHLIGHT_LINES["guidance"]]]
    themes = sorted(brief.qa_themes, key=_weight, reverse=True)[: HIGHLIGHT_LINES["qa"]]
    lines += [("qa", f"{q.theme}{w.colon}{q.answer}" if w.zh else f"Q&A: {q.theme}: {q.answer}") for q in themes]
    for a in brief.ai_strategy[: HIGHLIGHT_LINES["ai"]]:
        lines.append(("ai", f"AI{w.colon}{a.point}" if w.zh else f"AI ({a.category.value}): {a.point}"))
    return [(kind, _short(line)) for kind, line in lines if bool(IDEOGRAPH.search(line)) == w.zh and one_script(line)]


# Code's own choice, by kind, when no model chooses: the top results, the outlook, one answer.
CODE_CHOICE = {"figures": 3, "guidance": 2, "qa": 1, "ai": 0}


def by_code(brief: Brief) -> list[str]:
    """The highlights chosen without a model: in reading order, up to ``CODE_CHOICE`` lines of each
    kind, then the next lines in reading order up to ``HIGHLIGHTS``."""
    candidates = _candidates(brief)
    taken: dict[str, int] = {}
    picked: list[int] = []
    for position, (kind, _) in enumerate(candidates):
        if taken.get(kind, 0) < CODE_CHOICE[kind]:
            taken[kind] = taken.get(kind, 0) + 1
            picked.append(position)
    picked += [p for p in range(len(candidates)) if p not in picked]
    return [candidates[p][1] for p in sorted(picked[:HIGHLIGHTS])]


def chosen(positions: list[int], lines: list[str]) -> list[str]:
    """The highlights: the first line (the call's top result when it states one) always leading,
    then the lines at the model's ``positions`` (its order, each once, at most ``HIGHLIGHTS`` in
    all), then, while fewer than three, the next lines in reading order. A small model counts ids
    up from wherever it starts; the top line is not left to it."""
    picked = list(dict.fromkeys(p for p in [0, *positions] if 0 <= p < len(lines)))[:HIGHLIGHTS]
    for p in range(len(lines)):
        if len(picked) >= min(3, len(lines)):
            break
        if p not in picked:
            picked.append(p)
    return [lines[p] for p in picked]


def one_script(text: str) -> bool:
    """Whether a line keeps to one script: no English word glued to Chinese ("fourth\u5b63\u5ea6")."""
    return not MIXED_WORD.search(text)
