using System.Buffers;
using MailGuard.Core;
using MailGuard.Spool;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace MailGuard.Receive.Protocol;

/// <summary>
/// The end of DATA: checks the bytes, builds the envelope and the trace header, and hands both to the spool. Its
/// return value is the reply, so 250 goes out only after <see cref="ISpoolWriter.WriteAsync"/> returned.
/// </summary>
internal sealed class ReceiveMessageStore(
    ReceiveOptions options,
    RelayPolicy policy,
    ISpoolWriter spool,
    TimeProvider clock,
    ILogger logger) : IMessageStore
{
    public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var session = ReceiveSession.Of(context);
        var client = policy.ClientAddress(session.Peer.Address, session.ProxyClaim);
        // SmtpServer's own cap leaves room for dot-stuffing; the limit applies to the message itself.
        if (buffer.Length + 2 > options.MaxMessageBytes)
        {
            return Refuse(client, ReceiveReplies.TooBig(options.MaxMessageBytes));
        }
        if (MessageData.HasBareLineEnding(buffer))
        {
            return Refuse(client, ReceiveReplies.BareLineEnding);
        }
        var id = SpoolId.New(clock);
        var now = clock.GetUtcNow();
        var recipients = transaction.To.Select(MessageData.Address).ToArray();
        var sender = MessageData.Address(transaction.From);
        var envelope = new Envelope(id, sender, recipients, client.ToString(), session.User, now, session.Helo);
        var trace = TraceHeader.Build(session.Helo, client, context.ServerOptions.ServerName, session.Esmtp, session.IsSecure, session.IsAuthenticated, id, now);
        var message = MessageData.WithLastLineEnding(buffer);
        try
        {
            await spool.WriteAsync(envelope, trace, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ReceiveLog.SpoolFailed(logger, e, id.Value, client.ToString());
            return ReceiveReplies.SpoolFailed;
        }
        Interlocked.Increment(ref session.Accepted);
        ReceiveLog.Accepted(logger, id.Value, client.ToString(), message.Length, Redactor.RedactEmail(sender), recipients.Length,
            string.Join(",", recipients.Select(r => r[(r.LastIndexOf('@') + 1)..]).Distinct(StringComparer.OrdinalIgnoreCase)));
        return ReceiveReplies.Queued(id.Value);
    }

    private SmtpResponse Refuse(System.Net.IPAddress client, SmtpResponse reply)
    {
        ReceiveLog.Refused(logger, "DATA", client.ToString(), ReceiveReplies.Line(reply));
        return reply;
    }
}
