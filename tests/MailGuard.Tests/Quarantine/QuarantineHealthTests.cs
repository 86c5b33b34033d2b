using MailGuard.Quarantine;
using MailGuard.Tests.Deliver;
using MailGuard.Tests.Receive;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Tests.Quarantine;

/// <summary>The store's check says clearly, once, which store is down or up, by host and database and never the password.</summary>
public sealed class QuarantineHealthTests
{
    private static (QuarantineHealth Health, ReceiveLogTests.CapturingLoggerProvider Log) Health(IQuarantineStore store, QuarantineOptions options)
    {
        var log = new ReceiveLogTests.CapturingLoggerProvider();
        var factory = LoggerFactory.Create(b => b.AddProvider(log));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataDirectory"] = "/var/lib/mailguard" }).Build();
        return (new QuarantineHealth(store, Options.Create(options), configuration, factory.CreateLogger<QuarantineHealth>()), log);
    }

    [Test]
    public async Task A_postgres_server_that_is_down_is_named_by_host_and_database_once_without_the_password()
    {
        // A port nobody listens on: the connection is refused at once.
        var port = TestUpstream.FreePort();
        var options = new QuarantineOptions
        {
            Provider = QuarantineOptions.Postgres,
            ConnectionString = $"Host=127.0.0.1;Port={port};Database=mailguard;Username=mailguard;Password=secret-example-9;Timeout=3",
        };
        using var store = new PostgresQuarantineStore(options.ConnectionString, TimeProvider.System);
        var (health, log) = Health(store, options);
        Assume.That(health.IsUp, Is.Null);

        var first = await health.CheckAsync(CancellationToken.None);
        var second = await health.CheckAsync(CancellationToken.None);

        Assert.That((first, second, health.IsUp), Is.EqualTo((QuarantineCheck.Down, QuarantineCheck.Down, (bool?)false)));
        var lines = log.Lines.Where(l => l.Event.StartsWith("quarantine.store", StringComparison.Ordinal)).ToList();
        Assert.That(lines.Select(l => l.Event), Is.EqualTo(new[] { "quarantine.store.down" }), "said once, not at every check");
        Assert.That(lines[0].Text, Does.Contain($"PostgreSQL 127.0.0.1:{port}/mailguard").And.Contain("unreachable").And.Not.Contain("secret-example-9"));
    }

    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("mailguard-quarantine-health-").FullName;

    [TearDown]
    public void DeleteFolder()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private (QuarantineHealth Health, ReceiveLogTests.CapturingLoggerProvider Log, string Path) SqliteHealth()
    {
        var path = Path.Combine(_folder, "quarantine.db");
        var (health, log) = Health(SqliteQuarantineStore.AtPath(path, TimeProvider.System), new QuarantineOptions { ConnectionString = $"Data Source={path}" });
        return (health, log, path);
    }

    private static IEnumerable<ReceiveLogTests.LogLine> StoreLines(ReceiveLogTests.CapturingLoggerProvider log) =>
        log.Lines.Where(l => l.Event.StartsWith("quarantine.store", StringComparison.Ordinal));

    [Test]
    public async Task A_sqlite_store_is_up_and_said_so_once()
    {
        var (health, log, path) = SqliteHealth();

        var checks = new[] { await health.CheckAsync(CancellationToken.None), await health.CheckAsync(CancellationToken.None) };

        Assert.That(checks, Is.EqualTo(new[] { QuarantineCheck.Up, QuarantineCheck.Up }));
        Assert.That(health.IsUp, Is.True);
        Assert.That(StoreLines(log).Select(l => l.Text), Is.EqualTo(new[] { $"quarantine store SQLite {path}: connected, schema ready" }));
    }

    [Test]
    public async Task A_failure_reported_between_checks_makes_the_next_check_that_finds_the_store_up_a_recovery()
    {
        var (health, log, _) = SqliteHealth();

        var before = await health.CheckAsync(CancellationToken.None);
        health.ReportFailure(new IOException("disk I/O error"));
        var upAfterReport = health.IsUp;
        var next = await health.CheckAsync(CancellationToken.None);
        var after = await health.CheckAsync(CancellationToken.None);

        Assert.That((before, upAfterReport, next, after), Is.EqualTo((QuarantineCheck.Up, (bool?)false, QuarantineCheck.Recovered, QuarantineCheck.Up)));
        Assert.That(StoreLines(log).Select(l => l.Event), Is.EqualTo(new[] { "quarantine.store.up", "quarantine.store.down", "quarantine.store.recovered" }));
    }
}
