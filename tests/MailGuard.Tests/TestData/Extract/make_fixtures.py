#!/usr/bin/env python3
"""Writes the extraction fixtures (*.eml) in this folder, deterministically.

    python3 make_fixtures.py

Uses ../shared/corpus/mimebuild.py (found from the repository root) for
the RFC 2047/2231 encoders and the small DOCX/XLSX/PDF/ZIP writers.
All people, companies and numbers are fictional; domains are reserved.
After changing a fixture, regenerate the golden summaries:
MAILGUARD_UPDATE_GOLDEN=1 dotnet test ... --filter FullyQualifiedName~GoldenSummaryTests
"""
import base64
import os
import random
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = HERE
while not os.path.exists(os.path.join(ROOT, "MailGuard.sln")):
    ROOT = os.path.dirname(ROOT)
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "corpus"))
import mimebuild as mb  # noqa: E402

CRLF = "\r\n"


def head(subject, frm="Aya Nakamura <a.nakamura@example.com>", to="Client <client@example.org>", extra=()):
    lines = ["From: " + frm, "To: " + to, "Subject: " + subject,
             "Date: Wed, 14 May 2025 10:02:00 +0900", "Message-ID: <%08x@example.com>" % zlib.crc32(subject.encode()),
             "MIME-Version: 1.0"] + list(extra)
    return CRLF.join(lines) + CRLF


def msg(subject, ctype, body: bytes, cte=None, frm=None, to=None, extra=()):
    h = head(subject, **({"frm": frm} if frm else {}), **({"to": to} if to else {}), extra=extra)
    h += "Content-Type: " + ctype + CRLF
    if cte:
        h += "Content-Transfer-Encoding: " + cte + CRLF
    return h.encode("ascii") + CRLF.encode() + body


def crlf(text):
    return text.replace("\r\n", "\n").replace("\n", CRLF)


def write(name, data: bytes):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def utf8(text):
    return crlf(text).encode("utf-8")


SIG_JA = """--
株式会社かえで電機 購買部
吉田 由美
〒530-0001 大阪府大阪市北区梅田9-8-7
TEL: 06-0000-1240
y.yoshida@kaede-denki.example.co.jp"""

# ---- forward and reply styles -------------------------------------------------

write("fwd_outlook_en.eml", msg("FW: Pallet count", 'text/plain; charset="utf-8"', utf8("""Hi Tom,

See below from the forwarder.

-----Original Message-----
From: Marcus Bell [mailto:marcus.bell@freight.example.org]
Sent: Tuesday, May 13, 2025 4:12 PM
To: Aya Nakamura <a.nakamura@example.com>; Ken Ito <k.ito@example.com>
Cc: Dispatch Desk <dispatch@freight.example.org>
Subject: Pallet count

Aya,

14 pallets confirmed. Call me on (312) 555-0182.

Marcus Bell
Lakeside Freight
"""), "8bit"))

write("fwd_outlook_ja.eml", msg("=?ISO-2022-JP?B?" + base64.b64encode("転送: 発注窓口の変更".encode("iso2022_jp")).decode() + "?=",
      'text/plain; charset="ISO-2022-JP"', crlf("""林様

下記、かえで電機様からのご案内です。

________________________________
差出人: 吉田 由美 <y.yoshida@kaede-denki.example.co.jp>
送信日時: 2025年5月14日 水曜日 17:10
宛先: 中村 彩 <a.nakamura@example.com>
CC: 田中 一郎 <ichiro.tanaka@kaede-denki.example.co.jp>
件名: 発注窓口の変更について

取引先各位

6月1日より発注窓口を購買部に一本化いたします。

""" + SIG_JA + "\n").encode("iso2022_jp"), "7bit"))

