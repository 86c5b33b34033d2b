using System.Globalization;
using SmtpServer;
using SmtpServer.Protocol;

namespace MailGuard.Receive.Protocol;

/// <summary>SmtpServer's commands, with an EHLO that announces the real SIZE limit and offers AUTH only when it can work.</summary>
internal sealed class ReceiveCommandFactory(ReceiveOptions options, RelayPolicy policy) : SmtpCommandFactory
{
    public override SmtpCommand CreateEhlo(string domainOrAddress) => new Ehlo(domainOrAddress, options, policy);

    public override SmtpCommand CreateHelo(string domainOrAddress) => new Helo(domainOrAddress);

    private sealed class Ehlo(string domainOrAddress, ReceiveOptions options, RelayPolicy policy) : EhloCommand(domainOrAddress)
    {
        protected override string GetGreeting(ISessionContext context) => $"{context.ServerOptions.ServerName} Hello {DomainOrAddress}";

        protected override IEnumerable<string> GetExtensions(ISessionContext context)
        {
            foreach (var extension in base.GetExtensions(context))
            {
                if (extension.StartsWith("SIZE", StringComparison.Ordinal))
                {
                    // SmtpServer's own cap sits a little above the limit to leave room for dot-stuffing; announce the limit.
                    yield return string.Create(CultureInfo.InvariantCulture, $"SIZE {options.MaxMessageBytes}");
                }
                else if (!extension.StartsWith("AUTH", StringComparison.Ordinal) || policy.AuthPossible)
                {
                    yield return extension;
                }
            }
        }
    }

    private sealed class Helo(string domainOrAddress) : HeloCommand(domainOrAddress)
    {
        protected override string GetGreeting(ISessionContext context) => $"{context.ServerOptions.ServerName} Hello {DomainOrAddress}";
    }
}
