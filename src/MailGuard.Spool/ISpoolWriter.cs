using System.Buffers;
using MailGuard.Core;

namespace MailGuard.Spool;

/// <summary>Takes responsibility for an accepted message: Receive calls it before it answers 250.</summary>
public interface ISpoolWriter
{
    /// <summary>
    /// Writes the envelope and the message (the trace header, then the bytes as received) to the spool,
    /// fsynced and renamed into place, and returns only then. Throws when it could not: the caller answers 451 4.3.0.
    /// </summary>
    Task WriteAsync(Envelope envelope, ReadOnlyMemory<byte> traceHeader, ReadOnlySequence<byte> message, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a message whose bytes arrive piece by piece (Receive streams DATA into it as it comes). Nothing is
    /// queued until <see cref="IIncomingSpoolFile.CommitAsync"/> returns; disposing it uncommitted leaves no trace.
    /// This default keeps the bytes in memory and calls <see cref="WriteAsync"/> at commit; the spool writes them to disk as they come.
    /// </summary>
    Task<IIncomingSpoolFile> BeginAsync(Envelope envelope, ReadOnlyMemory<byte> traceHeader, CancellationToken cancellationToken) =>
        Task.FromResult<IIncomingSpoolFile>(new BufferedIncomingSpoolFile(this, envelope, traceHeader));
}

/// <summary>A message being written into the spool while it arrives; see <see cref="ISpoolWriter.BeginAsync"/>.</summary>
public interface IIncomingSpoolFile : IAsyncDisposable
{
    Envelope Envelope { get; }

    /// <summary>Appends message bytes (after the trace header). Throws when they could not be stored.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the message durable (fsync, rename into <c>incoming</c>, directory fsync) and returns only then. Throws
    /// when it could not: the caller answers 451 4.3.0.
    /// </summary>
    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>The in-memory <see cref="IIncomingSpoolFile"/> behind the interface's default, for writers that only take whole messages.</summary>
internal sealed class BufferedIncomingSpoolFile(ISpoolWriter spool, Envelope envelope, ReadOnlyMemory<byte> traceHeader) : IIncomingSpoolFile
{
    private readonly ArrayBufferWriter<byte> _bytes = new();

    public Envelope Envelope => envelope;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        _bytes.Write(bytes.Span);
        return ValueTask.CompletedTask;
    }

    public Task CommitAsync(CancellationToken cancellationToken) =>
        spool.WriteAsync(envelope, traceHeader, new ReadOnlySequence<byte>(_bytes.WrittenMemory), cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
