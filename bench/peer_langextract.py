"""The peer in the same run: google's langextract beside our pipeline, same model, same text.

    # ours then langextract on each input, one embedded server per input, the model lock
    # (/tmp/summarizer-model.lock) held per input by the script itself (no flock(1) around it):
    python bench/peer_langextract.py run agora kuaishou ectsum --log /tmp/peer.jsonl --until 11:45
    python bench/peer_langextract.py report /tmp/peer.jsonl      # writes its RESULTS.md section
    python bench/peer_langextract.py run example --dry-run --log /tmp/dry.jsonl   # fake server, seconds

langextract is installed for this benchmark only (``pip install langextract``), never a
dependency of the package; without it the script says so and exits 0. It runs with its OpenAI
provider pointed at the same ``LocalServer`` (llama.cpp, the embedded model) our pipeline uses,
with its defaults: chunks of ``max_char_buffer=1000`` characters, one extraction pass, the JSON
schema it derives from the examples sent as ``response_format`` (so no code fences). Two
changes from its defaults, both to match our run: ``max_workers=1`` (the server has one slot
and ours runs at concurrency 1) and temperature 0. The task text and the two few-shot examples
below are ours, written for fictional companies, so a figure copied from them into a result is
the peer's doing, not the inputs'.

Per input and system: requests, prompt tokens (cached), completion tokens (the server's
``usage``: ours from the brief, the peer's read from each HTTP response), wall time, recall
(bench_model's headline lists for Agora and Kuaishou, the numbers of the ECTSum expert bullets
for the ECTSum calls), precision (figures whose values all appear in the text), figures not in
the text, figures copied from the few-shot examples, and figures whose value is a headline's but
whose label or period is wrong. ``run`` appends one JSON line per input to ``--log``;
``report`` turns the log into the table.
"""

from __future__ import annotations

import argparse
import asyncio
import calendar
import contextlib
import fcntl
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx  # what this openai client is built on
import openai

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_model as bm  # noqa: E402
from report import ROOT, SHARED, table, write_section  # noqa: E402

from summarizer.run import local  # noqa: E402
from summarizer.text.periods import normalize_period, shift  # noqa: E402

SECTION = "peer_langextract"
TITLE = "The peer in the same run: langextract and ours, same model, same text"
ECTSUM_ORDER = [  # smallest first, so that as many calls as possible fit a time budget
    "NX_q1_2022",
    "HZO_q3_2021",
    "AVY_q3_2021",
    "JBT_q2_2021",
    "BRO_q2_2021",
    "PMT_q3_2021",
    "MYE_q3_2020",
    "APH_q1_2021",
    "CNO_q4_2020",
    "GPC_q2_2021",
    "SF_q2_2021",
    "BAC_q4_2021",
]
# The call's own period, to resolve "this quarter" in a label, and the period of the headlines.
PERIODS = {"agora": "2024Q3", "kuaishou": "2024Q4"}
# Headlines that belong to one segment: the label must name it (the recogniser's spelling too).
SEGMENTS = {"Agora revenues $15.7M": r"agora", "Shengwang revenues (as stated: $412.9M)": r"shengwang|show ?more"}

PROMPT = (
    "Extract the key performance indicators (KPIs) and the forward guidance that management states"
    " in this earnings-call transcript. One extraction per figure, in order of appearance.\n"
    "- kpi: a reported figure for the period. Attributes: metric (what is measured, e.g. revenue,"
    " gross margin, daily active users), value (the figure with its unit and scale, as written),"
    " period (as written, or the call's period), segment (business line or region, if any),"
    " change (the year-over-year or quarter-over-quarter change as written, if any).\n"
    "- guidance: an outlook figure or range for a future period. Attributes: metric, low, high"
    " (as written; the same figure twice for a point estimate), period.\n"
    "Use the exact words of the transcript for extraction_text, the sentence part that states the"
    " figure (the evidence). Only figures stated in the transcript; do not compute or translate."
)

