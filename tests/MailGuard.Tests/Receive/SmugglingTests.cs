using System.Text;

namespace MailGuard.Tests.Receive;

/// <summary>
/// SMTP smuggling (CVE-2023-51764 and kin): only CRLF.CRLF ends DATA here, but a later hop may take a bare
/// LF.LF or CR.CR for the end. Receive refuses any message with a bare CR or LF, so no such sequence leaves.
/// </summary>
public sealed class SmugglingTests
{
    private const string Smuggled = "MAIL FROM:<ceo@example.com>\r\nRCPT TO:<victim@example.org>\r\nDATA\r\nSubject: smuggled\r\n\r\npay now\r\n";

    [TestCase("\n.\n")]
    [TestCase("\r.\r")]
    [TestCase("\n.\r\n")]
    [TestCase("\r\n.\n")]
    [TestCase("\r.\r\n")]
    [TestCase("\r\n.\r")]
    public async Task A_smuggled_end_of_data_never_becomes_a_second_message(string fakeEnd)
    {
        await using var host = await ReceiveHost.StartAsync();
        await using var smtp = await SmtpScript.HelloAsync(host.Port);

        var reply = await smtp.SendMailAsync("alice@example.com", ["bob@example.org"], "Subject: hello\r\n\r\nhello" + fakeEnd + Smuggled);

        Assert.That(reply, Is.EqualTo("550 5.6.0 Message refused: it contains a bare CR or LF; every line must end with CRLF (RFC 5321 2.3.8)"));
        // Nothing of the smuggled transaction was answered: the next reply belongs to the next command.
        Assert.That(await smtp.CommandAsync("NOOP"), Does.StartWith("250"));
        Assert.That(host.Recorded.Messages, Is.Empty);
        Assert.That(await smtp.SendMailAsync("alice@example.com", ["bob@example.org"], "Subject: clean\r\n\r\nclean\r\n"), Does.StartWith("250"));
        Assert.That(host.Recorded.Messages.Single().Envelope.Recipients, Is.EqualTo(new[] { "bob@example.org" }));
    }

    [Test]
    public async Task A_real_end_of_data_followed_by_commands_is_ordinary_pipelining()
    {
        await using var host = await ReceiveHost.StartAsync();
        await using var smtp = await SmtpScript.HelloAsync(host.Port);
        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("RCPT TO:<bob@example.org>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("DATA"), Does.StartWith("354"));

        await smtp.SendRawAsync(Encoding.ASCII.GetBytes("Subject: one\r\n\r\none\r\n.\r\n" + Smuggled + ".\r\n"));

        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("250 2.0.0"));
        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("250"));
        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("250"));
        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("354"));
        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("250 2.0.0"));
        Assert.That(host.Recorded.Messages, Has.Count.EqualTo(2));
        Assert.That(host.Recorded.Messages[1].Envelope.Recipients, Is.EqualTo(new[] { "victim@example.org" }));
    }
}
