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
            .ValidateOnStart();
        services.AddSingleton<IQuarantineStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<QuarantineOptions>>().Value;
            var clock = sp.GetRequiredService<TimeProvider>();
            if (options.UsesPostgres)
            {
                return new PostgresQuarantineStore(options.ConnectionString, clock);
            }
            if (options.ConnectionString.Length > 0)
            {
                return new SqliteQuarantineStore(options.ConnectionString, clock, options.MaxBatchItems, options.MaxBatchBytes);
            }
            var dataDirectory = sp.GetRequiredService<IConfiguration>()["DataDirectory"] is { Length: > 0 } d ? d : "data";
            return SqliteQuarantineStore.AtPath(Path.Combine(dataDirectory, "quarantine.db"), clock, options.MaxBatchItems, options.MaxBatchBytes);
        });
        services.AddSingleton<QuarantineRetention>();
        return services;
    }

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
