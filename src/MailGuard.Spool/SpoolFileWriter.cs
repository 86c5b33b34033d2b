using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailGuard.Core;
using Microsoft.Win32.SafeHandles;

namespace MailGuard.Spool;

/// <summary>
/// Writes one spool file front to back (see <see cref="SpoolFile"/> for the format) while keeping its running length
/// and hash, so the bytes can arrive in pieces and the trailer still covers all of them.
/// </summary>
/// <remarks>
/// The writes are synchronous, through one pooled buffer: they land in the page cache in microseconds, and the
/// asynchronous FileStream path handed every 64 KB piece to another thread-pool thread (and allocated a 64 KB
/// buffer per file). The fsync in <see cref="FinishAsync"/> is what waits for the disk, and it always did.
/// </remarks>
internal sealed class SpoolFileWriter : IAsyncDisposable
{
    private const int BufferBytes = 64 * 1024;
    private static readonly byte[] Newline = "\n"u8.ToArray();

    private readonly SafeFileHandle _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _buffered;
    private long _flushed;
    private long _length;
    private long _messageOffset = -1;
    private bool _eightBit;
    private int _lastTwo;

    private SpoolFileWriter(string path) =>
        _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);

    /// <summary>Creates the file and writes the magic line, the envelope line and <paramref name="prefix"/>.</summary>
    public static Task<SpoolFileWriter> CreateAsync(string path, Envelope envelope, IEnumerable<ReadOnlyMemory<byte>> prefix, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var writer = new SpoolFileWriter(path);
        try
        {
            writer.Append(SpoolFile.Magic);
            writer.Append(JsonSerializer.SerializeToUtf8Bytes(EnvelopeRecord.From(envelope), EnvelopeRecord.JsonOptions));
            writer.Append(Newline);
            writer._messageOffset = writer._length;
            foreach (var part in prefix)
            {
                writer.Append(part.Span);
            }
            return Task.FromResult(writer);
        }
        catch
        {
            writer.Release();
            throw;
        }
    }

    public ValueTask AppendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Append(bytes.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes the trailer and fsyncs; the caller then renames the file into a queue.</summary>
    public Task FinishAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var trailer = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"\nMGEND {_length:x16} {Convert.ToHexStringLower(_hash.GetHashAndReset())}\n"));
        Buffer(trailer);
        Flush();
        // The acknowledgement promises durability: the bytes reach the disk before the file gets its queue name.
        RandomAccess.FlushToDisk(_file);
        Release();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Release();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// What <see cref="SpoolFile.Read"/> would learn of the finished file, known without reading it back: the spool
    /// hands it to the next reader in this process (see <see cref="SpoolStore.TryOpen"/>).
    /// </summary>
    public SpoolEntryInfo Checked(Envelope envelope)
    {
        var messageLength = _length - _messageOffset;
        return new SpoolEntryInfo(envelope, _messageOffset, messageLength)
        {
            FileLength = _length + SpoolFile.TrailerLength,
            MessageEnd = _length + SpoolFile.TrailerLength,
            EightBit = _eightBit,
            EndsWithCrLf = messageLength >= 2 && _lastTwo == 0x0D0A,
        };
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        _hash.AppendData(bytes);
        _length += bytes.Length;
        if (_messageOffset >= 0 && !bytes.IsEmpty)
        {
            _eightBit = _eightBit || bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
            _lastTwo = bytes.Length >= 2 ? (bytes[^2] << 8) | bytes[^1] : ((_lastTwo & 0xFF) << 8) | bytes[0];
        }
        Buffer(bytes);
    }

    private void Buffer(ReadOnlySpan<byte> bytes)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        if (_buffered + bytes.Length > _buffer.Length)
        {
            Flush();
            if (bytes.Length >= _buffer.Length)
            {
                RandomAccess.Write(_file, bytes, _flushed);
                _flushed += bytes.Length;
                return;
            }
        }
        bytes.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += bytes.Length;
    }

    private void Flush()
    {
        if (_buffered > 0)
        {
            RandomAccess.Write(_file, _buffer.AsSpan(0, _buffered), _flushed);
            _flushed += _buffered;
            _buffered = 0;
        }
    }

    private void Release()
    {
        _hash.Dispose();
        _file.Dispose();
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
