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
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
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
