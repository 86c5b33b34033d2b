using MailGuard.Cli.Workers;
using MailGuard.Notify;
using MailGuard.Quarantine;
using MailGuard.Tests.Quarantine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace MailGuard.Tests.Notify;

/// <summary>
/// The outbox worker sends a held message's notice as soon as the hold is committed, not at its next tick; rows
/// written by another process still go out at the tick. The clock is fake and only moves when a test moves it.
/// </summary>
public sealed class OutboxWorkerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private string _dir = "";
    private WatchedClock _clock = null!;
    private OutboxSignal _signal = null!;
    private SqliteQuarantineStore _store = null!;
    private RecordingDeliveryQueue _queue = null!;
    private QuarantineOutboxWorker _worker = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _dir = Directory.CreateTempSubdirectory("mailguard-outbox-worker-").FullName;
        _clock = new WatchedClock(new FakeTimeProvider());
        _signal = new OutboxSignal();
        _store = SqliteQuarantineStore.AtPath(Path.Combine(_dir, "q.db"), _clock, outboxSignal: _signal);
        _queue = new RecordingDeliveryQueue();
        var dispatcher = new OutboxDispatcher(_store, _queue, NoticeComposerTests.Composer(), NullLogger<OutboxDispatcher>.Instance);
        _worker = new QuarantineOutboxWorker(dispatcher, _signal, Options.Create(new QuarantineOptions { OutboxInterval = Interval }), _clock,
            NullLogger<QuarantineOutboxWorker>.Instance);
        await _worker.StartAsync(CancellationToken.None);
        // The first pass found nothing and the worker now waits for its interval on the clock.
        Assert.That(await _clock.TimerSet.Task.WaitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo(Interval));
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _worker.StopAsync(CancellationToken.None);
        _worker.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task A_held_message_s_notice_goes_out_without_the_clock_moving()
    {
        var start = _clock.GetUtcNow();
        var item = QuarantineStoreContract.Item("0000000001CCCCCCCC");

        await _store.AddAsync(item, QuarantineStoreContract.Message, [OutboxKind.SenderHeld], Actor.System("policy"), CancellationToken.None);

        var notice = await NextQueuedAsync();
        Assert.That(notice.Envelope.Recipients, Is.EqualTo(new[] { "Alice@example.com" }));
        Assert.That(MimeMessage.Load(new MemoryStream(notice.Bytes)).Headers["X-MailGuard-Notice"], Is.EqualTo("sender-held"));
        Assert.That(_clock.GetUtcNow(), Is.EqualTo(start), "nobody moved the clock");
    }

    [Test]
    public async Task A_release_decided_in_this_process_is_queued_without_the_clock_moving()
    {
        var item = QuarantineStoreContract.Item("0000000002CCCCCCCC");
        await _store.AddAsync(item, QuarantineStoreContract.Message, [], Actor.System("policy"), CancellationToken.None);

        await _store.TransitionAsync(item.Id, QuarantineState.Released, new Actor("r1", "ok", "review"), CancellationToken.None);

        var released = await NextQueuedAsync(e => e.Envelope.Id.Value == item.Id);
        Assert.That(released.Bytes, Is.EqualTo(QuarantineStoreContract.Message));
    }

    [Test]
    public async Task A_row_written_by_another_process_goes_out_at_the_next_tick()
    {
        // Another instance (or `mailguard quarantine` on another host) writes to the same database: no signal reaches us.
        var elsewhere = SqliteQuarantineStore.AtPath(Path.Combine(_dir, "q.db"), _clock);
        await elsewhere.AddAsync(QuarantineStoreContract.Item("0000000003CCCCCCCC"), QuarantineStoreContract.Message, [OutboxKind.SenderHeld],
            Actor.System("policy"), CancellationToken.None);
        Assert.That(_queue.Queued, Is.Empty, "nothing has woken the worker yet");

        _clock.Inner.Advance(Interval);

        var notice = await NextQueuedAsync();
        Assert.That(notice.Envelope.Recipients, Is.EqualTo(new[] { "Alice@example.com" }));
    }

    /// <summary>Waits (real time, bounded) for the worker to queue a message; the fake clock is left alone.</summary>
    private async Task<(MailGuard.Core.Envelope Envelope, byte[] Bytes)> NextQueuedAsync(Func<(MailGuard.Core.Envelope Envelope, byte[] Bytes), bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = _queue.Queued.FirstOrDefault(e => match?.Invoke(e) ?? true);
            if (found.Bytes is not null)
            {
                return found;
            }
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>A fake clock that says when the first timer is set (the worker has finished a pass and waits).</summary>
    private sealed class WatchedClock(FakeTimeProvider inner) : TimeProvider
    {
        public FakeTimeProvider Inner => inner;

        public TaskCompletionSource<TimeSpan> TimerSet { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = inner.CreateTimer(callback, state, dueTime, period);
            TimerSet.TrySetResult(dueTime);
            return timer;
        }
    }
}
