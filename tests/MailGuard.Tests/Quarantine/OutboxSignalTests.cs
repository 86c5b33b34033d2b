using MailGuard.Quarantine;
using Microsoft.Extensions.Time.Testing;

namespace MailGuard.Tests.Quarantine;

/// <summary>A signal is never lost: one given while nobody waits ends the next wait at once, and only that one.</summary>
public sealed class OutboxSignalTests
{
    [Test]
    public async Task A_signal_given_between_waits_ends_the_next_wait_at_once()
    {
        var signal = new OutboxSignal();
        var clock = new FakeTimeProvider();

        signal.Notify();
        var first = signal.WaitAsync(TimeSpan.FromSeconds(1), clock, CancellationToken.None);
        Assert.That(first.IsCompletedSuccessfully, Is.True, "rows committed during a pass get another pass");

        var second = signal.WaitAsync(TimeSpan.FromSeconds(1), clock, CancellationToken.None);
        Assert.That(second.IsCompleted, Is.False, "the signal was used up");
        signal.Notify();
        await second.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Without_a_signal_the_wait_ends_with_the_interval_on_the_clock()
    {
        var signal = new OutboxSignal();
        var clock = new FakeTimeProvider();

        var wait = signal.WaitAsync(TimeSpan.FromSeconds(1), clock, CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.That(wait.IsCompleted, Is.False);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public void A_stopped_wait_throws()
    {
        using var stop = new CancellationTokenSource();
        var wait = new OutboxSignal().WaitAsync(TimeSpan.FromSeconds(1), new FakeTimeProvider(), stop.Token);
        stop.Cancel();
        Assert.That(async () => await wait.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<OperationCanceledException>());
    }
}
