namespace MailGuard.Scan.Extract;

/// <summary>
/// A read-only view of a seekable stream for parsers that read a few bytes at a time and seek back and forth, as
/// PdfPig does when it searches a damaged PDF for its objects. FileStream empties its buffer on every seek, so such a
/// parser turned one 10 MB attachment into millions of system calls and minutes of CPU; here recently used pages stay
/// in memory across seeks (a fixed few hundred KB), and every read checks the part's time limit, which the parser
/// itself never does. Content already in memory (a spill stream below its file threshold) is read where it lies.
/// </summary>
internal sealed class PagedReadStream : Core.ReadOnlyStream
{
    private const int PageSize = 16 * 1024;
    private const int MaxPages = 32;

    private readonly Stream _inner;
    private readonly CancellationToken _token;
    private readonly Dictionary<long, LinkedListNode<(long Number, byte[] Bytes, int Length)>> _pages = [];
    private readonly LinkedList<(long Number, byte[] Bytes, int Length)> _recent = new();
    private readonly long _length;
    private long _position;

    // The bytes the last read came from: PdfPig reads most of a file one byte at a time, so a byte from the same
    // window skips the page table. A stream in memory is one window over its whole buffer.
    private byte[] _window = [];
    private int _windowOffset;
    private long _windowStart;
    private int _windowLength;

    public PagedReadStream(Stream inner, CancellationToken token)
    {
        _inner = inner;
        _token = token;
        _length = inner.Length;
        if (inner is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            (_window, _windowOffset, _windowLength) = (buffer.Array!, buffer.Offset, (int)_length);
        }
    }

    public override bool CanSeek => true;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        _token.ThrowIfCancellationRequested();
        var copied = 0;
        while (copied < buffer.Length && _position < _length)
        {
            var within = Locate();
            var take = Math.Min(buffer.Length - copied, _windowLength - within);
            if (take <= 0)
            {
                break;
            }
            _window.AsSpan(_windowOffset + within, take).CopyTo(buffer[copied..]);
            copied += take;
            _position += take;
        }
        return copied;
    }

    public override int ReadByte()
    {
        _token.ThrowIfCancellationRequested();
        if (_position >= _length)
        {
            return -1;
        }
        var within = Locate();
        if (within >= _windowLength)
        {
            return -1;
        }
        _position++;
        return _window[_windowOffset + within];
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => _length + offset,
    };

    /// <summary>Makes the window hold the current position (a page read short may still end before it); returns the offset within.</summary>
    private int Locate()
    {
        var within = _position - _windowStart;
        if (within >= 0 && within < _windowLength)
        {
            return (int)within;
        }
        var number = _position / PageSize;
        var (_, bytes, length) = Page(number);
        (_window, _windowOffset, _windowStart, _windowLength) = (bytes, 0, number * PageSize, length);
        return (int)(_position - _windowStart);
    }

    private (long Number, byte[] Bytes, int Length) Page(long number)
    {
        if (_pages.TryGetValue(number, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value;
        }
        var bytes = _recent.Count < MaxPages ? new byte[PageSize] : Evict();
        _inner.Position = number * PageSize;
        var length = _inner.ReadAtLeast(bytes, PageSize, throwOnEndOfStream: false);
        node = _recent.AddFirst((number, bytes, length));
        _pages[number] = node;
        return node.Value;
    }

    private byte[] Evict()
    {
        var last = _recent.Last!;
        _recent.RemoveLast();
        _pages.Remove(last.Value.Number);
        return last.Value.Bytes;
    }
}
