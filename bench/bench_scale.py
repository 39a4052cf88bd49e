"""Scale: many transcripts through a loopback fake server with a fixed latency per request.

    python bench/bench_scale.py              # 200 transcripts at concurrency 1, 8, 32, 128
    python bench/bench_scale.py --quick      # 40 transcripts
    python bench/bench_scale.py --levels 32 128 --transcripts 100

The transcripts are tests/fixtures/*.txt, repeated and renamed (``call-007-example-call.txt``).
Each concurrency level N gets a fresh fake server (200 ms per request) and runs every
transcript with ``summarizer.asummarize(..., concurrency=N)`` and one shared injected
``AsyncOpenAI`` client whose connection pool holds at most N connections, under an outer
``asyncio.Semaphore(N)`` over transcripts. The pool is what bounds the requests in flight
across transcripts to N (the library's ``concurrency`` is per transcript); the server's own
``max_in_flight`` counter checks it. Ideal time = requests x latency / N. Target: within 1.5x
of ideal at N = 128, with flat memory (peak RSS per level, from ``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
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

LATENCY = 0.2


def corpus(count: int) -> list[tuple[str, str]]:
    fixtures = sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in fixtures]
    return [(f"call-{i:03d}-{texts[i % len(texts)][0]}", texts[i % len(texts)][1]) for i in range(count)]


async def run_level(calls: list[tuple[str, str]], base_url: str, n: int) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    http = openai.DefaultAsyncHttpxClient(limits=limits, timeout=httpx.Timeout(120.0, pool=600.0))
    client = openai.AsyncOpenAI(base_url=base_url, api_key="fake", max_retries=0, http_client=http)
    outer = asyncio.Semaphore(n)
    counts = {"requests": 0, "items": 0, "failed": 0, "warnings": 0}

    async def one(name: str, text: str) -> None:
        async with outer:
            brief = await summarizer.asummarize(text, name=name, client=client, model="fake", concurrency=n)
        counts["requests"] += brief.usage.requests
        counts["items"] += len(brief.kpis) + len(brief.guidance) + len(brief.ai_strategy) + len(brief.qa_themes)
        counts["failed"] += 0 if brief.complete else 1
        counts["warnings"] += sum(1 for w in brief.warnings if "failed" in w)

    began, cpu = time.perf_counter(), time.process_time()
    try:
        await asyncio.gather(*(one(name, text) for name, text in calls))
    finally:
        await client.close()
    counts["wall"] = time.perf_counter() - began
    counts["cpu"] = time.process_time() - cpu
    return counts


async def run_bare(requests: int, base_url: str, n: int) -> dict[str, Any]:
    """The same number of requests through a bare ``AsyncOpenAI`` client: the transport's floor."""
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    http = openai.DefaultAsyncHttpxClient(limits=limits, timeout=httpx.Timeout(120.0, pool=600.0))
    client = openai.AsyncOpenAI(base_url=base_url, api_key="fake", max_retries=0, http_client=http)
    text = "\n".join(f"s{i} Revenue of segment {i} was ${i}.5 million, up {i}% year over year." for i in range(1, 30))
    fmt = {"type": "json_schema", "json_schema": {"name": "RemarksFindings", "schema": {}}}

    async def one() -> None:
        await client.chat.completions.create(
            model="fake", messages=[{"role": "user", "content": text}], response_format=fmt  # type: ignore[arg-type]
        )

    began, cpu = time.perf_counter(), time.process_time()
    try:
        await asyncio.gather(*(one() for _ in range(requests)))
    finally:
        await client.close()
    return {"requests": requests, "wall": time.perf_counter() - began, "cpu": time.process_time() - cpu,
            "failed": 0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 transcripts instead of 200")
    parser.add_argument("--transcripts", type=int, default=None, help="number of transcripts (default 200)")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 8, 32, 128], help="concurrency levels")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--no-floor", action="store_true", help="skip the bare-client row")
    args = parser.parse_args()
    count = args.transcripts or (40 if args.quick else 200)
    calls = corpus(count)

    rows = []
    baseline_rss = rss_mb()
    plan = [(n, "summarizer.asummarize") for n in args.levels]
    if not args.no_floor:
        plan.append((max(args.levels), "bare AsyncOpenAI (floor)"))
    for n, what in plan:
        print(f"concurrency {n}: {what}", file=sys.stderr)
        with FakeServer(latency=LATENCY, max_seconds=900) as server:
            if what.startswith("bare"):
                result = asyncio.run(run_bare(rows[-1]["requests"] if rows else 800, server.base_url, n))
            else:
                result = asyncio.run(run_level(calls, server.base_url, n))
            stats = server.stats()
        gc.collect()
        ideal = result["requests"] * LATENCY / n
        rows.append(
            {
                "client": what,
                "concurrency": n,
                "transcripts": "" if what.startswith("bare") else count,
                "requests": result["requests"],
                "server max in flight": stats["max_in_flight"],
                "wall s": result["wall"],
                "ideal s": ideal,
                "wall / ideal": result["wall"] / ideal if ideal else 0.0,
                "transcripts/s": count / result["wall"],
                "client CPU s": result["cpu"],
                "CPU ms/request": 1000 * result["cpu"] / max(result["requests"], 1),
                "incomplete": result["failed"],
                "peak RSS MB": peak_rss_mb(),
                "RSS after MB": rss_mb(),
            }
        )
        print(table(rows[-1:]), file=sys.stderr)
    out = table(rows)
    runs = [r for r in rows if r["client"].startswith("summarizer")]
    last = runs[-1]
    verdict = (
        f"At concurrency {last['concurrency']}: {last['wall s']:.2f} s for {last['requests']} requests,"
        f" {last['wall / ideal']:.2f}x the ideal {last['ideal s']:.2f} s (target 1.5x), with"
        f" {last['CPU ms/request']:.1f} ms of client CPU per request;"
        f" peak RSS {rows[0]['peak RSS MB']:.0f} MB after the first level,"
        f" {last['peak RSS MB']:.0f} MB after the last (RSS before any run {baseline_rss:.0f} MB)."
    )
    notes = (
        f"Fake server latency {LATENCY * 1000:.0f} ms per request, loopback, in its own process."
        " Requests in flight are bounded by one shared `AsyncOpenAI` client whose httpx pool holds N"
        " connections, plus `asyncio.Semaphore(N)` over transcripts and `concurrency=N` per"
        " transcript (the library bounds requests per transcript only); *server max in flight* is"
        " the fake server's own count. Ideal = requests x latency / N; it ignores that each"
        " transcript's highlights request waits for its sections. Peak RSS is the process's"
        " high-water mark so far (`ru_maxrss`), so it can only grow from level to level. *client CPU s*"
        " is this process's CPU time for the level: when it approaches the ideal wall time, the"
        " client, not the endpoint, is the limit. The *floor* row sends the same number of requests"
        " through a bare `AsyncOpenAI` client (no instructor, no pipeline), to separate transport"
        " cost from ours."
    )
    print(out)
    print()
    print(verdict)
    if not args.no_write:
        write_section("bench_scale", "Scale through a fake server (no model)", f"{notes}\n\n{out}\n\n{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
