using MailGuard.Core;
using MailGuard.Spool;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailGuard.Cli.Workers;

/// <summary>Moves every message from <c>incoming/</c> through inspection (Postfix's cleanup): to <c>active/</c>, <c>hold/</c>, or away.</summary>
internal sealed partial class InspectWorker(SpoolStore spool, InspectStep step, ILogger<InspectWorker> logger) : BackgroundService
{
    // A lane waits on the disk (the fsync of the record and of the move, the quarantine's commit) far longer than it
    // scans: with four lanes per core, held mail waited in incoming/ for a free lane while the cores were half idle.
    // The inspector bounds how many scans run at once (PolicyInspector: two per core), so lanes only add disk waits
    // in flight, which the spool's and the quarantine's group commits turn into fewer, fuller fsyncs.
    private static readonly int Lanes = 16 * Environment.ProcessorCount;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Lanes).Select(_ => LaneAsync(stoppingToken)));

    private async Task LaneAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in spool.Incoming.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await step.ProcessAsync(id, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The message stays in incoming/ and is inspected again after a restart.
                    LogFailed(logger, id, e.GetType().Name, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 100, EventName = "inspect.failed", Level = LogLevel.Error,
        Message = "{QueueId} inspect step failed ({Error}: {Reason}); left in incoming/")]
    private static partial void LogFailed(ILogger logger, SpoolId queueId, string error, string reason);
}
