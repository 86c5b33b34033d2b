using System.Security.Cryptography;
using MailGuard.Quarantine;
using Npgsql;

namespace MailGuard.Tests.Quarantine;

/// <summary>The store contract against a real PostgreSQL, plus what only a database shared by several instances must do.</summary>
public sealed class PostgresQuarantineStoreTests : QuarantineStoreContract
{
    private readonly List<PostgresQuarantineStore> _stores = [];
    private PostgresTestSchema? _schema;

    protected override IQuarantineStore CreateStore(TimeProvider clock)
    {
        _schema = PostgresTestSchema.Create();
        return Instance(clock);
    }

    /// <summary>Another relay instance on the same database.</summary>
    private PostgresQuarantineStore Instance(TimeProvider? clock = null)
    {
        var store = new PostgresQuarantineStore(_schema!.ConnectionString, clock ?? Clock);
        _stores.Add(store);
        return store;
    }

    [TearDown]
    public void DropSchema()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
        _stores.Clear();
        NpgsqlConnection.ClearAllPools();
        _schema?.Dispose();
        _schema = null;
    }

    private static readonly Actor Reviewer = new("reviewer2", "sent by mistake", "console@host2");

    [Test]
    public async Task A_message_held_by_one_instance_is_listed_and_released_by_another()
    {
        var relayA = Store;
        var relayB = Instance();

        Assert.That(await relayA.AddAsync(Item("0000000101BBBBBBBB"), Message, [OutboxKind.SenderHeld], Actor.System("policy"), CancellationToken.None), Is.True);

        var listed = await relayB.ListAsync(new QuarantineQuery(State: QuarantineState.Held), CancellationToken.None);
        Assert.That(listed.Select(i => i.Id), Is.EqualTo(new[] { "0000000101BBBBBBBB" }));
        Assert.That(await relayB.GetMessageAsync("0000000101BBBBBBBB", CancellationToken.None), Is.EqualTo(Message));
        Assert.That(await relayB.TransitionAsync("0000000101BBBBBBBB", QuarantineState.Released, Reviewer, CancellationToken.None), Is.EqualTo(TransitionOutcome.Applied));
        Assert.That(await relayA.TransitionAsync("0000000101BBBBBBBB", QuarantineState.Released, Reviewer, CancellationToken.None), Is.EqualTo(TransitionOutcome.AlreadyDone));

        Assert.That((await relayA.GetAsync("0000000101BBBBBBBB", CancellationToken.None))!.State, Is.EqualTo(QuarantineState.Released));
        var claimed = await relayA.ClaimOutboxAsync("relay-a", TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        Assert.That(claimed.Select(e => e.Kind), Is.EqualTo(new[] { OutboxKind.SenderHeld, OutboxKind.Release, OutboxKind.SenderReleased }));
        Assert.That((await relayA.AuditAsync("0000000101BBBBBBBB", CancellationToken.None)).Select(a => a.Actor), Is.EqualTo(new[] { "mailguard", "reviewer2" }));
    }

    [Test]
    public async Task Outbox_rows_claimed_by_two_instances_at_once_are_never_claimed_twice()
    {
        const int items = 30;
        for (var i = 0; i < items; i++)
        {
            await Store.AddAsync(Item($"{200 + i:0000000000}BBBBBBBB"), Message, [OutboxKind.SenderHeld, OutboxKind.ReviewersHeld], Actor.System("policy"), CancellationToken.None);
        }
        var relays = new[] { Store, Instance() };

        var claims = await Task.WhenAll(relays.Select((relay, n) => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (await relay.ClaimOutboxAsync($"relay-{n}", TimeSpan.FromMinutes(5), 3, CancellationToken.None) is { Count: > 0 } batch)
            {
                mine.AddRange(batch.Select(e => e.Id));
            }
            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.That(all, Has.Count.EqualTo(items * 2));
        Assert.That(all, Is.Unique);
    }

    [Test]
    public async Task A_message_of_several_megabytes_round_trips_byte_for_byte_in_chunks()
    {
        var large = RandomNumberGenerator.GetBytes(9 * 1024 * 1024 + 123);
        using (var stream = new MemoryStream(large, writable: false))
        {
            Assert.That(await Store.AddAsync(Item("0000000301BBBBBBBB"), stream, [], Actor.System("policy"), CancellationToken.None), Is.True);
        }

        await using var read = await Instance().OpenMessageAsync("0000000301BBBBBBBB", CancellationToken.None);
        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        // Hashes: NUnit compares 9 MB arrays element by element, in seconds.
        Assert.That(copy.Length, Is.EqualTo(large.Length));
        Assert.That(SHA256.HashData(copy.ToArray()), Is.EqualTo(SHA256.HashData(large)));
        Assert.That(_schema!.Scalar("SELECT count(*) FROM quarantine_messages WHERE item_id = '0000000301BBBBBBBB'"),
            Is.EqualTo((large.Length + PostgresQuarantineStore.ChunkSize - 1) / PostgresQuarantineStore.ChunkSize));
    }

    [Test]
    public async Task An_empty_message_is_stored_as_empty_not_missing()
    {
        Assert.That(await Store.AddAsync(Item("0000000401BBBBBBBB"), ReadOnlyMemory<byte>.Empty, [], Actor.System("policy"), CancellationToken.None), Is.True);

        Assert.That(await Store.GetMessageAsync("0000000401BBBBBBBB", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Instances_starting_at_once_create_the_schema_once_and_all_work()
    {
        var relays = Enumerable.Range(0, 4).Select(_ => Instance()).ToList();

        var added = await Task.WhenAll(relays.Select((relay, n) => Task.Run(() =>
            relay.AddAsync(Item($"{500 + n:0000000000}BBBBBBBB"), Message, [], Actor.System("policy"), CancellationToken.None))));

        Assert.That(added, Is.All.True);
        Assert.That(await Store.ListAsync(new QuarantineQuery(), CancellationToken.None), Has.Count.EqualTo(4));
    }

    [Test]
    public async Task The_audit_log_refuses_updates_and_deletes()
    {
        await Store.AddAsync(Item("0000000601BBBBBBBB"), Message, [], Actor.System("policy"), CancellationToken.None);

        Assert.That(() => _schema!.Scalar("UPDATE quarantine_audit SET actor = 'someone else'"),
            Throws.InstanceOf<PostgresException>().With.Message.Contains("append-only"));
        Assert.That(() => _schema!.Scalar("DELETE FROM quarantine_audit"),
            Throws.InstanceOf<PostgresException>().With.Message.Contains("append-only"));
    }

    [Test]
    public async Task Times_are_stored_as_timestamptz_from_the_injected_clock()
    {
        await Store.AddAsync(Item("0000000701BBBBBBBB"), Message, [], Actor.System("policy"), CancellationToken.None);

        Assert.That(_schema!.Scalar("SELECT created_at FROM quarantine_items"), Is.EqualTo(Clock.GetUtcNow().UtcDateTime));
        Assert.That(_schema.Scalar("SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'quarantine_audit' AND column_name = 'at'"),
            Is.EqualTo("timestamp with time zone"));
    }

    [Test]
    public async Task Pool_metrics_carry_a_fixed_name_not_the_connection_string()
    {
        await Store.AddAsync(Item("0000000801BBBBBBBB"), Message, [], Actor.System("policy"), CancellationToken.None);

        using var text = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text);
        var exposition = System.Text.Encoding.UTF8.GetString(text.ToArray());

        Assert.That(exposition, Does.Contain("mailguard-quarantine"));
        Assert.That(exposition, Does.Not.Contain(_schema!.Name).And.Not.Contain("Host="));
    }
}
