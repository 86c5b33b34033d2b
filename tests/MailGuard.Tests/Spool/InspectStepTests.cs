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

    private InspectStep Step(IMessageInspector inspector) => new(_spool.Store, inspector, NullLogger<InspectStep>.Instance);

    private sealed class ScriptedInspector(Func<Func<Stream>, Inspection> script) : IMessageInspector
    {
        public Task<Inspection> InspectAsync(Envelope envelope, Func<Stream> openMessage, CancellationToken cancellationToken) =>
            Task.FromResult(script(openMessage));
    }
}
