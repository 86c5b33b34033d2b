using System.Buffers;
using System.Text.RegularExpressions;
using MimeKit;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Encoded content that hides text from a one-layer decoder: base64 blocks inside a (quoted-printable) body,
/// and base64 parts cut short, which MimeKit decodes silently as far as they go.
/// </summary>
internal static partial class EncodedText
{
    private static readonly SearchValues<byte> Base64Bytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n \t"u8);

    [GeneratedRegex(@"^[A-Za-z0-9+/]{16,}={0,2}$")]
    private static partial Regex Base64Line();

    /// <summary>Decodes runs of base64 lines in a body and adds the text they hide as <c>{location}/base64[n]</c>.</summary>
    public static void ReadHiddenBase64(ExtractionSession session, string location, string text)
    {
        var lines = text.Split('\n');
        var found = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i;
            var chars = 0;
            while (i < lines.Length && Base64Line().IsMatch(lines[i].Trim()))
            {
                chars += lines[i].Trim().Length;
                i++;
            }
            // A lone long token is more likely an ID than hidden text; ask for a real block.
            if (chars < 40 || (i - start < 2 && chars < 60))
            {
                continue;
            }
            var block = string.Concat(lines[start..i].Select(l => l.Trim()));
            var bytes = new byte[block.Length * 3 / 4 + 3];
            if (!Convert.TryFromBase64String(block.PadRight((block.Length + 3) / 4 * 4, '='), bytes, out var written))
            {
                continue;
            }
            var decoded = CharsetDecoder.Decode(bytes.AsSpan(0, written), null, out var problem);
            if (problem is null && IsMostlyText(decoded))
            {
                session.Add($"{location}/base64[{++found}]", SegmentRole.Document, decoded);
            }
        }
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
        var buffer = new byte[81920];
        long symbols = 0;
        long invalid = 0;
        var padded = false;
        int read;
        while ((read = raw.Read(buffer, 0, buffer.Length)) > 0)
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
}
