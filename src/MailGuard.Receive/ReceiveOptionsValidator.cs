using System.Net;
using MailGuard.Core;
using Microsoft.Extensions.Options;

namespace MailGuard.Receive;

/// <summary>Checks <see cref="ReceiveOptions"/> at start, with messages that name the key and the bad value.</summary>
internal sealed class ReceiveOptionsValidator : IValidateOptions<ReceiveOptions>
{
    public ValidateOptionsResult Validate(string? name, ReceiveOptions options)
    {
        var errors = new List<string>();
        foreach (var endpoint in options.Endpoints)
        {
            if (!ReceiveEndpoint.TryParse(endpoint, out var parsed))
            {
                errors.Add($"Receive:Endpoints: \"{endpoint}\" is not IP:port or smtps://IP:port (for example 127.0.0.1:2525, [::1]:2525 or smtps://0.0.0.0:465).");
            }
            else if (parsed.Value.ImplicitTls && !options.Tls.IsConfigured)
            {
                // Refused at start: the alternative, a port that accepts connections and then fails every handshake, is
                // only found when the first client cannot send.
                errors.Add($"Receive:Endpoints: \"{endpoint}\" is implicit TLS but Receive:Tls has no certificate; set Receive:Tls:CertificateFile.");
            }
        }
        CheckNetworks("Receive:AllowedNetworks", options.AllowedNetworks, errors);
        CheckNetworks("Receive:TrustedProxies", options.TrustedProxies, errors);
        if (options.ServerName.Length == 0 || options.ServerName.Any(c => c <= ' ' || c > '~'))
        {
            errors.Add($"Receive:ServerName: \"{options.ServerName}\" must be a host name without spaces.");
        }
        // SmtpServer counts the message with its dot-stuffing in an int; keep headroom below int.MaxValue.
        Positive("Receive:MaxMessageBytes", options.MaxMessageBytes, 1, int.MaxValue / 2, errors);
        Positive("Receive:MaxRecipients", options.MaxRecipients, 1, 100_000, errors);
        Positive("Receive:MaxCommandLineBytes", options.MaxCommandLineBytes, 512, 1_048_576, errors);
        Positive("Receive:MaxCommandErrors", options.MaxCommandErrors, 1, 1000, errors);
        Positive("Receive:MaxSessions", options.MaxSessions, 1, 100_000, errors);
        Duration("Receive:CommandTimeout", options.CommandTimeout, errors);
        Duration("Receive:DataTimeout", options.DataTimeout, errors);
        Duration("Receive:SessionTimeout", options.SessionTimeout, errors);
        if (options.ShutdownGracePeriod < TimeSpan.Zero)
        {
            errors.Add("Receive:ShutdownGracePeriod must not be negative.");
        }
        if (options.AuthCacheLifetime < TimeSpan.Zero)
        {
            errors.Add("Receive:AuthCacheLifetime must not be negative (\"00:00:00\" turns it off).");
        }
        Positive("Receive:AuthMaxFailures", options.AuthMaxFailures, 1, 1_000_000, errors);
        Duration("Receive:AuthLockoutPeriod", options.AuthLockoutPeriod, errors);
        CheckTls(options.Tls, errors);
        CheckUsers(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckNetworks(string key, List<string> networks, List<string> errors)
    {
        foreach (var network in networks)
        {
            // IPNetwork quietly clears host bits ("10.0.0.1/8" becomes 10.0.0.0/8); that is more often a typo for /32.
            var slash = network.IndexOf('/', StringComparison.Ordinal);
            if (!IPNetwork.TryParse(network, out var parsed) || slash < 0
                || !IPAddress.TryParse(network.AsSpan(0, slash), out var written) || !written.Equals(parsed.BaseAddress))
            {
                errors.Add($"{key}: \"{network}\" is not a network in CIDR notation (for example 10.0.0.0/8 or 2001:db8::/32), or has host bits set.");
            }
        }
    }

    private static void Positive(string key, int value, int min, int max, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} is {value}; it must be between {min} and {max}.");
        }
    }

    private static void Duration(string key, TimeSpan value, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be a positive duration such as \"00:05:00\".");
        }
    }

    private static void CheckTls(TlsOptions tls, List<string> errors)
    {
        if (!tls.IsConfigured)
        {
            if (tls.KeyFile.Length > 0)
            {
                errors.Add("Receive:Tls:KeyFile is set but Receive:Tls:CertificateFile is empty.");
            }
            return;
        }
        foreach (var (key, file) in new[] { ("CertificateFile", tls.CertificateFile), ("KeyFile", tls.KeyFile) })
        {
            if (file.Length > 0 && !File.Exists(file))
            {
                errors.Add($"Receive:Tls:{key}: no file at \"{Path.GetFullPath(file)}\".");
                return;
            }
        }
        try
        {
            using var certificate = ServerCertificate.Load(tls);
            if (certificate is { HasPrivateKey: false })
            {
                errors.Add($"Receive:Tls: the certificate in \"{tls.CertificateFile}\" comes without its private key; set Receive:Tls:KeyFile.");
            }
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or ArgumentException)
        {
            errors.Add($"Receive:Tls: cannot load the certificate from \"{tls.CertificateFile}\": {e.Message}");
        }
    }

    private static void CheckUsers(ReceiveOptions options, List<string> errors)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            if (user.Name.Length == 0)
            {
                errors.Add($"Receive:Users:{i}:Name is empty.");
            }
            else if (!seen.Add(user.Name))
            {
                errors.Add($"Receive:Users: the user name \"{user.Name}\" appears twice.");
            }
            if (!PasswordHash.IsWellFormed(user.PasswordHash))
            {
                errors.Add($"Receive:Users:{i}:PasswordHash is not of the form pbkdf2-sha256$ITERATIONS$SALT$HASH (see README, \"Receive\").");
            }
        }
        if (options.Users.Count > 0 && !options.Tls.IsConfigured)
        {
            errors.Add("Receive:Users is set but Receive:Tls has no certificate: AUTH is only offered after STARTTLS, so these users could never log in.");
        }
    }
}
