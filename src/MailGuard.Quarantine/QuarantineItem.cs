using MailGuard.Core;

namespace MailGuard.Quarantine;

/// <summary>A finding as the store keeps it: redacted only, the raw text never reaches the database.</summary>
public sealed record StoredFinding(string Kind, string Excerpt, string Location, bool ThirdParty, string? Owner)
{
    /// <summary>Keeps the kind, location and redacted excerpt; redacts the owner too.</summary>
    public static StoredFinding From(Finding finding) =>
        new(finding.Kind, finding.Excerpt, finding.Location, finding.ThirdParty, finding.Owner is null ? null : RedactOwner(finding.Owner));

    /// <summary><c>Marcus Bell &lt;marcus@example.org&gt;</c> becomes <c>Marcus ** &lt;m***@example.org&gt;</c>.</summary>
    public static string RedactOwner(string owner)
    {
        var lt = owner.IndexOf('<', StringComparison.Ordinal);
        if (lt >= 0 && owner.IndexOf('>', lt) is var gt and > 0)
        {
            var name = owner[..lt].Trim().Trim('"');
            var address = Redactor.RedactEmail(owner[(lt + 1)..gt].Trim());
            return name.Length == 0 ? address : $"{Redactor.RedactName(name)} <{address}>";
        }
        return owner.Contains('@') ? Redactor.RedactEmail(owner.Trim()) : Redactor.RedactName(owner);
    }
}

/// <summary>One quarantined message: what it is, why it is here, and where it is in its life.</summary>
/// <param name="Id">The reference id (the queue id of the message).</param>
/// <param name="Envelope">The original envelope, used again on release.</param>
/// <param name="Subject">The decoded subject.</param>
/// <param name="Size">The message size in bytes.</param>
/// <param name="Rule">The rule that held it, or <c>scan-failed</c>.</param>
/// <param name="Reason">Why, in plain words by language (<c>en</c>, <c>ja</c>).</param>
/// <param name="Findings">The redacted findings.</param>
/// <param name="State">Where it is now.</param>
/// <param name="CreatedAt">When it entered the store.</param>
/// <param name="UpdatedAt">When its state last changed.</param>
public sealed record QuarantineItem(
    string Id,
    Envelope Envelope,
    string Subject,
    long Size,
    string Rule,
    IReadOnlyDictionary<string, string> Reason,
    IReadOnlyList<StoredFinding> Findings,
    QuarantineState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// How many findings of each kind were not kept (<see cref="QuarantineOptions.MaxStoredFindings"/>): the verdict saw
    /// them all, the store keeps the first ones and the exact count of the rest. Empty when all are in <see cref="Findings"/>.
    /// </summary>
    public IReadOnlyDictionary<string, int> OmittedFindings { get; init; } = new Dictionary<string, int>();

    /// <summary>All findings of the message: those kept and those only counted.</summary>
    public int TotalFindings => Findings.Count + OmittedFindings.Values.Sum();
}

/// <summary>Who did something, why, and from where (host, address or "cli"), for the audit log.</summary>
public sealed record Actor(string Name, string Reason, string Origin)
{
    /// <summary>MailGuard itself, acting by policy or by the clock.</summary>
    public static Actor System(string reason) => new("mailguard", reason, Environment.MachineName);
}

/// <summary>One row of the append-only audit log.</summary>
public sealed record AuditEntry(long Sequence, string ItemId, string Action, QuarantineState? From, QuarantineState To, string Actor, string Reason, string Origin, DateTimeOffset At);

/// <summary>One piece of work left by a transition, claimed by one worker at a time.</summary>
public sealed record OutboxEntry(long Id, string ItemId, OutboxKind Kind, DateTimeOffset CreatedAt);

/// <summary>What a transition did.</summary>
public enum TransitionOutcome
{
    /// <summary>The state changed; the audit and outbox rows were written.</summary>
    Applied,

    /// <summary>It was already in the target state: nothing changed (a double click).</summary>
    AlreadyDone,

    /// <summary>The table does not allow the move from the current state.</summary>
    NotAllowed,

    /// <summary>No such item.</summary>
    NotFound,
}

/// <summary>Filters for listing.</summary>
public sealed record QuarantineQuery(QuarantineState? State = null, string? Sender = null, string? Rule = null, DateTimeOffset? Since = null, int Limit = 100);
