"""Shared by the bench scripts: plain-text tables, machine facts, and bench/RESULTS.md sections.

Each script owns one section of ``RESULTS.md``, delimited by HTML comments, and replaces only
that section, so the scripts can run in any order and one at a time.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import resource
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SHARED = ROOT.parent / "shared"
RESULTS = BENCH / "RESULTS.md"


def cell(value: Any) -> str:
    if isinstance(value, float):
        if value == 0:
            return "0"
        return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
    return "" if value is None else str(value)


def table(rows: Sequence[dict[str, Any]]) -> str:
    """A Markdown table (also readable as plain text) with the keys of the first row as headers."""
    if not rows:
        return "(no rows)"
    headers = list(rows[0])
    cells = [[cell(row.get(h)) for h in headers] for row in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    line = lambda values: "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"  # noqa: E731
    out = [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(c) for c in cells]
    return "\n".join(out)


def cpu_model() -> str:
    try:
        for text in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if text.startswith("model name"):
                return text.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def git_commit() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no", "--", "summarizer", "prompts"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + (" (+ uncommitted changes in summarizer/ or prompts/)" if dirty else "")


def header(command: str) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        load = "load average {:.2f} {:.2f} {:.2f} at the end".format(*os.getloadavg())
    except OSError:
        load = "load average unknown"
    return (
        f"- date: {now}\n"
        f"- machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; {load} (the machine is shared:"
        " other jobs inflate wall times)\n"
        f"- commit: {git_commit()}\n"
        f"- command: `{command}`"
    )


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (``ru_maxrss`` is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Current resident memory of this process (Linux /proc), in MB."""
    try:
        for text in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if text.startswith("VmRSS"):
                return int(text.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def write_section(name: str, title: str, body: str, *, command: str | None = None, results: Path = RESULTS) -> None:
    """Replace (or append) the section ``name`` of ``results`` (bench/RESULTS.md)."""
    command = command or "python " + " ".join([f"bench/{Path(sys.argv[0]).name}", *sys.argv[1:]])
    begin, end = f"<!-- begin {name} -->", f"<!-- end {name} -->"
    section = f"{begin}\n## {title}\n\n{header(command)}\n\n{body.strip()}\n{end}"
    text = (
        results.read_text(encoding="utf-8")
        if results.exists()
        else (
            "# Benchmark results\n\nWritten by the scripts in bench/ (see bench/README.md); each script"
            " replaces its own section.\n"
        )
    )
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    results.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
