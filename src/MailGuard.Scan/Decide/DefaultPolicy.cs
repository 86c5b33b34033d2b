using MailGuard.Core;

namespace MailGuard.Scan.Decide;

/// <summary>
/// The stand-in rule until the rules file arrives: quarantine a message that goes to at least one external
/// recipient and carries third-party personal data (a person, email, phone or postal address) or a part that could
/// not be read; pass everything else.
/// </summary>
public sealed class DefaultPolicy : IPolicy
{
    public const string FlagRule = "default-third-party";
    public const string PassRule = "default-pass";

    private static readonly HashSet<string> PersonalKinds =
        [FindingKind.Person, FindingKind.Email, FindingKind.Phone, FindingKind.PostalAddress];

    public Verdict Decide(ScanContext context)
    {
        if (context.ExternalRecipients.Count == 0)
        {
            return new Verdict(VerdictAction.Pass, PassRule, []);
        }
        var behind = context.Findings
            .Where(f => f.Kind == FindingKind.Unscannable || (f.ThirdParty && PersonalKinds.Contains(f.Kind)))
            .ToList();
        return behind.Count > 0
            ? new Verdict(VerdictAction.Quarantine, FlagRule, behind)
            : new Verdict(VerdictAction.Pass, PassRule, []);
    }
}
