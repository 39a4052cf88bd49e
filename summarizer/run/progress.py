"""A batch's progress counted in sections, with an estimate of the time left, on stderr.

    begin(calls) -> each transcript's section parts counted when it is planned (before its
        requests) -> each part done advances the count -> time left = sections left x (elapsed
        / sections done) -> each finished transcript ends its count (a failed one's parts left
        are dropped; a skipped one was never planned)

Transcripts not planned yet count as the mean of those planned, so the total is an estimate
(shown with ``~``) until every transcript is planned. At a terminal a rich bar advances per
section; elsewhere (a log, a pipe) one line per finished transcript, and at most one line a
``heartbeat`` while sections finish in between. Pure but for ``RichProgress`` (rich, imported
when one is made) and the clock each display reads.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from summarizer.run.batch import Record

__all__ = [
    "HEARTBEAT",
    "Display",
    "LineProgress",
    "RichProgress",
    "SectionTally",
    "duration",
    "eta_text",
    "progress_display",
]

HEARTBEAT = 30.0
"""Seconds between two progress lines of a line display while no transcript finishes."""

Clock = Callable[[], float]


class Display(Protocol):
    """Where ``run_batch`` reports progress: the calls, each one's sections, notes."""

    def begin(self, total: int) -> None: ...

    def sections(self, path: Path, done: int, planned: int) -> None: ...

    def record(self, record: Record, spent: float) -> None: ...

    def note(self, line: str) -> None: ...


def duration(seconds: float) -> str:
    """``45s``, ``3m05s`` or ``2h07m``: a duration rounded to what a person reads at a glance."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


def eta_text(done: int, left: float, elapsed: float) -> str:
    """``eta 1m20s``: the time ``left`` sections take at the rate of the ``done`` ones over ``elapsed`` seconds.

    ``eta ?`` before any section is done (no rate yet), ``eta 0s`` only when none is left.
    """
    if left <= 0:
        return "eta 0s"
    if done <= 0 or elapsed <= 0:
        return "eta ?"
    seconds = elapsed / done * left
    return f"eta {duration(seconds)}" if seconds >= 1 else "eta <1s"


@dataclass
class SectionTally:
    """Counts of a batch: calls finished, sections planned and done per call, and when work began."""

    calls: int = 0
    planned: dict[str, int] = field(default_factory=dict)
    done: dict[str, int] = field(default_factory=dict)
    finished: set[str] = field(default_factory=set)
    started: float | None = None

    def plan(self, path: str | Path, done: int, planned: int, now: float) -> None:
        """Record ``path``'s section parts: ``planned`` in all, ``done`` of them finished."""
        if self.started is None:
            self.started = now
        self.planned[str(path)] = planned
        self.done[str(path)] = done

    def finish(self, path: str | Path) -> None:
        """``path`` is finished (ok, partial, failed or skipped): nothing more is left of it."""
        self.finished.add(str(path))

    @property
    def sections_done(self) -> int:
        return sum(self.done.values())

    @property
    def unplanned(self) -> int:
        """Calls neither planned nor finished: their sections are not known yet."""
        known = set(self.planned) | self.finished
        return max(0, self.calls - len(known))

    @property
    def left(self) -> float:
        """Sections still to do: the planned ones not done, and the mean for each call not planned."""
        planned = sum(n - self.done[p] for p, n in self.planned.items() if p not in self.finished)
        mean = sum(self.planned.values()) / len(self.planned) if self.planned else 0.0
        return planned + self.unplanned * mean

    @property
    def total(self) -> int:
        return round(self.sections_done + self.left)

    def eta(self, now: float) -> str:
        """``eta_text`` at ``now``; empty when no section was ever planned (a Batch API job)."""
        if self.started is None:
            return ""
        return eta_text(self.sections_done, self.left, now - self.started)

    def counts(self) -> str:
        """``calls 2/5, sections 12/~40`` (``~`` while some calls are not planned yet)."""
        text = f"calls {len(self.finished)}/{self.calls}"
        if self.planned:
            text += f", sections {self.sections_done}/{'~' if self.unplanned else ''}{self.total}"
        return text

    def line(self, now: float) -> str:
        """The counts and the estimate, as one line."""
        eta = self.eta(now)
        return self.counts() + (f", {eta}" if eta else "")


