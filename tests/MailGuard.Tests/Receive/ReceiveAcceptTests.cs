using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace MailGuard.Tests.Receive;

public sealed class ReceiveAcceptTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task MailKit_message_reaches_the_spool_byte_for_byte_with_a_trace_header_and_the_queue_id_in_the_reply()
    {
        await using var host = await ReceiveHost.StartAsync(clock: new FakeTimeProvider(Noon));
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Alice Example", "alice@example.com"));
        message.To.Add(new MailboxAddress("Bob Example", "bob@example.org"));
        message.Subject = "Quarterly figures";
        message.Body = new TextPart("plain") { Text = "Hello Bob,\r\n.leading dot survives stuffing\r\nAlice\r\n" };

        using var client = new SmtpClient { LocalDomain = "client.example" };
        await client.ConnectAsync("127.0.0.1", host.Port, SecureSocketOptions.None);
        var reply = await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);

        var spooled = host.Recorded.Messages.Single();
        var expected = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.EnsureNewLine = true;
        await message.WriteToAsync(format, expected);
        Assert.That(spooled.Message, Is.EqualTo(expected.ToArray()));
        Assert.That(reply, Does.Contain($"queued as {spooled.Envelope.Id}"));
        Assert.That(Encoding.ASCII.GetString(spooled.TraceHeader), Is.EqualTo(
            $"Received: from client.example ([127.0.0.1])\r\n\tby mx.test.example (MailGuard) with ESMTP id {spooled.Envelope.Id};\r\n\tThu, 26 Nov 2026 12:00:00 +0000\r\n"));
        Assert.That(spooled.Envelope.MailFrom, Is.EqualTo("alice@example.com"));
        Assert.That(spooled.Envelope.Recipients, Is.EqualTo(new[] { "bob@example.org" }));
        Assert.That(spooled.Envelope.ClientAddress, Is.EqualTo("127.0.0.1"));
        Assert.That(spooled.Envelope.Helo, Is.EqualTo("client.example"));
        Assert.That(spooled.Envelope.AuthenticatedUser, Is.Null);
        Assert.That(spooled.Envelope.ReceivedAt, Is.EqualTo(Noon));
    }

    [Test]
    public async Task Raw_8bit_bytes_and_dot_stuffed_lines_are_spooled_exactly_as_the_client_meant_them()
    {
        await using var host = await ReceiveHost.StartAsync();
        await using var smtp = await SmtpScript.HelloAsync(host.Port);
        var body = "Subject: =?UTF-8?B?5pel5pys6Kqe?=\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "山田様\r\n..a line that starts with a dot\r\n" + new string('x', 2000) + "\r\n";

        var reply = await smtp.SendMailAsync("alice@example.com", ["bob@example.org"], body);

        Assert.That(reply, Does.StartWith("250 2.0.0 Ok: queued as "));
        var expected = body.Replace("\r\n..a line", "\r\n.a line", StringComparison.Ordinal);
        Assert.That(host.Recorded.Messages.Single().Message, Is.EqualTo(Encoding.UTF8.GetBytes(expected)));
    }

    [Test]
    public async Task Several_recipients_are_kept_in_order_and_quoted_local_parts_stay_quoted()
    {
        await using var host = await ReceiveHost.StartAsync();
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("alice@example.com"));
        message.To.Add(MailboxAddress.Parse("bob@example.org"));
        message.Subject = "Many";
        message.Body = new TextPart("plain") { Text = "Hi all\r\n" };
        MailboxAddress[] recipients =
        [
            MailboxAddress.Parse("bob@example.org"),
            MailboxAddress.Parse("carol@example.jp"),
            MailboxAddress.Parse("dave@mail.example.com"),
            new MailboxAddress("", "\"erin smith\"@example.net"),
        ];

        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", host.Port, SecureSocketOptions.None);
        await client.SendAsync(message, MailboxAddress.Parse("alice@example.com"), recipients);
        await client.DisconnectAsync(quit: true);

        Assert.That(host.Recorded.Messages.Single().Envelope.Recipients,
            Is.EqualTo(new[] { "bob@example.org", "carol@example.jp", "dave@mail.example.com", "\"erin smith\"@example.net" }));
    }

    [Test]
    public async Task Pipelined_messages_in_one_session_each_get_their_own_queue_id()
    {
        await using var host = await ReceiveHost.StartAsync();
        await using var smtp = await SmtpScript.HelloAsync(host.Port);
        await smtp.SendAsync(
            "MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n");
        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("250"));
        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("250"));
        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("354"));
        await smtp.SendAsync("Subject: one\r\n\r\n1\r\n.\r\nMAIL FROM:<alice@example.com>\r\nRCPT TO:<carol@example.org>\r\nDATA\r\n");
        var first = await smtp.ReadReplyAsync();
        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("250"));
        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("250"));
        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("354"));
        await smtp.SendAsync("Subject: two\r\n\r\n2\r\n.\r\n");
        var second = await smtp.ReadReplyAsync();

        var ids = host.Recorded.Messages.Select(m => m.Envelope.Id.Value).ToArray();
        Assert.That(ids, Has.Length.EqualTo(2).And.Unique);
        Assert.That(first, Is.EqualTo($"250 2.0.0 Ok: queued as {ids[0]}"));
        Assert.That(second, Is.EqualTo($"250 2.0.0 Ok: queued as {ids[1]}"));
        Assert.That(host.Recorded.Messages[1].Envelope.Recipients, Is.EqualTo(new[] { "carol@example.org" }));
    }

    [Test]
    public async Task Ehlo_announces_the_size_limit_8bitmime_pipelining_and_smtputf8_but_no_auth_without_tls()
    {
        await using var host = await ReceiveHost.StartAsync(new Dictionary<string, string?> { ["Receive:MaxMessageBytes"] = "123456" });
        await using var smtp = await SmtpScript.ConnectAsync(host.Port);
        Assert.That(await smtp.ReadReplyAsync(), Is.EqualTo("220 mx.test.example ESMTP MailGuard"));

        var lines = (await smtp.CommandAsync("EHLO client.example")).Split('\n').Select(l => l[4..]).ToArray();

        Assert.That(lines[0], Is.EqualTo("mx.test.example Hello client.example"));
        Assert.That(lines, Does.Contain("SIZE 123456").And.Contain("8BITMIME").And.Contain("PIPELINING").And.Contain("SMTPUTF8"));
        Assert.That(lines, Has.None.StartsWith("AUTH").And.None.StartsWith("STARTTLS"));
    }
}
