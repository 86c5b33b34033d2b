using System.Text;
using MailGuard.Spool;
using MailGuard.Tests.Spool;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailGuard.Tests.Receive;

/// <summary>DATA goes into the spool as it arrives: in pieces, never as one message-sized buffer.</summary>
public sealed class ReceiveStreamingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_message_sent_in_pieces_cut_at_every_awkward_place_is_spooled_exactly()
    {
        await using var host = await ReceiveHost.StartAsync();
        await using var smtp = await SmtpScript.HelloAsync(host.Port);
        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("RCPT TO:<bob@example.org>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("DATA"), Does.StartWith("354"));

        // Each piece ends where a careless reader would lose track: inside a CRLF, between a line start and its
        // stuffing dot, between the dots, and inside the final CRLF.CRLF.
        string[] pieces = ["..first line stuffed\r", "\nSubject: pieces\r\n\r\n", ".", ".dot line\r\n", "..", "\r\n", "a\r\n.", "\r", "\n"];
        foreach (var piece in pieces)
        {
            await smtp.SendAsync(piece);
            await Task.Delay(20); // lets the server read each piece on its own
        }

        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("250 2.0.0 Ok: queued as "));
        Assert.That(Encoding.ASCII.GetString(host.Recorded.Messages.Single().Message),
            Is.EqualTo(".first line stuffed\r\nSubject: pieces\r\n\r\n.dot line\r\n.\r\na\r\n"));
        Assert.That(await smtp.CommandAsync("NOOP"), Does.StartWith("250"), "the session goes on after the final dot");
    }

    [Test]
    public async Task The_spool_is_handed_a_large_message_in_small_pieces_and_gets_every_byte()
    {
        var spool = new StreamingSpoolWriter();
        await using var host = await ReceiveHost.StartAsync(spool: spool);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Alice Example", "alice@example.com"));
        message.To.Add(new MailboxAddress("Bob Example", "bob@example.org"));
        message.Subject = "Five megabytes";
        var body = string.Concat(Enumerable.Range(0, 80_000).Select(i => $".line {i} of the report, dot-stuffed on the wire\r\n"));
        message.Body = new TextPart("plain") { Text = body };

        using var client = new SmtpClient { LocalDomain = "client.example" };
        await client.ConnectAsync("127.0.0.1", host.Port, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);

        var expected = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        await message.WriteToAsync(format, expected);
        Assert.That(expected.Length, Is.GreaterThan(4_000_000));
        Assert.That(spool.Messages.Single().Message, Is.EqualTo(expected.ToArray()));
        Assert.That(spool.LargestWrite, Is.LessThanOrEqualTo(64 * 1024), "never a message-sized buffer");
        Assert.That(spool.Open, Is.Zero);
    }

    [Test]
    public async Task An_empty_message_is_accepted_as_empty()
    {
        await using var host = await ReceiveHost.StartAsync();
        await using var smtp = await SmtpScript.HelloAsync(host.Port);

        var reply = await smtp.SendMailAsync("alice@example.com", ["bob@example.org"], "");

        Assert.That(reply, Does.StartWith("250 2.0.0 Ok: queued as "));
        Assert.That(host.Recorded.Messages.Single().Message, Is.Empty);
    }

    [Test]
    public async Task When_the_disk_fills_during_data_the_client_reads_451_at_the_end_and_the_session_goes_on()
    {
        var spool = new StreamingSpoolWriter(failAfterBytes: 100_000);
        await using var host = await ReceiveHost.StartAsync(spool: spool);
        await using var smtp = await SmtpScript.HelloAsync(host.Port);

        var reply = await smtp.SendMailAsync("alice@example.com", ["bob@example.org"],
            "Subject: big\r\n\r\n" + string.Concat(Enumerable.Repeat(new string('x', 998) + "\r\n", 300)));

        Assert.That(reply, Is.EqualTo("451 4.3.0 Temporary failure: the message could not be stored; please try again later"));
        Assert.That(spool.Open, Is.Zero, "the partial file is let go");
        Assert.That(await smtp.SendMailAsync("alice@example.com", ["bob@example.org"], "Subject: small\r\n\r\nfits\r\n"), Does.StartWith("250"));
    }

    [Test]
    public async Task Data_is_on_disk_while_it_arrives_and_a_client_that_leaves_midway_leaves_nothing_behind()
    {
        using var spool = new SpoolFixture();
        await using var host = await ReceiveHost.StartAsync(spool: spool.Store);
        await using var smtp = await SmtpScript.HelloAsync(host.Port);
        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("RCPT TO:<bob@example.org>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("DATA"), Does.StartWith("354"));
        var tmp = Path.Combine(spool.Directory, "tmp");

        await smtp.SendAsync("Subject: half\r\n\r\n" + string.Concat(Enumerable.Repeat(new string('y', 998) + "\r\n", 500)));
        Assert.That(await WaitAsync(() => Directory.GetFiles(tmp).Length == 1 && new FileInfo(Directory.GetFiles(tmp)[0]).Length > 400_000), Is.True,
            "the bytes so far are in the spool's tmp file");
        await smtp.DisposeAsync();

        Assert.That(await WaitAsync(() => Directory.GetFiles(tmp).Length == 0), Is.True, "the unfinished file is deleted");
        Assert.That(spool.Store.List(SpoolQueue.Incoming), Is.Empty);
        Assert.That(spool.Store.Incoming.TryRead(out _), Is.False);
    }

    [Test]
    public async Task A_message_spooled_through_the_real_store_reads_back_exactly_with_its_trace_header()
    {
        using var spool = new SpoolFixture();
        await using var host = await ReceiveHost.StartAsync(spool: spool.Store);
        await using var smtp = await SmtpScript.HelloAsync(host.Port);
        var body = "Subject: stored\r\n\r\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"line {i}\r\n..stuffed {i}\r\n"));

        var reply = await smtp.SendMailAsync("alice@example.com", ["bob@example.org", "carol@example.net"], body);

        Assert.That(reply, Does.StartWith("250 2.0.0 Ok: queued as "));
        var id = spool.Store.List(SpoolQueue.Incoming).Single();
        Assert.That(reply, Does.EndWith(id.Value));
        var entry = spool.Store.TryOpen(SpoolQueue.Incoming, id)!;
        Assert.That(entry.Envelope.Recipients, Is.EqualTo(new[] { "bob@example.org", "carol@example.net" }));
        var bytes = Encoding.ASCII.GetString(SpoolFixture.ReadAll(entry));
        Assert.That(bytes, Does.StartWith("Received: from client.example ([127.0.0.1])"));
        Assert.That(bytes[bytes.IndexOf("Subject: stored", StringComparison.Ordinal)..], Is.EqualTo(body.Replace("\r\n..", "\r\n.", StringComparison.Ordinal)));
        Assert.That(Directory.GetFiles(Path.Combine(spool.Directory, "tmp")), Is.Empty);
    }

    private static async Task<bool> WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return true;
    }
}
