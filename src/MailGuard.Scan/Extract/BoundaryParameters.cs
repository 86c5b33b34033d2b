using System.Text;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Counts the boundary parameters of a Content-Type header as it was written. MimeKit keeps one parameter of a name,
/// so a header with two boundaries reads as one, while a mail client that takes the other one splits the multipart
/// into other parts than those scanned: the count has to come from the raw value.
/// </summary>
internal static class BoundaryParameters
{
    /// <summary>How many boundary parameters <paramref name="rawValue"/> (a Content-Type header's value) starts.</summary>
    public static int Count(ReadOnlySpan<byte> rawValue)
    {
        var count = 0;
        var start = 0;
        var quoted = false;
        for (var i = 0; i < rawValue.Length; i++)
        {
            var b = rawValue[i];
            if (quoted)
            {
                // A backslash quotes the next character, a quote mark included.
                i += b == '\\' ? 1 : 0;
                quoted = b != '"';
            }
            else if (b == '"')
            {
                quoted = true;
            }
            else if (b == ';')
            {
                count += StartsBoundary(rawValue[start..i]) ? 1 : 0;
                start = i + 1;
            }
        }
        return count + (start < rawValue.Length && StartsBoundary(rawValue[start..]) ? 1 : 0);
    }

    // "boundary", "boundary*" (charset-encoded), "boundary*0" and "boundary*0*" start a parameter; "boundary*1" and
    // later sections (RFC 2231) continue the one "boundary*0" started.
    private static bool StartsBoundary(ReadOnlySpan<byte> parameter)
    {
        var equals = parameter.IndexOf((byte)'=');
        if (equals < 0)
        {
            return false;
        }
        var name = parameter[..equals].Trim(" \t\r\n"u8);
        var star = name.IndexOf((byte)'*');
        var section = star < 0 ? [] : name[(star + 1)..];
        return Ascii.EqualsIgnoreCase(star < 0 ? name : name[..star], "boundary"u8)
            && (section.IsEmpty || section.SequenceEqual("*"u8) || section.SequenceEqual("0"u8) || section.SequenceEqual("0*"u8));
    }
}
