using System.Data.Common;
using System.Text.Json;
using MailGuard.Core;
using Microsoft.Data.Sqlite;

namespace MailGuard.Quarantine;

/// <summary>
/// The quarantine in one SQLite file (WAL). The SQL is kept to what PostgreSQL also runs, apart from the schema's
/// column types and the triggers, so a PostgreSQL store can follow with the same statements.
/// </summary>
public sealed partial class SqliteQuarantineStore : IQuarantineStore
{
    private const string Columns = QuarantineRow.Columns;
    private readonly string _connectionString;
    private readonly TimeProvider _clock;

    private readonly SqliteAddBatcher _adds;
    private readonly OutboxSignal? _outboxSignal;

    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string.</param>
    /// <param name="clock">The time of audit rows and state changes.</param>
    /// <param name="maxBatchItems">Most adds written in one transaction (<see cref="QuarantineOptions.MaxBatchItems"/>).</param>
    /// <param name="maxBatchBytes">Most message bytes written in one transaction, unless one message alone is larger.</param>
    /// <param name="outboxSignal">Told whenever outbox rows have been committed.</param>
    public SqliteQuarantineStore(string connectionString, TimeProvider clock, int maxBatchItems = QuarantineOptions.DefaultMaxBatchItems,
        long maxBatchBytes = QuarantineOptions.DefaultMaxBatchBytes, OutboxSignal? outboxSignal = null)
    {
        _connectionString = connectionString;
        _clock = clock;
        _outboxSignal = outboxSignal;
        _adds = new SqliteAddBatcher(Open, maxBatchItems, maxBatchBytes);
        using var connection = Open();
        Execute(connection, null, SqliteSchema.Create);
        SqliteSchema.Migrate(connection);
    }

    /// <summary>A store in the file at <paramref name="path"/>, created with its folder when missing.</summary>
    public static SqliteQuarantineStore AtPath(string path, TimeProvider clock, int maxBatchItems = QuarantineOptions.DefaultMaxBatchItems,
        long maxBatchBytes = QuarantineOptions.DefaultMaxBatchBytes, OutboxSignal? outboxSignal = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new SqliteQuarantineStore(
            new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ToString(), clock, maxBatchItems, maxBatchBytes, outboxSignal);
    }

    public Task<bool> AddAsync(QuarantineItem item, ReadOnlyMemory<byte> message, IReadOnlyList<OutboxKind> outbox, Actor actor, CancellationToken cancellationToken) =>
        AddAsync(item, message.Length, blob =>
        {
            blob.Write(message.Span);
            return Task.CompletedTask;
        }, outbox, actor, cancellationToken);

    public Task<bool> AddAsync(QuarantineItem item, Stream message, IReadOnlyList<OutboxKind> outbox, Actor actor, CancellationToken cancellationToken) =>
        AddAsync(item, message.Length, blob => message.CopyToAsync(blob, 64 * 1024, cancellationToken), outbox, actor, cancellationToken);

    /// <summary>
    /// Inserts the row with a zero-filled blob of the message's size, then writes the bytes into it through SQLite's
    /// incremental blob I/O, in the same transaction: a large message never becomes one array (or a parameter copy of it).
    /// The findings go in as UTF-8 and are cast to the TEXT they always were. The transaction is shared with the other
    /// adds queued at the same time (<see cref="SqliteAddBatcher"/>): one fsync for all of them.
    /// </summary>
    private async Task<bool> AddAsync(
        QuarantineItem item, long length, Func<SqliteBlob, Task> write, IReadOnlyList<OutboxKind> outbox, Actor actor, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var added = await _adds.AddAsync(new PendingAdd(length, (connection, tx) => WriteItemAsync(connection, tx, item, length, write, outbox, actor), cancellationToken))
            .ConfigureAwait(false);
        if (added && outbox.Count > 0)
        {
            _outboxSignal?.Notify();
        }
        return added;
    }

