"""``summarizer batch --via batch-api``: every section request of a batch as one OpenAI Batch job.

    plan every transcript (as the online path does) -> the section requests, answered from the
    response cache where possible -> one JSONL (custom_id = transcript sha + section id + part)
    -> files.create(purpose="batch") -> batches.create(/v1/chat/completions, 24h)
    -> OUTDIR/.batch-job.json -> poll with backoff -> download the output (and error) file
    -> parse each reply with the same response models (instructor's parse path)
    -> assemble.build per transcript (grounding and merge exactly as online) -> briefs

The request bodies are built by instructor for the endpoint's mode, so a batch reply parses
exactly as an online one. Resumable by job id: the job is saved in ``OUTDIR/.batch-job.json``
right after creation, with the hash of the JSONL; a re-run with the same inputs resumes polling
that job instead of submitting again (a failed, expired or cancelled job is submitted anew).
Polling gives up after ``max_wait`` seconds with a ``ModelError`` that says to re-run.

Differences from the online path, by design: the highlights are chosen by code
(``assemble.highlights.by_code``; a second batch for one short choice would double the wait
for little); no re-ask on a reply that does not fit the schema and no split on a cut-off
reply: that section fails with its reason, the brief is partial, and a later online run (``summarizer batch`` without ``--via``) redoes only that section, the rest
coming from the cache. Usage counts each transcript's requests and tokens; cost uses the Batch
price (``batch_multiplier`` in prices.json).
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai
from instructor.processing.response import handle_response_model, process_response
from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from summarizer.assemble import highlights
from summarizer.assemble.build import build
from summarizer.brief import Brief, ModelInfo, Usage
from summarizer.config import Endpoint, resolve_endpoint
from summarizer.document import Section, Transcript
from summarizer.errors import ConfigError, ModelError
from summarizer.extract import client as clients
from summarizer.extract import extractor
from summarizer.extract.replies import SectionOutcome
from summarizer.ingest import readers
from summarizer.ingest.callinfo import CallInfo, with_call_info
from summarizer.run import pipeline
from summarizer.run.cache import ResponseCache, open_cache, request_key
from summarizer.run.files import write_atomic

JOB_FILE = ".batch-job.json"
CHAT_URL = "/v1/chat/completions"
COMPLETION_WINDOW = "24h"
RESUBMIT = {"failed", "expired", "cancelled", "cancelling"}
DONE = {"completed", "failed", "expired", "cancelled"}
SAMPLING = {"temperature": 0, "seed": 0}  # as extractor.Extractor sends, so cache keys are shared
# The run options that apply to a Batch job (no concurrency or pacing: the job is one upload).
OPTIONS = (
    "cache",
    "progress",
    "client",
    "model",
    "base_url",
    "api_key",
    "mode",
    "local",
    "local_model",
    "max_section_tokens",
)

Result = Brief | Exception


@dataclass
class Ask:
    """One section request: where its answer goes, and how to parse and cache it."""

    custom_id: str
    part: Section
    response_model: type[BaseModel]
    key: str
    body: dict[str, Any]


@dataclass
class Planned:
    """One transcript's requests, and the answers gathered so far (from the cache or the job)."""

    path: Path
    transcript: Transcript
    asks: list[Ask]
    answers: dict[str, BaseModel | str] = field(default_factory=dict)  # custom_id -> findings or error
    usage: Usage = field(default_factory=Usage)


def custom_id(transcript: Transcript, part: Section) -> str:
    """Unique per request: the transcript's sha, the section id and the part number."""
    return f"{(transcript.sha256 or '')[:16]}-{part.id}-{part.part}"


def plan_requests(
    transcript: Transcript, endpoint: Endpoint, *, max_section_tokens: int | None = None
) -> tuple[Transcript, list[Ask]]:
    """The analysed transcript and its section requests, with bodies built by instructor for the mode."""
    budget = pipeline.section_budget(endpoint, max_section_tokens)
    transcript, parts = pipeline.plan(transcript, max_section_tokens=budget)
    asks = []
    for part in parts:
        model = extractor.reply_model(part)
        messages = extractor.messages_for(part, transcript)
        _, body = handle_response_model(
            model,
            mode=clients.MODES[endpoint.mode],
            messages=messages,
            model=endpoint.model,
            max_tokens=extractor.MAX_TOKENS,
            **SAMPLING,
        )
        key = request_key(
            host=endpoint.host,
            model=endpoint.model,
            mode=endpoint.mode,
            messages=messages,
            schema=model.model_json_schema(),
            max_tokens=extractor.MAX_TOKENS,
            sampling=SAMPLING,
        )
        asks.append(Ask(custom_id(transcript, part), part, model, key, body))
    return transcript, asks


