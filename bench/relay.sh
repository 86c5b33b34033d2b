#!/usr/bin/env bash
# Side by side on this machine: the same SMTP load through MailGuard (scanning with the shipped rules, spool fsync
# on) and through a plain Postfix relay, both delivering to Postfix's smtp-sink. Loopback only; everything it starts
# it stops by PID, also on Ctrl-C or error. Needs root for Postfix (its own instance runs as the postfix user);
# `--systems mailguard` runs MailGuard alone and needs no root (the quick check while working on the pipeline).
#
#   bench/relay.sh [--runs 3] [--small 2000] [--large 1000] [--mix 2000] [--sessions 20]
#                  [--systems "mailguard postfix"] [--loads "small large mix latency"] [--rate MSG_PER_S]
#                  [--latency-seconds 10] [--warmup-small 1000] [--warmup-mix 1000]
#                  [--port-base 12000] [--out DIR] [--no-build] [--keep]
#                  [-- MAILGUARD-RUN-ARGS...]   (e.g. -- --Deliver:Concurrency=32, to try a setting)
#
# Loads: "small" = smtp-source, 5 KB payload; "large" = smtp-source, 100 KB; "mix" = the realistic mix from
# ../shared/corpus/generate_load.py sent by bench/smtp_drive.py; "held" = only those of the mix the shipped rules hold
# (the quarantine path alone; opt-in); "latency" = small messages from smtp_drive.py at
# --rate, by default half of MailGuard's measured small-message throughput. Results: a table on stdout, and under
# --out (default bench/results/relay-<UTC time>/) machine.txt, runs.jsonl (one line per run), summary.csv, table.md
# (for RESULTS.md) and the logs.
# See bench/RESULTS.md for what each column means.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/harness.sh
. "$HERE/harness.sh"

RUNS=3 SMALL=2000 LARGE=1000 MIX=2000 SESSIONS=20 LATENCY_SECONDS=10 PORT_BASE=12000 OUT="" BUILD=1 KEEP=0
WARMUP_SMALL=1000 WARMUP_MIX=1000
SYSTEMS="mailguard postfix" LOADS="small large mix latency" RATE=""
MG_ARGS=()
while [[ $# -gt 0 ]]; do
  common_option "$@"
  if [[ $USED -gt 0 ]]; then shift "$USED"; continue; fi
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --small) SMALL=$2; shift 2 ;;
    --large) LARGE=$2; shift 2 ;;
    --mix) MIX=$2; shift 2 ;;
    --sessions) SESSIONS=$2; shift 2 ;;
    --systems) SYSTEMS=$2; shift 2 ;;
    --loads) LOADS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --latency-seconds) LATENCY_SECONDS=$2; shift 2 ;;
    --warmup-small) WARMUP_SMALL=$2; shift 2 ;;
    --warmup-mix) WARMUP_MIX=$2; shift 2 ;;
    -h|--help) sed -n "2,18p" "$0"; exit 0 ;;
    *) echo "relay.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

REPO=$(cd "$HERE/.." && pwd)
CORPUS=${MAILGUARD_CORPUS:-$REPO/../shared/corpus}
OUT=${OUT:-$HERE/results/relay-$(date -u +%Y%m%dT%H%M%SZ)}
SINK_PORT=$((PORT_BASE + 25)) MG_PORT=$((PORT_BASE + 26)) PF_PORT=$((PORT_BASE + 125))

if has "$SYSTEMS" postfix && [[ $(id -u) -ne 0 ]]; then
  echo "relay.sh: run as root (the Postfix instance needs it), or with --systems mailguard" >&2
  exit 2
fi
if has "$LOADS" latency && [[ -z $RATE ]] && ! { has "$LOADS" small && has "$SYSTEMS" mailguard; }; then
  echo "relay.sh: the latency load needs --rate when MailGuard's small load is not run" >&2
  exit 2
