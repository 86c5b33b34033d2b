#!/usr/bin/env python3
"""The measuring half of bench/relay.sh: waits for a run to drain, reads the systems' own logs, prints the table.

    relay_stats.py mailguard --log LOG --offset BYTES --start EPOCH --client-end EPOCH [--client-json F] ...
    relay_stats.py postfix   --maillog LOG --offset BYTES --queue DIR --start EPOCH --client-end EPOCH ...
    relay_stats.py client    --client-json F --start EPOCH --client-end EPOCH ...   (the driver straight to the sink)
    relay_stats.py table RUNS.jsonl [--csv OUT.csv] [--markdown]

mailguard/postfix append one JSON object per run to --out. Everything the table shows comes from the systems:

- accepted: MailGuard's `receive.accepted` lines (event 2001, logged just before the 250) and Postfix's qmgr
  `from=<...>, size=N` lines, counted from the log offset the run started at; messages/s accepted is that count
  over the client's wall time (from its first connection to its last 250, as the driver reports them; from
  smtp-source's start to its exit for loads it sends).
- delivered: MailGuard's `deliver.done` lines (event 30) for the run's queue ids; held or rejected ones are the
  `quarantine.stored` lines (event 303) — the DLP at work, counted apart. Postfix: `status=sent` lines; its
  "done" time is when its queue directories were first seen empty (polled every 10 ms), because its log has
  whole seconds only.
- latency: MailGuard from the 2001 line to the 30 line of the same queue id (millisecond timestamps), split at
  its `decide.verdict` line (event 300) into "250 to verdict" (queueing for and doing the scan) and "verdict to
  upstream" (delivery) in runs.jsonl;
  Postfix from the `delay=` field of its `status=sent` lines (arrival to delivery of the last recipient; relay.sh
  sets delay_logging_resolution_limit = 3, so milliseconds).
- cpu ms/msg (MailGuard only, --pid/--cpu-before): the relay process's user + system CPU time over the run, once
  the run is done, per accepted message. Waiting for a core is not counted, so it is the steadiest figure on a
  busy machine: how much of a core one message costs, receive to delivery.
"""
import argparse
import csv
import datetime
import json
import os
import re
import statistics
import sys
import time

MG_LINE = re.compile(rb"^(\S+Z) \w+: \S+\[(2001|30|303|300)\] (.*)$")
MG_ACCEPTED = re.compile(rb"Receive accepted (\S+) from \S+: (\d+) bytes")
MG_DELIVERED = re.compile(rb"^(\S+) delivered: (\d+) delivered, (\d+) bounced")
MG_STORED = re.compile(rb"^(\S+) stored in quarantine as (\w+)")
MG_VERDICT = re.compile(rb"^(\S+) verdict (\S+) by rule")
PF_SIZE = re.compile(rb"postfix/qmgr\[\d+\]: \w+: from=<[^>]*>, size=(\d+), nrcpt=")
PF_SENT = re.compile(rb"postfix/smtp\[\d+\]: (\w+): to=<[^>]*>,.* delay=([\d.]+),.* status=sent")
PF_OTHER = re.compile(rb"status=(deferred|bounced)")
PF_QUEUES = ("maildrop", "incoming", "active", "deferred", "hold")


def read_from(path: str, offset: int) -> bytes:
    with open(path, "rb") as fh:
        fh.seek(offset)
        return fh.read()


