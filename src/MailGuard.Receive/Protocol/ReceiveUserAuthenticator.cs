using MailGuard.Core;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.Authentication;

namespace MailGuard.Receive.Protocol;

/// <summary>Checks AUTH PLAIN/LOGIN against <see cref="ReceiveOptions.Users"/>; never on a plain connection.</summary>
internal sealed class ReceiveUserAuthenticator(ReceiveOptions options, ILogger logger) : IUserAuthenticator
{
    // Verified for unknown users too, at the cost real hashes have, so the answer takes as long whether or not the user exists.
    private static readonly Lazy<string> Decoy = new(() => PasswordHash.Create(Guid.NewGuid().ToString()));

    public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
    {
        var session = ReceiveSession.Of(context);
        if (!session.IsSecure)
        {
            // SmtpServer's state table already refuses AUTH before STARTTLS; this is the second lock on the door.
            return Task.FromResult(false);
        }
        var entry = options.Users.FirstOrDefault(u => string.Equals(u.Name, user, StringComparison.OrdinalIgnoreCase));
        var ok = PasswordHash.Verify(password ?? "", entry?.PasswordHash ?? Decoy.Value) && entry is not null;
        if (!ok)
        {
            ReceiveLog.AuthFailed(logger, session.Peer.Address.ToString(), Redactor.RedactGeneric(user ?? ""));
        }
        return Task.FromResult(ok);
    }
}