class LineProgress:
    """Progress as plain lines for a log: one per finished call, one per ``heartbeat`` between them.

    Calls skipped as already done get no line of their own (the final summary counts them).
    """

    def __init__(self, stream: IO[str], *, clock: Clock = time.monotonic, heartbeat: float = HEARTBEAT) -> None:
        self.stream = stream
        self.clock = clock
        self.heartbeat = heartbeat
        self.tally = SectionTally()
        self._last = 0.0

    def __enter__(self) -> LineProgress:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def begin(self, total: int) -> None:
        self.tally.calls = total
        self._last = self.clock()

    def sections(self, path: Path, done: int, planned: int) -> None:
        now = self.clock()
        self.tally.plan(path, done, planned, now)
        if done and now - self._last >= self.heartbeat:
            self._say(f"batch {self.tally.line(now)}", now)

    def record(self, record: Record, spent: float) -> None:
        self.tally.finish(record.path)
        if record.status == "skipped" and record.error == "already done":
            return
        now = self.clock()
        outcome = record.describe() if record.status == "failed" else f"{record.path} {record.status}"
        self._say(f"batch {self.tally.line(now)}: {outcome}", now)

    def note(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()

    def _say(self, line: str, now: float) -> None:
        self._last = now
        self.note(line)


class RichProgress:
    """A rich progress bar on stderr that advances per section: calls, sections, eta, tokens, cost, failed."""

    def __init__(self, console: Any = None, *, clock: Clock = time.monotonic) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = console if console is not None else Console(stderr=True)
        self.clock = clock
        self.tally = SectionTally()
        self._progress = Progress(
            TextColumn("[bold]batch"),
            BarColumn(bar_width=24),
            TextColumn("{task.fields[counts]}"),
            TextColumn("{task.fields[eta]}"),
            TextColumn("{task.fields[stats]}"),
            TimeElapsedColumn(),
            console=self.console,
            transient=False,
        )
        self._task: Any = None
        self.failed = 0
        self.tokens = 0
        self.spent = 0.0

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._progress.stop()

    def begin(self, total: int) -> None:
        self.tally.calls = total
        self._task = self._progress.add_task("batch", total=total, counts="", eta="", stats="")
        self._show()

    def sections(self, path: Path, done: int, planned: int) -> None:
        self.tally.plan(path, done, planned, self.clock())
        self._show()

    def record(self, record: Record, spent: float) -> None:
        self.tally.finish(record.path)
        self.failed += record.status == "failed"
        self.tokens += record.tokens if record.status != "skipped" else 0
        self.spent = spent
        self._show()
        if record.status == "failed":
            self.console.print(f"failed: {record.describe()}", markup=False, highlight=False)

    def note(self, line: str) -> None:
        self.console.print(line, markup=False, highlight=False)

    def _show(self) -> None:
        """The bar in sections once any call is planned; in calls before (and for a Batch API job)."""
        tally = self.tally
        if tally.planned:
            total, completed = max(tally.total, tally.sections_done, 1), tally.sections_done
        else:
            total, completed = max(tally.calls, 1), len(tally.finished)
        stats = f"tokens {self.tokens:,} ${self.spent:.4f}" + (f" failed {self.failed}" if self.failed else "")
        eta = tally.eta(self.clock())
        self._progress.update(self._task, total=total, completed=completed, counts=tally.counts(), eta=eta, stats=stats)


def progress_display(stream: IO[str]) -> LineProgress | RichProgress:
    """A rich bar when ``stream`` is a terminal, else plain lines (a log, a pipe, a test's capture)."""
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return RichProgress()
    return LineProgress(stream)
