using MailGuard.Deliver;
using MailGuard.Spool;
using Microsoft.Extensions.Hosting;

namespace MailGuard.Cli.Workers;

/// <summary>Runs first on start: recovers the spool and reloads the retry schedule before anything is accepted or sent.</summary>
internal sealed class SpoolRecoveryWorker(SpoolStore spool, DeferredQueue deferred) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await spool.RecoverAsync(cancellationToken);
        deferred.Load();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
