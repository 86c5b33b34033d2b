namespace MailGuard.Quarantine;

/// <summary>
/// Wakes the outbox worker of this process when a store call of this process has just committed outbox rows, so a
/// held message's notice goes out now rather than at the worker's next tick. Rows written by another process (a
/// second instance, <c>mailguard quarantine</c>) are not seen here: the worker's interval stays the fallback for them
/// and the retry timer for rows that failed.
/// </summary>
public sealed class OutboxSignal
{
    private readonly Lock _gate = new();
    private bool _pending;
    private TaskCompletionSource? _waiter;

    /// <summary>Says that outbox rows were committed; a wait in progress ends, or else the next wait returns at once.</summary>
    public void Notify()
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            waiter = _waiter;
            _waiter = null;
            // Remembered when nobody waits: rows committed during a pass may have been missed by its claim.
            _pending = waiter is null;
        }
        waiter?.TrySetResult();
    }

    /// <summary>Waits until <see cref="Notify"/> is called (or was since the last wait) or <paramref name="timeout"/> has passed on <paramref name="clock"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        Task signalled;
        lock (_gate)
        {
            if (_pending)
            {
                _pending = false;
                return;
            }
            // Continuations run off the notifier's thread: a store call never runs a dispatch pass inline.
            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            signalled = _waiter.Task;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, clock, stop.Token);
        await Task.WhenAny(signalled, delay).ConfigureAwait(false);
        // Ends the timer when the signal came first; a cancelled delay is nobody's error.
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
