#!/usr/bin/env python3
"""Writes the Detect test messages (own_NNN.eml) and labels.json beside this script, deterministically.

    python3 generate.py

Fictional people, reserved domains, fictional phone ranges only. The organisation is Hikari Sangyo
(hikari-sangyo.example.jp, hikari-sangyo.example). Labels use the dev corpus format; "holdout": true marks
messages that were written first and never looked at while tuning the detector; "batch" names the session that wrote
them, so a batch's first score (taken before any tuning) can be reproduced.
"""
import json
import os
import random
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
INTERNAL = ["hikari-sangyo.example.jp", "hikari-sangyo.example"]
DATE = format_datetime(datetime.datetime(2025, 7, 1, 10, 0, tzinfo=datetime.timezone.utc))

SUZUKI = ("鈴木 一樹", "k.suzuki@hikari-sangyo.example.jp")
ANNA = ("Anna Lee", "anna.lee@hikari-sangyo.example")
SIG_SUZUKI = """━━━━━━━━━━━━━━━━━━━━
株式会社ひかり産業　営業部
鈴木　一樹
〒100-0005 東京都千代田区丸の内9-9-9 ひかりビル10F
TEL：03-0000-2001　FAX：03-0000-2002
E-mail：k.suzuki@hikari-sangyo.example.jp
━━━━━━━━━━━━━━━━━━━━"""
SIG_ANNA = """--
Anna Lee
Account Manager | Hikari Sangyo USA
250 Example Avenue, Suite 400, Seattle, WA 98101
Office: (206) 555-0111 | Mobile: (206) 555-0112
anna.lee@hikari-sangyo.example"""

MESSAGES = []
LABELS = {}


def addr(p):
    return f"{p[0]} <{p[1]}>" if p[0] else p[1]


def add(n, frm, to, subject, body, *, cc=(), html=None, charset="utf-8", attachments=(), flag, third=(), parties=(),
        decoys=(), holdout=False, batch=None, why=""):
    m = EmailMessage(policy=SMTP)
    m["From"] = addr(frm)
    m["To"] = ", ".join(addr(t) for t in to)
    if cc:
        m["Cc"] = ", ".join(addr(c) for c in cc)
    m["Subject"] = subject
    m["Date"] = DATE
    m["Message-ID"] = f"<own-{n:03d}@hikari-sangyo.example.jp>"
    if body is not None:
        m.set_content(body, charset=charset)
        if html is not None:
            m.add_alternative(html, subtype="html", charset="utf-8")
    else:
        m.set_content(html, subtype="html", charset="utf-8")
    for name, ctype, data in attachments:
        maintype, subtype = ctype.split("/")
        if isinstance(data, str):
            data = data.encode("utf-8")
        m.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    name = f"own_{n:03d}.eml"
    # The generator draws multipart boundaries at random: seeded per message, a rerun writes the same bytes.
    random.seed(n)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(m.as_bytes())
    LABELS[name] = {
        "flag": flag,
        "third_party": [{"kind": k, "match": v} for k, v in third],
        "parties": [{"kind": k, "match": v} for k, v in parties],
        "decoys": [{"kind": k, "match": v} for k, v in decoys],
        "holdout": holdout,
        "why": why,
    }
    if batch is not None:
        LABELS[name]["batch"] = batch


def p(kind, *values):
    return [(kind, v) for v in values]


exec(open(os.path.join(HERE, "messages.py"), encoding="utf-8").read())

with open(os.path.join(HERE, "labels.json"), "w", encoding="utf-8") as f:
    json.dump({"internal_domains": INTERNAL, "messages": LABELS}, f, ensure_ascii=False, indent=1)
print(len(LABELS), "messages")
