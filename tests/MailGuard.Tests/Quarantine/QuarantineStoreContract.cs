using System.Text;
using MailGuard.Core;
using MailGuard.Quarantine;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MailGuard.Tests.Quarantine;

/// <summary>What every quarantine store must do; a PostgreSQL store reuses it by implementing <see cref="CreateStore"/>.</summary>
public abstract partial class QuarantineStoreContract
{
    protected FakeTimeProvider Clock { get; private set; } = null!;

    protected IQuarantineStore Store { get; private set; } = null!;

    protected abstract IQuarantineStore CreateStore(TimeProvider clock);

    [SetUp]
    public void CreateStoreForTest()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
        Store = CreateStore(Clock);
    }

    internal static readonly byte[] Message = Encoding.UTF8.GetBytes("From: alice@example.com\r\nTo: bob@example.org\r\nSubject: list\r\n\r\n03-0000-1234\r\n");

    internal static QuarantineItem Item(string id, QuarantineState state = QuarantineState.Held, DateTimeOffset? at = null)
    {
        var envelope = new Envelope(new SpoolId(id), "Alice@example.com", ["bob@example.org", "carol@example.com"], "127.0.0.1", null, DateTimeOffset.UnixEpoch);
        var verdict = new Verdict(VerdictAction.Quarantine, "third-party-data-to-external",
            [new Finding(FindingKind.Phone, "03-0000-1234", "body/forwarded[1]", true, "Marcus Bell <marcus@example.net>", "03-****-1234")])
        {
            Description = new Dictionary<string, string> { ["en"] = "third-party data", ["ja"] = "第三者" },
        };
        return QuarantineNames.NewItem(envelope, "list", Message.Length, verdict, state, at ?? DateTimeOffset.UnixEpoch);
    }

    private static readonly Actor Reviewer = new("reviewer1", "checked with the client", "cli@host1");

    private Task<bool> HoldAsync(string id) =>
        Store.AddAsync(Item(id), Message, [OutboxKind.SenderHeld, OutboxKind.ReviewersHeld], Actor.System("policy"), CancellationToken.None);

    private async Task<List<OutboxEntry>> DrainOutboxAsync()
    {
        var entries = await Store.ClaimOutboxAsync("test", TimeSpan.FromMinutes(1), 100, CancellationToken.None);
        foreach (var e in entries)
        {
            await Store.CompleteOutboxAsync(e.Id, CancellationToken.None);
        }
        return [.. entries];
    }

    [Test]
    public async Task A_held_message_keeps_bytes_envelope_and_only_redacted_findings()
    {
        Assert.That(await HoldAsync("0000000001BBBBBBBB"), Is.True);

        var item = await Store.GetAsync("0000000001BBBBBBBB", CancellationToken.None);
        Assert.That(item, Is.Not.Null);
        Assert.That(item!.State, Is.EqualTo(QuarantineState.Held));
        Assert.That(item.Envelope.Recipients, Is.EqualTo(new[] { "bob@example.org", "carol@example.com" }));
        Assert.That(item.Envelope.MailFrom, Is.EqualTo("Alice@example.com"));
        Assert.That(item.Reason["ja"], Is.EqualTo("第三者"));
        Assert.That(item.Findings.Single(), Is.EqualTo(new StoredFinding("phone", "03-****-1234", "body/forwarded[1]", true, "Marcus ** <m***@example.net>")));
        Assert.That(item.CreatedAt, Is.EqualTo(Clock.GetUtcNow()));
        Assert.That(await Store.GetMessageAsync("0000000001BBBBBBBB", CancellationToken.None), Is.EqualTo(Message));
        Assert.That((await DrainOutboxAsync()).Select(e => e.Kind), Is.EqualTo(new[] { OutboxKind.SenderHeld, OutboxKind.ReviewersHeld }));
    }

    [Test]
    public async Task Adding_the_same_message_twice_writes_nothing_the_second_time()
    {
        await HoldAsync("0000000002BBBBBBBB");
        Assert.That(await HoldAsync("0000000002BBBBBBBB"), Is.False);
        Assert.That(await DrainOutboxAsync(), Has.Count.EqualTo(2));
        Assert.That(await Store.AuditAsync("0000000002BBBBBBBB", CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_message_added_from_a_stream_keeps_every_byte_and_a_second_add_writes_nothing()
    {
        var large = Message.Concat(Enumerable.Range(0, 300_000).Select(i => (byte)('a' + (i % 26)))).ToArray();
        using (var stream = new MemoryStream(large, writable: false))
        {
            Assert.That(await Store.AddAsync(Item("0000000009BBBBBBBB"), stream, [OutboxKind.SenderHeld], Actor.System("policy"), CancellationToken.None), Is.True);
        }
        using (var again = new MemoryStream(Message, writable: false))
        {
            Assert.That(await Store.AddAsync(Item("0000000009BBBBBBBB"), again, [OutboxKind.SenderHeld], Actor.System("policy"), CancellationToken.None), Is.False);
        }

        Assert.That(await Store.GetMessageAsync("0000000009BBBBBBBB", CancellationToken.None), Is.EqualTo(large));
        await using (var read = await Store.OpenMessageAsync("0000000009BBBBBBBB", CancellationToken.None))
        {
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            Assert.That(copy.ToArray(), Is.EqualTo(large));
        }
        Assert.That(await DrainOutboxAsync(), Has.Count.EqualTo(1));

        await Store.TransitionAsync("0000000009BBBBBBBB", QuarantineState.Deleted, Reviewer, CancellationToken.None);

        Assert.That(await Store.OpenMessageAsync("0000000009BBBBBBBB", CancellationToken.None), Is.Null);
        Assert.That(await Store.OpenMessageAsync("0000000099BBBBBBBB", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_stream_that_ends_early_stores_nothing()
    {
        using var shorter = new ShortStream(Message);

        Assert.That(() => Store.AddAsync(Item("0000000010BBBBBBBB"), shorter, [OutboxKind.SenderHeld], Actor.System("policy"), CancellationToken.None),
            Throws.InstanceOf<InvalidDataException>());
        Assert.That(await Store.GetAsync("0000000010BBBBBBBB", CancellationToken.None), Is.Null);
        Assert.That(await DrainOutboxAsync(), Is.Empty);
    }

    /// <summary>Claims one byte more than it gives, like a file cut short under its reader.</summary>
    private sealed class ShortStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override long Length => base.Length + 1;
    }

    [Test]
    public async Task Releasing_twice_releases_once()
    {
        await HoldAsync("0000000003BBBBBBBB");
        await DrainOutboxAsync();

        Assert.That(await Store.TransitionAsync("0000000003BBBBBBBB", QuarantineState.Released, Reviewer, CancellationToken.None), Is.EqualTo(TransitionOutcome.Applied));
        Assert.That(await Store.TransitionAsync("0000000003BBBBBBBB", QuarantineState.Released, Reviewer, CancellationToken.None), Is.EqualTo(TransitionOutcome.AlreadyDone));

        Assert.That((await DrainOutboxAsync()).Select(e => e.Kind), Is.EqualTo(new[] { OutboxKind.Release, OutboxKind.SenderReleased }));
        var audit = await Store.AuditAsync("0000000003BBBBBBBB", CancellationToken.None);
        Assert.That(audit.Select(a => (a.Action, a.From, a.To)), Is.EqualTo(new (string, QuarantineState?, QuarantineState)[]
        {
            ("hold", null, QuarantineState.Held),
            ("release", QuarantineState.Held, QuarantineState.Released),
        }));
        Assert.That(audit[1].Actor, Is.EqualTo("reviewer1"));
        Assert.That(audit[1].Reason, Is.EqualTo("checked with the client"));
        Assert.That(audit[1].Origin, Is.EqualTo("cli@host1"));
    }

    [Test]
    public async Task Concurrent_releases_leave_one_release_in_the_outbox()
    {
        await HoldAsync("0000000004BBBBBBBB");
        await DrainOutboxAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            Store.TransitionAsync("0000000004BBBBBBBB", QuarantineState.Released, Reviewer with { Name = $"reviewer{i}" }, CancellationToken.None))));

        Assert.That(outcomes.Count(o => o == TransitionOutcome.Applied), Is.EqualTo(1));
        Assert.That(outcomes.Count(o => o == TransitionOutcome.AlreadyDone), Is.EqualTo(7));
        Assert.That((await DrainOutboxAsync()).Count(e => e.Kind == OutboxKind.Release), Is.EqualTo(1));
    }

    [Test]
    public async Task Moves_outside_the_table_are_refused()
    {
        await HoldAsync("0000000005BBBBBBBB");
        await Store.TransitionAsync("0000000005BBBBBBBB", QuarantineState.Released, Reviewer, CancellationToken.None);

        Assert.That(await Store.TransitionAsync("0000000005BBBBBBBB", QuarantineState.Rejected, Reviewer, CancellationToken.None), Is.EqualTo(TransitionOutcome.NotAllowed));
        Assert.That(await Store.TransitionAsync("0000000005BBBBBBBB", QuarantineState.Held, Reviewer, CancellationToken.None), Is.EqualTo(TransitionOutcome.NotAllowed));
        Assert.That(await Store.TransitionAsync("0000000099BBBBBBBB", QuarantineState.Released, Reviewer, CancellationToken.None), Is.EqualTo(TransitionOutcome.NotFound));
        Assert.That((await Store.GetAsync("0000000005BBBBBBBB", CancellationToken.None))!.State, Is.EqualTo(QuarantineState.Released));
    }

    [Test]
    public async Task Deleting_drops_the_bytes_but_keeps_the_record()
    {
        await HoldAsync("0000000006BBBBBBBB");
        Assert.That(await Store.TransitionAsync("0000000006BBBBBBBB", QuarantineState.Deleted, Reviewer, CancellationToken.None), Is.EqualTo(TransitionOutcome.Applied));

        Assert.That(await Store.GetMessageAsync("0000000006BBBBBBBB", CancellationToken.None), Is.Null);
        Assert.That((await Store.GetAsync("0000000006BBBBBBBB", CancellationToken.None))!.State, Is.EqualTo(QuarantineState.Deleted));
    }

    [Test]
    public async Task A_claimed_outbox_row_is_claimable_again_only_after_its_lease()
    {
        await HoldAsync("0000000007BBBBBBBB");
        var first = await Store.ClaimOutboxAsync("instance-a", TimeSpan.FromMinutes(1), 1, CancellationToken.None);
        Assert.That(first, Has.Count.EqualTo(1));

        var second = await Store.ClaimOutboxAsync("instance-b", TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        Assert.That(second.Select(e => e.Id), Is.Not.Contains(first[0].Id));

        Clock.Advance(TimeSpan.FromMinutes(2));
        var retaken = await Store.ClaimOutboxAsync("instance-b", TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        Assert.That(retaken.Select(e => e.Id), Does.Contain(first[0].Id));

        foreach (var e in retaken)
        {
            await Store.CompleteOutboxAsync(e.Id, CancellationToken.None);
        }
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await Store.ClaimOutboxAsync("instance-c", TimeSpan.FromMinutes(1), 10, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Retention_expires_held_mail_with_a_notice_and_leaves_recent_mail()
    {
        var retention = new QuarantineRetention(Store, Options.Create(new QuarantineOptions()), Clock, NullLogger<QuarantineRetention>.Instance);
        await HoldAsync("0000000008BBBBBBBB");
        Clock.Advance(TimeSpan.FromDays(20));
        await HoldAsync("0000000009BBBBBBBB");
        await DrainOutboxAsync();

        Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));
        Assert.That(await retention.ExpireDueAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await retention.ExpireDueAsync(CancellationToken.None), Is.Zero);

        Assert.That((await Store.GetAsync("0000000008BBBBBBBB", CancellationToken.None))!.State, Is.EqualTo(QuarantineState.Expired));
        Assert.That(await Store.GetMessageAsync("0000000008BBBBBBBB", CancellationToken.None), Is.Null);
        Assert.That((await Store.GetAsync("0000000009BBBBBBBB", CancellationToken.None))!.State, Is.EqualTo(QuarantineState.Held));
        Assert.That((await DrainOutboxAsync()).Select(e => (e.ItemId, e.Kind)), Is.EqualTo(new[] { ("0000000008BBBBBBBB", OutboxKind.SenderExpired) }));
    }

    [Test]
    public async Task Listing_filters_by_state_sender_and_rule()
    {
        await HoldAsync("0000000010BBBBBBBB");
        await HoldAsync("0000000011BBBBBBBB");
        await Store.TransitionAsync("0000000011BBBBBBBB", QuarantineState.Rejected, Reviewer, CancellationToken.None);

        var held = await Store.ListAsync(new QuarantineQuery(State: QuarantineState.Held), CancellationToken.None);
        var bySender = await Store.ListAsync(new QuarantineQuery(Sender: "alice@example.com"), CancellationToken.None);
        var byOtherRule = await Store.ListAsync(new QuarantineQuery(Rule: "other"), CancellationToken.None);

        Assert.That(held.Select(i => i.Id), Is.EqualTo(new[] { "0000000010BBBBBBBB" }));
        Assert.That(bySender, Has.Count.EqualTo(2));
        Assert.That(byOtherRule, Is.Empty);
    }
}
