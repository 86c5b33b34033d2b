using MailGuard.Quarantine;
using Microsoft.Data.Sqlite;

namespace MailGuard.Tests.Quarantine;

public sealed class SqliteQuarantineStoreTests : QuarantineStoreContract
{
    private string _dir = "";

    protected override IQuarantineStore CreateStore(TimeProvider clock)
    {
        _dir = Directory.CreateTempSubdirectory("mailguard-quarantine-").FullName;
        return SqliteQuarantineStore.AtPath(Path.Combine(_dir, "quarantine.db"), clock);
    }

    [TearDown]
    public void RemoveDatabase()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task The_audit_log_refuses_updates_and_deletes()
    {
        await Store.AddAsync(Item("0000000001BBBBBBBB"), Message, [], Actor.System("policy"), CancellationToken.None);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "quarantine.db")}");
        connection.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE quarantine_audit SET actor = 'someone else'";
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM quarantine_audit";

        Assert.That(() => update.ExecuteNonQuery(), Throws.TypeOf<SqliteException>().With.Message.Contains("append-only"));
        Assert.That(() => delete.ExecuteNonQuery(), Throws.TypeOf<SqliteException>().With.Message.Contains("append-only"));
    }

    [Test]
    public void The_database_runs_in_wal_mode()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "quarantine.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.That(command.ExecuteScalar(), Is.EqualTo("wal"));
    }

    [Test]
    public async Task Findings_are_stored_as_readable_json_text()
    {
        await Store.AddAsync(Item("0000000001BBBBBBBB"), Message, [], Actor.System("policy"), CancellationToken.None);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "quarantine.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(findings), json_extract(findings, '$[0].Excerpt') FROM quarantine_items";
        using var reader = command.ExecuteReader();

        Assert.That(reader.Read(), Is.True);
        Assert.That(reader.GetString(0), Is.EqualTo("text"));
        Assert.That(reader.GetString(1), Is.EqualTo("03-****-1234"));
    }
}