def stamp(text: bytes) -> float:
    return datetime.datetime.strptime(text.decode(), "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp()


def percentile(values: list[float], p: float):
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def parse_mailguard(text: bytes) -> dict:
    accepted, done, delivered, stored, verdicts, judged = {}, {}, {}, {}, {}, {}
    for line in text.splitlines():
        m = MG_LINE.match(line)
        if not m:
            continue
        ts, event, rest = stamp(m.group(1)), m.group(2), m.group(3)
        if event == b"2001" and (a := MG_ACCEPTED.search(rest)):
            accepted[a.group(1)] = (ts, int(a.group(2)))
        elif event == b"30" and (d := MG_DELIVERED.match(rest)):
            delivered[d.group(1)] = ts
            done.setdefault(d.group(1), ts)
        elif event == b"303" and (s := MG_STORED.match(rest)):
            stored[s.group(1)] = s.group(2).decode()
            done.setdefault(s.group(1), ts)
        elif event == b"300" and (v := MG_VERDICT.match(rest)):
            verdicts[v.group(1)] = v.group(2).decode()
            judged[v.group(1)] = ts
    return {"accepted": accepted, "done": done, "delivered": delivered, "stored": stored, "verdicts": verdicts,
            "judged": judged}


def wait_mailguard(args) -> dict:
    deadline = time.time() + args.timeout
    while True:
        log = parse_mailguard(read_from(args.log, args.offset))
        ours = log["accepted"]
        pending = [q for q in ours if q not in log["done"]]
        if (len(ours) >= args.expect and not pending) or time.time() > deadline:
            break
        time.sleep(0.05)
    delivered = [q for q in ours if q in log["delivered"]]
    held = [q for q in ours if q in log["stored"]]
    latencies = [(log["delivered"][q] - ours[q][0]) * 1000 for q in delivered]
    # Where the time goes: 250 to verdict (waiting for and doing the scan), verdict to upstream 250 (delivery).
    to_verdict = [(log["judged"][q] - ours[q][0]) * 1000 for q in ours if q in log["judged"]]
    to_upstream = [(log["delivered"][q] - log["judged"][q]) * 1000 for q in delivered if q in log["judged"]]
    last_done = max((log["done"][q] for q in ours if q in log["done"]), default=None)
    verdicts: dict[str, int] = {}
    for q in ours:
        verdicts[log["verdicts"].get(q, "-")] = verdicts.get(log["verdicts"].get(q, "-"), 0) + 1
    return {
        "accepted": len(ours), "accepted_bytes": sum(b for _, b in ours.values()),
        "delivered": len(delivered), "held": len(held), "pending": len(pending), "verdicts": verdicts,
        # Notices to senders and reviewers about held mail go to the same upstream; not part of the load.
        "other_deliveries": len([q for q in log["delivered"] if q not in ours]),
        "last_done": last_done, "latencies_ms": latencies,
        "verdict_p50_ms": ms(percentile(to_verdict, 50)), "verdict_p99_ms": ms(percentile(to_verdict, 99)),
        "upstream_p50_ms": ms(percentile(to_upstream, 50)), "upstream_p99_ms": ms(percentile(to_upstream, 99)),
    }


def ms(value):
    return None if value is None else round(value, 1)


def queue_files(queue: str) -> int:
    count = 0
    for name in PF_QUEUES:
        for _, _, files in os.walk(os.path.join(queue, name)):
            count += len(files)
    return count


def wait_postfix(args) -> dict:
    deadline = time.time() + args.timeout
    empty_at = None
    while time.time() < deadline:
        if queue_files(args.queue) == 0:
            empty_at = time.time()
            break
        time.sleep(0.01)
    # postlogd writes asynchronously: give the log a moment to hold every line of the run.
    while True:
        text = read_from(args.maillog, args.offset)
        sizes = [int(m.group(1)) for m in PF_SIZE.finditer(text)]
        # One status=sent line per recipient: a message is delivered when its last recipient is.
        per_message: dict[bytes, float] = {}
        for m in PF_SENT.finditer(text):
            per_message[m.group(1)] = max(per_message.get(m.group(1), 0.0), float(m.group(2)) * 1000)
        delays = list(per_message.values())
        if len(delays) >= args.expect or time.time() > deadline:
            break
        time.sleep(0.05)
    return {
        "accepted": len(sizes), "accepted_bytes": sum(sizes), "delivered": len(delays), "held": 0,
        "pending": queue_files(args.queue), "failed": len(PF_OTHER.findall(text)),
        "last_done": empty_at, "latencies_ms": delays,
    }


def client_only(args) -> dict:
    """The driver's own view, for its ceiling against smtp-sink: nothing is queued, so accepted is delivered."""
    with open(args.client_json) as fh:
        client = json.load(fh)
    return {"accepted": client["accepted"], "accepted_bytes": client["accepted_bytes"], "delivered": client["accepted"],
            "held": 0, "pending": 0, "last_done": client["last_reply"], "latencies_ms": []}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (Linux)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def record(args, result: dict) -> None:
    client = {}
    if args.client_json:
        with open(args.client_json) as fh:
            client = json.load(fh)
    client_end = client.get("last_reply") or args.client_end
    # The driver's own clock starts once its messages are read and prepared (91 MB for the 500-message mix: about 3 s
    # of Python before the first connection), which the system under test should not be charged for.
    start = client.get("start") or args.start
    accept_s = client_end - start
    done_s = (result["last_done"] - start) if result["last_done"] else None
    lat = result.pop("latencies_ms")
    row = {
        "run": args.run, "load": args.load, "system": args.system, "load_avg": args.load_avg,
        "start": round(start, 3), "accept_s": round(accept_s, 3),
        "done_s": round(done_s, 3) if done_s else None,
        "accepted_per_s": round(result["accepted"] / accept_s, 1) if accept_s > 0 else None,
        "done_per_s": round((result["delivered"] + result["held"]) / done_s, 1) if done_s else None,
        "mb_per_s": round(result["accepted_bytes"] / 1e6 / accept_s, 2) if accept_s > 0 else None,
        "lat_p50_ms": round(percentile(lat, 50), 1) if lat else None,
        "lat_p99_ms": round(percentile(lat, 99), 1) if lat else None,
        "lat_max_ms": round(max(lat), 1) if lat else None,
        "client_outcomes": client.get("outcomes"), "driver_cpu_s": client.get("driver_cpu_s"),
        **{k: v for k, v in result.items() if k != "last_done"},
    }
    if args.rate:
        row["rate"] = args.rate
    if getattr(args, "pid", None) and result["accepted"]:
        row["cpu_ms_per_msg"] = round((cpu_seconds(args.pid) - args.cpu_before) * 1000 / result["accepted"], 2)
    with open(args.out, "a") as fh:
        fh.write(json.dumps(row, sort_keys=True) + "\n")
    ok = row["pending"] == 0 and row["accepted"] >= args.expect
    print(f"  {args.system:9} {args.load:10} run {args.run}: {row['accepted']} accepted in {row['accept_s']} s "
          f"({row['accepted_per_s']}/s, {row['mb_per_s']} MB/s), {row['delivered']} delivered, {row['held']} held, "
          f"done in {row['done_s']} s; latency p50 {row['lat_p50_ms']} ms p99 {row['lat_p99_ms']} ms"
          + (f" (250 to verdict p50 {row['verdict_p50_ms']} p99 {row['verdict_p99_ms']}; verdict to upstream"
             f" p50 {row['upstream_p50_ms']} p99 {row['upstream_p99_ms']})" if "verdict_p50_ms" in row else "")
          + (f"; {row['cpu_ms_per_msg']} ms CPU a message" if "cpu_ms_per_msg" in row else "")
          + ("" if ok else f"  ** {row['pending']} pending, expected {args.expect} **"), flush=True)
    if not ok:
        sys.exit(1)


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:g}"
    return f"{med:g} ({min(values):g}–{max(values):g})"


