using Npgsql;

namespace MailGuard.Tests.Quarantine;

/// <summary>
/// A fresh schema in the test PostgreSQL named by <c>MAILGUARD_TEST_POSTGRES</c>, dropped at the end: every test sees
/// an empty store, and stores opened on <see cref="ConnectionString"/> share it like relay instances share a database.
/// </summary>
internal sealed class PostgresTestSchema : IDisposable
{
    public const string Variable = "MAILGUARD_TEST_POSTGRES";

    private readonly NpgsqlDataSource _server;
    private readonly NpgsqlDataSource _schema;

    private PostgresTestSchema(string server, string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = name }.ToString();
        // Named like the store's, so that no pool labels the in-process /metrics with a connection string.
        _server = new NpgsqlDataSourceBuilder(server) { Name = "mailguard-test-server" }.Build();
        _schema = new NpgsqlDataSourceBuilder(ConnectionString) { Name = "mailguard-test-schema" }.Build();
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>Creates the schema; fails the test (never skips it) when no server is configured.</summary>
    public static PostgresTestSchema Create()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Fail(
                $"{Variable} is not set, so the PostgreSQL quarantine tests cannot run. Start a server and point the tests at it, e.g.\n" +
                "  pg_ctlcluster 15 main start\n" +
                "  runuser -u postgres -- psql -c \"CREATE ROLE mailguard_test LOGIN PASSWORD 'mailguard_test'\" -c \"CREATE DATABASE mailguard_test OWNER mailguard_test\"\n" +
                $"  export {Variable}='Host=127.0.0.1;Port=5432;Database=mailguard_test;Username=mailguard_test;Password=mailguard_test'\n" +
                "(.ci/run does all of this.)");
        }
        var schema = new PostgresTestSchema(server!, $"mailguard_test_{Guid.NewGuid():N}");
        schema.Execute($"CREATE SCHEMA {schema.Name}");
        return schema;
    }

    /// <summary>Runs <paramref name="sql"/> in the schema and returns the first column of the first row.</summary>
    public object? Scalar(string sql)
    {
        using var command = _schema.CreateCommand(sql);
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        _schema.Dispose();
        Execute($"DROP SCHEMA IF EXISTS {Name} CASCADE");
        _server.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = _server.CreateCommand(sql);
        command.ExecuteNonQuery();
    }
}
