using System.Text;
using MailGuard.Core;
using MailGuard.Spool;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailGuard.Tests.Spool;

public sealed class InspectStepTests
{
    private SpoolFixture _spool = null!;

    [SetUp]
    public void SetUp() => _spool = new SpoolFixture();

    [TearDown]
    public void TearDown() => _spool.Dispose();

    [Test]
    public async Task Pass_through_moves_the_message_unchanged_to_active()
    {
        var envelope = await _spool.AcceptAsync();

        await Step(new PassThroughInspector()).ProcessAsync(envelope.Id, CancellationToken.None);

        var entry = _spool.Store.TryOpen(SpoolQueue.Active, envelope.Id);
        Assert.That(entry, Is.Not.Null);
        Assert.That(SpoolFixture.ReadAll(entry!), Is.EqualTo(SpoolFixture.Trace.Concat(SpoolFixture.Message()).ToArray()));
        Assert.That(_spool.Store.TryOpen(SpoolQueue.Incoming, envelope.Id), Is.Null);
    }

    [Test]
    public async Task Added_headers_are_prepended_and_extra_recipients_join_the_envelope()
    {
        var envelope = await _spool.AcceptAsync(null, "tanaka@example.org");
        var inspector = new ScriptedInspector(_ => new Inspection(InspectionOutcome.Deliver,
            ["X-MailGuard-Verdict: tag", "X-MailGuard-Rule: third-party"], ["audit@example.com"]));

        await Step(inspector).ProcessAsync(envelope.Id, CancellationToken.None);

        var entry = _spool.Store.TryOpen(SpoolQueue.Active, envelope.Id)!;
        var expected = Encoding.ASCII.GetBytes("X-MailGuard-Verdict: tag\r\nX-MailGuard-Rule: third-party\r\n")
            .Concat(SpoolFixture.Trace).Concat(SpoolFixture.Message()).ToArray();
        Assert.That(SpoolFixture.ReadAll(entry), Is.EqualTo(expected));
        Assert.That(entry.Envelope.Recipients, Is.EqualTo(new[] { "tanaka@example.org", "audit@example.com" }));
        Assert.That(_spool.Store.TryOpen(SpoolQueue.Incoming, envelope.Id), Is.Null);
    }

    [Test]
    public async Task The_inspector_sees_the_spooled_bytes_and_a_consumed_message_leaves_the_spool()
    {
        var envelope = await _spool.AcceptAsync();
        byte[]? seen = null;
        var inspector = new ScriptedInspector(open =>
        {
            using var stream = open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            seen = copy.ToArray();
            return Inspection.Consumed;
        });

        await Step(inspector).ProcessAsync(envelope.Id, CancellationToken.None);

        Assert.That(seen, Is.EqualTo(SpoolFixture.Trace.Concat(SpoolFixture.Message()).ToArray()));
        Assert.That(_spool.Store.Depths().Values.Sum(), Is.Zero);
    }

    [Test]
    public async Task A_failing_inspector_sends_the_message_to_hold_never_to_delivery()
    {
        var envelope = await _spool.AcceptAsync();
        var inspector = new ScriptedInspector(_ => throw new InvalidOperationException("rules file missing"));

        await Step(inspector).ProcessAsync(envelope.Id, CancellationToken.None);

        Assert.That(_spool.Store.TryOpen(SpoolQueue.Hold, envelope.Id), Is.Not.Null);
        Assert.That(_spool.Store.Depths()[SpoolQueue.Active], Is.Zero);
        Assert.That(_spool.Store.Active.TryRead(out _), Is.False);
    }

    [Test]
    public async Task A_passing_message_is_renamed_to_active_with_its_headers_recorded_in_the_same_file()
    {
        var envelope = await _spool.AcceptAsync();
        // A hard link sees the very file: if inspection copied the message, the link would keep the old bytes.
        var link = Path.Combine(_spool.Directory, "link");
        HardLink(_spool.Store.PathOf(SpoolQueue.Incoming, envelope.Id), link);

        await Step(new ScriptedInspector(_ => Inspection.Deliver("X-MailGuard-Verdict: pass"))).ProcessAsync(envelope.Id, CancellationToken.None);

        var active = _spool.Store.PathOf(SpoolQueue.Active, envelope.Id);
        Assert.That(File.ReadAllBytes(link), Is.EqualTo(File.ReadAllBytes(active)));
        var entry = _spool.Store.TryOpen(SpoolQueue.Active, envelope.Id)!;
        Assert.That(SpoolFixture.ReadAll(entry), Is.EqualTo("X-MailGuard-Verdict: pass\r\n"u8.ToArray().Concat(SpoolFixture.Trace).Concat(SpoolFixture.Message()).ToArray()));
        Assert.That(entry.MessageLength, Is.EqualTo(SpoolFixture.ReadAll(entry).Length));
    }

