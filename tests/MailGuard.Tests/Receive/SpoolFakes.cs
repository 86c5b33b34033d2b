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

    public Task<IIncomingSpoolFile> BeginAsync(Envelope envelope, ReadOnlyMemory<byte> traceHeader, CancellationToken cancellationToken) =>
        Task.FromResult<IIncomingSpoolFile>(new BufferedFile(envelope, bytes =>
            _messages.Enqueue(new SpooledMessage(envelope, traceHeader.ToArray(), bytes))));

    public void Record(SpooledMessage message) => _messages.Enqueue(message);
}

/// <summary>A spool whose disk is always full: every commit fails.</summary>
internal sealed class FailingSpoolWriter : ISpoolWriter
{
    public int Attempts;

    public Task<IIncomingSpoolFile> BeginAsync(Envelope envelope, ReadOnlyMemory<byte> traceHeader, CancellationToken cancellationToken) =>
        Task.FromResult<IIncomingSpoolFile>(new BufferedFile(envelope, _ =>
        {
            Interlocked.Increment(ref Attempts);
            throw new IOException("No space left on device");
        }));
}

/// <summary>A message kept in memory until its commit hands the bytes over.</summary>
internal sealed class BufferedFile(Envelope envelope, Action<byte[]> commit) : IIncomingSpoolFile
{
    private readonly ArrayBufferWriter<byte> _bytes = new();

    public Envelope Envelope => envelope;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        _bytes.Write(bytes.Span);
        return ValueTask.CompletedTask;
    }

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        commit(_bytes.WrittenSpan.ToArray());
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// A spool that takes messages the way the real one does, piece by piece, and remembers the largest piece it was
/// handed; it can run out of disk after a number of bytes.
/// </summary>
internal sealed class StreamingSpoolWriter(long failAfterBytes = long.MaxValue) : ISpoolWriter
{
    private readonly RecordingSpoolWriter _committed = new();
    private readonly Lock _lock = new();
    private int _largestWrite;
    private int _open;

    public IReadOnlyList<SpooledMessage> Messages => _committed.Messages;

    /// <summary>The most bytes handed over in one write.</summary>
    public int LargestWrite
    {
        get
        {
            lock (_lock)
            {
                return _largestWrite;
            }
        }
    }

    public long FailAfterBytes { get; } = failAfterBytes;

    /// <summary>Messages begun and neither committed nor let go.</summary>
    public int Open => Volatile.Read(ref _open);

    public Task<IIncomingSpoolFile> BeginAsync(Envelope envelope, ReadOnlyMemory<byte> traceHeader, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _open);
        return Task.FromResult<IIncomingSpoolFile>(new File(this, envelope, traceHeader.ToArray()));
    }

    private sealed class File(StreamingSpoolWriter spool, Envelope envelope, byte[] trace) : IIncomingSpoolFile
    {
        private readonly MemoryStream _bytes = new();
        private bool _closed;

        public Envelope Envelope => envelope;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            lock (spool._lock)
            {
                spool._largestWrite = Math.Max(spool._largestWrite, bytes.Length);
            }
            if (_bytes.Length + bytes.Length > spool.FailAfterBytes)
            {
                throw new IOException("No space left on device");
            }
            _bytes.Write(bytes.Span);
            return ValueTask.CompletedTask;
        }

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            spool._committed.Record(new SpooledMessage(envelope, trace, _bytes.ToArray()));
            Close();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            Close();
            return ValueTask.CompletedTask;
        }

        private void Close()
        {
            if (!_closed)
            {
                _closed = true;
                Interlocked.Decrement(ref spool._open);
            }
        }
    }
}