# Two fictional companies (names and figures invented here; nothing from the inputs).
EXAMPLE_EN = (
    "Corvane Foods, second quarter 2025. Net sales were $73.4 million, up 9% year over year."
    " Our frozen segment delivered $28.9 million. Gross margin came in at 41.2%."
    " For the third quarter, we expect net sales of $76 million to $79 million."
)
# Traditional characters, like the Chinese input; full-width punctuation as escapes (STYLE.md).
EXAMPLE_ZH = (
    "青嵐出行2025年第二季度業績\u3002本季度總收入為人民幣58.3億元\uff0c同比增長 17%\u3002日活躍用戶達到 2.16億\u3002"
)


def example_specs() -> list[tuple[str, list[tuple[str, str, dict[str, str]]]]]:
    """The two few-shot examples as (text, [(class, extraction_text, attributes)]), library-free."""
    en = [
        (
            "kpi",
            "Net sales were $73.4 million, up 9% year over year",
            {"metric": "net sales", "value": "$73.4 million", "period": "second quarter 2025", "change": "up 9%"},
        ),
        (
            "kpi",
            "Our frozen segment delivered $28.9 million",
            {"metric": "net sales", "value": "$28.9 million", "period": "second quarter 2025", "segment": "frozen"},
        ),
        (
            "kpi",
            "Gross margin came in at 41.2%",
            {"metric": "gross margin", "value": "41.2%", "period": "second quarter 2025"},
        ),
        (
            "guidance",
            "For the third quarter, we expect net sales of $76 million to $79 million",
            {"metric": "net sales", "low": "$76 million", "high": "$79 million", "period": "third quarter 2025"},
        ),
    ]
    zh = [
        (
            "kpi",
            "本季度總收入為人民幣58.3億元\uff0c同比增長 17%",
            {"metric": "總收入", "value": "人民幣58.3億元", "period": "2025年第二季度", "change": "同比增長 17%"},
        ),
        ("kpi", "日活躍用戶達到 2.16億", {"metric": "日活躍用戶", "value": "2.16億", "period": "2025年第二季度"}),
    ]
    return [(EXAMPLE_EN, en), (EXAMPLE_ZH, zh)]


def example_values() -> list[float]:
    """Every quantity in the few-shot examples: a result holding one the text lacks copied it."""
    return bm.transcript_values(" ".join(text for text, _ in example_specs()))


# --- counting ---------------------------------------------------------------------------------


@dataclass
class UsageMeter:
    """Requests and token usage summed over the chat-completion replies one client received."""

    requests: int = 0
    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    skipped: int = 0  # requests answered empty because the time limit had passed

    def add(self, reply: dict[str, Any]) -> None:
        """Count one reply body (OpenAI's shape; llama.cpp reports cached prompt tokens there)."""
        self.requests += 1
        usage = reply.get("usage") or {}
        self.prompt_tokens += int(usage.get("prompt_tokens") or 0)
        self.completion_tokens += int(usage.get("completion_tokens") or 0)
        details = usage.get("prompt_tokens_details") or {}
        self.cached_tokens += int(details.get("cached_tokens") or 0)


EMPTY_REPLY = json.dumps({"extractions": []})


