#!/bin/bash
# User-space instructions the server spends per arriving supervisor, counted by callgrind
# (repeatable where wall-clock time on a shared machine is not). Usage, from the repository root:
#   Tests/Bench/count_instructions.sh [SUPERVISORS]      (default 300; needs a release build)
# The server runs under valgrind from a copy stripped of debug info (valgrind 3.19 cannot read
# Swift's); instrumentation is on only while the supervisors arrive. Loopback only; the server it
# starts is stopped by its PID.
set -euo pipefail
N=${1:-300}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$ROOT/.build/release/survey" "$WORK/survey" && strip -g "$WORK/survey"
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$WORK/cg.out" "$WORK/survey" serve --host 127.0.0.1 --port 0 \
    --data "$WORK/data" --demo-roster "$N" --web "$ROOT/Web" --review-items "$ROOT/Surveys/review-items.yaml" \
    --max-unauthenticated-per-address 100000 --messages-per-second 1000 > "$WORK/log" 2>&1 &
PID=$!
for _ in $(seq 1200); do [ -f "$WORK/data/server.json" ] && break; sleep 0.1; done
"$ROOT/.build/release/survey" launch "$ROOT/Surveys/annual-2022.yaml" --data "$WORK/data" > /dev/null
sleep 1
callgrind_control -i on "$PID" > /dev/null
"$ROOT/.build/release/survey" simulate --data "$WORK/data" --supervisors "$N" --think-min 0 --think-max 0 --max-seconds 300 --json > "$WORK/sim.json"
sleep 2
callgrind_control -i off "$PID" > /dev/null
callgrind_control -d "$PID" > /dev/null
sleep 1
kill "$PID"; wait "$PID" || true
TOTAL=$(callgrind_annotate "$WORK/cg.out.1" 2>/dev/null | awk '/PROGRAM TOTALS/ && !done {gsub(",", "", $1); print $1; done = 1}')
ACKED=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['acked'])" "$WORK/sim.json")
echo "acked $ACKED of $N; $(python3 -c "print(round(int('$TOTAL') / $N / 1e6, 2))") M instructions per arriving supervisor (user space)"
