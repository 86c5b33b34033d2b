#!/usr/bin/env python3
"""Writes one large test message for bench/memory.sh: a short business mail with one base64 attachment.

    big_mail.py OUT.eml --kind csv --attachment-bytes 52428800     # a 50 MiB customer list (text/csv)
    big_mail.py OUT.eml --kind pdf --message-bytes 10485760        # a 10 MiB message with a PDF-like binary

csv: a customer-list export, the attachment DLP exists for: fictional people (reserved domains, 555-01xx
numbers), one per line, as a sales team would mail it. pdf: a valid PDF (the corpus's mimebuild.make_pdf) with
one page of text and one large incompressible image stream, the shape of a scanned document. Deterministic.
Sender alice@example.com (internal in the shipped config), recipient bob@example.net (external).
"""
import argparse
import base64
import os
import random
import sys

sys.path.insert(0, os.environ.get("MAILGUARD_CORPUS") or
                os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "corpus"))
import mimebuild  # noqa: E402  (the corpus's MIME and attachment builder)

FIRST = ["Hanako", "Ichiro", "Emily", "Daniel", "Yuki", "Chloe", "Kenji", "Olivia", "Marcus", "Aiko", "Liam", "Sakura"]
LAST = ["Sato", "Tanaka", "Carter", "Brooks", "Suzuki", "Nguyen", "Yamada", "Bennett", "Bell", "Kobayashi", "Reed", "Ito"]
CITY = ["Springfield", "Riverton", "Lakeside", "Fairview", "Kawanishi", "Minato"]
LINE = 76


def csv_bytes(size: int, rng: random.Random) -> bytes:
    rows = [b"customer_id,name,email,phone,city,last_order\r\n"]
    total, n = len(rows[0]), 0
    while total < size:
        n += 1
        first, last = rng.choice(FIRST), rng.choice(LAST)
        row = (f"C{n:08d},{first} {last},{first.lower()}.{last.lower()}{n}@customer.example,"
               f"+1-201-555-01{rng.randrange(100):02d},{rng.choice(CITY)},2026-{rng.randrange(1, 13):02d}-"
               f"{rng.randrange(1, 29):02d}\r\n").encode()
        rows.append(row)
        total += len(row)
    return b"".join(rows)[:size]


def pdf_bytes(size: int, rng: random.Random) -> bytes:
    lines = ["Site survey, building B", "Scanned pages follow.", "Prepared by Alice Example"]
    overhead = len(mimebuild.make_pdf(lines, title="Site survey", filler=1, rng=random.Random(0))) - 1
    return mimebuild.make_pdf(lines, title="Site survey", filler=max(1, size - overhead), rng=rng)


def message(kind: str, blob: bytes) -> bytes:
    name, ctype = ("customers.csv", "text/csv") if kind == "csv" else ("scan.pdf", "application/pdf")
    encoded = base64.b64encode(blob)
    lines = b"\r\n".join(encoded[i:i + LINE] for i in range(0, len(encoded), LINE))
    head = (
        "From: Alice Example <alice@example.com>\r\nTo: Bob Example <bob@example.net>\r\n"
        f"Subject: {name} as promised\r\nMessage-ID: <big-{kind}-{len(blob)}@example.com>\r\n"
        "Date: Thu, 26 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="=_big"\r\n\r\n'
        "--=_big\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Hello Bob,\r\n\r\nhere is {name} as discussed.\r\n\r\nBest regards,\r\nAlice\r\n"
        f'--=_big\r\nContent-Type: {ctype}; name="{name}"\r\n'
        f'Content-Disposition: attachment; filename="{name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
    ).encode()
    return head + lines + b"\r\n--=_big--\r\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("out")
    ap.add_argument("--kind", choices=["csv", "pdf"], required=True)
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--attachment-bytes", type=int, help="size of the attachment before base64")
    size.add_argument("--message-bytes", type=int, help="size of the whole message (the attachment is fitted)")
    args = ap.parse_args()
    rng = random.Random(20261126)
    make = csv_bytes if args.kind == "csv" else pdf_bytes
    if args.attachment_bytes is not None:
        raw = message(args.kind, make(args.attachment_bytes, rng))
    else:
        overhead = len(message(args.kind, b""))
        # base64 turns 57 bytes into one 76-character line plus CRLF.
        raw = message(args.kind, make((args.message_bytes - overhead) * 57 // 78, rng))
    with open(args.out, "wb") as fh:
        fh.write(raw)
    print(f"{args.out}: {len(raw)} bytes, {args.kind} attachment")
    return 0


if __name__ == "__main__":
    sys.exit(main())
