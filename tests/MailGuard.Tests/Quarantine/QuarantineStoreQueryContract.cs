using MailGuard.Core;
using MailGuard.Quarantine;

namespace MailGuard.Tests.Quarantine;

/// <summary>The list, count and dashboard queries every store runs in SQL: filters, paging and figures.</summary>
public abstract partial class QuarantineStoreContract
{
    /// <summary>Holds one message now, then moves the clock on a minute so that the next one is newer.</summary>
    private async Task HoldAtAsync(string id, string from, string[] to, string subject, string rule, string kind, QuarantineState state = QuarantineState.Held)
    {
        var envelope = new Envelope(new SpoolId(id), from, to, "127.0.0.1", null, DateTimeOffset.UnixEpoch);
        var verdict = new Verdict(VerdictAction.Quarantine, rule, [new Finding(kind, "x", "body", true, null, "*")]);
        var item = QuarantineNames.NewItem(envelope, subject, Message.Length, verdict, state, Clock.GetUtcNow());
        await Store.AddAsync(item, Message, [], Actor.System("policy"), CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(1));
    }

    private async Task SeedForQueriesAsync()
    {
        await HoldAtAsync("0000000201BBBBBBBB", "Ichiro.Sato@example.com", ["buyer@Partner.example"], "Quote for March", "third-party", FindingKind.Phone);
        await HoldAtAsync("0000000202BBBBBBBB", "hanako@example.com", ["ops@venue.example", "x@partner.example.org"], "Venue list", "bulk-list", FindingKind.Email);
        await HoldAtAsync("0000000203BBBBBBBB", "ichiro.sato@example.com", ["a@venue.example"], "見積書", "third-party", FindingKind.Email, QuarantineState.Rejected);
        await HoldAtAsync("0000000204BBBBBBBB", "kenji@example.com", ["buyer@partner.example"], "Re: quote", "third-party", FindingKind.Signature);
    }

    private async Task<string[]> IdsAsync(QuarantineQuery query) =>
        [.. (await Store.ListAsync(query, CancellationToken.None)).Select(i => i.Id[8..10])];

