using MailGuard.Core;
using MailGuard.Quarantine;
using MailGuard.Spool;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Cli.Workers;

/// <summary>
/// Checks the quarantine store at start and every <c>Quarantine:HealthInterval</c>. While it is down, mail the policy
/// holds cannot be stored and waits in spool <c>hold/</c> (inspection fails closed); once it is back, that mail goes to
/// <c>incoming/</c> and is inspected again, so nobody has to move it by hand. The first check that finds the store up
/// after start does the same, for mail that went to <c>hold/</c> before a restart.
/// </summary>
internal sealed partial class QuarantineHealthWorker(
    QuarantineHealth health, SpoolStore spool, IOptions<QuarantineOptions> options, TimeProvider clock, ILogger<QuarantineHealthWorker> logger)
    : PeriodicWorker(clock)
{
    private bool _seenUp;

    protected override TimeSpan Interval => options.Value.HealthInterval;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var check = await health.CheckAsync(cancellationToken);
        if (check == QuarantineCheck.Down || (check == QuarantineCheck.Up && _seenUp))
        {
            return;
        }
        _seenUp = true;
        var waiting = spool.List(SpoolQueue.Hold);
        if (waiting.Count == 0)
        {
            return;
        }
        var requeued = 0;
        foreach (var id in waiting)
        {
            if (await spool.MoveAsync(id, SpoolQueue.Hold, SpoolQueue.Incoming))
            {
                requeued++;
                LogRequeued(logger, id);
            }
        }
        LogRequeuedAll(logger, requeued);
    }

    protected override void OnFailed(Exception error) => LogFailed(logger, error.GetType().Name, error.Message);

    [LoggerMessage(EventId = 202, EventName = "quarantine.health.requeued", Level = LogLevel.Information,
        Message = "{QueueId} moved from hold/ to incoming/: the quarantine store is back, it is inspected again")]
    private static partial void LogRequeued(ILogger logger, SpoolId queueId);

    [LoggerMessage(EventId = 203, EventName = "quarantine.health.requeued-all", Level = LogLevel.Warning,
        Message = "quarantine store back: {Count} messages from hold/ inspected again")]
    private static partial void LogRequeuedAll(ILogger logger, int count);

    [LoggerMessage(EventId = 204, EventName = "quarantine.health.failed", Level = LogLevel.Error, Message = "quarantine store check failed ({Error}: {Reason})")]
    private static partial void LogFailed(ILogger logger, string error, string reason);
}
