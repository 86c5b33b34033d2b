#!/usr/bin/env bash
# Who spends the Scan stage's CPU on a message set: MimeKit's parse (the parse-only baseline), the other libraries the
# project uses (the rest of MimeKit, PdfPig, DocumentFormat.OpenXml, libphonenumber), the regex engine, and our own code.
# It answers what the Scan-to-parse ratio can come down to: parse plus the libraries' work is a floor no change of
# ours goes below. Each run warms the bench's Scan loop on one core (taskset -c 1) until tiered compilation settles,
# samples it with perf for --seconds, and attributes every sample (bench/scan_owners.py). Local only; stops what it
# starts by PID.
#
#   bench/scan-owners.sh [--set mix] [--runs 3] [--seconds 25] [--out DIR] [--no-build]
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SET=mix RUNS=3 SECONDS_SAMPLED=25 OUT="" BUILD=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --set) SET=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --seconds) SECONDS_SAMPLED=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n "2,9p" "$0"; exit 0 ;;
    *) echo "scan-owners.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

if ! command -v perf >/dev/null; then
  echo "installing linux-perf..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf >/dev/null
fi

BENCH=$REPO/bench/MailGuard.Bench/bin/Release/net10.0/MailGuard.Bench.dll
if [[ $BUILD -eq 1 ]]; then
  dotnet build "$REPO/bench/MailGuard.Bench" -c Release -v quiet -nologo >/dev/null
fi
OUT=${OUT:-$HERE/results/owners-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"

LOOP_PID=""
cleanup() {
  if [[ -n $LOOP_PID ]] && kill -0 "$LOOP_PID" 2>/dev/null; then
    kill "$LOOP_PID" 2>/dev/null || true
    wait "$LOOP_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

for run in $(seq 1 "$RUNS"); do
  log=$OUT/loop-$run.log
  # Long enough that the loop outlives the sampling; it is stopped once perf is done.
  DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
    taskset -c 1 dotnet "$BENCH" --shapes "$SET" loop scan all $((SECONDS_SAMPLED + 60)) >"$log" 2>&1 &
  LOOP_PID=$!
  for _ in $(seq 1 3000); do
    grep -q '^looping' "$log" && break
    kill -0 "$LOOP_PID" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  grep -q '^looping' "$log" || { echo "the Scan loop did not warm up within 300 s" >&2; exit 1; }
  echo "run $run: $(grep '^// warm-up' "$log" || true); sampling ${SECONDS_SAMPLED} s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  perf record -F 1999 -g -p "$LOOP_PID" -o "$OUT/perf-$run.data" -- sleep "$SECONDS_SAMPLED" >/dev/null 2>&1
  cleanup
  perf script -i "$OUT/perf-$run.data" 2>/dev/null | python3 "$HERE/scan_owners.py" >"$OUT/run-$run.md"
  # The runtime's symbol map (DOTNET_PerfMapEnabled) is only needed until perf script has read it. Its place is not
  # ours to choose: perf looks for JIT symbols in /tmp/perf-PID.map and nowhere else.
  rm -f "$OUT/perf-$run.data" "/tmp/perf-$LOOP_PID.map" "/tmp/perfinfo-$LOOP_PID.map"
  LOOP_PID=""
  cat "$OUT/run-$run.md"
  echo
done

python3 "$HERE/scan_owners.py" --median "$OUT"/run-*.md >"$OUT/table.md"
echo "median of $RUNS runs ($OUT/table.md):"
cat "$OUT/table.md"
