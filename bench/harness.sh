# shellcheck shell=bash
# Functions shared by bench/relay.sh and bench/memory.sh (sourced, not run).

# common_option ARGS...: the options both scripts take. Sets PORT_BASE, OUT, BUILD, KEEP or MG_ARGS, and USED to
# how many arguments it took (0: $1 is not one of them, the script's own parser goes on).
common_option() {
  USED=0
  case "$1" in
    --port-base) PORT_BASE=$2; USED=2 ;;
    --out) OUT=$2; USED=2 ;;
    --no-build) BUILD=0; USED=1 ;;
    --keep) KEEP=1; USED=1 ;;
    # Everything after -- goes to `mailguard run` as it is.
    --) USED=$#; shift; MG_ARGS=("$@") ;;
  esac
}

# cpu_seconds PID: user + system CPU time of a process so far (Linux /proc), in seconds.
cpu_seconds() {
  awk -v tck="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print ($12 + $13) / tck }' "/proc/$1/stat"
}

# has "WORD LIST" WORD: whether a space-separated option value (--loads, --systems) names WORD.
has() { [[ " $1 " == *" $2 "* ]]; }

# Postfix's smtp-source/smtp-sink come with Debian's postfix package. Installed without a configuration so the
# system instance is never set up or started; the benchmarks run their own instances.
need_postfix_tools() {
  if command -v smtp-source >/dev/null && command -v smtp-sink >/dev/null && command -v postfix >/dev/null; then
    return 0
  fi
  echo "installing postfix (No configuration; the system instance stays off)..."
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null
}

# stop_pid PID NAME: SIGTERM, up to 30 s to finish (MailGuard drains its sessions), then SIGKILL.
stop_pid() {
  local pid=$1 name=$2
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$name ($pid) did not stop on SIGTERM within 30 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# wait_smtp HOST PORT SECONDS [PID]: until something answers on the port; fails early if PID has exited.
wait_smtp() {
  local host=$1 port=$2 seconds=$3 pid=${4:-}
  for _ in $(seq 1 $((seconds * 10))); do
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited before listening on $host:$port" >&2
      return 1
    fi
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on $host:$port after $seconds s" >&2
  return 1
}

# machine_facts DIR: what the figures were measured on (DIR: where the spools live).
machine_facts() {
  local dir=$1 dev
  dev=$(df --output=source "$dir" | tail -1)
  echo "date (UTC):  $(date -u '+%Y-%m-%d %H:%M:%S')"
  echo "uptime:      $(uptime)"
  echo "cpu:         $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)" \
    "$(awk -F': ' '/^cpu MHz/ {printf "%.0f MHz", $2; exit}' /proc/cpuinfo)"
  echo "memory:      $(free -m | awk '/^Mem:/ {print $2 " MB total, " $7 " MB available"}')"
  echo "disk:        $(df --output=source,fstype "$dir" | tail -1 | tr -s ' ') ($(lsblk -dno MODEL,SIZE,ROTA "$dev" 2>/dev/null \
    | awk '{print "size " $(NF-1) ", rotational=" $NF}' || echo "?")), spool in $dir"
  echo "kernel:      $(uname -sr)"
  echo "dotnet:      $(dotnet --version 2>/dev/null || echo '?')"
  echo "postfix:     $(postconf -d -h mail_version 2>/dev/null || echo '?')"
  echo "python:      $(python3 --version 2>&1)"
}

# small_eml FILE: a 5 KB plain-text message (alice@example.com to bob@example.net), the size smtp-source -l 5120 sends.
small_eml() {
  python3 - "$1" <<'EOF'
import sys
head = ("From: Alice Example <alice@example.com>\r\nTo: Bob Example <bob@example.net>\r\n"
        "Subject: relay benchmark\r\nMessage-ID: <relay-bench@example.com>\r\n\r\n")
body, n = [], 0
while sum(len(l) + 2 for l in body) < 5120:
    n += 1
    body.append(f"Line {n:03d} of the relay benchmark message: nothing personal in here, just text.")
open(sys.argv[1], "wb").write((head + "\r\n".join(body) + "\r\n").encode())
EOF
}

# build_release REPO LOG: the Release build the figures are for; its output only when it fails.
build_release() {
  echo "building MailGuard (Release)..."
  dotnet build "$1/src/MailGuard.Cli" -c Release -v quiet -nologo >"$2" 2>&1 || { cat "$2"; return 1; }
}

# start_mailguard REPO DATADIR PORT_BASE LOG [ARGS...]: `mailguard run` in the background (its PID in MG_PID) with
# the shipped config and only what a benchmark must change: the data directory, loopback ports (base+26 SMTP,
# +27 review console, +28 health), the upstream = smtp-sink on base+25 without TLS, and the corpus's company
# (sakura-trading.example) among the internal domains so its staff may relay, as its admin would set it.
# MAILGUARD_DLL runs another build of it (bench/startup.sh: a published one) instead of the Release build output.
start_mailguard() {
  local repo=$1 data=$2 base=$3 log=$4
  shift 4
  dotnet "${MAILGUARD_DLL:-$repo/src/MailGuard.Cli/bin/Release/net10.0/mailguard.dll}" run --config "$repo/config" \
    --DataDirectory="$data" --Receive:Endpoints:0="127.0.0.1:$((base + 26))" \
    --Deliver:Host=127.0.0.1 --Deliver:Port="$((base + 25))" --Deliver:Security=None \
    --Review:Urls="http://127.0.0.1:$((base + 27))" --Health:Url="http://127.0.0.1:$((base + 28))/health" \
    --Organization:InternalDomains:1=sakura-trading.example --Organization:InternalDomains:2=sakura-trading.example.jp \
    "$@" >"$log" 2>&1 &
  # shellcheck disable=SC2034  # MG_PID is read by the caller
  MG_PID=$!
}
