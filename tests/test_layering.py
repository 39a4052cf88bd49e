"""Pure stages never import the model client or the CLI (checked in a fresh interpreter)."""

import subprocess
import sys

import pytest

PURE = [
    "summarizer.brief",
    "summarizer.config",
    "summarizer.document",
    "summarizer.errors",
    "summarizer.findings",
    "summarizer.focus",
    "summarizer.formats",
    "summarizer.grounding",
    "summarizer.load",
    "summarizer.memo",
    "summarizer.merge",
    "summarizer.metrics",
    "summarizer.numbers",
    "summarizer.periods",
    "summarizer.recall",
    "summarizer.prompting",
    "summarizer.render",
    "summarizer.schema",
    "summarizer.sections",
]
FORBIDDEN = ("openai", "instructor", "typer")


@pytest.mark.parametrize("module", PURE)
def test_pure_stage_imports_no_client_or_cli(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} pulls in {out.stdout.strip()}"