write("fwd_gmail_nested.eml", msg("Fwd: Fwd: Venue contacts", 'text/plain; charset="UTF-8"', utf8("""FYI, the venue thread.

---------- Forwarded message ---------
From: Emily Carter <emily.carter@example.com>
Date: Thu, May 15, 2025 at 9:00 AM
Subject: Fwd: Venue contacts
To: Aya Nakamura <a.nakamura@example.com>

Adding the original below.

---------- Forwarded message ---------
From: Sarah O'Neill <sarah.oneill@pinecrest.example.com>
Date: Wed, May 14, 2025 at 5:30 PM
Subject: Venue contacts
To: Emily Carter <emily.carter@example.com>, Ben Okafor <ben@okafor.example.org>

Emily, my cell is 617-555-0119.
Sarah O'Neill, Events Director
"""), "8bit"))

write("fwd_gmail_ja.eml", msg("=?UTF-8?B?" + base64.b64encode("Fwd: 見積もり".encode()).decode() + "?=",
      'text/plain; charset="UTF-8"', mb.b64wrap(crlf("""井上様

鈴木様からの見積もりを転送します。

---------- 転送されたメッセージ ---------
From: 鈴木 健太 <kenta.suzuki@abc-sol.example.com>
Date: 2025年5月14日(水) 10:02
Subject: 見積もり
To: 中村 彩 <a.nakamura@example.com>

中村様

お見積もりをお送りします。
ABCソリューションズ 鈴木 健太
ＴＥＬ：０３－００００－４５６７
""").encode("utf-8")), "base64"))

write("fwd_thunderbird.eml", msg("Fwd: Carrier notes", 'text/plain; charset=UTF-8; format=flowed', utf8("""Forwarding Hannah's notes.

-------- Forwarded Message --------
Subject: 	Carrier notes
Date: 	Tue, 13 May 2025 11:20:00 +0100
From: 	Hannah Price <h.price@pricemarsh.example>
To: 	Aya Nakamura <a.nakamura@example.com>

Our Bristol depot is at 9 Harbour Row, Bristol BS1 4QA. 
Mobile 07700 900456.
"""), "8bit"))

write("fwd_apple.eml", msg("Fwd: Samples", 'text/plain; charset=us-ascii', utf8("""Passing this on.

Begin forwarded message:

From: Rebecca Hollis <rebecca.hollis@hollisvane.example.com>
Subject: Samples
Date: May 12, 2025 at 3:04:10 PM EDT
To: Aya Nakamura <a.nakamura@example.com>
Cc: Tom Avery <tom.avery@hollisvane.example.com>

Samples ship Friday. Rebecca Hollis, +1 (978) 555-0108, Salem, MA 01970
"""), "7bit"))

write("reply_gmail_ja_flowed.eml", msg(mb.enc_text("Re: 納品時間", "UTF-8"), 'text/plain; charset="UTF-8"; format=flowed; delsp=yes', utf8("""田中様

承知しました。

2025年5月14日(水) 10:02 山田 太郎 <taro.yamada@example.jp>:
> 中村様
>
> 納品は午前中でお願いします。こちらの連絡先は 
> 090-0000-5678 です。
>
> 2025年5月13日(火) 18:02 中村 彩 <a.nakamura@example.com>:
>> 山田様
>> 納品時間はいかがでしょうか。
"""), "8bit"))

write("reply_en_wrapped.eml", msg("Re: Keynote", 'text/plain; charset="UTF-8"', utf8("""Thanks Helen, noted.

On Wed, May 14, 2025 at 10:02 AM Dr. Helen Park <
helen.park@example.org> wrote:

> Happy to speak. Reach me at +1 (617) 555-0133.
> Helen

Aya
"""), "8bit"))

# ---- HTML ---------------------------------------------------------------------

