using System.Text;

namespace MailGuard.Tests.Receive;

/// <summary>Each refusal of issue 2 as a transcript: the right code, and a session that still works afterwards.</summary>
public sealed class ReceiveRefusalTests
{
    [Test]
    public async Task A_client_outside_the_allowed_networks_may_not_relay()
    {
        await using var host = await ReceiveHost.StartAsync(new Dictionary<string, string?> { ["Receive:AllowedNetworks:0"] = "192.0.2.0/24" });
        await using var smtp = await SmtpScript.HelloAsync(host.Port);

        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com>"), Is.EqualTo(
            "550 5.7.1 Relay access denied: this server relays only for the company's own network or authenticated users"));
        Assert.That(await smtp.CommandAsync("RCPT TO:<bob@example.org>"), Does.StartWith("503 5.5.1 Bad sequence of commands"));
        Assert.That(await smtp.CommandAsync("NOOP"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("QUIT"), Is.EqualTo("221 2.0.0 Bye"));
        Assert.That(host.Recorded.Messages, Is.Empty);
    }

    [Test]
    public async Task An_external_sender_is_refused_and_an_internal_one_then_accepted()
    {
        await using var host = await ReceiveHost.StartAsync();
        await using var smtp = await SmtpScript.HelloAsync(host.Port);

        Assert.That(await smtp.CommandAsync("MAIL FROM:<mallory@example.org>"), Does.StartWith(
            "550 5.7.1 Sender address rejected: example.org is not one of the company's mail domains"));
        Assert.That(await smtp.SendMailAsync("alice@sales.example.com", ["bob@example.org"], "Subject: ok\r\n\r\nok\r\n"),
            Does.StartWith("250 2.0.0 Ok: queued as"));
    }

    [TestCase("<user%other.example@example.com>", "553 5.1.7")]
    [TestCase("<bob!other.example!bob@example.com>", "553 5.1.7")]
    [TestCase("<\"bob@other.example\"@example.com>", "553 5.1.7")]
    [TestCase("<@example.com:bob@other.example>", "550 5.7.1 Sender address rejected: other.example")]
    [TestCase("<bob@[127.0.0.1]>", "550 5.7.1 Sender address rejected")]
    [TestCase("<bob@example.com.other.example>", "550 5.7.1 Sender address rejected")]
    [TestCase("<>", "550 5.7.1 Sender address rejected: the null sender")]
    public async Task Senders_that_only_look_internal_are_refused(string reversePath, string expected)
    {
        await using var host = await ReceiveHost.StartAsync();
        await using var smtp = await SmtpScript.HelloAsync(host.Port);

        Assert.That(await smtp.CommandAsync($"MAIL FROM:{reversePath}"), Does.StartWith(expected));
        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com>"), Does.StartWith("250"));
    }

    [Test]
    public async Task A_declared_size_over_the_limit_is_refused_at_mail_from()
    {
        await using var host = await ReceiveHost.StartAsync(new Dictionary<string, string?> { ["Receive:MaxMessageBytes"] = "10000" });
        await using var smtp = await SmtpScript.HelloAsync(host.Port);

        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com> SIZE=10001"),
            Is.EqualTo("552 5.3.4 Message size exceeds the limit of 10000 bytes"));
        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com> SIZE=9000000"),
            Is.EqualTo("552 5.3.4 Message size exceeds the limit of 10000 bytes"));
        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com> SIZE=500"), Does.StartWith("250"));
    }

    [Test]
    public async Task A_client_that_lies_about_size_gets_552_after_its_data_and_may_go_on()
    {
        await using var host = await ReceiveHost.StartAsync(new Dictionary<string, string?> { ["Receive:MaxMessageBytes"] = "10000" });
        await using var smtp = await SmtpScript.HelloAsync(host.Port);
        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com> SIZE=100"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("RCPT TO:<bob@example.org>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("DATA"), Does.StartWith("354"));

        await smtp.SendAsync("Subject: big\r\n\r\n" + string.Concat(Enumerable.Repeat(new string('x', 98) + "\r\n", 120)) + ".\r\n");

        Assert.That(await smtp.ReadReplyAsync(), Is.EqualTo("552 5.3.4 Message too big: this server accepts at most 10000 bytes"));
        Assert.That(await smtp.CommandAsync("NOOP"), Does.StartWith("250"));
        Assert.That(host.Recorded.Messages, Is.Empty);
    }

    [Test]
    public async Task Data_far_past_the_limit_is_read_only_so_far_and_the_connection_is_closed()
    {
        await using var host = await ReceiveHost.StartAsync(new Dictionary<string, string?> { ["Receive:MaxMessageBytes"] = "10000" });
        await using var smtp = await SmtpScript.HelloAsync(host.Port);
        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("RCPT TO:<bob@example.org>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("DATA"), Does.StartWith("354"));

        // A message too big is read on (and dropped) up to twice the limit plus 64 KiB, so the client still gets
        // its 552 in order; one byte more ends the session.
        await smtp.SendRawAsync(Encoding.ASCII.GetBytes(new string('x', (2 * 10000) + 65536 + 1)));

        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("552 5.3.4 Message too big").And.EndsWith("closing the connection"));
        Assert.That(await smtp.IsClosedAsync(), Is.True);
        Assert.That(host.Recorded.Messages, Is.Empty);
    }

    [Test]
    public async Task Recipients_past_the_limit_get_452_and_the_accepted_ones_are_delivered()
    {
        await using var host = await ReceiveHost.StartAsync(new Dictionary<string, string?> { ["Receive:MaxRecipients"] = "2" });
        await using var smtp = await SmtpScript.HelloAsync(host.Port);
        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("RCPT TO:<r1@example.org>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("RCPT TO:<r2@example.org>"), Does.StartWith("250"));

        Assert.That(await smtp.CommandAsync("RCPT TO:<r3@example.org>"), Is.EqualTo(
            "452 4.5.3 Too many recipients: at most 2 per message; send the rest in another message"));
        Assert.That(await smtp.CommandAsync("DATA"), Does.StartWith("354"));
        await smtp.SendAsync("Subject: two\r\n\r\nx\r\n.\r\n");
        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("250"));
        Assert.That(host.Recorded.Messages.Single().Envelope.Recipients, Is.EqualTo(new[] { "r1@example.org", "r2@example.org" }));

        // The count starts again with the next transaction.
        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("RCPT TO:<r3@example.org>"), Does.StartWith("250"));
    }

    [Test]
    public async Task A_command_line_past_the_limit_is_refused_and_the_connection_closed()
    {
        await using var host = await ReceiveHost.StartAsync(new Dictionary<string, string?> { ["Receive:MaxCommandLineBytes"] = "1024" });
        await using var smtp = await SmtpScript.HelloAsync(host.Port);

        await smtp.SendAsync("MAIL FROM:<" + new string('a', 2000));

        Assert.That(await smtp.ReadReplyAsync(), Is.EqualTo(
            "500 5.5.2 Line too long: a command line may be at most 1024 bytes; closing the connection"));
        Assert.That(await smtp.IsClosedAsync(), Is.True);
    }

    [Test]
    public async Task Lines_of_bare_lf_do_not_count_as_line_ends_for_the_limit()
    {
        await using var host = await ReceiveHost.StartAsync(new Dictionary<string, string?> { ["Receive:MaxCommandLineBytes"] = "1024" });
        await using var smtp = await SmtpScript.HelloAsync(host.Port);

        await smtp.SendAsync(string.Concat(Enumerable.Repeat("NOOP\n", 300)));

        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("500 5.5.2 Line too long"));
    }

    [Test]
    public async Task Garbage_commands_get_500_and_the_session_goes_on_until_too_many()
    {
        await using var host = await ReceiveHost.StartAsync();
        await using var smtp = await SmtpScript.HelloAsync(host.Port);

        Assert.That(await smtp.CommandAsync("HELLO WORLD"), Is.EqualTo("500 5.5.2 Syntax error: command not recognised"));
        await smtp.SendRawAsync([0x00, 0xff, 0xfe, 0x1b, (byte)'\r', (byte)'\n']);
        Assert.That(await smtp.ReadReplyAsync(), Is.EqualTo("500 5.5.2 Syntax error: command not recognised"));
        // SmtpServer's parser reports any malformed command as unrecognised.
        Assert.That(await smtp.CommandAsync("MAIL FROM:<no-domain>"), Is.EqualTo("500 5.5.2 Syntax error: command not recognised"));
        Assert.That(await smtp.CommandAsync("NOOP"), Does.StartWith("250"));

        var replies = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            replies.Add(await smtp.CommandAsync("XYZZY"));
        }

        Assert.That(replies[..4], Has.All.EqualTo("500 5.5.2 Syntax error: command not recognised"));
        Assert.That(replies[4], Is.EqualTo("421 4.7.0 Too many errors in this session; closing the connection"));
        Assert.That(await smtp.IsClosedAsync(), Is.True);
    }

    [Test]
    public async Task Commands_out_of_order_get_503()
    {
        await using var host = await ReceiveHost.StartAsync();
        await using var smtp = await SmtpScript.HelloAsync(host.Port);

        Assert.That(await smtp.CommandAsync("DATA"), Does.StartWith("503 5.5.1 Bad sequence of commands"));
        Assert.That(await smtp.CommandAsync("RCPT TO:<bob@example.org>"), Does.StartWith("503 5.5.1 Bad sequence of commands"));
        Assert.That(await smtp.CommandAsync("STARTTLS"), Is.EqualTo("502 5.5.1 STARTTLS is not offered by this server"));
        Assert.That(await smtp.CommandAsync("AUTH PLAIN AGJvYgBzZWNyZXQ="), Is.EqualTo("502 5.5.1 AUTH is not offered by this server"));
        Assert.That(await smtp.SendMailAsync("alice@example.com", ["bob@example.org"], "Subject: ok\r\n\r\nok\r\n"), Does.StartWith("250"));
    }

    [Test]
    public async Task When_the_spool_cannot_store_the_message_the_client_is_told_to_try_later()
    {
        var spool = new FailingSpoolWriter();
        await using var host = await ReceiveHost.StartAsync(spool: spool);
        await using var smtp = await SmtpScript.HelloAsync(host.Port);

        Assert.That(await smtp.SendMailAsync("alice@example.com", ["bob@example.org"], "Subject: a\r\n\r\na\r\n"),
            Is.EqualTo("451 4.3.0 Temporary failure: the message could not be stored; please try again later"));
        Assert.That(await smtp.CommandAsync("NOOP"), Does.StartWith("250"));
        Assert.That(await smtp.SendMailAsync("alice@example.com", ["bob@example.org"], "Subject: b\r\n\r\nb\r\n"), Does.StartWith("451 4.3.0"));
        Assert.That(spool.Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task Connections_past_max_sessions_are_turned_away_with_421()
    {
        await using var host = await ReceiveHost.StartAsync(new Dictionary<string, string?> { ["Receive:MaxSessions"] = "1" });
        await using (var first = await SmtpScript.HelloAsync(host.Port))
        {
            await using var second = await SmtpScript.ConnectAsync(host.Port);
            Assert.That(await second.ReadReplyAsync(), Is.EqualTo("421 4.7.0 Too many connections right now; please try again later"));
            Assert.That(await second.IsClosedAsync(), Is.True);
            Assert.That(await first.CommandAsync("QUIT"), Does.StartWith("221"));
        }

        // The slot is given back when the first session has wound down; 30 s only bounds how long that may take.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); host.Status.ActiveSessions > 0 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(20);
        }
        await using var third = await SmtpScript.ConnectAsync(host.Port);
        Assert.That(await third.ReadReplyAsync(), Does.StartWith("220"));
    }

    [Test]
    public async Task A_proxy_header_from_an_untrusted_peer_does_not_open_the_relay()
    {
        await using var host = await ReceiveHost.StartAsync(new Dictionary<string, string?> { ["Receive:AllowedNetworks:0"] = "192.0.2.0/24" });
        await using var smtp = await SmtpScript.ConnectAsync(host.Port);
        await smtp.ReadReplyAsync();

        await smtp.SendAsync("PROXY TCP4 192.0.2.10 127.0.0.1 40000 25\r\n");
        Assert.That(await smtp.CommandAsync("EHLO client.example"), Does.StartWith("250"));

        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com>"), Does.StartWith("550 5.7.1 Relay access denied"));
    }

    [Test]
    public async Task A_proxy_header_from_a_trusted_proxy_is_the_client_address()
    {
        await using var host = await ReceiveHost.StartAsync(new Dictionary<string, string?>
        {
            ["Receive:AllowedNetworks:0"] = "192.0.2.0/24",
            ["Receive:TrustedProxies:0"] = "127.0.0.1/32",
        });
        await using var smtp = await SmtpScript.ConnectAsync(host.Port);
        await smtp.ReadReplyAsync();
        await smtp.SendAsync("PROXY TCP4 192.0.2.10 127.0.0.1 40000 25\r\n");
        Assert.That(await smtp.CommandAsync("EHLO client.example"), Does.StartWith("250"));

        Assert.That(await smtp.SendMailAsync("alice@example.com", ["bob@example.org"], "Subject: p\r\n\r\np\r\n"), Does.StartWith("250"));
        var spooled = host.Recorded.Messages.Single();
        Assert.That(spooled.Envelope.ClientAddress, Is.EqualTo("192.0.2.10"));
        Assert.That(Encoding.ASCII.GetString(spooled.TraceHeader), Does.StartWith("Received: from client.example ([192.0.2.10])"));
    }
}
