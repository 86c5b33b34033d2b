using MailGuard.Core;
using MailGuard.Quarantine;
using MailGuard.Review;
using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MailGuard.Tests.Review;

/// <summary>The console's view over the real SQLite quarantine store, with findings the real detector made.</summary>
public sealed class QuarantineReviewStoreTests
{
    private static readonly ReviewActor Reviewer = new("sato.reviewer", "127.0.0.1");

    private string folder = null!;
    private SqliteQuarantineStore store = null!;
    private QuarantineReviewStore view = null!;
    private IReadOnlyList<Finding> findings = null!;

    [SetUp]
    public async Task SeedAsync()
    {
        EncodingSupport.EnsureRegistered();
        folder = Directory.CreateTempSubdirectory("mailguard-review-store-").FullName;
        var clock = new FakeTimeProvider(SampleMail.Now);
        store = SqliteQuarantineStore.AtPath(Path.Combine(folder, "quarantine.db"), clock);
        var organization = Options.Create(new OrganizationOptions { InternalDomains = ["example.com"] });
        view = new QuarantineReviewStore(store, organization);

        var message = SampleMail.Text("佐藤 一郎 <ichiro.sato@example.com>", "buyer@partner.example", "Fw: Quote",
            """
            Please see below.

            ---------- Forwarded message ---------
            From: Marcus Bell <marcus.bell@client-b.example>
            Subject: Quote

            Best regards,
            Marcus Bell
            Sales Manager, Example Trading Co.
            Tel: +1 212 555 0153
            marcus.bell@client-b.example
            """);
        using var bytes = new MemoryStream();
        await message.WriteToAsync(bytes);
        var envelope = new Envelope(new SpoolId(SampleMail.JapaneseForward), "ichiro.sato@example.com", ["buyer@partner.example"], "127.0.0.1", null, SampleMail.Now);
        // The findings the relay would store: the real extractor and detector over the same bytes.
        var extraction = new MessageExtractor().Extract(new MemoryStream(bytes.ToArray()), CancellationToken.None);
        findings = new PersonalDataDetector(Options.Create(new DetectOptions()), organization)
            .Detect(extraction, new MessageParties(envelope.MailFrom, envelope.Recipients, [.. extraction.Headers.All]));
        Assume.That(findings.Any(f => f.Kind == FindingKind.Email && f.ThirdParty), "the detector finds the third party's address");
        var item = QuarantineNames.NewItem(envelope, "Fw: Quote", bytes.Length, new Verdict(VerdictAction.Quarantine, "third-party-to-external", findings),
            QuarantineState.Held, SampleMail.Now);
        await store.AddAsync(item, bytes.ToArray(), [], Actor.System("held by policy"), CancellationToken.None);
    }

    [TearDown]
    public void Remove()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public async Task A_message_whose_findings_were_bounded_carries_the_counts_left_out_and_is_found_by_their_kind()
    {
        var envelope = new Envelope(new SpoolId("0000000077BBBBBBBB"), "ichiro.sato@example.com", ["buyer@partner.example"], "127.0.0.1", null, SampleMail.Now);
        var many = Enumerable.Range(0, 30)
            .Select(i => new Finding(i < 3 ? FindingKind.Email : FindingKind.Phone, "x", "attachment:list.csv", true, null, "***"))
            .ToList();
        var item = QuarantineNames.NewItem(envelope, "list", 10, new Verdict(VerdictAction.Quarantine, "third-party-to-external", many),
            QuarantineState.Held, SampleMail.Now, maxStoredFindings: 2);
        await store.AddAsync(item, new byte[10], [], Actor.System("held by policy"), CancellationToken.None);

        var message = await view.FindAsync("0000000077BBBBBBBB", CancellationToken.None);
        var byPhone = await view.ListAsync(new HeldQuery { FindingKind = FindingKind.Phone, RecipientDomain = "partner.example" }, CancellationToken.None);

        Assert.That(message!.Findings, Has.Count.EqualTo(2));
        Assert.That(message.OmittedFindings, Is.EquivalentTo(new Dictionary<string, int> { [FindingKind.Email] = 1, [FindingKind.Phone] = 27 }));
        Assert.That(byPhone.Items.Select(i => i.Id), Does.Contain("0000000077BBBBBBBB"), "its phone numbers were all counted, none kept");
    }

    [Test]
    public async Task Lists_with_the_consoles_filters_and_counts()
    {
        var held = await view.ListAsync(new HeldQuery { State = QuarantineState.Held, RecipientDomain = "partner.example", FindingKind = FindingKind.Email }, CancellationToken.None);
        Assert.That(held.Items.Select(i => i.Id), Is.EqualTo(new[] { SampleMail.JapaneseForward }));
        Assert.That(held.CountsByState[QuarantineState.Held], Is.EqualTo(1));
        var none = await view.ListAsync(new HeldQuery { RecipientDomain = "venue.example" }, CancellationToken.None);
        Assert.That(none.Total, Is.Zero);
    }

    [Test]
    public async Task Shows_only_redacted_findings_and_reveals_the_full_text_after_auditing()
    {
        var message = await view.FindAsync(SampleMail.JapaneseForward, CancellationToken.None);
        Assert.That(message!.Findings.Select(f => f.Text), Is.All.Empty);
        var index = findings.ToList().FindIndex(f => f.Kind == FindingKind.Email && f.ThirdParty);

        var text = await view.RevealAsync(SampleMail.JapaneseForward, index, Reviewer, "checking the owner", CancellationToken.None);

        Assert.That(text, Is.EqualTo(findings[index].Text));
        var audit = await store.AuditAsync(SampleMail.JapaneseForward, CancellationToken.None);
        Assert.That(audit[^1].Action, Does.StartWith("reveal"));
        Assert.That((audit[^1].Actor, audit[^1].Origin, audit[^1].Reason), Is.EqualTo((Reviewer.Name, "127.0.0.1", "checking the owner")));
    }

    [Test]
    public async Task Release_is_the_stores_transition_done_once_with_its_outbox()
    {
        var first = await view.DecideAsync(SampleMail.JapaneseForward, ReviewDecision.Release, Reviewer, "agreed", CancellationToken.None);
        var second = await view.DecideAsync(SampleMail.JapaneseForward, ReviewDecision.Release, Reviewer, "agreed", CancellationToken.None);
        var reject = await view.DecideAsync(SampleMail.JapaneseForward, ReviewDecision.Reject, Reviewer, "late", CancellationToken.None);
        Assert.That((first, second, reject), Is.EqualTo((DecisionOutcome.Done, DecisionOutcome.AlreadyDone, DecisionOutcome.NotAllowed)));
        var outbox = await store.ClaimOutboxAsync("test", TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        Assert.That(outbox.Select(o => o.Kind), Is.EquivalentTo(new[] { OutboxKind.Release, OutboxKind.SenderReleased }));
        var audit = await view.AuditAsync(new AuditQuery { Action = "release" }, CancellationToken.None);
        Assert.That(audit.Items.Single().Reason, Is.EqualTo("agreed"));
    }
}
