using System.Buffers;
using MimeKit;
using MimeKit.IO.Filters;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Undoes a small part's transfer encoding in one call of MimeKit's own decoder. <see cref="MimeContent.Open"/> wraps
/// the content in a filtered stream whose read and output buffers (4 KB each, fresh for every part) were a fifth of what
/// extracting a short message allocated; a body is a few kilobytes and is decoded whole anyway.
/// </summary>
internal static class TransferDecoding
{
    /// <summary>
    /// Decodes <paramref name="content"/> into <paramref name="buffer"/> and returns its length, counted against the message's
    /// budget as <see cref="ContentSpill.Fill"/> counts it; -1 (nothing read) when the content is not a seekable stream whose
    /// decoded form is sure to end within <see cref="ContentSpill.ChunkSize"/> bytes: the streamed path reads those.
    /// </summary>
    public static int TryDecodeWhole(ExtractionSession session, IMimeContent content, byte[] buffer)
    {
        if (content.Stream is not { CanSeek: true } raw || raw.Length >= ContentSpill.ChunkSize)
        {
            return -1;
        }
        var length = (int)raw.Length;
        // The filter MimeKit itself would decode with, so every transfer encoding it knows decodes as it would.
        var decoder = DecoderFilter.Create(content.Encoding) is DecoderFilter filter ? filter.Decoder : null;
        if (decoder is not null && decoder.EstimateOutputLength(length) >= ContentSpill.ChunkSize)
        {
            return -1;
        }
        session.Token.ThrowIfCancellationRequested();
        raw.Position = 0;
        if (decoder is null)
        {
            return Counted(session, raw.ReadAtLeast(buffer.AsSpan(0, length), length, throwOnEndOfStream: false));
        }
        var encoded = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var read = raw.ReadAtLeast(encoded.AsSpan(0, length), length, throwOnEndOfStream: false);
            return Counted(session, decoder.Decode(encoded, 0, read, buffer));
        }
        finally
        {
            // The pool must not keep a message's text, encoded or not.
            encoded.AsSpan(0, length).Clear();
            ArrayPool<byte>.Shared.Return(encoded);
        }
    }

    private static int Counted(ExtractionSession session, int decoded)
    {
        if (decoded > 0)
        {
            session.Expand(decoded);
        }
        return decoded;
    }
}
