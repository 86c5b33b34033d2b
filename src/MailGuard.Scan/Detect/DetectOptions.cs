using System.ComponentModel.DataAnnotations;

namespace MailGuard.Scan.Detect;

/// <summary>The <c>Scan:Detect</c> section: how personal data is recognised.</summary>
public sealed class DetectOptions
{
    public const string Section = "Scan:Detect";

    /// <summary>
    /// Regions (ISO 3166 alpha-2) whose national phone formats are recognised, in order of preference;
    /// numbers written with a +country code are recognised whatever the region.
    /// </summary>
    [MinLength(1)]
    public List<string> PhoneRegions { get; set; } = [];

    /// <summary>
    /// Local parts of role mailboxes (<c>info@</c>, <c>accounts@</c>): not a person's data when at a party's domain,
    /// and what is tied to nothing but role mailboxes is an organisation's, whatever the domain.
    /// </summary>
    public List<string> RoleMailboxes { get; set; } = [];

    /// <summary>The default phone regions: Japan, the US, the UK and Australia.</summary>
    public static readonly string[] DefaultPhoneRegions = ["JP", "US", "GB", "AU"];

    /// <summary>The default role mailbox names.</summary>
    public static readonly string[] DefaultRoleMailboxes =
    [
        "info", "accounts", "account", "billing", "sales", "support", "contact", "office", "admin", "news",
        "newsletter", "noreply", "no-reply", "hr", "jobs", "press", "service", "help", "orders", "order", "finance", "postmaster",
    ];
}
