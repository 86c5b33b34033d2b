using System.Collections.Concurrent;
using MailGuard.Core;
using MailGuard.Spool;

namespace MailGuard.Deliver;

/// <summary>
/// The schedule of <c>deferred/</c>: next-attempt times kept in memory (rebuilt from the state files on start),
/// and due messages claimed back into <c>active/</c> by rename.
/// </summary>
public sealed class DeferredQueue(SpoolStore spool)
{
    private readonly ConcurrentDictionary<SpoolId, DateTimeOffset> _due = new();

    /// <summary>Reads the next-attempt time of every deferred message (after spool recovery).</summary>
    public void Load()
    {
        foreach (var id in spool.List(SpoolQueue.Deferred))
        {
            DateTimeOffset when;
            try
            {
                when = DeliveryState.Parse(spool.ReadState(id)).NextAttemptAt ?? DateTimeOffset.MinValue;
            }
            catch (System.Text.Json.JsonException)
            {
                // A damaged schedule costs an early retry, nothing more.
                when = DateTimeOffset.MinValue;
            }
            _due[id] = when;
        }
    }

    internal void Add(SpoolId id, DateTimeOffset when) => _due[id] = when;

    public int Count => _due.Count;

    /// <summary>Moves every message whose time has come to <c>active/</c>; returns how many.</summary>
    public async Task<int> PromoteDueAsync(DateTimeOffset now)
    {
        var promoted = 0;
        foreach (var (id, when) in _due)
        {
            if (when <= now && _due.TryRemove(new KeyValuePair<SpoolId, DateTimeOffset>(id, when))
                && await spool.MoveAsync(id, SpoolQueue.Deferred, SpoolQueue.Active))
            {
                promoted++;
            }
        }
        return promoted;
    }
}
