using MailGuard.Core;

namespace MailGuard.Scan.Decide;

/// <summary>One rule of the rules file: when its condition holds, its action decides.</summary>
internal sealed record Rule(
    string Name,
    int Line,
    RuleCondition? When,
    VerdictAction Action,
    PolicyMode? Mode,
    IReadOnlyDictionary<string, string> Description,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? SubjectPrefix,
    IReadOnlyList<string> Bcc,
    NotifyTargets Notify);

/// <summary>
/// A loaded rules file: the rules in order, first match wins, and the default when none matches.
/// Immutable, so a reload swaps the whole set and a message in flight keeps the set it started with.
/// </summary>
public sealed class RuleSet
{
    internal RuleSet(IReadOnlyList<Rule> rules, Rule fallback, IReadOnlyDictionary<string, AddressList> groups, string source)
    {
        Rules = rules;
        Default = fallback;
        Groups = groups;
        Source = source;
    }

    internal IReadOnlyList<Rule> Rules { get; }

    internal Rule Default { get; }

    internal IReadOnlyDictionary<string, AddressList> Groups { get; }

    /// <summary>Where the rules came from (a file path), for logs.</summary>
    public string Source { get; }

    /// <summary>The rule names in order, the default last.</summary>
    public IReadOnlyList<string> RuleNames => [.. Rules.Select(r => r.Name), Default.Name];

    /// <summary>Decides on one message. <paramref name="mode"/> is the global <c>Policy:Mode</c>.</summary>
    public Verdict Decide(PolicyInput input, OrganizationOptions organization, PolicyMode mode)
    {
        var context = new RuleContext(organization, Groups);
        foreach (var rule in Rules)
        {
            var evidence = new List<Finding>();
            if (rule.When is null || rule.When.Matches(input, context, evidence))
            {
                return VerdictOf(rule, evidence.Count > 0 ? [.. evidence.Distinct()] : input.Findings, mode);
            }
        }
        return VerdictOf(Default, input.Findings, mode);
    }

    private static Verdict VerdictOf(Rule rule, IReadOnlyList<Finding> findings, PolicyMode mode)
    {
        var monitor = rule.Action != VerdictAction.Pass && (mode == PolicyMode.Monitor || rule.Mode == PolicyMode.Monitor);
        return new Verdict(rule.Action, rule.Name, findings, monitor)
        {
            Description = rule.Description,
            Headers = rule.Headers,
            SubjectPrefix = rule.SubjectPrefix,
            Bcc = rule.Bcc,
            Notify = rule.Notify,
        };
    }
}
