using MailGuard.Scan.Extract;
using MimeKit;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using PdfDocumentFormatException = UglyToad.PdfPig.Core.PdfDocumentFormatException;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>
/// The text-only page factory PdfReader reads pages with must give, page for page, the text PdfPig's
/// <see cref="ContentOrderTextExtractor"/> gives for its full page: over every PDF of the corpus and the fixtures,
/// and over generated pages that exercise its spacing and line-break rules.
/// </summary>
public sealed class PdfPageTextTests
{
    private static readonly ParsingOptions Options = new() { UseLenientParsing = true, SkipMissingFonts = true };

    [Test]
    public void Every_pdf_of_the_corpus_and_fixtures_reads_as_the_content_order_extractor_reads_it()
    {
        var pdfs = CorpusPdfs().ToList();
        // dev_010, the attach_documents fixture, a public message's PDF and the TNEF test PDF.
        Assert.That(pdfs, Has.Count.GreaterThanOrEqualTo(4));
        var pages = 0;
        foreach (var (name, bytes) in pdfs)
        {
            pages += AssertSameText(name, bytes);
        }
        Assert.That(pages, Is.GreaterThanOrEqualTo(4));
    }

    [Test]
    public void Generated_pages_with_gaps_spaces_sizes_and_lines_read_as_the_content_order_extractor_reads_them()
    {
        var builder = new PdfDocumentBuilder();
        var fonts = new[]
        {
            builder.AddStandard14Font(Standard14Font.Helvetica), builder.AddStandard14Font(Standard14Font.TimesRoman),
            builder.AddStandard14Font(Standard14Font.Courier), builder.AddStandard14Font(Standard14Font.HelveticaBold),
        };
        var words = new[] { "Kim", "laura.kim@example.com", "555-0142", "Cafe", "Strasse", "naive", "  ", " ", "a", "Tel:", "(03) 0000-1234", "UNICODE" };
        var random = new Random(20261127);
        for (var p = 0; p < 12; p++)
        {
            var page = builder.AddPage(PageSize.A4);
            if (p == 3)
            {
                // A page without content.
                continue;
            }
            if (p % 4 == 1)
            {
                page.DrawRectangle(new PdfPoint(20, 20), 200, 100, 2, fill: p % 8 == 1);
                page.DrawLine(new PdfPoint(10, 10), new PdfPoint(300, 400));
            }
            var y = 800.0;
            while (y > 40)
            {
                var x = 20.0 + random.Next(30);
                var size = new[] { 6, 9, 10, 11, 12, 14, 18, 24 }[random.Next(8)];
                for (var w = random.Next(1, 7); w > 0 && x < 500; w--)
                {
                    var font = fonts[random.Next(fonts.Length)];
                    var word = words[random.Next(words.Length)];
                    // Gaps from overlapping to wide, and baselines that wobble below and above the line-break threshold.
                    var letters = page.AddText(word, size, new PdfPoint(x, y + random.Next(-3, 4) * size * 0.1), font);
                    x = (letters.Count > 0 ? letters[^1].EndBaseLine.X : x) + (random.NextDouble() * 1.2 - 0.2) * size;
                }
                y -= new[] { 2.0, 8, 12, 16, 30 }[random.Next(5)];
            }
        }
        Assert.That(AssertSameText("generated", builder.Build()), Is.EqualTo(12));
    }

    private static int AssertSameText(string name, byte[] bytes)
    {
        PdfDocument opened;
        try
        {
            opened = PdfDocument.Open(bytes, Options);
        }
        catch (PdfDocumentFormatException)
        {
            // A PDF PdfPig cannot open has no pages for either reader; PdfReader reports it as a damaged attachment.
            return 0;
        }
        using var expected = opened;
        using var actual = PdfDocument.Open(bytes, Options);
        actual.AddPageFactory<PdfReader.PageText, PdfReader.PageTextFactory>();
        Assert.That(actual.NumberOfPages, Is.EqualTo(expected.NumberOfPages), name);
        for (var number = 1; number <= expected.NumberOfPages; number++)
        {
            Assert.That(actual.GetPage<PdfReader.PageText>(number).Text, Is.EqualTo(ContentOrderTextExtractor.GetText(expected.GetPage(number))), $"{name} page {number}");
        }
        return expected.NumberOfPages;
    }

    /// <summary>Every PDF in the corpus, as a file or as a MIME part of a message, and in the test fixtures.</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> CorpusPdfs()
    {
        var files = Directory.EnumerateFiles(CorpusPaths.Root, "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(CorpusPaths.Fixtures, "*", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
            {
                var bytes = File.ReadAllBytes(file);
                if (IsPdf(bytes) && seen.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))))
                {
                    yield return (file, bytes);
                }
                continue;
            }
            if (!file.EndsWith(".eml", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            MimeMessage message;
            try
            {
                message = MimeMessage.Load(file);
            }
            catch (FormatException)
            {
                continue;
            }
            foreach (var part in message.BodyParts.OfType<MimePart>())
            {
                using var decoded = new MemoryStream();
                part.Content?.DecodeTo(decoded);
                var bytes = decoded.ToArray();
                if (IsPdf(bytes) && seen.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))))
                {
                    yield return ($"{file} {part.FileName}", bytes);
                }
            }
        }
    }

    private static bool IsPdf(byte[] bytes) => bytes.AsSpan(0, Math.Min(bytes.Length, 1024)).IndexOf("%PDF-"u8) >= 0;
}
