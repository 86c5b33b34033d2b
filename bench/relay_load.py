#!/usr/bin/env python3
"""Load driver for the relay: many small messages from concurrent SMTP clients through `mailguard run`
to an upstream sink, measuring messages per second accepted (250 seen by the clients) and delivered
(arrived at the sink).

    python3 bench/relay_load.py --mailguard src/MailGuard.Cli/bin/Release/net10.0/mailguard.dll \
        --messages 3000 --clients 20

It starts the sink (a minimal SMTP server in this script) and mailguard (temporary data directory,
delivering to the sink), waits for the health endpoint, sends, waits until the sink has every message,
stops mailguard with SIGTERM and prints one result line. Only the standard library is used.
"""
import argparse
import json
import os
import shutil
import signal
import smtplib
import socket
import socketserver
import subprocess
import tempfile
import threading
import time
import urllib.request


class Sink(socketserver.ThreadingTCPServer):
    """Answers 250 to everything and counts the messages that end with CRLF.CRLF."""
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port):
        super().__init__(("127.0.0.1", port), SinkSession)
        self.count = 0
        self.lock = threading.Lock()


class SinkSession(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 sink.example.org ESMTP\r\n")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-sink.example.org\r\n250-8BITMIME\r\n250 PIPELINING\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                while True:
                    data = self.rfile.readline()
                    if not data or data == b".\r\n":
                        break
                with self.server.lock:
                    self.server.count += 1
                self.wfile.write(b"250 2.0.0 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")
            self.wfile.flush()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def message(n):
    return (f"From: Sato Hanako <sato@example.com>\r\nTo: tanaka@example.org\r\nSubject: load {n}\r\n"
            f"Message-ID: <load-{n}@example.com>\r\n\r\nHello,\r\nthis is load message {n}.\r\n-- \r\nSato\r\n").encode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mailguard", required=True, help="path to mailguard.dll")
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--per-connection", type=int, default=1, help="messages per SMTP connection")
    parser.add_argument("--deliver-concurrency", type=int, default=16, help="Deliver:Concurrency (upstream connections)")
    args = parser.parse_args()

    sink_port, smtp_port, health_port = free_port(), free_port(), free_port()
    sink = Sink(sink_port)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    data = tempfile.mkdtemp(prefix="mailguard-bench-")
    relay = subprocess.Popen(
        ["dotnet", args.mailguard, "run",
         f"--DataDirectory={data}", f"--Receive:Endpoints:0=127.0.0.1:{smtp_port}", "--Receive:MaxSessions=200",
         "--Deliver:Host=127.0.0.1", f"--Deliver:Port={sink_port}", "--Deliver:Security=None",
         f"--Deliver:Concurrency={args.deliver_concurrency}",
         f"--Health:Url=http://127.0.0.1:{health_port}/health", "--Logging:LogLevel:Default=Warning"],
        stdout=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{health_port}/health", timeout=2) as r:
                    if json.load(r)["accepting"]:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                raise SystemExit("mailguard did not start")
            time.sleep(0.1)

        counter = iter(range(args.messages))
        lock = threading.Lock()
        failures = []

        def client():
            while True:
                batch = []
                with lock:
                    for _ in range(args.per_connection):
                        n = next(counter, None)
                        if n is not None:
                            batch.append(n)
                if not batch:
                    return
                try:
                    with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as smtp:
                        for n in batch:
                            smtp.sendmail("sato@example.com", ["tanaka@example.org"], message(n))
                except (smtplib.SMTPException, OSError) as e:
                    failures.append(repr(e))

        start = time.time()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        accepted_at = time.time()
        accepted = args.messages - len(failures)
        while sink.count < accepted and time.time() < accepted_at + 300:
            time.sleep(0.01)
        delivered_at = time.time()
        print(f"{args.messages} messages, {args.clients} clients, {args.per_connection}/connection: "
              f"accepted {accepted} in {accepted_at - start:.2f}s = {accepted / (accepted_at - start):.0f} msg/s; "
              f"delivered {sink.count} in {delivered_at - start:.2f}s = {sink.count / (delivered_at - start):.0f} msg/s; "
              f"{len(failures)} failures")
    finally:
        relay.send_signal(signal.SIGTERM)
        relay.wait(timeout=60)
        sink.shutdown()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
