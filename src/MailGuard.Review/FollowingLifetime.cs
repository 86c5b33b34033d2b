using Microsoft.Extensions.Hosting;

namespace MailGuard.Review;

/// <summary>
/// The console's inner application follows the outer host: it must not hook Ctrl-C or SIGTERM itself
/// (the relay decides when to stop, after draining) nor announce a second "Application started".
/// </summary>
internal sealed class FollowingLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
