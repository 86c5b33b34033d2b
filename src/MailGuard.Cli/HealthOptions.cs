namespace MailGuard.Cli;

/// <summary>The <c>Health</c> section: the small HTTP health endpoint of <c>mailguard run</c>.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Where <c>GET</c> answers with accepting yes/no and the queue depths; empty turns it off.</summary>
    public string Url { get; set; } = "http://127.0.0.1:8026/health";
}
