using System.Text;
using MailGuard.Core;
using MailGuard.Deliver;
using MailGuard.Spool;
using MailGuard.Tests.Spool;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace MailGuard.Tests.Deliver;

public sealed class DeliveryAgentTests
{
    private SpoolFixture _spool = null!;
    private TestUpstream _upstream = null!;
    private FakeTimeProvider _clock = null!;
    private DeliverOptions _options = null!;
    private DeferredQueue _deferred = null!;

    [SetUp]
    public async Task SetUp()
    {
        // One clock for the message's arrival and the agent's schedule: a real arrival time read seconds after the fake
        // clock was set would eat into the margins the tests step the fake clock by.
        _clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _spool = new SpoolFixture { Clock = _clock };
        _upstream = await new TestUpstream().StartAsync();
        _options = new DeliverOptions
        {
            Host = "127.0.0.1",
            Port = _upstream.Port,
            Security = DeliverSecurity.None,
            LocalDomain = "mailguard.example.com",
            ConnectTimeout = TimeSpan.FromSeconds(5),
            CommandTimeout = TimeSpan.FromSeconds(10),
        };
        _deferred = new DeferredQueue(_spool.Store);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _upstream.DisposeAsync();
        _spool.Dispose();
    }

    [Test]
    public async Task The_upstream_receives_the_original_envelope_and_exactly_the_spooled_bytes()
    {
        // 8-bit UTF-8, a line that needs dot-stuffing, a long line and trailing spaces: nothing may change.
        var body = Encoding.UTF8.GetBytes(
            "From: =?UTF-8?B?5L2Q6Jek6Iqx5a2Q?= <sato@example.com>\r\nTo: tanaka@example.org,\r\n  suzuki@example.net\r\n" +
            "Subject: 見積書\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
            "田中様\r\n.a line that starts with a dot\r\n..two dots\r\ntrailing spaces   \r\n" + new string('x', 990) + "\r\n");
        var envelope = await ActiveAsync(body, "tanaka@example.org", "suzuki@example.net");

        await using (var upstream = Upstream())
        {
            await Agent().DeliverAsync(envelope.Id, upstream, CancellationToken.None);
        }

        var received = _upstream.Received.Single();
        Assert.That(received.MailFrom, Is.EqualTo("sato@example.com"));
        Assert.That(received.Recipients, Is.EqualTo(new[] { "tanaka@example.org", "suzuki@example.net" }));
        Assert.That(received.Bytes, Is.EqualTo(SpoolFixture.Trace.Concat(body).ToArray()));
        Assert.That(_spool.Store.Depths().Values.Sum(), Is.Zero, "delivered mail leaves the spool");
    }

    [Test]
    public async Task A_refused_recipient_gets_a_DSN_to_the_sender_while_the_others_are_delivered()
    {
        _upstream.RecipientReplies["nobody@example.org"] = TestUpstream.Reply(550, "5.1.1 <nobody@example.org>: Recipient address rejected: User unknown");
        var envelope = await ActiveAsync(null, "tanaka@example.org", "nobody@example.org");

        await using (var upstream = Upstream())
        {
            await Agent().DeliverAsync(envelope.Id, upstream, CancellationToken.None);
        }

        Assert.That(_upstream.Received.Single().Recipients, Is.EqualTo(new[] { "tanaka@example.org" }));
        Assert.That(_spool.Store.TryOpen(SpoolQueue.Active, envelope.Id), Is.Null);
        var dsnEntry = _spool.Store.List(SpoolQueue.Active).Select(id => _spool.Store.TryOpen(SpoolQueue.Active, id)!).Single();
        Assert.That(dsnEntry.Envelope.MailFrom, Is.Empty, "a DSN has the null sender");
        Assert.That(dsnEntry.Envelope.Recipients, Is.EqualTo(new[] { "sato@example.com" }));
        var dsn = MimeMessage.Load(dsnEntry.OpenMessage());
        var status = ((MultipartReport)dsn.Body!).OfType<MessageDeliveryStatus>().Single();
        var recipientGroup = status.StatusGroups[1];
        Assert.That(recipientGroup["Final-Recipient"], Is.EqualTo("rfc822; nobody@example.org"));
        Assert.That(recipientGroup["Status"], Is.EqualTo("5.1.1"));
        Assert.That(recipientGroup["Diagnostic-Code"], Does.StartWith("smtp; 550 5.1.1"));
    }

