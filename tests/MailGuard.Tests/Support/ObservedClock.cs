using Microsoft.Extensions.Time.Testing;

namespace MailGuard.Tests;

/// <summary>
/// A fake clock that tells a test when the code under test has armed a timer on it. Moving a fake clock before the
/// timer is armed moves it past nothing: the timer then waits for a time that never comes. A real-time pause "long
/// enough" for the server to get there is a guess that a loaded machine loses; waiting for the timer is not.
/// </summary>
internal sealed class ObservedClock : FakeTimeProvider
{
    // Only bounds how long a broken test takes to fail: the timer is normally armed at once.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly List<ObservedTimer> _timers = [];
    private readonly List<(TimeSpan DueIn, TaskCompletionSource Armed)> _waiting = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(this);
        timer.Inner = base.CreateTimer(s =>
        {
            if (period == Timeout.InfiniteTimeSpan)
            {
                Disarm(timer);
            }
            callback(s);
        }, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Completes once a live timer was armed at the clock's present time to fire <paramref name="dueIn"/> from now:
    /// the code under test is waiting on the clock, and moving it now moves that wait.
    /// </summary>
    public async Task UntilArmedAsync(TimeSpan dueIn)
    {
        var armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_timers.Any(t => IsArmed(t, dueIn)))
            {
                return;
            }
            _waiting.Add((dueIn, armed));
        }
        try
        {
            await armed.Task.WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                _waiting.RemoveAll(w => w.Armed == armed);
            }
            throw new TimeoutException($"no timer of {dueIn} was armed at {GetUtcNow():O} within {Patience.TotalSeconds} s");
        }
    }

    private bool IsArmed(ObservedTimer timer, TimeSpan dueIn) => timer.ArmedAt == GetUtcNow() && timer.DueIn == dueIn;

    private void Armed(ObservedTimer timer, TimeSpan dueTime)
    {
        List<TaskCompletionSource> done;
        lock (_lock)
        {
            if (dueTime <= TimeSpan.Zero || dueTime == Timeout.InfiniteTimeSpan)
            {
                _timers.Remove(timer);
                return;
            }
            timer.ArmedAt = GetUtcNow();
            timer.DueIn = dueTime;
            if (!_timers.Contains(timer))
            {
                _timers.Add(timer);
            }
            done = [.. _waiting.Where(w => w.DueIn == dueTime).Select(w => w.Armed)];
            _waiting.RemoveAll(w => w.DueIn == dueTime);
        }
        foreach (var waiter in done)
        {
            waiter.TrySetResult();
        }
    }

    private void Disarm(ObservedTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ObservedTimer(ObservedClock clock) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset? ArmedAt { get; set; }

        public TimeSpan DueIn { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // The real timer first: a test told "armed" may move the clock at once, and that must reach this timer.
            var changed = Inner.Change(dueTime, period);
            clock.Armed(this, dueTime);
            return changed;
        }

        public void Dispose()
        {
            clock.Disarm(this);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            clock.Disarm(this);
            return Inner.DisposeAsync();
        }
    }
}
