using Microsoft.Extensions.Hosting;

namespace MailGuard.Cli.Workers;

/// <summary>
/// A loop that does one pass, waits its interval on the clock, and goes on: a failed pass is logged and retried at
/// the next tick, so one bad row never stops the loop.
/// </summary>
internal abstract class PeriodicWorker(TimeProvider clock) : BackgroundService
{
    /// <summary>How long to wait between passes.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass of the work.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Logs a failed pass (the subclass names the event).</summary>
    protected abstract void OnFailed(Exception error);

    /// <summary>Waits for the next pass: the interval, unless the subclass can be woken earlier.</summary>
    protected virtual Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(Interval, clock, cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    OnFailed(e);
                }
                await WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
