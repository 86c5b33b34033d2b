using System.ComponentModel.DataAnnotations;

namespace MailGuard.Deliver;

/// <summary>How the connection to the upstream server is secured.</summary>
public enum DeliverSecurity
{
    /// <summary>Plain SMTP.</summary>
    None,

    /// <summary>STARTTLS is required; a server without it is a (transient) failure.</summary>
    StartTls,

    /// <summary>STARTTLS when the server offers it, without certificate checks (opportunistic, like Postfix <c>may</c>).</summary>
    StartTlsWhenAvailable,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}

/// <summary>The <c>Deliver</c> section: the upstream server and the retry schedule.</summary>
public sealed class DeliverOptions
{
    public const string Section = "Deliver";

    /// <summary>The upstream server; empty writes delivered mail as .eml files to <c>DataDirectory/outbox</c>.</summary>
    public string Host { get; set; } = "";

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public DeliverSecurity Security { get; set; } = DeliverSecurity.StartTlsWhenAvailable;

    /// <summary>AUTH user for the upstream server; empty: no AUTH.</summary>
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>The name MailGuard gives in EHLO and in DSNs; empty: the machine name.</summary>
    public string LocalDomain { get; set; } = "";

    /// <summary>Limit for connecting, TLS and AUTH together.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit for each read or write on the connection (MailKit's Timeout).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>An unused upstream connection is closed after this long.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a message may stay in the queue before its remaining recipients bounce, whatever failed last.</summary>
    public TimeSpan QueueLifetime { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Delay after the first failed attempt; it doubles with each further one.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest delay between attempts.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Parallel upstream connections.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 16;

    /// <summary>The EHLO/DSN name actually used.</summary>
    public string HostName => LocalDomain.Length > 0 ? LocalDomain : Environment.MachineName;
}
