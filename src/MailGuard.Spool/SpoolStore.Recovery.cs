using MailGuard.Core;
using Microsoft.Extensions.Logging;

namespace MailGuard.Spool;

/// <summary>What recovery found on start.</summary>
/// <param name="Incoming">Messages waiting for inspection.</param>
/// <param name="Active">Messages waiting for delivery now.</param>
/// <param name="Deferred">Messages waiting for a later attempt.</param>
/// <param name="Corrupt">Files moved to <c>corrupt/</c> this time.</param>
public sealed record SpoolRecoveryReport(int Incoming, int Active, int Deferred, int Corrupt);

public sealed partial class SpoolStore
{
    /// <summary>
    /// Run once on start, before anything is accepted: drops unfinished writes in <c>tmp</c> (never acknowledged),
    /// checks every queued file and moves torn ones to <c>corrupt/</c>, drops an <c>incoming</c> copy whose message
    /// already reached delivery, and announces what is left so the workers resume it.
    /// </summary>
    public async Task<SpoolRecoveryReport> RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var leftover in Directory.EnumerateFiles(_tmp.Path))
        {
            File.Delete(leftover);
        }
        var corrupt = 0;
        var survivors = new Dictionary<SpoolQueue, List<SpoolId>>();
        foreach (var queue in (SpoolQueue[])[SpoolQueue.Active, SpoolQueue.Deferred, SpoolQueue.Incoming, SpoolQueue.Hold])
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kept = survivors[queue] = [];
            foreach (var path in Directory.EnumerateFiles(_queues[queue].Path).Order(StringComparer.Ordinal).ToList())
            {
                var name = Path.GetFileName(path);
                if (!SpoolId.IsWellFormed(name))
                {
                    corrupt += await QuarantineCorruptAsync(queue, path, "not a queue file name");
                    continue;
                }
                var id = new SpoolId(name);
                if (queue == SpoolQueue.Incoming && (survivors[SpoolQueue.Active].Contains(id) || survivors[SpoolQueue.Deferred].Contains(id)))
                {
                    // Inspection finished and wrote the delivery copy, but the crash came before the incoming copy was removed.
                    File.Delete(path);
                    continue;
                }
                try
                {
                    _ = SpoolFile.Read(path, tolerateTornRecord: queue == SpoolQueue.Incoming);
                    kept.Add(id);
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    corrupt += await QuarantineCorruptAsync(queue, path, e.Message);
                }
            }
        }
        var live = survivors.Values.SelectMany(ids => ids).Select(id => id.Value + ".json").ToHashSet();
        foreach (var state in Directory.EnumerateFiles(_state.Path).Where(p => !live.Contains(Path.GetFileName(p))))
        {
            File.Delete(state);
        }
        foreach (var id in survivors[SpoolQueue.Incoming])
        {
            Announce(SpoolQueue.Incoming, id);
        }
        foreach (var id in survivors[SpoolQueue.Active])
        {
            Announce(SpoolQueue.Active, id);
        }
        var report = new SpoolRecoveryReport(survivors[SpoolQueue.Incoming].Count, survivors[SpoolQueue.Active].Count, survivors[SpoolQueue.Deferred].Count, corrupt);
        LogRecovered(report.Incoming, report.Active, report.Deferred, report.Corrupt);
        return report;
    }

    /// <summary>Moves an unreadable message to <c>corrupt/</c> and logs why; it is never deleted.</summary>
    public Task SetAsideAsync(SpoolQueue queue, SpoolId id, string reason) =>
        QuarantineCorruptAsync(queue, PathOf(queue, id), reason);

    private async Task<int> QuarantineCorruptAsync(SpoolQueue queue, string path, string reason)
    {
        var name = Path.GetFileName(path);
        var target = Path.Combine(_queues[SpoolQueue.Corrupt].Path, name);
        if (File.Exists(target))
        {
            target += "." + Guid.NewGuid().ToString("N");
        }
        File.Move(path, target);
        await Task.WhenAll(_queues[SpoolQueue.Corrupt].SyncAsync(), _queues[queue].SyncAsync());
        LogCorrupt(name, queue, reason);
        return 1;
    }

    [LoggerMessage(EventId = 2, EventName = "spool.recovered", Level = LogLevel.Information,
        Message = "spool recovered: {Incoming} incoming, {Active} active, {Deferred} deferred, {Corrupt} moved to corrupt")]
    private partial void LogRecovered(int incoming, int active, int deferred, int corrupt);

    [LoggerMessage(EventId = 3, EventName = "spool.corrupt", Level = LogLevel.Error,
        Message = "{QueueId} in {Queue} is unreadable ({Reason}); moved to corrupt/")]
    private partial void LogCorrupt(string queueId, SpoolQueue queue, string reason);
}
