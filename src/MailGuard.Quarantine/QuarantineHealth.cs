using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailGuard.Quarantine;

/// <summary>What one check of the store found.</summary>
public enum QuarantineCheck
{
    /// <summary>Reachable, as it was.</summary>
    Up,

    /// <summary>Reachable again after a check that found it down.</summary>
    Recovered,

    /// <summary>Not reachable (or its schema cannot be made).</summary>
    Down,
}

/// <summary>
/// Whether the quarantine store can be used, as last checked: a PostgreSQL server that is down shows at start and on
/// <c>/health</c>, not only at the first message held. Logs the first result and every change, naming the store by
/// host and database (never the password).
/// </summary>
public sealed partial class QuarantineHealth(IQuarantineStore store, IOptions<QuarantineOptions> options, IConfiguration configuration, ILogger<QuarantineHealth> logger)
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);
    private bool? _up;
    private int _failures;
    private int _failuresSeen;

    /// <summary>True or false as last checked; null before the first check.</summary>
    public bool? IsUp => _up;

    /// <summary>The store for people: <c>PostgreSQL db.example.com:5432/mailguard</c> or <c>SQLite data/quarantine.db</c>.</summary>
    public string Location { get; } = Describe(options.Value, configuration);

    /// <summary>
    /// A store operation outside the checks failed (a message to hold could not be stored and went to spool
    /// <c>hold/</c>). The store counts as down until a check finds it up, and that check is a recovery: mail that waited
    /// in <c>hold/</c> is inspected again even after an outage shorter than the check interval.
    /// </summary>
    public void ReportFailure(Exception error)
    {
        Interlocked.Increment(ref _failures);
        if (_up != false)
        {
            _up = false;
            LogDown(logger, Location, error.GetBaseException().Message);
        }
    }

    /// <summary>Checks the store once, within a timeout. One caller at a time (the relay's health worker).</summary>
    public async Task<QuarantineCheck> CheckAsync(CancellationToken cancellationToken)
    {
        // Read before the check: a failure reported while it runs is a recovery for the next one, not lost in this one.
        var failures = Volatile.Read(ref _failures);
        var was = _up;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await store.CheckAsync(timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            _up = false;
            if (was != false)
            {
                LogDown(logger, Location, e is OperationCanceledException ? $"no answer within {CheckTimeout.TotalSeconds:0} seconds" : e.GetBaseException().Message);
            }
            return QuarantineCheck.Down;
        }
        _up = true;
        if (was == false || failures != _failuresSeen)
        {
            _failuresSeen = failures;
            LogRecovered(logger, Location);
            return QuarantineCheck.Recovered;
        }
        if (was is null)
        {
            LogUp(logger, Location);
        }
        return QuarantineCheck.Up;
    }

    private static string Describe(QuarantineOptions options, IConfiguration configuration)
    {
        if (options.UsesPostgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        }
        return "SQLite " + (options.ConnectionString.Length > 0
            ? new SqliteConnectionStringBuilder(options.ConnectionString).DataSource
            : QuarantineServiceCollectionExtensions.DefaultSqlitePath(configuration));
    }

    [LoggerMessage(EventId = 330, EventName = "quarantine.store.up", Level = LogLevel.Information,
        Message = "quarantine store {Store}: connected, schema ready")]
    private static partial void LogUp(ILogger logger, string store);

    [LoggerMessage(EventId = 331, EventName = "quarantine.store.down", Level = LogLevel.Error,
        Message = "quarantine store {Store}: unreachable ({Reason}); clean mail still passes, mail to hold waits in spool hold/ until the store is back")]
    private static partial void LogDown(ILogger logger, string store, string reason);

    [LoggerMessage(EventId = 332, EventName = "quarantine.store.recovered", Level = LogLevel.Warning,
        Message = "quarantine store {Store}: reachable again")]
    private static partial void LogRecovered(ILogger logger, string store);
}
