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
}
