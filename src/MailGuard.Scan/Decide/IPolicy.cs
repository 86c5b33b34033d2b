using MailGuard.Core;

namespace MailGuard.Scan.Decide;

/// <summary>Decide: turns what was found in a message into a verdict.</summary>
public interface IPolicy
{
    /// <summary>Decides on one message; never throws for content reasons.</summary>
    Verdict Decide(ScanContext context);
}

/// <summary>What a policy decides on.</summary>
/// <param name="Sender">The envelope sender (or the From address when there is no envelope).</param>
/// <param name="Recipients">Every recipient.</param>
/// <param name="ExternalRecipients">The recipients outside the organisation's internal domains.</param>
/// <param name="Findings">Everything Detect found, unscannable parts included.</param>
public sealed record ScanContext(
    string Sender,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<string> ExternalRecipients,
    IReadOnlyList<Finding> Findings)
{
    /// <summary>Size and attachment names for rules that look at them; empty when the caller has none.</summary>
    public MessageFacts Facts { get; init; } = MessageFacts.Empty;
}
