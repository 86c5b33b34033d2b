namespace MailGuard.Core;

/// <summary>What happens to a message.</summary>
public enum VerdictAction
{
    Pass,
    Tag,
    Quarantine,
    Reject,
}

/// <summary>Who is told about a verdict, besides the log.</summary>
[Flags]
public enum NotifyTargets
{
    None = 0,
    Sender = 1,
    Reviewers = 2,
}

/// <summary>The decision on one message: the action, the rule that chose it, and the findings behind it.</summary>
/// <param name="Action">What to do with the message.</param>
/// <param name="Rule">The name of the rule that decided.</param>
/// <param name="Findings">The findings the rule matched on (all findings when the rule looked at all).</param>
/// <param name="Monitor">True when the action is only logged and the message passes (monitor mode).</param>
public sealed record Verdict(VerdictAction Action, string Rule, IReadOnlyList<Finding> Findings, bool Monitor = false)
{
    /// <summary>The verdict as the scan contract spells it: <c>pass</c>, <c>tag</c>, <c>quarantine</c>, <c>reject</c>.</summary>
    public string Name => Action.ToString().ToLowerInvariant();

    /// <summary>True when the message would not simply pass.</summary>
    public bool IsFlagged => Action != VerdictAction.Pass;

    /// <summary>The rule's reason in plain words by language (<c>en</c>, <c>ja</c>), for notices; no personal data.</summary>
    public IReadOnlyDictionary<string, string> Description { get; init; } = new Dictionary<string, string>();

    /// <summary>Header fields (name, value) to add when the message is delivered; names start with <c>X-MailGuard-</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Text put before the subject when the message is delivered (a tag action), or null.</summary>
    public string? SubjectPrefix { get; init; }

    /// <summary>Compliance mailboxes that get a copy of the message when it is delivered.</summary>
    public IReadOnlyList<string> Bcc { get; init; } = [];

    /// <summary>Who is notified about the verdict.</summary>
    public NotifyTargets Notify { get; init; }
}
