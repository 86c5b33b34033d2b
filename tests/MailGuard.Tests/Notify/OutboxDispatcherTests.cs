using MailGuard.Notify;
using MailGuard.Quarantine;
using MailGuard.Tests.Quarantine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace MailGuard.Tests.Notify;

public sealed class OutboxDispatcherTests
{
    private string _dir = "";
    private IQuarantineStore _store = null!;
    private RecordingDeliveryQueue _queue = null!;
    private OutboxDispatcher _dispatcher = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("mailguard-outbox-").FullName;
        _clock = new FakeTimeProvider();
        _store = SqliteQuarantineStore.AtPath(Path.Combine(_dir, "q.db"), _clock);
        _queue = new RecordingDeliveryQueue();
        _dispatcher = new OutboxDispatcher(_store, _queue, NoticeComposerTests.Composer(), NullLogger<OutboxDispatcher>.Instance);
    }

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task Two_concurrent_releases_put_the_original_message_on_the_queue_once()
    {
        var item = QuarantineStoreContract.Item("0000000001BBBBBBBB");
        await _store.AddAsync(item, QuarantineStoreContract.Message, [OutboxKind.SenderHeld], Actor.System("policy"), CancellationToken.None);
        await _dispatcher.DispatchPendingAsync(CancellationToken.None);
        Assert.That(_queue.Queued.Single().Envelope.Recipients, Is.EqualTo(new[] { "Alice@example.com" }), "the held notice");
        _queue.Queued.Clear();

        var reviewer = new Actor("r1", "ok", "cli");
        await Task.WhenAll(
            Task.Run(() => _store.TransitionAsync(item.Id, QuarantineState.Released, reviewer, CancellationToken.None)),
            Task.Run(() => _store.TransitionAsync(item.Id, QuarantineState.Released, reviewer, CancellationToken.None)));
        await Task.WhenAll(_dispatcher.DispatchPendingAsync(CancellationToken.None), _dispatcher.DispatchPendingAsync(CancellationToken.None));

        var released = _queue.Queued.Where(q => q.Envelope.Id.Value == item.Id).ToList();
        Assert.That(released, Has.Count.EqualTo(1));
        Assert.That(released[0].Bytes, Is.EqualTo(QuarantineStoreContract.Message));
        Assert.That(released[0].Envelope, Is.EqualTo(item.Envelope).Using<MailGuard.Core.Envelope>((a, b) =>
            a.MailFrom == b.MailFrom && a.Recipients.SequenceEqual(b.Recipients) && a.Id == b.Id));
        var notice = MimeMessage.Load(new MemoryStream(_queue.Queued.Single(q => q.Envelope.Id.Value != item.Id).Bytes));
        Assert.That(notice.Headers["X-MailGuard-Notice"], Is.EqualTo("sender-released"));
        Assert.That(await _dispatcher.DispatchPendingAsync(CancellationToken.None), Is.Zero);
    }

    [Test]
    public async Task A_failing_queue_leaves_the_row_for_a_later_try()
    {
        var failing = new OutboxDispatcher(_store, new FailingQueue(), NoticeComposerTests.Composer(), NullLogger<OutboxDispatcher>.Instance);
        await _store.AddAsync(QuarantineStoreContract.Item("0000000002BBBBBBBB"), QuarantineStoreContract.Message, [OutboxKind.SenderHeld], Actor.System("policy"), CancellationToken.None);

        Assert.That(await failing.DispatchPendingAsync(CancellationToken.None), Is.Zero);
        var pending = await _store.ClaimOutboxAsync("other", TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        Assert.That(pending, Is.Empty, "still leased to the failed worker");

        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.That(await _dispatcher.DispatchPendingAsync(CancellationToken.None), Is.EqualTo(1), "taken again after the lease");
        Assert.That(_queue.Queued, Has.Count.EqualTo(1));
    }

    private sealed class FailingQueue : MailGuard.Core.IDeliveryQueue
    {
        public Task EnqueueAsync(MailGuard.Core.Envelope envelope, Stream message, CancellationToken cancellationToken) =>
            throw new IOException("disk full");
    }
}
