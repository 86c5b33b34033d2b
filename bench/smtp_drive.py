#!/usr/bin/env python3
"""SMTP load driver for bench/relay.sh and bench/memory.sh: sends .eml files with N concurrent sessions.

    python3 bench/smtp_drive.py --server 127.0.0.1:12026 --dir bench/.mix --count 500 --sessions 20
    python3 bench/smtp_drive.py --server 127.0.0.1:12026 --file msg.eml --count 2000 --rate 150 \
        --mail-from alice@example.com --rcpt-to bob@example.net

smtp-source sends one file only; the realistic mix is many files, so this driver sends them the way smtp-source
does: one message per connection (connect, EHLO, MAIL, RCPT..., DATA, QUIT), no PIPELINING, each command waiting
for its reply. The envelope comes from the headers (From; To, Cc, Bcc) unless --mail-from/--rcpt-to are given.
Messages are read, CRLF-normalised and dot-stuffed before the clock starts, so the driver does no parsing while
it sends. --rate spaces message starts evenly (messages per second over all sessions) for latency runs.

Prints one JSON object: counts by outcome, wall-clock start/end (epoch seconds), messages/s and MB/s accepted.
Only the standard library.
"""
import argparse
import asyncio
import email.parser
import email.policy
import email.utils
import json
import os
import re
import resource
import sys
import time

REPLY_TIMEOUT = 60.0


def wire_bytes(raw: bytes) -> bytes:
    """The DATA payload as sent: CRLF line ends, leading dots doubled, the end-of-data line."""
    lines = re.split(rb"\r?\n", raw)
    if lines and lines[-1] == b"":
        lines.pop()
    stuffed = [b"." + line if line.startswith(b".") else line for line in lines]
    return b"\r\n".join(stuffed) + b"\r\n.\r\n"


def envelope_from_headers(raw: bytes) -> tuple[str, list[str]]:
    headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)

    def addresses(*names):
        values = [str(v) for name in names for v in headers.get_all(name, [])]
        return [a for _, a in email.utils.getaddresses(values) if "@" in a]

    senders = addresses("From")
    recipients = list(dict.fromkeys(addresses("To", "Cc", "Bcc")))
    if not senders or not recipients:
        raise ValueError("no From or no recipient in the headers")
    return senders[0], recipients


def load(args) -> list[tuple[str, list[str], bytes]]:
    if args.file:
        paths = [args.file]
    else:
        paths = sorted(os.path.join(args.dir, f) for f in os.listdir(args.dir) if f.endswith(".eml"))
    if not paths:
        sys.exit("smtp_drive: no .eml files")
    messages = []
    for path in paths:
        with open(path, "rb") as fh:
            raw = fh.read()
        if args.mail_from and args.rcpt_to:
            sender, recipients = args.mail_from, args.rcpt_to
        else:
            try:
                sender, recipients = envelope_from_headers(raw)
            except ValueError as e:
                sys.exit(f"smtp_drive: {path}: {e}")
            sender = args.mail_from or sender
            recipients = args.rcpt_to or recipients
        messages.append((sender, recipients, wire_bytes(raw)))
    return messages


async def reply(reader, step) -> int:
    """Reads one (possibly multi-line) reply; each reply gets REPLY_TIMEOUT from the moment it is awaited."""
    step.reschedule(asyncio.get_running_loop().time() + REPLY_TIMEOUT)
    while True:
        line = await reader.readline()
        if len(line) < 4:
            raise ConnectionError("connection closed")
        if line[3:4] != b"-":
            return int(line[:3])


async def command(reader, writer, step, text: str) -> int:
    writer.write(text.encode() + b"\r\n")
    return await reply(reader, step)


