using MailGuard.Quarantine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Cli.Workers;

/// <summary>Expires held mail past <c>Quarantine:Retention</c>, once at start and then every <c>Quarantine:SweepInterval</c>.</summary>
internal sealed partial class QuarantineRetentionWorker(QuarantineRetention retention, IOptions<QuarantineOptions> options, TimeProvider clock, ILogger<QuarantineRetentionWorker> logger)
    : PeriodicWorker(clock)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => retention.ExpireDueAsync(cancellationToken);

    protected override void OnFailed(Exception error) => LogFailed(logger, error.GetType().Name, error.Message);

    [LoggerMessage(EventId = 201, EventName = "quarantine.retention.failed", Level = LogLevel.Error, Message = "quarantine retention sweep failed ({Error}: {Reason})")]
    private static partial void LogFailed(ILogger logger, string error, string reason);
}
