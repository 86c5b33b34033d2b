using System.Text;
using MimeKit;

namespace MailGuard.Scan.Extract;

/// <summary>A message's address and subject headers as a <see cref="HeaderBlock"/> and as text for the detectors.</summary>
internal static class MessageHeaders
{
    public static HeaderBlock Block(MimeMessage message) => new(
        Refs(message.From), Refs(message.To), Refs(message.Cc), message.Headers[HeaderId.Date], message.Subject);

    public static string Text(MimeMessage message)
    {
        var text = new StringBuilder();
        Line(text, "From", message.From);
        Line(text, "Sender", message.Sender is null ? [] : [message.Sender]);
        Line(text, "Reply-To", message.ReplyTo);
        Line(text, "To", message.To);
        Line(text, "Cc", message.Cc);
        Line(text, "Bcc", message.Bcc);
        if (!string.IsNullOrEmpty(message.Subject))
        {
            text.Append("Subject: ").Append(message.Subject).Append('\n');
        }
        return text.ToString().TrimEnd('\n');
    }

    private static void Line(StringBuilder text, string name, IEnumerable<InternetAddress> addresses)
    {
        var list = Refs(addresses);
        if (list.Count == 0)
        {
            return;
        }
        text.Append(name).Append(": ")
            .AppendJoin(", ", list.Select(m => m.DisplayName is null ? m.Address : $"{m.DisplayName} <{m.Address}>"))
            .Append('\n');
    }

    private static List<MailboxRef> Refs(IEnumerable<InternetAddress> addresses)
    {
        var result = new List<MailboxRef>();
        foreach (var address in addresses)
        {
            switch (address)
            {
                case MailboxAddress mailbox:
                    result.Add(new MailboxRef(string.IsNullOrWhiteSpace(mailbox.Name) ? null : mailbox.Name, mailbox.Address));
                    break;
                case GroupAddress group:
                    result.AddRange(Refs(group.Members));
                    break;
            }
        }
        return result;
    }
}
