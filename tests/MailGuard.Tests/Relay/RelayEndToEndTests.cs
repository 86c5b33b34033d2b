using System.Text;
using MailGuard.Tests.Deliver;
using MimeKit;

namespace MailGuard.Tests.Relay;

/// <summary>A MailKit client sends through a running MailGuard to a real upstream SMTP server on 127.0.0.1.</summary>
public sealed class RelayEndToEndTests
{
    // Generous: the shared build machine runs at a load of 30 on 2 cores; this only bounds how long a failure takes.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Test]
    public async Task The_upstream_receives_the_clients_bytes_with_only_the_verdict_and_trace_headers_added()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        var message = RelayClient.Message("identical bytes");
        // What the client puts on the wire, seen by the same kind of server without MailGuard in between.
        await RelayClient.SendAsync(upstream.Port, message);
        var direct = (await upstream.WaitForAsync(1)).Single().Bytes;

        await using (var relay = await RelayFixture.StartAsync(upstream.Port))
        {
            await RelayClient.SendAsync(relay.Port, message);
            await upstream.WaitForAsync(2, Patience);
        }

        var relayed = upstream.Received[1];
        Assert.That(relayed.MailFrom, Is.EqualTo("sato@example.com"));
        Assert.That(relayed.Recipients, Is.EqualTo(new[] { "tanaka@example.org" }));
        var trace = relayed.Bytes.Length - direct.Length;
        Assert.That(trace, Is.GreaterThan(0));
        Assert.That(relayed.Bytes[trace..], Is.EqualTo(direct), "everything after the trace header is what the client sent");
        var header = Encoding.ASCII.GetString(relayed.Bytes[..trace]);
        // The policy's verdict headers come first, then the trace header.
        Assert.That(header, Does.Match(@"^X-MailGuard-Verdict: pass\r\nX-MailGuard-Id: [0-9A-Z]{18}\r\n"));
        header = header[(header.IndexOf("Received: from ", StringComparison.Ordinal))..];
        Assert.That(header, Does.StartWith("Received: from "));
        Assert.That(header, Does.Contain("by mailguard.example.com"));
        Assert.That(header.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1), Has.All.Match(@"^[ \t]"), "one folded header field");
    }

    [Test]
    public async Task A_relayed_message_moves_the_inspect_and_delivery_metrics_that_metrics_serves()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        await using var relay = await RelayFixture.StartAsync(upstream.Port);
        var before = await ScrapeAsync();

        await RelayClient.SendAsync(relay.Port, RelayClient.Message("counted"));
        Assert.That(await relay.WaitUntilDrainedAsync(Patience), Is.True);
        // An outside sender may not relay: refused at MAIL.
        Assert.That(() => RelayClient.SendAsync(relay.Port, RelayClient.Message("outsider", "eve@example.org"), "eve@example.org"),
            Throws.InstanceOf<MailKit.Net.Smtp.SmtpCommandException>());

        var after = await ScrapeAsync();
        // Relays in other tests may count too: this one message moves each series by at least one.
        foreach (var series in (string[])["mailguard_receive_messages_total", "mailguard_receive_refused_total{command=\"MAIL\"}",
            "mailguard_inspect_messages_total{verdict=\"pass\"}", "mailguard_deliver_delivered_total", "mailguard_delivery_latency_seconds_count"])
        {
            Assert.That(after.GetValueOrDefault(series), Is.GreaterThanOrEqualTo(before.GetValueOrDefault(series) + 1), series);
        }
    }

    /// <summary>The exposition text <c>/metrics</c> serves, as series name (with labels) to value.</summary>
    private static async Task<Dictionary<string, double>> ScrapeAsync()
    {
        using var text = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text);
        return Encoding.UTF8.GetString(text.ToArray()).Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task A_30_MB_message_reaches_the_upstream_byte_for_byte()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        var message = RelayClient.Message("thirty megabytes");
        var picture = new byte[22 * 1024 * 1024];
        new Random(7).NextBytes(picture);
        "\x89PNG\r\n\x1a\n"u8.CopyTo(picture);
        var body = new Multipart("mixed")
        {
            message.Body!,
            new MimePart("image", "png") { FileName = "site-survey.png", Content = new MimeContent(new MemoryStream(picture)), ContentTransferEncoding = ContentEncoding.Base64 },
        };
        message.Body = body;
        await RelayClient.SendAsync(upstream.Port, message);
        var direct = (await upstream.WaitForAsync(1, Patience)).Single().Bytes;
        Assert.That(direct, Has.Length.GreaterThan(30_000_000));

        await using (var relay = await RelayFixture.StartAsync(upstream.Port))
        {
            await RelayClient.SendAsync(relay.Port, message);
            await upstream.WaitForAsync(2, Patience);
            Assert.That(Directory.GetFiles(Path.Combine(relay.Spool.Root, "tmp")), Is.Empty);
        }

        var relayed = upstream.Received[1].Bytes;
        var added = relayed.Length - direct.Length;
        Assert.That(Encoding.ASCII.GetString(relayed, 0, added), Does.StartWith("X-MailGuard-Verdict: pass\r\n").And.Contain("\r\nReceived: from "));
        Assert.That(relayed.AsSpan(added).SequenceEqual(direct), Is.True, "everything after the added headers is what the client sent");
    }

    [Test]
    public async Task A_message_to_several_recipients_is_delivered_once_with_all_of_them()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        await using var relay = await RelayFixture.StartAsync(upstream.Port);
        string[] to = ["tanaka@example.org", "suzuki@example.net", "kato@example.com"];

        await RelayClient.SendAsync(relay.Port, RelayClient.Message("three recipients", to: to), to: to);

        Assert.That(await relay.WaitUntilDrainedAsync(Patience), Is.True);
        Assert.That(upstream.Received.Single().Recipients, Is.EqualTo(to));
    }

    [Test]
    public async Task A_recipient_refused_upstream_gets_a_DSN_to_the_sender_while_the_others_are_delivered()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        upstream.RecipientReplies["nobody@example.org"] = TestUpstream.Reply(550, "5.1.1 User unknown");
        await using var relay = await RelayFixture.StartAsync(upstream.Port);
        string[] to = ["tanaka@example.org", "nobody@example.org"];

        await RelayClient.SendAsync(relay.Port, RelayClient.Message("one refused", to: to), to: to);

        Assert.That(await relay.WaitUntilDrainedAsync(Patience), Is.True);
        var received = await upstream.WaitForAsync(2, Patience);
        var delivered = received.Single(m => m.MailFrom == "sato@example.com");
        Assert.That(delivered.Recipients, Is.EqualTo(new[] { "tanaka@example.org" }));
        var dsn = received.Single(m => m.MailFrom == "");
        Assert.That(dsn.Recipients, Is.EqualTo(new[] { "sato@example.com" }));
        AssertDsnFor(dsn, "nobody@example.org", "5.1.1");
    }

    [Test]
    public async Task A_5xx_for_every_recipient_sends_only_a_DSN_to_the_sender()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        upstream.RecipientReplies["tanaka@example.org"] = TestUpstream.Reply(550, "5.7.1 Relaying denied");
        await using var relay = await RelayFixture.StartAsync(upstream.Port);

        await RelayClient.SendAsync(relay.Port, RelayClient.Message("refused"));

        Assert.That(await relay.WaitUntilDrainedAsync(Patience), Is.True);
        var dsn = (await upstream.WaitForAsync(1, Patience)).Single();
        Assert.That(dsn.MailFrom, Is.Empty);
        AssertDsnFor(dsn, "tanaka@example.org", "5.7.1");
    }

    [Test]
    public async Task A_4xx_then_250_delivers_the_message_once()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        upstream.RecipientReplies["tanaka@example.org"] = TestUpstream.Reply(451, "4.3.0 Try again later");
        await using var relay = await RelayFixture.StartAsync(upstream.Port);

        await RelayClient.SendAsync(relay.Port, RelayClient.Message("greylisted"));
        Assert.That(await relay.WaitForDeferredAsync(Patience), Is.True);
        upstream.RecipientReplies.Clear();

        Assert.That(await relay.WaitUntilDrainedAsync(Patience), Is.True);
        Assert.That(upstream.Received.Select(m => RelayClient.Subject(m.Bytes)), Is.EqualTo(new[] { "greylisted" }));
    }

    [Test]
    public async Task When_the_upstream_is_down_at_first_every_message_arrives_once_after_it_starts()
    {
        var upstream = new TestUpstream();
        await using var relay = await RelayFixture.StartAsync(upstream.Port);
        var subjects = Enumerable.Range(1, 5).Select(i => $"queued {i}").ToList();

        foreach (var subject in subjects)
        {
            await RelayClient.SendAsync(relay.Port, RelayClient.Message(subject));
        }
        Assert.That(await relay.WaitForDeferredAsync(Patience), Is.True);
        await using (await upstream.StartAsync())
        {
            Assert.That(await relay.WaitUntilDrainedAsync(Patience), Is.True);
            Assert.That(upstream.Received.Select(m => RelayClient.Subject(m.Bytes)), Is.EquivalentTo(subjects));
        }
    }

    private static void AssertDsnFor(ReceivedMessage dsn, string recipient, string status)
    {
        var message = MimeMessage.Load(new MemoryStream(dsn.Bytes));
        Assert.That(message.Body, Is.InstanceOf<MultipartReport>());
        var report = (MultipartReport)message.Body!;
        Assert.That(report.ReportType, Is.EqualTo("delivery-status"));
        var text = report.OfType<TextPart>().First(p => p.IsPlain).Text;
        Assert.That(text, Does.Contain("配信できませんでした").And.Contain("could not be delivered").And.Contain(recipient));
        var group = report.OfType<MessageDeliveryStatus>().Single().StatusGroups[1];
        Assert.That(group["Final-Recipient"], Is.EqualTo("rfc822; " + recipient));
        Assert.That(group["Status"], Is.EqualTo(status));
        Assert.That(report.OfType<TextRfc822Headers>().Single().Message?.Subject, Is.Not.Empty, "the original headers come back");
    }
}
