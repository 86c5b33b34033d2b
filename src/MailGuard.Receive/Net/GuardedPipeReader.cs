using System.Buffers;
using System.IO.Pipelines;
using MailGuard.Receive.Protocol;
using MailGuard.Spool;
using SmtpServer.Protocol;

namespace MailGuard.Receive.Net;

/// <summary>
/// The session's input. SmtpServer reads commands and DATA through it; it adds what the library lacks: a cap on a
/// command line without CRLF (the library buffers one whole), idle timeouts that a client making progress never
/// hits (the library's only DATA limit is the total session time), leaving at once when shutdown begins, and DATA
/// streamed into the spool: the library would keep a whole message in memory, twice.
/// </summary>
internal sealed class GuardedPipeReader(
    PipeReader inner,
    ReceiveSession session,
    ReceiveOptions options,
    ReceiveSessions sessions,
    ISpoolWriter spool,
    TimeProvider clock,
    Func<SmtpResponse, Task> sendFinal) : PipeReader
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    /// <summary>All SmtpServer gets to see of a message: the end-of-data mark, so its DATA command ends and asks the store.</summary>
    private static readonly ReadOnlySequence<byte> EndOfData = new("\r\n.\r\n"u8.ToArray());

    private ReadOnlySequence<byte> _lastBuffer;
    private bool _closed;
    private bool _endOfDataHandedOut;

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_closed)
        {
            return Ended;
        }
        if (session.InData)
        {
            return await ReadDataAsync(cancellationToken).ConfigureAwait(false);
        }
        using var idle = new CancellationTokenSource(options.CommandTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token, sessions.Draining);
        ReadResult result;
        try
        {
            result = await inner.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var timedOut = idle.IsCancellationRequested;
            session.CloseReason = timedOut ? "command timeout" : "shutdown";
            return await EndAsync(timedOut ? ReceiveReplies.CommandTimeout : ReceiveReplies.ShuttingDown).ConfigureAwait(false);
        }
        _lastBuffer = result.Buffer;
        if (!HasLineWithin(result.Buffer, options.MaxCommandLineBytes))
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
        if (_endOfDataHandedOut)
        {
            // A position in EndOfData, not in the client's bytes: those were consumed as the message was read.
            _endOfDataHandedOut = false;
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

    /// <summary>
    /// Reads the message into the spool as it arrives, one buffer at a time, and returns <see cref="EndOfData"/>
    /// once its final dot is read; the bytes after it stay in the pipe for the next command.
    /// </summary>
    private async ValueTask<ReadResult> ReadDataAsync(CancellationToken cancellationToken)
    {
        var message = await IncomingMessage.BeginAsync(session, spool, options, clock, cancellationToken).ConfigureAwait(false);
        var handedOver = false;
        // One idle timer for the whole DATA, restarted before each read: a 100 KB message is dozens of reads, and a
        // timer and two token sources for each were a good part of Receive's own allocations.
        // No shutdown token here: a message in the middle of DATA may finish during the grace period.
        using var idle = new CancellationTokenSource(options.DataTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        try
        {
            while (true)
            {
                ReadResult result;
                idle.CancelAfter(options.DataTimeout);
                try
                {
                    result = await inner.ReadAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    session.CloseReason = "data timeout";
                    return await EndAsync(ReceiveReplies.DataTimeout).ConfigureAwait(false);
                }
                var end = await message.ReceiveAsync(result.Buffer, cancellationToken).ConfigureAwait(false);
                if (end is { } position)
                {
                    inner.AdvanceTo(position);
                    session.Message = message;
                    handedOver = true;
                    _endOfDataHandedOut = true;
                    return new ReadResult(EndOfData, isCanceled: false, isCompleted: false);
                }
                inner.AdvanceTo(result.Buffer.End);
                if (message.BytesRead > options.DrainBytes)
                {
                    // Nothing is kept of a message this far past the limit, but reading on would only waste the line.
                    session.CloseReason = "message too big";
                    return await EndAsync(ReceiveReplies.TooBigClosing(options.MaxMessageBytes)).ConfigureAwait(false);
                }
                if (result.IsCompleted || result.IsCanceled)
                {
                    session.CloseReason = "client left during DATA";
                    _closed = true;
                    return Ended;
                }
            }
        }
        finally
        {
            if (!handedOver)
            {
                await message.DisposeAsync().ConfigureAwait(false);
            }
        }
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
