using System.Buffers;
using MimeKit;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Reads one piece of content, a MIME attachment or an archive entry, by what it is: its magic bytes first
/// (a renamed zip is still a zip), then its file name and media type.
/// </summary>
internal sealed partial class ContentReader(ExtractionSession session, MimeWalker walker)
{
    // How much of a part is looked at before deciding to decode all of it.
    private const int HeadLength = 8192;

    // Where a PDF's header must start (readers look in the first kilobyte; PDF allows junk before it).
    private const int PdfHeaderWindow = 1024;

    private static readonly HashSet<string> OfficeExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".xltx", ".pptx", ".pptm", ".ppsx", ".potx",
    };

    private static readonly HashSet<string> LegacyExtensions = new(StringComparer.OrdinalIgnoreCase) { ".doc", ".xls", ".ppt", ".msg" };

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".txt", ".text", ".md", ".log", ".json", ".xml", ".htm", ".html", ".eml", ".tsv", ".csv", ".vcf", ".vcard", ".ics", ".rtf",
    };

    /// <summary>Decodes a MIME part and reads it; with <paramref name="asMessage"/> the content is parsed as a message.</summary>
    public void ReadPart(MimePart part, string location, int mimeDepth, bool asMessage)
    {
        if (part.Content is null)
        {
            return;
        }
        var name = part.FileName ?? part.ContentType.Name ?? string.Empty;
        var mediaType = part.ContentType.MimeType;
        if (!asMessage && !TextExtensions.Contains(Path.GetExtension(name)) && IsMedia(mediaType))
        {
            // Pictures, audio and video carry no text layer we could read.
            return;
        }
        // Look at the head first: a large picture or unknown binary is skipped without decoding all of it.
        var head = ArrayPool<byte>.Shared.Rent(HeadLength);
        var headLength = 0;
        try
        {
            using (var peek = part.Content.Open())
            {
                // The first kilobyte alone can turn a part away (a "PDF" without its header, a 7z): such a part is
                // not decoded further. The rest of the head decides for everything else.
                headLength = peek.ReadAtLeast(head.AsSpan(0, PdfHeaderWindow), PdfHeaderWindow, throwOnEndOfStream: false);
                if (!asMessage && headLength == PdfHeaderWindow && Verdict(head.AsSpan(0, headLength), name, mediaType, out var early) == false)
                {
                    session.Problem(location, early!);
                    return;
                }
                if (headLength == PdfHeaderWindow)
                {
                    headLength += peek.ReadAtLeast(head.AsSpan(headLength, HeadLength - headLength), HeadLength - headLength, throwOnEndOfStream: false);
                }
            }
            if (!asMessage && !WorthReading(head.AsSpan(0, headLength), name, mediaType, out var problem))
            {
                // Said here rather than thrown: every mislabelled picture or 7z would otherwise pay for an exception.
                if (problem is not null)
                {
                    session.Problem(location, problem);
                }
                return;
            }
            // The check reads the encoded stream that the decoder shares, so it runs before decoding starts.
            EncodedText.CheckBase64(session, part, location);
            // A head that is all of the part (a CSV, a vCard, an Office file, a forwarded message) is read where it
            // lies: neither decoded nor copied a second time.
            using var content = headLength < HeadLength ? Decoded(head, headLength) : Decode(part);
            if (asMessage)
            {
                ReadMessage(content, location, mimeDepth);
                return;
            }
            Read(content, name, mediaType, part.ContentType.Charset, location, 0, mimeDepth);
        }
        finally
        {
            // The pool must not keep a message's attachment.
            head.AsSpan(0, headLength).Clear();
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    private Stream Decode(MimePart part)
    {
        using var decoded = part.Content!.Open();
        return ContentSpill.Copy(session, decoded, DecodedLengthBound(part), long.MaxValue, "attachment too large");
    }

    /// <summary>
    /// A part decoded whole during its head peek, counted against the budget as a spill copy would count it; the
    /// stream lives no longer than the rented head it reads.
    /// </summary>
    private MemoryStream Decoded(byte[] head, int length)
    {
        if (length > 0)
        {
            session.Token.ThrowIfCancellationRequested();
            session.Expand(length);
        }
        // Writable like the spill stream it stands in for; the readers only read it.
        return new MemoryStream(head, 0, length, writable: true, publiclyVisible: true);
    }

    /// <summary>
    /// An upper bound of the decoded size, so the spill stream is sized once: base64 decodes to at most three bytes
    /// in four, the other encodings never grow.
    /// </summary>
    private static long? DecodedLengthBound(MimePart part)
    {
        var encoded = part.Content?.Stream?.Length;
        return part.ContentTransferEncoding == ContentEncoding.Base64 ? encoded / 4 * 3 + 3 : encoded;
    }

    /// <summary>Reads seekable, decoded <paramref name="content"/> named <paramref name="name"/>.</summary>
    public void Read(Stream content, string name, string? mediaType, string? charset, string location, int archiveDepth, int mimeDepth)
    {
        session.Token.ThrowIfCancellationRequested();
        var extension = Path.GetExtension(name).ToLowerInvariant();
        Span<byte> magic = stackalloc byte[8];
        var magicLength = content.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        magic = magic[..magicLength];
        content.Position = 0;
        RejectUnsupportedArchive(magic);
        mediaType = mediaType?.ToLowerInvariant() ?? string.Empty;

        if (magic.StartsWith("PK"u8) && magicLength >= 4 && magic[2] < 9)
        {
            if (OfficeExtensions.Contains(extension))
            {
                OfficeReader.Read(session, content, extension, location);
            }
            else
            {
                new ArchiveReader(session, this).ReadZip(content, location, archiveDepth, mimeDepth);
            }
        }
        else if (magic.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            throw new UnreadablePartException(OfficeExtensions.Contains(extension)
                ? "encrypted Office document (password protected)"
                : $"legacy Office/Outlook file ({(extension.Length > 0 ? extension : "OLE compound file")}) is not read");
        }
        else if (magic.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            new ArchiveReader(session, this).ReadGzip(content, name, location, archiveDepth, mimeDepth);
        }
        else if (IsPdf(content) is var pdf && (pdf || extension == ".pdf" || mediaType == "application/pdf"))
        {
            PdfReader.Read(session, content, location, pdf);
        }
        else if (extension == ".eml" || mediaType is "message/rfc822" or "message/global")
        {
            ReadMessage(content, location, mimeDepth);
        }
        else if (extension is ".csv" or ".tsv" || mediaType is "text/csv" or "text/tab-separated-values")
        {
            PlainFormats.ReadTable(session, ReadText(content, charset, location), location, extension == ".tsv" ? '\t' : ',');
        }
        else if (extension is ".vcf" or ".vcard" || mediaType is "text/vcard" or "text/x-vcard" or "text/directory")
        {
            PlainFormats.ReadCards(session, ReadText(content, charset, location), location);
        }
        else if (extension == ".ics" || mediaType == "text/calendar")
        {
            session.Add(location, SegmentRole.Document, PlainFormats.Unfold(ReadText(content, charset, location)));
        }
        else if (extension is ".htm" or ".html" || mediaType == "text/html")
        {
            session.Add(location, SegmentRole.Document, HtmlToText.Convert(ReadText(content, charset, location), session.Token));
        }
        else if (TextExtensions.Contains(extension) || mediaType.StartsWith("text/", StringComparison.Ordinal) || LooksLikeText(content))
        {
            session.Add(location, SegmentRole.Document, ReadText(content, charset, location));
        }
        else if (OfficeExtensions.Contains(extension) || LegacyExtensions.Contains(extension))
        {
            throw new UnreadablePartException($"corrupt {extension} document (not a valid file of its type)");
        }
    }

    /// <summary>
    /// The text of a MIME text part, charset sniffed when the label lies; charset trouble becomes a problem. With
    /// <paramref name="html"/> the text the HTML shows, read from the decoded bytes without a string of the HTML.
    /// </summary>
    public string DecodeText(MimePart part, string location, bool html = false)
    {
        if (part.Content is null)
        {
            return string.Empty;
        }
        EncodedText.CheckBase64(session, part, location);
        // A body that ends within the first chunk is decoded where it was read, not from a copy of its own.
        var buffer = ArrayPool<byte>.Shared.Rent(ContentSpill.ChunkSize);
        var filled = 0;
        try
        {
            filled = TransferDecoding.TryDecodeWhole(session, part.Content, buffer);
            if (filled < 0)
            {
                filled = 0;
                using var source = part.Content.Open();
                filled = ContentSpill.Fill(session, source, buffer, long.MaxValue, "text part too large");
                if (filled >= ContentSpill.ChunkSize)
                {
                    using var spilled = ContentSpill.CopyRest(session, source, buffer, DecodedLengthBound(part), long.MaxValue, "text part too large");
                    return Shown(ReadText(spilled, part.ContentType.Charset, location), html);
                }
            }
            // The whole body is in buffer[..filled].
            if (html && CharsetDecoder.TryReader(buffer, filled, part.ContentType.Charset, session.Options.MaxTextCharsPerPart,
                out var reader, out var problem))
            {
                if (problem is not null)
                {
                    session.Problem(location, problem);
                }
                return HtmlToText.Convert(reader, filled, session.Token);
            }
            using var whole = new MemoryStream(buffer, 0, filled, writable: false, publiclyVisible: true);
            return Shown(ReadText(whole, part.ContentType.Charset, location), html);
        }
        finally
        {
            // The pool must not keep a message's text.
            buffer.AsSpan(0, filled).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private string Shown(string text, bool html) => html ? HtmlToText.Convert(text, session.Token) : text;

    private string ReadText(Stream content, string? charset, string location)
    {
        // Four bytes a character covers every charset. The decoder reads the part in pieces and stops at the
        // character limit, so a large part costs its text, never a byte array of the whole part as well.
        var limit = (long)session.Options.MaxTextCharsPerPart * 4 + 4;
        var text = CharsetDecoder.Decode(content, limit, charset, session.Options.MaxTextCharsPerPart, out var problem, out var truncated);
        if (problem is not null)
        {
            session.Problem(location, problem);
        }
        if (truncated)
        {
            session.TextTooLong(location);
        }
        return text;
    }

    private void ReadMessage(Stream content, string location, int mimeDepth)
    {
        var parser = new MimeParser(MessageExtractor.ParserOptionsFor(session.Options), content, persistent: true);
        var message = parser.ParseMessage(session.Token);
        walker.WalkMessage(message, location + "/", mimeDepth);
    }
}
