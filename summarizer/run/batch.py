"""Many transcripts: ``summarize_many`` for the library, ``run_batch`` behind ``summarizer batch``.

    inputs (files, folders, globs) -> one endpoint (one embedded server if local)
        -> transcripts in flight under ONE request limit (+ optional tokens-per-minute pacing)
        -> each brief written atomically to OUTDIR/<stem>.<format>, a line appended to index.jsonl
        -> index.jsonl rewritten atomically at the end, one line per input, in input order

Resume: an input whose output exists, whose last index line is not ``partial`` or ``failed``
and whose bytes did not change is skipped (``--force`` redoes it). A partial brief is redone:
with the response cache its good sections cost nothing. ``--max-cost`` stops starting new
transcripts once the estimated spend reaches the budget; those are ``skipped`` with error
``budget``. One bad input (missing, empty, binary) fails alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import hashlib
import json
import os
import queue
import tempfile
import threading
import time
import warnings
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from summarizer.ingest import readers

from summarizer.run import pipeline
from summarizer.brief import Brief
from summarizer.run.cache import ResponseCache
from summarizer.config import Endpoint, resolve_endpoint
from summarizer.run.cost import CostMeter, load_prices
from summarizer.errors import ConfigError, SummarizerError
from summarizer.render import FORMATS, get_format, render

INDEX = "index.jsonl"
SUFFIXES = (".txt", ".md")
_RUN_OPTIONS = ("client", "model", "base_url", "api_key", "mode", "local", "local_model", "max_section_tokens")


@dataclass
class Record:
    """One line of index.jsonl: what became of one input."""

    path: str
    output: str | None = None
    status: str = "failed"  # ok | partial | failed | skipped
    kpis: int = 0
    guidance: int = 0
    ai: int = 0
    qa: int = 0
    tokens: int = 0
    cached: int = 0
    seconds: float = 0.0
    cost: float | None = None
    error: str | None = None
    sha256: str | None = None

    def line(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    def describe(self) -> str:
        """``path: error`` on one line (the path once, even when the error already names it)."""
        error = self.error or self.status
        return error if error.startswith(self.path) else f"{self.path}: {error}"


@dataclass
class BatchReport:
    """What ``run_batch`` did: one record per input, the estimated spend, the index path."""

    records: list[Record]
    spent: float
    index: Path
    unpriced: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.records)

    @property
    def failures(self) -> list[Record]:
        return [r for r in self.records if r.status == "failed"]


class Display(Protocol):
    """Where ``run_batch`` reports progress (``RichProgress`` on stderr in the CLI)."""

    def begin(self, total: int) -> None: ...

    def record(self, record: Record, spent: float) -> None: ...

    def note(self, line: str) -> None: ...


# --- inputs and outputs ----------------------------------------------------------------------------


def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Files, folders (their *.txt and *.md, sorted) and globs -> (paths in order, unmatched inputs)."""
    found: list[Path] = []
    unmatched: list[str] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            found.append(p)

    for raw in inputs:
        text = os.fspath(raw)
        p = Path(text).expanduser()
        if p.is_dir():
            for child in sorted(p.iterdir()):
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    add(child)
        elif p.exists():
            add(p)
        elif glob.has_magic(text):
            matches = sorted(Path(m) for m in glob.glob(os.path.expanduser(text), recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                unmatched.append(text)
            for m in files:
                add(m)
        else:
            unmatched.append(text)
    return found, unmatched


def output_paths(paths: list[Path], outdir: Path, fmt: str) -> dict[Path, Path]:
    """OUTDIR/<stem><ext> per input; inputs sharing a stem get a short hash of their path."""
    ext = FORMATS[fmt].extension
    stems: dict[str, int] = {}
    for p in paths:
        stems[p.stem] = stems.get(p.stem, 0) + 1
    named: dict[Path, Path] = {}
    for p in paths:
        stem = p.stem
        if stems[stem] > 1:
            stem += "-" + hashlib.sha256(str(p.resolve()).encode()).hexdigest()[:8]
        named[p] = outdir / f"{stem}{ext}"
    return named


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so no half file is ever left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_index(path: Path) -> dict[str, Record]:
    """The last record per input path of an index.jsonl (unreadable lines are ignored)."""
    last: dict[str, Record] = {}
    if not path.is_file():
        return last
    names = set(Record.__dataclass_fields__)
    for line in path.read_text("utf-8", errors="replace").splitlines():
        try:
            data = json.loads(line)
            record = Record(**{k: v for k, v in data.items() if k in names})
        except (ValueError, TypeError):
            continue
        last[record.path] = record
    return last


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


# --- pacing ------------------------------------------------------------------------------------------


class TokenRate:
    """A tokens-per-minute limiter: awaited with a request's estimated tokens before it is sent.

    It keeps the estimates of the last 60 seconds and waits until the new request fits. A
    request larger than the whole budget goes alone once the window is empty.
    """

    def __init__(
        self,
        tokens_per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        if tokens_per_minute <= 0:
            raise ConfigError(f"--tpm must be a positive number of tokens, got {tokens_per_minute}")
        self.tokens_per_minute = tokens_per_minute
        self._clock = clock
        self._sleep = sleep
        self._window: deque[tuple[float, int]] = deque()
        self._lock: asyncio.Lock | None = None

    async def __call__(self, tokens: int) -> None:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            while True:
                now = self._clock()
                while self._window and self._window[0][0] <= now - 60.0:
                    self._window.popleft()
                used = sum(n for _, n in self._window)
                if not self._window or used + tokens <= self.tokens_per_minute:
                    self._window.append((now, tokens))
                    return
                await self._sleep(max(0.01, self._window[0][0] + 60.0 - now))


# --- the engine: many transcripts under one limit ---------------------------------------------------


Result = Brief | Exception


@dataclass
class _Session:
    """One endpoint, one request limit, one pacing and one cache for a whole batch."""

    run_options: dict[str, Any]
    endpoint: Endpoint | None
    limit: asyncio.Semaphore
    pace: TokenRate | None
    cache: ResponseCache | None
    workers: int
    meter: CostMeter | None = None

    async def summarize(self, path: Path) -> Result:
        try:
            transcript = readers.load_path(path)
            brief = await pipeline._run(
                transcript,
                endpoint=self.endpoint,
                cache=self.cache,
                limit=self.limit,
                pace=self.pace,
                **self.run_options,
            )
        except asyncio.CancelledError:
            raise
        except Exception as e:  # noqa: BLE001 - one input's failure is reported, never fatal to the batch
            return e
        if self.meter is not None:
            local = brief.model.endpoint == "embedded"
            brief.usage.cost_usd = self.meter.add(brief.usage, brief.model.name, local=local)
        return brief

    async def each(
        self,
        paths: list[Path],
        done: Callable[[Path, Result], Any],
        *,
        may_start: Callable[[], bool] = lambda: True,
    ) -> list[Path]:
        """Summarise ``paths`` (``workers`` at a time); call ``done`` as each finishes.

        Returns the paths never started because ``may_start`` said no (a spent budget).
        """
        pending = deque(paths)
        not_started: list[Path] = []

        async def worker() -> None:
            while pending:
                if not may_start():
                    not_started.extend(pending)
                    pending.clear()
                    return
                path = pending.popleft()
                result = await self.summarize(path)
                outcome = done(path, result)
                if asyncio.iscoroutine(outcome):
                    await outcome

        await asyncio.gather(*(worker() for _ in range(max(1, self.workers))))
        return not_started


_start_local = pipeline._endpoint_client  # starts the embedded server (replaced in tests)


def _warn(message: str) -> None:
    warnings.warn(message, stacklevel=3)


def _cache_for(cache: bool | ResponseCache | None) -> ResponseCache | None:
    if isinstance(cache, ResponseCache):
        return cache
    return ResponseCache() if cache else None


@contextlib.asynccontextmanager
async def session(
    *,
    concurrency: int | None = None,
    tokens_per_minute: int | None = None,
    cache: bool | ResponseCache | None = True,
    progress: Callable[[str], None] | None = None,
    meter: CostMeter | None = None,
    **options: Any,
) -> AsyncIterator[_Session]:
    """Resolve the endpoint once (starting the embedded model once if it is local) for a batch.

    ``options`` are ``summarize``'s endpoint options (``client``, ``model``, ``base_url``,
    ``api_key``, ``mode``, ``local``, ``local_model``, ``max_section_tokens``). ``concurrency`` is the one limit
    on requests in flight across all transcripts and sections. Each brief's
    ``usage.cost_usd`` is estimated (``meter``, by default the shipped and user prices, naming
    an unpriced model once through ``progress`` or a warning).
    """
    unknown = set(options) - set(_RUN_OPTIONS)
    if unknown:
        raise TypeError(f"unexpected option(s): {', '.join(sorted(unknown))}")
    run_options = dict(options)
    pace = TokenRate(tokens_per_minute) if tokens_per_minute else None
    store = _cache_for(cache)
    meter = meter or CostMeter(load_prices(), warn=progress or _warn)
    if run_options.get("client") is not None:
        limit = asyncio.Semaphore(max(1, concurrency or 4))
        yield _Session(run_options, None, limit, pace, store, max(2, concurrency or 4), meter)
        return
    from summarizer.extract import extractor
    endpoint = resolve_endpoint(
        model=run_options.pop("model", None),
        base_url=run_options.pop("base_url", None),
        api_key=run_options.pop("api_key", None),
        mode=run_options.pop("mode", None),
        local=bool(run_options.pop("local", False)),
        local_model=run_options.pop("local_model", None),
        concurrency=concurrency,
    )
    # One HTTP client (one connection pool) for the whole batch, closed at the end.
    if not endpoint.local:
        raw = extractor.build_client(endpoint).client
        try:
            limit = asyncio.Semaphore(max(1, endpoint.concurrency))
            yield _Session({**run_options, "client": raw}, endpoint, limit, pace, store,
                           max(2, endpoint.concurrency), meter)
        finally:
            await raw.close()
        return
    async with _start_local(endpoint, None, progress or pipeline._noop) as (built, running):
        yield _Session({**run_options, "client": built.client}, running, asyncio.Semaphore(1), pace, store, 2, meter)


async def asummarize_many(
    paths: Iterable[str | os.PathLike[str]], **options: Any
) -> AsyncIterator[tuple[Path, Result]]:
    """Summarise many transcripts, yielding ``(path, Brief or Exception)`` as each finishes.

    Options: ``summarize``'s endpoint options, plus ``concurrency`` (requests in flight across
    all transcripts), ``tokens_per_minute``, ``cache`` (default True: the response cache;
    False bypasses it; or a ``ResponseCache``). Folders and globs are expanded; an input that
    matches nothing is yielded with an ``InputError``. The embedded model starts once.
    """
    from summarizer.errors import InputError

    found, unmatched = expand_inputs(paths)
    for text in unmatched:
        yield Path(text), InputError(f"{text}: no such file, folder or matching transcript")
    results: asyncio.Queue[tuple[Path, Result] | None] = asyncio.Queue()
    async with session(**options) as s:
        task = asyncio.create_task(s.each(found, lambda p, r: results.put_nowait((p, r))))
        task.add_done_callback(lambda _: results.put_nowait(None))
        try:
            while (item := await results.get()) is not None:
                yield item
            await task
        finally:
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task


def summarize_many(paths: Iterable[str | os.PathLike[str]], **options: Any) -> Iterator[tuple[Path, Result]]:
    """Summarise many transcripts, yielding ``(path, Brief or Exception)`` as each finishes.

    A sync generator over ``asummarize_many`` (options as there); the work runs in a
    background event loop, so it also works inside a notebook. Closing the generator early
    cancels what is still running.
    """
    items: queue.Queue[tuple[str, Any]] = queue.Queue()
    ready = threading.Event()
    state: dict[str, Any] = {}
    paths = list(paths)

    async def main() -> None:
        state["loop"] = asyncio.get_running_loop()
        state["task"] = asyncio.current_task()
        ready.set()
        async for item in asummarize_many(paths, **options):
            items.put(("item", item))

    def target() -> None:
        try:
            asyncio.run(main())
        except asyncio.CancelledError:
            pass
        except BaseException as e:  # noqa: BLE001 - re-raised in the consumer's thread
            items.put(("error", e))
        finally:
            ready.set()
            items.put(("end", None))

    thread = threading.Thread(target=target, name="summarize-many", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = items.get()
            if kind == "item":
                yield value
            elif kind == "error":
                raise value
            else:
                return
    finally:
        ready.wait()
        loop, task = state.get("loop"), state.get("task")
        if thread.is_alive() and loop is not None and task is not None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(task.cancel)
        thread.join()


# --- the batch command ------------------------------------------------------------------------------


def _describe(e: BaseException) -> str:
    if isinstance(e, SummarizerError):
        return str(e)
    text = str(e).splitlines()[0] if str(e) else ""
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def record_for(path: Path, output: Path, result: Result, *, sha256: str | None, cost: float | None) -> Record:
    """The index record of one finished input (a brief with nothing in it that lost sections is failed)."""
    record = Record(path=str(path), sha256=sha256)
    if isinstance(result, BaseException):
        record.error = _describe(result)
        return record
    brief = result
    record.kpis, record.guidance = len(brief.kpis), len(brief.guidance)
    record.ai, record.qa = len(brief.ai_strategy), len(brief.qa_themes)
    record.tokens = brief.usage.prompt_tokens + brief.usage.completion_tokens
    record.cached = brief.usage.cached_responses
    record.seconds = brief.usage.seconds
    record.cost = cost
    empty = not (brief.kpis or brief.guidance or brief.ai_strategy or brief.qa_themes)
    if brief.complete:
        record.status = "ok"
    elif empty:
        record.status = "failed"
        failed = [w for w in brief.warnings if " failed: " in w]
        record.error = f"every section failed: {(failed or brief.warnings or ['?'])[0]}"
    else:
        record.status = "partial"
        record.error = next((w for w in brief.warnings if " failed: " in w), None)
    if record.status != "failed":
        record.output = str(output)
    return record


def _is_done(output: Path, previous: Record | None, sha: str | None) -> bool:
    if not output.exists():
        return False
    if previous is None:
        return True
    if previous.status in ("partial", "failed") or previous.error == "budget":
        return False
    return previous.sha256 in (None, sha)


def run_batch(
    inputs: Iterable[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    *,
    fmt: str = "json",
    force: bool = False,
    concurrency: int | None = None,
    tokens_per_minute: int | None = None,
    max_cost: float | None = None,
    cache: bool | ResponseCache | None = True,
    via: str = "online",
    display: Display | None = None,
    batch_api_options: dict[str, Any] | None = None,
    **options: Any,
) -> BatchReport:
    """Summarise every input into OUTDIR, one brief each, with an index.jsonl; see the module doc.

    ``via`` is ``online`` (requests as they go) or ``batch-api`` (one OpenAI Batch job, see
    ``summarizer.run.batch_api``). Raises ``ConfigError`` for bad options or an unusable endpoint;
    everything about a single input is reported in its record instead.
    """
    get_format(fmt)  # raises ConfigError naming the formats
    if via not in ("online", "batch-api"):
        raise ConfigError(f"unknown --via {via!r}; choose online or batch-api")
    if max_cost is not None and max_cost < 0:
        raise ConfigError(f"--max-cost must not be negative, got {max_cost}")
    if via == "batch-api" and max_cost is not None:
        raise ConfigError("--max-cost does not apply to --via batch-api (the whole job is submitted at once)")
    if concurrency is not None and concurrency < 1:
        raise ConfigError(f"--concurrency must be at least 1, got {concurrency}")
    if via == "online" and options.get("client") is None:
        endpoint_options = {k: options.get(k) for k in ("model", "base_url", "api_key", "mode", "local_model")}
        resolve_endpoint(local=bool(options.get("local")), **endpoint_options)  # fail before any output
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out} is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    index = out / INDEX

    found, unmatched = expand_inputs(inputs)
    outputs = output_paths(found, out, fmt)
    previous = read_index(index)
    say = display.note if display is not None else (lambda _: None)
    meter = CostMeter(load_prices(), warn=say)
    records: dict[str, Record] = {}
    order = [str(p) for p in found] + unmatched
    if display is not None:
        display.begin(len(order))

    with open(index, "a", encoding="utf-8") as log:

        def keep(record: Record) -> None:
            records[record.path] = record
            log.write(record.line() + "\n")
            log.flush()
            if display is not None:
                display.record(record, meter.spent)

        for text in unmatched:
            keep(Record(path=text, error=f"{text}: no such file, folder or matching transcript"))
        jobs: list[Path] = []
        shas: dict[Path, str | None] = {}
        for p in found:
            shas[p] = file_sha256(p)
            before = previous.get(str(p))
            if not force and _is_done(outputs[p], before, shas[p]):
                carried = Record(**asdict(before)) if before else Record(path=str(p))
                carried.status, carried.output, carried.sha256 = "skipped", str(outputs[p]), shas[p]
                carried.error = "already done"
                keep(carried)
            else:
                jobs.append(p)

        def finish(path: Path, result: Result, *, batch: bool = False) -> None:
            cost = None
            if isinstance(result, Brief) and batch:
                local = result.model.endpoint == "embedded"
                cost = meter.add(result.usage, result.model.name, local=local, batch=True)
                result.usage.cost_usd = cost
            elif isinstance(result, Brief):
                cost = result.usage.cost_usd  # estimated by the session, into the same meter
            record = record_for(path, outputs[path], result, sha256=shas[path], cost=cost)
            if record.output is not None and isinstance(result, Brief):
                text_of = readers.load_path(path).text if fmt == "html" else None
                try:
                    write_atomic(outputs[path], render(result, fmt, transcript_text=text_of))
                except OSError as e:
                    record.status, record.output = "failed", None
                    record.error = f"cannot write {outputs[path]}: {e.strerror or e}"
            keep(record)

        if jobs and via == "batch-api":
            from summarizer.run import batch_api
            results = batch_api.summarize_jobs(
                jobs, out, cache=cache, progress=say, **(batch_api_options or {}), **options
            )
            for path, result in results:
                finish(path, result, batch=True)
        elif jobs:

            def budget_left() -> bool:
                return max_cost is None or meter.spent < max_cost

            async def drive() -> list[Path]:
                async with session(concurrency=concurrency, tokens_per_minute=tokens_per_minute,
                                   cache=cache, progress=say, meter=meter, **options) as s:
                    return await s.each(jobs, finish, may_start=budget_left)

            for path in pipeline._run_sync(drive()):
                keep(Record(path=str(path), status="skipped", error="budget", sha256=shas[path]))

    write_atomic(index, "".join(records[p].line() + "\n" for p in order if p in records))
    return BatchReport(
        records=[records[p] for p in order if p in records],
        spent=round(meter.spent, 6),
        index=index,
        unpriced=sorted(meter.unpriced),
    )


class RichProgress:
    """A rich progress bar on stderr: done, failed, tokens and estimated cost."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True)
        self._progress = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[stats]}"),
            TimeElapsedColumn(),
            console=self.console,
            transient=False,
        )
        self._task: Any = None
        self.failed = 0
        self.tokens = 0

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._progress.stop()

    def begin(self, total: int) -> None:
        self._task = self._progress.add_task("batch", total=total, stats="")

    def record(self, record: Record, spent: float) -> None:
        self.failed += record.status == "failed"
        self.tokens += record.tokens if record.status != "skipped" else 0
        stats = f"failed {self.failed}  tokens {self.tokens:,}  cost ${spent:.4f}"
        self._progress.update(self._task, advance=1, stats=stats)
        if record.status == "failed":
            self.console.print(f"failed: {record.describe()}", markup=False, highlight=False)

    def note(self, line: str) -> None:
        self.console.print(line, markup=False, highlight=False)