HTML = """<html><head><title>Quote</title><style>p { color: red } .x { display:none }</style>
<script>var secret = "not text";</script></head><body>
<p>Dear&nbsp;Ms.&nbsp;Kim,<br>please find the quote &amp; terms below.</p>
<div>Contact our partner <a href="mailto:laura.kim@summitridge.example.com">Laura Kim</a> directly.</div>
<span style="display:none">Hidden: Tom Fischer tom.fischer@harborline.example.net</span>
<table><tr><td>Name</td><td>Phone</td></tr><tr><td>Aisha Karim</td><td>+44 20 7946 0321</td></tr></table>
<!-- a comment that is not text -->
<table style="font-size:9pt"><tr><td>Emily Carter<br>Sales Director</td></tr>
<tr><td>&#x2709; emily.carter@example.com &#9742; +1 (212) 555-0147</td></tr></table>
</body></html>"""
write("html_signature.eml", msg("Quote", 'text/html; charset="UTF-8"', mb.encode_text(HTML, "utf-8", "quoted-printable"), "quoted-printable"))

# ---- charsets -----------------------------------------------------------------

write("charset_sjis_nec.eml", msg("SJIS", 'text/plain; charset="Shift_JIS"',
      crlf("㈱かえで電機 ①発注 ②納品\n担当 佐藤 花子 ０５２－０００－１２３４\n").encode("cp932"), "8bit"))
# ISO-2022-JP with NEC row-13 characters (CP50220), no charset label at all.
jis = b"\x1b$B-j\x1b(B Sakura \x1b$B-!\x1b(B " + "山田 太郎".encode("iso2022_jp") + b"\r\n"
write("charset_iso2022jp_unlabeled.eml", msg("JIS", "text/plain", jis, "7bit"))
write("charset_eucjp.eml", msg("EUC", 'text/plain; charset="EUC-JP"', crlf("担当: 森 健一\n電話 03-0000-7123\n").encode("euc_jp"), "8bit"))
write("charset_utf16.eml", msg("UTF16", 'text/plain; charset="UTF-16"', mb.b64wrap("\ufeffKontakt: Jürgen Weiß, 07700 900123\r\n".encode("utf-16-le")), "base64"))
write("charset_western.eml", msg("Western", 'multipart/mixed; boundary="w"', (
    "--w\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n").encode()
    + crlf("Ansprechpartnerin: Brigitte Müller, Straße 5\n").encode("latin-1")
    + b"\r\n--w\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    + b"=93Price=94 =80 120 =96 Zo=EB Dupont\r\n--w\r\nContent-Type: text/plain; charset=iso-8859-15\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    + "Total 99 €\r\n".encode("iso8859_15") + b"--w--\r\n"))
