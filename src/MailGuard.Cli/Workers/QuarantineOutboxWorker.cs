using MailGuard.Notify;
using MailGuard.Quarantine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Cli.Workers;

/// <summary>
/// Carries out what quarantine decisions left behind (releases, notices), whoever made them: this relay, the review
/// console, or <c>mailguard quarantine</c> run elsewhere against the same store.
/// </summary>
internal sealed partial class QuarantineOutboxWorker(OutboxDispatcher dispatcher, IOptions<QuarantineOptions> options, TimeProvider clock, ILogger<QuarantineOutboxWorker> logger)
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
                    // Drain while there is work, then wait for the next tick.
                    while (await dispatcher.DispatchPendingAsync(stoppingToken) > 0)
                    {
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(logger, e.GetType().Name, e.Message);
                }
                await Task.Delay(options.Value.OutboxInterval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 200, EventName = "quarantine.outbox.failed", Level = LogLevel.Error, Message = "quarantine outbox pass failed ({Error}: {Reason})")]
    private static partial void LogFailed(ILogger logger, string error, string reason);
}