    [TestCase(1, TestName = "Torn record: one byte of it written")]
    [TestCase(-40, TestName = "Torn record: cut inside its trailer")]
    public async Task A_record_torn_by_a_crash_in_incoming_is_cut_off_and_the_message_inspected_again(int cut)
    {
        // 1. A message is accepted and inspected as far as its record, which a crash tears before the move.
        var envelope = await _spool.AcceptAsync();
        var path = _spool.Store.PathOf(SpoolQueue.Incoming, envelope.Id);
        var clean = File.ReadAllBytes(path);
        await _spool.Store.AppendInspectionAsync(_spool.Store.TryOpen(SpoolQueue.Incoming, envelope.Id)!, ["X-MailGuard-Verdict: stale"], [], CancellationToken.None);
        var withRecord = File.ReadAllBytes(path);
        File.WriteAllBytes(path, withRecord[..(cut > 0 ? clean.Length + cut : withRecord.Length + cut)]);

        // 2. Recovery keeps it in incoming/ (the message itself is whole) and announces it.
        var report = await _spool.Reopen().RecoverAsync(CancellationToken.None);
        Assert.That((report.Incoming, report.Corrupt), Is.EqualTo((1, 0)));

        // 3. Inspection sees the message as received and records afresh.
        byte[]? seen = null;
        await Step(new ScriptedInspector(open =>
        {
            using var stream = open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            seen = copy.ToArray();
            return Inspection.Deliver("X-MailGuard-Verdict: pass");
        })).ProcessAsync(envelope.Id, CancellationToken.None);

        var original = SpoolFixture.Trace.Concat(SpoolFixture.Message()).ToArray();
        Assert.That(seen, Is.EqualTo(original));
        var entry = _spool.Store.TryOpen(SpoolQueue.Active, envelope.Id)!;
        Assert.That(SpoolFixture.ReadAll(entry), Is.EqualTo("X-MailGuard-Verdict: pass\r\n"u8.ToArray().Concat(original).ToArray()));
    }

    [Test]
    public async Task A_whole_record_left_in_incoming_by_a_crash_is_replaced_not_added_to()
    {
        var envelope = await _spool.AcceptAsync(null, "tanaka@example.org");
        await _spool.Store.AppendInspectionAsync(_spool.Store.TryOpen(SpoolQueue.Incoming, envelope.Id)!,
            ["X-MailGuard-Verdict: stale"], ["stale@example.com"], CancellationToken.None);
        Assert.That(SpoolFixture.ReadAll(_spool.Store.TryOpen(SpoolQueue.Incoming, envelope.Id)!),
            Is.EqualTo(SpoolFixture.Trace.Concat(SpoolFixture.Message()).ToArray()), "incoming/ reads as received");

        await Step(new ScriptedInspector(_ => Inspection.Deliver("X-MailGuard-Verdict: pass"))).ProcessAsync(envelope.Id, CancellationToken.None);

        var entry = _spool.Store.TryOpen(SpoolQueue.Active, envelope.Id)!;
        Assert.That(SpoolFixture.ReadAll(entry), Is.EqualTo("X-MailGuard-Verdict: pass\r\n"u8.ToArray().Concat(SpoolFixture.Trace).Concat(SpoolFixture.Message()).ToArray()));
        Assert.That(entry.Envelope.Recipients, Is.EqualTo(new[] { "tanaka@example.org" }));
    }

    [Test]
    public async Task A_torn_record_outside_incoming_is_damage_and_goes_to_corrupt()
    {
        var envelope = await _spool.AcceptAsync();
        await Step(new ScriptedInspector(_ => Inspection.Deliver("X-MailGuard-Verdict: pass"))).ProcessAsync(envelope.Id, CancellationToken.None);
        var path = _spool.Store.PathOf(SpoolQueue.Active, envelope.Id);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);

