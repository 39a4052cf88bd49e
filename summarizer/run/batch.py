"""Many transcripts: ``summarize_many`` for the library, ``run_batch`` behind ``summarizer batch``.

    inputs (files, folders, globs) -> OUTDIR locked (one batch per folder) -> one endpoint
        -> transcripts in flight under ONE request limit (+ optional tokens-per-minute pacing)
        -> each brief written atomically to OUTDIR/<stem>-<8 hex>.<format>, then a line
           appended to index.jsonl
        -> index.jsonl rewritten atomically at the end: the previous lines of other inputs kept,
           one line per input of this run, in input order

The 8 hex digits come from the input's real path, so two inputs with the same file name never
share an output, in one run or across runs into the same OUTDIR. Resume by identity: an input is
skipped only when its last index line is done (``ok``, or carried over as ``skipped``), names
its output, and records the same source sha256 (of the file's bytes) and the same settings
(model, endpoint host, mode, prompts and reply schemas, and the call metadata given for it: its
manifest row, its file name's fields) as this run would use; a JSON brief must say the same.
Anything else is redone (``--force`` redoes everything). A partial brief is redone: with the
response cache its good sections cost nothing. ``--max-cost`` starts a
transcript only when its estimated cost fits beside what is spent and reserved; the rest are
``skipped`` with error ``budget``. One bad input (missing, empty, binary) fails alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import math
import os
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Unpack

from summarizer.brief import Brief, MetadataSource
from summarizer.config import Endpoint, resolve_endpoint
from summarizer.errors import ConfigError, InputError, SummarizerError
from summarizer.ingest import callinfo, readers
from summarizer.render import FORMATS, get_format, render
from summarizer.run import bridge, lock, pipeline
from summarizer.run.cost import CostMeter, load_prices
from summarizer.run.files import expand_inputs, file_sha256, output_paths, unmatched_reason, write_atomic
from summarizer.run.progress import Display
from summarizer.run.session import Options, Result, Session, default_meter

__all__ = [
    "INDEX",
    "BatchReport",
    "Record",
    "asummarize_many",
    "read_index",
    "record_for",
    "run_batch",
    "settings_id",
    "summarize_many",
]

INDEX = "index.jsonl"


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
    sha256: str | None = None  # of the input file's bytes
    settings: str | None = None  # settings_id of what made the brief (the run's and the input's given metadata)

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
    max_cost: float | None = None

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.records)

    @property
    def failures(self) -> list[Record]:
        return [r for r in self.records if r.status == "failed"]


# --- the library: many transcripts, one session ----------------------------------------------


async def asummarize_many(
    paths: Iterable[str | os.PathLike[str]], **options: Unpack[Options]
) -> AsyncIterator[tuple[Path, Result]]:
    """Summarise many transcripts, yielding ``(path, Brief or Exception)`` as each finishes.

    Options as ``summarize``; ``concurrency`` bounds the requests in flight across all
    transcripts, ``cache`` defaults to True (the response cache). Folders and globs are
    expanded; an input that matches nothing is yielded with an ``InputError``. The embedded
    model starts once. Each brief's ``usage.cost_usd`` is estimated.
    """
    found, unmatched = expand_inputs(paths)
    for text in unmatched:
        yield Path(text), InputError(unmatched_reason(text))
    options.setdefault("cache", True)
    results: asyncio.Queue[tuple[Path, Result] | None] = asyncio.Queue()
    async with Session(meter=default_meter(options.get("progress")), **options) as session:
        task = asyncio.create_task(session.each(found, lambda p, r: results.put_nowait((p, r))))
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


def summarize_many(
    paths: Iterable[str | os.PathLike[str]], **options: Unpack[Options]
) -> Iterator[tuple[Path, Result]]:
    """Summarise many transcripts, yielding ``(path, Brief or Exception)`` as each finishes.

    A sync generator over ``asummarize_many`` (options as there); the work runs in a
    background event loop, so it also works inside a notebook. Closing the generator early
    cancels what is still running.
    """
    paths = list(paths)
    return bridge.iterate(lambda: asummarize_many(paths, **options), name="summarize-many")


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


# --- the batch command ------------------------------------------------------------------------------


def _describe(e: BaseException) -> str:
    if isinstance(e, SummarizerError):
        return str(e)
    text = str(e).splitlines()[0] if str(e) else ""
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def record_for(
    path: Path, output: Path, result: Result, *, sha256: str | None, cost: float | None, settings: str | None = None
) -> Record:
    """The index record of one finished input: ok, partial (incomplete: a section failed while at least
    one succeeded, or figures conflict; the first reason is the error) or failed."""
    record = Record(path=str(path), sha256=sha256, settings=settings)
    if isinstance(result, BaseException):
        record.error = _describe(result)
        usage = getattr(result, "usage", None)
        if usage is not None:
            record.tokens = usage.prompt_tokens + usage.completion_tokens
            record.seconds = usage.seconds
        return record
    brief = result
    record.kpis, record.guidance = len(brief.kpis), len(brief.guidance)
    record.ai, record.qa = len(brief.ai_strategy), len(brief.qa_themes)
    record.tokens = brief.usage.prompt_tokens + brief.usage.completion_tokens
    record.cached = brief.usage.cached_responses
    record.seconds = brief.usage.seconds
    record.cost = cost
    record.status = "ok" if brief.complete else "partial"
    if not brief.complete:
        record.error = next(iter(brief.incomplete), None) or next((w for w in brief.warnings if " failed: " in w), None)
    record.output = str(output)
    return record


def settings_id(endpoint: Endpoint, given: Mapping[str, str | None] | None = None) -> str:
    """A short hash of what shapes a brief: model, endpoint host, mode, prompts and schemas, and the
    call metadata ``given`` for its input (none given adds nothing)."""
    shaping: list[Any] = [endpoint.model, endpoint.host, endpoint.mode, endpoint.local_model, pipeline.prompt_version()]
    stated = sorted((k, v) for k, v in (given or {}).items() if v)
    if stated:
        shaping.append(stated)
    return hashlib.sha256(json.dumps(shaping).encode("utf-8")).hexdigest()[:16]


def _given(call_info: Callable[[Path], callinfo.CallInfo], path: Path) -> Mapping[str, str | None]:
    """The metadata given for ``path``, normalised as the brief will carry it."""
    info = call_info(path)
    try:
        return callinfo.checked(info)
    except ConfigError:
        return info  # the input fails when it is summarised; it is never current


def _says_given(brief: Brief, given: Mapping[str, str | None]) -> bool:
    """Whether ``brief`` carries exactly the metadata ``given``, each field marked given."""
    for name in callinfo.FIELDS:
        marked = brief.metadata_source.get(name) == MetadataSource.given
        if given.get(name) and (getattr(brief, name) != given[name] or not marked):
            return False
        if not given.get(name) and marked:
            return False
    return True


def _brief_matches(output: Path, sha: str | None, endpoint: Endpoint, given: Mapping[str, str | None]) -> bool:
    """Whether the JSON brief in ``output`` was made from these bytes under these settings."""
    try:
        brief = Brief.model_validate_json(output.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    made = brief.model
    same_model = endpoint.local or made.name == endpoint.model
    return (
        brief.source.sha256 == sha
        and same_model
        and (made.endpoint, made.mode, made.prompts) == (endpoint.host, endpoint.mode, pipeline.prompt_version())
        and _says_given(brief, given)
    )


@dataclass(frozen=True)
class _Identity:
    """What an input's brief must have been made from to be reused: its bytes, settings and metadata."""

    sha256: str | None
    settings: str
    given: Mapping[str, str | None]


