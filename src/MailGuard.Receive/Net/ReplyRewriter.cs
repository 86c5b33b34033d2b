using System.Globalization;
using System.Text.RegularExpressions;
using SmtpServer.Protocol;

namespace MailGuard.Receive.Net;

/// <summary>
/// Turns SmtpServer's own replies (<c>502 Unrecognized command</c>, <c>552 size limit exceeded</c>, ...) into
/// RFC 3463 replies from <see cref="ReceiveReplies"/>, and puts a filter's chosen refusal in place of the generic one.
/// </summary>
internal sealed partial class ReplyRewriter(ReceiveOptions options, RelayPolicy policy)
{
    public string Rewrite(string line, ReceiveSession session)
    {
        if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            || (line.Length > 3 && line[3] != ' '))
        {
            return line; // continuation lines of EHLO and anything unexpected pass unchanged
        }
        var text = line.Length > 4 ? line[4..] : "";
        if (code < 400)
        {
            var closing = (code, text) switch
            {
                (221, "bye") => ReceiveReplies.Bye,
                (221, "Timeout while waiting for input.") => ReceiveReplies.CommandTimeout,
                (221, "The session has be cancelled.") => ReceiveReplies.ShuttingDown,
                _ => null,
            };
            return closing is null ? line : ReceiveReplies.Line(closing);
        }
        if (session.TakePendingReply() is { } chosen)
        {
            return ReceiveReplies.Line(chosen);
        }
        Interlocked.Increment(ref session.Refused);
        // SmtpSession appends the retries left to each refusal and hangs up silently after the last one.
        var retries = RetriesLeft().Match(text);
        if (retries.Success)
        {
            if (retries.Groups[1].Value == "0")
            {
                session.CloseReason ??= "too many errors";
                return ReceiveReplies.Line(ReceiveReplies.TooManyErrors);
            }
            text = text[..retries.Index];
        }
        if (EnhancedCode().IsMatch(text))
        {
            return line; // Receive's own reply, already in the form it should have
        }
        var reply = (code, text) switch
        {
            (502, "Unrecognized command") => ReceiveReplies.Unrecognized,
            (501, _) when text.StartsWith("expected ", StringComparison.Ordinal) => OutOfSequence(session, text),
            (501, _) => ReceiveReplies.BadSyntax(text),
            (552, "size limit exceeded") => ReceiveReplies.DeclaredTooBig(options.MaxMessageBytes),
            (552, _) => ReceiveReplies.TooBigClosing(options.MaxMessageBytes),
            (554, "no valid recipients given") => ReceiveReplies.NoRecipients,
            (554, "") => ReceiveReplies.LocalError,
            (535, _) => ReceiveReplies.AuthFailed,
            (553, _) => ReceiveReplies.BadMailbox,
            (530, _) => ReceiveReplies.AuthRequired,
            _ => null,
        };
        return reply is null ? line : ReceiveReplies.Line(reply);
    }

    // SmtpServer's state table answers "expected X/Y" whatever was wrong; the verb tells the client the real reason.
    private SmtpResponse OutOfSequence(ReceiveSession session, string expected) => session.Verb switch
    {
        "AUTH" when session.IsAuthenticated => ReceiveReplies.AlreadyAuthenticated,
        "AUTH" when !session.IsSecure && policy.AuthPossible => ReceiveReplies.StartTlsFirst,
        "AUTH" when !policy.AuthPossible => ReceiveReplies.AuthUnavailable,
        "STARTTLS" when session.IsSecure => ReceiveReplies.TlsActive,
        "STARTTLS" when !options.Tls.IsConfigured => ReceiveReplies.TlsUnavailable,
        _ => ReceiveReplies.BadSequence(expected.Replace('/', ' ')),
    };

    [GeneratedRegex(@"^[245]\.\d{1,3}\.\d{1,3} ")]
    private static partial Regex EnhancedCode();

    [GeneratedRegex(@", (\d+) retry\(ies\) remaining\.$")]
    private static partial Regex RetriesLeft();
}
