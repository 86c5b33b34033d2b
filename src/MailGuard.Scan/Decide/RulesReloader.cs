using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailGuard.Scan.Decide;

/// <summary>Polls the rules file; polling rather than a file watcher because watchers miss edits on network and container mounts.</summary>
public sealed class RulesReloader(RulesPolicy policy, IOptions<PolicyOptions> options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReloadInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                policy.Reload();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