def _is_current(output: Path, previous: Record | None, identity: _Identity, endpoint: Endpoint, fmt: str) -> bool:
    """Whether an input's existing brief was made from its current bytes under this run's settings."""
    if previous is None or identity.sha256 is None or not output.is_file():
        return False
    if previous.status not in ("ok", "skipped") or previous.output != str(output):
        return False
    if (previous.sha256, previous.settings) != (identity.sha256, identity.settings):
        return False
    return fmt != "json" or _brief_matches(output, identity.sha256, endpoint, identity.given)


def _endpoint_for(session: Session | None, options: Options) -> Endpoint:
    if session is not None:
        return session.endpoint
    return resolve_endpoint(
        model=options.get("model"),
        base_url=options.get("base_url"),
        api_key=options.get("api_key"),
        mode=options.get("mode"),
        local=bool(options.get("local")),
        local_model=options.get("local_model"),
    )


def _clear_temporaries(out: Path) -> None:
    """Remove half-written files a killed run left (only while this run holds the folder's lock)."""
    for tmp in out.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()


def _check_options(fmt: str, via: str, max_cost: float | None) -> None:
    get_format(fmt)  # raises ConfigError naming the formats
    if via not in ("online", "batch-api"):
        raise ConfigError(f"unknown --via {via!r}; choose online or batch-api")
    if max_cost is not None and not (math.isfinite(max_cost) and max_cost >= 0):
        raise ConfigError(f"--max-cost must not be negative, NaN or infinite, got {max_cost}")
    if via == "batch-api" and max_cost is not None:
        raise ConfigError("--max-cost does not apply to --via batch-api (the whole job is submitted at once)")


def _outdir(outdir: str | os.PathLike[str]) -> Path:
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out} is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ConfigError(f"cannot make the output folder {out}: {e.strerror or e}") from e
    return out


def _call_info(
    manifest: str | os.PathLike[str] | None, name_pattern: str | None, options: Options
) -> Callable[[Path], callinfo.CallInfo]:
    """Each path's metadata: its manifest row over what its name says over the options' (one for all)."""
    rows = callinfo.read_manifest(manifest) if manifest is not None else {}
    pattern = callinfo.name_pattern(name_pattern) if name_pattern else None
    common = callinfo.checked({
        "company": options.get("company"), "ticker": options.get("ticker"),
        "period": options.get("period"), "call_date": options.get("call_date"),
    })  # fmt: skip

    def info(path: Path) -> callinfo.CallInfo:
        named = callinfo.from_name(pattern, path) if pattern is not None else {}
        return callinfo.CallInfo(**{**common, **named, **rows.get(path.resolve(), {})})

    return info


