using MailGuard.Notify;
using MailGuard.Quarantine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Cli.Workers;

/// <summary>
/// Carries out what quarantine decisions left behind (releases, notices), whoever made them: this relay, the review
/// console, or <c>mailguard quarantine</c> run elsewhere against the same store. Woken as soon as this process commits
/// outbox rows; the interval is the fallback for rows written elsewhere and the retry timer for rows that failed.
/// </summary>
internal sealed partial class QuarantineOutboxWorker(
    OutboxDispatcher dispatcher, OutboxSignal signal, IOptions<QuarantineOptions> options, TimeProvider clock, ILogger<QuarantineOutboxWorker> logger)
    : PeriodicWorker(clock)
{
    private readonly TimeProvider _clock = clock;

    protected override TimeSpan Interval => options.Value.OutboxInterval;

    protected override Task WaitAsync(CancellationToken cancellationToken) => signal.WaitAsync(Interval, _clock, cancellationToken);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        // Drain while there is work, then wait for the next signal or tick.
        while (await dispatcher.DispatchPendingAsync(cancellationToken) > 0)
        {
        }
    }

    protected override void OnFailed(Exception error) => LogFailed(logger, error.GetType().Name, error.Message);

    [LoggerMessage(EventId = 200, EventName = "quarantine.outbox.failed", Level = LogLevel.Error, Message = "quarantine outbox pass failed ({Error}: {Reason})")]
    private static partial void LogFailed(ILogger logger, string error, string reason);
}
