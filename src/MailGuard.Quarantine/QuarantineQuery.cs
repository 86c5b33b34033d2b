namespace MailGuard.Quarantine;

/// <summary>
/// Filters for listing and counting, applied by the store in SQL so that a page is right however many items are held
/// and however many instances share the store. Null means "any"; text filters ignore case and width (<see cref="TextFold"/>).
/// </summary>
/// <param name="State">Only this state.</param>
/// <param name="Sender">Only this envelope sender, exactly.</param>
/// <param name="Rule">Only mail held by this rule.</param>
/// <param name="Since">Only mail stored at or after this instant.</param>
/// <param name="Limit">At most this many rows, newest first.</param>
public sealed record QuarantineQuery(QuarantineState? State = null, string? Sender = null, string? Rule = null, DateTimeOffset? Since = null, int Limit = 100)
{
    /// <summary>Only senders containing this text.</summary>
    public string? SenderContains { get; init; }

    /// <summary>Only mail with a recipient in this domain (<c>partner.example</c> or <c>@partner.example</c>).</summary>
    public string? RecipientDomain { get; init; }

    /// <summary>Only mail with a finding of this kind.</summary>
    public string? FindingKind { get; init; }

    /// <summary>Only mail stored before this instant.</summary>
    public DateTimeOffset? Before { get; init; }

    /// <summary>Free text: the id, or a part of the subject, the sender or a recipient.</summary>
    public string? Search { get; init; }

    /// <summary>Rows to skip before the first one returned (paging).</summary>
    public int Offset { get; init; }

    /// <summary>The text filters as the stores' SQL compares them: folded (<see cref="TextFold"/>), the domain with its <c>@</c>.</summary>
    internal (string? Sender, string? SenderPart, string? Domain, string? Search) Normalized() => (
        TextFold.Fold(Sender),
        TextFold.Fold(SenderContains),
        RecipientDomain is null ? null : "@" + TextFold.Fold(RecipientDomain.TrimStart('@')),
        TextFold.Fold(Search));
}

/// <summary>
/// Figures over the items stored since an instant: counts per quarter hour (every time zone's day is a whole number of
/// them), and the rules, senders and recipient domains seen most, each with how many items.
/// </summary>
public sealed record QuarantineStats(
    IReadOnlyList<(DateTimeOffset Start, int Count)> PerQuarterHour,
    IReadOnlyList<(string Name, int Count)> TopRules,
    IReadOnlyList<(string Name, int Count)> TopSenders,
    IReadOnlyList<(string Name, int Count)> TopRecipientDomains)
{
    /// <summary>The width of a <see cref="PerQuarterHour"/> bucket.</summary>
    public static readonly TimeSpan Bucket = TimeSpan.FromMinutes(15);
}
