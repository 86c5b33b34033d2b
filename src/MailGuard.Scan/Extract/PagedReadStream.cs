namespace MailGuard.Scan.Extract;

/// <summary>
/// A read-only view of a seekable stream for parsers that read a few bytes at a time and seek back and forth, as
/// PdfPig does when it searches a damaged PDF for its objects. FileStream empties its buffer on every seek, so such a
/// parser turned one 10 MB attachment into millions of system calls and minutes of CPU; here recently used pages stay
/// in memory across seeks (a fixed few hundred KB), and every read checks the part's time limit, which the parser
/// itself never does.
/// </summary>
internal sealed class PagedReadStream(Stream inner, CancellationToken token) : Core.ReadOnlyStream
{
    private const int PageSize = 16 * 1024;
    private const int MaxPages = 32;

    private readonly Dictionary<long, LinkedListNode<(long Number, byte[] Bytes, int Length)>> _pages = [];
    private readonly LinkedList<(long Number, byte[] Bytes, int Length)> _recent = new();
    private readonly long _length = inner.Length;
    private long _position;

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
        token.ThrowIfCancellationRequested();
        var copied = 0;
        while (copied < buffer.Length && _position < _length)
        {
            var (_, bytes, length) = Page(_position / PageSize);
            var within = (int)(_position % PageSize);
            var take = Math.Min(buffer.Length - copied, length - within);
            if (take <= 0)
            {
                break;
            }
            bytes.AsSpan(within, take).CopyTo(buffer[copied..]);
            copied += take;
            _position += take;
        }
        return copied;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => _length + offset,
    };

    private (long Number, byte[] Bytes, int Length) Page(long number)
    {
        if (_pages.TryGetValue(number, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value;
        }
        var bytes = _recent.Count < MaxPages ? new byte[PageSize] : Evict();
        inner.Position = number * PageSize;
        var length = inner.ReadAtLeast(bytes, PageSize, throwOnEndOfStream: false);
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
