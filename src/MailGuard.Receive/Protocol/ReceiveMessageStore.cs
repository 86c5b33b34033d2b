using System.Buffers;
using MailGuard.Core;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace MailGuard.Receive.Protocol;

/// <summary>
/// The end of DATA. <see cref="Net.GuardedPipeReader"/> has already streamed the message into a spool file; this
/// commits it or lets it go. Its return value is the reply, so 250 goes out only after the commit is durable.
/// </summary>
internal sealed class ReceiveMessageStore(ILogger logger) : IMessageStore
{
    public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var session = ReceiveSession.Of(context);
        await using var message = session.Message;
        session.Message = null;
        if (message is null || !buffer.IsEmpty || !SameEnvelope(message.Envelope, transaction))
        {
            // Not what GuardedPipeReader read: never spool a message whose envelope or bytes are not the client's.
            ReceiveLog.Refused(logger, "DATA", session.Peer.Address.ToString(), ReceiveReplies.Line(ReceiveReplies.LocalError));
            return ReceiveReplies.LocalError;
        }
        var client = message.Client.ToString();
        if (message.Refusal is { } refusal)
        {
            if (refusal == ReceiveReplies.SpoolFailed)
            {
                ReceiveLog.SpoolFailed(logger, message.Failure!, message.Envelope.Id.Value, client);
            }
            else
            {
                ReceiveLog.Refused(logger, "DATA", client, ReceiveReplies.Line(refusal));
            }
            return refusal;
        }
        try
        {
            await message.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ReceiveLog.SpoolFailed(logger, e, message.Envelope.Id.Value, client);
            return ReceiveReplies.SpoolFailed;
        }
        var envelope = message.Envelope;
        Interlocked.Increment(ref session.Accepted);
        if (message.RemovedOwnHeaders > 0)
        {
            ReceiveLog.OwnHeadersRemoved(logger, envelope.Id.Value, client, message.RemovedOwnHeaders);
        }
        ReceiveLog.Accepted(logger, envelope.Id.Value, client, message.Length, Redactor.RedactEmail(envelope.MailFrom), envelope.Recipients.Count,
            string.Join(",", envelope.Recipients.Select(r => r[(r.LastIndexOf('@') + 1)..]).Distinct(StringComparer.OrdinalIgnoreCase)));
        return ReceiveReplies.Queued(envelope.Id.Value);
    }

    private static bool SameEnvelope(Envelope envelope, IMessageTransaction transaction) =>
        envelope.MailFrom == MessageData.Address(transaction.From)
        && envelope.Recipients.SequenceEqual(transaction.To.Select(MessageData.Address), StringComparer.Ordinal);
}