async def send_one(host, port, helo, message) -> str:
    """One session, one message: the outcome is "250", the first unexpected code, or an error name."""
    sender, recipients, payload = message
    # One timeout object per session, moved forward at every step: cheaper than wait_for around each readline.
    async with asyncio.timeout(REPLY_TIMEOUT) as step:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            if (code := await reply(reader, step)) != 220:
                return str(code)
            if (code := await command(reader, writer, step, f"EHLO {helo}")) != 250:
                return str(code)
            if (code := await command(reader, writer, step, f"MAIL FROM:<{sender}>")) != 250:
                return str(code)
            accepted = 0
            first_refusal = None
            for rcpt in recipients:
                code = await command(reader, writer, step, f"RCPT TO:<{rcpt}>")
                if code in (250, 251):
                    accepted += 1
                elif first_refusal is None:
                    first_refusal = str(code)
            if accepted == 0:
                await command(reader, writer, step, "RSET")
                return first_refusal or "no-rcpt"
            if (code := await command(reader, writer, step, "DATA")) != 354:
                return str(code)
            writer.write(payload)
            step.reschedule(asyncio.get_running_loop().time() + REPLY_TIMEOUT)
            await writer.drain()
            outcome = str(await reply(reader, step))
            try:
                await command(reader, writer, step, "QUIT")
            except (ConnectionError, TimeoutError):
                pass  # the message is already accepted or refused; a lost 221 changes nothing
            return outcome
        finally:
            writer.close()


async def run(args, messages) -> dict:
    host, port = args.server.rsplit(":", 1)
    outcomes: dict[str, int] = {}
    accepted_bytes = 0
    last_reply = 0.0
    next_index = 0
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.time()
    deadline = start + args.deadline

    async def session():
        nonlocal next_index, accepted_bytes, last_reply
        while next_index < args.count and time.time() < deadline:
            i = next_index
            next_index += 1
            if args.rate > 0:
                delay = start + i / args.rate - time.time()
                if delay > 0:
                    await asyncio.sleep(delay)
            message = messages[i % len(messages)]
            try:
                outcome = await send_one(host, int(port), args.helo, message)
            except (OSError, TimeoutError, ValueError) as e:
                outcome = type(e).__name__
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            if outcome == "250":
                accepted_bytes += len(message[2]) - 3
                last_reply = time.time()

    await asyncio.gather(*(session() for _ in range(args.sessions)))
    end = time.time()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = cpu_after.ru_utime - cpu_before.ru_utime + cpu_after.ru_stime - cpu_before.ru_stime
    accepted = outcomes.get("250", 0)
    elapsed = (last_reply or end) - start
    return {
        "sent": sum(outcomes.values()), "accepted": accepted, "outcomes": outcomes,
        "start": start, "end": end, "last_reply": last_reply, "elapsed_s": round(elapsed, 4),
        "accepted_bytes": accepted_bytes,
        "msgs_per_s": round(accepted / elapsed, 2) if elapsed > 0 else 0.0,
        "mb_per_s": round(accepted_bytes / 1e6 / elapsed, 3) if elapsed > 0 else 0.0,
        "sessions": args.sessions, "rate": args.rate,
        # The driver's own CPU while sending: on a 2-core machine this is taken from the system under test.
        "driver_cpu_s": round(cpu, 3),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--server", required=True, help="HOST:PORT")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--dir", help="send the .eml files in this folder (sorted, cycled up to --count)")
    src.add_argument("--file", help="send this one file --count times")
    ap.add_argument("--count", type=int, help="messages to send (default: the number of files)")
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--rate", type=float, default=0.0, help="messages per second over all sessions; 0: as fast as possible")
    ap.add_argument("--mail-from", help="envelope sender instead of the From header")
    ap.add_argument("--rcpt-to", action="append", help="envelope recipient instead of To/Cc/Bcc (repeatable)")
    ap.add_argument("--helo", default="load.example.com")
    ap.add_argument("--deadline", type=float, default=300.0, help="start no message after this many seconds")
    ap.add_argument("--json", help="also write the result here")
    args = ap.parse_args()
    messages = load(args)
    if args.count is None:
        args.count = len(messages)
    result = asyncio.run(run(args, messages))
    text = json.dumps(result, sort_keys=True)
    print(text)
    if args.json:
        with open(args.json, "w") as fh:
            fh.write(text + "\n")
    return 0 if result["accepted"] == result["sent"] == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
