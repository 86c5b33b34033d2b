using System.Buffers;
using System.IO.Pipelines;
using SmtpServer.Protocol;

namespace MailGuard.Receive.Net;

/// <summary>
/// The session's input. SmtpServer reads commands and DATA through it; it adds what the library lacks: a cap on a
/// command line without CRLF (the library buffers one whole), idle timeouts that a client making progress never
/// hits (the library's only DATA limit is the total session time), and leaving at once when shutdown begins.
/// </summary>
internal sealed class GuardedPipeReader(
    PipeReader inner,
    ReceiveSession session,
    ReceiveOptions options,
    ReceiveSessions sessions,
    TimeProvider clock,
    Func<SmtpResponse, Task> sendFinal) : PipeReader
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    private ReadOnlySequence<byte> _lastBuffer;
    private bool _closed;

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_closed)
        {
            return Ended;
        }
        var inData = session.InData;
        using var idle = new CancellationTokenSource(inData ? options.DataTimeout : options.CommandTimeout, clock);
        // A message in the middle of DATA may finish during shutdown; a session waiting for its next command may not.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken, idle.Token, inData ? CancellationToken.None : sessions.Draining);
        ReadResult result;
        try
        {
            result = await inner.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var timedOut = idle.IsCancellationRequested;
            session.CloseReason = timedOut ? (inData ? "data timeout" : "command timeout") : "shutdown";
            return await EndAsync(timedOut ? (inData ? ReceiveReplies.DataTimeout : ReceiveReplies.CommandTimeout) : ReceiveReplies.ShuttingDown)
                .ConfigureAwait(false);
        }
        _lastBuffer = result.Buffer;
        if (inData && result.Buffer.Length > options.DataBufferBytes)
        {
            // SmtpServer's own cap (MaxMessageSizeHandling.Strict) swallows its 552 and leaves the pipe unread, so
            // the client would wait for a reply forever; this cap is lower and answers.
            inner.AdvanceTo(result.Buffer.End);
            session.CloseReason = "message too big";
            return await EndAsync(ReceiveReplies.TooBigClosing(options.MaxMessageBytes)).ConfigureAwait(false);
        }
        if (!inData && !HasLineWithin(result.Buffer, options.MaxCommandLineBytes))
        {
            inner.AdvanceTo(result.Buffer.End);
            session.CloseReason = "command line too long";
            return await EndAsync(ReceiveReplies.LineTooLong(options.MaxCommandLineBytes)).ConfigureAwait(false);
        }
        return result;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (_closed)
        {
            return;
        }
        if (!session.InData && !consumed.Equals(_lastBuffer.Start))
        {
            // SmtpServer consumes exactly the command line it is about to execute.
            session.Verb = VerbOf(_lastBuffer.Slice(_lastBuffer.Start, consumed));
        }
        inner.AdvanceTo(consumed, examined);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (_closed)
        {
            result = Ended;
            return true;
        }
        return inner.TryRead(out result);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    private static ReadResult Ended => new(ReadOnlySequence<byte>.Empty, isCanceled: false, isCompleted: true);

    /// <summary>Replies, then reports the end of input so SmtpServer winds the session down.</summary>
    private async Task<ReadResult> EndAsync(SmtpResponse reply)
    {
        _closed = true;
        try
        {
            await sendFinal(reply).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone already; there is no one left to tell.
        }
        return Ended;
    }

    /// <summary>False when the buffer holds at least <paramref name="limit"/> bytes and no CRLF among them.</summary>
    internal static bool HasLineWithin(ReadOnlySequence<byte> buffer, int limit)
    {
        if (buffer.Length < limit)
        {
            return true;
        }
        var reader = new SequenceReader<byte>(buffer.Slice(0, limit));
        return reader.TryReadTo(out ReadOnlySequence<byte> _, Crlf);
    }

    internal static string VerbOf(ReadOnlySequence<byte> line)
    {
        Span<byte> head = stackalloc byte[12];
        var slice = line.Slice(0, Math.Min(line.Length, head.Length));
        slice.CopyTo(head);
        var length = 0;
        while (length < slice.Length && char.IsAsciiLetter((char)head[length]))
        {
            length++;
        }
        return System.Text.Encoding.ASCII.GetString(head[..length]).ToUpperInvariant();
    }
}
