namespace MailGuard.Quarantine;

/// <summary>
/// Filters and paging over the whole audit log, applied by the store in SQL: a page of a large log costs one page.
/// Null means "any".
/// </summary>
public sealed record AuditFilter
{
    /// <summary>Only rows of this item.</summary>
    public string? ItemId { get; init; }

    /// <summary>Only rows by this actor, exactly.</summary>
    public string? Actor { get; init; }

    /// <summary>Only actions starting with this text, case ignored as <see cref="TextFold"/> does (<c>reveal</c>, <c>rel</c>).</summary>
    public string? ActionPrefix { get; init; }

    /// <summary>Only rows written at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only rows written before this instant.</summary>
    public DateTimeOffset? Before { get; init; }

    /// <summary>Rows to skip, newest first.</summary>
    public int Offset { get; init; }

    /// <summary>At most this many rows.</summary>
    public int Limit { get; init; } = 50;
}

/// <summary>One page of the audit log, newest first, and how many rows match the filters in all.</summary>
public sealed record AuditSlice(IReadOnlyList<AuditEntry> Entries, int Total);
