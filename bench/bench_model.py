"""The embedded model end to end: our pipeline against the naive baselines, tokens, time, quality.

    flock /tmp/summarizer-model.lock python bench/bench_model.py --case agora
    flock /tmp/summarizer-model.lock python bench/bench_model.py --case kuaishou
    flock /tmp/summarizer-model.lock python bench/bench_model.py --case ectsum
    python bench/bench_model.py --case agora --systems ours     # the pipeline only

Slow (minutes per case on 2 cores) and CPU-heavy: run one case at a time, under the lock, with
nothing else running. Every case starts one ``LocalServer`` (the embedded Qwen2.5-Coder-1.5B,
context 12,288 so a whole transcript fits the baselines) and sends everything through the same
``AsyncOpenAI`` client:

- ``agora``: the English lines of ../shared/transcripts/agora-2024q3-en-zh.txt (translation
  lines dropped in memory; nothing is written to disk but numbers). Our pipeline, baseline (a)
  one call per schema and baseline (b) one call for all schemas (bench/baselines.py): requests,
  prompt tokens against the transcript's own tokens (the server's ``/tokenize``), completion
  tokens, cached prompt tokens, wall time, items, how many of 7 headline figures come back with
  the right value, and how many returned figures are found nowhere in the transcript;
- ``kuaishou``: ../shared/transcripts/kuaishou-2024q4-zh.txt, our pipeline only: KPIs by
  grounding status and 5 headline figures;
- ``ectsum``: two ECTSum samples, our pipeline only: recall of the numbers in the expert
  bullets among the brief's grounded figures, and precision (share of the brief's figures
  found in the transcript);
- ``example``: tests/fixtures/example-call.txt (ours; runs without ../shared).

After agora and kuaishou, one row per brief against the analyst labels in tests/data (figure
recall, field precision, outlook recall: bench/score.py); after ectsum, the guidance bullets'
numbers and bullets found among the guidance items.

``--time-limit`` bounds each system's run; a run that hits it is reported as timed out. Each
case replaces its own section of bench/RESULTS.md. Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import BaselineResult, run_baseline  # noqa: E402
from fake_openai_server import FakeServer  # noqa: E402
from report import ROOT, SHARED, peak_rss_mb, table, write_section  # noqa: E402
from score import bullet_recall, bullet_row, call_rows, load_figures, load_outlook  # noqa: E402

import summarizer  # noqa: E402
from summarizer.brief import Brief, GroundingStatus  # noqa: E402
from summarizer.ingest.layout import cjk_count  # noqa: E402
from summarizer.run import local, pipeline  # noqa: E402
from summarizer.run.cache import ResponseCache  # noqa: E402
from summarizer.text import numbers  # noqa: E402

CTX_SIZE = 12288
REL_TOL = 0.006  # "$2.38 billion" in the call vs "$2.377 billion" in a bullet
ECTSUM_DEFAULT = ["NX_q1_2022", "HZO_q3_2021"]

# (label, metric pattern, accepted values). Values as stated in the transcript's text: the
# speech recogniser wrote "Show more revenues were only $412.9 million" for Shengwang.
AGORA_HEADLINES: list[tuple[str, str, tuple[float, ...]]] = [
    ("total revenues $31.6M", r"revenue", (31.6e6,)),
    ("Agora revenues $15.7M", r"revenue", (15.7e6,)),
    ("Shengwang revenues (as stated: $412.9M)", r"revenue", (412.9e6, 112.9e6)),
    ("gross margin 66.7%", r"margin", (66.7,)),
    ("net loss $24.2M", r"loss|income|net", (24.2e6,)),
    ("cash $362.6M", r"cash", (362.6e6,)),
]
AGORA_GUIDANCE = ("Q4 revenue guidance $34M-$36M", 34e6, 36e6)
KUAISHOU_HEADLINES: list[tuple[str, str, tuple[float, ...]]] = [
    ("Q4 revenue 354億", r"收入|營收|营收|revenue", (354e8,)),
    ("online marketing 206億", r"營銷|营销|marketing|廣告|广告", (206e8,)),
    ("adjusted net profit 47億", r"淨利|净利|profit|income", (47e8,)),
    ("DAU 4.01億", r"日活|DAU|daily", (4.01e8,)),
    ("e-commerce GMV 4621億", r"GMV|商品交易", (4621e8,)),
]


@dataclass
class Item:
    """One figure a system returned: its metric words and the values read from it."""

    metric: str
    values: tuple[float, ...]
    guidance: bool = False
    changes: tuple[float, ...] = ()  # the KPI's YoY and QoQ, in percent (recall only: "sales rose 16 percent")
    period: str | None = None  # canonical ("2024Q3") when the system gave one


@dataclass
class Outcome:
    """What one system did on one transcript, normalised for the tables."""

    system: str
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    seconds: float = 0.0
    items: int = 0
    figures: list[Item] = field(default_factory=list)  # what ends up in the output
    raw_figures: list[Item] = field(default_factory=list)  # what the model returned, kept or not
    notes: list[str] = field(default_factory=list)
    brief: Brief | None = None


# --- reading numbers ---------------------------------------------------------------------------


def parsed_values(text: str | None) -> tuple[float, ...]:
    if not text:
        return ()
    found = numbers.parse(text)
    return found[0].values() if found else ()


def close(a: float, b: float) -> bool:
    a, b = abs(a), abs(b)
    return abs(a - b) <= REL_TOL * max(a, b, 1e-12)


def transcript_values(text: str) -> list[float]:
    """Every quantity in the text, scaled, plus its number as written (without the scale)."""
    values: list[float] = []
    for amount in numbers.parse(text):
        for v in amount.values():
            values.append(v)
            factor = numbers.scale_factor(amount.scale)
            if factor != 1.0:
                values.append(v / factor)
    return values


def in_text(item: Item, known: list[float]) -> bool:
    return all(any(close(v, k) for k in known) for v in item.values)


def brief_items(brief: Brief) -> tuple[list[Item], list[Item]]:
    """(grounded figures in the brief, every figure the model returned including rejected)."""
    kept: list[Item] = []
    for k in brief.kpis:
        if k.value is not None and k.grounding is not GroundingStatus.not_found:
            changes = tuple(abs(c) for c in (k.yoy, k.qoq) if c is not None)
            kept.append(
                Item(f"{k.metric} {k.segment or ''} {k.key or ''}", (k.value,), changes=changes, period=k.period)
            )
    for g in brief.guidance:
        values = tuple(v for v in (g.low, g.high) if v is not None)
        if values and g.grounding is not GroundingStatus.not_found:
            kept.append(Item(f"{g.metric} {g.key or ''}", values, guidance=True, period=g.period))
    raw = list(kept)
    for r in brief.rejected:
        if r.kind not in ("kpi", "guidance"):
            continue
        if r.kind == "kpi":
            values = parsed_values(str(r.item.get("value") or ""))
        else:
            values = parsed_values(str(r.item.get("low") or "")) + parsed_values(str(r.item.get("high") or ""))
        if values:
            raw.append(Item(str(r.item.get("metric") or ""), values, guidance=r.kind == "guidance"))
    return kept, raw


def baseline_items(result: BaselineResult) -> list[Item]:
    items = [Item(f.metric, parsed_values(f.value)) for f in result.figures]
    for g in result.guidance:
        items.append(Item(g.metric, parsed_values(g.low) + parsed_values(g.high), guidance=True))
    return [i for i in items if i.values]


def headline_hits(items: list[Item], headlines: list[tuple[str, str, tuple[float, ...]]]) -> list[bool]:
    hits = []
    for _, pattern, wanted in headlines:
        rx = re.compile(pattern, re.I)
        hits.append(any(rx.search(i.metric) and any(close(v, w) for v in i.values for w in wanted) for i in items))
    return hits


def guidance_hit(items: list[Item], low: float, high: float) -> bool:
    return any(any(close(v, low) for v in i.values) and any(close(v, high) for v in i.values) for i in items)


def label_table(call: str, outcomes: list[Outcome]) -> str:
    """Our briefs against the analyst labels in tests/data (bench/score.py), one row per run."""
    figures = load_figures()[call]
    outlook = load_outlook()[0][call]
    rows = [
        {"system": o.system, **row}
        for o in outcomes
        if o.brief is not None
        for row in call_rows(o.brief, figures, outlook)
    ]
    return table(rows) if rows else ""


def bullet_numbers(bullets: str) -> list[float]:
    """The distinct numbers of ECTSum expert bullets (scaled), the recall's denominator."""
    wanted: list[float] = []
    for amount in numbers.parse(bullets):
        for v in amount.values():
            if not any(close(v, w) for w in wanted):
                wanted.append(v)
    return wanted


