using MailGuard.Core;

namespace MailGuard.Spool;

/// <summary>Takes responsibility for an accepted message: Receive calls it before it answers 250.</summary>
public interface ISpoolWriter
{
    /// <summary>
    /// Starts a message whose bytes arrive piece by piece (Receive streams DATA into it as it comes). Nothing is
    /// queued until <see cref="IIncomingSpoolFile.CommitAsync"/> returns; disposing it uncommitted leaves no trace.
    /// </summary>
    Task<IIncomingSpoolFile> BeginAsync(Envelope envelope, ReadOnlyMemory<byte> traceHeader, CancellationToken cancellationToken);
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