    [Test]
    public async Task A_4xx_recipient_is_deferred_with_backoff_and_only_it_is_retried()
    {
        _options.RetryInitialDelay = TimeSpan.FromMinutes(1);
        _upstream.RecipientReplies["busy@example.org"] = TestUpstream.Reply(451, "4.3.0 mailbox busy, try later");
        var envelope = await ActiveAsync(null, "tanaka@example.org", "busy@example.org");
        await using var upstream = Upstream();

        await Agent().DeliverAsync(envelope.Id, upstream, CancellationToken.None);

        Assert.That(_spool.Store.TryOpen(SpoolQueue.Deferred, envelope.Id), Is.Not.Null);
        Assert.That(await _deferred.PromoteDueAsync(_clock.GetUtcNow()), Is.Zero, "not due yet");
        _clock.Advance(TimeSpan.FromMinutes(1));
        _upstream.RecipientReplies.Clear();
        Assert.That(await _deferred.PromoteDueAsync(_clock.GetUtcNow()), Is.EqualTo(1));

        await Agent().DeliverAsync(envelope.Id, upstream, CancellationToken.None);

        var received = _upstream.Received;
        Assert.That(received, Has.Count.EqualTo(2));
        Assert.That(received[0].Recipients, Is.EqualTo(new[] { "tanaka@example.org" }));
        Assert.That(received[1].Recipients, Is.EqualTo(new[] { "busy@example.org" }));
        Assert.That(_spool.Store.Depths().Values.Sum(), Is.Zero);
    }

    [Test]
    public async Task When_the_upstream_is_down_the_message_is_deferred_and_the_delay_doubles()
    {
        await _upstream.StopAsync();
        _options.RetryInitialDelay = TimeSpan.FromMinutes(1);
        var envelope = await ActiveAsync(null);
        await using var upstream = Upstream();

        await Agent().DeliverAsync(envelope.Id, upstream, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.That(await _deferred.PromoteDueAsync(_clock.GetUtcNow()), Is.Zero);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await _deferred.PromoteDueAsync(_clock.GetUtcNow()), Is.EqualTo(1));
        await Agent().DeliverAsync(envelope.Id, upstream, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(119));
        Assert.That(await _deferred.PromoteDueAsync(_clock.GetUtcNow()), Is.Zero, "second delay is two minutes");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await _deferred.PromoteDueAsync(_clock.GetUtcNow()), Is.EqualTo(1));

        await _upstream.StartAsync();
        await Agent().DeliverAsync(envelope.Id, upstream, CancellationToken.None);

