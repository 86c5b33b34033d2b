using System.Collections.Concurrent;
using System.Text;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Registers the code-page encodings (ISO-2022-JP, Shift_JIS, EUC-JP, windows-125x) that MimeKit needs.
/// It must run before MimeKit is first used, or Japanese decodes as Latin-1 garbage; so every entry point
/// calls <see cref="EnsureRegistered"/> first and refuses to run if the self-test fails.
/// </summary>
public static class EncodingSupport
{
    private static readonly Lazy<bool> Registered = new(Register);

    /// <summary>Registers the provider once and checks that ISO-2022-JP decodes; throws when it does not.</summary>
    public static void EnsureRegistered()
    {
        if (!Registered.Value)
        {
            throw new InvalidOperationException(
                "Japanese charsets do not decode (ISO-2022-JP self-test failed): the code-page encodings were registered too late. " +
                "MailGuard refuses to scan mail it cannot read.");
        }
    }

    private static bool Register()
    {
        Encoding.RegisterProvider(new CachedCodePages());
        // 山田 in ISO-2022-JP.
        byte[] sample = [0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x42];
        var part = new MimeKit.TextPart("plain")
        {
            Content = new MimeKit.MimeContent(new MemoryStream(sample)),
        };
        part.ContentType.Charset = "iso-2022-jp";
        return part.Text == "山田";
    }
}

/// <summary>
/// The code-page encodings, each looked up once. <see cref="CodePagesEncodingProvider"/> caches the encodings it has,
/// but a code page it does not have (UTF-8, ASCII, Latin-1: the runtime's own, asked of every provider first) costs
/// a read of its embedded table's index (GetCodePageByteSize) on every call, and MimeKit asks for an encoding for
/// every encoded word and address it decodes. Answers, found or not, are kept: by number at most the 65,535 code
/// pages there can be, by name the first few hundred names (a message chooses the names).
/// </summary>
internal sealed class CachedCodePages : EncodingProvider
{
    private const int MaxNames = 256;

    private readonly ConcurrentDictionary<int, Encoding?> _byCodePage = new();
    private readonly ConcurrentDictionary<string, Encoding?> _byName = new(StringComparer.OrdinalIgnoreCase);

    public override Encoding? GetEncoding(int codepage)
    {
        // 0 is the system's default code page, resolved by the provider each time; outside 1..65535 it answers null at once.
        if (codepage is <= 0 or > 65535)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(codepage);
        }
        return _byCodePage.GetOrAdd(codepage, static c => CodePagesEncodingProvider.Instance.GetEncoding(c) ?? Runtime(c));
    }

    // PdfPig registers the code-page provider too, after this one: a null answer here would pass the question on to
    // it and its slow miss. These are the instances Encoding.GetEncoding returns for the runtime's own code pages.
    private static Encoding? Runtime(int codepage) => codepage switch
    {
        1200 => Encoding.Unicode,
        1201 => Encoding.BigEndianUnicode,
        12000 => Encoding.UTF32,
        20127 => Encoding.ASCII,
        28591 => Encoding.Latin1,
        65001 => Encoding.UTF8,
        _ => null,
    };

    public override Encoding? GetEncoding(string name)
    {
        if (_byName.TryGetValue(name, out var cached))
        {
            return cached;
        }
        var encoding = CodePagesEncodingProvider.Instance.GetEncoding(name);
        if (_byName.Count < MaxNames)
        {
            _byName.TryAdd(name, encoding);
        }
        return encoding;
    }

    public override IEnumerable<EncodingInfo> GetEncodings() => CodePagesEncodingProvider.Instance.GetEncodings();
}
