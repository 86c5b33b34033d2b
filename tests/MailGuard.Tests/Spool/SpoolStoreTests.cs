using System.Text;
using MailGuard.Core;
using MailGuard.Spool;

namespace MailGuard.Tests.Spool;

public sealed class SpoolStoreTests
{
    private SpoolFixture _spool = null!;

    [SetUp]
    public void SetUp() => _spool = new SpoolFixture();

    [TearDown]
    public void TearDown() => _spool.Dispose();

    [Test]
    public async Task An_accepted_message_is_in_incoming_with_its_envelope_and_the_trace_header_before_its_bytes()
    {
        var envelope = await _spool.AcceptAsync(null, "tanaka@example.org", "suzuki@example.net");

        var entry = _spool.Store.TryOpen(SpoolQueue.Incoming, envelope.Id);

        Assert.That(entry, Is.Not.Null);
        Assert.That(entry!.Envelope, Is.EqualTo(envelope).Using<Envelope>((a, b) =>
            a.Id == b.Id && a.MailFrom == b.MailFrom && a.Recipients.SequenceEqual(b.Recipients)
            && a.ReceivedAt == b.ReceivedAt && a.ClientAddress == b.ClientAddress && a.Helo == b.Helo));
        Assert.That(SpoolFixture.ReadAll(entry), Is.EqualTo(SpoolFixture.Trace.Concat(SpoolFixture.Message()).ToArray()));
        Assert.That(entry.MessageLength, Is.EqualTo(SpoolFixture.Trace.Length + SpoolFixture.Message().Length));
        Assert.That(Directory.GetFiles(Path.Combine(_spool.Directory, "tmp")), Is.Empty);
        Assert.That(File.Exists(Path.Combine(_spool.Directory, "incoming", envelope.Id.Value)), Is.True);
        Assert.That(_spool.Store.Incoming.TryRead(out var announced), Is.True);
        Assert.That(announced, Is.EqualTo(envelope.Id));
    }

    [Test]
    public async Task A_message_moves_between_queues_by_rename_and_is_announced_when_it_becomes_active()
    {
        var envelope = await _spool.AcceptAsync();
        _spool.Store.Incoming.TryRead(out _);

        Assert.That(await _spool.Store.MoveAsync(envelope.Id, SpoolQueue.Incoming, SpoolQueue.Active), Is.True);
        Assert.That(await _spool.Store.MoveAsync(envelope.Id, SpoolQueue.Incoming, SpoolQueue.Active), Is.False, "a second claim finds nothing");

        Assert.That(_spool.Store.TryOpen(SpoolQueue.Incoming, envelope.Id), Is.Null);
        Assert.That(_spool.Store.TryOpen(SpoolQueue.Active, envelope.Id), Is.Not.Null);
        Assert.That(_spool.Store.Active.TryRead(out var announced) ? announced : default, Is.EqualTo(envelope.Id));
        Assert.That(_spool.Store.Depths()[SpoolQueue.Active], Is.EqualTo(1));
        Assert.That(_spool.Store.Depths()[SpoolQueue.Incoming], Is.Zero);
    }

