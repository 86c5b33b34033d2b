using MailGuard.Core;
using Microsoft.Extensions.Logging;

namespace MailGuard.Spool;

/// <summary>
/// Takes one message from <c>incoming</c> through the <see cref="IMessageInspector"/>: deliver (to <c>active</c>,
/// with the inspector's headers and recipients recorded after the message, applied when it is read there), consumed
/// (removed), or — when inspection throws — <c>hold</c>.
/// </summary>
public sealed partial class InspectStep(SpoolStore spool, IMessageInspector inspector, ILogger<InspectStep> logger) : IDisposable
{
    /// <summary>Messages above this size are inspected one at a time.</summary>
    /// <remarks>
    /// Scanning holds a message's decoded text several times over (a 10 MB text body is a 20 MB string, then its
    /// normalised copies), so eight lanes scanning eight big messages took the relay past 2 GB. Small messages keep
    /// every lane; big ones queue for this one, which bounds the scanner's memory by one big message, not by lanes.
    /// </remarks>
    internal const long LargeMessageBytes = 1024 * 1024;

    private readonly SemaphoreSlim _large = new(1, 1);

    /// <summary>How many large messages are being inspected now (0 or 1); tests watch it.</summary>
    internal int LargeInProgress => 1 - _large.CurrentCount;

    public void Dispose() => _large.Dispose();

    public async Task ProcessAsync(SpoolId id, CancellationToken cancellationToken)
    {
        SpoolEntry? entry;
        try
        {
            entry = spool.TryOpen(SpoolQueue.Incoming, id);
        }
        catch (InvalidDataException e)
        {
            await spool.SetAsideAsync(SpoolQueue.Incoming, id, e.Message);
            return;
        }
        if (entry is null)
        {
            return;
        }
        // A crash between recording an earlier inspection and the move left its record behind: judge afresh.
        spool.DropInspection(entry);

        Inspection inspection;
        var large = entry.MessageLength > LargeMessageBytes;
        try
        {
            if (large)
            {
                await _large.WaitAsync(cancellationToken);
            }
            try
            {
                inspection = await inspector.InspectAsync(entry.Envelope, entry.OpenMessage, cancellationToken);
            }
            finally
            {
                if (large)
                {
                    _large.Release();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // Fail closed: a message that could not be judged is never delivered.
            await spool.MoveAsync(id, SpoolQueue.Incoming, SpoolQueue.Hold);
            RelayMetrics.Inspected.WithLabels("error").Inc();
            LogHeld(logger, id, e.GetType().Name, e.Message);
            return;
        }

        if (inspection.Outcome == InspectionOutcome.Consumed)
        {
            spool.Delete(id, SpoolQueue.Incoming);
            LogConsumed(logger, id);
            return;
        }

        if (inspection.AddedHeaders.Count > 0 || inspection.ExtraRecipients.Count > 0)
        {
            // Recorded and fsynced after the message, then renamed: the message is written once, never copied.
            await spool.AppendInspectionAsync(entry, inspection.AddedHeaders, inspection.ExtraRecipients, cancellationToken);
        }
        await spool.MoveAsync(id, SpoolQueue.Incoming, SpoolQueue.Active);
        LogDeliver(logger, id, entry.Envelope.Recipients.Count + inspection.ExtraRecipients.Count, inspection.AddedHeaders.Count);
    }

    // Debug: the inspector's own line (the verdict, its rule and findings) is the stage's line per message.
    [LoggerMessage(EventId = 10, EventName = "inspect.deliver", Level = LogLevel.Debug,
        Message = "{QueueId} inspected: deliver to {Recipients} recipients, {AddedHeaders} headers added")]
    private static partial void LogDeliver(ILogger logger, SpoolId queueId, int recipients, int addedHeaders);

    [LoggerMessage(EventId = 11, EventName = "inspect.consumed", Level = LogLevel.Debug,
        Message = "{QueueId} inspected: taken by the inspector")]
    private static partial void LogConsumed(ILogger logger, SpoolId queueId);

    [LoggerMessage(EventId = 12, EventName = "inspect.hold", Level = LogLevel.Error,
        Message = "{QueueId} could not be inspected ({Error}: {Reason}); moved to hold/")]
    private static partial void LogHeld(ILogger logger, SpoolId queueId, string error, string reason);
}
