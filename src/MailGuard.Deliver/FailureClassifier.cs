using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailGuard.Deliver;

/// <summary>
/// The one place that decides whether a delivery failure is transient (4xx, timeout, connection trouble: retry)
/// or permanent (5xx: bounce with a DSN).
/// </summary>
public static partial class FailureClassifier
{
    /// <summary>The result of a reply code (and its text) for one recipient.</summary>
    public static RecipientResult FromReply(string recipient, int code, string text)
    {
        var status = code switch
        {
            >= 200 and < 300 => RecipientStatus.Delivered,
            >= 500 and < 600 => RecipientStatus.Bounced,
            _ => RecipientStatus.Pending,
        };
        var enhanced = EnhancedCode().Match(text);
        var fallback = status switch
        {
            RecipientStatus.Delivered => "2.0.0",
            RecipientStatus.Bounced => "5.0.0",
            _ => "4.0.0",
        };
        return new RecipientResult(recipient, status, code, enhanced.Success ? enhanced.Value : fallback, $"{code} {text.Trim()}".ReplaceLineEndings(" "));
    }

    /// <summary>The result of an exception that ended the attempt before this recipient had its own reply.</summary>
    public static RecipientResult FromException(string recipient, Exception exception) => exception switch
    {
        // Our own credentials being refused is our problem, never the sender's: retry, do not bounce.
        AuthenticationException => Transient(recipient, "4.7.0", "upstream AUTH failed: " + exception.Message),
        SmtpCommandException { StatusCode: var code } e => FromReply(recipient, (int)code, e.Message),
        SslHandshakeException => Transient(recipient, "4.7.5", "TLS handshake with the upstream server failed"),
        TimeoutException or OperationCanceledException => Transient(recipient, "4.4.2", "timed out talking to the upstream server"),
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => Transient(recipient, "4.4.1", "upstream server refused the connection"),
        SocketException or IOException or ServiceNotConnectedException or SmtpProtocolException =>
            Transient(recipient, "4.4.1", "connection to the upstream server failed: " + exception.Message),
        NotSupportedException => Transient(recipient, "4.7.4", exception.Message),
        _ => Transient(recipient, "4.0.0", exception.GetType().Name + ": " + exception.Message),
    };

    private static RecipientResult Transient(string recipient, string status, string reason) =>
        new(recipient, RecipientStatus.Pending, 0, status, reason.ReplaceLineEndings(" "));

    [GeneratedRegex(@"^[245]\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex EnhancedCode();
}
