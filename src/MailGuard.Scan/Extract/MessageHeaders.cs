using System.Text;
using MimeKit;

namespace MailGuard.Scan.Extract;

/// <summary>A message's address and subject headers as a <see cref="HeaderBlock"/> and as text for the detectors.</summary>
internal static class MessageHeaders
{
    public static HeaderBlock Block(MimeMessage message) => new(
        Refs(message.From), Refs(message.To), Refs(message.Cc), message.Headers[HeaderId.Date], message.Subject);

    /// <summary>The header lines; From, To and Cc are taken from <paramref name="block"/>, which has them read already.</summary>
    public static string Text(MimeMessage message, HeaderBlock block)
    {
        var text = new StringBuilder();
        Line(text, "From", block.From);
        if (message.Sender is { } sender)
        {
            Line(text, "Sender", Refs([sender]));
        }
        Line(text, "Reply-To", Refs(message.ReplyTo));
        Line(text, "To", block.To);
        Line(text, "Cc", block.Cc);
        Line(text, "Bcc", Refs(message.Bcc));
        if (!string.IsNullOrEmpty(message.Subject))
        {
            text.Append("Subject: ").Append(message.Subject).Append('\n');
        }
        // Trimmed before it becomes a string, so the text is made once.
        while (text.Length > 0 && text[^1] == '\n')
        {
            text.Length--;
        }
        return text.ToString();
    }

    private static void Line(StringBuilder text, string name, IReadOnlyList<MailboxRef> list)
    {
        if (list.Count == 0)
        {
            return;
        }
        text.Append(name).Append(": ");
        for (var i = 0; i < list.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            var mailbox = list[i];
            if (mailbox.DisplayName is null)
            {
                text.Append(mailbox.Address);
            }
            else
            {
                text.Append(mailbox.DisplayName).Append(" <").Append(mailbox.Address).Append('>');
            }
        }
        text.Append('\n');
    }

    private static IReadOnlyList<MailboxRef> Refs(IEnumerable<InternetAddress> addresses)
    {
        List<MailboxRef>? result = null;
        Add(ref result, addresses);
        // Most messages have no Cc, Bcc or Reply-To: an empty list need not be one of its own.
        return result is null ? [] : result;
    }

    private static void Add(ref List<MailboxRef>? result, IEnumerable<InternetAddress> addresses)
    {
        foreach (var address in addresses)
        {
            switch (address)
            {
                case MailboxAddress mailbox:
                    (result ??= []).Add(new MailboxRef(string.IsNullOrWhiteSpace(mailbox.Name) ? null : mailbox.Name, mailbox.Address));
                    break;
                case GroupAddress group:
                    Add(ref result, group.Members);
                    break;
            }
        }
    }
}
