using System.Data.Common;
using System.Text.Json;
using MailGuard.Core;
using Npgsql;
using NpgsqlTypes;

namespace MailGuard.Quarantine;

/// <summary>
/// The quarantine in PostgreSQL, shared by several relay instances: the statements are the SQLite store's, with
/// timestamptz for times, the message bytes as ordered chunks, and outbox claims that skip rows another instance holds.
/// </summary>
public sealed partial class PostgresQuarantineStore : IQuarantineStore, IDisposable
{
    /// <summary>Bytes per stored chunk: big enough that a 10 MB message is 40 rows, small enough to hold one in memory.</summary>
    internal const int ChunkSize = 256 * 1024;

    private const string Columns = QuarantineRow.Columns;
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;
    private readonly OutboxSignal? _outboxSignal;

    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="clock">The time of audit rows and state changes.</param>
    /// <param name="outboxSignal">Told whenever this store has committed outbox rows (other instances' rows are not seen).</param>
    public PostgresQuarantineStore(string connectionString, TimeProvider clock, OutboxSignal? outboxSignal = null)
    {
        _outboxSignal = outboxSignal;
        // Npgsql's pool metrics reach /metrics; by default they are labelled with the connection string (host, database,
        // user), which is neither stable nor anything to publish.
        _dataSource = new NpgsqlDataSourceBuilder(connectionString) { Name = "mailguard-quarantine" }.Build();
        _clock = clock;
    }

    public Task<bool> AddAsync(QuarantineItem item, ReadOnlyMemory<byte> message, IReadOnlyList<OutboxKind> outbox, Actor actor, CancellationToken cancellationToken) =>
        AddAsync(item, message.Length, async (importer, ct) =>
        {
            var seq = 0;
            var offset = 0;
            do
            {
                var length = Math.Min(ChunkSize, message.Length - offset);
                await WriteChunkAsync(importer, item.Id, seq++, message.Slice(offset, length), ct).ConfigureAwait(false);
                offset += length;
            }
            while (offset < message.Length);
            return offset;
        }, outbox, actor, cancellationToken);

    public Task<bool> AddAsync(QuarantineItem item, Stream message, IReadOnlyList<OutboxKind> outbox, Actor actor, CancellationToken cancellationToken) =>
        AddAsync(item, message.Length, async (importer, ct) =>
        {
            var buffer = new byte[ChunkSize];
            var seq = 0;
            long total = 0;
            int filled;
            do
            {
                filled = await message.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
                if (filled > 0 || seq == 0)
                {
                    await WriteChunkAsync(importer, item.Id, seq++, buffer.AsMemory(0, filled), ct).ConfigureAwait(false);
                    total += filled;
                }
            }
            while (filled == buffer.Length);
            return total;
        }, outbox, actor, cancellationToken);

