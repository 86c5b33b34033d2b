using System.Net.Sockets;
using MailGuard.Deliver;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailGuard.Tests.Deliver;

public sealed class FailureClassifierTests
{
    [TestCase(250, "2.0.0 Ok: queued", RecipientStatus.Delivered, "2.0.0")]
    [TestCase(451, "4.3.0 Try again later", RecipientStatus.Pending, "4.3.0")]
    [TestCase(452, "Too many recipients", RecipientStatus.Pending, "4.0.0")]
    [TestCase(550, "5.1.1 <nobody@example.org>: User unknown", RecipientStatus.Bounced, "5.1.1")]
    [TestCase(554, "Transaction failed", RecipientStatus.Bounced, "5.0.0")]
    public void A_reply_code_decides_per_recipient(int code, string text, RecipientStatus status, string enhanced)
    {
        var result = FailureClassifier.FromReply("tanaka@example.org", code, text);

        Assert.That(result.Status, Is.EqualTo(status));
        Assert.That(result.EnhancedStatus, Is.EqualTo(enhanced));
        Assert.That(result.Reply, Does.StartWith(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Connection_trouble_timeouts_and_our_own_credentials_are_transient()
    {
        Exception[] failures =
        [
            new SocketException((int)SocketError.ConnectionRefused),
            new IOException("connection reset"),
            new TimeoutException(),
            new OperationCanceledException(),
            new SmtpProtocolException("unexpected disconnect"),
            new AuthenticationException("535 5.7.8 bad credentials"),
            new SslHandshakeException("handshake failed"),
        ];

        Assert.That(failures.Select(e => FailureClassifier.FromException("tanaka@example.org", e).Status),
            Has.All.EqualTo(RecipientStatus.Pending));
    }

    [Test]
    public void A_5xx_rejection_of_the_whole_transaction_bounces()
    {
        var e = new SmtpCommandException(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.MailboxUnavailable, "5.7.1 sender rejected");

        var result = FailureClassifier.FromException("tanaka@example.org", e);

        Assert.That(result.Status, Is.EqualTo(RecipientStatus.Bounced));
        Assert.That(result.EnhancedStatus, Is.EqualTo("5.7.1"));
    }

    [Test]
    public void The_backoff_doubles_is_capped_and_never_passes_the_queue_lifetime()
    {
        var options = new DeliverOptions
        {
            RetryInitialDelay = TimeSpan.FromMinutes(1),
            RetryMaxDelay = TimeSpan.FromMinutes(10),
            QueueLifetime = TimeSpan.FromHours(1),
        };
        var received = new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

        var delays = Enumerable.Range(1, 6).Select(n => RetrySchedule.NextAttempt(options, n, received, received) - received);

        Assert.That(delays, Is.EqualTo(new[] { 1, 2, 4, 8, 10, 10 }.Select(m => TimeSpan.FromMinutes(m))));
        Assert.That(RetrySchedule.NextAttempt(options, 3, received.AddMinutes(58), received), Is.EqualTo(received.AddHours(1)));
    }
}
