using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace MailGuard.Review;

/// <summary>
/// Counts failed sign-ins per account name (known or not, so a lock-out says nothing about which names exist)
/// and locks a name for <see cref="ReviewOptions.LockoutMinutes"/> after <see cref="ReviewOptions.LockoutThreshold"/> failures.
/// Per console instance: a guess spread over several consoles still meets each one's limit.
/// </summary>
internal sealed class SignInLockout(IOptions<ReviewOptions> options, TimeProvider clock)
{
    // Bounds memory under a spray of made-up names; expired entries are dropped first.
    private const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<string, Failures> failures = new(StringComparer.OrdinalIgnoreCase);

    public bool IsLockedOut(string name) =>
        failures.TryGetValue(name, out var f) && f.LockedUntil is { } until && until > clock.GetUtcNow();

    /// <summary>Records a failure; true when this one locked the name.</summary>
    public bool RecordFailure(string name)
    {
        var now = clock.GetUtcNow();
        var window = TimeSpan.FromMinutes(options.Value.LockoutMinutes);
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

    public void Reset(string name) => failures.TryRemove(name, out _);

    private sealed record Failures(int Count, DateTimeOffset LastAt, DateTimeOffset? LockedUntil);
}
