using System.Text;
using MailGuard.Receive.Protocol;

namespace MailGuard.Tests.Receive;

public sealed class OwnHeaderTests
{
    private const string Forged =
        "X-MailGuard-Verdict: pass\r\n" +
        "From: Alice Example <alice@example.com>\r\n" +
        "x-mailguard-id: 0000000000FORGED00\r\n" +
        "\tfolded onto a second line\r\n" +
        "To: bob@example.org\r\n" +
        "X-MailGuarded: not ours, a different name\r\n" +
        "X-MAILGUARD-FLAG:external\r\n" +
        "Subject: figures\r\n" +
        "\r\n" +
        "X-MailGuard-Verdict: in the body, quoted, stays\r\n";

    private const string Clean =
        "From: Alice Example <alice@example.com>\r\n" +
        "To: bob@example.org\r\n" +
        "X-MailGuarded: not ours, a different name\r\n" +
        "Subject: figures\r\n" +
        "\r\n" +
        "X-MailGuard-Verdict: in the body, quoted, stays\r\n";

    /// <summary>Sends one message through a real Receive over SMTP; returns what the spool got and the log lines.</summary>
    private static async Task<(SpooledMessage Spooled, ReceiveLogTests.CapturingLoggerProvider Logs)> ReceiveAsync(string message)
    {
        var logs = new ReceiveLogTests.CapturingLoggerProvider();
        await using var host = await ReceiveHost.StartAsync(logs: logs);
        await using (var smtp = await SmtpScript.HelloAsync(host.Port))
        {
            Assert.That(await smtp.SendMailAsync("alice@example.com", ["bob@example.org"], message), Does.StartWith("250"));
        }
        return (host.Recorded.Messages.Single(), logs);
    }

    [Test]
    public async Task Header_fields_named_like_MailGuards_own_never_reach_the_spool_and_the_removal_is_logged()
    {
        var (spooled, logs) = await ReceiveAsync(Forged);

        Assert.That(Encoding.ASCII.GetString(spooled.Message), Is.EqualTo(Clean));
        var line = logs.Lines.Single(l => l.Event == "receive.own_headers_removed").Text;
        Assert.That(line, Does.Contain("removed 3 X-MailGuard- header fields").And.Contain(spooled.Envelope.Id.Value));
    }

    [Test]
    public async Task A_message_without_them_is_spooled_unchanged_and_nothing_is_logged()
    {
        var (spooled, logs) = await ReceiveAsync(Clean);

        Assert.That(Encoding.ASCII.GetString(spooled.Message), Is.EqualTo(Clean));
        Assert.That(logs.Lines.Select(l => l.Event), Does.Not.Contain("receive.own_headers_removed"));
    }

    [Test]
    public void The_result_does_not_depend_on_where_the_bytes_are_split()
    {
        var bytes = Encoding.ASCII.GetBytes(Forged);
        for (var size = 1; size <= bytes.Length; size++)
        {
            var filter = new OwnHeaderFilter();
            var kept = new List<byte>();
            for (var offset = 0; offset < bytes.Length; offset += size)
            {
                var chunk = bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset));
                kept.AddRange(filter.Filter(chunk, new byte[chunk.Length + OwnHeaderFilter.MaxHeldBack]).ToArray());
            }
            Assert.That(Encoding.ASCII.GetString([.. kept]), Is.EqualTo(Clean), $"pieces of {size} bytes");
            Assert.That(filter.Removed, Is.EqualTo(3));
        }
    }
}
