namespace MailGuard.Core;

/// <summary>What happens to a message.</summary>
public enum VerdictAction
{
    Pass,
    Tag,
    Quarantine,
    Reject,
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
}
