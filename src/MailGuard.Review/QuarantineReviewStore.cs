using MailGuard.Core;
using MailGuard.Quarantine;
using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;
using Microsoft.Extensions.Options;

namespace MailGuard.Review;

/// <summary>
/// The console's view of the shared <see cref="IQuarantineStore"/>. Decisions are the store's own transitions
/// (audit row and sender notice in one transaction); the console adds nothing of its own.
/// </summary>
internal sealed class QuarantineReviewStore(
    IQuarantineStore store, IOptions<OrganizationOptions> organization, IOptions<DetectOptions>? detect = null, IOptions<ExtractOptions>? extract = null)
    : IReviewStore
{
    // The store filters by state, rule and date; the rest is filtered here over at most this many of the newest rows.
    private const int ScanLimit = 10_000;

    public async Task<HeldPage> ListAsync(HeldQuery query, CancellationToken cancellationToken)
    {
        var rows = await store.ListAsync(new QuarantineQuery(Rule: query.Rule, Since: query.From, Limit: ScanLimit), cancellationToken);
        var matching = rows.Where(i => Matches(i, query)).ToList();
        var counts = matching.GroupBy(i => i.State).ToDictionary(g => g.Key, g => g.Count());
        var inState = matching.Where(i => query.State is null || i.State == query.State).ToList();
        var page = inState.Skip((Math.Max(1, query.Page) - 1) * query.PageSize).Take(query.PageSize).Select(Summary).ToList();
        return new HeldPage(page, inState.Count, counts);
    }

    public async Task<HeldMessage?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var item = await store.GetAsync(id, cancellationToken);
        if (item is null)
        {
            return null;
        }
        var history = await store.AuditAsync(id, cancellationToken);
        var findings = item.Findings.Select(f => new Finding(f.Kind, "", f.Location, f.ThirdParty, f.Owner, f.Excerpt)).ToList();
        return new HeldMessage(Summary(item), item.Envelope, findings, [.. history.Reverse().Select(Line)]) { OmittedFindings = item.OmittedFindings };
    }

    public Task<Stream?> OpenMessageAsync(string id, CancellationToken cancellationToken) => store.OpenMessageAsync(id, cancellationToken);

    public async Task<DecisionOutcome> DecideAsync(string id, ReviewDecision decision, ReviewActor actor, string reason, CancellationToken cancellationToken)
    {
        var to = decision switch
        {
            ReviewDecision.Release => QuarantineState.Released,
            ReviewDecision.Reject => QuarantineState.Rejected,
            _ => QuarantineState.Deleted,
        };
        var outcome = await store.TransitionAsync(id, to, Actor(actor, reason), cancellationToken);
        if (outcome == TransitionOutcome.Applied && to == QuarantineState.Released)
        {
            RelayMetrics.Released.Inc();
        }
        return outcome switch
        {
            TransitionOutcome.Applied => DecisionOutcome.Done,
            TransitionOutcome.AlreadyDone => DecisionOutcome.AlreadyDone,
            TransitionOutcome.NotAllowed => DecisionOutcome.NotAllowed,
            _ => DecisionOutcome.NotFound,
        };
    }

    /// <summary>
    /// The store keeps findings redacted only, so the full text is found again by scanning the stored message with
    /// the relay's own extractor and detector and matching kind, location and excerpt. The audit row comes first.
    /// </summary>
    public async Task<string?> RevealAsync(string id, int findingIndex, ReviewActor actor, string reason, CancellationToken cancellationToken)
    {
        var item = await store.GetAsync(id, cancellationToken);
        var bytes = await store.GetMessageAsync(id, cancellationToken);
        if (item is null || bytes is null || findingIndex < 0 || findingIndex >= item.Findings.Count)
        {
            return null;
        }
        await store.RecordAsync(id, $"reveal finding {findingIndex}", Actor(actor, reason), cancellationToken);
        var wanted = item.Findings[findingIndex];
        var twin = item.Findings.Take(findingIndex).Count(f => Same(f, wanted));
        var extraction = new MessageExtractor(extract?.Value).Extract(new MemoryStream(bytes, writable: false), cancellationToken);
        var parties = new MessageParties(item.Envelope.MailFrom, item.Envelope.Recipients, [.. extraction.Headers.All]);
        var detector = new PersonalDataDetector(detect ?? Options.Create(new DetectOptions()), organization);
        var found = detector.Detect(extraction, parties, cancellationToken)
            .Where(f => f.Kind == wanted.Kind && f.Location == wanted.Location && f.Excerpt == wanted.Excerpt)
            .Skip(twin).FirstOrDefault();
        return found?.Text;
    }

    public async Task<AuditPage> AuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var rows = (await store.AuditAsync(query.MessageId, cancellationToken))
            .Where(a => (query.Actor is null || a.Actor == query.Actor)
                && (query.Action is null || a.Action.StartsWith(query.Action, StringComparison.OrdinalIgnoreCase))
                && (query.From is null || a.At >= query.From) && (query.To is null || a.At < query.To))
            .Reverse().ToList();
        return new AuditPage([.. rows.Skip((Math.Max(1, query.Page) - 1) * query.PageSize).Take(query.PageSize).Select(Line)], rows.Count);
    }

    public async Task<DashboardFigures> DashboardAsync(DateTimeOffset since, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var recent = await store.ListAsync(new QuarantineQuery(Since: since, Limit: ScanLimit), cancellationToken);
        var all = await ListAsync(new HeldQuery { PageSize = 1 }, cancellationToken);
        static List<NamedCount> Top(IEnumerable<string> names) =>
            [.. names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Select(g => new NamedCount(g.Key, g.Count()))
                .OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).Take(10)];
        return new DashboardFigures(
            [.. recent.GroupBy(i => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(i.CreatedAt, zone).DateTime)).Select(g => (g.Key, g.Count()))],
            Top(recent.Select(i => i.Rule)),
            Top(recent.Select(i => i.Envelope.MailFrom)),
            Top(recent.SelectMany(i => i.Envelope.Recipients.Select(Domain).Distinct(StringComparer.OrdinalIgnoreCase))),
            all.CountsByState);
    }

    private static bool Same(StoredFinding a, StoredFinding b) => a.Kind == b.Kind && a.Location == b.Location && a.Excerpt == b.Excerpt;

    private static Actor Actor(ReviewActor actor, string reason) => new(actor.Name, reason, actor.Address ?? "review");

    private static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..];

    private static HeldSummary Summary(QuarantineItem i) =>
        new(i.Id, i.State, i.Envelope.MailFrom, i.Envelope.Recipients, i.Subject, i.Size, i.Rule, i.CreatedAt, [.. i.Findings.Select(f => f.Kind)]);

    private static AuditLine Line(AuditEntry a) => new(a.At, a.Actor, a.Action, a.ItemId, a.Reason, a.Origin);

    private static bool Matches(QuarantineItem i, HeldQuery q) =>
        (q.Sender is null || i.Envelope.MailFrom.Contains(q.Sender, StringComparison.OrdinalIgnoreCase))
        && (q.RecipientDomain is null || i.Envelope.Recipients.Any(r => Domain(r).Equals(q.RecipientDomain.TrimStart('@'), StringComparison.OrdinalIgnoreCase)))
        && (q.FindingKind is null || i.Findings.Any(f => f.Kind == q.FindingKind) || i.OmittedFindings.ContainsKey(q.FindingKind))
        && (q.To is null || i.CreatedAt < q.To)
        && (q.Search is null || i.Id.Equals(q.Search, StringComparison.OrdinalIgnoreCase)
            || i.Subject.Contains(q.Search, StringComparison.OrdinalIgnoreCase)
            || i.Envelope.MailFrom.Contains(q.Search, StringComparison.OrdinalIgnoreCase)
            || i.Envelope.Recipients.Any(r => r.Contains(q.Search, StringComparison.OrdinalIgnoreCase)));
}
