using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace MailGuard.Spool;

/// <summary>
/// What inspection adds to a message it lets through: header fields to put before the message and extra recipients.
/// </summary>
/// <param name="Headers">Complete header fields without line endings, in order.</param>
/// <param name="Recipients">Recipients to add to the envelope's.</param>
internal sealed record InspectionRecord(List<string> Headers, List<string> Recipients);

/// <summary>
/// The inspection record: appended after the message's trailer as one line of JSON and a trailer of its own,
/// <c>\nMGADD &lt;16 hex: record bytes&gt; &lt;64 hex: SHA-256 of them&gt;\n</c>, the same size as the message's.
/// Appending (as Postfix's cleanup appends records to its queue file) lets a passing message move from
/// <c>incoming</c> to <c>active</c> by rename instead of a second full copy. The record is fsynced before the
/// rename, so outside <c>incoming</c> it is always whole; inside, a torn one is cut off and inspection runs again.
/// </summary>
internal static partial class SpoolFile
{
    private static readonly byte[] RecordTag = "\nMGADD "u8.ToArray();

    /// <summary>The longest record accepted; it also bounds how far back a torn record's start is searched for.</summary>
    public const int MaxRecordBytes = 1024 * 1024;

    /// <summary>Replaces whatever follows the message's trailer with this record, and fsyncs the file.</summary>
    public static Task AppendInspectionAsync(string path, long messageEnd, InspectionRecord record, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(record, EnvelopeRecord.JsonOptions);
        if (json.Length > MaxRecordBytes)
        {
            throw new InvalidOperationException($"inspection record of {json.Length} bytes is over the limit of {MaxRecordBytes}");
        }
        var trailer = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"\nMGADD {json.Length:x16} {Convert.ToHexStringLower(SHA256.HashData(json))}\n"));
        cancellationToken.ThrowIfCancellationRequested();
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.SetLength(file, messageEnd);
        // One pwritev, synchronously: the record is small and the fsync below is what waits for the disk.
        RandomAccess.Write(file, [json, trailer], messageEnd);
        // Durable before the rename to active/: outside incoming/ a record is never torn.
        RandomAccess.FlushToDisk(file);
        return Task.CompletedTask;
    }

    /// <summary>Cuts a record (whole or torn) off a message in <c>incoming</c>, durably.</summary>
    public static void DropInspection(string path, long messageEnd)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.SetLength(file, messageEnd);
        RandomAccess.FlushToDisk(file);
    }

    /// <summary>Where the message's bytes end and what its trailer's hash is, reading the record if there is one.</summary>
    private static Tail FindMessageEnd(SafeFileHandle file, long total, bool tolerateTornRecord)
    {
        var last = ReadAt(file, total - TrailerLength, TrailerLength);
        if (TryParseTrailer(last, TrailerTag, out var length, out var hash) && length == total - TrailerLength)
        {
            return new Tail(length, hash, null);
        }
        if (TryParseTrailer(last, RecordTag, out var recordLength, out var recordHash) && recordLength <= MaxRecordBytes
            && total - TrailerLength - recordLength - TrailerLength >= Magic.Length)
        {
            var recordStart = total - TrailerLength - recordLength;
            var json = ReadAt(file, recordStart, (int)recordLength);
            if (!Convert.ToHexStringLower(SHA256.HashData(json)).Equals(recordHash, StringComparison.Ordinal))
            {
                throw new InvalidDataException("inspection record hash does not match (damaged file)");
            }
            var trailerStart = recordStart - TrailerLength;
            if (!TryParseTrailer(ReadAt(file, trailerStart, TrailerLength), TrailerTag, out length, out hash) || length != trailerStart)
            {
                throw new InvalidDataException("no trailer before the inspection record");
            }
            InspectionRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<InspectionRecord>(json, EnvelopeRecord.JsonOptions);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException("unreadable inspection record", e);
            }
            return new Tail(length, hash, record ?? throw new InvalidDataException("unreadable inspection record"));
        }
        if (tolerateTornRecord && FindTornRecord(file, total) is { } torn)
        {
            return torn;
        }
        throw new InvalidDataException("no trailer (torn write)");
    }

    /// <summary>
    /// The message's trailer before a torn record: the last <c>\nMGEND</c> whose length field is its own offset. The
    /// record is JSON on one line (JSON escapes every line break), so no newline-led tag can come from inside it.
    /// </summary>
    private static Tail? FindTornRecord(SafeFileHandle file, long total)
    {
        var from = Math.Max(0, total - MaxRecordBytes - 2 * TrailerLength);
        var window = ReadAt(file, from, (int)(total - from));
        for (var at = window.AsSpan().LastIndexOf(TrailerTag); at >= 0; at = window.AsSpan(0, at).LastIndexOf(TrailerTag))
        {
            if (at + TrailerLength <= window.Length
                && TryParseTrailer(window.AsSpan(at, TrailerLength), TrailerTag, out var length, out var hash) && length == from + at)
            {
                return new Tail(length, hash, null);
            }
        }
        return null;
    }

    private static bool TryParseTrailer(ReadOnlySpan<byte> trailer, ReadOnlySpan<byte> tag, out long length, out string hash)
    {
        length = -1;
        hash = "";
        if (trailer.Length != TrailerLength || !trailer.StartsWith(tag) || trailer[^1] != (byte)'\n' || trailer[tag.Length + 16] != (byte)' ')
        {
            return false;
        }
        hash = Encoding.ASCII.GetString(trailer.Slice(tag.Length + 17, 64));
        return long.TryParse(trailer.Slice(tag.Length, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out length) && length >= 0;
    }

    private static byte[] ReadAt(SafeFileHandle file, long offset, int count)
    {
        var bytes = new byte[count];
        for (var done = 0; done < count;)
        {
            var read = RandomAccess.Read(file, bytes.AsSpan(done), offset + done);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }
            done += read;
        }
        return bytes;
    }

    /// <summary>Where the message's trailer starts, its trailer's hash, and the record after it if whole.</summary>
    private sealed record Tail(long TrailerAt, string Hash, InspectionRecord? Inspection);
}
