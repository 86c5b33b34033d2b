using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Quarantine;

/// <summary>Expires mail held longer than <see cref="QuarantineOptions.Retention"/>; the transition leaves the sender's notice.</summary>
public sealed partial class QuarantineRetention(IQuarantineStore store, IOptions<QuarantineOptions> options, TimeProvider clock, ILogger<QuarantineRetention> logger)
{
    /// <summary>Expires every item that is due; returns how many it expired.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value.Retention;
        var due = await store.ListHeldBeforeAsync(clock.GetUtcNow() - retention, cancellationToken).ConfigureAwait(false);
        var expired = 0;
        foreach (var id in due)
        {
            var outcome = await store.TransitionAsync(id, QuarantineState.Expired, Actor.System($"held longer than {retention.TotalDays:0.#} days"), cancellationToken)
                .ConfigureAwait(false);
            if (outcome == TransitionOutcome.Applied)
            {
                expired++;
                LogExpired(logger, id);
            }
        }
        return expired;
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "quarantine.expire {QueueId}")]
    private static partial void LogExpired(ILogger logger, string queueId);
}
