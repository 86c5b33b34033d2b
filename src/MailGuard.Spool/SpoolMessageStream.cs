using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace MailGuard.Spool;

/// <summary>A read-only, seekable window over the message bytes inside a spool file, after a prefix held in memory.</summary>
/// <remarks>
/// Reads are synchronous positioned reads, also behind <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>: a
/// spool file was written moments ago and sits in the page cache, and the asynchronous FileStream path moved every
/// read to another thread-pool thread. Small reads (MimeKit's parser asks for a few KB at a time) are served from one
/// pooled buffer, rented on first use and returned on dispose, instead of a FileStream's own 64 KB array per open.
/// </remarks>
internal sealed class SpoolMessageStream : Core.ReadOnlyStream
{
    private const int BufferBytes = 64 * 1024;

    private readonly SafeFileHandle _file;
    private readonly long _offset;
    private readonly long _length;
    private readonly byte[] _prefix;
    private long _position;
    private byte[]? _buffer;
    private long _bufferStart;
    private int _buffered;

    public SpoolMessageStream(string path, long offset, long storedLength, byte[] prefix)
    {
        // Delete is shared so a message can be moved or removed while a slow reader still has it open.
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        _offset = offset;
        _prefix = prefix;
        _length = prefix.Length + storedLength;
    }

    public override bool CanSeek => true;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_file.IsClosed, this);
        var wanted = (int)Math.Min(buffer.Length, _length - _position);
        if (wanted <= 0)
        {
            return 0;
        }
        if (_position < _prefix.Length)
        {
            return CopyPrefix(buffer[..wanted]);
        }
        var filePosition = _offset + _position - _prefix.Length;
        if (_buffer is null || _position < _bufferStart || _position >= _bufferStart + _buffered)
        {
            if (wanted >= BufferBytes / 2)
            {
                // Big reads (the delivery's copy) go straight into the caller's buffer.
                var direct = RandomAccess.Read(_file, buffer[..wanted], filePosition);
                _position += direct;
                return direct;
            }
            _buffer ??= ArrayPool<byte>.Shared.Rent(BufferBytes);
            _bufferStart = _position;
            _buffered = RandomAccess.Read(_file, _buffer.AsSpan(0, (int)Math.Min(BufferBytes, _length - _position)), filePosition);
            if (_buffered == 0)
            {
                return 0;
            }
        }
        var from = (int)(_position - _bufferStart);
        var count = Math.Min(wanted, _buffered - from);
        _buffer.AsSpan(from, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(buffer.AsSpan(offset, count)));
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        if (target < 0 || target > _length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset));
        }
        _position = target;
        return _position;
    }

    private int CopyPrefix(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, _prefix.Length - _position);
        _prefix.AsSpan((int)_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }
        }
        base.Dispose(disposing);
    }
}
