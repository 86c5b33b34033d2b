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

    [Test]
    public async Task A_large_message_reads_back_the_same_in_small_and_large_pieces_and_after_seeks()
    {
        // Over two pooled read buffers, with bytes that differ at every offset, and inspection headers in front.
        var body = new byte[150_000];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)('A' + (i * 7 + i / 251) % 26);
        }
        var message = Encoding.ASCII.GetBytes("Subject: big\r\n\r\n").Concat(body).ToArray();
        var envelope = await _spool.AcceptAsync(message);
        await _spool.Store.AppendInspectionAsync(_spool.Store.TryOpen(SpoolQueue.Incoming, envelope.Id)!, ["X-MailGuard-Verdict: deliver"], [], CancellationToken.None);
        await _spool.Store.MoveAsync(envelope.Id, SpoolQueue.Incoming, SpoolQueue.Active);
        var expected = Encoding.ASCII.GetBytes("X-MailGuard-Verdict: deliver\r\n").Concat(SpoolFixture.Trace).Concat(message).ToArray();
        var entry = _spool.Store.TryOpen(SpoolQueue.Active, envelope.Id)!;

        await using var stream = entry.OpenMessage();
        var read = new List<byte>();
        var sizes = new[] { 1, 4096, 7, 40_000, 70_000, 333 };
        var chunk = new byte[70_000];
        for (var i = 0; ; i++)
        {
            var n = i % 2 == 0
                ? stream.Read(chunk, 0, sizes[i % sizes.Length])
                : await stream.ReadAsync(chunk.AsMemory(0, sizes[i % sizes.Length]));
            if (n == 0)
            {
                break;
            }
            read.AddRange(chunk.AsSpan(0, n).ToArray());
        }
        Assert.That(read.ToArray(), Is.EqualTo(expected));

        foreach (var at in new[] { 5L, 100_000L, 30L, expected.Length - 10L, 65_000L })
        {
            stream.Position = at;
            var piece = new byte[20];
            var n = stream.Read(piece);
            Assert.That(piece.AsSpan(0, n).ToArray(), Is.EqualTo(expected.AsSpan((int)at, n).ToArray()), $"after a seek to {at}");
        }
    }

    [TestCase("Subject: hi\r\n\r\nno final line ending")]
    [TestCase("Subject: =?UTF-8?B?6KaL56mN?=\r\n\r\n見積書を送ります。\r\n")]
    public async Task What_the_writer_and_the_inspection_hand_on_matches_what_reading_the_file_finds(string text)
    {
        var envelope = SpoolFixture.Envelope("tanaka@example.org");
        await using (var incoming = await _spool.Store.BeginAsync(envelope, SpoolFixture.Trace, CancellationToken.None))
        {
            foreach (var piece in Encoding.UTF8.GetBytes(text).Chunk(5))
            {
                await incoming.WriteAsync(piece, CancellationToken.None);
            }
            await incoming.CommitAsync(CancellationToken.None);
        }
        var handedOn = _spool.Store.TryOpen(SpoolQueue.Incoming, envelope.Id)!;
        Assert.That(Facts(handedOn), Is.EqualTo(Facts(ReopenedEntry(SpoolQueue.Incoming, envelope.Id))));

        await _spool.Store.PassAsync(handedOn, ["X-MailGuard-Verdict: deliver"], ["audit@example.com"], CancellationToken.None);
        var active = _spool.Store.TryOpen(SpoolQueue.Active, envelope.Id)!;
        Assert.That(Facts(active), Is.EqualTo(Facts(ReopenedEntry(SpoolQueue.Active, envelope.Id))));
        Assert.That(active.Envelope.Recipients, Is.EqualTo(new[] { "tanaka@example.org", "audit@example.com" }));
    }

    /// <summary>The entry as a restarted relay finds it: read from the file and checked.</summary>
    private SpoolEntry ReopenedEntry(SpoolQueue queue, SpoolId id) => _spool.Reopen().TryOpen(queue, id)!;

    private static string Facts(SpoolEntry entry) =>
        $"{entry.Envelope.Id} {entry.Envelope.MailFrom} {string.Join(",", entry.Envelope.Recipients)} {entry.Envelope.ReceivedAt:O} "
        + $"{entry.MessageLength} {entry.HasEightBitBytes} {entry.EndsWithCrLf} {Convert.ToHexString(SpoolFixture.ReadAll(entry))}";
}
