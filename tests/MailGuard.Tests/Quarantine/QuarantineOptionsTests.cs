using MailGuard.Core;
using MailGuard.Quarantine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGuard.Tests.Quarantine;

/// <summary>The provider is chosen by configuration, and a store that cannot be opened is refused at start with the key named.</summary>
public sealed class QuarantineOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddMailGuardCore()
            .AddMailGuardQuarantine()
            .BuildServiceProvider();

    [TestCase("Mysql", "", "Quarantine:Provider must be Sqlite or Postgres")]
    [TestCase("Postgres", "", "Quarantine:ConnectionString")]
    [TestCase("Postgres", "Database=mailguard", "Quarantine:ConnectionString")]
    [TestCase("Postgres", "Host=db.example.com;NoSuchKeyword=1", "Quarantine:ConnectionString")]
    public void A_provider_without_what_it_needs_fails_validation(string provider, string connectionString, string expected)
    {
        using var services = Services(new() { ["Quarantine:Provider"] = provider, ["Quarantine:ConnectionString"] = connectionString });

        var failure = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<QuarantineOptions>>().Value);
        Assert.That(failure!.Message, Does.Contain(expected));
    }

    [TestCase("Postgres")]
    [TestCase("postgres")]
    public void Postgres_with_a_connection_string_gets_the_postgres_store(string provider)
    {
        using var services = Services(new()
        {
            ["Quarantine:Provider"] = provider,
            ["Quarantine:ConnectionString"] = "Host=db.example.com;Database=mailguard;Username=mailguard",
        });

        Assert.That(services.GetRequiredService<IQuarantineStore>(), Is.InstanceOf<PostgresQuarantineStore>());
    }

    [Test]
    public void The_default_is_sqlite_in_the_data_directory()
    {
        var dir = Directory.CreateTempSubdirectory("mailguard-quarantine-options-").FullName;
        try
        {
            using (var services = Services(new() { ["DataDirectory"] = dir }))
            {
                Assert.That(services.GetRequiredService<IQuarantineStore>(), Is.InstanceOf<SqliteQuarantineStore>());
            }
            Assert.That(File.Exists(Path.Combine(dir, "quarantine.db")), Is.True);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
