"""Benchmark the embedded model: load time, prompt and output tokens per second, memory.

    timeout 1200 flock /tmp/summarizer-model.lock python bench/bench_local.py
    python bench/bench_local.py --quick        # the two short cases only
    python bench/bench_local.py --assemble     # also time assembling the model into a temp dir

Starts ``LocalServer`` once and sends a fixed set of requests about fictional companies,
sized like the pipeline's (a section of up to ~1,500 tokens after ~shared instructions,
JSON-schema constrained output). Speeds come from the server's own ``timings``; token
counts from ``usage``. Prints the tables and writes the ``local`` section of
bench/RESULTS.md; not part of the test run. About 3-4 minutes on 2 idle cores.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openai

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import peak_rss_mb, rss_mb, table, write_section  # noqa: E402

from summarizer.run import local  # noqa: E402

INSTRUCTIONS = """You extract figures from one section of an earnings call.
Return JSON only. For each figure give: metric (short name), value (number as written),
unit (USD_million, RMB_billion, percent, count, other), period (e.g. 2025Q2), and
sentence (the id like s12 of the sentence that states it). Do not copy sentence text.
Only report figures stated in the section; skip forward-looking statements unless they are
explicit guidance, which goes to the guidance list with low and high values.
"""

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "figures": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "metric": {"type": "string"},
                    "value": {"type": "number"},
                    "unit": {"enum": ["USD_million", "RMB_billion", "percent", "count", "other"]},
                    "period": {"type": "string"},
                    "sentence": {"type": "string", "pattern": "^s[0-9]+$"},
                },
                "required": ["metric", "value", "unit", "period", "sentence"],
            },
        },
        "guidance": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "metric": {"type": "string"},
                    "low": {"type": "number"},
                    "high": {"type": "number"},
                    "sentence": {"type": "string", "pattern": "^s[0-9]+$"},
                },
                "required": ["metric", "low", "high", "sentence"],
            },
        },
    },
    "required": ["figures", "guidance"],
}

SEGMENTS = ["Cloud Services", "Devices", "Payments", "Advertising", "Logistics", "Licensing"]


def english_section(sentences: int, *, company: str = "Halvorsen Dynamics") -> str:
    """Deterministic prepared remarks about a fictional company, one sentence id per line."""
    lines = [f"s1: Thank you and welcome to the {company} second quarter 2025 call."]
    for i in range(2, sentences + 1):
        segment = SEGMENTS[i % len(SEGMENTS)]
        value = 10 + (i * 37) % 190 + (i % 10) / 10
        growth = 3 + (i * 7) % 40
        templates = [
            f"{segment} revenue was ${value:.1f} million, up {growth}% year over year.",
            f"Gross margin for {segment} improved to {30 + i % 40}.{i % 10}% as pricing held.",
            f"We added {100 + i * 13} enterprise customers in {segment} during the quarter.",
            f"Operating expenses in {segment} were ${value / 3:.1f} million, reflecting hiring.",
            f"For the third quarter we expect {segment} revenue between ${value:.0f} million"
            f" and ${value + 5:.0f} million.",
        ]
        lines.append(f"s{i}: {templates[i % len(templates)]}")
    return "\n".join(lines)


def chinese_section(sentences: int) -> str:
    """Deterministic Chinese call notes about a fictional company."""
    lines = ["s1: 欢迎参加澜川科技2025年第二季度业绩电话会\u3002"]
    names = ["云服务", "智能硬件", "支付", "广告", "物流", "授权"]
    for i in range(2, sentences + 1):
        name = names[i % len(names)]
        value = 1 + (i * 37) % 90 / 10
        growth = 3 + (i * 7) % 40
        templates = [
            f"{name}业务收入为{value:.1f}亿元\uff0c同比增长{growth}%\u3002",
            f"{name}毛利率提升至{30 + i % 40}.{i % 10}%\uff0c主要受益于定价策略\u3002",
            f"本季度{name}新增企业客户{100 + i * 13}家\u3002",
            f"预计第三季度{name}收入在{value:.1f}亿元至{value + 0.5:.1f}亿元之间\u3002",
        ]
        lines.append(f"s{i}: {templates[i % len(templates)]}")
    return "\n".join(lines)


@dataclass
class Case:
    name: str
    section: str
    schema: bool
    max_tokens: int


def cases(quick: bool) -> list[Case]:
    short = [
        Case("short, free text", "s1: Halvorsen Dynamics revenue was $41.2 million.", False, 32),
        Case("short, json", english_section(4), True, 200),
    ]
    if quick:
        return short
    return short + [
        Case("en ~1500 tok, json", english_section(62), True, 400),
        Case(
            "en ~1500 tok, json, new section",
            english_section(62, company="Orvik Labs"),
            True,
            400,
        ),
        Case("zh ~1500 tok, json", chinese_section(70), True, 400),
    ]


def run(case: Case, client: openai.OpenAI, model: str) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if case.schema:
        extra["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "Findings", "schema": SCHEMA},
        }
    began = time.perf_counter()
    completion = client.chat.completions.create(
        model=model,
        messages=[
            {"role": "system", "content": INSTRUCTIONS},
            {"role": "user", "content": case.section},
        ],
        max_tokens=case.max_tokens,
        **extra,
    )
    wall = time.perf_counter() - began
    timings = (completion.model_extra or {}).get("timings", {})
    usage = completion.usage
    content = completion.choices[0].message.content or ""
    valid = ""
    if case.schema:
        try:
            json.loads(content)
            valid = "yes"
        except ValueError:
            valid = "no"
    details = usage.prompt_tokens_details if usage else None
    return {
        "case": case.name,
        "prompt": usage.prompt_tokens if usage else 0,
        "cached": (details.cached_tokens or 0) if details else 0,
        "prompt s": timings.get("prompt_ms", 0) / 1000,
        "prompt tok/s": timings.get("prompt_per_second", 0.0),
        "output": usage.completion_tokens if usage else 0,
        "output s": timings.get("predicted_ms", 0) / 1000,
        "output tok/s": timings.get("predicted_per_second", 0.0),
        "wall s": wall,
        "finish": completion.choices[0].finish_reason,
        "valid json": valid,
    }


def time_assembly() -> list[dict[str, Any]]:
    """Assemble the model into a temporary cache dir: first run, trusted run, re-hash."""
    rows = []
    saved = os.environ.get(local.ENV_CACHE)
    with tempfile.TemporaryDirectory(prefix="bench-local-") as directory:
        os.environ[local.ENV_CACHE] = directory
        try:
            for step in ("assemble (first run)", "trusted (marker)", "re-hash (no marker)"):
                if step.startswith("re-hash"):
                    local.model_file().with_name(local.model_file().name + ".verified").unlink()
                began = time.perf_counter()
                local.model_path()
                rows.append({"step": step, "seconds": time.perf_counter() - began})
        finally:
            if saved is None:
                os.environ.pop(local.ENV_CACHE, None)
            else:
                os.environ[local.ENV_CACHE] = saved
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the two short cases")
    parser.add_argument("--assemble", action="store_true", help="also time model assembly")
    args = parser.parse_args()

    sections = []
    if args.assemble:
        print("timing assembly into a temporary directory...", file=sys.stderr)
        sections.append("Model file (1.1 GB, 22 parts):\n\n" + table(time_assembly()))

    began = time.perf_counter()
    path = local.model_path()
    prepare = time.perf_counter() - began
    before = rss_mb()
    with local.LocalServer(path, status=lambda m: print(m, file=sys.stderr)) as server:
        loaded = rss_mb()
        client = openai.OpenAI(base_url=server.base_url, api_key=server.api_key, max_retries=0)
        rows = []
        for case in cases(args.quick):
            print(f"running: {case.name}", file=sys.stderr)
            rows.append(run(case, client, server.model))
        after = rss_mb()
        sections.append(
            f"Server: {server.model}, {server.threads} threads, context {server.ctx_size},"
            f" one slot. Load {server.load_seconds:.1f}s (model file check {prepare:.2f}s)."
            f" RSS {before:.0f} MB before load, {loaded:.0f} MB loaded,"
            f" {after:.0f} MB after the requests, peak {peak_rss_mb():.0f} MB.\n\n"
            "Speeds are the server's own `timings`; `cached` is"
            " `usage.prompt_tokens_details.cached_tokens` (prefix reuse from the previous"
            " request). Long cases stop at `max_tokens` on purpose: they measure speed.\n\n" + table(rows)
        )
    body = "\n\n".join(sections)
    print(body)
    write_section("local", "Embedded model server (bench_local.py)", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
