using System.Buffers;
using System.Collections.Concurrent;
using MailGuard.Core;
using MailGuard.Spool;

namespace MailGuard.Tests.Receive;

/// <summary>What Receive handed to the spool for one message.</summary>
internal sealed record SpooledMessage(Envelope Envelope, byte[] TraceHeader, byte[] Message);

/// <summary>A spool that keeps what it is given, in order.</summary>
internal sealed class RecordingSpoolWriter : ISpoolWriter
{
    private readonly ConcurrentQueue<SpooledMessage> _messages = new();

    public IReadOnlyList<SpooledMessage> Messages => [.. _messages];

    public Task WriteAsync(Envelope envelope, ReadOnlyMemory<byte> traceHeader, ReadOnlySequence<byte> message, CancellationToken cancellationToken)
    {
        _messages.Enqueue(new SpooledMessage(envelope, traceHeader.ToArray(), message.ToArray()));
        return Task.CompletedTask;
    }
}

/// <summary>A spool whose disk is always full.</summary>
internal sealed class FailingSpoolWriter : ISpoolWriter
{
    public int Attempts;

    public Task WriteAsync(Envelope envelope, ReadOnlyMemory<byte> traceHeader, ReadOnlySequence<byte> message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        throw new IOException("No space left on device");
    }
}
