"""`summarizer batch` end to end against the fake server: throughput, the cache, resume.

N distinct transcripts (``tests/fixtures/example-call.txt`` with the company renamed) go through
``batch.run_batch`` to a fresh output folder and a fresh response cache, against
``fake_openai_server.py`` at a fixed latency per request, one fresh server per concurrency
level. Rows: the first run (wall, wall vs ideal = requests x latency / concurrency, requests,
peak requests in flight as the server saw them), the same inputs again with ``--force`` (every
reply from the cache), and again without ``--force`` (resume: every input skipped).

    python bench/bench_batch.py                     # 40 transcripts, latency 0.2 s, concurrency 8 and 32
    python bench/bench_batch.py --transcripts 100 --levels 4,16,64
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from fake_openai_server import FakeServer  # noqa: E402

from summarizer.run import batch  # noqa: E402
from summarizer.run.cache import ResponseCache  # noqa: E402


def make_inputs(folder: Path, n: int) -> None:
    text = (ROOT / "tests" / "fixtures" / "example-call.txt").read_text("utf-8")
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"call{i:04d}.txt").write_text(text.replace("Northwind", f"Company{i}"), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=40)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--levels", default="8,32")
    args = parser.parse_args()
    print(f"{args.transcripts} transcripts, {args.latency:g} s per request")
    print(
        f"{'concurrency':>11} {'run':<14} {'wall s':>7} {'ideal s':>7} {'x ideal':>7} {'requests':>8} "
        f"{'peak':>5} {'ok':>4} {'skipped':>7} {'cached':>7}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        make_inputs(inputs, args.transcripts)
        for level in (int(x) for x in args.levels.split(",")):
            out = Path(tmp) / f"out{level}"
            cache = ResponseCache(Path(tmp) / f"cache{level}.sqlite")
            with FakeServer(latency=args.latency) as server:
                for label, force in (("first", False), ("again --force", True), ("resume", False)):
                    before = server.stats()["requests"]
                    start = time.perf_counter()
                    report = batch.run_batch(
                        [inputs],
                        out,
                        force=force,
                        concurrency=level,
                        cache=cache,
                        base_url=server.base_url,
                        api_key="bench",
                        model="gpt-4o-mini",
                    )
                    wall = time.perf_counter() - start
                    stats = server.stats()
                    requests = stats["requests"] - before
                    ideal = requests * args.latency / level
                    ratio = f"{wall / ideal:.2f}" if ideal else "-"
                    cached = sum(r.cached for r in report.records if r.status != "skipped")
                    print(
                        f"{level:>11} {label:<14} {wall:>7.2f} {ideal:>7.2f} {ratio:>7} {requests:>8} "
                        f"{stats['max_in_flight']:>5} {report.count('ok'):>4} {report.count('skipped'):>7} "
                        f"{cached:>7}"
                    )


if __name__ == "__main__":
    main()