def table(args) -> None:
    with open(args.runs) as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    loads = list(dict.fromkeys(r["load"] for r in rows))
    head = ["load", "system", "runs", "accepted msg/s", "done msg/s", "MB/s", "delivered / held",
            "p50 ms", "p99 ms", "cpu ms/msg", "MailGuard/Postfix accepted", "MailGuard/Postfix done", "load avg"]
    out = [head]
    for load in loads:
        systems = list(dict.fromkeys(r["system"] for r in rows if r["load"] == load))
        by_sys = {s: [r for r in rows if r["load"] == load and r["system"] == s] for s in systems}
        ratios_acc, ratios_done = [], []
        for mg in by_sys.get("mailguard", []):
            pf = next((p for p in by_sys.get("postfix", []) if p["run"] == mg["run"]), None)
            if pf and pf["accepted_per_s"] and pf["done_per_s"] and mg["done_per_s"]:
                ratios_acc.append(round(mg["accepted_per_s"] / pf["accepted_per_s"], 2))
                ratios_done.append(round(mg["done_per_s"] / pf["done_per_s"], 2))
        for system, runs in by_sys.items():
            if not runs:
                continue
            mine = system == "mailguard"
            out.append([
                load, system, str(len(runs)),
                spread([r["accepted_per_s"] for r in runs]), spread([r["done_per_s"] for r in runs]),
                spread([r["mb_per_s"] for r in runs]),
                f"{statistics.median(r['delivered'] for r in runs):g} / {statistics.median(r['held'] for r in runs):g}",
                spread([r["lat_p50_ms"] for r in runs]), spread([r["lat_p99_ms"] for r in runs]),
                spread([r.get("cpu_ms_per_msg") for r in runs]) if mine else "",
                spread(ratios_acc) if mine else "", spread(ratios_done) if mine else "",
                spread([r["load_avg"] for r in runs]),
            ])
    if args.markdown:
        # For pasting into bench/RESULTS.md.
        for i, row in enumerate(out):
            print("| " + " | ".join(row) + " |")
            if i == 0:
                print("|" + "---|" * len(row))
        return
    widths = [max(len(row[i]) for row in out) for i in range(len(head))]
    for i, row in enumerate(out):
        print("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print("\nmedian (min–max) over the runs; ratios are taken pair by pair (same run, same load), then summarised."
          "\nsystem \"sink\": the load driver straight to smtp-sink, its ceiling on this machine.")
    if args.csv:
        with open(args.csv, "w", newline="") as fh:
            keys = sorted({k for r in rows for k in r})
            writer = csv.DictWriter(fh, fieldnames=keys)
            writer.writeheader()
            for r in rows:
                writer.writerow({k: json.dumps(v) if isinstance(v, (dict, list)) else v for k, v in r.items()})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = ap.add_subparsers(dest="what", required=True)
    for name in ("mailguard", "postfix", "client"):
        p = sub.add_parser(name)
        p.add_argument("--offset", type=int, default=0, help="log size in bytes when the run started")
        p.add_argument("--start", type=float, required=True, help="epoch seconds the client started")
        p.add_argument("--client-end", type=float, required=True, help="epoch seconds the client finished")
        p.add_argument("--client-json", help="smtp_drive.py's result (its last 250 is the accept end)")
        p.add_argument("--expect", type=int, required=True, help="messages the client sent")
        p.add_argument("--timeout", type=float, default=120)
        p.add_argument("--run", type=int, required=True)
        p.add_argument("--load", required=True)
        p.add_argument("--load-avg", type=float, required=True)
        p.add_argument("--rate", type=float)
        p.add_argument("--out", required=True, help="append the run's JSON line here")
        if name == "mailguard":
            p.add_argument("--log", required=True)
            p.add_argument("--pid", type=int, help="the relay's PID, for its CPU time over the run")
            p.add_argument("--cpu-before", type=float, default=0.0, help="its CPU seconds when the run started")
        elif name == "postfix":
            p.add_argument("--maillog", required=True)
            p.add_argument("--queue", required=True)
    t = sub.add_parser("table")
    t.add_argument("runs")
    t.add_argument("--csv")
    t.add_argument("--markdown", action="store_true", help="the table as Markdown")
    args = ap.parse_args()
    if args.what == "table":
        table(args)
        return 0
    args.system = {"client": "sink"}.get(args.what, args.what)
    measure = {"mailguard": wait_mailguard, "postfix": wait_postfix, "client": client_only}[args.what]
    record(args, measure(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
