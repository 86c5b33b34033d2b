using MailGuard.Deliver;
using Microsoft.Extensions.Hosting;

namespace MailGuard.Cli.Workers;

/// <summary>Once a second, claims the deferred messages whose next-attempt time has come back into <c>active/</c>.</summary>
internal sealed class DeferredWorker(DeferredQueue deferred, TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await deferred.PromoteDueAsync(clock.GetUtcNow());
                await Task.Delay(Tick, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
