using System.Text;
using MailGuard.Core;
using MailGuard.Notify;
using MimeKit;

namespace MailGuard.Tests.Notify;

public sealed class DeliveryStatusNoticeTests
{
    private static readonly Envelope Original = new(SpoolId.New(), "sato@example.com", ["tanaka@example.org", "nobody@example.org"],
        "127.0.0.1", null, new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.FromHours(9)));

    private static MemoryStream OriginalMessage() => new(Encoding.UTF8.GetBytes(
        "From: sato@example.com\r\nTo: nobody@example.org\r\nSubject: =?UTF-8?B?6KaL56mN5pu4?=\r\n\r\nSecret body text\r\n"));

    [Test]
    public void The_DSN_is_an_RFC_3464_report_to_the_sender_with_the_original_headers_but_not_the_body()
    {
        var failed = new FailedRecipient("nobody@example.org", "5.1.1", "550 5.1.1 User unknown", "smtp.example.org");

        var dsn = DeliveryStatusNotice.Create(Original, OriginalMessage(), [failed], "mailguard.example.com", DateTimeOffset.UtcNow);

        Assert.That(dsn.To.Mailboxes.Single().Address, Is.EqualTo("sato@example.com"));
        Assert.That(dsn.Headers["Auto-Submitted"], Is.EqualTo("auto-replied"));
        var report = (MultipartReport)dsn.Body!;
        Assert.That(report.ReportType, Is.EqualTo("delivery-status"));
        Assert.That(report, Has.Count.EqualTo(3));
        var human = ((TextPart)report[0]).Text;
        Assert.That(human, Does.Contain("配信できませんでした").And.Contain("could not be delivered").And.Contain("見積書"));
        var groups = ((MessageDeliveryStatus)report[1]).StatusGroups;
        Assert.That(groups[0]["Reporting-MTA"], Is.EqualTo("dns; mailguard.example.com"));
        Assert.That(groups[1]["Action"], Is.EqualTo("failed"));
        Assert.That(groups[1]["Remote-MTA"], Is.EqualTo("dns; smtp.example.org"));
        var headers = ((TextRfc822Headers)report[2]).Message!;
        Assert.That(headers.Subject, Is.EqualTo("見積書"));
        using var written = new MemoryStream();
        dsn.WriteTo(written);
        Assert.That(Encoding.UTF8.GetString(written.ToArray()), Does.Not.Contain("Secret body text"));
    }

    [Test]
    public void There_is_never_a_DSN_for_the_null_sender()
    {
        var bounce = Original with { MailFrom = "" };

        Assert.That(() => DeliveryStatusNotice.Create(bounce, OriginalMessage(), [new FailedRecipient("a@example.org", "5.1.1", "550", null)], "mailguard.example.com", DateTimeOffset.UtcNow),
            Throws.ArgumentException);
    }
}
