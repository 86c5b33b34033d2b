namespace MailGuard.Quarantine;

/// <summary>Where a quarantined message is in its life.</summary>
public enum QuarantineState
{
    /// <summary>Waiting for a reviewer.</summary>
    Held,

    /// <summary>A reviewer let it go; it is on the delivery queue.</summary>
    Released,

    /// <summary>Not delivered: rejected by the policy or by a reviewer; the sender was told.</summary>
    Rejected,

    /// <summary>Removed by a reviewer; the bytes are gone.</summary>
    Deleted,

    /// <summary>Held past the retention time; the bytes are gone and the sender was told.</summary>
    Expired,
}

/// <summary>Work a transition leaves behind, written in the same transaction: a delivery or a notice to send.</summary>
public enum OutboxKind
{
    /// <summary>Put the original message with its original envelope on the delivery queue.</summary>
    Release,

    /// <summary>Tell the sender the message is held.</summary>
    SenderHeld,

    /// <summary>Tell the sender the message was rejected by the policy.</summary>
    SenderRejected,

    /// <summary>Tell the sender a reviewer released the message.</summary>
    SenderReleased,

    /// <summary>Tell the sender a reviewer rejected the message.</summary>
    SenderReviewerRejected,

    /// <summary>Tell the sender the message expired unreviewed.</summary>
    SenderExpired,

    /// <summary>Tell the reviewers a message is waiting.</summary>
    ReviewersHeld,
}

/// <summary>
/// The lifecycle as one table: each allowed move, and what it leaves in the outbox. Anything not listed is refused.
/// Leaving for Deleted or Expired also drops the message bytes: held personal data is kept no longer than needed.
/// </summary>
public static class QuarantineTransitions
{
    public sealed record Transition(QuarantineState From, QuarantineState To, string Verb, IReadOnlyList<OutboxKind> Outbox, bool DropsMessage);

    public static IReadOnlyList<Transition> Table { get; } =
    [
        new(QuarantineState.Held, QuarantineState.Released, "release", [OutboxKind.Release, OutboxKind.SenderReleased], false),
        new(QuarantineState.Held, QuarantineState.Rejected, "reject", [OutboxKind.SenderReviewerRejected], false),
        new(QuarantineState.Held, QuarantineState.Deleted, "delete", [], true),
        new(QuarantineState.Held, QuarantineState.Expired, "expire", [OutboxKind.SenderExpired], true),
        new(QuarantineState.Released, QuarantineState.Deleted, "delete", [], true),
        new(QuarantineState.Rejected, QuarantineState.Deleted, "delete", [], true),
        new(QuarantineState.Expired, QuarantineState.Deleted, "delete", [], true),
    ];

    /// <summary>The transition from <paramref name="from"/> to <paramref name="to"/>, or null when it is not allowed.</summary>
    public static Transition? Find(QuarantineState from, QuarantineState to) =>
        Table.FirstOrDefault(t => t.From == from && t.To == to);
}
