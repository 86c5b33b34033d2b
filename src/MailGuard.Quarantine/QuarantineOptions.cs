namespace MailGuard.Quarantine;

/// <summary>The <c>Quarantine</c> section: where held mail is kept and for how long.</summary>
public sealed class QuarantineOptions
{
    public const string Section = "Quarantine";

    /// <summary>Sqlite (one instance) or Postgres (several; not in this build yet).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The database connection string; empty with Sqlite means <c>DataDirectory/quarantine.db</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long mail stays held before it expires (the sender is told).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often held mail is checked for expiry.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the outbox (releases and notices to send) is polled.</summary>
    public TimeSpan OutboxInterval { get; set; } = TimeSpan.FromSeconds(1);
}
