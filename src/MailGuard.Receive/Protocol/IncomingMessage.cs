using System.Buffers;
using System.Net;
using MailGuard.Core;
using MailGuard.Spool;
using SmtpServer.Protocol;

namespace MailGuard.Receive.Protocol;

/// <summary>
/// One DATA transfer on its way into the spool: <see cref="Net.GuardedPipeReader"/> feeds it the client's bytes as
/// they arrive, it unstuffs them, drops the header fields only MailGuard may write (<see cref="OwnHeaderFilter"/>),
/// and writes them to a spool file in <c>tmp</c>; <see cref="ReceiveMessageStore"/> commits that file (250) or lets
/// it go with the refusal. Memory stays at one chunk however big the message is.
/// </summary>
internal sealed class IncomingMessage : IAsyncDisposable
{
    private const int ChunkBytes = 64 * 1024;

    private readonly DotUnstuffer _unstuffer = new();
    private readonly OwnHeaderFilter _ownHeaders = new();
    private readonly int _limit;
    private byte[]? _chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
    private byte[]? _kept = ArrayPool<byte>.Shared.Rent(ChunkBytes + OwnHeaderFilter.MaxHeldBack);
    private IIncomingSpoolFile? _file;

    private IncomingMessage(Envelope envelope, IPAddress client, int limit, IIncomingSpoolFile? file, Exception? failure)
    {
        Envelope = envelope;
        Client = client;
        _limit = limit;
        _file = file;
        Failure = failure;
    }

    public Envelope Envelope { get; }

    /// <summary>The client address the envelope names (the PROXY claim when the peer is a trusted proxy).</summary>
    public IPAddress Client { get; }

    /// <summary>Bytes read from the client in this DATA, dot-stuffing and the final dot included.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The message bytes (unstuffed, with the CRLF that ends the last line), counted even when not kept.</summary>
    public long Length { get; private set; }

    /// <summary>Why the spool could not take the message, or null.</summary>
    public Exception? Failure { get; private set; }

    public bool Ended => _unstuffer.Ended;

    /// <summary>How many <c>X-MailGuard-*</c> header fields the client sent and the spool did not get.</summary>
    public int RemovedOwnHeaders => _ownHeaders.Removed;

    /// <summary>The reply when the message is not taken, or null when it may be committed. Final once <see cref="Ended"/>.</summary>
    public SmtpResponse? Refusal =>
        Length > _limit ? ReceiveReplies.TooBig(_limit)
        : _unstuffer.HasBareLineEnding ? ReceiveReplies.BareLineEnding
        : Failure is not null ? ReceiveReplies.SpoolFailed
        : null;

    /// <summary>
    /// Opens the spool file as DATA begins: sender, recipients, queue id and time are known then. A spool that cannot
    /// take it is remembered, and DATA is still read to its end so the client gets its 451 in order.
    /// </summary>
    public static async Task<IncomingMessage> BeginAsync(
        ReceiveSession session, ISpoolWriter spool, ReceiveOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var id = SpoolId.New(clock);
        var now = clock.GetUtcNow();
        var client = session.Client ?? session.Peer.Address;
        var envelope = new Envelope(id, session.Sender, [.. session.Recipients], client.ToString(), session.User, now, session.Helo);
        var trace = TraceHeader.Build(session.Helo, client, session.Context.ServerOptions.ServerName, session.Esmtp, session.IsSecure,
            session.IsAuthenticated, id, now);
        try
        {
            var file = await spool.BeginAsync(envelope, trace, cancellationToken).ConfigureAwait(false);
            return new IncomingMessage(envelope, client, options.MaxMessageBytes, file, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new IncomingMessage(envelope, client, options.MaxMessageBytes, null, e);
        }
    }

    /// <summary>
    /// Takes the client's bytes up to the end of DATA. Returns the position just after the final dot line, or null
    /// when the whole buffer was message and more is to come.
    /// </summary>
    public async ValueTask<SequencePosition?> ReceiveAsync(ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_chunk is null, this);
        long read = 0;
        foreach (var segment in buffer)
        {
            for (var offset = 0; offset < segment.Length && !Ended;)
            {
                var piece = segment.Slice(offset, Math.Min(ChunkBytes, segment.Length - offset));
                var consumed = _unstuffer.Unstuff(piece.Span, _chunk, out var written);
                (offset, read, BytesRead, Length) = (offset + consumed, read + consumed, BytesRead + consumed, Length + written);
                await KeepAsync(written, cancellationToken).ConfigureAwait(false);
            }
            if (Ended)
            {
                return buffer.GetPosition(read);
            }
        }
        return null;
    }

    /// <summary>Makes the message durable; the caller answers 250 only when this returned.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (!Ended || Refusal is not null || _file is null)
        {
            throw new InvalidOperationException("only a complete, accepted message is committed");
        }
        await _file.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lets go of the spool file: an uncommitted one is deleted, nothing is queued.</summary>
    public async ValueTask DisposeAsync()
    {
        await DropFileAsync().ConfigureAwait(false);
        if (_chunk is not null)
        {
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = null;
        }
        if (_kept is not null)
        {
            ArrayPool<byte>.Shared.Return(_kept);
            _kept = null;
        }
    }

    private async ValueTask KeepAsync(int written, CancellationToken cancellationToken)
    {
        if (_file is null || written == 0)
        {
            return;
        }
        if (Refusal is not null)
        {
            // Refused whatever follows: the rest is read and counted, not stored.
            await DropFileAsync().ConfigureAwait(false);
            return;
        }
        try
        {
            var kept = _ownHeaders.Filter(_chunk.AsMemory(0, written), _kept!);
            if (!kept.IsEmpty)
            {
                await _file.WriteAsync(kept, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failure = e;
            await DropFileAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask DropFileAsync()
    {
        var file = Interlocked.Exchange(ref _file, null);
        if (file is not null)
        {
            await file.DisposeAsync().ConfigureAwait(false);
        }
    }
}
