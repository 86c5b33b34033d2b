using System.Text.RegularExpressions;
using MailGuard.Core;

namespace MailGuard.Scan.Decide;

/// <summary>What a condition needs besides the message: who is internal and the groups of the rules file.</summary>
internal sealed record RuleContext(OrganizationOptions Organization, IReadOnlyDictionary<string, AddressList> Groups);

/// <summary>One test of a rule's <c>when</c>. <paramref name="evidence"/> collects the findings a match rests on.</summary>
internal abstract class RuleCondition
{
    public abstract bool Matches(PolicyInput input, RuleContext context, List<Finding> evidence);
}

internal sealed class AllCondition(IReadOnlyList<RuleCondition> parts) : RuleCondition
{
    public override bool Matches(PolicyInput input, RuleContext context, List<Finding> evidence)
    {
        var mine = new List<Finding>();
        foreach (var part in parts)
        {
            if (!part.Matches(input, context, mine))
            {
                return false;
            }
        }
        evidence.AddRange(mine);
        return true;
    }
}

internal sealed class AnyCondition(IReadOnlyList<RuleCondition> parts) : RuleCondition
{
    public override bool Matches(PolicyInput input, RuleContext context, List<Finding> evidence)
    {
        // Every branch is evaluated so that the evidence names all the findings that made the rule match.
        var matched = false;
        foreach (var part in parts)
        {
            matched |= part.Matches(input, context, evidence);
        }
        return matched;
    }
}

internal sealed class NotCondition(RuleCondition inner) : RuleCondition
{
    public override bool Matches(PolicyInput input, RuleContext context, List<Finding> evidence) =>
        !inner.Matches(input, context, []);
}

/// <summary>How many envelope recipients must be external: any, all, or none.</summary>
internal enum Quantifier
{
    Any,
    All,
    None,
}

internal sealed class ExternalRecipientsCondition(Quantifier quantifier) : RuleCondition
{
    public override bool Matches(PolicyInput input, RuleContext context, List<Finding> evidence)
    {
        var recipients = input.Envelope.Recipients;
        var external = recipients.Count(r => !context.Organization.IsInternal(r));
        return quantifier switch
        {
            Quantifier.Any => external > 0,
            Quantifier.All => recipients.Count > 0 && external == recipients.Count,
            _ => external == 0,
        };
    }
}

/// <summary>Some envelope recipient (or the sender) is in a list of addresses and domains.</summary>
internal sealed class AddressCondition(bool sender, AddressList list) : RuleCondition
{
    public override bool Matches(PolicyInput input, RuleContext context, List<Finding> evidence) =>
        sender ? list.Contains(input.Envelope.MailFrom) : input.Envelope.Recipients.Any(list.Contains);
}

internal sealed class SenderGroupCondition(string group) : RuleCondition
{
    public override bool Matches(PolicyInput input, RuleContext context, List<Finding> evidence) =>
        context.Groups[group].Contains(input.Envelope.MailFrom);
}

/// <summary>Where a finding was, from the first words of its location path.</summary>
[Flags]
internal enum FindingPlace
{
    None = 0,
    Body = 1,
    Quoted = 2,
    Forwarded = 4,
    Attachment = 8,
}

internal sealed class FindingsCondition(IReadOnlySet<string>? kinds, int minimum, bool? thirdParty, FindingPlace places) : RuleCondition
{
    public override bool Matches(PolicyInput input, RuleContext context, List<Finding> evidence)
    {
        var hits = input.Findings
            .Where(f => kinds is null || kinds.Contains(f.Kind))
            .Where(f => thirdParty is null || f.ThirdParty == thirdParty)
            .Where(f => places == FindingPlace.None || (PlaceOf(f.Location) & places) != 0)
            .ToList();
        if (hits.Count < minimum)
        {
            return false;
        }
        evidence.AddRange(hits);
        return true;
    }

    /// <summary><c>attachment:old.eml/body/forwarded[1]</c> is both an attachment and forwarded text.</summary>
    internal static FindingPlace PlaceOf(string location)
    {
        var place = FindingPlace.None;
        if (location.StartsWith("attachment:", StringComparison.Ordinal) || location.Contains("/attachment:", StringComparison.Ordinal))
        {
            place |= FindingPlace.Attachment;
        }
        if (location.Contains("forwarded", StringComparison.Ordinal))
        {
            place |= FindingPlace.Forwarded;
        }
        if (location.Contains("quoted", StringComparison.Ordinal))
        {
            place |= FindingPlace.Quoted;
        }
        if (place == FindingPlace.None)
        {
            place = FindingPlace.Body;
        }
        return place;
    }
}

internal sealed class AttachmentCondition(IReadOnlyList<Regex> names, IReadOnlyList<Regex> types) : RuleCondition
{
    public override bool Matches(PolicyInput input, RuleContext context, List<Finding> evidence) =>
        input.Facts.Attachments.Any(a =>
            (names.Count == 0 || names.Any(n => n.IsMatch(a.Name)))
            && (types.Count == 0 || types.Any(t => t.IsMatch(a.ContentType))));

    /// <summary>A shell-style pattern (<c>*.xlsx</c>, <c>application/vnd.*</c>), case-insensitive.</summary>
    public static Regex Glob(string pattern) => new(
        "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));
}

internal sealed class SizeCondition(long? over, long? under) : RuleCondition
{
    public override bool Matches(PolicyInput input, RuleContext context, List<Finding> evidence) =>
        (over is null || input.Facts.Size > over) && (under is null || input.Facts.Size < under);
}

/// <summary>Addresses (<c>a@example.com</c>) and domains (<c>example.org</c> or <c>@example.org</c>, subdomains included).</summary>
internal sealed class AddressList(IEnumerable<string> entries)
{
    private readonly string[] _entries = [.. entries.Select(e => e.Trim().TrimStart('@').ToLowerInvariant())];

    public bool Contains(string address)
    {
        var a = address.Trim().Trim('<', '>').ToLowerInvariant();
        var at = a.LastIndexOf('@');
        var domain = at >= 0 ? a[(at + 1)..] : a;
        foreach (var e in _entries)
        {
            if (e.Contains('@') ? e == a : domain == e || domain.EndsWith("." + e, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
