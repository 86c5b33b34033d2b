using System.Data;
using Npgsql;

namespace MailGuard.Quarantine;

/// <summary>
/// A stored message read back chunk by chunk from one query: the rows come off the socket as the caller reads, and one
/// statement sees one snapshot, so a delete that commits meanwhile cannot cut the message short.
/// </summary>
internal sealed class PostgresMessageStream : Core.ReadOnlyStream
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _command;
    private readonly NpgsqlDataReader _reader;
    private byte[] _chunk;
    private int _offset;

    private PostgresMessageStream(NpgsqlConnection connection, NpgsqlCommand command, NpgsqlDataReader reader, byte[] first)
    {
        _connection = connection;
        _command = command;
        _reader = reader;
        _chunk = first;
    }

    /// <summary>The message of <paramref name="id"/>, or null when there are no chunks; owns and disposes the connection.</summary>
    public static async Task<Stream?> OpenAsync(NpgsqlConnection connection, string id, CancellationToken cancellationToken)
    {
        NpgsqlCommand? command = null;
        NpgsqlDataReader? reader = null;
        try
        {
            command = new NpgsqlCommand("SELECT chunk FROM quarantine_messages WHERE item_id = @id ORDER BY seq", connection);
            command.Parameters.AddWithValue("id", id);
            reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var first = await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
                return new PostgresMessageStream(connection, command, reader, first);
            }
        }
        catch
        {
            await DisposeAllAsync(reader, command, connection).ConfigureAwait(false);
            throw;
        }
        await DisposeAllAsync(reader, command, connection).ConfigureAwait(false);
        return null;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // An empty chunk (an empty message) is skipped like any exhausted one.
        while (_offset == _chunk.Length)
        {
            if (!await _reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
            _chunk = await _reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
            _offset = 0;
        }
        var count = Math.Min(buffer.Length, _chunk.Length - _offset);
        _chunk.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
            _command.Dispose();
            _connection.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await DisposeAllAsync(_reader, _command, _connection).ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private static async ValueTask DisposeAllAsync(NpgsqlDataReader? reader, NpgsqlCommand? command, NpgsqlConnection connection)
    {
        if (reader is not null)
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }
        if (command is not null)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
