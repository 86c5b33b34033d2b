using MailGuard.Core;
using MailGuard.Review;
using MimeKit;

namespace MailGuard.Tests.Review;

/// <summary>Held mail for the console's tests: fictional people, reserved domains, fictional phone ranges.</summary>
internal static class SampleMail
{
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    public const string JapaneseForward = "1000000000BCDFGH01";
    public const string GuestList = "1000000000BCDFGH02";
    public const string HostileHtml = "1000000000BCDFGH03";
    public const string AlreadyReleased = "1000000000BCDFGH04";

    /// <summary>The third party's full name in <see cref="JapaneseForward"/>: shown only when revealed.</summary>
    public const string ThirdPartyName = "山田 花子";
    public const string ThirdPartyEmail = "yamada.hanako@client-a.example";

    public static void Seed(InMemoryReviewStore store) => Seed(store, "http://192.0.2.10:8080");

    /// <summary>Seeds the store; <paramref name="remoteBase"/> is where the hostile HTML's remote image and beacon point.</summary>
    public static void Seed(InMemoryReviewStore store, string remoteBase)
    {
        var forward = Text(
            "佐藤 一郎 <ichiro.sato@example.com>", "buyer@partner.example", "お見積りの件(転送)",
            $"""
            お世話になっております。以下、ご参考までに転送します。

            ---------- 転送されたメッセージ ----------
            差出人: {ThirdPartyName} <{ThirdPartyEmail}>
            件名: お見積り

            株式会社サンプル商事 営業部 部長
            {ThirdPartyName}
            TEL 03-0000-1234
            """);
        Add(store, JapaneseForward, forward, "third-party-to-external", Now.AddHours(-2),
        [
            Finding(FindingKind.Person, ThirdPartyName, "body/forwarded[1]", ThirdPartyName),
            Finding(FindingKind.Email, ThirdPartyEmail, "body/forwarded[1]", ThirdPartyName),
            Finding(FindingKind.Phone, "03-0000-1234", "body/forwarded[1]", ThirdPartyName),
        ]);

        var guests = Text("Mia Chen <mia.chen@example.com>", "events@venue.example", "Guest list for the spring event", "Hello,\n\nthe list is attached.\n\nMia");
        var body = new Multipart("mixed") { guests.Body!, new MimePart("text", "csv")
        {
            FileName = "guests.csv",
            Content = new MimeContent(new MemoryStream("name,email,phone\nMarcus Bell,marcus.bell@client-b.example,+1 212 555 0153\n"u8.ToArray())),
        } };
        guests.Body = body;
        Add(store, GuestList, guests, "attachment-personal-data", Now.AddDays(-1),
        [
            Finding(FindingKind.Person, "Marcus Bell", "attachment:guests.csv", "Marcus Bell"),
            Finding(FindingKind.Email, "marcus.bell@client-b.example", "attachment:guests.csv", "Marcus Bell"),
            Finding(FindingKind.Phone, "+1 212 555 0153", "attachment:guests.csv", "Marcus Bell"),
        ]);

        var hostile = Text("Ken Mori <ken.mori@example.com>", "press@news.example", "Newsletter <b>draft</b>", "Plain text part of the newsletter.");
        hostile.Body = new Multipart("alternative")
        {
            hostile.Body!,
            new TextPart("html")
            {
                Text = $"""
                    <html><head><title>original</title><script>document.title = 'pwned-script'; window.parent.pwned = true;
                    fetch('{remoteBase}/beacon');</script></head>
                    <body onload="document.title = 'pwned-onload'">
                    <h1 id="headline">Spring newsletter</h1>
                    <p style="color:#336">Contact Marcus Bell for details.</p>
                    <img src="{remoteBase}/track.png" alt="remote">
                    <img src="x" onerror="document.title = 'pwned-onerror'; new Image().src = '{remoteBase}/onerror'">
                    <a href="javascript:document.title='pwned-link'" id="jslink">link</a>
                    </body></html>
                    """,
            },
        };
        Add(store, HostileHtml, hostile, "third-party-to-external", Now.AddDays(-3),
            [Finding(FindingKind.Person, "Marcus Bell", "body", "Marcus Bell")]);

        var released = Text("Aoi Ito <aoi.ito@example.com>", "sales@partner.example", "Price list", "Our price list, as discussed.");
        Add(store, AlreadyReleased, released, "third-party-to-external", Now.AddDays(-5),
            [Finding(FindingKind.Email, "taro@client-c.example", "body/quoted[1]", null)], QuarantineState.Released);
    }

    public static MimeMessage Text(string from, string to, string subject, string text)
    {
        var message = new MimeMessage { Subject = subject, Date = Now, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.com") };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    public static Finding Finding(string kind, string text, string location, string? owner) =>
        new(kind, text, location, ThirdParty: true, owner, Redactor.Redact(kind, text));

    public static void Add(
        InMemoryReviewStore store, string id, MimeMessage message, string rule, DateTimeOffset heldAt,
        IReadOnlyList<Finding> findings, QuarantineState state = QuarantineState.Held)
    {
        using var bytes = new MemoryStream();
        message.WriteTo(bytes);
        var from = message.From.Mailboxes.First().Address;
        var to = message.To.Mailboxes.Select(m => m.Address).ToList();
        var envelope = new Envelope(new SpoolId(id), from, to, "127.0.0.1", null, heldAt, "client.example.com");
        var summary = new HeldSummary(id, state, from, to, message.Subject ?? "", bytes.Length, rule, heldAt, [.. findings.Select(f => f.Kind)]);
        store.Add(summary, envelope, findings, bytes.ToArray());
    }
}
