using System.Buffers;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Where decoded and decompressed content waits to be read: memory while small, a temporary file deleted on
/// close when large, so a 30 MB attachment or an archive entry never has to fit in memory. Every byte written is
/// counted against the message's expansion budget.
/// </summary>
internal static class ContentSpill
{
    private const int MemoryThreshold = 4 * 1024 * 1024;

    /// <summary>The chunk every copy and check reads in; the pool's arrays are larger, the reads stay this size.</summary>
    internal const int ChunkSize = 81920;

    public static FileStream CreateTemporaryFile() => new(
        Path.Combine(Path.GetTempPath(), "mailguard-" + Guid.NewGuid().ToString("N") + ".tmp"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);

    /// <summary>
    /// Copies <paramref name="source"/> into a seekable stream positioned at 0. Throws an
    /// <see cref="ExtractionLimitException"/> with <paramref name="capReason"/> once more than <paramref name="cap"/> bytes come out.
    /// </summary>
    public static Stream Copy(ExtractionSession session, Stream source, long? expectedLength, long cap, string capReason)
    {
        // Rented: a fresh 80 KB buffer per part and archive entry was a third of all a scan allocated.
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            // Most parts (every body text) end within the first chunk: read it whole first, and such a part costs one
            // array of its own size instead of a stream grown by doubling from 256 bytes.
            var filled = Fill(session, source, buffer, cap, capReason);
            return filled < ChunkSize
                ? new MemoryStream(buffer.AsSpan(0, filled).ToArray(), 0, filled, writable: true, publiclyVisible: true)
                : CopyRest(session, source, buffer, expectedLength, cap, capReason);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads <paramref name="source"/> into <paramref name="buffer"/> until it ends or <see cref="ChunkSize"/> bytes are in,
    /// counting them as <see cref="Copy"/> does; fewer than <see cref="ChunkSize"/> means the buffer holds all of it.
    /// </summary>
    public static int Fill(ExtractionSession session, Stream source, byte[] buffer, long cap, string capReason)
    {
        long total = 0;
        var filled = 0;
        int read;
        while (filled < ChunkSize && (read = source.Read(buffer, filled, ChunkSize - filled)) > 0)
        {
            Count(session, read, ref total, cap, capReason);
            filled += read;
        }
        return filled;
    }

    /// <summary>
    /// <see cref="Copy"/> of a source whose first <see cref="ChunkSize"/> bytes <see cref="Fill"/> has put in
    /// <paramref name="buffer"/>: those and the rest of <paramref name="source"/>, in a seekable stream positioned at 0.
    /// </summary>
    public static Stream CopyRest(ExtractionSession session, Stream source, byte[] buffer, long? expectedLength, long cap, string capReason)
    {
        Stream? target = null;
        try
        {
            long total = ChunkSize;
            // Sized from the expected length when there is one: growing by doubling copied each part two or three times.
            // An archive's declared length can lie, so no more than the cap is reserved up front.
            target = expectedLength switch
            {
                > MemoryThreshold => CreateTemporaryFile(),
                > 0 => new MemoryStream((int)Math.Min(expectedLength.Value, cap)),
                _ => new MemoryStream(),
            };
            target.Write(buffer, 0, ChunkSize);
            int read;
            while ((read = source.Read(buffer, 0, ChunkSize)) > 0)
            {
                Count(session, read, ref total, cap, capReason);
                if (target is MemoryStream memory && memory.Length + read > MemoryThreshold)
                {
                    var file = CreateTemporaryFile();
                    memory.Position = 0;
                    memory.CopyTo(file);
                    target = file;
                }
                target.Write(buffer, 0, read);
            }
            target.Position = 0;
            return target;
        }
        catch
        {
            target?.Dispose();
            throw;
        }
    }

    private static void Count(ExtractionSession session, int read, ref long total, long cap, string capReason)
    {
        session.Token.ThrowIfCancellationRequested();
        total += read;
        if (total > cap)
        {
            throw new ExtractionLimitException(capReason);
        }
        session.Expand(read);
    }
}
