namespace MailGuard.Quarantine;

/// <summary>The <c>Quarantine</c> section: where held mail is kept and for how long.</summary>
public sealed class QuarantineOptions
{
    public const string Section = "Quarantine";

    public const string Sqlite = "Sqlite";

    public const string Postgres = "Postgres";

    /// <summary>Sqlite (one instance) or Postgres (several instances sharing one database).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Whether <see cref="Provider"/> names PostgreSQL, in any case (the binder reads enums that way too).</summary>
    public bool UsesPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The database connection string: required with Postgres (an Npgsql connection string); empty with Sqlite means
    /// <c>DataDirectory/quarantine.db</c>.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long mail stays held before it expires (the sender is told).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often held mail is checked for expiry.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the store is checked for <c>/health</c> (and, once back after being down, held mail in spool <c>hold/</c> is inspected again).</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often the outbox (releases and notices to send) is polled. Rows this process commits wake the outbox at once
    /// (<see cref="OutboxSignal"/>); the poll finds rows written by other processes and retries rows that failed.
    /// </summary>
    public TimeSpan OutboxInterval { get; set; } = TimeSpan.FromSeconds(1);

    public const int DefaultMaxStoredFindings = 500;

    /// <summary>
    /// Most findings kept with a held or rejected message, the first ones in the order found; of the rest only the exact
    /// count per kind is kept (the console and the notices say "and N more"). The verdict always sees every finding:
    /// this bounds what a customer list with tens of thousands of them costs to store, notify and review.
    /// </summary>
    public int MaxStoredFindings { get; set; } = DefaultMaxStoredFindings;

    public const int DefaultMaxBatchItems = 32;

    public const long DefaultMaxBatchBytes = 8 * 1024 * 1024;

    /// <summary>
    /// SQLite: most held messages written in one transaction (one fsync) when inspections hold them at the same time.
    /// </summary>
    public int MaxBatchItems { get; set; } = DefaultMaxBatchItems;

    /// <summary>SQLite: most message bytes written in one such transaction (a larger message is written alone).</summary>
    public long MaxBatchBytes { get; set; } = DefaultMaxBatchBytes;
}
