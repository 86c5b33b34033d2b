using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailGuard.Core;

namespace MailGuard.Spool;

/// <summary>
/// Writes one spool file front to back (see <see cref="SpoolFile"/> for the format) while keeping its running length
/// and hash, so the bytes can arrive in pieces and the trailer still covers all of them.
/// </summary>
internal sealed class SpoolFileWriter : IAsyncDisposable
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;

    private SpoolFileWriter(string path) =>
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.None);

    /// <summary>Creates the file and writes the magic line, the envelope line and <paramref name="prefix"/>.</summary>
    public static async Task<SpoolFileWriter> CreateAsync(string path, Envelope envelope, IEnumerable<ReadOnlyMemory<byte>> prefix, CancellationToken cancellationToken)
    {
        var writer = new SpoolFileWriter(path);
        try
        {
            await writer.AppendAsync(SpoolFile.Magic, cancellationToken);
            await writer.AppendAsync(JsonSerializer.SerializeToUtf8Bytes(EnvelopeRecord.From(envelope), EnvelopeRecord.JsonOptions), cancellationToken);
            await writer.AppendAsync(Newline, cancellationToken);
            foreach (var part in prefix)
            {
                await writer.AppendAsync(part, cancellationToken);
            }
            return writer;
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    public ValueTask AppendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        _hash.AppendData(bytes.Span);
        _length += bytes.Length;
        return _file.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Writes the trailer and fsyncs; the caller then renames the file into a queue.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        var trailer = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"\nMGEND {_length:x16} {Convert.ToHexStringLower(_hash.GetHashAndReset())}\n"));
        await _file.WriteAsync(trailer, cancellationToken);
        // The acknowledgement promises durability: the bytes reach the disk before the file gets its queue name.
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _hash.Dispose();
        try
        {
            await _file.DisposeAsync();
        }
        catch (IOException)
        {
            // Only an unfinished file fails its final flush (disk full); the caller deletes it.
        }
    }
}
