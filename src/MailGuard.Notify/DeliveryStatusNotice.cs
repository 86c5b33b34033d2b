using System.Globalization;
using System.Text;
using MailGuard.Core;
using MimeKit;
using MimeKit.Utils;

namespace MailGuard.Notify;

/// <summary>One recipient the message could not be delivered to.</summary>
/// <param name="Recipient">The envelope recipient.</param>
/// <param name="Status">The RFC 3463 status, <c>5.1.1</c>.</param>
/// <param name="Diagnostic">The remote server's reply (<c>550 5.1.1 no such user</c>), or MailGuard's own reason.</param>
/// <param name="RemoteMta">The server that gave the reply, or null.</param>
public sealed record FailedRecipient(string Recipient, string Status, string Diagnostic, string? RemoteMta);

/// <summary>
/// Builds delivery status notifications (RFC 3464): a multipart/report with a short explanation in Japanese and
/// English, the machine-readable message/delivery-status, and the original message's headers (not its body).
/// </summary>
public static class DeliveryStatusNotice
{
    /// <summary>The DSN for <paramref name="failed"/> recipients of the message <paramref name="original"/>, addressed to its envelope sender.</summary>
    /// <param name="original">The original envelope; its sender must not be the null sender.</param>
    /// <param name="originalMessage">The original message; only its header block is read.</param>
    /// <param name="failed">The recipients that failed for good.</param>
    /// <param name="reportingMta">This host's name, as it says HELO.</param>
    /// <param name="now">When the notice is written.</param>
    public static MimeMessage Create(Envelope original, Stream originalMessage, IReadOnlyList<FailedRecipient> failed, string reportingMta, DateTimeOffset now)
    {
        if (original.MailFrom.Length == 0)
        {
            throw new ArgumentException("no DSN is ever sent for the null sender (RFC 5321 §4.5.5)", nameof(original));
        }
        var headers = HeaderList.Load(ParserOptions.Default, originalMessage);
        var subject = headers[HeaderId.Subject];

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@" + reportingMta));
        message.To.Add(MailboxAddress.Parse(original.MailFrom));
        message.Subject = "配信不能のお知らせ / Undelivered Mail Returned to Sender";
        message.Date = now;
        message.Headers.Add("Auto-Submitted", "auto-replied");

        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = Explanation(failed, subject, reportingMta), ContentTransferEncoding = ContentEncoding.Base64 },
            Status(original, failed, reportingMta),
            new TextRfc822Headers { Message = new MimeMessage(headers) },
        };
        message.Body = report;
        return message;
    }

    private static string Explanation(IReadOnlyList<FailedRecipient> failed, string? subject, string reportingMta)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"このメールは {reportingMta} から自動送信されています。\n\n");
        text.Append("お送りいただいたメールを、次の宛先に配信できませんでした。\n");
        foreach (var f in failed)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {f.Recipient}\n");
        }
        text.Append("宛先のアドレスに誤りがないかご確認ください。詳しい理由は下記 (英語) と添付の配信状況をご覧ください。\n");
        if (subject is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"件名: {subject.Trim()}\n");
        }
        text.Append("\n----\n\n");
        text.Append(CultureInfo.InvariantCulture, $"This is the mail system at {reportingMta}.\n\n");
        text.Append("Your message could not be delivered to the following recipients:\n");
        foreach (var f in failed)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {f.Recipient}: {f.Diagnostic}\n");
        }
        text.Append("Please check the addresses. The attached delivery status has the details; the original headers follow it.\n");
        return text.ToString();
    }

    private static MessageDeliveryStatus Status(Envelope original, IReadOnlyList<FailedRecipient> failed, string reportingMta)
    {
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList
        {
            { "Reporting-MTA", "dns; " + reportingMta },
            { "X-MailGuard-Queue-ID", original.Id.Value },
            { "Arrival-Date", DateUtils.FormatDate(original.ReceivedAt) },
        };
        status.StatusGroups.Add(perMessage);
        foreach (var f in failed)
        {
            var perRecipient = new HeaderList
            {
                { "Final-Recipient", "rfc822; " + f.Recipient },
                { "Action", "failed" },
                { "Status", f.Status },
            };
            if (f.RemoteMta is not null)
            {
                perRecipient.Add("Remote-MTA", "dns; " + f.RemoteMta);
            }
            perRecipient.Add("Diagnostic-Code", "smtp; " + f.Diagnostic.ReplaceLineEndings(" "));
            status.StatusGroups.Add(perRecipient);
        }
        return status;
    }
}
