using System.Buffers;
using System.Buffers.Binary;
using MimeKit;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Encoded content that hides text from a one-layer decoder: base64 blocks inside a (quoted-printable) body,
/// and base64 parts cut short, which MimeKit decodes silently as far as they go.
/// </summary>
internal static class EncodedText
{
    private static readonly SearchValues<byte> Base64Bytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n \t"u8);

    private static readonly SearchValues<char> Base64Symbols =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    // A block longer than this is judged on its first SampleChars before all of it is decoded: a body that merely
    // looks like base64 (a test load's "1XXXX..." lines, a wall of hex) costs a 3 KB decode, not one of the body's size.
    private const int SampleChars = 4096;

    // Writing, or data a person typed, rarely repeats itself: below one distinct 8-byte window in eight, the
    // decoded bytes are one short pattern over and over (filler, a test load), which no reader sees as a document.
    private const int WindowBytes = 8;
    private const int MinDistinctWindowShare = 8;

    /// <summary>Decodes runs of base64 lines in a body and adds the text they hide as <c>{location}/base64[n]</c>.</summary>
    public static void ReadHiddenBase64(ExtractionSession session, string location, string text)
    {
        var found = 0;
        var run = new List<Range>();
        var chars = 0;
        var start = 0;
        while (true)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            var line = Trimmed(text, start, end);
            if (IsBase64Line(text.AsSpan(line), 16))
            {
                run.Add(line);
                chars += line.End.Value - line.Start.Value;
            }
            else
            {
                // Encoders wrap at a fixed width, so a block's last line is whatever remains: shorter, and completing
                // the last group of four. Should such a line be a word after the block after all, the block is read without it.
                var tail = line.End.Value - line.Start.Value;
                if (!(IsTail(text, run, line, chars) && ReadBlock(session, location, text, [.. run, line], chars + tail, ref found)))
                {
                    ReadBlock(session, location, text, run, chars, ref found);
                }
                run.Clear();
                chars = 0;
            }
            if (newline < 0)
            {
                break;
            }
            start = newline + 1;
        }
        ReadBlock(session, location, text, run, chars, ref found);
    }

    private static bool IsTail(string text, List<Range> run, Range line, int chars)
    {
        var length = line.End.Value - line.Start.Value;
        var width = run.Count > 0 ? run[0].End.Value - run[0].Start.Value : 0;
        return run.Count > 0 && length < width && (chars + length) % 4 == 0
            && run.TrueForAll(r => r.End.Value - r.Start.Value == width) && IsBase64Line(text.AsSpan(line), 1);
    }

    /// <summary>Adds the text a run of base64 lines hides; false when it hides none.</summary>
    private static bool ReadBlock(ExtractionSession session, string location, string text, List<Range> run, int chars, ref int found)
    {
        // A lone long token is more likely an ID than hidden text; ask for a real block.
        if (chars < 40 || (run.Count < 2 && chars < 60))
        {
            return false;
        }
        if (chars > SampleChars && !SampleReadsAsText(text, run))
        {
            return false;
        }
        var block = Join(text, run, chars);
        var bytes = new byte[block.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(block.PadRight((block.Length + 3) / 4 * 4, '='), bytes, out var written))
        {
            return false;
        }
        if (IsOnePattern(bytes.AsSpan(0, written)))
        {
            return false;
        }
        var decoded = CharsetDecoder.Decode(bytes.AsSpan(0, written), null, out var problem);
        if (problem is null && IsMostlyText(decoded))
        {
            session.Add($"{location}/base64[{++found}]", SegmentRole.Document, decoded);
            return true;
        }
        return false;
    }

    // The sample may end inside a multi-byte character; one of the four last cut points is a character boundary.
    private static bool SampleReadsAsText(string text, List<Range> run)
    {
        var sample = Join(text, run, SampleChars);
        var bytes = new byte[SampleChars * 3 / 4];
        // One repeated byte pattern is no document in any charset; judging the bytes spares the charset attempts.
        if (!Convert.TryFromBase64String(sample, bytes, out var written) || IsOnePattern(bytes.AsSpan(0, written)))
        {
            return false;
        }
        for (var cut = 0; cut < 4 && cut < written; cut++)
        {
            var decoded = CharsetDecoder.Decode(bytes.AsSpan(0, written - cut), null, out var problem);
            if (problem is null && IsMostlyText(decoded))
            {
                return true;
            }
        }
        return false;
    }

    private static string Join(string text, List<Range> run, int chars)
    {
        var joined = new System.Text.StringBuilder(chars);
        foreach (var line in run)
        {
            var piece = text.AsSpan(line);
            joined.Append(piece[..Math.Min(piece.Length, chars - joined.Length)]);
            if (joined.Length == chars)
            {
                break;
            }
        }
        return joined.ToString();
    }

    // A trimmed line of base64 symbols, at most two '=' of padding.
    private static bool IsBase64Line(ReadOnlySpan<char> line, int minSymbols)
    {
        var symbols = line.TrimEnd('=');
        return symbols.Length >= minSymbols && line.Length - symbols.Length <= 2 && !symbols.ContainsAnyExcept(Base64Symbols);
    }

    private static Range Trimmed(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        return start..end;
    }

    /// <summary>Adds a problem when a base64 part's encoded length shows it was cut short or is not base64 at all.</summary>
    public static void CheckBase64(ExtractionSession session, MimePart part, string location)
    {
        if (part.ContentTransferEncoding != ContentEncoding.Base64 || part.Content is null)
        {
            return;
        }
        if (part.Content.Stream is not { CanSeek: true } raw)
        {
            return;
        }
        raw.Position = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(ContentSpill.ChunkSize);
        long symbols = 0;
        long invalid = 0;
        var padded = false;
        try
        {
            int read;
            while ((read = raw.Read(buffer, 0, ContentSpill.ChunkSize)) > 0)
            {
                session.Token.ThrowIfCancellationRequested();
                var chunk = buffer.AsSpan(0, read);
                var whitespace = chunk.Count((byte)'\r') + chunk.Count((byte)'\n') + chunk.Count((byte)' ') + chunk.Count((byte)'\t');
                symbols += read - whitespace;
                padded |= chunk.Contains((byte)'=');
                if (chunk.IndexOfAnyExcept(Base64Bytes) >= 0)
                {
                    var chunkInvalid = 0;
                    foreach (var b in chunk)
                    {
                        chunkInvalid += Base64Bytes.Contains(b) ? 0 : 1;
                    }
                    invalid += chunkInvalid;
                    symbols -= chunkInvalid;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        raw.Position = 0;
        if (symbols % 4 != 0 && !padded)
        {
            session.Problem(location, "base64 content is truncated; the end of the part is missing");
        }
        else if (invalid > 0 && invalid * 20 > symbols)
        {
            session.Problem(location, "content labelled base64 is not base64; it was decoded as far as possible");
        }
    }

    private static bool IsMostlyText(string text)
    {
        var control = text.Count(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t'));
        return text.Length > 0 && control * 50 < text.Length && !text.Contains('\uFFFD');
    }

    /// <summary>True when the decoded bytes' start is one short pattern repeated: few distinct 8-byte windows.</summary>
    internal static bool IsOnePattern(ReadOnlySpan<byte> bytes)
    {
        var span = bytes[..Math.Min(bytes.Length, SampleChars)];
        var windows = span.Length - WindowBytes + 1;
        if (windows < 8 * WindowBytes)
        {
            return false;
        }
        var distinct = new HashSet<ulong>();
        for (var i = 0; i < windows; i++)
        {
            distinct.Add(BinaryPrimitives.ReadUInt64LittleEndian(span.Slice(i, WindowBytes)));
        }
        return distinct.Count * MinDistinctWindowShare < windows;
    }
}
