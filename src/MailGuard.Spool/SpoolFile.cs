using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailGuard.Core;

namespace MailGuard.Spool;

/// <summary>
/// The on-disk form of one spooled message:
/// <c>MGSPOOL1\n</c>, the envelope as one line of JSON, the message bytes, then a fixed-size trailer
/// <c>\nMGEND &lt;16 hex: bytes before the trailer&gt; &lt;64 hex: SHA-256 of them&gt;\n</c>.
/// A file without a matching trailer was torn by a crash and is never taken for a message.
/// </summary>
internal static partial class SpoolFile
{
    internal static readonly byte[] Magic = "MGSPOOL1\n"u8.ToArray();
    private static readonly byte[] TrailerTag = "\nMGEND "u8.ToArray();
    public const int TrailerLength = 7 + 16 + 1 + 64 + 1;

    /// <summary>Writes a complete spool file and fsyncs it; the caller renames it into a queue.</summary>
    public static async Task WriteAsync(string path, Envelope envelope, IEnumerable<ReadOnlyMemory<byte>> prefix, ReadOnlySequence<byte> body, Stream? bodyStream, CancellationToken cancellationToken)
    {
        await using var writer = await SpoolFileWriter.CreateAsync(path, envelope, prefix, cancellationToken);
        foreach (var segment in body)
        {
            await writer.AppendAsync(segment, cancellationToken);
        }
        if (bodyStream is not null)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                int read;
                while ((read = await bodyStream.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await writer.AppendAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        await writer.FinishAsync(cancellationToken);
    }

    /// <summary>
    /// Reads and checks a spool file: the trailer must match the length and hash of everything before it, and an
    /// inspection record after it (see <c>SpoolFile.Inspection.cs</c>) must match its own trailer.
    /// </summary>
    /// <param name="path">The spool file.</param>
    /// <param name="tolerateTornRecord">
    /// True for <c>incoming</c>: a crash while the record was appended leaves the message itself intact (it is
    /// inspected again); anywhere else the record was durable before the file got there, so a torn one is damage.
    /// </param>
    /// <exception cref="InvalidDataException">The file is torn or not a spool file.</exception>
    public static SpoolEntryInfo Read(string path, bool tolerateTornRecord = false)
    {
        // A handle and positioned reads: a FileStream would allocate a 64 KB buffer of its own for the small tail reads.
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var total = RandomAccess.GetLength(file);
        if (total < Magic.Length + TrailerLength)
        {
            throw new InvalidDataException("shorter than an empty spool file");
        }
        var tail = FindMessageEnd(file, total, tolerateTornRecord);
        var length = tail.TrailerAt;

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var header = new MemoryStream();
        long envelopeEnd = -1;
        var eightBit = false;
        var lastTwo = 0;
        try
        {
            long position = 0;
            while (position < length)
            {
                var read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - position)), position);
                if (read == 0)
                {
                    throw new InvalidDataException("file ended early");
                }
                hash.AppendData(buffer, 0, read);
                var bodyFrom = 0;
                if (envelopeEnd < 0)
                {
                    var newline = Array.IndexOf(buffer, (byte)'\n', position == 0 ? Magic.Length : 0, read - (position == 0 ? Magic.Length : 0));
                    header.Write(buffer, 0, newline >= 0 ? newline + 1 : read);
                    if (newline >= 0)
                    {
                        envelopeEnd = position + newline + 1;
                    }
                    bodyFrom = newline >= 0 ? newline + 1 : read;
                }
                // Delivery needs both facts (8BITMIME or not; whether to close the last line): learn them on this pass.
                eightBit = eightBit || buffer.AsSpan(bodyFrom, read - bodyFrom).IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
                lastTwo = read >= 2 ? (buffer[read - 2] << 8) | buffer[read - 1] : ((lastTwo & 0xFF) << 8) | buffer[0];
                position += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (!Convert.ToHexStringLower(hash.GetHashAndReset()).Equals(tail.Hash, StringComparison.Ordinal))
        {
            throw new InvalidDataException("hash does not match (damaged file)");
        }
        var headerBytes = header.ToArray();
        if (envelopeEnd < 0 || !headerBytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a spool file");
        }
        EnvelopeRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<EnvelopeRecord>(headerBytes.AsSpan(Magic.Length, (int)(envelopeEnd - Magic.Length - 1)), EnvelopeRecord.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("unreadable envelope", e);
        }
        if (record is null || !SpoolId.IsWellFormed(record.Id))
        {
            throw new InvalidDataException("unreadable envelope");
        }
        var messageLength = length - envelopeEnd;
        return new SpoolEntryInfo(record.ToEnvelope(), envelopeEnd, messageLength)
        {
            FileLength = total,
            MessageEnd = length + TrailerLength,
            Inspection = tail.Inspection,
            HasTail = total > length + TrailerLength,
            EightBit = eightBit,
            EndsWithCrLf = messageLength >= 2 && lastTwo == 0x0D0A,
        };
    }
}

/// <summary>Where the message bytes are in a checked spool file.</summary>
internal sealed record SpoolEntryInfo(Envelope Envelope, long MessageOffset, long MessageLength)
{
    /// <summary>The file's size on disk.</summary>
    public long FileLength { get; init; }

    /// <summary>Where the message's own trailer ends: anything after it is an inspection record, whole or torn.</summary>
    public long MessageEnd { get; init; }

    /// <summary>The checked inspection record, or null (none, or a torn one in <c>incoming</c>).</summary>
    public InspectionRecord? Inspection { get; init; }

    /// <summary>True when bytes follow the message's trailer (a record, whole or torn).</summary>
    public bool HasTail { get; init; }

    /// <summary>True when a message byte is above 0x7F.</summary>
    public bool EightBit { get; init; }

    /// <summary>True when the message ends with CRLF.</summary>
    public bool EndsWithCrLf { get; init; }
}

/// <summary>The JSON shape of <see cref="Envelope"/> in a spool file.</summary>
internal sealed record EnvelopeRecord(
    string Id,
    string MailFrom,
    List<string> Recipients,
    string? ClientAddress,
    string? AuthenticatedUser,
    DateTimeOffset ReceivedAt,
    string? Helo)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static EnvelopeRecord From(Envelope e) =>
        new(e.Id.Value, e.MailFrom, [.. e.Recipients], e.ClientAddress, e.AuthenticatedUser, e.ReceivedAt, e.Helo);

    public Envelope ToEnvelope() =>
        new(new SpoolId(Id), MailFrom, Recipients, ClientAddress, AuthenticatedUser, ReceivedAt, Helo);
}
