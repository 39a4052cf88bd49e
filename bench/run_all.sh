#!/bin/sh
# Every benchmark that needs no model, in a few minutes; each writes its section of bench/RESULTS.md.
#   sh bench/run_all.sh            # full: overhead, then scale with 200 transcripts
#   sh bench/run_all.sh --quick    # scale with 40 transcripts
# The embedded-model runs are separate and slow (see bench/README.md):
#   flock /tmp/summarizer-model.lock python bench/bench_model.py --case agora
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
"$PYTHON" bench/bench_overhead.py
if [ "${1:-}" = "--quick" ]; then
    "$PYTHON" bench/bench_scale.py --quick
else
    "$PYTHON" bench/bench_scale.py
fi
