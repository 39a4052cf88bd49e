#!/bin/sh
# The embedded-model benchmarks: slow and CPU-heavy. Each case runs on its own, under the team's
# model lock (cassette recording takes the same lock) and a hard time limit, and writes its
# section of bench/RESULTS.md. Cases: agora kuaishou ectsum example (default: all four).
#   sh bench/run_model.sh                 # PYTHON=/path/to/python sh bench/run_model.sh agora
set -u
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
LOCK="${SUMMARIZER_MODEL_LOCK:-/tmp/summarizer-model.lock}"
status=0
for case in ${*:-agora kuaishou ectsum example}; do
    case "$case" in
        agora) limit=1800 ;;
        *) limit=900 ;;
    esac
    echo "== bench_model --case $case (at most ${limit}s)" >&2
    timeout "$limit" flock "$LOCK" "$PYTHON" bench/bench_model.py --case "$case" --time-limit 600 || status=1
done
exit $status