    [Test]
    public async Task Each_list_filter_runs_in_the_store()
    {
        await SeedForQueriesAsync();
        var start = Clock.GetUtcNow() - TimeSpan.FromMinutes(4);

        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(new QuarantineQuery()), Is.EqualTo(new[] { "04", "03", "02", "01" }), "newest first");
            Assert.That(await IdsAsync(new QuarantineQuery(State: QuarantineState.Held)), Is.EqualTo(new[] { "04", "02", "01" }));
            Assert.That(await IdsAsync(new QuarantineQuery(Sender: "ICHIRO.SATO@example.com")), Is.EqualTo(new[] { "03", "01" }));
            Assert.That(await IdsAsync(new QuarantineQuery { SenderContains = "SATO" }), Is.EqualTo(new[] { "03", "01" }));
            Assert.That(await IdsAsync(new QuarantineQuery { RecipientDomain = "partner.example" }), Is.EqualTo(new[] { "04", "01" }), "the domain, not a suffix of another");
            Assert.That(await IdsAsync(new QuarantineQuery { RecipientDomain = "@VENUE.example" }), Is.EqualTo(new[] { "03", "02" }));
            Assert.That(await IdsAsync(new QuarantineQuery { FindingKind = FindingKind.Email }), Is.EqualTo(new[] { "03", "02" }));
            Assert.That(await IdsAsync(new QuarantineQuery(Rule: "third-party")), Is.EqualTo(new[] { "04", "03", "01" }));
            Assert.That(await IdsAsync(new QuarantineQuery(Since: start + TimeSpan.FromMinutes(1)) { Before = start + TimeSpan.FromMinutes(3) }), Is.EqualTo(new[] { "03", "02" }));
            Assert.That(await IdsAsync(new QuarantineQuery { Search = "QUOTE" }), Is.EqualTo(new[] { "04", "01" }), "subject, any case");
            Assert.That(await IdsAsync(new QuarantineQuery { Search = "見積" }), Is.EqualTo(new[] { "03" }));
            Assert.That(await IdsAsync(new QuarantineQuery { Search = "ops@venue" }), Is.EqualTo(new[] { "02" }), "a recipient");
            Assert.That(await IdsAsync(new QuarantineQuery { Search = "kenji" }), Is.EqualTo(new[] { "04" }), "the sender");
            Assert.That(await IdsAsync(new QuarantineQuery { Search = "0000000202bbbbbbbb" }), Is.EqualTo(new[] { "02" }), "the id");
            Assert.That(await IdsAsync(new QuarantineQuery { Search = "%" }), Is.Empty, "text, not a pattern");
            Assert.That(await IdsAsync(new QuarantineQuery(Rule: "third-party", State: QuarantineState.Held) { RecipientDomain = "partner.example", SenderContains = "kenji" }),
                Is.EqualTo(new[] { "04" }));
        });
    }

    [Test]
    public async Task The_kind_filter_finds_a_kind_that_was_only_counted()
    {
        var envelope = new Envelope(new SpoolId("0000000505BBBBBBBB"), "a@example.com", ["b@partner.example"], "127.0.0.1", null, DateTimeOffset.UnixEpoch);
        var verdict = new Verdict(VerdictAction.Quarantine, "bulk-list",
            [new Finding(FindingKind.Email, "x", "body", true, null, "*"), new Finding(FindingKind.Phone, "y", "body", true, null, "*")]);
        var item = QuarantineNames.NewItem(envelope, "list", Message.Length, verdict, QuarantineState.Held, Clock.GetUtcNow(), maxStoredFindings: 1);
        await Store.AddAsync(item, Message, [], Actor.System("policy"), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(new QuarantineQuery { FindingKind = FindingKind.Phone }), Is.EqualTo(new[] { "05" }), "counted, not kept");
            Assert.That(await IdsAsync(new QuarantineQuery { FindingKind = FindingKind.Email }), Is.EqualTo(new[] { "05" }), "kept");
            Assert.That(await IdsAsync(new QuarantineQuery { FindingKind = FindingKind.Signature }), Is.Empty);
        });
    }

    [Test]
    public async Task Pages_cover_every_match_once_in_order()
    {
        for (var i = 0; i < 23; i++)
        {
            await HoldAtAsync($"00000003{i:00}BBBBBBBB", $"user{i % 3}@example.com", ["a@partner.example"], $"Message {i}", "rule", FindingKind.Email);
        }
        var query = new QuarantineQuery { SenderContains = "user1@", Limit = 3 };

        var pages = new List<string[]>();
        for (var offset = 0; offset < 12; offset += 3)
        {
            pages.Add(await IdsAsync(query with { Offset = offset }));
        }

        var expected = Enumerable.Range(0, 23).Where(i => i % 3 == 1).Reverse().Select(i => i.ToString("00")).ToArray();
        Assert.That(pages.SelectMany(p => p), Is.EqualTo(expected));
        Assert.That(pages.Select(p => p.Length), Is.EqualTo(new[] { 3, 3, 2, 0 }));
    }

    [Test]
    public async Task Counts_per_state_use_every_filter_but_the_state_and_the_page()
    {
        await SeedForQueriesAsync();

        var all = await Store.CountByStateAsync(new QuarantineQuery(State: QuarantineState.Released, Limit: 1) { Offset = 5 }, CancellationToken.None);
        var sato = await Store.CountByStateAsync(new QuarantineQuery { SenderContains = "sato" }, CancellationToken.None);

        Assert.That(all, Is.EquivalentTo(new Dictionary<QuarantineState, int> { [QuarantineState.Held] = 3, [QuarantineState.Rejected] = 1 }));
        Assert.That(sato, Is.EquivalentTo(new Dictionary<QuarantineState, int> { [QuarantineState.Held] = 1, [QuarantineState.Rejected] = 1 }));
    }

    [Test]
    public async Task Stats_count_per_quarter_hour_and_the_top_names_since_an_instant()
    {
        await HoldAtAsync("0000000401BBBBBBBB", "old@example.com", ["a@old.example"], "old", "old-rule", FindingKind.Email);
        Clock.Advance(TimeSpan.FromMinutes(29));
        var since = Clock.GetUtcNow();
        await SeedForQueriesAsync();
        Clock.Advance(TimeSpan.FromMinutes(11));
        await HoldAtAsync("0000000402BBBBBBBB", "Kenji@example.com", ["b@Venue.example"], "late", "bulk-list", FindingKind.Email);

        var stats = await Store.StatsAsync(since, 2, CancellationToken.None);

        // 09:30 is the first bucket after the clock's 09:00 start plus 30 minutes; four items in it, one at 09:45.
        Assert.That(stats.PerQuarterHour, Is.EqualTo(new[] { (since, 4), (since + QuarantineStats.Bucket, 1) }));
        Assert.That(stats.TopRules, Is.EqualTo(new[] { ("third-party", 3), ("bulk-list", 2) }));
        Assert.That(stats.TopSenders, Is.EqualTo(new[] { ("ichiro.sato@example.com", 2), ("kenji@example.com", 2) }));
        Assert.That(stats.TopRecipientDomains, Is.EqualTo(new[] { ("venue.example", 3), ("partner.example", 2) }));
    }
}
