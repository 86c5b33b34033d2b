using System.Buffers;
using System.Reflection;
using MimeKit;
using MimeKit.IO;

namespace MailGuard.Deliver;

/// <summary>
/// Carries the spooled bytes through MailKit's <c>SmtpClient</c> untouched. MailKit sends a <see cref="MimeMessage"/>
/// by writing its headers, a blank line and its body; a message with no headers of its own and this part as body,
/// whose headers are cleared, writes exactly the spooled bytes. Being a <see cref="MimePart"/> marked 8bit lets
/// MailKit still announce <c>BODY=8BITMIME</c> for 8-bit content. The byte-equality tests guard this against
/// MimeKit changes.
/// </summary>
internal sealed class RawMessagePart : MimePart
{
    // MimeKit writes a blank line before a body whose header list "has a body separator", which a new list always
    // claims; the flag is internal, so it is cleared by reflection (and a missing flag fails loudly, not silently).
    private static readonly PropertyInfo BodySeparator =
        typeof(HeaderList).GetProperty("HasBodySeparator", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingMemberException(nameof(HeaderList), "HasBodySeparator");

    private static readonly byte[] CrLf = "\r\n"u8.ToArray();
    private static readonly byte[] Dot = "."u8.ToArray();
    private readonly Func<Stream> _open;
    private readonly bool _addFinalNewLine;

    public RawMessagePart(Func<Stream> open, long length, bool eightBit, bool endsWithCrLf) : base("application", "octet-stream")
    {
        _open = open;
        _addFinalNewLine = !endsWithCrLf;
        Length = length + (_addFinalNewLine ? CrLf.Length : 0);
        if (eightBit)
        {
            ContentTransferEncoding = ContentEncoding.EightBit;
        }
        Headers.Clear();
        BodySeparator.SetValue(Headers, false);
    }

    /// <summary>The number of bytes <see cref="WriteTo(FormatOptions, Stream, bool, CancellationToken)"/> writes.</summary>
    public long Length { get; }

    /// <summary>A message of only this part: no headers of its own, so nothing but the raw bytes is written.</summary>
    public static MimeMessage Wrap(Func<Stream> open, long length, bool eightBit, bool endsWithCrLf)
    {
        // A parsed message is in loose compliance mode; a constructed one (strict) would add a blank line before the body.
        using var stub = new MemoryStream("X-Stub: 1\r\n\r\n"u8.ToArray());
        var message = MimeMessage.Load(stub);
        message.Headers.Clear();
        message.Body = new RawMessagePart(open, length, eightBit, endsWithCrLf);
        return message;
    }

    protected override void OnHeadersChanged(HeaderListChangedAction action, Header? header)
    {
        // Keep the 8bit marking when the headers are cleared: it steers MailKit's BODY= choice, not the output.
        if (action != HeaderListChangedAction.Cleared)
        {
            base.OnHeadersChanged(action, header);
        }
    }

    public override void Prepare(EncodingConstraint constraint, int maxLineLength = 78)
    {
        // Relay what was received: no re-encoding, whatever the server supports.
    }

    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        using (var source = _open())
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                stream.Write(buffer, 0, read);
            }
        }
        if (_addFinalNewLine)
        {
            stream.Write(CrLf);
        }
    }

    public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        // MailKit sends DATA through a FilteredStream whose one filter, SmtpDataFilter, dot-stuffs byte by byte (3% of
        // the relay's CPU on 100 KB mail). The same stuffing, a search for "\n." per chunk, goes to the stream below;
        // the filter then sees no bytes and adds none. BDAT (no FilteredStream) gets the bytes unstuffed, as before.
        var (target, stuff) = stream is FilteredStream filtered ? (filtered.Source, true) : (stream, false);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            await using var source = _open();
            var atLineStart = true;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, 64 * 1024), cancellationToken)) > 0)
            {
                var chunk = buffer.AsMemory(0, read);
                if (stuff)
                {
                    await WriteStuffedAsync(target, chunk, atLineStart, cancellationToken);
                    atLineStart = buffer[read - 1] == (byte)'\n';
                }
                else
                {
                    await target.WriteAsync(chunk, cancellationToken);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (_addFinalNewLine)
        {
            // SmtpServer hands over the content without the CRLF that belongs to the terminating CRLF.CRLF;
            // without it the last line would run into the "." MailKit sends next.
            await target.WriteAsync(CrLf, cancellationToken);
        }
    }

    /// <summary>RFC 5321 4.5.2: a line that starts with a dot gets one more.</summary>
    private static async Task WriteStuffedAsync(Stream target, ReadOnlyMemory<byte> chunk, bool atLineStart, CancellationToken cancellationToken)
    {
        if (atLineStart && chunk.Span[0] == (byte)'.')
        {
            await target.WriteAsync(Dot, cancellationToken);
        }
        var from = 0;
        for (var cut = NextDotLine(chunk.Span, from); cut >= 0; cut = NextDotLine(chunk.Span, from))
        {
            await target.WriteAsync(chunk[from..cut], cancellationToken);
            await target.WriteAsync(Dot, cancellationToken);
            from = cut;
        }
        await target.WriteAsync(chunk[from..], cancellationToken);
    }

    /// <summary>Where the next line that starts with a dot begins, at or after <paramref name="from"/>; -1 if none.</summary>
    private static int NextDotLine(ReadOnlySpan<byte> chunk, int from)
    {
        var at = chunk[from..].IndexOf("\n."u8);
        return at < 0 ? -1 : from + at + 1;
    }
}
