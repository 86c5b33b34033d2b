using System.Text;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>Bombs, deep nesting, big attachments and expired clocks: each extracts or yields the named problem, bounded in memory.</summary>
public sealed class HostileInputTests
{
    private static ExtractionResult Extract(byte[] message, ExtractOptions? options = null, TimeProvider? time = null) =>
        new MessageExtractor(Microsoft.Extensions.Options.Options.Create(options ?? new ExtractOptions()), time ?? TimeProvider.System)
            .Extract(new MemoryStream(message), CancellationToken.None);

    private static long AllocatedWhile(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Test]
    public void Zip_bomb_with_honest_sizes_is_stopped_by_the_ratio_before_inflating()
    {
        var message = GeneratedMessages.WithAttachment("bomb.zip", GeneratedMessages.ZeroBomb(512L << 20));
        ExtractionResult? result = null;
        var allocated = AllocatedWhile(() => result = Extract(message));
        Assert.That(result!.Problems, Has.Some.Matches<ExtractionProblem>(p =>
            p.Location == "attachment:bomb.zip/zeros.txt" && p.Reason.StartsWith("compression ratio", StringComparison.Ordinal)));
        Assert.That(allocated, Is.LessThan(64L << 20), "memory must not grow with the bomb's 512 MB expansion");
    }

    [Test]
    public void Zip_bomb_that_lies_about_its_size_is_inflated_only_to_the_declared_size()
    {
        // System.IO.Compression stops an entry at its declared size, so the lie hides the expansion from the
        // reader as well: what counts is that nothing near 512 MB is ever produced.
        var text = "Victor Castellano "u8.ToArray().Concat(new byte[64 << 20]).ToArray();
        var zip = GeneratedMessages.LieAboutSizes(GeneratedMessages.Zip(("list.txt", text)), 1000);
        ExtractionResult? result = null;
        var allocated = AllocatedWhile(() => result = Extract(GeneratedMessages.WithAttachment("bomb.zip", zip)));
        Assert.That(allocated, Is.LessThan(32L << 20));
        Assert.That(result!.Segments.Where(s => s.Location.StartsWith("attachment:bomb.zip/", StringComparison.Ordinal) && s.Role != SegmentRole.FileName).Sum(s => s.Text.Original.Length),
            Is.LessThanOrEqualTo(1000));
    }