def jsonl(asks: Iterable[Ask]) -> bytes:
    """The Batch input file: one request per line, each custom_id once."""
    seen: set[str] = set()
    lines = []
    for ask in asks:
        if ask.custom_id in seen:
            continue
        seen.add(ask.custom_id)
        lines.append(
            json.dumps(
                {"custom_id": ask.custom_id, "method": "POST", "url": CHAT_URL, "body": ask.body},
                ensure_ascii=False,
                sort_keys=True,
            )
        )
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def parse_reply(line: dict[str, Any], ask: Ask, mode: str) -> tuple[BaseModel | str, dict[str, int]]:
    """One output line -> the parsed findings (or an error) and the request's usage."""
    if line.get("error"):
        error = line["error"]
        return f"the batch request failed: {error.get('message') or error.get('code') or error}", {}
    response = line.get("response") or {}
    status = response.get("status_code")
    body = response.get("body") or {}
    if status != 200:
        return f"the endpoint answered HTTP {status}", {}
    completion = ChatCompletion.model_validate(body)
    usage = clients.token_counts(completion.usage)
    if not completion.choices:
        return "the endpoint returned a reply with no choices", usage
    choice = completion.choices[0]
    if choice.message.refusal:
        return f"the model refused: {' '.join(choice.message.refusal.split())[:120]}", usage
    if choice.finish_reason == "length":
        return f"reply cut off at {ask.body.get('max_tokens')} tokens", usage
    try:
        parsed = process_response(completion, response_model=ask.response_model, stream=False, mode=clients.MODES[mode])
    except Exception:  # noqa: BLE001 - any parse failure loses this section only
        return "the reply did not fit the schema", usage
    return parsed, usage


