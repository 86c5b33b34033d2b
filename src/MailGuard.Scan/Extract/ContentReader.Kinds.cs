namespace MailGuard.Scan.Extract;

// What a part is, told from its first bytes, its name and its media type.
internal sealed partial class ContentReader
{
    /// <summary>Archives we cannot open must not pass as harmless binaries.</summary>
    private static void RejectUnsupportedArchive(ReadOnlySpan<byte> head)
    {
        if (UnsupportedArchive(head) is { } problem)
        {
            throw new UnreadablePartException(problem);
        }
    }

    private static string? UnsupportedArchive(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) || head.StartsWith("Rar!\x1A\x07"u8)
            ? $"unsupported archive format ({(head[0] == 0x37 ? "7z" : "rar")}); its content was not read"
            : null;

    /// <summary>Whether the part's head is worth decoding all of it; when not, <paramref name="problem"/> may say why.</summary>
    private static bool WorthReading(ReadOnlySpan<byte> head, string name, string mediaType, out string? problem)
    {
        if (Verdict(head[..Math.Min(head.Length, PdfHeaderWindow)], name, mediaType, out problem) is { } verdict)
        {
            return verdict;
        }
        var extension = Path.GetExtension(name);
        return TextExtensions.Contains(extension) || OfficeExtensions.Contains(extension) || LegacyExtensions.Contains(extension)
            || mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || mediaType.StartsWith("message/", StringComparison.OrdinalIgnoreCase)
            || LooksLikeText(head);
    }

    /// <summary>
    /// What the first kilobyte of a part says on its own (<paramref name="first"/> holds no more): readable by its magic or
    /// PDF header, not readable with the <paramref name="problem"/> why, or null when the rest of the head must decide.
    /// </summary>
    private static bool? Verdict(ReadOnlySpan<byte> first, string name, string mediaType, out string? problem)
    {
        problem = UnsupportedArchive(first);
        if (problem is not null)
        {
            return false;
        }
        if (first.StartsWith("PK"u8) || first.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]) || first.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return true;
        }
        if (first.IndexOf("%PDF-"u8) >= 0)
        {
            return true;
        }
        if (Path.GetExtension(name).Equals(".pdf", StringComparison.OrdinalIgnoreCase) || mediaType.Equals("application/pdf", StringComparison.OrdinalIgnoreCase))
        {
            problem = "corrupt PDF (no PDF header)";
            return false;
        }
        return null;
    }

    private static bool IsMedia(string mediaType) =>
        mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
        || mediaType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)
        || mediaType.StartsWith("video/", StringComparison.OrdinalIgnoreCase);

    private static bool IsPdf(Stream content)
    {
        // PDF allows junk before the header; readers look in the first kilobyte.
        Span<byte> head = stackalloc byte[PdfHeaderWindow];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        return head[..read].IndexOf("%PDF-"u8) >= 0;
    }

    private static bool LooksLikeText(Stream content)
    {
        Span<byte> head = stackalloc byte[4096];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        return LooksLikeText(head[..read]);
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty || head.Contains((byte)0))
        {
            return false;
        }
        var control = 0;
        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\r' or (byte)'\n' or (byte)'\t' or 0x1B or 0x0C))
            {
                control++;
            }
        }
        return control * 50 < head.Length;
    }
}
