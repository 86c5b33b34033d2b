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
internal static class SpoolFile
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

    /// <summary>Reads and checks a spool file: the trailer must match the length and hash of everything before it.</summary>
    /// <exception cref="InvalidDataException">The file is torn or not a spool file.</exception>
    public static SpoolEntryInfo Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
        var total = file.Length;
        if (total < Magic.Length + TrailerLength)
        {
            throw new InvalidDataException("shorter than an empty spool file");
        }
        var trailer = new byte[TrailerLength];
        file.Position = total - TrailerLength;
        file.ReadExactly(trailer);
        if (!trailer.AsSpan(0, TrailerTag.Length).SequenceEqual(TrailerTag) || trailer[^1] != (byte)'\n')
        {
            throw new InvalidDataException("no trailer (torn write)");
        }
        var text = Encoding.ASCII.GetString(trailer, TrailerTag.Length, TrailerLength - TrailerTag.Length - 1);
        var parts = text.Split(' ');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var length) || length != total - TrailerLength)
        {
            throw new InvalidDataException("trailer length does not match the file");
        }

        file.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var header = new MemoryStream();
        long envelopeEnd = -1;
        try
        {
            long position = 0;
            while (position < length)
            {
                var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, length - position));
                if (read == 0)
                {
                    throw new InvalidDataException("file ended early");
                }
                hash.AppendData(buffer, 0, read);
                if (envelopeEnd < 0)
                {
                    var newline = Array.IndexOf(buffer, (byte)'\n', position == 0 ? Magic.Length : 0, read - (position == 0 ? Magic.Length : 0));
                    header.Write(buffer, 0, newline >= 0 ? newline + 1 : read);
                    if (newline >= 0)
                    {
                        envelopeEnd = position + newline + 1;
                    }
                }
                position += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (!Convert.ToHexStringLower(hash.GetHashAndReset()).Equals(parts[1], StringComparison.Ordinal))
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
        return new SpoolEntryInfo(record.ToEnvelope(), envelopeEnd, length - envelopeEnd);
    }
}

/// <summary>Where the message bytes are in a checked spool file.</summary>
internal sealed record SpoolEntryInfo(Envelope Envelope, long MessageOffset, long MessageLength);

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
