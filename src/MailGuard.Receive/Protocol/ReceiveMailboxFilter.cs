using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Storage;

namespace MailGuard.Receive.Protocol;

/// <summary>Applies <see cref="RelayPolicy"/> at MAIL FROM and the recipient limit at RCPT TO.</summary>
internal sealed class ReceiveMailboxFilter(ReceiveOptions options, RelayPolicy policy, ILogger logger) : IMailboxFilter
{
    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
    {
        var session = ReceiveSession.Of(context);
        var claim = session.ProxyClaim;
        if (claim is not null && !policy.IsTrustedProxy(session.Peer.Address))
        {
            ReceiveLog.ProxyIgnored(logger, session.Peer.Address.ToString());
        }
        var client = policy.ClientAddress(session.Peer.Address, claim);
        var refusal = policy.CheckSender(client, session.IsAuthenticated, from.User ?? "", from.Host ?? "", size);
        if (refusal is null)
        {
            session.BeginTransaction(client, MessageData.Address(from));
            return Task.FromResult(true);
        }
        session.Refuse(refusal);
        ReceiveLog.Refused(logger, "MAIL", client.ToString(), ReceiveReplies.Line(refusal));
        return Task.FromResult(false);
    }

    public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        var session = ReceiveSession.Of(context);
        if (session.Recipients.Count >= options.MaxRecipients)
        {
            var refusal = ReceiveReplies.TooManyRecipients(options.MaxRecipients);
            session.Refuse(refusal);
            ReceiveLog.Refused(logger, "RCPT", session.Peer.Address.ToString(), ReceiveReplies.Line(refusal));
            return Task.FromResult(false);
        }
        session.Recipients.Add(MessageData.Address(to));
        return Task.FromResult(true);
    }
}
