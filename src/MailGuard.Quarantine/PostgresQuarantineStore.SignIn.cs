namespace MailGuard.Quarantine;

/// <summary>Failed sign-ins of the review console, shared by every console using this database.</summary>
public sealed partial class PostgresQuarantineStore : ISignInFailures
{
    public async Task<DateTimeOffset?> LockedUntilAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, SignInFailureSql.LockedUntil, ("name", SignInFailureSql.Key(name)), ("now", now.ToUniversalTime()));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime until
            ? new DateTimeOffset(DateTime.SpecifyKind(until, DateTimeKind.Utc))
            : null;
    }

    public async Task<SignInFailureCount> RecordAsync(string name, DateTimeOffset now, TimeSpan window, int threshold, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        (string, object?)[] times = [("now", now.ToUniversalTime()), ("staleBefore", (now - window).ToUniversalTime())];
        await ExecuteAsync(connection, SignInFailureSql.Prune, cancellationToken, times).ConfigureAwait(false);
        SignInFailureCount counted;
        await using (var command = Command(connection, SignInFailureSql.Record,
            [.. times, ("name", SignInFailureSql.Key(name)), ("threshold", threshold), ("until", (now + window).ToUniversalTime())]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            counted = new(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return counted;
    }

    public async Task ResetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, SignInFailureSql.Reset, cancellationToken, ("name", SignInFailureSql.Key(name))).ConfigureAwait(false);
    }
}
