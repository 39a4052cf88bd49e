"""Every restyled version of every call gives the sections of the original: kinds, count, askers, firms.

The restyles (``tests/restyle.py``) rewrite labels and punctuation into many styles; the shared real
calls are read from ``../shared`` (skipped when absent) and the project's own fixtures from
``tests/fixtures``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from restyle import STYLES, Style, restyle, structure
from widths import CLOSE, COLON, COMMA, OPEN, WIDE_OFFSET

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "transcripts"


def _calls() -> list[Path]:
    own = sorted(p for p in FIXTURES.iterdir() if p.suffix in {".txt", ".md"})
    shared = sorted(SHARED.glob("*.txt")) if SHARED.is_dir() else []
    return shared + own


CALLS = _calls()


def test_there_are_at_least_twelve_styles() -> None:
    assert len(STYLES) >= 12
    assert len({s.name for s in STYLES}) == len(STYLES)


@pytest.mark.parametrize("path", CALLS, ids=lambda p: p.name)
@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
def test_restyle_keeps_the_sections(path: Path, style: Style) -> None:
    original = path.read_text(encoding="utf-8")
    restyled = restyle(original, style)
    assert structure(restyled) == structure(original)


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
def test_every_style_rewrites_the_labels(style: Style) -> None:
    original = (FIXTURES / "example-call.txt").read_text(encoding="utf-8")
    restyled = restyle(original, style)
    assert "Priya Nair - Analyst\n" not in restyled
    assert "Priya Nair" in restyled and "Granite Securities" in restyled


@pytest.mark.parametrize("path", CALLS, ids=lambda p: p.name)
def test_calls_have_question_sections(path: Path) -> None:
    """The restyle tests above are empty if the originals had no Q&A to keep."""
    kinds = [kind for kind, _, _ in structure(path.read_text(encoding="utf-8"))]
    assert "qa" in kinds or path.name in {"md_headed.md", "plain_remarks.txt"}


def test_fullwidth_styles_write_real_fullwidth_code_points() -> None:
    text = (FIXTURES / "zh_role_labels.txt").read_text(encoding="utf-8")
    wide = next(s for s in STYLES if s.name == "fullwidth_q_a_inline")
    restyled = restyle(text, wide)
    for mark in (COLON, COMMA, OPEN, CLOSE):
        assert mark in restyled, f"U+{ord(mark):04X} missing"
    assert ord(COLON) == ord(":") + WIDE_OFFSET == 0xFF1A
    digits = next(s for s in STYLES if s.digits)
    assert chr(0xFF11) in restyle(text, digits)  # a full-width 1 in "Q1"


def test_ascii_style_leaves_no_fullwidth_marks() -> None:
    text = (FIXTURES / "yunfan_for_render.txt").read_text(encoding="utf-8")
    narrow = next(s for s in STYLES if s.wide is False)
    restyled = restyle(text, narrow)
    assert COLON not in restyled and OPEN not in restyled
    assert structure(restyled) == structure(text)
