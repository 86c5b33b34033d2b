using System.Text;
using MailGuard.Core;
using Microsoft.Extensions.Logging;

namespace MailGuard.Spool;

/// <summary>
/// Takes one message from <c>incoming</c> through the <see cref="IMessageInspector"/>: deliver (to <c>active</c>,
/// with the inspector's headers prepended), consumed (removed), or — when inspection throws — <c>hold</c>.
/// </summary>
public sealed partial class InspectStep(SpoolStore spool, IMessageInspector inspector, ILogger<InspectStep> logger)
{
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

        Inspection inspection;
        try
        {
            inspection = await inspector.InspectAsync(entry.Envelope, entry.OpenMessage, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // Fail closed: a message that could not be judged is never delivered.
            await spool.MoveAsync(id, SpoolQueue.Incoming, SpoolQueue.Hold);
            LogHeld(logger, id, e.GetType().Name, e.Message);
            return;
        }

        if (inspection.Outcome == InspectionOutcome.Consumed)
        {
            spool.Delete(id, SpoolQueue.Incoming);
            LogConsumed(logger, id);
            return;
        }

        var envelope = entry.Envelope;
        if (inspection.AddedHeaders.Count == 0 && inspection.ExtraRecipients.Count == 0)
        {
            await spool.MoveAsync(id, SpoolQueue.Incoming, SpoolQueue.Active);
        }
        else
        {
            // Copy, commit, delete: the delivery copy is durable before the incoming copy goes.
            var recipients = envelope.Recipients.Concat(inspection.ExtraRecipients).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            envelope = envelope with { Recipients = recipients };
            var headers = inspection.AddedHeaders.Select(h => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(h + "\r\n")).ToList();
            await using (var message = entry.OpenMessage())
            {
                await spool.WriteAsync(SpoolQueue.Active, envelope, headers, message, cancellationToken);
            }
            spool.Delete(id, SpoolQueue.Incoming);
        }
        LogDeliver(logger, id, envelope.Recipients.Count, inspection.AddedHeaders.Count);
    }

    [LoggerMessage(EventId = 10, EventName = "inspect.deliver", Level = LogLevel.Information,
        Message = "{QueueId} inspected: deliver to {Recipients} recipients, {AddedHeaders} headers added")]
    private static partial void LogDeliver(ILogger logger, SpoolId queueId, int recipients, int addedHeaders);

    [LoggerMessage(EventId = 11, EventName = "inspect.consumed", Level = LogLevel.Information,
        Message = "{QueueId} inspected: taken by the inspector")]
    private static partial void LogConsumed(ILogger logger, SpoolId queueId);

    [LoggerMessage(EventId = 12, EventName = "inspect.hold", Level = LogLevel.Error,
        Message = "{QueueId} could not be inspected ({Error}: {Reason}); moved to hold/")]
    private static partial void LogHeld(ILogger logger, SpoolId queueId, string error, string reason);
}
