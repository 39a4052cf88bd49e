"""What the highlights request reads, and which written highlights are kept.

The highlights are the one place the model writes free text about figures, so it reads only
the merged, checked items (never the transcript), and a highlight survives only when every
quantity in it is one of those items' figures.
"""

from __future__ import annotations

import math

from summarizer.brief import KPI, Brief, Direction, Guidance, QATheme
from summarizer.extract.recall import HEADLINE_KEYS
from summarizer.text import numbers
from summarizer.text.script import MIXED_WORD

__all__ = ["HIGHLIGHT_LINES", "figures_known", "highlight_lines", "kept", "one_script"]

# At most this many lines of each kind: a short input keeps a small model on the headline
# figures and the outlook rather than on whichever segment rows came first in the call
# (bench/RESULTS.md, highlights).
HIGHLIGHT_LINES = {"figures": 5, "guidance": 3, "ai": 2, "qa": 2}


def _headline_first(kpis: list[KPI]) -> list[KPI]:
    return sorted(kpis, key=lambda k: not (k.key in HEADLINE_KEYS and not k.segment))


_STATEMENT_CHARS = 160  # a guidance statement is its whole sentence: the line needs its opening only


def _short(text: str) -> str:
    return text if len(text) <= _STATEMENT_CHARS else text[: _STATEMENT_CHARS - 1].rstrip() + "\u2026"


_MOVED = {Direction.raised, Direction.lowered, Direction.narrowed, Direction.withdrawn}


def _moved_first(guidance: list[Guidance]) -> list[Guidance]:
    """Guidance that changed first, then guidance with a figure, then statements; call order within."""
    return sorted(guidance, key=lambda g: (g.direction not in _MOVED, g.low is None and g.high is None))


def _weight(theme: QATheme) -> float:
    """How much an answer commits to: its largest stated figure (a share counts as itself)."""
    return max((abs(v) for a in numbers.parse(theme.answer) for v in a.values()), default=-1.0)


def _changes(k: KPI, *kinds: str) -> str:
    """``"YoY +12%"``, ``"QoQ -1.5pp"``, ``"YoY +2.6x"``: the KPI's stated changes of ``kinds``."""
    parts = []
    for kind in kinds:
        change, unit = getattr(k, kind.lower()), getattr(k, f"{kind.lower()}_unit")
        if change is not None:
            parts.append(f"{kind} {change:+g}{unit if unit in ('pp', 'x') else '%'}")
    return ", ".join(parts)


def highlight_lines(brief: Brief) -> list[str]:
    """Compact one-line statements of the merged items, the input of the highlights call.

    At most ``HIGHLIGHT_LINES`` of each kind, in the order an analyst reads a call: headline KPIs
    (``recall.HEADLINE_KEYS`` without a segment) before the others; then the outlook that changed
    (raised, lowered, narrowed, withdrawn) or is quantified; then the Q&A answers with the
    largest figures; then AI points.
    """
    lines: list[str] = []
    for k in _headline_first(brief.kpis)[: HIGHLIGHT_LINES["figures"]]:
        # A segment's figure names its segment: never read as the company's total.
        seg = f" ({k.segment})" if k.segment and k.segment not in k.metric else ""
        if k.value is None:  # stated only as its change
            lines.append(f"{k.metric}{seg}: {_changes(k, 'YoY', 'QoQ')}")
        else:
            change = f", {_changes(k, 'YoY')}" if k.yoy is not None else ""
            lines.append(f"{k.metric}{seg}: {k.value_text}{change}")
    for g in _moved_first(brief.guidance)[: HIGHLIGHT_LINES["guidance"]]:
        what = g.value_text or _short(g.statement or "")
        moved = f" ({g.direction.value})" if g.direction in _MOVED else ""
        lines.append(f"Guidance {g.metric} {g.period or ''}{moved}: {what}".replace("  ", " ").strip())
    themes = sorted(brief.qa_themes, key=_weight, reverse=True)
    lines.extend(f"Q&A: {q.theme}: {q.answer}" for q in themes[: HIGHLIGHT_LINES["qa"]])
    lines.extend(f"AI ({a.category.value}): {a.point}" for a in brief.ai_strategy[: HIGHLIGHT_LINES["ai"]])
    return lines


def figures_known(highlight: str, lines: list[str]) -> bool:
    """Every quantity in a highlight is one of the checked items' (the model writes highlights freely)."""
    known = [v for line in lines for a in numbers.parse(line) for v in a.values()]
    return all(
        any(math.isclose(v, k, rel_tol=0.05) for v in amount.values() for k in known)
        for amount in numbers.parse(highlight)
    )


def one_script(highlight: str) -> bool:
    """Whether a highlight keeps to one script: no English word glued to Chinese ("fourth\u5b63\u5ea6")."""
    return not MIXED_WORD.search(highlight)


def kept(highlight: str, lines: list[str]) -> bool:
    """Whether a written highlight is kept: its figures are the checked items' and it keeps to one script."""
    return figures_known(highlight, lines) and one_script(highlight)
