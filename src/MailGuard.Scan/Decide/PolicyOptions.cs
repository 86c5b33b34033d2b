namespace MailGuard.Scan.Decide;

/// <summary>Enforce acts on verdicts; Monitor only logs what would have happened and passes the mail.</summary>
public enum PolicyMode
{
    Enforce,
    Monitor,
}

/// <summary>The <c>Policy</c> section: which rules decide, and how strictly.</summary>
public sealed class PolicyOptions
{
    public const string Section = "Policy";

    /// <summary>Enforce, or Monitor for every rule regardless of the rule's own mode.</summary>
    public PolicyMode Mode { get; set; } = PolicyMode.Enforce;

    /// <summary>The rules file; a relative path is relative to the configuration folder.</summary>
    public string RulesFile { get; set; } = "rules.yaml";

    /// <summary>How often the rules file is checked for changes.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one message may take to scan before it is held (fail closed).</summary>
    public TimeSpan ScanTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
