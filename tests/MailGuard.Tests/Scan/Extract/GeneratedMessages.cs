using System.IO.Compression;
using System.Text;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>Builds the big and hostile messages at run time, so none of them has to be committed.</summary>
internal static class GeneratedMessages
{
    public const string Head = "From: Aya Nakamura <a.nakamura@example.com>\r\nTo: client@example.org\r\nSubject: generated\r\n" +
        "Date: Wed, 14 May 2025 10:02:00 +0900\r\nMIME-Version: 1.0\r\n";

    /// <summary>A message with a text body and one base64 attachment.</summary>
    public static byte[] WithAttachment(string fileName, byte[] content, string mediaType = "application/octet-stream")
    {
        var text = new StringBuilder(Head)
            .Append("Content-Type: multipart/mixed; boundary=\"g\"\r\n\r\n")
            .Append("--g\r\nContent-Type: text/plain\r\n\r\nSee attached, Aya\r\n")
            .Append("--g\r\nContent-Type: ").Append(mediaType).Append("; name=\"").Append(fileName).Append("\"\r\n")
            .Append("Content-Disposition: attachment; filename=\"").Append(fileName).Append("\"\r\n")
            .Append("Content-Transfer-Encoding: base64\r\n\r\n")
            .Append(Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks))
            .Append("\r\n--g--\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary><paramref name="levels"/> messages each attached to the next as message/rfc822.</summary>
    public static byte[] NestedMessages(int levels)
    {
        var message = Head.Replace("generated", "level 0", StringComparison.Ordinal) + "Content-Type: text/plain\r\n\r\nInnermost: Kevin Ortiz 512-555-0176\r\n";
        for (var level = 1; level < levels; level++)
        {
            message = Head.Replace("generated", $"level {level}", StringComparison.Ordinal) +
                $"Content-Type: multipart/mixed; boundary=\"n{level}\"\r\n\r\n--n{level}\r\nContent-Type: text/plain\r\n\r\nLevel {level}\r\n" +
                $"--n{level}\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"l{level}.eml\"\r\n\r\n" +
                message + $"\r\n--n{level}--\r\n";
        }
        return Encoding.UTF8.GetBytes(message);
    }

    /// <summary>A zip of the given entries.</summary>
    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A zip with one entry of <paramref name="size"/> zero bytes, written without holding them in memory.</summary>
    public static byte[] ZeroBomb(long size)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry("zeros.txt", CompressionLevel.Fastest).Open();
            var chunk = new byte[1 << 20];
            for (long written = 0; written < size; written += chunk.Length)
            {
                stream.Write(chunk);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Overwrites the uncompressed size recorded for every entry, the way a bomb hides its expansion.</summary>
    public static byte[] LieAboutSizes(byte[] zip, uint size)
    {
        var copy = (byte[])zip.Clone();
        for (var i = 0; i + 30 < copy.Length; i++)
        {
            if (copy[i] == 'P' && copy[i + 1] == 'K' && copy[i + 2] == 3 && copy[i + 3] == 4)
            {
                BitConverter.TryWriteBytes(copy.AsSpan(i + 22, 4), size);
            }
            else if (copy[i] == 'P' && copy[i + 1] == 'K' && copy[i + 2] == 1 && copy[i + 3] == 2)
            {
                BitConverter.TryWriteBytes(copy.AsSpan(i + 24, 4), size);
            }
        }
        return copy;
    }

    /// <summary>Sets the general-purpose "encrypted" flag on every entry, which is all a reader sees of ZipCrypto.</summary>
    public static byte[] MarkEncrypted(byte[] zip)
    {
        var copy = (byte[])zip.Clone();
        for (var i = 0; i + 10 < copy.Length; i++)
        {
            if (copy[i] == 'P' && copy[i + 1] == 'K' && copy[i + 2] == 3 && copy[i + 3] == 4)
            {
                copy[i + 6] |= 1;
            }
            else if (copy[i] == 'P' && copy[i + 1] == 'K' && copy[i + 2] == 1 && copy[i + 3] == 2)
            {
                copy[i + 8] |= 1;
            }
        }
        return copy;
    }

    public static string WriteTemp(byte[] message)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mailguard-test-{Guid.NewGuid():N}.eml");
        File.WriteAllBytes(path, message);
        return path;
    }
}
