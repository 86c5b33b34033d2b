using System.Text;
using MailGuard.Core;
using MailGuard.Quarantine;
using MailGuard.Review;
using MailGuard.Review.Web;
using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace MailGuard.Tests.Review;

/// <summary>Opening and revealing a large held message streams it from the store and reads a bounded part of it.</summary>
[NonParallelizable]
public sealed class LargeHeldMessageTests
{
    private const string Id = "0000000701BBBBBBBB";
    private const int Limit = 2_000;
    private const int BodyLines = 150_000; // 79 characters each: a 12 MB text body, 24 MB as a string
    private static readonly IOptions<OrganizationOptions> Organization = Options.Create(new OrganizationOptions { InternalDomains = ["example.com"] });

    private string _folder = null!;
    private SqliteQuarantineStore _sqlite = null!;

    [SetUp]
    public async Task HoldALargeMessageAsync()
    {
        EncodingSupport.EnsureRegistered();
        _folder = Directory.CreateTempSubdirectory("mailguard-large-held-").FullName;
        _sqlite = SqliteQuarantineStore.AtPath(Path.Combine(_folder, "quarantine.db"), new FakeTimeProvider(SampleMail.Now));
        var body = new StringBuilder("Call the venue on 03-0000-1234 about the guest list.\n");
        var line = new string('x', 78) + "\n";
        for (var i = 0; i < BodyLines; i++)
        {
            body.Append(line);
        }
        var message = new MimeMessage(
            [MailboxAddress.Parse("ichiro.sato@example.com")], [MailboxAddress.Parse("buyer@partner.example")], "Guest list",
            new Multipart("mixed")
            {
                new TextPart("plain") { Text = body.ToString() },
                new MimePart("application", "octet-stream") { FileName = "list.bin", Content = new MimeContent(new MemoryStream(new byte[3_000_000])) },
            });
        var file = Path.Combine(_folder, "message.eml");
        await message.WriteToAsync(file);
        var envelope = new Envelope(new SpoolId(Id), "ichiro.sato@example.com", ["buyer@partner.example"], "127.0.0.1", null, SampleMail.Now);
        // The findings the relay would store: the real extractor and detector over the same bytes.
        var extraction = new MessageExtractor().Extract(file, CancellationToken.None);
        var findings = new PersonalDataDetector(Options.Create(new DetectOptions()), Organization)
            .Detect(extraction, new MessageParties(envelope.MailFrom, envelope.Recipients, [.. extraction.Headers.All]));
        Assume.That(findings.Select(f => f.Text), Does.Contain("03-0000-1234"), "the detector finds the phone number");
        var item = QuarantineNames.NewItem(envelope, "Guest list", new FileInfo(file).Length, new Verdict(VerdictAction.Quarantine, "list", findings),
            QuarantineState.Held, SampleMail.Now);
        await using var bytes = File.OpenRead(file);
        await _sqlite.AddAsync(item, bytes, [], Actor.System("policy"), CancellationToken.None);
    }

    [TearDown]
    public void Remove()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static IReviewStore View(IQuarantineStore store) => new QuarantineReviewStore(store, Organization);

