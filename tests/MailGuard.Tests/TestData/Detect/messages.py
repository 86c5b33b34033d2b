# The Detect test messages; executed by generate.py (helpers: add, p, SUZUKI, ANNA, SIG_SUZUKI, SIG_ANNA).
# ---------------------------------------------------------------- leaks (flag = true)
add(1, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "FW: Freight quote",
    """Hi Tom,

See the quote from our UK forwarder below.

Anna

""" + SIG_ANNA + """

From: Priya Shah <priya.shah@thamesway-logistics.example.co.uk>
Sent: Monday, June 30, 2025 4:12 PM
To: Anna Lee <anna.lee@hikari-sangyo.example>
Subject: Freight quote

Hi Anna,

Our rate for the two pallets is GBP 420, collection Thursday.

Best regards,
Priya Shah
Senior Freight Broker
Thamesway Logistics Ltd
14 Wharf Lane, London EC1A 1BB
Tel: +44 20 7946 0011
Mobile: 07700 900234
""", flag=True,
    third=p("person", "Priya Shah") + p("email", "priya.shah@thamesway-logistics.example.co.uk") + p("phone", "+44 20 7946 0011", "07700 900234") + p("postal_address", "London EC1A 1BB"),
    parties=p("person", "Anna Lee", "Tom Baker") + p("phone", "(206) 555-0111"), why="Outlook EN forward of a UK forwarder's signature")

add(2, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Fwd: Sydney warehouse",
    """Tom, forwarding the Sydney contact as discussed.

---------- Forwarded message ---------
From: Liam Walsh <liam.walsh@harbourside-3pl.example.com.au>
Date: Tue, Jul 1, 2025 at 9:02 AM
Subject: Sydney warehouse
To: Anna Lee <anna.lee@hikari-sangyo.example>

Hi Anna, happy to take the inbound containers from August.

Cheers,
Liam Walsh
Warehouse Manager, Harbourside 3PL
Level 5, 100 George Street
Sydney NSW 2000
Ph: +61 2 5550 9876 | Mob: 0491 570 157
""", flag=True,
    third=p("person", "Liam Walsh") + p("email", "liam.walsh@harbourside-3pl.example.com.au") + p("phone", "+61 2 5550 9876", "0491 570 157") + p("postal_address", "Sydney NSW 2000"),
    parties=p("person", "Anna Lee"), why="Gmail EN forward with an Australian signature")

add(3, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "FW: 見積依頼の件",
    """あおぞら商事
山田様

お世話になっております。ひかり産業の鈴木です。
仕入先からの回答を転送いたします。

""" + SIG_SUZUKI + """

差出人: 小西 真理子 <m.konishi@kawasemi-kogyo.example.co.jp>
送信日時: 2025年6月30日 月曜日 15:20
宛先: 鈴木 一樹 <k.suzuki@hikari-sangyo.example.jp>
件名: 見積依頼の件

ひかり産業
鈴木様

いつもお世話になっております。かわせみ工業の小西です。
ご依頼の件、来週中に回答いたします。

＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝
㈱かわせみ工業　購買部　課長
小西　真理子
〒460-0001 愛知県名古屋市中区三の丸9-1-1 かわせみビル4F
ＴＥＬ：０５２－０００－５５１１
Mail：m.konishi@kawasemi-kogyo.example.co.jp
＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝
""", flag=True,
    third=p("person", "小西　真理子") + p("email", "m.konishi@kawasemi-kogyo.example.co.jp") + p("phone", "０５２－０００－５５１１") + p("postal_address", "愛知県名古屋市中区三の丸9-1-1"),
    parties=p("person", "鈴木　一樹") + p("phone", "03-0000-2001"), why="Outlook JA forward, ㈱ and ＝＝＝ signature")

add(4, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "ご紹介",
    """山田様

お世話になっております。ひかり産業の鈴木です。
包装資材の件、くもり電機の山下 健太さんをご紹介します。
ご連絡先は yamashita[at]kumori-denki.example.jp です（携帯：090-0000-6789）。

よろしくお願いいたします。
""", flag=True,
    third=p("person", "山下 健太") + p("email", "yamashita[at]kumori-denki.example.jp") + p("phone", "090-0000-6789"),
    parties=p("person", "山田様"), why="introduction with a [at]-obfuscated address")

add(5, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Customs broker",
    """Hi Tom,

For the customs paperwork please talk to Jorge Rivera directly:
Jorge Rivera, Customs Broker
j.rivera (at) harbor-customs (dot) example
Direct: (213) 555-0163

Best,
Anna
""", flag=True,
    third=p("person", "Jorge Rivera") + p("email", "j.rivera (at) harbor-customs (dot) example") + p("phone", "(213) 555-0163"),
    parties=p("person", "Anna"), why="(at)/(dot) obfuscation")

add(6, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Contact for the audit",
    """Tom,

The auditor you asked about is Lena Park; write to lena.park at bluefin-audit.example.com
or call her on (312) 555-0177.

Anna
""", flag=True,
    third=p("person", "Lena Park") + p("email", "lena.park at bluefin-audit.example.com") + p("phone", "(312) 555-0177"),
    why="spelled-out ' at ' address")

add(7, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Fwd: Packaging samples", None,
    html="""<html><body><p>Hi Tom,<br>forwarding the packaging samples offer.</p>
<div style="border-top:1px solid #ccc"><b>From:</b> Grace Holm &lt;grace.holm@northpack.example.net&gt;<br>
<b>Sent:</b> Monday, June 30, 2025 11:00 AM<br><b>To:</b> Anna Lee &lt;anna.lee@hikari-sangyo.example&gt;<br>
<b>Subject:</b> Packaging samples</div>
<p>Hi Anna,<br>samples ship tomorrow.</p>
<table><tr><td>Grace Holm</td></tr><tr><td>Sales Director, NorthPack Inc.</td></tr>
<tr><td>88 Harbor Drive, Portland, ME 04101</td></tr><tr><td>Tel: (207) 555-0148</td></tr>
<tr><td>grace.holm@northpack.example.net</td></tr></table></body></html>""", flag=True,
    third=p("person", "Grace Holm") + p("email", "grace.holm@northpack.example.net") + p("phone", "(207) 555-0148") + p("postal_address", "Portland, ME 04101"),
    why="HTML-only forward, signature in an HTML table")