    /// <summary>
    /// Inserts the row, then copies the chunks in with binary COPY, in the same transaction: a large message is never one
    /// array, and a message cut short rolls everything back.
    /// </summary>
    private async Task<bool> AddAsync(
        QuarantineItem item, long length, Func<NpgsqlBinaryImporter, CancellationToken, Task<long>> write, IReadOnlyList<OutboxKind> outbox, Actor actor,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = Now();
        var inserted = await ExecuteAsync(connection,
            $"""
            INSERT INTO quarantine_items ({Columns})
            VALUES (@id, @state, @envelope::jsonb, @subject, @size, @rule, @reason::jsonb, @findings::jsonb, @now, @now, @omitted) ON CONFLICT (id) DO NOTHING
            """,
            cancellationToken,
            ("id", item.Id), ("state", item.State.ToString()), ("envelope", JsonSerializer.Serialize(item.Envelope)),
            ("subject", item.Subject), ("size", item.Size), ("rule", item.Rule), ("reason", JsonSerializer.Serialize(item.Reason)),
            ("findings", JsonSerializer.Serialize(item.Findings)), ("now", now),
            ("omitted", QuarantineRow.OmittedJson(item.OmittedFindings))).ConfigureAwait(false);
        if (inserted == 0)
        {
            return false;
        }
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY quarantine_messages (item_id, seq, chunk) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            var written = await write(importer, cancellationToken).ConfigureAwait(false);
            if (written != length)
            {
                throw new InvalidDataException($"the message ended after {written} of its {length} bytes");
            }
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        await AuditAsync(connection, item.Id, item.State == QuarantineState.Held ? "hold" : "reject", null, item.State, actor, now, cancellationToken).ConfigureAwait(false);
        await OutboxAsync(connection, item.Id, outbox, now, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (outbox.Count > 0)
        {
            _outboxSignal?.Notify();
        }
        return true;
    }

    private static async Task WriteChunkAsync(NpgsqlBinaryImporter importer, string id, int seq, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(seq, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(chunk, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
    }

    public async Task<QuarantineItem?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM quarantine_items WHERE id = @id", cancellationToken, ("id", id)).ConfigureAwait(false)).FirstOrDefault();

    public async Task<byte[]?> GetMessageAsync(string id, CancellationToken cancellationToken)
    {
        await using var stream = await OpenMessageAsync(id, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    public async Task<Stream?> OpenMessageAsync(string id, CancellationToken cancellationToken) =>
        await PostgresMessageStream.OpenAsync(await OpenAsync(cancellationToken).ConfigureAwait(false), id, cancellationToken).ConfigureAwait(false);

    public async Task<TransitionOutcome> TransitionAsync(string id, QuarantineState to, Actor actor, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var current = await StateAsync(connection, id, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return TransitionOutcome.NotFound;
        }
        if (current == to)
        {
            return TransitionOutcome.AlreadyDone;
        }
        var transition = QuarantineTransitions.Find(current.Value, to);
        if (transition is null)
        {
            return TransitionOutcome.NotAllowed;
        }
        var now = Now();
        // The WHERE on the state is what makes a double release a no-op when two instances race: under READ COMMITTED
        // the loser waits for the winner's row lock, then finds the state moved on and updates nothing.
        var changed = await ExecuteAsync(connection, "UPDATE quarantine_items SET state = @to, updated_at = @now WHERE id = @id AND state = @from",
            cancellationToken, ("to", to.ToString()), ("now", now), ("id", id), ("from", current.Value.ToString())).ConfigureAwait(false);
        if (changed == 0)
        {
            return await StateAsync(connection, id, cancellationToken).ConfigureAwait(false) == to ? TransitionOutcome.AlreadyDone : TransitionOutcome.NotAllowed;
        }
        if (transition.DropsMessage)
        {
            await ExecuteAsync(connection, "DELETE FROM quarantine_messages WHERE item_id = @id", cancellationToken, ("id", id)).ConfigureAwait(false);
        }
        await AuditAsync(connection, id, transition.Verb, current, to, actor, now, cancellationToken).ConfigureAwait(false);
        await OutboxAsync(connection, id, transition.Outbox, now, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (transition.Outbox.Count > 0)
        {
            _outboxSignal?.Notify();
        }
        return TransitionOutcome.Applied;
    }

    public async Task<IReadOnlyList<string>> ListHeldBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAllAsync(connection, "SELECT id FROM quarantine_items WHERE state = @held AND created_at < @cutoff ORDER BY created_at",
            r => r.GetString(0), cancellationToken, ("held", nameof(QuarantineState.Held)), ("cutoff", cutoff.ToUniversalTime())).ConfigureAwait(false);
    }

    public async Task RecordAsync(string id, string action, Actor actor, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var state = await StateAsync(connection, id, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"no quarantined message {id}");
        await AuditAsync(connection, id, action, state, state, actor, Now(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(string owner, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = Now();
        // SKIP LOCKED: an instance claiming at the same moment takes the next rows instead of waiting for these.
        var entries = await ReadAllAsync(connection,
            """
            UPDATE quarantine_outbox SET claimed_by = @owner, claimed_until = @until
            WHERE id IN (SELECT id FROM quarantine_outbox WHERE done_at IS NULL AND (claimed_until IS NULL OR claimed_until < @now)
                         ORDER BY id LIMIT @max FOR UPDATE SKIP LOCKED)
            RETURNING id, item_id, kind, created_at
            """,
            r => new OutboxEntry(r.GetInt64(0), r.GetString(1), Enum.Parse<OutboxKind>(r.GetString(2)), r.GetFieldValue<DateTimeOffset>(3)),
            cancellationToken, ("owner", owner), ("until", now + lease), ("now", now), ("max", max)).ConfigureAwait(false);
        return [.. entries.OrderBy(e => e.Id)];
    }

    public Task CompleteOutboxAsync(long outboxId, CancellationToken cancellationToken) => CompleteOutboxAsync([outboxId], cancellationToken);

    public async Task CompleteOutboxAsync(IReadOnlyList<long> outboxIds, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "UPDATE quarantine_outbox SET done_at = @now WHERE id = ANY(@ids)", cancellationToken,
            ("now", Now()), ("ids", outboxIds.ToArray())).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _schemaLock.Dispose();
    }

    /// <summary>Opens a connection, creating the schema the first time (not in the constructor: that would block on the network).</summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_schemaReady)
                {
                    await using var setup = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                    await using var tx = await setup.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(setup, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", PostgresSchema.LockKey)).ConfigureAwait(false);
                    await ExecuteAsync(setup, PostgresSchema.Create, cancellationToken).ConfigureAwait(false);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    _schemaReady = true;
                }
            }
            finally
            {
                _schemaLock.Release();
            }
        }
        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private DateTimeOffset Now() => _clock.GetUtcNow();

    private static async Task<QuarantineState?> StateAsync(NpgsqlConnection connection, string id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT state FROM quarantine_items WHERE id = @id", ("id", id));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string s ? Enum.Parse<QuarantineState>(s) : null;
    }

    private static Task<int> AuditAsync(
        NpgsqlConnection connection, string id, string action, QuarantineState? from, QuarantineState to, Actor actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(connection,
            "INSERT INTO quarantine_audit (item_id, action, from_state, to_state, actor, reason, origin, at) VALUES (@id, @action, @from, @to, @actor, @reason, @origin, @at)",
            cancellationToken, ("id", id), ("action", action), ("from", from?.ToString()), ("to", to.ToString()), ("actor", actor.Name),
            ("reason", actor.Reason), ("origin", actor.Origin), ("at", now));

    private static async Task OutboxAsync(NpgsqlConnection connection, string id, IReadOnlyList<OutboxKind> kinds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var kind in kinds)
        {
            await ExecuteAsync(connection, "INSERT INTO quarantine_outbox (item_id, kind, created_at) VALUES (@id, @kind, @now)",
                cancellationToken, ("id", id), ("kind", kind.ToString()), ("now", now)).ConfigureAwait(false);
        }
    }

    private async Task<List<QuarantineItem>> QueryAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAllAsync(connection, sql, r => QuarantineRow.Read(r, (row, i) => row.GetFieldValue<DateTimeOffset>(i)), cancellationToken, parameters).ConfigureAwait(false);
    }

    private static async Task<List<T>> ReadAllAsync<T>(
        NpgsqlConnection connection, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(read(reader));
        }
        return list;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }
}