    private async Task<bool> WriteItemAsync(
        SqliteConnection connection, SqliteTransaction tx, QuarantineItem item, long length, Func<SqliteBlob, Task> write, IReadOnlyList<OutboxKind> outbox, Actor actor)
    {
        var now = Now();
        var inserted = Execute(connection, tx,
            $"INSERT INTO quarantine_items ({Columns}) VALUES (@id, @state, @envelope, @subject, @size, @rule, @reason, CAST(@findings AS TEXT), @now, @now, @omitted) ON CONFLICT (id) DO NOTHING",
            ("@id", item.Id), ("@state", item.State.ToString()), ("@envelope", JsonSerializer.Serialize(item.Envelope)),
            ("@subject", item.Subject), ("@size", item.Size), ("@rule", item.Rule), ("@reason", JsonSerializer.Serialize(item.Reason)),
            ("@findings", JsonSerializer.SerializeToUtf8Bytes(item.Findings)), ("@now", now), ("@omitted", QuarantineRow.OmittedJson(item.OmittedFindings)));
        if (inserted == 0)
        {
            return false;
        }
        Execute(connection, tx, "INSERT INTO quarantine_messages (item_id, message) VALUES (@id, zeroblob(@length))", ("@id", item.Id), ("@length", length));
        using (var rowid = Command(connection, tx, "SELECT last_insert_rowid()"))
        using (var blob = new SqliteBlob(connection, "quarantine_messages", "message", (long)rowid.ExecuteScalar()!))
        {
            await write(blob).ConfigureAwait(false);
            if (blob.Position != length)
            {
                throw new InvalidDataException($"the message ended after {blob.Position} of its {length} bytes");
            }
        }
        Audit(connection, tx, item.Id, item.State == QuarantineState.Held ? "hold" : "reject", null, item.State, actor, now);
        Outbox(connection, tx, item.Id, outbox, now);
        return true;
    }

    public Task<QuarantineItem?> GetAsync(string id, CancellationToken cancellationToken)
    {
        using var connection = Open();
        return Task.FromResult(Query(connection, $"SELECT {Columns} FROM quarantine_items WHERE id = @id", ("@id", id)).FirstOrDefault());
    }

    public Task<byte[]?> GetMessageAsync(string id, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = Command(connection, null, "SELECT coalesce((SELECT message FROM quarantine_messages WHERE item_id = @id), message) FROM quarantine_items WHERE id = @id", ("@id", id));
        return Task.FromResult(command.ExecuteScalar() as byte[]);
    }

