using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailGuard.Core;

namespace MailGuard.Receive.Protocol;

/// <summary>The <c>Received:</c> field Receive prepends (RFC 5321 4.4, protocol names from RFC 3848).</summary>
internal static class TraceHeader
{
    /// <summary>
    /// <c>Received: from HELO ([IP])\r\n\tby SERVER (MailGuard) with ESMTPSA id ID;\r\n\tDATE\r\n</c>, folded so no
    /// line passes 78 characters for ordinary names.
    /// </summary>
    public static byte[] Build(string? helo, IPAddress client, string serverName, bool esmtp, bool tls, bool authenticated, SpoolId id, DateTimeOffset at)
    {
        var protocol = (esmtp ? "ESMTP" : "SMTP") + (tls ? "S" : "") + (authenticated ? "A" : "");
        var literal = client.AddressFamily == AddressFamily.InterNetworkV6 ? $"IPv6:{client}" : client.ToString();
        var date = at.UtcDateTime.ToString("ddd, d MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
        var text = $"Received: from {Sanitize(helo)} ([{literal}])\r\n\tby {serverName} (MailGuard) with {protocol} id {id};\r\n\t{date}\r\n";
        return Encoding.ASCII.GetBytes(text);
    }

    // The HELO name is the client's word: keep it printable ASCII without the parentheses that would end our comment.
    private static string Sanitize(string? helo)
    {
        var kept = new string([.. (helo ?? "").Where(c => c is > ' ' and <= '~' and not '(' and not ')').Take(255)]);
        return kept.Length == 0 ? "unknown" : kept;
    }
}
