using System.Globalization;
using SmtpServer.Protocol;

namespace MailGuard.Receive;

/// <summary>
/// Every reply Receive chooses, in one place: the code, the RFC 3463 enhanced status code, and a text a person
/// can act on. SmtpServer's own refusals are rewritten to these by <see cref="Net.ReplyWriter"/>.
/// </summary>
internal static class ReceiveReplies
{
    public static SmtpResponse Queued(string id) => Reply(250, $"2.0.0 Ok: queued as {id}");

    public static readonly SmtpResponse RelayDenied = Reply(550,
        "5.7.1 Relay access denied: this server relays only for the company's own network or authenticated users");

    public static readonly SmtpResponse RelayDeniedAuthPossible = Reply(550,
        "5.7.1 Relay access denied: this server relays only for the company's own network or authenticated users; use STARTTLS and AUTH");

    public static SmtpResponse ExternalSender(string domain) => Reply(550,
        $"5.7.1 Sender address rejected: {domain} is not one of the company's mail domains; MailGuard relays only mail from them");

    public static readonly SmtpResponse NullSender = Reply(550,
        "5.7.1 Sender address rejected: the null sender <> is not accepted here; MailGuard relays only mail from the company's own addresses");

    public static readonly SmtpResponse RoutedSender = Reply(553,
        "5.1.7 Sender address rejected: quoted, routed or %-hack local parts (\" @ % ! :) are not accepted; use a plain address");

    public static SmtpResponse DeclaredTooBig(int limit) => Reply(552,
        string.Create(CultureInfo.InvariantCulture, $"5.3.4 Message size exceeds the limit of {limit} bytes"));

    public static SmtpResponse TooBig(int limit) => Reply(552,
        string.Create(CultureInfo.InvariantCulture, $"5.3.4 Message too big: this server accepts at most {limit} bytes"));

    public static SmtpResponse TooBigClosing(int limit) => Reply(552,
        string.Create(CultureInfo.InvariantCulture, $"5.3.4 Message too big: this server accepts at most {limit} bytes; closing the connection"));

    public static SmtpResponse TooManyRecipients(int limit) => Reply(452,
        string.Create(CultureInfo.InvariantCulture, $"4.5.3 Too many recipients: at most {limit} per message; send the rest in another message"));

    public static readonly SmtpResponse BareLineEnding = Reply(550,
        "5.6.0 Message refused: it contains a bare CR or LF; every line must end with CRLF (RFC 5321 2.3.8)");

    public static readonly SmtpResponse SpoolFailed = Reply(451,
        "4.3.0 Temporary failure: the message could not be stored; please try again later");

    public static readonly SmtpResponse LocalError = Reply(451,
        "4.3.0 Temporary local error while receiving the message; please try again later");

    public static SmtpResponse LineTooLong(int limit) => Reply(500,
        string.Create(CultureInfo.InvariantCulture, $"5.5.2 Line too long: a command line may be at most {limit} bytes; closing the connection"));

    public static readonly SmtpResponse Unrecognized = Reply(500, "5.5.2 Syntax error: command not recognised");

    public static SmtpResponse BadSyntax(string? detail) => Reply(501,
        "5.5.4 Syntax error in parameters or arguments" + (string.IsNullOrWhiteSpace(detail) || detail == "syntax error" ? "" : $" ({detail})"));

    public static SmtpResponse BadSequence(string expected) => Reply(503, $"5.5.1 Bad sequence of commands: {expected}");

    public static readonly SmtpResponse NoRecipients = Reply(554, "5.5.1 No valid recipients: give at least one accepted RCPT TO before DATA");

    public static readonly SmtpResponse StartTlsFirst = Reply(530,
        "5.7.0 Must issue a STARTTLS command first: AUTH is offered only over an encrypted connection");

    public static readonly SmtpResponse AuthUnavailable = Reply(502, "5.5.1 AUTH is not offered by this server");

    public static readonly SmtpResponse AlreadyAuthenticated = Reply(503, "5.5.1 Already authenticated");

    public static readonly SmtpResponse TlsUnavailable = Reply(502, "5.5.1 STARTTLS is not offered by this server");

    public static readonly SmtpResponse TlsActive = Reply(503, "5.5.1 TLS is already active");

    public static readonly SmtpResponse AuthFailed = Reply(535, "5.7.8 Authentication failed: user name or password not accepted");

    public static readonly SmtpResponse AuthRequired = Reply(530, "5.7.0 Authentication required");

    public static readonly SmtpResponse BadMailbox = Reply(553, "5.1.3 Mailbox name not allowed: the address is not valid");

    public static readonly SmtpResponse TooManyErrors = Reply(421, "4.7.0 Too many errors in this session; closing the connection");

    public static readonly SmtpResponse TooManySessions = Reply(421, "4.7.0 Too many connections right now; please try again later");

    public static readonly SmtpResponse ShuttingDown = Reply(421, "4.3.2 Service shutting down; please try again later");

    public static readonly SmtpResponse CommandTimeout = Reply(421, "4.4.2 Timeout: no command received in time; closing the connection");

    public static readonly SmtpResponse DataTimeout = Reply(421, "4.4.2 Timeout: the message data stopped arriving; closing the connection");

    public static readonly SmtpResponse Bye = Reply(221, "2.0.0 Bye");

    public static string Line(SmtpResponse response) => $"{(int)response.ReplyCode} {response.Message}";

    private static SmtpResponse Reply(int code, string text) => new((SmtpReplyCode)code, text);
}