    public async Task<Stream?> OpenMessageAsync(string id, CancellationToken cancellationToken)
    {
        var connection = Open();
        try
        {
            using var command = Command(connection, null, "SELECT rowid FROM quarantine_messages WHERE item_id = @id", ("@id", id));
            if (command.ExecuteScalar() is long rowid)
            {
                return new ConnectionBlob(connection, rowid);
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        connection.Dispose();
        // A message held before the bytes moved to their own table.
        return await GetMessageAsync(id, cancellationToken) is { } bytes ? new MemoryStream(bytes, writable: false) : null;
    }

    public Task<TransitionOutcome> TransitionAsync(string id, QuarantineState to, Actor actor, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var tx = connection.BeginTransaction();
        var current = State(connection, tx, id);
        if (current is null)
        {
            return Task.FromResult(TransitionOutcome.NotFound);
        }
        if (current == to)
        {
            return Task.FromResult(TransitionOutcome.AlreadyDone);
        }
        var transition = QuarantineTransitions.Find(current.Value, to);
        if (transition is null)
        {
            return Task.FromResult(TransitionOutcome.NotAllowed);
        }
        var now = Now();
        // The WHERE on the state is what makes a double release a no-op when two instances race.
        var changed = Execute(connection, tx,
            $"UPDATE quarantine_items SET state = @to, updated_at = @now{(transition.DropsMessage ? ", message = NULL" : "")} WHERE id = @id AND state = @from",
            ("@to", to.ToString()), ("@now", now), ("@id", id), ("@from", current.Value.ToString()));
        if (changed == 0)
        {
            return Task.FromResult(State(connection, tx, id) == to ? TransitionOutcome.AlreadyDone : TransitionOutcome.NotAllowed);
        }
        if (transition.DropsMessage)
        {
            Execute(connection, tx, "DELETE FROM quarantine_messages WHERE item_id = @id", ("@id", id));
        }
        Audit(connection, tx, id, transition.Verb, current, to, actor, now);
        Outbox(connection, tx, id, transition.Outbox, now);
        tx.Commit();
        if (transition.Outbox.Count > 0)
        {
            _outboxSignal?.Notify();
        }
        return Task.FromResult(TransitionOutcome.Applied);
    }

    public Task<IReadOnlyList<string>> ListHeldBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = Command(connection, null, "SELECT id FROM quarantine_items WHERE state = @held AND created_at < @cutoff ORDER BY created_at",
            ("@held", nameof(QuarantineState.Held)), ("@cutoff", cutoff.ToUnixTimeMilliseconds()));
        return Task.FromResult<IReadOnlyList<string>>(ReadAll(command, r => r.GetString(0)));
    }

    public Task RecordAsync(string id, string action, Actor actor, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var tx = connection.BeginTransaction();
        var state = State(connection, tx, id) ?? throw new KeyNotFoundException($"no quarantined message {id}");
        Audit(connection, tx, id, action, state, state, actor, Now());
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(string owner, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var tx = connection.BeginTransaction();
        var now = Now();
        var until = now + (long)lease.TotalMilliseconds;
        Execute(connection, tx,
            """
            UPDATE quarantine_outbox SET claimed_by = @owner, claimed_until = @until
            WHERE id IN (SELECT id FROM quarantine_outbox WHERE done_at IS NULL AND (claimed_until IS NULL OR claimed_until < @now) ORDER BY id LIMIT @max)
            """,
            ("@owner", owner), ("@until", until), ("@now", now), ("@max", max));
        using var command = Command(connection, tx,
            "SELECT id, item_id, kind, created_at FROM quarantine_outbox WHERE done_at IS NULL AND claimed_by = @owner AND claimed_until = @until ORDER BY id",
            ("@owner", owner), ("@until", until));
        var entries = ReadAll(command, r => new OutboxEntry(r.GetInt64(0), r.GetString(1), Enum.Parse<OutboxKind>(r.GetString(2)), FromMs(r.GetInt64(3))));
        tx.Commit();
        return Task.FromResult<IReadOnlyList<OutboxEntry>>(entries);
    }

    public Task CompleteOutboxAsync(long outboxId, CancellationToken cancellationToken) => CompleteOutboxAsync([outboxId], cancellationToken);

    public Task CompleteOutboxAsync(IReadOnlyList<long> outboxIds, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var tx = connection.BeginTransaction();
        var now = Now();
        foreach (var id in outboxIds)
        {
            Execute(connection, tx, "UPDATE quarantine_outbox SET done_at = @now WHERE id = @id", ("@now", now), ("@id", id));
        }
        tx.Commit();
        return Task.CompletedTask;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        connection.CreateFunction<string?, string?>(TextFold.SqlFunction, TextFold.Fold, isDeterministic: true);
        return connection;
    }

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static QuarantineState? State(SqliteConnection connection, SqliteTransaction tx, string id)
    {
        using var command = Command(connection, tx, "SELECT state FROM quarantine_items WHERE id = @id", ("@id", id));
        return command.ExecuteScalar() is string s ? Enum.Parse<QuarantineState>(s) : null;
    }

    private static void Audit(SqliteConnection connection, SqliteTransaction tx, string id, string action, QuarantineState? from, QuarantineState to, Actor actor, long now) =>
        Execute(connection, tx,
            "INSERT INTO quarantine_audit (item_id, action, from_state, to_state, actor, reason, origin, at) VALUES (@id, @action, @from, @to, @actor, @reason, @origin, @at)",
            ("@id", id), ("@action", action), ("@from", from?.ToString()), ("@to", to.ToString()), ("@actor", actor.Name),
            ("@reason", actor.Reason), ("@origin", actor.Origin), ("@at", now));

    private static void Outbox(SqliteConnection connection, SqliteTransaction tx, string id, IReadOnlyList<OutboxKind> kinds, long now)
    {
        foreach (var kind in kinds)
        {
            Execute(connection, tx, "INSERT INTO quarantine_outbox (item_id, kind, created_at) VALUES (@id, @kind, @now)",
                ("@id", id), ("@kind", kind.ToString()), ("@now", now));
        }
    }

    private static List<QuarantineItem> Query(SqliteConnection connection, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(connection, null, sql, parameters);
        return ReadAll(command, r => QuarantineRow.Read(r, (row, i) => FromMs(row.GetInt64(i)), findingsAsBytes: true));
    }

    private static List<T> ReadAll<T>(SqliteCommand command, Func<DbDataReader, T> read)
    {
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
        {
            list.Add(read(reader));
        }
        return list;
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(connection, tx, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    /// <summary>A read-only blob that keeps its own connection open while it is read.</summary>
    private sealed class ConnectionBlob : SqliteBlob
    {
        private readonly SqliteConnection _connection;

        public ConnectionBlob(SqliteConnection connection, long rowid)
            : base(connection, "quarantine_messages", "message", rowid, readOnly: true) => _connection = connection;

        // SQLite reads a blob synchronously anyway; Stream's default would hop to the thread pool for every piece.
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                _connection.Dispose();
            }
        }
    }
}