fi
[[ -f $CORPUS/generate_load.py ]] || { echo "$(basename "$0"): no corpus at $CORPUS; set MAILGUARD_CORPUS" >&2; exit 2; }
need_postfix_tools

WORK=$(mktemp -d -t mailguard-relay.XXXXXX)
# Postfix's daemons run as the postfix user and must be able to reach their queue under this directory.
chmod 755 "$WORK"
mkdir -p "$OUT"
MG_PID="" SINK_PID="" PF_STARTED=0

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$MG_PID" mailguard
  if [[ $PF_STARTED -eq 1 ]]; then
    postfix -c "$WORK/pf/etc" stop >/dev/null 2>&1 || true
    # postfix stop returns before master has gone; make sure no daemon of this instance outlives the script.
    stop_pid "$(tr -d ' ' <"$WORK/pf/queue/pid/master.pid" 2>/dev/null || true)" postfix-master
  fi
  stop_pid "$SINK_PID" smtp-sink
  cp "$WORK/mailguard.log" "$WORK/pf/maillog" "$OUT/" 2>/dev/null || true
  if [[ $KEEP -eq 0 ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

machine_facts "$WORK" | tee "$OUT/machine.txt"
[[ $BUILD -eq 0 ]] || build_release "$REPO" "$WORK/build.log"

# --- the upstream both systems deliver to ---
# As root smtp-sink must be told which user to become; as anyone else it must not.
SINK_USER=(); [[ $(id -u) -ne 0 ]] || SINK_USER=(-u nobody)
smtp-sink "${SINK_USER[@]}" "127.0.0.1:$SINK_PORT" 256 &
SINK_PID=$!

# --- MailGuard: the shipped config with only addresses, ports and the data directory changed (harness.sh).
if has "$SYSTEMS" mailguard; then
  start_mailguard "$REPO" "$WORK/mg" "$PORT_BASE" "$WORK/mailguard.log" "${MG_ARGS[@]}"
fi

# --- Postfix: its own instance, written out here so it can be reviewed. Defaults everywhere else: the queue is
# fsynced before 250 as always, no content_filter, no milter. chroot off so it needs no copy of /etc.
start_postfix() {
mkdir -p "$WORK/pf/etc" "$WORK/pf/queue" "$WORK/pf/data"
chown postfix "$WORK/pf/data"
cat >"$WORK/pf/etc/main.cf" <<EOF
compatibility_level = 3.6
config_directory = $WORK/pf/etc
queue_directory = $WORK/pf/queue
data_directory = $WORK/pf/data
mail_owner = postfix
setgid_group = postdrop
myhostname = postfix-bench.example.org
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:$SINK_PORT
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtp_tls_security_level = none
smtpd_tls_security_level = none
maillog_file = $WORK/pf/maillog
maillog_file_prefixes = $WORK
# Logging only: delay= with milliseconds instead of 10 ms steps, for the latency column.
delay_logging_resolution_limit = 3
EOF
cat >"$WORK/pf/etc/master.cf" <<EOF
127.0.0.1:$PF_PORT inet n - n - - smtpd
pickup    unix  n - n 60    1 pickup
cleanup   unix  n - n -     0 cleanup
qmgr      unix  n - n 300   1 qmgr
tlsmgr    unix  - - n 1000? 1 tlsmgr
rewrite   unix  - - n -     - trivial-rewrite
bounce    unix  - - n -     0 bounce
defer     unix  - - n -     0 bounce
trace     unix  - - n -     0 bounce
verify    unix  - - n -     1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -     - proxymap
smtp      unix  - - n -     - smtp
relay     unix  - - n -     - smtp
showq     unix  n - n -     - showq
error     unix  - - n -     - error
retry     unix  - - n -     - error
discard   unix  - - n -     - discard
anvil     unix  - - n -     1 anvil
scache    unix  - - n -     1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
cp "$WORK/pf/etc/main.cf" "$WORK/pf/etc/master.cf" "$OUT/"
postfix -c "$WORK/pf/etc" check
PF_STARTED=1
postfix -c "$WORK/pf/etc" start
}
if has "$SYSTEMS" postfix; then start_postfix; fi

# --- the messages ---
python3 "$CORPUS/generate_load.py" "$WORK/mix" "$MIX" >/dev/null
if has "$LOADS" held; then
  # "held": only the mix messages the shipped rules hold (as `mailguard scan` judges them with the run's internal
  # domains), to measure the quarantine path alone: store transaction, notices, outbox.
  mkdir -p "$WORK/held"
  dotnet "$REPO/src/MailGuard.Cli/bin/Release/net10.0/mailguard.dll" scan --config "$REPO/config" --json \
    --internal-domain sakura-trading.example --internal-domain sakura-trading.example.jp "$WORK/mix" \
    | python3 -c 'import json,os,sys
for l in sys.stdin:
    r = json.loads(l)
    if r["verdict"] == "quarantine": os.symlink(os.path.abspath(r["file"]), os.path.join(sys.argv[1], os.path.basename(r["file"])))' "$WORK/held" || true
  HELD=$(find "$WORK/held" -name '*.eml' | wc -l)
  echo "held load: $HELD of $MIX mix messages are held by the shipped rules"
fi
small_eml "$WORK/small.eml"

if has "$SYSTEMS" mailguard; then
  wait_smtp 127.0.0.1 "$MG_PORT" 60 "$MG_PID" || { tail -20 "$WORK/mailguard.log"; exit 1; }
fi
if has "$SYSTEMS" postfix; then
  wait_smtp 127.0.0.1 "$PF_PORT" 30 || { tail -20 "$WORK/pf/maillog"; exit 1; }
fi

RUNS_FILE=$OUT/runs.jsonl
: >"$RUNS_FILE"

# run_load SYSTEM LOAD RUN [RATE]: one measured run, appended to runs.jsonl.
run_load() {
  local system=$1 load=$2 run=$3 rate=${4:-} port log offset start end count client_json=""
  case "$system" in
    mailguard) port=$MG_PORT log=$WORK/mailguard.log ;;
    postfix) port=$PF_PORT log=$WORK/pf/maillog ;;
    sink) port=$SINK_PORT log=/dev/null ;;
  esac
  offset=$(stat -c %s "$log")
  local cpu_before=0
  [[ $system != mailguard ]] || cpu_before=$(cpu_seconds "$MG_PID")
  local avg; avg=$(cut -d' ' -f1 /proc/loadavg)
  start=$(date +%s.%N)
  case "$load" in
    small) count=$SMALL
      smtp-source -l 5120 -m "$count" -s "$SESSIONS" -f alice@example.com -t bob@example.net "127.0.0.1:$port" ;;
    large) count=$LARGE
      smtp-source -l 102400 -m "$count" -s "$SESSIONS" -f alice@example.com -t bob@example.net "127.0.0.1:$port" ;;
    mix) count=$MIX client_json=$WORK/client.json
      python3 "$HERE/smtp_drive.py" --server "127.0.0.1:$port" --dir "$WORK/mix" --count "$count" \
        --sessions "$SESSIONS" --json "$client_json" >/dev/null ;;
    held) count=$HELD client_json=$WORK/client.json
      python3 "$HERE/smtp_drive.py" --server "127.0.0.1:$port" --dir "$WORK/held" --count "$count" \
        --sessions "$SESSIONS" --json "$client_json" >/dev/null ;;
    latency) count=$(python3 -c "print(max(100, round($rate * $LATENCY_SECONDS)))") client_json=$WORK/client.json
      python3 "$HERE/smtp_drive.py" --server "127.0.0.1:$port" --file "$WORK/small.eml" --count "$count" \
        --sessions "$SESSIONS" --rate "$rate" --json "$client_json" >/dev/null ;;
  esac
  end=$(date +%s.%N)
  local args=(--offset "$offset" --start "$start" --client-end "$end" --expect "$count" --run "$run" --load "$load"
              --load-avg "$avg" --out "$RUNS_FILE")
  [[ -n $client_json ]] && args+=(--client-json "$client_json")
  [[ -n $rate ]] && args+=(--rate "$rate")
  case "$system" in
    mailguard) python3 "$HERE/relay_stats.py" mailguard --log "$log" --pid "$MG_PID" --cpu-before "$cpu_before" "${args[@]}" ;;
    postfix) python3 "$HERE/relay_stats.py" postfix --maillog "$log" --queue "$WORK/pf/queue" "${args[@]}" ;;
    sink) python3 "$HERE/relay_stats.py" client "${args[@]}" ;;
  esac
  [[ -z $client_json ]] || rm -f "$client_json"
  # Let notices about held mail and Postfix's queue manager settle before the next run measures.
  sleep 2
}