add(8, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "転送：展示会ブースの件", None,
    html="""<html><body><p>山田様<br>展示会の施工会社からの連絡を転送します。</p>
<p>-------- 転送メッセージ --------<br>件名: 展示会ブースの件<br>日付: 2025年6月30日 10:00<br>
差出人: 坂口 美穂 &lt;m.sakaguchi@tsubame-display.example.jp&gt;<br>宛先: 鈴木 一樹 &lt;k.suzuki@hikari-sangyo.example.jp&gt;</p>
<p>鈴木様<br>つばめディスプレイの坂口です。図面をお送りします。</p>
<table><tr><td>株式会社つばめディスプレイ 制作部</td></tr><tr><td>坂口　美穂</td></tr>
<tr><td>〒812-0011 福岡県福岡市博多区博多駅前9-2-2</td></tr><tr><td>TEL：092-000-7788</td></tr>
<tr><td>携帯：080-0000-1357</td></tr></table></body></html>""", flag=True,
    third=p("person", "坂口 美穂") + p("email", "m.sakaguchi@tsubame-display.example.jp") + p("phone", "092-000-7788", "080-0000-1357") + p("postal_address", "福岡県福岡市博多区博多駅前9-2-2"),
    why="HTML JA forward, signature in a table")

add(9, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Re: Returns",
    """Tom, see what our returns partner wrote.

On Mon, Jun 30, 2025 at 3:00 PM Carla Mendes <carla.mendes@returnline.example.org> wrote:
> Anna,
>
> We can take the returns from next month.
>
> Carla Mendes
> Returnline Services
> 742 Evergreen Terrace, Springfield, OR 97477
> Phone: (541) 555-0190
""", flag=True,
    third=p("person", "Carla Mendes") + p("email", "carla.mendes@returnline.example.org") + p("phone", "(541) 555-0190") + p("postal_address", "Springfield, OR 97477"),
    why="quoted reply of a third party, not a recipient")

