#!/usr/bin/env bash
# The relay just after a start, published as the Dockerfile publishes it, with ReadyToRun (precompiled code) against
# without (everything JIT-compiled as it first runs). A gateway restarts on every upgrade, config change and reboot,
# and its first minute used to be its slowest: ~10,000 methods on the mail path (MimeKit, PdfPig, OpenXml,
# libphonenumber, ours) are compiled while mail waits. Per variant and run: the time from `mailguard run` to its SMTP
# port answering, then bench/relay.sh with no warm-up on the realistic mix (--mix messages, MailGuard alone,
# smtp-sink upstream): messages/s done and the relay's CPU ms a message. Variants alternate, runs are repeated;
# the table gives the median (min–max). Loopback only; stops what it starts by PID.
#
#   bench/startup.sh [--runs 3] [--mix 1000] [--port-base 12400] [--out DIR] [--no-publish]
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/harness.sh
. "$HERE/harness.sh"
REPO=$(cd "$HERE/.." && pwd)

RUNS=3 MIX=1000 PORT_BASE=12400 OUT="" PUBLISH=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --mix) MIX=$2; shift 2 ;;
    --port-base) PORT_BASE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --no-publish) PUBLISH=0; shift ;;
    -h|--help) sed -n "2,10p" "$0"; exit 0 ;;
    *) echo "startup.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-$HERE/results/startup-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
VARIANTS=(jit r2r)

if [[ $PUBLISH -eq 1 ]]; then
  for variant in "${VARIANTS[@]}"; do
    echo "publishing $variant..."
    rm -rf "${OUT:?}/$variant"
    r2r=false; [[ $variant == r2r ]] && r2r=true
    dotnet publish "$REPO/src/MailGuard.Cli/MailGuard.Cli.csproj" -c Release -r linux-x64 --no-self-contained \
      -p:PublishReadyToRun=$r2r -o "$OUT/$variant" -v quiet -nologo >"$OUT/publish-$variant.log" 2>&1 \
      || { cat "$OUT/publish-$variant.log"; exit 1; }
  done
fi

MG_PID=""
trap 'stop_pid "$MG_PID" mailguard' EXIT

# listen_seconds VARIANT RUN: from `mailguard run` to its SMTP port answering, on an empty data directory.
listen_seconds() {
  local data=$OUT/listen-$1-$2 start
  rm -rf "$data"
  start=$(date +%s.%N)
  MAILGUARD_DLL=$OUT/$1/mailguard.dll start_mailguard "$REPO" "$data" "$PORT_BASE" "$data.log"
  wait_smtp 127.0.0.1 $((PORT_BASE + 26)) 120 "$MG_PID" || { tail -20 "$data.log" >&2; return 1; }
  python3 -c "print(round($(date +%s.%N) - $start, 2))"
  stop_pid "$MG_PID" mailguard
  MG_PID=""
  rm -rf "$data"
}

ROWS=$OUT/rows.tsv
: >"$ROWS"
for run in $(seq 1 "$RUNS"); do
  order=("${VARIANTS[@]}")
  # Alternate which variant goes first, so a machine that slows down during the run does not favour one.
  (( run % 2 == 0 )) && order=(r2r jit)
  for variant in "${order[@]}"; do
    listen=$(listen_seconds "$variant" "$run")
    MAILGUARD_DLL=$OUT/$variant/mailguard.dll "$HERE/relay.sh" --no-build --systems mailguard --loads mix --runs 1 \
      --mix "$MIX" --warmup-small 0 --warmup-mix 0 --port-base "$PORT_BASE" --out "$OUT/relay-$variant-$run" \
      >"$OUT/relay-$variant-$run.log" 2>&1 || { tail -20 "$OUT/relay-$variant-$run.log" >&2; exit 1; }
    python3 - "$OUT/relay-$variant-$run/runs.jsonl" "$variant" "$run" "$listen" >>"$ROWS" <<'EOF'
import json, sys
row = next(json.loads(l) for l in open(sys.argv[1]) if '"mailguard"' in l)
print("\t".join([sys.argv[2], sys.argv[3], sys.argv[4], str(row["done_per_s"]), str(row["cpu_ms_per_msg"]),
                 str(row["load_avg"])]))
EOF
    echo "run $run $variant: $(tail -1 "$ROWS" | cut -f3-6 | awk -F'\t' '{print "listening after " $1 " s, " $2 " msg/s done, " $3 " ms CPU a message (load " $4 ")"}')"
  done
done

python3 - "$ROWS" "$MIX" >"$OUT/table.md" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
def spread(values):
    values = [float(v) for v in values]
    return f"{statistics.median(values):g} ({min(values):g}–{max(values):g})"
print(f"| build | SMTP port answers after (s) | first {sys.argv[2]} mix messages: done msg/s | relay CPU ms a message | runs |")
print("|---|---|---|---|---|")
for variant, name in (("jit", "JIT only"), ("r2r", "ReadyToRun")):
    mine = [r for r in rows if r[0] == variant]
    print(f"| {name} | {spread(r[2] for r in mine)} | {spread(r[3] for r in mine)} | {spread(r[4] for r in mine)} | {len(mine)} |")
EOF
echo
cat "$OUT/table.md"
echo "results: $OUT"