        var report = await _spool.Reopen().RecoverAsync(CancellationToken.None);

        Assert.That((report.Active, report.Corrupt), Is.EqualTo((0, 1)));
        Assert.That(Directory.GetFiles(Path.Combine(_spool.Store.Root, "corrupt")), Has.Length.EqualTo(1));
    }

    private static void HardLink(string target, string link)
    {
        using var ln = System.Diagnostics.Process.Start("ln", [target, link]);
        ln.WaitForExit();
        Assert.That(ln.ExitCode, Is.Zero, "ln");
    }

    [Test]
    public async Task Large_messages_that_together_exceed_the_budget_wait_while_small_ones_go_on()
    {
        // Two messages of more than half the budget each: the second must wait for the first.
        var big = Encoding.ASCII.GetBytes("Subject: big\r\n\r\n" + new string('x', (int)(InspectStep.LargeBudgetBytes / 2 + 1)) + "\r\n");
        var first = await _spool.AcceptAsync(big);
        var second = await _spool.AcceptAsync(big);
        var small = await _spool.AcceptAsync();
        var inspector = new GatedInspector();
        using var step = Step(inspector);

        var running = new[] { first, second, small }.Select(e => Task.Run(() => step.ProcessAsync(e.Id, CancellationToken.None))).ToList();
        await inspector.WaitForAsync(2);
        // The second big message would be inside by now if it were not waiting for the first; give it every chance.
        await Task.WhenAny(inspector.WaitForAsync(3), Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.That(inspector.Sizes, Has.Count.EqualTo(2));
        Assert.That(inspector.Sizes.Count(size => size > InspectStep.LargeMessageBytes), Is.EqualTo(1));

        inspector.Open();
        await Task.WhenAll(running);
        Assert.That(inspector.Sizes, Has.Count.EqualTo(3));
        Assert.That(step.LargeInProgress, Is.Zero);
        Assert.That(new[] { first, second, small }.Select(e => _spool.Store.TryOpen(SpoolQueue.Active, e.Id)), Has.All.Not.Null);
    }

    [Test]
    public async Task Large_messages_that_fit_the_budget_together_are_inspected_at_once()
    {
        var big = Encoding.ASCII.GetBytes("Subject: big\r\n\r\n" + new string('x', (int)(2 * InspectStep.LargeMessageBytes)) + "\r\n");
        var entries = new[] { await _spool.AcceptAsync(big), await _spool.AcceptAsync(big), await _spool.AcceptAsync(big) };
        var inspector = new GatedInspector();
        using var step = Step(inspector);

        var running = entries.Select(e => Task.Run(() => step.ProcessAsync(e.Id, CancellationToken.None))).ToList();
        // All three inside the inspector at once; were they queued one by one, this would time out.
        await inspector.WaitForAsync(3).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(step.LargeInProgress, Is.EqualTo(9));

        inspector.Open();
        await Task.WhenAll(running);
        Assert.That(step.LargeInProgress, Is.Zero);
        Assert.That(entries.Select(e => _spool.Store.TryOpen(SpoolQueue.Active, e.Id)), Has.All.Not.Null);
    }

    private InspectStep Step(IMessageInspector inspector) => new(_spool.Store, inspector, NullLogger<InspectStep>.Instance);

    private sealed class ScriptedInspector(Func<Func<Stream>, Inspection> script) : IMessageInspector
    {
        public Task<Inspection> InspectAsync(Envelope envelope, Func<Stream> openMessage, CancellationToken cancellationToken) =>
            Task.FromResult(script(openMessage));
    }

    /// <summary>Holds every inspection until <see cref="Open"/>, noting the size of each message that came in.</summary>
    private sealed class GatedInspector : IMessageInspector
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Collections.Concurrent.ConcurrentQueue<long> _sizes = new();
        public IReadOnlyCollection<long> Sizes => _sizes;

        public async Task<Inspection> InspectAsync(Envelope envelope, Func<Stream> openMessage, CancellationToken cancellationToken)
        {
            using (var stream = openMessage())
            {
                _sizes.Enqueue(stream.Length);
            }
            await _gate.Task;
            return Inspection.Deliver();
        }

        public async Task WaitForAsync(int count)
        {
            while (_sizes.Count < count)
            {
                await Task.Delay(10);
            }
        }

        public void Open() => _gate.TrySetResult();
    }
}
