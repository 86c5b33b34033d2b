namespace MailGuard.Receive;

/// <summary>The <c>Receive</c> section: where SMTP listens, who may relay, and the limits of a session.</summary>
public sealed class ReceiveOptions
{
    public const string Section = "Receive";

    /// <summary>Defaults for the lists, applied only when the configuration gives none (binding appends to a filled list).</summary>
    public static readonly IReadOnlyList<string> DefaultEndpoints = ["127.0.0.1:2525"];

    /// <inheritdoc cref="DefaultEndpoints"/>
    public static readonly IReadOnlyList<string> DefaultAllowedNetworks = ["127.0.0.0/8", "::1/128"];

    /// <summary>
    /// Where SMTP listens, as <c>IP:port</c> (<c>[::1]:2525</c> for IPv6), or <c>smtps://IP:port</c> for implicit TLS
    /// (port 465; needs <see cref="Tls"/>). Default <c>127.0.0.1:2525</c>.
    /// </summary>
    public List<string> Endpoints { get; set; } = [];

    /// <summary>Clients in these networks (CIDR) may relay without AUTH. Default loopback only.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Peers (CIDR) whose PROXY protocol header is believed; from anyone else it is ignored. Default none.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The name in the greeting and the Received: header. Empty: this machine's host name.</summary>
    public string ServerName { get; set; } = "";

    /// <summary>The SIZE limit in bytes: announced in EHLO and enforced on the data actually sent.</summary>
    public int MaxMessageBytes { get; set; } = 52_428_800;

    /// <summary>RCPT TO commands accepted per message; the rest get 452 and go in a later message.</summary>
    public int MaxRecipients { get; set; } = 100;

    /// <summary>The longest command line (CRLF included) a session may buffer; longer ones end the session.</summary>
    public int MaxCommandLineBytes { get; set; } = 4096;

    /// <summary>Failed commands in a row before the session is closed with 421.</summary>
    public int MaxCommandErrors { get; set; } = 5;

    /// <summary>Concurrent sessions over all endpoints; one more is answered 421 and closed.</summary>
    public int MaxSessions { get; set; } = 100;

    /// <summary>How long to wait for the next command (RFC 5321 4.5.3.2 suggests at least 5 minutes).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long DATA may make no progress; a slow client that keeps sending is never cut by this.</summary>
    public TimeSpan DataTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest a whole session may last, however busy.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>On shutdown: how long sessions in the middle of a message may take to finish before they are cut.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The certificate for STARTTLS and implicit-TLS endpoints. Without one, STARTTLS and AUTH are not offered.</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>Users who may AUTH (PLAIN or LOGIN, only over TLS) and then relay from anywhere.</summary>
    public List<ReceiveUser> Users { get; set; } = [];

    /// <summary>
    /// How long a password verified in full is remembered (in this process only, as a keyed hash) so that the same
    /// user's next AUTH with it skips PBKDF2. Zero: every AUTH pays PBKDF2.
    /// </summary>
    public TimeSpan AuthCacheLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed AUTHs from one client (IPv4 address, IPv6 /64) within <see cref="AuthLockoutPeriod"/> before it is locked out.</summary>
    public int AuthMaxFailures { get; set; } = 10;

    /// <summary>The window in which failures are counted, and how long a locked-out client's AUTH is refused unchecked.</summary>
    public TimeSpan AuthLockoutPeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How much DATA is read of a message already too big before the session is closed: up to this the client gets
    /// its 552 and may go on (the bytes are counted, never kept); past it reading on would only waste the line.
    /// </summary>
    internal long DrainBytes => (2L * MaxMessageBytes) + 65_536;

    internal IReadOnlyList<ReceiveEndpoint> ParsedEndpoints() =>
        [.. Endpoints.Select(e => ReceiveEndpoint.TryParse(e, out var parsed) ? parsed.Value : throw new FormatException($"Receive:Endpoints: \"{e}\""))];
}

/// <summary>The <c>Receive:Tls</c> section: a PEM certificate and key, or a PFX file and its password.</summary>
public sealed class TlsOptions
{
    /// <summary>A PEM certificate (chain first) or a <c>.pfx</c>/<c>.p12</c> file. Empty: no STARTTLS.</summary>
    public string CertificateFile { get; set; } = "";

    /// <summary>The PEM private key; empty when the key is in <see cref="CertificateFile"/>.</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>The PFX password, or the password of an encrypted PEM key.</summary>
    public string Password { get; set; } = "";

    /// <summary>True when a certificate is configured.</summary>
    public bool IsConfigured => CertificateFile.Length > 0;
}

/// <summary>One entry of <c>Receive:Users</c>.</summary>
public sealed class ReceiveUser
{
    /// <summary>The AUTH user name (compared ignoring case).</summary>
    public string Name { get; set; } = "";

    /// <summary>The password as <see cref="MailGuard.Core.PasswordHash"/> writes it; never the password itself.</summary>
    public string PasswordHash { get; set; } = "";
}
