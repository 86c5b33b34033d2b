using System.Collections.Concurrent;
using MailGuard.Core;
using MailGuard.Review;

namespace MailGuard.Tests.Review;

/// <summary>
/// A fake quarantine store for the console's tests: the same transition table as the real store
/// (held to released/rejected/deleted/expired; anything but deleted to deleted), idempotent, audited.
/// </summary>
internal sealed class InMemoryReviewStore(TimeProvider clock) : IReviewStore
{
    private readonly ConcurrentDictionary<string, Entry> messages = new();
    private readonly List<AuditEntry> audit = [];
    private readonly Lock gate = new();

    /// <summary>Every transition that happened, in order: what a real store would act on (deliver, notify).</summary>
    public List<(string Id, ReviewDecision Decision)> Transitions { get; } = [];

    public IReadOnlyList<AuditEntry> Audit
    {
        get
        {
            lock (gate)
            {
                return [.. audit];
            }
        }
    }

    public void Add(HeldSummary summary, Envelope envelope, IReadOnlyList<Finding> findings, byte[] message) =>
        messages[summary.Id] = new Entry(summary, envelope, findings, message);

    public QuarantineState StateOf(string id) => messages[id].Summary.State;

    public Task<HeldPage> ListAsync(HeldQuery query, CancellationToken cancellationToken)
    {
        var matching = messages.Values.Select(e => e.Summary).Where(s => Matches(s, query with { State = null })).ToList();
        var counts = matching.GroupBy(s => s.State).ToDictionary(g => g.Key, g => g.Count());
        var inState = matching.Where(s => query.State is null || s.State == query.State).OrderByDescending(s => s.HeldAt).ToList();
        var page = inState.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        return Task.FromResult(new HeldPage(page, inState.Count, counts));
    }

    public Task<HeldMessage?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!messages.TryGetValue(id, out var e))
        {
            return Task.FromResult<HeldMessage?>(null);
        }
        var redacted = e.Findings.Select(f => f with { Text = "" }).ToList();
        return Task.FromResult<HeldMessage?>(new HeldMessage(e.Summary, e.Envelope, redacted, Audit.Where(a => a.MessageId == id).ToList()));
    }

    public Task<Stream?> OpenMessageAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(messages.TryGetValue(id, out var e) && e.Summary.State is not QuarantineState.Deleted ? new MemoryStream(e.Message, writable: false) : null);

    public Task<DecisionOutcome> DecideAsync(string id, ReviewDecision decision, ReviewActor actor, string reason, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!messages.TryGetValue(id, out var e))
            {
                return Task.FromResult(DecisionOutcome.NotFound);
            }
            var target = decision switch
            {
                ReviewDecision.Release => QuarantineState.Released,
                ReviewDecision.Reject => QuarantineState.Rejected,
                _ => QuarantineState.Deleted,
            };
            var from = e.Summary.State;
            if (from == target)
            {
                return Task.FromResult(DecisionOutcome.AlreadyDone);
            }
            if (from != QuarantineState.Held && target != QuarantineState.Deleted)
            {
                return Task.FromResult(DecisionOutcome.NotAllowed);
            }
            messages[id] = e with { Summary = e.Summary with { State = target } };
            Transitions.Add((id, decision));
            audit.Add(new AuditEntry(clock.GetUtcNow(), actor.Name, decision.ToString().ToLowerInvariant(), id, reason, actor.Address));
            return Task.FromResult(DecisionOutcome.Done);
        }
    }

    public Task<string?> RevealAsync(string id, int findingIndex, ReviewActor actor, string reason, CancellationToken cancellationToken)
    {
        if (!messages.TryGetValue(id, out var e) || findingIndex < 0 || findingIndex >= e.Findings.Count)
        {
            return Task.FromResult<string?>(null);
        }
        lock (gate)
        {
            audit.Add(new AuditEntry(clock.GetUtcNow(), actor.Name, "reveal", id, $"finding {findingIndex} {reason}".Trim(), actor.Address));
        }
        return Task.FromResult<string?>(e.Findings[findingIndex].Text);
    }

    public Task<AuditPage> AuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var rows = Audit.Where(a => (query.Actor is null || a.Actor == query.Actor)
                && (query.Action is null || a.Action == query.Action)
                && (query.MessageId is null || a.MessageId == query.MessageId)
                && (query.From is null || a.At >= query.From) && (query.To is null || a.At < query.To))
            .OrderByDescending(a => a.At).ToList();
        return Task.FromResult(new AuditPage([.. rows.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)], rows.Count));
    }

    public Task<DashboardFigures> DashboardAsync(DateTimeOffset since, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var all = messages.Values.Select(e => e.Summary).ToList();
        var recent = all.Where(s => s.HeldAt >= since).ToList();
        static List<NamedCount> Top(IEnumerable<string> names) =>
            [.. names.GroupBy(n => n).Select(g => new NamedCount(g.Key, g.Count())).OrderByDescending(c => c.Count).ThenBy(c => c.Name).Take(10)];
        return Task.FromResult(new DashboardFigures(
            [.. recent.GroupBy(s => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.HeldAt, zone).DateTime)).Select(g => (g.Key, g.Count()))],
            Top(recent.Select(s => s.Rule)),
            Top(recent.Select(s => s.MailFrom)),
            Top(recent.SelectMany(s => s.Recipients.Select(r => r[(r.LastIndexOf('@') + 1)..]).Distinct())),
            all.GroupBy(s => s.State).ToDictionary(g => g.Key, g => g.Count())));
    }

    private static bool Matches(HeldSummary s, HeldQuery q) =>
        (q.State is null || s.State == q.State)
        && (q.Sender is null || s.MailFrom.Contains(q.Sender, StringComparison.OrdinalIgnoreCase))
        && (q.RecipientDomain is null || s.Recipients.Any(r => r.EndsWith("@" + q.RecipientDomain, StringComparison.OrdinalIgnoreCase)))
        && (q.Rule is null || s.Rule == q.Rule)
        && (q.FindingKind is null || s.FindingKinds.Contains(q.FindingKind))
        && (q.From is null || s.HeldAt >= q.From) && (q.To is null || s.HeldAt < q.To)
        && (q.Search is null || s.Subject.Contains(q.Search, StringComparison.OrdinalIgnoreCase)
            || s.MailFrom.Contains(q.Search, StringComparison.OrdinalIgnoreCase) || s.Id == q.Search
            || s.Recipients.Any(r => r.Contains(q.Search, StringComparison.OrdinalIgnoreCase)));

    private sealed record Entry(HeldSummary Summary, Envelope Envelope, IReadOnlyList<Finding> Findings, byte[] Message);
}
