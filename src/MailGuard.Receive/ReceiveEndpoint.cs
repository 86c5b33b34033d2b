using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace MailGuard.Receive;

/// <summary>
/// One entry of <c>Receive:Endpoints</c>: <c>IP:port</c> (plain, STARTTLS offered when there is a certificate) or
/// <c>smtps://IP:port</c> (implicit TLS, RFC 8314: the TLS handshake is the first thing on the connection, as mail
/// clients and MTAs expect on port 465). A prefix keeps each entry one string, so the existing lists, environment
/// variables (<c>MAILGUARD_Receive__Endpoints__1=smtps://0.0.0.0:465</c>) and command-line settings go on working.
/// </summary>
internal readonly record struct ReceiveEndpoint(IPEndPoint Address, bool ImplicitTls)
{
    public const string ImplicitTlsPrefix = "smtps://";

    public static bool TryParse(string text, [NotNullWhen(true)] out ReceiveEndpoint? endpoint)
    {
        endpoint = null;
        var implicitTls = text.StartsWith(ImplicitTlsPrefix, StringComparison.OrdinalIgnoreCase);
        var address = implicitTls ? text[ImplicitTlsPrefix.Length..] : text;
        if (!IPEndPoint.TryParse(address, out var parsed) || !address.Contains(':', StringComparison.Ordinal) || parsed.Port > IPEndPoint.MaxPort)
        {
            return false;
        }
        endpoint = new ReceiveEndpoint(parsed, implicitTls);
        return true;
    }

    public override string ToString() => ImplicitTls ? ImplicitTlsPrefix + Address : Address.ToString();
}
