using System.IO.Compression;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>
/// Small parts are inflated whole before they are read, large ones are read as a stream: either way a part gives the
/// same text, and a part's size never decides what is found.
/// </summary>
public sealed class OfficePartSizeTests
{
    // Larger than the size up to which a part is read whole, and varied enough to stay under the compression-ratio limit.
    private static readonly string Padding = "<!--" + string.Concat(Enumerable.Range(0, 14_000).Select(i => (i * 7919 % 100_003).ToString("D6", System.Globalization.CultureInfo.InvariantCulture))) + "-->";

    private static string[] Texts(string name, byte[] document) =>
        [.. new MessageExtractor().Extract(new MemoryStream(GeneratedMessages.WithAttachment(name, document)), CancellationToken.None)
            .Segments.Where(s => s.Role != SegmentRole.FileName).Select(s => $"{s.Location} [{s.Text.Original}]")];

    private static long PartLength(byte[] document, string partUri)
    {
        using var zip = new ZipArchive(new MemoryStream(document), ZipArchiveMode.Read);
        return zip.GetEntry(partUri.TrimStart('/'))!.Length;
    }

    [Test]
    public void Shared_strings_read_as_a_stream_give_the_text_they_give_read_whole()
    {
        var small = OfficeStructureDocuments.Xlsx();
        var shared = OfficeDefectDocuments.SharedStrings(small);
        var large = OfficeDefectDocuments.WithPartXml(small, shared, xml => xml.Replace("</x:sst>", Padding + "</x:sst>", StringComparison.Ordinal).Replace("</sst>", Padding + "</sst>", StringComparison.Ordinal));

        Assert.That(PartLength(large, shared), Is.GreaterThan(64 * 1024), "the padding went in");
        Assert.That(Texts("book.xlsx", large), Is.EqualTo(Texts("book.xlsx", small)).And.Not.Empty);
    }

    [Test]
    public void Header_read_as_a_stream_gives_the_text_it_gives_read_whole()
    {
        var small = OfficeStructureDocuments.Docx();
        var header = OfficeDefectDocuments.Header(small, 0);
        var large = OfficeDefectDocuments.WithPartXml(small, header, xml => xml.Replace("</w:hdr>", Padding + "</w:hdr>", StringComparison.Ordinal));

        Assert.That(PartLength(large, header), Is.GreaterThan(64 * 1024), "the padding went in");
        Assert.That(Texts("memo.docx", large), Is.EqualTo(Texts("memo.docx", small)).And.Not.Empty);
    }
}
