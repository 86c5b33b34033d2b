namespace MailGuard.Quarantine;

/// <summary>
/// Failed review-console sign-ins per account name, kept in the quarantine store so that every console sharing the
/// store counts the same failures: a guess spread over several consoles meets one limit, not one limit per console.
/// Names are counted without regard to case, known or not, so a lock says nothing about which names exist.
/// </summary>
public interface ISignInFailures
{
    /// <summary>When the lock on <paramref name="name"/> ends, or null when it is not locked at <paramref name="now"/>.</summary>
    Task<DateTimeOffset?> LockedUntilAsync(string name, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one failure at <paramref name="now"/> in one statement, so failures on several consoles at once are all
    /// counted. Failures older than <paramref name="window"/>, or a lock that has run out, start the count afresh; the
    /// <paramref name="threshold"/>th failure (and any after it) locks the name for <paramref name="window"/>.
    /// </summary>
    Task<SignInFailureCount> RecordAsync(string name, DateTimeOffset now, TimeSpan window, int threshold, CancellationToken cancellationToken);

    /// <summary>Forgets the failures of <paramref name="name"/> (after a successful sign-in).</summary>
    Task ResetAsync(string name, CancellationToken cancellationToken);
}

/// <summary>The failures counted for a name, and the end of its lock when the count locked it.</summary>
public readonly record struct SignInFailureCount(int Count, DateTimeOffset? LockedUntil);

/// <summary>The SQL both stores run for <see cref="ISignInFailures"/> (times as each store keeps them).</summary>
internal static class SignInFailureSql
{
    // A name's row is fresh when it is locked still, or unlocked with its last failure inside the window.
    private const string Stale = "((review_signin_failures.locked_until IS NOT NULL AND review_signin_failures.locked_until <= @now) "
        + "OR (review_signin_failures.locked_until IS NULL AND review_signin_failures.last_at < @staleBefore))";

    private const string Counted = $"CASE WHEN {Stale} THEN 1 ELSE review_signin_failures.failures + 1 END";

    public const string Record = $"""
        INSERT INTO review_signin_failures (name, failures, last_at, locked_until)
        VALUES (@name, 1, @now, CASE WHEN 1 >= @threshold THEN @until END)
        ON CONFLICT (name) DO UPDATE SET
            failures = {Counted},
            last_at = @now,
            locked_until = CASE WHEN {Counted} >= @threshold THEN @until END
        RETURNING failures, locked_until
        """;

    // Rows that neither lock nor count any more: a spray of made-up names does not grow the table for good.
    public const string Prune = "DELETE FROM review_signin_failures WHERE last_at < @staleBefore AND (locked_until IS NULL OR locked_until <= @now)";

    public const string LockedUntil = "SELECT locked_until FROM review_signin_failures WHERE name = @name AND locked_until > @now";

    public const string Reset = "DELETE FROM review_signin_failures WHERE name = @name";

    /// <summary>The key a name is counted under: case does not make another name.</summary>
    public static string Key(string name) => name.ToLowerInvariant();
}
