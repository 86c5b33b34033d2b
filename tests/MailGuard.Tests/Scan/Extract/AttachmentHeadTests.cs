using System.Text;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>
/// An attachment is looked at by its first 8 KB before it is decoded; one that fits in that head is read from it.
/// Either way the whole attachment is read, and its bytes count against the message's expansion budget.
/// </summary>
public sealed class AttachmentHeadTests
{
    private static ExtractionResult Extract(byte[] message, ExtractOptions? options = null) =>
        new MessageExtractor(options).Extract(new MemoryStream(message), CancellationToken.None);

    private static byte[] Csv(int length)
    {
        var text = new StringBuilder("name,phone\n");
        for (var row = 0; text.Length < length; row++)
        {
            text.Append("Kevin Ortiz ").Append(row % 10).Append(",512-555-0176\n");
        }
        // The last row ends in a name only the whole part holds.
        var tail = "Aya Nakamura,03-0000-1234\n";
        text.Length = length - tail.Length;
        return Encoding.ASCII.GetBytes(text.Append(tail).ToString());
    }

    [TestCase(100)]
    [TestCase(8191)]
    [TestCase(8192)]
    [TestCase(8193)]
    [TestCase(50_000)]
    public void A_csv_of_any_size_around_the_head_is_read_to_its_last_row(int length)
    {
        var csv = Csv(length);
        var result = Extract(GeneratedMessages.WithAttachment("list.csv", csv, "text/csv"));
        var table = result.Segments.Single(s => s.Location == "attachment:list.csv" && s.Role == SegmentRole.Table).Text.Original;
        Assert.That(table, Does.EndWith("Aya Nakamura\t03-0000-1234"));
        Assert.That(table.Split('\n'), Has.Length.EqualTo(Encoding.ASCII.GetString(csv).TrimEnd('\n').Split('\n').Length));
        Assert.That(result.Problems, Is.Empty);
    }

    [TestCase(3_000)]
    [TestCase(20_000)]
    public void A_small_or_large_attachment_counts_against_the_expansion_budget(int length)
    {
        var result = Extract(GeneratedMessages.WithAttachment("list.csv", Csv(length), "text/csv"), new ExtractOptions { MaxExpandedBytes = 2_000 });
        Assert.That(result.Problems.Select(p => (p.Location, p.Reason)),
            Does.Contain(("attachment:list.csv", "expanded size limit (2000 bytes per message) reached")));
        Assert.That(result.Segments.Where(s => s.Location == "attachment:list.csv" && s.Role == SegmentRole.Table), Is.Empty);
    }

    // The first kilobyte decides a part labelled PDF: its header must start there, as PDF readers look for it.
    [TestCase(0, true)]
    [TestCase(1_000, true)]
    [TestCase(1_020, false)]
    [TestCase(5_000, false)]
    public void A_part_labelled_pdf_is_a_pdf_only_with_its_header_in_the_first_kilobyte(int junk, bool readAsPdf)
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("Aya Nakamura 03-0000-1234", 12, new UglyToad.PdfPig.Core.PdfPoint(40, 700), font);
        byte[] pdf = [.. Enumerable.Repeat((byte)'x', junk), .. builder.Build()];
        foreach (var mediaType in new[] { "application/pdf", "application/octet-stream" })
        {
            var result = Extract(GeneratedMessages.WithAttachment("scan.pdf", pdf, mediaType));
            Assert.That(result.Problems.Any(p => p.Reason == "corrupt PDF (no PDF header)"), Is.EqualTo(!readAsPdf), mediaType);
            Assert.That(result.Segments.Any(s => s.Location.StartsWith("attachment:scan.pdf/page[", StringComparison.Ordinal)), Is.EqualTo(readAsPdf), mediaType);
        }
    }

    [Test]
    public void A_large_part_labelled_pdf_without_a_header_is_a_corrupt_pdf()
    {
        var bytes = new byte[60_000];
        new Random(7).NextBytes(bytes);
        bytes[0] = (byte)'x';
        var result = Extract(GeneratedMessages.WithAttachment("scan-000016.pdf", bytes, "application/pdf"));
        Assert.That(result.Problems, Is.EqualTo(new[] { new ExtractionProblem("attachment:scan-000016.pdf", "corrupt PDF (no PDF header)") }));
    }
}
