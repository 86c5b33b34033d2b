using MailGuard.Spool;

namespace MailGuard.Deliver;

/// <summary>
/// Where delivered mail goes: the upstream SMTP server or the outbox folder. One instance per delivery lane;
/// it may keep its connection open between consecutive messages.
/// </summary>
public interface IUpstream : IAsyncDisposable
{
    /// <summary>Relays the spooled message, bytes unchanged, to these recipients. Never throws for delivery failures: every recipient gets a result.</summary>
    Task<IReadOnlyList<RecipientResult>> SendAsync(SpoolEntry entry, IReadOnlyList<string> recipients, CancellationToken cancellationToken);

    /// <summary>Closes an idle connection (nothing to do for the outbox).</summary>
    Task ReleaseAsync(CancellationToken cancellationToken);
}