def recalled_count(wanted: list[float], items: list[Item]) -> int:
    """How many of ``wanted`` appear among the items' values or their YoY/QoQ changes."""
    values = [v for i in items for v in (*i.values, *i.changes)]
    return sum(1 for w in wanted if any(close(w, v) for v in values))


# --- running ------------------------------------------------------------------------------------


def english_lines(text: str) -> str:
    """The English lines of a bilingual transcript; a line repeated right after itself once."""
    kept: list[str] = []
    for line in text.splitlines():
        if cjk_count(line) or (kept and line.strip() and line == kept[-1]):
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


def count_tokens(server: local.LocalServer, text: str) -> int:
    request = urllib.request.Request(
        f"{server.address}/tokenize",
        data=json.dumps({"content": text}).encode("utf-8"),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {server.api_key}"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return len(json.loads(response.read())["tokens"])


# --keep DIR: each brief of our pipeline is written there; --cache PATH: replies go through a
# response cache, so a later run of changed grounding code replays them without the model.
KEEP: Path | None = None
CACHE: ResponseCache | None = None


async def run_ours(
    client: openai.AsyncOpenAI, server: local.LocalServer, name: str, text: str, limit: float
) -> Outcome:
    out = Outcome(system="ours (sections, ids, grounding)")
    began = time.perf_counter()
    try:
        brief = await asyncio.wait_for(
            summarizer.asummarize(
                text,
                name=name,
                client=client,
                model=server.model,
                local=True,  # the embedded model's run, as a user's: the client is the bench's own
                concurrency=1,
                max_section_tokens=pipeline.LOCAL_SECTION_TOKENS,
                progress=lambda m: print(f"  {m}", file=sys.stderr),
                cache=CACHE,
            ),
            timeout=limit,
        )
        if KEEP is not None:
            KEEP.mkdir(parents=True, exist_ok=True)
            (KEEP / f"{Path(name).stem}.json").write_text(brief.model_dump_json(indent=1), encoding="utf-8")
    except TimeoutError:
        out.seconds = time.perf_counter() - began
        out.notes.append(f"timed out after {limit:.0f}s")
        return out
    out.seconds = time.perf_counter() - began
    out.brief = brief
    out.requests, out.prompt_tokens = brief.usage.requests, brief.usage.prompt_tokens
    out.completion_tokens, out.cached_tokens = brief.usage.completion_tokens, brief.usage.cached_tokens
    out.items = len(brief.kpis) + len(brief.guidance) + len(brief.ai_strategy) + len(brief.qa_themes)
    out.figures, out.raw_figures = brief_items(brief)
    out.notes += [w for w in brief.warnings if "failed" in w]
    if brief.rejected:
        out.notes.append(f"{len(brief.rejected)} items rejected by grounding")
    return out


async def run_naive(
    client: openai.AsyncOpenAI, server: local.LocalServer, kind: str, text: str, limit: float, max_tokens: int
) -> Outcome:
    name = "(a) one call per schema" if kind == "per_schema" else "(b) one call, all schemas"
    out = Outcome(system=name)
    # Each request times out on its own (the client's timeout), so a slow call costs its share
    # of the budget and the calls already answered are kept.
    result = await run_baseline(
        client,
        model=server.model,
        text=text,
        kind=kind,  # type: ignore[arg-type]
        max_tokens=max_tokens,
        timeout=limit,
        budget=limit,
    )
    out.seconds = result.seconds
    out.requests, out.prompt_tokens = result.requests, result.prompt_tokens
    out.completion_tokens, out.cached_tokens = result.completion_tokens, result.cached_tokens
    out.items = result.items
    out.figures = out.raw_figures = baseline_items(result)
    out.notes += result.errors
    return out


def cost_row(o: Outcome, transcript_tokens: int) -> dict[str, Any]:
    return {
        "system": o.system,
        "requests": o.requests,
        "prompt tokens": o.prompt_tokens,
        "transcript tokens": transcript_tokens,
        "prompt / transcript": o.prompt_tokens / transcript_tokens if transcript_tokens else 0.0,
        "cached": o.cached_tokens,
        "uncached / transcript": (o.prompt_tokens - o.cached_tokens) / transcript_tokens if transcript_tokens else 0.0,
        "completion tokens": o.completion_tokens,
        "completion / item": o.completion_tokens / o.items if o.items else 0.0,
        "wall s": o.seconds,
        "completion tok/s": o.completion_tokens / o.seconds if o.seconds else 0.0,
        "items": o.items,
    }


def notes_block(outcomes: list[Outcome]) -> str:
    lines = [f"- {o.system}: {'; '.join(o.notes)}" for o in outcomes if o.notes]
    return ("Notes:\n" + "\n".join(lines)) if lines else ""


# --- cases -------------------------------------------------------------------------------------


async def case_agora(server: local.LocalServer, client: openai.AsyncOpenAI, args: argparse.Namespace) -> str:
    raw = (SHARED / "transcripts" / "agora-2024q3-en-zh.txt").read_text(encoding="utf-8")
    text = english_lines(raw)
    tokens, raw_tokens = count_tokens(server, text), count_tokens(server, raw)
    known = transcript_values(text)
    outcomes: list[Outcome] = []
    sizes: list[int] = []
    for system in args.systems:
        print(f"agora: {system}", file=sys.stderr)
        if system == "ours":
            outcomes.append(await run_ours(client, server, "agora-2024q3-en.txt", text, args.time_limit))
        elif system == "ours-bilingual":
            outcomes.append(await run_ours(client, server, "agora-2024q3-en-zh.txt", raw, args.time_limit))
            outcomes[-1].system = "ours, on the raw bilingual file"
        else:
            kind = "per_schema" if system == "a" else "all_in_one"
            outcomes.append(await run_naive(client, server, kind, text, args.time_limit, args.max_tokens))
        sizes.append(raw_tokens if system == "ours-bilingual" else tokens)
        print(table([cost_row(outcomes[-1], sizes[-1])]), file=sys.stderr)

    costs = table([cost_row(o, n) for o, n in zip(outcomes, sizes, strict=True)])
    quality_rows, matrix = [], []
    for o in outcomes:
        hits = headline_hits(o.figures, AGORA_HEADLINES) + [guidance_hit(o.figures, *AGORA_GUIDANCE[1:])]
        fabricated = [i for i in o.raw_figures if not in_text(i, known)]
        kept_fabricated = [i for i in o.figures if not in_text(i, known)]
        quality_rows.append(
            {
                "system": o.system,
                "figures returned": len(o.raw_figures),
                "figures kept": len(o.figures),
                "headline figures right (of 7)": sum(hits),
                "returned figures not in transcript": len(fabricated),
                "kept figures not in transcript": len(kept_fabricated),
            }
        )
        matrix.append((o.system, hits))
    labels = [h[0] for h in AGORA_HEADLINES] + [AGORA_GUIDANCE[0]]
    headline_rows = [
        {"headline figure": label, **{system: "yes" if hits[i] else "no" for system, hits in matrix}}
        for i, label in enumerate(labels)
    ]
    intro = (
        f"Transcript: the English lines of agora-2024q3-en-zh.txt ({len(text):,} characters,"
        f" {tokens:,} tokens by the server's tokenizer; the raw bilingual file is {raw_tokens:,} tokens)."
        f" Model {server.model}, context {server.ctx_size}, {server.threads} threads; baselines capped at"
        f" {args.max_tokens} output tokens. *Transcript tokens* is the English text's count (the raw"
        " file's for the bilingual run). *Kept* figures are what the output holds (the brief's grounded"
        " KPIs and guidance; everything a baseline returned); *returned* adds what grounding rejected."
        " A figure is *not in transcript* when one of its values matches no quantity in the text"
        f" (relative tolerance {REL_TOL})."
    )
    return "\n\n".join(
        part
        for part in (
            intro,
            costs,
            table(quality_rows),
            table(headline_rows),
            label_table("agora", outcomes),
            notes_block(outcomes),
        )
        if part
    )


def status_counts(brief: Brief) -> str:
    counts: dict[str, int] = {}
    for k in [*brief.kpis, *brief.guidance]:
        counts[k.grounding.value] = counts.get(k.grounding.value, 0) + 1
    return ", ".join(f"{v} {k}" for k, v in sorted(counts.items())) or "none"


async def case_kuaishou(server: local.LocalServer, client: openai.AsyncOpenAI, args: argparse.Namespace) -> str:
    text = (SHARED / "transcripts" / "kuaishou-2024q4-zh.txt").read_text(encoding="utf-8")
    tokens = count_tokens(server, text)
    known = transcript_values(text)
    o = await run_ours(client, server, "kuaishou-2024q4-zh.txt", text, args.time_limit)
    costs = table([cost_row(o, tokens)])
    if o.brief is None:
        return f"Transcript kuaishou-2024q4-zh.txt ({tokens:,} tokens).\n\n{costs}\n\n{notes_block([o])}"
    hits = headline_hits(o.figures, KUAISHOU_HEADLINES)
    summary = table(
        [
            {
                "KPIs": len(o.brief.kpis),
                "guidance": len(o.brief.guidance),
                "grounded KPIs + guidance": len(o.figures),
                "by status": status_counts(o.brief),
                "rejected": len(o.brief.rejected),
                "kept figures not in transcript": sum(1 for i in o.figures if not in_text(i, known)),
                "headline figures right (of 5)": sum(hits),
            }
        ]
    )
    headline_rows = [
        {"headline figure": h[0], "ours": "yes" if hit else "no"}
        for h, hit in zip(KUAISHOU_HEADLINES, hits, strict=True)
    ]
    intro = f"Transcript kuaishou-2024q4-zh.txt ({len(text):,} characters, {tokens:,} tokens); our pipeline only."
    parts = (intro, costs, summary, table(headline_rows), label_table("kuaishou", [o]), notes_block([o]))
    return "\n\n".join(p for p in parts if p)


async def case_ectsum(server: local.LocalServer, client: openai.AsyncOpenAI, args: argparse.Namespace) -> str:
    rows, outcomes, bullet_scores = [], [], []
    samples = load_outlook()[1]
    for sample in args.ectsum:
        text = (SHARED / "ectsum-sample" / "ects" / f"{sample}.txt").read_text(encoding="utf-8")
        bullets = (SHARED / "ectsum-sample" / "gt_summaries" / f"{sample}.txt").read_text(encoding="utf-8")
        tokens = count_tokens(server, text)
        known = transcript_values(text)
        wanted = bullet_numbers(bullets)
        print(f"ectsum: {sample}", file=sys.stderr)
        o = await run_ours(client, server, f"{sample}.txt", text, args.time_limit)
        o.system = sample
        outcomes.append(o)
        if o.brief is not None and sample in samples:
            bullet_scores.append(bullet_recall(o.brief, samples[sample]))
        recalled = recalled_count(wanted, o.figures)
        precise = sum(1 for i in o.figures if in_text(i, known))
        rows.append(
            {
                **cost_row(o, tokens),
                "grounded figures": len(o.figures),
                "bullet numbers": len(wanted),
                "recall": f"{recalled}/{len(wanted)}",
                "precision": f"{precise}/{len(o.figures)}" if o.figures else "n/a",
            }
        )
    intro = (
        "ECTSum samples, our pipeline only. *Recall*: numbers of the expert bullets (gt_summaries)"
        " found among the brief's grounded KPI and guidance values and the KPIs' YoY and QoQ changes"
        ' ("sales rose 16 percent" is a change); *precision*: brief figures whose'
        f" values all appear in the transcript (relative tolerance {REL_TOL})."
    )
    guidance = table([bullet_row(bullet_scores)]) if bullet_scores else ""
    return "\n\n".join(p for p in (intro, table(rows), guidance, notes_block(outcomes)) if p)


async def case_example(server: local.LocalServer, client: openai.AsyncOpenAI, args: argparse.Namespace) -> str:
    path = ROOT / "tests" / "fixtures" / "example-call.txt"
    text = path.read_text(encoding="utf-8")
    tokens = count_tokens(server, text)
    known = transcript_values(text)
    o = await run_ours(client, server, path.name, text, args.time_limit)
    rows = [cost_row(o, tokens)]
    if o.brief is not None:
        rows[0].update(
            {
                "grounded KPIs + guidance": len(o.figures),
                "by status": status_counts(o.brief),
                "rejected": len(o.brief.rejected),
                "kept figures not in transcript": sum(1 for i in o.figures if not in_text(i, known)),
            }
        )
    intro = f"The project's example, tests/fixtures/example-call.txt ({len(text):,} characters, {tokens:,} tokens)."
    return "\n\n".join(p for p in (intro, table(rows), notes_block([o])) if p)


CASES = {"agora": case_agora, "kuaishou": case_kuaishou, "ectsum": case_ectsum, "example": case_example}
TITLES = {
    "agora": "Embedded model: Agora Q3 2024 (English lines), ours vs naive baselines",
    "kuaishou": "Embedded model: Kuaishou Q4 2024 (Chinese notes), ours",
    "ectsum": "Embedded model: ECTSum samples, recall and precision of figures",
    "example": "Embedded model: the example call",
}


class _FakeLocal:
    """The fake server dressed as a ``LocalServer``, for ``--dry-run``."""

    def __init__(self) -> None:
        self._fake = FakeServer(latency=0.0, max_seconds=900)
        self.model, self.api_key, self.ctx_size, self.threads, self.load_seconds = "fake", "fake", 0, 0, 0.0
        self.base_url = self.address = ""

    def __enter__(self) -> _FakeLocal:
        self._fake.__enter__()
        self.base_url = self._fake.base_url
        self.address = self.base_url.removesuffix("/v1")
        return self

    def __exit__(self, *exc: object) -> None:
        self._fake.__exit__(None, None, None)


async def run_case(args: argparse.Namespace) -> str:
    if args.dry_run:
        serving: Any = _FakeLocal()
    else:
        serving = local.LocalServer(local.model_path(), ctx_size=CTX_SIZE, status=lambda m: print(m, file=sys.stderr))
    with serving as server:
        client = openai.AsyncOpenAI(
            base_url=server.base_url, api_key=server.api_key, max_retries=0, timeout=args.time_limit
        )
        try:
            body = await CASES[args.case](server, client, args)
        finally:
            await client.close()
        return f"{body}\n\nModel load {server.load_seconds:.1f}s; peak RSS of the process {peak_rss_mb():.0f} MB."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=sorted(CASES), required=True)
    parser.add_argument(
        "--systems",
        nargs="+",
        choices=["ours", "b", "a", "ours-bilingual"],
        default=["ours", "b", "a"],
        help="agora only: which systems to run, in order (default: ours b a);"
        " ours-bilingual runs the pipeline on the raw bilingual file",
    )
    parser.add_argument("--ectsum", nargs="+", default=ECTSUM_DEFAULT, help="ECTSum sample names")
    parser.add_argument("--time-limit", type=float, default=900.0, help="seconds per system run (default 900)")
    parser.add_argument("--max-tokens", type=int, default=2048, help="baselines' output cap (default 2048)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="check the script against the fake server instead of the model (implies --no-write)",
    )
    parser.add_argument("--keep", type=Path, default=None, help="write each brief of ours to this folder")
    parser.add_argument("--cache", default=None, help="a response cache (SQLite) for ours: a rerun replays its replies")
    args = parser.parse_args()
    args.no_write = args.no_write or args.dry_run or args.cache is not None  # replayed runs time nothing
    global KEEP, CACHE
    KEEP, CACHE = args.keep, ResponseCache(args.cache) if args.cache else None
    if args.case != "example" and not (SHARED / "transcripts").is_dir():
        print(f"skipped: {SHARED} is absent (the model benchmark needs ../shared)")
        return 0
    try:
        body = asyncio.run(run_case(args))
    except summarizer.SummarizerError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(body)
    if not args.no_write:
        if args.case == "agora" and args.systems == ["ours-bilingual"]:
            # Its own section, so that the side-by-side run with the baselines stays in place.
            write_section("bench_model_agora_bilingual", "Embedded model: Agora Q3 2024, the raw bilingual file", body)
        else:
            write_section(f"bench_model_{args.case}", TITLES[args.case], body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
