using MailGuard.Core;

namespace MailGuard.Quarantine;

/// <summary>
/// The hold queue as a database, shared by every instance (SQLite for one, PostgreSQL for several): every state
/// change is one conditional update that writes its audit row and its outbox rows in the same transaction.
/// </summary>
public interface IQuarantineStore
{
    /// <summary>
    /// Stores a message in <paramref name="state"/> (Held, or Rejected by the policy) with its audit row and the
    /// outbox rows given. Returns false, writing nothing, when the id is already stored (the relay inspecting the
    /// same spooled message again after a crash).
    /// </summary>
    Task<bool> AddAsync(QuarantineItem item, ReadOnlyMemory<byte> message, IReadOnlyList<OutboxKind> outbox, Actor actor, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="AddAsync(QuarantineItem, ReadOnlyMemory{byte}, IReadOnlyList{OutboxKind}, Actor, CancellationToken)"/>,
    /// with the bytes copied from a seekable stream (its length is the size) piece by piece: the relay holds a large
    /// message without ever having all of it in memory.
    /// </summary>
    Task<bool> AddAsync(QuarantineItem item, Stream message, IReadOnlyList<OutboxKind> outbox, Actor actor, CancellationToken cancellationToken);

    Task<QuarantineItem?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The message bytes as received, or null when the item is unknown or its bytes were dropped.</summary>
    Task<byte[]?> GetMessageAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// The message bytes as received, read from the store as the caller goes (releasing a large message never holds
    /// all of it in memory), or null as for <see cref="GetMessageAsync"/>. The caller disposes the stream.
    /// </summary>
    Task<Stream?> OpenMessageAsync(string id, CancellationToken cancellationToken);

    /// <summary>The items matching <paramref name="query"/>, newest first, <see cref="QuarantineQuery.Offset"/> skipped.</summary>
    Task<IReadOnlyList<QuarantineItem>> ListAsync(QuarantineQuery query, CancellationToken cancellationToken);

    /// <summary>How many items match <paramref name="query"/>'s filters other than its state, per state (paging ignored).</summary>
    Task<IReadOnlyDictionary<QuarantineState, int>> CountByStateAsync(QuarantineQuery query, CancellationToken cancellationToken);

    /// <summary>Connects and makes sure the schema is there (creating it if need be); throws when the store cannot be used.</summary>
    Task CheckAsync(CancellationToken cancellationToken);

    /// <summary>Figures over the items stored since <paramref name="since"/>, the <paramref name="top"/> names of each kind.</summary>
    Task<QuarantineStats> StatsAsync(DateTimeOffset since, int top, CancellationToken cancellationToken);

    /// <summary>Moves an item to <paramref name="to"/> if the transition table allows it from its current state.</summary>
    Task<TransitionOutcome> TransitionAsync(string id, QuarantineState to, Actor actor, CancellationToken cancellationToken);

    /// <summary>Ids of items held since before <paramref name="cutoff"/>.</summary>
    Task<IReadOnlyList<string>> ListHeldBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Appends an audit row that changes no state (a reviewer viewed a message).</summary>
    Task RecordAsync(string id, string action, Actor actor, CancellationToken cancellationToken);

    /// <summary>The audit log of one item, or of all when <paramref name="id"/> is null, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> AuditAsync(string? id, CancellationToken cancellationToken);

    /// <summary>One page of the audit log matching <paramref name="filter"/>, newest first, filtered and counted in SQL.</summary>
    Task<AuditSlice> QueryAuditAsync(AuditFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> pending outbox rows for <paramref name="lease"/>; a row whose claimant
    /// died is claimable again after the lease.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(string owner, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>Marks an outbox row done.</summary>
    Task CompleteOutboxAsync(long outboxId, CancellationToken cancellationToken);

    /// <summary>Marks outbox rows done, all in one transaction (one commit for a whole pass of the dispatcher).</summary>
    Task CompleteOutboxAsync(IReadOnlyList<long> outboxIds, CancellationToken cancellationToken);
}

/// <summary>Names used in logs and audit rows.</summary>
public static class QuarantineNames
{
    /// <summary>The rule name of a message held because it could not be scanned.</summary>
    public const string ScanFailedRule = "scan-failed";

    /// <summary>
    /// Builds a new item for <paramref name="envelope"/> in <paramref name="state"/> that keeps the first
    /// <paramref name="maxStoredFindings"/> findings and the exact count per kind of the rest.
    /// </summary>
    public static QuarantineItem NewItem(
        Envelope envelope, string subject, long size, Verdict verdict, QuarantineState state, DateTimeOffset now, int maxStoredFindings = int.MaxValue)
    {
        var omitted = new Dictionary<string, int>();
        for (var i = maxStoredFindings; i < verdict.Findings.Count; i++)
        {
            var kind = verdict.Findings[i].Kind;
            omitted[kind] = omitted.GetValueOrDefault(kind) + 1;
        }
        return new(envelope.Id.Value, envelope, subject, size, verdict.Rule, verdict.Description,
            [.. verdict.Findings.Take(maxStoredFindings).Select(StoredFinding.From)], state, now, now)
        {
            OmittedFindings = omitted,
        };
    }
}