        Assert.That(_upstream.Received, Has.Count.EqualTo(1));
        Assert.That(_spool.Store.Depths().Values.Sum(), Is.Zero);
    }

    [Test]
    public async Task The_schedule_survives_a_restart()
    {
        await _upstream.StopAsync();
        var envelope = await ActiveAsync(null);
        await using (var upstream = Upstream())
        {
            await Agent().DeliverAsync(envelope.Id, upstream, CancellationToken.None);
        }

        var store = _spool.Reopen();
        await store.RecoverAsync(CancellationToken.None);
        var reloaded = new DeferredQueue(store);
        reloaded.Load();

        Assert.That(await reloaded.PromoteDueAsync(_clock.GetUtcNow()), Is.Zero);
        Assert.That(await reloaded.PromoteDueAsync(_clock.GetUtcNow() + _options.RetryInitialDelay), Is.EqualTo(1));
    }

    [Test]
    public async Task After_the_queue_lifetime_the_remaining_recipients_bounce()
    {
        _upstream.RecipientReplies["busy@example.org"] = TestUpstream.Reply(451, "4.3.0 mailbox busy");
        var envelope = await ActiveAsync(null, "busy@example.org");
        _clock.Advance(_options.QueueLifetime + TimeSpan.FromMinutes(1));

        await using (var upstream = Upstream())
        {
            await Agent().DeliverAsync(envelope.Id, upstream, CancellationToken.None);
        }

        var dsn = _spool.Store.List(SpoolQueue.Active).Select(id => _spool.Store.TryOpen(SpoolQueue.Active, id)!).Single();
        var status = ((MultipartReport)MimeMessage.Load(dsn.OpenMessage()).Body!).OfType<MessageDeliveryStatus>().Single();
        Assert.That(status.StatusGroups[1]["Status"], Is.EqualTo("4.4.7"));
        Assert.That(status.StatusGroups[1]["Action"], Is.EqualTo("failed"));
        Assert.That(_spool.Store.TryOpen(SpoolQueue.Deferred, envelope.Id), Is.Null);
    }

    [Test]
    public async Task A_bounce_of_a_null_sender_message_sends_no_DSN()
    {
        _upstream.RecipientReplies["sato@example.com"] = TestUpstream.Reply(550, "5.1.1 no such user");
        var envelope = new Envelope(SpoolId.New(), "", ["sato@example.com"], null, null, _clock.GetUtcNow());
        await _spool.Store.EnqueueAsync(envelope, new MemoryStream(SpoolFixture.Message()), CancellationToken.None);

        await using (var upstream = Upstream())
        {
            await Agent().DeliverAsync(envelope.Id, upstream, CancellationToken.None);
        }

        Assert.That(_spool.Store.Depths().Values.Sum(), Is.Zero);
    }

    [Test]
    public async Task Consecutive_messages_share_one_upstream_connection()
    {
        var envelopes = new[] { await ActiveAsync(null), await ActiveAsync(null), await ActiveAsync(null) };

        await using (var upstream = Upstream())
        {
            foreach (var envelope in envelopes)
            {
                await Agent().DeliverAsync(envelope.Id, upstream, CancellationToken.None);
            }
        }

        Assert.That(_upstream.Received, Has.Count.EqualTo(3));
        Assert.That(_upstream.Sessions, Is.EqualTo(1));
    }

    [Test]
    public async Task Without_a_host_delivered_mail_is_written_to_the_outbox_unchanged()
    {
        var data = Path.Combine(_spool.Directory, "data");
        var factory = new UpstreamFactory(Options.Create(new DeliverOptions()), Options.Create(new DataOptions { DataDirectory = data }), NullLoggerFactory.Instance);
        var envelope = await ActiveAsync(null);

        await using (var upstream = factory.Create())
        {
            await Agent().DeliverAsync(envelope.Id, upstream, CancellationToken.None);
        }

        var file = Path.Combine(data, "outbox", envelope.Id + ".eml");
        Assert.That(await File.ReadAllBytesAsync(file), Is.EqualTo(SpoolFixture.Trace.Concat(SpoolFixture.Message()).ToArray()));
        Assert.That(_spool.Store.Depths().Values.Sum(), Is.Zero);
    }

    [Test]
    public async Task A_delivery_moves_the_delivered_counter_and_the_latency_histogram_by_the_time_since_acceptance()
    {
        var envelope = await ActiveAsync(null);
        _clock.SetUtcNow(envelope.ReceivedAt + TimeSpan.FromSeconds(3));
        var delivered = RelayMetrics.Delivered.Value;
        var latencies = RelayMetrics.DeliveryLatency.Count;
        var latencySum = RelayMetrics.DeliveryLatency.Sum;

        await using (var upstream = Upstream())
        {
            await Agent().DeliverAsync(envelope.Id, upstream, CancellationToken.None);
        }

        // Other tests may deliver at the same time: at least this message, and its three seconds, are counted.
        Assert.That(RelayMetrics.Delivered.Value, Is.GreaterThanOrEqualTo(delivered + 1));
        Assert.That(RelayMetrics.DeliveryLatency.Count, Is.GreaterThanOrEqualTo(latencies + 1));
        Assert.That(RelayMetrics.DeliveryLatency.Sum - latencySum, Is.GreaterThanOrEqualTo(3.0));
    }

    [Test]
    public async Task An_unexpected_delivery_error_defers_the_message_with_backoff_instead_of_leaving_it_in_active()
    {
        var envelope = await ActiveAsync(null);
        var deferredBefore = RelayMetrics.Deferred.Value;
        Exception? error = null;
        try
        {
            await Agent().DeliverAsync(envelope.Id, new BrokenUpstream(), CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            error = e;
        }
        Assert.That(error, Is.Not.Null);

        await Agent().DeferAfterErrorAsync(envelope.Id, error!, CancellationToken.None);

        Assert.That(_spool.Store.TryOpen(SpoolQueue.Active, envelope.Id), Is.Null);
        Assert.That(_spool.Store.TryOpen(SpoolQueue.Deferred, envelope.Id), Is.Not.Null);
        Assert.That(RelayMetrics.Deferred.Value, Is.GreaterThanOrEqualTo(deferredBefore + 1));
        _clock.Advance(_options.RetryInitialDelay - TimeSpan.FromSeconds(1));
        Assert.That(await _deferred.PromoteDueAsync(_clock.GetUtcNow()), Is.Zero);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await _deferred.PromoteDueAsync(_clock.GetUtcNow()), Is.EqualTo(1));
        await using (var upstream = Upstream())
        {
            await Agent().DeliverAsync(envelope.Id, upstream, CancellationToken.None);
        }
        Assert.That(_upstream.Received, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_message_whose_attempts_keep_failing_unexpectedly_bounces_to_the_sender_when_its_queue_lifetime_ends()
    {
        _options.QueueLifetime = TimeSpan.FromHours(6);
        var envelope = await ActiveAsync(null, "tanaka@example.org", "suzuki@example.net");
        var attempts = 0;
        // Each attempt throws; the clock jumps to each scheduled retry until the message leaves the queue (or 100 tries).
        while (attempts < 100)
        {
            attempts++;
            var error = Assert.ThrowsAsync<InvalidOperationException>(() => Agent().DeliverAsync(envelope.Id, new BrokenUpstream(), CancellationToken.None));
            await Agent().DeferAfterErrorAsync(envelope.Id, error!, CancellationToken.None);
            if (_spool.Store.TryOpen(SpoolQueue.Deferred, envelope.Id) is null)
            {
                break;
            }
            _clock.Advance(_options.RetryMaxDelay);
            Assert.That(await _deferred.PromoteDueAsync(_clock.GetUtcNow()), Is.EqualTo(1));
        }

        Assert.That(attempts, Is.GreaterThan(5).And.LessThan(100), "retried while the lifetime lasted, then finished");
        Assert.That(_clock.GetUtcNow(), Is.GreaterThanOrEqualTo(envelope.ReceivedAt + _options.QueueLifetime));
        Assert.That(_spool.Store.TryOpen(SpoolQueue.Active, envelope.Id), Is.Null);
        Assert.That(_spool.Store.TryOpen(SpoolQueue.Deferred, envelope.Id), Is.Null);
        var dsn = _spool.Store.List(SpoolQueue.Active).Single();
        await using (var upstream = Upstream())
        {
            await Agent().DeliverAsync(dsn, upstream, CancellationToken.None);
        }
        var notice = _upstream.Received.Single();
        Assert.That(notice.MailFrom, Is.Empty);
        Assert.That(notice.Recipients, Is.EqualTo(new[] { envelope.MailFrom }));
        var status = ((MultipartReport)MimeMessage.Load(new MemoryStream(notice.Bytes)).Body!).OfType<MessageDeliveryStatus>().Single();
        var perRecipient = status.StatusGroups.Where(g => g.Contains("Final-Recipient")).ToList();
        Assert.That(perRecipient.Select(g => g["Final-Recipient"]), Is.EqualTo(new[] { "rfc822; tanaka@example.org", "rfc822; suzuki@example.net" }));
        Assert.That(perRecipient.Select(g => g["Status"]), Is.All.EqualTo("4.4.7"));
        Assert.That(perRecipient[0]["Diagnostic-Code"], Does.Contain("InvalidOperationException").And.Not.Contain("unexpected state"));
        Assert.That(_spool.Store.Depths().Values.Sum(), Is.Zero);
    }

    /// <summary>An upstream with a bug: it throws instead of reporting per-recipient results.</summary>
    private sealed class BrokenUpstream : IUpstream
    {
        public Task<IReadOnlyList<RecipientResult>> SendAsync(SpoolEntry entry, IReadOnlyList<string> recipients, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("unexpected state");

        public Task ReleaseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private async Task<Envelope> ActiveAsync(byte[]? message, params string[] recipients)
    {
        var envelope = await _spool.AcceptAsync(message, recipients);
        await _spool.Store.MoveAsync(envelope.Id, SpoolQueue.Incoming, SpoolQueue.Active);
        return envelope;
    }

    private IUpstream Upstream() =>
        new UpstreamFactory(Options.Create(_options), Options.Create(new DataOptions()), NullLoggerFactory.Instance).Create();

    private DeliveryAgent Agent() =>
        new(_spool.Store, _deferred, _spool.Store, Options.Create(_options), _clock, NullLogger<DeliveryAgent>.Instance);
}
