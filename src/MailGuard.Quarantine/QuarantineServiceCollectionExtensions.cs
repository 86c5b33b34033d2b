using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailGuard.Quarantine;

/// <summary>Registers the quarantine store and its retention.</summary>
public static class QuarantineServiceCollectionExtensions
{
    public static IServiceCollection AddMailGuardQuarantine(this IServiceCollection services)
    {
        // Several compositions call this (the relay's inspection, the CLI, the console); binding twice would
        // append every list option to itself, so the second call is a no-op.
        if (services.Any(d => d.ServiceType == typeof(IQuarantineStore)))
        {
            return services;
        }
        services.AddOptions<QuarantineOptions>()
            .BindConfiguration(QuarantineOptions.Section)
            .Validate(o => o.UsesPostgres || string.Equals(o.Provider, QuarantineOptions.Sqlite, StringComparison.OrdinalIgnoreCase),
                "Quarantine:Provider must be Sqlite or Postgres.")
            .Validate(o => !o.UsesPostgres || IsPostgresConnectionString(o.ConnectionString),
                "Quarantine:Provider Postgres needs Quarantine:ConnectionString, e.g. Host=db.example.com;Database=mailguard;Username=mailguard;Password=...")
            .Validate(o => o.Retention > TimeSpan.Zero, "Quarantine:Retention must be positive.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero && o.OutboxInterval > TimeSpan.Zero, "Quarantine:SweepInterval and OutboxInterval must be positive.")
            .Validate(o => o.MaxStoredFindings > 0, "Quarantine:MaxStoredFindings must be positive.")
            .Validate(o => o.MaxBatchItems > 0 && o.MaxBatchBytes > 0, "Quarantine:MaxBatchItems and MaxBatchBytes must be positive.")
            .Validate(o => o.HealthInterval > TimeSpan.Zero, "Quarantine:HealthInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<IQuarantineStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<QuarantineOptions>>().Value;
            var clock = sp.GetRequiredService<TimeProvider>();
            var signal = sp.GetRequiredService<OutboxSignal>();
            if (options.UsesPostgres)
            {
                return new PostgresQuarantineStore(options.ConnectionString, clock, signal);
            }
            if (options.ConnectionString.Length > 0)
            {
                return new SqliteQuarantineStore(options.ConnectionString, clock, options.MaxBatchItems, options.MaxBatchBytes, signal);
            }
            return SqliteQuarantineStore.AtPath(DefaultSqlitePath(sp.GetRequiredService<IConfiguration>()), clock, options.MaxBatchItems, options.MaxBatchBytes, signal);
        });
        // Both stores keep the review console's failed sign-ins too, so that consoles sharing a store share its lock-outs.
        services.AddSingleton(sp => (ISignInFailures)sp.GetRequiredService<IQuarantineStore>());
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<QuarantineRetention>();
        services.AddSingleton<QuarantineHealth>();
        return services;
    }

    /// <summary>The SQLite file used when no connection string is given.</summary>
    internal static string DefaultSqlitePath(IConfiguration configuration) =>
        Path.Combine(configuration["DataDirectory"] is { Length: > 0 } d ? d : "data", "quarantine.db");

    private static bool IsPostgresConnectionString(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString) is { Host.Length: > 0 };
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
