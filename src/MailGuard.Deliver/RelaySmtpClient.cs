using MailKit.Net.Smtp;
using MimeKit;

namespace MailGuard.Deliver;

/// <summary>
/// MailKit's client, adjusted for relaying: refused recipients are collected instead of thrown, and the message
/// (a <see cref="RawMessagePart"/>) is neither re-encoded nor re-measured.
/// </summary>
internal sealed class RelaySmtpClient : SmtpClient
{
    public List<(string Recipient, SmtpResponse Response)> Refused { get; } = [];

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        Refused.Add((mailbox.Address, response));

    protected override void OnNoRecipientsAccepted(MimeMessage message)
    {
        // MailKit then throws "No recipients were accepted"; the collected replies say why, per recipient.
    }

    protected override void Prepare(FormatOptions options, MimeMessage message, EncodingConstraint constraint, int maxLineLength)
    {
        // Relay the bytes as received: no 8bit-to-7bit conversion, no header reformatting.
    }

    protected override long GetSize(FormatOptions options, MimeMessage message, CancellationToken cancellationToken) =>
        message.Body is RawMessagePart raw ? raw.Length : base.GetSize(options, message, cancellationToken);
}
