#!/usr/bin/env python3
"""One relay run: Postfix's smtp-source -> mailguard run (scanning and fsync on) -> Postfix's smtp-sink.

Reports messages/s accepted (smtp-source finished: every 250 seen) and delivered (the last "delivered" log line),
and the latency from the Receive "accepted" line to the Deliver "delivered" line per queue id (p50, p99), taken
from the log's millisecond timestamps. Starts and stops everything it needs by PID; loopback only; bounded in time.

    python3 bench/relay_latency.py --mailguard src/MailGuard.Cli/bin/Release/net10.0/mailguard.dll \
        --size 5120 --messages 2000 --clients 20 --port 15025
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

STAMP = r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})Z"
ACCEPTED = re.compile(STAMP + r" .*Receive accepted (\S+) ")
DELIVERED = re.compile(STAMP + r" .*?(\S+) delivered: ")


def wait_port(port, deadline):
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def cpu_seconds(pid):
    """User + system CPU time of a process: steadier than wall clock on a shared machine."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def parse(log_path):
    accepted, delivered = {}, {}
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            m = ACCEPTED.search(line)
            if m:
                accepted[m.group(2)] = datetime.fromisoformat(m.group(1))
                continue
            m = DELIVERED.search(line)
            if m:
                delivered[m.group(2)] = datetime.fromisoformat(m.group(1))
    return accepted, delivered


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mailguard", required=True)
    ap.add_argument("--config", default="config")
    ap.add_argument("--size", type=int, default=5120)
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--port", type=int, default=15025, help="SMTP port; the next three are sink, console, health")
    ap.add_argument("--rate", type=float, default=0, help="messages/s to offer (0: as fast as smtp-source goes)")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--warmup", type=int, default=0, help="messages relayed before the measured run (JIT, connections)")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="mg-latency-")
    sink_port, review_port, health_port = args.port + 1, args.port + 2, args.port + 3
    procs = []
    try:
        sink = subprocess.Popen(["smtp-sink", "-u", "nobody", f"127.0.0.1:{sink_port}", "256"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(sink)
        log_path = os.path.join(work, "mailguard.log")
        log = open(log_path, "wb")
        relay = subprocess.Popen(
            ["dotnet", args.mailguard, "run", "--config", args.config, f"--DataDirectory={work}/data",
             f"--Receive:Endpoints:0=127.0.0.1:{args.port}", "--Deliver:Host=127.0.0.1", f"--Deliver:Port={sink_port}",
             "--Deliver:Security=None", f"--Review:Urls=http://127.0.0.1:{review_port}",
             f"--Health:Url=http://127.0.0.1:{health_port}/health"],
            stdout=log, stderr=subprocess.STDOUT)
        procs.append(relay)
        deadline = time.monotonic() + 60
        if not wait_port(args.port, deadline) or not wait_port(sink_port, deadline):
            sys.exit("relay or sink did not start; see " + log_path)

        if args.warmup > 0:
            subprocess.run(["smtp-source", "-l", str(args.size), "-m", str(args.warmup), "-s", str(args.clients),
                            "-f", "alice@example.com", "-t", "bob@example.net", f"127.0.0.1:{args.port}"],
                           check=True, timeout=args.timeout, stdout=subprocess.DEVNULL)
            deadline = time.monotonic() + args.timeout
            while time.monotonic() < deadline and len(parse(log_path)[1]) < args.warmup:
                time.sleep(0.2)
            warm = set(parse(log_path)[0])
        else:
            warm = set()
        source = ["smtp-source", "-l", str(args.size), "-m", str(args.messages), "-s", str(args.clients),
                  "-f", "alice@example.com", "-t", "bob@example.net", f"127.0.0.1:{args.port}"]
        cpu_before = cpu_seconds(relay.pid)
        started = time.monotonic()
        started_wall = datetime.now(timezone.utc).replace(tzinfo=None)
        if args.rate > 0:
            # Paced: one smtp-source per tick, so the relay sees a steady offered load below its maximum.
            tick, sent = 0.1, 0
            per_tick = max(1, int(args.rate * tick))
            running = []
            while sent < args.messages:
                n = min(per_tick, args.messages - sent)
                source[4] = str(n)
                source[6] = str(min(args.clients, n))
                running.append(subprocess.Popen(source, stdout=subprocess.DEVNULL))
                sent += n
                time.sleep(max(0.0, started + sent / args.rate - time.monotonic()))
            for p in running:
                p.wait(timeout=args.timeout)
        else:
            subprocess.run(source, check=True, timeout=args.timeout, stdout=subprocess.DEVNULL)
        accepted_s = time.monotonic() - started

        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            log.flush()
            _, delivered = parse(log_path)
            if len(delivered) >= args.messages + len(warm):
                break
            time.sleep(0.2)
        cpu_used = cpu_seconds(relay.pid) - cpu_before
        accepted, delivered = parse(log_path)
        accepted = {q: t for q, t in accepted.items() if q not in warm}
        delivered = {q: t for q, t in delivered.items() if q not in warm}
        last = max(delivered.values()) if delivered else started_wall
        delivered_s = (last - started_wall).total_seconds()
        latencies = [(delivered[q] - accepted[q]).total_seconds() * 1000 for q in delivered if q in accepted]
        mb = args.messages * args.size / 1e6
        print(f"size={args.size} messages={args.messages} clients={args.clients} rate={args.rate or 'max'} "
              f"load={os.getloadavg()[0]:.2f}")
        print(f"accepted: {len(accepted)} in {accepted_s:.2f} s = {len(accepted) / accepted_s:.0f} msg/s, {mb / accepted_s:.1f} MB/s")
        print(f"delivered: {len(delivered)} in {delivered_s:.2f} s = {len(delivered) / delivered_s:.0f} msg/s, {mb / delivered_s:.1f} MB/s")
        print(f"relay CPU: {cpu_used:.1f} s = {cpu_used * 1000 / max(1, len(delivered)):.2f} ms per message")
        print(f"latency 250->upstream ms: p50 {percentile(latencies, 50):.0f} p99 {percentile(latencies, 99):.0f} max {max(latencies, default=float('nan')):.0f}")
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
        if args.keep:
            print("kept", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