    [Test]
    public async Task Concurrent_writers_each_get_a_durable_readable_file()
    {
        var envelopes = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Task.Run(() => _spool.AcceptAsync(SpoolFixture.Message($"Message {i}")))));

        Assert.That(_spool.Store.List(SpoolQueue.Incoming), Is.EquivalentTo(envelopes.Select(e => e.Id)));
        foreach (var envelope in envelopes)
        {
            Assert.That(_spool.Store.TryOpen(SpoolQueue.Incoming, envelope.Id)!.MessageLength, Is.GreaterThan(SpoolFixture.Trace.Length));
        }
    }

    [TestCase(1, TestName = "Torn by one byte")]
    [TestCase(50, TestName = "Torn inside the trailer and message")]
    public async Task Recovery_moves_a_torn_file_to_corrupt_and_keeps_the_good_ones(int cut)
    {
        var good = await _spool.AcceptAsync();
        var torn = await _spool.AcceptAsync();
        var path = _spool.Store.PathOf(SpoolQueue.Incoming, torn.Id);
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length - cut);
        }

        var store = _spool.Reopen();
        var report = await store.RecoverAsync(CancellationToken.None);

        Assert.That(report, Is.EqualTo(new SpoolRecoveryReport(Incoming: 1, Active: 0, Deferred: 0, Corrupt: 1)));
        Assert.That(File.Exists(Path.Combine(_spool.Directory, "corrupt", torn.Id.Value)), Is.True, "set aside, never dropped");
        Assert.That(store.Incoming.TryRead(out var resumed) ? resumed : default, Is.EqualTo(good.Id));
        Assert.That(store.Incoming.TryRead(out _), Is.False);
    }

    [Test]
    public async Task Recovery_treats_a_flipped_byte_as_damage()
    {
        var envelope = await _spool.AcceptAsync();
        var path = _spool.Store.PathOf(SpoolQueue.Incoming, envelope.Id);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x20;
        await File.WriteAllBytesAsync(path, bytes);

        var report = await _spool.Reopen().RecoverAsync(CancellationToken.None);

        Assert.That(report.Corrupt, Is.EqualTo(1));
        Assert.That(() => _spool.Store.TryOpen(SpoolQueue.Corrupt, envelope.Id), Throws.TypeOf<InvalidDataException>());
    }

    [Test]
    public async Task Recovery_drops_unacknowledged_temp_files_orphan_state_and_an_incoming_copy_that_already_reached_delivery()
    {
        var envelope = await _spool.AcceptAsync();
        var incoming = _spool.Store.PathOf(SpoolQueue.Incoming, envelope.Id);
        File.Copy(incoming, _spool.Store.PathOf(SpoolQueue.Active, envelope.Id));
        await File.WriteAllTextAsync(Path.Combine(_spool.Directory, "tmp", envelope.Id + ".half"), "MGSPOOL1\n{");
        await _spool.Store.WriteStateAsync(SpoolId.New(), "{}"u8.ToArray(), CancellationToken.None);

        var store = _spool.Reopen();
        var report = await store.RecoverAsync(CancellationToken.None);

        Assert.That(report, Is.EqualTo(new SpoolRecoveryReport(Incoming: 0, Active: 1, Deferred: 0, Corrupt: 0)));
        Assert.That(File.Exists(incoming), Is.False);
        Assert.That(Directory.GetFiles(Path.Combine(_spool.Directory, "tmp")), Is.Empty);
        Assert.That(Directory.GetFiles(Path.Combine(_spool.Directory, "state")), Is.Empty);
        Assert.That(store.Active.TryRead(out var resumed) ? resumed : default, Is.EqualTo(envelope.Id));
    }

    [Test]
    public async Task Delivery_state_is_replaced_whole_and_goes_with_the_message()
    {
        var envelope = await _spool.AcceptAsync();
        await _spool.Store.WriteStateAsync(envelope.Id, "{\"a\":1}"u8.ToArray(), CancellationToken.None);
        await _spool.Store.WriteStateAsync(envelope.Id, "{\"a\":2}"u8.ToArray(), CancellationToken.None);

        Assert.That(_spool.Store.ReadState(envelope.Id), Is.EqualTo("{\"a\":2}"u8.ToArray()));

        _spool.Store.Delete(envelope.Id, SpoolQueue.Incoming);

        Assert.That(_spool.Store.ReadState(envelope.Id), Is.Null);
        Assert.That(_spool.Store.TryOpen(SpoolQueue.Incoming, envelope.Id), Is.Null);
    }

    [Test]
    public async Task Delivery_learns_8bit_and_the_final_line_ending_from_the_checking_read()
    {
        var ascii = await _spool.AcceptAsync(Encoding.ASCII.GetBytes("Subject: hi\r\n\r\nno final line ending"));
        var utf8 = await _spool.AcceptAsync();

        var plain = _spool.Store.TryOpen(SpoolQueue.Incoming, ascii.Id)!;
        var eightBit = _spool.Store.TryOpen(SpoolQueue.Incoming, utf8.Id)!;

        Assert.That((plain.HasEightBitBytes, plain.EndsWithCrLf), Is.EqualTo((false, false)));
        Assert.That((eightBit.HasEightBitBytes, eightBit.EndsWithCrLf), Is.EqualTo((true, true)));
    }
}
