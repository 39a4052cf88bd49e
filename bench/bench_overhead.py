"""Pipeline overhead without a model: every stage per transcript, next to reading the file.

    python bench/bench_overhead.py             # tests/fixtures/*.txt and ../shared transcripts
    python bench/bench_overhead.py --repeat 3  # fewer repetitions

Stages are timed one by one on the same input (the best of ``--repeat`` runs after one
warm-up): read the file, load (decode, normalise), sections (layout, speakers, sentences),
chunk (section parts at the embedded model's budget), ground + merge of a canned findings set
(the fake server's reply to each part's real request, parsed into the findings models, so no
HTTP is involved), render (JSON, Markdown, HTML with the transcript). The last columns time the
whole ``summarizer.asummarize`` run against the loopback fake server with zero latency: load to
brief, including the HTTP round trips and instructor parsing, but no model time. Target: under
100 ms for a 40 KB call. Prints a table and replaces its section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_openai_server import FakeServer, reply_content  # noqa: E402
from report import ROOT, SHARED, table, write_section  # noqa: E402

import summarizer  # noqa: E402
from summarizer import ground, render  # noqa: E402
from summarizer.assemble import merge  # noqa: E402
from summarizer.extract import extractor  # noqa: E402
from summarizer.ingest import readers, sections  # noqa: E402
from summarizer.run import pipeline  # noqa: E402

BUDGET = pipeline.LOCAL_SECTION_TOKENS


def inputs() -> list[Path]:
    files = sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
    shared = SHARED / "transcripts"
    if shared.is_dir():
        files += sorted(shared.glob("*.txt"))
    else:
        print(f"note: {shared} is absent; timing the fixtures only", file=sys.stderr)
    return files


def best_ms(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best of ``repeat`` timed runs after a warm-up: the machine is shared, and other jobs only
    ever add time, so the minimum is the closest to the stage's own cost."""
    result = fn()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return min(times) * 1000, result


def canned_findings(parts: list[Any], transcript: Any) -> list[tuple[Any, Any]]:
    """What the fake server answers for each part, parsed as the pipeline would."""
    found = []
    for part in parts:
        model = extractor.response_model_for(part)
        body = {
            "messages": extractor.messages_for(part, transcript),
            "response_format": {"type": "json_schema", "json_schema": {"name": model.__name__}},
        }
        found.append((part, model.model_validate_json(reply_content(body))))
    return found


def ground_and_merge(findings: list[tuple[Any, Any]], transcript: Any) -> summarizer.Brief:
    grounded = [ground.ground_section(f, part, transcript) for part, f in findings]
    brief = merge.merge(transcript, grounded)
    brief.warnings.extend(ground.consistency_warnings(brief.kpis))
    return brief


async def end_to_end(path: Path, base_url: str, repeat: int) -> tuple[float, summarizer.Brief]:
    client = openai.AsyncOpenAI(base_url=base_url, api_key="fake", max_retries=0)
    try:
        times, brief = [], None
        for _ in range(repeat + 1):
            began = time.perf_counter()
            brief = await summarizer.asummarize(
                path.read_text(encoding="utf-8"),
                name=path.name,
                client=client,
                model="fake",
                max_section_tokens=BUDGET,
            )
            times.append(time.perf_counter() - began)
        assert brief is not None
        return min(times[1:]) * 1000, brief
    finally:
        await client.close()


def measure(path: Path, base_url: str, repeat: int) -> dict[str, Any]:
    read_ms, raw = best_ms(path.read_bytes, repeat)
    load_ms, transcript = best_ms(lambda: readers.load_path(path), repeat)
    sections_ms, (analysed, found) = best_ms(lambda: sections.analyse(transcript), repeat)
    wanted = [s for s in found if sections.worth_sending(s)]
    chunk_ms, parts = best_ms(lambda: sections.chunk(wanted, max_tokens=BUDGET), repeat)
    findings = canned_findings(parts, analysed)
    ground_ms, brief = best_ms(lambda: ground_and_merge(findings, analysed), repeat)
    text = analysed.text
    json_ms, _ = best_ms(lambda: render.to_json(brief), repeat)
    md_ms, _ = best_ms(lambda: render.to_markdown(brief), repeat)
    html_ms, _ = best_ms(lambda: render.to_html(brief, transcript_text=text), repeat)
    stages = load_ms + sections_ms + chunk_ms + ground_ms + json_ms + md_ms + html_ms
    e2e_ms, run = asyncio.run(end_to_end(path, base_url, repeat))
    return {
        "transcript": path.name,
        "KB": round(len(raw) / 1024, 1),
        "read ms": read_ms,
        "load ms": load_ms,
        "sections ms": sections_ms,
        "chunk ms": chunk_ms,
        "parts": len(parts),
        "ground+merge ms": ground_ms,
        "kpis": len(brief.kpis),
        "json ms": json_ms,
        "md ms": md_ms,
        "html ms": html_ms,
        "stages ms": stages,
        "run ms (fake, 0 latency)": e2e_ms,
        "requests": run.usage.requests,
        "run ms/request": e2e_ms / max(run.usage.requests, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per stage (best of; default 5)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()

    rows = []
    with FakeServer(latency=0.0, max_seconds=600) as server:
        for path in inputs():
            print(f"timing {path.name}", file=sys.stderr)
            rows.append(measure(path, server.base_url, args.repeat))
    out = table(rows)
    biggest = max(rows, key=lambda r: r["KB"])
    verdict = (
        f"Largest input {biggest['transcript']} ({biggest['KB']} KB): stages {biggest['stages ms']:.1f} ms,"
        f" whole run against a zero-latency fake server {biggest['run ms (fake, 0 latency)']:.1f} ms"
        f" ({biggest['requests']} requests); target under 100 ms for a 40 KB call."
    )
    notes = (
        "Times are the best of repeated runs after a warm-up (the machine is shared; other jobs only add time). *stages ms* = load + sections + chunk +"
        " ground+merge + the three renders, in process, without HTTP. *run ms* is"
        " `summarizer.asummarize` end to end (load to brief; no render) with an injected"
        f" `AsyncOpenAI` client against the loopback fake server (0 s latency), section budget {BUDGET}"
        " tokens (the embedded model's); it adds the HTTP round trips, instructor parsing and the"
        " highlights call to the stages, but no model time."
    )
    print(out)
    print()
    print(verdict)
    if not args.no_write:
        write_section("bench_overhead", "Pipeline overhead (no model)", f"{notes}\n\n{out}\n\n{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