add(10, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Contact card",
    "Tom, the installer's card is attached.\n\nAnna\n",
    attachments=[("dana_cole.vcf", "text/vcard", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Cole\r\nN:Cole;Dana;;;\r\nORG:Cole Installations\r\nTEL;TYPE=CELL:+1 503 555 0131\r\nEMAIL:dana.cole@cole-install.example.com\r\nADR;TYPE=WORK:;;12 Alder Street;Eugene;OR;97401;USA\r\nEND:VCARD\r\n")],
    flag=True, third=p("person", "Dana Cole") + p("email", "dana.cole@cole-install.example.com") + p("phone", "+1 503 555 0131"),
    why="vCard of a third party")

add(11, ANNA, [("Analytics Team", "team@insight-vendor.example.net")], "Customer sample",
    "Hi team,\n\nthe sample you asked for is attached.\n\nAnna\n",
    attachments=[("customers.csv", "text/csv", "name,email,phone,city\r\nOwen Price,owen.price@example.org,(404) 555-0101,Atlanta\r\nMaya Flores,maya.flores@example.com,(305) 555-0122,Miami\r\n")],
    flag=True, third=p("person", "Owen Price", "Maya Flores") + p("email", "owen.price@example.org", "maya.flores@example.com") + p("phone", "(404) 555-0101", "(305) 555-0122"),
    why="CSV contact list to a vendor")

add(12, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "配送業者のご紹介",
    """山田様

お世話になっております。鈴木です。
配送の件は、みなと運輸の村田 恵美さん（携帯：090-0000-2468）にご相談ください。
メールは e.murata@minato-unyu.example.jp です。

鈴木
""", charset="shift_jis", flag=True,
    third=p("person", "村田 恵美") + p("phone", "090-0000-2468") + p("email", "e.murata@minato-unyu.example.jp"),
    why="JA prose introduction")

add(13, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "Fwd: 納期回答",
    """山田様

納期回答を転送します。

-------- 転送メッセージ --------
件名: 納期回答
日付: Mon, 30 Jun 2025 17:00:00 +0900
差出人: 青山 大輔 <d.aoyama@hoshizora-seiki.example.co.jp>
宛先: 鈴木 一樹 <k.suzuki@hikari-sangyo.example.jp>

鈴木様

ほしぞら精機の青山です。7月10日出荷予定です。

--
青山 大輔
ほしぞら精機株式会社 生産管理部
TEL 045-000-3322 / 携帯 070-0000-4455
""", charset="iso-2022-jp", flag=True,
    third=p("person", "青山 大輔") + p("email", "d.aoyama@hoshizora-seiki.example.co.jp") + p("phone", "045-000-3322", "070-0000-4455"),
    why="Thunderbird JA forward")

add(14, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "FW: 事務所移転のお知らせ",
    """山田様

移転案内を転送します。

-----Original Message-----
From: 西田 恭子 <k.nishida@kirara-design.example.jp>
Sent: Monday, June 30, 2025 9:00 AM
To: 鈴木 一樹 <k.suzuki@hikari-sangyo.example.jp>
Subject: 事務所移転のお知らせ

新住所は下記のとおりです。

西田　恭子
〒150-0001
東京都渋谷区神宮前9-8-7
　　　サンプル表参道ビル3F
TEL 03-0000-9911
""", flag=True,
    third=p("person", "西田　恭子") + p("email", "k.nishida@kirara-design.example.jp") + p("phone", "03-0000-9911") + p("postal_address", "東京都渋谷区神宮前9-8-7"),
    why="JA address wrapped over three lines")

add(15, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "FW: Installer availability",
    """Tom, FYI below.

-----Original Message-----
From: Victor Osei <victor.osei@brightfix.example.com>
Sent: Tuesday, July 1, 2025 8:00 AM
To: Anna Lee <anna.lee@hikari-sangyo.example>
Subject: Installer availability

Anna, we have a crew free on the 14th.

Victor Osei
Field Operations Lead
BrightFix Services, 1200 Market Street, San Francisco, CA 94102
Direct: (415) 555-0147
""", flag=True, holdout=True,
    third=p("person", "Victor Osei") + p("email", "victor.osei@brightfix.example.com") + p("phone", "(415) 555-0147") + p("postal_address", "San Francisco, CA 94102"),
    why="Outlook EN Original Message forward")

add(16, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "FW: Meeting notes",
    """Tom, the notes from the supplier below.

From: Nina Berg <nina.berg@fjordline-parts.example.no>
Sent: Monday, June 30, 2025 2:00 PM
To: Anna Lee <anna.lee@hikari-sangyo.example>
Cc: Erik Dahl <erik.dahl@fjordline-parts.example.no>
Subject: Meeting notes

Anna, notes attached in the body: price stays, lead time six weeks.

Nina
""", flag=True, holdout=True,
    third=p("person", "Nina Berg", "Erik Dahl") + p("email", "nina.berg@fjordline-parts.example.no", "erik.dahl@fjordline-parts.example.no"),
    why="forward with a third-party Cc")

add(17, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Fwd: Showroom",
    """Tom, forwarding.

Begin forwarded message:

From: Oliver Stone <oliver.stone@bakerstreet-props.example.co.uk>
Subject: Showroom
Date: 30 June 2025 at 10:00:00 BST
To: Anna Lee <anna.lee@hikari-sangyo.example>

Anna, the showroom is free in August.

Oliver Stone
221B Baker Street
London NW1 6XE
Mobile 07700 900345
""", flag=True, holdout=True,
    third=p("person", "Oliver Stone") + p("email", "oliver.stone@bakerstreet-props.example.co.uk") + p("phone", "07700 900345") + p("postal_address", "London NW1 6XE"),
    why="Apple Mail forward with a UK address on two lines")

add(18, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Trade show contacts",
    """Tom,

Contacts from the trade show, as promised:

Rita Gomez | Gomez Imports | rita.gomez@gomez-imports.example.com | (602) 555-0133
Sam Whitaker | Whitaker Tools | sam@whitaker-tools.example.org | (615) 555-0144

Anna
""", flag=True, holdout=True,
    third=p("person", "Rita Gomez", "Sam Whitaker") + p("email", "rita.gomez@gomez-imports.example.com", "sam@whitaker-tools.example.org") + p("phone", "(602) 555-0133", "(615) 555-0144"),
    why="a list of contacts in the body")

add(19, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "担当者のご連絡先",
    """山田様

先方のご担当は以下のとおりです。
担当：松井 里奈
メール：ｒ．ｍａｔｓｕｉ＠ｈａｙａｔｅ－ｂｕｓａｎ．ｅｘａｍｐｌｅ．ｊｐ
電話：０６－００００－４４２２

鈴木
""", flag=True, holdout=True,
    third=p("person", "松井 里奈") + p("email", "ｒ．ｍａｔｓｕｉ＠ｈａｙａｔｅ－ｂｕｓａｎ．ｅｘａｍｐｌｅ．ｊｐ") + p("phone", "０６－００００－４４２２"),
    why="full-width address and phone")

INNER_20 = """From: Hugo Laurent <hugo.laurent@rivegauche-wines.example.fr>
To: Anna Lee <anna.lee@hikari-sangyo.example>
Subject: Allocation
Date: Mon, 30 Jun 2025 10:00:00 +0200
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Anna, your allocation is confirmed.

Hugo Laurent
Export Manager
Tel: +33 1 99 00 12 34
hugo.laurent@rivegauche-wines.example.fr
"""
add(20, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Fwd: Allocation",
    "Tom, the winery's confirmation is attached.\n\nAnna\n",
    attachments=[("allocation.eml", "message/rfc822", INNER_20)] if False else [("allocation.eml", "application/octet-stream", INNER_20)],
    flag=True, holdout=True,
    third=p("person", "Hugo Laurent") + p("email", "hugo.laurent@rivegauche-wines.example.fr"),
    why="an .eml attached as a file")

add(21, ANNA, [("Kei Tanaka", "kei.tanaka@hikari-sangyo.example.jp")], "FW: Supplier contact",
    """Kei, FYI (copying our agent).

From: Paula Reyes <paula.reyes@andes-coffee.example.com>
Sent: Monday, June 30, 2025 10:00 AM
To: Anna Lee <anna.lee@hikari-sangyo.example>
Subject: Supplier contact

Anna, call me any time on (786) 555-0119.

Paula Reyes
""", cc=[("Mark Evans", "mark.evans@evans-agency.example.com")], flag=True, holdout=True,
    third=p("person", "Paula Reyes") + p("email", "paula.reyes@andes-coffee.example.com") + p("phone", "(786) 555-0119"),
    parties=p("person", "Kei Tanaka"), why="only the Cc is external")

add(22, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Re: Re: Shelving",
    """Tom, see the thread below.

On Tue, Jul 1, 2025 at 9:00 AM Tom Baker <tom.baker@clearwater-retail.example.com> wrote:
> Anna, who makes the shelving?
>
> On Mon, Jun 30, 2025 at 5:00 PM Ian Moss <ian.moss@mossworks.example.net> wrote:
> > Tom, the shelving is ours. Call me on (503) 555-0166.
> >
> > Ian Moss
> > Mossworks, 9 Pine Road, Bend, OR 97701
""", flag=True, holdout=True,
    third=p("person", "Ian Moss") + p("email", "ian.moss@mossworks.example.net") + p("phone", "(503) 555-0166") + p("postal_address", "Bend, OR 97701"),
    parties=p("person", "Tom Baker") + p("email", "tom.baker@clearwater-retail.example.com"), why="third party two quote levels deep")

# ---------------------------------------------------------------- hard negatives (flag = false)
add(23, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "ご注文ありがとうございます",
    """山田様

ご注文ありがとうございます。
注文番号：2025-0612-0045
出荷予定日：2025/07/10
品番：HK-0120-4477

""" + SIG_SUZUKI + "\n代表：03-0000-2000\n", flag=False,
    parties=p("person", "鈴木　一樹") + p("phone", "03-0000-2001", "03-0000-2000") + p("postal_address", "東京都千代田区丸の内9-9-9"),
    decoys=p("phone", "2025-0612-0045", "2025/07/10", "HK-0120-4477"), why="own signature, switchboard and order numbers")

add(24, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "PO and invoice",
    """Hi Tom,

PO 4500-1234-567 is booked; invoice INV-2025-06-0042 follows on 2025-06-12.
Tracking: 1Z 999 AA1 01 2345 6784. Meeting ID: 845 5501 2345.

""" + SIG_ANNA, flag=False,
    parties=p("person", "Anna Lee") + p("phone", "(206) 555-0111"),
    decoys=p("phone", "4500-1234-567", "INV-2025-06-0042", "2025-06-12", "845 5501 2345"), why="look-alike numbers")

add(25, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "型番のご確認",
    """山田様

型番 103-0027 と 150-0001-A の在庫を確認しました。
ロット番号 0612-3344-5566 も同梱です。

鈴木
""", flag=False, decoys=p("phone", "0612-3344-5566") + p("postal_address", "103-0027"),
    why="postal-code-like product codes")

add(26, ANNA, [("Oliver Grant", "oliver.grant@northgate-components.example")], "Re: Brackets",
    """Dear Oliver,

Thanks, confirmed.

Anna

On Mon, Jun 30, 2025 at 2:00 PM Oliver Grant <oliver.grant@northgate-components.example> wrote:
> Anna,
>
> The brackets are ready.
>
> Oliver Grant
> Northgate Components Ltd
> 27 Mill Road
> Cambridge CB1 2AD
> Tel: +44 20 7946 0958
""", flag=False,
    parties=p("person", "Oliver Grant") + p("phone", "+44 20 7946 0958") + p("postal_address", "Cambridge CB1 2AD"),
    why="quotes the recipient's own signature")

add(27, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "Re: 打合せ日程",
    """山田様

承知しました。

2025/06/30 10:00 に 山田 太郎 さんは書きました:
> 鈴木様
>
> あおぞら商事の山田です。
>
> --
> 山田 太郎
> 株式会社あおぞら商事 営業部
> 〒530-0001 大阪府大阪市北区梅田9-1-1
> TEL 06-0000-3131
""", flag=False,
    parties=p("person", "山田 太郎") + p("phone", "06-0000-3131") + p("postal_address", "大阪府大阪市北区梅田9-1-1"),
    why="Thunderbird JA quote of the recipient's own signature")

add(28, SUZUKI, [("佐々木 花", "h.sasaki@hikari-sangyo.example.jp")], "FW: 顧客情報",
    """佐々木さん

お客様の連絡先です（社内限り）。

差出人: 岡本 直人 <n.okamoto@example.jp>
送信日時: 2025年6月30日 10:00
宛先: 鈴木 一樹 <k.suzuki@hikari-sangyo.example.jp>
件名: 連絡先

岡本 直人
TEL 03-0000-8877
""", flag=False,
    third=p("person", "岡本 直人") + p("phone", "03-0000-8877"), why="internal-only forward")

add(29, ANNA, [("Marcus Bell", "marcus.bell@lakeside-freight.example.org")], "Billing contact",
    """Hi Marcus,

We will send invoices to billing@lakeside-freight.example.org from now on,
and call your main line (312) 555-0100 for account questions.

Anna
""", flag=False, parties=p("email", "billing@lakeside-freight.example.org"),
    why="the recipient company's role mailbox")

add(30, ("ひかり産業 お知らせ", "news@hikari-sangyo.example.jp"), [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "夏季休業のお知らせ",
    """株式会社あおぞら商事
山田 太郎 様

夏季休業：2025年8月13日（水）～8月17日（日）

━━━━━━━━━━━━━━━━━━━━
株式会社ひかり産業
〒100-0005 東京都千代田区丸の内9-9-9
代表：03-0000-2000
news@hikari-sangyo.example.jp
━━━━━━━━━━━━━━━━━━━━
""", flag=False,
    parties=p("person", "山田 太郎") + p("phone", "03-0000-2000") + p("email", "news@hikari-sangyo.example.jp"),
    decoys=p("phone", "2025年8月13日"), why="newsletter with the company's own data")

add(31, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "お打合せのお礼",
    """山田様

本日はありがとうございました。ひかり産業の鈴木です。
次回は7月8日（火）14:00～15:00でお願いします。

鈴木
""", flag=False, decoys=p("phone", "14:00～15:00"), why="greeting and closing names of the parties only")

add(32, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Follow-up",
    "Hi Tom,\n\nThanks for the call, I'll send the contract on Friday.\n\nBest,\nAnna\n\n" + SIG_ANNA, flag=False,
    parties=p("person", "Anna Lee") + p("phone", "(206) 555-0111", "(206) 555-0112") + p("postal_address", "Seattle, WA 98101"),
    why="only the sender's own signature")

add(33, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Schedule", None,
    html="""<html><body><p>Hi Tom,<br>schedule attached.</p><table><tr><td>Anna Lee</td></tr>
<tr><td>Account Manager | Hikari Sangyo USA</td></tr><tr><td>250 Example Avenue, Suite 400, Seattle, WA 98101</td></tr>
<tr><td>Office: (206) 555-0111</td></tr><tr><td>anna.lee@hikari-sangyo.example</td></tr></table></body></html>""",
    flag=False, parties=p("person", "Anna Lee") + p("phone", "(206) 555-0111"), why="sender's signature in an HTML table")

add(34, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Price list",
    "Tom, the price list is attached.\n\nAnna\n",
    attachments=[("prices.csv", "text/csv", "SKU,Description,Price\r\n03-5550-1187,Bracket M6,4.85\r\n02-5550-1188,Bracket M8,5.40\r\n")],
    flag=False, decoys=p("phone", "03-5550-1187", "02-5550-1188"), why="SKUs that look like phone numbers")

add(35, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "Re: ご質問",
    """山田様

以下、ご質問への回答です。

2025年6月30日(月) 10:00 山田 太郎 <t.yamada@aozora-shoji.example.jp>:
> 鈴木様
> 弊社の大野も同席します。
>
> 大野 恵子
> TEL 06-0000-3132
""", cc=[("大野 恵子", "k.ono@aozora-shoji.example.jp")], flag=False,
    parties=p("person", "大野 恵子") + p("phone", "06-0000-3132"), why="quoted Cc recipient's data")

add(36, ANNA, [("", "k.yamada@sakuranbo-foods.example.jp")], "Re: Samples",
    """Dear Mr. Yamada,

Samples ship today.

On Mon, Jun 30, 2025 at 10:00 AM k.yamada@sakuranbo-foods.example.jp wrote:
> Anna,
> please send samples.
>
> Kenji Yamada
> Tel: +81 3-0000-5151
""", flag=False, holdout=True,
    parties=p("person", "Kenji Yamada") + p("phone", "+81 3-0000-5151"), why="recipient's name matches their mailbox")

add(37, ANNA, [("Kei Tanaka", "kei.tanaka@hikari-sangyo.example.jp")], "Customer list",
    "Kei, the list for the campaign (internal only).\n\nAnna\n",
    attachments=[("list.csv", "text/csv", "name,email\r\nOwen Price,owen.price@example.org\r\n")], flag=False, holdout=True,
    third=p("person", "Owen Price") + p("email", "owen.price@example.org"), why="internal recipients only")

add(38, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Weekly update",
    "Tom,\n\nAll on track. My colleague Kei Tanaka (kei.tanaka@hikari-sangyo.example.jp, 03-0000-2010) will join.\n\n" + SIG_ANNA,
    flag=False, holdout=True, parties=p("email", "kei.tanaka@hikari-sangyo.example.jp") + p("phone", "03-0000-2010"),
    why="an internal colleague's data")

add(39, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "請求書送付",
    """山田様

請求書番号 No.2025-0701-009 を送付します。
お支払期日：2025年7月31日
振込先口座：0123-456-7890123

鈴木
""", flag=False, holdout=True, decoys=p("phone", "2025-0701-009", "0123-456-7890123"), why="invoice and bank account numbers")

add(40, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Conference call",
    """Tom,

Dial-in: conference code 555 0199 2211#, passcode 4411.
Order ref 02-5550-1234-X.

Anna
""", flag=False, holdout=True, decoys=p("phone", "555 0199 2211", "02-5550-1234-X"), why="dial-in codes and refs")

add(41, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "会場のご案内",
    """山田様

会場は弊社本社です。
〒100-0005 東京都千代田区丸の内9-9-9 ひかりビル10F
代表電話：03-0000-2000

鈴木
""", flag=False, holdout=True, parties=p("postal_address", "東京都千代田区丸の内9-9-9") + p("phone", "03-0000-2000"),
    why="the company's own address and switchboard in the body")

add(42, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com")], "Re: Visit",
    """Tom,

Looking forward to it.

Anna

-----Original Message-----
From: Tom Baker <tom.baker@clearwater-retail.example.com>
Sent: Monday, June 30, 2025 9:00 AM
To: Anna Lee <anna.lee@hikari-sangyo.example>
Subject: Visit

Anna, see you Thursday.

Tom Baker
Clearwater Retail
500 Lake Shore Drive, Chicago, IL 60611
Tel (312) 555-0188
""", flag=False, holdout=True, parties=p("person", "Tom Baker") + p("phone", "(312) 555-0188") + p("postal_address", "Chicago, IL 60611"),
    why="Outlook reply quoting the recipient")

add(43, SUZUKI, [("山田 太郎", "t.yamada@aozora-shoji.example.jp")], "日程",
    """山田様

ご来社は2025年7月8日（火）10:30～11:30、受付番号 R-0708-002 です。

鈴木
""", flag=False, holdout=True, decoys=p("phone", "R-0708-002"), why="dates and reception numbers")

add(44, ANNA, [("Tom Baker", "tom.baker@clearwater-retail.example.com"), ("Ruth Kim", "ruth.kim@clearwater-retail.example.com")], "Re: Rollout",
    """All,

Noted.

On Mon, Jun 30, 2025 at 1:00 PM Ruth Kim <ruth.kim@clearwater-retail.example.com> wrote:
> Anna, I'm the rollout lead.
> Ruth Kim | Clearwater Retail | (312) 555-0189 | ruth.kim@clearwater-retail.example.com
""", flag=False, holdout=True, parties=p("person", "Ruth Kim") + p("phone", "(312) 555-0189"), why="second To recipient's signature")

# ================================================================ batch fresh11: written and scored before any tuning
FRESH = dict(holdout=True, batch="fresh11")
SASAKI = ("佐々木 花", "h.sasaki@hikari-sangyo.example.jp")
YAMADA = ("山田 太郎", "t.yamada@aozora-shoji.example.jp")
TOM = ("Tom Baker", "tom.baker@clearwater-retail.example.com")
NAKAGAWA = ("中川 陽子", "y.nakagawa@hinode-pack.example.co.jp")
CHEN = ("David Chen", "david.chen@pacific-rim-imports.example.com")
KEI = ("Kei Tanaka", "kei.tanaka@hikari-sangyo.example.jp")

# ---------------------------------------------------------------- fresh11 leaks (flag = true)
add(45, ANNA, [("Events Desk", "events@lakeview-conference.example.com")], "Guest list for the July 17 dinner", None,
    html="""<html><body><p>Hello,</p>
<p>Please find the guest list for the partner dinner below, for the name badges and the seating plan.</p>
<table border="1" cellpadding="4">
<tr><th>Name</th><th>Company</th><th>E-mail</th><th>Phone</th></tr>
<tr><td>Megan O&#39;Connor</td><td>Brightwater Foods</td><td>megan.oconnor@brightwater-foods.example.com</td><td>(206) 555-0135</td></tr>
<tr><td>Rahul Mehta</td><td>Coastline Packaging</td><td>r.mehta@coastline-pack.example.net</td><td>+1 425 555 0172</td></tr>
<tr><td>Sofia Lindberg</td><td>Nordic Shelf Ltd</td><td>sofia.lindberg@nordicshelf.example</td><td>+44 20 7946 0543</td></tr>
</table>
<p>Two of them are vegetarian; I will send the details tomorrow.</p>
<p>Best,<br>Anna</p></body></html>""", flag=True, **FRESH,
    third=p("person", "Megan O'Connor", "Rahul Mehta", "Sofia Lindberg")
    + p("email", "megan.oconnor@brightwater-foods.example.com", "r.mehta@coastline-pack.example.net", "sofia.lindberg@nordicshelf.example")
    + p("phone", "(206) 555-0135", "+1 425 555 0172", "+44 20 7946 0543"),
    why="HTML-only guest list in a table with a header row, sent to an outside venue")

add(46, SUZUKI, [YAMADA], "物流倉庫のご担当者ご紹介",
    """山田様

いつもお世話になっております。ひかり産業の鈴木です。
先日お話しした物流倉庫の件、先方のご担当者をご紹介いたします。
直接ご連絡いただいて構わないとのことです。

株式会社はやぶさ物流
営業本部 第二営業部 部長
高木 修 様
〒541-0041 大阪府大阪市中央区北浜9-3-1 北浜サンプルビル12階
TEL：06-0000-7721 ／ 携帯：090-0000-3318
E-mail：o.takagi@hayabusa-butsuryu.example.jp

何卒よろしくお願いいたします。

鈴木
""", charset="iso-2022-jp", flag=True, **FRESH,
    third=p("person", "高木 修") + p("email", "o.takagi@hayabusa-butsuryu.example.jp") + p("phone", "06-0000-7721", "090-0000-3318")
    + p("postal_address", "大阪府大阪市中央区北浜9-3-1"),
    parties=p("person", "山田様"), why="a third party's business card (title 部長, 様) pasted into an introduction")

add(47, ANNA, [TOM], "RE: Lease renewal",
    """Tom,

Agreed, let's keep the current terms for another two years. I'll ask our side to draft the extension.

Anna

________________________________
From: Tom Baker <tom.baker@clearwater-retail.example.com>
Sent: Monday, June 30, 2025 4:45 PM
To: Anna Lee <anna.lee@hikari-sangyo.example>
Cc: Rachel Moreno <rachel.moreno@silverline-legal.example.com>
Subject: Lease renewal

Anna,

Our counsel (copied) has reviewed the lease; we are fine with renewing on the current terms.

Tom
""", flag=True, **FRESH,
    third=p("person", "Rachel Moreno") + p("email", "rachel.moreno@silverline-legal.example.com"),
    parties=p("person", "Tom Baker") + p("email", "tom.baker@clearwater-retail.example.com"),
    why="the outside counsel appears only in the quoted Cc line and was dropped from the reply")

add(48, ANNA, [TOM], "Introduction: warehouse audit",
    """Hi Tom,

Let me introduce Ms. Olivia Hartley of Larkspur Consulting, who ran our warehouse audit last spring and is happy
to do the same for Clearwater. She is at olivia.hartley@larkspur-consulting.example.com, or +1 (646) 555-0142
if you prefer a call. I have not copied her, so feel free to reach out directly.

Best,
Anna
""", flag=True, **FRESH,
    third=p("person", "Olivia Hartley") + p("email", "olivia.hartley@larkspur-consulting.example.com") + p("phone", "+1 (646) 555-0142"),
    parties=p("person", "Anna"), why="an English introduction in running prose, with an international phone format")

add(49, SUZUKI, [CHEN], "Re: Inquiry about precision parts",
    """Dear Mr. Chen,

Thank you for your inquiry. For the precision parts, please contact our partner directly:

Mr. Hiroshi Kanda
Manager, Overseas Sales Dept.
Tsurugi Precision Co., Ltd.
Tel: +81 3-0000-1234 / Mobile: +81 90-0000-5566
Email: h.kanda@tsurugi-seimitsu.example.jp

He speaks English and can send you the catalogue.

Best regards,
Kazuki Suzuki
Hikari Sangyo Co., Ltd.
""", flag=True, **FRESH,
    third=p("person", "Hiroshi Kanda") + p("email", "h.kanda@tsurugi-seimitsu.example.jp") + p("phone", "+81 3-0000-1234", "+81 90-0000-5566"),
    parties=p("person", "Kazuki Suzuki", "Mr. Chen"), why="romanised Japanese name with +81 numbers, introduced in English")

add(50, SUZUKI, [YAMADA], "FW: 新事務所のご案内",
    """山田様

お世話になっております。鈴木です。
設計事務所の移転案内が届きましたので転送いたします。

差出人: 石井 恵子 <k.ishii@mizunara-sekkei.example.jp>
送信日時: 2025年7月1日 火曜日 9:30
宛先: 鈴木 一樹 <k.suzuki@hikari-sangyo.example.jp>
件名: 新事務所のご案内

ひかり産業 鈴木様

いつもお世話になっております。みずなら設計の石井です。
7月より下記に移転いたしました。今後ともよろしくお願いいたします。

--------------------------------------------------
株式会社みずなら設計 設計二課 課長
石井 恵子（Keiko Ishii）
東京都港区芝浦9丁目4番2号 サンプル芝浦タワー15階
直通：03-0000-4781　携帯：080-0000-9012
--------------------------------------------------
""", flag=True, **FRESH,
    third=p("person", "石井 恵子") + p("email", "k.ishii@mizunara-sekkei.example.jp") + p("phone", "03-0000-4781", "080-0000-9012")
    + p("postal_address", "東京都港区芝浦9丁目4番2号"),
    parties=p("person", "鈴木 一樹"), why="JA forward; address without 〒, in 丁目/番/号 form with a building and floor")

add(51, SUZUKI, [("むらさき印刷 ご担当者", "print@murasaki-insatsu.example.jp")], "暑中見舞い宛名データ送付",
    """株式会社むらさき印刷
ご担当者様

いつもお世話になっております。ひかり産業の鈴木です。
暑中見舞いはがきの宛名印刷用データ（CSV）を添付いたします。
7月10日までに発送いただけますと幸いです。

鈴木
""", attachments=[("atena_202507.csv", "text/csv", (
        "氏名,会社名,部署,郵便番号,住所,電話番号\r\n"
        "佐野 健二,株式会社あかね商会,総務部,460-0008,愛知県名古屋市中区栄9-2-1,052-000-3141\r\n"
        "平野 由紀,ことり食品株式会社,営業部,980-0021,宮城県仙台市青葉区中央9-4-4,022-000-5926\r\n"
        "菅原 亮,株式会社しろがね工業,購買課,812-0013,福岡県福岡市博多区博多駅東9-1-8,092-000-5358\r\n").encode("cp932"))],
    flag=True, **FRESH,
    third=p("person", "佐野 健二", "平野 由紀", "菅原 亮") + p("phone", "052-000-3141", "022-000-5926", "092-000-5358")
    + p("postal_address", "愛知県名古屋市中区栄9-2-1", "宮城県仙台市青葉区中央9-4-4", "福岡県福岡市博多区博多駅東9-1-8"),
    why="Shift_JIS (Excel) CSV mailing list of customers sent to a printer")

add(52, SUZUKI, [YAMADA], "展示会でお会いした方の連絡先",
    """山田様

お世話になっております。鈴木です。
先日の展示会でお会いした、こだま企画の大西様の連絡先を添付いたします。
販促物の件でお役に立てば幸いです。

鈴木
""", attachments=[("onishi_misaki.vcf", "text/vcard", (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:大西 美咲\r\nN:大西;美咲;;;\r\nORG:株式会社こだま企画;企画部\r\nTITLE:課長\r\n"
        "TEL;TYPE=WORK,VOICE:03-0000-6642\r\nTEL;TYPE=CELL:080-0000-2219\r\nEMAIL;TYPE=INTERNET:m.onishi@kodama-kikaku.example.jp\r\n"
        "ADR;TYPE=WORK:;;神宮前9-1-1 サンプルビル3F;渋谷区;東京都;150-0001;日本\r\nEND:VCARD\r\n"))],
    flag=True, **FRESH,
    third=p("person", "大西 美咲") + p("email", "m.onishi@kodama-kikaku.example.jp") + p("phone", "03-0000-6642", "080-0000-2219"),
    why="Japanese vCard of a third party attached")

add(53, SUZUKI, [NAKAGAWA], "Fwd: 搬入日の件",
    """中川様

工務店さんからの連絡です。搬入日のご確認をお願いいたします。

鈴木

iPhoneから送信

転送されたメッセージ:

差出人: 森田 拓海 <t.morita@kaminari-koumuten.example.jp>
日付: 2025年6月30日 18:42:11 JST
宛先: 鈴木 一樹 <k.suzuki@hikari-sangyo.example.jp>
件名: 搬入日の件

鈴木様

搬入は7/12（土）朝8時でお願いします。
当日は私の携帯（090-0000-7145）までご連絡ください。

かみなり工務店　森田
""", flag=True, **FRESH,
    third=p("person", "森田 拓海") + p("email", "t.morita@kaminari-koumuten.example.jp") + p("phone", "090-0000-7145"),
    parties=p("person", "中川様"), why="iPhone JA forward (転送されたメッセージ) with a mobile number in prose")

add(54, SUZUKI, [("はやて急便 ご担当者", "haisou@hayate-kyubin.example.jp")], "個人宅配送のご依頼",
    """はやて急便
ご担当者様

いつもお世話になっております。ひかり産業の鈴木です。
下記のお届け先へ、7月5日午前着で手配をお願いいたします。

【お届け先】
〒224-0032 神奈川県横浜市都筑区茅ケ崎中央9-7-3 サンプルハイツ203号室
中島 さくら 殿
電話：090-0000-6203

【品名】サンプル商品一式（2箱）
【お問い合わせ番号】4412-0705-0032

鈴木
""", flag=True, **FRESH,
    third=p("person", "中島 さくら") + p("phone", "090-0000-6203") + p("postal_address", "神奈川県横浜市都筑区茅ケ崎中央9-7-3"),
    decoys=p("phone", "4412-0705-0032"), why="a consumer's home address, name (殿) and mobile sent to a courier")

add(55, ANNA, [("Vendor Onboarding", "onboarding@westbrook-hotels.example.com")], "Customer references",
    """Hello,

As requested for the vendor qualification, here are two customer references who agreed to be contacted:

1. Dr. Alan Whitmore, Head of Procurement, Kestrel Labs
   alan.whitmore@kestrel-labs.example.org, +44 20 7946 0872
2. Mrs. Beatriz Santos, Operations Director, Solano Foods
   b.santos@solano-foods.example.com, +1 (305) 555-0126

Kind regards,
Anna Lee
""", flag=True, **FRESH,
    third=p("person", "Alan Whitmore", "Beatriz Santos") + p("email", "alan.whitmore@kestrel-labs.example.org", "b.santos@solano-foods.example.com")
    + p("phone", "+44 20 7946 0872", "+1 (305) 555-0126"),
    parties=p("person", "Anna Lee"), why="numbered reference list with honorifics and titles")

add(56, ANNA, [TOM], "FW: Resin shipment delay",
    """Tom,

Forwarding the supplier's note on the delay so you have it first hand.

Anna

-----Original Message-----
From: Okafor, Chidi <chidi.okafor@greenvale-plastics.example.com>
Sent: Tuesday, July 1, 2025 7:15 AM
To: Lee, Anna <anna.lee@hikari-sangyo.example>
Subject: Resin shipment delay

Anna,

The resin shipment slips by a week; I will confirm the new ETA on Friday.

Regards,
Chidi

C. Okafor | Procurement Lead | Greenvale Plastics
M: +1 (404) 555-0187
""", flag=True, **FRESH,
    third=p("person", "Okafor, Chidi") + p("email", "chidi.okafor@greenvale-plastics.example.com") + p("phone", "+1 (404) 555-0187"),
    parties=p("person", "Tom"), why="Outlook/Exchange 'Last, First' display names in the forwarded header")

# ---------------------------------------------------------------- fresh11 hard negatives (flag = false)
add(57, SASAKI, [NAKAGAWA], "サンプル発送のご連絡",
    """中川様

いつもお世話になっております。ひかり産業の佐々木です。
ご依頼のサンプルを本日発送いたしました。到着まで今しばらくお待ちください。

よろしくお願いいたします。

――――――――――――――――――――
株式会社ひかり産業
大阪支店 営業課 課長
佐々木 花（Hana Sasaki）
〒530-0011 大阪府大阪市北区大深町9-8 ひかり大阪ビル7F
TEL：06-0000-2301（直通）／携帯：080-0000-2302
Mail：h.sasaki@hikari-sangyo.example.jp
――――――――――――――――――――
""", flag=False, **FRESH,
    parties=p("person", "佐々木 花", "Hana Sasaki", "中川様") + p("phone", "06-0000-2301", "080-0000-2302") + p("postal_address", "大阪府大阪市北区大深町9-8"),
    why="only the sender's own signature, with a title and a romanised name")

add(58, ANNA, [("Kenji Watanabe", "k.watanabe@asahi-denko.example.jp")], "Re: Revised drawings",
    """Dear Watanabe-san,

Thank you, the revised drawings are fine. We will place the order this week.

Best regards,
Anna

On Tue, Jul 1, 2025 at 11:20 AM Kenji Watanabe <k.watanabe@asahi-denko.example.jp> wrote:
> Dear Anna,
>
> Please find the revised drawings in the shared folder.
>
> Best regards,
> --
> Kenji Watanabe (渡辺 健二)
> Manager, International Sales Section
> Asahi Denko Co., Ltd.
> 9-2-1 Shiba, Minato-ku, Tokyo 105-0014, Japan
> Tel: +81 3-0000-1234 / Mobile: +81 90-0000-4321
> k.watanabe@asahi-denko.example.jp
""", flag=False, **FRESH,
    parties=p("person", "Kenji Watanabe", "渡辺 健二") + p("phone", "+81 3-0000-1234", "+81 90-0000-4321") + p("postal_address", "Tokyo 105-0014"),
    why="reply quoting the recipient's own bilingual signature with +81 numbers")

add(59, SUZUKI, [("高木 修", "o.takagi@hayabusa-butsuryu.example.jp")], "RE: 倉庫保管料のお見積り",
    """高木様

ご連絡ありがとうございます。
ご提示の条件で進めさせていただきます。

鈴木

差出人: 高木 修 <o.takagi@hayabusa-butsuryu.example.jp>
送信日時: 2025年7月1日 火曜日 13:05
宛先: 鈴木 一樹 <k.suzuki@hikari-sangyo.example.jp>
CC: 川村 真一 <s.kawamura@hayabusa-butsuryu.example.jp>
件名: 倉庫保管料のお見積り

ひかり産業
鈴木 一樹 様

はやぶさ物流の高木です。お見積りをお送りします。
保管料：月額 1,250,000円（税別）
見積番号：HB-2025-0701-03

＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿
株式会社はやぶさ物流
営業本部 第二営業部 部長
高木 修
〒541-0041 大阪府大阪市中央区北浜9-3-1 北浜サンプルビル12階
TEL：06-0000-7721／携帯：090-0000-3318
""", cc=[("川村 真一", "s.kawamura@hayabusa-butsuryu.example.jp")], charset="iso-2022-jp", flag=False, **FRESH,
    parties=p("person", "高木 修", "川村 真一", "鈴木 一樹") + p("email", "s.kawamura@hayabusa-butsuryu.example.jp")
    + p("phone", "06-0000-7721", "090-0000-3318") + p("postal_address", "大阪府大阪市中央区北浜9-3-1"),
    decoys=p("phone", "1,250,000", "HB-2025-0701-03"), why="JA reply quoting the recipient's own business-card signature; the quoted Cc is still on Cc")

add(60, ANNA, [TOM], "July shipment recap",
    """Hi Tom,

Quick recap of the July shipment:

  Invoice no.:     2025-0704-1187
  PO number:       PO-4410-0031-77
  Amount due:      USD 12,450.00 (net 30, due 2025-08-03)
  Container:       MSKU 555 0134 7
  HS code:         8302.42.3065
  Pallets / gross: 14 / 6,120.5 kg
  Delivery window: 07/14/2025 09:00-11:30

Payment reference 0312 5550 1990 must appear on the transfer.

Thanks,
Anna

""" + SIG_ANNA, flag=False, **FRESH,
    parties=p("person", "Anna Lee") + p("phone", "(206) 555-0111"),
    decoys=p("phone", "2025-0704-1187", "PO-4410-0031-77", "12,450.00", "2025-08-03", "MSKU 555 0134 7", "8302.42.3065",
             "07/14/2025 09:00-11:30", "0312 5550 1990"),
    why="invoice, PO, container, HS code, amounts and a payment reference that look like phone numbers")

add(61, SUZUKI, [YAMADA], "7月分ご請求のご案内",
    """山田様

いつもお世話になっております。ひかり産業の鈴木です。
7月分のご請求について下記のとおりご案内いたします。

請求書番号：ＨＫ－２５０７－０００３１
ご請求金額：１，０８９，０００円（税込）
お支払期限：２０２５年８月３１日
納品書番号：０３１５－０７２１－９９
出荷日：2025.07.15／納品日：2025.07.16
お問い合わせ番号：3301-0000-4412

以上、よろしくお願いいたします。

""" + SIG_SUZUKI, flag=False, **FRESH,
    parties=p("person", "鈴木　一樹") + p("phone", "03-0000-2001"),
    decoys=p("phone", "ＨＫ－２５０７－０００３１", "１，０８９，０００", "２０２５年８月３１日", "０３１５－０７２１－９９", "2025.07.15", "3301-0000-4412"),
    why="full-width invoice, delivery-note and tracking numbers, an amount and dates")

add(62, ANNA, [TOM], "Workshop venue",
    """Hi Tom,

The workshop is confirmed for July 22 at the Harborview Conference Center, 1 Example Plaza, Seattle, WA 98104.
If you need parking or AV help on the day, their front desk is on (206) 555-0100 and info@harborview-center.example.com
answers within the hour. Group bookings go through their main line, 1-800-555-0199.

Best,
Anna
""", flag=False, **FRESH,
    parties=p("postal_address", "Seattle, WA 98104") + p("phone", "(206) 555-0100", "1-800-555-0199") + p("email", "info@harborview-center.example.com"),
    why="a venue's public address, front desk, toll-free line and info@ mailbox: no person's data (listed under parties: must not be marked third-party)")

add(63, SUZUKI, [NAKAGAWA], "合同展示会の会場について",
    """中川様

お世話になっております。ひかり産業の鈴木です。
来月の合同展示会の会場情報をお送りします。

会場：みなとみらいサンプルホール 3階 展示室B
所在地：神奈川県横浜市西区みなとみらい9-1-1
会場代表：045-000-1100（受付 9:00～18:00）
お問い合わせ：info@minatomirai-hall.example.jp
搬入受付番号：YH-0812-0045

当日は弊社スタッフが受付におります。

鈴木
""", flag=False, **FRESH,
    parties=p("postal_address", "神奈川県横浜市西区みなとみらい9-1-1") + p("phone", "045-000-1100") + p("email", "info@minatomirai-hall.example.jp"),
    decoys=p("phone", "YH-0812-0045", "9:00～18:00"),
    why="a hall's public address, switchboard and info@ mailbox: no person's data (listed under parties: must not be marked third-party)")

add(64, ANNA, [KEI], "FW: New account manager",
    """Kei, Mio,

FYI, the new contact at our Dallas distributor. Please add her to the CRM.

Anna

-----Original Message-----
From: Teresa Vaughn <teresa.vaughn@lonestar-dist.example.com>
Sent: Tuesday, July 1, 2025 10:12 AM
To: Anna Lee <anna.lee@hikari-sangyo.example>
Subject: New account manager

Hi Anna,

I am taking over your account from Greg.

Teresa Vaughn
Account Manager, Lone Star Distribution
4100 Example Parkway, Dallas, TX 75201
Office: (214) 555-0158 | Cell: (469) 555-0193
""", cc=[("Mio Sato", "mio.sato@hikari-sangyo.example")], flag=False, **FRESH,
    third=p("person", "Teresa Vaughn") + p("email", "teresa.vaughn@lonestar-dist.example.com") + p("phone", "(214) 555-0158", "(469) 555-0193")
    + p("postal_address", "Dallas, TX 75201"),
    parties=p("person", "Kei Tanaka", "Mio Sato"), why="internal-only forward (To and Cc at both internal domains)")

add(65, SUZUKI, [SASAKI], "FW: 商品不良について",
    """佐々木さん
品証各位

お客様から下記のお問い合わせがありました。対応をお願いします（社外秘）。

-------- Original Message --------
件名: 商品不良について
日付: Tue, 1 Jul 2025 08:12:40 +0900
差出人: 松田 由美子 <yumiko.matsuda@example.jp>
宛先: support@hikari-sangyo.example.jp

購入した加湿器が動かなくなりました。交換をお願いします。

松田 由美子
〒662-0832 兵庫県西宮市甲風園9-5-5
携帯 080-0000-5931
""", cc=[("品質保証部", "qa@hikari-sangyo.example")], flag=False, **FRESH,
    third=p("person", "松田 由美子") + p("email", "yumiko.matsuda@example.jp") + p("phone", "080-0000-5931") + p("postal_address", "兵庫県西宮市甲風園9-5-5"),
    why="a consumer's complaint forwarded to internal colleagues only")

add(66, ("Hikari Sangyo USA News", "news@hikari-sangyo.example"), [TOM], "Summer newsletter",
    """Hikari Sangyo USA - Summer Newsletter

At this year's Pacific Home Expo in Seattle our booth welcomed more than 2,000 visitors. Actress Mirai Hoshino,
star of the drama "Harbor Lights", stopped by to try the new cordless humidifier, and celebrity chef Marco Bellini
demonstrated the steam oven on the main stage.

New in August: the HS-2207 humidifier (model no. 555-0190-W) ships from August 4. Pre-orders: 1,250 units so far.

Upcoming events
  Aug 14-16, 2025   Home & Living Fair, Chicago, booth 3120
  Sep 9, 2025       Dealer webinar, 10:00-11:00 PT

You are receiving this newsletter as a Hikari Sangyo USA partner.
Hikari Sangyo USA | 250 Example Avenue, Suite 400, Seattle, WA 98101 | (206) 555-0110
""", flag=False, **FRESH,
    parties=p("postal_address", "Seattle, WA 98101") + p("phone", "(206) 555-0110"),
    decoys=p("phone", "555-0190-W"),
    why="newsletter naming fictional celebrities with no contact data; only the company's own address and line")

add(67, SUZUKI, [CHEN], "Order confirmation",
    """Dear Mr. Chen,

Thank you for your order. The goods will leave Yokohama on July 18 (ETD) and arrive in Long Beach around
August 1 (ETA). Our booking number is YKH-250718-0042.

Best regards,

Kazuki Suzuki (鈴木 一樹)
Sales Department
Hikari Sangyo Co., Ltd.
Hikari Bldg. 10F, 9-9-9 Marunouchi, Chiyoda-ku, Tokyo 100-0005, Japan
Tel: +81-3-0000-2001 / Fax: +81-3-0000-2002
Mobile: +81-90-0000-2003
E-mail: k.suzuki@hikari-sangyo.example.jp
""", flag=False, **FRESH,
    parties=p("person", "Kazuki Suzuki", "Mr. Chen") + p("phone", "+81-3-0000-2001", "+81-90-0000-2003") + p("postal_address", "Tokyo 100-0005"),
    decoys=p("phone", "YKH-250718-0042"), why="the sender's own English signature with a romanised name and +81 numbers")

add(68, SUZUKI, [YAMADA], "発送先のご確認",
    """山田様

いつもお世話になっております。ひかり産業の鈴木です。
ご注文の品は、下記の貴社物流センター宛てに発送いたします。相違がございましたらお知らせください。

送付先：
大阪府大阪市北区梅田9-1-1 あおぞらビル5階
株式会社あおぞら商事 物流センター
山田 太郎 様
TEL：06-0000-3131

鈴木
""", flag=False, **FRESH,
    parties=p("person", "山田 太郎") + p("phone", "06-0000-3131") + p("postal_address", "大阪府大阪市北区梅田9-1-1"),
    why="the recipient's own delivery address, name and phone, confirmed back to them")
