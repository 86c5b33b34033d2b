using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>The page cache PdfPig reads through: the same bytes as the file, and the part's time limit on every read.</summary>
public sealed class PagedReadStreamTests
{
    // A stream that hides its buffer is read through pages; a spill stream's buffer (here offset in a larger
    // array) is read where it lies. Both must give the same bytes.
    [TestCase(false)]
    [TestCase(true)]
    public void Random_seeks_and_reads_see_exactly_the_underlying_bytes(bool visibleBuffer)
    {
        var random = new Random(20261126);
        var bytes = new byte[300_000];
        random.NextBytes(bytes);
        var padded = new byte[bytes.Length + 20];
        bytes.CopyTo(padded, 7);
        using var inner = visibleBuffer ? new MemoryStream(padded, 7, bytes.Length, writable: false, publiclyVisible: true) : new MemoryStream(bytes);
        using var paged = new PagedReadStream(inner, CancellationToken.None);
        Assert.That(paged.Length, Is.EqualTo(bytes.Length));
        for (var i = 0; i < 2_000; i++)
        {
            var at = random.Next(bytes.Length + 100);
            var count = random.Next(i % 10 == 0 ? 70_000 : 40);
            paged.Seek(at - bytes.Length, SeekOrigin.End);
            Assert.That(paged.Position, Is.EqualTo(at));
            var read = new byte[count];
            var got = paged.ReadAtLeast(read, count, throwOnEndOfStream: false);
            var expected = bytes.AsSpan(Math.Min(at, bytes.Length)).ToArray().Take(count).ToArray();
            Assert.That(read.Take(got), Is.EqualTo(expected), $"read {count} at {at}");
            Assert.That(paged.Position, Is.EqualTo(at + got));
        }
        paged.Position = 5;
        Assert.That(paged.ReadByte(), Is.EqualTo(bytes[5]));
        paged.Position = bytes.Length;
        Assert.That(paged.ReadByte(), Is.EqualTo(-1));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Byte_at_a_time_reads_across_pages_and_seeks_see_the_underlying_bytes(bool visibleBuffer)
    {
        var bytes = new byte[70_000];
        new Random(42).NextBytes(bytes);
        using var inner = visibleBuffer ? new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true) : new MemoryStream(bytes);
        using var paged = new PagedReadStream(inner, CancellationToken.None);
        var read = new List<byte>();
        int b;
        while ((b = paged.ReadByte()) >= 0)
        {
            read.Add((byte)b);
        }
        Assert.That(read, Is.EqualTo(bytes));
        foreach (var at in new[] { 16_383, 16_384, 5, 69_999, 32_768, 0 })
        {
            paged.Position = at;
            Assert.That(paged.ReadByte(), Is.EqualTo(bytes[at]), $"byte at {at}");
            Assert.That(paged.Position, Is.EqualTo(at + 1));
        }
    }

    [Test]
    public void A_spent_part_clock_stops_the_reader_at_its_next_read()
    {
        using var spent = new CancellationTokenSource();
        using var paged = new PagedReadStream(new MemoryStream(new byte[100]), spent.Token);
        Assert.That(paged.ReadByte(), Is.Zero);
        spent.Cancel();
        Assert.That(() => paged.ReadByte(), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void A_damaged_pdf_is_a_named_problem_of_its_attachment()
    {
        var random = new Random(7);
        var body = new byte[1_000_000];
        random.NextBytes(body);
        var message = GeneratedMessages.WithAttachment("scan-1.pdf", [.. "%PDF-1.7\n"u8, .. body], "application/pdf");
        var result = new MessageExtractor().Extract(new MemoryStream(message), CancellationToken.None);
        Assert.That(result.Problems.Select(p => p.Location), Is.EqualTo(new[] { "attachment:scan-1.pdf" }));
        Assert.That(result.Problems.Single().Reason, Does.Contain("could not be read").Or.Contain("time limit"));
    }
}
