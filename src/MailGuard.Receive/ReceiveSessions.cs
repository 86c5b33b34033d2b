namespace MailGuard.Receive;

/// <summary>Counts live sessions over all endpoints, enforces <see cref="ReceiveOptions.MaxSessions"/>, and runs the drain on shutdown.</summary>
internal sealed class ReceiveSessions
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _drain = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _active;

    public int Active
    {
        get
        {
            lock (_lock)
            {
                return _active;
            }
        }
    }

    public bool IsDraining => _drain.IsCancellationRequested;

    /// <summary>Cancelled when shutdown begins: sessions waiting for a command then leave with 421.</summary>
    public CancellationToken Draining => _drain.Token;

    /// <summary>Takes a slot for a new session; false when full or shutting down.</summary>
    public bool TryEnter(int max)
    {
        lock (_lock)
        {
            if (IsDraining || _active >= max)
            {
                return false;
            }
            _active++;
            return true;
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            _active--;
            if (_active == 0 && IsDraining)
            {
                _idle.TrySetResult();
            }
        }
    }

    /// <summary>Stops admitting sessions and tells idle ones to leave.</summary>
    public void BeginDrain()
    {
        lock (_lock)
        {
            if (IsDraining)
            {
                return;
            }
            _drain.Cancel();
            if (_active == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    /// <summary>Completes when the last session has ended (after <see cref="BeginDrain"/>).</summary>
    public Task Idle => _idle.Task;
}
