using MailGuard.Core;
using MailGuard.Deliver;
using MailGuard.Spool;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Cli.Workers;

/// <summary>
/// Delivers everything that reaches <c>active/</c> over <c>Deliver:Concurrency</c> lanes, each with its own upstream
/// connection kept open while messages keep coming. On stop, a lane finishes the message in hand (bounded) and takes no more.
/// </summary>
internal sealed partial class DeliveryWorker(
    SpoolStore spool,
    DeliveryAgent agent,
    UpstreamFactory upstreams,
    IOptions<DeliverOptions> options,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private static readonly TimeSpan FinishGrace = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _hardStop = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Concurrency).Select(_ => LaneAsync(stoppingToken)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _hardStop.CancelAfter(FinishGrace);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _hardStop.Dispose();
        base.Dispose();
    }

    private async Task LaneAsync(CancellationToken stoppingToken)
    {
        await using var upstream = upstreams.Create();
        var reader = spool.Active;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (reader.TryRead(out var id))
                {
                    await DeliverOneAsync(id, upstream);
                    continue;
                }
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                idle.CancelAfter(options.Value.IdleTimeout);
                try
                {
                    await reader.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    await upstream.ReleaseAsync(stoppingToken);
                    await reader.WaitToReadAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverOneAsync(SpoolId id, IUpstream upstream)
    {
        try
        {
            await agent.DeliverAsync(id, upstream, _hardStop.Token);
        }
        catch (OperationCanceledException) when (_hardStop.IsCancellationRequested)
        {
            // Stopped mid-attempt: the message is still in active/ and is tried again after the restart.
        }
        catch (Exception e)
        {
            try
            {
                await agent.DeferAfterErrorAsync(id, e, _hardStop.Token);
            }
            catch (Exception again) when (again is not OperationCanceledException || !_hardStop.IsCancellationRequested)
            {
                // Not even the deferral worked (disk trouble): the message stays in active/ and recovery resumes it.
                LogFailed(logger, id, e.GetType().Name, again.GetType().Name);
            }
            catch (OperationCanceledException)
            {
                // Stopping: active/ is resumed after the restart.
            }
        }
    }

    [LoggerMessage(EventId = 110, EventName = "deliver.failed", Level = LogLevel.Error,
        Message = "{QueueId} delivery step failed ({Error}) and could not be deferred ({DeferError}); left in active/ until the next start")]
    private static partial void LogFailed(ILogger logger, SpoolId queueId, string error, string deferError);
}
