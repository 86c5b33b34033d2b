using System.IO.Compression;
using System.Text;

namespace MailGuard.Scan.Extract;

/// <summary>
/// zip and gz, nested up to the archive depth limit. Each entry is inflated into a spill stream that stops at
/// the compression-ratio and expanded-size limits, so a bomb costs a few kilobytes of work, not its expansion.
/// </summary>
internal sealed class ArchiveReader(ExtractionSession session, ContentReader reader)
{
    // Entries inflate a little beyond the ratio for tiny files (headers, padding); this slack avoids false alarms.
    private const long RatioSlack = 64 * 1024;

    public void ReadZip(Stream content, string location, int archiveDepth, int mimeDepth)
    {
        CheckDepth(archiveDepth);
        // Japanese zip tools write Shift_JIS names without the UTF-8 flag; UTF-8-flagged names are read as UTF-8 regardless.
        using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: Encoding.GetEncoding(932));
        var entries = zip.Entries;
        if (entries.Count > session.Options.MaxArchiveEntries)
        {
            session.Problem(location, $"archive has {entries.Count} entries, more than the limit ({session.Options.MaxArchiveEntries}); the rest were not read");
        }
        var encrypted = entries.Count(e => e.IsEncrypted);
        if (encrypted > 0)
        {
            session.Problem(location, $"encrypted archive ({encrypted} of {entries.Count} entries are password protected)");
        }
        foreach (var entry in entries.Take(session.Options.MaxArchiveEntries))
        {
            session.Token.ThrowIfCancellationRequested();
            if (entry.FullName.EndsWith('/') || entry.IsEncrypted)
            {
                continue;
            }
            var entryLocation = $"{location}/{entry.FullName}";
            session.Add(entryLocation, SegmentRole.FileName, entry.FullName);
            var ratio = entry.CompressedLength > 0 ? entry.Length / entry.CompressedLength : 0;
            if (ratio > session.Options.MaxCompressionRatio)
            {
                session.Problem(entryLocation, $"compression ratio {ratio}:1 exceeds the limit ({session.Options.MaxCompressionRatio}:1)");
                continue;
            }
            session.Run(entryLocation, entry.Name, () =>
            {
                using var inflated = Inflate(entry.Open(), entry.Length, entry.CompressedLength);
                reader.Read(inflated, entry.Name, null, null, entryLocation, archiveDepth + 1, mimeDepth);
            });
        }
    }

    public void ReadGzip(Stream content, string name, string location, int archiveDepth, int mimeDepth)
    {
        CheckDepth(archiveDepth);
        var inner = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3]
            : name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) ? name[..^4] + ".tar"
            : name + ".unzipped";
        using var inflated = Inflate(new GZipStream(content, CompressionMode.Decompress, leaveOpen: true), null, content.Length);
        reader.Read(inflated, inner, null, null, $"{location}/{inner}", archiveDepth + 1, mimeDepth);
    }

    private void CheckDepth(int archiveDepth)
    {
        if (archiveDepth >= session.Options.MaxArchiveDepth)
        {
            throw new ExtractionLimitException($"archive depth limit ({session.Options.MaxArchiveDepth}) reached; the nested archive was not opened");
        }
    }

    private Stream Inflate(Stream source, long? declaredLength, long compressedLength)
    {
        using (source)
        {
            var cap = compressedLength * session.Options.MaxCompressionRatio + RatioSlack;
            return ContentSpill.Copy(session, source, declaredLength, cap,
                $"compression ratio exceeds the limit ({session.Options.MaxCompressionRatio}:1); inflating stopped");
        }
    }
}