class BatchJob:
    """Submit, resume, poll and download one Batch job through an OpenAI client."""

    def __init__(
        self,
        client: openai.OpenAI,
        outdir: Path,
        *,
        poll_interval: float = 30.0,
        max_interval: float | None = None,
        max_wait: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
        say: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.client = client
        self.job_file = outdir / JOB_FILE
        self.poll_interval = poll_interval
        self.max_interval = max_interval or 10 * poll_interval
        self.max_wait = 25 * 3600.0 if max_wait is None else max_wait
        self.sleep = sleep
        self.say = say

    def _saved(self, digest: str) -> str | None:
        try:
            saved = json.loads(self.job_file.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return saved.get("batch_id") if saved.get("requests_sha256") == digest else None

    def submit_or_resume(self, data: bytes) -> Any:
        """The job for ``data``: the saved one when it is for the same requests, else a new one."""
        digest = hashlib.sha256(data).hexdigest()
        batch_id = self._saved(digest)
        if batch_id:
            job = self.client.batches.retrieve(batch_id)
            if job.status not in RESUBMIT:
                self.say(f"resuming batch job {batch_id} ({job.status})")
                return job
            self.say(f"batch job {batch_id} is {job.status}: submitting again")
        upload = self.client.files.create(file=("requests.jsonl", io.BytesIO(data)), purpose="batch")
        job = self.client.batches.create(
            input_file_id=upload.id,
            endpoint=CHAT_URL,
            completion_window=COMPLETION_WINDOW,
            metadata={"tool": "summarizer"},
        )
        write_atomic(
            self.job_file,
            json.dumps(
                {
                    "batch_id": job.id,
                    "input_file_id": upload.id,
                    "requests_sha256": digest,
                    "created": time.time(),
                },
                indent=2,
            )
            + "\n",
        )
        count = data.count(b"\n")
        self.say(f"submitted batch job {job.id} ({count} requests)")
        return job

    def wait(self, job: Any) -> Any:
        """Poll until the job is done, backing off; ``ModelError`` after ``max_wait`` seconds."""
        waited, interval = 0.0, self.poll_interval
        while job.status not in DONE:
            if waited >= self.max_wait:
                raise ModelError(
                    f"batch job {job.id} is still {job.status} after {waited:.0f}s; "
                    "re-run the same command to resume it"
                )
            self.sleep(interval)
            waited += interval
            interval = min(interval * 1.5, self.max_interval)
            job = self.client.batches.retrieve(job.id)
            counts = job.request_counts
            done = f" {counts.completed + counts.failed}/{counts.total}" if counts else ""
            self.say(f"batch job {job.id}: {job.status}{done}")
        return job

    def lines(self, job: Any) -> list[dict[str, Any]]:
        """The output and error lines of a finished job."""
        out: list[dict[str, Any]] = []
        for file_id in (job.output_file_id, job.error_file_id):
            if file_id:
                text = self.client.files.content(file_id).text
                out.extend(json.loads(line) for line in text.splitlines() if line.strip())
        return out


def summarize_jobs(
    paths: list[Path],
    outdir: Path,
    *,
    cache: bool | ResponseCache | None = True,
    progress: Callable[[str], None] | None = None,
    poll_interval: float = 30.0,
    max_wait: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    client: openai.OpenAI | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    local: bool = False,
    local_model: str | None = None,
    max_section_tokens: int | None = None,
    call_info: Callable[[Path], CallInfo] | None = None,
) -> list[tuple[Path, Result]]:
    """Summarise ``paths`` through one Batch job (see the module doc); a brief or error per path.

    ``call_info`` gives each path's metadata (company, ticker, period, call date), as in ``Session.each``.
    """
    say = progress or (lambda _: None)
    started = time.perf_counter()
    endpoint = resolve_endpoint(
        model=model, base_url=base_url, api_key=api_key, mode=mode, local=local, local_model=local_model
    )
    if endpoint.local:
        raise ConfigError("the embedded model has no Batch API: use an OpenAI endpoint, or --via online")
    if poll_interval <= 0:
        raise ConfigError(f"the poll interval must be positive, got {poll_interval}")
    store = open_cache(cache)
    results: dict[Path, Result] = {}
    planned: list[Planned] = []
    for path in paths:
        try:
            transcript = with_call_info(readers.load_path(path), call_info(path) if call_info else None)
            analysed, asks = plan_requests(transcript, endpoint, max_section_tokens=max_section_tokens)
            item = Planned(path, analysed, asks)
        except Exception as e:  # noqa: BLE001 - one input's failure never stops the others
            results[path] = e
            continue
        planned.append(item)
        for ask in item.asks:
            hit = store.get(ask.key) if store is not None else None
            if hit is not None:
                try:
                    item.answers[ask.custom_id] = ask.response_model.model_validate_json(hit.response)
                    item.usage.cached_responses += 1
                except ValueError:
                    pass

    missing = [ask for item in planned for ask in item.asks if ask.custom_id not in item.answers]
    if missing:
        job_client = client or clients.build_batch_client(endpoint)
        runner = BatchJob(job_client, outdir, poll_interval=poll_interval, max_wait=max_wait, sleep=sleep, say=say)
        job = runner.wait(runner.submit_or_resume(jsonl(missing)))
        by_id = {line.get("custom_id"): line for line in runner.lines(job)}
        for item in planned:
            for ask in item.asks:
                if ask.custom_id in item.answers:
                    continue
                line = by_id.get(ask.custom_id)
                if line is None:
                    item.answers[ask.custom_id] = f"no result in batch job {job.id} ({job.status})"
                    continue
                answer, usage = parse_reply(line, ask, endpoint.mode)
                item.answers[ask.custom_id] = answer
                if usage:
                    item.usage.requests += 1
                    clients.add_usage(item.usage, usage)
                if isinstance(answer, BaseModel) and store is not None:
                    store.put(ask.key, model=endpoint.model, response=answer.model_dump_json(), usage=usage)

    for item in planned:
        outcomes = []
        for ask in item.asks:
            answer = item.answers[ask.custom_id]
            if isinstance(answer, BaseModel):
                outcomes.append(SectionOutcome(section=ask.part, findings=[(ask.part, answer)]))
            else:
                outcomes.append(SectionOutcome(section=ask.part, error=answer))
        errors = [o.error for o in outcomes if o.error]
        if outcomes and len(errors) == len(outcomes):  # the same rule as a Session's
            results[item.path] = ModelError(pipeline.nothing_succeeded(errors, endpoint), usage=item.usage)
            continue
        brief = build(item.transcript, outcomes)
        brief.highlights = highlights.by_code(brief)
        brief.model = ModelInfo(
            name=endpoint.model, endpoint=endpoint.host, mode=endpoint.mode, prompts=pipeline.prompt_version()
        )
        item.usage.seconds = round(time.perf_counter() - started, 3)
        brief.usage = item.usage
        results[item.path] = brief
    return [(p, results[p]) for p in paths]
