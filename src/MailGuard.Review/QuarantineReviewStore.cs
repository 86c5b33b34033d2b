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
    private const int TopNames = 10;

    /// <summary>
    /// The store filters, counts and pages in SQL: the page, the total and the counts per state are right however many
    /// messages are held and however many relays share the store.
    /// </summary>
    public async Task<HeldPage> ListAsync(HeldQuery query, CancellationToken cancellationToken)
    {
        var filters = new QuarantineQuery(Rule: query.Rule, Since: query.From)
        {
            SenderContains = query.Sender,
            RecipientDomain = query.RecipientDomain,
            FindingKind = query.FindingKind,
            Before = query.To,
            Search = query.Search,
        };
        var counts = await store.CountByStateAsync(filters, cancellationToken);
        var pageSize = Math.Max(1, query.PageSize);
        var rows = await store.ListAsync(
            filters with { State = query.State, Limit = pageSize, Offset = (Math.Max(1, query.Page) - 1) * pageSize }, cancellationToken);
        var total = query.State is { } state ? counts.GetValueOrDefault(state) : counts.Values.Sum();
        return new HeldPage([.. rows.Select(Summary)], total, counts);
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
        if (item is null || findingIndex < 0 || findingIndex >= item.Findings.Count)
        {
            return null;
        }
        // Streamed and parsed in place, as the relay scanned it: a 50 MB message is not 50 MB in memory per click.
        await using var message = await SeekableMessage.OpenAsync(store.OpenMessageAsync, id, cancellationToken);
        if (message is null)
        {
            return null;
        }
        await store.RecordAsync(id, $"reveal finding {findingIndex}", Actor(actor, reason), cancellationToken);
        var wanted = item.Findings[findingIndex];
        var twin = item.Findings.Take(findingIndex).Count(f => Same(f, wanted));
        var extraction = new MessageExtractor(extract?.Value).Extract(message, cancellationToken);
        var parties = new MessageParties(item.Envelope.MailFrom, item.Envelope.Recipients, [.. extraction.Headers.All]);
        var detector = new PersonalDataDetector(detect ?? Options.Create(new DetectOptions()), organization);
        var found = detector.Detect(extraction, parties, cancellationToken)
            .Where(f => f.Kind == wanted.Kind && f.Location == wanted.Location && f.Excerpt == wanted.Excerpt)
            .Skip(twin).FirstOrDefault();
        return found?.Text;
    }

    /// <summary>Filtered, counted and paged by the store in SQL, as the list is: a page of a long log costs one page.</summary>
    public async Task<AuditPage> AuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var pageSize = Math.Max(1, query.PageSize);
        var slice = await store.QueryAuditAsync(new AuditFilter
        {
            ItemId = query.MessageId,
            Actor = query.Actor,
            ActionPrefix = query.Action,
            Since = query.From,
            Before = query.To,
            Offset = (Math.Max(1, query.Page) - 1) * pageSize,
            Limit = pageSize,
        }, cancellationToken);
        return new AuditPage([.. slice.Entries.Select(Line)], slice.Total);
    }

    public async Task<DashboardFigures> DashboardAsync(DateTimeOffset since, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var stats = await store.StatsAsync(since, TopNames, cancellationToken);
        var counts = await store.CountByStateAsync(new QuarantineQuery(), cancellationToken);
        static List<NamedCount> Named(IEnumerable<(string Name, int Count)> top) => [.. top.Select(t => new NamedCount(t.Name, t.Count))];
        // Quarter hours add up to days in any zone, offsets being whole quarter hours.
        var perDay = stats.PerQuarterHour
            .GroupBy(b => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(b.Start, zone).DateTime))
            .Select(g => (g.Key, g.Sum(b => b.Count)))
            .ToList();
        return new DashboardFigures(perDay, Named(stats.TopRules), Named(stats.TopSenders), Named(stats.TopRecipientDomains), counts);
    }

    private static bool Same(StoredFinding a, StoredFinding b) => a.Kind == b.Kind && a.Location == b.Location && a.Excerpt == b.Excerpt;

    private static Actor Actor(ReviewActor actor, string reason) => new(actor.Name, reason, actor.Address ?? "review");

    private static HeldSummary Summary(QuarantineItem i) =>
        new(i.Id, i.State, i.Envelope.MailFrom, i.Envelope.Recipients, i.Subject, i.Size, i.Rule, i.CreatedAt, [.. i.Findings.Select(f => f.Kind)]);

    private static AuditLine Line(AuditEntry a) => new(a.At, a.Actor, a.Action, a.ItemId, a.Reason, a.Origin);
}
