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

    /// <summary>How often the outbox (releases and notices to send) is polled.</summary>
    public TimeSpan OutboxInterval { get; set; } = TimeSpan.FromSeconds(1);
}
