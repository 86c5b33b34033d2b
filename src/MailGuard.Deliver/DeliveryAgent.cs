using MailGuard.Core;
using MailGuard.Notify;
using MailGuard.Spool;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MailGuard.Deliver;

/// <summary>
/// One delivery attempt of one message in <c>active/</c>: send to the recipients still pending, record each
/// recipient's result, send a DSN for the ones that failed for good, then delete the message or defer it.
/// </summary>
public sealed partial class DeliveryAgent(
    SpoolStore spool,
    DeferredQueue deferred,
    IDeliveryQueue queue,
    IOptions<DeliverOptions> options,
    TimeProvider clock,
    ILogger<DeliveryAgent> logger)
{
    private readonly DeliverOptions _options = options.Value;

    public async Task DeliverAsync(SpoolId id, IUpstream upstream, CancellationToken cancellationToken)
    {
        SpoolEntry? entry;
        DeliveryState state;
        try
        {
            entry = spool.TryOpen(SpoolQueue.Active, id);
            state = DeliveryState.Parse(entry is null ? null : spool.ReadState(id));
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            await spool.SetAsideAsync(SpoolQueue.Active, id, e.Message);
            return;
        }
        if (entry is null)
        {
            return;
        }
        var envelope = entry.Envelope;
        var pending = Pending(envelope, state);

        var results = pending.Count == 0 ? [] : await upstream.SendAsync(entry, pending, cancellationToken);
        var now = clock.GetUtcNow();
        var expired = Expired(envelope, now);
        var bounced = new List<FailedRecipient>();
        var delivered = 0;
        var stillPending = 0;
        foreach (var result in results)
        {
            var status = result.Status;
            var reply = result.Reply;
            if (status == RecipientStatus.Pending && expired)
            {
                status = RecipientStatus.Bounced;
                reply = $"delivery time expired after {_options.QueueLifetime.TotalDays:0.#} days; last: {result.Reply}";
            }
            switch (status)
            {
                case RecipientStatus.Bounced:
                    bounced.Add(new FailedRecipient(result.Recipient,
                        result.Status == RecipientStatus.Bounced ? result.EnhancedStatus : "4.4.7", reply,
                        result.Code == 0 ? null : _options.Host));
                    break;
                case RecipientStatus.Delivered:
                    delivered++;
                    break;
                default:
                    stillPending++;
                    break;
            }
            state.Recipients[result.Recipient] = new RecipientProgress(status, reply);
        }

        // The DSN is durable before the state says "bounced": a crash in between repeats the DSN, never loses it.
        if (bounced.Count > 0)
        {
            await NotifySenderAsync(entry, bounced, now, cancellationToken);
        }

        if (delivered > 0)
        {
            RelayMetrics.Delivered.Inc();
            RelayMetrics.DeliveryLatency.Observe(Math.Max(0, (now - envelope.ReceivedAt).TotalSeconds));
        }
        if (bounced.Count > 0)
        {
            RelayMetrics.Bounced.Inc();
        }
        if (stillPending == 0)
        {
            spool.Delete(id, SpoolQueue.Active);
            LogDone(logger, id, delivered, bounced.Count, FirstCode(results));
            return;
        }
        await DeferAsync(id, state, envelope.ReceivedAt, now, cancellationToken);
        LogDeferred(logger, id, delivered, bounced.Count, stillPending, state.Attempts, state.NextAttemptAt!.Value, FirstCode(results.Where(r => r.Status == RecipientStatus.Pending)));
    }

    /// <summary>
    /// After an attempt that broke off with an unexpected error (not an SMTP reply): the message waits in
    /// <c>deferred/</c> for its next attempt like any transient failure, instead of sitting in <c>active/</c> until a
    /// restart. Past its queue lifetime it is not deferred again: its pending recipients bounce, as after a 4xx.
    /// </summary>
    public async Task DeferAfterErrorAsync(SpoolId id, Exception error, CancellationToken cancellationToken)
    {
        SpoolEntry? entry;
        DeliveryState state;
        var now = clock.GetUtcNow();
        try
        {
            entry = spool.TryOpen(SpoolQueue.Active, id);
            if (entry is null)
            {
                return;
            }
            state = DeliveryState.Parse(spool.ReadState(id));
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            await spool.SetAsideAsync(SpoolQueue.Active, id, e.Message);
            return;
        }
        if (Expired(entry.Envelope, now))
        {
            // Only the exception's type: its text may quote an address or the message.
            var reply = $"delivery time expired after {_options.QueueLifetime.TotalDays:0.#} days; last: unexpected error ({error.GetType().Name})";
            var bounced = Pending(entry.Envelope, state).Select(r => new FailedRecipient(r, "4.4.7", reply, null)).ToList();
            if (bounced.Count > 0)
            {
                await NotifySenderAsync(entry, bounced, now, cancellationToken);
                RelayMetrics.Bounced.Inc();
            }
            spool.Delete(id, SpoolQueue.Active);
            LogExpiredAfterError(logger, id, error.GetType().Name, state.Attempts + 1, bounced.Count);
            return;
        }
        await DeferAsync(id, state, entry.Envelope.ReceivedAt, now, cancellationToken);
        LogDeferredAfterError(logger, id, error.GetType().Name, state.Attempts, state.NextAttemptAt!.Value);
    }

    private bool Expired(Envelope envelope, DateTimeOffset now) => now >= envelope.ReceivedAt + _options.QueueLifetime;

    private static List<string> Pending(Envelope envelope, DeliveryState state) =>
        [.. envelope.Recipients
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(r => !state.Recipients.TryGetValue(r, out var p) || p.Status == RecipientStatus.Pending)];

    private async Task DeferAsync(SpoolId id, DeliveryState state, DateTimeOffset receivedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        state.Attempts++;
        state.NextAttemptAt = RetrySchedule.NextAttempt(_options, state.Attempts, now, receivedAt);
        await spool.WriteStateAsync(id, state.ToBytes(), cancellationToken);
        await spool.MoveAsync(id, SpoolQueue.Active, SpoolQueue.Deferred);
        deferred.Add(id, state.NextAttemptAt.Value);
        RelayMetrics.Deferred.Inc();
    }

    private async Task NotifySenderAsync(SpoolEntry entry, List<FailedRecipient> bounced, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var envelope = entry.Envelope;
        if (envelope.MailFrom.Length == 0)
        {
            // RFC 5321 §4.5.5: never a DSN about a DSN.
            LogNoDsn(logger, envelope.Id, bounced.Count);
            return;
        }
        MimeMessage dsn;
        await using (var original = entry.OpenMessage())
        {
            dsn = DeliveryStatusNotice.Create(envelope, original, bounced, _options.HostName, now);
        }
        using var bytes = new MemoryStream();
        await dsn.WriteToAsync(FormatOptions.Default, bytes, cancellationToken);
        bytes.Position = 0;
        var dsnEnvelope = new Envelope(SpoolId.New(clock), "", [envelope.MailFrom], null, null, now, null);
        await queue.EnqueueAsync(dsnEnvelope, bytes, cancellationToken);
        LogDsn(logger, envelope.Id, dsnEnvelope.Id, bounced.Count);
    }

    private static string FirstCode(IEnumerable<RecipientResult> results) =>
        results.Select(r => r.Code == 0 ? r.EnhancedStatus : $"{r.Code} {r.EnhancedStatus}").FirstOrDefault() ?? "-";

    [LoggerMessage(EventId = 30, EventName = "deliver.done", Level = LogLevel.Information,
        Message = "{QueueId} delivered: {Delivered} delivered, {Bounced} bounced (reply {Reply})")]
    private static partial void LogDone(ILogger logger, SpoolId queueId, int delivered, int bounced, string reply);

    [LoggerMessage(EventId = 31, EventName = "deliver.deferred", Level = LogLevel.Warning,
        Message = "{QueueId} deferred: {Delivered} delivered, {Bounced} bounced, {Pending} pending after attempt {Attempts}; next at {NextAttempt:o} (reply {Reply})")]
    private static partial void LogDeferred(ILogger logger, SpoolId queueId, int delivered, int bounced, int pending, int attempts, DateTimeOffset nextAttempt, string reply);

    [LoggerMessage(EventId = 34, EventName = "deliver.deferred-after-error", Level = LogLevel.Error,
        Message = "{QueueId} delivery attempt failed unexpectedly ({Error}); deferred after attempt {Attempts}, next at {NextAttempt:o}")]
    private static partial void LogDeferredAfterError(ILogger logger, SpoolId queueId, string error, int attempts, DateTimeOffset nextAttempt);

    [LoggerMessage(EventId = 35, EventName = "deliver.expired-after-error", Level = LogLevel.Error,
        Message = "{QueueId} delivery attempt {Attempts} failed unexpectedly ({Error}) after the queue lifetime; {Bounced} recipients bounced, message removed")]
    private static partial void LogExpiredAfterError(ILogger logger, SpoolId queueId, string error, int attempts, int bounced);

    [LoggerMessage(EventId = 32, EventName = "deliver.dsn", Level = LogLevel.Information,
        Message = "{QueueId} DSN {DsnQueueId} queued to the sender for {Bounced} recipients")]
    private static partial void LogDsn(ILogger logger, SpoolId queueId, SpoolId dsnQueueId, int bounced);

    [LoggerMessage(EventId = 33, EventName = "deliver.no-dsn", Level = LogLevel.Warning,
        Message = "{QueueId} bounced for {Bounced} recipients; no DSN for the null sender")]
    private static partial void LogNoDsn(ILogger logger, SpoolId queueId, int bounced);
}
