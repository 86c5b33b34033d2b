using MailGuard.Core;
using MailGuard.Quarantine;

namespace MailGuard.Tests.Quarantine;

/// <summary>The audit page's filters and paging, and text filters beyond ASCII, run by every store in SQL alike.</summary>
public abstract partial class QuarantineStoreContract
{
    private async Task SeedAuditAsync()
    {
        await HoldAsync("0000000301BBBBBBBB");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Store.TransitionAsync("0000000301BBBBBBBB", QuarantineState.Released, new Actor("reviewer.kato", "agreed", "cli@host1"), CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await HoldAsync("0000000302BBBBBBBB");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Store.RecordAsync("0000000302BBBBBBBB", "reveal finding 0", new Actor("Reviewer.Kato", "owner?", "192.0.2.7"), CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Store.RecordAsync("0000000302BBBBBBBB", "Reveal finding 1", new Actor("reviewer.kato", "owner?", "192.0.2.7"), CancellationToken.None);
    }

    private async Task<(string[] Rows, int Total)> AuditRowsAsync(AuditFilter filter)
    {
        var slice = await Store.QueryAuditAsync(filter, CancellationToken.None);
        return ([.. slice.Entries.Select(e => $"{e.ItemId[8..10]} {e.Action}")], slice.Total);
    }

    [Test]
    public async Task The_audit_log_is_filtered_counted_and_paged_in_the_store()
    {
        var start = Clock.GetUtcNow();
        await SeedAuditAsync();
        string[] all = ["02 Reveal finding 1", "02 reveal finding 0", "02 hold", "01 release", "01 hold"];

        Assert.Multiple(async () =>
        {
            Assert.That(await AuditRowsAsync(new AuditFilter()), Is.EqualTo((all, 5)), "newest first");
            Assert.That(await AuditRowsAsync(new AuditFilter { Limit = 2 }), Is.EqualTo((all[..2], 5)), "a page, with the total");
            Assert.That(await AuditRowsAsync(new AuditFilter { Limit = 2, Offset = 4 }), Is.EqualTo((all[4..], 5)));
            Assert.That(await AuditRowsAsync(new AuditFilter { ActionPrefix = "REVEAL" }), Is.EqualTo((all[..2], 2)), "a prefix, any case");
            Assert.That(await AuditRowsAsync(new AuditFilter { ActionPrefix = "%" }), Is.EqualTo((Array.Empty<string>(), 0)), "text, not a pattern");
            Assert.That(await AuditRowsAsync(new AuditFilter { Actor = "reviewer.kato" }), Is.EqualTo((new[] { all[0], all[3] }, 2)), "the actor, exactly");
            Assert.That(await AuditRowsAsync(new AuditFilter { ItemId = "0000000301BBBBBBBB" }), Is.EqualTo((all[3..], 2)));
            Assert.That(await AuditRowsAsync(new AuditFilter { Since = start + TimeSpan.FromMinutes(1), Before = start + TimeSpan.FromMinutes(3) }),
                Is.EqualTo((new[] { all[2], all[3] }, 2)), "from inclusive, to exclusive");
        });
    }

    [Test]
    public async Task Text_filters_ignore_case_and_width_beyond_ascii()
    {
        await HoldAtAsync("0000000401BBBBBBBB", "zoe@example.com", ["Élodie.Martin@Partner.example"], "ÉCOLE visit", "r", FindingKind.Phone);
        await HoldAtAsync("0000000402BBBBBBBB", "kenji@example.com", ["buyer@partner.example"], "ＳＡＴＯ様 見積", "r", FindingKind.Phone);
        await HoldAtAsync("0000000403BBBBBBBB", "Ｋｅｎｊｉ@example.com", ["buyer@partner.example"], "ｻﾄｳ 見積", "r", FindingKind.Phone);

        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(new QuarantineQuery { Search = "école" }), Is.EqualTo(new[] { "01" }), "an accented capital");
            Assert.That(await IdsAsync(new QuarantineQuery { Search = "élodie" }), Is.EqualTo(new[] { "01" }), "a recipient's accented name");
            Assert.That(await IdsAsync(new QuarantineQuery { Search = "sato" }), Is.EqualTo(new[] { "02" }), "full-width capitals");
            Assert.That(await IdsAsync(new QuarantineQuery { Search = "ｓａｔｏ" }), Is.EqualTo(new[] { "02" }), "searched full-width");
            Assert.That(await IdsAsync(new QuarantineQuery { Search = "サトウ" }), Is.EqualTo(new[] { "03" }), "half-width kana");
            Assert.That(await IdsAsync(new QuarantineQuery { SenderContains = "KENJI" }), Is.EqualTo(new[] { "03", "02" }), "a full-width sender");
            Assert.That(await IdsAsync(new QuarantineQuery { RecipientDomain = "PARTNER.example" }), Is.EqualTo(new[] { "03", "02", "01" }));
        });
    }
}
