using MailGuard.Core;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.Authentication;

namespace MailGuard.Receive.Protocol;

/// <summary>Checks AUTH PLAIN/LOGIN with <see cref="CredentialCheck"/>; never on a plain connection.</summary>
internal sealed class ReceiveUserAuthenticator(CredentialCheck check, RelayPolicy policy, ILogger logger) : IUserAuthenticator
{
    public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
    {
        var session = ReceiveSession.Of(context);
        if (!session.IsSecure)
        {
            // SmtpServer's state table already refuses AUTH before STARTTLS; this is the second lock on the door.
            return Task.FromResult(false);
        }
        // Behind a trusted proxy the peer is the proxy: count failures against the client it names.
        var client = policy.ClientAddress(session.Peer.Address, session.ProxyClaim);
        var outcome = check.Check(client, user ?? "", password ?? "");
        if (outcome != CredentialOutcome.Accepted)
        {
            ReceiveLog.AuthFailed(logger, client.ToString(), Redactor.RedactGeneric(user ?? ""), outcome == CredentialOutcome.LockedOut);
        }
        return Task.FromResult(outcome == CredentialOutcome.Accepted);
    }
}
