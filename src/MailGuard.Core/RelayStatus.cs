namespace MailGuard.Core;

/// <summary>Whether the relay is accepting mail right now: Receive sets it while it listens, the health check reports it.</summary>
public sealed class RelayStatus
{
    private volatile bool _accepting;

    public bool Accepting
    {
        get => _accepting;
        set => _accepting = value;
    }
}