    [Test]
    public void Gzip_is_read_as_the_file_inside_it()
    {
        var result = Extract(GeneratedMessages.WithAttachment("list.csv.gz", GeneratedMessages.Gzip("name,phone\r\nKevin Ortiz,512-555-0176\r\n"u8.ToArray())));
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Segments.Single(s => s.Location == "attachment:list.csv.gz/list.csv").Text.Original, Is.EqualTo("name\tphone\nKevin Ortiz\t512-555-0176"));
    }

    [Test]
    public void Gzip_bomb_stops_at_the_ratio_while_inflating()
    {
        var bomb = GeneratedMessages.Gzip(new byte[64 << 20]);
        ExtractionResult? result = null;
        var allocated = AllocatedWhile(() => result = Extract(GeneratedMessages.WithAttachment("zeros.txt.gz", bomb)));
        Assert.That(result!.Problems, Is.EqualTo(new[]
        {
            new ExtractionProblem("attachment:zeros.txt.gz", "compression ratio exceeds the limit (100:1); inflating stopped"),
        }));
        Assert.That(allocated, Is.LessThan(16L << 20));
    }

    [Test]
    public void Total_expanded_bytes_limit_holds_across_parts()
    {
        var entries = Enumerable.Range(1, 8).Select(i => ($"part{i}.txt", Encoding.ASCII.GetBytes(new string('x', 300_000) + $" Emma Whitfield {i}"))).ToArray();
        var result = Extract(GeneratedMessages.WithAttachment("parts.zip", GeneratedMessages.Zip(entries)),
            new ExtractOptions { MaxExpandedBytes = 1_000_000, MaxCompressionRatio = 100_000 });
        Assert.That(result.Problems, Has.Some.Matches<ExtractionProblem>(p => p.Reason.StartsWith("expanded size limit (1000000", StringComparison.Ordinal)));
        Assert.That(result.Segments.Select(s => s.Text.Original), Has.Some.Contains("Emma Whitfield 1"));
    }

    [Test]
    public void Encrypted_zip_entries_are_a_problem()
    {
        var zip = GeneratedMessages.MarkEncrypted(GeneratedMessages.Zip(("list.csv", "a,b\r\n"u8.ToArray())));
        var result = Extract(GeneratedMessages.WithAttachment("secret.zip", zip, "application/zip"));
        Assert.That(result.Problems, Is.EqualTo(new[] { new ExtractionProblem("attachment:secret.zip", "encrypted archive (1 of 1 entries are password protected)") }));
    }

    [Test]
    public void Archives_nest_to_the_depth_limit_and_no_further()
    {
        var archive = GeneratedMessages.Zip(("deepest.txt", "Grace Lindqvist"u8.ToArray()));
        for (var level = 4; level >= 1; level--)
        {
            archive = GeneratedMessages.Zip(($"level{level}.zip", archive));
        }
        var result = Extract(GeneratedMessages.WithAttachment("outer.zip", archive));
        Assert.That(result.Problems, Is.EqualTo(new[]
        {
            new ExtractionProblem("attachment:outer.zip/level1.zip/level2.zip/level3.zip", "archive depth limit (3) reached; the nested archive was not opened"),
        }));
    }

    [Test]
    public void Entry_count_limit_reads_the_first_entries_and_reports_the_rest()
    {
        var entries = Enumerable.Range(1, 30).Select(i => ($"n{i:00}.txt", Encoding.ASCII.GetBytes($"entry {i}"))).ToArray();
        var result = Extract(GeneratedMessages.WithAttachment("many.zip", GeneratedMessages.Zip(entries)), new ExtractOptions { MaxArchiveEntries = 10 });
        Assert.That(result.Problems.Single().Reason, Does.StartWith("archive has 30 entries, more than the limit (10)"));
        Assert.That(result.Segments.Count(s => s.Role == SegmentRole.Document), Is.EqualTo(10));
    }

    [Test]
    public void Fifty_nested_messages_extract_to_the_mime_depth_limit_and_report_it()
    {
        var result = Extract(GeneratedMessages.NestedMessages(50));
        Assert.That(result.Problems, Has.Count.EqualTo(1));
        Assert.That(result.Problems[0].Reason, Is.EqualTo("MIME depth limit (32) reached; deeper parts were not read"));
        Assert.That(result.Segments.Select(s => s.Text.Original), Does.Contain("Level 49").And.Contain("Level 40"));
        Assert.That(result.Segments.Select(s => s.Location), Has.Some.StartsWith("attachment:l49.eml/attachment:l48.eml/attachment:l47.eml/body"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Thirty_megabyte_attachment_streams_from_the_file_without_being_held_in_memory(bool zipped)
    {
        var blob = new byte[30 << 20];
        new Random(3).NextBytes(blob);
        // Zipped, the attachment is decoded and inflated through temporary files; bare, only its head is looked at.
        var message = zipped
            ? GeneratedMessages.WithAttachment("scans.zip", GeneratedMessages.Zip(("scan.bin", blob)))
            : GeneratedMessages.WithAttachment("scan.bin", blob);
        var path = GeneratedMessages.WriteTemp(message);
        blob = [];
        message = [];
        try
        {
            ExtractionResult? result = null;
            var allocated = AllocatedWhile(() => result = new MessageExtractor().Extract(path, CancellationToken.None));
            Assert.That(result!.Problems, Is.Empty);
            Assert.That(result.Segments.Select(s => s.Text.Original), Does.Contain("See attached, Aya").And.Contain("scan.bin"));
            Assert.That(result.Segments.Select(s => s.Location), Does.Contain(zipped ? "attachment:scans.zip/scan.bin" : "attachment:scan.bin"));
            Assert.That(allocated, Is.LessThan(24L << 20), "the attachment is streamed through temporary files, not held in memory");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Repeated_structure_headers_of_a_part_are_each_named_once()
    {
        var message = Encoding.ASCII.GetBytes("From: a@example.com\r\nTo: b@example.net\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"one\"\r\n\r\n"
            + "--one\r\nContent-Type: text/plain\r\nContent-Type: text/html\r\nContent-Type: text/plain\r\n"
            + "Content-Transfer-Encoding: 7bit\r\nContent-Transfer-Encoding: base64\r\n\r\nHello\r\n"
            + "--one--\r\n");

        var result = Extract(message);

        Assert.That(result.Problems, Is.EqualTo(new[]
        {
            new ExtractionProblem("message", "3 Content-Type headers; mail clients may see a different structure than the one read"),
            new ExtractionProblem("message", "several Content-Transfer-Encoding headers; clients may decode the part differently"),
        }));
    }

    [TestCase("boundary=\"one\"; boundary=\"two\"")]
    [TestCase("boundary=one;\r\n boundary=two")]
    [TestCase("BOUNDARY=\"one\"; charset=us-ascii; Boundary=\"two\"")]
    [TestCase("boundary=\"one\"; boundary*0=\"tw\"; boundary*1=\"o\"")]
    public void Two_boundaries_on_one_multipart_are_a_problem_whichever_one_the_parser_kept(string parameters)
    {
        // A client that splits on the other boundary shows another message than the one scanned.
        var message = Encoding.ASCII.GetBytes("From: a@example.com\r\nTo: b@example.net\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
            + $"Content-Type: multipart/mixed; {parameters}\r\n\r\n"
            + "--one\r\nContent-Type: text/plain\r\n\r\nHello\r\n--one--\r\n"
            + "--two\r\nContent-Type: text/plain\r\n\r\nMarcus Bell, +1 212 555 0153\r\n--two--\r\n");

        var result = Extract(message);

        Assert.That(result.Problems, Does.Contain(new ExtractionProblem("message", "several boundary parameters; clients may split the multipart differently")));
    }

    [Test]
    public void One_boundary_split_into_rfc2231_sections_is_one_boundary()
    {
        var message = Encoding.ASCII.GetBytes("From: a@example.com\r\nTo: b@example.net\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary*0=\"o\"; boundary*1=\"ne\"\r\n\r\n"
            + "--one\r\nContent-Type: text/plain\r\n\r\nHello\r\n--one--\r\n");

        Assert.That(Extract(message).Problems, Is.Empty);
    }

    [Test]
    public void Expired_part_clock_turns_every_part_into_a_time_limit_problem()
    {
        var message = File.ReadAllBytes(Path.Combine(CorpusPaths.Fixtures, "attach_documents.eml"));
        var result = Extract(message, time: new ExpiredClock());
        Assert.That(result.Problems, Has.Count.EqualTo(1));
        Assert.That(result.Problems[0], Is.EqualTo(new ExtractionProblem("message", "time limit (10 s per part) exceeded reading the message")));
    }

    [Test]
    public void Corrupt_and_encrypted_office_files_are_named_problems()
    {
        var corrupt = Extract(GeneratedMessages.WithAttachment("report.docx", GeneratedMessages.Zip(("word/document.xml", "<w:document"u8.ToArray()))));
        Assert.That(corrupt.Problems.Single().Location, Is.EqualTo("attachment:report.docx"));
        Assert.That(corrupt.Problems.Single().Reason, Is.EqualTo("corrupt .docx (no document part)"));
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];
        var encrypted = Extract(GeneratedMessages.WithAttachment("salaries.xlsx", ole));
        Assert.That(encrypted.Problems.Single(), Is.EqualTo(new ExtractionProblem("attachment:salaries.xlsx", "encrypted Office document (password protected)")));
        var notPdf = Extract(GeneratedMessages.WithAttachment("scan.pdf", [1, 2, 3, 4], "application/pdf"));
        Assert.That(notPdf.Problems.Single().Reason, Is.EqualTo("corrupt PDF (no PDF header)"));
        // Inside an archive the head is not looked at first: the PDF reader is told the header is missing.
        var zippedNotPdf = Extract(GeneratedMessages.WithAttachment("scans.zip", GeneratedMessages.Zip(("scan.pdf", [1, 2, 3, 4]))));
        Assert.That(zippedNotPdf.Problems, Is.EqualTo(new[] { new ExtractionProblem("attachment:scans.zip/scan.pdf", "corrupt PDF (no PDF header)") }));
    }

    [TestCase("backup.7z", new byte[] { 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4 }, "7z")]
    [TestCase("backup.rar", new byte[] { 0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 1, 0 }, "rar")]
    public void Archives_that_cannot_be_opened_are_problems_not_binaries(string name, byte[] head, string format)
    {
        var reason = $"unsupported archive format ({format}); its content was not read";
        var result = Extract(GeneratedMessages.WithAttachment(name, [.. head, .. new byte[2048]]));
        Assert.That(result.Problems, Is.EqualTo(new[] { new ExtractionProblem("attachment:" + name, reason) }));
        var zipped = Extract(GeneratedMessages.WithAttachment("outer.zip", GeneratedMessages.Zip((name, [.. head, .. new byte[2048]]))));
        Assert.That(zipped.Problems, Is.EqualTo(new[] { new ExtractionProblem($"attachment:outer.zip/{name}", reason) }));
    }

    [Test]
    public void Unseekable_stream_is_spooled_and_extracted()
    {
        var message = File.ReadAllBytes(Path.Combine(CorpusPaths.Fixtures, "fwd_gmail_nested.eml"));
        using var pipe = new ForwardOnlyStream(message);
        var result = new MessageExtractor().Extract(pipe, CancellationToken.None);
        Assert.That(result.Segments.Select(s => s.Location), Does.Contain("body/forwarded[1]/forwarded[1]"));
    }

    [Test]
    public void Caller_cancellation_is_not_swallowed()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.That(() => new MessageExtractor().Extract(Path.Combine(CorpusPaths.Fixtures, "fwd_apple.eml"), cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Large_text_attachment_is_read_up_to_the_character_cap_and_the_rest_is_named_unread()
    {
        var rows = new StringBuilder("name,phone\n");
        for (var i = 0; rows.Length < 2_000_000; i++)
        {
            rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"Contact {i},555-01{i % 100:00}\n");
        }
        var options = new ExtractOptions { MaxTextCharsPerPart = 10_000 };
        var result = Extract(GeneratedMessages.WithAttachment("big.csv", Encoding.ASCII.GetBytes(rows.ToString()), "text/csv"), options);
        var table = result.Segments.Single(s => s.Location == "attachment:big.csv" && s.Role == SegmentRole.Table).Text.Original;
        Assert.That(table, Does.StartWith("name\tphone\nContact 0\t555-0100\n"));
        Assert.That(table, Has.Length.InRange(9_000, 10_000));
        Assert.That(result.Problems, Has.Some.EqualTo(
            new ExtractionProblem("attachment:big.csv", "text longer than 10000 characters; the rest was not read")));
    }

    /// <summary>A clock whose timers fire the moment they are set: every part is out of time before it starts.</summary>
    private sealed class ExpiredClock : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            callback(state);
            return new SpentTimer();
        }

        private sealed class SpentTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
