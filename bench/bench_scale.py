"""Scale: many transcripts through a loopback fake server with a fixed latency per request.

    python bench/bench_scale.py              # 200 transcripts at concurrency 1, 8, 32, 128
    python bench/bench_scale.py --quick      # 40 transcripts
    python bench/bench_scale.py --levels 32 128 --transcripts 100

The transcripts are tests/fixtures/*.txt, repeated and renamed (``call-007-example-call.txt``);
each copy after the first is respaced (``respace``), so no cache keyed by text answers for it.
Each concurrency level N gets a fresh fake server (200 ms per request) and runs every
transcript through one ``summarizer.Session(client=..., concurrency=N)`` (``session.summarize``:
the session's request limit bounds the requests of every transcript at once),
under an outer ``asyncio.Semaphore(N)`` over transcripts (bounds the briefs in memory), with one
injected ``AsyncOpenAI`` client whose connection pool holds N connections. The server's own
``max_in_flight`` counter checks the bound. Ideal time = requests x latency / N. Target: within 1.5x
of ideal at N = 128, with flat memory (peak RSS per level, from ``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import openai

try:  # openai 3.x ships on httpx2; older releases on httpx
    import httpx2 as httpx
except ImportError:  # pragma: no cover
    import httpx  # type: ignore[no-redef]

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_openai_server import FakeServer  # noqa: E402
from report import ROOT, peak_rss_mb, rss_mb, table, write_section  # noqa: E402

import summarizer  # noqa: E402
from summarizer.ingest.readers import load_text  # noqa: E402

LATENCY = 0.2
SERVER_CPU = "server CPU ms/request"  # reported in the verdict, not as a column


# Where a copy may take one more space: between two words, after a comma, between a Han
# character and a digit. Every copy of a fixture spaces its lines differently.
_GAP = re.compile(
    r"(?<=[A-Za-z]) (?=[A-Za-z])|(?<=[\uff0c\u3002\u3001\uff1b\uff1a,])(?=[^\s\d])|(?<=[\u4e00-\u9fff])(?=\d)|(?<=\d)(?=[\u4e00-\u9fff])"
)


def respace(text: str, copy: int) -> str:
    """``text`` with one more space at some of its gaps, chosen by ``copy`` (0: unchanged).

    The library caches its readings of a sentence by text (within a call the same sentence is
    read by recall, grounding and the highlights check); with copies of the same fixtures, a
    cache would also answer for every later copy, which a batch of different calls never gets.
    Respaced copies read the same but are new texts, so the benchmark pays for every sentence.
    """
    if copy == 0:
        return text
    lines = []
    for line in text.split("\n"):
        gaps = [m.end() for m in _GAP.finditer(line)]
        chosen = [g for j, g in enumerate(gaps) if (copy >> (j % 4)) & 1 or (j >= 4 and ((copy >> 4) + j) % 3 == 0)]
        for gap in reversed(chosen):
            line = f"{line[:gap]} {line[gap:]}"
        lines.append(line)
    return "\n".join(lines)


def corpus(count: int) -> list[tuple[str, str]]:
    fixtures = sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in fixtures]
    return [
        (f"call-{i:03d}-{texts[i % len(texts)][0]}", respace(texts[i % len(texts)][1], i // len(texts)))
        for i in range(count)
    ]


async def run_level(calls: list[tuple[str, str]], base_url: str, n: int) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    http = openai.DefaultAsyncHttpxClient(limits=limits, timeout=httpx.Timeout(120.0, pool=600.0))
    client = openai.AsyncOpenAI(base_url=base_url, api_key="fake", max_retries=0, http_client=http)
    outer = asyncio.Semaphore(n)
    counts = {"requests": 0, "items": 0, "failed": 0, "warnings": 0}

    session = summarizer.Session(client=client, model="fake", concurrency=n)

    async def one(name: str, text: str) -> None:
        async with outer:
            brief = await session.summarize(load_text(text, name=name))
        counts["requests"] += brief.usage.requests
        counts["items"] += len(brief.kpis) + len(brief.guidance) + len(brief.ai_strategy) + len(brief.qa_themes)
        counts["failed"] += 0 if brief.complete else 1
        counts["warnings"] += sum(1 for w in brief.warnings if "failed" in w)

    began, cpu = time.perf_counter(), time.process_time()
    try:
        async with session:
            await asyncio.gather(*(one(name, text) for name, text in calls))
    finally:
        await client.close()
    counts["wall"] = time.perf_counter() - began
    counts["cpu"] = time.process_time() - cpu
    return counts


async def run_bare(requests: int, base_url: str, n: int, *, with_instructor: bool) -> dict[str, Any]:
    """The same number of requests without the pipeline: the bare ``AsyncOpenAI`` client (the
    transport's floor), or that client through instructor with our response model."""
    import instructor

    from summarizer.extract.extractor import structured
    from summarizer.extract.replies import RemarksFindings

    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    http = openai.DefaultAsyncHttpxClient(limits=limits, timeout=httpx.Timeout(120.0, pool=600.0))
    client = openai.AsyncOpenAI(base_url=base_url, api_key="fake", max_retries=0, http_client=http)
    client_with_instructor = instructor.from_openai(client, mode=instructor.Mode.JSON_SCHEMA)
    text = "\n".join(f"s{i} Revenue of segment {i} was ${i}.5 million, up {i}% year over year." for i in range(1, 30))
    messages: Any = [{"role": "user", "content": text}]
    model = structured(RemarksFindings)  # as the pipeline asks: schema built once
    fmt: Any = {"type": "json_schema", "json_schema": {"name": "RemarksFindings", "schema": model.model_json_schema()}}

    async def one() -> None:
        if with_instructor:
            await client_with_instructor.create(model="fake", messages=messages, response_model=model, max_retries=1)
        else:
            await client.chat.completions.create(model="fake", messages=messages, response_format=fmt)

    began, cpu = time.perf_counter(), time.process_time()
    try:
        await asyncio.gather(*(one() for _ in range(requests)))
    finally:
        await client.close()
    return {"requests": requests, "wall": time.perf_counter() - began, "cpu": time.process_time() - cpu, "failed": 0}


LABELS = {
    "pipeline": "summarizer.Session",
    "bare": "bare AsyncOpenAI (floor)",
    "instructor": "AsyncOpenAI + instructor only",
}


def measure(what: str, n: int, count: int, requests: int) -> dict[str, Any]:
    """One level, in this process (the parent runs each level in a fresh child)."""
    before = rss_mb()
    with FakeServer(latency=LATENCY, max_seconds=900) as server:
        server_cpu = server.stats()["cpu_seconds"]
        if what != "pipeline":
            result = asyncio.run(run_bare(requests, server.base_url, n, with_instructor=what == "instructor"))
        else:
            result = asyncio.run(run_level(corpus(count), server.base_url, n))
        stats = server.stats()
    server_cpu = stats["cpu_seconds"] - server_cpu
    gc.collect()
    ideal = result["requests"] * LATENCY / n
    return {
        "client": LABELS[what],
        "concurrency": n,
        "transcripts": "" if what != "pipeline" else count,
        "requests": result["requests"],
        "server max in flight": stats["max_in_flight"],
        "wall s": result["wall"],
        "ideal s": ideal,
        "wall / ideal": result["wall"] / ideal if ideal else 0.0,
        "transcripts/s": "" if what != "pipeline" else count / result["wall"],
        "client CPU s": result["cpu"],
        "CPU ms/request": 1000 * result["cpu"] / max(result["requests"], 1),
        "incomplete": result["failed"],
        "RSS at start MB": before,
        "peak RSS MB": peak_rss_mb(),
        SERVER_CPU: 1000 * server_cpu / max(result["requests"], 1),
    }


def in_child(what: str, n: int, count: int, requests: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", what, str(n), str(count), str(requests)]
    out = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        raise RuntimeError(f"level {what} {n} failed:\n{out.stderr[-2000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 transcripts instead of 200")
    parser.add_argument("--transcripts", type=int, default=None, help="number of transcripts (default 200)")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 8, 32, 128], help="concurrency levels")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--no-extra", action="store_true", help="skip the 2x-transcripts and bare-client rows")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, n, count, requests = args.child[0], *map(int, args.child[1:])
        print(json.dumps(measure(what, n, count, requests)))
        return 0
    count = args.transcripts or (40 if args.quick else 200)
    top = max(args.levels)

    plan = [("pipeline", n, count) for n in args.levels]
    if not args.no_extra:
        plan += [("pipeline", top, 2 * count), ("bare", top, 0), ("instructor", top, 0)]
    rows: list[dict[str, Any]] = []
    server_ms: dict[tuple[str, int, int], float] = {}
    for what, n, transcripts in plan:
        print(f"concurrency {n}: {what}, {transcripts or ''} transcripts", file=sys.stderr)
        requests = next((r["requests"] for r in rows if r["transcripts"] == count), 800)
        row = in_child(what, n, transcripts, requests)
        server_ms[(what, n, transcripts)] = row.pop(SERVER_CPU)
        rows.append(row)
        print(table(rows[-1:]), file=sys.stderr)
    out = table(rows)
    runs = [r for r in rows if r["client"].startswith("summarizer")]
    main_runs = [r for r in runs if r["transcripts"] == count]
    last = main_runs[-1]
    peaks = ", ".join(f"{r['peak RSS MB']:.0f}" for r in main_runs)
    verdict = (
        f"At concurrency {last['concurrency']}: {last['wall s']:.2f} s for {last['requests']} requests,"
        f" {last['wall / ideal']:.2f}x the ideal {last['ideal s']:.2f} s (target 1.5x), with"
        f" {last['CPU ms/request']:.1f} ms of client CPU per request (the fake server, in its own"
        f" process: {server_ms[('pipeline', last['concurrency'], count)]:.2f} ms of CPU per request)."
        f" Peak RSS per level: {peaks} MB."
    )
    if len(runs) > len(main_runs):
        double = runs[-1]
        verdict += (
            f" Twice the transcripts ({double['transcripts']}) at concurrency {double['concurrency']}:"
            f" peak {double['peak RSS MB']:.0f} MB against {last['peak RSS MB']:.0f} MB."
        )
    notes = (
        f"Fake server latency {LATENCY * 1000:.0f} ms per request, loopback, in its own process."
        " Requests in flight are bounded by the library's shared request limit"
        " (one `Session(concurrency=N)` for all transcripts), with"
        " `asyncio.Semaphore(N)` over transcripts and one `AsyncOpenAI` client whose httpx pool holds"
        " N connections; *server max in flight* is the fake server's own count. The transcripts are the"
        " test fixtures, repeated; every copy after the first has an extra space at some of its gaps"
        " (`respace`), so the library's per-text caches cannot answer for a repeated fixture, as they could"
        " not for a batch of different calls. Ideal = requests x latency / N; it ignores that each"
        " transcript's highlights request waits for its sections. Each row runs in a fresh process,"
        " so *peak RSS* (`ru_maxrss`) is that level's own; the 2x-transcripts row shows whether memory"
        " grows with the number of transcripts. *client CPU s* is the process's CPU time: when it"
        " approaches the wall time, the client, not the endpoint, is the limit. The *floor* row sends"
        " the same number of requests, with the same JSON schema in `response_format`, through a bare"
        " `AsyncOpenAI` client (no instructor, no pipeline), and the *instructor only* row through"
        " instructor with `RemarksFindings` as the pipeline sends it (`extract.structured`, schema built"
        " once; no pipeline), to separate transport, structured-output and pipeline costs."
    )
    print(out)
    print()
    print(verdict)
    if not args.no_write:
        write_section("bench_scale", "Scale through a fake server (no model)", f"{notes}\n\n{out}\n\n{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
