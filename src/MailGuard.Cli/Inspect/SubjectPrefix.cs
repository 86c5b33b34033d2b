using System.Text;
using MimeKit;

namespace MailGuard.Cli.Inspect;

/// <summary>
/// A tag verdict's new subject, applied as a stream: the header block is read and rewritten (the verdict headers
/// first, the Subject field prefixed, every other field byte for byte), the body is copied from the spool as it is
/// read. A large message is never loaded whole, and nothing but the Subject field is re-encoded.
/// </summary>
internal static class SubjectPrefix
{
    private const int ChunkBytes = 64 * 1024;

    // CRLF whatever the platform: MimeKit's default would end the rewritten field with a bare LF on Linux.
    private static readonly FormatOptions Format = CreateFormat();

    /// <summary>
    /// Returns the rewritten message, reading <paramref name="message"/> on demand; disposing the result disposes it
    /// (and a failure here disposes it too).
    /// </summary>
    /// <exception cref="FormatException">The header block cannot be parsed (the caller holds the message).</exception>
    public static async Task<Stream> ApplyAsync(Stream message, IEnumerable<string> addedHeaders, string prefix, CancellationToken cancellationToken)
    {
        try
        {
            return await RewriteAsync(message, addedHeaders, prefix, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await message.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<Stream> RewriteAsync(Stream message, IEnumerable<string> addedHeaders, string prefix, CancellationToken cancellationToken)
    {
        // Only the header block is held: everything up to the empty line, plus what the last read took past it.
        var head = new MemoryStream();
        var buffer = new byte[ChunkBytes];
        var end = -1;
        int read;
        while (end < 0 && (read = await message.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var from = (int)Math.Max(0, head.Length - 2);
            head.Write(buffer, 0, read);
            end = HeaderEnd(head.GetBuffer().AsSpan(0, (int)head.Length), from);
        }
        var bytes = head.GetBuffer().AsSpan(0, (int)head.Length);
        if (end < 0)
        {
            end = bytes.Length;
        }

        var output = new MemoryStream();
        foreach (var header in addedHeaders)
        {
            output.Write(Encoding.UTF8.GetBytes(header + "\r\n"));
        }
        var fields = HeaderList.Load(ParserOptions.Default, new MemoryStream(bytes[..end].ToArray()));
        var subject = fields.IndexOf(HeaderId.Subject);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            Write(output, i == subject ? Subject(prefix + field.Value) : field);
        }
        if (subject < 0)
        {
            Write(output, Subject(prefix.TrimEnd()));
        }
        // The empty line and whatever body bytes were read with the headers, then the rest straight from the spool.
        output.Write(bytes[end..]);
        return new PrefixedStream(output.ToArray(), message);
    }

    private static Header Subject(string value)
    {
        var field = new Header(HeaderId.Subject, "");
        field.SetValue(Format, Encoding.UTF8, value);
        return field;
    }

    // The field as it came (name, colon, raw value with its folding and CRLF), not as MimeKit would format it.
    private static void Write(MemoryStream output, Header field)
    {
        output.Write(field.RawField);
        output.WriteByte((byte)':');
        output.Write(field.RawValue);
    }

    /// <summary>Where the header fields end (the start of the empty line), searching from <paramref name="from"/>; -1 if not yet.</summary>
    private static int HeaderEnd(ReadOnlySpan<byte> bytes, int from)
    {
        if (from == 0 && bytes.Length > 0 && bytes[0] is (byte)'\r' or (byte)'\n')
        {
            return 0;
        }
        for (var i = Math.Max(from, 1); i < bytes.Length; i++)
        {
            if (bytes[i - 1] != (byte)'\n')
            {
                continue;
            }
            if (bytes[i] == (byte)'\n' || (bytes[i] == (byte)'\r' && i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n'))
            {
                return i;
            }
        }
        return -1;
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    /// <summary>Bytes held in memory, then the rest of another stream; read once, front to back.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Core.ReadOnlyStream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < prefix.Length)
            {
                return TakePrefix(buffer);
            }
            return rest.Read(buffer);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _position < prefix.Length ? ValueTask.FromResult(TakePrefix(buffer.Span)) : rest.ReadAsync(buffer, cancellationToken);

        private int TakePrefix(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, prefix.Length - _position);
            prefix.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                rest.Dispose();
            }
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await rest.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
