using MailGuard.Core;
using MailGuard.Quarantine;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace MailGuard.Notify;

/// <summary>
/// Carries out what quarantine transitions left in the outbox: releases go onto the delivery queue with their
/// original envelope and bytes, notices are written and queued. A row is marked done only after the queue has the
/// message durably, so a crash repeats the step rather than losing it.
/// </summary>
public sealed partial class OutboxDispatcher(IQuarantineStore store, IDeliveryQueue queue, NoticeComposer composer, ILogger<OutboxDispatcher> logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// Claims and carries out the pending rows; returns how many were done. The rows carried out are marked done together
    /// at the end of the pass (one commit): a crash before that repeats them, as it would one row at a time.
    /// </summary>
    public async Task<int> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        var done = new List<long>();
        // A claim of its own per call: rows are found again by claimant and lease end, and two calls of one
        // dispatcher within the same millisecond would otherwise each take the other's rows.
        var claimant = $"{_owner}/{Guid.NewGuid():N}";
        // A held message leaves two rows (sender, reviewers): it is read from the store once per pass.
        var items = new Dictionary<string, QuarantineItem?>();
        try
        {
            foreach (var entry in await store.ClaimOutboxAsync(claimant, Lease, 50, cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    if (!items.TryGetValue(entry.ItemId, out var item))
                    {
                        items[entry.ItemId] = item = await store.GetAsync(entry.ItemId, cancellationToken).ConfigureAwait(false);
                    }
                    await DispatchAsync(entry, item, cancellationToken).ConfigureAwait(false);
                    done.Add(entry.Id);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The lease runs out and the row is tried again.
                    LogFailed(logger, entry.ItemId, entry.Kind, e.GetType().Name, e.Message);
                }
            }
        }
        finally
        {
            if (done.Count > 0)
            {
                await store.CompleteOutboxAsync(done, CancellationToken.None).ConfigureAwait(false);
            }
        }
        return done.Count;
    }

    private async Task DispatchAsync(OutboxEntry entry, QuarantineItem? item, CancellationToken cancellationToken)
    {
        if (item is null)
        {
            LogSkipped(logger, entry.ItemId, entry.Kind, "no such item");
            return;
        }
        if (entry.Kind == OutboxKind.Release)
        {
            await using var stream = await store.OpenMessageAsync(entry.ItemId, cancellationToken).ConfigureAwait(false);
            if (stream is null)
            {
                LogSkipped(logger, entry.ItemId, entry.Kind, "message bytes are gone");
                return;
            }
            await queue.EnqueueAsync(item.Envelope, stream, cancellationToken).ConfigureAwait(false);
            LogReleased(logger, entry.ItemId, item.Envelope.Recipients.Count);
            return;
        }
        var note = entry.Kind is OutboxKind.SenderReleased or OutboxKind.SenderReviewerRejected
            ? (await store.AuditAsync(entry.ItemId, cancellationToken).ConfigureAwait(false)).LastOrDefault(a => a.From is not null)?.Reason
            : null;
        var notices = composer.Compose(entry.Kind, item, note);
        foreach (var notice in notices)
        {
            using var stream = new MemoryStream();
            await notice.Message.WriteToAsync(FormatOptions.Default, stream, cancellationToken).ConfigureAwait(false);
            stream.Position = 0;
            await queue.EnqueueAsync(notice.Envelope, stream, cancellationToken).ConfigureAwait(false);
        }
        LogNotice(logger, entry.ItemId, entry.Kind, notices.Count);
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "notify.release {QueueId} queued for {RecipientCount} recipients")]
    private static partial void LogReleased(ILogger logger, string queueId, int recipientCount);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "notify.notice {QueueId} {Kind}: {Count} notices queued")]
    private static partial void LogNotice(ILogger logger, string queueId, OutboxKind kind, int count);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning, Message = "notify.skip {QueueId} {Kind}: {Why}")]
    private static partial void LogSkipped(ILogger logger, string queueId, OutboxKind kind, string why);

    [LoggerMessage(EventId = 33, Level = LogLevel.Error, Message = "notify.failed {QueueId} {Kind}, will retry: {Error} {Detail}")]
    private static partial void LogFailed(ILogger logger, string queueId, OutboxKind kind, string error, string detail);
}
