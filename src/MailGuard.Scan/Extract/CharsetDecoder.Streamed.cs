using System.Buffers;
using System.Text;

namespace MailGuard.Scan.Extract;

/// <summary>The same judgement as the in-memory decode, made over a stream in pieces, so a large part never becomes one byte array.</summary>
internal static partial class CharsetDecoder
{
    /// <summary>The piece a large text part is read in; smaller parts are decoded from one array as before.</summary>
    internal const int ChunkBytes = 256 * 1024;

    /// <summary>
    /// Decodes at most <paramref name="maxChars"/> characters from the first <paramref name="byteLimit"/> bytes of seekable
    /// <paramref name="content"/>, judging the charset by all those bytes as <see cref="Decode(ReadOnlySpan{byte}, string?, out string?, int)"/>
    /// does. <paramref name="truncated"/> says there was more text than was returned.
    /// </summary>
    public static string Decode(Stream content, long byteLimit, string? label, int maxChars, out string? problem, out bool truncated,
        int chunkBytes = ChunkBytes)
    {
        var length = Math.Min(byteLimit, content.Length);
        if (length <= chunkBytes && length == content.Length)
        {
            // A part held in memory is decoded where it lies; only a file is read into an array first.
            ReadOnlySpan<byte> bytes;
            if (content is MemoryStream memory && memory.TryGetBuffer(out var held))
            {
                bytes = held.AsSpan(0, (int)length);
                content.Position = length;
            }
            else
            {
                var array = new byte[length];
                content.Position = 0;
                content.ReadExactly(array);
                bytes = array;
            }
            var small = Decode(bytes, label, out problem, maxChars + 1);
            truncated = small.Length > maxChars;
            return small.Length > maxChars ? small[..maxChars] : small;
        }
        var window = new ByteWindow(content, length, chunkBytes);
        var text = Decode(window, label, maxChars, out problem, out truncated);
        truncated |= content.Length > length;
        return text;
    }

    private static string Decode(ByteWindow window, string? label, int maxChars, out string? problem, out bool truncated)
    {
        var choice = Choose(ref window, label);
        problem = choice.Problem;
        return Read(choice.Encoding, window, choice.Skip, maxChars, choice.KnownCount, out truncated);
    }

    // Counting first and then decoding into the string itself leaves the string as the only copy of the text.
    private static string Read(Encoding encoding, ByteWindow window, long start, int maxChars, long? knownCount, out bool truncated)
    {
        int count;
        if (knownCount is { } known && known <= maxChars)
        {
            (count, truncated) = ((int)known, false);
        }
        else
        {
            var (counted, complete) = Convert(encoding, window, start, [], maxChars);
            (count, truncated) = (counted, !complete);
        }
        return count == 0 ? string.Empty : string.Create(count, (encoding, window, start), static (target, state) =>
            Convert(state.encoding, state.window, state.start, target, target.Length));
    }

    /// <summary>
    /// Decodes the window from <paramref name="start"/> into <paramref name="target"/>, or only counts when it is empty, up to
    /// <paramref name="maxChars"/> characters; a character that would not fit whole is left out, as in the in-memory decode.
    /// </summary>
    private static (int Chars, bool Complete) Convert(Encoding encoding, ByteWindow window, long start, Span<char> target, int maxChars)
    {
        var decoder = encoding.GetDecoder();
        var buffer = ArrayPool<byte>.Shared.Rent(window.ChunkBytes);
        var scratch = target.IsEmpty ? ArrayPool<char>.Shared.Rent(window.ChunkBytes) : null;
        try
        {
            var written = 0;
            window.Stream.Position = start;
            var remaining = window.Length - start;
            while (remaining > 0)
            {
                var read = window.Stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    break;
                }
                remaining -= read;
                var bytes = new ReadOnlySpan<byte>(buffer, 0, read);
                while (true)
                {
                    var room = scratch is null ? target[written..maxChars] : scratch.AsSpan(0, Math.Min(scratch.Length, maxChars - written));
                    if (room.IsEmpty)
                    {
                        return (written, false);
                    }
                    int used, produced;
                    bool completed;
                    try
                    {
                        // Where the window cuts the content, a character cut in two is the end of the text, not an invalid byte.
                        decoder.Convert(bytes, room, remaining == 0 && !window.Cut, out used, out produced, out completed);
                    }
                    catch (ArgumentException e) when (e is not DecoderFallbackException && written > 0)
                    {
                        // Room for one more character but it decodes to two (a surrogate pair): stop here.
                        return (written, false);
                    }
                    bytes = bytes[used..];
                    written += produced;
                    if (completed)
                    {
                        break;
                    }
                    if (used == 0 && produced == 0)
                    {
                        return (written, false);
                    }
                }
            }
            return (written, true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (scratch is not null)
            {
                ArrayPool<char>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>The first bytes of a seekable stream, read in pieces.</summary>
    private sealed class ByteWindow(Stream stream, long length, int chunkBytes) : IByteSource
    {
        ReadOnlySpan<byte> IByteSource.Head(int count) => Head(count);

        public bool IsAscii() => All(chunk => Ascii.IsValid(chunk));

        public bool Contains(byte value) => !All(chunk => !chunk.Contains(value));

        /// <summary>Counting is how the window validates, so the count always comes with it.</summary>
        public bool Accepts(Encoding strict, out long? count)
        {
            try
            {
                // Convert, not Decoder.GetCharCount: only Convert carries a character cut by a piece's end over to the next.
                count = Convert(strict, this, 0, [], int.MaxValue).Chars;
                return true;
            }
            catch (DecoderFallbackException)
            {
                count = null;
                return false;
            }
        }

        public Stream Stream { get; } = stream;

        public long Length { get; } = length;

        public int ChunkBytes { get; } = chunkBytes;

        /// <summary>True when the content goes on past the window.</summary>
        public bool Cut => Stream.Length > Length;

        public byte[] Head(int count)
        {
            var head = new byte[(int)Math.Min(count, Length)];
            Stream.Position = 0;
            Stream.ReadExactly(head);
            return head;
        }

        /// <summary>True when <paramref name="visit"/> holds for every piece; stops at the first that fails.</summary>
        public bool All(Func<ReadOnlySpan<byte>, bool> visit)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
            try
            {
                Stream.Position = 0;
                var remaining = Length;
                while (remaining > 0)
                {
                    var read = Stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                    if (read == 0)
                    {
                        break;
                    }
                    remaining -= read;
                    if (!visit(buffer.AsSpan(0, read)))
                    {
                        return false;
                    }
                }
                return true;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>The in-memory rule over the whole window: the first ESC starts an ISO-2022-JP escape sequence.</summary>
        public bool HasIso2022JpEscape()
        {
            long offset = 0;
            long escape = -1;
            All(chunk =>
            {
                var at = chunk.IndexOf((byte)0x1B);
                if (at >= 0)
                {
                    escape = offset + at;
                    return false;
                }
                offset += chunk.Length;
                return true;
            });
            if (escape < 0 || escape + 2 >= Length)
            {
                return false;
            }
            Span<byte> next = stackalloc byte[2];
            Stream.Position = escape + 1;
            Stream.ReadExactly(next);
            return next.SequenceEqual("$B"u8) || next.SequenceEqual("$@"u8) || next.SequenceEqual("(J"u8) || next.SequenceEqual("(I"u8);
        }
    }
}
