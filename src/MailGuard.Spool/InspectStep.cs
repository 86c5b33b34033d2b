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
    /// <summary>Messages above this size are admitted against <see cref="LargeBudgetBytes"/>.</summary>
    /// <remarks>
    /// Scanning holds a message's decoded text several times over (a 10 MB text body is a 20 MB string, then its
    /// normalised copies), so eight lanes scanning eight big messages took the relay past 2 GB. Small messages keep
    /// every lane; big ones share a budget of message bytes in flight, which bounds the scanner's memory by the
    /// budget (one 10 MB message, or a few of 1-3 MB), not by the number of lanes.
    /// </remarks>
    internal const long LargeMessageBytes = 1024 * 1024;

    /// <summary>How many bytes of large messages may be inspected at once; a message larger than this runs alone.</summary>
    internal const long LargeBudgetBytes = 12 * LargeMessageBytes;

    private const int BudgetUnits = (int)(LargeBudgetBytes / LargeMessageBytes);

    // Units of LargeMessageBytes. One message at a time takes its units, so two cannot each hold part of what they need.
    private readonly SemaphoreSlim _budget = new(BudgetUnits, BudgetUnits);
    private readonly SemaphoreSlim _admission = new(1, 1);

    /// <summary>How many budget units (MiB of large messages) are being inspected now; tests watch it.</summary>
    internal int LargeInProgress => BudgetUnits - _budget.CurrentCount;

    public void Dispose()
    {
        _budget.Dispose();
        _admission.Dispose();
    }

    private static int UnitsFor(long messageBytes) =>
        messageBytes <= LargeMessageBytes ? 0 : (int)Math.Min(BudgetUnits, (messageBytes + LargeMessageBytes - 1) / LargeMessageBytes);

    private async Task<int> AdmitAsync(int units, CancellationToken cancellationToken)
    {
        if (units == 0)
        {
            return 0;
        }
        await _admission.WaitAsync(cancellationToken);
        var taken = 0;
        try
        {
            for (; taken < units; taken++)
            {
                await _budget.WaitAsync(cancellationToken);
            }
            return taken;
        }
        catch
        {
            if (taken > 0)
            {
                _budget.Release(taken);
            }
            throw;
        }
        finally
        {
            _admission.Release();
        }
    }

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
        try
        {
            var units = await AdmitAsync(UnitsFor(entry.MessageLength), cancellationToken);
            try
            {
                inspection = await inspector.InspectAsync(entry.Envelope, entry.OpenMessage, cancellationToken);
            }
            finally
            {
                if (units > 0)
                {
                    _budget.Release(units);
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

        // Recorded and fsynced after the message, then renamed: the message is written once, never copied.
        await spool.PassAsync(entry, inspection.AddedHeaders, inspection.ExtraRecipients, cancellationToken);
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
