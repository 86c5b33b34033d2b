using SmtpServer.Mail;

namespace MailGuard.Receive.Protocol;

/// <summary>The envelope as SmtpServer parsed it, for the spool.</summary>
internal static class MessageData
{
    /// <summary>
    /// The address for the envelope. SmtpServer strips the quotes of a quoted local part; they are put back when
    /// the local part is not a dot-atom, so the next hop sees the same mailbox.
    /// </summary>
    public static string Address(IMailbox mailbox)
    {
        if (string.IsNullOrEmpty(mailbox.User) && string.IsNullOrEmpty(mailbox.Host))
        {
            return "";
        }
        var user = mailbox.User ?? "";
        var dotAtom = user.Length > 0 && !user.StartsWith('.') && !user.EndsWith('.') && !user.Contains("..", StringComparison.Ordinal)
            && user.All(c => char.IsLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c));
        return dotAtom ? $"{user}@{mailbox.Host}" : $"\"{user}\"@{mailbox.Host}";
    }
}
