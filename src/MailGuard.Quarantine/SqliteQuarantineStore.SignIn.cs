namespace MailGuard.Quarantine;

/// <summary>Failed sign-ins of the review console, shared by every console using this file.</summary>
public sealed partial class SqliteQuarantineStore : ISignInFailures
{
    public Task<DateTimeOffset?> LockedUntilAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = Command(connection, null, SignInFailureSql.LockedUntil,
            ("@name", SignInFailureSql.Key(name)), ("@now", now.ToUnixTimeMilliseconds()));
        return Task.FromResult(command.ExecuteScalar() is long until ? FromMs(until) : (DateTimeOffset?)null);
    }

    public Task<SignInFailureCount> RecordAsync(string name, DateTimeOffset now, TimeSpan window, int threshold, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var tx = connection.BeginTransaction();
        (string, object?)[] times = [("@now", now.ToUnixTimeMilliseconds()), ("@staleBefore", (now - window).ToUnixTimeMilliseconds())];
        Execute(connection, tx, SignInFailureSql.Prune, times);
        using var command = Command(connection, tx, SignInFailureSql.Record,
            [.. times, ("@name", SignInFailureSql.Key(name)), ("@threshold", threshold), ("@until", (now + window).ToUnixTimeMilliseconds())]);
        SignInFailureCount counted;
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            counted = new(reader.GetInt32(0), reader.IsDBNull(1) ? null : FromMs(reader.GetInt64(1)));
        }
        tx.Commit();
        return Task.FromResult(counted);
    }

    public Task ResetAsync(string name, CancellationToken cancellationToken)
    {
        using var connection = Open();
        Execute(connection, null, SignInFailureSql.Reset, ("@name", SignInFailureSql.Key(name)));
        return Task.CompletedTask;
    }
}
