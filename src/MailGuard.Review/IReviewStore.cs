using MailGuard.Core;
using MailGuard.Quarantine;

namespace MailGuard.Review;

/// <summary>
/// What the console needs from the quarantine store: queries for the pages and the store's own idempotent
/// transitions. The console keeps no quarantine state of its own, so several relays can share one console.
/// </summary>
public interface IReviewStore
{
    /// <summary>One page of messages matching <paramref name="query"/>, newest first, with counts per state.</summary>
    Task<HeldPage> ListAsync(HeldQuery query, CancellationToken cancellationToken);

    /// <summary>One message with its envelope and redacted findings, or null when the id is unknown.</summary>
    Task<HeldMessage?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>The original message bytes, or null when they are gone (deleted, expired).</summary>
    Task<Stream?> OpenMessageAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the message to the decision's state in one transaction with its audit row (and the sender's notice);
    /// deciding twice is a no-op that reports <see cref="DecisionOutcome.AlreadyDone"/>.
    /// </summary>
    Task<DecisionOutcome> DecideAsync(string id, ReviewDecision decision, ReviewActor actor, string reason, CancellationToken cancellationToken);

    /// <summary>The full text of one finding, written to the audit log before it is returned; null when unknown.</summary>
    Task<string?> RevealAsync(string id, int findingIndex, ReviewActor actor, string reason, CancellationToken cancellationToken);

    /// <summary>One page of the audit log, newest first.</summary>
    Task<AuditPage> AuditAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Figures for the dashboard over messages held since <paramref name="since"/>.</summary>
    Task<DashboardFigures> DashboardAsync(DateTimeOffset since, TimeZoneInfo zone, CancellationToken cancellationToken);
}

/// <summary>What a reviewer can decide.</summary>
public enum ReviewDecision
{
    Release,
    Reject,
    Delete,
}

/// <summary>The result of <see cref="IReviewStore.DecideAsync"/>.</summary>
public enum DecisionOutcome
{
    /// <summary>The transition happened now.</summary>
    Done,

    /// <summary>The message was already in that state (a double click): nothing happened again.</summary>
    AlreadyDone,

    /// <summary>The transition is not allowed from the message's state (a rejected message cannot be released).</summary>
    NotAllowed,

    /// <summary>No message with that id.</summary>
    NotFound,
}

/// <summary>Who acted, and from where (the client's address), for the audit log.</summary>
public sealed record ReviewActor(string Name, string? Address);

/// <summary>List filters; null or empty means "any".</summary>
public sealed record HeldQuery
{
    public QuarantineState? State { get; init; }
    public string? Sender { get; init; }
    public string? RecipientDomain { get; init; }
    public string? Rule { get; init; }
    public string? FindingKind { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }

    /// <summary>Free text matched against subject, sender, recipients and id.</summary>
    public string? Search { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

/// <summary>One row of the list.</summary>
public sealed record HeldSummary(
    string Id,
    QuarantineState State,
    string MailFrom,
    IReadOnlyList<string> Recipients,
    string Subject,
    long Size,
    string Rule,
    DateTimeOffset HeldAt,
    IReadOnlyList<string> FindingKinds);

/// <summary>A page of rows, the total matching the filters, and how many of those are in each state.</summary>
public sealed record HeldPage(IReadOnlyList<HeldSummary> Items, int Total, IReadOnlyDictionary<QuarantineState, int> CountsByState);

/// <summary>One message as the message page shows it. Findings carry their redacted <see cref="Finding.Excerpt"/>.</summary>
public sealed record HeldMessage(HeldSummary Summary, Envelope Envelope, IReadOnlyList<Finding> Findings, IReadOnlyList<AuditLine> History)
{
    /// <summary>How many findings of each kind the quarantine counted without keeping them (Quarantine:MaxStoredFindings).</summary>
    public IReadOnlyDictionary<string, int> OmittedFindings { get; init; } = new Dictionary<string, int>();
}

/// <summary>One audit row: who did what to which message, when, why and from where.</summary>
public sealed record AuditLine(DateTimeOffset At, string Actor, string Action, string? MessageId, string? Reason, string? Address);

/// <summary>Audit filters; null or empty means "any".</summary>
public sealed record AuditQuery
{
    public string? Actor { get; init; }
    public string? Action { get; init; }
    public string? MessageId { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

/// <summary>A page of the audit log.</summary>
public sealed record AuditPage(IReadOnlyList<AuditLine> Items, int Total);

/// <summary>A name and how often it occurred.</summary>
public sealed record NamedCount(string Name, int Count);

/// <summary>The dashboard's figures.</summary>
public sealed record DashboardFigures(
    IReadOnlyList<(DateOnly Day, int Count)> HeldPerDay,
    IReadOnlyList<NamedCount> TopRules,
    IReadOnlyList<NamedCount> TopSenders,
    IReadOnlyList<NamedCount> TopRecipientDomains,
    IReadOnlyDictionary<QuarantineState, int> CountsByState);
