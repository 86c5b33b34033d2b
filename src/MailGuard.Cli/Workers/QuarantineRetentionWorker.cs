using MailGuard.Quarantine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Cli.Workers;

/// <summary>Expires held mail past <c>Quarantine:Retention</c>, once at start and then every <c>Quarantine:SweepInterval</c>.</summary>
internal sealed partial class QuarantineRetentionWorker(QuarantineRetention retention, IOptions<QuarantineOptions> options, TimeProvider clock, ILogger<QuarantineRetentionWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await retention.ExpireDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(logger, e.GetType().Name, e.Message);
                }
                await Task.Delay(options.Value.SweepInterval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 201, EventName = "quarantine.retention.failed", Level = LogLevel.Error, Message = "quarantine retention sweep failed ({Error}: {Reason})")]
    private static partial void LogFailed(ILogger logger, string error, string reason);
}