    private static async Task<(MessageContent? Content, long Allocated)> LoadAsync(IReviewStore view)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var content = await MessageContent.LoadAsync(view, Id, Limit, CancellationToken.None);
        return (content, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    [Test]
    public async Task The_page_reads_a_bounded_preview_in_place_from_the_blob()
    {
        var (content, allocated) = await LoadAsync(View(_sqlite));

        Assert.That(content!.Text, Has.Length.EqualTo(Limit).And.StartsWith("Call the venue"));
        Assert.That(content.CutAt, Is.EqualTo(Limit));
        Assert.That(content.Attachments, Is.EqualTo(new[] { ("list.bin", "application/octet-stream", 3_000_000L) }));
        // The message is 15 MB, its body alone 24 MB as a string: loading it costs a small fraction of that.
        Assert.That(allocated, Is.LessThan(4_000_000), "bytes allocated while loading the page's content");
    }

    [Test]
    public async Task A_store_that_cannot_seek_goes_through_a_temporary_file_not_memory()
    {
        // The system's temporary folder is shared with every other test run on the machine, each of which may have a
        // copy of its own open at this moment: this one's copy is looked for where only this test puts it.
        var temporary = Directory.CreateDirectory(Path.Combine(_folder, "tmp")).FullName;
        using var watcher = new FileSystemWatcher(temporary, "mailguard-review-*.tmp") { EnableRaisingEvents = true };
        var copied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Created += (_, _) => copied.TrySetResult();
        var shared = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", temporary);
        MessageContent? content;
        long allocated;
        try
        {
            (content, allocated) = await LoadAsync(View(new ForwardOnlyStore(_sqlite)));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", shared);
        }

        Assert.That(content!.Text, Has.Length.EqualTo(Limit));
        Assert.That(content.Attachments.Single().Bytes, Is.EqualTo(3_000_000L));
        Assert.That(allocated, Is.LessThan(4_000_000), "bytes allocated while loading the page's content");
        Assert.That(async () => await copied.Task.WaitAsync(TimeSpan.FromSeconds(30)), Throws.Nothing, "the message was copied to a temporary file");
        Assert.That(Directory.GetFiles(temporary), Is.Empty, "the temporary copy is gone");
    }

    [Test]
    public async Task A_short_message_is_shown_whole_without_a_cut_note()
    {
        var content = await MessageContent.LoadAsync(View(_sqlite), Id, BodyLines * 80, CancellationToken.None);

        Assert.That(content!.CutAt, Is.Null);
        Assert.That(content.Text, Does.StartWith("Call the venue").And.EndWith(new string('x', 78) + "\n").And.Length.GreaterThan(BodyLines * 79));
    }

    [Test]
    public async Task Reveal_streams_the_message_from_a_store_that_cannot_seek()
    {
        var view = View(new ForwardOnlyStore(_sqlite));
        var message = await view.FindAsync(Id, CancellationToken.None);
        var index = message!.Findings.ToList().FindIndex(f => f.Kind == FindingKind.Phone);

        var text = await view.RevealAsync(Id, index, new ReviewActor("sato.reviewer", "127.0.0.1"), "checking", CancellationToken.None);

        Assert.That(text, Is.EqualTo("03-0000-1234"));
    }

    /// <summary>The SQLite store as PostgreSQL's looks to the console: a forward-only message stream and no whole copies.</summary>
    private sealed class ForwardOnlyStore(IQuarantineStore inner) : IQuarantineStore
    {
        public Task<bool> AddAsync(QuarantineItem item, ReadOnlyMemory<byte> message, IReadOnlyList<OutboxKind> outbox, Actor actor, CancellationToken cancellationToken) =>
            inner.AddAsync(item, message, outbox, actor, cancellationToken);

        public Task<bool> AddAsync(QuarantineItem item, Stream message, IReadOnlyList<OutboxKind> outbox, Actor actor, CancellationToken cancellationToken) =>
            inner.AddAsync(item, message, outbox, actor, cancellationToken);

        public Task<QuarantineItem?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<byte[]?> GetMessageAsync(string id, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the console must not load a whole message");

        public async Task<Stream?> OpenMessageAsync(string id, CancellationToken cancellationToken) =>
            await inner.OpenMessageAsync(id, cancellationToken) is { } stream ? new BufferedStream(new ForwardOnly(stream)) : null;

        public Task<IReadOnlyList<QuarantineItem>> ListAsync(QuarantineQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

        public Task<IReadOnlyDictionary<QuarantineState, int>> CountByStateAsync(QuarantineQuery query, CancellationToken cancellationToken) =>
            inner.CountByStateAsync(query, cancellationToken);

        public Task CheckAsync(CancellationToken cancellationToken) => inner.CheckAsync(cancellationToken);

        public Task<QuarantineStats> StatsAsync(DateTimeOffset since, int top, CancellationToken cancellationToken) => inner.StatsAsync(since, top, cancellationToken);

        public Task<TransitionOutcome> TransitionAsync(string id, QuarantineState to, Actor actor, CancellationToken cancellationToken) =>
            inner.TransitionAsync(id, to, actor, cancellationToken);

        public Task<IReadOnlyList<string>> ListHeldBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => inner.ListHeldBeforeAsync(cutoff, cancellationToken);

        public Task RecordAsync(string id, string action, Actor actor, CancellationToken cancellationToken) => inner.RecordAsync(id, action, actor, cancellationToken);

        public Task<IReadOnlyList<AuditEntry>> AuditAsync(string? id, CancellationToken cancellationToken) => inner.AuditAsync(id, cancellationToken);
        public Task<AuditSlice> QueryAuditAsync(AuditFilter filter, CancellationToken cancellationToken) => inner.QueryAuditAsync(filter, cancellationToken);

        public Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(string owner, TimeSpan lease, int max, CancellationToken cancellationToken) =>
            inner.ClaimOutboxAsync(owner, lease, max, cancellationToken);

        public Task CompleteOutboxAsync(long outboxId, CancellationToken cancellationToken) => inner.CompleteOutboxAsync(outboxId, cancellationToken);

        public Task CompleteOutboxAsync(IReadOnlyList<long> outboxIds, CancellationToken cancellationToken) =>
            inner.CompleteOutboxAsync(outboxIds, cancellationToken);
    }

    private sealed class ForwardOnly(Stream inner) : ReadOnlyStream
    {
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
