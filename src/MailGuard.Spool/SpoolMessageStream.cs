namespace MailGuard.Spool;

/// <summary>A read-only, seekable window over the message bytes inside a spool file, after a prefix held in memory.</summary>
internal sealed class SpoolMessageStream : Core.ReadOnlyStream
{
    private readonly FileStream _file;
    private readonly long _offset;
    private readonly long _length;
    private readonly byte[] _prefix;
    private long _position;

    public SpoolMessageStream(string path, long offset, long storedLength, byte[] prefix)
    {
        // Delete is shared so a message can be moved or removed while a slow reader still has it open.
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.SequentialScan);
        _offset = offset;
        _prefix = prefix;
        _length = prefix.Length + storedLength;
        _file.Position = offset;
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
        var wanted = (int)Math.Min(buffer.Length, _length - _position);
        if (wanted <= 0)
        {
            return 0;
        }
        if (_position < _prefix.Length)
        {
            return CopyPrefix(buffer[..wanted]);
        }
        var read = _file.Read(buffer[..wanted]);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, _length - _position);
        if (wanted <= 0)
        {
            return 0;
        }
        if (_position < _prefix.Length)
        {
            return CopyPrefix(buffer.Span[..wanted]);
        }
        var read = await _file.ReadAsync(buffer[..wanted], cancellationToken);
        _position += read;
        return read;
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
        _file.Position = _offset + Math.Max(0, target - _prefix.Length);
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
        }
        base.Dispose(disposing);
    }
}
