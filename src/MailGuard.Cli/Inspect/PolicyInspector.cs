using MailGuard.Core;
using MailGuard.Quarantine;
using MailGuard.Scan;
using MailGuard.Scan.Decide;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MailGuard.Cli.Inspect;

/// <summary>Scans one message (the relay's <see cref="MessageScanner.ScanAsync"/>; a test may put a failing one here).</summary>
public delegate Task<ScanReport> ScanMessage(Stream message, Envelope envelope, CancellationToken cancellationToken);

/// <summary>
/// The relay's judgement of each spooled message: scan, decide, then deliver (with the verdict headers and any
/// compliance copy), quarantine, or reject. Quarantine and reject are durable in the store, with their notices in its
/// outbox, before the spool entry is let go. A scan that fails or runs out of time holds the message (fail closed).
/// At most <c>scanSlots</c> scans run at once (by default two per core): the relay's inspection lanes spend most of
/// their time waiting for the disk (the spool record's fsync, the quarantine's commit), and that wait holds no slot.
/// </summary>
public sealed partial class PolicyInspector(
    ScanMessage scan,
    IQuarantineStore store,
    IDeliveryQueue queue,
    IOptions<PolicyOptions> options,
    IOptions<QuarantineOptions> quarantine,
    TimeProvider clock,
    ILogger<PolicyInspector> logger,
    QuarantineHealth? health = null,
    int? scanSlots = null) : IMessageInspector
{
    private readonly SemaphoreSlim _scans = new(scanSlots ?? 2 * Environment.ProcessorCount);

    public async Task<Inspection> InspectAsync(Envelope envelope, Func<Stream> openMessage, CancellationToken cancellationToken)
    {
        var timeout = options.Value.ScanTimeout;
        ScanReport report;
        // Waiting for a slot is queueing, not scanning: the scan's time limit starts once it has one.
        await _scans.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var started = clock.GetTimestamp();
        try
        {
            // On the thread pool and awaited with a deadline: extraction is partly synchronous, and a scan that ignores
            // its token must still not hold up the relay. Its slot is freed when it really ends, even past the deadline,
            // so scans that overran cannot pile up on the cores.
            var scanning = Task.Run(async () =>
            {
                try
                {
                    await using var message = openMessage();
                    return await scan(message, envelope, limit.Token).ConfigureAwait(false);
                }
                finally
                {
                    _scans.Release();
                }
            }, CancellationToken.None);
            report = await scanning.WaitAsync(timeout, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is TimeoutException or OperationCanceledException)
        {
            return await HoldUnscannedAsync(envelope, openMessage, $"the scan took longer than {timeout.TotalSeconds:0} seconds", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception text may quote the message; the type names the failure without personal data.
            return await HoldUnscannedAsync(envelope, openMessage, $"the scan failed ({e.GetType().Name})", cancellationToken).ConfigureAwait(false);
        }

        RelayMetrics.ScanSeconds.Observe(clock.GetElapsedTime(started).TotalSeconds);
        var verdict = report.Verdict;
        var kinds = string.Join(",", verdict.Findings.GroupBy(f => f.Kind).Select(g => $"{g.Key}:{g.Count()}"));
        RelayMetrics.Inspected.WithLabels(verdict.Monitor ? "monitor" : verdict.Name).Inc();
        if (verdict.Monitor)
        {
            LogMonitor(logger, envelope.Id, verdict.Name, verdict.Rule, kinds);
            return Inspection.Deliver(VerdictHeaders(envelope, "pass"));
        }
        LogVerdict(logger, envelope.Id, verdict.Name, verdict.Rule, kinds);
        switch (verdict.Action)
        {
            case VerdictAction.Quarantine:
                var notices = new List<OutboxKind>();
                if (verdict.Notify.HasFlag(NotifyTargets.Sender))
                {
                    notices.Add(OutboxKind.SenderHeld);
                }
                if (verdict.Notify.HasFlag(NotifyTargets.Reviewers))
                {
                    notices.Add(OutboxKind.ReviewersHeld);
                }
                await StoreAsync(envelope, openMessage, verdict, QuarantineState.Held, notices, cancellationToken).ConfigureAwait(false);
                return Inspection.Consumed;
            case VerdictAction.Reject:
                // A rejected message is kept as evidence (its bytes expire with the record) and the sender is always told.
                await StoreAsync(envelope, openMessage, verdict, QuarantineState.Rejected, [OutboxKind.SenderRejected], cancellationToken).ConfigureAwait(false);
                return Inspection.Consumed;
            default:
                return await DeliverAsync(envelope, openMessage, verdict, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Inspection> DeliverAsync(Envelope envelope, Func<Stream> openMessage, Verdict verdict, CancellationToken cancellationToken)
    {
        var headers = VerdictHeaders(envelope, verdict.Name).Concat(verdict.Headers.Select(h => $"{h.Key}: {h.Value}")).ToArray();
        if (string.IsNullOrEmpty(verdict.SubjectPrefix))
        {
            return new Inspection(InspectionOutcome.Deliver, headers, verdict.Bcc);
        }
        // A new subject means new bytes: queue the rewritten message ourselves and let the spool entry go.
        await using var message = await SubjectPrefix.ApplyAsync(openMessage(), headers, verdict.SubjectPrefix, cancellationToken).ConfigureAwait(false);
        var recipients = envelope.Recipients.Concat(verdict.Bcc).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        await queue.EnqueueAsync(envelope with { Recipients = recipients }, message, cancellationToken).ConfigureAwait(false);
        return Inspection.Consumed;
    }

    private async Task<Inspection> HoldUnscannedAsync(Envelope envelope, Func<Stream> openMessage, string reason, CancellationToken cancellationToken)
    {
        LogScanFailed(logger, envelope.Id, reason);
        RelayMetrics.Inspected.WithLabels("scan-failed").Inc();
        var verdict = new Verdict(VerdictAction.Quarantine, QuarantineNames.ScanFailedRule, [])
        {
            Description = new Dictionary<string, string>
            {
                ["en"] = $"The message could not be checked: {reason}. It is held until a reviewer looks at it.",
                ["ja"] = "メールの内容を確認できなかったため、確認担当者が確認するまで保留しています。",
            },
        };
        await StoreAsync(envelope, openMessage, verdict, QuarantineState.Held, [OutboxKind.SenderHeld, OutboxKind.ReviewersHeld], cancellationToken)
            .ConfigureAwait(false);
        return Inspection.Consumed;
    }

    private async Task StoreAsync(
        Envelope envelope, Func<Stream> openMessage, Verdict verdict, QuarantineState state, IReadOnlyList<OutboxKind> notices, CancellationToken cancellationToken)
    {
        // Straight from the spool file, never as one array: a held message may be as large as Receive accepts.
        await using var message = openMessage();
        var subject = "";
        try
        {
            subject = (await HeaderList.LoadAsync(message, cancellationToken).ConfigureAwait(false))[HeaderId.Subject] ?? "";
        }
        catch (FormatException)
        {
            // Headers MimeKit cannot parse: keep the message with an empty subject rather than refuse to hold it.
        }
        message.Position = 0;
        var item = QuarantineNames.NewItem(envelope, subject, message.Length, verdict, state, clock.GetUtcNow(), quarantine.Value.MaxStoredFindings);
        bool added;
        try
        {
            added = await store.AddAsync(item, message, notices, Actor.System($"rule {verdict.Rule}"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The message goes to spool hold/; the health check brings it back once the store answers again.
            health?.ReportFailure(e);
            throw;
        }
        if (added && state == QuarantineState.Held)
        {
            RelayMetrics.Held.Inc();
        }
        LogStored(logger, envelope.Id, state, added);
    }

    private static string[] VerdictHeaders(Envelope envelope, string verdict) =>
        [$"X-MailGuard-Verdict: {verdict}", $"X-MailGuard-Id: {envelope.Id}"];

    [LoggerMessage(EventId = 300, EventName = "decide.verdict", Level = LogLevel.Information,
        Message = "{QueueId} verdict {Verdict} by rule {Rule}; findings {Kinds}")]
    private static partial void LogVerdict(ILogger logger, SpoolId queueId, string verdict, string rule, string kinds);

    [LoggerMessage(EventId = 301, EventName = "decide.monitor", Level = LogLevel.Warning,
        Message = "{QueueId} monitor: would have been {Verdict} by rule {Rule}; delivered; findings {Kinds}")]
    private static partial void LogMonitor(ILogger logger, SpoolId queueId, string verdict, string rule, string kinds);

    [LoggerMessage(EventId = 302, EventName = "decide.scan-failed", Level = LogLevel.Error,
        Message = "{QueueId} held: {Reason}")]
    private static partial void LogScanFailed(ILogger logger, SpoolId queueId, string reason);

    [LoggerMessage(EventId = 303, EventName = "quarantine.stored", Level = LogLevel.Information,
        Message = "{QueueId} stored in quarantine as {State} (new: {Added})")]
    private static partial void LogStored(ILogger logger, SpoolId queueId, QuarantineState state, bool added);
}
