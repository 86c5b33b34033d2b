using System.Collections.Concurrent;
using System.Text;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Turns bytes into text the way a Japanese or Western mail client would: the label first, but unlabeled
/// ISO-2022-JP, UTF-8 sent as "us-ascii" or "iso-8859-1", and Shift_JIS sent as "utf-8" are recognised by their bytes.
/// </summary>
internal static partial class CharsetDecoder
{
    private static readonly Dictionary<string, int> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cp932"] = 932, ["windows-31j"] = 932, ["ms932"] = 932, ["sjis"] = 932, ["shift-jis"] = 932,
        ["x-ms-cp932"] = 932, ["cp50220"] = 50220, ["cp50221"] = 50221, ["cp50222"] = 50222,
        ["iso-2022-jp-1"] = 50221, ["iso-2022-jp-2"] = 50221, ["iso-2022-jp-3"] = 50221, ["x-euc-jp"] = 51932,
        ["eucjp"] = 51932, ["euc_jp"] = 51932, ["utf8"] = 65001, ["ks_c_5601"] = 949, ["latin1"] = 28591,
    };

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);

    // Looking up a code-page encoding builds its tables each time; mail decodes the same few over and over.
    private static readonly ConcurrentDictionary<int, Encoding> Lenient = new();
    private static readonly ConcurrentDictionary<int, Encoding> Strict = new();
    private static readonly ConcurrentDictionary<string, Encoding> ByLabel = new(StringComparer.OrdinalIgnoreCase);

    private static Encoding CodePage(int codePage) => Lenient.GetOrAdd(codePage, Encoding.GetEncoding);

    private static Encoding StrictCodePage(int codePage) => Strict.GetOrAdd(codePage,
        c => Encoding.GetEncoding(c, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback));

    /// <summary>
    /// Decodes <paramref name="bytes"/>, at most <paramref name="maxChars"/> characters of them (the charset is still
    /// judged by all the bytes); <paramref name="problem"/> says why the result may be wrong, or is null.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? label, out string? problem, int maxChars = int.MaxValue)
    {
        problem = null;
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }
        var source = new SpanSource(bytes);
        var choice = Choose(ref source, label);
        problem = choice.Problem;
        return GetString(choice.Encoding, bytes[choice.Skip..], maxChars, choice.KnownCount);
    }

    /// <summary>What the charset judgement asks of the bytes: answered over one span, or over a stream in pieces.</summary>
    private interface IByteSource
    {
        long Length { get; }

        ReadOnlySpan<byte> Head(int count);

        bool HasIso2022JpEscape();

        bool IsAscii();

        bool Contains(byte value);

        /// <summary>
        /// False when <paramref name="strict"/> refuses a byte; else the characters the bytes decode to, when finding out
        /// cost nothing extra (a streamed decode sizes its string by it).
        /// </summary>
        bool Accepts(Encoding strict, out long? count);
    }

    /// <summary>The encoding to read with, the bytes to skip (a BOM), the characters when already counted, and what to say.</summary>
    private readonly record struct Choice(Encoding Encoding, int Skip = 0, long? KnownCount = null, string? Problem = null);

    /// <summary>The one charset judgement, for in-memory and streamed text alike.</summary>
    private static Choice Choose<T>(ref T source, string? label)
        where T : IByteSource, allows ref struct
    {
        var bom = FromBom(source.Head(3), out var bomLength);
        if (bom is not null)
        {
            return new(bom, bomLength);
        }
        var labeled = Resolve(label);
        if (labeled is { CodePage: 1200 or 1201 or 12000 or 12001 })
        {
            return new(labeled);
        }
        // ISO-2022-JP is 7-bit and announces itself; clients often leave it unlabeled or call it us-ascii.
        if (source.HasIso2022JpEscape())
        {
            return new(CodePage(50220));
        }
        if (source.IsAscii())
        {
            var utf7 = label is not null && label.Contains("utf-7", StringComparison.OrdinalIgnoreCase) && source.Contains((byte)'+');
            return new(Encoding.ASCII, 0, source.Length, utf7 ? "UTF-7 text is not decoded (the runtime refuses UTF-7)" : null);
        }
        if (labeled is not null && labeled.CodePage != 65001 && !IsSingleByte(labeled)
            && source.Accepts(StrictCodePage(labeled.CodePage), out var labeledCount))
        {
            return new(labeled, 0, labeledCount);
        }
        // UTF-8 that is valid is almost never an accident, whatever the label says.
        if (source.Accepts(StrictUtf8, out var utf8Count))
        {
            return new(StrictUtf8, 0, utf8Count);
        }
        if (labeled is not null && IsSingleByte(labeled))
        {
            return new(labeled);
        }
        foreach (var codePage in (ReadOnlySpan<int>)[932, 51932])
        {
            if (source.Accepts(StrictCodePage(codePage), out var count))
            {
                return new(CodePage(codePage), 0, count);
            }
        }
        var problem = labeled is null && label is not null
            ? $"unknown charset \"{label}\"; decoded as windows-1252, text may be garbled"
            : $"text is not valid {label ?? "UTF-8"}; decoded with replacement characters";
        return new(labeled ?? CodePage(1252), 0, null, problem);
    }

    private readonly ref struct SpanSource(ReadOnlySpan<byte> bytes) : IByteSource
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public long Length => _bytes.Length;

        public ReadOnlySpan<byte> Head(int count) => _bytes[..Math.Min(count, _bytes.Length)];

        public bool HasIso2022JpEscape() => CharsetDecoder.HasIso2022JpEscape(_bytes);

        public bool IsAscii() => Ascii.IsValid(_bytes);

        public bool Contains(byte value) => _bytes.Contains(value);

        public bool Accepts(Encoding strict, out long? count)
        {
            count = null;
            // Validating UTF-8 is one pass that throws nothing on a body that is not UTF-8, unlike a strict count.
            if (ReferenceEquals(strict, StrictUtf8))
            {
                return System.Text.Unicode.Utf8.IsValid(_bytes);
            }
            try
            {
                count = strict.GetCharCount(_bytes);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }
    }

    /// <summary>The encoding for a MIME charset label, or null when the runtime has none.</summary>
    public static Encoding? Resolve(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }
        label = label.Trim().Trim('"');
        try
        {
            if (ByLabel.TryGetValue(label, out var known))
            {
                return known;
            }
            // Only labels the runtime knows are cached, so hostile labels cannot grow the cache.
            var encoding = CodePage(Aliases.TryGetValue(label, out var codePage) ? codePage : Encoding.GetEncoding(label).CodePage);
            ByLabel.TryAdd(label, encoding);
            return encoding;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    // A capped decode stops at maxChars characters instead of building the whole text and cutting it: a 50 MB
    // attachment must not become a 100 MB string to keep 4 million characters of it.
    private static string GetString(Encoding encoding, ReadOnlySpan<byte> bytes, int maxChars, long? knownCount = null)
    {
        if (encoding.GetMaxCharCount(bytes.Length) <= maxChars)
        {
            return WholeString(encoding, bytes, knownCount);
        }
        var chars = new char[maxChars];
        var decoder = encoding.GetDecoder();
        var written = 0;
        // Convert stops when the buffer is full; a character that would not fit whole is left out.
        while (!bytes.IsEmpty && written < chars.Length)
        {
            int used, produced;
            try
            {
                decoder.Convert(bytes, chars.AsSpan(written), flush: true, out used, out produced, out _);
            }
            catch (ArgumentException) when (written > 0)
            {
                // Room for one more character but it decodes to two (a surrogate pair): stop here.
                break;
            }
            if (used == 0 && produced == 0)
            {
                break;
            }
            bytes = bytes[used..];
            written += produced;
        }
        return new string(chars, 0, written);
    }

    // Encoding.GetString counts the characters and then decodes: for UTF-8 and the single-byte charsets the count is
    // nearly free, for ISO-2022-JP, Shift_JIS and EUC-JP it is a second full decode. The charset check often counted
    // already; otherwise a pooled buffer as large as the text can get makes it one decode and a copy.
    private static string WholeString(Encoding encoding, ReadOnlySpan<byte> bytes, long? knownCount)
    {
        if (bytes.IsEmpty || encoding.IsSingleByte || encoding is UTF8Encoding or UnicodeEncoding)
        {
            return encoding.GetString(bytes);
        }
        if (knownCount is { } count)
        {
            return string.Create((int)count, new Decoding(encoding, bytes), static (chars, decoding) => decoding.Encoding.GetChars(decoding.Bytes, chars));
        }
        var most = encoding.GetMaxCharCount(bytes.Length);
        if ((long)most * sizeof(char) > PooledDecodeBytes)
        {
            return encoding.GetString(bytes);
        }
        var buffer = ArrayRental.Rent<char>(most);
        var written = 0;
        try
        {
            written = encoding.GetChars(bytes, buffer);
            return new string(buffer, 0, written);
        }
        finally
        {
            // The pool must not keep a message's text.
            buffer.AsSpan(0, written).Clear();
            ArrayRental.Return(buffer);
        }
    }

    // Larger texts are decoded by Encoding.GetString: ArrayRental would not pool their buffer anyway.
    private const int PooledDecodeBytes = 256 * 1024;

    private readonly ref struct Decoding(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        public Encoding Encoding { get; } = encoding;

        public ReadOnlySpan<byte> Bytes { get; } = bytes;
    }

    private static bool IsSingleByte(Encoding encoding) => encoding.IsSingleByte;

    private static Encoding? FromBom(ReadOnlySpan<byte> bytes, out int length)
    {
        length = 0;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            length = 3;
            return Encoding.UTF8;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            length = 2;
            return Encoding.Unicode;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            length = 2;
            return Encoding.BigEndianUnicode;
        }
        return null;
    }

    private static bool HasIso2022JpEscape(ReadOnlySpan<byte> bytes)
    {
        var at = bytes.IndexOf((byte)0x1B);
        if (at < 0 || at + 2 >= bytes.Length)
        {
            return false;
        }
        var next = bytes.Slice(at + 1, 2);
        return next.SequenceEqual("$B"u8) || next.SequenceEqual("$@"u8) || next.SequenceEqual("(J"u8) || next.SequenceEqual("(I"u8);
    }
}
