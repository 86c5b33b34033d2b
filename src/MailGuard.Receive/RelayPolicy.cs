using System.Net;
using MailGuard.Core;
using Microsoft.Extensions.Options;
using SmtpServer.Protocol;

namespace MailGuard.Receive;

/// <summary>
/// Who may relay and as whom. Judged on the socket peer (a PROXY header counts only from a trusted proxy), on AUTH,
/// and on the sender address as SmtpServer parsed it: MailGuard must never be an open relay.
/// </summary>
internal sealed class RelayPolicy
{
    // RFC 5322 atext without '!' and '%' (bang paths and the percent hack route mail), plus the dot.
    private const string LocalPartSymbols = "#$&'*+-/=?^_`{|}~.";

    private readonly ReceiveOptions _options;
    private readonly OrganizationOptions _organization;
    private readonly IPNetwork[] _allowed;
    private readonly IPNetwork[] _proxies;

    public RelayPolicy(IOptions<ReceiveOptions> options, IOptions<OrganizationOptions> organization)
    {
        _options = options.Value;
        _organization = organization.Value;
        _allowed = [.. _options.AllowedNetworks.Select(n => IPNetwork.Parse(n))];
        _proxies = [.. _options.TrustedProxies.Select(n => IPNetwork.Parse(n))];
    }

    /// <summary>True when AUTH can ever succeed here: there are users and a certificate to offer STARTTLS with.</summary>
    public bool AuthPossible => _options.Users.Count > 0 && _options.Tls.IsConfigured;

    /// <summary>The address to judge: the claimed source when a trusted proxy sent a PROXY header, else the socket peer.</summary>
    public IPAddress ClientAddress(IPAddress peer, IPEndPoint? proxyClaim) =>
        proxyClaim is not null && IsTrustedProxy(peer) ? Normalize(proxyClaim.Address) : Normalize(peer);

    /// <summary>True when the peer's PROXY header is believed.</summary>
    public bool IsTrustedProxy(IPAddress peer) => Contains(_proxies, peer);

    /// <summary>True when the client may relay without AUTH.</summary>
    public bool IsAllowedNetwork(IPAddress client) => Contains(_allowed, client);

    /// <summary>The refusal for a MAIL FROM, or null when the transaction may go on.</summary>
    /// <param name="client">From <see cref="ClientAddress"/>.</param>
    /// <param name="authenticated">True after a successful AUTH.</param>
    /// <param name="user">The local part as parsed (quotes removed, routes dropped); empty for the null sender.</param>
    /// <param name="host">The domain or address literal as parsed; empty for the null sender.</param>
    /// <param name="declaredSize">The SIZE parameter, 0 when absent.</param>
    public SmtpResponse? CheckSender(IPAddress client, bool authenticated, string user, string host, long declaredSize)
    {
        if (declaredSize > _options.MaxMessageBytes)
        {
            return ReceiveReplies.DeclaredTooBig(_options.MaxMessageBytes);
        }
        if (!authenticated && !IsAllowedNetwork(client))
        {
            return AuthPossible ? ReceiveReplies.RelayDeniedAuthPossible : ReceiveReplies.RelayDenied;
        }
        if (user.Length == 0 && host.Length == 0)
        {
            return ReceiveReplies.NullSender;
        }
        if (!IsPlainLocalPart(user))
        {
            return ReceiveReplies.RoutedSender;
        }
        if (host.StartsWith('[') || !_organization.IsInternal(host))
        {
            return ReceiveReplies.ExternalSender(host);
        }
        return null;
    }

    /// <summary>A dot-atom of letters, digits and harmless symbols: nothing a later hop could read as a route.</summary>
    internal static bool IsPlainLocalPart(string user) =>
        user.Length is > 0 and <= 64
        && !user.StartsWith('.') && !user.EndsWith('.')
        && !user.Contains("..", StringComparison.Ordinal)
        && user.All(c => char.IsLetterOrDigit(c) || LocalPartSymbols.Contains(c));

    private static bool Contains(IPNetwork[] networks, IPAddress address)
    {
        var normalized = Normalize(address);
        return networks.Any(n => n.Contains(normalized));
    }

    // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d, which no IPv4 network contains.
    private static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