# A gateway runs for weeks; the runs measure that state, not its first minute. .NET compiles MailGuard's code in tiers
# (quick, instrumented, optimised) as it runs, and with ~10,000 methods on the mail path (MimeKit, PdfPig, OpenXml,
# libphonenumber) the compiler thread still took 14% of MailGuard's CPU during a mix run after the old warm-up of 250
# messages. Both systems get the same warm-up; --warmup-mix 0 measures the cold state.
echo "warming up (JIT, connection pools, Postfix's daemons): $WARMUP_SMALL small, a quarter as many 100 KB and $WARMUP_MIX mix messages each..."
for system in $SYSTEMS; do
  port=$MG_PORT; [[ $system == postfix ]] && port=$PF_PORT
  if [[ $WARMUP_SMALL -gt 0 ]]; then
    smtp-source -l 5120 -m "$WARMUP_SMALL" -s "$SESSIONS" -f alice@example.com -t bob@example.net "127.0.0.1:$port"
    # A quarter as many 100 KB messages: the large load's path (bigger DATA, spill, delivery) gets compiled too.
    smtp-source -l 102400 -m "$((WARMUP_SMALL / 4 + 1))" -s "$SESSIONS" -f alice@example.com -t bob@example.net "127.0.0.1:$port"
  fi
  [[ $WARMUP_MIX -eq 0 ]] || python3 "$HERE/smtp_drive.py" --server "127.0.0.1:$port" --dir "$WORK/mix" --count "$WARMUP_MIX" \
    --sessions "$SESSIONS" >/dev/null