def run_batch(
    inputs: Iterable[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    *,
    fmt: str = "json",
    force: bool = False,
    max_cost: float | None = None,
    via: str = "online",
    display: Display | None = None,
    batch_api_options: dict[str, Any] | None = None,
    manifest: str | os.PathLike[str] | None = None,
    name_pattern: str | None = None,
    **options: Unpack[Options],
) -> BatchReport:
    """Summarise every input into OUTDIR, one brief each, with an index.jsonl; see the module doc.

    Each file's company, ticker, period and call date come from ``manifest`` (a CSV
    ``path,company,ticker,period,call_date``; its files are the inputs when none are given),
    else from its name through ``name_pattern`` (``{ticker}_{period}``), else from the options.

    Options as ``summarize`` (``cache`` defaults to True). ``via`` is ``online`` (requests as
    they go, through one Session) or ``batch-api`` (one OpenAI Batch job, see
    ``summarizer.run.batch_api``). Raises ``ConfigError`` for bad options, an unusable
    endpoint or an OUTDIR another batch holds, before any output; everything about a single
    input is reported in its record.
    """
    _check_options(fmt, via, max_cost)
    say = display.note if display is not None else (lambda _: None)
    options.setdefault("cache", True)
    if display is not None:
        options.setdefault("progress", display.note)  # else a cache warning is a Python warning
    meter = CostMeter(load_prices(), warn=say)
    # a bad endpoint or budget fails here, before any output
    session = Session(meter=meter, max_cost=max_cost, **options) if via == "online" else None
    endpoint = _endpoint_for(session, options)
    call_info = _call_info(manifest, name_pattern, options)
    inputs = list(inputs)
    if not inputs and manifest is not None:
        inputs = [str(p) for p in callinfo.read_manifest(manifest)]
    out = _outdir(outdir)
    with lock.hold(out):
        _clear_temporaries(out)
        records = _run_locked(
            inputs,
            out,
            endpoint,
            session,
            meter,
            fmt=fmt,
            force=force,
            via=via,
            display=display,
            batch_api_options=batch_api_options,
            options=options,
            call_info=call_info,
        )
    return BatchReport(
        records=records,
        spent=round(meter.spent, 6),
        index=out / INDEX,
        unpriced=sorted(meter.unpriced),
        max_cost=max_cost,
    )


def _run_locked(
    inputs: Iterable[str | os.PathLike[str]],
    out: Path,
    endpoint: Endpoint,
    session: Session | None,
    meter: CostMeter,
    *,
    fmt: str,
    force: bool,
    via: str,
    display: Display | None,
    batch_api_options: dict[str, Any] | None,
    options: Options,
    call_info: Callable[[Path], callinfo.CallInfo],
) -> list[Record]:
    index = out / INDEX
    found, unmatched = expand_inputs(inputs)
    found = [Path(os.path.abspath(p)) for p in found]
    outputs = output_paths(found, out, FORMATS[fmt].extension)
    previous = read_index(index)
    # The merged index, rewritten first: a line cut short by a killed run is dropped, so the
    # lines appended below each start on a line of their own.
    write_atomic(index, "".join(r.line() + "\n" for r in previous.values()))
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
            keep(Record(path=text, error=unmatched_reason(text)))
        jobs: list[Path] = []
        identity: dict[Path, _Identity] = {}
        for p in found:
            given = _given(call_info, p)
            identity[p] = _Identity(file_sha256(p), settings_id(endpoint, given), given)
            before = previous.get(str(p))
            if not force and _is_current(outputs[p], before, identity[p], endpoint, fmt):
                assert before is not None
                carried = Record(**asdict(before))
                carried.status, carried.error = "skipped", "already done"
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
            made = identity[path]
            record = record_for(path, outputs[path], result, sha256=made.sha256, cost=cost, settings=made.settings)
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

            endpoint_options = {k: v for k, v in options.items() if k in batch_api.OPTIONS}
            results = batch_api.summarize_jobs(
                jobs, out, call_info=call_info, **(batch_api_options or {}), **endpoint_options
            )
            for path, result in results:
                finish(path, result, batch=True)
        elif jobs and session is not None:

            async def drive(session: Session) -> list[Path]:
                async with session:
                    parts_done = display.sections if display is not None else None
                    return await session.each(jobs, finish, call_info=call_info, parts_done=parts_done)

            for path in bridge.run_sync(drive(session)):
                made = identity[path]
                keep(
                    Record(path=str(path), status="skipped", error="budget", sha256=made.sha256, settings=made.settings)
                )

    merged = {**previous, **records}
    ours = [records[p] for p in order if p in records]
    others = [r for key, r in merged.items() if key not in records]
    write_atomic(index, "".join(r.line() + "\n" for r in others + ours))
    return ours