write("charset_mislabeled.eml", msg("Mislabeled", 'multipart/mixed; boundary="m"', (
    "--m\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 8bit\r\n\r\n").encode()
    + "UTF-8 sent as us-ascii: 高橋 誠 makoto@example.jp\r\n".encode("utf-8")
    + b"--m\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    + "Shift_JIS sent as utf-8: 渡辺 直樹\r\n".encode("cp932") + b"--m--\r\n"))
write("charset_unknown.eml", msg("Unknown", 'text/plain; charset="x-unheard-of-42"', b"Caf\xe9 \xff\xfe\x80\x81 Dupont\r\n", "8bit"))
write("charset_utf7.eml", msg("UTF-7", 'text/plain; charset="utf-7"', b"Hi Mom -+Jjo--!\r\n", "7bit"))

# ---- headers: RFC 2047 / 2231 -------------------------------------------------

cp, dp = mb.filename_params("顧客一覧.txt", "rfc2231", "UTF-8")
att = mb.Leaf("text/plain", ['charset="UTF-8"'] + cp, "base64", mb.b64wrap(crlf("後藤 剛, tsuyoshi.goto@hotaru.example.com\n").encode()), "attachment", dp)
body = mb.text_leaf("添付をご確認ください。", "utf-8", "base64")
write("headers_rfc2047_2231.eml", mb.render_message([
    ("From", mb.mailbox("中村 彩", "a.nakamura@example.com", "ISO-2022-JP")),
    ("To", mb.mailbox("Zoë Dupont", "zoe@example.org", "UTF-8", "Q") + ", " + mb.mailbox("井上 翔太", "shota.inoue@example.jp", "UTF-8")),
    ("Cc", "Accounts: " + mb.mailbox("田中 一郎", "ichiro.tanaka@example.jp", "ISO-2022-JP") + ";"),
    ("Subject", mb.enc_text("顧客一覧の送付", "ISO-2022-JP")),
    ("Date", "Wed, 14 May 2025 10:02:00 +0900")], mb.Multi("mixed", [body, att], "b2231")))

# ---- attachments ----------------------------------------------------------------

vcf = crlf("""BEGIN:VCARD
VERSION:3.0
FN:Grace Lindqvist
N:Lindqvist;Grace;;;
TEL;TYPE=work:(608) 555-0190
EMAIL:grace.lindqvist@example.net
ADR;TYPE=work:;;12 Lake St;Madison;WI;53703;USA
END:VCARD
BEGIN:VCARD
VERSION:2.1
N;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=8D=B2=93=A1;=89=D4=8E=71
TEL;CELL:080-0000-4321
END:VCARD
""")
ics = crlf("""BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VEVENT
SUMMARY:Site visit with Kevin Ortiz
DESCRIPTION:Call Kevin at 512-555-0176\\, gate code\\nbring badge
ORGANIZER;CN=Aya Nakamura:mailto:a.nakamura@example.com
ATTENDEE;CN="Victor Castellano":mailto:victor.castellano@example.com
END:VEVENT
END:VCALENDAR
""")
csv = mb.csv_text([["name", "email", "note"], ["Samuel Achebe", "samuel.achebe@example.org", 'says "hi", twice'],
                   ["Emma Whitfield", "emma.whitfield@example.org", "line one\nline two"]])
write("attach_text_formats.eml", mb.render_message([("From", "a.nakamura@example.com"), ("To", "client@example.org"),
    ("Subject", "Formats"), ("Date", "Wed, 14 May 2025 10:02:00 +0900")], mb.Multi("mixed", [
    mb.text_leaf("See attached.", "us-ascii", "7bit"),
    mb.Leaf("text/vcard", [], "base64", mb.b64wrap(vcf.encode("latin-1")), "attachment", ['filename="contacts.vcf"']),
    mb.Leaf("text/calendar", ['charset="UTF-8"'], "base64", mb.b64wrap(ics.encode()), "attachment", ['filename="visit.ics"']),
    mb.attach_text(csv, "utf-8", "base64", "list.csv", ctype="text/csv"),
    mb.attach_text("Notes: Natalie Brooks-Hale 503.555.0139\n", "us-ascii", "7bit", "notes.txt"),
], "fmt")))

old = mb.render_message([("From", mb.mailbox("Oliver Grant", "oliver.grant@northgate.example")),
    ("To", "Aya Nakamura <a.nakamura@example.com>"), ("Subject", "Re: Pickup"), ("Date", "Tue, 13 May 2025 09:00:00 +0100")],
    mb.text_leaf("Pickup at 10:00.\n\nOn Mon, 12 May 2025, Aya Nakamura wrote:\n> Can we collect on Tuesday?\n> Aya\n\nOliver Grant, mobile 07700 900123\n", "utf-8", "quoted-printable"))
docx = mb.make_docx(["Minutes", "Attendees: Rachel Simmons (rachel.simmons@example.com)"], tables=[[["Name", "Phone"], ["Kevin Ortiz", "512-555-0176"]]])
xlsx = mb.make_xlsx([["Name", "Email", "Phone"], ["Michael Turner", "michael.turner@example.org", "(614) 555-0112"]], sheet_name="顧客一覧")
pdf = mb.make_pdf(["Attendees", "Laura Kim  laura.kim@summitridge.example.com  +1 (206) 555-0121"])
inner_zip = mb.make_zip([("deep/contacts.csv", csv.encode())])
outer_zip = mb.make_zip([("list.xlsx", xlsx), ("inner.zip", inner_zip), ("顧客/メモ.txt", "担当 後藤 剛\r\n".encode())])
enc_zip = mb.make_encrypted_zip([("winners.csv", csv.encode())], "secret", random.Random(7))
write("attach_documents.eml", mb.render_message([("From", "a.nakamura@example.com"), ("To", "client@example.org"),
    ("Subject", "Documents"), ("Date", "Wed, 14 May 2025 10:02:00 +0900")], mb.Multi("mixed", [
    mb.text_leaf("Documents attached.", "us-ascii", "7bit"),
    mb.attach_rfc822(old, "old.eml"),
    mb.attach_bytes(old, "application/octet-stream", "saved.eml"),
    mb.attach_bytes(docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "minutes.docx"),
    mb.attach_bytes(xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "顧客一覧.xlsx", "rfc2231"),
    mb.attach_bytes(pdf, "application/pdf", "attendees.pdf"),
    mb.attach_bytes(outer_zip, "application/zip", "bundle.zip"),
    mb.attach_bytes(enc_zip, "application/zip", "locked.zip"),
    mb.attach_bytes(b"PK\x03\x04 this is not really a document", "application/octet-stream", "broken.docx"),
    mb.attach_bytes(bytes(range(256)) * 4, "image/png", "logo.png"),
], "docs")))

# ---- hostile structure ----------------------------------------------------------

write("hostile_broken_boundary.eml", msg("Broken", 'multipart/mixed; boundary="declared"', crlf("""--actual
Content-Type: text/plain

Hidden behind a boundary that was never declared: Kevin Ortiz 512-555-0176
--actual--
""").encode()))
write("hostile_missing_end_boundary.eml", msg("Unterminated", 'multipart/mixed; boundary="b"', crlf("""--b
Content-Type: text/plain

First part.
--b
Content-Type: text/plain

Second part, and the message just stops: Rachel Simmons
""").encode()))
truncated = base64.b64encode(crlf("Contact: Michael Turner (614) 555-0112\n" * 3).encode()).decode()[:-7]
write("hostile_truncated_base64.eml", msg("Truncated", 'text/plain; charset="utf-8"', (truncated + "\r\n").encode(), "base64"))
inner = crlf("From: Grace Lindqvist <grace.lindqvist@example.net>\nSubject: hidden\n\nMy number is (608) 555-0190.\n").encode()
write("hostile_base64_rfc822.eml", msg("Encoded message", 'multipart/mixed; boundary="h"',
    b"--h\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--h\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n"
    b"Content-Disposition: attachment; filename=\"fwd.eml\"\r\n\r\n" + mb.b64wrap(inner) + b"--h--\r\n"))
multi = crlf("--x\nContent-Type: text/plain\n\nInside an encoded multipart: Victor Castellano (602) 555-0158\n--x--\n").encode()
write("hostile_base64_multipart.eml", msg("Encoded multipart", 'multipart/mixed; boundary="x"', mb.b64wrap(multi), "base64"))
write("hostile_duplicate_content_type.eml", (head("Two types") + 'Content-Type: text/plain; charset="us-ascii"\r\n'
    + 'Content-Type: multipart/mixed; boundary="d"; boundary="e"\r\n\r\n'
    + crlf("--d\nContent-Type: text/plain\n\nOne client sees this: Emma Whitfield\n--d--\n")).encode())
hidden = base64.b64encode("Encoded twice: Samuel Achebe +1 919 555 0127, Raleigh, NC 27601".encode()).decode()
write("hostile_base64_in_qp.eml", msg("QP", 'text/plain; charset="utf-8"',
    ("Nothing to see here.=\r\n\r\n" + hidden[:60] + "\r\n" + hidden[60:] + "\r\n").encode(), "quoted-printable"))
print("fixtures written to", HERE)