done
sleep 3

for run in $(seq 1 "$RUNS"); do
  echo "run $run of $RUNS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  for load in small large mix held; do
    has "$LOADS" "$load" || continue
    for system in $SYSTEMS; do run_load "$system" "$load" "$run"; done
  done
  # The mix driver is Python: its ceiling, straight to the sink, shows it is not what limits the two systems.
  if has "$LOADS" mix; then run_load sink mix "$run"; fi
done

if has "$LOADS" latency; then
  # The latency target is stated at half the maximum: half of MailGuard's median small-message rate, end to end.
  if [[ -z $RATE ]]; then
    RATE=$(python3 - "$RUNS_FILE" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
mg = [min(r["accepted_per_s"], r["done_per_s"]) for r in rows if r["system"] == "mailguard" and r["load"] == "small"]
print(round(statistics.median(mg) / 2, 1))
EOF
)
  fi
  echo "latency at $RATE msg/s for ${LATENCY_SECONDS}s"
  for run in $(seq 1 "$RUNS"); do
    for system in $SYSTEMS; do run_load "$system" latency "$run" "$RATE"; done
  done
fi

echo
echo "results: $OUT"
cat "$OUT/machine.txt"
python3 "$HERE/relay_stats.py" table "$RUNS_FILE" --csv "$OUT/summary.csv" | tee "$OUT/table.txt"
python3 "$HERE/relay_stats.py" table "$RUNS_FILE" --markdown >"$OUT/table.md"
echo "relay.sh took $SECONDS s"
