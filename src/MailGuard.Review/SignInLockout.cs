using System.Collections.Concurrent;
using MailGuard.Quarantine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Review;

/// <summary>
/// Counts failed sign-ins per account name (known or not, so a lock-out says nothing about which names exist)
/// and locks a name for <see cref="ReviewOptions.LockoutMinutes"/> after <see cref="ReviewOptions.LockoutThreshold"/> failures.
/// With a quarantine store the count is the store's (<see cref="ISignInFailures"/>), so a guess spread over several
/// consoles sharing it meets one limit. Without one (a console over another store), or while the store cannot be
/// reached, this console counts on its own, so a broken database never lifts the limit.
/// </summary>
internal sealed partial class SignInLockout(IOptions<ReviewOptions> options, TimeProvider clock, ISignInFailures? shared, ILogger<SignInLockout> logger)
{
    // Bounds memory under a spray of made-up names; expired entries are dropped first.
    private const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<string, Failures> failures = new(StringComparer.OrdinalIgnoreCase);

    private TimeSpan Window => TimeSpan.FromMinutes(options.Value.LockoutMinutes);

    public async Task<bool> IsLockedOutAsync(string name, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (failures.TryGetValue(name, out var f) && f.LockedUntil is { } until && until > now)
        {
            return true;
        }
        if (shared is null)
        {
            return false;
        }
        try
        {
            return await shared.LockedUntilAsync(name, now, cancellationToken) is not null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStoreFailed(logger, e.GetType().Name, e.Message);
            return false;
        }
    }

    /// <summary>Records a failure; true when this one locked the name.</summary>
    public async Task<bool> RecordFailureAsync(string name, CancellationToken cancellationToken)
    {
        if (shared is not null)
        {
            try
            {
                var counted = await shared.RecordAsync(name, clock.GetUtcNow(), Window, options.Value.LockoutThreshold, cancellationToken);
                return counted.LockedUntil is not null && counted.Count == options.Value.LockoutThreshold;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStoreFailed(logger, e.GetType().Name, e.Message);
            }
        }
        return RecordLocally(name);
    }

    public async Task ResetAsync(string name, CancellationToken cancellationToken)
    {
        failures.TryRemove(name, out _);
        if (shared is null)
        {
            return;
        }
        try
        {
            await shared.ResetAsync(name, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStoreFailed(logger, e.GetType().Name, e.Message);
        }
    }

    private bool RecordLocally(string name)
    {
        var now = clock.GetUtcNow();
        var window = Window;
        if (failures.Count >= MaxTracked)
        {
            foreach (var (key, value) in failures.Where(p => p.Value.LastAt + window < now).ToList())
            {
                failures.TryRemove(key, out _);
            }
        }
        var updated = failures.AddOrUpdate(
            name,
            _ => new Failures(1, now, null),
            (_, f) =>
            {
                // A lock that has run out, or failures older than the window, start the count afresh.
                var stale = f.LockedUntil is { } until ? until <= now : f.LastAt + window < now;
                var count = stale ? 1 : f.Count + 1;
                return new Failures(count, now, count >= options.Value.LockoutThreshold ? now + window : null);
            });
        return updated.LockedUntil is not null && updated.Count == options.Value.LockoutThreshold;
    }

    [LoggerMessage(EventId = 620, EventName = "review.signin.lockout-store-failed", Level = LogLevel.Error,
        Message = "review sign-in failures could not be read or counted in the quarantine store ({Error}: {Reason}); this console counts them on its own meanwhile")]
    private static partial void LogStoreFailed(ILogger logger, string error, string reason);

    private sealed record Failures(int Count, DateTimeOffset LastAt, DateTimeOffset? LockedUntil);
}