class MeteredTransport(httpx.BaseTransport):
    """Meters each chat-completion reply; past ``deadline`` answers them itself, empty.

    An empty answer (no extractions, not counted as a request) lets langextract finish with the
    chunks the model did answer, so a run that hits the time limit still reports those.
    """

    def __init__(self, meter: UsageMeter, deadline: float, inner: httpx.BaseTransport | None = None) -> None:
        self.meter, self.deadline = meter, deadline
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith("/chat/completions"):
            return self.inner.handle_request(request)
        if time.monotonic() > self.deadline:
            self.meter.skipped += 1
            reply = {
                "choices": [
                    {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": EMPTY_REPLY}}
                ]
            }
            return httpx.Response(200, json=reply, request=request)
        response = self.inner.handle_request(request)
        body = response.read()
        try:
            self.meter.add(json.loads(body))
        except ValueError:
            self.meter.requests += 1
        headers = [
            (k, v)
            for k, v in response.headers.items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]
        return httpx.Response(response.status_code, headers=headers, content=body, request=request)

    def close(self) -> None:
        self.inner.close()


# --- reading the peer's extractions -----------------------------------------------------------


def _values(*texts: str | None) -> tuple[float, ...]:
    return tuple(v for t in texts for v in bm.parsed_values(t))


def peer_items(extractions: Iterable[tuple[str, str, dict[str, Any] | None]], reference: str | None) -> list[bm.Item]:
    """Figures from (class, extraction_text, attributes) triples, as bench_model grades them.

    The value comes from the ``value`` attribute (``low``/``high`` for guidance), else from the
    extraction text; the label is metric, segment and period; the period is canonical when it
    resolves against ``reference``.
    """
    items: list[bm.Item] = []
    for kind, text, attrs in extractions:
        a = {k: ("" if v is None else str(v)) for k, v in (attrs or {}).items()}
        guidance = kind == "guidance"
        values = _values(a.get("low"), a.get("high")) if guidance else _values(a.get("value"))
        values = values or _values(text)
        if not values:
            continue
        if guidance and len(values) == 2 and bm.close(values[0], values[1]):
            values = values[:1]
        period = normalize_period(a["period"], reference=reference, forward=guidance) if a.get("period") else None
        changes = tuple(abs(v) for v in _values(a.get("change")))
        label = " ".join(x for x in (a.get("metric"), a.get("segment"), a.get("period")) if x)
        items.append(bm.Item(label, values, guidance=guidance, changes=changes, period=period))
    return items


def mislabelled(
    items: list[bm.Item],
    headlines: list[tuple[str, str, tuple[float, ...]]],
    period: str | None,
    segments: dict[str, str] | None = None,
) -> tuple[int, int, int]:
    """Headlines whose value came back with a wrong (label, segment, period).

    *Label*: the value appears only under labels that miss the headline's metric pattern.
    *Segment*: right label, but none names the segment ``segments`` gives for that headline.
    *Period*: right label, but every one carries a period that resolves to another than ``period``.
    """
    wrong = [0, 0, 0]
    for name, pattern, wanted in headlines:
        rx = re.compile(pattern, re.I)
        hits = [i for i in items if any(bm.close(v, w) for v in i.values for w in wanted)]
        right = [i for i in hits if rx.search(i.metric)]
        segment = (segments or {}).get(name)
        wrong[0] += bool(hits and not right)
        wrong[1] += bool(segment and right and not any(re.search(segment, i.metric, re.I) for i in right))
        wrong[2] += bool(period and right and all(i.period and i.period != period for i in right))
    return wrong[0], wrong[1], wrong[2]


# --- one input ------------------------------------------------------------------------------


@dataclass
class Input:
    """One benchmark input: its text and how to grade recall on it."""

    name: str
    text: str
    headlines: list[tuple[str, str, tuple[float, ...]]] = field(default_factory=list)
    guidance: tuple[str, float, float] | None = None
    bullets: list[float] = field(default_factory=list)
    period: str | None = None


def load_input(name: str) -> Input:
    """Agora's English lines, the Kuaishou notes, an ECTSum call, or the project's example."""
    if name == "agora":
        raw = (SHARED / "transcripts" / "agora-2024q3-en-zh.txt").read_text(encoding="utf-8")
        return Input(name, bm.english_lines(raw), bm.AGORA_HEADLINES, bm.AGORA_GUIDANCE, period=PERIODS[name])
    if name == "kuaishou":
        text = (SHARED / "transcripts" / "kuaishou-2024q4-zh.txt").read_text(encoding="utf-8")
        return Input(name, text, bm.KUAISHOU_HEADLINES, period=PERIODS[name])
    if name == "example":
        return Input(name, (ROOT / "tests" / "fixtures" / "example-call.txt").read_text(encoding="utf-8"))
    base = SHARED / "ectsum-sample"
    bullets = (base / "gt_summaries" / f"{name}.txt").read_text(encoding="utf-8")
    return Input(name, (base / "ects" / f"{name}.txt").read_text(encoding="utf-8"), bullets=bm.bullet_numbers(bullets))


def grade(inp: Input, o: bm.Outcome) -> dict[str, Any]:
    """Recall, precision and the error counts of one system's figures on one input."""
    known = bm.transcript_values(inp.text)
    from_examples = example_values()
    if inp.headlines:
        hits = bm.headline_hits(o.figures, inp.headlines)
        if inp.guidance:
            hits.append(bm.guidance_hit(o.figures, *inp.guidance[1:]))
        found, wanted = sum(hits), len(hits)
    else:
        found, wanted = bm.recalled_count(inp.bullets, o.figures), len(inp.bullets)
    label = segment = period = None
    if inp.headlines:
        label, segment, period = mislabelled(o.figures, inp.headlines, inp.period, SEGMENTS)
    if inp.guidance:
        # the outlook is for the quarter after the call's
        check = [(inp.guidance[0], r"revenue", inp.guidance[1:])]
        g = mislabelled([i for i in o.figures if i.guidance] or o.figures, check, _next(inp.period))
        label, period = (label or 0) + g[0], (period or 0) + g[2]
    return {
        "recall": [found, wanted],
        "precise": sum(1 for i in o.figures if bm.in_text(i, known)),
        "figures": len(o.figures),
        "returned": len(o.raw_figures),
        "returned_not_in_text": sum(1 for i in o.raw_figures if not bm.in_text(i, known)),
        "copied_from_examples": sum(
            1 for i in o.raw_figures if not bm.in_text(i, known) and bm.in_text(i, from_examples)
        ),
        "wrong_label": label,
        "wrong_segment": segment,
        "wrong_period": period,
    }


def _next(period: str | None) -> str | None:
    return shift(period, 1) if period else None


def langextract_or_none() -> Any:
    try:
        import langextract
    except ImportError:
        return None
    return langextract


def run_peer(lx: Any, server: Any, inp: Input, limit: float) -> bm.Outcome:
    """langextract on ``inp.text`` through its OpenAI provider, metered; never raises."""
    out = bm.Outcome(system="peer (langextract)")
    meter = UsageMeter()
    began = time.perf_counter()
    examples = [
        lx.data.ExampleData(
            text=text,
            extractions=[lx.data.Extraction(extraction_class=c, extraction_text=t, attributes=a) for c, t, a in spans],
        )
        for text, spans in example_specs()
    ]
    config = lx.factory.ModelConfig(
        model_id=server.model,
        provider="OpenAILanguageModel",
        provider_kwargs={"api_key": server.api_key, "base_url": server.base_url, "max_workers": 1, "temperature": 0.0},
    )
    model = lx.factory.create_model(config=config, examples=examples, use_schema_constraints=True)
    model._client = openai.OpenAI(  # the provider's own client, on our metered transport
        api_key=server.api_key,
        base_url=server.base_url,
        max_retries=0,
        http_client=httpx.Client(transport=MeteredTransport(meter, time.monotonic() + limit), timeout=limit),
    )
    result = None
    try:
        result = lx.extract(
            inp.text,
            prompt_description=PROMPT,
            examples=examples,
            model=model,
            use_schema_constraints=False,
            max_workers=1,
            show_progress=False,
        )
    except Exception as e:  # noqa: BLE001 - the row records what failed
        out.notes.append(f"{type(e).__name__}: {str(e)[:160]}")
    if meter.skipped:
        out.notes.append(
            f"timed out after {limit:.0f}s: {meter.skipped} of {meter.requests + meter.skipped}"
            " chunks not sent (answered empty; the figures are the answered chunks')"
        )
    out.seconds = time.perf_counter() - began
    out.requests, out.prompt_tokens = meter.requests, meter.prompt_tokens
    out.cached_tokens, out.completion_tokens = meter.cached_tokens, meter.completion_tokens
    if result is not None:
        triples = [(e.extraction_class, e.extraction_text, e.attributes) for e in result.extractions]
        out.items = len(triples)
        out.figures = out.raw_figures = peer_items(triples, inp.period)
        unaligned = sum(1 for e in result.extractions if e.char_interval is None)
        if unaligned:
            out.notes.append(f"{unaligned} extractions not found in the text by langextract's aligner")
    return out


def record(o: bm.Outcome, inp: Input) -> dict[str, Any]:
    """One system's line of the log: usage, time, grades, notes and the figures themselves."""
    return {
        "system": o.system,
        "requests": o.requests,
        "prompt_tokens": o.prompt_tokens,
        "cached_tokens": o.cached_tokens,
        "completion_tokens": o.completion_tokens,
        "seconds": round(o.seconds, 1),
        "items": o.items,
        "notes": o.notes,
        **grade(inp, o),
        "figure_list": [asdict(i) for i in o.figures],
    }


async def _ours(server: Any, inp: Input, limit: float) -> bm.Outcome:
    client = openai.AsyncOpenAI(base_url=server.base_url, api_key=server.api_key, max_retries=0, timeout=limit)
    try:
        return await bm.run_ours(client, server, f"{inp.name}.txt", inp.text, limit)
    finally:
        await client.close()


def _limit(args: argparse.Namespace) -> float:
    """The per-system time limit, cut to what is left before ``--until``."""
    left = args.until - time.time() if args.until else args.time_limit
    return max(60.0, min(args.time_limit, left))


def run_input(name: str, args: argparse.Namespace, lx: Any) -> dict[str, Any]:
    """Ours, then the peer, on one input and one server; the log line for both."""
    inp = load_input(name)
    serving: Any = (
        bm._FakeLocal()
        if args.dry_run
        else local.LocalServer(local.model_path(), ctx_size=bm.CTX_SIZE, status=lambda m: print(m, file=sys.stderr))
    )
    with serving as server:
        tokens = bm.count_tokens(server, inp.text)
        print(f"{name}: ours", file=sys.stderr)
        ours = asyncio.run(_ours(server, inp, _limit(args)))
        print(f"{name}: peer (langextract)", file=sys.stderr)
        peer = run_peer(lx, server, inp, _limit(args))
    return {
        "input": name,
        "chars": len(inp.text),
        "transcript_tokens": tokens,
        "time_limit": args.time_limit,
        "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "systems": [record(ours, inp), record(peer, inp)],
    }


# --- the table --------------------------------------------------------------------------------


def _ratio(a: float, b: float) -> str:
    if b:
        return f"{a / b:.2f}"
    return "peer 0" if a else "n/a"


def _share(pair: list[int]) -> float | None:
    return pair[0] / pair[1] if pair[1] else None


def rows_for(line: dict[str, Any]) -> list[dict[str, Any]]:
    """Two rows (ours, peer) and the ratio row for one input of the log."""
    n = line["transcript_tokens"]
    rows = []
    for s in line["systems"]:
        recall = s["recall"]
        rows.append(
            {
                "input": line["input"],
                "system": s["system"].split(" (")[0],
                "requests": s["requests"],
                "prompt tok (cached)": f"{s['prompt_tokens']} ({s['cached_tokens']})",
                "prompt / text": s["prompt_tokens"] / n if n else 0.0,
                "completion tok": s["completion_tokens"],
                "wall s": s["seconds"],
                "recall": f"{recall[0]}/{recall[1]}",
                "precision": f"{s['precise']}/{s['figures']}" if s["figures"] else "n/a",
                "not in text": s["returned_not_in_text"],
                "from examples": s["copied_from_examples"],
                "wrong label / segment / period": "n/a"
                if s["wrong_label"] is None
                else f"{s['wrong_label']} / {s['wrong_segment']} / {s['wrong_period']}",
            }
        )
    ours, peer = line["systems"]
    recall_o, recall_p = _share(ours["recall"]), _share(peer["recall"])
    prec_o = ours["precise"] / ours["figures"] if ours["figures"] else None
    prec_p = peer["precise"] / peer["figures"] if peer["figures"] else None
    rows.append(
        {
            "input": line["input"],
            "system": "ours / peer",
            "requests": _ratio(ours["requests"], peer["requests"]),
            "prompt tok (cached)": _ratio(ours["prompt_tokens"], peer["prompt_tokens"]),
            "prompt / text": "",
            "completion tok": _ratio(ours["completion_tokens"], peer["completion_tokens"]),
            "wall s": _ratio(ours["seconds"], peer["seconds"]),
            "recall": _ratio(recall_o, recall_p or 0.0) if recall_o is not None else "n/a",
            "precision": _ratio(prec_o, prec_p) if prec_o is not None and prec_p is not None else "n/a",
            "not in text": "",
            "from examples": "",
            "wrong label / segment / period": "",
        }
    )
    return rows


def totals(lines: list[dict[str, Any]]) -> dict[str, Any]:
    """Sums over the inputs where both systems finished, and their ratios (ours / peer)."""
    done = [ln for ln in lines if not any(any("timed out" in n for n in s["notes"]) for s in ln["systems"])]
    keys = ("requests", "prompt_tokens", "cached_tokens", "completion_tokens", "seconds", "precise", "figures")
    sums = [{k: sum(ln["systems"][i][k] for ln in done) for k in keys} for i in (0, 1)]
    for i in (0, 1):
        sums[i]["found"] = sum(ln["systems"][i]["recall"][0] for ln in done)
        sums[i]["wanted"] = sum(ln["systems"][i]["recall"][1] for ln in done)
    return {"inputs": [ln["input"] for ln in done], "ours": sums[0], "peer": sums[1]}


def render(lines: list[dict[str, Any]]) -> str:
    """The RESULTS.md body: the side-by-side table, the totals, the notes."""
    rows = [r for ln in lines for r in rows_for(ln)]
    t = totals(lines)
    o, p = t["ours"], t["peer"]
    total_rows = [
        {
            "system": name,
            "inputs": len(t["inputs"]),
            "requests": s["requests"],
            "prompt tok": s["prompt_tokens"],
            "cached": s["cached_tokens"],
            "completion tok": s["completion_tokens"],
            "wall s": s["seconds"],
            "recall": f"{s['found']}/{s['wanted']}",
            "precision": f"{s['precise']}/{s['figures']}",
        }
        for name, s in (("ours", o), ("peer", p))
    ]
    total_rows.append(
        {
            "system": "ours / peer",
            "inputs": "",
            "requests": _ratio(o["requests"], p["requests"]),
            "prompt tok": _ratio(o["prompt_tokens"], p["prompt_tokens"]),
            "cached": "",
            "completion tok": _ratio(o["completion_tokens"], p["completion_tokens"]),
            "wall s": _ratio(o["seconds"], p["seconds"]),
            "recall": _ratio(o["found"] / o["wanted"], p["found"] / p["wanted"]) if o["wanted"] else "n/a",
            "precision": _ratio(o["precise"] / o["figures"], p["precise"] / p["figures"])
            if o["figures"] and p["figures"]
            else "n/a",
        }
    )
    notes = [
        f"- {ln['input']}, {s['system']}: {'; '.join(s['notes'])}" for ln in lines for s in ln["systems"] if s["notes"]
    ]
    sizes = ", ".join(f"{ln['input']} {ln['transcript_tokens']:,}" for ln in lines)
    finished = ", ".join(f"{ln['input']} {ln['finished'][11:16]}" for ln in lines)
    return "\n\n".join(
        x
        for x in (
            table(rows),
            "Totals over the inputs where neither system timed out ("
            + ", ".join(t["inputs"])
            + "):\n\n"
            + table(total_rows),
            f"Text tokens (the server's /tokenize): {sizes}. Each input finished at (UTC): {finished}.",
            ("Notes:\n" + "\n".join(notes)) if notes else "",
        )
        if x
    )


def estimate_seconds(chars: int) -> float:
    """A guess of both systems' time on ``chars`` characters, 2 cores shared with other jobs."""
    return 200 + 0.06 * chars


def _utc_today(hhmm: str) -> float:
    hour, minute = (int(x) for x in hhmm.split(":"))
    now = time.gmtime()
    return calendar.timegm((now.tm_year, now.tm_mon, now.tm_mday, hour, minute, 0, 0, 0, 0))


@contextlib.contextmanager
def model_lock(path: str | None) -> Iterator[None]:
    """Hold the team's model lock (flock(2), like flock(1)) while one input runs; None: no lock."""
    if path is None:
        yield
        return
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ours then the peer on each input, one log line per input")
    run.add_argument(
        "inputs",
        nargs="+",
        help="agora, kuaishou, ectsum (the 12 calls, smallest first), an ECTSum name (NX_q1_2022) or example",
    )
    run.add_argument("--log", type=Path, default=Path("/tmp/peer_langextract.jsonl"))
    run.add_argument("--time-limit", type=float, default=600.0, help="seconds per system and input (default 600)")
    run.add_argument("--dry-run", action="store_true", help="the fake server instead of the model, no lock")
    run.add_argument(
        "--lock",
        default=os.environ.get("SUMMARIZER_MODEL_LOCK", "/tmp/summarizer-model.lock"),
        help="the team's model lock, held for each input (both systems)",
    )
    run.add_argument(
        "--until", type=_utc_today, default=None, help="HH:MM UTC: skip an input whose estimated run would end later"
    )
    rep = sub.add_parser("report", help="the table from a log; writes the RESULTS.md section")
    rep.add_argument("log", type=Path)
    rep.add_argument("--no-write", action="store_true")
    rep.add_argument("--note", default="", help="a paragraph to add (e.g. the load during the run)")
    rep.add_argument(
        "--quote",
        default="python bench/peer_langextract.py run agora kuaishou ectsum",
        help="the command quoted in RESULTS.md",
    )
    args = parser.parse_args()
    if args.command == "report":
        lines = [json.loads(x) for x in args.log.read_text(encoding="utf-8").splitlines() if x.strip()]
        body = "\n\n".join(x for x in (intro(), args.note, render(lines)) if x)
        print(body)
        if not args.no_write:
            write_section(SECTION, TITLE, body, command=args.quote)
        return 0
    lx = langextract_or_none()
    if lx is None:
        print("skipped: langextract is not installed (pip install langextract; benchmark only)")
        return 0
    if any(n != "example" for n in args.inputs) and not (SHARED / "transcripts").is_dir():
        print(f"skipped: {SHARED} is absent (the inputs are in ../shared)")
        return 0
    names = [n for name in args.inputs for n in (ECTSUM_ORDER if name == "ectsum" else [name])]
    for name in names:
        left = args.until - time.time() if args.until else None
        if left is not None and left < estimate_seconds(len(load_input(name).text)):
            print(f"{name}: skipped, {left:.0f}s left before --until", file=sys.stderr)
            continue
        with model_lock(None if args.dry_run else args.lock):
            line = run_input(name, args, lx)
        for s in line["systems"]:
            print(
                f"{name} {s['system']}: {s['requests']} requests, {s['prompt_tokens']} prompt"
                f" ({s['cached_tokens']} cached), {s['completion_tokens']} completion, {s['seconds']}s,"
                f" recall {s['recall']}, precise {s['precise']}/{s['figures']}; {'; '.join(s['notes'])}",
                file=sys.stderr,
            )
        with args.log.open("a", encoding="utf-8") as f:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0


def intro() -> str:
    """What the table counts, for RESULTS.md."""
    return (
        "Both systems on one embedded server per input (llama.cpp, the embedded Qwen2.5-Coder-1.5B,"
        f" context {bm.CTX_SIZE}, temperature 0, one slot), ours then the peer, under the model lock."
        " *Peer*: langextract with its OpenAI provider on that server, its default chunking"
        " (1,000 characters) and one pass, the JSON schema it derives from the examples as"
        " `response_format`, max_workers 1; task text and two few-shot examples of ours, for"
        " fictional companies (bench/peer_langextract.py). *Recall*: Agora 7 and Kuaishou 5"
        " headline figures (bench_model's lists), ECTSum the numbers of the expert bullets (among"
        " values and YoY/QoQ changes). *Precision*: figures in the output whose values all appear in"
        f" the text (relative tolerance {bm.REL_TOL}); ours counts the brief's grounded KPIs and"
        " guidance, the peer everything it returned. *Not in text*: figures returned (ours: before"
        " grounding) with a value the text lacks; *from examples*: those whose value is one of the"
        " few-shot examples'. *Wrong label / segment / period* (Agora, Kuaishou; not checked on"
        " ECTSum): headline values returned only under a label that does not name the metric /"
        " under the metric but not the segment (Agora's two segment revenues) / under the metric"
        " but a period that resolves to another (the guidance: the next quarter). *ours / peer* divides ours by the"
        " peer's: below 1 is fewer tokens or seconds, above 1 more recall or precision."
    )


if __name__ == "__main__":
    raise SystemExit(main())
