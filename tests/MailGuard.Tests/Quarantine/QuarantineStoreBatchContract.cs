using MailGuard.Core;
using MailGuard.Quarantine;

namespace MailGuard.Tests.Quarantine;

/// <summary>Adds at the same moment (the SQLite store writes them in one transaction) and the bounded findings.</summary>
public abstract partial class QuarantineStoreContract
{
    [Test]
    public async Task Adds_at_the_same_time_are_all_durable_and_one_failing_add_loses_none_of_the_others()
    {
        // The first add waits inside its transaction until the others are queued behind it, so they share the next one.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ids = Enumerable.Range(0, 12).Select(i => $"00000001{i:00}BBBBBBBB").ToList();
        var first = Store.AddAsync(Item("0000000199BBBBBBBB"), new GatedStream(Message, gate.Task), [OutboxKind.SenderHeld], Actor.System("policy"), CancellationToken.None);
        var adds = ids.Select(id => Store.AddAsync(Item(id), new MemoryStream(Message, writable: false), [OutboxKind.SenderHeld, OutboxKind.ReviewersHeld],
            Actor.System("policy"), CancellationToken.None)).ToList();
        var failing = Store.AddAsync(Item("0000000198BBBBBBBB"), new FailingStream(Message), [OutboxKind.SenderHeld], Actor.System("policy"), CancellationToken.None);
        var twice = Store.AddAsync(Item(ids[3]), new MemoryStream(Message, writable: false), [OutboxKind.SenderHeld, OutboxKind.ReviewersHeld],
            Actor.System("policy"), CancellationToken.None);
        gate.SetResult();

        Assert.That(await first, Is.True);
        Assert.That(() => failing, Throws.InstanceOf<IOException>());
        var results = await Task.WhenAll(adds.Append(twice));
        Assert.That(results.Count(r => r), Is.EqualTo(ids.Count), "the same id twice in one batch is stored once");
        foreach (var id in ids)
        {
            Assert.That(await Store.GetMessageAsync(id, CancellationToken.None), Is.EqualTo(Message), id);
            Assert.That(await Store.AuditAsync(id, CancellationToken.None), Has.Count.EqualTo(1), id);
        }
        Assert.That(await Store.GetAsync("0000000198BBBBBBBB", CancellationToken.None), Is.Null, "the failed add left nothing behind");
        Assert.That(await Store.AuditAsync("0000000198BBBBBBBB", CancellationToken.None), Is.Empty);
        var outbox = await DrainOutboxAsync();
        Assert.That(outbox.Select(e => e.ItemId), Is.EquivalentTo(ids.SelectMany(id => new[] { id, id }).Append("0000000199BBBBBBBB")));
    }

    [Test]
    public async Task An_item_keeps_the_first_findings_and_the_exact_count_of_the_rest_by_kind()
    {
        var envelope = new Envelope(new SpoolId("0000000200BBBBBBBB"), "alice@example.com", ["bob@example.org"], "127.0.0.1", null, DateTimeOffset.UnixEpoch);
        var findings = Enumerable.Range(0, 60)
            .Select(i => i < 5 || i % 2 == 0
                ? new Finding(FindingKind.Phone, $"03-0000-{i:0000}", "attachment:list.csv", true, null, "03-****-****")
                : new Finding(FindingKind.Email, $"c{i}@customer.example", "attachment:list.csv", true, null, "c***@customer.example"))
            .ToList();
        var verdict = new Verdict(VerdictAction.Quarantine, "third-party-to-external", findings);
        var item = QuarantineNames.NewItem(envelope, "list", Message.Length, verdict, QuarantineState.Held, DateTimeOffset.UnixEpoch, maxStoredFindings: 5);

        await Store.AddAsync(item, Message, [], Actor.System("policy"), CancellationToken.None);
        var stored = await Store.GetAsync("0000000200BBBBBBBB", CancellationToken.None);
        var unbounded = await Store.GetAsync((await AddUnboundedAsync()).Id, CancellationToken.None);

        Assert.That(stored!.Findings, Has.Count.EqualTo(5));
        Assert.That(stored.Findings.Select(f => f.Kind), Is.All.EqualTo(FindingKind.Phone));
        Assert.That(stored.OmittedFindings, Is.EquivalentTo(new Dictionary<string, int> { [FindingKind.Phone] = 27, [FindingKind.Email] = 28 }));
        Assert.That(stored.TotalFindings, Is.EqualTo(60));
        Assert.That(unbounded!.OmittedFindings, Is.Empty);
        Assert.That(unbounded.TotalFindings, Is.EqualTo(1));
    }

    [Test]
    public async Task Outbox_rows_completed_together_are_never_claimed_again_and_the_others_are()
    {
        await HoldAsync("0000000202BBBBBBBB");
        await HoldAsync("0000000203BBBBBBBB");
        var claimed = await Store.ClaimOutboxAsync("instance-a", TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        Assume.That(claimed, Has.Count.EqualTo(4));

        await Store.CompleteOutboxAsync([claimed[0].Id, claimed[1].Id, claimed[3].Id], CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(2));

        var again = await Store.ClaimOutboxAsync("instance-b", TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        Assert.That(again.Select(e => e.Id), Is.EqualTo(new[] { claimed[2].Id }), "only the row not completed comes back after its lease");
    }

    private async Task<QuarantineItem> AddUnboundedAsync()
    {
        var item = Item("0000000201BBBBBBBB");
        await Store.AddAsync(item, Message, [], Actor.System("policy"), CancellationToken.None);
        return item;
    }

    /// <summary>Gives its bytes only once the gate opens.</summary>
    private sealed class GatedStream(byte[] bytes, Task gate) : MemoryStream(bytes, writable: false)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await gate.WaitAsync(cancellationToken);
            return await base.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>A disk error halfway through the spool file.</summary>
    private sealed class FailingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position == 0 ? ValueTask.FromResult(Read(buffer.Span[..Math.Min(buffer.Length, 10)])) : ValueTask.FromException<int>(new IOException("read error"));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
